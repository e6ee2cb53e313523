"""Loads that accumulate: several offices and agencies load their files into one store
(issue 15), each load adding to or correcting the set, never dropping another's input.

An input's identity is (``kantor``, ``sumber_instansi``, file name); its version is its
sha256. The store's current set is its manifest's ``masukan`` plus the kept bytes of each
file (``OUT/masukan/``, :mod:`etl.io.kept`; in PostGIS also ``peta_masukan.berkas``,
:mod:`etl.store.inputs`). :func:`load_inputs` merges the files given into that set:

- same identity, same sha256: unchanged ("sama, dilewati");
- same identity, another sha256: the corrected version replaces the old one (its rows,
  only its rows, go: every other input's rows come out of the run unchanged);
- a new identity: added.

When every file given is already there (and the parameters asked are the ones the data
was built with), nothing is run or published: same version, no new load row. Otherwise
the ETL runs over the whole merged set and publishes it (folder, and the database in
one transaction), so derived layers (desa metrics) count every source. The whole
sequence (read the set, run, publish) holds a lock of the store, so two offices loading
at once both end up in the set. No Streamlit here; the CLI (``etl``) prints the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from etl import __version__
from etl.errors import InputError
from etl.io.contract import DEFAULT_KABUPATEN, DEFAULT_WINDOW_MONTHS, InputFile, Manifest
from etl.io.kept import KEPT_DIR, find_kept, folder_load_lock, is_kept, keep_file, kept_name
from etl.io.safety import check_input_file
from etl.io.versions import LOCK_WAIT_SECONDS
from etl.pipeline import EtlResult, run_etl
from etl.store import Store, decisions_fingerprint
from etl.store.folder import ALIAS_FILE
from etl.store.inputs import (
    database_load_lock,
    fetch_input,
    prune_inputs,
    save_inputs,
)
from etl.store.postgis import PostgisStore
from etl.tables import InputSource
from geodata.fetch import sha256_of
from geodata.sources import kabupaten_list, kabupaten_text

Status = Literal["baru", "diganti", "sama", "dihapus"]
Identity = tuple[str, str, str]
"""(kantor, sumber_instansi, file name)."""


@dataclass(frozen=True)
class InputChange:
    """What a load did with one input: ``baru`` (added), ``diganti`` (replaced the
    version ``sebelumnya``), ``sama`` (already there, skipped), ``dihapus`` (dropped by
    ``replace_all``)."""

    kantor: str
    sumber_instansi: str
    berkas: str
    status: Status
    sha256: str
    sebelumnya: str = ""


@dataclass(frozen=True)
class LoadResult:
    """A load's outcome: per input what happened, the run (``None`` when nothing
    changed and nothing was published), the store's version after it and the size of
    the set now published."""

    changes: tuple[InputChange, ...]
    run: EtlResult | None
    version: str
    inputs: int


@dataclass(frozen=True)
class _Current:
    source: InputSource
    sha256: str
    path: str = ""
    """Where the file was recorded (a stored input), ``""`` for a file given now."""


def load_inputs(
    store: Store,
    new_sources: Sequence[InputSource],
    out_dir: Path,
    *,
    replace_all: bool = False,
    kabupaten: str | Sequence[str] | None = None,
    per_tanggal: date | None = None,
    window_months: int | None = None,
    aliases_path: Path | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """Merge ``new_sources`` into the input set of ``store`` (see the module) and, unless
    nothing changed, run the ETL over the whole set into ``out_dir`` and publish it
    (``store``: the folder ``out_dir`` itself, or a PostGIS database published beside
    the folder). ``replace_all``: the files given become the whole set (always run).
    No file given: rebuild from the stored set (new aliases, decisions, parameters).
    ``kabupaten``/``window_months`` ``None``: as the data was built (else the defaults);
    ``per_tanggal`` ``None``: today. Raises ``InputError`` (a bad or lost input),
    ``OutputBusyError`` (another load kept the store for ``lock_wait`` s), ``StoreError``.
    """
    say = progress or (lambda _m: None)
    given = [(src, _checked_sha(src)) for src in new_sources]
    _no_twins(given)
    db = store if isinstance(store, PostgisStore) else None
    with _load_lock(out_dir, db, lock_wait):
        say(f"membaca daftar masukan di {store.location}")
        manifest, version = _current(store)
        stored = [] if manifest is None else _stored(manifest)
        merged, changes = merge_inputs(stored, given, replace_all=replace_all)
        _no_copies(merged)
        if not merged:
            raise InputError(
                f"Belum ada masukan tersimpan di {store.location}: berikan BERKAS yang dimuat."
            )
        if (
            given
            and not replace_all
            and _unchanged(changes, manifest, kabupaten, per_tanggal, window_months)
            and manifest is not None
            and manifest.lainnya.get("sidik_keputusan") == _fingerprint(aliases_path, db)
        ):  # same files, same options, no review decision since: nothing to do
            return LoadResult(tuple(changes), None, version, len(stored))
        kept_before = _listing(out_dir)
        try:
            sources = [_materialised(entry, out_dir, db) for entry in merged]
            if db is not None:
                say("menyimpan berkas masukan di basis data")
                save_inputs(db, {e.sha256: s.path for e, s in zip(merged, sources, strict=True)})
            result = run_etl(
                sources, out_dir,
                kabupaten=kabupaten or (manifest.kabupaten if manifest else DEFAULT_KABUPATEN),
                per_tanggal=per_tanggal,
                window_months=window_months or (
                    manifest.window_months if manifest else DEFAULT_WINDOW_MONTHS),
                aliases_path=aliases_path, lock_wait=lock_wait, progress=progress, store=db,
            )  # fmt: skip
        except BaseException:
            prefixes = tuple(e.sha256[:12] for e in merged)
            for path in _listing(out_dir) - kept_before:  # copies made for this load only
                if any(p in path.name for p in prefixes):
                    path.unlink(missing_ok=True)
            raise
        current = {e.sha256 for e in merged}
        _drop_superseded(out_dir, [e for e in stored if e.sha256 not in current])
        if db is not None:
            prune_inputs(db, sorted(current))
        return LoadResult(tuple(changes), result, store.version(), len(merged))


def alias_file(out_dir: Path, given: Path | None, *, database: bool) -> tuple[Path | None, str]:
    """The alias file a load applies, and a note for the user (``""`` when none): the
    file ``given`` (``--alias``); else the folder's ``aliases.csv``, except with a
    shared database, whose review log rules (the folder's file is then not read, and
    the note says so when it exists)."""
    if given is not None:
        return given, ""
    folder_file = out_dir / ALIAS_FILE
    if not database:
        return folder_file, ""
    if not folder_file.is_file():
        return None, ""
    return None, (
        f"{folder_file} tidak dibaca; keputusan tinjauan dibaca dari basis data "
        "(tambahkan --alias BERKAS untuk ikut memakainya)"
    )


def merge_inputs(
    stored: Sequence[_Current],
    given: Sequence[tuple[InputSource, str]],
    *,
    replace_all: bool = False,
) -> tuple[list[_Current], list[InputChange]]:
    """The set after a load and what happened to each file given (and, with
    ``replace_all``, to each stored input not given again). Order: the stored set as it
    was (a replaced input in its place), then the new ones in the order given."""
    by_id = {_identity(e.source): e for e in stored}
    merged = {} if replace_all else dict(by_id)
    changes: list[InputChange] = []
    for src, digest in given:
        old = by_id.get(_identity(src))
        status: Status = "baru" if old is None else "sama" if old.sha256 == digest else "diganti"
        changes.append(
            InputChange(src.kantor, src.sumber_instansi, src.nama, status, digest,
                        "" if old is None or status == "sama" else old.sha256)
        )  # fmt: skip
        if status == "sama" and old is not None:
            merged[_identity(src)] = old
        else:
            merged[_identity(src)] = _Current(src, digest)
    if replace_all:
        changes += [
            InputChange(
                e.source.kantor, e.source.sumber_instansi, e.source.nama, "dihapus", e.sha256
            )
            for key, e in by_id.items()
            if key not in merged
        ]
    return list(merged.values()), changes


def _fingerprint(aliases_path: Path | None, db: PostgisStore | None) -> str:
    """The decisions a run over the set would apply (:func:`decisions_fingerprint`)."""
    return decisions_fingerprint(aliases_path, None if db is None else db.read_decisions())


def _identity(src: InputSource) -> Identity:
    return (src.kantor, src.sumber_instansi, src.nama)


def _checked_sha(src: InputSource) -> str:
    check_input_file(Path(src.path))  # InputError naming the file: nothing is loaded
    return sha256_of(Path(src.path))


def _no_twins(given: Sequence[tuple[InputSource, str]]) -> None:
    seen: dict[Identity, str] = {}
    for src, digest in given:
        key = _identity(src)
        if key in seen and seen[key] != digest:
            raise InputError(
                f"Dua berkas berbeda bernama '{src.nama}' dari {src.kantor} "
                f"({src.sumber_instansi}) dalam satu muatan; ganti nama salah satunya."
            )
        seen[key] = digest


def _no_copies(merged: Sequence[_Current]) -> None:
    """Refuse a file whose content is already in the set under another identity (it
    would be read once and counted for one source only)."""
    seen: dict[str, InputSource] = {}
    for entry in merged:
        first = seen.setdefault(entry.sha256, entry.source)
        if first is not entry.source:
            raise InputError(
                f"Berkas '{entry.source.nama}' dari {entry.source.kantor} "
                f"({entry.source.sumber_instansi}) isinya sama persis dengan '{first.nama}' "
                f"dari {first.kantor} ({first.sumber_instansi}) yang sudah ada; tidak dimuat."
            )


@contextmanager
def _load_lock(out_dir: Path, db: PostgisStore | None, wait: float) -> Iterator[None]:
    """The folder's load lock, then (with a database) the database's: always in this
    order, so two loads never wait for each other crosswise."""
    with ExitStack() as stack:
        stack.enter_context(folder_load_lock(out_dir, wait))
        if db is not None:
            stack.enter_context(database_load_lock(db, wait))
        yield


def _current(store: Store) -> tuple[Manifest | None, str]:
    """The store's current manifest and version key (``None``, ``""`` before any load)."""
    try:
        current = store.read_outputs(())
    except FileNotFoundError:
        return None, ""
    return current.manifest, current.version


def _stored(manifest: Manifest) -> list[_Current]:
    return [_from_entry(e) for e in manifest.masukan if e.sha256]


def _from_entry(entry: InputFile) -> _Current:
    source = InputSource(Path(entry.path or entry.nama), entry.kantor, entry.sumber_instansi,
                         entry.nama)  # fmt: skip
    return _Current(source, entry.sha256, entry.path)


def _unchanged(
    changes: Sequence[InputChange],
    manifest: Manifest | None,
    kabupaten: str | Sequence[str] | None,
    per_tanggal: date | None,
    window_months: int | None,
) -> bool:
    """Every file given is there already, and what was asked explicitly is what the
    data was built with (by this version of the tool)."""
    if manifest is None or any(c.status != "sama" for c in changes):
        return False
    asked = [
        kabupaten is None or kabupaten_text(kabupaten_list(kabupaten)) == manifest.kabupaten,
        per_tanggal is None or per_tanggal == manifest.parameter.per_tanggal,
        window_months is None or window_months == manifest.window_months,
    ]
    return all(asked) and manifest.versi == __version__


def _materialised(entry: _Current, out_dir: Path, db: PostgisStore | None) -> InputSource:
    """The input as a file in ``out_dir/masukan`` (copied there when given from
    elsewhere; a stored one found where it was recorded, among the kept copies, or in
    the database), with its own name as ``berkas``."""
    folder = Path(out_dir) / KEPT_DIR
    src = entry.source
    if not entry.path:  # given now
        path = Path(src.path)
        if not is_kept(out_dir, path):
            path = _keep_copy(path, folder, src.nama, entry.sha256)
        return InputSource(path, src.kantor, src.sumber_instansi, src.nama)
    found = find_kept(out_dir, entry.sha256, entry.path)
    if found is None and db is not None:
        kept = fetch_input(db, entry.sha256)
        if kept is not None:
            found = keep_file(kept[1], folder, kept[0])
    if found is None:
        raise InputError(
            f"Masukan '{src.nama}' dari {src.kantor} ({src.sumber_instansi}, sha256 "
            f"{entry.sha256[:12]}) tidak tersimpan lagi (dicari di {entry.path or folder}"
            f"{' dan basis data' if db is not None else ''}). Muat lagi berkas itu, atau "
            "pakai --ganti-semua dengan semua berkas yang berlaku."
        )
    if not is_kept(out_dir, found):  # recorded elsewhere (an older load): keep a copy
        found = _keep_copy(found, folder, src.nama, entry.sha256)
    return InputSource(found, src.kantor, src.sumber_instansi, src.nama)


def _listing(out_dir: Path) -> set[Path]:
    folder = Path(out_dir) / KEPT_DIR
    return set(folder.iterdir()) if folder.is_dir() else set()


def _keep_copy(path: Path, folder: Path, name: str, digest: str) -> Path:
    """A copy of ``path`` kept in ``folder`` under :func:`~etl.io.kept.kept_name`."""
    return keep_file(path.read_bytes(), folder, kept_name(name, digest, check_input_file(path)))


def _drop_superseded(out_dir: Path, gone: Sequence[_Current]) -> None:
    """Delete the kept copies (in ``out_dir/masukan``, named with their sha256 prefix)
    of inputs no longer in the set: a replaced version's personal data goes with it."""
    folder = Path(out_dir) / KEPT_DIR
    if not folder.is_dir():
        return
    for entry in gone:
        for path in sorted(folder.glob(f"*-{entry.sha256[:12]}*")):
            if path.is_file() and sha256_of(path) == entry.sha256:
                path.unlink()
