"""Recognise the synthetic sample workbook, so outputs built from it are flagged.

The sample generator writes the marker below into the workbook's core properties
(keywords); any output built from such a file carries ``contoh = true``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

SAMPLE_MARKER = "peta-sosialisasi:data-contoh"
_MAX_CORE_XML = 1 << 20


def is_sample_file(path: Path) -> bool:
    """True when ``path`` is an xlsx whose core properties carry :data:`SAMPLE_MARKER`."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _MAX_CORE_XML:
                return False
            return SAMPLE_MARKER.encode() in archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


def any_sample(paths: Iterable[Path]) -> bool:
    """True when any input is the synthetic sample."""
    return any(is_sample_file(p) for p in paths)
