"""Versioned output folders: ``DIR/versi/<stamp>/`` and the pointer ``DIR/terkini.txt``.

A run writes its GeoPackage and its manifest into a new folder of its own
(``DIR/versi/20261130T081500123456Z/``), fsyncs both, then switches the one pointer
file ``DIR/terkini.txt`` (the folder's name, written to a temporary file and renamed
over the old pointer: one atomic step). A reader resolves the pointer and finds a
GeoPackage and a manifest written together; a run killed at any moment leaves the
pointer on the previous version. The last :data:`KEEP_VERSIONS` versions are kept, so
a reader can fall back to an earlier consistent pair if the current one is damaged.

Runs into one ``DIR`` take the lock ``DIR/.kunci`` for their whole duration
(:func:`output_lock`): a second run waits a bounded time, then stops with a clear
message instead of silently overwriting the first run's result.

A folder written by an older version of the tool (``DIR/sosialisasi.gpkg`` and
``DIR/manifest.json`` directly, no pointer) is still read.

:func:`read_outputs` is how every reader (the dashboard, ``rencana``) gets the pair: the
current version's paths and its typed :class:`~etl.io.contract.Manifest`, checked
consistent, or the newest consistent earlier version with the reason. The file names and
the manifest's shape are the contract's (:mod:`etl.io.contract`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from etl.errors import OutputBusyError
from etl.io.contract import GPKG_NAME, MANIFEST_NAME, Manifest, ManifestError, read_manifest
from geodata.fetch import sha256_of
from geodata.io.atomic import write_text_atomically
from geodata.io.locking import LockTimeout, locked_file

VERSIONS_DIR: Final = "versi"
POINTER_NAME: Final = "terkini.txt"
LOCK_NAME: Final = ".kunci"
KEEP_VERSIONS: Final = 3
"""Versions kept after a run: the new current one and the two before it."""
LOCK_WAIT_SECONDS: Final = 60.0
"""How long a run waits for another run into the same folder before giving up."""

_NAME = re.compile(r"^\d{8}T\d{12}Z(?:-\d{1,4})?$")
_DOOMED = ".hapus-"


@contextmanager
def output_lock(out_dir: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of ``out_dir`` for the block; raise :class:`OutputBusyError` when
    another run holds it for longer than ``wait`` seconds."""
    try:
        with locked_file(out_dir / LOCK_NAME, wait=wait):
            yield
    except LockTimeout as exc:
        raise OutputBusyError(
            f"ETL lain sedang berjalan dan menulis ke {out_dir} (sudah ditunggu {wait:g} "
            "detik). Coba lagi setelah proses itu selesai; keluaran yang ada tidak diubah."
        ) from exc


def new_version_dir(out_dir: Path) -> Path:
    """Create and return a new, empty version folder named after the current UTC time."""
    base = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    root = out_dir / VERSIONS_DIR
    root.mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        folder = root / (base if attempt == 0 else f"{base}-{attempt}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"{root}: tidak bisa membuat folder versi baru")


def switch_current(out_dir: Path, version_dir: Path) -> None:
    """Make ``version_dir`` (inside ``out_dir/versi``) the current version: its files
    are flushed to disk first, then the pointer is replaced in one atomic rename."""
    if version_dir.parent != out_dir / VERSIONS_DIR or not _NAME.match(version_dir.name):
        raise ValueError(f"{version_dir} bukan folder versi di {out_dir}")
    _fsync_dir(version_dir)
    write_text_atomically(out_dir / POINTER_NAME, version_dir.name + "\n")
    _fsync_dir(out_dir)


def current_dir(out_dir: Path) -> Path | None:
    """The folder holding the current GeoPackage and manifest: the one the pointer
    names, else (older layout) ``out_dir`` itself when it holds them; ``None`` when
    nothing was published yet or the pointer is unreadable."""
    try:
        name = (out_dir / POINTER_NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return out_dir if (out_dir / GPKG_NAME).is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
    return out_dir / VERSIONS_DIR / name if _NAME.match(name) else None


def current_outputs(out_dir: Path) -> tuple[Path, Path]:
    """``(GeoPackage, manifest)`` of the current version; ``FileNotFoundError`` naming
    the folder when there is none."""
    folder = current_dir(out_dir)
    if folder is None or not (folder / GPKG_NAME).is_file():
        raise FileNotFoundError(
            f"{GPKG_NAME} tidak ada di {out_dir}: jalankan dulu 'peta-sosialisasi etl'."
        )
    return folder / GPKG_NAME, folder / MANIFEST_NAME


def version_key(out_dir: Path) -> str:
    """A key that changes whenever a new version is published: the pointer, and mtime +
    size of the current pair's files (what caches of the outputs are keyed by)."""
    parts = []
    current = current_dir(out_dir)
    pair = (current / GPKG_NAME, current / MANIFEST_NAME) if current else ()
    for path in (out_dir / POINTER_NAME, *pair):
        try:
            st = path.stat()
        except OSError:
            parts.append(f"{path.name}:-")
            continue
        parts.append(f"{path.relative_to(out_dir)}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def candidate_dirs(out_dir: Path) -> list[Path]:
    """Folders that may hold a GeoPackage + manifest pair, best first: the current one,
    then the other versions newest first (for falling back when the current is damaged)."""
    current = current_dir(out_dir)
    others = sorted(_versions(out_dir), key=lambda p: p.name, reverse=True)
    ordered = [current] if current is not None else []
    return ordered + [p for p in others if p != current]


def readable_dir(out_dir: Path) -> Path | None:
    """The folder a reader should use: the current version when consistent, else the
    newest consistent earlier one, else the current one (whose error the reader then
    reports); ``None`` when nothing was published."""
    candidates = candidate_dirs(out_dir)
    good = next((p for p in candidates if is_consistent(p)), None)
    return good or (candidates[0] if candidates else None)


def is_consistent(folder: Path) -> bool:
    """True when ``folder`` holds a manifest whose recorded sha256 is that of the
    GeoPackage beside it (both written by the same run, neither damaged)."""
    try:
        read_version(folder)
    except (OSError, ManifestError):
        return False
    return True


@dataclass(frozen=True)
class Outputs:
    """One published pair, as a reader gets it: where it is and its manifest."""

    folder: Path
    """The output folder asked for (``DIR``)."""
    version_dir: Path
    """The version folder holding the pair (``DIR`` itself for the older layout)."""
    manifest: Manifest
    fallback: str = ""
    """Why the current version is not the one read (damaged), else ``""``."""

    @property
    def gpkg(self) -> Path:
        """The GeoPackage of the pair."""
        return self.version_dir / GPKG_NAME

    @property
    def manifest_path(self) -> Path:
        """The manifest of the pair."""
        return self.version_dir / MANIFEST_NAME


def read_version(version_dir: Path, out_dir: Path | None = None) -> Outputs:
    """Read the pair in ``version_dir`` and check it is one unit (the manifest's sha256
    is the GeoPackage's); :class:`~etl.io.contract.ManifestError` (Indonesian, naming
    the folder and the fix) when a file is missing, damaged or they do not match."""
    gpkg, manifest_path = version_dir / GPKG_NAME, version_dir / MANIFEST_NAME
    if not gpkg.is_file() or not manifest_path.is_file():
        raise ManifestError(
            f"Data di {version_dir} tidak lengkap ({GPKG_NAME} atau {MANIFEST_NAME} tidak "
            "ada); jalankan ETL lagi."
        )
    manifest = read_manifest(manifest_path)
    if manifest.gpkg is None or manifest.gpkg.sha256 != sha256_of(gpkg):
        raise ManifestError(
            f"{GPKG_NAME} di {version_dir} tidak cocok dengan {MANIFEST_NAME} (rusak atau "
            "diubah); jalankan ETL lagi."
        )
    return Outputs(folder=out_dir or version_dir, version_dir=version_dir, manifest=manifest)


def read_outputs(out_dir: Path) -> Outputs:
    """The pair a reader should use: the current version (:func:`current_outputs`)
    when consistent, else the newest consistent earlier one, whose ``fallback`` says
    why the current one was passed over. ``FileNotFoundError`` when nothing was
    published; the current version's :class:`~etl.io.contract.ManifestError` when no
    version is consistent."""
    candidates = candidate_dirs(out_dir)
    if not candidates:
        current_outputs(out_dir)  # raises its FileNotFoundError naming the folder
    problem: ManifestError | None = None
    for folder in candidates:
        try:
            outputs = read_version(folder, out_dir)
        except ManifestError as exc:
            problem = problem or exc
            continue
        if problem is None:
            return outputs
        return Outputs(out_dir, outputs.version_dir, outputs.manifest, fallback=str(problem))
    assert problem is not None
    raise problem


def prune_versions(out_dir: Path, keep: int = KEEP_VERSIONS) -> list[Path]:
    """Remove all but the current version and the ``keep - 1`` newest complete others
    (unfinished folders of killed runs go too), and, once a version is current, the
    superseded pair of the older layout (``DIR/sosialisasi.gpkg``, so nobody opens stale
    data by its old path). Call it holding :func:`output_lock`. A folder in use
    elsewhere (Windows) is left for a later run. Returns what went."""
    current = current_dir(out_dir)
    removed = []
    if current is not None and current != out_dir:
        for old in (out_dir / GPKG_NAME, out_dir / MANIFEST_NAME):
            if old.is_file():
                old.unlink()
                removed.append(old)
    complete = [
        p
        for p in sorted(_versions(out_dir), key=lambda p: p.name, reverse=True)
        if p != current and (p / GPKG_NAME).is_file() and (p / MANIFEST_NAME).is_file()
    ]
    kept = {current, *complete[: max(keep - 1, 0)]}
    for folder in [*_versions(out_dir), *_doomed(out_dir)]:
        if folder in kept:
            continue
        doomed = folder
        if not folder.name.startswith(_DOOMED):
            doomed = folder.with_name(_DOOMED + folder.name)
            try:
                folder.rename(doomed)  # gone from readers' view in one step
            except OSError:
                continue
        shutil.rmtree(doomed, ignore_errors=True)
        removed.append(folder)
    return removed


def _versions(out_dir: Path) -> list[Path]:
    root = out_dir / VERSIONS_DIR
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir() and _NAME.match(p.name)]


def _doomed(out_dir: Path) -> list[Path]:
    root = out_dir / VERSIONS_DIR
    return sorted(root.glob(_DOOMED + "*")) if root.is_dir() else []


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (the renames into it) to disk; not possible on Windows."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
