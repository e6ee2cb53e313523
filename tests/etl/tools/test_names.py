"""Name normalisation: hand examples from TTS plus property-based tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.tools.names import apostrophe_key, loose_key, name_key, normalise_name


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Desa Oe'ekam", "oe'ekam"),
        ("Ds. Oinlasi", "oinlasi"),
        ("Ds Oinlasi", "oinlasi"),
        ("Kel. SoE", "soe"),
        ("Kel SoE", "soe"),
        ("Kelurahan Kampung Baru", "kampung baru"),
        ("Kel.Kampung Baru", "kampung baru"),
        ("Kecamatan Kota Soe", "kota soe"),
        ("Kec. Mollo Utara", "mollo utara"),
        ("  OE   KEFAN ", "oe kefan"),
        ("Niki-Niki", "niki niki"),
        ("Kuale’u", "kuale'u"),
        ("Kuale‘u", "kuale'u"),
        ("Kuale`u", "kuale'u"),
        ("Kuale´u", "kuale'u"),
        ("O''besi", "o'besi"),
        ("Amanuban Sel.", "amanuban selatan"),
        ("Amanuban Tim.", "amanuban timur"),
        ("Amanuban Tmr", "amanuban timur"),
        ("Amanuban Bar.", "amanuban barat"),
        ("Amanatun Ut.", "amanatun utara"),
        ("Mollo Teng.", "mollo tengah"),
        ("Mollo Tgh", "mollo tengah"),
        ("Soé", "soe"),
        ("Ｓｏｅ", "soe"),  # full-width letters (NFKC)
        ("Desa", "desa"),  # a prefix alone is kept, never emptied
        ("", ""),
    ],
)
def test_normalise_name_examples(typed: str, normal: str) -> None:
    assert normalise_name(typed) == normal


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oekefan", "Oe Kefan"),
        ("Kot'olin", "Kotolin"),
        ("Kot'olin", "Kot olin"),
        ("SoE", "Soe"),
        ("Kuale'u", "Kualeu"),
        ("Nobi-Nobi", "Nobinobi"),
        ("Desa Oe'ekam", "oe ekam"),
    ],
)
def test_name_key_joins_spellings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_apostrophe_key_keeps_the_apostrophe_only() -> None:
    assert apostrophe_key("Kuale'u") != apostrophe_key("Kualeu")
    assert apostrophe_key("Kuale’u") == apostrophe_key("KUALE'U") == "kuale'u"
    assert apostrophe_key("Oe Kefan") == apostrophe_key("Oekefan") == "oekefan"


@pytest.mark.parametrize("value", [None, math.nan, 12, 3.5, b"Soe", ["Soe"]])
def test_non_text_gives_empty(value: object) -> None:
    assert normalise_name(value) == ""
    assert name_key(value) == ""


@given(st.text())
def test_never_raises_and_is_idempotent(text: str) -> None:
    normal = normalise_name(text)
    assert isinstance(normal, str)
    assert normalise_name(normal) == normal
    assert name_key(name_key(text)) == name_key(text)
    assert apostrophe_key(apostrophe_key(text)) == apostrophe_key(text)
    assert " " not in name_key(text) and "'" not in name_key(text)


# Realistic Timorese-looking names: words of consonant-vowel syllables (they never end in a
# consonant, so they cannot spell a direction abbreviation such as "sel" or "ut").
_SYLLABLES = ["o", "e", "a", "ke", "fan", "ni", "na", "mu", "lo", "bi", "to", "nu", "ba", "ki"]
_PREFIXES = {"desa", "ds", "kel", "kelurahan", "kecamatan", "kec"}
_word = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=4).filter(
    lambda syl: "".join(syl) not in _PREFIXES
)
_name = st.lists(_word, min_size=1, max_size=3)
_apostrophes = st.sampled_from(["'", "’", "‘", "`", "´"])


def _spell(
    words: list[list[str]],
    sep: str,
    upper: bool,
    apostrophe: str | None,
) -> str:
    joined = sep.join((apostrophe or "").join(w) if apostrophe else "".join(w) for w in words)
    return joined.upper() if upper else joined


@given(_name, _apostrophes, _apostrophes, st.sampled_from([" ", "  ", "-", " - ", "\t"]))
def test_normal_form_ignores_case_spacing_hyphen_and_apostrophe_variant(
    words: list[list[str]], apo_a: str, apo_b: str, sep: str
) -> None:
    reference = _spell(words, " ", False, "'")
    variant = "  " + _spell(words, sep, True, apo_a) + " "
    other = _spell(words, sep, False, apo_b)
    assert normalise_name(variant) == normalise_name(reference) == normalise_name(other)


@given(_name, _apostrophes, st.sampled_from(["", " ", "-"]), st.booleans())
def test_key_ignores_apostrophes_and_joined_words(
    words: list[list[str]], apostrophe: str, sep: str, upper: bool
) -> None:
    plain = _spell(words, " ", False, None)
    assert name_key(_spell(words, sep, upper, apostrophe)) == name_key(plain)
    assert name_key("Desa " + plain) == name_key(plain)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_clean_is_stable_after_one_round(text: str) -> None:
    from etl.tools.names import _clean, _clean_by_rounds

    assert _clean(text) == _clean_by_rounds(text)
    assert _clean(_clean(text)) == _clean(text)


@given(st.text(alphabet="ab '’`-._", max_size=20))
def test_apostrophe_heavy_ascii_and_unicode_text_cleans_as_before(text: str) -> None:
    from etl.tools.names import _clean, _clean_by_rounds

    assert _clean(text) == _clean_by_rounds(text)


@pytest.mark.parametrize(
    ("typed", "official"),
    [("0etuke", "Oetuke"), ("0'of", "O'of"), ("0P", "OP"), ("Oe 0ekam", "Oe Oekam")],
)
def test_digit_zero_is_the_letter_o(typed: str, official: str) -> None:
    assert name_key(typed) == name_key(official)
    assert apostrophe_key(typed) == apostrophe_key(official)


def test_zero_alone_stays_a_digit() -> None:
    assert normalise_name("RT 05") == "rt 05"
    assert normalise_name("Desa 10") == "10"


@pytest.mark.parametrize(
    ("a", "b"), [("Ballu", "Balu"), ("Nnule'u", "Nule'u"), ("Oe'ekam", "Oekam"), ("OP", "Opp")]
)
def test_loose_key_ignores_doubled_letters(a: str, b: str) -> None:
    assert loose_key(a) == loose_key(b)
    assert name_key(a) != name_key(b)


@given(_name, st.integers(min_value=0, max_value=40), st.booleans())
def test_doubling_or_zero_for_o_never_changes_the_loose_key(
    words: list[list[str]], position: int, zero: bool
) -> None:
    plain = _spell(words, " ", False, None)
    i = position % len(plain)
    if zero and "o" in plain and len(name_key(plain)) > 1:  # a lone "0" is a digit
        j = plain.index("o")
        typed = plain[:j] + "0" + plain[j + 1 :]
    else:
        typed = plain[:i] + plain[i] + plain[i:]
    assert loose_key(typed) == loose_key(plain)
    assert loose_key(loose_key(typed)) == loose_key(typed)
