"""Coverage exports: human headers and an info sheet read back from the workbook; the
exported map (HTML/PNG) zoomed to the filtered kecamatan."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image

from dashboard.services import mapview
from dashboard.services.dataset import export_bounds, filtered_metrics, load_dataset
from dashboard.services.export_info import export_stamp_lines
from dashboard.services.map_export import export_map_html
from dashboard.services.map_png import find_chromium, html_to_png
from dashboard.services.public_tables import desa_table, human_table, kecamatan_table
from dashboard.strings import t
from etl.io.export import frame_to_csv_bytes, write_tables_xlsx

MADE = datetime(2026, 12, 1, 9, 30)


def test_human_table_words_for_headers_and_status() -> None:
    raw = pd.DataFrame({"kode": ["a"], "status_cakupan": ["belum"], "peserta_kades_lurah": [3],
                        "kolom_baru": [1]})  # fmt: skip
    out = human_table(raw, "id")
    assert list(out.columns) == ["Kode", "Status", "Kades/lurah", "Kolom baru"]
    assert out["Status"].tolist() == [t("status.belum", "id")]
    assert list(raw.columns) == ["kode", "status_cakupan", "peserta_kades_lurah", "kolom_baru"]
    assert list(human_table(raw, "en").columns)[:3] == ["Code", "Status", "Village heads"]


def test_coverage_workbook_has_info_sheet_and_human_headers(sample_data: Path) -> None:
    ds = load_dataset(sample_data)
    boking = ds.kecamatan.loc[ds.kecamatan["nama"] == "Boking", "kode"].iloc[0]
    flt = replace(ds.default_filters, kecamatan=(boking,), role_groups=("rt_rw",))
    desa, kec = filtered_metrics(ds, flt)
    lines = ["Peta Sosialisasi", *export_stamp_lines(ds, flt, "id", MADE)]
    tables = {"Desa": human_table(desa_table(desa, "petugas"), "id"),
              "Kecamatan": human_table(kecamatan_table(kec, "petugas"), "id")}  # fmt: skip
    buffer = io.BytesIO()
    write_tables_xlsx(tables, buffer, info=lines)
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == ["Keterangan", "Desa", "Kecamatan"]
    info = [r[0] for r in wb["Keterangan"].iter_rows(values_only=True)]
    assert info == lines
    assert "DATA CONTOH" in info
    start, end = flt.start.strftime("%d/%m/%Y"), flt.end.strftime("%d/%m/%Y")
    assert f"Periode data: {start} – {end}" in info
    assert "Kecamatan: Boking" in info and "Kelompok peran: Ketua RT/RW" in info
    assert "Jenis laporan: Semua" in info and "Dibuat: 01/12/2026 09:30" in info
    for name in ("Desa", "Kecamatan"):
        header = [c.value for c in wb[name][1]]
        assert all("_" not in h for h in header), header
    assert [c.value for c in wb["Desa"][1]][:4] == ["Kode", "Nama", "Kecamatan", "Status"]
    statuses = {r[3] for r in wb["Desa"].iter_rows(min_row=2, values_only=True)}
    assert not statuses & {"belum", "kedaluwarsa", "tercakup"}
    csv_header = frame_to_csv_bytes(tables["Desa"]).decode("utf-8-sig").splitlines()[0]
    assert "_" not in csv_header


def test_real_data_has_no_sample_line(sample_data: Path) -> None:
    sample = load_dataset(sample_data)
    ds = replace(sample, manifest=replace(sample.manifest, contoh=False))
    lines = export_stamp_lines(ds, ds.default_filters, "id", MADE)
    assert "DATA CONTOH" not in lines
    assert "Kecamatan: Semua" in lines


def test_export_bounds_follow_the_kecamatan_filter(sample_data: Path) -> None:
    ds = load_dataset(sample_data)
    assert export_bounds(ds, ds.default_filters) is None
    boking = ds.kecamatan[ds.kecamatan["nama"] == "Boking"]
    flt = replace(ds.default_filters, kecamatan=tuple(boking["kode"]))
    bounds = export_bounds(ds, flt)
    assert bounds == pytest.approx(tuple(boking.to_crs("EPSG:4326").total_bounds))
    m = mapview.build_map(ds.desa, ds.kecamatan_garis, "status_cakupan", bounds=bounds)
    minx, miny, maxx, maxy = bounds  # type: ignore[misc]
    fit = re.search(r"fitBounds\((\[\[.*?\]\])", m.get_root().render())
    assert fit is not None
    assert np.allclose(json.loads(fit.group(1)), [[miny, minx], [maxy, maxx]])


def _coloured_share(png: bytes) -> tuple[float, float]:
    """Width and height share of the image covered by the status colours (not grey/white)."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    spread = rgb.max(axis=2) - rgb.min(axis=2)  # colourful pixels, not white/grey/black
    ys, xs = np.nonzero(spread > 80)
    return (xs.max() - xs.min()) / rgb.shape[1], (ys.max() - ys.min()) / rgb.shape[0]


@pytest.mark.browser
def test_filtered_png_is_zoomed_to_the_kecamatan(sample_data: Path) -> None:
    if find_chromium() is None:
        pytest.fail("Chromium tidak ada: pasang paket Debian `chromium`.")
    ds = load_dataset(sample_data)
    boking = tuple(ds.kecamatan.loc[ds.kecamatan["nama"] == "Boking", "kode"])
    flt = replace(ds.default_filters, kecamatan=boking)
    desa, _ = filtered_metrics(ds, flt)
    m = mapview.build_map(desa, ds.kecamatan_garis, "status_cakupan", bounds=export_bounds(ds, flt))
    page = export_map_html(m, "Boking", "", export_stamp_lines(ds, flt, "id", MADE))
    png = html_to_png(page, width=1200, height=800)
    Path("tests/artifacts").mkdir(parents=True, exist_ok=True)
    Path("tests/artifacts/h7_png_boking.png").write_bytes(png)
    width, height = _coloured_share(png)
    # Boking's 7 desa fill the view (unzoomed they cover about a tenth of it)
    assert max(width, height) > 0.6, (width, height)
