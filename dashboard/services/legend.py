"""Map legends (no streamlit import): class swatches with the number of desa per class,
and the point symbols (venues, report circles sized by count) the map draws.

Self-contained HTML with inline styles only: it is drawn next to the map (`st.html`) and
stamped into the offline HTML export, so it can load nothing from outside.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from dashboard.services.measures import (
    HATCH_CSS,
    REPORT_LEGEND_COUNTS,
    REPORT_LEGEND_COUNTS_MEETING,
    REPORT_STYLE,
    VENUE_STYLE,
    Measure,
    get_measure,
    report_radius,
)
from dashboard.strings import t


def legend_items(
    measure: str | Measure, lang: str = "id", *, meeting_mode: bool = False
) -> list[tuple[str, str, str]]:
    """Legend rows `(colour, label, style)`, style "solid" or "hatch", "tidak ada data" last."""
    m = get_measure(measure)
    return [(c.colour, c.label(lang), c.style) for c in m.active_classes(meeting_mode)]


def legend_html(
    measure: str | Measure,
    lang: str = "id",
    title: str | None = None,
    *,
    meeting_mode: bool = False,
    large: bool = False,
    counts: Mapping[str, int] | None = None,
    venues: bool = False,
    reports: bool = False,
) -> str:
    """Self-contained legend HTML (inline styles only, no external CSS or script).

    Drawn by the app next to the map (`st.html`) and stamped into the HTML export; branca
    legends are not used because branca pulls d3 from a CDN. All text is HTML-escaped.
    `counts` (class id -> number of desa, e.g. from `class_counts`) adds the number of desa
    per class, so the gap is counted where it is coloured. `venues` / `reports` add the
    point symbols drawn on the map (reports: circle size grows with the count).
    """
    m = get_measure(measure)
    # large (meeting) type shrinks on a narrow projector so no label is cut
    size = "clamp(15px, 1.55vw, 20px)" if large else "14px"
    box = 22 if large else 18
    heading = html.escape(title if title is not None else m.title(lang))
    rows = []
    for c in m.active_classes(meeting_mode):
        if c.style == "hatch":
            swatch_style = f"background:{HATCH_CSS};border:2px dashed #444444;"
        else:
            swatch_style = f"background:{html.escape(c.colour)};border:1px solid #333333;"
        number = ""
        if counts is not None:
            number = (
                '<span class="ps-legend-count" style="flex:none;min-width:1.9em;'
                f'text-align:right;font-weight:700;">{int(counts.get(c.id, 0))}</span>'
            )
        rows.append(
            _legend_row(f"width:{box}px;height:{box}px;{swatch_style}", c.label(lang), number)
        )
    if venues:
        v = VENUE_STYLE
        dot = 2 * int(v.radius)
        swatch = (
            f"width:{dot}px;height:{dot}px;border-radius:50%;background:{v.fill_color};"
            f"border:{v.weight}px solid {v.color};margin:0 {(box - dot) // 2}px;"
        )
        rows.append(_legend_row(swatch, t("legend.tempat", lang), ""))
    if reports:
        rows.append(_report_rows(lang, meeting_mode))
    notes = ["legend.status_catatan"] if m.key == "status_cakupan" and not large else []
    if counts is not None:
        notes.append("legend.jumlah_desa")
    for note in notes:
        rows.append(
            '<div class="ps-legend-note" style="font-size:0.85em;color:#333333;margin-top:2px;">'
            f"{html.escape(t(note, lang))}</div>"
        )
    return (
        f'<div class="ps-legend" role="group" aria-label="{heading}" '
        f'style="font-size:{size};line-height:1.3;color:#111111;">'
        f'<div class="ps-legend-title" style="font-weight:700;margin-bottom:4px;">{heading}</div>'
        + "".join(rows)
        + "</div>"
    )


def _legend_row(swatch_style: str, label: str, extra: str) -> str:
    return (
        '<div class="ps-legend-row" style="display:flex;align-items:center;'
        'gap:6px;margin:3px 0;">'
        '<span class="ps-legend-swatch" style="display:inline-block;flex:none;'
        f'box-sizing:border-box;{swatch_style}"></span>'
        f'{extra}<span class="ps-legend-label">{html.escape(label)}</span></div>'
    )


def _report_rows(lang: str, meeting_mode: bool) -> str:
    """Report circles at three example counts, drawn at the radius the map uses."""
    examples = REPORT_LEGEND_COUNTS_MEETING if meeting_mode else REPORT_LEGEND_COUNTS
    circles = []
    for n in examples:
        d = round(2 * report_radius(n))
        circles.append(
            '<span style="display:inline-flex;flex-direction:column;align-items:center;'
            'margin-right:8px;">'
            f'<span class="ps-legend-swatch" style="display:inline-block;width:{d}px;'
            f"height:{d}px;border-radius:50%;background:{REPORT_STYLE.fill_color};"
            f"border:{REPORT_STYLE.weight}px solid {REPORT_STYLE.color};"
            f'box-sizing:border-box;"></span><span style="font-size:0.85em;">{n}</span></span>'
        )
    note = "legend.laporan_titik_rapat" if meeting_mode else "legend.laporan_titik"
    return (
        '<div class="ps-legend-reports" style="margin:6px 0 3px 0;">'
        f"<div>{html.escape(t(note, lang))}</div>"
        '<div style="display:flex;align-items:flex-end;">' + "".join(circles) + "</div></div>"
    )
