"""Memory settings of an ETL process: Arrow's pool and glibc's malloc.

Both answer one cost of the machines the product runs on (2-core VMs): taking a page from
the kernel is expensive, and a run that builds and drops million-row columns step after
step takes fresh pages again and again when freed memory goes straight back.

- **Arrow** (pandas' ``str`` columns, the CSV reader, the GeoPackage writer's batches):
  pyarrow's default pool (mimalloc) hands freed memory back within milliseconds. On the
  national bench (three interleaved runs each) the run spent 6.6-8.2 s in the kernel
  with mimalloc and 1.6-1.8 s with pyarrow's jemalloc pool (user time 10.0-10.8 s
  either way; peak RSS 1.60-1.63 GB vs 1.57-1.59 GB). :func:`use_jemalloc`, in every
  run. Where pyarrow was built without jemalloc (its Windows wheels) the default stays.
- **glibc's malloc** (numpy, pandas, GEOS, GDAL): blocks above a threshold (128 KB,
  raised by glibc as it sees larger frees, to at most 32 MB) are mapped and unmapped one
  by one, and free memory at the top of the heap above twice that threshold is returned.
  The run's temporary arrays are 8 MB (a million numbers) to a few hundred MB (text
  columns, WKB), so many of them still arrive as fresh pages. :func:`keep_freed_memory`
  raises both limits to :data:`KEEP_BYTES` through ``mallopt`` (glibc's documented API;
  the ``MALLOC_*_THRESHOLD_`` variables would do the same but only for a process started
  with them). National bench, 3 interleaved runs each: wall 14.8-15.4 s -> 11.9-13.6 s,
  kernel time 3.2-4.1 s -> 2.0-2.1 s, page faults 0.70 M -> 0.62 M, peak RSS 1.87-1.88 ->
  1.90 GB. Only for a process that runs one ETL and exits (the ``etl`` command): a
  long-lived process such as the dashboard would hold its peak heap for good.
"""

from __future__ import annotations

import ctypes
import platform
from typing import Final

import pyarrow as pa

KEEP_BYTES: Final = 256 * 2**20
"""Blocks below this come from the heap, and this much free heap is kept for reuse."""
_M_TRIM_THRESHOLD: Final = -1  # glibc <malloc.h>
_M_MMAP_THRESHOLD: Final = -3


def use_jemalloc() -> str:
    """Make pyarrow's jemalloc pool the default for this process (once is enough; later
    calls change nothing); the name of the pool in use."""
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pragma: no cover - pyarrow built without jemalloc
        return pa.default_memory_pool().backend_name
    pa.set_memory_pool(pool)
    return pool.backend_name


def keep_freed_memory(limit: int = KEEP_BYTES) -> bool:
    """Make glibc's malloc serve blocks below ``limit`` bytes from its heap and keep up
    to ``limit`` bytes of freed heap for reuse, for the rest of this process; ``False``
    (nothing changed) on a system without glibc (macOS, Windows, musl)."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    libc = ctypes.CDLL("libc.so.6")
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, limit)) and bool(
        libc.mallopt(_M_TRIM_THRESHOLD, limit)
    )
