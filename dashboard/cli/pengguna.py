"""`peta-sosialisasi pengguna tambah|hapus|daftar`: manage local accounts.

Wiring (in the main CLI, :mod:`dashboard.cli`): `add_parser(subparsers)` then, for the
parsed args, `return run(args)` (also stored as `args.handler`). Messages are Indonesian
and errors end with a one-line message and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from dashboard.services import accounts
from dashboard.services.access import ROLES
from geodata.cli.common import EXIT_CANCELLED, EXIT_DATA, EXIT_USAGE, fail


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `pengguna` (with `tambah`, `hapus`, `daftar`) on an argparse subparsers
    object and return its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "pengguna",
        help="kelola akun lokal (tambah, hapus, daftar)",
        description="Kelola akun lokal dasbor. Kata sandi hanya disimpan sebagai hash argon2.",
    )
    parser.add_argument(
        "--berkas",
        type=Path,
        default=None,
        help=f"berkas akun (bawaan: ${accounts.USERS_FILE_ENV} atau {accounts.DEFAULT_USERS_PATH})",
    )
    actions = parser.add_subparsers(dest="aksi", metavar="{tambah,hapus,daftar}")
    actions.required = True
    add = actions.add_parser("tambah", help="tambah akun atau ganti kata sandinya")
    add.add_argument("username", help="nama pengguna (huruf kecil, angka, . _ -)")
    add.add_argument("--peran", required=True, choices=ROLES, help="petugas atau rapat")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi dari baris pertama masukan standar (untuk skrip)",
    )
    add.add_argument(
        "--ganti", action="store_true", help="ganti kata sandi/peran akun yang sudah ada"
    )
    remove = actions.add_parser("hapus", help="hapus akun")
    remove.add_argument("username")
    actions.add_parser("daftar", help="tampilkan akun (tanpa hash)")
    parser.set_defaults(handler=run)
    return parser


def run(
    args: argparse.Namespace,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    ask_password: Callable[[str], str] = getpass.getpass,
) -> int:
    """Carry out the parsed `pengguna` command; 0 on success, 1 on an error (message on
    stderr), 130 when interrupted."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    path = Path(args.berkas) if getattr(args, "berkas", None) else accounts.default_users_path()
    try:
        if args.aksi == "tambah":
            password = _read_password(args, stdin or sys.stdin, ask_password)
            info = accounts.add_user(path, args.username, password, args.peran, replace=args.ganti)
            verb = "diperbarui" if args.ganti else "ditambahkan"
            print(f"Pengguna '{info.username}' ({info.role}) {verb} di {path}.", file=out)
        elif args.aksi == "hapus":
            accounts.remove_user(path, args.username)
            print(
                f"Pengguna '{accounts.normalise_username(args.username)}' dihapus dari {path}.",
                file=out,
            )
        elif args.aksi == "daftar":
            _print_users(path, out, err)
        else:
            return fail(f"perintah tidak dikenal: {args.aksi}", EXIT_USAGE, stream=err)
    except accounts.AccountError as exc:
        return fail(exc, EXIT_DATA, stream=err)
    except OSError as exc:
        msg = f"berkas akun {path} tidak bisa ditulis/dibaca: {exc.strerror or exc}"
        return fail(msg, EXIT_DATA, stream=err)
    except (KeyboardInterrupt, EOFError):
        print(file=err)
        return fail("dibatalkan.", EXIT_CANCELLED, stream=err)
    return 0


def _read_password(
    args: argparse.Namespace, stdin: TextIO, ask_password: Callable[[str], str]
) -> str:
    if args.password_stdin:
        line = stdin.readline()
        if not line:
            raise accounts.AccountError("Tidak ada kata sandi pada masukan standar.")
        return line.rstrip("\r\n")
    first = ask_password("Kata sandi: ")
    second = ask_password("Ulangi kata sandi: ")
    if first != second:
        raise accounts.AccountError("Kedua kata sandi tidak sama.")
    return first


def _print_users(path: Path, out: TextIO, err: TextIO) -> None:
    users = accounts.list_users(path)
    if not users:
        print(f"Belum ada akun di {path}. Dasbor berjalan dalam peran 'rapat' saja.", file=out)
        return
    width = max(len(u.username) for u in users)
    print(f"{'PENGGUNA'.ljust(width)}  PERAN     DIBUAT", file=out)
    for user in users:
        print(f"{user.username.ljust(width)}  {user.role.ljust(8)}  {user.dibuat}", file=out)
    if accounts.insecure_permissions(path):
        print(
            f"Peringatan: {path} dapat dibaca pengguna lain; jalankan: chmod 600 {path}", file=err
        )
