"""``make bench``: wall time and peak RSS per case, each case in its own child process.

Run from the repository root: ``python -m tests.bench.run_bench [--only NAME]``.
Sections are functions in :data:`SECTIONS` (name -> function printing its figures):
``etl``, ``rencana`` (planner), ``dashboard`` (also ``--only dasbor``; it includes the
10-session load that was once the ``beban`` section) and ``penyimpanan`` (the national
case in the folder store and in PostGIS, :mod:`tests.bench.store_bench`).

Targets (issue 3, 2-core machine): ETL national <= 30 s and <= 3 GB peak; ETL / floor
ratio <= 2x for the TTS sample and <= 3x for the national case. This is a benchmark,
not a test: nothing here fails on time, it prints figures. Dashboard targets: see
:data:`TARGETS`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from tests.bench.store_bench import section_store

nan = float("nan")

REPO = Path(__file__).resolve().parents[2]
WORK_DEFAULT = Path(tempfile.gettempdir()) / "peta-sosialisasi-bench"


@dataclass(frozen=True)
class Measurement:
    """One child process: wall seconds, peak RSS (MB: the larger of the process's own
    peak and the peak of the sum over it and its own children, e.g. the GeoPackage
    writer, sampled every 20 ms), its JSON line, exit status."""

    wall_s: float
    peak_mb: float
    figures: dict[str, Any]
    status: int


def measure_child(args: Sequence[str], *, env: dict[str, str] | None = None) -> Measurement:
    """Run ``python ARGS`` as a child; wall time and peak RSS of its process tree."""
    peak = [0]
    done = threading.Event()
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], cwd=REPO, stdout=out, env=env)
        sampler = threading.Thread(target=_sample_tree_rss, args=(proc.pid, peak, done))
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    figures: dict[str, Any] = {}
    if lines:
        try:
            figures = json.loads(lines[-1])
        except json.JSONDecodeError:
            figures = {"keluaran": lines[-1]}
    peak_mb = max(usage.ru_maxrss / 1024.0, peak[0] / 1024.0)
    return Measurement(wall, peak_mb, figures, proc.returncode)


def _sample_tree_rss(pid: int, peak: list[int], done: threading.Event) -> None:
    """Peak (KB) of the summed RSS of ``pid`` and its descendants, until ``done``.

    Sampling must not slow what it measures: on a 2-core machine a sampler that scans
    every process 50 times a second takes CPU from a pipeline that keeps both cores busy.
    So descendants come from the kernel's per-task ``children`` lists and RSS from
    ``statm``, read directly; psutil only where those files are missing."""
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    own = os.getpid()
    direct = os.path.exists(f"/proc/{own}/task/{own}/children")
    while not done.wait(0.02):
        if direct:
            total = sum(_rss_pages(p) for p in _tree(pid)) * page_kb
        else:
            total = _tree_rss_psutil(pid)
        peak[0] = max(peak[0], total)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from ``/proc/PID/task/TID/children``."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except FileNotFoundError:  # ended meanwhile
            continue
        for task in tasks:
            path = f"/proc/{current}/task/{task}/children"
            with (
                contextlib.suppress(FileNotFoundError, ProcessLookupError),
                open(path, encoding="ascii") as fh,
            ):
                todo.extend(int(child) for child in fh.read().split())
    return found


def _rss_pages(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1])
    except (FileNotFoundError, ProcessLookupError):  # ended meanwhile
        return 0


def _tree_rss_psutil(pid: int) -> int:
    total = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(pid)
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss // 1024
    return total


def section_etl(args: argparse.Namespace) -> None:
    """(a) the TTS sample and (b) national scale, each against its floor script.

    Every case runs ``--ulang`` times, floor and ETL interleaved so both see the same
    machine; figures are medians (min..max shown): one run of a 5-second script on a
    shared 2-core machine varies by a third."""
    from tests.bench import etl_scale

    work: Path = args.work
    params = {"copies": args.copies, "peserta": args.peserta, "laporan": args.laporan}
    _prepare_etl(work, params)
    print(f"ETL — data di {work} (salinan NTT: {args.copies}, peserta: {args.peserta:,}, "
          f"laporan: {args.laporan:,}; {args.ulang} kali per kasus)")  # fmt: skip
    results: dict[str, list[Measurement]] = {case: [] for case in etl_scale.CASES}
    for _round in range(args.ulang):
        for case in etl_scale.CASES:
            results[case].append(measure_child(["-m", "tests.bench.etl_scale", case, str(work)]))
    for case, runs in results.items():
        failed = [m.status for m in runs if m.status != 0]
        state = f"  GAGAL (kode {failed[0]})" if failed else ""
        walls = sorted(m.wall_s for m in runs)
        print(f"  {case:<15} {_median(walls):7.1f} s ({walls[0]:.1f}..{walls[-1]:.1f})  "
              f"{max(m.peak_mb for m in runs):7.0f} MB  {_short(runs[-1].figures)}{state}")  # fmt: skip
    for label, etl, base, limit in (
        ("(a) contoh TTS", "etl_sample", "floor_sample", 2.0),
        ("(b) nasional", "etl_nasional", "floor_nasional", 3.0),
    ):
        e_wall = _median([m.wall_s for m in results[etl]])
        f_wall = _median([m.wall_s for m in results[base]])
        e_mem = max(m.peak_mb for m in results[etl])
        f_mem = max(m.peak_mb for m in results[base])
        ratios = sorted(
            e.wall_s / f.wall_s for e, f in zip(results[etl], results[base], strict=True)
        )
        print(f"  {label}: {e_wall:.1f} s, {e_mem:.0f} MB puncak; rasio ke lantai "
              f"{e_wall / f_wall:.2f}x waktu (median/median; per putaran "
              f"{ratios[0]:.2f}..{ratios[-1]:.2f}x; target <= {limit:.0f}x), "
              f"{e_mem / f_mem:.2f}x memori")  # fmt: skip
    nat = results["etl_nasional"]
    ok = max(m.wall_s for m in nat) <= 30 and max(m.peak_mb for m in nat) <= 3072
    print(
        f"  target nasional <= 30 s dan <= 3 GB (terburuk dari {len(nat)}): "
        f"{'tercapai' if ok else 'BELUM'}"
    )


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def section_planner(args: argparse.Namespace) -> None:
    """Planner on the full TTS sample with K=10 (target <= 1 s)."""
    from tests.bench.planner_bench import plan_figures

    figures = plan_figures(_sample_data(args))
    print(f"  make_plan K=10: pertama {figures['rencana_pertama_s']:.3f} s, "
          f"hangat {figures['rencana_hangat_s']:.3f} s (target <= 1 s); "
          f"{figures['sesi']:.0f} sesi, {figures['trip']:.0f} trip")  # fmt: skip


TARGETS = {"rerun_alone_ms": 150, "rerun_load_ms": 400, "ws_kb": 100, "map_s": 1.5}
"""Dashboard targets (issue 12, item 10; 2-core machine)."""


def section_dashboard(args: argparse.Namespace) -> None:
    """Real server + headless Chromium: the map page (first visit, warm reload), a filter
    change alone (server time per rerun, websocket bytes, time to 278 polygons), then
    ``--sesi`` sessions changing filters at once."""
    from tests.bench import dashboard_bench as d

    log = args.work / "timing.log"
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"  mesin: {os.cpu_count()} inti, beban rata-rata 1 menit {load:.1f} (angka di "
          "bawah naik bila mesin sedang dipakai proses lain)")  # fmt: skip
    with d.server(_sample_data(args), log) as (url, proc):
        page = d.map_page_figures(url)
        alone = d.filter_change_figures(url, proc, log, sessions=1, changes=args.ganti)
        crowd = d.filter_change_figures(
            url, proc, log, sessions=args.sesi, changes=args.ganti_per_sesi
        )
    t = TARGETS
    print(f"  peta 278 poligon: kunjungan pertama {page['peta_pertama_s']:.2f} s, muat ulang "
          f"hangat {page['peta_hangat_s']:.2f} s {_vs(page['peta_hangat_s'], t['map_s'], 's')}")  # fmt: skip
    print(
        f"  byte diterima: pertama {page['http_pertama_kb'] + page['websocket_pertama_kb']:.0f} KB "
        f"(bundel Streamlit {page['http_pertama_kb']:.0f} KB + websocket "
        f"{page['websocket_pertama_kb']:.0f} KB); hangat "
        f"{page['http_hangat_kb'] + page['websocket_hangat_kb']:.0f} KB"
    )
    print(f"  ganti saringan (Kelompok peran), 1 sesi, {alone['perubahan']} kali "
          f"(gagal {alone['perubahan_gagal']}):")  # fmt: skip
    print(f"    waktu server per rerun: median {alone.get('rerun_median_ms', nan):.0f} ms "
          f"(p95 {alone.get('rerun_p95_ms', nan):.0f} ms, n={alone.get('rerun_n', 0):.0f}) "
          f"{_vs(alone.get('rerun_median_ms', nan), t['rerun_alone_ms'], 'ms')}")  # fmt: skip
    _print_cpu(alone)
    print(f"    byte websocket server->peramban per ganti: median {alone['ws_median_kb']:.0f} KB "
          f"({alone['ws_min_kb']:.0f}..{alone['ws_maks_kb']:.0f} KB) "
          f"{_vs(alone['ws_median_kb'], t['ws_kb'], 'KB')}")  # fmt: skip
    print(f"    peta hangat sampai 278 poligon: median {alone['peta_median_s']:.2f} s "
          f"(maks {alone['peta_maks_s']:.2f} s) {_vs(alone['peta_median_s'], t['map_s'], 's')}")  # fmt: skip
    print(f"  {args.sesi} sesi serentak x {args.ganti_per_sesi} ganti saringan "
          f"({crowd['total_s']:.0f} s, gagal {crowd['perubahan_gagal']}):")  # fmt: skip
    print(f"    waktu server per rerun: median {crowd.get('rerun_median_ms', nan):.0f} ms "
          f"(p95 {crowd.get('rerun_p95_ms', nan):.0f} ms, n={crowd.get('rerun_n', 0):.0f}) "
          f"{_vs(crowd.get('rerun_median_ms', nan), t['rerun_load_ms'], 'ms')}")  # fmt: skip
    _print_cpu(crowd)
    print(f"    peta sampai 278 poligon: median {crowd['peta_median_s']:.2f} s "
          f"(maks {crowd['peta_maks_s']:.2f} s); byte websocket per ganti: median "
          f"{crowd['ws_median_kb']:.0f} KB")  # fmt: skip
    print(f"    RSS server puncak {crowd['rss_puncak_mb']:.0f} MB; server masih menjawab: "
          f"{'ya' if crowd['server_menjawab'] else 'TIDAK'}")  # fmt: skip
    for error in alone["galat"] + crowd["galat"]:
        print(f"    ! {error}")


def _print_cpu(figures: dict[str, Any]) -> None:
    """The CPU behind the wall times above (see ``dashboard_bench``'s docstring): the
    script thread per rerun, the whole server per change, and how many reruns queued."""
    print(f"    CPU server: per rerun (thread skrip) median {figures.get('cpu_median_ms', nan):.0f}"
          f" ms (p95 {figures.get('cpu_p95_ms', nan):.0f} ms); per ganti (seluruh proses) "
          f"{figures['cpu_server_per_ganti_ms']:.0f} ms")  # fmt: skip
    print(f"    rerun tumpang tindih dengan rerun lain: "
          f"{figures.get('rerun_tumpang_tindih', nan):.0f} dari {figures.get('rerun_n', 0):.0f}"
          f" (paling banyak {figures.get('rerun_serentak_maks', nan):.0f} sekaligus); "
          "peramban berjalan dengan nice 19")  # fmt: skip


def _vs(value: float, target: float, unit: str) -> str:
    """``[target <= X unit: tercapai|BELUM]`` beside a figure."""
    state = "tercapai" if value <= target else "BELUM"  # NaN (no figure) reads BELUM
    return f"[target <= {target:g} {unit}: {state}]"


def _sample_data(args: argparse.Namespace) -> Path:
    """The sample ETL output (``make sample`` builds it into data/contoh)."""
    folder = REPO / "data" / "contoh"
    from etl.io.versions import current_dir

    if current_dir(folder) is None:
        raise SystemExit("data/contoh belum ada: jalankan `make sample` dulu.")
    return folder


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "etl": section_etl,
    "rencana": section_planner,
    "dashboard": section_dashboard,
    "penyimpanan": section_store,
}
ALIASES = {"dasbor": "dashboard", "beban": "dashboard", "store": "penyimpanan"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run every section (or ``--only NAME``) and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run_bench")
    parser.add_argument(
        "--only", choices=sorted([*SECTIONS, *ALIASES]), help="jalankan satu bagian saja"
    )
    parser.add_argument("--work", type=Path, default=WORK_DEFAULT, help="folder data bench")
    parser.add_argument("--copies", type=int, default=24, help="salinan poligon desa NTT")
    parser.add_argument("--peserta", type=int, default=1_000_000)
    parser.add_argument("--laporan", type=int, default=100_000)
    parser.add_argument("--ulang", type=int, default=3, help="ulangan per kasus ETL (median)")
    parser.add_argument("--ganti", type=int, default=8, help="ganti saringan, 1 sesi")
    parser.add_argument("--sesi", type=int, default=10, help="sesi serentak")
    parser.add_argument("--ganti-per-sesi", type=int, default=4, help="ganti saringan per sesi")
    args = parser.parse_args(argv)
    only = ALIASES.get(args.only, args.only)
    for name, run in SECTIONS.items():
        if only in (None, name):
            print(f"== {name} ==", flush=True)
            run(args)
    return 0


def _prepare_etl(work: Path, params: dict[str, int]) -> None:
    """Generate the inputs once per parameter set (kept in ``work`` between runs)."""
    from tests.bench import etl_scale

    stamp = work / "params.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("params") == params:
        return
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    sample = etl_scale.write_sample_inputs(work)
    ref = etl_scale.national_reference(etl_scale.load_ntt_base(work), params["copies"])
    national = etl_scale.write_national_inputs(
        work, ref, n_peserta=params["peserta"], n_laporan=params["laporan"]
    )
    info = {
        "params": params,
        "copies": params["copies"],
        "desa": len(ref.official),
        "sample": [str(p) for p in sample],
        "nasional": [str(p) for p in national],
    }
    stamp.write_text(json.dumps(info, indent=2))
    print(f"  data bench dibuat dalam {time.perf_counter() - start:.0f} s "
          f"({len(ref.official):,} poligon desa)")  # fmt: skip


def _short(figures: dict[str, Any]) -> str:
    keep = {k: v for k, v in figures.items() if k != "jumlah"}
    return json.dumps(keep, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
