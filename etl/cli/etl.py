"""``peta-sosialisasi etl``: argument parsing and the summary; the work is in
:mod:`etl.pipeline`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from etl.errors import InputError, OutputBusyError
from etl.io.contract import DEFAULT_WINDOW_MONTHS, Manifest
from etl.store import DB_ENV, StoreError, chosen_database, open_store
from geodata.cli.common import EXIT_BUSY, EXIT_DATA, EXIT_USAGE, fail
from geodata.sources import kabupaten_list


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``etl INPUT... --out DIR [--kabupaten] [--per-tanggal] [--jendela-bulan]
    [--alias FILE] [--tunggu DETIK] [--db URL]``."""
    p = subparsers.add_parser("etl", help="baca buku kerja/CSV kegiatan, peserta, laporan")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help=".xlsx atau .csv")
    p.add_argument("--out", required=True, type=Path, help="folder keluaran")
    p.add_argument(
        "--kabupaten", action="append", default=None,
        help="kode kabupaten/kota (bawaan 53.02); beberapa: 53.02,53.03 atau diulang",
    )  # fmt: skip
    p.add_argument(
        "--per-tanggal", type=_iso_date, default=None, help="YYYY-MM-DD (bawaan: hari ini)"
    )
    p.add_argument(
        "--jendela-bulan", type=int, default=DEFAULT_WINDOW_MONTHS,
        help=f"jendela cakupan dalam bulan (bawaan {DEFAULT_WINDOW_MONTHS})",
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
    """Run the ETL and print a short Indonesian summary; exit codes of
    :mod:`geodata.cli.common` (4 when another run kept ``--out`` locked)."""
    from etl.pipeline import run_etl
    from geodata.fetch import FetchError
    from geodata.io.gpkg import GeoPackageError

    missing = [str(p) for p in args.inputs if not p.is_file()]
    if missing:
        return fail(f"berkas tidak ada: {', '.join(missing)}", EXIT_DATA)
    if args.jendela_bulan < 1:
        return fail("--jendela-bulan harus >= 1", EXIT_USAGE)
    try:
        kabupaten = kabupaten_list(args.kabupaten)
    except ValueError as exc:
        return fail(exc, EXIT_USAGE)
    try:
        db = chosen_database(args.db)
    except StoreError as exc:
        return fail(exc, EXIT_USAGE)
    aliases = args.alias or (None if db else args.out / "aliases.csv")
    if db and aliases is None and (args.out / "aliases.csv").is_file():  # the DB's log rules
        print(f"  - catatan: {args.out / 'aliases.csv'} tidak dibaca; keputusan tinjauan dibaca "
              "dari basis data (tambahkan --alias BERKAS untuk ikut memakainya)",
              file=sys.stderr)  # fmt: skip
    store = open_store(db) if db else None
    try:
        result = run_etl(
            args.inputs, args.out, kabupaten=kabupaten, per_tanggal=args.per_tanggal,
            window_months=args.jendela_bulan, aliases_path=aliases, lock_wait=args.tunggu,
            progress=lambda m: print(f"  - {m} ...", file=sys.stderr, flush=True), store=store,
        )  # fmt: skip
    except OutputBusyError as exc:
        return fail(exc, EXIT_BUSY)
    except StoreError as exc:
        return fail(f"{exc} Data di basis data tidak diubah.", EXIT_DATA)
    except (InputError, FetchError, GeoPackageError, ValueError, OSError) as exc:
        return fail(f"{exc} Keluaran sebelumnya (jika ada) tidak diubah.", EXIT_DATA)
    print(format_summary(Manifest.from_json(result.manifest), result.gpkg, result.manifest_path))
    if store is not None:
        print(f"Basis data: {store.location}")
    return 0


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
