"""``peta-sosialisasi formulir --out DIR [--kabupaten 53.02[,53.71]]``: write the XLSForm
workbooks (:mod:`etl.forms.xlsform`) for one kabupaten or a working area of several (as
``etl --kabupaten`` takes them), check them with pyxform and print what they hold."""

from __future__ import annotations

import argparse
from pathlib import Path

from geodata.cli.common import EXIT_DATA, fail

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``formulir --out DIR [--kabupaten KODE[,KODE]]`` (repeatable)."""
    p = subparsers.add_parser(
        "formulir", help="tulis formulir XLSForm (KoboToolbox/ODK Collect) dari daftar resmi"
    )
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder keluaran")
    p.add_argument(
        "--kabupaten",
        action="append",
        default=None,
        metavar="KODE",
        help="kode kabupaten/kota, mis. 53.02 atau 53.02,53.71 (boleh diulang; bawaan 53.02)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write both forms and print fields/choices per form; 1 with a message on failure."""
    from etl.forms.xlsform import check_form, write_area_forms
    from geodata.fetch import FetchError
    from geodata.io.gpkg import GeoPackageError

    try:
        paths = write_area_forms(args.out, args.kabupaten)
        checks = [check_form(path) for path in paths]
    except (FetchError, GeoPackageError, ValueError, OSError) as exc:
        return fail(f"formulir tidak bisa dibuat: {exc}", EXIT_DATA)
    for path, check in zip(paths, checks, strict=True):
        lists = ", ".join(f"{name} {n}" for name, n in check.choices.items())
        print(
            f"{path}: formulir {check.form_id} versi {check.version}, "
            f"{check.fields} isian; pilihan: {lists}"
        )
    print("Unggah ke KoboToolbox atau ODK Central; ekspor data sebagai XLSX/CSV lalu muat.")
    return 0
