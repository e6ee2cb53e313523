"""The memory pool of Arrow (pandas' ``str`` columns, the CSV reader, the GeoPackage
writer's batches) for an ETL run.

pyarrow's default pool (mimalloc) hands freed memory back to the system within
milliseconds, so a run that builds and drops million-row columns step after step takes
fresh pages from the kernel again and again. On the national bench (2-core VM, three
interleaved runs each) the run spent 6.6-8.2 s in the kernel with mimalloc and
1.6-1.8 s with pyarrow's jemalloc pool (user time 10.0-10.8 s either way; peak RSS
1.60-1.63 GB vs 1.57-1.59 GB). Where pyarrow was built without jemalloc (its Windows
wheels) the default pool stays.
"""

from __future__ import annotations

import pyarrow as pa


def use_jemalloc() -> str:
    """Make pyarrow's jemalloc pool the default for this process (once is enough; later
    calls change nothing); the name of the pool in use."""
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pragma: no cover - pyarrow built without jemalloc
        return pa.default_memory_pool().backend_name
    pa.set_memory_pool(pool)
    return pool.backend_name
