"""Bulk paths of the desa matcher give what the per-row / per-pair paths give.

* rows are decided independently: matching many rows at once (distinct pairs, every
  spelling of a recognised kecamatan collapsed to it) equals matching each row alone;
* :class:`~etl.tools.matching.VillageMatches` gathers the same columns as the frame;
* candidate texts in bulk equal :func:`~etl.tools._match_core.format_candidates`;
* one normalisation per text gives :func:`name_key` and :func:`apostrophe_key`;
* a prepared list is remembered only for equal inputs and is read-only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.tools import _match_core as core
from etl.tools.matching import MATCH_COLUMNS, match_village_matches, match_village_names
from etl.tools.names import apostrophe_key, name_key

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


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, len(DESA) - 1), min_size=3, max_size=3),
            st.lists(
                st.sampled_from([100.0, 99.5, 88.0, 87.5, 0.5, 1.5, 0.0, 33.3]),
                min_size=3,
                max_size=3,
            ),
        ),
        max_size=8,
    )
)
def test_candidate_rows_equal_per_row_text(
    official: pd.DataFrame, rows: list[tuple[list[int], list[float]]]
) -> None:
    names = core.prepare(official["kode"], official["nama"], official)
    top = np.array([i for i, _ in rows], dtype=np.int64).reshape(len(rows), 3)
    score = np.array([s for _, s in rows], dtype=np.float64).reshape(len(rows), 3)
    got = core.format_candidate_rows(top, score, names)
    want = [core.format_candidates(top[r], score[r], names) for r in range(len(rows))]
    assert got.tolist() == want


def test_candidate_rows_without_kecamatan() -> None:
    names = core.prepare(pd.Series(["53.02.01", "53.02.02"]), pd.Series(["A", "B"]), None)
    top, score = np.array([[1, 0]]), np.array([[90.0, 12.5]])
    assert core.format_candidate_rows(top, score, names).tolist() == [
        core.format_candidates(top[0], score[0], names)
    ]


@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(DESA_TYPED[:-2])), max_size=20))
def test_text_keys_equal_name_and_apostrophe_keys(texts: list[str]) -> None:
    keys, akeys = core.text_keys(texts)
    assert keys.tolist() == [name_key(t) for t in texts]
    assert akeys.tolist() == [apostrophe_key(t) for t in texts]


def test_prepared_list_reused_only_for_equal_input(official: pd.DataFrame) -> None:
    first = core.prepare(official["kode"], official["nama"], official)
    again = core.prepare(official["kode"].copy(), official["nama"].copy(), official.copy())
    assert again is first
    with pytest.raises(ValueError, match="read-only"):
        first.key[0] = "x"
    renamed = official.assign(nama=official["nama"].where(official.index != 0, "Soe Baru"))
    other = core.prepare(renamed["kode"], renamed["nama"], renamed)
    assert other is not first
    assert other.nama.tolist()[0] == "Soe Baru"
    assert first.nama.tolist()[0] == "SoE"
    as_object = core.prepare(official["kode"].astype(object), official["nama"], official)
    assert as_object.kode.tolist() == first.kode.tolist()


def _texts(values: pd.Series) -> list[object]:
    """Text values with missing (pandas NA) as None."""
    return [None if pd.isna(v) else v for v in values]
