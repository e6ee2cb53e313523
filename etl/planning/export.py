"""Printable exports of a plan: an Excel workbook and a one-page-per-trip HTML.

Excel: sheet "Prioritas" (ranked desa with status in words, the reason in one
line, every component and contribution rounded to 2 decimals), one sheet per trip
("Trip 1", ...: start place, date placeholder, venues in driving order, invited desa
with roles and distances) and "Keterangan" (what each number means). Every sheet
prints on A4 landscape, fitted to the page width, with its header row repeated on
each page. Every cell goes through `etl.io.export.excel_cell`: text starting with
= + - @ tab or CR is prefixed with an apostrophe so a spreadsheet never runs it as a
formula (CSV/formula injection), and control characters Excel cannot store are removed.

HTML: self-contained (inline CSS and SVG; no JS, no external assets, no
network), one page per trip (`page-break-after`), all user text escaped, text
at 14 px or more so it reads when printed and held in a moving car.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from etl.io.export import excel_cell, neutralise_cell
from etl.planning.covering import Session
from etl.planning.plan import Plan
from etl.planning.priority import COMPONENTS, DEFAULT_WEIGHTS, METRIC_CRS, explain_components
from etl.planning.reasons import status_label
from etl.planning.trips import Trip
from geodata.io.atomic import atomic_target

__all__ = [
    "COMPONENT_LABELS",
    "SCORE_DECIMALS",
    "neutralise_cell",
    "render_plan_html",
    "set_print_layout",
    "write_plan_xlsx",
]

COMPONENT_LABELS: dict[str, str] = {
    "celah_cakupan": "Celah cakupan",
    "pemimpin_belum": "Pemimpin belum dijangkau",
    "laporan": "Laporan",
    "risiko_eksternal": "Risiko eksternal",
    "jarak": "Jarak (biaya)",
}
SCORE_DECIMALS = 2
"""Scores and components are stored rounded: more digits only look precise."""
HANDOUT_FONT_PX = 14
"""Smallest text on the printed handout (the SVG is drawn so its text is at least this too)."""
_SVG_WIDTH = 600.0  # drawing units; printed about 190 mm (>= 600 px) wide, so 1 unit >= 1 px
_SVG_MAX_ASPECT = 0.75  # height / width: a tall trip is widened so the map fits half a page
_MAP_KEY = (
    '<p class="kunci">&#9632; titik berangkat &nbsp; &#9679; lokasi sesi (nomor = urutan) '
    "&nbsp; - - - rute &nbsp; warna = desa yang diundang ke sesi itu</p>"
)
_PALETTE = ("#d7301f", "#2b8cbe", "#31a354", "#756bb1", "#e6550d", "#636363", "#c51b8a")
_HTML_HEADERS = (
    "No.",
    "Lokasi sesi",
    "Jarak dari titik sebelumnya (km)",
    "Desa/Kelurahan diundang (jarak ke lokasi)",
    "Peran yang diundang",
)
_TRIP_HEADERS = (
    "Urutan",
    "Lokasi sesi",
    "Kode lokasi",
    "Lintang",
    "Bujur",
    "Jarak dari titik sebelumnya (km)",
    "Desa/Kelurahan diundang",
    "Kode desa",
    "Kecamatan",
    "Jarak desa ke lokasi (km, garis lurus)",
    "Peran yang diundang",
    "Skor prioritas",
)


def write_plan_xlsx(plan: Plan, path: str | Path, *, review: pd.DataFrame | None = None) -> Path:
    """Write the plan workbook to `path` atomically (temp file + rename); return the path.

    `review` (optional) adds a "Tinjauan Risiko" sheet with risk-CSV rows that
    could not be matched, so nothing typed vanishes.
    """
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Prioritas"
    start = _start_label(plan)
    headers = ["Peringkat", "Kode", "Desa/Kelurahan", "Kecamatan", "Status cakupan"]
    headers += [f"Jarak dari {start} (km)", "Skor", "Alasan"]
    headers += [f"{COMPONENT_LABELS[c]} (nilai 0-1)" for c in COMPONENTS]
    headers += [f"{COMPONENT_LABELS[c]} (kontribusi)" for c in COMPONENTS]
    rows = [
        [r["peringkat"], r["kode"], r["nama"], r["kecamatan"], status_label(r["status_cakupan"])]
        + [round(float(r["jarak_km"]), 1), _score(r["skor"]), r.get("alasan", "")]
        + [_score(r[f"komp_{c}"]) for c in COMPONENTS]
        + [_score(r[f"kontribusi_{c}"]) for c in COMPONENTS]
        for _, r in plan.skor.iterrows()
    ]
    _append_table(ws, headers, rows)
    ws.column_dimensions["H"].width = 60  # the reason reads as a sentence
    score_columns = [7, *range(9, 9 + 2 * len(COMPONENTS))]  # Skor, values, contributions
    for row_cells in ws.iter_rows(min_row=2):
        for i in score_columns:
            row_cells[i - 1].number_format = "0.00"
    set_print_layout(ws, header_row=1)
    sessions = {s.venue_kode: s for s in plan.sessions}
    method = _method_label(plan)
    for trip in plan.trips:
        sheet = wb.create_sheet(f"Trip {trip.number}")
        _append_row(sheet, [f"Trip {trip.number}"], bold=True)
        _append_row(sheet, [f"Berangkat dari: {_start_full(plan)}"])
        _append_row(sheet, ["Tanggal: ____________________"])
        _append_row(sheet, [f"Jarak pulang-pergi: {_km(trip.km)} km ({method})"])
        if trip.melebihi_anggaran:
            _append_row(sheet, ["PERHATIAN: trip ini melebihi anggaran jarak harian."], bold=True)
        _append_row(sheet, [])
        trip_rows = _trip_rows(trip, sessions)
        _append_table(sheet, list(_TRIP_HEADERS), trip_rows)
        set_print_layout(sheet, header_row=sheet.max_row - len(trip_rows))
    info = wb.create_sheet("Keterangan")
    _append_table(
        info,
        ["Komponen", "Bobot", "Penjelasan"],
        [
            [COMPONENT_LABELS[c], _weight_text(plan, c), text]
            for c, text in explain_components().items()
        ],
    )
    _append_row(info, [])
    _append_row(info, [f"Jarak antar lokasi: {method}."])
    _append_row(info, ["Skor = jumlah kontribusi semua komponen (kontribusi = bobot x nilai)."])
    _append_row(info, [f"Angka skor dibulatkan ke {SCORE_DECIMALS} desimal."])
    _append_row(info, [f"Titik berangkat: {_start_full(plan)}."])
    set_print_layout(info, header_row=1)
    if review is not None and len(review):
        sheet = wb.create_sheet("Tinjauan Risiko")
        _append_table(sheet, list(review.columns), review.astype("object").to_numpy().tolist())
        set_print_layout(sheet, header_row=1)
    with atomic_target(path) as tmp:
        wb.save(tmp)
    return path


def set_print_layout(ws: Worksheet, *, header_row: int) -> None:
    """Print setup for a plan sheet: A4 landscape, all columns on one page width (as many
    pages down as needed), and `header_row` repeated at the top of every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = True


def render_plan_html(
    plan: Plan, desa_display: gpd.GeoDataFrame, *, catatan: str | None = None
) -> str:
    """Printable HTML: one page per trip with an inline SVG map and the invitation table.

    `desa_display` (`kode`, geometry; e.g. the `desa_tampilan` layer) draws the
    map. `catatan` is an optional banner (e.g. "DATA CONTOH").
    """
    if "kode" not in desa_display.columns or desa_display.crs is None:
        raise ValueError("Peta desa harus GeoDataFrame dengan kolom kode dan CRS.")
    shapes = desa_display.to_crs(METRIC_CRS).assign(kode=desa_display["kode"].astype("str"))
    sessions = {s.venue_kode: s for s in plan.sessions}
    method = html.escape(_method_label(plan))
    banner = f'<p class="catatan">{html.escape(catatan)}</p>' if catatan else ""
    start = html.escape(_start_full(plan))
    pages: list[str] = []
    for trip in plan.trips:
        trip_sessions = [sessions[v] for v in trip.urutan]
        over = (
            '<p class="awas">Trip ini melebihi anggaran jarak harian.</p>'
            if trip.melebihi_anggaran
            else ""
        )
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>"
            for r in _html_rows(trip, sessions)
        )
        head = "".join(f"<th>{html.escape(h)}</th>" for h in _HTML_HEADERS)
        pages.append(
            f'<section class="halaman">{banner}'
            f"<h1>Rencana Sosialisasi — Trip {trip.number}</h1>"
            f"<p><b>Berangkat dari:</b> {start}</p>"
            f"<p>Tanggal: ____________________</p>"
            f"<p>Jarak pulang-pergi: {_km(trip.km)} km ({method})</p>{over}"
            f"{_svg_map(trip, trip_sessions, shapes, plan.base, _start_label(plan))}"
            f"{_MAP_KEY}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"</section>"
        )
    if not pages:
        pages.append(
            f'<section class="halaman">{banner}<h1>Rencana Sosialisasi</h1>'
            "<p>Tidak ada sesi yang diusulkan.</p></section>"
        )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        "<title>Rencana Sosialisasi</title><style>"
        f"body{{font-family:sans-serif;font-size:{HANDOUT_FONT_PX}px;margin:0}}"
        "h1{font-size:22px;margin:0 0 4px 0}p{margin:2px 0}"
        ".halaman{page-break-after:always;break-after:page;padding:10mm}"
        "@page{size:A4;margin:0}"
        ".halaman:last-child{page-break-after:auto;break-after:auto}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:3px 5px;"
        "text-align:left;vertical-align:top}.catatan{font-weight:bold;color:#b00}"
        "tr{break-inside:avoid}thead{display:table-header-group}"
        ".awas{color:#b00}svg{display:block;width:100%;height:auto;border:1px solid #ccc}"
        ".kunci{margin:2px 0 6px 0}"
        "</style></head><body>" + "".join(pages) + "</body></html>"
    )


def _trip_rows(trip: Trip, sessions: dict[str, Session]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for order, (kode, leg) in enumerate(zip(trip.urutan, trip.legs_km, strict=False), start=1):
        s = sessions[kode]
        venue = [order, s.venue_nama, s.venue_kode, round(s.venue_lat, 6), round(s.venue_lon, 6)]
        venue.append(round(leg, 1))
        for inv in s.invited:
            rows.append(
                [
                    *venue,
                    inv.nama,
                    inv.kode,
                    inv.kecamatan,
                    round(inv.jarak_km, 2),
                    ", ".join(inv.roles),
                    _score(inv.skor),
                ]
            )
        if not s.invited:
            rows.append([*venue, "", "", "", "", "", ""])
    return rows


def _html_rows(trip: Trip, sessions: dict[str, Session]) -> list[list[str]]:
    rows: list[list[str]] = []
    for order, (kode, leg) in enumerate(zip(trip.urutan, trip.legs_km, strict=False), start=1):
        s = sessions[kode]
        desa = ", ".join(f"{inv.nama} ({_km(inv.jarak_km)} km)" for inv in s.invited)
        by_role: dict[str, list[str]] = {}
        for inv in s.invited:
            for role in inv.roles:
                by_role.setdefault(role, []).append(inv.nama)
        roles = "; ".join(
            f"{role}: semua desa diundang"
            if len(names) == len(s.invited)
            else f"{role}: {', '.join(names)}"
            for role, names in by_role.items()
        )
        rows.append([str(order), f"{s.venue_nama} ({s.venue_kode})", _km(leg), desa, roles])
    return rows


def _km(value: float) -> str:
    """A distance with one decimal and the Indonesian decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def _append_row(ws: Any, values: Sequence[Any], *, bold: bool = False) -> None:
    ws.append([excel_cell(v) for v in values])
    if bold and values:
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)


def _append_table(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    _append_row(ws, headers, bold=False)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        _append_row(ws, [None if _is_missing(v) else v for v in row])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(
            10, min(40, len(str(header)) + 2)
        )


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _score(value: Any) -> float:
    return round(float(value), SCORE_DECIMALS) + 0.0  # + 0.0: no "-0.0" in a cell


def _start_label(plan: Plan) -> str:
    """Short name of the start place ("SoE"), or "titik berangkat" for an older plan."""
    return str(plan.parameters.get("basis_nama") or "titik berangkat")


def _start_full(plan: Plan) -> str:
    lat, lon = plan.base
    where = f"{lat:.4f}, {lon:.4f}".replace(".", ",")
    full = plan.parameters.get("basis_lengkap")
    return f"{full} ({where})" if full else where


def _method_label(plan: Plan) -> str:
    if plan.parameters.get("jaringan_jalan"):
        return "jarak jaringan jalan"
    detour = float(plan.parameters.get("detour", 1.4))
    factor = f"{detour:g}".replace(".", ",")
    return f"perkiraan: garis lurus x {factor} untuk belokan jalan, bukan jarak jalan sebenarnya"


def _weight_text(plan: Plan, component: str) -> float:
    weights = plan.parameters.get("bobot") or DEFAULT_WEIGHTS
    return float(weights.get(component, 0.0))


def _svg_map(
    trip: Trip,
    sessions: Sequence[Session],
    shapes: gpd.GeoDataFrame,
    base: tuple[float, float],
    start: str,
) -> str:
    """The trip as an inline SVG: invited desa coloured per session, the route, the start
    (drawn and named once) and numbered venues. Labels come last, on a white halo, so no
    line runs through them; text is `HANDOUT_FONT_PX` drawing units (>= that many px)."""
    invited = {inv.kode: i for i, s in enumerate(sessions) for inv in s.invited}
    lonlat = [(base[1], base[0])] + [(s.venue_lon, s.venue_lat) for s in sessions]
    stops = gpd.GeoSeries(gpd.points_from_xy(*zip(*lonlat, strict=True)), crs="EPSG:4326")
    stop_xy = shapely.get_coordinates(stops.to_crs(METRIC_CRS).to_numpy())
    focus = shapes[shapes["kode"].isin(list(invited))]
    bounds = np.vstack([stop_xy, shapely.get_coordinates(focus.envelope.to_numpy())])
    (x0, y0), (x1, y1) = bounds.min(axis=0), bounds.max(axis=0)
    pad = max(x1 - x0, y1 - y0, 2000.0) * 0.08
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    wide = (y1 - y0) / _SVG_MAX_ASPECT  # a tall trip is widened, so it never prints tiny
    if x1 - x0 < wide:
        grow = (wide - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    width = _SVG_WIDTH
    scale = width / max(x1 - x0, 1.0)
    height = max((y1 - y0) * scale, 1.0)

    def pt(x: float, y: float) -> tuple[float, float]:
        return round((x - x0) * scale, 1), round((y1 - y) * scale, 1)

    visible = shapes[shapes.intersects(shapely.box(x0, y0, x1, y1))]
    parts: list[str] = []
    for kode, geom in zip(visible["kode"], visible.geometry, strict=True):
        d = " ".join(
            "M" + " L".join("{},{}".format(*pt(x, y)) for x, y in np.asarray(ring.coords)) + "Z"
            for poly in getattr(geom, "geoms", [geom])
            for ring in [poly.exterior, *poly.interiors]
        )
        fill = _PALETTE[invited[kode] % len(_PALETTE)] if kode in invited else "#f2f2f2"
        opacity = "0.45" if kode in invited else "1"
        parts.append(
            f'<path d="{d}" fill="{fill}" fill-opacity="{opacity}" stroke="#999" '
            f'stroke-width="0.5"><title>{html.escape(kode)}</title></path>'
        )
    route = [0, *range(1, len(sessions) + 1), 0]
    line = " ".join("{},{}".format(*pt(*stop_xy[i])) for i in route)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="#000" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/>'
    )
    bx, by = pt(*stop_xy[0])
    parts.append(f'<rect x="{bx - 7:.1f}" y="{by - 7:.1f}" width="14" height="14" fill="#000"/>')
    labels = [_svg_label(bx + 10, by + 5, f"Berangkat: {start}", bold=True)]
    for i, s in enumerate(sessions, start=1):
        cx, cy = pt(*stop_xy[i])
        color = _PALETTE[(i - 1) % len(_PALETTE)]
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="12" fill="{color}" stroke="#000">'
            f"<title>{html.escape(s.venue_nama)} ({html.escape(s.venue_kode)})</title></circle>"
            f'<text x="{cx}" y="{cy + 5:.1f}" text-anchor="middle" fill="#fff" '
            f'font-size="{HANDOUT_FONT_PX}" font-weight="bold">{i}</text>'
        )
        labels.append(_svg_label(cx + 15, cy + 5, s.venue_nama))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-size="{HANDOUT_FONT_PX}" role="img" aria-label="Peta trip {trip.number}">'
        + "".join(parts)
        + "".join(labels)
        + "</svg>"
    )


def _svg_label(x: float, y: float, text: str, *, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{HANDOUT_FONT_PX}"{weight} '
        f'stroke="#fff" stroke-width="4" paint-order="stroke">{html.escape(text)}</text>'
    )
