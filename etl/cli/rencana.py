"""`peta-sosialisasi rencana`: build a visit plan from an ETL output directory.

    peta-sosialisasi rencana (--data DIR | --db URL) [--k 10] [--radius-km 10] [--base LAT,LON]
        [--anggaran-km 200] [--detour 1.4] --out PLAN.xlsx [--json PLAN.json]
        [--risiko CSV] [--jalan ROADS.gpkg] [--kabupaten 53.02[,53.03]]

Reads the current output through its store (:func:`etl.store.open_store`, as the
dashboard does): the shared database (``--db`` or ``$PETA_DB_URL``, when no ``--data``
is given) or the ETL output DIR (an earlier consistent version if the current is
damaged), and plans through
:mod:`etl.planning.service`, exactly as the Prioritas Kunjungan page does (the ETL's
window, full-detail geometry); writes the Excel plan (and JSON), prints a short Indonesian
summary. Errors are one plain-Indonesian
line, never a traceback (exit codes of `geodata.cli.common`: 1 data/input, 2 usage,
3 internal).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from etl.io.contract import GPKG_NAME
from etl.planning.export import write_plan_xlsx
from etl.planning.plan import Plan, plan_to_json
from etl.planning.service import (
    PlanInputs,
    PlanOptions,
    plan_from_inputs,
    read_plan_inputs,
    risk_from_csv,
)
from etl.planning.trips import read_road_network
from etl.store import DB_ENV, StoreError, chosen_database, open_store
from geodata.cli.common import (
    EXIT_DATA,
    EXIT_USAGE,
    PROG,
    ArgumentParser,
    fail,
    run_handler,
)
from geodata.sources import kabupaten_list

__all__ = ["add_parser", "main", "parse_base", "run"]

_NEGATIVE_VALUE = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d*\.?\d+\s*,\s*-?\d*\.?\d+$")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the `rencana` sub-command on an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "rencana",
        help="usulkan desa prioritas, sesi gabungan, dan trip kunjungan",
        description="Membuat rencana kunjungan sosialisasi dari keluaran ETL.",
    )
    parser.add_argument(
        "--data",
        default=None,
        type=Path,
        metavar="DIR",
        help=f"folder keluaran ETL (berisi {GPKG_NAME})",
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="postgresql://...",
        help=f"basis data PostGIS bersama, bukan --data (bawaan: ${DB_ENV})",
    )
    parser.add_argument("--k", type=int, default=10, help="jumlah sesi maksimum (bawaan 10)")
    parser.add_argument(
        "--radius-km",
        type=float,
        default=10.0,
        dest="radius_km",
        help="radius undangan dari lokasi sesi, km (bawaan 10)",
    )
    parser.add_argument(
        "--base",
        type=parse_base,
        default=None,
        metavar="LAT,LON",
        help="titik berangkat (bawaan: ibu kota kabupaten yang direncanakan, mis. Kota Soe "
        "-9.8652,124.2718 untuk 53.02; Kantor Imigrasi Kupang untuk Kota Kupang atau "
        "beberapa kabupaten)",
    )
    parser.add_argument(
        "--anggaran-km",
        type=float,
        default=200.0,
        dest="anggaran_km",
        help="anggaran jarak mengemudi per hari, km (bawaan 200)",
    )
    parser.add_argument(
        "--detour",
        type=float,
        default=1.4,
        help="faktor belokan jalan atas jarak garis lurus (bawaan 1.4)",
    )
    parser.add_argument(
        "--out", required=True, type=Path, metavar="PLAN.xlsx", help="berkas Excel rencana"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PLAN.json",
        help="berkas JSON rencana (opsional)",
    )
    parser.add_argument(
        "--risiko",
        type=Path,
        default=None,
        metavar="CSV",
        help="CSV indikator risiko per desa (opsional)",
    )
    parser.add_argument(
        "--jalan",
        type=Path,
        default=None,
        metavar="ROADS.gpkg",
        help="GeoPackage garis jalan untuk jarak jaringan (opsional)",
    )
    parser.add_argument(
        "--kabupaten",
        action="append",
        default=None,
        metavar="KODE",
        help="rencanakan hanya di kabupaten ini (mis. 53.02 atau 53.02,53.03; boleh "
        "diulang); bawaan: seluruh wilayah data",
    )
    parser.set_defaults(func=run)
    # Latitudes in Timor are negative: let `--base -9.86,124.27` be read as a value, not
    # as an unknown option (argparse only knows plain negative numbers). `--base=...`
    # works regardless.
    if hasattr(parser, "_negative_number_matcher"):
        parser._negative_number_matcher = _NEGATIVE_VALUE
    parser.set_defaults(handler=run)
    return parser


def parse_base(text: str) -> tuple[float, float]:
    """Parse `LAT,LON` (decimal point) into a (lat, lon) tuple, with an Indonesian error."""
    parts = [p.strip() for p in str(text).split(",")]
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"titik berangkat harus berbentuk LINTANG,BUJUR, mis. -9.8652,124.2718 (bukan {text!r})"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"titik berangkat di luar jangkauan: {text!r}")
    return lat, lon


def run(args: argparse.Namespace) -> int:
    """Run the `rencana` command; returns the exit code (0 ok, 1 on a data/input problem,
    2 on an impossible option value), the message as one line on stderr."""
    if args.k < 0 or args.radius_km <= 0 or args.anggaran_km <= 0:
        return fail("--k tidak boleh negatif; --radius-km dan --anggaran-km harus > 0.", EXIT_USAGE)
    try:
        return _run(args)
    except ValueError as exc:
        return fail(exc, EXIT_DATA)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"berkas tidak bisa ditulis/dibaca{where}: {exc.strerror or exc}", EXIT_DATA)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (`python -m etl.cli.rencana rencana ...`)."""
    parser = ArgumentParser(prog=PROG)
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(argv)
    return run_handler(args.func, args)


def _target(args: argparse.Namespace) -> str | Path:
    """Where to plan from: ``--db``, else ``--data``, else ``$PETA_DB_URL``."""
    if args.db is None and args.data is not None:
        return Path(args.data)
    db = chosen_database(args.db)
    if db is None:
        raise StoreError("pilih data: --data FOLDER atau --db postgresql://... (atau PETA_DB_URL)")
    return db


def _run(args: argparse.Namespace) -> int:
    try:
        target = _target(args)
    except StoreError as exc:
        return fail(exc, EXIT_USAGE)
    try:
        stored = open_store(target).read_outputs(("desa",))
    except FileNotFoundError as exc:
        raise ValueError(str(exc)) from None
    if stored.fallback:
        print(f"Versi terkini tidak dipakai ({stored.fallback}); memakai versi sebelumnya.")
    return _plan(args, read_plan_inputs(stored))


def _plan(args: argparse.Namespace, inputs: PlanInputs) -> int:
    risk, review = None, None
    if args.risiko is not None:
        risk, review = risk_from_csv(args.risiko, inputs)
    network = read_road_network(args.jalan) if args.jalan is not None else None
    options = PlanOptions(
        k=args.k,
        radius_km=args.radius_km,
        base=None if args.base is None else (float(args.base[0]), float(args.base[1])),
        budget_km=args.anggaran_km,
        detour=args.detour,
        risk=risk,
        network=network,
        kabupaten=() if args.kabupaten is None else kabupaten_list(args.kabupaten),
    )
    plan = plan_from_inputs(inputs, options)
    write_plan_xlsx(plan, args.out, review=review)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(plan_to_json(plan), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    _print_summary(plan, args, inputs.contoh, 0 if review is None else len(review))
    return 0


def _print_summary(plan: Plan, args: argparse.Namespace, sample: bool, review: int) -> None:
    if sample:
        print("DATA CONTOH — bukan data sebenarnya.")
    top = plan.skor.head(10)
    print("10 desa prioritas teratas:")
    for _, r in top.iterrows():
        score = f"{float(r['skor']):.2f}".replace(".", ",")
        reason = f": {r['alasan']}" if "alasan" in r else ""
        print(
            f"  {int(r['peringkat']):>2}. {r['nama']} ({r['kecamatan']}) {r['kode']}"
            f" — skor {score}{reason}"
        )
    invited = sum(len(s.invited) for s in plan.sessions)
    print(
        f"Sesi diusulkan: {len(plan.sessions)} (radius {args.radius_km:g} km), "
        f"mengundang {invited} desa/kelurahan."
    )
    for s in plan.sessions:
        print(
            f"  Sesi {s.number}: {s.venue_nama} ({s.venue_kode}) — {len(s.invited)} desa, "
            f"prioritas tercakup {s.priority_covered:.2f}, trip {plan.trip_of(s.venue_kode)}"
        )
    print(f"Jendela cakupan: {plan.parameters['jendela_bulan']} bulan (sama dengan proses ETL).")
    label = "jaringan jalan" if args.jalan else f"perkiraan garis lurus x {args.detour:g}"
    start = plan.parameters.get("basis_lengkap") or "titik berangkat"
    print(f"Trip: {len(plan.trips)} dari {start} (anggaran {args.anggaran_km:g} km/hari, {label}).")
    for t in plan.trips:
        flag = " — MELEBIHI ANGGARAN" if t.melebihi_anggaran else ""
        print(f"  Trip {t.number}: {t.km:.1f} km, {len(t.urutan)} sesi{flag}")
    if review:
        print(f"Baris indikator risiko yang perlu ditinjau: {review} (lembar 'Tinjauan Risiko').")
    print(f"Rencana Excel: {args.out}")
    if args.json is not None:
        print(f"Rencana JSON: {args.json}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
