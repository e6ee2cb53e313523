"""``join_peserta``: every attendance row once, either accepted (its session's date, the
matcher's code and note) or in review with its reason; session dates per distinct id."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pandas.testing as pdt
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.nodes.join import Reference, _session_dates, join_peserta
from etl.tools.matching import match_village_names

OFFICIAL = pd.DataFrame(
    {
        "kode": ["53.02.01.1001", "53.02.02.2008", "53.02.02.2010", "53.02.10.2009"],
        "nama": ["SoE", "Oinlasi", "Bisene", "Oinlasi"],
        "jenis": ["kelurahan", "desa", "desa", "desa"],
        "kecamatan_kode": ["53.02.01", "53.02.02", "53.02.02", "53.02.10"],
        "kecamatan": ["Kota Soe", "Mollo Selatan", "Mollo Selatan", "KI'E"],
    }
)
IDS = ["K1", " K1 ", "K2", "K3", "K9", "", None]
PLACES = [("Kota Soe", "SoE"), ("", "Oinlasi"), ("Mollo Selatan", "Bisen"), (None, None),
          ("KI'E", "oinlasi"), ("Entah", "xyz")]  # fmt: skip


def _reference() -> Reference:
    empty = gpd.GeoDataFrame({"kode": pd.Series(dtype=str)}, geometry=[], crs=4326)
    return Reference(
        kabupaten="53.02", official=OFFICIAL, desa=empty, outline=empty, kecamatan=empty,
        desa_tampilan=empty, other_kabupaten=empty,
        other_desa=pd.DataFrame({"kode": pd.Series(dtype=str), "nama": pd.Series(dtype=str)}),
        aliases=None,
    )  # fmt: skip


def _sessions(unit: str, with_nat: bool) -> pd.DataFrame:
    tanggal = np.array(["2026-01-05", "2026-02-01", "2026-03-09", "2026-03-10"], f"M8[{unit}]")
    if with_nat:
        tanggal[2] = np.datetime64("NaT")
    return pd.DataFrame(
        {"id_kegiatan": pd.array(["K1", "K2", "K3", "K2"], dtype="str"), "tanggal": tanggal}
    )


def _attendance(
    spec: list[tuple[str | None, tuple[str | None, str | None]]], object_ids: bool = False
) -> pd.DataFrame:
    """Attendance rows from (id_kegiatan, (kecamatan, desa)) pairs, Excel rows from 2."""
    return pd.DataFrame(
        {
            "id_kegiatan": pd.array([i for i, _ in spec], dtype=object if object_ids else "str"),
            "kecamatan": pd.array([p[0] for _, p in spec], dtype="str"),
            "desa": pd.array([p[1] for _, p in spec], dtype="str"),
            "jumlah": np.arange(len(spec), dtype=np.int64),
            "sumber_file": "a.csv",
            "sumber_lembar": "",
            "sumber_baris": np.arange(len(spec), dtype=np.int64) + 2,
        }
    )


rows = st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(PLACES)), min_size=0, max_size=14)


@settings(max_examples=50)
@given(rows, st.sampled_from(["ns", "us", "s"]), st.booleans(), st.booleans())
def test_every_row_once_accepted_with_its_session_and_match_or_in_review(
    spec: list[tuple[str | None, tuple[str | None, str | None]]],
    unit: str,
    with_nat: bool,
    object_ids: bool,
) -> None:
    peserta = _attendance(spec, object_ids).set_axis(pd.RangeIndex(100, 100 + 2 * len(spec), 2))
    before = peserta.copy()
    ref, sessions = _reference(), _sessions(unit, with_nat)
    out, review = join_peserta(peserta, sessions, ref)
    pdt.assert_frame_equal(peserta, before)  # the input is not changed
    assert sorted([*out["sumber_baris"], *review["sumber_baris"]]) == sorted(
        peserta["sumber_baris"]
    )
    dates = sessions.drop_duplicates("id_kegiatan").set_index("id_kegiatan")["tanggal"]
    matches = match_village_names(
        peserta[["kecamatan", "desa"]], ref.official, kabupaten=ref.kabupaten
    )
    for label, row in out.iterrows():
        key = str(peserta.loc[label, "id_kegiatan"]).strip()
        assert row["tanggal"] == dates[key] or (pd.isna(row["tanggal"]) and pd.isna(dates[key]))
        assert row["desa_kode"] == matches.loc[label, "desa_kode"]
        assert row["cara_cocok"] == matches.loc[label, "cara_cocok"]
    assert review["alasan"].str.startswith(("ID kegiatan", "Desa asal")).all()


def test_no_row_accepted_gives_no_accepted_rows() -> None:
    """Every home desa unknown: nothing accepted, every row in review (no empty rows)."""
    peserta = pd.DataFrame(
        {
            "id_kegiatan": pd.array(["K1", "K2", "K1"], dtype="str"),
            "kecamatan": pd.array(["Entah", "", None], dtype="str"),
            "desa": pd.array(["xyz", "Tidakada", "qqq"], dtype="str"),
            "jumlah": np.array([3, 4, 5], dtype=np.int64),
            "sumber_file": "a.csv",
            "sumber_lembar": "",
            "sumber_baris": np.array([2, 3, 4], dtype=np.int64),
        }
    )
    out, review = join_peserta(peserta, _sessions("ns", False), _reference())
    assert out.empty
    assert review["sumber_baris"].tolist() == [2, 3, 4]


def test_session_dates_strip_ids_and_skip_unknown_ones() -> None:
    ids = pd.Series([" K1", "K2", None, "K1 ", "K9", "K2"], dtype="str", index=list("abcdef"))
    dates = _sessions("ns", False).drop_duplicates("id_kegiatan").set_index("id_kegiatan")
    known, tanggal = _session_dates(ids, dates["tanggal"])
    assert known.tolist() == [True, True, False, True, False, True]
    assert list(tanggal.index) == ["a", "b", "d", "f"]
    assert tanggal.dt.day.tolist() == [5, 1, 5, 1]
    assert tanggal.dtype == np.dtype("M8[ns]")
    no_sessions = dates["tanggal"].iloc[:0]
    known, tanggal = _session_dates(ids, no_sessions)
    assert not known.any() and tanggal.empty


def test_a_unique_name_typed_with_another_kecamatan_is_placed_with_its_note() -> None:
    """Bisene exists once, in Mollo Selatan; typed with Kota Soe (the venue's kecamatan)
    it is placed there and the note travels with the accepted row; plain rows get ""."""
    peserta = _attendance([("K1", ("Kota Soe", "Bisene")), ("K1", ("Kota Soe", "SoE"))])
    out, review = join_peserta(peserta, _sessions("ns", False), _reference())
    assert review.empty
    placed = out.set_index("desa")
    assert placed.loc["Bisene", "desa_kode"] == "53.02.02.2010"
    assert placed.loc["Bisene", "cara_cocok"] == "kecamatan_lain"
    assert "Mollo Selatan" in placed.loc["Bisene", "catatan_cocok"]
    assert "Kota Soe" in placed.loc["Bisene", "catatan_cocok"]
    assert placed.loc["SoE", "catatan_cocok"] == ""
