"""Review decisions as aliases: later decisions win, bad logged rows are skipped with a
warning naming their id (a log cannot be corrected in place), checks before recording."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.tools.aliases import ALIAS_COLUMNS
from etl.tools.decisions import (
    DECISION_COLUMNS,
    Decision,
    aliases_from_decisions,
    empty_decisions,
    merge_aliases,
)

OFFICIAL = pd.DataFrame({"kode": ["53.02.01.1001", "53.02.02.2008", "53.02.08.2001"]})


def _log(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """A log in the order made: (kabupaten, kecamatan, typed name, code) per row."""
    return pd.DataFrame(
        [
            (i + 1, pd.Timestamp("2026-12-01T08:00Z") + pd.Timedelta(minutes=i), f"p{i + 1}", *r)
            for i, r in enumerate(rows)
        ],
        columns=list(DECISION_COLUMNS),
    )


def test_a_later_decision_wins_and_ids_become_lines() -> None:
    log = _log(
        ("53.02", "", "Oinlasi", "53.02.02.2008"),
        ("53.02", "Kota Soe", "Kampung Baru", "53.02.01.1001"),
        ("53.02", "", "oinlasi", "53.02.08.2001"),  # same typed name (any case): wins
    )
    aliases, warnings = aliases_from_decisions(log, OFFICIAL, where="log")
    assert warnings == []
    assert list(aliases.columns) == [*ALIAS_COLUMNS, "baris"]
    assert aliases[["nama_ketik", "desa_kode", "dibuat_oleh", "baris"]].values.tolist() == [
        ["Kampung Baru", "53.02.01.1001", "p2", 2],
        ["oinlasi", "53.02.08.2001", "p3", 3],
    ]
    assert aliases.loc[1, "dibuat_pada"] == "2026-12-01T08:02:00+00:00"


def test_bad_logged_rows_are_skipped_with_a_warning_naming_the_id() -> None:
    log = _log(
        ("53.02", "", "Oinlasi", "53.02.02.9999"),  # not in the official list
        ("53.02", "", "SoE", "53.02.01.1001"),
        ("53.03", "", "Lain", "53.03.01.2001"),  # another kabupaten: not checked here
        ("", "", "Tanpa kab", "53.02.77.7777"),  # blank kabupaten, code of ours: checked
    )
    aliases, warnings = aliases_from_decisions(log, OFFICIAL, where="basis data X")
    assert aliases["nama_ketik"].tolist() == ["SoE", "Lain"]
    assert warnings == [
        "basis data X, keputusan id 1: kode desa '53.02.02.9999' tidak ada di daftar resmi "
        "kabupaten 53.02; keputusan ini dilewati",
        "basis data X, keputusan id 4: kode desa '53.02.77.7777' tidak ada di daftar resmi "
        "kabupaten 53.02; keputusan ini dilewati",
    ]


def test_an_empty_log_gives_no_aliases() -> None:
    aliases, warnings = aliases_from_decisions(empty_decisions(), OFFICIAL, where="log")
    assert aliases.empty and warnings == []
    with pytest.raises(ValueError, match="kolom keputusan tidak ada: id"):
        aliases_from_decisions(empty_decisions().drop(columns="id"), OFFICIAL, where="log")


def test_merge_lets_the_later_frame_win() -> None:
    file_rows = pd.DataFrame(
        [["53.02", "", "Oinlasi", "53.02.02.2008", "a", "", 2],
         ["53.02", "", "SoE", "53.02.01.1001", "a", "", 3]],
        columns=[*ALIAS_COLUMNS, "baris"],
    )  # fmt: skip
    logged, _ = aliases_from_decisions(
        _log(("53.02", "", "OINLASI", "53.02.08.2001")), OFFICIAL, where="log"
    )
    merged = merge_aliases([file_rows, logged])
    assert merged is not None
    assert sorted(merged[["nama_ketik", "desa_kode"]].values.tolist()) == [
        ["OINLASI", "53.02.08.2001"],
        ["SoE", "53.02.01.1001"],
    ]
    assert merge_aliases([None, None]) is None


@given(st.lists(st.sampled_from(["Oinlasi", "SoE", "Nonohonsi"]), min_size=1, max_size=12),
       st.data())  # fmt: skip
def test_the_last_decision_per_name_is_the_alias(names: list[str], data: st.DataObject) -> None:
    codes = [data.draw(st.sampled_from(list(OFFICIAL["kode"]))) for _ in names]
    log = _log(*[("53.02", "", n, c) for n, c in zip(names, codes, strict=True)])
    aliases, _ = aliases_from_decisions(log, OFFICIAL, where="log")
    expected = {n: c for n, c in zip(names, codes, strict=True)}  # a dict keeps the last
    assert dict(zip(aliases["nama_ketik"], aliases["desa_kode"], strict=True)) == expected


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision("53.02", "", " ", "53.02.01.1001", "p"), "nama_ketik kosong"),
        (Decision("53.02", "", "SoE", "53.02.01.1001", ""), "dibuat_oleh"),
        (
            Decision("53.02", "", "SoE", "53.03.01.1001", "p"),
            "tidak berbentuk kode desa Kab. 53.02",
        ),
        (Decision("53.02", "", "SoE", "53.02.01.1999", "p"), "tidak ada di daftar resmi"),
    ],
)
def test_a_decision_is_checked_before_it_is_recorded(decision: Decision, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decision.checked(OFFICIAL)


def test_a_checked_decision_is_stripped() -> None:
    got = Decision(" 53.02 ", " Kota Soe ", " SoE ", " 53.02.01.1001", " p1 ").checked(OFFICIAL)
    assert got == Decision("53.02", "Kota Soe", "SoE", "53.02.01.1001", "p1")
