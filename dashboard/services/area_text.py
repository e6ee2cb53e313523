"""The working area in words (pure; no Streamlit): the kabupaten the data was built for,
named from the data, for the page subtitle.

The area is the manifest's ``kabupaten`` (one code, or the codes of a working area in
the order the ETL was given them); the names come from the output's ``kabupaten`` layer
(the official names of the boundary build: "Kabupaten Timor Tengah Selatan", "Kota
Kupang"). An older output without that layer names a kabupaten by its code.
"""

from __future__ import annotations

from dashboard.services.dataset import Dataset
from dashboard.strings import t


def area_names(ds: Dataset) -> list[str]:
    """The official names of the data's kabupaten, in the manifest's order."""
    return [
        ds.kabupaten_nama.get(code, f"Kab./Kota {code}") for code in ds.manifest.kabupaten_daftar
    ]


def area_text(ds: Dataset, lang: str) -> str:
    """The names joined as prose: "A", "A dan B", "A, B dan C" ("and" in English)."""
    names = area_names(ds)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('app.dan', lang)} {names[-1]}"


def page_subtitle(ds: Dataset, lang: str) -> str:
    """The line under the title on every page: what is mapped, by which office, where."""
    return t("app.subtitle", lang, wilayah=area_text(ds, lang))
