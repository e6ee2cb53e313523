"""Download buttons for the field forms (XLSForm for KoboToolbox / ODK Collect), built
from the official desa list of the loaded data (``etl.forms.xlsform``)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.dataset import Dataset

_OFFICIAL = ["kode", "nama", "kecamatan_kode", "kecamatan"]


def form_downloads(dataset: Callable[[], Dataset], key: str) -> None:
    """A short guide, then one button that builds both forms and offers each for download
    (the data is loaded only then: the guide shows even before any data exists)."""
    st.markdown(session.tr("formulir.panduan"))
    if st.button(session.tr("formulir.buat"), key=f"{key}_buat"):
        from etl.forms.xlsform import form_bytes

        ds = dataset()
        official = pd.DataFrame(ds.desa[_OFFICIAL])
        files = form_bytes(official, ds.manifest.kabupaten, ds.kabupaten_nama)  # or an area
        for name, data in files.items():
            st.download_button(
                session.tr("formulir.unduh", berkas=name),
                data,
                file_name=name,
                on_click="ignore",
                key=f"{key}_{name}",
            )
