"""Match hand-typed kecamatan and desa names to the official Kepmendagri list.

A wrong automatic match hides a coverage gap, so a name is accepted only when exactly one
official desa fits with high confidence; everything else is returned with a reason in
Bahasa Indonesia and its three closest candidates for a person to decide.

Order per typed (kecamatan, desa) pair: official code typed (``kode``), alias file
(``alias``), exact normalised key within the kecamatan (``exact``), fuzzy within the
kecamatan (``fuzzy``); when the kecamatan is blank or not recognised: exact, then fuzzy,
across the whole kabupaten. Work is done once per DISTINCT typed pair (every spelling of
one recognised kecamatan counting as that kecamatan) and mapped back, and
candidates are scored as whole matrices (``rapidfuzz.process.cdist``), so a million rows
with a few thousand spellings cost about as much as the few thousand.

Thresholds (``fuzz.ratio`` on the compact key, 0..100) were measured on the real NTT list
(1,347 simulated one-letter typos of the 278 TTS names; 3,083 NTT names that exist only
outside TTS), kabupaten-wide, runner-up margin 5, key >= 5 letters: threshold 85 accepts
59% of typos (0.4% wrongly) and 0.8% of the foreign names; 88 accepts 44% of typos (0.4%
wrongly) and 0.45% of foreign names. ``other_official`` removes the foreign risk for names
typed exactly. Hence:

* within the typed kecamatan (about ten candidates): score >= 85;
* across the kabupaten (hundreds of candidates): score >= 88;
* always: runner-up at least 5 points lower, typed key at least 5 letters, and no equal or
  better candidate in another kecamatan. Ties (same name in several kecamatan) never pass.
* exact keys that collide (``Kuale'u`` vs ``Kualeu``) are resolved only by a unique
  apostrophe-preserving match; otherwise review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from etl.tools import _match_core as core
from etl.tools import _match_lookup as lookup
from etl.tools._match_decide import Context, decide_pairs

__all__ = [
    "FUZZY_MIN_KEY_LENGTH",
    "FUZZY_MIN_MARGIN",
    "FUZZY_MIN_SCORE_KABUPATEN",
    "FUZZY_MIN_SCORE_KECAMATAN",
    "MATCH_COLUMNS",
    "VillageMatches",
    "match_kecamatan_names",
    "match_village_matches",
    "match_village_names",
]

FUZZY_MIN_SCORE_KECAMATAN: Final = core.FUZZY_MIN_SCORE_KECAMATAN
FUZZY_MIN_SCORE_KABUPATEN: Final = core.FUZZY_MIN_SCORE_KABUPATEN
FUZZY_MIN_MARGIN: Final = core.FUZZY_MIN_MARGIN
FUZZY_MIN_KEY_LENGTH: Final = core.FUZZY_MIN_KEY_LENGTH
MATCH_COLUMNS: Final = (
    "desa_kode",
    "kecamatan_kode",
    "cara_cocok",
    "skor_cocok",
    "alasan",
    "kandidat",
)
# Codes and methods are pandas text (Arrow-backed): a million gathered rows stay one
# buffer, which later hashing, pickling and the GeoPackage writer handle far faster
# than Python string objects.
_DTYPES: Final = {
    "desa_kode": "str",
    "kecamatan_kode": object,
    "cara_cocok": "str",
    "skor_cocok": "float64",
    "alasan": "str",
    "kandidat": "str",
}


@dataclass(frozen=True)
class VillageMatches:
    """The result of :func:`match_village_matches`: one decision per DISTINCT typed pair
    and the pair of each row, so a caller gathers only the rows and columns it needs."""

    index: pd.Index  # of the matched rows
    codes: np.ndarray  # pair number of each row
    decided: dict[str, np.ndarray]  # MATCH_COLUMNS, one value per pair

    def accepted(self) -> np.ndarray:
        """Per row: whether one official desa was accepted (``desa_kode`` present)."""
        return np.asarray(pd.notna(self.decided["desa_kode"]), dtype=bool)[self.codes]

    def column(self, name: str, rows: np.ndarray | None = None) -> pd.Series:
        """Column ``name`` of :data:`MATCH_COLUMNS` for every row, or for the row
        positions ``rows``; same values and dtype as in :meth:`frame`."""
        codes, index = (
            (self.codes, self.index) if rows is None else (self.codes[rows], self.index[rows])
        )
        return core.take(self.decided[name], codes, index, _DTYPES[name]).rename(name)

    def frame(self) -> pd.DataFrame:
        """All :data:`MATCH_COLUMNS` for every row (see :func:`match_village_names`)."""
        return pd.DataFrame({c: self.column(c) for c in MATCH_COLUMNS}, index=self.index)


def match_kecamatan_names(typed: pd.Series, official_kecamatan: pd.DataFrame) -> pd.DataFrame:
    """Match typed kecamatan names (``Amanuban Sel.``, ``Kot'olin``, ``53.02.01``).

    Returns a frame with the index of ``typed`` and columns ``kecamatan_kode`` (None when
    blank or not recognised), ``cara_cocok`` (``kode``/``exact``/``fuzzy`` or None) and
    ``skor_cocok`` (100 for code/exact, the score for fuzzy, the best candidate's score
    when not recognised, NaN when blank). Same acceptance rules as desa names (see module
    docstring), with the within-kecamatan threshold since the list is short.
    """
    core.require_columns(official_kecamatan, ("kode", "nama"), "official_kecamatan")
    names = core.prepare(official_kecamatan["kode"], official_kecamatan["nama"], None)
    codes, text = core.factorize_text(typed)
    kode, cara, skor = lookup.match_kecamatan_unique(text, names)
    return pd.DataFrame(
        {
            "kecamatan_kode": core.take(kode, codes, typed.index, object),
            "cara_cocok": core.take(cara, codes, typed.index, object),
            "skor_cocok": core.take(skor, codes, typed.index, "float64"),
        },
        index=typed.index,
    )


def match_village_names(
    rows: pd.DataFrame,
    official: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    kabupaten: str,
    other_official: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Match typed (``kecamatan``, ``desa``) rows to one kabupaten's official desa list.

    ``rows`` needs columns ``kecamatan`` (may be blank) and ``desa``; ``official`` needs
    ``kode, nama, kecamatan_kode, kecamatan``; ``aliases`` (optional) the columns of
    ``aliases.csv`` (``kabupaten, kecamatan, nama_ketik, desa_kode``; later rows win).
    ``other_official`` (optional, ``kode, nama``: desa of OTHER kabupaten) lets a name that
    exists only elsewhere go to review instead of being fuzzily matched here.

    Returns a new frame with the index of ``rows`` and :data:`MATCH_COLUMNS`:
    ``desa_kode`` (pandas text, missing when not accepted), ``kecamatan_kode`` (of the
    desa, else of the recognised typed kecamatan, else None), ``cara_cocok`` (text:
    ``kode``/``alias``/``exact``/``fuzzy``, missing when not accepted), ``skor_cocok`` (0..100; for rejected rows the best
    candidate's score), ``alasan`` (Indonesian reason, "" when accepted) and ``kandidat``
    (top 3 ``Nama (Kecamatan) kode: skor``; filled for fuzzy and rejected rows).
    """
    return match_village_matches(
        rows, official, aliases, kabupaten=kabupaten, other_official=other_official
    ).frame()


def match_village_matches(
    rows: pd.DataFrame,
    official: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    kabupaten: str,
    other_official: pd.DataFrame | None = None,
) -> VillageMatches:
    """:func:`match_village_names` without building the per-row frame: the decisions per
    distinct typed pair, from which a caller takes only what it needs (a million rows
    whose accepted ones need three columns and whose rejected ones need the reasons)."""
    core.require_columns(rows, ("kecamatan", "desa"), "rows")
    core.require_columns(official, ("kode", "nama", "kecamatan_kode", "kecamatan"), "official")
    if official.empty:
        raise ValueError("Daftar resmi desa kosong; tidak ada yang bisa dicocokkan.")
    names = core.prepare(
        official["kode"], official["nama"], official[["kecamatan_kode", "kecamatan"]]
    )
    codes, pairs = _distinct_pairs(rows, names)
    ctx = Context(
        names=names,
        kabupaten=kabupaten.strip(),
        aliases=lookup.alias_lookup(aliases, names, kabupaten.strip()),
        other=lookup.other_keys(other_official, names),
        **pairs,
    )
    return VillageMatches(rows.index, codes, decide_pairs(ctx))


def _distinct_pairs(
    rows: pd.DataFrame, names: core.Names
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Number each row's DISTINCT typed pair; per pair the :class:`Context` inputs.

    A pair is (kecamatan, desa text); every spelling of one recognised kecamatan counts as
    that kecamatan (decisions use only its index then), an unrecognised one by its text.
    Text work (normalising, keys, kecamatan recognition) runs once per distinct text.
    """
    kec_codes, kec_text = core.factorize_text(rows["kecamatan"])
    desa_codes, desa_text = core.factorize_text(rows["desa"])
    kec_group = lookup.resolve_groups(kec_text, names)
    n_groups = len(names.group_kode)
    kec_id = np.where(kec_group >= 0, kec_group, n_groups + np.arange(len(kec_text)))
    text_of_id = np.zeros(n_groups + len(kec_text), dtype=np.int64)
    text_of_id[kec_id[::-1]] = np.arange(len(kec_text))[::-1]  # first text of each id
    width = max(len(desa_text), 1)
    codes, uniq_pairs = pd.factorize(kec_id[kec_codes] * width + desa_codes)
    pair_kec, pair_desa = uniq_pairs // width, uniq_pairs % width
    keys, akeys = core.text_keys(desa_text.tolist())
    return codes, {
        "kec_typed": kec_text[text_of_id[pair_kec]],
        "desa_typed": desa_text[pair_desa],
        "keys": keys[pair_desa],
        "akeys": akeys[pair_desa],
        "key_code": names.key_table.code_of(keys)[pair_desa],
        "akey_code": names.akey_table.code_of(akeys)[pair_desa],
        "typed_code": _per_text(core.desa_code, desa_text, object)[pair_desa],
        "q_group": np.where(pair_kec < n_groups, pair_kec, -1),
    }


def _per_text(fn: Callable[[str], object], texts: np.ndarray, dtype: type) -> np.ndarray:
    """``fn`` applied once per distinct typed text (pairs then gather by position)."""
    return np.array([fn(str(t)) for t in texts.tolist()], dtype=dtype)
