"""The live map's cached layer (`dashboard/data.py`): a rerun gets exactly the script a
fresh build gives, and any change of a value the layer shows gets a new one (a stale
layer would show old or, in meeting mode, unprotected counts)."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from dashboard import data
from dashboard.components import live_map
from dashboard.services import map_live

BOUNDS = (124.2, -9.9, 124.4, -9.7)


@pytest.fixture
def ds(tmp_path: Path) -> SimpleNamespace:
    """What the cache key reads from a dataset: its folder and data version."""
    return SimpleNamespace(folder=tmp_path, version=f"v-{tmp_path.name}")


def _fresh(desa: gpd.GeoDataFrame, measure: str, meeting: bool) -> str:
    group = map_live.style_group(desa, measure, meeting_mode=meeting, bounds=BOUNDS)
    return live_map.group_script([group])


@pytest.mark.parametrize(("measure", "meeting"), [("peserta", True), ("status_cakupan", False)])
def test_cached_layer_is_the_fresh_one_and_follows_every_value(
    ds: SimpleNamespace, tiny_desa: gpd.GeoDataFrame, measure: str, meeting: bool
) -> None:
    def cached(desa: gpd.GeoDataFrame) -> str:
        return data.get_style_script(
            ds,  # type: ignore[arg-type]
            desa, measure, lang="id", meeting=meeting, bounds=BOUNDS,
        )  # fmt: skip

    first = cached(tiny_desa)
    assert first == _fresh(tiny_desa, measure, meeting)
    assert cached(tiny_desa.copy()) == first  # equal values, another frame: same entry
    for changed in (
        tiny_desa.assign(peserta=[25.0, 4.0, None]),  # 3 -> 4: both read "<5" in meeting mode
        tiny_desa.assign(status_cakupan=["tercakup", "kedaluwarsa", None]),
        tiny_desa.assign(nama=["SoE", "Kampung Baru", "Oinlasi"]),
    ):
        assert cached(changed) == _fresh(changed, measure, meeting)
    assert "Kampung Baru" not in first


def test_digest_depends_on_values_index_and_columns(tiny_desa: gpd.GeoDataFrame) -> None:
    digest = data._values_digest
    base = digest(tiny_desa)
    assert digest(tiny_desa) == base == digest(tiny_desa.copy())
    assert digest(tiny_desa.assign(laporan=[7.0, 2.0, 0.0])) != base
    assert digest(tiny_desa.set_axis([5, 6, 7])) != base
    assert digest(tiny_desa.rename(columns={"laporan": "laporan_x"})) != base
    mixed = tiny_desa.assign(peserta=["<5", 3, None])  # text and numbers in one column
    assert digest(mixed) != base


def test_digest_of_a_freed_frame_is_forgotten(tiny_desa: gpd.GeoDataFrame) -> None:
    frame = tiny_desa.copy()
    key = id(frame)
    data._values_digest(frame)
    assert key in data._DIGESTS
    del frame
    gc.collect()
    assert key not in data._DIGESTS


def test_layer_with_report_and_venue_circles_is_the_fresh_one(
    ds: SimpleNamespace, tiny_desa: gpd.GeoDataFrame
) -> None:
    venues = gpd.GeoDataFrame(
        {"label": ["01/06/2026 — Sosialisasi"]}, geometry=[Point(124.25, -9.85)], crs=4326
    )
    reports = pd.Series({"53.02.01.1001": 7, "53.02.01.2002": 2})
    for meeting in (False, True):
        script = data.get_style_script(
            ds,  # type: ignore[arg-type]
            tiny_desa, "peserta", lang="id", meeting=meeting, bounds=BOUNDS,
            venues=venues, reports=reports,
        )  # fmt: skip
        fresh = map_live.style_group(
            tiny_desa, "peserta", venues=venues, reports_per_desa=reports,
            meeting_mode=meeting, bounds=BOUNDS,
        )  # fmt: skip
        assert script == live_map.group_script([fresh])
        assert script != _fresh(tiny_desa, "peserta", meeting)  # the circles are in it


def test_a_database_setting_that_is_no_url_is_refused_not_read_as_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.services.dataset import DataError
    from etl.store import DB_ENV

    monkeypatch.setenv(DB_ENV, "peta_db_di_kantor")
    with pytest.raises(DataError, match="postgresql://"):
        data._version(tmp_path)  # what get_dataset shows the user, then stops the page
