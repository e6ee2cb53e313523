"""Match hand-typed kecamatan and desa names to the official Kepmendagri list.

A wrong automatic match hides a coverage gap, so a name is accepted only when exactly one
official desa fits the way a person would place it; everything else is returned with a
reason in Bahasa Indonesia and its three closest candidates for a person to decide.
Forms of a name (normal form, key, apostrophe key, loose key) come from
:mod:`etl.tools.names`; this module decides. An official list is prepared once as a
:class:`MatchIndex` (the caller keeps it for the run; nothing is remembered here).

Order per distinct typed (kecamatan, desa) pair:

1. official code typed (``kode``), alias file (``alias``);
2. the key equals official names (``exact``): the one in the typed kecamatan; an
   apostrophe typed picks among names that differ only by it (``Kuale'u``); a name that
   is unique in the kabupaten but typed with another kecamatan (the venue's kecamatan
   typed for the participant's home) is placed there (``kecamatan_lain``, with a note);
   a name shared by several desa and not settled by the kecamatan goes to review;
3. otherwise ``fuzzy``, within the typed kecamatan when it is recognised, else across the
   kabupaten:

   * *one edit* — exactly one name (one desa) is at most one edit away (insert, delete,
     substitute, swap two neighbours; :class:`rapidfuzz.distance.OSA`) on LOOSE keys,
     so doubled letters cost nothing (``Ballu`` = ``Balu``, ``Oe'eakm`` = ``Oe'ekam``),
     the typed key has at least :data:`FUZZY_MIN_KEY_LENGTH` letters (or differs only by
     doubled letters) and, across the kabupaten, is no name of another kabupaten;
   * *score* — ``fuzz.ratio`` on keys >= :data:`FUZZY_MIN_SCORE_KECAMATAN` (85) within
     the kecamatan, >= :data:`FUZZY_MIN_SCORE_KABUPATEN` (88) across it, at least
     :data:`FUZZY_MIN_MARGIN` (5) above every other name, no name of another kabupaten.

   The same name in another kecamatan is no competitor when the kecamatan is typed: the
   typed kecamatan breaks the tie (``Oinlsi``, Kec. Mollo Selatan -> Oinlasi there).

Thresholds are measured (``python -m tests.bench.matching_fidelity`` prints the
distributions on the adversarial set built from the official list): no junk and no name
of another kabupaten scores >= 88 against a TTS name (2 of 580 foreign names reach
85..88, hence 88 across the kabupaten, 85 only inside a typed kecamatan of ~10 desa);
``fuzz.ratio`` counts a swap of two letters as two edits, so only 132 of 254 swapped
names reach 85 — the one-edit rule places 252; within one kecamatan only 14 pairs of
different TTS names are two loose edits or fewer apart (nine of them with a name of four
letters or fewer), so one edit from exactly one name is a safe call there, and a typo
between such a pair goes to review. Of the 3,164 desa names of other kabupaten 116 are one
edit from a TTS name: across the kabupaten such a name goes to review.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from etl.schema import DESA_CODE
from etl.tools.names import name_key, squeeze, text_forms

__all__ = [
    "FUZZY_MIN_KEY_LENGTH",
    "FUZZY_MIN_MARGIN",
    "FUZZY_MIN_SCORE_KABUPATEN",
    "FUZZY_MIN_SCORE_KECAMATAN",
    "MATCH_COLUMNS",
    "MatchIndex",
    "VillageMatches",
    "match_kecamatan_names",
    "match_village_matches",
    "match_village_names",
]

FUZZY_MIN_SCORE_KECAMATAN: Final = 85.0
FUZZY_MIN_SCORE_KABUPATEN: Final = 88.0
FUZZY_MIN_MARGIN: Final = 5.0
FUZZY_MIN_KEY_LENGTH: Final = 5
N_CANDIDATES: Final = 3
MATCH_COLUMNS: Final = (
    "desa_kode",
    "kecamatan_kode",
    "cara_cocok",
    "skor_cocok",
    "alasan",
    "kandidat",
)
# Codes and methods are pandas text (Arrow-backed): a million gathered rows stay one buffer.
_DTYPES: Final[dict[str, Any]] = {
    "desa_kode": "str",
    "kecamatan_kode": object,
    "cara_cocok": "str",
    "skor_cocok": "float64",
    "alasan": "str",
    "kandidat": "str",
}
_KEC_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_CHUNK_CELLS: Final = 4_000_000  # score-matrix cells per cdist call (memory bound)


@dataclass(frozen=True, eq=False)
class MatchIndex:
    """One kabupaten's official list prepared for matching, built once per run by
    :meth:`build` (every look-up table is derived here, none is remembered elsewhere).

    Entries are sorted by ``kode``; ``group`` is each entry's kecamatan number into
    ``group_kode``/``group_nama``. ``keys`` are the distinct name keys (the choices of
    every score matrix), ``entries`` each key's entries, ``in_group`` the entries of
    each (kecamatan, key), ``group_keys`` the key numbers of each kecamatan.
    """

    kabupaten: str
    kode: np.ndarray
    nama: np.ndarray
    akey: np.ndarray
    group: np.ndarray
    group_kode: np.ndarray
    group_nama: np.ndarray
    keys: list[str]
    loose: list[str]
    key_number: pd.Index
    entries: tuple[tuple[int, ...], ...]
    in_group: dict[tuple[int, int], tuple[int, ...]]
    group_keys: tuple[np.ndarray, ...]
    unique_in: pd.Index  # kecamatan * len(keys) + key of each (kecamatan, key) held once
    unique_in_entry: np.ndarray
    unique_key_entry: np.ndarray  # per key: its entry when only one holds it, else -1
    kecamatan: NameList  # the kecamatan names, for recognising typed ones
    first_entries: np.ndarray  # per key: its first three entries, padded with -1
    other: dict[str, str]
    aliases: dict[tuple[str, str], int]

    @classmethod
    def build(
        cls,
        official: pd.DataFrame,
        *,
        kabupaten: str,
        aliases: pd.DataFrame | None = None,
        other_official: pd.DataFrame | None = None,
    ) -> MatchIndex:
        """Prepare ``official`` (``kode, nama, kecamatan_kode, kecamatan``); ``aliases``
        (columns of ``aliases.csv``; later rows win) and ``other_official`` (``kode,
        nama`` of desa in OTHER kabupaten) as in :func:`match_village_names`."""
        _require(official, ("kode", "nama", "kecamatan_kode", "kecamatan"), "official")
        if official.empty:
            raise ValueError("Daftar resmi desa kosong; tidak ada yang bisa dicocokkan.")
        frame = pd.DataFrame(
            {
                c: _text(official[c]).to_numpy()
                for c in ("kode", "nama", "kecamatan_kode", "kecamatan")
            }
        )
        duplicated = sorted(set(frame.loc[frame["kode"].duplicated(), "kode"]))
        if duplicated:
            raise ValueError(f"Daftar resmi memuat kode ganda: {', '.join(duplicated)}")
        frame = frame.sort_values("kode", kind="stable", ignore_index=True)
        group, group_kode = pd.factorize(frame["kecamatan_kode"], sort=True)
        first = frame.drop_duplicates("kecamatan_kode").set_index("kecamatan_kode")["kecamatan"]
        codes, distinct = pd.factorize(frame["nama"])  # each distinct name normalised once
        key, akey, _ = (f[codes] for f in text_forms(distinct.tolist()))
        key_of, keys = pd.factorize(pd.Series(key, dtype=object))
        kab, n_keys = kabupaten.strip(), len(keys)
        pair = group.astype(np.int64) * n_keys + key_of  # (kecamatan, key) number per entry
        by_key = _runs(key_of, np.arange(n_keys))  # entries of each key, ascending
        uniq, first_at, count = np.unique(pair, return_index=True, return_counts=True)
        by_pair = _runs(pair, uniq)
        group_nama = first.reindex(group_kode).to_numpy(dtype=object)
        index = cls(
            kabupaten=kab,
            kode=frame["kode"].to_numpy(dtype=object),
            nama=frame["nama"].to_numpy(dtype=object),
            akey=akey,
            group=group.astype(np.int64),
            group_kode=np.asarray(group_kode, dtype=object),
            group_nama=group_nama,
            keys=[str(k) for k in keys],
            loose=[squeeze(str(k)) for k in keys],
            key_number=pd.Index(keys, dtype=object),
            entries=tuple(tuple(v) for v in by_key),
            in_group={
                (c // n_keys, c % n_keys): tuple(v)
                for c, v in zip(uniq.tolist(), by_pair, strict=True)
            },
            group_keys=tuple(
                np.split(
                    uniq % n_keys, np.searchsorted(uniq // n_keys, np.arange(1, len(group_kode)))
                )
            ),
            unique_in=pd.Index(uniq[count == 1], dtype=np.int64),
            unique_in_entry=first_at[count == 1].astype(np.int64),
            unique_key_entry=np.where(
                np.bincount(key_of, minlength=n_keys) == 1,
                np.array([v[0] for v in by_key], dtype=np.int64),
                -1,
            ),
            kecamatan=NameList.build(np.asarray(group_kode, dtype=object), group_nama),
            first_entries=np.array(
                [(v[:N_CANDIDATES] + [-1] * N_CANDIDATES)[:N_CANDIDATES] for v in by_key],
                dtype=np.int64,
            ).reshape(n_keys, N_CANDIDATES),
            other=_other_keys(other_official, set(frame["kode"])),
            aliases={},
        )
        if aliases is not None and not aliases.empty:
            object.__setattr__(index, "aliases", _alias_lookup(aliases, index))
        return index

    def groups_of(self, typed: np.ndarray) -> np.ndarray:
        """Kecamatan number of each typed kecamatan text, -1 when blank or unknown."""
        kode = recognise(typed, self.kecamatan)[0]
        found = pd.Index(self.group_kode).get_indexer(pd.Series(kode, dtype=object))
        return np.asarray(found, dtype=np.int64)

    def label(self, entry: int) -> str:
        """``Nama (Kecamatan) kode`` of one entry."""
        return f"{self.nama[entry]} ({self.group_nama[self.group[entry]]}) {self.kode[entry]}"


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
        distinct = pd.Series(self.decided[name], dtype=_DTYPES[name])
        return pd.Series(distinct.take(codes).array, index=index, dtype=_DTYPES[name], name=name)

    def frame(self) -> pd.DataFrame:
        """All :data:`MATCH_COLUMNS` for every row (see :func:`match_village_names`)."""
        return pd.DataFrame({c: self.column(c) for c in MATCH_COLUMNS}, index=self.index)


def match_kecamatan_names(typed: pd.Series, official_kecamatan: pd.DataFrame) -> pd.DataFrame:
    """Match typed kecamatan names (``Amanuban Sel.``, ``Kot'olin``, ``53.02.01``).

    Returns a frame with the index of ``typed`` and columns ``kecamatan_kode`` (None when
    blank or not recognised), ``cara_cocok`` (``kode``/``exact``/``fuzzy`` or None) and
    ``skor_cocok`` (100 for code/exact, the score for fuzzy, the best candidate's score
    when not recognised, NaN when blank): the code, else the one name with the key, else
    ``fuzz.ratio`` >= 85, 5 above the runner-up, key >= 5 letters.
    """
    _require(official_kecamatan, ("kode", "nama"), "official_kecamatan")
    codes, uniq = pd.factorize(_text(typed), use_na_sentinel=False)
    names = NameList.build(
        _text(official_kecamatan["kode"]).to_numpy(dtype=object),
        _text(official_kecamatan["nama"]).to_numpy(dtype=object),
    )
    kode, cara, skor = recognise(np.asarray(uniq, dtype=object), names)
    return pd.DataFrame(
        {
            "kecamatan_kode": pd.Series(kode[codes], index=typed.index, dtype=object),
            "cara_cocok": pd.Series(cara[codes], index=typed.index, dtype=object),
            "skor_cocok": pd.Series(skor[codes], index=typed.index, dtype="float64"),
        },
        index=typed.index,
    )


@dataclass(frozen=True)
class NameList:
    """A short list without kecamatan (the kecamatan of a kabupaten) prepared once:
    codes, keys, apostrophe keys and the entries of each key."""

    kode: np.ndarray
    keys: list[str]
    akeys: np.ndarray
    by_key: dict[str, list[int]]

    @classmethod
    def build(cls, kode: np.ndarray, nama: np.ndarray) -> NameList:
        keys, akeys, _ = text_forms(nama.tolist())
        by_key: dict[str, list[int]] = {}
        for i, k in enumerate(keys.tolist()):
            by_key.setdefault(k, []).append(i)
        return cls(np.asarray(kode, dtype=object), [str(k) for k in keys], akeys, by_key)


def recognise(typed: np.ndarray, names: NameList) -> tuple[np.ndarray, ...]:
    """(kode, cara, skor) of each distinct typed text: see :func:`match_kecamatan_names`."""
    q = len(typed)
    out_kode = np.full(q, None, dtype=object)
    cara = np.full(q, None, dtype=object)
    skor = np.full(q, np.nan)
    if q == 0 or len(names.kode) == 0:
        return out_kode, cara, skor
    q_keys, q_akeys, _ = text_forms(typed.tolist())
    known = set(names.kode.tolist())
    for i, text in enumerate(typed.tolist()):
        text, key = str(text).strip(), str(q_keys[i])
        if _KEC_CODE.match(text) and text in known:
            out_kode[i], cara[i], skor[i] = text, "kode", 100.0
        elif key in names.by_key:
            same = np.array(names.by_key[key])
            pick = _by_apostrophe(same, str(q_akeys[i]), names.akeys, always=True)
            if pick >= 0:
                out_kode[i], cara[i] = names.kode[pick], "exact"
            skor[i] = 100.0
        elif key:
            top = process.extract(key, names.keys, scorer=fuzz.ratio, limit=2)
            best, second = round(top[0][1], 1), (round(top[1][1], 1) if len(top) > 1 else -1.0)
            skor[i] = best
            if _score_ok(best, second, key, FUZZY_MIN_SCORE_KECAMATAN):
                out_kode[i], cara[i] = names.kode[top[0][2]], "fuzzy"
    return out_kode, cara, skor


def match_village_names(
    rows: pd.DataFrame,
    official: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    kabupaten: str,
    other_official: pd.DataFrame | None = None,
    index: MatchIndex | None = None,
) -> pd.DataFrame:
    """Match typed (``kecamatan``, ``desa``) rows to one kabupaten's official desa list.

    ``rows`` needs columns ``kecamatan`` (may be blank) and ``desa``; ``official`` needs
    ``kode, nama, kecamatan_kode, kecamatan``; ``aliases`` (optional) the columns of
    ``aliases.csv`` (``kabupaten, kecamatan, nama_ketik, desa_kode``; later rows win).
    ``other_official`` (optional, ``kode, nama``: desa of OTHER kabupaten) lets a name that
    exists only elsewhere go to review instead of being fuzzily matched here. ``index``:
    the same inputs already prepared by :meth:`MatchIndex.build` (then the others are
    not read again), so several calls of one run prepare the list once.

    Returns a new frame with the index of ``rows`` and :data:`MATCH_COLUMNS`:
    ``desa_kode`` (pandas text, missing when not accepted), ``kecamatan_kode`` (of the
    desa, else of the recognised typed kecamatan, else None), ``cara_cocok`` (text:
    ``kode``/``alias``/``exact``/``kecamatan_lain``/``fuzzy``, missing when not
    accepted), ``skor_cocok`` (0..100; for rejected rows the best candidate's score),
    ``alasan`` (Indonesian reason; "" when accepted, a note for ``kecamatan_lain``) and
    ``kandidat`` (top 3 ``Nama (Kecamatan) kode: skor``; filled unless accepted exactly).
    """
    return match_village_matches(
        rows, official, aliases, kabupaten=kabupaten, other_official=other_official, index=index
    ).frame()


def match_village_matches(
    rows: pd.DataFrame,
    official: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    kabupaten: str,
    other_official: pd.DataFrame | None = None,
    index: MatchIndex | None = None,
) -> VillageMatches:
    """:func:`match_village_names` without building the per-row frame: the decisions per
    distinct typed pair, from which a caller takes only what it needs (a million rows
    whose accepted ones need three columns and whose rejected ones need the reasons)."""
    _require(rows, ("kecamatan", "desa"), "rows")
    if index is None:
        index = MatchIndex.build(
            official, kabupaten=kabupaten, aliases=aliases, other_official=other_official
        )
    codes, pairs = _distinct_pairs(rows, index)
    return VillageMatches(rows.index, codes, _decide(pairs, index))


@dataclass(frozen=True)
class _Pairs:
    """One row per DISTINCT typed (kecamatan, desa) pair."""

    kec_typed: np.ndarray
    desa_typed: np.ndarray
    key: np.ndarray
    akey: np.ndarray
    group: np.ndarray  # recognised kecamatan number, -1 when none
    coded: np.ndarray  # whether the typed desa is a Kepmendagri code


def _distinct_pairs(rows: pd.DataFrame, index: MatchIndex) -> tuple[np.ndarray, _Pairs]:
    """Number each row's distinct pair; every spelling of one recognised kecamatan counts
    as that kecamatan, an unrecognised one by its text. Text work runs once per text."""
    kec_codes, kec_text = _factorize_text(rows["kecamatan"])
    desa_codes, desa_text = _factorize_text(rows["desa"])
    kec_group = index.groups_of(kec_text)
    n_groups = len(index.group_kode)
    kec_id = np.where(kec_group >= 0, kec_group, n_groups + np.arange(len(kec_text)))
    text_of_id = np.zeros(n_groups + len(kec_text), dtype=np.int64)
    text_of_id[kec_id[::-1]] = np.arange(len(kec_text))[::-1]  # first text of each id
    width = max(len(desa_text), 1)
    codes, uniq = pd.factorize(kec_id[kec_codes] * width + desa_codes)
    pair_kec, pair_desa = uniq // width, uniq % width
    key, akey, _ = text_forms(desa_text.tolist())
    coded = np.array([t[:1].isdigit() and _desa_code(t) is not None for t in desa_text.tolist()])
    return codes, _Pairs(
        kec_typed=kec_text[text_of_id[pair_kec]],
        desa_typed=desa_text[pair_desa],
        key=key[pair_desa],
        akey=akey[pair_desa],
        group=np.where(pair_kec < n_groups, pair_kec, -1),
        coded=coded.astype(bool)[pair_desa],
    )


@dataclass
class _Decision:
    """One pair's outcome (``entry`` -1 when not accepted)."""

    entry: int = -1
    cara: str | None = None
    skor: float = 0.0
    alasan: str = ""
    kandidat: str = ""


def _decide(pairs: _Pairs, index: MatchIndex) -> dict[str, np.ndarray]:
    """Decide every distinct pair: unique exact keys in bulk (almost all rows), the rest
    one by one with their score rows (typed codes, aliases, shared names, typos)."""
    q = len(pairs.key)
    entry = np.full(q, -1, dtype=np.int64)
    cara = np.full(q, None, dtype=object)
    skor = np.zeros(q)
    alasan = np.full(q, "", dtype=object)
    kandidat = np.full(q, "", dtype=object)
    key_no = np.asarray(
        index.key_number.get_indexer(pd.Index(pairs.key, dtype=object)), dtype=np.int64
    )
    coded = pairs.coded
    alias = _alias_hits(pairs, index)
    unique = _unique_exact(index, pairs.group, key_no)
    fast = (unique >= 0) & ~coded & (alias < 0)
    entry[fast], cara[fast], skor[fast] = unique[fast], "exact", 100.0
    hit = (alias >= 0) & ~coded
    entry[hit], cara[hit], skor[hit] = alias[hit], "alias", 100.0
    rest = np.flatnonzero(~fast & ~hit)
    candidates: dict[str, str] = {}
    for i, scores in _with_scores(pairs, rest, coded, index):
        d = _decide_one(pairs, i, int(key_no[i]), scores, index, candidates)
        entry[i], cara[i], skor[i], alasan[i], kandidat[i] = d.entry, d.cara, d.skor, d.alasan, d.kandidat  # fmt: skip
    ok = entry >= 0
    group = np.where(ok, index.group[np.maximum(entry, 0)], pairs.group)
    kec_kode = np.full(q, None, dtype=object)
    kec_kode[group >= 0] = index.group_kode[group[group >= 0]]
    desa_kode = np.full(q, None, dtype=object)
    desa_kode[ok] = index.kode[entry[ok]]
    return {"desa_kode": desa_kode, "kecamatan_kode": kec_kode, "cara_cocok": cara,
            "skor_cocok": skor, "alasan": alasan, "kandidat": kandidat}  # fmt: skip


def _runs(codes: np.ndarray, values: np.ndarray) -> list[list[int]]:
    """For each of ``values`` (sorted, all present in ``codes``): the positions holding
    it, ascending (one stable sort instead of a dictionary per entry)."""
    order = np.argsort(codes, kind="stable")
    bounds = [*np.searchsorted(codes[order], values).tolist(), len(codes)]
    flat = order.tolist()
    return [flat[a:b] for a, b in itertools.pairwise(bounds)]


def _unique_exact(index: MatchIndex, group: np.ndarray, key_no: np.ndarray) -> np.ndarray:
    """Per pair: the one entry holding its key in the typed kecamatan (or, with no
    kecamatan, in the kabupaten), else -1. Integer look-ups in bulk: they settle 224,000
    of the national bench's 242,586 distinct pairs (95 % of its million rows) in well
    under a second, where the one-by-one decision measures ~60 us per pair (~14 s)."""
    out = np.full(len(key_no), -1, dtype=np.int64)
    known, has_group = key_no >= 0, group >= 0
    codes = np.where(known & has_group, group * len(index.keys) + key_no, -1)
    pos = index.unique_in.get_indexer(pd.Index(codes, dtype=np.int64))
    inside = known & has_group & (pos >= 0)
    out[inside] = index.unique_in_entry[pos[inside]]
    anywhere = known & ~has_group
    out[anywhere] = index.unique_key_entry[key_no[anywhere]]
    return out


@dataclass(frozen=True)
class _Query:
    """One open pair and its scores against every distinct official key: ``ratio``
    (``fuzz.ratio`` on keys, rounded to 0.1) and ``edits`` (OSA distance on loose keys,
    3 meaning "more than 2")."""

    typed: str
    kec_typed: str
    key: str
    akey: str
    group: int
    ratio: np.ndarray
    edits: np.ndarray


def _with_scores(
    pairs: _Pairs, rest: np.ndarray, coded: np.ndarray, index: MatchIndex
) -> Iterable[tuple[int, tuple[np.ndarray, np.ndarray] | None]]:
    """Each open pair with its (ratio, edits) rows; the matrices are computed once per
    DISTINCT typed key by ``rapidfuzz.process.cdist``, in chunks of bounded size."""
    scored = [i for i in rest.tolist() if pairs.key[i] and not coded[i]]
    yield from ((i, None) for i in sorted(set(rest.tolist()) - set(scored)))
    if not scored:
        return
    uniq, inverse = np.unique(pairs.key[scored].astype(str), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
    step = max(1, _CHUNK_CELLS // len(index.keys))
    for start in range(0, len(uniq), step):
        chunk = uniq[start : start + step].tolist()
        ratio = process.cdist(chunk, index.keys, scorer=fuzz.ratio, dtype=np.float64, workers=-1)
        np.round(ratio, 1, out=ratio)  # in place: 10x faster than a rounded copy
        edits = process.cdist([squeeze(k) for k in chunk], index.loose, scorer=OSA.distance,
                              score_cutoff=2, dtype=np.int32, workers=-1)  # fmt: skip
        for j in order[bounds[start] : bounds[min(start + step, len(uniq))]].tolist():
            row = inverse[j] - start
            yield scored[j], (ratio[row], edits[row])


def _decide_one(
    pairs: _Pairs,
    i: int,
    key_no: int,
    scores: tuple[np.ndarray, np.ndarray] | None,
    index: MatchIndex,
    candidates: dict[str, str],
) -> _Decision:
    """One open pair: typed code, blank name, an official name that the kecamatan does not
    settle, or a name that is not official (typo, junk, another kabupaten's).
    ``candidates``: the candidate text of each key seen so far in this call."""
    typed, group = str(pairs.desa_typed[i]), int(pairs.group[i])
    code = _desa_code(typed)
    if code is not None:
        return _decide_code(index, code, group)
    if scores is None:
        return _Decision(
            alasan=f"Nama desa tidak terbaca: {_quoted(typed)}" if typed else "Nama desa kosong"
        )
    q = _Query(
        typed, str(pairs.kec_typed[i]), str(pairs.key[i]), str(pairs.akey[i]), group, *scores
    )
    d = _decide_known(q, key_no, index) if key_no >= 0 else _decide_unknown(q, index)
    if d.cara != "exact":  # the same for every pair of one key: made once per key
        d.kandidat = candidates.get(q.key) or candidates.setdefault(
            q.key, _candidates(q.ratio, index)
        )
    if d.entry < 0:
        d.skor = float(max(q.ratio.max(), 0.0))
    return d


def _decide_code(index: MatchIndex, code: str, group: int) -> _Decision:
    """The typed text is a Kepmendagri desa code."""
    found = np.flatnonzero(index.kode == code)
    if found.size == 0:
        return _Decision(
            alasan=f"Kode desa {code} tidak ada di daftar resmi kabupaten {index.kabupaten}"
        )
    entry = int(found[0])
    if group >= 0 and index.group[entry] != group:
        return _Decision(
            alasan=f"Kode desa {code} bukan desa di Kec. {index.group_nama[group]}; "
            "periksa kode atau kolom kecamatan",
            kandidat=f"{index.label(entry)}: 100",
        )
    return _Decision(entry, "kode", 100.0)


def _decide_known(q: _Query, key_no: int, index: MatchIndex) -> _Decision:
    """The typed key is an official name's key, held by several desa or not in the typed
    kecamatan (one desa in the typed kecamatan was taken in bulk)."""
    same = index.entries[key_no]
    inside = [e for e in same if q.group < 0 or index.group[e] == q.group]
    typed, suffix = _quoted(q.typed), _unknown_kecamatan(q)
    if inside:
        pick = _by_apostrophe(np.array(inside), q.akey, index.akey, always=False)
        if pick >= 0:
            return _Decision(pick, "exact", 100.0)
        kecs = list(dict.fromkeys(str(index.group_nama[index.group[e]]) for e in inside))
        if q.group >= 0 or len(kecs) == 1:
            return _Decision(
                alasan=f"Nama desa {typed} cocok dengan {len(inside)} desa di Kec. {kecs[0]}; pilih kodenya dari kandidat{suffix}"
            )
        if len({index.akey[e] for e in inside}) > 1:
            names = ", ".join(
                f"{index.nama[e]} ({index.group_nama[index.group[e]]})" for e in inside
            )
            return _Decision(
                alasan=f"Nama desa {typed} cocok dengan {len(inside)} desa bila apostrof diabaikan: {names}; isi kolom kecamatan{suffix}"
            )
        return _Decision(
            alasan=f"Nama desa {typed} ada di {len(kecs)} kecamatan ({', '.join(kecs)}); isi kolom kecamatan{suffix}"
        )
    kecs = list(dict.fromkeys(str(index.group_nama[index.group[e]]) for e in same))
    if len(same) == 1:
        note = (f"Desa {index.nama[same[0]]} ada di Kec. {kecs[0]}, bukan di Kec. "
                f"{index.group_nama[q.group]} yang diketik; ditempatkan menurut nama desa")  # fmt: skip
        return _Decision(same[0], "kecamatan_lain", 100.0, alasan=note)
    return _Decision(
        alasan=f"Nama desa {typed} tidak ada di Kec. {index.group_nama[q.group]}, tetapi ada di Kec. {', '.join(kecs)}; periksa kolom kecamatan"
    )


def _decide_unknown(q: _Query, index: MatchIndex) -> _Decision:
    """The typed key is no official name's: one edit, then the score rule (module doc)."""
    inside = q.group >= 0
    keys = index.group_keys[q.group] if inside else np.arange(len(index.keys))
    holders = (lambda k: index.in_group[(q.group, k)]) if inside else (lambda k: index.entries[k])
    foreign = index.other.get(q.key)
    close = keys[q.edits[keys] <= 1]
    if close.size == 1:
        k = int(close[0])
        swapped = len(q.key) == len(index.keys[k]) and sorted(q.key) == sorted(index.keys[k])
        plain = q.edits[k] == 0 or len(q.key) >= FUZZY_MIN_KEY_LENGTH or swapped
        if len(holders(k)) == 1 and plain and (inside or foreign is None):
            return _Decision(holders(k)[0], "fuzzy", float(q.ratio[k]))
    threshold = FUZZY_MIN_SCORE_KECAMATAN if inside else FUZZY_MIN_SCORE_KABUPATEN
    best_k = int(keys[np.argmax(q.ratio[keys])])
    best = float(q.ratio[best_k])
    second_in = float(q.ratio[keys[keys != best_k]].max(initial=-1.0))
    elsewhere = float(np.delete(q.ratio, best_k).max(initial=-1.0))  # other names anywhere
    if (
        _score_ok(best, second_in, q.key, threshold)
        and elsewhere < best
        and foreign is None
        and len(holders(best_k)) == 1
    ):
        return _Decision(holders(best_k)[0], "fuzzy", best)
    second = max(second_in, elsewhere)
    return _Decision(alasan=_unknown_reason(q, index, best_k, best, second, foreign))


def _unknown_reason(
    q: _Query, index: MatchIndex, best_k: int, best: float, second: float, foreign: str | None
) -> str:
    """Why a name that is no official name's was not placed."""
    typed, suffix = _quoted(q.typed), _unknown_kecamatan(q)
    where = (
        f"Kec. {index.group_nama[q.group]}"
        if q.group >= 0
        else f"kabupaten ini ({index.kabupaten})"
    )
    threshold = FUZZY_MIN_SCORE_KECAMATAN if q.group >= 0 else FUZZY_MIN_SCORE_KABUPATEN
    near = best >= threshold or q.edits[best_k] <= 1
    if foreign is not None:
        return f"Nama desa {typed} tidak ditemukan di {where}; nama itu ada di kabupaten lain ({foreign}){suffix}"
    holders = index.entries[best_k]
    if near and q.group < 0 and len(holders) > 1:
        kecs = ", ".join(dict.fromkeys(str(index.group_nama[index.group[e]]) for e in holders))
        return f"Nama desa {typed} mirip {index.nama[holders[0]]}, nama {len(holders)} desa ({kecs}); isi kolom kecamatan{suffix}"
    if near and len(q.key) < FUZZY_MIN_KEY_LENGTH:
        return f"Nama desa {typed} terlalu pendek untuk dicocokkan otomatis; pilih dari kandidat{suffix}"
    if near:
        return f"Nama desa {typed} mirip lebih dari satu desa (skor {best:.0f} dan {second:.0f}); pilih dari kandidat{suffix}"
    return f"Nama desa {typed} tidak ditemukan di {where}; lihat kandidat terdekat{suffix}"


def _score_ok(best: float, second: float, key: str, threshold: float) -> bool:
    """A fuzzy score that is high, clearly ahead and on a long-enough key."""
    return (
        best >= threshold and best - second >= FUZZY_MIN_MARGIN and len(key) >= FUZZY_MIN_KEY_LENGTH
    )


def _by_apostrophe(same: np.ndarray, typed_akey: str, akeys: np.ndarray, *, always: bool) -> int:
    """The one entry of ``same`` (entries sharing the typed key): itself when alone, else
    the only one spelt with the typed apostrophes; -1 when none or several. A typed text
    without an apostrophe settles nothing (``Kualeu`` may be ``Kuale'u`` typed plainly)
    unless ``always``."""
    if len(same) == 1:
        return int(same[0])
    if len(same) and ("'" in typed_akey or always):
        hits = [int(e) for e in same if akeys[e] == typed_akey]
        if len(hits) == 1:
            return hits[0]
    return -1


def _candidates(ratio: np.ndarray, index: MatchIndex) -> str:
    """``Nama (Kecamatan) kode: skor; ...`` of the top entries by (score desc, kode).

    Ranked from the ``process.cdist`` row the decision already holds instead of a second
    ``process.extract(limit=3)`` per query: measured 38 us per query for cdist and this
    ranking vs 99 us for extract alone (3,263 keys of the national bench), and extract
    ranks keys, not the desa that share a key."""
    n = min(N_CANDIDATES, len(ratio))
    cutoff = np.partition(ratio, len(ratio) - n)[len(ratio) - n]
    keys = np.flatnonzero(ratio >= cutoff)  # few, unless many keys tie at the cutoff
    entries = index.first_entries[keys].ravel()  # each key's first three, -1 padded
    scores = np.repeat(ratio[keys], N_CANDIDATES)
    real = entries >= 0
    entries, scores = entries[real], scores[real]
    order = np.lexsort((entries, -scores))[:N_CANDIDATES]
    return "; ".join(
        f"{index.label(int(e))}: {s:.0f}"
        for e, s in zip(entries[order], scores[order], strict=True)
    )


def _unknown_kecamatan(q: _Query) -> str:
    """Suffix naming a typed kecamatan that was not recognised."""
    return (
        f" (kecamatan {_quoted(q.kec_typed)} tidak dikenali)" if q.group < 0 and q.kec_typed else ""
    )


def _alias_hits(pairs: _Pairs, index: MatchIndex) -> np.ndarray:
    """Per pair: the aliased entry, else -1. An alias names a recognised kecamatan by its
    code, else ``?`` + the typed kecamatan's key; one with a blank kecamatan applies when
    the typed kecamatan is blank or is the desa's own."""
    out = np.full(len(pairs.key), -1, dtype=np.int64)
    if not index.aliases:
        return out
    for i, (key, group, kec) in enumerate(
        zip(pairs.key.tolist(), pairs.group.tolist(), pairs.kec_typed.tolist(), strict=True)
    ):
        ident = str(index.group_kode[group]) if group >= 0 else "?" + name_key(kec)
        j = index.aliases.get((ident, key))
        if j is None:
            j = index.aliases.get(("?", key))
            if j is not None and group >= 0 and index.group[j] != group:
                j = None
        out[i] = -1 if j is None else j
    return out


def _alias_lookup(aliases: pd.DataFrame, index: MatchIndex) -> dict[tuple[str, str], int]:
    """(kecamatan ident, typed key) -> entry; later rows win. Rows apply when their
    ``kabupaten`` is this one, or is blank and their code is in the list; a code of this
    kabupaten missing from the list is an error."""
    cols = ("kabupaten", "kecamatan", "nama_ketik", "desa_kode")
    _require(aliases, cols, "aliases")
    table = pd.DataFrame({c: _text(aliases[c]).to_numpy() for c in cols})
    entry_of = {k: i for i, k in enumerate(index.kode.tolist())}
    known = table["desa_kode"].isin(entry_of)
    table = table[(table["kabupaten"] == index.kabupaten) | ((table["kabupaten"] == "") & known)]
    unknown = sorted(set(table.loc[~table["desa_kode"].isin(entry_of), "desa_kode"]))
    if unknown:
        raise ValueError(
            f"Alias kabupaten {index.kabupaten} memakai kode desa yang tidak ada di daftar resmi: "
            + ", ".join(unknown)
        )
    kec = table["kecamatan"].to_numpy(dtype=object)
    groups = index.groups_of(kec).tolist()
    found: dict[tuple[str, str], int] = {}
    for k, g, typed, kode in zip(
        kec.tolist(), groups, table["nama_ketik"], table["desa_kode"], strict=True
    ):
        ident = str(index.group_kode[g]) if g >= 0 else "?" + name_key(k)
        found[(ident, name_key(typed))] = entry_of[kode]
    return found


def _other_keys(other: pd.DataFrame | None, own: set[str]) -> dict[str, str]:
    """Key -> ``nama kode`` of a desa in another kabupaten (codes of this list excluded)."""
    if other is None or other.empty:
        return {}
    _require(other, ("kode", "nama"), "other_official")
    found: dict[str, str] = {}
    for kode, nama in zip(_text(other["kode"]), _text(other["nama"]), strict=True):
        key = name_key(nama)
        if key and kode not in own:
            found.setdefault(key, f"{nama} {kode}")
    return found


def _desa_code(typed: str) -> str | None:
    """The typed text when it looks like a Kepmendagri desa code ``53.02.01.1001``."""
    text = re.sub(r"\s+", "", typed)
    return text if DESA_CODE.match(text) else None


def _require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` naming the missing columns of ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: kolom wajib tidak ada: {', '.join(missing)}")


def _factorize_text(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct stripped texts) of ``series``; blanks/None/NaN share the text "".
    Text work then runs once per distinct raw value instead of once per row."""
    codes, uniq = pd.factorize(series, use_na_sentinel=True)
    text = _text(pd.Series(np.asarray(uniq, dtype=object), dtype=object))
    values = np.append(text.to_numpy(dtype=object), "")
    return np.where(codes < 0, len(values) - 1, codes).astype(np.int64), values


def _text(series: pd.Series) -> pd.Series:
    """Values as stripped text; None/NaN become ""."""
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def _quoted(text: str) -> str:
    """Typed value for messages: whitespace collapsed, single-quoted."""
    return "'" + " ".join(text.split()) + "'"
