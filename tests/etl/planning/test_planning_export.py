"""Exports: Excel sheets and formula neutralisation, printable HTML escaping."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from planning_fixtures import synthetic_kabupaten

from etl.planning.export import neutralise_cell, render_plan_html, write_plan_xlsx
from etl.planning.plan import make_plan

EVIL = "<img src=x onerror=alert(1)>"
FORMULAS = ['=HYPERLINK("http://x","klik")', "+62812", "-1+1", "@SUM(A1)", "\tTab"]


def _plan_with_names(names: list[str]):  # type: ignore[no-untyped-def]
    """A plan whose first invited desa (and venues) carry the given hostile names."""
    desa = synthetic_kabupaten(60)
    first = make_plan(desa, k=3, radius_km=20)
    targets = [s.venue_kode for s in first.sessions] + [i.kode for i in first.sessions[0].invited]
    renamed = dict(zip(dict.fromkeys(targets), names, strict=False))
    desa = desa.assign(
        nama=[renamed.get(k, n) for k, n in zip(desa["kode"], desa["nama"], strict=True)]
    )
    return make_plan(desa, k=3, radius_km=20), desa


def test_workbook_sheets_and_neutralised_formulas(tmp_path: Path) -> None:
    plan, _ = _plan_with_names(FORMULAS)
    review = pd.DataFrame({"alasan": ["=1+1"], "nilai": ["x"]})
    path = write_plan_xlsx(plan, tmp_path / "rencana.xlsx", review=review)
    wb = openpyxl.load_workbook(path)
    trips = [f"Trip {t.number}" for t in plan.trips]
    assert wb.sheetnames == ["Prioritas", *trips, "Keterangan", "Tinjauan Risiko"]
    texts = [
        cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    for name in FORMULAS:
        assert "'" + name in texts
        assert name not in texts
    assert "'=1+1" in texts
    prioritas = wb["Prioritas"]
    assert prioritas["A1"].value == "Peringkat"
    assert prioritas.max_row == 61
    first_trip = wb[trips[0]]
    assert first_trip["A2"].value.startswith("Tanggal: ")
    headers = [c.value for c in first_trip[5]]
    assert "Peran yang diundang" in headers
    # numbers stay numbers (negative contributions are not text)
    assert isinstance(prioritas.cell(row=2, column=7).value, float)


def test_neutralise_cell_only_touches_dangerous_text() -> None:
    assert neutralise_cell("=A1") == "'=A1"
    assert neutralise_cell("Soe") == "Soe"
    assert neutralise_cell(-1.5) == -1.5


def test_html_escapes_user_text_and_has_one_page_per_trip() -> None:
    plan, desa = _plan_with_names([EVIL])
    page = render_plan_html(plan, desa, catatan="DATA <CONTOH>")
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "DATA &lt;CONTOH&gt;" in page
    assert page.count('<section class="halaman">') == len(plan.trips)
    assert page.count("<svg") == len(plan.trips)
    assert "page-break-after:always" in page
    for forbidden in ("<script", 'src="http', "href=", "@import", "url("):
        assert forbidden not in page
    assert "Tanggal: " in page and "perkiraan" in page


def test_html_needs_kode_and_crs() -> None:
    plan, desa = _plan_with_names([])
    with pytest.raises(ValueError, match="kolom kode"):
        render_plan_html(plan, desa.drop(columns=["kode"]))
