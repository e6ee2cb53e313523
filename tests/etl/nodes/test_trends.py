from __future__ import annotations

from datetime import date

import pandas as pd

from etl.nodes.trends import compare_periods, desa_history, monthly_trend

ATT = pd.DataFrame(
    {
        "id_kegiatan": ["S0", "S1", "S1", "S2", "S2"],
        "desa_kode": ["A", "A", "B", "B", "C"],
        "peran": ["kepala desa", "ketua RT", "warga", "kepala desa", "lurah"],
        "kelompok_peran": ["kades_lurah", "rt_rw", "warga", "kades_lurah", "kades_lurah"],
        "jumlah": [1, 4, 10, 1, 1],
        "tanggal": pd.to_datetime(
            ["2025-11-15", "2026-01-10", "2026-01-10", "2026-03-05", "2026-03-05"]
        ),
    }
)


def test_monthly_trend_by_hand() -> None:
    t = monthly_trend(ATT, start=date(2026, 1, 1), end=date(2026, 3, 31)).set_index("bulan")
    assert t.index.tolist() == ["2026-01", "2026-02", "2026-03"]
    assert t["kegiatan"].tolist() == [1, 0, 1]
    assert t["peserta"].tolist() == [14, 0, 2]
    # A was first reached in Nov 2025 (before the range): not new in January
    assert t["desa_baru"].tolist() == [1, 0, 1]


def test_compare_periods_by_hand() -> None:
    kode = pd.Series(["A", "B", "C", "D"])
    # current Feb-Mar 2026 (59 days); previous period ends 31 Jan 2026
    c = compare_periods(kode, ATT, start=date(2026, 2, 1), end=date(2026, 3, 31))
    assert dict(zip(c["kode"], c["perubahan"], strict=True)) == {
        "A": "lepas", "B": "tetap_tercakup", "C": "baru_tercakup", "D": "tidak_tercakup",
    }  # fmt: skip
    assert c["periode_lalu_akhir"].iloc[0] == date(2026, 1, 31)


def test_desa_history() -> None:
    keg = pd.DataFrame({"id_kegiatan": ["S0", "S1"], "desa": ["SoE", "Oebesa"]})
    h = desa_history(ATT, keg, "A")
    assert h["id_kegiatan"].tolist() == ["S1", "S0"]
    assert h.loc[0, "peran"] == "ketua RT (4)" and h.loc[0, "tempat"] == "Oebesa"
    assert desa_history(ATT, keg, "Z").empty
