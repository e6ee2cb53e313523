"""The ETL over two real kabupaten of the mirror (53.02 TTS + 53.71 Kota Kupang) with a
tiny hand-typed workbook: one reference, one output, totals per kabupaten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from etl.cli.etl import format_summary
from etl.io.contract import Manifest
from etl.io.versions import current_outputs, read_outputs
from etl.pipeline import run_etl

KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan", "Tema"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]
LAP = ["No Laporan", "Tanggal", "Jenis", "Lintang", "Bujur", "Kecamatan", "Desa"]
AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def area(tts_build, workbook_factory, tmp_path_factory):  # type: ignore[no-untyped-def]
    book = workbook_factory(
        "dua_kabupaten.xlsx",
        {
            "Kegiatan": [
                KEG,
                ["K1", "05/10/2026", "Kota Soe", "SoE", "TPPO"],
                ["K2", "06/10/2026", "Maulafa", "Penfui", "TPPO"],
            ],
            "Peserta": [
                PES,
                ["K1", "Kota Soe", "SoE", "kades", "2"],  # TTS
                ["K1", "", "Penfui", "warga", "3"],  # only in Kota Kupang
                ["K2", "Maulafa", "Naimata", "lurah", "1"],  # Kota Kupang
                ["K2", "", "Oebobo", "warga", "4"],  # in both: review
                ["K2", "Oebobo", "Oebobo", "warga", "2"],  # the kecamatan decides: Kupang
                ["K2", "Batu Putih", "Oebobo", "warga", "1"],  # ... here TTS
            ],
            "Laporan": [
                LAP,
                ["L1", "01/06/2026", "dugaan TPPO", "-10.16893", "123.60105", "", ""],  # Kupang
                ["L2", "01/06/2026", "dugaan TPPO", "-9.8652", "124.2718", "", ""],  # SoE
            ],
        },
    )
    out = tmp_path_factory.mktemp("etl_dua_kabupaten")
    return run_etl([book], out, kabupaten="53.02,53.71", per_tanggal=AS_OF), out


def _layer(out: Path, name: str) -> pd.DataFrame:
    return pyogrio.read_dataframe(current_outputs(out)[0], layer=name)


def test_one_output_holds_both_kabupaten(area) -> None:  # type: ignore[no-untyped-def]
    _, out = area
    desa, kec = _layer(out, "desa"), _layer(out, "kecamatan")
    kab_of_desa = desa["kode"].str[:5].value_counts().to_dict()
    assert kab_of_desa == {"53.02": 278, "53.71": 51}
    assert desa["kode"].is_unique and kec["kode"].is_unique
    assert kec["kode"].str[:5].value_counts().to_dict() == {"53.02": 32, "53.71": 6}
    # kecamatan names are unique within each kabupaten (the matcher's kecamatan key)
    assert all(kec.groupby(kec["kode"].str[:5])["nama"].agg(lambda n: n.is_unique))
    assert len(_layer(out, "desa_tampilan")) == 329


def test_matching_within_the_whole_area(area) -> None:  # type: ignore[no-untyped-def]
    result, out = area
    code = _layer(out, "peserta").set_index("sumber_baris")["desa_kode"]
    assert code[2].startswith("53.02.01.")  # SoE, Kota Soe
    assert code[3].startswith("53.71.02.")  # Penfui, Maulafa
    assert code[4].startswith("53.71.02.")  # Naimata, Maulafa
    assert code[6].startswith("53.71.") and code[7].startswith("53.02.14.")  # Oebobo x2
    assert 5 not in code.index
    review = result.review
    peserta_review = review[review["sumber_lembar"] == "Peserta"]
    assert peserta_review["sumber_baris"].tolist() == [5]  # Oebobo without kecamatan
    assert "Oebobo" in peserta_review["alasan"].iloc[0]
    laporan = _layer(out, "laporan").set_index("id_laporan")
    assert laporan.loc["L1", "desa_kode"].startswith("53.71.")
    assert laporan.loc["L2", "desa_kode"].startswith("53.02.")


def test_kabupaten_layer_has_one_row_per_kabupaten_with_its_totals(area) -> None:  # type: ignore[no-untyped-def]
    _, out = area
    kab = _layer(out, "kabupaten").set_index("kode")
    assert list(kab.index) == ["53.02", "53.71"]
    # TTS: 2 kepala desa of SoE (K1) + 1 warga of Oebobo (Batu Putih, K2)
    assert kab.loc["53.02", ["peserta", "jumlah_kegiatan", "desa_tercakup"]].tolist() == [3, 2, 2]
    # Kupang: 3 Penfui (K1) + 1 Naimata + 2 Oebobo (K2)
    assert kab.loc["53.71", ["peserta", "jumlah_kegiatan", "desa_tercakup"]].tolist() == [6, 2, 3]
    assert kab.loc["53.71", ["desa_total", "kecamatan_total", "laporan"]].tolist() == [51, 6, 1]
    assert kab.loc["53.02", ["desa_total", "kecamatan_total", "laporan"]].tolist() == [278, 32, 1]


def test_the_manifest_records_the_list(area) -> None:  # type: ignore[no-untyped-def]
    result, out = area
    manifest = read_outputs(out).manifest
    assert result.manifest["kabupaten"] == "53.02,53.71"
    assert manifest.kabupaten_daftar == ("53.02", "53.71")
    assert manifest.jumlah["kabupaten"] == 2 and manifest.jumlah["desa"] == 329
    text = format_summary(Manifest.from_json(result.manifest), result.gpkg, result.manifest_path)
    assert "wilayah kerja: kabupaten/kota 53.02, 53.71" in text


@pytest.mark.parametrize(
    ("chosen", "desa"), [(["53.71"], 51), (["53.02", "53.71"], 329), ([], 329)]
)
def test_rencana_plans_within_the_kabupaten_given_or_across_all(  # type: ignore[no-untyped-def]
    area, tmp_path: Path, chosen: list[str], desa: int
) -> None:
    import json

    from etl.cli.rencana import main

    _, out = area
    plan_json = tmp_path / "rencana.json"
    args = ["rencana", "--data", str(out), "--out", str(tmp_path / "r.xlsx"),
            "--json", str(plan_json), "--base=-10.17,123.60"]  # fmt: skip
    if chosen:
        args += ["--kabupaten", ",".join(chosen)]
    assert main(args) == 0
    plan = json.loads(plan_json.read_text(encoding="utf-8"))
    codes = {row["kode"][:5] for row in plan["skor"]}
    assert len(plan["skor"]) == desa and codes == ({*chosen} or {"53.02", "53.71"})
    assert all(s["venue_kode"][:5] in codes for s in plan["sesi"])


def test_rencana_names_a_kabupaten_the_data_lacks(area, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from etl.cli.rencana import main

    _, out = area
    code = main(["rencana", "--data", str(out), "--out", str(tmp_path / "r.xlsx"),
                 "--kabupaten", "53.03"])  # fmt: skip
    assert code == 1
    assert "Kabupaten 53.03 tidak ada di data (ada: 53.02, 53.71)" in capsys.readouterr().err
