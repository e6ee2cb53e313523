"""The timing log the bench reads (`dashboard/components/timing.py`): one line per script
run with wall, page, thread CPU and start; optional profile; nothing when not asked for."""

from __future__ import annotations

import pstats
from pathlib import Path

import pytest

from dashboard.components import timing
from tests.bench.dashboard_bench import _overlaps, _runs


def test_nothing_is_written_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PETA_TIMING_LOG", raising=False)
    monkeypatch.setenv("PETA_PROFILE", str(tmp_path / "prof"))
    run = timing.start()
    assert run.profiler is None
    timing.finish(run, "peta")
    assert list(tmp_path.iterdir()) == []


def test_a_run_is_logged_and_profiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log, prof = tmp_path / "timing.log", tmp_path / "prof"
    monkeypatch.setenv("PETA_TIMING_LOG", str(log))
    monkeypatch.setenv("PETA_PROFILE", str(prof))
    for page in ("peta", "rapat/layar"):
        run = timing.start()
        sum(i * i for i in range(10_000))  # some work of this thread
        timing.finish(run, page)
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert [parts[1] for parts in lines] == ["peta", "rapat/layar"]
    (first, second) = _runs(log)
    assert first.cpu is not None and first.cpu > 0 and first.wall > 0
    assert first.start is not None and second.start is not None and second.start >= first.start
    files = sorted(p.name.split("-")[0] for p in prof.iterdir())
    assert files == ["peta", "rapat_layar"]
    stats = pstats.Stats(*(str(p) for p in prof.iterdir()))
    assert any("genexpr" in name for _, _, name in stats.stats)  # type: ignore[attr-defined]


def test_bench_counts_overlapping_reruns(tmp_path: Path) -> None:
    """Runs [0, 1], [0.5, 2], [1.5, 3] and [5, 6] (seconds): three overlap a neighbour,
    at most two run at once; an old line without CPU and start is read, not counted."""
    log = tmp_path / "timing.log"
    log.write_text(
        "1.0 peta 0.1 100.0\n1.5 peta 0.1 100.5\n1.5 peta 0.1 101.5\n1.0 peta 0.1 105.0\n"
        "0.2 peta\n",
        encoding="utf-8",
    )
    runs = _runs(log)
    assert len(runs) == 5 and runs[-1].cpu is None
    assert _overlaps(runs) == {"rerun_tumpang_tindih": 3.0, "rerun_serentak_maks": 2.0}
