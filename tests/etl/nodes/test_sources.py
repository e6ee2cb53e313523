"""The name each input is known by (``sumber_file``) and the source columns of a layer:
deterministic, distinct per file, the plain name whenever it is unique."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.nodes.sources import (
    separate_shared_ids,
    source_labels,
    source_table,
    with_source_columns,
)
from etl.tables import InputSource


def test_a_unique_name_stays_as_it_is() -> None:
    sources = [InputSource(Path("/a/kegiatan.csv")), InputSource(Path("/b/peserta.xlsx"))]
    assert source_labels(sources) == ["kegiatan.csv", "peserta.xlsx"]


def test_one_name_from_two_sources_says_whose_it_is() -> None:
    sources = [
        InputSource(Path("/kanim/laporan.xlsx"), "Kanim Kupang", "Imigrasi"),
        InputSource(Path("/dinas/laporan.xlsx"), "Disnakertrans TTS", "Disnakertrans"),
    ]
    assert source_labels(sources) == [
        "laporan.xlsx (Kanim Kupang, Imigrasi)",
        "laporan.xlsx (Disnakertrans TTS, Disnakertrans)",
    ]
    assert source_labels(sources[::-1]) == source_labels(sources)[::-1]  # not order-bound


def test_a_kept_copy_is_known_by_its_own_name_and_one_source_falls_back_to_paths() -> None:
    kept = InputSource(Path("/out/masukan/laporan-0123456789ab.xlsx"), berkas="laporan.xlsx")
    assert source_labels([kept]) == ["laporan.xlsx"]
    twins = [InputSource(Path("/x/a.csv")), InputSource(Path("/y/a.csv"))]
    assert source_labels(twins) == ["/x/a.csv", "/y/a.csv"]
    same = InputSource(Path("/x/a.csv"))
    assert source_labels([same, same]) == ["a.csv", "a.csv"]  # one file given twice


def test_every_row_gets_the_columns_of_its_input() -> None:
    sources = [InputSource(Path("/a/k.csv"), "Kanim", "Imigrasi"),
               InputSource(Path("/b/p.csv"), "Polres TTS", "Polres")]  # fmt: skip
    table = source_table(sources, ["k.csv", "p.csv"], {"k.csv": "aa" * 32, "p.csv": "bb" * 32})
    layer = pd.DataFrame({"sumber_file": ["p.csv", "k.csv", "p.csv"], "n": [1, 2, 3]})
    out = with_source_columns(layer, table)
    assert out["kantor"].tolist() == ["Polres TTS", "Kanim", "Polres TTS"]
    assert out["sumber_instansi"].tolist() == ["Polres", "Imigrasi", "Polres"]
    assert out["sumber_sha256"].tolist() == ["bb" * 32, "aa" * 32, "bb" * 32]
    assert list(layer.columns) == ["sumber_file", "n"]  # the input is not changed
    empty = with_source_columns(layer.iloc[:0], table)
    assert empty.empty and list(empty.columns)[-3:] == [
        "kantor",
        "sumber_instansi",
        "sumber_sha256",
    ]
    odd = pd.DataFrame({"sumber_file": ["x.csv", "k.csv", None]}, index=[10, 5, 7])
    kept = with_source_columns(odd, table)  # a file of no input, a missing one: ""
    assert kept["kantor"].to_dict() == {10: "", 5: "Kanim", 7: ""}
    assert kept["sumber_sha256"].dtype == "str"
    with pytest.raises(ValueError, match="sumber_file"):
        with_source_columns(pd.DataFrame({"n": [1]}), table)


def test_ids_used_by_two_offices_become_one_session_or_report_per_office() -> None:
    sources = [InputSource(Path("/a/k.csv"), "Kanim", "Imigrasi"),
               InputSource(Path("/b/k2.csv"), "Dinsos TTS", "Dinsos")]  # fmt: skip
    table = source_table(sources, ["k.csv", "k2.csv"], {"k.csv": "a" * 64, "k2.csv": "b" * 64})
    kegiatan = pd.DataFrame(
        {"id_kegiatan": ["K1", "K2", " K1", "K3", "K3"],
         "sumber_file": ["k.csv", "k.csv", "k2.csv", "k2.csv", "k2.csv"]}
    )  # fmt: skip
    peserta = pd.DataFrame(
        {"id_kegiatan": ["K1", "K1 ", "K3"], "sumber_file": ["k.csv", "k2.csv", "k.csv"]}
    )
    laporan = pd.DataFrame({"id_laporan": ["L1", "L1", "L2"],
                            "sumber_file": ["k.csv", "k2.csv", "k.csv"]})  # fmt: skip
    valid = {"kegiatan": kegiatan, "peserta": peserta, "laporan": laporan}
    out, (w_keg, w_lap) = separate_shared_ids(valid, table)
    assert out["kegiatan"]["id_kegiatan"].tolist() == [
        "K1 (Kanim, Imigrasi)",
        "K2",
        "K1 (Dinsos TTS, Dinsos)",
        "K3",
        "K3",
    ]  # K3: one office's own duplicate stays (review)
    assert out["peserta"]["id_kegiatan"].tolist() == [
        "K1 (Kanim, Imigrasi)",
        "K1 (Dinsos TTS, Dinsos)",
        "K3",
    ]
    assert out["laporan"]["id_laporan"].tolist() == [
        "L1 (Kanim, Imigrasi)",
        "L1 (Dinsos TTS, Dinsos)",
        "L2",
    ]
    assert "K1: Dinsos TTS, Dinsos / Kanim, Imigrasi" in w_keg and "K3" not in w_keg
    assert w_lap.startswith("Nomor laporan") and "L1:" in w_lap and "L2" not in w_lap
    assert kegiatan["id_kegiatan"].tolist()[0] == "K1"  # inputs untouched
    alone = {"kegiatan": kegiatan.iloc[:2], "peserta": peserta, "laporan": laporan.iloc[:1]}
    same, none = separate_shared_ids(alone, table)
    assert none == [] and same["kegiatan"]["id_kegiatan"].tolist() == ["K1", "K2"]
