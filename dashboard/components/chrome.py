"""Shared page chrome: language picker, DATA CONTOH banner, help link, meeting CSS."""

from __future__ import annotations

import base64
import html
import io

import streamlit as st
from PIL import Image, ImageDraw

from dashboard.components import session
from dashboard.services.area_text import page_subtitle
from dashboard.services.dataset import Dataset
from dashboard.services.safe_text import md_escape
from dashboard.strings import LANGUAGES

MEETING_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 21px !important; }
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li,
[data-testid="stAppViewContainer"] label, [data-testid="stAppViewContainer"] td {
  font-size: 21px !important; }
[data-testid="stAppViewContainer"] [data-testid="stMetricValue"],
[data-testid="stAppViewContainer"] [data-testid="stMetricValue"] * {
  font-size: 52px !important; font-weight: 800; color: #000 !important; line-height: 1.05; }
[data-testid="stAppViewContainer"] [data-testid="stMetricLabel"],
[data-testid="stAppViewContainer"] [data-testid="stMetricLabel"] * {
  font-size: 20px !important; color: #000 !important; white-space: normal !important;
  overflow: visible !important; line-height: 1.15; }
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"] { display: none; }
.block-container { padding-top: 0.6rem !important; padding-bottom: 0 !important;
  max-width: 100% !important; }
h1 { font-size: 34px !important; margin: 0 !important; padding: 0 !important; }
.ps-contoh { font-size: 18px !important; padding: 0.1rem 0.6rem !important; }
[data-testid="stVerticalBlock"] { gap: 0.4rem !important; }
</style>
"""
LAYOUT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
</style>
"""
"""Streamlit leaves ~6rem above the first element and a 2.75rem title: with both the whole
kabupaten map and the headline fit one 1366x768 screen (sidebar open)."""


def widget_text_css(lang: str) -> str:
    """Streamlit bakes a few English texts into its widgets with no parameter to change
    them: the file uploader's "Upload" button and "20MB per file" line are replaced here
    (CSS generated content, in the UI language), and the date picker's "Date range"
    quick-select row (English presets) is hidden. Texts come from strings.py."""
    button, limit = session.tr("unggah.tombol"), session.tr("unggah.batas")
    for text in (button, limit):
        if any(ch in text for ch in "\"'\\<>{}"):
            raise ValueError(f"teks CSS tidak boleh memuat tanda kutip atau kurung: {text!r}")
    drop = '[data-testid="stFileUploaderDropzone"]'
    return (
        "<style>"
        f'{drop} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}'
        f'{drop} button [data-testid="stMarkdownContainer"] p::after {{ content: "{button}";'
        " font-size: 1rem; }"
        f'{drop} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}'
        f'{drop} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{'
        f' content: "{limit}"; font-size: 0.875rem; }}'
        '[data-testid="stDateInputQuickSelect"] { display: none !important; }'
        "</style>"
    )


BANNER_CSS = """
<style>
.ps-contoh { background: #ffd400; color: #000; font-weight: 800; padding: 0.35rem 0.8rem;
  border: 3px solid #000; border-radius: 4px; letter-spacing: 0.04em; margin-bottom: 0.4rem; }
</style>
"""


def favicon() -> Image.Image:
    """A small locally drawn favicon (a map pin on the office blue)."""
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((2, 2, 62, 62), radius=12, fill=(0, 114, 178, 255))
    draw.ellipse((20, 12, 44, 36), fill=(255, 255, 255, 255))
    draw.polygon([(22, 30), (42, 30), (32, 54)], fill=(255, 255, 255, 255))
    draw.ellipse((27, 19, 37, 29), fill=(0, 114, 178, 255))
    return img


def _png_data_url(img: Image.Image) -> str:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


FAVICON_URL = _png_data_url(favicon())
"""The favicon as a data URL, made once at import: Streamlit passes a data URL through as
it is, whereas an image is PNG-encoded and stored again on every script run."""


def language_picker() -> None:
    """Language selector in the sidebar (Bahasa Indonesia default)."""
    codes = list(LANGUAGES)
    current = session.lang()
    choice = st.sidebar.selectbox(
        session.tr("lang.label"), codes, index=codes.index(current) if current in codes else 0,
        format_func=lambda c: LANGUAGES[c], key="ps_lang_picker",
    )  # fmt: skip
    if choice != current:
        session.set_lang(choice)
        st.rerun()


def page_header(ds: Dataset) -> None:
    """Banner for the synthetic sample, meeting-mode styling and, in the sidebar, the
    subtitle naming the data's working area (the help page is in the navigation of
    every page)."""
    st.markdown(LAYOUT_CSS + widget_text_css(session.lang()), unsafe_allow_html=True)
    if session.meeting_mode():
        st.markdown(MEETING_CSS, unsafe_allow_html=True)
    else:
        st.sidebar.caption(md_escape(page_subtitle(ds, session.lang())))
    if ds.cadangan:
        st.warning(session.tr("banner.versi_cadangan", waktu=md_escape(ds.manifest.dibuat or "-")))
    if ds.contoh:
        st.markdown(BANNER_CSS, unsafe_allow_html=True)
        st.markdown(
            f'<div class="ps-contoh" role="status">{html.escape(session.tr("banner.contoh"))}</div>',
            unsafe_allow_html=True,
        )
