"""Atomic file replacement: write beside the target, fsync, rename over it.

Every output of the product (GeoPackages, manifests, workbooks, account files, fetched
sources) goes through here, so a run that fails or is killed midway leaves the previous
file intact and a reader never sees a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(
    path: Path, *, mode: int | None = None, create: bool = True, suffix: str = ".tmp"
) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; when the block ends without error the
    file is fsynced and renamed over ``path``, otherwise it is removed.

    ``mode`` sets the permissions (e.g. ``0o600``) before any content is written; by
    default the file gets the usual permissions of a new file (``0o666`` minus umask);
    ``create=False`` yields a path that does not exist yet (for writers such as GDAL
    that must create the file themselves); ``suffix`` ends the temporary name (GDAL
    wants a GeoPackage to end in ``.gpkg``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, _default_mode() if mode is None else mode)
        if not create:
            tmp.unlink()
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomically(path: Path, data: bytes, *, mode: int | None = None) -> Path:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_target(path, mode=mode) as tmp:
        tmp.write_bytes(data)
    return path


def write_text_atomically(
    path: Path, text: str, *, mode: int | None = None, encoding: str = "utf-8"
) -> Path:
    """Replace ``path`` with ``text`` atomically."""
    return write_bytes_atomically(path, text.encode(encoding), mode=mode)


def _default_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
