"""Plotly figures (pure builders; plotly.js is bundled with Streamlit, no geo charts)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.services.colours import hex_to_rgb, relative_luminance
from dashboard.services.measures import MEASURES
from dashboard.services.public_tables import by_gap
from dashboard.strings import month_label, t

BAR_COLOUR = "#0072B2"  # Okabe-Ito blue: strong on a washed-out projector
NEW_COLOUR = "#009E73"
SESSION_COLOUR = "#E69F00"


def kecamatan_bar(kec: pd.DataFrame, lang: str = "id", *, large: bool = False) -> go.Figure:
    """Horizontal bars: % of desa reached per kecamatan, the biggest gap at the top (same
    order as the Kecamatan table: lowest share reached, then most desa not reached)."""
    data = by_gap(kec)
    size = 20 if large else 13
    fig = go.Figure(
        go.Bar(
            x=data["persen_tercakup"],
            y=data["nama"],
            orientation="h",
            marker_color=BAR_COLOUR,
            text=[f"{v:.0f}%" for v in data["persen_tercakup"]],
            textposition="outside",
            textfont={"size": size},
            customdata=data[["desa_tercakup", "desa_total"]].to_numpy(),
            hovertemplate="%{y}: %{x:.1f}% (%{customdata[0]}/%{customdata[1]} desa)<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": t("kecamatan.persen_tercakup", lang), "range": [0, 110]},
        yaxis={
            "title": None,
            "automargin": True,
            "tickfont": {"size": size, "color": "#000000"},
            "categoryorder": "array",
            "categoryarray": list(data["nama"]),
            "autorange": "reversed",
        },  # first row at the top
        font={"size": size, "color": "#000000"},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        height=max(300, 18 * len(data) + 60) if not large else 620,
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    return fig


def gap_bar(gap: pd.DataFrame, lang: str = "id", *, n: int = 10) -> go.Figure:
    """Meeting-mode chart: the ``n`` kecamatan with the most desa never reached, each bar
    split into never reached / lapsed / covered desa (map colours, counts written on the
    bars), so kecamatan that are all at 0 % are still told apart by how much is left.

    ``gap``: ``dashboard.services.gap.kecamatan_gap`` (already sorted by the gap).
    """
    top = gap.head(n).iloc[::-1]  # plotly draws the first row at the bottom
    fig = go.Figure()
    for cls in MEASURES["status_cakupan"].classes:
        values = top[cls.id]
        dark = relative_luminance(hex_to_rgb(cls.colour)) < 0.18
        fig.add_bar(
            x=values,
            y=top["nama"],
            orientation="h",
            name=cls.label(lang),
            marker={"color": cls.colour, "line": {"color": "#333333", "width": 1}},
            text=[str(v) if v else "" for v in values],
            textposition="inside",
            textangle=0,
            insidetextanchor="middle",
            textfont={"size": 17, "color": "#FFFFFF" if dark else "#000000"},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        showlegend=False,
        xaxis={"title": None, "tickfont": {"size": 15}},
        yaxis={"title": None, "automargin": True, "tickfont": {"size": 18, "color": "#000000"}},
        font={"size": 17, "color": "#000000"},
        margin={"l": 8, "r": 8, "t": 4, "b": 8},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        uniformtext={"minsize": 15, "mode": "show"},
        bargap=0.15,
    )
    return fig


def trend_chart(trend: pd.DataFrame, lang: str = "id") -> go.Figure:
    """Sessions and newly reached desa (bars) and participants (line) per month.

    Months are category labels in the UI language ("Mei 2026", short names so 12 fit
    unrotated; plotly's own date axis would print "May"), and both axes start at 0: no
    count can be negative."""
    months = [month_label(b, lang, short=True) for b in trend["bulan"]]
    fig = go.Figure()
    fig.add_bar(
        x=months,
        y=trend["kegiatan"],
        name=t("tren.kegiatan", lang),
        marker_color=SESSION_COLOUR,
    )
    fig.add_bar(
        x=months,
        y=trend["desa_baru"],
        name=t("tren.desa_baru", lang),
        marker_color=NEW_COLOUR,
    )
    fig.add_scatter(
        x=months,
        y=trend["peserta"],
        name=t("tren.peserta", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": BAR_COLOUR, "width": 3},
    )
    fig.update_layout(
        barmode="group",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": months},
        yaxis={"title": t("tren.jumlah", lang), "rangemode": "nonnegative"},
        yaxis2={
            "title": t("tren.peserta", lang),
            "overlaying": "y",
            "side": "right",
            "rangemode": "nonnegative",
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        height=380,
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    return fig
