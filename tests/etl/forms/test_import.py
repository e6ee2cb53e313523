"""Exports of the field forms through the real ETL: recognised by content, codes taken as
codes, each submission counted once, the same coverage as the hand-typed workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from etl.io.readers import read_inputs
from etl.io.versions import current_outputs
from etl.pipeline import EtlResult, run_etl
from geodata.load import read_layer, read_official_list
from tests.etl.forms.form_fixture import (
    GONE_CODE,
    OLD_VERSION,
    desa_points,
    make_fixture,
    write_all,
)

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def official(tts_build) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return read_official_list("53.02")


@pytest.fixture(scope="module")
def files(
    official: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[Path]]:
    points = desa_points(read_layer("53.02", "desa"))
    return write_all(tmp_path_factory.mktemp("ekspor"), official, points=points)


@pytest.fixture(scope="module")
def runs(
    files: dict[str, list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, EtlResult]:
    out = {}
    for name in ("kobo_akhir", "odk_akhir", "tangan"):
        out[name] = run_etl(files[name], tmp_path_factory.mktemp(name), per_tanggal=AS_OF)
    return out


def _layer(result: EtlResult, name: str) -> pd.DataFrame:
    return pd.DataFrame(
        pyogrio.read_dataframe(current_outputs(result.gpkg.parents[2])[0], layer=name)
    )


def test_exports_are_recognised_by_content(files: dict[str, list[Path]]) -> None:
    read = read_inputs(files["kobo_akhir"] + files["odk_akhir"])
    kinds = sorted((t.sumber_file, t.kind) for t in read.tables)
    assert kinds == [
        ("kobo_kegiatan_akhir.xlsx", "kegiatan"), ("kobo_kegiatan_akhir.xlsx", "peserta"),
        ("kobo_laporan_akhir.xlsx", "laporan"), ("sosialisasi_kegiatan-peserta.csv", "peserta"),
        ("sosialisasi_kegiatan.csv", "kegiatan"), ("sosialisasi_laporan.csv", "laporan"),
    ]  # fmt: skip
    assert "_submitted_by" in read.dropped_columns["kobo_kegiatan_akhir.xlsx"]
    assert "SubmitterName" in read.dropped_columns["sosialisasi_kegiatan.csv"]
    peserta = next(t for t in read.tables if t.kind == "peserta").frame
    assert peserta["id_kiriman"].notna().all() and peserta["id_kegiatan"].notna().all()


@pytest.mark.parametrize("layout", ["kobo_akhir", "odk_akhir"])
def test_round_trip_gives_the_coverage_of_the_hand_typed_workbook(
    runs: dict[str, EtlResult], layout: str
) -> None:
    columns = ["kode", "peserta", "jumlah_kegiatan", "status_cakupan", "peserta_kades_lurah"]
    form = _layer(runs[layout], "desa")[columns].sort_values("kode").reset_index(drop=True)
    hand = _layer(runs["tangan"], "desa")[columns].sort_values("kode").reset_index(drop=True)
    pd.testing.assert_frame_equal(form, hand)
    assert (form["status_cakupan"] == "tercakup").sum() > 10
    venues = [
        _layer(runs[name], "kegiatan").set_index("id_kegiatan")["desa_kode"].sort_index()
        for name in (layout, "tangan")
    ]
    pd.testing.assert_series_equal(*venues)  # the chosen code = the desa of its GPS point
    reports = [
        _layer(runs[n], "laporan").set_index("id_laporan")["desa_kode"] for n in (layout, "tangan")
    ]
    assert reports[0].to_dict().items() <= reports[1].to_dict().items()
    assert len(reports[1]) - len(reports[0]) == 1  # the point with poor accuracy: to review


@pytest.mark.parametrize("layout", ["kobo_akhir", "odk_akhir"])
def test_codes_are_matched_as_codes_and_reasons_are_named(
    runs: dict[str, EtlResult], layout: str, official: pd.DataFrame
) -> None:
    result = runs[layout]
    peserta = _layer(result, "peserta")
    assert len(peserta) and (peserta["cara_cocok"] == "kode").all()
    assert set(peserta["desa"]) <= set(official["nama"])  # names, not codes, in the output
    kegiatan = _layer(result, "kegiatan")
    assert (kegiatan["cara_cocok"] == "kode").all()  # the chosen venue, not the GPS point
    assert (kegiatan["lokasi"] == "koordinat").any()  # the venue point is kept for the map
    reasons = list(result.review["alasan"])
    assert any("di luar kabupaten" in r for r in reasons)
    assert any(
        f"Formulir versi lama: kode desa {GONE_CODE} dari formulir versi {OLD_VERSION}" in r
        for r in reasons
    )
    assert any(r.startswith("Titik GPS kurang akurat: ±2500 m") for r in reasons)
    for entry in result.manifest["masukan"]:
        for sheet in entry["lembar"]:
            assert sheet["dibaca"] == sheet["diterima"] + sheet["ditinjau"]


def test_no_personal_column_reaches_an_output(runs: dict[str, EtlResult]) -> None:
    gpkg = current_outputs(runs["kobo_akhir"].gpkg.parents[2])[0]
    for name, _ in pyogrio.list_layers(gpkg):
        columns = set(pyogrio.read_info(gpkg, layer=name)["fields"])
        assert not columns & {"_submitted_by", "SubmitterName", "SubmitterID", "DeviceID"}
    kiriman = _layer(runs["kobo_akhir"], "kiriman")
    assert list(kiriman.columns) == [
        "id_kiriman",
        "formulir",
        "id",
        "versi_formulir",
        "hash",
        "sumber_file",
    ]


def test_reimport_and_overlapping_exports_count_each_submission_once(
    files: dict[str, list[Path]], runs: dict[str, EtlResult], official: pd.DataFrame, tmp_path: Path
) -> None:
    fx = make_fixture(official, points=desa_points(read_layer("53.02", "desa")))
    early = run_etl(files["kobo_awal"], tmp_path, per_tanggal=AS_OF).manifest["formulir"]
    n_early = len(fx.kegiatan_early) + len(fx.laporan_early)
    assert (early["baru"], early["diubah"], early["tetap"]) == (n_early, 0, 0)
    both = run_etl(files["kobo_awal"] + files["kobo_akhir"], tmp_path, per_tanggal=AS_OF)
    n_late = len(fx.kegiatan_late) + len(fx.laporan_late)
    summary = both.manifest["formulir"]
    assert summary["kiriman"] == n_late
    assert (summary["baru"], summary["diubah"], summary["tetap"]) == (
        n_late - n_early, fx.edited, n_early - fx.edited,
    )  # fmt: skip
    again = run_etl(files["kobo_awal"] + files["kobo_akhir"], tmp_path, per_tanggal=AS_OF)
    assert (again.manifest["formulir"]["baru"], again.manifest["formulir"]["tetap"]) == (0, n_late)
    # The overlap changes nothing: the same coverage as the later export alone.
    columns = ["kode", "peserta", "jumlah_kegiatan", "status_cakupan"]
    alone = _layer(runs["kobo_akhir"], "desa")[columns].sort_values("kode").reset_index(drop=True)
    merged = _layer(again, "desa")[columns].sort_values("kode").reset_index(drop=True)
    pd.testing.assert_frame_equal(merged, alone)
    dup = again.review[again.review["alasan"].str.startswith("Kiriman ganda")]
    assert set(dup["sumber_file"]) == {"kobo_kegiatan_awal.xlsx", "kobo_laporan_awal.xlsx"}
    early_rows = sum(len(s.repeat) + 1 for s in fx.kegiatan_early) + len(fx.laporan_early)
    assert len(dup) == early_rows


def test_cli_summary_names_the_submissions(
    files: dict[str, list[Path]],
    official: pd.DataFrame,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dashboard.cli import main

    fx = make_fixture(official, points=desa_points(read_layer("53.02", "desa")))
    n = len(fx.kegiatan_late) + len(fx.laporan_late)
    args = [
        "etl",
        *map(str, files["odk_akhir"]),
        "--out",
        str(tmp_path),
        "--per-tanggal",
        "2026-11-30",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"formulir lapangan: {n} kiriman (baru {n}, diubah 0, tetap 0)" in out
    assert "SubmitterName" in out  # listed as a dropped personal column


def test_a_submission_rejected_on_the_platform_is_not_counted(
    files: dict[str, list[Path]], tmp_path: Path
) -> None:
    main, repeat = files["odk_akhir"][:2]
    table = pd.read_csv(main, dtype=str, keep_default_na=False)
    table.loc[0, "ReviewState"] = "rejected"
    rejected = str(table.loc[0, "KEY"])
    changed = tmp_path / "masukan" / main.name
    changed.parent.mkdir()
    table.to_csv(changed, index=False)
    result = run_etl([changed, repeat], tmp_path / "keluar", per_tanggal=AS_OF)
    review = result.review[result.review["alasan"].str.startswith("Kiriman ditolak")]
    rows = pd.read_csv(repeat, dtype=str)
    expected = 1 + int((rows["PARENT_KEY"] == rejected).sum())
    assert len(review) == expected
    assert set(review["jenis_data"]) == {"kegiatan", "peserta"}
    kegiatan = _layer(result, "kegiatan")
    assert str(table.loc[0, "id_kegiatan"]) not in set(kegiatan["id_kegiatan"])
