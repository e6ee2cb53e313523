"""Phone numbers and NIK typed inside free text are masked; dates and small numbers stay."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from etl.tools.mask import MASK, mask_frame, mask_text

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,:;()/", min_size=1, max_size=12),
    min_size=0,
    max_size=3,
).map(" ".join)
"""Context without digits: every digit left after masking comes from what was embedded."""
SEPARATORS = st.sampled_from([" ", "-", ".", ""])
# independent descriptions of what must never survive
SIXTEEN_DIGITS = re.compile(r"\d{16}")
PHONE_LIKE = re.compile(r"(?<!\d)(?:0|\+?62)8\d{7,}")


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """Indonesian mobile numbers as people type them: 08xx / +628xx / 628xx / (+62) 8xx,
    9-13 digits, grouped by spaces, dashes or dots (groups of 2 or more)."""
    national = "8" + draw(st.text(alphabet="0123456789", min_size=7, max_size=11))
    prefix = draw(st.sampled_from(["0", "+62", "62", "+62 ", "62-", "(+62) ", "(62)"]))
    first = draw(st.integers(3, min(5, len(national))))
    groups, rest = [national[:first]], national[first:]
    while rest:
        size = draw(st.integers(2, 4))
        if len(rest) - size == 1:
            size += 1  # never leave a lone digit as the last group
        groups.append(rest[:size])
        rest = rest[size:]
    sep = draw(SEPARATORS)
    return prefix + sep.join(groups)


@st.composite
def niks(draw: st.DrawFn) -> str:
    digits = draw(st.text(alphabet="0123456789", min_size=16, max_size=16))
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    return digits if not sep else sep.join(digits[i : i + 4] for i in range(0, 16, 4))


@st.composite
def harmless_numbers(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    year = draw(st.integers(1990, 2030))
    return draw(
        st.sampled_from(
            [
                f"{day:02d}/{month:02d}/{year}",
                f"{day}/{month}/{year}",
                f"{day:02d}-{month:02d}-{year} {draw(st.integers(0, 23)):02d}.30",
                f"RT {draw(st.integers(1, 30)):02d}",
                f"RW {draw(st.integers(1, 9))}",
                f"{draw(st.integers(1, 500))} orang",
                f"53.02.{draw(st.integers(1, 32)):02d}.{draw(st.integers(1001, 2020))}",
                f"Rp {draw(st.integers(1, 999))}.500.000",
            ]
        )
    )


@given(st.lists(st.tuples(WORDS, st.one_of(phone_numbers(), niks())), min_size=1, max_size=4))
def test_every_phone_number_and_nik_is_masked(parts: list[tuple[str, str]]) -> None:
    text = " ".join(f"{words} {number}" for words, number in parts) + " selesai"
    masked, count = mask_text(text)
    assert count == len(parts)
    assert not re.search(r"\d", masked.replace(MASK, ""))


@given(st.text(alphabet=st.sampled_from(list("0123456789 -.+()/x")), max_size=60))
def test_never_leaves_sixteen_digits_or_a_phone_like_run(text: str) -> None:
    masked, _ = mask_text(text)
    assert not SIXTEEN_DIGITS.search(masked), masked
    assert not PHONE_LIKE.search(masked), masked


@given(st.lists(st.tuples(WORDS, harmless_numbers()), min_size=1, max_size=5))
def test_dates_and_small_numbers_are_left_alone(parts: list[tuple[str, str]]) -> None:
    text = " ".join(f"{words} {number}" for words, number in parts)
    assert mask_text(text) == (text, 0)


def test_examples_known_by_hand() -> None:
    assert mask_text("hubungi 0812-3456-7890 atau NIK 5302011234560001") == (
        f"hubungi {MASK} atau NIK {MASK}",
        2,
    )
    assert mask_text("WA +62 812 3456 7890, 5 orang") == (f"WA {MASK}, 5 orang", 1)
    assert mask_text("0812 3456 7890 5 orang") == (f"{MASK} 5 orang", 1)
    assert mask_text("08-03-2024 10.30 RT 05") == ("08-03-2024 10.30 RT 05", 0)
    assert mask_text("0812 345") == ("0812 345", 0)  # too short for a phone number


def test_mask_frame_counts_per_column_and_leaves_the_input_alone() -> None:
    frame = pd.DataFrame(
        {
            "tema": ["TPPO", "hubungi 081234567890", "hubungi 081234567890", None],
            "catatan": ["NIK 5302011234560001 dan 0813-1111-2222", "RT 05", None, 7],
            "jumlah": ["081234567890", "1", "2", "3"],  # not free text: untouched
        },
        dtype=object,  # as the reader builds it
    )
    before = frame.copy()
    out, counts = mask_frame(frame, "kegiatan")
    assert counts == {"tema": 2, "catatan": 2}
    assert out["tema"].tolist() == ["TPPO", f"hubungi {MASK}", f"hubungi {MASK}", None]
    assert out["catatan"].tolist() == [f"NIK {MASK} dan {MASK}", "RT 05", None, 7]
    assert out["jumlah"].tolist() == frame["jumlah"].tolist()
    pd.testing.assert_frame_equal(frame, before)
    unchanged, none = mask_frame(before.drop(columns=["tema", "catatan"]), "kegiatan")
    assert none == {} and unchanged.equals(before.drop(columns=["tema", "catatan"]))
