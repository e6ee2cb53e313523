"""The coverage gap counted: per status, per kecamatan (sorted by the gap), per period."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.services.gap import kecamatan_gap, period_breakdown, status_counts


@pytest.fixture
def desa() -> pd.DataFrame:
    # A: 2 never, 1 lapsed; B: 2 never, 0 lapsed, 1 covered; C: 1 lapsed, 1 covered; D: 1 never
    return pd.DataFrame(
        {
            "kode": [f"d{i}" for i in range(10)],
            "kecamatan_kode": ["A", "A", "A", "B", "B", "B", "C", "C", "D", "C"],
            "kecamatan": ["Alfa", "Alfa", "Alfa", "Beta", "Beta", "Beta", "Cek", "Cek", "Dua", "Cek"],
            "status_cakupan": ["belum", "belum", "kedaluwarsa", "belum", "belum", "tercakup",
                               "kedaluwarsa", "tercakup", "belum", None],
        }
    )  # fmt: skip


def test_status_counts_gap_first(desa: pd.DataFrame) -> None:
    counts = status_counts(desa)
    assert list(counts) == ["belum", "kedaluwarsa", "tercakup", "total"]
    assert counts == {"belum": 5, "kedaluwarsa": 2, "tercakup": 2, "total": 10}
    assert status_counts(desa.iloc[:0]) == {"belum": 0, "kedaluwarsa": 0, "tercakup": 0, "total": 0}


def test_kecamatan_gap_sorted_by_never_reached_then_lapsed(desa: pd.DataFrame) -> None:
    before = desa.copy()
    gap = kecamatan_gap(desa)
    assert list(gap["nama"]) == ["Alfa", "Beta", "Dua", "Cek"]
    row = gap.set_index("kode").loc["A"]
    assert (row["belum"], row["kedaluwarsa"], row["tercakup"], row["total"]) == (2, 1, 0, 3)
    assert gap.set_index("kode").loc["C", "total"] == 3  # the desa without status counts in total
    pd.testing.assert_frame_equal(desa, before)  # input untouched


def test_period_breakdown_adds_up_to_the_status_counts(desa: pd.DataFrame) -> None:
    change = pd.DataFrame(
        {
            "kode": [f"d{i}" for i in range(10)],
            "perubahan": ["tidak_tercakup", "tidak_tercakup", "lepas", "tidak_tercakup",
                          "tidak_tercakup", "tetap_tercakup", "tidak_tercakup", "baru_tercakup",
                          "tidak_tercakup", "tidak_tercakup"],
        }
    )  # fmt: skip
    split = period_breakdown(desa, change)
    assert split == {
        "belum": 5, "lepas": 1, "kedaluwarsa_lama": 1, "baru_tercakup": 1, "tetap_tercakup": 1,
    }  # fmt: skip
    counts = status_counts(desa)
    assert split["lepas"] + split["kedaluwarsa_lama"] == counts["kedaluwarsa"]
    assert split["baru_tercakup"] + split["tetap_tercakup"] == counts["tercakup"]


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="status_cakupan"):
        status_counts(pd.DataFrame({"kode": ["x"]}))
    with pytest.raises(ValueError, match="perubahan"):
        period_breakdown(pd.DataFrame({"kode": ["x"], "status_cakupan": ["belum"]}),
                         pd.DataFrame({"kode": ["x"]}))  # fmt: skip
