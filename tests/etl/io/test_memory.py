from __future__ import annotations

import pyarrow as pa

from etl.io.memory import use_jemalloc


def test_use_jemalloc_makes_it_arrows_default_pool() -> None:
    before = pa.default_memory_pool()
    try:
        name = use_jemalloc()
        assert name in ("jemalloc", before.backend_name)  # the default stays without jemalloc
        assert pa.default_memory_pool().backend_name == name
        assert pa.array(["Oinlasi", None]).to_pylist() == ["Oinlasi", None]  # allocates there
        assert use_jemalloc() == name  # a second call changes nothing
    finally:
        pa.set_memory_pool(before)
