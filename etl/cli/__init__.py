"""The ETL layer's subcommands of ``peta-sosialisasi`` (argument parsing and messages only;
the work is in :mod:`etl.pipeline`, :mod:`etl.sample` and :mod:`etl.planning`).

- :mod:`etl.cli.etl` — ``etl``;
- :mod:`etl.cli.sample` — ``sample`` and ``template``;
- :mod:`etl.cli.rencana` — ``rencana`` (also ``python -m etl.cli.rencana rencana ...``).

They are composed into the one command by :mod:`dashboard.cli`; messages and exit codes
follow :mod:`geodata.cli.common`.
"""
