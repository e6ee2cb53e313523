"""The ETL pipeline's wiring: read -> validate -> join -> metrics -> write.

All IO is declared here (inputs, reference boundaries, alias file, outputs); every
step in between is a pure function from ``etl.nodes`` / ``etl.tools``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from etl import __version__
from etl.forms.submissions import prepare_form_rows, previous_submissions
from etl.io.contract import DEFAULT_WINDOW_MONTHS, LAYER_NAMES
from etl.io.memory import use_jemalloc
from etl.io.output import write_outputs
from etl.io.readers import ReadResult, read_inputs
from etl.io.sample_flag import sample_status
from etl.io.versions import LOCK_WAIT_SECONDS
from etl.nodes import layers as build_layers
from etl.nodes.area import combine_references
from etl.nodes.join import Reference, join_kegiatan, join_laporan, join_peserta
from etl.nodes.metrics import (
    compute_desa_metrics,
    compute_kabupaten_metrics,
    compute_kecamatan_metrics,
    window_start,
)
from etl.nodes.sources import (
    separate_shared_ids,
    source_labels,
    source_table,
    with_source_columns,
)
from etl.nodes.validate import validate_kegiatan, validate_laporan, validate_peserta
from etl.schema import REVIEW_COLUMNS
from etl.store import Boundaries, Store, decisions_fingerprint, publish_published
from etl.tables import InputSource
from etl.tools.aliases import merge_aliases, read_aliases_with_warnings
from etl.tools.decisions import aliases_from_decisions
from geodata.io.gpkg import read_gpkg_layer
from geodata.load import ensure_built
from geodata.sources import kabupaten_list, kabupaten_text

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
    inputs: Sequence[Path | InputSource],
    out_dir: Path,
    *,
    kabupaten: str | Sequence[str] = "53.02",
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
    synthetic national-scale reference); normally it is loaded from ``geodata``. A plain
    sequence of steps, IO only at the ends: read -> validate -> match and join ->
    metrics -> layers -> write. The run holds the lock of ``out_dir`` while it writes:
    when another run holds it for more than ``lock_wait`` seconds,
    :class:`~etl.errors.OutputBusyError` is raised and nothing is written.
    ``kabupaten``: one code, ``"53.02,53.03"`` or a list: the working area, matched and
    counted as one (:mod:`etl.nodes.area`).
    ``store`` (a shared PostGIS database, :mod:`etl.store`) receives the published pair
    too, in one transaction.
    ``inputs``: paths (from the default office, ``DEFAULT_KANTOR``) or
    :class:`~etl.tables.InputSource` with their office and agency; every record of the
    layers ``kegiatan``, ``peserta``, ``laporan``, ``tinjauan`` carries its input's
    ``kantor``, ``sumber_instansi`` and ``sumber_sha256``.
    """
    sources = [s if isinstance(s, InputSource) else InputSource(Path(s)) for s in inputs]
    labels = source_labels(sources)
    say = progress or (lambda _m: None)
    use_jemalloc()  # Arrow's pool: see etl.io.memory
    codes = kabupaten_list(kabupaten)
    end = per_tanggal or date.today()
    start = window_start(end, window_months)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 3)
        clock = now

    say("membaca berkas masukan")
    read = read_inputs([s.path for s in sources], labels)
    origin = source_table(sources, labels, read.file_hashes)
    lap("baca")
    say("memuat batas wilayah resmi")
    logged = None if store is None else store.read_decisions()  # read once per run
    ref = reference or load_reference(codes, aliases_path, store=store, decisions=logged)
    lap("referensi")
    read, form_review, kiriman, formulir = prepare_form_rows(
        read, ref.official, previous_submissions(out_dir, store), kabupaten=ref.kabupaten
    )  # exports of the field forms: each submission once (issue 14)
    contoh, sample_warnings = sample_status(s.path for s in sources)
    say("memvalidasi baris")
    valid, review_parts = validate_tables(read)
    review_parts.append(form_review)
    valid, source_warnings = separate_shared_ids(valid, origin)  # offices number alike
    read = read.without_rows()  # the validated rows replace the raw ones
    lap("validasi")
    say("mencocokkan desa asal peserta")
    sessions = valid["kegiatan"].drop_duplicates("id_kegiatan")
    peserta, rv_p = join_peserta(valid.pop("peserta"), sessions, ref)
    say("mencocokkan lokasi laporan")
    laporan, rv_l = join_laporan(valid.pop("laporan"), ref)
    say("mencocokkan lokasi kegiatan")
    kegiatan, rv_k = join_kegiatan(valid.pop("kegiatan"), ref)
    review = pd.concat([*review_parts, rv_p, rv_k, rv_l], ignore_index=True)
    review = review.sort_values(["sumber_file", "sumber_lembar", "sumber_baris"], kind="stable")
    lap("pencocokan")
    say("menghitung cakupan")
    desa_metrics = compute_desa_metrics(ref.desa, peserta, laporan, start=start, end=end)
    kec_metrics = compute_kecamatan_metrics(
        ref.kecamatan, desa_metrics, peserta, start=start, end=end
    )
    lap("metrik")
    layers = {
        "desa": desa_metrics,
        "kecamatan": kec_metrics,
        "kegiatan": with_source_columns(build_layers.kegiatan_layer(kegiatan, ref), origin),
        "peserta": with_source_columns(build_layers.peserta_layer(peserta), origin),
        "laporan": with_source_columns(build_layers.laporan_layer(laporan, ref), origin),
        "tinjauan": with_source_columns(build_layers.review_layer(review), origin),
        **build_layers.reference_layers(ref),
        "kabupaten": compute_kabupaten_metrics(
            ref.outline, kec_metrics, peserta, start=start, end=end
        ),
        "info": build_layers.info_layer(contoh=contoh, kabupaten=ref.kabupaten),
        "kiriman": kiriman,
    }
    manifest = build_manifest(
        read,
        dict(zip(labels, sources, strict=True)),
        review,
        [kegiatan, peserta, laporan],
        {name: len(frame) for name, frame in layers.items()},
        contoh=contoh,
        kabupaten=kabupaten_text(codes),
        warnings=[*sample_warnings, *source_warnings, *ref.peringatan],
        start=start,
        end=end,
        window_months=window_months,
        timings=timings,
    )
    manifest["sidik_keputusan"] = decisions_fingerprint(aliases_path, logged)
    if formulir:
        manifest["formulir"] = formulir  # submissions new/updated/unchanged
    del kegiatan, peserta, laporan, desa_metrics, kec_metrics
    lap("lapisan")
    say(f"menulis {out_dir}")
    gpkg, manifest_path = write_outputs(out_dir, layers, manifest, lock_wait=lock_wait)
    if store is not None:  # the folder stays as it is; the database gets the same pair
        say(f"memuat ke {store.location}")
        bounds = (
            () if reference is not None
            else tuple(Boundaries(code, ensure_built(code)) for code in codes)
        )  # fmt: skip
        publish_published(store, gpkg, manifest_path, bounds, layers)
    lap("tulis")
    manifest["waktu_detik"] = timings
    return EtlResult(gpkg, manifest_path, manifest, review.reset_index(drop=True))


def load_reference(
    kabupaten: str | Sequence[str],
    aliases_path: Path | None,
    *,
    store: Store | None = None,
    decisions: pd.DataFrame | None = None,
) -> Reference:
    """Official list, boundaries and aliases for the working area: each kabupaten's
    boundaries built (if needed) and read once, concatenated into one reference
    (:func:`etl.nodes.area.combine_references`). Aliases: the file ``aliases_path``,
    then the review decisions logged in ``store`` (the shared database: a decision there
    wins over a line of the file for the same typed name; a logged decision with a code
    not in the official list is skipped with a warning naming its id). ``decisions``: that
    log when the caller has already read it (``store.read_decisions()``)."""
    parts = [_read_boundaries(code) for code in kabupaten_list(kabupaten)]
    official = pd.concat([p.official for p in parts], ignore_index=True)
    aliases, warnings = (
        read_aliases_with_warnings(aliases_path, official)
        if aliases_path and aliases_path.exists()
        else (None, [])
    )
    if store is not None:
        logged, skipped = aliases_from_decisions(
            store.read_decisions() if decisions is None else decisions,
            official,
            where=f"keputusan tinjauan di {store.location}",
        )
        aliases, warnings = merge_aliases([aliases, logged]), [*warnings, *skipped]
    if len(parts) == 1:  # one kabupaten: its frames as read
        return replace(parts[0], aliases=aliases, peringatan=tuple(warnings))
    return replace(combine_references(parts, aliases), peringatan=tuple(warnings))


def _read_boundaries(kabupaten: str) -> Reference:
    """One kabupaten's built boundaries (builds geodata if needed), without aliases."""
    path = ensure_built(kabupaten)
    desa = read_gpkg_layer(path, "desa")
    outline = read_gpkg_layer(path, "kabupaten")
    others = read_gpkg_layer(path, "kabupaten_lain")
    kecamatan = read_gpkg_layer(path, "kecamatan")
    display = read_gpkg_layer(path, "desa_tampilan")
    for frame in (desa, outline, others, kecamatan, display):
        if not isinstance(frame, gpd.GeoDataFrame):
            raise ValueError(f"Geodata {path} rusak: layer tanpa geometri.")
    return Reference(
        kabupaten=kabupaten,
        official=pd.DataFrame(desa.drop(columns="geometry")),
        desa=desa,
        outline=outline,
        kecamatan=kecamatan,
        desa_tampilan=display,
        other_kabupaten=others,
        other_desa=pd.DataFrame(read_gpkg_layer(path, "desa_lain")),
        aliases=None,
    )


def validate_tables(read: ReadResult) -> tuple[dict[str, pd.DataFrame], list[pd.DataFrame]]:
    """Validate every table read; accepted rows concatenated per kind (an empty frame
    for a kind no input had), review rows listed."""
    accepted: dict[str, list[pd.DataFrame]] = {k: [] for k in _VALIDATORS}
    review: list[pd.DataFrame] = []
    for table in read.tables:
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
    inputs: dict[str, InputSource],
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
    """The run's manifest: inputs (``inputs``: by ``sumber_file``) with sha256, office,
    agency and per-sheet counts (``accepted_tables``:
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
    files: dict[str, dict[str, Any]] = {}
    for table in read.tables:
        entry = files.setdefault(
            table.sumber_file,
            _input_entry(table.sumber_file, inputs.get(table.sumber_file), read),
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


def _input_entry(label: str, source: InputSource | None, read: ReadResult) -> dict[str, Any]:
    """The manifest entry of one input file, its sheets still to be listed."""
    entry: dict[str, Any] = {
        "berkas": label,
        "path": "" if source is None else str(Path(source.path).resolve()),
        "sha256": read.file_hashes.get(label, ""),
    }
    if source is not None:
        entry |= {"kantor": source.kantor, "sumber_instansi": source.sumber_instansi}
        if source.nama != label:
            entry["nama_asli"] = source.nama
    entry |= {"kolom_pribadi_dibuang": read.dropped_columns.get(label, []), "lembar": []}
    return entry
