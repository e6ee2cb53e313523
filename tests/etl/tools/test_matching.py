"""Desa/kecamatan name matching on a tiny hand-built list with the real TTS traps."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.tools.matching import MATCH_COLUMNS, match_kecamatan_names, match_village_names

KECAMATAN = {
    "53.02.01": "Kota Soe",
    "53.02.02": "Mollo Selatan",
    "53.02.04": "Amanuban Timur",
    "53.02.05": "Amanuban Tengah",
    "53.02.06": "Amanuban Selatan",
    "53.02.08": "Amanatun Selatan",
    "53.02.10": "KI'E",
    "53.02.20": "Kot olin",
    "53.02.26": "Noebeba",
    "53.02.30": "Mollo Tengah",
    "53.02.32": "Nunbena",
}
DESA = [
    ("53.02.01.1001", "SoE"),
    ("53.02.01.1005", "Nonohonis"),
    ("53.02.01.1009", "Oe Kefan"),
    ("53.02.02.2008", "Oinlasi"),
    ("53.02.02.2010", "Bisene"),
    ("53.02.04.2012", "Oe'Ekam"),
    ("53.02.05.2003", "Oe'ekam"),
    ("53.02.05.2004", "Baki"),
    ("53.02.05.2006", "Noebesa"),
    ("53.02.06.2003", "Oebelo"),
    ("53.02.08.2001", "Oinlasi"),
    ("53.02.08.2005", "Kuale'u"),
    ("53.02.10.2009", "Oinlasi"),
    ("53.02.20.2001", "Kot'olin"),
    ("53.02.26.2004", "Oe'ekam"),
    ("53.02.30.2004", "Oel'Ekam"),
    ("53.02.30.2005", "Kualeu"),
    ("53.02.32.2003", "Noebesi"),
]


@pytest.fixture
def official() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode": [k for k, _ in DESA],
            "nama": [n for _, n in DESA],
            "jenis": ["kelurahan" if k[9] == "1" else "desa" for k, _ in DESA],
            "kecamatan_kode": [k[:8] for k, _ in DESA],
            "kecamatan": [KECAMATAN[k[:8]] for k, _ in DESA],
        }
    )


def _match(
    official: pd.DataFrame, pairs: list[tuple[str | None, str | None]], **kw: object
) -> pd.DataFrame:
    rows = pd.DataFrame(pairs, columns=["kecamatan", "desa"])
    return match_village_names(rows, official, kw.pop("aliases", None), kabupaten="53.02", **kw)  # type: ignore[arg-type]


def _one(
    official: pd.DataFrame, kecamatan: str | None, desa: str | None, **kw: object
) -> pd.Series:
    return _match(official, [(kecamatan, desa)], **kw).iloc[0]


@pytest.mark.parametrize(
    ("kecamatan", "desa", "kode"),
    [
        ("Mollo Selatan", "Oinlasi", "53.02.02.2008"),
        ("Amanatun Sel.", "oinlasi", "53.02.08.2001"),
        ("Kec. KI’E", "Ds. Oinlasi", "53.02.10.2009"),
        ("", "Oekefan", "53.02.01.1009"),
        ("Noebeba", "Desa Oe'ekam", "53.02.26.2004"),
        ("Amanuban Timur", "Oe ekam", "53.02.04.2012"),
        ("", "Kel. SoE", "53.02.01.1001"),
        ("Kota Soe", "SOE", "53.02.01.1001"),
        ("Amanuban Sel.", "Oebelo", "53.02.06.2003"),
        ("Kot'olin", "Kotolin", "53.02.20.2001"),
        ("Amanatun Selatan", "Kualeu", "53.02.08.2005"),  # kecamatan decides
        ("Mollo Tengah", "Kuale'u", "53.02.30.2005"),
        ("", "Kuale'u", "53.02.08.2005"),  # unique apostrophe-preserving match
        ("", "Kuale’u", "53.02.08.2005"),
        ("Kec. Entah", "Bisene", "53.02.02.2010"),  # unrecognised kecamatan: kabupaten-wide
    ],
)
def test_exact_matches(official: pd.DataFrame, kecamatan: str, desa: str, kode: str) -> None:
    row = _one(official, kecamatan, desa)
    assert row["desa_kode"] == kode
    assert row["kecamatan_kode"] == kode[:8]
    assert row["cara_cocok"] == "exact"
    assert row["skor_cocok"] == 100.0
    assert row["alasan"] == ""


def test_same_name_in_three_kecamatan_without_kecamatan_goes_to_review(
    official: pd.DataFrame,
) -> None:
    row = _one(official, None, "Oinlasi")
    assert pd.isna(row["desa_kode"]) and pd.isna(row["cara_cocok"])
    assert row["alasan"] == (
        "Nama desa 'Oinlasi' ada di 3 kecamatan (Mollo Selatan, Amanatun Selatan, KI'E); "
        "isi kolom kecamatan"
    )
    assert row["kandidat"] == (
        "Oinlasi (Mollo Selatan) 53.02.02.2008: 100; "
        "Oinlasi (Amanatun Selatan) 53.02.08.2001: 100; Oinlasi (KI'E) 53.02.10.2009: 100"
    )


def test_apostrophe_collision_not_unique_goes_to_review(official: pd.DataFrame) -> None:
    row = _one(official, "", "Oe'ekam")  # three desa share the apostrophe spelling too
    assert pd.isna(row["desa_kode"])
    assert "ada di 3 kecamatan" in row["alasan"]
    # Apostrophes are optional when typing: "Kualeu" may be Kuale'u typed plainly.
    row = _one(official, "", "Kualeu")
    assert pd.isna(row["desa_kode"])
    assert row["alasan"] == (
        "Nama desa 'Kualeu' cocok dengan 2 desa bila apostrof diabaikan: "
        "Kuale'u (Amanatun Selatan), Kualeu (Mollo Tengah); isi kolom kecamatan"
    )
    only_apostrophes = official[official["kode"] != "53.02.30.2005"]
    # No official "Kualeu" left: "Kualeu" must still find the only Kuale'u (key match).
    assert _one(only_apostrophes, "", "Kualeu")["desa_kode"] == "53.02.08.2005"
    kualeu = official[official["kode"] == "53.02.08.2005"]
    copy = kualeu.assign(kode="53.02.02.2099", kecamatan_kode="53.02.02", kecamatan="Mollo Selatan")
    twice = pd.concat([only_apostrophes, copy], ignore_index=True)
    row = _one(twice, "", "Kualeu")
    assert pd.isna(row["desa_kode"])
    assert "ada di 2 kecamatan" in row["alasan"]


def test_typo_is_accepted_as_fuzzy(official: pd.DataFrame) -> None:
    result = _match(official, [("Kota Soe", "Nonohonsi"), ("", "Nonohonsi")])
    assert result["desa_kode"].tolist() == ["53.02.01.1005", "53.02.01.1005"]
    assert result["cara_cocok"].tolist() == ["fuzzy", "fuzzy"]
    assert result["skor_cocok"].tolist() == [88.9, 88.9]
    assert result["kandidat"].iloc[0].startswith("Nonohonis (Kota Soe) 53.02.01.1005: 89")


@pytest.mark.parametrize(
    ("kecamatan", "desa", "kode", "cara"),
    [
        ("Mollo Selatan", "Oinlsi", "53.02.02.2008", "fuzzy"),  # the kecamatan breaks the tie
        ("KI'E", "Oinlais", "53.02.10.2009", "fuzzy"),
        ("Noebeba", "0e'ekam", "53.02.26.2004", "exact"),  # digit 0 for the letter O
        ("Noebeba", "Oe'eakm", "53.02.26.2004", "fuzzy"),  # two letters swapped
        ("Kota Soe", "Nonnohonis", "53.02.01.1005", "fuzzy"),  # a letter doubled
        ("Amanuban Sel.", "Obelo", "53.02.06.2003", "fuzzy"),  # a double undoubled
        ("", "Nonohonsi", "53.02.01.1005", "fuzzy"),
    ],
)
def test_what_a_person_places(
    official: pd.DataFrame, kecamatan: str, desa: str, kode: str, cara: str
) -> None:
    row = _one(official, kecamatan, desa)
    assert (row["desa_kode"], row["cara_cocok"]) == (kode, cara)


def test_typo_of_a_shared_name_without_kecamatan_goes_to_review(official: pd.DataFrame) -> None:
    row = _one(official, "", "Oinlsi")
    assert pd.isna(row["desa_kode"])
    assert row["alasan"] == (
        "Nama desa 'Oinlsi' mirip Oinlasi, nama 3 desa (Mollo Selatan, Amanatun Selatan, KI'E); "
        "isi kolom kecamatan"
    )


def test_venue_kecamatan_typed_for_a_unique_name(official: pd.DataFrame) -> None:
    row = _one(official, "Mollo Selatan", "Nonohonis")  # Nonohonis lies in Kota Soe only
    assert (row["desa_kode"], row["kecamatan_kode"]) == ("53.02.01.1005", "53.02.01")
    assert row["cara_cocok"] == "kecamatan_lain"
    assert row["alasan"] == (
        "Desa Nonohonis ada di Kec. Kota Soe, bukan di Kec. Mollo Selatan yang diketik; "
        "ditempatkan menurut nama desa"
    )


def test_other_kabupaten_name_blocks_only_without_kecamatan(official: pd.DataFrame) -> None:
    other = pd.DataFrame({"kode": ["53.20.06.2005"], "nama": ["Nonnohonis"]})
    inside = _one(official, "Kota Soe", "Nonnohonis", other_official=other)
    assert inside["desa_kode"] == "53.02.01.1005"
    alone = _one(official, "", "Nonnohonis", other_official=other)
    assert pd.isna(alone["desa_kode"])
    assert "nama itu ada di kabupaten lain (Nonnohonis 53.20.06.2005)" in alone["alasan"]


def test_weak_match_goes_to_review_with_three_candidates(official: pd.DataFrame) -> None:
    row = _one(official, "", "Oenunu")
    assert pd.isna(row["desa_kode"]) and pd.isna(row["cara_cocok"])
    assert row["alasan"] == (
        "Nama desa 'Oenunu' tidak ditemukan di kabupaten ini (53.02); lihat kandidat terdekat"
    )
    candidates = row["kandidat"].split("; ")
    assert len(candidates) == 3
    assert all(" 53.02." in c for c in candidates)
    assert row["skor_cocok"] < 85


def test_two_close_candidates_go_to_review(official: pd.DataFrame) -> None:
    row = _one(official, "", "Noebes")  # Noebesa and Noebesi both score 92.3
    assert pd.isna(row["desa_kode"])
    assert "mirip lebih dari satu desa" in row["alasan"]
    assert row["kandidat"].startswith("Noebesa (Amanuban Tengah) 53.02.05.2006: 92; Noebesi")


def test_short_name_is_never_fuzzy(official: pd.DataFrame) -> None:
    row = _one(official, "Amanuban Tengah", "Bak")
    assert pd.isna(row["desa_kode"])
    assert "terlalu pendek" in row["alasan"]


def test_name_in_other_kecamatan_than_typed_goes_to_review(official: pd.DataFrame) -> None:
    row = _one(official, "Mollo Selatan", "Kuale'u")
    assert pd.isna(row["desa_kode"])
    assert row["kecamatan_kode"] == "53.02.02"
    assert row["alasan"] == (
        "Nama desa 'Kuale'u' tidak ada di Kec. Mollo Selatan, tetapi ada di "
        "Kec. Amanatun Selatan, Mollo Tengah; periksa kolom kecamatan"
    )


def test_name_only_in_another_kabupaten(official: pd.DataFrame) -> None:
    plain = _one(official, "", "Oesao")
    assert pd.isna(plain["desa_kode"])
    assert "tidak ditemukan di kabupaten ini (53.02)" in plain["alasan"]
    other = pd.DataFrame(
        {"kode": ["53.01.06.1004", "53.01.99.2001"], "nama": ["Oesao", "Nonohonsi"]}
    )
    known = _one(official, "", "Oesao", other_official=other)
    assert known["alasan"] == (
        "Nama desa 'Oesao' tidak ditemukan di kabupaten ini (53.02); "
        "nama itu ada di kabupaten lain (Oesao 53.01.06.1004)"
    )
    # A typo-looking name that is a real desa elsewhere is not fuzzily pulled in here.
    assert pd.isna(_one(official, "", "Nonohonsi", other_official=other)["desa_kode"])


def test_official_code_typed(official: pd.DataFrame) -> None:
    result = _match(
        official,
        [("", "53.02.01.1001"), ("Mollo Selatan", "53.02.01.1001"), ("", "53.02.99.9999")],
    )
    assert _texts(result["desa_kode"]) == ["53.02.01.1001", None, None]
    assert _texts(result["cara_cocok"]) == ["kode", None, None]
    assert "bukan desa di Kec. Mollo Selatan" in result["alasan"].iloc[1]
    assert "tidak ada di daftar resmi" in result["alasan"].iloc[2]


def test_alias_applied_and_later_rows_win(official: pd.DataFrame) -> None:
    aliases = pd.DataFrame(
        {
            "kabupaten": ["53.02", "53.02", "53.02", "53.03"],
            "kecamatan": ["", "", "Kota Soe", ""],
            "nama_ketik": ["Oinlasi", "OINLASI", "Soe Kota", "Bisene"],
            "desa_kode": ["53.02.02.2008", "53.02.08.2001", "53.02.01.1001", "53.03.01.2001"],
        }
    )
    result = _match(
        official,
        [("", "Oinlasi"), ("Mollo Selatan", "Oinlasi"), ("Kec. Kota Soe", "soe-kota")],
        aliases=aliases,
    )
    assert result["desa_kode"].tolist() == ["53.02.08.2001", "53.02.02.2008", "53.02.01.1001"]
    assert result["cara_cocok"].tolist() == ["alias", "exact", "alias"]


def test_alias_with_unknown_code_is_an_error(official: pd.DataFrame) -> None:
    aliases = pd.DataFrame(
        {
            "kabupaten": ["53.02"],
            "kecamatan": [""],
            "nama_ketik": ["X"],
            "desa_kode": ["53.02.77.2001"],
        }
    )
    with pytest.raises(ValueError, match=r"53\.02\.77\.2001"):
        _one(official, "", "X", aliases=aliases)


def test_blank_desa_goes_to_review(official: pd.DataFrame) -> None:
    result = _match(official, [("Kota Soe", None), ("", "  "), ("", "-")])
    assert result["desa_kode"].isna().all()
    assert result["alasan"].tolist() == [
        "Nama desa kosong",
        "Nama desa kosong",
        "Nama desa tidak terbaca: '-'",
    ]


def test_output_shape_index_and_no_mutation(official: pd.DataFrame) -> None:
    rows = pd.DataFrame(
        {"kecamatan": ["Kota Soe", None, "Kota Soe"] * 50, "desa": ["Soe", "Oinlasi", "Soe"] * 50},
        index=pd.RangeIndex(100, 250),
    )
    before_rows, before_official = rows.copy(), official.copy()
    result = match_village_names(rows, official, None, kabupaten="53.02")
    pdt.assert_frame_equal(rows, before_rows)
    pdt.assert_frame_equal(official, before_official)
    assert tuple(result.columns) == MATCH_COLUMNS
    pdt.assert_index_equal(result.index, rows.index)
    assert (result["desa_kode"].iloc[::3] == "53.02.01.1001").all()
    assert result["desa_kode"].iloc[1::3].isna().all()
    again = match_village_names(rows.iloc[::-1], official, None, kabupaten="53.02")
    pdt.assert_frame_equal(again.loc[result.index], result)


def test_missing_columns_raise(official: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="kecamatan"):
        match_village_names(pd.DataFrame({"desa": ["Soe"]}), official, None, kabupaten="53.02")
    with pytest.raises(ValueError, match="kecamatan_kode"):
        match_village_names(
            pd.DataFrame({"kecamatan": [""], "desa": ["Soe"]}),
            official.drop(columns="kecamatan_kode"),
            None,
            kabupaten="53.02",
        )


def test_match_kecamatan_names() -> None:
    table = pd.DataFrame({"kode": list(KECAMATAN), "nama": list(KECAMATAN.values())})
    typed = pd.Series(
        ["Amanuban Sel.", "Kot'olin", "kec. ki'e", "53.02.01", "Mollo", None, "Amanuban Selatn"],
        index=list("abcdefg"),
    )
    result = match_kecamatan_names(typed, table)
    assert result["kecamatan_kode"].tolist() == [
        "53.02.06",
        "53.02.20",
        "53.02.10",
        "53.02.01",
        None,
        None,
        "53.02.06",
    ]
    assert _texts(result["cara_cocok"]) == ["exact", "exact", "exact", "kode", None, None, "fuzzy"]
    assert list(result.index) == list("abcdefg")
    assert result["skor_cocok"].iloc[4] < 85


_variant = st.tuples(
    st.sampled_from(DESA),
    st.sampled_from(["", "Desa ", "Ds. ", "Kel. "]),
    st.booleans(),
    st.sampled_from(["'", "’", "`"]),
    st.sampled_from([" ", "-", "  "]),
)


@given(_variant)
def test_any_spelling_of_an_official_name_with_its_kecamatan_matches_itself(
    variant: tuple[tuple[str, str], str, bool, str, str],
) -> None:
    (kode, nama), prefix, upper, apostrophe, space = variant
    typed = prefix + nama.replace("'", apostrophe).replace(" ", space)
    typed = typed.upper() if upper else typed
    official = pd.DataFrame(
        {
            "kode": [k for k, _ in DESA],
            "nama": [n for _, n in DESA],
            "kecamatan_kode": [k[:8] for k, _ in DESA],
            "kecamatan": [KECAMATAN[k[:8]] for k, _ in DESA],
        }
    )
    row = _one(official, KECAMATAN[kode[:8]], typed)
    assert row["desa_kode"] == kode
    assert row["cara_cocok"] == "exact"


def _texts(values: pd.Series) -> list[object]:
    """Text values with missing (pandas NA) as None."""
    return [None if pd.isna(v) else v for v in values]
