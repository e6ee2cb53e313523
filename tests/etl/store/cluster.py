"""A throwaway PostgreSQL + PostGIS cluster for tests and ``make bench``: ``initdb`` in a
temporary folder, ``pg_ctl`` on a free loopback port (its unix socket in the same
folder), ``CREATE EXTENSION postgis``, removed at the end.

PostgreSQL refuses to run as root: when the tests run as root (CI containers) the
cluster runs as the ``postgres`` user the Debian package creates (else ``nobody``),
through ``runuser``; the folder is created in ``/tmp`` and handed to that user. Clients
connect over TCP with a password (scram-sha-256), as an office would.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

USER = "peta"
DATABASE = "peta"


class ClusterUnavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed; the message says how to install them."""


def postgres_bindir() -> Path:
    """The folder of ``initdb``/``pg_ctl``/``postgres`` (``PETA_PG_BIN`` overrides), with
    PostGIS installed for that server version."""
    env = os.environ.get("PETA_PG_BIN")
    candidates = [Path(env)] if env else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    for bindir in candidates:
        if not (bindir / "initdb").is_file() or not (bindir / "pg_ctl").is_file():
            continue
        sharedir = (
            subprocess.run(
                [str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True
            ).stdout.strip()
            if (bindir / "pg_config").is_file()
            else ""
        )
        version = bindir.parent.name
        controls = [Path(sharedir, "extension", "postgis.control")] if sharedir else []
        controls.append(Path(f"/usr/share/postgresql/{version}/extension/postgis.control"))
        if any(c.is_file() for c in controls):
            return bindir
    raise ClusterUnavailable(
        "PostgreSQL + PostGIS tidak terpasang (initdb/pg_ctl dan postgis.control tidak "
        "ditemukan). Pasang: `sudo apt-get install -y postgresql postgis` (atau jalankan "
        "`make test`, yang memasangnya), atau set PETA_PG_BIN ke folder bin PostgreSQL."
    )


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster and yield the URL of its database (``postgresql://peta:PW@...``)
    with PostGIS enabled; stop it and remove its folder at the end."""
    bindir = postgres_bindir()
    runas: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="peta-pg-", dir="/tmp" if os.name != "nt" else None))
    if os.geteuid() == 0:
        user = _service_user()
        os.chown(folder, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
        runas = ["runuser", "-u", user, "--"]
    password = secrets.token_hex(12)
    data, pwfile, log = folder / "data", folder / "pw", folder / "log"
    port = free_port()
    try:
        _run([*runas, "sh", "-c", f"umask 077; printf %s {password} > {pwfile}"])
        _run([*runas, str(bindir / "initdb"), "-D", str(data), "-U", USER, "-E", "UTF8",
              "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
              f"--pwfile={pwfile}"])  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
        _run([*runas, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
              "-t", "60", "-o", options, "start"])  # fmt: skip
        try:
            psql = [*runas, str(bindir / "psql"), "-h", str(folder), "-p", str(port), "-U", USER]
            _run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {DATABASE}"])
            _run([*psql, "-d", DATABASE, "-c", "CREATE EXTENSION postgis"])
            yield f"postgresql://{USER}:{password}@127.0.0.1:{port}/{DATABASE}"
        finally:
            subprocess.run([*runas, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                            "-w", "stop"], capture_output=True)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _service_user() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ClusterUnavailable("tidak ada pengguna 'postgres' atau 'nobody' untuk PostgreSQL")


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ClusterUnavailable(
            f"{' '.join(cmd[:6])} ... gagal ({done.returncode}): {done.stderr.strip()[-800:]}"
        )


def fresh_database(url: str) -> None:
    """Drop what an earlier test loaded (the cluster is shared by the session)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS peta CASCADE")
        conn.execute("DROP SCHEMA IF EXISTS peta_masukan CASCADE")  # kept inputs (issue 15)


def read_only_reader(url: str) -> str:
    """The URL of a new login role (random name and password) given the dashboard's
    rights (:func:`etl.store.roles.dashboard_grants`) on what ``url``'s user loads."""
    import re

    import psycopg
    from psycopg import sql

    from etl.store.roles import dashboard_grants

    role, password = f"dasbor_{secrets.token_hex(3)}", secrets.token_hex(8)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)))  # fmt: skip
        for statement in dashboard_grants(role, "peta"):
            conn.execute(statement)
    return re.sub(r"//[^@]*@", f"//{role}:{password}@", url)
