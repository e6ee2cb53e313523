"""ETL end to end: personal columns dropped, phone numbers/NIK in free text masked in every
layer (review table included) with the counts in the manifest, a NUL never cuts a cell."""

from __future__ import annotations

import json
import re
from datetime import date

import pyogrio
import pytest

from etl.io.versions import current_outputs
from etl.pipeline import run_etl
from etl.tools.mask import MASK

PHONE, PHONE_INTL, NIK = "0812-3456-7890", "+62 813 1111 2222", "5302011234560001"
SECRETS = ("3456", "1111 2222", NIK, "Jl. Kenari", "a@b.id")


@pytest.fixture(scope="module")
def run(tts_build, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("privasi")
    kegiatan = folder / "kegiatan.csv"
    kegiatan.write_bytes(
        (
            "ID Kegiatan,Tanggal,Kecamatan,Desa,Tema,Narasumber,Catatan,Ponsel,Alamat Rumah\n"
            f"K1,11/03/2026,Kota Soe,SoE,TPPO\x00 dan PMI,Yohanes {PHONE},NIK {NIK} RT 05,"
            "0812,Jl. Kenari\n"
            "K2,12/03/2026,Kota Soe,SoE,Paspor,Dinas,tanggal 11/03/2024 5 orang,,\n"
        ).encode()
    )
    peserta = folder / "peserta.csv"
    peserta.write_text(
        "ID Kegiatan,Kecamatan,Desa,Peran,Jumlah,Nomor Induk Kependudukan,HP\n"
        f"K1,Kota Soe,Kampung Baru,ketua RT,3,{NIK},{PHONE}\n"
        f"K1,Kota Soe,{PHONE_INTL},warga,2,,\n",
        encoding="utf-8",
    )
    laporan = folder / "laporan.csv"
    laporan.write_text(
        "No Laporan,Tanggal,Jenis,Kecamatan,Desa,Status,Sumber,Email/Surel\n"
        f"L1,01/06/2026,dugaan TPPO,Kota Soe,SoE,baru,telepon {PHONE},a@b.id\n",
        encoding="utf-8",
    )
    out = folder / "keluaran"
    result = run_etl([kegiatan, peserta, laporan], out, per_tanggal=date(2026, 11, 30))
    return result, out


def test_manifest_counts_masks_per_column_and_the_nul(run) -> None:  # type: ignore[no-untyped-def]
    result, out = run
    manifest = json.loads(current_outputs(out)[1].read_text(encoding="utf-8"))
    # narasumber: 1 phone; catatan: 1 NIK; desa (peserta): 1 phone; sumber: 1 phone
    assert manifest["nomor_disamarkan"] == {"catatan": 1, "desa": 1, "narasumber": 1, "sumber": 1}
    assert manifest["karakter_nul_dibuang"] == {"kegiatan.csv": 1}
    dropped = {f["berkas"]: f["kolom_pribadi_dibuang"] for f in manifest["masukan"]}
    assert dropped == {
        "kegiatan.csv": ["Ponsel", "Alamat Rumah"],
        "peserta.csv": ["Nomor Induk Kependudukan", "HP"],
        "laporan.csv": ["Email/Surel"],
    }
    assert result.manifest["nomor_disamarkan"] == manifest["nomor_disamarkan"]


def test_no_secret_reaches_any_layer(run) -> None:  # type: ignore[no-untyped-def]
    _, out = run
    gpkg = current_outputs(out)[0]
    for layer, _kind in pyogrio.list_layers(gpkg):
        frame = pyogrio.read_dataframe(gpkg, layer=layer, read_geometry=False)
        text = frame.astype(str).to_string()
        for secret in SECRETS:
            assert secret not in text, (layer, secret)


def test_masked_text_and_the_text_around_a_nul_are_kept(run) -> None:  # type: ignore[no-untyped-def]
    _, out = run
    gpkg = current_outputs(out)[0]
    kegiatan = pyogrio.read_dataframe(gpkg, layer="kegiatan", read_geometry=False)
    k1 = kegiatan.set_index("id_kegiatan").loc["K1"]
    assert k1["tema"] == "TPPO dan PMI"  # not cut at the NUL
    assert k1["narasumber"] == f"Yohanes {MASK}"
    assert k1["catatan"] == f"NIK {MASK} RT 05"
    k2 = kegiatan.set_index("id_kegiatan").loc["K2"]
    assert k2["catatan"] == "tanggal 11/03/2024 5 orang"
    review = pyogrio.read_dataframe(gpkg, layer="tinjauan", read_geometry=False)
    typed = review.astype(str).to_string()
    assert MASK in typed and not re.search(r"813\D?1111", typed)
