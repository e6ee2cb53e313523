"""Open the real app (Streamlit's AppTest) logged in as an officer, on one page."""

from __future__ import annotations

from pathlib import Path

from streamlit import config
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[3] / "dashboard" / "app.py")


def open_as_officer(page: str) -> AppTest:
    """The app after logging in as ``petugas1`` (the account the caller added to the
    users file named by ``PETA_USERS_FILE``) and switching to ``views/<page>.py``."""
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.sidebar.text_input[0].input("petugas1")
    at.sidebar.text_input[1].input("kata-sandi-panjang")
    at.sidebar.button[0].click()
    at.run()
    at.switch_page(f"views/{page}.py")
    at.run()
    return at
