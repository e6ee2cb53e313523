"""UI strings: both languages complete and consistent."""

from __future__ import annotations

import string

import pytest

from dashboard.strings import DEFAULT_LANG, STRINGS, normalise_lang, t

REQUIRED = [
    "app.title",
    "page.peta",
    "page.kecamatan",
    "page.tren",
    "page.rapat",
    "page.data",
    "page.petunjuk",
    "page.prioritas",
    "banner.contoh",
    "status.belum",
    "status.kedaluwarsa",
    "status.tercakup",
    "status.tidak_ada_data",
    "tooltip.desa",
    "tooltip.kecamatan",
    "tooltip.status",
    "tooltip.kunjungan_terakhir",
    "tooltip.peserta",
    "filter.periode",
    "filter.kecamatan",
    "filter.kelompok_peran",
    "filter.jenis_laporan",
    "headline.desa_tercakup",
    "headline.kecamatan_tanpa_jangkauan",
    "headline.peserta",
    "headline.pemimpin",
    "headline.laporan_tanpa_cakupan",
    "error.data_belum_dibangun",
]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(STRINGS["id"]) == set(STRINGS["en"])


def test_placeholders_match_between_languages() -> None:
    for key, text in STRINGS["id"].items():
        assert _placeholders(text) == _placeholders(STRINGS["en"][key]), key


def test_no_empty_text() -> None:
    for lang, table in STRINGS.items():
        assert all(v.strip() for v in table.values()), lang


@pytest.mark.parametrize("key", REQUIRED)
def test_required_keys_exist(key: str) -> None:
    assert t(key, "id")
    assert t(key, "en")


def test_page_titles_in_indonesian() -> None:
    assert [t(k) for k in REQUIRED[1:8]] == [
        "Peta Cakupan",
        "Kecamatan",
        "Tren",
        "Rapat",
        "Data & Kualitas",
        "Petunjuk",
        "Prioritas Kunjungan",
    ]


def test_format_and_fallback() -> None:
    assert t("headline.desa_tercakup_nilai", tercakup=120, total=278) == "120 / 278"
    assert "make run" in t("error.data_belum_dibangun", path="data/keluaran")
    assert t("status.belum", "xx") == t("status.belum", DEFAULT_LANG)
    assert t("status.belum", "en") == "Never reached"


def test_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        t("tidak.ada")


def test_normalise_lang() -> None:
    assert normalise_lang("EN-us") == "en"
    assert normalise_lang(None) == "id"
    assert normalise_lang("fr") == "id"
