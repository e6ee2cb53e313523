"""``nilai`` text of review rows: vectorised join equals the former per-row join."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from etl.nodes.join import _join_values


def _per_row(frame: pd.DataFrame) -> list[str]:
    return ["; ".join(f"{c}={v}" for c, v in row.items() if v != "") for _, row in frame.iterrows()]


def test_join_values_skips_empty_cells() -> None:
    frame = pd.DataFrame({"kecamatan": ["Kota Soe", "", ""], "desa": ["SoE", "Oinlasi", ""]})
    assert _join_values(frame).tolist() == ["kecamatan=Kota Soe; desa=SoE", "desa=Oinlasi", ""]


@given(
    st.lists(
        st.tuples(st.sampled_from(["", "a", "b c", "x=y"]), st.sampled_from(["", "1", "-9,8"])),
        min_size=1,
        max_size=20,
    )
)
def test_join_values_equals_per_row(rows: list[tuple[str, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["lat", "lon"]).astype(str)
    assert _join_values(frame).tolist() == _per_row(frame)
