"""``peta-sosialisasi geodata fetch|build``: argument parsing only."""

from __future__ import annotations

import argparse
import sys

from geodata.cli.common import EXIT_DATA, fail
from geodata.fetch import FetchError
from geodata.sources import DEFAULT_KABUPATEN, load_sources


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``geodata`` command and its ``fetch``/``build`` subcommands."""
    parser = subparsers.add_parser("geodata", help="ambil dan bangun batas wilayah resmi")
    sub = parser.add_subparsers(dest="geodata_command", required=True)
    fetch = sub.add_parser("fetch", help="unduh/salin berkas sumber dan periksa sha256")
    fetch.add_argument("--kabupaten", default=DEFAULT_KABUPATEN)
    fetch.add_argument("--semua", action="store_true", help="ambil semua berkas di sources.toml")
    build = sub.add_parser("build", help="bangun geodata/build/<kode>.gpkg")
    build.add_argument("--kabupaten", default=DEFAULT_KABUPATEN)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run ``geodata fetch`` or ``geodata build``; errors become one clear message."""
    from geodata import pipeline
    from geodata.fetch import fetch_sources

    def say(msg: str) -> None:
        print(f"  - {msg}", file=sys.stderr)

    try:
        if args.geodata_command == "fetch":
            if args.semua:
                files = fetch_sources(load_sources(), progress=say)
            else:
                files = {str(p): p for p in pipeline.fetch_kabupaten(args.kabupaten, say).values()}
            print(f"{len(files)} berkas sumber terverifikasi (sha256) di cache.")
            return 0
        result = pipeline.build_kabupaten(args.kabupaten, progress=say)
    except (FetchError, ValueError, OSError) as exc:
        return fail(exc, EXIT_DATA)
    print(
        f"Selesai: {result.path}\n"
        f"  {result.desa} desa + {result.kelurahan} kelurahan, {result.kecamatan} kecamatan; "
        f"GeoJSON tampilan {result.display_geojson_bytes / 1024:.0f} KB"
    )
    return 0
