"""Look-ups of :mod:`etl.tools.matching`: typed kecamatan, aliases, names of other
kabupaten. Hash and dictionary work on the prepared lists of :mod:`._match_core`.

Nothing here is public API.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.tools import _match_core as core
from etl.tools._match_core import Names, as_text, require_columns, text_keys
from etl.tools._match_index import score_stats
from etl.tools.names import name_key

_KEC_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


def match_kecamatan_unique(
    typed: np.ndarray, names: Names
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decide each distinct typed kecamatan; returns (kode, cara, skor) arrays."""
    q = len(typed)
    kode = np.full(q, None, dtype=object)
    cara = np.full(q, None, dtype=object)
    skor = np.full(q, np.nan)
    stripped = np.array([str(t).strip() for t in typed], dtype=object)
    known = set(names.kode.tolist())
    by_code = np.array([bool(_KEC_CODE.match(t)) and t in known for t in stripped], dtype=bool)
    kode[by_code], cara[by_code], skor[by_code] = stripped[by_code], "kode", 100.0
    keys, all_akeys = text_keys(typed.tolist())
    todo = np.flatnonzero(~by_code & (keys != ""))
    if todo.size == 0 or len(names.kode) == 0:
        return kode, cara, skor
    from etl.tools._match_index import exact_stats

    akeys = all_akeys[todo]
    no_group = np.full(todo.size, -1)
    ex = exact_stats(keys[todo], akeys, no_group, names)
    exact = (ex.n_exact_all == 1) | ((ex.n_exact_all > 1) & (ex.n_aexact_all == 1))
    exact_idx = np.where(ex.n_exact_all == 1, ex.exact_all, ex.aexact_all)
    # a key found (but not uniquely) scores 100 and cannot be fuzzy: no scoring needed
    short = np.char.str_len(keys[todo]) < core.MAX_EXACT_KEY_LENGTH
    known = ~exact & (ex.n_exact_all > 0) & short
    kode[todo[exact]], cara[todo[exact]] = names.kode[exact_idx[exact]], "exact"
    skor[todo[exact | known]] = 100.0
    scored = np.flatnonzero(~exact & ~known)
    if scored.size == 0:
        return kode, cara, skor
    sub = todo[scored]
    st = score_stats(keys[sub], akeys[scored], no_group[scored], names)
    fuzzy = (st.n_exact_all == 0) & core.fuzzy_ok(
        st.best_all, st.second_all, keys[sub], core.FUZZY_MIN_SCORE_KECAMATAN
    )
    kode[sub[fuzzy]] = names.kode[st.arg_all[fuzzy]]
    cara[sub[fuzzy]] = "fuzzy"
    skor[sub] = st.best_all
    return kode, cara, skor


def other_keys(other: pd.DataFrame | None, names: Names) -> dict[str, str]:
    """Key -> "nama kode" of a desa in another kabupaten (codes of this list excluded)."""
    if other is None or other.empty:
        return {}
    require_columns(other, ("kode", "nama"), "other_official")
    own = set(names.kode.tolist())
    found: dict[str, str] = {}
    for kode, nama in zip(as_text(other["kode"]), as_text(other["nama"]), strict=True):
        key = name_key(nama)
        if key and kode not in own:
            found.setdefault(key, f"{nama} {kode}")
    return found


def resolve_groups(kec_typed: np.ndarray, names: Names) -> np.ndarray:
    """Kecamatan index (into ``names.group_kode``) of each typed kecamatan, -1 if none."""
    if len(names.group_kode) == 0 or len(kec_typed) == 0:
        return np.full(len(kec_typed), -1, dtype=np.int64)
    kec_names = names.kecamatan_list
    codes, uniq = pd.factorize(pd.Series(kec_typed, dtype=object).fillna(""))
    kode = match_kecamatan_unique(np.asarray(uniq, dtype=object), kec_names)[0][codes]
    found = pd.Index(names.group_kode).get_indexer(pd.Series(kode, dtype=object))
    return np.asarray(found, dtype=np.int64)


def idents(kec_typed: np.ndarray, groups: np.ndarray, names: Names) -> list[str]:
    """Alias lookup ident: recognised kecamatan code, else ``?`` + key of the typed text."""
    return [
        str(names.group_kode[g]) if g >= 0 else "?" + name_key(k)
        for k, g in zip(kec_typed.tolist(), groups.tolist(), strict=True)
    ]


def alias_lookup(
    aliases: pd.DataFrame | None, names: Names, kabupaten: str
) -> dict[tuple[str, str], int]:
    """(kecamatan ident, typed key) -> index into ``names``; later rows win.

    Rows apply when their ``kabupaten`` equals the code matched, or is blank and their
    code is in this list. A code of this kabupaten missing from the list is an error.
    """
    if aliases is None or aliases.empty:
        return {}
    cols = ("kabupaten", "kecamatan", "nama_ketik", "desa_kode")
    require_columns(aliases, cols, "aliases")
    table = pd.DataFrame({c: as_text(aliases[c]).to_numpy() for c in cols})
    index_of = {k: i for i, k in enumerate(names.kode.tolist())}
    known = table["desa_kode"].isin(index_of)
    table = table[(table["kabupaten"] == kabupaten) | ((table["kabupaten"] == "") & known)]
    unknown = sorted(set(table.loc[~table["desa_kode"].isin(index_of), "desa_kode"]))
    if unknown:
        raise ValueError(
            f"Alias kabupaten {kabupaten} memakai kode desa yang tidak ada di daftar resmi: "
            + ", ".join(unknown)
        )
    kec = table["kecamatan"].to_numpy(dtype=object)
    alias_idents = idents(kec, resolve_groups(kec, names), names)
    lookup: dict[tuple[str, str], int] = {}
    for ident, typed, kode in zip(
        alias_idents, table["nama_ketik"], table["desa_kode"], strict=True
    ):
        lookup[(ident, name_key(typed))] = index_of[kode]
    return lookup
