"""``peta-sosialisasi sample`` and ``peta-sosialisasi template``: argument parsing only.

The work is in :mod:`etl.sample` and :mod:`etl.sample.template`; boundaries come from
:mod:`geodata.load` (built from the pinned sources when missing). Errors are printed as one
Indonesian line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.cli.common import EXIT_DATA, EXIT_USAGE, fail

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``sample --out DIR [--seed N]`` and ``template --out FILE.xlsx [--kabupaten]``."""
    from etl.sample import DEFAULT_SEED

    sample = subparsers.add_parser(
        "sample", help="tulis buku kerja CONTOH (sintetis) untuk Kab. Timor Tengah Selatan"
    )
    sample.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder keluaran")
    sample.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"benih acak (bawaan {DEFAULT_SEED})"
    )
    sample.set_defaults(handler=run, sample_command="sample")
    template = subparsers.add_parser("template", help="tulis templat isian .xlsx yang kosong")
    template.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    template.add_argument("--kabupaten", default="53.02", help="kode kabupaten (bawaan 53.02)")
    template.set_defaults(handler=run, sample_command="template")


def run(args: argparse.Namespace) -> int:
    """Write the sample workbook or the template; 0 on success, 1 with a message otherwise."""
    from geodata.fetch import FetchError
    from geodata.io.gpkg import GeoPackageError

    try:
        if args.sample_command == "template":
            return _run_template(args)
        return _run_sample(args)
    except (FetchError, GeoPackageError, ValueError) as exc:
        return fail(exc, EXIT_DATA)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"berkas tidak bisa ditulis/dibaca{where}: {exc.strerror or exc}", EXIT_DATA)


def _run_sample(args: argparse.Namespace) -> int:
    from etl.sample import build_sample, write_sample_workbook
    from geodata.load import read_layer, read_official_list

    if args.out.exists() and not args.out.is_dir():
        return fail(f"--out harus folder, bukan berkas: {args.out}", EXIT_USAGE)
    print("  - membaca batas wilayah 53.02 ...", file=sys.stderr, flush=True)
    official, desa = read_official_list("53.02"), read_layer("53.02", "desa")
    print("  - membuat data contoh ...", file=sys.stderr, flush=True)
    sample = build_sample(official, desa, seed=args.seed)
    path = write_sample_workbook(sample, args.out)
    c = sample.counts
    print(f"DATA CONTOH (sintetis) ditulis: {path}")
    print(
        f"  {c['kegiatan']} kegiatan, {c['peserta_baris']} baris peserta "
        f"({c['orang']} orang dari {c['desa_asal']} desa/kelurahan asal), {c['laporan']} laporan."
    )
    print(
        "  Sengaja salah (harus masuk tinjauan): "
        f"{c['tinjau_kegiatan']} kegiatan, {c['tinjau_peserta']} peserta, "
        f"{c['tinjau_laporan']} laporan; {c['tukar_laporan']} laporan dengan lintang/bujur tertukar."
    )
    return 0


def _run_template(args: argparse.Namespace) -> int:
    from etl.sample.template import make_template
    from geodata.load import read_official_list

    if args.out.suffix.lower() != ".xlsx":
        return fail(f"--out harus berakhiran .xlsx, bukan {args.out.name}", EXIT_USAGE)
    print(f"  - membaca daftar desa resmi {args.kabupaten} ...", file=sys.stderr, flush=True)
    official = read_official_list(args.kabupaten)
    path = make_template(args.out, official)
    n_kec = official["kecamatan_kode"].nunique()
    print(f"Templat ditulis: {path} ({n_kec} kecamatan, {len(official)} desa/kelurahan).")
    return 0
