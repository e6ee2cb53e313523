"""In the `rapat` role no count of 1..4 appears raw on any surface of the sample view,
and nothing hidden can be recovered from all of them together."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard.services.dataset import (
    Dataset,
    filtered_attendance,
    filtered_metrics,
    load_dataset,
)
from dashboard.services.map_data import desa_geojson
from dashboard.services.public_tables import desa_table, kecamatan_table
from dashboard.services.suppression import (
    PublicFigures,
    monthly_participants,
    plotted,
    public_figures,
    with_public_columns,
)
from etl.io.export import write_tables_xlsx
from etl.nodes.trends import monthly_trend

SMALL = {"1", "2", "3", "4"}
COUNTS = ["peserta", "peserta_kades_lurah", "peserta_rt_rw", "peserta_tokoh",
          "peserta_warga", "laporan", "laporan_tanpa_cakupan"]  # fmt: skip


@pytest.fixture(scope="module")
def view(sample_data: Path) -> tuple[Dataset, PublicFigures]:
    ds = load_dataset(sample_data)
    desa, _ = filtered_metrics(ds, ds.default_filters)
    return ds, public_figures(desa)


def test_kecamatan_table_and_its_excel_sheet_show_no_raw_small_count(
    view: tuple[Dataset, PublicFigures],
) -> None:
    ds, figures = view
    desa, kec = filtered_metrics(ds, ds.default_filters)
    table = kecamatan_table(kec, "rapat", figures)
    sheets = {"Desa": desa_table(desa, "rapat", figures), "Kecamatan": table}
    buffer = io.BytesIO()
    write_tables_xlsx(sheets, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    checked = 0
    for name, frame in sheets.items():
        rows = list(book[name].iter_rows(values_only=True))
        header = list(rows[0])
        for column in (c for c in COUNTS if c in header):
            j = header.index(column)
            cells = [str(r[j]) for r in rows[1:]]
            assert not SMALL & set(cells), (name, column)
            assert cells == frame[column].astype(str).tolist()
            checked += len(cells)
    assert checked > 1000
    assert {"0", "x"} <= set(table["peserta_kades_lurah"]) | set(table["laporan"])


def test_tren_series_for_each_kecamatan_shows_no_raw_small_count(
    view: tuple[Dataset, PublicFigures],
) -> None:
    ds, figures = view
    hidden_months = 0
    for kode in ds.kecamatan["kode"].astype(str):
        flt = replace(ds.default_filters, kecamatan=(kode,))
        trend = monthly_trend(filtered_attendance(ds, flt), start=flt.start, end=flt.end)
        shown, _ = monthly_participants(trend, figures.headline((kode,))["peserta"])
        assert not SMALL & set(shown), kode
        drawn = plotted(shown).dropna()
        assert not ((drawn > 0) & (drawn < 5)).any(), kode
        hidden_months += int((shown == "<5").sum() + (shown == "x").sum())
    assert hidden_months > 0  # the sample has months with 1..4 participants


def test_map_geojson_and_tooltips_show_no_raw_small_count(
    view: tuple[Dataset, PublicFigures],
) -> None:
    ds, figures = view
    desa, _ = filtered_metrics(ds, ds.default_filters)
    shown = with_public_columns(desa, figures)
    for measure in ("peserta", "pemimpin", "laporan", "laporan_tanpa_cakupan"):
        features = desa_geojson(shown, measure, meeting_mode=True)["features"]
        values = {f["properties"]["peserta"] for f in features}
        values |= {f["properties"]["nilai"] for f in features}
        assert not SMALL & values, measure
        assert "0" in values and "&lt;5" in values
        expected = {"x": f"{measure}_x", "&lt;5": f"{measure}_lt5", "0": f"{measure}_0"}
        for f in features:  # the colour tells no more than the number
            nilai = f["properties"]["nilai" if measure != "peserta" else "peserta"]
            assert f["properties"]["kelas"] == expected.get(nilai, f["properties"]["kelas"])


def test_headlines_show_no_raw_small_count(view: tuple[Dataset, PublicFigures]) -> None:
    ds, figures = view
    heads = [figures.headline(())] + [
        figures.headline((k,)) for k in ds.kecamatan["kode"].astype(str)
    ]
    for head in heads:
        assert not SMALL & set(head.values())
    assert heads[0]["peserta"].isdigit()  # the kabupaten figure stays exact


def test_nothing_hidden_is_recoverable_from_all_surfaces_together(sample_data: Path) -> None:
    from rapat_view_audit import count

    result = count(sample_data)
    assert result["hidden_shown"] > 0
    assert result["recoverable"] == 0
    assert result["raw_1_4"] == 0
