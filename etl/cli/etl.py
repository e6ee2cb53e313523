"""``peta-sosialisasi etl``: argument parsing and the summary; the work is in
:mod:`etl.pipeline`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import InputError, OutputBusyError
from etl.io.contract import DEFAULT_INSTANSI, DEFAULT_KANTOR, DEFAULT_WINDOW_MONTHS, Manifest
from etl.store import DB_ENV, StoreError, chosen_database, open_store
from geodata.cli.common import EXIT_BUSY, EXIT_DATA, EXIT_USAGE, fail
from geodata.sources import kabupaten_list

if TYPE_CHECKING:
    from etl.store.loading import InputChange


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``etl [BERKAS...] --out DIR [--kantor K] [--instansi I] [--ganti-semua]
    [--kabupaten] [--per-tanggal] [--jendela-bulan] [--alias FILE] [--tunggu DETIK]
    [--db URL]``."""
    p = subparsers.add_parser("etl", help="baca buku kerja/CSV kegiatan, peserta, laporan")
    p.add_argument(
        "inputs", nargs="*", type=Path, metavar="BERKAS",
        help=".xlsx atau .csv; tanpa berkas: bangun ulang dari masukan yang tersimpan",
    )  # fmt: skip
    p.add_argument("--out", required=True, type=Path, help="folder keluaran")
    p.add_argument(
        "--kantor", default=DEFAULT_KANTOR,
        help=f"kantor asal berkas (bawaan: {DEFAULT_KANTOR})",
    )  # fmt: skip
    p.add_argument(
        "--instansi", default=DEFAULT_INSTANSI,
        help=f"instansi sumber berkas, mis. Imigrasi, Disnakertrans, BP3MI (bawaan: {DEFAULT_INSTANSI})",
    )  # fmt: skip
    p.add_argument(
        "--ganti-semua", action="store_true",
        help="berkas yang diberikan menjadi seluruh masukan (bawaan: ditambahkan ke masukan "
        "yang ada; berkas dengan nama, kantor dan instansi sama menggantikan versi lamanya)",
    )  # fmt: skip
    p.add_argument(
        "--kabupaten", action="append", default=None,
        help="kode kabupaten/kota (bawaan 53.02); beberapa: 53.02,53.03 atau diulang",
    )  # fmt: skip
    p.add_argument(
        "--per-tanggal", type=_iso_date, default=None, help="YYYY-MM-DD (bawaan: hari ini)"
    )
    p.add_argument(
        "--jendela-bulan", type=int, default=None,
        help=f"jendela cakupan dalam bulan (bawaan: seperti data yang ada, atau {DEFAULT_WINDOW_MONTHS})",
    )  # fmt: skip
    p.add_argument(
        "--alias", type=Path, default=None,
        help="aliases.csv (bawaan: OUT/aliases.csv; dengan --db: keputusan di basis data, "
        "ditambah berkas ini bila diberikan)",
    )  # fmt: skip
    p.add_argument(
        "--tunggu", type=float, default=60.0, metavar="DETIK",
        help="lama menunggu ETL lain yang sedang menulis ke --out (bawaan 60 detik)",
    )  # fmt: skip
    p.add_argument(
        "--db", default=None, metavar="postgresql://...",
        help=f"basis data PostGIS bersama (bawaan: ${DB_ENV}); --out tetap ditulis",
    )  # fmt: skip
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the files given into the store (added, replaced or skipped per input; see
    :mod:`etl.store.loading`) and print what happened and a short Indonesian summary;
    exit codes of :mod:`geodata.cli.common` (4 when another run kept ``--out`` or the
    database busy)."""
    from etl.io.memory import keep_freed_memory
    from etl.store.loading import alias_file, load_inputs
    from etl.tables import InputSource
    from geodata.fetch import FetchError
    from geodata.io.gpkg import GeoPackageError

    missing = [str(p) for p in args.inputs if not p.is_file()]
    if missing:
        return fail(f"berkas tidak ada: {', '.join(missing)}", EXIT_DATA)
    if args.jendela_bulan is not None and args.jendela_bulan < 1:
        return fail("--jendela-bulan harus >= 1", EXIT_USAGE)
    if args.ganti_semua and not args.inputs:
        return fail("--ganti-semua butuh sedikitnya satu BERKAS", EXIT_USAGE)
    kantor, instansi = args.kantor.strip(), args.instansi.strip()
    if not kantor or not instansi:
        return fail("--kantor dan --instansi tidak boleh kosong", EXIT_USAGE)
    try:
        kabupaten = kabupaten_list(args.kabupaten) if args.kabupaten else None
    except ValueError as exc:
        return fail(exc, EXIT_USAGE)
    try:
        db = chosen_database(args.db)
    except StoreError as exc:
        return fail(exc, EXIT_USAGE)
    aliases, note = alias_file(args.out, args.alias, database=db is not None)
    if note:
        print(f"  - catatan: {note}", file=sys.stderr)
    store = open_store(db or args.out)
    sources = [InputSource(p, kantor, instansi) for p in args.inputs]
    keep_freed_memory()  # this process runs one load and exits: see etl.io.memory
    try:
        loaded = load_inputs(
            store, sources, args.out, replace_all=args.ganti_semua, kabupaten=kabupaten,
            per_tanggal=args.per_tanggal, window_months=args.jendela_bulan,
            aliases_path=aliases, lock_wait=args.tunggu,
            progress=lambda m: print(f"  - {m} ...", file=sys.stderr, flush=True),
        )  # fmt: skip
    except OutputBusyError as exc:
        return fail(exc, EXIT_BUSY)
    except StoreError as exc:
        return fail(f"{exc} Data di basis data tidak diubah.", EXIT_DATA)
    except (InputError, FetchError, GeoPackageError, ValueError, OSError) as exc:
        return fail(f"{exc} Keluaran sebelumnya (jika ada) tidak diubah.", EXIT_DATA)
    print(format_changes(loaded.changes, loaded.inputs, rebuilt=not args.inputs,
                         replace_all=args.ganti_semua))  # fmt: skip
    if loaded.run is None:
        print(f"Tidak ada perubahan: {store.location} tetap seperti sebelumnya.")
        return 0
    result = loaded.run
    print(format_summary(Manifest.from_json(result.manifest), result.gpkg, result.manifest_path))
    if db:
        print(f"Basis data: {store.location}")
    return 0


def format_changes(
    changes: Sequence[InputChange], inputs: int, *, rebuilt: bool, replace_all: bool = False
) -> str:
    """What a load did with each file given: baru, diganti, sama (dilewati; with
    ``--ganti-semua`` processed again), dihapus."""
    same = "sama, diproses ulang" if replace_all else "sama, dilewati"
    words = {"baru": "baru", "sama": same, "dihapus": "dihapus dari masukan"}
    lines = ["Masukan:"]
    for c in changes:
        what = words.get(c.status, f"diganti (versi sebelumnya sha {c.sebelumnya[:12]})")
        lines.append(f"  {c.berkas} — {c.kantor} ({c.sumber_instansi}): {what}")
    if rebuilt:
        lines.append(f"  dibangun ulang dari {inputs} masukan tersimpan")
    else:
        lines.append(f"  {inputs} masukan tersimpan seluruhnya")
    return "\n".join(lines)


def format_summary(manifest: Manifest, gpkg: Path, manifest_path: Path) -> str:
    """Per input file and sheet: rows read / accepted / sent to review, and where outputs are."""
    lines = ["Ringkasan ETL:"]
    if len(manifest.kabupaten_daftar) > 1:
        lines.append(f"  wilayah kerja: kabupaten/kota {', '.join(manifest.kabupaten_daftar)}")
    for row in manifest.sheet_counts().to_dict("records"):
        where = str(row["berkas"]) + (f" [{row['lembar']}]" if row["lembar"] else "")
        lines.append(
            f"  {where} ({row['jenis_data']}): dibaca {row['dibaca']}, "
            f"diterima {row['diterima']}, ditinjau {row['ditinjau']}"
        )
    forms = manifest.formulir
    if forms:
        lines.append(
            f"  formulir lapangan: {forms['kiriman']} kiriman (baru {forms['baru']}, "
            f"diubah {forms['diubah']}, tetap {forms['tetap']})"
        )
    dropped = manifest.dropped_personal_columns()
    if dropped:
        lines.append(f"  kolom pribadi dibuang: {', '.join(dropped)}")
    lines += [f"  peringatan: {w}" for w in manifest.peringatan]
    if manifest.contoh:
        lines.append("  DATA CONTOH (sintetis) — bukan data nyata.")
    lines.append(f"Keluaran: {gpkg} dan {manifest_path}")
    return "\n".join(lines)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan {text!r}") from exc
