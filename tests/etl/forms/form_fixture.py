"""A deterministic, realistic fixture of field-form data (issue 14).

Random valid submissions of both forms (from the forms' own choice lists), exported as
KoboToolbox does (XLSX, repeat on its own sheet, ``_index``/``_parent_index``, group
names in headers) and as ODK Central does (CSV per table, ``KEY``/``PARENT_KEY``,
``peserta-`` prefixes), in two exports: an early one, and a later one that holds the early
submissions again with a few edits (a count changed, one repeat row deleted), plus new
ones. One report point has poor GPS accuracy; one attendance row is "di luar kabupaten";
one submission comes from an older form version with a code that no longer exists. The
same final data is also written as the hand-typed workbook (names, not codes), so the
coverage of both paths can be compared.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from etl.forms.fields import LUAR, slug
from etl.forms.xlsform import form_version
from etl.schema import JENIS_LAPORAN, PERAN_PILIHAN

OLD_VERSION = "53.02-lama000000"
GONE_CODE = "53.02.99.2001"


@dataclass
class Submission:
    """One submission: its platform id, main fields, repeat rows, time and edit count."""

    uuid: str
    main: dict[str, Any]
    repeat: list[dict[str, Any]] = field(default_factory=list)
    time: str = ""
    edits: int = 0


@dataclass
class Fixture:
    kegiatan_early: list[Submission]
    kegiatan_late: list[Submission]
    laporan_early: list[Submission]
    laporan_late: list[Submission]
    edited: int
    new_late: int


def make_fixture(
    official: pd.DataFrame, seed: int = 14, points: dict[str, tuple[float, float]] | None = None
) -> Fixture:
    """Submissions of both exports, drawn from ``official`` with ``seed``; GPS points lie
    in the desa chosen (``points``: desa code -> (lat, lon) inside it; default: near SoE)."""
    rng = random.Random(seed)

    def gps(code: str, accuracy: float) -> tuple[float, float, float]:
        if points and code in points:
            return (*points[code], accuracy)
        return (-9.86 + rng.uniform(-0.01, 0.01), 124.28 + rng.uniform(-0.01, 0.01), accuracy)

    version = form_version(official, "53.02")
    rows = official.sort_values("kode").to_dict("records")
    keg: list[Submission] = []
    for n in range(14):
        venue = rng.choice(rows)
        repeat = []
        for _ in range(rng.randint(1, 4)):
            home = rng.choice(rows)
            jumlah = rng.randint(1, 30)
            laki = rng.randint(0, jumlah) if rng.random() < 0.5 else None
            repeat.append(
                {"kecamatan_asal": home["kecamatan_kode"], "desa_asal": home["kode"],
                 "desa_luar": None, "peran": slug(rng.choice(PERAN_PILIHAN)), "jumlah": jumlah,
                 "laki_laki": laki, "perempuan": None if laki is None else jumlah - laki}
            )  # fmt: skip
        point = None
        if rng.random() < 0.5:
            point = gps(venue["kode"], 8.0)
        keg.append(
            Submission(
                f"{n:08x}-aaaa-4bbb-8ccc-{rng.getrandbits(48):012x}",
                {
                    "versi_formulir": version,
                    "id_kegiatan": f"KEG-{n:04d}{rng.randint(0, 9999):04d}",
                    "tanggal": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                    "kecamatan_kegiatan": venue["kecamatan_kode"],
                    "desa_kegiatan": venue["kode"],
                    "lokasi_kegiatan": point,
                    "tema": "Pencegahan TPPO",
                    "penyelenggara": "Kantor Imigrasi Kupang",
                },
                repeat,
                f"2026-11-{n + 1:02d}T08:00:00.000+08:00",
            )
        )
    keg[3].repeat.append(
        {"kecamatan_asal": LUAR, "desa_asal": None, "desa_luar": "Oesapa, Kota Kupang",
         "peran": "warga", "jumlah": 2, "laki_laki": None, "perempuan": None}
    )  # fmt: skip
    keg[5].main["versi_formulir"] = OLD_VERSION
    keg[5].repeat[0]["desa_asal"] = GONE_CODE
    lap: list[Submission] = []
    for n in range(8):
        by_point = n % 2 == 0
        place = rng.choice(rows)
        main = {
            "versi_formulir": version, "id_laporan": f"LAP-{n:08d}",
            "tanggal": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "jenis": slug(rng.choice(JENIS_LAPORAN)),
            "cara_lokasi": "titik" if by_point else "desa",
            "titik": gps(place["kode"], 4.0 + n) if by_point else None,
            "kecamatan": None if by_point else place["kecamatan_kode"],
            "desa": None if by_point else place["kode"], "status": "baru", "sumber": "masyarakat",
        }  # fmt: skip
        lap.append(Submission(f"{n:08x}-dddd-4eee-8fff-000000000000", main, [],
                              f"2026-11-{n + 1:02d}T09:00:00.000+08:00"))  # fmt: skip
    lap[2].main["titik"] = (*lap[2].main["titik"][:2], 2500.0)  # poor accuracy
    early_k, early_l = [_copy(s) for s in keg[:9]], [_copy(s) for s in lap[:5]]
    # Later: edits (a count; a deleted repeat row) and new submissions.
    late_k, late_l = [_copy(s) for s in keg], [_copy(s) for s in lap]
    late_k[1].repeat[0]["jumlah"] += 5
    late_k[1].repeat[0]["laki_laki"] = late_k[1].repeat[0]["perempuan"] = None
    if len(late_k[2].repeat) < 2:
        late_k[2].repeat.append(dict(late_k[2].repeat[0], peran="guru"))
        early_k[2].repeat.append(dict(early_k[2].repeat[0], peran="guru"))
    del late_k[2].repeat[-1]
    late_l[0].main["status"] = "diproses"
    for s in (late_k[1], late_k[2], late_l[0]):
        s.edits = 1
    return Fixture(early_k, late_k, early_l, late_l, edited=3, new_late=5 + 3)


def _copy(s: Submission) -> Submission:
    return Submission(s.uuid, dict(s.main), [dict(r) for r in s.repeat], s.time, s.edits)


# --- KoboToolbox XLSX ---------------------------------------------------------------------------
def write_kobo(path: Path, subs: list[Submission], form: str) -> Path:
    wb = openpyxl.Workbook()
    main = wb.active
    main.title = "Kegiatan Sosialisasi" if form == "kegiatan" else "Laporan Masyarakat"
    point = "lokasi_kegiatan" if form == "kegiatan" else "titik"
    fields = [k for k in subs[0].main if k != point]
    header = ["start", "end", *fields, point, f"_{point}_latitude", f"_{point}_longitude",
              f"_{point}_altitude", f"_{point}_precision", "meta/instanceID", "_id", "_uuid",
              "_submission_time", "_validation_status", "_submitted_by", "__version__", "_index"]  # fmt: skip
    main.append(header)
    rep = None
    if form == "kegiatan":
        rep = wb.create_sheet("peserta")
        rep.append([*(f"peserta/{k}" for k in ("id_kegiatan_induk", *subs[0].repeat[0])),
                    "_index", "_parent_table_name", "_parent_index", "_submission__id",
                    "_submission__uuid", "_submission__submission_time"])  # fmt: skip
    r_index = 0
    for i, s in enumerate(subs, start=1):
        p = s.main.get(point)
        geo = [None] * 5 if p is None else [f"{p[0]} {p[1]} 0 {p[2]}", p[0], p[1], 0, p[2]]
        main.append(["2026-11-01T08:00:00", "2026-11-01T08:30:00",
                     *(s.main[k] for k in fields), *geo, f"uuid:{s.uuid}", 1000 + i, s.uuid,
                     s.time[:19], None, "petugas.lapangan", "vAbc123", i])  # fmt: skip
        for row in s.repeat:
            r_index += 1
            assert rep is not None
            rep.append([s.main["id_kegiatan"], *row.values(), r_index, main.title, i, 1000 + i,
                        s.uuid, s.time[:19]])  # fmt: skip
    wb.save(path)
    return path


# --- ODK Central CSV ------------------------------------------------------------------------------
def write_odk(folder: Path, subs: list[Submission], form: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    point = "lokasi_kegiatan" if form == "kegiatan" else "titik"
    fields = [k for k in subs[0].main if k != point]
    name = "sosialisasi_kegiatan" if form == "kegiatan" else "sosialisasi_laporan"
    main_path = folder / f"{name}.csv"
    with main_path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["SubmissionDate", *fields, *(f"{point}-{p}" for p in
                      ("Latitude", "Longitude", "Altitude", "Accuracy")), "meta-instanceID",
                      "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                      "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
                      "FormVersion"])  # fmt: skip
        for s in subs:
            p = s.main.get(point)
            geo = ["", "", "", ""] if p is None else [p[0], p[1], 0, p[2]]
            out.writerow([s.time, *(_csv(s.main[k]) for k in fields), *geo,
                          f"uuid:{s.uuid}", f"uuid:{s.uuid}", 7, "Petugas Lapangan", 0, 0, "",
                          "", "collect:abc", s.edits, s.main["versi_formulir"]])  # fmt: skip
    paths = [main_path]
    if form == "kegiatan":
        rep_path = folder / f"{name}-peserta.csv"
        with rep_path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow([*(f"peserta-{k}" for k in ("id_kegiatan_induk", *subs[0].repeat[0])),
                          "PARENT_KEY", "KEY"])  # fmt: skip
            for s in subs:
                for j, row in enumerate(s.repeat, start=1):
                    out.writerow([s.main["id_kegiatan"], *(_csv(v) for v in row.values()),
                                  f"uuid:{s.uuid}", f"uuid:{s.uuid}/peserta[{j}]"])  # fmt: skip
        paths.append(rep_path)
    return paths


def _csv(value: Any) -> Any:
    return "" if value is None else value


# --- the same data typed by hand ----------------------------------------------------------------
def desa_points(desa: Any) -> dict[str, tuple[float, float]]:
    """Desa code -> (lat, lon) of a point inside it, from the boundary layer."""
    inside = desa.set_index("kode").geometry.to_crs("EPSG:4326").representative_point()
    return {str(k): (round(p.y, 6), round(p.x, 6)) for k, p in inside.items()}


def write_hand_typed(path: Path, fx: Fixture, official: pd.DataFrame) -> Path:
    """The later export's data as an officer would type it (names, dd/mm/yyyy)."""
    names = official.set_index("kode")
    kec = official.drop_duplicates("kecamatan_kode").set_index("kecamatan_kode")["kecamatan"]
    by_slug = {slug(p): p for p in PERAN_PILIHAN}
    jenis = {slug(j): j for j in JENIS_LAPORAN}

    def place(code: str | None) -> tuple[str, str]:
        if code in names.index:
            return str(names.loc[code, "kecamatan"]), str(names.loc[code, "nama"])
        return "", str(code)

    def day(iso: str) -> str:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kegiatan"
    ws.append(["ID Kegiatan", "Tanggal", "Kecamatan", "Desa", "Lintang", "Bujur", "Tema"])
    pes = wb.create_sheet("Peserta")
    pes.append(["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah", "Laki-laki", "Perempuan"])
    for s in fx.kegiatan_late:
        m = s.main
        p = m["lokasi_kegiatan"]
        ws.append([m["id_kegiatan"], day(m["tanggal"]), *place(m["desa_kegiatan"]),
                   p[0] if p else None, p[1] if p else None, m["tema"]])  # fmt: skip
        for r in s.repeat:
            k, d = (r["desa_luar"], "") if r["kecamatan_asal"] == LUAR else place(r["desa_asal"])
            if r["kecamatan_asal"] == LUAR:
                k, d = "", "Oesapa"
            pes.append([m["id_kegiatan"], k or kec.get(r["kecamatan_asal"], ""), d,
                        by_slug[r["peran"]], r["jumlah"], r["laki_laki"], r["perempuan"]])  # fmt: skip
    lap = wb.create_sheet("Laporan")
    lap.append(["No Laporan", "Tanggal", "Jenis", "Lintang", "Bujur", "Kecamatan", "Desa"])
    for s in fx.laporan_late:
        m = s.main
        p = m["titik"]
        k, d = place(m["desa"]) if m["desa"] else ("", "")
        lap.append([m["id_laporan"], day(m["tanggal"]), jenis[m["jenis"]],
                    p[0] if p else None, p[1] if p else None, k, d])  # fmt: skip
    wb.save(path)
    return path


def write_all(
    folder: Path,
    official: pd.DataFrame,
    seed: int = 14,
    points: dict[str, tuple[float, float]] | None = None,
) -> dict[str, list[Path]]:
    """Every layout of the fixture under ``folder``: name -> files."""
    fx = make_fixture(official, seed, points)
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "kobo_awal": [
            write_kobo(folder / "kobo_kegiatan_awal.xlsx", fx.kegiatan_early, "kegiatan"),
            write_kobo(folder / "kobo_laporan_awal.xlsx", fx.laporan_early, "laporan"),
        ],
        "kobo_akhir": [
            write_kobo(folder / "kobo_kegiatan_akhir.xlsx", fx.kegiatan_late, "kegiatan"),
            write_kobo(folder / "kobo_laporan_akhir.xlsx", fx.laporan_late, "laporan"),
        ],
        "odk_akhir": [
            *write_odk(folder / "odk_akhir", fx.kegiatan_late, "kegiatan"),
            *write_odk(folder / "odk_akhir", fx.laporan_late, "laporan"),
        ],
        "tangan": [write_hand_typed(folder / "diketik.xlsx", fx, official)],
    }
