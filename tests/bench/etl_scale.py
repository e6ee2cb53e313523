"""Synthetic national-scale ETL inputs, the floor script, and the per-case child entry.

National scale (issue 3): every NTT desa polygon of the mirror (``db/kel/53/*.sql``,
3,352 polygons) copied ``copies`` times on a lon/lat grid so copies never overlap; each
copy gets its own province code (unique ``kode``) and kecamatan names with a suffix
(``Kota Soe Bravo``) so kecamatan groups stay unique. Inputs are CSV files (reading is
part of the measurement): ``kegiatan.csv``, ``peserta.csv`` (attendance, typed the way
people type: case, ``Desa`` prefix, some one-letter typos, blank kecamatan, unknown names,
bad counts), ``laporan.csv`` (points inside desa polygons plus (0,0), swapped, sea points).

Each case runs in a child process: ``python -m tests.bench.etl_scale CASE WORKDIR``; the
child prints one JSON line (its own inner timings); the parent measures wall and peak RSS.
"""

from __future__ import annotations

import glob
import json
import os
import pickle
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

PER_TANGGAL = date(2026, 11, 30)
NATIONAL_KABUPATEN = "00.00"
CASES = ("floor_sample", "etl_sample", "floor_nasional", "etl_nasional")
_SUFFIXES = (
    "", "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
    "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Xray", "Yankee", "Zulu",
)  # fmt: skip
_GRID_COLUMNS, _DX, _DY = 6, 7.0, 4.0  # NTT spans ~6.3 deg lon x ~3.3 deg lat
_PERAN = ("kepala desa", "lurah", "ketua RT", "ketua RW", "tokoh masyarakat", "tokoh agama",
          "tokoh adat", "perangkat desa", "guru", "calon pekerja migran", "warga", "lainnya")  # fmt: skip
_JENIS = ("dugaan TPPO", "PMI nonprosedural", "WNA mencurigakan")


def mirror_root() -> Path:
    """``$PETA_DATA_MIRROR``, else ``../shared/mirror`` next to the repository."""
    env = os.environ.get("PETA_DATA_MIRROR")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "mirror"


def _find(pattern: str) -> list[str]:
    repo = Path(__file__).resolve().parents[2]
    for root in (mirror_root(), repo / "geodata" / "cache"):
        found = sorted(glob.glob(str(root / pattern)))
        if found:
            return found
    raise FileNotFoundError(f"tidak ada {pattern} di mirror ({mirror_root()}) maupun cache")


def load_ntt_base(work: Path) -> dict[str, Any]:
    """NTT desa/kecamatan polygons + kabupaten outline union, parsed once and pickled.

    The desa are MultiPolygons, as ``run_etl`` reads them from a built GeoPackage
    (``geodata/build/*.gpkg`` stores the desa layer as MultiPolygon)."""
    cache = work / "ntt_base_multi.pkl"
    if cache.exists():
        with cache.open("rb") as fh:
            return dict(pickle.load(fh))
    from geodata.io.sqldump import parse_boundaries, parse_code_list, read_text

    bnd = "cahyadsn/wilayah_boundaries/*/db"
    desa = pd.concat(
        [parse_boundaries(read_text(Path(f))) for f in _find(f"{bnd}/kel/53/*.sql")],
        ignore_index=True,
    ).sort_values("kode", ignore_index=True)
    kec = parse_boundaries(read_text(Path(_find(f"{bnd}/kec/wilayah_boundaries_kec_53.sql")[0])))
    kab = parse_boundaries(read_text(Path(_find(f"{bnd}/kab/wilayah_boundaries_kab_53.sql")[0])))
    codes = parse_code_list(read_text(Path(_find("cahyadsn/wilayah/*/db/wilayah.sql")[0])))
    kec_names = codes[codes["kode"].str.len() == 8].set_index("kode")["nama"]
    geoms = shapely.make_valid(np.asarray(desa.geometry.array, dtype=object))
    single = shapely.get_type_id(geoms) == 3
    geoms[single] = shapely.multipolygons(geoms[single], indices=np.arange(int(single.sum())))
    area = gpd.GeoSeries(geoms, crs=4326).to_crs(32750).area.to_numpy() / 1e6
    base = {
        "kode": desa["kode"].to_numpy(dtype=object),
        "nama": desa["nama"].to_numpy(dtype=object),
        "kec_kode": desa["kode"].str[:8].to_numpy(dtype=object),
        "geometry": geoms,
        "display": shapely.simplify(geoms, 0.001, preserve_topology=True),
        "luas_km2": area.round(4),
        "kec_table": kec[["kode"]].assign(nama=kec["kode"].map(kec_names).fillna(kec["nama"])),
        "kec_geometry": np.asarray(kec.geometry.array, dtype=object),
        "outline": shapely.union_all(np.asarray(kab.geometry.array, dtype=object)),
    }
    base["kec_nama"] = pd.Series(base["kec_kode"]).map(kec_names).fillna("?").to_numpy(object)
    work.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(base, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return base


def national_reference(base: dict[str, Any], copies: int) -> Any:
    """An ``etl.nodes.join.Reference`` of ``copies`` shifted copies of NTT."""
    from etl.nodes.join import Reference

    parts = [_copy(base, c) for c in range(copies)]
    desa = gpd.GeoDataFrame(pd.concat([p[0] for p in parts], ignore_index=True), crs=4326)
    kec = gpd.GeoDataFrame(pd.concat([p[1] for p in parts], ignore_index=True), crs=4326)
    outline = gpd.GeoDataFrame(pd.concat([p[2] for p in parts], ignore_index=True), crs=4326)
    columns = ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan", "luas_km2"]
    display = gpd.GeoDataFrame(
        desa[columns], geometry=gpd.GeoSeries(desa["tampilan"].to_numpy(), crs=4326)
    )
    desa = desa.drop(columns="tampilan")
    return Reference(
        kabupaten=NATIONAL_KABUPATEN,
        official=pd.DataFrame(desa[columns]),
        desa=desa,
        outline=outline,
        kecamatan=kec,
        desa_tampilan=display,
        other_kabupaten=gpd.GeoDataFrame(
            {"kode": pd.Series(dtype=str), "nama": pd.Series(dtype=str)},
            geometry=gpd.GeoSeries([], crs=4326),
        ),
        other_desa=pd.DataFrame({"kode": pd.Series(dtype=str), "nama": pd.Series(dtype=str)}),
        aliases=None,
    )


def _copy(base: dict[str, Any], c: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    dx, dy = (c % _GRID_COLUMNS) * _DX, -(c // _GRID_COLUMNS) * _DY
    prov = "53" if c == 0 else f"{10 + c:02d}"
    suffix = f" {_SUFFIXES[c % len(_SUFFIXES)]}" if c else ""
    suffix += f" {c // len(_SUFFIXES)}" if c >= len(_SUFFIXES) else ""

    def shift(geoms: np.ndarray) -> np.ndarray:
        return shapely.transform(geoms, lambda xy: xy + np.array([dx, dy]))

    kode = pd.Series(base["kode"]).str.replace(r"^53", prov, regex=True)
    desa = pd.DataFrame(
        {
            "kode": kode,
            "nama": base["nama"],
            "jenis": np.where(kode.str[9] == "1", "kelurahan", "desa"),
            "kecamatan_kode": kode.str[:8],
            "kecamatan": pd.Series(base["kec_nama"]) + suffix,
            "luas_km2": base["luas_km2"],
            "geometry": shift(base["geometry"]),
            "tampilan": shift(base["display"]),
        }
    )
    kec_table = base["kec_table"]
    kec = pd.DataFrame(
        {
            "kode": kec_table["kode"].str.replace(r"^53", prov, regex=True).to_numpy(),
            "nama": (kec_table["nama"] + suffix).to_numpy(),
            "geometry": shift(base["kec_geometry"]),
        }
    )
    outline = pd.DataFrame(
        {"kode": [prov], "nama": [f"NTT{suffix}"], "geometry": shift(np.array([base["outline"]]))}
    )
    return desa, kec, outline


def write_national_inputs(
    work: Path, ref: Any, *, n_peserta: int, n_laporan: int, seed: int = 7
) -> list[Path]:
    """Write ``kegiatan.csv``, ``peserta.csv``, ``laporan.csv`` under ``work/nasional``."""
    rng = np.random.default_rng(seed)
    out = work / "nasional"
    out.mkdir(parents=True, exist_ok=True)
    official = ref.official
    nama = official["nama"].astype(str).to_numpy(dtype=object)
    kecn = official["kecamatan"].astype(str).to_numpy(dtype=object)
    geoms = np.asarray(ref.desa.geometry.array, dtype=object)
    n_desa = len(official)
    n_sessions = max(1, n_peserta // 50)
    days = [(PER_TANGGAL - timedelta(days=int(d))).strftime("%d/%m/%Y") for d in range(730)]
    days_arr = np.array(days, dtype=object)

    venue = rng.integers(0, n_desa, n_sessions)
    vlat, vlon = _points_inside(geoms, venue, rng)
    has_point = rng.random(n_sessions) < 0.5
    sid = np.array([f"KGT-{i:06d}" for i in range(n_sessions)], dtype=object)
    kegiatan = pd.DataFrame(
        {
            "ID Kegiatan": sid,
            "Tanggal": days_arr[rng.integers(0, 730, n_sessions)],
            "Kecamatan": kecn[venue],
            "Desa/Kelurahan": nama[venue],
            "Lintang": np.where(has_point, np.round(vlat, 6).astype(str), ""),
            "Bujur": np.where(has_point, np.round(vlon, 6).astype(str), ""),
            "Tema": "Pencegahan TPPO",
        }
    )
    kegiatan.to_csv(out / "kegiatan.csv", index=False)

    d = rng.integers(0, n_desa, n_peserta)
    typed = pd.Series(nama[d])
    r = rng.random(n_peserta)
    typed = typed.where(~((r >= 0.70) & (r < 0.80)), typed.str.lower())
    typed = typed.where(~((r >= 0.80) & (r < 0.85)), typed.str.upper())
    typed = typed.where(~((r >= 0.85) & (r < 0.93)), "Desa " + typed)
    pool = rng.choice(n_desa, 3000, replace=False)  # distinct one-letter typos
    pool_typo = np.array([_drop_letter(str(nama[i]), int(i)) for i in pool], dtype=object)
    pick = rng.integers(0, len(pool), n_peserta)
    typo_rows = (r >= 0.93) & (r < 0.96)
    d = np.where(typo_rows, pool[pick], d)
    typed = typed.where(~typo_rows, pd.Series(pool_typo[pick]))
    unknown = np.array([_nonsense(rng) for _ in range(300)], dtype=object)
    unknown_rows = (r >= 0.96) & (r < 0.97)
    typed = typed.where(~unknown_rows, pd.Series(unknown[rng.integers(0, 300, n_peserta)]))
    rk = rng.random(n_peserta)
    kec_typed = pd.Series(kecn[d])
    kec_typed = kec_typed.where(~((rk >= 0.90) & (rk < 0.95)), kec_typed.str.lower())
    kec_typed = kec_typed.where(~((rk >= 0.95) & (rk < 0.98)), "Kec. " + kec_typed)
    kec_typed = kec_typed.where(rk < 0.99, "")
    jumlah = pd.Series(rng.integers(1, 30, n_peserta).astype(str))
    rj = rng.random(n_peserta)
    jumlah = jumlah.where(rj >= 0.003, "#N/A").where((rj < 0.003) | (rj >= 0.005), "-3")
    peserta = pd.DataFrame(
        {
            "ID Kegiatan": sid[rng.integers(0, n_sessions, n_peserta)],
            "Kecamatan": kec_typed,
            "Desa/Kelurahan": typed,
            "Peran": np.array(_PERAN, dtype=object)[rng.integers(0, len(_PERAN), n_peserta)],
            "Jumlah": jumlah,
        }
    )
    peserta.to_csv(out / "peserta.csv", index=False)

    d = rng.integers(0, n_desa, n_laporan)
    lat, lon = _points_inside(geoms, d, rng)
    rl = rng.random(n_laporan)
    zero, swap, sea, named = (
        rl < 0.01,
        (rl >= 0.01) & (rl < 0.02),
        (rl >= 0.02) & (rl < 0.03),
        rl >= 0.97,
    )
    lat, lon = np.where(zero, 0.0, lat), np.where(zero, 0.0, lon)
    lat, lon = np.where(swap, lon, lat), np.where(swap, lat, lon)
    lon = np.where(sea, lon - _DX / 2, lon)
    laporan = pd.DataFrame(
        {
            "No Laporan": [f"LAP-{i:07d}" for i in range(n_laporan)],
            "Tanggal": days_arr[rng.integers(0, 730, n_laporan)],
            "Jenis": np.array(_JENIS, dtype=object)[rng.integers(0, 3, n_laporan)],
            "Lintang": np.where(named, "", np.round(lat, 6).astype(str)),
            "Bujur": np.where(named, "", np.round(lon, 6).astype(str)),
            "Kecamatan": np.where(named, kecn[d], ""),
            "Desa/Kelurahan": np.where(named, nama[d], ""),
        }
    )
    laporan.to_csv(out / "laporan.csv", index=False)
    return [out / "kegiatan.csv", out / "peserta.csv", out / "laporan.csv"]


def _points_inside(
    geoms: np.ndarray, idx: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points inside ``geoms[idx]`` (bbox rejection, vectorised per round)."""
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms[idx])
    lon, lat = np.full(len(idx), np.nan), np.full(len(idx), np.nan)
    todo = np.arange(len(idx))
    for _ in range(40):
        if todo.size == 0:
            break
        b = bounds[todo]
        x = b[:, 0] + rng.random(todo.size) * (b[:, 2] - b[:, 0])
        y = b[:, 1] + rng.random(todo.size) * (b[:, 3] - b[:, 1])
        inside = shapely.contains_xy(geoms[idx[todo]], x, y)
        lon[todo[inside]], lat[todo[inside]] = x[inside], y[inside]
        todo = todo[~inside]
    if todo.size:
        rep = shapely.point_on_surface(geoms[idx[todo]])
        lon[todo], lat[todo] = shapely.get_x(rep), shapely.get_y(rep)
    return lat, lon


def _drop_letter(name: str, i: int) -> str:
    letters = [j for j in range(1, len(name) - 1) if name[j].isalpha()]
    if not letters:
        return name + "x"
    j = letters[i % len(letters)]
    return name[:j] + name[j + 1 :]


def _nonsense(rng: np.random.Generator) -> str:
    return "".join(chr(int(c)) for c in rng.integers(97, 123, 9)).capitalize()


def write_sample_inputs(work: Path) -> list[Path]:
    """The TTS sample workbook (``etl.sample``) under ``work/sample``."""
    from etl.sample import make_sample_workbook
    from geodata.load import read_layer, read_official_list

    out = work / "sample"
    path = make_sample_workbook(out, read_official_list("53.02"), read_layer("53.02", "desa"))
    return [path]


def floor(inputs: list[Path], desa: gpd.GeoDataFrame) -> dict[str, int]:
    """The bare work: read inputs, point-in-polygon of reports, sum of attendance."""
    frames: dict[str, list[pd.DataFrame]] = {"kegiatan": [], "peserta": [], "laporan": []}
    for path in inputs:
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None)
            named = {k.lower(): _with_header(v) for k, v in sheets.items()}
        else:
            named = {path.stem: pd.read_csv(path, dtype=str, keep_default_na=False)}
        for kind in frames:
            if kind in named:
                frames[kind].append(named[kind])
    laporan = pd.concat(frames["laporan"], ignore_index=True)
    lat = pd.to_numeric(laporan["Lintang"].astype(str).str.replace(",", "."), errors="coerce")
    lon = pd.to_numeric(laporan["Bujur"].astype(str).str.replace(",", "."), errors="coerce")
    points = gpd.points_from_xy(lon, lat)
    tree = shapely.STRtree(np.asarray(desa.geometry.array, dtype=object))
    pairs = tree.query(points, predicate="within")
    peserta = pd.concat(frames["peserta"], ignore_index=True)
    jumlah = pd.to_numeric(peserta["Jumlah"], errors="coerce")
    sums = jumlah.groupby([peserta["Kecamatan"], peserta["Desa/Kelurahan"]]).sum()
    return {"titik_dalam_desa": len(np.unique(pairs[0])), "kelompok_peserta": len(sums)}


def _with_header(raw: pd.DataFrame) -> pd.DataFrame:
    """Rows below the first row that holds a ``Desa/Kelurahan`` or ``Lintang`` header."""
    hit = raw.isin(["Desa/Kelurahan", "Lintang"]).any(axis=1).to_numpy()
    if not hit.any():
        return raw
    row = int(np.argmax(hit))
    return raw.iloc[row + 1 :].set_axis(raw.iloc[row].astype(str).tolist(), axis=1)


def run_case(case: str, work: Path) -> dict[str, Any]:
    """Run one bench case in this process; returns its inner figures."""
    start = time.perf_counter()
    national = case.endswith("nasional")
    info = json.loads((work / "params.json").read_text())
    inputs = [Path(p) for p in info["nasional" if national else "sample"]]
    if national:
        ref = national_reference(load_ntt_base(work), int(info["copies"]))
        desa = ref.desa
    else:
        from geodata.load import read_layer

        ref, desa = None, read_layer("53.02", "desa")
    figures: dict[str, Any] = {"siap_s": round(time.perf_counter() - start, 2)}
    if case.startswith("floor"):
        figures |= floor(inputs, desa)
    else:
        from etl.io.memory import keep_freed_memory
        from etl.pipeline import run_etl

        keep_freed_memory()  # as the ``etl`` command does at its start (etl.cli.etl.run)
        result = run_etl(
            inputs,
            work / f"out_{case}",
            kabupaten=NATIONAL_KABUPATEN if national else "53.02",
            per_tanggal=PER_TANGGAL,
            reference=ref,
        )
        figures["langkah_s"] = result.manifest["waktu_detik"]
        figures["jumlah"] = result.manifest["jumlah"]
    figures["total_dalam_s"] = round(time.perf_counter() - start, 2)
    return figures


def main(argv: list[str]) -> int:
    """Child entry: ``python -m tests.bench.etl_scale CASE WORKDIR`` prints one JSON line."""
    case, work = argv[0], Path(argv[1])
    if case not in CASES:
        raise SystemExit(f"kasus tidak dikenal: {case} (pilih: {', '.join(CASES)})")
    print(json.dumps(run_case(case, work), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
