"""Indexed work for :mod:`etl.tools.matching`: exact-key counts and bounded scoring.

* :func:`exact_stats` answers "how many official names have this key / apostrophe key,
  in the query's kecamatan and overall, and which comes first" with hash look-ups
  (``pd.Index.get_indexer`` on integer-coded keys), never with a score matrix. The
  official side is a :class:`KeyTable` built once per prepared list; callers that
  number each distinct typed text once use :func:`exact_stats_coded` directly.
* :func:`score_stats` computes the same :class:`~etl.tools._match_core.Stats` as the
  historical full-matrix scorer, but scores each DISTINCT key once (``rapidfuzz`` cdist
  in bounded chunks), takes the top three per key with three ``argmax`` passes over one
  integer ranking matrix instead of a full sort, and reads the in-kecamatan figures from
  a padded member table of each kecamatan (about ten columns) instead of a mask over all
  names. Ties still resolve to the lowest index (= lowest ``kode``).

Nothing here is public API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from etl.tools._match_core import N_CANDIDATES, Exact, Names, Stats

_CHUNK_CELLS: Final = 4_000_000


def exact_stats(q_key: np.ndarray, q_akey: np.ndarray, q_group: np.ndarray, names: Names) -> Exact:
    """Counts of official names whose key (apostrophe key) equals the query's, within the
    query's kecamatan (``q_group`` >= 0) and across the list, with the first such index."""
    return exact_stats_coded(
        names.key_table.code_of(q_key), names.akey_table.code_of(q_akey), q_group, names
    )


def exact_stats_coded(
    q_code: np.ndarray, q_acode: np.ndarray, q_group: np.ndarray, names: Names
) -> Exact:
    """:func:`exact_stats` of queries already numbered by :meth:`KeyTable.code_of` (so
    callers number each distinct typed text once and gather): integer look-ups only."""
    has_group = np.asarray(q_group) >= 0
    out: dict[str, np.ndarray] = {}
    for label, table, q_codes in (
        ("exact", names.key_table, q_code),
        ("aexact", names.akey_table, q_acode),
    ):
        q_codes = np.asarray(q_codes, dtype=np.int64)
        n_all, first_all = _count_first(table.count, table.first, q_codes, q_codes >= 0)
        q_in_group = np.where(has_group, np.asarray(q_group, dtype=np.int64), 0) * table.width
        q_in = table.in_group.get_indexer(q_in_group + q_codes)
        valid = has_group & (q_codes >= 0) & (q_in >= 0)
        n_in, first_in = _count_first(table.in_count, table.in_first, q_in, valid)
        out[f"n_{label}_in"], out[f"{label}_in"] = n_in, first_in
        out[f"n_{label}_all"], out[f"{label}_all"] = n_all, first_all
    return Exact(**out)


def score_stats(
    q_key: np.ndarray,
    q_akey: np.ndarray,
    q_group: np.ndarray,
    names: Names,
    exact: Exact | None = None,
) -> Stats:
    """:class:`Stats` of each query against all names (``fuzz.ratio`` on keys, rounded
    to 0.1), identical to scoring the full query x names matrix. ``exact``: the queries'
    :func:`exact_stats` when the caller already has them."""
    q, n = len(q_key), len(names.key)
    if n == 0 or q == 0:
        raise ValueError("score_stats() needs at least one query and one official name")
    q_group = np.asarray(q_group, dtype=np.int64)
    ex = exact if exact is not None else exact_stats(q_key, q_akey, q_group, names)
    top_n = min(N_CANDIDATES, n)
    uniq, inverse = np.unique(np.asarray(q_key, dtype=str), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
    members = _group_members(names)
    keys = names.key_table
    res = {
        "best_in": np.full(q, -1.0), "second_in": np.full(q, -1.0),
        "arg_in": np.zeros(q, dtype=np.int64), "best_out": np.full(q, -1.0),
        "top": np.zeros((q, top_n), dtype=np.int64), "top_score": np.zeros((q, top_n)),
    }  # fmt: skip
    step = max(1, _CHUNK_CELLS // len(keys.distinct))
    for start in range(0, len(uniq), step):  # chunks of distinct keys, not candidates
        stop = min(start + step, len(uniq))
        s = process.cdist(  # each distinct official key once; its names share the score
            uniq[start:stop].tolist(),
            keys.distinct,
            scorer=fuzz.ratio,
            dtype=np.float64,
            workers=-1,
        )
        np.round(s, 1, out=s)
        top = keys.top(s, top_n)
        rows_q = order[bounds[start] : bounds[stop]]
        rows = inverse[rows_q] - start
        res["top"][rows_q] = top[rows]
        res["top_score"][rows_q] = s[rows[:, None], keys.of_entry[top[rows]]]
        _fill_group_stats(res, rows_q, rows, s, q_group[rows_q], members, names, keys, top)
    best_all = res["top_score"][:, 0]
    second_all = res["top_score"][:, 1] if top_n > 1 else np.full(q, -1.0)
    return Stats(
        n_exact_in=ex.n_exact_in, exact_in=ex.exact_in,
        n_aexact_in=ex.n_aexact_in, aexact_in=ex.aexact_in,
        n_exact_all=ex.n_exact_all, exact_all=ex.exact_all,
        n_aexact_all=ex.n_aexact_all, aexact_all=ex.aexact_all,
        best_in=res["best_in"], second_in=res["second_in"], arg_in=res["arg_in"],
        best_out=np.where(q_group >= 0, res["best_out"], best_all),
        best_all=best_all, second_all=second_all, arg_all=res["top"][:, 0],
        top=res["top"], top_score=res["top_score"],
    )  # fmt: skip


def _count_first(
    counts: np.ndarray, first: np.ndarray, q_codes: np.ndarray, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per query: how many official entries carry its code, and the first one's index."""
    k = len(counts)
    safe = np.where(valid, q_codes, 0)
    n = np.where(valid, counts[safe] if k else 0, 0).astype(np.int64)
    return n, np.where(valid, first[safe] if k else 0, 0).astype(np.int64)


def _counts_and_first(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many entries carry each code (0..max) and the index of the first one."""
    k = int(codes.max()) + 1 if len(codes) else 0
    counts = np.bincount(codes, minlength=k) if k else np.zeros(0, dtype=np.int64)
    first = np.zeros(k, dtype=np.int64)
    if k:
        ids, where = np.unique(codes, return_index=True)
        first[ids] = where
    return counts.astype(np.int64), first


def _group_members(names: Names) -> np.ndarray:
    """Padded (kecamatan x max size) table of member indices, ascending, -1 padded."""
    groups = max(len(names.group_kode), 1)
    valid = names.group >= 0
    idx = np.flatnonzero(valid)
    g = names.group[valid]
    sizes = np.bincount(g, minlength=groups) if len(g) else np.zeros(groups, dtype=np.int64)
    table = np.full((groups, max(int(sizes.max(initial=0)), 1)), -1, dtype=np.int64)
    order = np.argsort(g, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    col = np.arange(len(order)) - starts[g[order]]
    table[g[order], col] = idx[order]
    return table


@dataclass(frozen=True)
class KeyTable:
    """One key column of a prepared list, numbered: the distinct keys, each entry's key
    number, the entries of each key in index order, and the same counts per (kecamatan,
    key) for the in-kecamatan look-ups. Built once per prepared list."""

    distinct: list[str]
    index: pd.Index  # the distinct keys, for numbering queries
    of_entry: np.ndarray  # key number of each official name
    entries: np.ndarray  # official indices grouped by key, ascending within a key
    start: np.ndarray  # where each key's names start in ``entries``
    count: np.ndarray  # how many names carry each key
    first: np.ndarray  # the first (lowest) index carrying each key
    width: int  # kecamatan stride of the (kecamatan, key) numbers
    in_group: pd.Index  # distinct kecamatan * width + key of the entries
    in_count: np.ndarray  # how many names carry each (kecamatan, key)
    in_first: np.ndarray  # the first index carrying each (kecamatan, key)

    @classmethod
    def build(cls, key: np.ndarray, group: np.ndarray) -> KeyTable:
        codes, uniq = pd.factorize(pd.Series(key, dtype=object))
        entries = np.argsort(codes, kind="stable")
        count, first = _counts_and_first(codes)
        start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        width = max(len(uniq), 1)
        in_codes, in_uniq = pd.factorize(np.asarray(group, dtype=np.int64) * width + codes)
        in_count, in_first = _counts_and_first(in_codes)
        return cls(
            [str(u) for u in uniq], pd.Index(uniq), codes.astype(np.int64), entries, start,
            count, first, width, pd.Index(in_uniq), in_count, in_first,
        )  # fmt: skip

    def code_of(self, keys: np.ndarray) -> np.ndarray:
        """Key number of each query key, -1 when no official name carries it."""
        return np.asarray(self.index.get_indexer(pd.Index(keys, dtype=object)), dtype=np.int64)

    def top(self, s: np.ndarray, top_n: int) -> np.ndarray:
        """Top ``top_n`` official names per row of key scores ``s``, by (score desc,
        index asc): argmax over keys, then that key's next name takes its place."""
        n = len(self.of_entry)
        rows = np.arange(s.shape[0])
        # rank = score in tenths * n + (n - 1 - index): 32-bit whenever it fits (faster)
        small = 1001 * n < np.iinfo(np.int32).max and bool((s <= 100.0).all())
        kind = np.int32 if small else np.int64
        s10 = np.rint(s * 10).astype(kind)
        rank = s10 * kind(n) + (n - 1 - self.entries[self.start]).astype(kind)[None, :]
        top = np.empty((s.shape[0], top_n), dtype=np.int64)
        picked: list[np.ndarray] = []
        for p in range(top_n):  # three argmax passes instead of a full sort
            k = rank.argmax(axis=1)
            taken = sum((earlier == k).astype(np.int64) for earlier in picked)
            top[:, p] = self.entries[self.start[k] + taken]
            picked.append(k)
            after = taken + 1
            nxt = self.entries[np.minimum(self.start[k] + after, n - 1)]
            rank[rows, k] = np.where(after < self.count[k], s10[rows, k] * n + (n - 1 - nxt), -1)
        return top


def _fill_group_stats(
    res: dict[str, np.ndarray],
    rows_q: np.ndarray,
    rows: np.ndarray,
    s: np.ndarray,
    group: np.ndarray,
    members: np.ndarray,
    names: Names,
    keys: KeyTable,
    top: np.ndarray,
) -> None:
    """In-kecamatan best/second/argmax and best outside the kecamatan, per query."""
    has = group >= 0
    if not has.any():
        return
    q_rows, q_idx, g = rows[has], rows_q[has], group[has]
    cols = members[g]
    vals = np.where(cols >= 0, s[q_rows[:, None], keys.of_entry[np.maximum(cols, 0)]], -1.0)
    pos = vals.argmax(axis=1)
    line = np.arange(len(q_rows))
    res["best_in"][q_idx] = vals[line, pos]
    res["arg_in"][q_idx] = cols[line, pos]
    if vals.shape[1] > 1:
        vals[line, pos] = -1.0
        res["second_in"][q_idx] = vals.max(axis=1)
    # best outside: the first top candidate outside the kecamatan, else a masked max
    t = top[q_rows]
    outside = names.group[t] != g[:, None]
    found = outside.any(axis=1)
    first = outside.argmax(axis=1)
    best_out = np.where(found, s[q_rows, keys.of_entry[t[line, first]]], -1.0)
    miss = np.flatnonzero(~found)
    if miss.size:
        masked = s[q_rows[miss]][:, keys.of_entry]  # per official name
        m_cols = cols[miss]
        r = np.repeat(np.arange(miss.size), m_cols.shape[1])
        c = m_cols.ravel()
        masked[r[c >= 0], c[c >= 0]] = -1.0
        best_out[miss] = masked.max(axis=1)
    res["best_out"][q_idx] = best_out
