from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from etl.io.memory import use_jemalloc

REPO = Path(__file__).resolve().parents[3]


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


_FREE_AND_MEASURE = """
import sys, numpy as np
from etl.io.memory import keep_freed_memory
applied = keep_freed_memory() if sys.argv[1] == "keep" else None
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096
before = rss()
block = np.ones(8_000_000)  # 64 MB, touched
del block
print(applied, (rss() - before) // 2**20)
"""


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_keep_freed_memory_keeps_a_freed_block_for_reuse() -> None:
    def run(mode: str) -> tuple[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", _FREE_AND_MEASURE, mode],
            capture_output=True, text=True, check=True, cwd=REPO,
        ).stdout.split()  # fmt: skip
        return out[0], int(out[1])

    assert run("plain") == ("None", pytest.approx(0, abs=8))  # mapped, then given back
    applied, kept_mb = run("keep")
    assert applied == "True" and kept_mb >= 60  # still this process's, for the next block
