from __future__ import annotations

from etl.io.output import dropped_personal_columns, sheet_counts

MANIFEST = {
    "masukan": [
        {"berkas": "a.xlsx", "kolom_pribadi_dibuang": ["No HP", "Nama"], "lembar": [
            {"lembar": "Peserta", "jenis_data": "peserta", "dibaca": 5, "diterima": 4, "ditinjau": 1},
        ]},
        {"berkas": "b.csv", "kolom_pribadi_dibuang": ["Nama"], "lembar": [
            {"lembar": "", "jenis_data": "laporan", "dibaca": 2, "diterima": 2, "ditinjau": 0},
        ]},
    ]
}  # fmt: skip


def test_sheet_counts_and_dropped_columns() -> None:
    counts = sheet_counts(MANIFEST)
    assert counts["berkas"].tolist() == ["a.xlsx", "b.csv"]
    assert counts[["dibaca", "diterima", "ditinjau"]].sum().tolist() == [7, 6, 1]
    assert dropped_personal_columns(MANIFEST) == ["Nama", "No HP"]
    assert sheet_counts({}).empty and dropped_personal_columns({}) == []
