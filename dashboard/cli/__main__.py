"""``python -m dashboard.cli``: the same as the ``peta-sosialisasi`` console script."""

from dashboard.cli import main

raise SystemExit(main())
