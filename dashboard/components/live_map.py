"""The live map's streamlit-folium component, with the unchanging part prepared once.

`st_folium(base, feature_group_to_add=group)` renders the whole base map on every rerun:
its Jinja templates, its Leaflet script (regular expressions over all of it), a hash of
that script for the component key, and, before that, the dashboard's deep copy of the
cached base (streamlit-folium attaches the group to the map it is given). For the live map
the base never changes with filters or measure, so this module splits what `st_folium`
sends in two: `base_parts` (everything but the feature groups, computed once per base map
and cached in `dashboard/data.py`) and `group_script` (the per-rerun groups' script), and
`draw` hands both to streamlit-folium's own component, exactly as `st_folium` would.
`tests/dashboard/test_live_map.py` checks that the arguments equal those of `st_folium`.

It uses streamlit-folium's helper functions (pinned version, see requirements.lock): a new
version must pass that test before it is used.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

RETURNED = ("last_active_drawing",)
"""What a click on the map reports back (the clicked desa's properties)."""


def base_parts(
    base: folium.Map, *, key: str, returned_objects: Sequence[str] = RETURNED
) -> dict[str, Any]:
    """The component arguments `st_folium(base, key=key, ...)` sends that do not depend on
    the feature groups: script, header, html, map id, component key, default return value,
    CSS and JS links. `base` is left untouched (a copy is rendered)."""
    m = copy.deepcopy(base)
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    bounds = m.get_bounds()
    defaults = {
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": bounds[0][0], "lng": bounds[0][1]},
            "_northEast": {"lat": bounds[1][0], "lng": bounds[1][1]},
        },
        "zoom": m.options.get("zoom"),
    }
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(m):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "key": sf.generate_js_hash(script, key, False),
        "returned_objects": list(returned_objects),
        "default": {k: v for k, v in defaults.items() if k in returned_objects},
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
    }


def group_script(groups: Sequence[folium.FeatureGroup], first: int = 0) -> str:
    """The script `st_folium(feature_group_to_add=groups)` sends for these groups (numbered
    from `first`). Each group is attached to a throwaway map: the script names the map
    `map_div` whatever map it was attached to."""
    m = folium.Map(tiles=None)
    return "".join(
        sf._get_feature_group_string(group, map=m, idx=first + i) for i, group in enumerate(groups)
    )


def draw(parts: dict[str, Any], feature_group: str, *, key: str, height: int, width: object) -> Any:
    """The streamlit-folium component with cached `base_parts` (made with the same `key`)
    and a `group_script`: what `st_folium` sends, without rebuilding the base. Returns
    what it returns (the clicked desa's properties)."""
    hash_key = parts["key"]

    def on_change() -> None:  # as st_folium: the value is also kept under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        script=parts["script"],
        header=parts["header"],
        html=parts["html"],
        id=parts["id"],
        key=hash_key,
        height=height,
        width=width,
        returned_objects=list(parts["returned_objects"]),  # copies: the parts are shared
        default=dict(parts["default"]),
        zoom=None,
        center=None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(parts["css_links"]),
        js_links=list(parts["js_links"]),
        on_change=on_change,
        wrap_longitude=False,
    )


def _walk(elem: Any) -> Any:
    if isinstance(elem, folium.elements.JSCSSMixin):
        yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)
