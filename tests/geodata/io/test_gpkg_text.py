"""Arrow writes: object columns become text, date columns stay dates, missing is null."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio

from geodata.io.gpkg import objects_as_text, write_layers_atomically


def test_object_columns_become_text_and_dates_stay_dates(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "tanggal": pd.Series([date(2024, 3, 1), pd.NaT, None, date(2025, 1, 2)], dtype=object),
            "campur": pd.Series(["x", None, 3.5, np.nan], dtype=object),
            "angka": [1.0, np.nan, 2.0, 3.0],
        }
    )
    converted = objects_as_text(frame)
    assert converted["tanggal"].isna().tolist() == [False, True, True, False]
    assert converted["campur"].tolist()[2] == "3.5"
    assert converted["angka"].dtype == np.float64
    path = write_layers_atomically(tmp_path / "t.gpkg", {"t": frame})
    back = pyogrio.read_dataframe(path, layer="t")
    assert [None if pd.isna(v) else pd.Timestamp(v).date() for v in back["tanggal"]] == [
        date(2024, 3, 1), None, None, date(2025, 1, 2),
    ]  # fmt: skip
    assert [None if pd.isna(v) else v for v in back["campur"]] == ["x", None, "3.5", None]
