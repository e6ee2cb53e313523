"""Local accounts: argon2 hashes only, 0600 file, login, expiry, auth mode."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from dashboard.services import accounts
from dashboard.services.accounts import (
    AccountError,
    add_user,
    default_users_path,
    is_session_expired,
    list_users,
    oidc_provider,
    remove_user,
    resolve_auth_mode,
    verify_login,
)

PASSWORD = "rahasia-kantor-2025"


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "pengguna.toml"


def test_file_holds_an_argon2_hash_not_the_password(users_file: Path) -> None:
    add_user(users_file, "Budi", PASSWORD, "petugas")
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    record = tomllib.loads(text)["pengguna"]["budi"]
    assert record["hash"].startswith("$argon2id$")
    assert record["peran"] == "petugas"


def test_file_is_private_and_written_atomically(users_file: Path) -> None:
    add_user(users_file, "budi", PASSWORD, "petugas")
    add_user(users_file, "sari", PASSWORD, "rapat")
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    assert not accounts.insecure_permissions(users_file)
    assert [p.name for p in users_file.parent.iterdir()] == ["pengguna.toml"]  # no temp left


def test_login_right_and_wrong_password(users_file: Path) -> None:
    add_user(users_file, "budi", PASSWORD, "petugas")
    add_user(users_file, "rapat1", PASSWORD + "x", "rapat")
    assert verify_login(users_file, "budi", PASSWORD) == "petugas"
    assert verify_login(users_file, " BUDI ", PASSWORD) == "petugas"
    assert verify_login(users_file, "rapat1", PASSWORD + "x") == "rapat"
    assert verify_login(users_file, "budi", PASSWORD + "x") is None
    assert verify_login(users_file, "budi", "") is None
    assert verify_login(users_file, "tidakada", PASSWORD) is None
    assert verify_login(users_file, "../../etc", PASSWORD) is None
    assert verify_login(users_file.parent / "missing.toml", "budi", PASSWORD) is None


def test_unknown_user_still_costs_one_hash_verification(
    users_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(users_file, "budi", PASSWORD, "petugas")
    calls: list[str] = []
    real = accounts._HASHER

    class Spy:
        def verify(self, stored: str, password: str) -> Any:
            calls.append(stored)
            return real.verify(stored, password)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    monkeypatch.setattr(accounts, "_HASHER", Spy())
    assert verify_login(users_file, "tidakada", PASSWORD) is None
    assert len(calls) == 1 and calls[0].startswith("$argon2")


def test_weak_hash_is_upgraded_on_login(users_file: Path) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    users_file.parent.mkdir(parents=True)
    users_file.write_text(f'[pengguna.lama]\nperan = "rapat"\nhash = "{weak}"\n', encoding="utf-8")
    assert verify_login(users_file, "lama", PASSWORD) == "rapat"
    upgraded = tomllib.loads(users_file.read_text(encoding="utf-8"))["pengguna"]["lama"]["hash"]
    assert upgraded != weak
    assert not PasswordHasher().check_needs_rehash(upgraded)
    assert verify_login(users_file, "lama", PASSWORD) == "rapat"


def test_list_never_exposes_hashes_and_remove(users_file: Path) -> None:
    add_user(users_file, "sari", PASSWORD, "rapat")
    add_user(users_file, "budi", PASSWORD, "petugas")
    users = list_users(users_file)
    assert [(u.username, u.role) for u in users] == [("budi", "petugas"), ("sari", "rapat")]
    assert not any("argon2" in repr(u) for u in users)
    remove_user(users_file, "budi")
    assert [u.username for u in list_users(users_file)] == ["sari"]
    assert verify_login(users_file, "budi", PASSWORD) is None
    with pytest.raises(AccountError, match="tidak ditemukan"):
        remove_user(users_file, "budi")


def test_add_validates_and_refuses_duplicates(users_file: Path) -> None:
    add_user(users_file, "budi", PASSWORD, "petugas")
    with pytest.raises(AccountError, match="sudah ada"):
        add_user(users_file, "budi", PASSWORD, "rapat")
    add_user(users_file, "budi", PASSWORD + "2", "rapat", replace=True)
    assert verify_login(users_file, "budi", PASSWORD + "2") == "rapat"
    for bad_name in ["", "ab", "1budi", "bu di", 'bu"di', "budi]\n[x", "a" * 40]:
        with pytest.raises(AccountError, match="tidak sah"):
            add_user(users_file, bad_name, PASSWORD, "rapat")
    with pytest.raises(AccountError, match="Peran"):
        add_user(users_file, "sari", PASSWORD, "admin")
    with pytest.raises(AccountError, match="pendek"):
        add_user(users_file, "sari", "pendek", "rapat")
    assert [u.username for u in list_users(users_file)] == ["budi"]


def test_corrupt_file_gives_clear_error(users_file: Path) -> None:
    users_file.parent.mkdir(parents=True)
    users_file.write_text("[pengguna.budi\n", encoding="utf-8")
    with pytest.raises(AccountError, match="tidak dapat dibaca"):
        list_users(users_file)
    users_file.write_text('[pengguna.budi]\nperan = "petugas"\n', encoding="utf-8")
    with pytest.raises(AccountError, match="rusak"):
        verify_login(users_file, "budi", PASSWORD)


def test_default_path_is_outside_repository_and_env_overrides(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[3]
    default = default_users_path({})
    assert default.name == "pengguna.toml" and ".config" in default.parts
    assert repo not in default.parents
    assert default_users_path({"PETA_USERS_FILE": str(tmp_path / "u.toml")}) == tmp_path / "u.toml"


@pytest.mark.parametrize(
    ("login", "now", "expired"),
    [
        (1000.0, 1000.0, False),
        (1000.0, 1000.0 + 8 * 3600 - 1, False),
        (1000.0, 1000.0 + 8 * 3600, True),
        (1000.0, 999.0, True),
    ],
)
def test_session_expiry(login: float, now: float, expired: bool) -> None:
    assert is_session_expired(login, now) is expired


def test_session_expiry_custom_age() -> None:
    assert is_session_expired(0.0, 61.0, max_age_s=60)
    assert not is_session_expired(0.0, 59.0, max_age_s=60)


OIDC_TOP = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "s",
        "client_id": "id",
        "client_secret": "sec",
        "server_metadata_url": "https://idp/.well-known/openid-configuration",
    }
}
OIDC_NAMED = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "s",
        "kantor": {
            "client_id": "id",
            "client_secret": "sec",
            "server_metadata_url": "https://idp/x",
        },
    }
}


def test_resolve_auth_mode(users_file: Path) -> None:
    assert resolve_auth_mode({}, users_file) == "none"
    assert resolve_auth_mode(OIDC_TOP, users_file) == "oidc"
    assert resolve_auth_mode(OIDC_NAMED, users_file) == "oidc"
    incomplete = {"auth": {**OIDC_NAMED["auth"], "kantor": {"client_id": "id"}}}
    assert resolve_auth_mode(incomplete, users_file) == "none"
    no_cookie = {"auth": {k: v for k, v in OIDC_TOP["auth"].items() if k != "cookie_secret"}}
    assert resolve_auth_mode(no_cookie, users_file) == "none"
    add_user(users_file, "budi", PASSWORD, "petugas")
    assert resolve_auth_mode({}, users_file) == "local"
    assert resolve_auth_mode(OIDC_TOP, users_file) == "oidc"
    remove_user(users_file, "budi")
    assert resolve_auth_mode({}, users_file) == "none"  # file exists but has no account
    users_file.write_text("rusak = [", encoding="utf-8")
    assert resolve_auth_mode({}, users_file) == "none"


def test_oidc_provider_names() -> None:
    assert oidc_provider(OIDC_TOP) == "default"
    assert oidc_provider(OIDC_NAMED) == "kantor"
    assert oidc_provider({"auth": "x"}) is None
