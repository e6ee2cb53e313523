"""The ETL pipeline's wiring: read -> validate -> join -> metrics -> write.

All IO is declared here (inputs, reference boundaries, alias file, outputs); every
step in between is a pure function from ``etl.nodes`` / ``etl.tools``.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from etl import __version__
from etl.forms.submissions import prepare_form_rows, previous_submissions
from etl.io.contract import DEFAULT_WINDOW_MONTHS, LAYER_NAMES
from etl.io.output import open_layer_stream, publish_outputs
from etl.io.readers import ReadResult, read_inputs
from etl.io.sample_flag import sample_status
from etl.io.versions import LOCK_WAIT_SECONDS, output_lock
from etl.nodes import layers as build_layers
from etl.nodes.join import Reference, join_kegiatan, join_laporan, join_peserta
from etl.nodes.metrics import (
    ATTENDANCE_COLUMNS,
    compute_desa_metrics,
    compute_kecamatan_metrics,
    window_start,
)
from etl.nodes.validate import validate_kegiatan, validate_laporan, validate_peserta
from etl.schema import REVIEW_COLUMNS
from etl.store import Boundaries, Store, publish_published
from etl.tools.aliases import read_aliases_with_warnings
from geodata.io.gpkg import read_gpkg_layer
from geodata.load import ensure_built

_PESERTA_KEPT = [*ATTENDANCE_COLUMNS, "sumber_file", "sumber_lembar"]
"""What the run keeps of the joined attendance once its layer is handed over: what
the metrics count and the manifest's per-sheet tallies."""

_VALIDATORS = {
    "kegiatan": validate_kegiatan,
    "peserta": validate_peserta,
    "laporan": validate_laporan,
}


@dataclass
class EtlResult:
    """What a run produced, for the CLI summary and the dashboard."""

    gpkg: Path
    manifest_path: Path
    manifest: dict[str, Any]
    review: pd.DataFrame = field(repr=False)


def run_etl(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    kabupaten: str = "53.02",
    per_tanggal: date | None = None,
    window_months: int = DEFAULT_WINDOW_MONTHS,
    aliases_path: Path | None = None,
    progress: Callable[[str], None] | None = None,
    reference: Reference | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
    store: Store | None = None,
) -> EtlResult:
    """Run the whole ETL and publish ``sosialisasi.gpkg`` + ``manifest.json`` together as
    the new current version of ``out_dir`` (:mod:`etl.io.versions`).

    ``reference`` replaces the kabupaten's built boundaries (benchmarks inject a
    synthetic national-scale reference); normally it is loaded from ``geodata``. The run
    holds the lock of ``out_dir`` from its first write to the end: when another run
    holds it for more than ``lock_wait`` seconds, :class:`~etl.errors.OutputBusyError`
    is raised and nothing is written. ``store`` (a shared PostGIS database,
    :mod:`etl.store`) receives the published pair too, in one transaction.
    """
    say = progress or (lambda _m: None)
    end = per_tanggal or date.today()
    start = window_start(end, window_months)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(timings.get(step, 0.0) + now - clock, 3)  # steps may recur
        clock = now

    say("membaca berkas masukan")
    read = read_inputs([Path(p) for p in inputs])
    lap("baca")
    say("memuat batas wilayah resmi")
    ref = reference or load_reference(kabupaten, aliases_path)
    lap("referensi")
    read, form_review, kiriman, formulir = prepare_form_rows(
        read, ref.official, previous_submissions(out_dir), kabupaten=kabupaten
    )  # exports of the field forms: each submission once (issue 14)
    contoh, sample_warnings = sample_status(Path(p) for p in inputs)
    counts: dict[str, int] = {}
    # Each layer goes to the GeoPackage writer (a second process) as soon as it is
    # ready, so writing overlaps matching and counting; leaving this block by an error
    # discards the unfinished file and keeps the previous output.
    rows = sum(table.rows for table in read.tables)
    with (
        output_lock(out_dir, wait=lock_wait),
        open_layer_stream(out_dir, rows=rows) as stream,
        _loaded_objects_left_out_of_gc(),
    ):

        def put(
            name: str, frame: pd.DataFrame, geometry_key: str | None = None, append: bool = False
        ) -> None:
            stream.put(name, frame, geometry_key=geometry_key, append=append)
            counts[name] = counts.get(name, 0) + len(frame) if append else len(frame)

        stream.prepare_geometry("desa", ref.desa, key="kode")
        for name, frame in build_layers.reference_layers(ref).items():
            put(name, frame)
        # Attendance first: the largest layer reaches the writer soonest, so the
        # reports are validated only once it is on its way.
        say("memvalidasi baris kegiatan dan peserta")
        valid, review_parts = validate_tables(read, ("kegiatan", "peserta"))
        review_parts.append(form_review)
        read = read.without_rows(("kegiatan", "peserta"))  # validated rows replace them
        lap("validasi")
        say("mencocokkan desa asal peserta")
        all_dated = valid["kegiatan"].drop_duplicates("id_kegiatan")
        # In halves: the writer starts on the first while the second is matched (a
        # row's match depends on that row alone); counting needs only a few columns.
        joined: list[pd.DataFrame] = []
        for half in _halves(valid.pop("peserta")):
            part, review_part = join_peserta(half, all_dated, ref)
            if len(part) or not joined:  # the first half makes the layer, even empty
                put("peserta", build_layers.peserta_layer(part), append=bool(joined))
            joined.append(part[_PESERTA_KEPT])
            review_parts.append(review_part)
        peserta = pd.concat(joined)
        del all_dated, joined, half, part
        lap("pencocokan")
        say("memvalidasi baris laporan")
        valid_laporan, review_laporan = validate_tables(read, ("laporan",))
        read = read.without_rows(("laporan",))
        review_parts += review_laporan
        lap("validasi")
        say("mencocokkan lokasi laporan")
        laporan, rv_l = join_laporan(valid_laporan.pop("laporan"), ref)
        put("laporan", build_layers.laporan_layer(laporan, ref))
        lap("pencocokan")
        # Coverage counts attendance and reports only, so it goes before the venues: the
        # desa layer, the largest write left, reaches the writer sooner.
        say("menghitung cakupan")
        desa_metrics = compute_desa_metrics(ref.desa, peserta, laporan, start=start, end=end)
        kec_metrics = compute_kecamatan_metrics(
            ref.kecamatan, desa_metrics, peserta, start=start, end=end
        )
        # The desa polygons went to the writer at the start; only the metrics go now.
        put("desa", pd.DataFrame(desa_metrics.drop(columns="geometry")), geometry_key="kode")
        put("kecamatan", kec_metrics)
        lap("metrik")
        say("mencocokkan lokasi kegiatan")
        kegiatan, rv_k = join_kegiatan(valid.pop("kegiatan"), ref)
        put("kegiatan", build_layers.kegiatan_layer(kegiatan, ref))
        review = pd.concat([*review_parts, rv_k, rv_l], ignore_index=True)
        review = review.sort_values(["sumber_file", "sumber_lembar", "sumber_baris"], kind="stable")
        put("tinjauan", build_layers.review_layer(review))
        put("info", build_layers.info_layer(contoh=contoh, kabupaten=ref.kabupaten))
        put("kiriman", kiriman)
        lap("pencocokan")
        manifest = build_manifest(
            read,
            [Path(p) for p in inputs],
            review,
            [kegiatan, peserta, laporan],
            counts,
            contoh=contoh,
            kabupaten=kabupaten,
            warnings=[*sample_warnings, *ref.peringatan],
            start=start,
            end=end,
            window_months=window_months,
            timings=timings,
        )
        if formulir:
            manifest["formulir"] = formulir  # submissions new/updated/unchanged
        # Free the joined rows while the writer finishes, not after it.
        del kegiatan, peserta, laporan, desa_metrics, kec_metrics
        say(f"menulis {out_dir}")
        gpkg, manifest_path = publish_outputs(out_dir, stream, manifest, LAYER_NAMES)
        if store is not None:  # the folder stays as it is; the database gets the same pair
            say(f"memuat ke {store.location}")
            bounds = (
                None if reference is not None else Boundaries(kabupaten, ensure_built(kabupaten))
            )
            publish_published(store, gpkg, manifest_path, bounds)
    lap("tulis")
    manifest["waktu_detik"] = timings
    return EtlResult(gpkg, manifest_path, manifest, review.reset_index(drop=True))


def load_reference(kabupaten: str, aliases_path: Path | None) -> Reference:
    """Official list, boundaries and aliases for one kabupaten (builds geodata if needed)."""
    path = ensure_built(kabupaten)
    desa = read_gpkg_layer(path, "desa")
    outline = read_gpkg_layer(path, "kabupaten")
    others = read_gpkg_layer(path, "kabupaten_lain")
    kecamatan = read_gpkg_layer(path, "kecamatan")
    display = read_gpkg_layer(path, "desa_tampilan")
    for frame in (desa, outline, others, kecamatan, display):
        if not isinstance(frame, gpd.GeoDataFrame):
            raise ValueError(f"Geodata {path} rusak: layer tanpa geometri.")
    official = pd.DataFrame(desa.drop(columns="geometry"))
    aliases, warnings = (
        read_aliases_with_warnings(aliases_path, official)
        if aliases_path and aliases_path.exists()
        else (None, [])
    )
    return Reference(
        kabupaten=kabupaten,
        official=official,
        desa=desa,
        outline=outline,
        kecamatan=kecamatan,
        desa_tampilan=display,
        other_kabupaten=others,
        other_desa=pd.DataFrame(read_gpkg_layer(path, "desa_lain")),
        aliases=aliases,
        peringatan=tuple(warnings),
    )


def validate_tables(
    read: ReadResult, kinds: Sequence[str] = tuple(_VALIDATORS)
) -> tuple[dict[str, pd.DataFrame], list[pd.DataFrame]]:
    """Validate the tables read of ``kinds`` (default: all); accepted rows concatenated
    per kind, review rows listed."""
    accepted: dict[str, list[pd.DataFrame]] = {k: [] for k in kinds}
    review: list[pd.DataFrame] = []
    for table in read.tables:
        if table.kind not in accepted:
            continue
        ok, bad = _VALIDATORS[table.kind](table)
        accepted[table.kind].append(ok)
        review.append(bad)
    merged = {
        kind: pd.concat(parts, ignore_index=True) if parts else build_layers.empty_valid(kind)
        for kind, parts in accepted.items()
    }
    return merged, [r for r in review if not r.empty] or [
        pd.DataFrame(columns=list(REVIEW_COLUMNS))
    ]


def build_manifest(
    read: ReadResult,
    inputs: Sequence[Path],
    review: pd.DataFrame,
    accepted_tables: Sequence[pd.DataFrame],
    layer_counts: dict[str, int],
    *,
    contoh: bool,
    kabupaten: str,
    warnings: Sequence[str] = (),
    start: date,
    end: date,
    window_months: int,
    timings: dict[str, float],
) -> dict[str, Any]:
    """The run's manifest: inputs with sha256 and per-sheet counts (``accepted_tables``:
    the accepted kegiatan, peserta and laporan rows), rows per layer, parameters, timings;
    ``warnings`` join the reading warnings (a sample marker on real data, skipped lines
    of the alias file)."""
    in_review = review.groupby(["sumber_file", "sumber_lembar"]).size()
    accepted = (
        pd.concat(
            [table[["sumber_file", "sumber_lembar"]] for table in accepted_tables],
            ignore_index=True,
        )
        .groupby(["sumber_file", "sumber_lembar"])
        .size()
    )
    paths = {key: p.resolve() for p in inputs for key in (p.name, str(p))}
    files: dict[str, dict[str, Any]] = {}
    for table in read.tables:
        entry = files.setdefault(
            table.sumber_file,
            {
                "berkas": table.sumber_file,
                "path": str(paths.get(table.sumber_file, "")),
                "sha256": read.file_hashes.get(table.sumber_file, ""),
                "kolom_pribadi_dibuang": read.dropped_columns.get(table.sumber_file, []),
                "lembar": [],
            },
        )
        key = (table.sumber_file, table.sumber_lembar)
        entry["lembar"].append(
            {
                "lembar": table.sumber_lembar,
                "jenis_data": table.kind,
                "dibaca": table.rows,
                "diterima": int(accepted.get(key, 0)),
                "ditinjau": int(in_review.get(key, 0)),
            }
        )
    return {
        "alat": "peta-sosialisasi",
        "versi": __version__,
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
        "contoh": contoh,
        "kabupaten": kabupaten,
        "parameter": {
            "per_tanggal": end.isoformat(),
            "jendela_bulan": window_months,
            "periode_mulai": start.isoformat(),
        },
        "masukan": list(files.values()),
        "peringatan": [*read.warnings, *warnings],
        "nomor_disamarkan": dict(sorted(read.masked.items())),
        "karakter_nul_dibuang": dict(read.nul_removed),
        "jumlah": {n: layer_counts[n] for n in LAYER_NAMES if n in layer_counts},
        "waktu_detik": timings,
    }


def _halves(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first and the second half of the rows of ``frame`` (the second the larger)."""
    middle = len(frame) // 2
    return frame.iloc[:middle], frame.iloc[middle:]


@contextlib.contextmanager
def _loaded_objects_left_out_of_gc() -> Iterator[None]:
    """Leave what is loaded so far (modules; the reference, at national scale hundreds of
    thousands of geometry objects) out of the cyclic garbage collector's full passes
    while the run allocates: it lives for the whole run, and every full pass would walk
    it again. Not done when the caller has frozen objects itself (its choice stands)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
