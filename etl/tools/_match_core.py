"""Internals of :mod:`etl.tools.matching`: prepared name lists, scores, candidate text.

A prepared list (:func:`prepare`) is remembered for the next call with equal input
(venues, attendance and reports of one run share it), together with what is derived from
it once: numbered keys, its kecamatan list, candidate labels. Look-ups of typed
kecamatan, aliases and other kabupaten live in :mod:`._match_lookup`.

Kept separate so the public module stays short; nothing here is public API.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from etl.tools.names import apostrophe_key, name_key, normalise_name

if TYPE_CHECKING:
    from etl.tools._match_index import KeyTable

FUZZY_MIN_SCORE_KECAMATAN: Final = 85.0
FUZZY_MIN_SCORE_KABUPATEN: Final = 88.0
FUZZY_MIN_MARGIN: Final = 5.0
FUZZY_MIN_KEY_LENGTH: Final = 5
N_CANDIDATES: Final = 3
MAX_EXACT_KEY_LENGTH: Final = 500  # below this only identical keys round to score 100.0
_DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


@dataclass(frozen=True)
class Names:
    """An official list prepared for matching, sorted by ``kode``.

    ``group`` is the kecamatan index of each entry (-1 when the list has no kecamatan);
    ``group_kode``/``group_nama`` give the kecamatan code and name of each index.
    """

    kode: np.ndarray
    nama: np.ndarray
    key: np.ndarray
    akey: np.ndarray
    group: np.ndarray
    group_kode: np.ndarray
    group_nama: np.ndarray

    @functools.cached_property
    def key_table(self) -> KeyTable:
        """The keys numbered for hash look-ups (see :class:`~._match_index.KeyTable`)."""
        from etl.tools._match_index import KeyTable

        return KeyTable.build(self.key, self.group)

    @functools.cached_property
    def akey_table(self) -> KeyTable:
        """The apostrophe keys numbered like :attr:`key_table`."""
        from etl.tools._match_index import KeyTable

        return KeyTable.build(self.akey, self.group)

    @functools.cached_property
    def kecamatan_list(self) -> Names:
        """The kecamatan (``group_kode``, ``group_nama``) prepared as a list of their own,
        for recognising typed kecamatan; built once per prepared list."""
        return prepare(pd.Series(self.group_kode), pd.Series(self.group_nama), None)

    @functools.cached_property
    def labels(self) -> np.ndarray:
        """``Nama (Kecamatan) kode: `` of each entry, the start of a candidate text."""
        kec = np.full(len(self.kode), "", dtype=object)
        if len(self.group_nama):
            inside = self.group >= 0
            kec[inside] = self.group_nama[self.group[inside]]
        parts = zip(self.nama.tolist(), kec.tolist(), self.kode.tolist(), strict=True)
        return np.array([f"{n}{f' ({k})' if k else ''} {c}: " for n, k, c in parts], dtype=object)


@dataclass(frozen=True)
class Exact:
    """Per-query exact-key counts and first matching index (0 when there is none)."""

    n_exact_in: np.ndarray
    exact_in: np.ndarray
    n_aexact_in: np.ndarray
    aexact_in: np.ndarray
    n_exact_all: np.ndarray
    exact_all: np.ndarray
    n_aexact_all: np.ndarray
    aexact_all: np.ndarray


@dataclass(frozen=True)
class Stats(Exact):
    """Per-query summaries of the query x official score/equality matrices: the exact-key
    counts of :class:`Exact` plus the fuzzy-score summaries."""

    best_in: np.ndarray
    second_in: np.ndarray
    arg_in: np.ndarray
    best_out: np.ndarray
    best_all: np.ndarray
    second_all: np.ndarray
    arg_all: np.ndarray
    top: np.ndarray
    top_score: np.ndarray


def text_keys(texts: Iterable[object]) -> tuple[np.ndarray, np.ndarray]:
    """(:func:`name_key`, :func:`apostrophe_key`) of each text, normalising it once."""
    normal = [normalise_name(t) for t in texts]
    akeys = [n.replace(" ", "") for n in normal]
    return (
        np.array([a.replace("'", "") for a in akeys], dtype=str),
        np.array(akeys, dtype=str),
    )


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` naming the missing columns of ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: kolom wajib tidak ada: {', '.join(missing)}")


def as_text(series: pd.Series) -> pd.Series:
    """Values as stripped text; None/NaN become ""."""
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def factorize_text(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct stripped texts) of ``series``; blanks/None/NaN share the text "".

    Text work then runs once per distinct raw value instead of once per row.
    """
    codes, uniq = pd.factorize(series, use_na_sentinel=True)
    text = as_text(pd.Series(np.asarray(uniq, dtype=object), dtype=object))
    values = np.append(text.to_numpy(dtype=object), "")
    return np.where(codes < 0, len(values) - 1, codes).astype(np.int64), values


def take(values: np.ndarray, codes: np.ndarray, index: pd.Index, dtype: Any) -> pd.Series:
    """Per-row Series from per-distinct ``values`` (converted once, then gathered)."""
    distinct = pd.Series(values, dtype=dtype)
    return pd.Series(distinct.take(codes).array, index=index, dtype=dtype)


def prepare(kode: pd.Series, nama: pd.Series, kecamatan: pd.DataFrame | None) -> Names:
    """Build :class:`Names` from official codes/names (+ ``kecamatan_kode, kecamatan``).

    The last few lists are remembered with a copy of their input and reused when the
    same values come again (venues, attendance and reports of one run share one list);
    a reused list's arrays are read-only.
    """
    columns = [kode, nama]
    if kecamatan is not None:
        columns += [kecamatan["kecamatan_kode"], kecamatan["kecamatan"]]
    for i, (seen, names) in enumerate(_PREPARED):
        if len(seen) == len(columns) and all(
            a.equals(b) for a, b in zip(seen, columns, strict=True)
        ):
            _PREPARED.insert(0, _PREPARED.pop(i))
            return names
    names = _prepare(kode, nama, kecamatan)
    for array in vars(names).values():
        if isinstance(array, np.ndarray):
            array.flags.writeable = False
    _PREPARED.insert(0, ([c.copy() for c in columns], names))
    del _PREPARED[_PREPARED_KEEP:]
    return names


_PREPARED_KEEP: Final = 4
_PREPARED: list[tuple[list[pd.Series], Names]] = []


def _prepare(kode: pd.Series, nama: pd.Series, kecamatan: pd.DataFrame | None) -> Names:
    """:func:`prepare` without the memo."""
    frame = pd.DataFrame({"kode": as_text(kode).to_numpy(), "nama": as_text(nama).to_numpy()})
    if kecamatan is not None:
        frame["kec_kode"] = as_text(kecamatan["kecamatan_kode"]).to_numpy()
        frame["kec_nama"] = as_text(kecamatan["kecamatan"]).to_numpy()
    duplicated = sorted(set(frame.loc[frame["kode"].duplicated(), "kode"]))
    if duplicated:
        raise ValueError(f"Daftar resmi memuat kode ganda: {', '.join(duplicated)}")
    frame = frame.sort_values("kode", kind="stable").reset_index(drop=True)
    if kecamatan is not None:
        group, uniq = pd.factorize(frame["kec_kode"], sort=True)
        first = frame.drop_duplicates("kec_kode").set_index("kec_kode")["kec_nama"]
        group_kode = np.asarray(uniq, dtype=object)
        group_nama = first.reindex(group_kode).to_numpy(dtype=object)
    else:
        group = np.full(len(frame), -1)
        group_kode = group_nama = np.array([], dtype=object)
    codes, distinct = pd.factorize(frame["nama"])  # normalise each distinct name once
    nama_list = [str(n) for n in distinct]
    return Names(
        kode=frame["kode"].to_numpy(dtype=object),
        nama=frame["nama"].to_numpy(dtype=object),
        key=np.array([name_key(n) for n in nama_list], dtype=str)[codes],
        akey=np.array([apostrophe_key(n) for n in nama_list], dtype=str)[codes],
        group=np.asarray(group, dtype=np.int64),
        group_kode=group_kode,
        group_nama=group_nama,
    )


def fuzzy_ok(
    best: np.ndarray, second: np.ndarray, keys: np.ndarray, min_score: float
) -> np.ndarray:
    """Boolean mask of fuzzy scores that are high, clearly ahead and on a long-enough key."""
    lengths = np.char.str_len(keys.astype(str)) if keys.size else np.zeros(0, dtype=np.int64)
    return (
        (best >= min_score)
        & (best - second >= FUZZY_MIN_MARGIN)
        & (lengths >= FUZZY_MIN_KEY_LENGTH)
    )


def desa_code(typed: str) -> str | None:
    """The typed text when it looks like a Kepmendagri desa code ``53.02.01.1001``."""
    text = re.sub(r"\s+", "", typed)
    return text if _DESA_CODE.match(text) else None


def format_candidates(idx: np.ndarray, scores: np.ndarray, names: Names) -> str:
    """``Nama (Kecamatan) kode: skor; ...`` for one query's top candidates."""
    parts = []
    for i, s in zip(idx.tolist(), scores.tolist(), strict=True):
        kec = names.group_nama[names.group[i]] if names.group[i] >= 0 else ""
        where = f" ({kec})" if kec else ""
        parts.append(f"{names.nama[i]}{where} {names.kode[i]}: {s:.0f}")
    return "; ".join(parts)


def format_candidate_rows(top: np.ndarray, top_score: np.ndarray, names: Names) -> np.ndarray:
    """:func:`format_candidates` of each row of ``top``/``top_score`` (queries x
    candidates), in bulk: entry labels come from :attr:`Names.labels`, and each distinct
    score is formatted once."""
    if top.shape[0] == 0:
        return np.zeros(0, dtype=object)
    values, inverse = np.unique(top_score, return_inverse=True)
    text = np.array([f"{v:.0f}" for v in values.tolist()], dtype=object)
    cells = names.labels[top] + text[inverse.reshape(top_score.shape)]
    return np.array(["; ".join(row) for row in cells.tolist()], dtype=object)


def quoted(text: str) -> str:
    """Typed value for messages: whitespace collapsed, single-quoted."""
    return "'" + " ".join(text.split()) + "'"
