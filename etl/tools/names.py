"""Normalisation of hand-typed desa/kecamatan names.

Officers type village names in every spelling: ``Desa Oe'ekam``, ``Kel. SoE``,
``Oekefan`` for ``Oe Kefan``, curly or missing apostrophes, ``Amanuban Sel.`` for
``Amanuban Selatan``. This module maps all of those to comparable forms:

* :func:`normalise_name` — the *normal* form: readable (words separated by one space,
  apostrophes kept as a straight ``'``), lower-case, administrative prefixes dropped,
  direction abbreviations expanded. Use it in messages and as the apostrophe-aware form.
* :func:`name_key` — the compact *key*: the normal form without spaces and apostrophes,
  so ``Oekefan``, ``Oe Kefan``, ``oe-kefan`` and ``OE KEFAN`` share one key and so do
  ``Kuale'u`` and ``Kualeu`` (callers must treat such collisions as possible ambiguity).
* :func:`apostrophe_key` — the normal form without spaces but WITH apostrophes, used to
  break ties between official names that differ only by an apostrophe.

All functions are total: any text (or ``None``) gives a string and never raises.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["apostrophe_key", "name_key", "normalise_name"]

# Characters officers (or their keyboards/phones) use for the glottal-stop apostrophe.
_APOSTROPHES = "'’‘`´ʼʹʻʽ′＇‛"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))

# Administrative prefixes dropped from the front of a name (compared after dots become
# spaces and the text is lower-cased). Kabupaten/kota prefixes are deliberately absent:
# "Kota Soe" is a kecamatan name.
_PREFIXES = frozenset({"desa", "ds", "kel", "kelurahan", "kecamatan", "kec"})

# Direction abbreviations, expanded only when they are not the first word (a name never
# starts with a direction; "Amanuban Sel." does end with one).
_ABBREVIATIONS = {
    "sel": "selatan",
    "slt": "selatan",
    "tim": "timur",
    "tmr": "timur",
    "bar": "barat",
    "brt": "barat",
    "ut": "utara",
    "utr": "utara",
    "teng": "tengah",
    "tgh": "tengah",
    "tng": "tengah",
}

# An apostrophe survives only between two letters/digits ("kot'olin"); elsewhere it is noise.
_LOOSE_APOSTROPHE = re.compile(r"(?<!\w)'+|'+(?!\w)")
_MANY_APOSTROPHES = re.compile(r"'{2,}")


def normalise_name(text: object) -> str:
    """Return the normal form of a typed desa/kecamatan name.

    Steps: NFKC with accents removed, case-folded; every apostrophe variant
    (' ’ ‘ ` ´ ...) becomes ``'`` and is kept only inside a word; hyphens, dots and any
    other punctuation become spaces; whitespace is collapsed; leading prefixes
    ``Desa``/``Ds.``/``Kel.``/``Kelurahan``/``Kecamatan``/``Kec.`` are dropped (never the
    whole name); direction abbreviations after the first word are expanded
    (``Sel.`` -> ``selatan``, ``Tim.``/``Tmr`` -> ``timur``, ``Bar.`` -> ``barat``,
    ``Ut.`` -> ``utara``, ``Teng.``/``Tgh`` -> ``tengah``).

    ``None``, NaN and non-text values give ``""``. Idempotent:
    ``normalise_name(normalise_name(x)) == normalise_name(x)``.
    """
    if not isinstance(text, str):
        return ""
    return _normalise_text(str(text))


@functools.lru_cache(maxsize=1 << 18)
def _normalise_text(text: str) -> str:
    """:func:`normalise_name` of a ``str``, memoised: officers type the same few thousand
    spellings over and over, and the official list is normalised on every run."""
    words = _clean(text).split()
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    words = [words[0], *(_ABBREVIATIONS.get(w, w) for w in words[1:])] if words else []
    return " ".join(words)


def name_key(text: object) -> str:
    """Return the compact matching key: the normal form without spaces and apostrophes.

    ``Oekefan`` == ``Oe Kefan``, ``Kot'olin`` == ``Kot olin`` == ``Kotolin``,
    ``Kuale'u`` == ``Kualeu``. Collisions between different official names are possible
    and must be handled by the caller (see :func:`apostrophe_key`).
    """
    return normalise_name(text).replace(" ", "").replace("'", "")


def apostrophe_key(text: object) -> str:
    """Return the normal form without spaces but keeping apostrophes.

    Distinguishes ``Kuale'u`` (``kuale'u``) from ``Kualeu`` (``kualeu``) while still
    ignoring case, apostrophe variants, spacing and hyphens.
    """
    return normalise_name(text).replace(" ", "")


def _clean(text: str) -> str:
    """Unicode/case/punctuation clean-up shared by all forms (no word-level rules).

    Repeated until stable (at most a few rounds) because case folding and compatibility
    normalisation can each expose characters the other changes. ASCII text is stable
    after one round (it leaves only ``[a-z0-9' ]`` with apostrophes inside words), so it
    takes exactly one.
    """
    if text.isascii():
        return _clean_once(text)
    for _ in range(4):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


# For ASCII text the Unicode steps are identities (casefold == lower, no accents): one
# translate maps apostrophe variants to ' and every other non-alphanumeric to a space.
_ASCII_TABLE = str.maketrans(
    {chr(c): ("'" if chr(c) in _APOSTROPHES else " ") for c in range(128) if not chr(c).isalnum()}
)


def _clean_once(text: str) -> str:
    if text.isascii():
        text = text.lower().translate(_ASCII_TABLE)
        if "'" in text:  # most names have none: skip both patterns
            text = _MANY_APOSTROPHES.sub("'", text)
            text = _LOOSE_APOSTROPHE.sub(" ", text)
        return " ".join(text.split())
    text = text.translate(_APOSTROPHE_TABLE)
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_TABLE))
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHE_TABLE)
    text = "".join(ch if (ch.isalnum() or ch == "'") else " " for ch in text)
    text = _MANY_APOSTROPHES.sub("'", text)
    text = _LOOSE_APOSTROPHE.sub(" ", text)
    return " ".join(text.split())
