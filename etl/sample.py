"""Deterministic synthetic officer workbook for Kab. Timor Tengah Selatan (``sample``).

``contoh_sosialisasi.xlsx`` looks like what an officer fills in: sessions (``Kegiatan``)
concentrated around Kota Soe (venue chosen with weight ``exp(-d / 8 km)``, d = distance to
the nearest Kota Soe desa; with 25 km the 150 sessions reached ~230 of 278 desa, not "about
half"), each inviting leaders of 1-4 villages within 10 km of the venue, so attendance comes
from ~130-165 desa depending on the seed; attendance (``Peserta``) per home village and role;
reports (``Laporan``) with points sampled inside desa polygons or with names only. Values
are typed the way people type them (case, ``Desa``/``Kel.`` prefixes, missing apostrophes,
joined words, a few safe typos, mixed date forms, ``5 orang``), and about 2-4% of the rows
are genuinely bad and must land in review (ambiguous name without kecamatan, ``31/02/2025``,
``#N/A``, (0, 0), a point in the sea or in another kabupaten, ...). A pair of swapped
coordinates is included too (auto-corrected only if flagged, else review).

The real session of 11/03/2024 in Kota Soe (news report of Kantor Imigrasi Kupang) is
included as ``KGT-2024-03-11-SOE``; its per-village counts are illustrative.

Same seed -> same cell values and, with :func:`etl.template.save_workbook_stable`, the same
bytes. Each sheet frame also carries the generator's truth in ``_``-prefixed columns
(``_desa_kode``, ``_harapan`` = terima/tinjau/tukar, ...), which are not written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook
from rapidfuzz import fuzz

from etl.io.sample_flag import SAMPLE_MARKER
from etl.template import save_workbook_stable, write_header, write_petunjuk
from etl.tools.names import name_key

__all__ = [
    "DEFAULT_SEED", "PERIOD_END", "PERIOD_START", "REAL_SESSION_ID", "SAMPLE_FILENAME",
    "Sample", "build_sample", "make_sample_workbook", "write_sample_workbook",
]  # fmt: skip

SAMPLE_FILENAME: Final = "contoh_sosialisasi.xlsx"
DEFAULT_SEED: Final = 20240311
PERIOD_START: Final = date(2024, 3, 1)
PERIOD_END: Final = date(2026, 11, 30)
REAL_SESSION_ID: Final = "KGT-2024-03-11-SOE"
N_SESSIONS: Final = 150
N_REPORTS: Final = 300
VENUE_SCALE_KM: Final = 8.0
INVITE_RADIUS_KM: Final = 10.0
INVITE_COUNT: Final = (1, 5)  # invited villages besides the venue: 1..4
NOTICE: Final = "DATA CONTOH — sintetis, bukan data nyata"


@dataclass(frozen=True)
class Sample:
    """Sheet name -> frame (header labels as columns, ``_truth`` columns), and counts."""

    sheets: dict[str, pd.DataFrame]
    counts: dict[str, int]


def make_sample_workbook(
    out_dir: Path, official: pd.DataFrame, desa: gpd.GeoDataFrame, *, seed: int = DEFAULT_SEED
) -> Path:
    """Generate the sample (see :func:`build_sample`) and write ``out_dir/contoh_sosialisasi.xlsx``."""
    return write_sample_workbook(build_sample(official, desa, seed=seed), out_dir)


def build_sample(
    official: pd.DataFrame, desa: gpd.GeoDataFrame, *, seed: int = DEFAULT_SEED
) -> Sample:
    """Generate the three sheets from the official list and desa polygons (EPSG:4326).

    ``counts``: ``kegiatan``, ``peserta_baris``, ``laporan`` (rows), ``desa_asal`` (distinct
    home desa of rows that should be accepted; rows of a session in review are in review),
    ``orang``, ``tinjau_kegiatan``/``tinjau_peserta``/``tinjau_laporan`` (rows that must
    land in review), ``tukar_laporan`` (swapped coordinates).
    """
    geo = _Geo(official, desa)
    rng = np.random.default_rng(seed)
    sessions = _plan_sessions(geo, rng)
    kegiatan = _kegiatan_sheet(geo, sessions, rng)
    peserta = _peserta_sheet(geo, sessions, rng)
    laporan = _laporan_sheet(geo, rng)
    # attendance of a session whose own row is in review cannot be dated: review too
    undated = peserta["ID Kegiatan"].isin(
        kegiatan.loc[kegiatan["_harapan"] == "tinjau", "ID Kegiatan"]
    )
    peserta.loc[undated, "_harapan"] = "tinjau"
    ok = peserta["_harapan"] == "terima"
    counts = {
        "kegiatan": len(kegiatan),
        "peserta_baris": len(peserta),
        "laporan": len(laporan),
        "desa_asal": int(peserta.loc[ok, "_desa_kode"].nunique()),
        "orang": int(peserta.loc[ok, "_jumlah"].sum()),
        "tinjau_kegiatan": int((kegiatan["_harapan"] == "tinjau").sum()),
        "tinjau_peserta": int((peserta["_harapan"] == "tinjau").sum()),
        "tinjau_laporan": int((laporan["_harapan"] == "tinjau").sum()),
        "tukar_laporan": int((laporan["_harapan"] == "tukar").sum()),
    }
    return Sample({"Kegiatan": kegiatan, "Peserta": peserta, "Laporan": laporan}, counts)


def write_sample_workbook(sample: Sample, out_dir: Path) -> Path:
    """Write the visible columns of ``sample`` to ``out_dir/contoh_sosialisasi.xlsx``."""
    wb = Workbook()
    lines = [NOTICE, f"Penanda: {SAMPLE_MARKER}", "", *_petunjuk_sample()]
    write_petunjuk(wb.active, lines)
    for name, frame in sample.sheets.items():
        ws = wb.create_sheet(name)
        columns = [c for c in frame.columns if not str(c).startswith("_")]
        top = 1
        if name == "Peserta":  # a title above the header, as officers often do
            ws["A1"] = f"DAFTAR HADIR SOSIALISASI ({NOTICE})"
            top = 3
        write_header(ws, [(c, max(10, len(c) + 4)) for c in columns], row=top)
        for r, values in enumerate(frame[columns].itertuples(index=False), start=top + 1):
            for c, value in enumerate(values, start=1):
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY"
    wb.properties.keywords = SAMPLE_MARKER
    wb.properties.title = NOTICE
    return save_workbook_stable(wb, out_dir / SAMPLE_FILENAME)


# --- geography ---------------------------------------------------------------------------
class _Geo:
    """Official desa in code order with metric centroids, distances and polygons."""

    def __init__(self, official: pd.DataFrame, desa: gpd.GeoDataFrame) -> None:
        need = {"kode", "nama", "jenis", "kecamatan_kode", "kecamatan"}
        if missing := need - set(official.columns):
            raise ValueError(f"Daftar resmi tanpa kolom: {', '.join(sorted(missing))}")
        if "kode" not in desa.columns or desa.crs is None or desa.crs.to_epsg() != 4326:
            raise ValueError("Layer desa harus punya kolom kode dan CRS EPSG:4326.")
        self.o = official.sort_values("kode").reset_index(drop=True)
        geoms = desa.set_index("kode").geometry.reindex(self.o["kode"])
        if geoms.isna().any():
            raise ValueError("Ada desa di daftar resmi tanpa poligon.")
        if not (self.o["kecamatan"] == "Kota Soe").any():
            raise ValueError("Contoh hanya untuk Kab. Timor Tengah Selatan (53.02).")
        self.geoms = np.asarray(geoms.to_numpy(), dtype=object)
        self.outline = shapely.union_all(self.geoms)
        pts = gpd.GeoSeries(geoms.to_numpy(), crs=4326).to_crs(32750).representative_point()
        xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()]) / 1000.0
        self.dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        soe = np.flatnonzero((self.o["kecamatan"] == "Kota Soe").to_numpy())
        self.d_soe = self.dist[:, soe].min(axis=1)
        keys = self.o["nama"].map(name_key)
        self.keys = keys.tolist()
        self.unique_key = (~keys.duplicated(keep=False)).to_numpy()

    def point_in(self, i: int, rng: np.random.Generator) -> tuple[float, float]:
        """(lat, lon) rounded to 6 decimals, uniformly inside polygon ``i`` (rejection)."""
        geom = self.geoms[i]
        minx, miny, maxx, maxy = geom.bounds
        while True:
            x = round(float(rng.uniform(minx, maxx)), 6)
            y = round(float(rng.uniform(miny, maxy)), 6)
            if shapely.contains_xy(geom, x, y):
                return y, x

    def sea_point(self) -> tuple[float, float]:
        """A point 0.1 degree south of the kabupaten's southernmost vertex (the Timor Sea)."""
        coords = shapely.get_coordinates(self.outline)
        x, y = coords[np.argmin(coords[:, 1])]
        return round(float(y) - 0.1, 5), round(float(x), 5)


# --- sessions ----------------------------------------------------------------------------
_PLACES: Final = ("kantor desa", "kantor camat", "gereja", "aula sekolah")


def _plan_sessions(geo: _Geo, rng: np.random.Generator) -> list[dict[str, Any]]:
    weights = np.exp(-geo.d_soe / VENUE_SCALE_KM)
    venues = rng.choice(len(weights), size=N_SESSIONS - 1, p=weights / weights.sum())
    days = (PERIOD_END - PERIOD_START).days
    out: list[dict[str, Any]] = []
    for venue in venues:
        day = PERIOD_START + timedelta(days=int(rng.integers(0, days + 1)))
        day -= timedelta(days=max(0, day.weekday() - 4))  # weekends -> Friday
        place = str(rng.choice(_PLACES, p=[0.45, 0.2, 0.2, 0.15]))
        near = np.flatnonzero(geo.dist[venue] <= INVITE_RADIUS_KM)
        near = near[near != venue]
        k = min(len(near), int(rng.integers(*INVITE_COUNT)))
        w = np.exp(-geo.dist[venue, near] / 5.0)
        invited = rng.choice(near, size=k, replace=False, p=w / w.sum()) if k else near
        out.append({"date": day, "venue": int(venue), "place": place, "invited": invited})
    out.sort(key=lambda s: (s["date"], s["venue"]))
    per_year: dict[int, int] = {}
    for s in out:
        per_year[s["date"].year] = per_year.get(s["date"].year, 0) + 1
        s["id"] = f"KGT-{s['date'].year}-{per_year[s['date'].year]:03d}"
    return [_real_session(geo), *out]


def _real_session(geo: _Geo) -> dict[str, Any]:
    soe = np.flatnonzero((geo.o["kecamatan"] == "Kota Soe").to_numpy())
    venue = int(soe[geo.o.loc[soe, "nama"].str.casefold().to_numpy() == "soe"][0])
    return {"id": REAL_SESSION_ID, "date": date(2024, 3, 11), "venue": venue, "place": "nyata",
            "invited": soe[soe != venue]}  # fmt: skip


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


def _kegiatan_sheet(
    geo: _Geo, sessions: list[dict[str, Any]], rng: np.random.Generator
) -> pd.DataFrame:
    rows = []
    bad = set(rng.choice(np.arange(1, len(sessions)), size=2, replace=False).tolist())
    bad_dates = iter(("31/02/2025", "03/31/2025"))  # impossible; month first
    for n, s in enumerate(sessions):
        v, o = s["venue"], geo.o.loc[s["venue"]]
        lat = lon = None
        if s["place"] != "nyata" and rng.random() < 0.4:
            lat, lon = geo.point_in(v, rng)
        row = {
            "No": n + 1, "ID Kegiatan": s["id"], "Tanggal": _typed_date(s["date"], rng),
            "Kecamatan": _typed_kecamatan(str(o["kecamatan"]), rng),
            "Desa/Kelurahan": _typed_desa(geo, v, rng), "Lintang": lat, "Bujur": lon,
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


_REAL_KEGIATAN: Final = {
    "Tanggal": "11/03/2024", "Kecamatan": "Kota Soe", "Desa/Kelurahan": "SoE",
    "Tema": "Sosialisasi keimigrasian dan peran Imigrasi dalam mencegah TPPO",
    "Narasumber": "Kepala Seksi Teknologi Informasi dan Komunikasi Keimigrasian",
    "Penyelenggara": "Kantor Imigrasi Kelas I TPI Kupang",
    "Catatan": "Kegiatan nyata (berita Imigrasi Kupang, 11/03/2024) untuk lurah, kepala desa, "
    "ketua RT/RW di Kota Soe; tempat persis tidak disebut (diisi Kel. SoE); jumlah per desa "
    f"adalah contoh. {NOTICE}.",
}  # fmt: skip


def _place_text(place: str, o: pd.Series) -> str:
    unit = "Kantor Kelurahan" if o["jenis"] == "kelurahan" else "Kantor Desa"
    return {
        "kantor desa": f"{unit} {o['nama']}", "kantor camat": f"Aula Kantor Camat {o['kecamatan']}",
        "gereja": f"Gedung gereja di {o['nama']}", "aula sekolah": f"Aula sekolah di {o['nama']}",
    }.get(place, "")  # fmt: skip


# --- attendance --------------------------------------------------------------------------
# role -> (probability for an invited village, (min, max)); the venue village brings more.
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
_ROLE_TYPED: Final = {
    "kepala desa": ("Kepala Desa", "Kepala Desa", "kepala desa", "Kades", "KADES"),
    "lurah": ("Lurah", "Lurah", "lurah", "LURAH"),
    "perangkat desa": ("Perangkat Desa", "Sekdes", "Kaur Pemerintahan", "Kepala Dusun"),
    "ketua RT": ("Ketua RT", "Ketua RT", "ketua RT", "Ketua Rt", "RT"),
    "ketua RW": ("Ketua RW", "Ketua RW", "ketua rw", "RW"),
    "tokoh masyarakat": ("Tokoh Masyarakat", "Tokoh Masyarakat", "Tomas"),
    "tokoh agama": ("Tokoh Agama", "Tokoh Agama", "Toga", "Pendeta"),
    "tokoh adat": ("Tokoh Adat", "Tokoh Adat", "Tua Adat"),
    "guru": ("Guru", "Guru", "Kepala Sekolah"),
    "calon pekerja migran": ("Calon PMI", "Calon Pekerja Migran", "CPMI", "calon TKI"),
    "warga": ("Warga", "Warga", "Masyarakat", "Pemuda"),
}
_AMBIGUOUS: Final = ("Oinlasi", "Oe'ekam", "Oeekam", "Fatumnasi", "Nunbena", "Oeleu", "Tumu")
_FOREIGN: Final = ("Oesao", "Noelbaki", "Baumata", "Tarus", "Penfui Timur")
_BAD_PESERTA: Final = ("#N/A", "#N/A", "#REF!", "-2", "1.000", "")


def _peserta_sheet(
    geo: _Geo, sessions: list[dict[str, Any]], rng: np.random.Generator
) -> pd.DataFrame:
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


def _village_rows(geo: _Geo, sid: str, i: int, spec: dict[str, tuple[float, tuple[int, int]]],
                  rng: np.random.Generator) -> list[dict[str, Any]]:  # fmt: skip
    o = geo.o.loc[i]
    out = []
    for role, (p, (lo, hi)) in spec.items():
        if role == "kepala":
            role = "lurah" if o["jenis"] == "kelurahan" else "kepala desa"
        if rng.random() < p:
            out.append(_row(geo, sid, i, role, int(rng.integers(lo, hi + 1)), rng))
    return out or [_row(geo, sid, i, "warga", int(rng.integers(1, 6)), rng)]


def _real_attendance(
    geo: _Geo, s: dict[str, Any], rng: np.random.Generator
) -> list[dict[str, Any]]:
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


def _row(
    geo: _Geo, sid: str, i: int, role: str, n: int, rng: np.random.Generator
) -> dict[str, Any]:
    o = geo.o.loc[i]
    blank_kec = geo.unique_key[i] and rng.random() < 0.1
    male = int(rng.binomial(n, 0.8 if role in ("kepala desa", "lurah") else 0.55))
    split = rng.random() < 0.4
    return {
        "ID Kegiatan": sid, "Kecamatan": None if blank_kec else _typed_kecamatan(str(o["kecamatan"]), rng),
        "Desa/Kelurahan": _typed_desa(geo, i, rng), "Peran": str(rng.choice(_ROLE_TYPED[role])),
        "Jumlah": _typed_count(n, rng), "Laki-laki": male if split else None,
        "Perempuan": n - male if split else None,
        "_desa_kode": o["kode"], "_peran": role, "_jumlah": n, "_harapan": "terima",
    }  # fmt: skip


# --- reports -----------------------------------------------------------------------------
_JENIS_TYPED: Final = {
    "dugaan TPPO": ("Dugaan TPPO", "Dugaan TPPO", "TPPO", "Dugaan perdagangan orang"),
    "PMI nonprosedural": ("PMI Nonprosedural", "PMI non prosedural", "PMI Non-Prosedural", "CPMI ilegal"),
    "WNA mencurigakan": ("WNA mencurigakan", "WNA Mencurigakan", "Orang asing mencurigakan"),
}  # fmt: skip
_SUMBER: Final = (
    "warga",
    "kepala desa",
    "ketua RT",
    "tokoh agama",
    "media sosial",
    "petugas imigrasi",
)
_OUTSIDE: Final = ((-10.1718, 123.607), (-9.4467, 124.4781))  # Kota Kupang, Kefamenanu (TTU)


def _laporan_sheet(geo: _Geo, rng: np.random.Generator) -> pd.DataFrame:
    w = 0.5 * np.exp(-geo.d_soe / 40.0) / np.exp(-geo.d_soe / 40.0).sum() + 0.5 / len(geo.d_soe)
    where = rng.choice(len(w), size=N_REPORTS, p=w / w.sum())
    days = np.sort(rng.integers(0, (PERIOD_END - PERIOD_START).days + 1, size=N_REPORTS))
    rows = []
    for n, (i, d) in enumerate(zip(where.tolist(), days.tolist(), strict=True)):
        o, day = geo.o.loc[i], PERIOD_START + timedelta(days=d)
        jenis = str(rng.choice(list(_JENIS_TYPED), p=[0.3, 0.5, 0.2]))
        age = (PERIOD_END - day).days
        status = rng.choice(("baru", "diproses", "diteruskan ke Polres", "selesai"),
                            p=[0.6, 0.3, 0.05, 0.05] if age < 60 else [0.05, 0.2, 0.15, 0.6])  # fmt: skip
        row = {"No": n + 1, "No Laporan": f"LAP-{day.year}-{n + 1:03d}",
               "Tanggal": _typed_date(day, rng), "Jenis": str(rng.choice(_JENIS_TYPED[jenis])),
               "Lintang": None, "Bujur": None, "Kecamatan": None, "Desa/Kelurahan": None,
               "Status": str(status), "Sumber": str(rng.choice(_SUMBER)),
               "_desa_kode": o["kode"], "_jenis": jenis, "_harapan": "terima"}  # fmt: skip
        if rng.random() < 0.8:
            lat, lon = geo.point_in(i, rng)
            row |= {"Lintang": _typed_coord(lat, rng), "Bujur": _typed_coord(lon, rng)}
        else:
            row |= {
                "Kecamatan": _typed_kecamatan(str(o["kecamatan"]), rng),
                "Desa/Kelurahan": _typed_desa(geo, i, rng),
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


# --- typing like a person ----------------------------------------------------------------
_ABBREV: Final = {
    "Selatan": "Sel.",
    "Timur": "Tim.",
    "Barat": "Bar.",
    "Utara": "Utr",
    "Tengah": "Tgh",
}


def _typed_desa(geo: _Geo, i: int, rng: np.random.Generator) -> str:
    name, jenis = str(geo.o.at[i, "nama"]), str(geo.o.at[i, "jenis"])
    r = rng.random(7)
    if "'" in name and r[0] < 0.4:
        name = name.replace("'", "")  # Oe'ekam -> Oeekam
    if " " in name and r[1] < 0.25:
        name = name[:1] + name[1:].replace(" ", "").lower()  # Oe Kefan -> Oekefan
    if r[2] < 0.02:
        name = _typo(geo, i, name, rng)
    name = name.lower() if r[3] < 0.08 else name.upper() if r[3] < 0.13 else name
    if r[4] < 0.15:
        prefixes = ("Kel. ", "Kelurahan ") if jenis == "kelurahan" else ("Desa ", "Ds. ")
        name = prefixes[int(r[5] * 2)] + name
    return name + (" " if r[6] > 0.98 else "")


def _typo(geo: _Geo, i: int, name: str, rng: np.random.Generator) -> str:
    """Drop one inner letter, only when the result still points at one desa clearly."""
    j = int(rng.integers(1, max(2, len(name) - 1)))
    typo = name[:j] + name[j + 1 :]
    key = name_key(typo)
    scores = np.array([fuzz.ratio(key, k) for k in geo.keys])
    own, scores[i] = scores[i], 0
    clear = own >= 90 and scores.max() <= own - 10 and key != geo.keys[i]
    return typo if clear and name[j].isalpha() else name


def _typed_kecamatan(name: str, rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.08:
        return name.lower()
    if r < 0.12:
        return name.upper()
    if r < 0.19:
        return "Kec. " + name
    last = name.split()[-1]
    if r < 0.25 and last in _ABBREV:
        return name[: -len(last)] + _ABBREV[last]
    if r < 0.3 and ("'" in name or name == "Kot olin"):
        return {"KI'E": "Kie", "Kot olin": "Kot'olin"}.get(name, name.replace("'", ""))
    return name


def _typed_date(day: date, rng: np.random.Generator) -> object:
    r = rng.random()
    if r < 0.65:
        return day.strftime("%d/%m/%Y")
    if r < 0.85:
        return datetime(day.year, day.month, day.day)
    if r < 0.93:
        return f"{day.day}/{day.month}/{day.year}"
    return day.isoformat()


def _typed_count(n: int, rng: np.random.Generator) -> object:
    r = rng.random()
    return f"{n} orang" if r < 0.08 else f" {n} " if r < 0.12 else str(n) if r < 0.17 else n


def _typed_coord(value: float, rng: np.random.Generator) -> object:
    r = rng.random()
    return f"{value:.6f}".replace(".", ",") if r < 0.1 else f"{value:.6f}" if r < 0.15 else value


def _is_foreign(geo: _Geo, name: str) -> bool:
    return max(fuzz.ratio(name_key(name), k) for k in geo.keys) < 80


def _cycle(values: tuple[str, ...], n: int) -> list[str]:
    return [values[k % len(values)] for k in range(n)]


def _petunjuk_sample() -> list[str]:
    return [
        "Buku kerja ini dibuat otomatis oleh 'peta-sosialisasi sample' untuk mencoba aplikasi.",
        "Semua kegiatan, peserta dan laporan adalah rekaan, kecuali kegiatan "
        f"{REAL_SESSION_ID} (sosialisasi di Kota Soe, 11/03/2024, dari berita Imigrasi Kupang);",
        "jumlah peserta per desa pada kegiatan itu pun hanya contoh.",
        "Ejaan sengaja dibuat beragam seperti ketikan petugas, dan beberapa baris sengaja salah "
        "(mis. tanggal 31/02/2025, jumlah #N/A, titik 0,0) untuk menguji tabel tinjauan.",
        "Kolom Nama dan No HP berisi nilai palsu; kolom seperti itu dibuang saat diolah.",
    ]
