"""``--kabupaten`` takes a working area: one code, codes joined by commas, or the option
repeated; ``geodata build`` builds each kabupaten of it once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.cli import main
from geodata.sources import DEFAULT_KABUPATEN, kabupaten_list, kabupaten_text

CODES = st.sampled_from(["53.02", "53.03", "53.71", "53.20"])


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        (None, (DEFAULT_KABUPATEN,)),
        ("53.02", ("53.02",)),
        ("53.02,53.03", ("53.02", "53.03")),
        (["53.02", " 53.71 ,53.03", "53.02"], ("53.02", "53.71", "53.03")),
        ([], (DEFAULT_KABUPATEN,)),
    ],
)
def test_the_forms_people_type(given_: object, expected: tuple[str, ...]) -> None:
    assert kabupaten_list(given_) == expected  # type: ignore[arg-type]


@given(st.lists(CODES, min_size=1, max_size=6))
def test_text_and_list_round_trip_each_code_once_in_order(codes: list[str]) -> None:
    once = tuple(dict.fromkeys(codes))
    assert kabupaten_list(codes) == once
    assert kabupaten_list(kabupaten_text(once)) == once


def test_a_bad_code_is_named() -> None:
    with pytest.raises(ValueError, match="Kode kabupaten/kota tidak sah: '5302'"):
        kabupaten_list("53.02,5302")


def test_geodata_build_builds_every_kabupaten_of_the_list(
    data_mirror: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PETA_GEODATA_BUILD", str(tmp_path))
    assert main(["geodata", "build", "--kabupaten", "53.71", "--kabupaten", "53.20,53.71"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.gpkg")) == ["53.20.gpkg", "53.71.gpkg"]
    out = capsys.readouterr().out
    assert out.count("Selesai:") == 2 and "51 kelurahan, 6 kecamatan" in out


def test_a_bad_code_in_the_list_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["geodata", "build", "--kabupaten", "53.02,xx"]) == 2
    assert "tidak sah" in capsys.readouterr().err
    book = tmp_path / "buku.xlsx"
    book.write_bytes(b"x")
    assert main(["etl", str(book), "--out", str(tmp_path / "o"), "--kabupaten", "xx"]) == 2
    assert not (tmp_path / "o").exists()
