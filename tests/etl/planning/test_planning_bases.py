"""The planner's default start: the area's own base (TTS: Kota Soe; Kota Kupang and a
working area of several kabupaten: the office in Kupang), each table entry inside the
kelurahan it names according to the official boundaries."""

from __future__ import annotations

import pytest

from etl.planning.bases import CAPITALS, OFFICE_BASE, default_base
from etl.planning.plan import DEFAULT_BASE
from etl.planning.reasons import start_place
from geodata.load import read_layer


def test_one_kabupaten_starts_at_its_capital_several_at_the_office() -> None:
    assert default_base(["53.02"]) == DEFAULT_BASE == (-9.8652, 124.2718)
    assert default_base(("53.71",)) == OFFICE_BASE
    assert default_base(["53.02", "53.71"]) == default_base(["53.71", "53.02"]) == OFFICE_BASE
    assert default_base(["53.04"]) == OFFICE_BASE  # no entry: the office
    assert default_base(["53.02", "53.02"]) == DEFAULT_BASE


@pytest.mark.parametrize(
    ("kabupaten", "place"),
    [("53.02", "Kelurahan SoE, Kecamatan Kota Soe"),
     ("53.71", "Kelurahan Kayu Putih, Kecamatan Oebobo")],
)  # fmt: skip
def test_every_base_lies_in_the_kelurahan_it_names(
    tts_build: object, kabupaten: str, place: str
) -> None:
    assert start_place(read_layer(kabupaten, "desa"), CAPITALS[kabupaten]).lengkap == place
