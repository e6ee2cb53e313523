"""Several offices load into one store (issue 15), on the folder store and on a real
PostGIS database alike: every record carries its office, agency and input sha256; loading
an input twice changes nothing; a corrected input replaces its rows and only its rows;
``replace_all``; a rebuild from the kept inputs (for PostGIS: from another machine's empty
folder). Tiny workbooks written here, answers known by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import psycopg
import pytest
from psycopg import sql

from etl.errors import InputError
from etl.io.kept import KEPT_DIR
from etl.io.versions import VERSIONS_DIR
from etl.store import Store
from etl.store.folder import FolderStore
from etl.store.loading import LoadResult, alias_file, load_inputs
from etl.store.postgis import PostgisStore
from etl.tables import InputSource
from etl.tools.decisions import Decision
from geodata.fetch import sha256_of
from tests.etl.store.cluster import fresh_database, read_only_reader

AS_OF = date(2026, 11, 30)
KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan", "Tema"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]
LAP = ["No Laporan", "Tanggal", "Jenis", "Lintang", "Bujur", "Kecamatan", "Desa"]
RECORDS = ("kegiatan", "peserta", "laporan", "tinjauan")
IMIGRASI = ("Kanim Kupang", "Imigrasi")
DISNAKER = ("Disnakertrans TTS", "Disnakertrans")


def book(path: Path, tag: str, jumlah: int = 3, extra: bool = False) -> Path:
    """One office's workbook: a session in Oinlasi with ``jumlah`` participants there,
    a participant row that goes to review (negative count), a report; ``extra``: one more
    participant row (a corrected version)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    peserta = [PES, [f"{tag}1", "Mollo Selatan", "Oinlasi", "kades", str(jumlah)],
               [f"{tag}1", "Kota Soe", "Cendana", "ketua RW", "-3"]]  # fmt: skip
    if extra:
        peserta.append([f"{tag}1", "Kota Soe", "SoE", "lurah", "1"])
    sheets = {
        "Kegiatan": [KEG, [f"{tag}1", "05/10/2026", "Mollo Selatan", "Oinlasi", "TPPO"]],
        "Peserta": peserta,
        "Laporan": [LAP, [f"L{tag}1", "01/06/2026", "dugaan TPPO", "-9.8652", "124.2718", "", ""]],
    }
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def target(tts_build: object, store: Store) -> Store:
    """An empty store of each kind (``store``); the folder ``tmp_path/keluaran`` is its
    ``--out``."""
    return store


def load(store: Store, out: Path, *sources: InputSource, **options: object) -> LoadResult:
    return load_inputs(store, list(sources), out, per_tanggal=AS_OF, **options)  # type: ignore[arg-type]


def files(tmp_path: Path) -> tuple[InputSource, InputSource]:
    """Office A (Imigrasi) and office B (Disnakertrans), both named laporan.xlsx."""
    a = InputSource(book(tmp_path / "a" / "laporan.xlsx", "A", 3), *IMIGRASI)
    b = InputSource(book(tmp_path / "b" / "laporan.xlsx", "B", 4), *DISNAKER)
    return a, b


def load_both(store: Store, out: Path, tmp_path: Path) -> tuple[InputSource, InputSource]:
    """:func:`files` loaded one after the other (office A, then office B)."""
    a, b = files(tmp_path)
    load(store, out, a)
    load(store, out, b)
    return a, b


def corrected(tmp_path: Path) -> InputSource:
    """Office A's workbook corrected: 5 participants in Oinlasi and one more row."""
    return InputSource(book(tmp_path / "a2" / "laporan.xlsx", "A", 5, extra=True), *IMIGRASI)


def by_source(store: Store) -> dict[str, pd.DataFrame]:
    return dict(store.read_outputs((*RECORDS, "desa")).layers)


def test_records_carry_their_office_agency_and_sha256(target: Store, tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    a, b = files(tmp_path)
    load(target, out, a)
    done = load(target, out, b)
    assert [(c.berkas, c.status) for c in done.changes] == [("laporan.xlsx", "baru")]
    layers = by_source(target)
    sha = {IMIGRASI[0]: sha256_of(a.path), DISNAKER[0]: sha256_of(b.path)}
    for name in RECORDS:
        layer = layers[name]
        assert set(layer["kantor"]) == {IMIGRASI[0], DISNAKER[0]}, name
        for _, row in layer.iterrows():
            kantor, instansi = IMIGRASI if row["kantor"] == IMIGRASI[0] else DISNAKER
            assert row["sumber_instansi"] == instansi
            assert row["sumber_sha256"] == sha[kantor]
            assert row["sumber_file"] == f"laporan.xlsx ({kantor}, {instansi})"
    assert len(layers["peserta"]) == 2 and len(layers["tinjauan"]) == 2
    (oinlasi,) = set(layers["peserta"]["desa_kode"])  # both offices' rows: one desa
    assert layers["desa"].set_index("kode").loc[oinlasi, "peserta"] == 3 + 4  # both counted
    manifest = target.read_outputs(()).manifest
    assert sorted((e.kantor, e.sumber_instansi, e.nama, e.sha256) for e in manifest.masukan) == [
        (*DISNAKER, "laporan.xlsx", sha[DISNAKER[0]]), (*IMIGRASI, "laporan.xlsx", sha[IMIGRASI[0]])
    ]  # fmt: skip
    if isinstance(target, PostgisStore):  # real columns of the database tables
        with psycopg.connect(target.url) as conn:
            for name in RECORDS:
                query = sql.SQL("SELECT DISTINCT kantor, sumber_instansi FROM peta.{}")
                rows = conn.execute(query.format(sql.Identifier(name))).fetchall()
                assert sorted(rows) == sorted([DISNAKER, IMIGRASI]), name


def test_loading_an_input_again_changes_nothing(target: Store, tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    a, _b = load_both(target, out, tmp_path)
    before, layers = target.version(), by_source(target)
    versions = sorted((out / VERSIONS_DIR).iterdir())
    again = load(target, out, a)
    assert again.run is None and [c.status for c in again.changes] == ["sama"]
    assert target.version() == before and again.version == before
    assert sorted((out / VERSIONS_DIR).iterdir()) == versions  # no new folder version
    for name, frame in by_source(target).items():
        pd.testing.assert_frame_equal(frame, layers[name])
    if isinstance(target, PostgisStore):
        with psycopg.connect(target.url) as conn:
            assert conn.execute("SELECT count(*) FROM peta.muatan").fetchone() == (1,)


def test_a_corrected_input_replaces_its_rows_and_only_its_rows(
    target: Store, tmp_path: Path
) -> None:
    out = tmp_path / "keluaran"
    a, b = load_both(target, out, tmp_path)
    old_sha = sha256_of(a.path)
    b_rows = {n: _rows(f, DISNAKER[0]) for n, f in by_source(target).items() if n in RECORDS}
    fixed = corrected(tmp_path)
    done = load(target, out, fixed)
    new_sha = sha256_of(fixed.path)
    (change,) = done.changes
    assert (change.status, change.sebelumnya, change.sha256) == ("diganti", old_sha, new_sha)
    layers = by_source(target)
    for name in RECORDS:
        assert old_sha not in set(layers[name]["sumber_sha256"]), name
        pd.testing.assert_frame_equal(_rows(layers[name], DISNAKER[0]), b_rows[name])
    a_peserta = _rows(layers["peserta"], IMIGRASI[0])
    assert a_peserta["jumlah"].tolist() == [5, 1] and set(a_peserta["sumber_sha256"]) == {new_sha}
    oinlasi = _rows(layers["peserta"], DISNAKER[0])["desa_kode"].iloc[0]
    assert layers["desa"].set_index("kode").loc[oinlasi, "peserta"] == 5 + 4
    assert len(target.read_outputs(()).manifest.masukan) == 2
    kept = sorted(p.name for p in (out / KEPT_DIR).iterdir())
    assert kept == sorted(f"laporan-{s[:12]}.xlsx" for s in (new_sha, sha256_of(b.path)))
    if isinstance(target, PostgisStore):  # the replaced version's bytes are gone too
        with psycopg.connect(target.url) as conn:
            shas = {r[0] for r in conn.execute("SELECT sha256 FROM peta_masukan.berkas")}
        assert shas == {new_sha, sha256_of(b.path)}


def test_replace_all_makes_the_files_given_the_whole_set(target: Store, tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    _a, b = load_both(target, out, tmp_path)
    done = load(target, out, b, replace_all=True)
    assert sorted((c.kantor, c.status) for c in done.changes) == [
        (DISNAKER[0], "sama"), (IMIGRASI[0], "dihapus")
    ]  # fmt: skip
    assert done.run is not None and done.inputs == 1
    layers = by_source(target)
    assert {n: set(layers[n]["kantor"]) for n in RECORDS} == {n: {DISNAKER[0]} for n in RECORDS}
    assert layers["peserta"]["sumber_file"].tolist() == ["laporan.xlsx"]  # its own name again


def test_a_rebuild_without_files_runs_over_the_kept_set(target: Store, tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    a, b = load_both(target, out, tmp_path)
    before, layers = target.version(), by_source(target)
    for given in (a, b):
        given.path.unlink()  # a rebuild needs only what the store kept
    where = out if isinstance(target, FolderStore) else tmp_path / "mesin-lain"
    done = load(target, where)
    assert done.run is not None and done.changes == () and done.inputs == 2
    assert target.version() != before
    for name in RECORDS:
        pd.testing.assert_frame_equal(by_source(target)[name], layers[name])
    if isinstance(target, PostgisStore):  # another machine's empty folder got the files
        assert len(list((where / KEPT_DIR).iterdir())) == 2


def test_a_store_without_inputs_cannot_be_rebuilt(target: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Belum ada masukan"):
        load(target, tmp_path / "keluaran")


def test_the_dashboards_read_only_user_cannot_read_the_kept_inputs(
    tts_build: object, postgis_url: str, tmp_path: Path
) -> None:
    fresh_database(postgis_url)
    a, _ = files(tmp_path)
    load(PostgisStore(postgis_url), tmp_path / "keluaran", a)
    reader = read_only_reader(postgis_url)
    assert set(PostgisStore(reader).read_layer("peserta")["kantor"]) == {IMIGRASI[0]}
    with psycopg.connect(reader) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT isi FROM peta_masukan.berkas")


def _rows(frame: pd.DataFrame, kantor: str) -> pd.DataFrame:
    """The rows of one office, as a plain table (row order within the office kept)."""
    return pd.DataFrame(frame[frame["kantor"] == kantor]).reset_index(drop=True)


def test_the_same_content_under_another_source_is_refused(
    tts_build: object, tmp_path: Path
) -> None:
    out = tmp_path / "keluaran"
    store = FolderStore(out)
    a, _ = files(tmp_path)
    load(store, out, a)
    before = store.version()
    copy = tmp_path / "salinan" / "laporan.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(a.path.read_bytes())
    with pytest.raises(InputError, match="isinya sama persis"):
        load(store, out, InputSource(copy, *DISNAKER))
    assert store.version() == before


def test_two_offices_numbering_sessions_alike_get_two_sessions(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both offices call their session "K1" and their report "LK1": two sessions (each
    with its own office's participants) and two reports, nothing in review as a
    duplicate."""
    out = tmp_path / "keluaran"
    store = FolderStore(out)
    a = InputSource(book(tmp_path / "a" / "kanim.xlsx", "K", 3), *IMIGRASI)
    b = InputSource(book(tmp_path / "b" / "disnaker.xlsx", "K", 4), *DISNAKER)
    load(store, out, a, b)
    layers = by_source(store)
    ids = {f"K1 ({kantor}, {instansi})": (kantor, n) for (kantor, instansi), n in
           ((IMIGRASI, 3), (DISNAKER, 4))}  # fmt: skip
    kegiatan = layers["kegiatan"].set_index("id_kegiatan")
    assert sorted(kegiatan.index) == sorted(ids)
    assert all(kegiatan.loc[i, "kantor"] == kantor for i, (kantor, _) in ids.items())
    peserta = layers["peserta"].set_index("id_kegiatan")
    assert {i: int(peserta.loc[i, "jumlah"]) for i in ids} == {i: n for i, (_, n) in ids.items()}
    assert not layers["tinjauan"]["alasan"].str.contains("ganda").any()
    assert len(layers["laporan"]) == 2
    (oinlasi,) = set(layers["peserta"]["desa_kode"])
    assert layers["desa"].set_index("kode").loc[oinlasi, "jumlah_kegiatan"] == 2
    warnings = store.read_outputs(()).manifest.peringatan
    assert any(
        "K1: Disnakertrans TTS, Disnakertrans / Kanim Kupang, Imigrasi" in w for w in warnings
    )


def test_a_review_decision_since_the_last_load_makes_the_same_file_run_again(
    target: Store, tmp_path: Path
) -> None:
    """Same file, but an officer decided a name since: the load applies it (a new
    version); once applied, the same file again changes nothing."""
    out = tmp_path / "keluaran"
    a, _ = files(tmp_path)
    aliases = None if isinstance(target, PostgisStore) else out / "aliases.csv"
    load(target, out, a, aliases_path=aliases)
    before = target.version()
    target.record_decision(Decision("53.02", "Kota Soe", "Cendana", "53.02.02.2008", "ani"))
    again = load(target, out, a, aliases_path=aliases)
    assert again.run is not None and target.version() != before
    assert load(target, out, a, aliases_path=aliases).run is None


def test_the_alias_file_a_load_applies(tmp_path: Path) -> None:
    given = tmp_path / "keputusan.csv"
    assert alias_file(tmp_path, given, database=True) == (given, "")
    assert alias_file(tmp_path, None, database=False) == (tmp_path / "aliases.csv", "")
    assert alias_file(tmp_path, None, database=True) == (None, "")  # no file: nothing to say
    (tmp_path / "aliases.csv").write_text("x", encoding="utf-8")
    path, note = alias_file(tmp_path, None, database=True)  # the database's log rules
    assert path is None and "tidak dibaca" in note and "--alias" in note
