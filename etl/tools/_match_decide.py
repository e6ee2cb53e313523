"""The per-pair decisions of :func:`etl.tools.matching.match_village_names`.

A :class:`Context` holds one row per DISTINCT typed (kecamatan, desa) pair and the
result arrays; :func:`decide_pairs` fills them: typed codes, blank names and aliases by
look-up, exact keys by hash, and only the rest through the scored (fuzzy) stage. The
acceptance rules and thresholds are documented in :mod:`etl.tools.matching`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from etl.tools import _match_core as core
from etl.tools import _match_lookup as lookup
from etl.tools._match_core import Exact
from etl.tools._match_index import exact_stats_coded, score_stats


@dataclass
class Context:
    """Everything the per-pair decisions need; result arrays are filled in place."""

    names: core.Names
    kec_typed: np.ndarray
    desa_typed: np.ndarray
    keys: np.ndarray
    akeys: np.ndarray
    key_code: np.ndarray  # number of ``keys`` in ``names.key_table`` (-1: no such name)
    akey_code: np.ndarray  # number of ``akeys`` in ``names.akey_table``
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
    _kecs: dict[str, list[str]] = field(init=False, default_factory=dict)

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

    def kecs_of_key(self, key: str) -> list[str]:
        """Names of the kecamatan holding ``key`` (first-seen order), once per key."""
        if key not in self._kecs:
            groups = self.names.group[self.same_key(key)].tolist()
            self._kecs[key] = list(dict.fromkeys(self.kec_nama(g) for g in groups))
        return self._kecs[key]


def decide_pairs(ctx: Context) -> dict[str, np.ndarray]:
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


def _decide_by_lookup(ctx: Context) -> np.ndarray:
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
        idents = lookup.idents(ctx.kec_typed[todo], ctx.q_group[todo], ctx.names)
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


def _decide_code(ctx: Context, i: int, code: str, j: int) -> None:
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


def _decide_by_exact_key(ctx: Context, idx: np.ndarray) -> None:
    """Exact keys by hash look-up; pairs whose key exists 3+ times need no scores (the
    top candidates are those exact names, at 100); only the rest is scored."""
    group = ctx.q_group[idx]
    ex = exact_stats_coded(ctx.key_code[idx], ctx.akey_code[idx], group, ctx.names)
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
        ex_rest = Exact(**{f: getattr(ex, f)[rest] for f in _EXACT_FIELDS})
        st = score_stats(ctx.keys[sub], ctx.akeys[sub], ctx.q_group[sub], ctx.names, ex_rest)
        _decide_by_score(ctx, sub, st)


_EXACT_FIELDS = tuple(Exact.__dataclass_fields__)


def _known_stats(ctx: Context, idx: np.ndarray, ex: Exact, sel: np.ndarray) -> core.Stats:
    """Stats of pairs whose key matches 3+ official names exactly: every top score is
    100 (only identical keys score 100), the top three are the first three such names,
    and no fuzzy match is possible (an exact name exists)."""
    table = ctx.names.key_table  # each such key has 3+ names, ascending in ``entries``
    first = table.start[ctx.key_code[idx]]
    top = table.entries[first[:, None] + np.arange(core.N_CANDIDATES)[None, :]]
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


def _decide_by_score(ctx: Context, idx: np.ndarray, st: core.Stats) -> None:
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
    hit = idx[exact]
    ctx.desa_idx[hit], ctx.cara[hit], ctx.skor[hit] = pick[exact], "exact", 100.0
    rest = np.flatnonzero(~exact)  # candidates and reasons for these only, in bulk
    cand = core.format_candidate_rows(st.top[rest], st.top_score[rest], ctx.names)
    ctx.kandidat[idx[rest]] = cand
    fz = rest[fuzzy[rest]]
    ctx.desa_idx[idx[fz]], ctx.cara[idx[fz]] = pick[fz], "fuzzy"
    ctx.skor[idx[fz]] = [round(b, 1) for b in best[fz].tolist()]
    bad = rest[~fuzzy[rest]]
    ctx.skor[idx[bad]] = [round(max(b, 0.0), 1) for b in st.best_all[bad].tolist()]
    ctx.alasan[idx[bad]] = _reasons(ctx, idx[bad], st, bad, foreign[bad])


def _reasons(
    ctx: Context, pairs: np.ndarray, st: core.Stats, pos: np.ndarray, foreign: np.ndarray
) -> list[str]:
    """Plain-Indonesian reasons why ``pairs`` (rows ``pos`` of ``st``) were not accepted:
    the per-pair figures are read out as plain lists first, then one text per pair."""
    table = ctx.names.key_table
    code = ctx.key_code[pairs]
    n_same = np.where(code >= 0, table.count[np.maximum(code, 0)], 0)
    columns = zip(
        ctx.desa_typed[pairs].tolist(), ctx.keys[pairs].tolist(), ctx.q_group[pairs].tolist(),
        ctx.kec_typed[pairs].tolist(), n_same.tolist(), foreign.tolist(),
        st.n_exact_in[pos].tolist(), st.best_in[pos].tolist(), st.second_in[pos].tolist(),
        st.best_out[pos].tolist(), st.best_all[pos].tolist(), st.second_all[pos].tolist(),
        strict=True,
    )  # fmt: skip
    return [_reason(ctx, *figures) for figures in columns]


def _reason(
    ctx: Context,
    desa_typed: str,
    key: str,
    group: int,
    kec_typed: str,
    n_same: int,
    foreign: bool,
    n_exact_in: int,
    best_in: float,
    second_in: float,
    best_out: float,
    best_all: float,
    second_all: float,
) -> str:
    """Why one distinct pair was not accepted (``n_same``: official names with its key)."""
    typed = core.quoted(str(desa_typed))
    if group >= 0:
        where, best, second = f"Kec. {ctx.kec_nama(group)}", best_in, max(second_in, best_out)
        threshold = core.FUZZY_MIN_SCORE_KECAMATAN
        if n_exact_in > 1:
            return f"Nama desa {typed} cocok dengan {n_exact_in} desa di {where}; pilih kodenya dari kandidat"
        if n_same:
            return f"Nama desa {typed} tidak ada di {where}, tetapi ada di Kec. {', '.join(ctx.kecs_of_key(key))}; periksa kolom kecamatan"
        suffix = ""
    else:
        where, best, second = f"kabupaten ini ({ctx.kabupaten})", best_all, second_all
        threshold = core.FUZZY_MIN_SCORE_KABUPATEN
        kec_typed = str(kec_typed)
        suffix = f" (kecamatan {core.quoted(kec_typed)} tidak dikenali)" if kec_typed else ""
        kecs = ctx.kecs_of_key(key) if n_same > 1 else []
        if n_same > 1 and len(kecs) > 1:
            return f"Nama desa {typed} ada di {len(kecs)} kecamatan ({', '.join(kecs)}); isi kolom kecamatan{suffix}"
        if n_same > 1:
            return f"Nama desa {typed} cocok dengan {n_same} desa di Kec. {kecs[0]}; pilih kodenya dari kandidat{suffix}"
    if foreign:
        return f"Nama desa {typed} tidak ditemukan di {where}; nama itu ada di kabupaten lain ({ctx.other[key]}){suffix}"
    if best >= threshold and len(key) < core.FUZZY_MIN_KEY_LENGTH:
        return f"Nama desa {typed} terlalu pendek untuk dicocokkan otomatis; pilih dari kandidat{suffix}"
    if best >= threshold:
        return f"Nama desa {typed} mirip lebih dari satu desa (skor {best:.0f} dan {second:.0f}); pilih dari kandidat{suffix}"
    return f"Nama desa {typed} tidak ditemukan di {where}; lihat kandidat terdekat{suffix}"
