"""Pure boundary-build operations: official list, desa/kecamatan layers, display
simplification and quality figures. No IO here; see ``geodata.pipeline`` for wiring."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

METRIC_CRS = "EPSG:32750"  # UTM 50S covers NTT; metres for areas and distances
DESA_COLUMNS = ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan", "luas_km2", "geometry"]


def official_list(codes: pd.DataFrame, kabupaten: str) -> pd.DataFrame:
    """Desa/kelurahan of one kabupaten from the Kepmendagri list.

    Returns ``kode, nama, jenis, kecamatan_kode, kecamatan`` sorted by ``kode``;
    ``jenis`` is ``kelurahan`` when the 4-digit part starts with 1, else ``desa``.
    """
    _require(codes, ["kode", "nama"], "daftar kode wilayah")
    prefix = kabupaten + "."
    kec = codes[codes["kode"].str.startswith(prefix) & (codes["kode"].str.len() == 8)]
    desa = codes[codes["kode"].str.startswith(prefix) & (codes["kode"].str.len() == 13)]
    out = desa.assign(
        kecamatan_kode=desa["kode"].str[:8],
        jenis=np.where(desa["kode"].str[9] == "1", "kelurahan", "desa"),
    ).merge(
        kec.rename(columns={"kode": "kecamatan_kode", "nama": "kecamatan"}),
        on="kecamatan_kode",
        how="left",
    )
    cols = ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan"]
    return out[cols].sort_values("kode").reset_index(drop=True)


def kecamatan_list(codes: pd.DataFrame, kabupaten: str) -> pd.DataFrame:
    """Kecamatan (``kode, nama``) of one kabupaten from the official list."""
    prefix = kabupaten + "."
    kec = codes[codes["kode"].str.startswith(prefix) & (codes["kode"].str.len() == 8)]
    return kec[["kode", "nama"]].sort_values("kode").reset_index(drop=True)


def other_desa(codes: pd.DataFrame, kabupaten: str) -> pd.DataFrame:
    """Desa/kelurahan (``kode, nama``) of the province outside this kabupaten, so that a
    name existing only elsewhere is recognised as such instead of fuzzily matched here."""
    prov = kabupaten[:3]
    mask = (
        codes["kode"].str.startswith(prov)
        & ~codes["kode"].str.startswith(kabupaten + ".")
        & (codes["kode"].str.len() == 13)
    )
    return codes.loc[mask, ["kode", "nama"]].sort_values("kode").reset_index(drop=True)


def reconcile(
    official: pd.DataFrame, boundaries: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Join boundaries to the official list by ``kode``.

    Names come from the official list. Returns the joined desa layer (only codes with
    both) and a report of ``kode, nama, masalah`` for a boundary without a code in the
    list or a code without a boundary, so nothing is dropped silently.
    """
    _require(boundaries, ["kode", "nama", "geometry"], "batas wilayah")
    merged = official.merge(
        boundaries[["kode", "nama", "geometry"]],
        on="kode",
        how="outer",
        suffixes=("", "_batas"),
        indicator=True,
    )
    problems = pd.concat(
        [
            merged.loc[merged["_merge"] == "left_only", ["kode", "nama"]].assign(
                masalah="kode resmi tanpa batas wilayah"
            ),
            merged.loc[merged["_merge"] == "right_only", ["kode"]]
            .assign(nama=merged.loc[merged["_merge"] == "right_only", "nama_batas"])
            .assign(masalah="batas wilayah tanpa kode di daftar resmi"),
        ],
        ignore_index=True,
    )
    both = merged[merged["_merge"] == "both"].drop(columns=["_merge", "nama_batas"])
    layer = gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")
    return layer.sort_values("kode").reset_index(drop=True), problems


def make_valid(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Repair invalid geometries (keeping only polygonal parts); return repaired codes."""
    invalid = ~gdf.geometry.is_valid
    repaired = gdf["kode"][invalid].tolist()
    geoms = gdf.geometry.to_numpy().copy()
    fixed = shapely.make_valid(geoms[invalid.to_numpy()], method="structure", keep_collapsed=False)
    geoms[invalid.to_numpy()] = [_polygonal(g) for g in fixed]
    return gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)), repaired


def desa_layer(joined: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add ``luas_km2`` (computed in the metric CRS) and order the desa columns."""
    area = joined.geometry.to_crs(METRIC_CRS).area / 1e6
    out = joined.assign(luas_km2=area.round(4))
    return gpd.GeoDataFrame(out[DESA_COLUMNS], geometry="geometry", crs="EPSG:4326")


def kecamatan_layer(desa: gpd.GeoDataFrame, kecamatan: pd.DataFrame) -> gpd.GeoDataFrame:
    """Kecamatan polygons dissolved from their desa, so outlines nest exactly."""
    dissolved = desa[["kecamatan_kode", "geometry"]].dissolve(by="kecamatan_kode").reset_index()
    out = kecamatan.merge(dissolved.rename(columns={"kecamatan_kode": "kode"}), on="kode")
    return gpd.GeoDataFrame(out[["kode", "nama", "geometry"]], geometry="geometry", crs=desa.crs)


def simplify_display(
    desa: gpd.GeoDataFrame, tolerance_m: float, gap_width_m: float = 30.0
) -> gpd.GeoDataFrame:
    """Display geometry: a cleaned coverage simplified topology-preservingly.

    Upstream polygons overlap slightly and leave sliver gaps, so the coverage is first
    cleaned in metres (``coverage_clean``: overlaps assigned to one neighbour, gaps
    narrower than ``gap_width_m`` merged), then ``coverage_simplify`` keeps shared borders
    shared. Coordinates are rounded to five decimals (about 1 m) for a small payload.
    The full-detail layer is untouched: point-in-polygon always uses it.
    """
    metric = desa.geometry.to_crs(METRIC_CRS).to_numpy()
    clean = shapely.coverage_clean(metric, gap_width=gap_width_m)  # type: ignore[attr-defined]
    simple = shapely.coverage_simplify(clean, tolerance=tolerance_m, simplify_boundary=True)
    back = gpd.GeoSeries(simple, crs=METRIC_CRS).to_crs("EPSG:4326")
    rounded = shapely.set_precision(back.to_numpy(), 1e-5)
    rounded = np.array([_polygonal(shapely.make_valid(g)) for g in rounded], dtype=object)
    return desa.set_geometry(gpd.GeoSeries(rounded, index=desa.index, crs="EPSG:4326"))


def geojson_bytes(gdf: gpd.GeoDataFrame, columns: list[str]) -> bytes:
    """Compact GeoJSON of ``columns`` + geometry at five decimals (the map's payload)."""
    text = gdf[[*columns, "geometry"]].to_json(drop_id=True, separators=(",", ":"))
    return text.encode("utf-8")


def quality_figures(
    desa: gpd.GeoDataFrame,
    repaired: list[str],
    problems: pd.DataFrame,
    official_luas_km2: float | None,
    upstream_kabupaten: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """The ``kualitas`` table: repairs, sliver gaps, overlaps, area differences."""
    metric = desa.geometry.to_crs(METRIC_CRS)
    gaps = coverage_gaps(metric)
    overlaps = coverage_overlaps(metric)
    total_km2 = float(metric.area.sum() / 1e6)
    upstream_km2 = float(upstream_kabupaten.geometry.to_crs(METRIC_CRS).area.sum() / 1e6)
    rows = [
        ("geometri_diperbaiki", len(repaired), "desa", ", ".join(repaired)),
        ("celah_jumlah", len(gaps), "celah", "celah kecil di antara desa bertetangga"),
        ("celah_luas_m2", round(float(gaps.area.sum()), 1), "m2", ""),
        ("tumpang_tindih_jumlah", len(overlaps), "pasang", "pasangan desa yang bertumpuk"),
        ("tumpang_tindih_luas_m2", round(float(overlaps.sum()), 1), "m2", ""),
        ("luas_desa_total_km2", round(total_km2, 3), "km2", "jumlah luas poligon desa"),
        ("luas_batas_kabupaten_km2", round(upstream_km2, 3), "km2", "poligon kabupaten hulu"),
    ]
    if official_luas_km2 is not None:
        diff = total_km2 - official_luas_km2
        rows += [
            ("luas_resmi_km2", official_luas_km2, "km2", "wilayah_luas.sql"),
            ("selisih_luas_km2", round(diff, 3), "km2", "luas desa total - luas resmi"),
            ("selisih_luas_persen", round(100 * diff / official_luas_km2, 2), "%", ""),
        ]
    for ukuran, masalah in (
        ("kode_tanpa_batas", "kode resmi tanpa batas wilayah"),
        ("batas_tanpa_kode", "batas wilayah tanpa kode di daftar resmi"),
    ):
        kodes = problems.loc[problems["masalah"] == masalah, "kode"].astype(str)
        rows.append((ukuran, len(kodes), "kode", ", ".join(kodes)))
    return pd.DataFrame(rows, columns=["ukuran", "nilai", "satuan", "keterangan"]).astype(
        {"nilai": "float64"}
    )


def coverage_gaps(metric: gpd.GeoSeries, min_area_m2: float = 1.0) -> gpd.GeoSeries:
    """Holes inside the union of the desa (sliver gaps between neighbours)."""
    union = shapely.union_all(metric.to_numpy())
    polys = shapely.get_parts(union)
    holes = [shapely.Polygon(ring) for poly in polys for ring in poly.interiors]
    gaps = gpd.GeoSeries(holes, crs=metric.crs)
    return gaps[gaps.area >= min_area_m2]


def coverage_overlaps(metric: gpd.GeoSeries, min_area_m2: float = 1.0) -> pd.Series:
    """Areas (m2) of pairwise overlaps between desa polygons larger than ``min_area_m2``."""
    geoms = metric.to_numpy()
    left, right = metric.sindex.query(geoms, predicate="intersects")
    keep = left < right
    areas = shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]]))
    return pd.Series(areas[areas >= min_area_m2], dtype="float64")


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    flat = [q for p in parts for q in shapely.get_parts(p)]
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: kolom wajib tidak ada: {', '.join(missing)}")
