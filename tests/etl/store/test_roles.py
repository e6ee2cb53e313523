"""``peta-sosialisasi basisdata peran`` on a real cluster: the loader owns schema
``peta``; the dashboard's role reads the data tables (also those of later loads), may
only insert into the review log, and has no right anywhere else. Passwords come only from
the environment and are never printed (nor in ``--cetak``). Each test uses its own
database and roles in the session's throwaway cluster (password logins over TCP)."""

from __future__ import annotations

import re
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from dashboard.cli import main
from etl.store import StoreError
from etl.store.postgis import PostgisStore
from etl.store.roles import PASSWORD_ENV
from etl.tools.decisions import Decision
from tests.etl.store.layers import sample_layers, sample_manifest


@dataclass(frozen=True)
class Office:
    """A database set up by the command: the admin's URL and both roles' logins."""

    admin: str
    loader: str
    dashboard: str
    loader_url: str
    dashboard_url: str
    passwords: tuple[str, str]


def _url(base: str, *, user: str | None = None, password: str = "", db: str | None = None) -> str:
    match = re.match(r"^postgresql://([^:]+):([^@]*)@([^/]+)/(.+)$", base)
    assert match is not None
    login = f"{user}:{password}" if user else f"{match[1]}:{match[2]}"
    return f"postgresql://{login}@{match[3]}/{db or match[4]}"


@pytest.fixture
def database(postgis_url: str) -> Iterator[str]:
    """The admin (superuser) URL of a new, empty database; dropped afterwards."""
    name = f"kantor_{secrets.token_hex(4)}"
    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield _url(postgis_url, db=name)
    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def office(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Office:
    """Roles created by the command with passwords from the environment."""
    tag = secrets.token_hex(3)
    loader, dashboard = f"pemuat_{tag}", f"dasbor_{tag}"
    passwords = (secrets.token_hex(10), secrets.token_hex(10))
    monkeypatch.setenv(PASSWORD_ENV["pemuat"], passwords[0])
    monkeypatch.setenv(PASSWORD_ENV["dasbor"], passwords[1])
    assert main(["basisdata", "peran", "--pemuat", loader, "--dasbor", dashboard,
                 "--db", database]) == 0  # fmt: skip
    printed = capsys.readouterr()
    for secret in (*passwords, _admin_password(database)):
        assert secret not in printed.out + printed.err
    assert f"dibuat, dengan sandi dari {PASSWORD_ENV['dasbor']}" in printed.out
    return Office(database, loader, dashboard, _url(database, user=loader, password=passwords[0]),
                  _url(database, user=dashboard, password=passwords[1]), passwords)  # fmt: skip


def _admin_password(url: str) -> str:
    return url.split(":")[2].split("@")[0]


def _refused(url: str, statement: str) -> None:
    with (
        psycopg.connect(url, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement)


def test_the_dashboard_reads_data_and_only_inserts_decisions(office: Office) -> None:
    loader = PostgisStore(office.loader_url)
    loader.publish(sample_layers("A"), sample_manifest("A"))
    dashboard = PostgisStore(office.dashboard_url)
    assert dashboard.read_outputs().manifest.versi == "uji-A"  # SELECT on data tables
    dashboard.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2008", "ani"))
    with pytest.raises(StoreError, match="permission denied"):
        dashboard.read_decisions()
    logged = loader.read_decisions()
    assert logged[["dibuat_oleh", "pengguna_db", "desa_kode"]].values.tolist() == [
        ["ani", office.dashboard, "53.02.02.2008"]
    ]
    log = "peta.keputusan_tinjauan"
    for statement in (
        f"SELECT count(*) FROM {log}",
        f"UPDATE {log} SET dibuat_oleh = 'x'",
        f"DELETE FROM {log}",
        f"TRUNCATE {log}",
        f"INSERT INTO {log} (kabupaten, nama_ketik, desa_kode, dibuat_oleh, dibuat_pada)"
        " VALUES ('53.02', 'A', '53.02.02.2008', 'x', '2000-01-01')",  # no forged time
        "INSERT INTO peta.muatan (kabupaten, manifest, lapisan) VALUES ('x', '{}', '{}')",
        "UPDATE peta.desa SET nama = 'x'",
        "DELETE FROM peta.peserta",
        "CREATE TABLE peta.coba (x int)",
        "DROP TABLE peta.desa",
    ):
        _refused(office.dashboard_url, statement)
    with pytest.raises(StoreError, match="permission denied"):
        dashboard.publish(sample_layers("C"), sample_manifest("C"))
    # a later load with a new table: still readable, still nothing more
    layers = sample_layers("B")
    layers["tinjauan"] = sample_layers("B")["peserta"]
    loader.publish(layers, sample_manifest("B"))
    assert dashboard.read_layer("tinjauan")["id_kegiatan"].str.startswith("K-B").all()
    _refused(office.dashboard_url, "DELETE FROM peta.tinjauan")


def test_the_dashboard_has_nothing_on_other_schemas(office: Office) -> None:
    with psycopg.connect(office.loader_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA peta_masukan")  # e.g. raw inputs with personal data
        conn.execute("CREATE TABLE peta_masukan.berkas (nama text)")
        conn.execute("INSERT INTO peta_masukan.berkas VALUES ('peserta.xlsx')")
    _refused(office.dashboard_url, "SELECT * FROM peta_masukan.berkas")
    _refused(office.dashboard_url, "CREATE TABLE public.coba (x int)")
    _refused(office.dashboard_url, "CREATE TABLE peta_masukan.coba (x int)")
    _refused(office.dashboard_url, "CREATE SCHEMA coba")


def test_the_log_refuses_changes_from_its_owner_the_loader(office: Office) -> None:
    loader = PostgisStore(office.loader_url)
    loader.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2008", "ani"))
    with psycopg.connect(office.loader_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'peta'"
            " AND tablename = 'keputusan_tinjauan'"
        ).fetchone()
        assert row == (office.loader,)
        for statement in ("UPDATE peta.keputusan_tinjauan SET dibuat_oleh = 'x'",
                          "DELETE FROM peta.keputusan_tinjauan", "TRUNCATE peta.keputusan_tinjauan"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="hanya boleh ditambah"):
                conn.execute(statement)
    assert loader.read_decisions()["dibuat_oleh"].tolist() == ["ani"]


def test_rerun_keeps_passwords_and_never_prints_them(
    office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(PASSWORD_ENV["pemuat"])
    monkeypatch.delenv(PASSWORD_ENV["dasbor"])
    args = ["basisdata", "peran", "--pemuat", office.loader, "--dasbor", office.dashboard]
    assert main([*args, "--db", office.admin]) == 0  # idempotent
    out = capsys.readouterr().out
    assert out.count("sandinya tidak diubah") == 2
    for url in (office.loader_url, office.dashboard_url):  # the old passwords still work
        PostgisStore(url).version()
    monkeypatch.setenv(PASSWORD_ENV["dasbor"], "sandi-baru-" + office.passwords[1])
    assert main([*args, "--cetak"]) == 0
    script = capsys.readouterr().out
    assert "CREATE ROLE" in script and "GRANT INSERT (" in script
    assert " PASSWORD " not in script and "SCRAM" not in script
    assert main([*args, "--db", office.admin]) == 0
    printed = capsys.readouterr()
    for secret in (*office.passwords, _admin_password(office.admin)):
        assert secret not in script + printed.out + printed.err
    assert "sandi diganti" in printed.out and "SCRAM" not in printed.out
    new_url = _url(office.admin, user=office.dashboard,
                   password="sandi-baru-" + office.passwords[1])  # fmt: skip
    PostgisStore(new_url).version()
    with pytest.raises(StoreError):
        PostgisStore(office.dashboard_url).version()


def test_a_role_without_its_variable_is_created_without_password(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for variable in PASSWORD_ENV.values():
        monkeypatch.delenv(variable, raising=False)
    tag = secrets.token_hex(3)
    assert main(["basisdata", "peran", "--pemuat", f"p_{tag}", "--dasbor", f"d_{tag}",
                 "--db", database]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.count("dibuat TANPA sandi") == 2 and PASSWORD_ENV["dasbor"] in out
    with psycopg.connect(database) as conn:
        rows = conn.execute(
            "SELECT rolname, rolcanlogin, rolpassword IS NULL FROM pg_authid"
            " WHERE rolname LIKE %s ORDER BY rolname",
            (f"%_{tag}",),
        ).fetchall()
    assert rows == [(f"d_{tag}", True, True), (f"p_{tag}", True, True)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pemuat", "peta", "--dasbor", "peta"], "dua peran yang berbeda"),
        (["--pemuat", "Peta; DROP", "--dasbor", "d"], "nama peran"),
        (["--pemuat", "p", "--dasbor", "d", "--db", "mysql://u:rahasia@h/db"], "postgresql://"),
    ],
)
def test_bad_usage_is_one_indonesian_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["basisdata", "peran", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "rahasia" not in err and len(err.strip().splitlines()) == 1


def test_a_superuser_dashboard_or_a_foreign_schema_owner_is_refused(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = psycopg.connect(database).info.user
    assert main(["basisdata", "peran", "--pemuat", "p_x", "--dasbor", admin, "--db", database]) == 1
    assert "superuser" in capsys.readouterr().err
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA peta")  # owned by the admin, not the loader
    tag = secrets.token_hex(3)
    assert main(["basisdata", "peran", "--pemuat", f"p_{tag}", "--dasbor", f"d_{tag}",
                 "--db", database]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "skema peta dimiliki" in err and "Tidak ada yang diubah" in err
    with psycopg.connect(database) as conn:  # one transaction: the roles were not created
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s",
                            (f"p_{tag}",)).fetchone() == (0,)  # fmt: skip


def test_the_printed_script_runs_in_psql_and_gives_the_same_rights(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.etl.store.cluster import postgres_bindir

    tag = secrets.token_hex(3)
    loader, dashboard = f"p_{tag}", f"d_{tag}"
    assert main(["basisdata", "peran", "--pemuat", loader, "--dasbor", dashboard, "--cetak"]) == 0
    script = tmp_path / "peran.sql"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    done = subprocess.run(
        [str(postgres_bindir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database,
         "-f", str(script)], capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    password = secrets.token_hex(8)
    with psycopg.connect(database, autocommit=True) as conn:  # the DBA sets the passwords
        for role in (loader, dashboard):
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(password)))  # fmt: skip
    loader_store = PostgisStore(_url(database, user=loader, password=password))
    loader_store.publish(sample_layers("A"), sample_manifest("A"))
    dashboard_url = _url(database, user=dashboard, password=password)
    assert (
        PostgisStore(dashboard_url).read_layer("peserta")["id_kegiatan"].str.startswith("K-A").all()
    )
    PostgisStore(dashboard_url).record_decision(Decision("53.02", "", "A", "53.02.02.2008", "ani"))
    _refused(dashboard_url, "SELECT * FROM peta.keputusan_tinjauan")
    assert loader_store.read_decisions()["pengguna_db"].tolist() == [dashboard]


def test_a_reader_of_an_older_setup_never_reads_the_new_log(database: str) -> None:
    """The README's former setup (default SELECT on every table the loader creates for
    a reader): the log the next load creates is not readable by it, and a decision from
    it is refused with the command that fixes the rights."""
    reader, password = f"lama_{secrets.token_hex(3)}", secrets.token_hex(8)
    admin = psycopg.connect(database).info.user
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(reader), sql.Literal(password)))  # fmt: skip
        conn.execute("CREATE EXTENSION postgis")  # before schema peta ("$user" of the admin)
        conn.execute("CREATE SCHEMA peta")
        for statement in (
            f"GRANT USAGE ON SCHEMA peta TO {reader}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {admin} IN SCHEMA peta"
            f" GRANT SELECT ON TABLES TO {reader}",
        ):
            conn.execute(statement)
    PostgisStore(database).publish(sample_layers("A"), sample_manifest("A"))  # creates the log
    reader_url = _url(database, user=reader, password=password)
    assert PostgisStore(reader_url).read_outputs().manifest.versi == "uji-A"
    _refused(reader_url, "SELECT * FROM peta.keputusan_tinjauan")
    with pytest.raises(StoreError, match="basisdata peran") as caught:
        PostgisStore(reader_url).record_decision(Decision("53.02", "", "A", "53.02.02.2008", "ani"))
    assert password not in str(caught.value)
