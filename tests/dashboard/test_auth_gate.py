"""The login gate in the real app (Streamlit AppTest): throttled local logins, and the
8-hour cap for OIDC logins as for local ones."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.services import accounts
from dashboard.strings import t

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PASSWORD = "rahasia-kantor-2025"
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "rahasia-cookie-uji",
    "client_id": "peta",
    "client_secret": "rahasia-klien",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _app(data: Path, monkeypatch: pytest.MonkeyPatch, users: Path) -> AppTest:
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(users))
    config.set_option("server.address", "127.0.0.1")
    return AppTest.from_file(APP, default_timeout=120)


def _login(at: AppTest, user: str, password: str) -> None:
    at.sidebar.text_input[0].input(user)
    at.sidebar.text_input[1].input(password)
    at.sidebar.button[0].click()
    at.run()


def _is_officer(at: AppTest) -> bool:
    try:
        at.switch_page("views/data_kualitas.py")
    except ValueError:
        return False
    return True


def test_wrong_passwords_lock_the_form_even_for_the_right_one(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    users = tmp_path / "pengguna.toml"
    name = f"uji{uuid.uuid4().hex[:8]}"  # the guard is shared by the whole process
    accounts.add_user(users, name, PASSWORD, "petugas")
    at = _app(sample_data, monkeypatch, users)
    at.run()
    for _ in range(5):
        _login(at, name, "salah-sekali-lagi")
        assert [e.value for e in at.sidebar.error] == [t("auth.gagal", "id")]
    _login(at, name, PASSWORD)
    assert at.sidebar.error[0].value == t("auth.terkunci", "id", detik=30)
    assert not _is_officer(at)


@pytest.mark.parametrize(("hours", "officer"), [(9, False), (1, True)])
def test_oidc_login_is_capped_at_eight_hours(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hours: int, officer: bool
) -> None:
    """A login older than 8 h is logged out with a warning; a fresh one keeps its role."""
    at = _app(sample_data, monkeypatch, tmp_path / "tidak_ada.toml")
    at.secrets["auth"] = OIDC
    at.secrets["peta"] = {"petugas": ["sari@imigrasi.go.id"]}
    at.user = {"is_logged_in": True, "email": "sari@imigrasi.go.id", "sub": "s1",
               "iat": time.time() - hours * 3600}  # fmt: skip
    at.run()
    assert not at.exception
    expected = [] if officer else [t("auth.kedaluwarsa", "id")]
    assert [w.value for w in at.sidebar.warning] == expected
    assert _is_officer(at) is officer
