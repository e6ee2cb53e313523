"""The matcher on the adversarial set built from the official TTS list (issue 13, B).

The set (``tests/etl/tools/matching_cases.py``) is generated from the real build; the figures
below are the issue's targets. ``python -m tests.bench.matching_fidelity`` prints them
per category with the score distributions behind the thresholds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from tests.bench.matching_fidelity import load_cases, score_cases, summary
from tests.etl.tools.matching_cases import ISSUE_EXAMPLES, build_cases


@pytest.fixture(scope="module")
def scored(tts_gpkg: Path) -> pd.DataFrame:
    cases, result, _, _ = load_cases(tts_gpkg.parent)
    return score_cases(cases, result)


def test_targets_of_issue_13(scored: pd.DataFrame) -> None:
    figures = summary(scored)
    assert set(scored["kelas"]) == {"mudah", "sulit", "ambigu", "tolak"}
    assert figures["salah"] == 0, scored[scored["salah"]][["kecamatan", "desa", "kode", "hasil"]]
    assert figures["recall_mudah"] >= 0.995
    assert figures["sulit_ditempatkan"] >= 0.60
    assert figures["ambigu_ditinjau"] == 1.0
    assert figures["tolak_ditinjau"] == 1.0


def test_every_hard_category_is_mostly_placed(scored: pd.DataFrame) -> None:
    hard = scored[scored["kelas"] == "sulit"].groupby("kategori")["benar"].mean()
    assert len(hard) >= 7
    assert (hard >= 0.6).all(), hard


def test_venue_kecamatan_is_placed_with_a_note(scored: pd.DataFrame) -> None:
    venue = scored[scored["kategori"] == "kecamatan_tempat_kegiatan"]
    assert len(venue) > 200
    assert (venue["cara_hasil"] == "kecamatan_lain").all()
    for row in venue.head(20).itertuples():
        assert f"bukan di Kec. {row.kecamatan} yang diketik" in row.alasan


@pytest.mark.parametrize(("kecamatan", "typed"), [(k, t) for k, t, _, _ in ISSUE_EXAMPLES])
def test_issue_examples_are_placed(scored: pd.DataFrame, kecamatan: str, typed: str) -> None:
    row = scored[(scored["kecamatan"] == kecamatan) & (scored["desa"] == typed)].iloc[0]
    assert row["benar"] and row["hasil"] == row["kode"]


def test_review_reasons_say_why(scored: pd.DataFrame) -> None:
    shared = scored[scored["kategori"] == "nama_kembar_tanpa_kecamatan"]
    assert shared["alasan"].str.contains(r"ada di \d kecamatan|cocok dengan \d desa").all()
    kualeu = scored[(scored["kecamatan"] == "") & (scored["desa"] == "Kualeu")].iloc[0]
    assert kualeu["tinjau"]
    assert "Kuale'u (Amanatun Selatan), Kualeu (Mollo Tengah)" in kualeu["alasan"]
    foreign = scored[scored["kategori"] == "nama_kabupaten_lain"]
    assert foreign["alasan"].str.contains("tidak ditemukan").all()


def test_the_set_is_built_deterministically(tts_gpkg: Path) -> None:
    first, _, official, other = load_cases(tts_gpkg.parent)
    pdt.assert_frame_equal(build_cases(official, other), first)
    assert not first.duplicated(["kecamatan", "desa"]).any()
