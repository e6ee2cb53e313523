"""Local accounts for offices without an identity provider, and the auth-mode decision.

Accounts live in a TOML file OUTSIDE the repository (default
`~/.config/peta-sosialisasi/pengguna.toml`, or `$PETA_USERS_FILE`), holding only argon2id
hashes (argon2-cffi `PasswordHasher`), written atomically with mode 0600. This module
never imports streamlit: pages call it and keep the result in the session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.services.access import ROLES, Role
from geodata.io.atomic import write_text_atomically

AuthMode = Literal["oidc", "local", "none"]

USERS_FILE_ENV: Final = "PETA_USERS_FILE"
DEFAULT_USERS_PATH: Final = Path("~/.config/peta-sosialisasi/pengguna.toml")
SESSION_MAX_AGE_S: Final = 8 * 3600
MIN_PASSWORD_LENGTH: Final = 10
MAX_PASSWORD_LENGTH: Final = 1024

_USERNAME_RE = re.compile(r"[a-z][a-z0-9._-]{2,31}")
_OIDC_KEYS = ("client_id", "client_secret", "server_metadata_url")
_HASHER = PasswordHasher()


class AccountError(Exception):
    """A problem with accounts, worded for the user (Bahasa Indonesia)."""


@dataclass(frozen=True)
class UserInfo:
    """What may be shown about an account: never the hash."""

    username: str
    role: Role
    dibuat: str


def default_users_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$PETA_USERS_FILE` if set, else `~/.config/peta-sosialisasi/pengguna.toml`."""
    env = os.environ if environ is None else environ
    configured = env.get(USERS_FILE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_USERS_PATH.expanduser()


def normalise_username(username: str) -> str:
    """Lower-case, trimmed user name; raises AccountError unless it is 3-32 characters of
    a-z, 0-9, '.', '_' or '-' starting with a letter."""
    name = username.strip().lower()
    if not _USERNAME_RE.fullmatch(name):
        raise AccountError(
            f"Nama pengguna '{username}' tidak sah: 3-32 karakter, diawali huruf, "
            "hanya huruf kecil a-z, angka, titik, garis bawah atau tanda hubung."
        )
    return name


def add_user(
    path: Path | str, username: str, password: str, role: str, *, replace: bool = False
) -> UserInfo:
    """Create an account (or, with `replace`, reset its password and role)."""
    name = normalise_username(username)
    checked_role = _check_role(role)
    _check_password(password)
    users = _load(Path(path))
    if name in users and not replace:
        raise AccountError(f"Pengguna '{name}' sudah ada. Hapus dulu atau pakai opsi ganti.")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    users[name] = {"peran": checked_role, "hash": _HASHER.hash(password), "dibuat": created}
    _save(Path(path), users)
    return UserInfo(name, checked_role, created)


def remove_user(path: Path | str, username: str) -> None:
    """Delete an account; AccountError if it does not exist."""
    name = normalise_username(username)
    users = _load(Path(path))
    if name not in users:
        raise AccountError(f"Pengguna '{name}' tidak ditemukan.")
    del users[name]
    _save(Path(path), users)


def list_users(path: Path | str) -> list[UserInfo]:
    """Accounts sorted by name, without hashes (empty if the file does not exist)."""
    users = _load(Path(path))
    return [
        UserInfo(n, _check_role(r["peran"]), str(r.get("dibuat", "")))
        for n, r in sorted(users.items())
    ]


def verify_login(path: Path | str, username: str, password: str) -> Role | None:
    """The account's role if the password is right, else None.

    An unknown user still costs one argon2 verification (against a dummy hash), so timing
    does not tell which names exist. A hash made with weaker parameters is upgraded."""
    users = _load(Path(path))
    try:
        name = normalise_username(username)
    except AccountError:
        name = ""
    record = users.get(name)
    stored = str(record["hash"]) if record else _dummy_hash()
    try:
        ok = _HASHER.verify(stored, password[:MAX_PASSWORD_LENGTH]) and record is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or record is None or len(password) > MAX_PASSWORD_LENGTH:
        return None
    if _HASHER.check_needs_rehash(stored):
        record["hash"] = _HASHER.hash(password)
        with contextlib.suppress(OSError):  # upgrading is best effort; the login is valid
            _save(Path(path), users)
    return _check_role(record["peran"])


def is_session_expired(login_time: float, now: float, max_age_s: int = SESSION_MAX_AGE_S) -> bool:
    """True when a login from `login_time` (epoch seconds) is too old at `now` — or lies
    in the future, which only a tampered or confused clock produces."""
    age = now - login_time
    return age < 0 or age >= max_age_s


def resolve_auth_mode(secrets: Mapping[str, Any], users_path: Path | str | None = None) -> AuthMode:
    """ "oidc" when Streamlit secrets `[auth]` configure a provider for `st.login`;
    "local" when the accounts file holds at least one account; else "none" (the app then
    runs in the `rapat` role only). An unreadable accounts file also gives "none"."""
    if oidc_provider(secrets) is not None:
        return "oidc"
    path = default_users_path() if users_path is None else Path(users_path)
    try:
        return "local" if list_users(path) else "none"
    except AccountError:
        return "none"


def oidc_provider(secrets: Mapping[str, Any]) -> str | None:
    """Provider for `st.login(...)`: "default" when `[auth]` itself carries client_id,
    client_secret and server_metadata_url, else the first `[auth.<name>]` that does;
    None when `[auth]` lacks redirect_uri/cookie_secret or any complete provider."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not {"redirect_uri", "cookie_secret"} <= set(auth):
        return None
    if all(auth.get(key) for key in _OIDC_KEYS):
        return "default"
    for name, section in auth.items():
        if (
            isinstance(section, Mapping)
            and "_" not in name
            and all(section.get(key) for key in _OIDC_KEYS)
        ):
            return str(name)
    return None


def oidc_library_installed() -> bool:
    """`st.login` needs Authlib; without it OIDC cannot work even when configured."""
    return importlib.util.find_spec("authlib") is not None


def insecure_permissions(path: Path | str) -> bool:
    """True when the accounts file exists and group or others may read or write it."""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return False
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def _load(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AccountError(
            f"Berkas akun {path} tidak dapat dibaca ({exc}). Periksa atau buat ulang."
        ) from exc
    users = data.get("pengguna", {})
    if not isinstance(users, dict) or not all(
        isinstance(r, dict) and {"peran", "hash"} <= set(r) for r in users.values()
    ):
        raise AccountError(
            f"Berkas akun {path} rusak: setiap [pengguna.NAMA] perlu 'peran' dan 'hash'."
        )
    return {str(n): dict(r) for n, r in users.items()}


def _save(path: Path, users: Mapping[str, Mapping[str, Any]]) -> None:
    lines = [
        "# Akun lokal Peta Sosialisasi: hanya hash argon2. Jangan disalin ke repositori.",
        "# Kelola dengan: peta-sosialisasi pengguna tambah|hapus|daftar",
        "versi = 1",
    ]
    for name in sorted(users):
        record = users[name]
        lines += ["", f"[pengguna.{_toml_str(name)}]"]
        lines += [
            f"{key} = {_toml_str(str(record[key]))}"
            for key in ("peran", "hash", "dibuat")
            if key in record
        ]
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_text_atomically(path, "\n".join(lines) + "\n", mode=0o600)


def _toml_str(value: str) -> str:
    if not value.isascii() or not value.isprintable():
        raise AccountError("Nilai akun hanya boleh berisi karakter ASCII yang tercetak.")
    return json.dumps(value)


def _check_role(role: object) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise AccountError(f"Peran '{role}' tidak dikenal: pilih 'petugas' atau 'rapat'.")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD_LENGTH} karakter.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Kata sandi terlalu panjang: maksimal {MAX_PASSWORD_LENGTH} karakter.")
    if not password.strip():
        raise AccountError("Kata sandi tidak boleh hanya berisi spasi.")


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(os.urandom(16).hex())
