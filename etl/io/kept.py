"""Input files kept in the output folder, ``OUT/masukan/<name>-<sha256 prefix>.<ext>``:
the dashboard's uploads and every input an ``etl`` load was given, so a later load can
rebuild from the whole set. A kept file is never replaced; a name is taken by exclusive
create. :func:`folder_load_lock` makes loads into one folder (``etl``, the dashboard's
reruns) take turns. No database here (:mod:`etl.store.inputs` keeps inputs in PostGIS).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from etl.errors import OutputBusyError
from geodata.fetch import sha256_of
from geodata.io.locking import LockTimeout, locked_file

KEPT_DIR: Final = "masukan"
"""Folder of the kept inputs inside the output folder."""
LOAD_LOCK_NAME: Final = ".kunci-muat"
"""Held by a load from reading the folder's input set to publishing the new one."""


def kept_name(name: str, digest: str, kind: str) -> str:
    """``<stem>-<sha256 prefix>.<xlsx|csv>``: the name a kept input gets (``kind``: the
    content's type, :func:`etl.io.safety.check_input_file`)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._")[:80] or "unggahan"
    return f"{stem}-{digest[:12]}.{'xlsx' if kind == 'xlsx' else 'csv'}"


def keep_file(content: bytes, folder: Path, name: str) -> Path:
    """Write ``content`` into ``folder`` as ``name``, or the first free variant
    (``name-1``...); an existing file is never replaced (exclusive create), one with the
    same content is reused."""
    folder.mkdir(parents=True, exist_ok=True)
    base = Path(name)
    for attempt in range(1000):
        target = folder / (name if attempt == 0 else f"{base.stem}-{attempt}{base.suffix}")
        if target.is_file() and target.read_bytes() == content:
            return target  # the same file, kept before
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        return target
    raise FileExistsError(f"{folder}: tidak ada nama bebas untuk {name}")


def find_kept(out_dir: Path, digest: str, recorded: str = "") -> Path | None:
    """A file with sha256 ``digest``: the ``recorded`` path, else a kept copy in
    ``out_dir/masukan`` (named with the digest's prefix); ``None`` when neither is."""
    folder = Path(out_dir) / KEPT_DIR
    candidates = [Path(recorded)] if recorded else []
    if folder.is_dir():
        candidates += sorted(folder.glob(f"*-{digest[:12]}*"))
    for path in candidates:
        if path.is_file() and sha256_of(path) == digest:
            return path
    return None


def is_kept(out_dir: Path, path: Path) -> bool:
    """True when ``path`` is a file inside ``out_dir/masukan`` (kept there already)."""
    root = os.path.normcase(str((Path(out_dir) / KEPT_DIR).resolve()))
    return os.path.dirname(os.path.normcase(str(Path(path).resolve()))) == root


@contextmanager
def folder_load_lock(out_dir: Path, wait: float) -> Iterator[None]:
    """Hold ``OUT/.kunci-muat`` from reading the input set to publishing it;
    :class:`OutputBusyError` when another load holds it for more than ``wait`` s."""
    try:
        with locked_file(Path(out_dir) / LOAD_LOCK_NAME, wait=wait):
            yield
    except LockTimeout as exc:
        raise OutputBusyError(
            f"ETL lain sedang memuat ke {out_dir} (sudah ditunggu {wait:g} detik). Coba "
            "lagi setelah proses itu selesai; keluaran yang ada tidak diubah."
        ) from exc
