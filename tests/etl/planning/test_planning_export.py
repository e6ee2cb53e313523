"""Exports: Excel sheets and formula neutralisation, printable HTML escaping."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from planning_fixtures import four_desa, synthetic_kabupaten

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
    assert first_trip["A2"].value.startswith("Berangkat dari: ")
    assert first_trip["A3"].value.startswith("Tanggal: ")
    headers = [c.value for c in first_trip[6]]
    assert "Peran yang diundang" in headers
    # numbers stay numbers (negative contributions are not text)
    assert isinstance(prioritas.cell(row=2, column=7).value, float)


def test_every_sheet_prints_a4_landscape_fit_to_width_with_header_rows(tmp_path: Path) -> None:
    plan, _ = _plan_with_names([])
    review = pd.DataFrame({"alasan": ["tidak cocok"], "nilai": ["x"]})
    wb = openpyxl.load_workbook(write_plan_xlsx(plan, tmp_path / "r.xlsx", review=review))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title  # 9 = A4 in SpreadsheetML
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        # the repeated row is the table's header row
        first, last = ws.print_title_rows.replace("$", "").split(":")
        assert first == last, ws.title
        header = [c.value for c in ws[int(first)] if c.value is not None]
        expected = {"Prioritas": "Peringkat", "Keterangan": "Komponen", "Tinjauan Risiko": "alasan"}
        assert header[0] == expected.get(ws.title, "Urutan"), ws.title


def test_priority_sheet_has_words_reasons_and_rounded_scores(tmp_path: Path) -> None:
    desa = four_desa()
    plan = make_plan(desa, k=2, radius_km=5, base=(-9.86, 124.27))
    ws = openpyxl.load_workbook(write_plan_xlsx(plan, tmp_path / "r.xlsx"))["Prioritas"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    by_name = {r["Desa/Kelurahan"]: r for r in rows}
    assert by_name["Alfa"]["Status cakupan"] == "belum pernah dijangkau"
    assert by_name["Charlie"]["Status cakupan"] == "tercakup"
    # the base lies in Alfa, so distances are "from Alfa"; Delta is 0.06 deg (~6.6 km) south
    assert "Jarak dari Alfa (km)" in header
    assert (
        by_name["Alfa"]["Alasan"]
        == "belum pernah dijangkau; 2 laporan tanpa cakupan; 0 km dari Alfa"
    )
    assert by_name["Delta"]["Alasan"].startswith("kedaluwarsa, terakhir 30 bulan lalu; ")
    numeric = [h for h in header if h == "Skor" or h.endswith(("(nilai 0-1)", "(kontribusi)"))]
    assert len(numeric) == 11
    for row in rows:
        for h in numeric:
            assert row[h] == round(row[h], 2), (h, row[h])
    formats = {ws.cell(row=2, column=header.index(h) + 1).number_format for h in numeric}
    assert formats == {"0.00"}


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


def test_handout_text_is_printable_and_names_the_start_once_per_map() -> None:
    plan, desa = _plan_with_names([])
    page = render_plan_html(plan, desa)
    sizes = [float(v) for v in re.findall(r"font-size[:=]\"?([0-9.]+)", page)]
    assert sizes and min(sizes) >= 14, sizes
    start = plan.parameters["basis_lengkap"]
    assert page.count(f"Berangkat dari:</b> {start}") == len(plan.trips)
    for svg in re.findall(r"<svg.*?</svg>", page):
        assert svg.count(">Berangkat: ") == 1
        assert svg.count("<rect") == 1
        width, height = (
            float(v) for v in re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg).groups()
        )  # type: ignore[union-attr]
        assert width == 600 and height <= 0.75 * width + 1


def test_html_needs_kode_and_crs() -> None:
    plan, desa = _plan_with_names([])
    with pytest.raises(ValueError, match="kolom kode"):
        render_plan_html(plan, desa.drop(columns=["kode"]))
