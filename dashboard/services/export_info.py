"""What an exported file shows, in words stamped on it (pure; no Streamlit).

A map or table forwarded on its own must still say its period, its filters and, for the
synthetic sample, "DATA CONTOH": the same lines go on the HTML/PNG map and on the first
sheet of the Excel tables.
"""

from __future__ import annotations

from datetime import datetime

from dashboard.services.dataset import Dataset, Filters, kabupaten_options
from dashboard.strings import t


def export_stamp_lines(ds: Dataset, flt: Filters, lang: str, made_at: datetime) -> list[str]:
    """Sample flag (when the data is the sample), creation time, data period, and every
    filter in words ("Semua" when a filter is not set)."""
    every = t("filter.semua", lang)
    kec = dict(zip(ds.kecamatan["kode"], ds.kecamatan["nama"], strict=True))
    groups = ", ".join(t(f"peran.{g}", lang) for g in (flt.role_groups or ()))
    lines = [
        t("ekspor.dibuat", lang, waktu=made_at.strftime("%d/%m/%Y %H:%M")),
        t("ekspor.periode", lang, mulai=flt.start.strftime("%d/%m/%Y"),
          akhir=flt.end.strftime("%d/%m/%Y")),
        t("ekspor.kecamatan", lang,
          daftar=", ".join(kec.get(k, k) for k in flt.kecamatan) or every),
        t("ekspor.peran", lang, daftar=groups or every),
        t("ekspor.jenis_laporan", lang, daftar=", ".join(flt.jenis_laporan or ()) or every),
    ]  # fmt: skip
    kabupaten = kabupaten_options(ds)
    if len(kabupaten) > 1:  # a working area: which of its kabupaten the file shows
        chosen = ", ".join(kabupaten.get(k, k) for k in flt.kabupaten)
        lines.insert(2, t("ekspor.kabupaten", lang, daftar=chosen or every))
    if ds.contoh:
        lines.insert(0, t("banner.contoh_pendek", lang))
    return lines
