"""``join_peserta`` (per distinct session id, gathered match columns) equals the former
row-wise join: session look-up per row, the whole match frame, ``.loc`` by label."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pandas.testing as pdt
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.nodes.join import Reference, _review, _session_dates, _typed_place, join_peserta
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


def _former_join_peserta(
    peserta: pd.DataFrame, sessions: pd.DataFrame, ref: Reference
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The join as it was before the bulk paths (kept here as the reference)."""
    dates = sessions.drop_duplicates("id_kegiatan").set_index("id_kegiatan")["tanggal"]
    key = peserta["id_kegiatan"].astype(str).str.strip()
    known = key.isin(dates.index)
    review = [
        _review(
            peserta[~known],
            "peserta",
            "ID kegiatan tidak ada di lembar Kegiatan (atau kegiatannya tidak bertanggal sah)",
            ["id_kegiatan"],
        )
    ]
    place_columns = [c for c in ("kecamatan", "desa", "kode_desa") if c in peserta]
    names = match_village_names(
        _typed_place(peserta.loc[known, place_columns]), ref.official, ref.aliases,
        kabupaten=ref.kabupaten, other_official=ref.other_desa,
    )  # fmt: skip
    ok = names["desa_kode"].notna()
    tanggal = pd.to_datetime(key[known].map(dates.to_dict()))
    matched = {c: names.loc[ok, c] for c in ("desa_kode", "cara_cocok", "skor_cocok")}
    out = peserta.loc[ok.index[ok.to_numpy()]].assign(tanggal=tanggal[ok], **matched)
    bad = (
        peserta.loc[ok.index[~ok.to_numpy()]]
        .assign(tanggal=tanggal[~ok])
        .assign(
            alasan="Desa asal: " + names.loc[~ok, "alasan"], kandidat=names.loc[~ok, "kandidat"]
        )
    )
    review.append(_review(bad, "peserta", None, ["kecamatan", "desa"]))
    return out, pd.concat(review, ignore_index=True)


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
@given(rows, st.sampled_from(["ns", "us", "s"]), st.booleans(), st.booleans(), st.booleans())
def test_join_peserta_equals_the_former_join(
    spec: list[tuple[str | None, tuple[str | None, str | None]]],
    unit: str,
    with_nat: bool,
    object_ids: bool,
    with_code: bool,
) -> None:
    ids = [i for i, _ in spec]
    peserta = _attendance(spec, object_ids).set_axis(pd.RangeIndex(100, 100 + 2 * len(spec), 2))
    if with_code:
        codes = ["53.02.02.2010" if i == "K2" else None for i in ids]
        peserta["kode_desa"] = pd.array(codes, dtype="str")
    ref, sessions = _reference(), _sessions(unit, with_nat)
    got_out, got_review = join_peserta(peserta, sessions, ref)
    want_out, want_review = _former_join_peserta(peserta, sessions, ref)
    pdt.assert_frame_equal(got_out, want_out, check_index_type=True)
    pdt.assert_index_equal(got_out.index, want_out.index, exact=True)
    pdt.assert_frame_equal(got_review, want_review, check_index_type=True)
    assert len(got_out) + len(got_review) == len(peserta)


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


def test_session_dates_per_distinct_id() -> None:
    ids = pd.Series([" K1", "K2", None, "K1 ", "K9", "K2"], dtype="str", index=list("abcdef"))
    dates = _sessions("ns", False).drop_duplicates("id_kegiatan").set_index("id_kegiatan")
    known, tanggal = _session_dates(ids, dates["tanggal"])
    assert known.tolist() == [True, True, False, True, False, True]
    assert list(tanggal.index) == ["a", "b", "d", "f"]
    assert tanggal.dt.day.tolist() == [5, 1, 5, 1]
    assert tanggal.dtype == np.dtype("M8[ns]")
