"""``make bench`` section ``penyimpanan``: the national case in both stores.

The national ETL output (``etl_nasional`` of :mod:`tests.bench.etl_scale`, run once when
missing) is published into a new folder store and into a throwaway PostGIS cluster
(:mod:`tests.etl.store.cluster`); printed: the load time of each (PostGIS twice: the
first load creates the tables, the second replaces a load as every later ETL run does),
reading back what the dashboard reads, and per filter change (the "Kelompok peran"
multiselect: add, add, remove, remove, as the dashboard section) the dashboard's
in-memory recount (:func:`etl.nodes.metrics.compute_desa_metrics`, folder store) beside
the same question as one SQL query on the database, plus a map-zoom bounding-box query
on the GIST index. Figures depend on the machine's load; the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROLE_STEPS = ((), ("kades_lurah",), ("kades_lurah", "rt_rw"), ("rt_rw",), ())
DASHBOARD_LAYERS = ("desa", "kecamatan", "kegiatan", "peserta", "laporan", "tinjauan",
                    "desa_tampilan")  # fmt: skip
_SQL_DESA = """
SELECT d.kode, count(DISTINCT p.id_kegiatan) AS kegiatan, coalesce(sum(p.jumlah), 0) AS peserta,
       max(p.tanggal) AS terakhir
FROM peta.desa d
LEFT JOIN peta.peserta p ON p.desa_kode = d.kode AND p.tanggal BETWEEN %s AND %s
     AND (%s::text[] IS NULL OR p.kelompok_peran = ANY(%s::text[]))
GROUP BY d.kode
"""
_SQL_ZOOM = """
SELECT count(*) FROM peta.desa_tampilan
WHERE geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)
"""


def section_store(args: argparse.Namespace) -> None:
    """Print the national case's figures for the folder store and PostGIS."""
    from etl.store.folder import FolderStore
    from etl.store.postgis import PostgisStore
    from tests.etl.store.cluster import throwaway_cluster

    out = _national_output(args)
    print(f"  beban mesin (1 menit): {os.getloadavg()[0]:.2f}")
    source = FolderStore(out)
    layers, read_s = _timed(lambda: source.read_outputs().layers)
    manifest = source.read_outputs(()).manifest.to_json()
    rows = sum(len(f) for f in layers.values())
    print(f"  keluaran nasional: {len(layers)} layer, {rows:,} baris "
          f"(peserta {len(layers['peserta']):,}, desa {len(layers['desa']):,})")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="peta-bench-folder-") as tmp:
        folder = FolderStore(Path(tmp))
        _, folder_s = _timed(lambda: folder.publish(layers, manifest))
        _, folder_read_s = _timed(lambda: folder.read_outputs(DASHBOARD_LAYERS))
    print(f"  folder (GeoPackage): muat {folder_s:.1f} s, baca untuk dasbor {folder_read_s:.1f} s "
          f"(baca keluaran sumber {read_s:.1f} s)", flush=True)  # fmt: skip
    with throwaway_cluster() as url:
        db = PostgisStore(url)
        _, first_s = _timed(lambda: db.publish(layers, manifest))
        _, again_s = _timed(lambda: db.publish(layers, manifest))
        stored, db_read_s = _timed(lambda: db.read_outputs(DASHBOARD_LAYERS))
        print(f"  PostGIS: muat {first_s:.1f} s pertama, {again_s:.1f} s mengganti muatan; "
              f"baca untuk dasbor {db_read_s:.1f} s", flush=True)  # fmt: skip
        sql_ms, zoom_ms = _sql_per_change(db, stored)
    memory_ms = _memory_per_change(stored)
    print(f"  per ganti saringan (median dari {len(ROLE_STEPS) - 1}): hitung ulang di memori "
          f"(folder, seperti dasbor) {memory_ms:.0f} ms; kueri SQL PostGIS {sql_ms:.0f} ms; "
          f"zoom kotak (GIST) {zoom_ms:.1f} ms")  # fmt: skip


def _national_output(args: argparse.Namespace) -> Path:
    from etl.io.versions import current_dir
    from tests.bench.run_bench import _prepare_etl, measure_child

    work: Path = args.work
    _prepare_etl(work, {"copies": args.copies, "peserta": args.peserta, "laporan": args.laporan})
    out = work / "out_etl_nasional"
    if current_dir(out) is None:
        run = measure_child(["-m", "tests.bench.etl_scale", "etl_nasional", str(work)])
        if run.status != 0:
            raise SystemExit(f"ETL nasional gagal (kode {run.status})")
    return out


def _sql_per_change(db: Any, stored: Any) -> tuple[float, float]:
    start, end = _period(stored)
    times, zooms = [], []
    minx, miny, maxx, maxy = (float(v) for v in stored.layers["desa_tampilan"].total_bounds)
    box = (minx, miny, minx + (maxx - minx) / 10, miny + (maxy - miny) / 10)
    with db.connect(read_only=True) as conn:
        for roles in ROLE_STEPS[1:]:
            chosen = list(roles) or None
            t0 = time.perf_counter()
            conn.execute(_SQL_DESA, (start, end, chosen, chosen)).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            conn.execute(_SQL_ZOOM, box).fetchone()
            zooms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), statistics.median(zooms)


def _memory_per_change(stored: Any) -> float:
    from etl.nodes.metrics import compute_desa_metrics

    start, end = _period(stored)
    desa = stored.layers["desa"][["kode", "nama", "jenis", "kecamatan_kode", "kecamatan",
                                  "geometry"]]  # fmt: skip
    peserta = stored.layers["peserta"]
    laporan = pd.DataFrame(stored.layers["laporan"].drop(columns="geometry"))
    times = []
    for roles in ROLE_STEPS[1:]:
        t0 = time.perf_counter()
        compute_desa_metrics(desa, peserta, laporan, start=start, end=end,
                             role_groups=roles or None)  # fmt: skip
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _period(stored: Any) -> tuple[Any, Any]:
    param = stored.manifest.parameter
    return param.periode_mulai, param.per_tanggal


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    value = work()
    return value, time.perf_counter() - t0
