"""Legends count desa per class and explain every mark on the map."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.services.legend import legend_html, legend_items
from dashboard.services.measures import class_counts, report_radius


def test_status_legend_gap_first_with_counts() -> None:
    desa = pd.DataFrame({"status_cakupan": ["belum", "belum", "kedaluwarsa", "tercakup", None]})
    counts = class_counts(desa, "status_cakupan")
    assert counts == {"belum": 2, "kedaluwarsa": 1, "tercakup": 1, "tidak_ada_data": 1}
    assert [label for _, label, _ in legend_items("status_cakupan")] == [
        "Belum pernah dijangkau", "Kedaluwarsa", "Tercakup", "Tidak ada data",
    ]  # fmt: skip
    out = legend_html("status_cakupan", counts=counts)
    shown = re.findall(r'class="ps-legend-count"[^>]*>(\d+)<', out)
    assert shown == ["2", "1", "1", "1"]
    assert "jumlah desa" in out


def test_meeting_counts_use_the_meeting_classes() -> None:
    # zero has its own class (it is the gap, not a secret); 1..4 is "<5"; a cell hidden as a
    # complement ("x" in the protected figures) is counted in the "disembunyikan" class
    desa = pd.DataFrame({"laporan": [0, 3, 7, 12, None]})
    assert class_counts(desa, "laporan", meeting_mode=True) == {
        "laporan_0": 1, "laporan_lt5": 1, "laporan_5_9": 1, "laporan_ge10": 1, "laporan_x": 0,
        "tidak_ada_data": 1,
    }  # fmt: skip
    protected = desa.assign(tampil_laporan=["0", "<5", "x", "12", "0"])
    assert class_counts(protected, "laporan", meeting_mode=True)["laporan_x"] == 1


def test_point_symbols_in_the_legend() -> None:
    plain = legend_html("status_cakupan")
    assert "Tempat kegiatan" not in plain and "Laporan per desa" not in plain
    out = legend_html("status_cakupan", venues=True, reports=True)
    assert "Tempat kegiatan" in out
    assert "lingkaran makin besar" in out
    for n in (1, 5, 20):
        assert f"width:{round(2 * report_radius(n))}px" in out
    meeting = legend_html("status_cakupan", meeting_mode=True, reports=True)
    assert "≥ 5 laporan" in meeting


def test_report_circle_area_grows_with_the_count() -> None:
    radii = [report_radius(n) for n in (1, 4, 9, 16, 100, 10_000)]
    assert radii == sorted(radii)
    assert radii[0] == 6.0 and radii[1] == 9.0 and radii[2] == 12.0  # 3 + 3·√n
    assert radii[-1] == radii[-2] == 21.0  # capped
