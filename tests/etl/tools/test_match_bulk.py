"""Bulk paths of the desa matcher give what the per-row / per-pair paths give.

* rows are decided independently: matching many rows at once (distinct pairs, every
  spelling of a recognised kecamatan collapsed to it) equals matching each row alone;
* :class:`~etl.tools.matching.VillageMatches` gathers the same columns as the frame;
* one normalisation per text gives :func:`name_key`, :func:`apostrophe_key`, :func:`loose_key`;
* a :class:`~etl.tools.matching.MatchIndex` built once decides as the official list does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.tools.matching import (
    MATCH_COLUMNS,
    MatchIndex,
    match_village_matches,
    match_village_names,
)
from etl.tools.names import apostrophe_key, loose_key, name_key, text_forms

KECAMATAN = {"53.02.01": "Kota Soe", "53.02.02": "Mollo Selatan", "53.02.10": "KI'E"}
DESA = [
    ("53.02.01.1001", "SoE"),
    ("53.02.01.1009", "Oe Kefan"),
    ("53.02.02.2008", "Oinlasi"),
    ("53.02.02.2010", "Bisene"),
    ("53.02.02.2011", "Kuale'u"),
    ("53.02.10.2009", "Oinlasi"),
    ("53.02.10.2010", "Kualeu"),
    ("53.02.10.2011", "Baki"),
    ("53.02.01.1010", "Oinlasi"),
]
KEC_TYPED = ["Kota Soe", "kota soe", "Kec. Kota Soe", "Mollo Selatan", "Mollo Sel.", "KI'E",
             "ki’e", "", None, "Entah", "53.02.02"]  # fmt: skip
DESA_TYPED = ["SoE", "Desa Soe", "SOE", "Oinlasi", "oinlasi", "Oinlas", "Kuale'u", "Kualeu",
              "Kuale", "Bisene", "Bisen", "Baki", "Bak", "Oekefan", "xyzzy", "", None, "-",
              "53.02.02.2010", "53.02.10.2011", "53.02.99.9999"]  # fmt: skip


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode": [k for k, _ in DESA],
            "nama": [n for _, n in DESA],
            "kecamatan_kode": [k[:8] for k, _ in DESA],
            "kecamatan": [KECAMATAN[k[:8]] for k, _ in DESA],
        }
    )


def _match(rows: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    other = pd.DataFrame({"kode": ["53.01.01.2001"], "nama": ["Bisen"]})
    return match_village_names(rows, official, kabupaten="53.02", other_official=other)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(st.sampled_from(KEC_TYPED), st.sampled_from(DESA_TYPED)),
        min_size=1,
        max_size=25,
    )
)
def test_rows_together_equal_rows_alone(
    official: pd.DataFrame, pairs: list[tuple[str | None, str | None]]
) -> None:
    rows = pd.DataFrame(pairs, columns=["kecamatan", "desa"], dtype=object)
    together = _match(rows, official)
    alone = pd.concat([_match(rows.iloc[[i]], official) for i in range(len(rows))])
    pdt.assert_frame_equal(together, alone)


def test_kecamatan_spellings_share_decisions_but_not_blank_texts(official: pd.DataFrame) -> None:
    rows = pd.DataFrame(
        {
            "kecamatan": ["Kota Soe", "kec. kota soe", "Entah", "Lain", ""],
            "desa": ["Oinlasi", "Oinlasi", "Oinlasi", "Oinlasi", "Oinlasi"],
        }
    )
    got = _match(rows, official)
    assert _texts(got["desa_kode"]) == ["53.02.01.1010", "53.02.01.1010", None, None, None]
    assert "(kecamatan 'Entah' tidak dikenali)" in got.loc[2, "alasan"]
    assert "(kecamatan 'Lain' tidak dikenali)" in got.loc[3, "alasan"]
    assert "tidak dikenali" not in got.loc[4, "alasan"]


@pytest.mark.parametrize("pick", [[], [0], [1, 3, 4], [0, 1, 2, 3, 4, 5]])
def test_gathered_columns_equal_the_frame(official: pd.DataFrame, pick: list[int]) -> None:
    rows = pd.DataFrame(
        {
            "kecamatan": ["Kota Soe", "", "Mollo Selatan", "KI'E", None, "Kota Soe"],
            "desa": ["Soe", "Oinlasi", "Bisen", "xyzzy", "Baki", "SoE"],
        },
        index=pd.Index([10, 30, 20, 50, 40, 60]),
    )
    matches = match_village_matches(rows, official, kabupaten="53.02")
    frame = matches.frame()
    pdt.assert_frame_equal(frame, match_village_names(rows, official, kabupaten="53.02"))
    positions = np.array(pick, dtype=np.int64)
    for column in MATCH_COLUMNS:
        pdt.assert_series_equal(matches.column(column, positions), frame[column].iloc[positions])
    assert matches.accepted().tolist() == frame["desa_kode"].notna().tolist()


@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(DESA_TYPED[:-2])), max_size=20))
def test_text_forms_equal_name_apostrophe_and_loose_keys(texts: list[str]) -> None:
    keys, akeys, loose = text_forms(texts)
    assert keys.tolist() == [name_key(t) for t in texts]
    assert akeys.tolist() == [apostrophe_key(t) for t in texts]
    assert loose.tolist() == [loose_key(t) for t in texts]


def test_index_built_once_gives_the_same_decisions(official: pd.DataFrame) -> None:
    pairs = [(k, d) for k in KEC_TYPED for d in DESA_TYPED]
    rows = pd.DataFrame(pairs, columns=["kecamatan", "desa"], dtype=object)
    other = pd.DataFrame({"kode": ["53.01.01.2001"], "nama": ["Bisen"]})
    index = MatchIndex.build(official, kabupaten="53.02", other_official=other)
    pdt.assert_frame_equal(
        match_village_names(rows, official.iloc[:0], kabupaten="53.02", index=index),
        _match(rows, official),
    )


def _texts(values: pd.Series) -> list[object]:
    """Text values with missing (pandas NA) as None."""
    return [None if pd.isna(v) else v for v in values]
