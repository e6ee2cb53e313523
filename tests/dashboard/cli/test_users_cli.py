"""`peta-sosialisasi pengguna tambah|hapus|daftar`."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from dashboard.cli import pengguna as users_cli
from dashboard.services.accounts import list_users, verify_login

PASSWORD = "rahasia-kantor-2025"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="peta-sosialisasi")
    users_cli.add_parser(parser.add_subparsers(dest="perintah"))
    return parser.parse_args(argv)


def call(
    argv: list[str], *, stdin: str = "", answers: list[str] | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    replies = iter(answers or [])
    code = users_cli.run(
        parse(argv),
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
        ask_password=lambda _p: next(replies),
    )
    return code, out.getvalue(), err.getvalue()


def test_add_list_remove_roundtrip(tmp_path: Path) -> None:
    f = str(tmp_path / "u.toml")
    code, out, _ = call(
        ["pengguna", "--berkas", f, "tambah", "budi", "--peran", "petugas"], answers=[PASSWORD] * 2
    )
    assert code == 0 and "ditambahkan" in out
    code, _, _ = call(
        ["pengguna", "--berkas", f, "tambah", "sari", "--peran", "rapat", "--password-stdin"],
        stdin=PASSWORD + "\n",
    )
    assert code == 0
    assert verify_login(f, "sari", PASSWORD) == "rapat"
    code, out, _ = call(["pengguna", "--berkas", f, "daftar"])
    assert code == 0 and "budi" in out and "petugas" in out and "argon2" not in out
    code, out, _ = call(["pengguna", "--berkas", f, "hapus", "budi"])
    assert code == 0 and "dihapus" in out
    assert [u.username for u in list_users(f)] == ["sari"]


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    f = str(tmp_path / "u.toml")
    code, _, err = call(
        ["pengguna", "--berkas", f, "tambah", "budi", "--peran", "rapat"],
        answers=[PASSWORD, PASSWORD + "x"],
    )
    assert code == 1 and "tidak sama" in err and "Traceback" not in err
    code, _, err = call(["pengguna", "--berkas", f, "hapus", "budi"])
    assert code == 1 and "tidak ditemukan" in err
    code, _, err = call(
        ["pengguna", "--berkas", f, "tambah", "budi", "--peran", "rapat", "--password-stdin"],
        stdin="",
    )
    assert code == 1 and "Tidak ada kata sandi" in err
    code, _, err = call(
        ["pengguna", "--berkas", f, "tambah", "x y", "--peran", "rapat", "--password-stdin"],
        stdin=PASSWORD,
    )
    assert code == 1 and "tidak sah" in err
    code, out, _ = call(["pengguna", "--berkas", f, "daftar"])
    assert code == 0 and "Belum ada akun" in out


def test_role_choice_enforced_by_parser() -> None:
    with pytest.raises(SystemExit):
        parse(["pengguna", "tambah", "budi", "--peran", "admin"])


def test_env_file_used_without_berkas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.toml"
    monkeypatch.setenv("PETA_USERS_FILE", str(target))
    code, _, _ = call(
        ["pengguna", "tambah", "budi", "--peran", "rapat", "--password-stdin"], stdin=PASSWORD
    )
    assert code == 0 and target.is_file()
