"""The three sheets of the synthetic sample (:mod:`etl.sample`) as frames.

``Kegiatan`` (one row per planned session), ``Peserta`` (attendance per home village and
role, plus rows that must land in review: unreadable counts, ambiguous or foreign names)
and ``Laporan`` (reports with a point inside a desa or with names only, plus bad points:
(0, 0), the sea, another kabupaten, swapped coordinates). Visible columns carry the
header labels; ``_``-prefixed columns carry the generator's truth.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from etl.sample.places import PERIOD_END, PERIOD_START, REAL_SESSION_ID, Geo
from etl.sample.typos import (
    JENIS_TYPED,
    ROLE_TYPED,
    typed_coord,
    typed_count,
    typed_date,
    typed_desa,
    typed_kecamatan,
)
from etl.tools.names import name_key

N_REPORTS: Final = 300
NOTICE: Final = "DATA CONTOH — sintetis, bukan data nyata"

# sessions
_TEMA: Final = (
    "Sosialisasi pencegahan TPPO",
    "Prosedur resmi bekerja ke luar negeri (PMI prosedural)",
    "Pengawasan orang asing (Timpora) dan pencegahan TPPO",
    "Keimigrasian dan bahaya perdagangan orang",
)
_NARASUMBER: Final = ("Kasi Tikkim", "Kasi Inteldakim", "Petugas Imigrasi Kupang", "Tim Timpora")
_PENYELENGGARA: Final = (
    "Kantor Imigrasi Kelas I TPI Kupang", "Kanim Kupang", "Imigrasi Kupang",
    "Kantor Imigrasi Kupang bersama Pemkab TTS",
)  # fmt: skip
_REAL_KEGIATAN: Final = {
    "Tanggal": "11/03/2024", "Kecamatan": "Kota Soe", "Desa/Kelurahan": "SoE",
    "Tema": "Sosialisasi keimigrasian dan peran Imigrasi dalam mencegah TPPO",
    "Narasumber": "Kepala Seksi Teknologi Informasi dan Komunikasi Keimigrasian",
    "Penyelenggara": "Kantor Imigrasi Kelas I TPI Kupang",
    "Catatan": "Kegiatan nyata (berita Imigrasi Kupang, 11/03/2024) untuk lurah, kepala desa, "
    "ketua RT/RW di Kota Soe; tempat persis tidak disebut (diisi Kel. SoE); jumlah per desa "
    f"adalah contoh. {NOTICE}.",
}  # fmt: skip

# attendance: role -> (probability for an invited village, (min, max)); the venue village brings more.
_INVITED: Final = {
    "kepala": (0.9, (1, 1)), "perangkat desa": (0.25, (1, 2)), "ketua RT": (0.45, (1, 6)),
    "ketua RW": (0.3, (1, 3)), "tokoh masyarakat": (0.3, (1, 3)), "tokoh agama": (0.25, (1, 2)),
    "tokoh adat": (0.2, (1, 2)), "guru": (0.1, (1, 3)), "calon pekerja migran": (0.1, (1, 4)),
    "warga": (0.15, (2, 10)),
}  # fmt: skip
_VENUE: Final = {
    "kepala": (0.95, (1, 1)), "perangkat desa": (0.6, (1, 4)), "ketua RT": (0.7, (2, 8)),
    "ketua RW": (0.5, (1, 4)), "tokoh masyarakat": (0.6, (1, 4)), "tokoh agama": (0.5, (1, 3)),
    "tokoh adat": (0.4, (1, 3)), "guru": (0.3, (1, 4)), "calon pekerja migran": (0.4, (2, 12)),
    "warga": (0.95, (10, 60)),
}  # fmt: skip
_AMBIGUOUS: Final = ("Oinlasi", "Oe'ekam", "Oeekam", "Fatumnasi", "Nunbena", "Oeleu", "Tumu")
_FOREIGN: Final = ("Oesao", "Noelbaki", "Baumata", "Tarus", "Penfui Timur")
_BAD_PESERTA: Final = ("#N/A", "#N/A", "#REF!", "-2", "1.000", "")

_SUMBER: Final = (
    "warga",
    "kepala desa",
    "ketua RT",
    "tokoh agama",
    "media sosial",
    "petugas imigrasi",
)  # reports
_OUTSIDE: Final = ((-10.1718, 123.607), (-9.4467, 124.4781))  # Kota Kupang, Kefamenanu (TTU)


def kegiatan_sheet(
    geo: Geo, sessions: list[dict[str, Any]], rng: np.random.Generator
) -> pd.DataFrame:
    """One ``Kegiatan`` row per session (the real one with its reported details); two
    synthetic sessions get an impossible date and must land in review."""
    rows = []
    bad = set(rng.choice(np.arange(1, len(sessions)), size=2, replace=False).tolist())
    bad_dates = iter(("31/02/2025", "03/31/2025"))  # impossible; month first
    for n, s in enumerate(sessions):
        v, o = s["venue"], geo.o.loc[s["venue"]]
        lat = lon = None
        if s["place"] != "nyata" and rng.random() < 0.4:
            lat, lon = geo.point_in(v, rng)
        row = {
            "No": n + 1, "ID Kegiatan": s["id"], "Tanggal": typed_date(s["date"], rng),
            "Kecamatan": typed_kecamatan(str(o["kecamatan"]), rng),
            "Desa/Kelurahan": typed_desa(geo, v, rng), "Lintang": lat, "Bujur": lon,
            "Tema": str(rng.choice(_TEMA)), "Narasumber": str(rng.choice(_NARASUMBER)),
            "Penyelenggara": str(rng.choice(_PENYELENGGARA)),
            "Catatan": f"{_place_text(s['place'], o)}. {NOTICE}.",
            "_desa_kode": o["kode"], "_tanggal": s["date"], "_harapan": "terima",
        }  # fmt: skip
        if s["place"] == "nyata":
            row |= _REAL_KEGIATAN
        if n in bad:
            row |= {"Tanggal": next(bad_dates), "_harapan": "tinjau"}
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def peserta_sheet(
    geo: Geo, sessions: list[dict[str, Any]], rng: np.random.Generator
) -> pd.DataFrame:
    """``Peserta`` rows per session, home village and role, about 1.5% with a bad count or
    blank desa, plus ambiguous names and names from other kabupaten without kecamatan (all
    for review); fake ``Nama``/``No HP`` on single-person rows (dropped at ingestion)."""
    rows: list[dict[str, Any]] = []
    for s in sessions:
        block = _real_attendance(geo, s, rng) if s["place"] == "nyata" else []
        if not block:
            for village in [s["venue"], *s["invited"].tolist()]:
                spec = _VENUE if village == s["venue"] else _INVITED
                block += _village_rows(geo, s["id"], int(village), spec, rng)
        rows += block
    frame = pd.DataFrame(rows, dtype=object)
    synthetic = np.flatnonzero(frame["ID Kegiatan"].ne(REAL_SESSION_ID).to_numpy())
    n_bad = round(0.015 * len(frame))
    for i, text in zip(
        rng.choice(synthetic, n_bad, replace=False), _cycle(_BAD_PESERTA, n_bad), strict=True
    ):
        col = "Desa/Kelurahan" if text == "" else "Jumlah"
        frame.loc[i, [col, "_harapan"]] = [text or None, "tinjau"]
    extra = [*_cycle(_AMBIGUOUS, 10), *[n for n in _FOREIGN if _is_foreign(geo, n)]]
    for text in extra:
        at = int(rng.choice(synthetic))
        row = frame.loc[at].to_dict() | {"Kecamatan": None, "Desa/Kelurahan": text,
                                          "_desa_kode": None, "_harapan": "tinjau"}  # fmt: skip
        frame = pd.concat([frame.iloc[: at + 1], pd.DataFrame([row]), frame.iloc[at + 1 :]])
        frame = frame.reset_index(drop=True)
        synthetic = np.flatnonzero(frame["ID Kegiatan"].ne(REAL_SESSION_ID).to_numpy())
    frame.insert(0, "No", np.arange(1, len(frame) + 1))
    fake = frame["_jumlah"].eq(1)
    frame["Nama"] = [
        f"Peserta {n:04d}" if f else None for n, f in zip(frame["No"], fake, strict=True)
    ]
    frame["No HP"] = [
        f"0800-0000-{n:04d}" if f else None for n, f in zip(frame["No"], fake, strict=True)
    ]
    return frame


def laporan_sheet(geo: Geo, rng: np.random.Generator) -> pd.DataFrame:
    """``Laporan`` rows: 80% with a point inside the desa, else names; 12 are bad ((0, 0),
    sea, other kabupaten, ambiguous name, impossible date) or swapped (``tukar``)."""
    w = 0.5 * np.exp(-geo.d_soe / 40.0) / np.exp(-geo.d_soe / 40.0).sum() + 0.5 / len(geo.d_soe)
    where = rng.choice(len(w), size=N_REPORTS, p=w / w.sum())
    days = np.sort(rng.integers(0, (PERIOD_END - PERIOD_START).days + 1, size=N_REPORTS))
    rows = []
    for n, (i, d) in enumerate(zip(where.tolist(), days.tolist(), strict=True)):
        o, day = geo.o.loc[i], PERIOD_START + timedelta(days=d)
        jenis = str(rng.choice(list(JENIS_TYPED), p=[0.3, 0.5, 0.2]))
        age = (PERIOD_END - day).days
        status = rng.choice(("baru", "diproses", "diteruskan ke Polres", "selesai"),
                            p=[0.6, 0.3, 0.05, 0.05] if age < 60 else [0.05, 0.2, 0.15, 0.6])  # fmt: skip
        row = {"No": n + 1, "No Laporan": f"LAP-{day.year}-{n + 1:03d}",
               "Tanggal": typed_date(day, rng), "Jenis": str(rng.choice(JENIS_TYPED[jenis])),
               "Lintang": None, "Bujur": None, "Kecamatan": None, "Desa/Kelurahan": None,
               "Status": str(status), "Sumber": str(rng.choice(_SUMBER)),
               "_desa_kode": o["kode"], "_jenis": jenis, "_harapan": "terima"}  # fmt: skip
        if rng.random() < 0.8:
            lat, lon = geo.point_in(i, rng)
            row |= {"Lintang": typed_coord(lat, rng), "Bujur": typed_coord(lon, rng)}
        else:
            row |= {
                "Kecamatan": typed_kecamatan(str(o["kecamatan"]), rng),
                "Desa/Kelurahan": typed_desa(geo, i, rng),
            }
        rows.append(row)
    frame = pd.DataFrame(rows, dtype=object)
    bad = rng.choice(N_REPORTS, size=12, replace=False)
    sea = geo.sea_point()
    fixes: list[dict[str, Any]] = [
        {"Lintang": 0, "Bujur": 0},
        {"Lintang": "0,0", "Bujur": "0,0"},
        {}, {}, {},  # swapped lat/lon, filled below
        {"Lintang": sea[0], "Bujur": sea[1]},
        {"Lintang": round(sea[0] - 0.05, 5), "Bujur": round(sea[1] + 0.1, 5)},
        {"Lintang": _OUTSIDE[0][0], "Bujur": _OUTSIDE[0][1]},
        {"Lintang": _OUTSIDE[1][0], "Bujur": _OUTSIDE[1][1]},
        {"Lintang": None, "Bujur": None, "Kecamatan": None, "Desa/Kelurahan": "Oinlasi"},
        {"Lintang": None, "Bujur": None, "Kecamatan": " ", "Desa/Kelurahan": "Ds. Oinlasi"},
        {"Tanggal": "31/02/2025"},
    ]  # fmt: skip
    for k, at in enumerate(bad.tolist()):
        fix = ({"Kecamatan": None, "Desa/Kelurahan": None} if k <= 8 else {}) | fixes[k]
        fix["_harapan"] = "tinjau"
        if k in (2, 3, 4):
            lat, lon = geo.point_in(int(where[at]), rng)
            fix |= {"Lintang": lon, "Bujur": lat, "_harapan": "tukar"}
        elif k <= 10:
            fix["_desa_kode"] = None
        for col, value in fix.items():
            frame.at[at, col] = value
    return frame


def _place_text(place: str, o: pd.Series) -> str:
    unit = "Kantor Kelurahan" if o["jenis"] == "kelurahan" else "Kantor Desa"
    return {
        "kantor desa": f"{unit} {o['nama']}", "kantor camat": f"Aula Kantor Camat {o['kecamatan']}",
        "gereja": f"Gedung gereja di {o['nama']}", "aula sekolah": f"Aula sekolah di {o['nama']}",
    }.get(place, "")  # fmt: skip


def _village_rows(geo: Geo, sid: str, i: int, spec: dict[str, tuple[float, tuple[int, int]]],
                  rng: np.random.Generator) -> list[dict[str, Any]]:  # fmt: skip
    o = geo.o.loc[i]
    out = []
    for role, (p, (lo, hi)) in spec.items():
        if role == "kepala":
            role = "lurah" if o["jenis"] == "kelurahan" else "kepala desa"
        if rng.random() < p:
            out.append(_row(geo, sid, i, role, int(rng.integers(lo, hi + 1)), rng))
    return out or [_row(geo, sid, i, "warga", int(rng.integers(1, 6)), rng)]


def _real_attendance(geo: Geo, s: dict[str, Any], rng: np.random.Generator) -> list[dict[str, Any]]:
    out = []
    for i in [s["venue"], *s["invited"].tolist()]:
        o = geo.o.loc[i]
        kb = o["nama"] == "Kampung Baru"
        out.append(
            _row(geo, s["id"], i, "lurah" if o["jenis"] == "kelurahan" else "kepala desa", 1, rng)
        )
        rt = _row(geo, s["id"], i, "ketua RT", int(rng.integers(5 if kb else 2, 10)), rng)
        if kb:  # "Ketua RT 05 Kelurahan Kampung Baru" in the news report
            rt |= {"Kecamatan": "Kota Soe", "Desa/Kelurahan": "Kel. Kampung Baru"}
        out.append(rt)
        if kb or rng.random() < 0.6:
            out.append(_row(geo, s["id"], i, "ketua RW", int(rng.integers(1, 4)), rng))
    return out


def _row(geo: Geo, sid: str, i: int, role: str, n: int, rng: np.random.Generator) -> dict[str, Any]:
    o = geo.o.loc[i]
    blank_kec = geo.unique_key[i] and rng.random() < 0.1
    male = int(rng.binomial(n, 0.8 if role in ("kepala desa", "lurah") else 0.55))
    split = rng.random() < 0.4
    return {
        "ID Kegiatan": sid, "Kecamatan": None if blank_kec else typed_kecamatan(str(o["kecamatan"]), rng),
        "Desa/Kelurahan": typed_desa(geo, i, rng), "Peran": str(rng.choice(ROLE_TYPED[role])),
        "Jumlah": typed_count(n, rng), "Laki-laki": male if split else None,
        "Perempuan": n - male if split else None,
        "_desa_kode": o["kode"], "_peran": role, "_jumlah": n, "_harapan": "terima",
    }  # fmt: skip


def _is_foreign(geo: Geo, name: str) -> bool:
    return max(fuzz.ratio(name_key(name), k) for k in geo.keys) < 80


def _cycle(values: tuple[str, ...], n: int) -> list[str]:
    return [values[k % len(values)] for k in range(n)]
