"""The geodata layer's part of ``peta-sosialisasi``.

- :mod:`geodata.cli.common` — the one convention every command follows (one Indonesian
  line on error, exit codes, no traceback); here, in the lowest layer, so that ``geodata``,
  ``etl`` and ``dashboard`` commands can all use it without an upward import;
- :mod:`geodata.cli.geodata` — ``geodata fetch|build``.

They are composed into the one command by :mod:`dashboard.cli`.
"""
