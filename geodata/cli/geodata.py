"""``peta-sosialisasi geodata fetch|build``: argument parsing only."""

from __future__ import annotations

import argparse
import sys

from geodata.cli.common import EXIT_DATA, EXIT_USAGE, fail
from geodata.fetch import FetchError
from geodata.sources import DEFAULT_KABUPATEN, kabupaten_list, load_sources

_KAB_HELP = (
    f"kode kabupaten/kota (bawaan {DEFAULT_KABUPATEN}); beberapa: 53.02,53.03 "
    "atau --kabupaten diulang"
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``geodata`` command and its ``fetch``/``build`` subcommands."""
    parser = subparsers.add_parser("geodata", help="ambil dan bangun batas wilayah resmi")
    sub = parser.add_subparsers(dest="geodata_command", required=True)
    fetch = sub.add_parser("fetch", help="unduh/salin berkas sumber dan periksa sha256")
    fetch.add_argument("--kabupaten", action="append", default=None, help=_KAB_HELP)
    fetch.add_argument("--semua", action="store_true", help="ambil semua berkas di sources.toml")
    build = sub.add_parser("build", help="bangun geodata/build/<kode>.gpkg")
    build.add_argument("--kabupaten", action="append", default=None, help=_KAB_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``geodata fetch`` or ``geodata build``; errors become one clear message."""
    from geodata import pipeline
    from geodata.fetch import fetch_sources

    def say(msg: str) -> None:
        print(f"  - {msg}", file=sys.stderr)

    try:
        codes = kabupaten_list(args.kabupaten)
    except ValueError as exc:
        return fail(exc, EXIT_USAGE)
    try:
        if args.geodata_command == "fetch":
            if args.semua:
                files = fetch_sources(load_sources(), progress=say)
            else:
                files = {
                    str(p): p for kab in codes for p in pipeline.fetch_kabupaten(kab, say).values()
                }
            print(f"{len(files)} berkas sumber terverifikasi (sha256) di cache.")
            return 0
        results = [pipeline.build_kabupaten(kab, progress=say) for kab in codes]
    except (FetchError, ValueError, OSError) as exc:
        return fail(exc, EXIT_DATA)
    for result in results:
        print(
            f"Selesai: {result.path}\n"
            f"  {result.desa} desa + {result.kelurahan} kelurahan, {result.kecamatan} kecamatan; "
            f"GeoJSON tampilan {result.display_geojson_bytes / 1024:.0f} KB"
        )
    return 0
