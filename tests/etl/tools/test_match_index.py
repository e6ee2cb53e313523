"""The indexed matcher internals give exactly what the full score matrix gave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from etl.tools import _match_core as core
from etl.tools import matching
from etl.tools._match_index import exact_stats, score_stats
from etl.tools.names import apostrophe_key, name_key


def _reference_score(
    q_key: np.ndarray, q_akey: np.ndarray, q_group: np.ndarray, names: core.Names
) -> dict[str, np.ndarray]:
    """The former scorer: one full query x names matrix, masks, a stable full sort."""
    s = process.cdist(q_key.tolist(), names.key.tolist(), scorer=fuzz.ratio, dtype=np.float64)
    s = s.round(1)
    inside = (q_group[:, None] == names.group[None, :]) & (q_group[:, None] >= 0)
    eq = q_key[:, None] == names.key[None, :]
    aeq = q_akey[:, None] == names.akey[None, :]
    out: dict[str, np.ndarray] = {}
    for label, mask in (("in", inside), ("all", np.ones_like(inside))):
        out[f"n_exact_{label}"] = (eq & mask).sum(axis=1)
        out[f"exact_{label}"] = (eq & mask).argmax(axis=1)
        out[f"n_aexact_{label}"] = (aeq & mask).sum(axis=1)
        out[f"aexact_{label}"] = (aeq & mask).argmax(axis=1)
        masked = np.where(mask, s, -1.0)
        rows = np.arange(len(s))
        arg = masked.argmax(axis=1)
        rest = masked.copy()
        rest[rows, arg] = -1.0
        out[f"best_{label}"] = masked[rows, arg]
        out[f"second_{label}"] = rest.max(axis=1) if s.shape[1] > 1 else np.full(len(s), -1.0)
        out[f"arg_{label}"] = arg
    out["best_out"] = np.where(inside, -1.0, s).max(axis=1)
    order = np.argsort(-s, axis=1, kind="stable")[:, : min(3, s.shape[1])]
    out["top"], out["top_score"] = order, np.take_along_axis(s, order, axis=1)
    return out


def _names(pairs: list[tuple[str, str]]) -> core.Names:
    official = pd.DataFrame(
        {
            "kode": [f"53.02.{k:02d}.{2000 + i}" for i, (_, k) in enumerate(pairs)],
            "nama": [n for n, _ in pairs],
            "kecamatan_kode": [f"53.02.{k:02d}" for _, k in pairs],
            "kecamatan": [f"Kec {k}" for _, k in pairs],
        }
    )
    return core.prepare(official["kode"], official["nama"], official)


WORDS = ["Oinlasi", "Oe'ekam", "Oeekam", "Kuale'u", "Kualeu", "Baki", "Noebesa", "Noebesi"]


def test_exact_stats_counts_in_and_across_kecamatan() -> None:
    names = _names(
        [("Oinlasi", 2), ("Oinlasi", 8), ("Oinlasi", 10), ("Kuale'u", 8), ("Kualeu", 30)]
    )
    q = np.array(["oinlasi", "kualeu", "kualeu", "zzz"])
    aq = np.array(["oinlasi", "kuale'u", "kualeu", "zzz"])
    group = np.array([1, -1, 1, 0])  # group numbers index the sorted kecamatan codes
    ex = exact_stats(q, aq, group, names)
    assert ex.n_exact_all.tolist() == [3, 2, 2, 0]
    assert ex.n_exact_in.tolist() == [1, 0, 1, 0]
    assert ex.n_aexact_all.tolist() == [3, 1, 1, 0]
    assert ex.exact_all.tolist() == [0, 2, 2, 0]  # sorted by kode: Kuale'u is index 2
    assert ex.aexact_all.tolist() == [0, 2, 4, 0]


@settings(max_examples=60, deadline=None)
@given(
    official=st.lists(
        st.tuples(st.sampled_from(WORDS), st.integers(1, 4)), min_size=1, max_size=25
    ),
    typed=st.lists(
        st.tuples(
            st.sampled_from([*WORDS, "Oinlas", "Noebes", "Kuale", "Bakki", "xyz", "Oe Ekam"]),
            st.integers(-1, 3),
        ),
        min_size=1,
        max_size=15,
    ),
)
def test_score_stats_equals_full_matrix(
    official: list[tuple[str, int]], typed: list[tuple[str, int]]
) -> None:
    names = _names(official)
    groups = len(names.group_kode)
    q_key = np.array([name_key(t) for t, _ in typed], dtype=str)
    q_akey = np.array([apostrophe_key(t) for t, _ in typed], dtype=str)
    q_group = np.array([g if g < groups else -1 for _, g in typed], dtype=np.int64)
    got = score_stats(q_key, q_akey, q_group, names)
    want = _reference_score(q_key, q_akey, q_group, names)
    for field, expected in want.items():
        actual = getattr(got, field)
        if field in ("best_in", "second_in", "arg_in", "n_exact_in", "exact_in"):
            expected, actual = expected[q_group >= 0], actual[q_group >= 0]  # unused otherwise
        np.testing.assert_array_equal(actual, expected, err_msg=field)


def test_names_known_three_times_skip_scoring_with_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    official = pd.DataFrame(
        {
            "kode": ["53.02.02.2008", "53.02.08.2001", "53.02.10.2009", "53.02.10.2010"],
            "nama": ["Oinlasi", "Oinlasi", "Oinlasi", "Baki"],
            "kecamatan_kode": ["53.02.02", "53.02.08", "53.02.10", "53.02.10"],
            "kecamatan": ["Mollo Selatan", "Amanatun Selatan", "KI'E", "KI'E"],
        }
    )
    rows = pd.DataFrame(
        {
            "kecamatan": ["", "KI'E", "Kot olin", "Mollo Selatan"],
            "desa": ["Oinlasi", "Baki", "Oinlasi", "Baki"],
        }
    )
    fast = matching.match_village_names(rows, official, kabupaten="53.02")
    monkeypatch.setattr(core, "MAX_EXACT_KEY_LENGTH", 0)  # every pair through the scorer
    slow = matching.match_village_names(rows, official, kabupaten="53.02")
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.loc[0, "kandidat"].count(": 100") == 3
    assert pd.isna(fast.loc[0, "desa_kode"])


def _slow_clean_once(text: str) -> str:
    """The Unicode path of ``names._clean_once`` for any text (no ASCII shortcut)."""
    import unicodedata

    from etl.tools import names

    text = text.translate(names._APOSTROPHE_TABLE)
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(names._APOSTROPHE_TABLE))
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).translate(names._APOSTROPHE_TABLE)
    text = "".join(ch if (ch.isalnum() or ch == "'") else " " for ch in text)
    text = names._MANY_APOSTROPHES.sub("'", text)
    text = names._LOOSE_APOSTROPHE.sub(" ", text)
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_shortcut_cleans_like_the_unicode_path(text: str) -> None:
    from etl.tools import names

    assert names._clean_once(text) == _slow_clean_once(text)


def test_ascii_shortcut_on_every_ascii_character() -> None:
    from etl.tools import names

    for code in range(128):
        text = f"Oe{chr(code)}ekam {chr(code)}Sel."
        assert names._clean_once(text) == _slow_clean_once(text)
