"""The live map's component with a prepared base: it must send exactly what `st_folium`
sends for the same map and layer (streamlit-folium's component itself is recorded, not
mocked away: both paths hand their arguments to the same recorder)."""

from __future__ import annotations

import copy
from typing import Any

import geopandas as gpd
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from dashboard.components import live_map
from dashboard.services import map_live, mapview

URL = "/app/static/peta/g.json"
BOUNDS = (124.2, -9.9, 124.4, -9.7)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of streamlit-folium's component function, with its arguments."""
    calls: list[dict[str, Any]] = []

    def record(**kwargs: Any) -> None:
        calls.append(kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return calls


def _sent(call: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in call.items() if k != "on_change"}  # a closure either way


@pytest.mark.parametrize(
    ("measure", "meeting", "markers"),
    [("status_cakupan", False, False), ("peserta", True, False), ("laporan", False, True)],
)
def test_prepared_base_sends_what_st_folium_sends(
    tiny_desa: gpd.GeoDataFrame,
    recorder: list[dict[str, Any]],
    measure: str,
    meeting: bool,
    markers: bool,
) -> None:
    kec = mapview.kecamatan_outlines(tiny_desa)
    reports = {"53.02.01.1001": 7, "53.02.02.2001": 2} if markers else None

    def base() -> Any:
        return mapview.build_map(
            tiny_desa, kec, "status_cakupan", meeting_mode=meeting, include_data=False,
            geometry_url=URL,
        )  # fmt: skip

    def group() -> Any:
        return map_live.style_group(
            tiny_desa, measure, meeting_mode=meeting, bounds=BOUNDS, reports_per_desa=reports
        )

    st_folium(base(), key="peta", feature_group_to_add=group(),
              returned_objects=["last_active_drawing"], height=400, width="stretch")  # fmt: skip
    cached = base()
    parts = live_map.base_parts(cached, key="peta")
    before = copy.deepcopy(cached._children)
    for _ in range(2):  # the same prepared parts serve every rerun
        live_map.draw(parts, live_map.group_script([group()]), key="peta", height=400,
                      width="stretch")  # fmt: skip
    expected, *ours = (_sent(c) for c in recorder)
    assert ours == [expected, expected]
    kode = "53.02.02.2001"  # the per-desa values travel in the layer, not in the base
    assert kode not in expected["script"] and kode in expected["feature_group"]
    assert "feature_group_feature_group_0" in expected["feature_group"]
    assert list(cached._children) == list(before)  # the cached base is left as it was


def test_the_key_changes_with_the_base_not_with_the_layer(tiny_desa: gpd.GeoDataFrame) -> None:
    """Streamlit keeps the map (zoom, clicked desa) while the component key stays: a new
    layer must not change it, a different base (meeting mode) must."""
    kec = mapview.kecamatan_outlines(tiny_desa)

    def key(measure: str, meeting: bool) -> str:
        m = mapview.build_map(
            tiny_desa, kec, measure, meeting_mode=meeting, include_data=False, geometry_url=URL
        )
        return str(live_map.base_parts(m, key="peta")["key"])

    keys = {key(m, meeting) for m in ("status_cakupan", "peserta") for meeting in (False, True)}
    assert len(keys) == 2
