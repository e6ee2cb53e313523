"""A second process for the PostGIS concurrency and kill tests: publishes the sample
layers tagged ``TAG`` with ``ROWS`` attendance rows into ``$PETA_DB_URL``.

    python -m tests.etl.store.load_child TAG ROWS
"""

from __future__ import annotations

import os
import sys

from etl.store import DB_ENV, open_store
from tests.etl.store.layers import sample_layers, sample_manifest


def main(tag: str, rows: int) -> int:
    """Build the layers, say so on stdout, publish them."""
    layers = sample_layers(tag, peserta_rows=rows)
    print("siap", flush=True)
    open_store(os.environ[DB_ENV]).publish(layers, sample_manifest(tag))
    print("selesai", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
