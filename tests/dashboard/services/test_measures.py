"""Map measures: fixed classes, meeting-mode suppression, legends."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.services.legend import legend_html, legend_items
from dashboard.services.measures import (
    MEASURES,
    NO_DATA,
    classify,
    format_count,
)

NAN = math.nan


def test_status_classes_and_no_data() -> None:
    desa = pd.DataFrame({"status_cakupan": ["tercakup", "kedaluwarsa", "belum", None]})
    assert classify(desa, "status_cakupan").tolist() == [
        "tercakup",
        "kedaluwarsa",
        "belum",
        NO_DATA,
    ]


def test_unknown_status_is_an_error() -> None:
    with pytest.raises(ValueError, match="status_cakupan tidak dikenal"):
        classify(pd.DataFrame({"status_cakupan": ["tercakup", "entah"]}), "status_cakupan")


def test_days_classes_at_the_edges() -> None:
    desa = pd.DataFrame(
        {
            "hari_sejak_kunjungan": [0, 90, 91, 180, 181, 365, 366, NAN, NAN],
            "status_cakupan": ["tercakup"] * 4 + ["kedaluwarsa"] * 3 + ["belum", None],
        }
    )
    assert classify(desa, "hari_sejak_kunjungan").tolist() == [
        "hari_le90",
        "hari_le90",
        "hari_91_180",
        "hari_91_180",
        "hari_181_365",
        "hari_181_365",
        "hari_gt365",
        "belum_pernah",  # has a status, never visited
        NO_DATA,  # no row in the data at all
    ]


def test_participant_classes_zero_is_not_no_data() -> None:
    desa = pd.DataFrame({"peserta": [0, 1, 4, 5, 19, 20, 49, 50, 300, NAN]})
    assert classify(desa, "peserta").tolist() == [
        "peserta_0",
        "peserta_1_4",
        "peserta_1_4",
        "peserta_5_19",
        "peserta_5_19",
        "peserta_20_49",
        "peserta_20_49",
        "peserta_ge50",
        "peserta_ge50",
        NO_DATA,
    ]


def test_meeting_mode_keeps_zero_and_merges_one_to_four() -> None:
    desa = pd.DataFrame({"laporan": [0, 1, 4, 5, 9, 10, NAN]})
    assert classify(desa, "laporan", meeting_mode=True).tolist() == [
        "laporan_0",
        "laporan_lt5",
        "laporan_lt5",
        "laporan_5_9",
        "laporan_5_9",
        "laporan_ge10",
        NO_DATA,
    ]


def test_meeting_mode_colours_a_hidden_complement_as_hidden() -> None:
    desa = pd.DataFrame({"laporan": [0, 3, 7, 12], "tampil_laporan": ["0", "<5", "x", "12"]})
    assert classify(desa, "laporan", meeting_mode=True).tolist() == [
        "laporan_0",
        "laporan_lt5",
        "laporan_x",
        "laporan_ge10",
    ]
    assert classify(desa, "laporan").tolist()[2] == "laporan_5_9"  # petugas see it


def test_leaders_are_kades_plus_rt_rw() -> None:
    desa = pd.DataFrame({"peserta_kades_lurah": [1, 0, 1, NAN], "peserta_rt_rw": [0, 0, 4, NAN]})
    assert classify(desa, "pemimpin").tolist() == [
        "pemimpin_1",
        "pemimpin_0",
        "pemimpin_5_9",
        NO_DATA,
    ]


def test_reports_without_coverage_classes() -> None:
    desa = pd.DataFrame({"laporan_tanpa_cakupan": [0, 1, 2, 4, 5, 40]})
    got = classify(desa, "laporan_tanpa_cakupan").tolist()
    assert got == [
        "laporan_tanpa_cakupan_0",
        "laporan_tanpa_cakupan_1",
        "laporan_tanpa_cakupan_2_4",
        "laporan_tanpa_cakupan_2_4",
        "laporan_tanpa_cakupan_ge5",
        "laporan_tanpa_cakupan_ge5",
    ]


def test_input_not_mutated_and_index_kept() -> None:
    desa = pd.DataFrame({"peserta": [3.0, NAN]}, index=["a", "b"])
    before = desa.copy()
    out = classify(desa, "peserta")
    pd.testing.assert_frame_equal(desa, before)
    assert out.index.tolist() == ["a", "b"]


def test_missing_column_negative_and_unknown_measure_raise() -> None:
    with pytest.raises(ValueError, match="kolom wajib"):
        classify(pd.DataFrame({"x": [1]}), "peserta")
    with pytest.raises(ValueError, match="negatif"):
        classify(pd.DataFrame({"peserta": [-1]}), "peserta")
    with pytest.raises(ValueError, match="tidak dikenal"):
        classify(pd.DataFrame({"peserta": [1]}), "luas")


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=30))
def test_classes_are_monotone_in_the_value(values: list[int]) -> None:
    for key in ("peserta", "laporan", "laporan_tanpa_cakupan"):
        order = [c.id for c in MEASURES[key].classes]
        ordered = sorted(values)
        classes = classify(pd.DataFrame({MEASURES[key].columns[0]: ordered}), key).tolist()
        ranks = [order.index(c) for c in classes]
        assert ranks == sorted(ranks)


def test_legend_labels_indonesian_and_english() -> None:
    assert [label for _, label, _ in legend_items("peserta")] == [
        "0",
        "1–4",
        "5–19",
        "20–49",
        "≥ 50",
        "Tidak ada data",
    ]
    assert [label for _, label, _ in legend_items("hari_sejak_kunjungan", "en")] == [
        "≤ 90 days",
        "91–180 days",
        "181–365 days",
        "> 365 days",
        "Never visited",
        "No data",
    ]
    meeting = legend_items("laporan", meeting_mode=True)
    assert [label for _, label, _ in meeting] == [
        "0",
        "< 5 (disamarkan)",
        "5–9",
        "≥ 10",
        "x (disembunyikan agar angka kecil tidak dapat dihitung)",
        "Tidak ada data",
    ]


def test_no_data_is_hatched_and_colours_are_distinct() -> None:
    for key in MEASURES:
        items = legend_items(key)
        assert items[-1][2] == "hatch"
        colours = [c for c, _, style in items if style == "solid"]
        assert len(set(colours)) == len(colours), key


def test_legend_html_escapes_text() -> None:
    out = legend_html("status_cakupan", "id", title="<b>Judul</b>")
    assert "&lt;b&gt;Judul&lt;/b&gt;" in out
    assert "<b>" not in out
    for label in ("Tercakup", "Belum pernah dijangkau", "Kedaluwarsa", "Tidak ada data"):
        assert label in out
    assert "http" not in out


def test_format_count_suppresses_small_counts_in_meeting_mode() -> None:
    assert format_count(3, meeting_mode=True) == "<5"
    assert format_count(1, meeting_mode=True) == "<5"
    assert format_count(0, meeting_mode=True) == "0"  # a never-reached desa is no risk
    assert format_count(5, meeting_mode=True) == "5"
    assert format_count(3) == "3"
    assert format_count(1234) == "1.234"
    assert format_count(1234, "en") == "1,234"
    assert format_count(None) == "—"
