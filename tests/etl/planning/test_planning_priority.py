"""Priority score: hand-computed components, exact sums, weights, ties, input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planning_fixtures import desa_frame, four_desa, synthetic_kabupaten

from etl.planning.priority import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    explain_components,
    score_priority,
)

BASE = (-9.86, 124.27)  # the centre of desa Alfa
NO_DISTANCE = {"celah_cakupan": 0.40, "pemimpin_belum": 0.20, "laporan": 0.25}


def _by_kode(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("nama")


def test_components_match_hand_computation() -> None:
    out = _by_kode(score_priority(four_desa(), weights=NO_DISTANCE, base=BASE))
    # coverage gap: belum 1; lapsed 18 mo = 0.5 + 0.4 * 6/12; covered 6 mo = 0.2 * 6/12;
    # lapsed 30 mo = capped at 0.9
    assert out["komp_celah_cakupan"].to_dict() == pytest.approx(
        {"Alfa": 1.0, "Bravo": 0.7, "Charlie": 0.1, "Delta": 0.9}
    )
    # leaders: 0.5 per missing group (kades/lurah, RT/RW)
    assert out["komp_pemimpin_belum"].to_dict() == {
        "Alfa": 1.0,
        "Bravo": 0.5,
        "Charlie": 0.0,
        "Delta": 0.5,
    }
    # reports: (laporan + laporan_tanpa_cakupan) / 5, capped at 1
    assert out["komp_laporan"].to_dict() == pytest.approx(
        {"Alfa": 0.8, "Bravo": 0.4, "Charlie": 0.0, "Delta": 1.0}
    )
    assert (out["komp_risiko_eksternal"] == 0).all()
    assert (out["kontribusi_jarak"] == 0).all()
    # skor = 0.4 gap + 0.2 leaders + 0.25 reports
    assert out["skor"].to_dict() == pytest.approx(
        {"Alfa": 0.8, "Bravo": 0.48, "Charlie": 0.04, "Delta": 0.71}
    )


def test_ranking_and_risk_component() -> None:
    risk = pd.DataFrame({"kode": ["53.02.01.2001", "53.02.01.2004"], "risiko": [0.5, 1.0]})
    weights = {**NO_DISTANCE, "risiko_eksternal": 0.15}
    out = score_priority(four_desa(), weights=weights, base=BASE, risk=risk)
    assert out["nama"].tolist() == ["Alfa", "Delta", "Bravo", "Charlie"]
    assert out["peringkat"].tolist() == [1, 2, 3, 4]
    assert out["skor"].tolist() == pytest.approx([0.875, 0.86, 0.48, 0.04])
    assert _by_kode(out).loc["Bravo", "komp_risiko_eksternal"] == 0.0  # no row -> 0


def test_distance_component_is_a_cost_scaled_by_the_farthest() -> None:
    out = _by_kode(score_priority(four_desa(), base=BASE))  # default weights
    # desa lie on one meridian 2.2 km apart; Delta is farthest from Alfa (the base)
    assert out.loc["Alfa", "komp_jarak"] == pytest.approx(0.0, abs=1e-3)
    assert out.loc["Delta", "komp_jarak"] == 1.0
    assert out.loc["Bravo", "komp_jarak"] == pytest.approx(1 / 3, rel=2e-3)
    assert out.loc["Charlie", "komp_jarak"] == pytest.approx(2 / 3, rel=2e-3)
    assert out.loc["Delta", "kontribusi_jarak"] == pytest.approx(-0.10)
    assert out.loc["Delta", "jarak_km"] == pytest.approx(6.64, rel=0.01)
    # a positive weight given for the cost is still a cost
    flipped = _by_kode(score_priority(four_desa(), weights={"jarak": 0.10}, base=BASE))
    assert flipped.loc["Delta", "kontribusi_jarak"] == pytest.approx(-0.10)


@settings(max_examples=40)
@given(
    weights=st.fixed_dictionaries(
        {c: st.floats(0, 1) if c != "jarak" else st.floats(-1, 0) for c in COMPONENTS}
    )
)
def test_contributions_sum_exactly_to_the_score(weights: dict[str, float]) -> None:
    out = score_priority(synthetic_kabupaten(40), weights=weights, base=BASE)
    for _, row in out.iterrows():
        assert sum(row[f"kontribusi_{c}"] for c in COMPONENTS) == row["skor"]
        for c in COMPONENTS:
            assert 0.0 <= row[f"komp_{c}"] <= 1.0
            expected = (-abs(weights[c]) if c == "jarak" else weights[c]) * row[f"komp_{c}"]
            assert row[f"kontribusi_{c}"] == pytest.approx(expected)


@pytest.mark.parametrize("component", COMPONENTS)
def test_zero_weight_removes_the_component(component: str) -> None:
    frame = synthetic_kabupaten(60)
    risk = pd.DataFrame({"kode": frame["kode"], "risiko": np.linspace(0, 1, len(frame))})
    weights = {**DEFAULT_WEIGHTS, component: 0.0}
    out = score_priority(frame, weights=weights, base=BASE, risk=risk)
    assert (out[f"kontribusi_{component}"] == 0).all()
    others = [c for c in COMPONENTS if c != component]
    for _, row in out.iterrows():
        assert row["skor"] == pytest.approx(sum(row[f"kontribusi_{c}"] for c in others))
    # changing the component's input changes nothing any more
    if component == "risiko_eksternal":
        again = score_priority(frame, weights=weights, base=BASE, risk=risk.iloc[::-1])
        pd.testing.assert_series_equal(out["skor"], again["skor"])


def test_ties_are_broken_by_kode() -> None:
    same = {"lat": -9.9, "lon": 124.3, "status_cakupan": "belum"}
    frame = desa_frame(
        [
            {"kode": "53.02.01.2003", "nama": "C", **same},
            {"kode": "53.02.01.2001", "nama": "A", **same},
            {"kode": "53.02.01.2002", "nama": "B", **same},
        ]
    )
    out = score_priority(frame, base=BASE)
    assert out["skor"].nunique() == 1
    assert out["kode"].tolist() == ["53.02.01.2001", "53.02.01.2002", "53.02.01.2003"]
    assert out["peringkat"].tolist() == [1, 2, 3]


def test_input_is_not_modified_and_order_does_not_matter() -> None:
    frame = synthetic_kabupaten(50)
    before = frame.copy()
    first = score_priority(frame, base=BASE)
    shuffled = score_priority(frame.sample(frac=1.0, random_state=3), base=BASE)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(first, shuffled)


def test_missing_columns_crs_and_bad_values_are_clear_errors() -> None:
    frame = four_desa()
    with pytest.raises(ValueError, match="laporan_tanpa_cakupan"):
        score_priority(frame.drop(columns=["laporan_tanpa_cakupan"]), base=BASE)
    with pytest.raises(ValueError, match="EPSG:4326"):
        score_priority(frame.to_crs("EPSG:32750"), base=BASE)
    with pytest.raises(ValueError, match="status_cakupan"):
        score_priority(frame.assign(status_cakupan="lama"), base=BASE)
    with pytest.raises(ValueError, match="tidak dikenal"):
        score_priority(frame, weights={"popularitas": 1.0}, base=BASE)
    with pytest.raises(ValueError, match="negatif"):
        score_priority(frame, weights={"laporan": -1.0}, base=BASE)
    with pytest.raises(ValueError, match="antara 0 dan 1"):
        score_priority(frame, base=BASE, risk=pd.DataFrame({"kode": ["x"], "risiko": [3.0]}))
    with pytest.raises(ValueError, match="Titik berangkat"):
        score_priority(frame, base=(124.27, -9.86 * 20), weights=NO_DISTANCE)


def test_every_component_has_an_indonesian_sentence() -> None:
    texts = explain_components()
    assert set(texts) == set(COMPONENTS)
    assert all(t.endswith(".") and len(t) > 40 for t in texts.values())
