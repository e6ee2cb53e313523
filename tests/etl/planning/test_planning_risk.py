"""External risk indicators: CSV reading, joining by code or name, scaling, review rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.planning.risk import REVIEW_COLUMNS, join_risk_indicators, read_risk_indicators

OFFICIAL = pd.DataFrame(
    {
        "kode": ["53.02.01.1001", "53.02.01.2002", "53.02.02.2008", "53.02.03.2001"],
        "nama": ["SoE", "Oinlasi", "Oinlasi", "Fatumnasi"],
        "kecamatan_kode": ["53.02.01", "53.02.01", "53.02.02", "53.02.03"],
        "kecamatan": ["Kota Soe", "Mollo Selatan", "Amanatun Selatan", "Fatumnasi"],
    }
)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "risiko.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_code_keyed_csv_is_scaled_by_the_largest_value(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Kode Desa;Calon PMI;Permohonan Paspor\n"
        "53.02.01.1001;10;2,5\n"
        "5302012002;5;5\n"  # digits only is accepted
        "53.02.03.2001;0;\n",
    )
    raw = read_risk_indicators(path)
    assert raw["sumber_baris"].tolist() == [2, 3, 4]
    assert raw["permohonan_paspor"].tolist()[:2] == [2.5, 5.0]
    risk, review = join_risk_indicators(raw, OFFICIAL)
    assert review.empty
    by_kode = risk.set_index("kode")
    # SoE: (10/10 + 2.5/5) / 2; Oinlasi: (5/10 + 5/5) / 2; Fatumnasi: only 0/10
    assert by_kode["risiko"].to_dict() == pytest.approx(
        {"53.02.01.1001": 0.75, "53.02.01.2002": 0.75, "53.02.03.2001": 0.0}
    )
    assert by_kode.loc["53.02.01.2002", "nama"] == "Oinlasi"


def test_unreadable_values_and_unknown_codes_go_to_review(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "kode,jumlah\n53.02.01.1001,1.000\n53.02.99.9999,4\n53.02.01.2002,abc\n53.02.03.2001,4\n",
    )
    risk, review = join_risk_indicators(read_risk_indicators(path), OFFICIAL)
    assert list(review.columns) == list(REVIEW_COLUMNS)
    reasons = review.set_index("sumber_baris")["alasan"].to_dict()
    assert set(reasons) == {2, 3, 4}
    assert "ambigu" in reasons[2]
    assert "tidak ada di daftar resmi" in reasons[3]
    assert "bukan angka" in reasons[4]
    assert (review["jenis_data"] == "risiko").all()
    assert risk.set_index("kode").loc["53.02.03.2001", "risiko"] == 1.0


def test_name_keyed_rows_use_the_matcher_and_ambiguity_goes_to_review(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Desa/Kelurahan,Kecamatan,Calon PMI\nSoe,Kota Soe,8\nOinlasi,,4\n",
        encoding="cp1252",
    )
    calls: list[pd.DataFrame] = []

    def fake_matcher(rows, official, aliases, *, kabupaten):  # type: ignore[no-untyped-def]
        calls.append(rows)
        assert kabupaten == "53.02"
        return pd.DataFrame(
            {
                "desa_kode": ["53.02.01.1001", None],
                "alasan": ["", "Nama desa ada di beberapa kecamatan; isi kecamatan."],
                "kandidat": ["", "Oinlasi (Mollo Selatan) 53.02.01.2002: 100"],
            }
        )

    risk, review = join_risk_indicators(read_risk_indicators(path), OFFICIAL, matcher=fake_matcher)
    assert calls[0][["desa", "kecamatan"]].values.tolist() == [["Soe", "Kota Soe"], ["Oinlasi", ""]]
    assert risk["kode"].tolist() == ["53.02.01.1001"]
    assert review["sumber_baris"].tolist() == [3]
    assert "beberapa kecamatan" in review["alasan"].iloc[0]
    assert "Mollo Selatan" in review["kandidat"].iloc[0]


def test_rows_of_one_desa_are_summed(tmp_path: Path) -> None:
    path = _write(tmp_path, "kode,kasus\n53.02.01.1001,1\n53.02.01.1001,3\n53.02.01.2002,2\n")
    risk, _ = join_risk_indicators(read_risk_indicators(path), OFFICIAL)
    assert risk.set_index("kode")["kasus"].to_dict() == {"53.02.01.1001": 4, "53.02.01.2002": 2}
    assert risk.set_index("kode")["risiko"].to_dict() == {
        "53.02.01.1001": 1.0,
        "53.02.01.2002": 0.5,
    }


def test_bad_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="tidak ditemukan"):
        read_risk_indicators(tmp_path / "tidak.csv")
    with pytest.raises(ValueError, match="kode desa atau nama desa"):
        read_risk_indicators(_write(tmp_path, "x,y\n1,2\n"))
    with pytest.raises(ValueError, match="kolom angka"):
        read_risk_indicators(_write(tmp_path, "kode,catatan\n53.02.01.1001,tinggi\n"))
    xlsx = tmp_path / "risiko.csv"
    xlsx.write_bytes(b"PK\x03\x04rest-of-zip")
    with pytest.raises(ValueError, match="Excel"):
        read_risk_indicators(xlsx)


def test_with_the_project_matcher(tmp_path: Path) -> None:
    pytest.importorskip("etl.tools.matching")
    path = _write(
        tmp_path, "Nama Desa,Kec.,Calon PMI\nKel. Soe,Kota Soe,8\nOinlasi,,4\nFatumnasi,,2\n"
    )
    raw = read_risk_indicators(path)
    assert raw["kecamatan"].tolist() == ["Kota Soe", "", ""]
    risk, review = join_risk_indicators(raw, OFFICIAL)
    assert risk.set_index("kode")["calon_pmi"].to_dict() == {
        "53.02.01.1001": 8.0,
        "53.02.03.2001": 2.0,
    }
    assert review["sumber_baris"].tolist() == [3]  # Oinlasi exists in two kecamatan
    assert "Oinlasi" in review["kandidat"].iloc[0]
