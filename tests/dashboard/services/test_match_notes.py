"""The Data & Kualitas table of placements with a note, on hand-built rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.services.match_notes import NOTE_COLUMNS, placement_notes

DESA = pd.DataFrame(
    {"kode": ["A", "B"], "nama": ["Bisene", "SoE"], "kecamatan": ["Mollo Selatan", "Kota Soe"]}
)


def _peserta(notes: list[str]) -> pd.DataFrame:
    n = len(notes)
    return pd.DataFrame(
        {
            "kecamatan": ["Kota Soe"] * n,
            "desa": ["Bisene" if note else "SoE" for note in notes],
            "desa_kode": ["A" if note else "B" for note in notes],
            "jumlah": list(range(1, n + 1)),
            "catatan_cocok": notes,
        }
    )


def test_rows_with_the_same_typing_and_note_are_one_line() -> None:
    note = "Desa Bisene ada di Kec. Mollo Selatan, bukan di Kec. Kota Soe yang diketik"
    table = placement_notes(_peserta([note, "", note]), DESA)
    assert list(table.columns) == NOTE_COLUMNS
    assert table.to_dict("records") == [
        {"kecamatan_ketik": "Kota Soe", "desa_ketik": "Bisene", "desa_tempat": "Bisene",
         "kecamatan": "Mollo Selatan", "baris": 2, "peserta": 1 + 3, "catatan": note}
    ]  # fmt: skip


@pytest.mark.parametrize(
    "peserta", [_peserta(["", ""]), _peserta([]).drop(columns="catatan_cocok")]
)
def test_no_note_or_an_older_output_gives_an_empty_table(peserta: pd.DataFrame) -> None:
    table = placement_notes(peserta, DESA)
    assert table.empty and list(table.columns) == NOTE_COLUMNS


def test_inputs_are_not_changed() -> None:
    peserta = _peserta(["x"])
    before = peserta.copy()
    placement_notes(peserta, DESA)
    pd.testing.assert_frame_equal(peserta, before)
