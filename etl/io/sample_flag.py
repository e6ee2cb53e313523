"""Recognise the synthetic sample workbook, unchanged, so outputs built from it alone are
flagged ``contoh`` (DATA CONTOH banner, the whole product on localhost without login).

A keyword alone is not enough: a real workbook started from the sample keeps the
sample's document properties. So ``peta-sosialisasi sample`` records, in the keywords,
a content hash of the workbook: sha256 over the name and uncompressed content of every
part except ``docProps/core.xml`` (where the hash itself lives). A file is the sample
only when that hash still matches; any edit of a cell, a sheet or a style, and any save
by Excel or openpyxl, changes the parts, and the file is then real data. The hash
depends on the content only, so the generator stays byte-for-byte deterministic.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from geodata.io.atomic import atomic_target

SAMPLE_MARKER = "peta-sosialisasi:data-contoh"
CORE_XML = "docProps/core.xml"
PLACEHOLDER = "0" * 64
"""What :func:`stamp_sample` replaces with the content hash (written by the generator)."""
_MAX_CORE_XML = 1 << 20
_STAMP = re.compile(re.escape(SAMPLE_MARKER).encode() + rb" sha256=([0-9a-f]{64})")


def marker_keywords() -> str:
    """The keywords the generator writes; :func:`stamp_sample` then fills in the hash."""
    return f"{SAMPLE_MARKER} sha256={PLACEHOLDER}"


def content_digest(archive: zipfile.ZipFile) -> str:
    """sha256 over the name and content of every part but ``docProps/core.xml``."""
    digest = hashlib.sha256()
    for name in sorted(archive.namelist()):
        if name == CORE_XML:
            continue
        data = archive.read(name)
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def stamp_sample(path: Path) -> Path:
    """Write the content hash into the placeholder of ``path``'s keywords (atomically;
    entry order, dates and compression kept, so the result is deterministic)."""
    with zipfile.ZipFile(path) as src:
        digest = content_digest(src)
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    stamped = False
    with atomic_target(path) as tmp, zipfile.ZipFile(tmp, "w") as dst:
        for info, data in entries:
            if info.filename == CORE_XML:
                marker = marker_keywords().encode()
                if marker not in data:
                    raise ValueError(f"{path}: penanda DATA CONTOH tidak ada di {CORE_XML}")
                data = data.replace(marker, f"{SAMPLE_MARKER} sha256={digest}".encode())
                stamped = True
            dst.writestr(info, data)
    if not stamped:
        raise ValueError(f"{path}: {CORE_XML} tidak ada")
    return path


def carries_marker(path: Path) -> bool:
    """True when ``path`` is an xlsx whose core properties mention :data:`SAMPLE_MARKER`
    (the sample, or a file made from it)."""
    core = _core_xml(path)
    return core is not None and SAMPLE_MARKER.encode() in core


def is_sample_file(path: Path) -> bool:
    """True only for the unchanged output of ``peta-sosialisasi sample``: the marker with
    a content hash that matches the file's parts."""
    core = _core_xml(path)
    found = _STAMP.search(core) if core else None
    if found is None:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return content_digest(archive) == found.group(1).decode()
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def sample_status(paths: Iterable[Path]) -> tuple[bool, list[str]]:
    """Whether outputs built from ``paths`` are the sample (every input is the unchanged
    sample), and Indonesian warnings for inputs that carry the marker but are not the
    unchanged sample, or samples mixed with real data."""
    given = [Path(p) for p in paths]
    verified = [is_sample_file(p) for p in given]
    warnings = [
        f"Berkas '{p.name}' membawa penanda DATA CONTOH tetapi isinya sudah berubah dari "
        "keluaran 'peta-sosialisasi sample': diperlakukan sebagai data nyata."
        for p, ok in zip(given, verified, strict=True)
        if not ok and carries_marker(p)
    ]
    contoh = bool(given) and all(verified)
    if any(verified) and not contoh:
        names = ", ".join(p.name for p, ok in zip(given, verified, strict=True) if ok)
        warnings.append(
            f"DATA CONTOH ({names}) dicampur dengan data nyata: keluaran diperlakukan sebagai "
            "data nyata. Hapus berkas contoh dari masukan bila tidak dimaksudkan."
        )
    return contoh, warnings


def _core_xml(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CORE_XML)
            if info.file_size > _MAX_CORE_XML:
                return None
            return archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None
