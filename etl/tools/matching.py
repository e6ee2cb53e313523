"""Match hand-typed kecamatan and desa names to the official Kepmendagri list.

A wrong automatic match hides a coverage gap, so a name is accepted only when exactly one
official desa fits with high confidence; everything else is returned with a reason in
Bahasa Indonesia and its three closest candidates for a person to decide.

Order per typed (kecamatan, desa) pair: official code typed (``kode``), alias file
(``alias``), exact normalised key within the kecamatan (``exact``), fuzzy within the
kecamatan (``fuzzy``); when the kecamatan is blank or not recognised: exact, then fuzzy,
across the whole kabupaten. Work is done once per DISTINCT typed pair and mapped back, and
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
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from etl.tools import _match_core as core
from etl.tools._match_index import Exact, exact_stats
from etl.tools.names import apostrophe_key, name_key

__all__ = [
    "FUZZY_MIN_KEY_LENGTH",
    "FUZZY_MIN_MARGIN",
    "FUZZY_MIN_SCORE_KABUPATEN",
    "FUZZY_MIN_SCORE_KECAMATAN",
    "MATCH_COLUMNS",
    "match_kecamatan_names",
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
_OBJECT_COLUMNS: Final = ("desa_kode", "kecamatan_kode", "cara_cocok")


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
    kode, cara, skor = core.match_kecamatan_unique(text, names)
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
    ``desa_kode`` (None when not accepted), ``kecamatan_kode`` (of the desa, else of the
    recognised typed kecamatan, else None), ``cara_cocok`` (``kode``/``alias``/``exact``/
    ``fuzzy``, None when not accepted), ``skor_cocok`` (0..100; for rejected rows the best
    candidate's score), ``alasan`` (Indonesian reason, "" when accepted) and ``kandidat``
    (top 3 ``Nama (Kecamatan) kode: skor``; filled for fuzzy and rejected rows).
    """
    core.require_columns(rows, ("kecamatan", "desa"), "rows")
    core.require_columns(official, ("kode", "nama", "kecamatan_kode", "kecamatan"), "official")
    if official.empty:
        raise ValueError("Daftar resmi desa kosong; tidak ada yang bisa dicocokkan.")
    names = core.prepare(
        official["kode"], official["nama"], official[["kecamatan_kode", "kecamatan"]]
    )
    kec_codes, kec_text = core.factorize_text(rows["kecamatan"])
    desa_codes, desa_text = core.factorize_text(rows["desa"])
    width = max(len(desa_text), 1)
    codes, uniq_pairs = pd.factorize(kec_codes * width + desa_codes)
    kec_typed = kec_text[uniq_pairs // width]
    desa_typed = desa_text[uniq_pairs % width]
    q_group = core.resolve_groups(kec_typed, names)
    desa_of_pair = uniq_pairs % width
    ctx = _Context(
        names=names,
        kec_typed=kec_typed,
        desa_typed=desa_typed,
        keys=_per_text(name_key, desa_text, str)[desa_of_pair],
        akeys=_per_text(apostrophe_key, desa_text, str)[desa_of_pair],
        typed_code=_per_text(core.desa_code, desa_text, object)[desa_of_pair],
        q_group=q_group,
        kabupaten=kabupaten.strip(),
        aliases=core.alias_lookup(aliases, names, kabupaten.strip()),
        other=core.other_keys(other_official, names),
    )
    result = _decide_pairs(ctx)
    dtypes = {c: object for c in _OBJECT_COLUMNS} | {"skor_cocok": "float64"}
    return pd.DataFrame(
        {c: core.take(result[c], codes, rows.index, dtypes.get(c, "str")) for c in MATCH_COLUMNS},
        index=rows.index,
    )


def _per_text(fn: Callable[[str], object], texts: np.ndarray, dtype: type) -> np.ndarray:
    """``fn`` applied once per distinct typed text (pairs then gather by position)."""
    return np.array([fn(str(t)) for t in texts.tolist()], dtype=dtype)


@dataclass
class _Context:
    """Everything the per-pair decisions need; result arrays are filled in place."""

    names: core.Names
    kec_typed: np.ndarray
    desa_typed: np.ndarray
    keys: np.ndarray
    akeys: np.ndarray
    typed_code: np.ndarray
    q_group: np.ndarray
    kabupaten: str
    aliases: dict[tuple[str, str], int]
    other: dict[str, str]
    desa_idx: np.ndarray = field(init=False)
    cara: np.ndarray = field(init=False)
    skor: np.ndarray = field(init=False)
    alasan: np.ndarray = field(init=False)
    kandidat: np.ndarray = field(init=False)
    _by_key: dict[Any, Any] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        q = len(self.desa_typed)
        self.desa_idx = np.full(q, -1, dtype=np.int64)
        self.cara = np.full(q, None, dtype=object)
        self.skor = np.zeros(q, dtype=np.float64)
        self.alasan = np.full(q, "", dtype=object)
        self.kandidat = np.full(q, "", dtype=object)

    def accept(self, i: int, idx: int, cara: str, skor: float, kandidat: str = "") -> None:
        self.desa_idx[i], self.cara[i], self.skor[i], self.kandidat[i] = idx, cara, skor, kandidat

    def reject(self, i: int, alasan: str, skor: float = 0.0, kandidat: str = "") -> None:
        self.alasan[i], self.skor[i], self.kandidat[i] = alasan, skor, kandidat

    def kec_nama(self, group: int) -> str:
        return str(self.names.group_nama[group])

    def same_key(self, key: str) -> np.ndarray:
        """Indices (ascending) of the official names whose key is ``key``."""
        if self._by_key is None:
            self._by_key = dict(pd.Series(self.names.key).groupby(self.names.key).indices)
        found = self._by_key.get(key)
        return np.zeros(0, dtype=np.int64) if found is None else np.asarray(found, dtype=np.int64)


def _decide_pairs(ctx: _Context) -> dict[str, np.ndarray]:
    """Decide each distinct pair: look-ups, then exact keys (hash look-ups), then the
    scored stage in bulk for what is left (about the typos and unknown names only)."""
    names = ctx.names
    todo = _decide_by_lookup(ctx)
    if todo.size:
        _decide_by_exact_key(ctx, todo)
    ok = ctx.desa_idx >= 0
    group = np.where(ok, names.group[np.where(ok, ctx.desa_idx, 0)], ctx.q_group)
    kec_kode = np.full(len(group), None, dtype=object)
    kec_kode[group >= 0] = names.group_kode[group[group >= 0]]
    desa_kode = np.full(len(group), None, dtype=object)
    desa_kode[ok] = names.kode[ctx.desa_idx[ok]]
    return {
        "desa_kode": desa_kode,
        "kecamatan_kode": kec_kode,
        "cara_cocok": ctx.cara,
        "skor_cocok": ctx.skor,
        "alasan": ctx.alasan,
        "kandidat": ctx.kandidat,
    }


def _decide_by_lookup(ctx: _Context) -> np.ndarray:
    """Typed official code, blank name, alias. Returns the pairs still undecided."""
    open_ = np.ones(len(ctx.desa_typed), dtype=bool)
    coded = np.flatnonzero(pd.notna(ctx.typed_code))
    if coded.size:
        index_of = pd.Index(ctx.names.kode)
        found = index_of.get_indexer(pd.Series(ctx.typed_code[coded], dtype=object))
        for i, j in zip(coded.tolist(), found.tolist(), strict=True):  # typed codes only
            _decide_code(ctx, i, str(ctx.typed_code[i]), int(j))
        open_[coded] = False
    blank = np.flatnonzero(open_ & (ctx.keys == ""))
    for i in blank.tolist():  # blank or unreadable names only
        typed = str(ctx.desa_typed[i])
        ctx.reject(
            i, f"Nama desa tidak terbaca: {core.quoted(typed)}" if typed else "Nama desa kosong"
        )
    open_[blank] = False
    if ctx.aliases:
        todo = np.flatnonzero(open_)
        idents = core.idents(ctx.kec_typed[todo], ctx.q_group[todo], ctx.names)
        for i, ident in zip(todo.tolist(), idents, strict=True):  # dict look-ups only
            key, group = str(ctx.keys[i]), int(ctx.q_group[i])
            j = ctx.aliases.get((ident, key))
            if j is None:
                j = ctx.aliases.get(("?", key))
                if j is not None and group >= 0 and ctx.names.group[j] != group:
                    j = None
            if j is not None:
                ctx.accept(i, j, "alias", 100.0)
                open_[i] = False
    return np.flatnonzero(open_)


def _decide_code(ctx: _Context, i: int, code: str, j: int) -> None:
    """Pair ``i`` typed the official code ``code`` (``j``: its index, -1 if unknown)."""
    group = int(ctx.q_group[i])
    if j < 0:
        ctx.reject(i, f"Kode desa {code} tidak ada di daftar resmi kabupaten {ctx.kabupaten}")
    elif group >= 0 and ctx.names.group[j] != group:
        cand = core.format_candidates(np.array([j]), np.array([100.0]), ctx.names)
        ctx.reject(
            i,
            f"Kode desa {code} bukan desa di Kec. {ctx.kec_nama(group)}; "
            "periksa kode atau kolom kecamatan",
            kandidat=cand,
        )
    else:
        ctx.accept(i, j, "kode", 100.0)


def _decide_by_exact_key(ctx: _Context, idx: np.ndarray) -> None:
    """Exact keys by hash look-up; pairs whose key exists 3+ times need no scores (the
    top candidates are those exact names, at 100); only the rest is scored."""
    group = ctx.q_group[idx]
    ex = exact_stats(ctx.keys[idx], ctx.akeys[idx], group, ctx.names)
    ex_in = (ex.n_exact_in == 1) | ((ex.n_exact_in > 1) & (ex.n_aexact_in == 1))
    ex_all = (ex.n_exact_all == 1) | ((ex.n_exact_all > 1) & (ex.n_aexact_all == 1))
    has_kec = group >= 0
    exact = np.where(has_kec, ex_in, ex_all)
    pick = np.where(
        has_kec,
        np.where(ex.n_exact_in == 1, ex.exact_in, ex.aexact_in),
        np.where(ex.n_exact_all == 1, ex.exact_all, ex.aexact_all),
    )
    hit = idx[exact]
    ctx.desa_idx[hit], ctx.cara[hit], ctx.skor[hit] = pick[exact], "exact", 100.0
    short = np.char.str_len(ctx.keys[idx].astype(str)) < core.MAX_EXACT_KEY_LENGTH
    known = ~exact & (ex.n_exact_all >= core.N_CANDIDATES) & short
    if known.any():
        _decide_by_score(ctx, idx[known], _known_stats(ctx, idx[known], ex, known))
    rest = ~exact & ~known
    if rest.any():
        sub = idx[rest]
        _decide_by_score(
            ctx, sub, core.score(ctx.keys[sub], ctx.akeys[sub], ctx.q_group[sub], ctx.names)
        )


def _known_stats(ctx: _Context, idx: np.ndarray, ex: Exact, sel: np.ndarray) -> core.Stats:
    """Stats of pairs whose key matches 3+ official names exactly: every top score is
    100 (only identical keys score 100), the top three are the first three such names,
    and no fuzzy match is possible (an exact name exists)."""
    top = np.array([ctx.same_key(str(k))[: core.N_CANDIDATES] for k in ctx.keys[idx]])
    hundred = np.full(len(idx), 100.0)
    n_in = ex.n_exact_in[sel]
    return core.Stats(
        n_exact_in=n_in, exact_in=ex.exact_in[sel],
        n_aexact_in=ex.n_aexact_in[sel], aexact_in=ex.aexact_in[sel],
        n_exact_all=ex.n_exact_all[sel], exact_all=ex.exact_all[sel],
        n_aexact_all=ex.n_aexact_all[sel], aexact_all=ex.aexact_all[sel],
        best_in=np.where(n_in > 0, 100.0, -1.0), second_in=np.where(n_in > 1, 100.0, -1.0),
        arg_in=ex.exact_in[sel], best_out=hundred, best_all=hundred, second_all=hundred,
        arg_all=ex.exact_all[sel], top=top.reshape(len(idx), core.N_CANDIDATES),
        top_score=np.full((len(idx), core.N_CANDIDATES), 100.0),
    )  # fmt: skip


def _decide_by_score(ctx: _Context, idx: np.ndarray, st: core.Stats) -> None:
    """Exact (unique key, or unique apostrophe-preserving key) then fuzzy, in bulk."""
    has_kec = ctx.q_group[idx] >= 0
    keys = ctx.keys[idx]
    foreign = np.array([k in ctx.other for k in keys.tolist()], dtype=bool)
    ex_in = (st.n_exact_in == 1) | ((st.n_exact_in > 1) & (st.n_aexact_in == 1))
    ex_all = (st.n_exact_all == 1) | ((st.n_exact_all > 1) & (st.n_aexact_all == 1))
    fz_in = core.fuzzy_ok(st.best_in, st.second_in, keys, core.FUZZY_MIN_SCORE_KECAMATAN)
    fz_in &= (st.n_exact_in == 0) & (st.best_out < st.best_in)
    fz_all = core.fuzzy_ok(st.best_all, st.second_all, keys, core.FUZZY_MIN_SCORE_KABUPATEN)
    fz_all &= st.n_exact_all == 0
    exact = np.where(has_kec, ex_in, ex_all)
    fuzzy = np.where(has_kec, fz_in, fz_all) & ~exact & ~foreign
    pick = np.where(
        has_kec,
        np.where(exact, np.where(st.n_exact_in == 1, st.exact_in, st.aexact_in), st.arg_in),
        np.where(exact, np.where(st.n_exact_all == 1, st.exact_all, st.aexact_all), st.arg_all),
    )
    best = np.where(has_kec, st.best_in, st.best_all)
    for pos, i in enumerate(idx.tolist()):  # distinct pairs; formatting only
        if exact[pos]:
            ctx.accept(i, int(pick[pos]), "exact", 100.0)
            continue
        cand = core.format_candidates(st.top[pos], st.top_score[pos], ctx.names)
        if fuzzy[pos]:
            ctx.accept(i, int(pick[pos]), "fuzzy", round(float(best[pos]), 1), cand)
        else:
            reason = _reason(ctx, i, pos, st, bool(foreign[pos]))
            ctx.reject(i, reason, round(max(float(st.best_all[pos]), 0.0), 1), cand)


def _reason(ctx: _Context, i: int, pos: int, st: core.Stats, foreign: bool) -> str:
    """Plain-Indonesian reason why distinct pair ``i`` was not accepted."""
    typed, key, group = core.quoted(str(ctx.desa_typed[i])), str(ctx.keys[i]), int(ctx.q_group[i])
    same = ctx.same_key(key)
    kecs = list(dict.fromkeys(ctx.kec_nama(g) for g in ctx.names.group[same].tolist()))
    if group >= 0:
        where, best, second = f"Kec. {ctx.kec_nama(group)}", st.best_in[pos], st.second_in[pos]
        second = max(second, st.best_out[pos])
        threshold = core.FUZZY_MIN_SCORE_KECAMATAN
        if st.n_exact_in[pos] > 1:
            return f"Nama desa {typed} cocok dengan {st.n_exact_in[pos]} desa di {where}; pilih kodenya dari kandidat"
        if len(same):
            return f"Nama desa {typed} tidak ada di {where}, tetapi ada di Kec. {', '.join(kecs)}; periksa kolom kecamatan"
        suffix = ""
    else:
        where, best, second = (
            f"kabupaten ini ({ctx.kabupaten})",
            st.best_all[pos],
            st.second_all[pos],
        )
        threshold = core.FUZZY_MIN_SCORE_KABUPATEN
        kec_typed = str(ctx.kec_typed[i])
        suffix = f" (kecamatan {core.quoted(kec_typed)} tidak dikenali)" if kec_typed else ""
        if len(same) > 1 and len(kecs) > 1:
            return f"Nama desa {typed} ada di {len(kecs)} kecamatan ({', '.join(kecs)}); isi kolom kecamatan{suffix}"
        if len(same) > 1:
            return f"Nama desa {typed} cocok dengan {len(same)} desa di Kec. {kecs[0]}; pilih kodenya dari kandidat{suffix}"
    if foreign:
        return f"Nama desa {typed} tidak ditemukan di {where}; nama itu ada di kabupaten lain ({ctx.other[key]}){suffix}"
    if best >= threshold and len(key) < core.FUZZY_MIN_KEY_LENGTH:
        return f"Nama desa {typed} terlalu pendek untuk dicocokkan otomatis; pilih dari kandidat{suffix}"
    if best >= threshold:
        return f"Nama desa {typed} mirip lebih dari satu desa (skor {best:.0f} dan {second:.0f}); pilih dari kandidat{suffix}"
    return f"Nama desa {typed} tidak ditemukan di {where}; lihat kandidat terdekat{suffix}"
