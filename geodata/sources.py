"""Pinned upstream sources (``sources.toml``) and where they live on disk.

The boundaries and the official code list are fetched, never committed: each file is
pinned by URL at a fixed commit plus its sha256, and cached under ``geodata/cache``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCES_FILE = PACKAGE_DIR / "sources.toml"
DEFAULT_KABUPATEN = "53.02"

_KEL_FILE = re.compile(r"wilayah_boundaries_kel_(\d{2}\.\d{2})\.sql$")


@dataclass(frozen=True)
class Source:
    """One pinned upstream file."""

    mirror: str  # OWNER/REPO/COMMIT/PATH, also the cache layout
    url: str
    sha256: str
    license: str
    repo: str

    @property
    def name(self) -> str:
        """The file's base name, e.g. ``wilayah.sql``."""
        return self.mirror.rsplit("/", 1)[-1]


def load_sources(path: Path = SOURCES_FILE) -> list[Source]:
    """Read ``sources.toml`` into a list of :class:`Source`."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return [Source(**{k: str(v) for k, v in entry.items()}) for entry in data.get("file", [])]


def cache_dir() -> Path:
    """Directory where verified upstream files are kept (``PETA_CACHE_DIR`` overrides)."""
    return Path(os.environ.get("PETA_CACHE_DIR", PACKAGE_DIR / "cache"))


def build_dir() -> Path:
    """Directory where built GeoPackages go (``PETA_GEODATA_BUILD`` overrides)."""
    return Path(os.environ.get("PETA_GEODATA_BUILD", PACKAGE_DIR / "build"))


def provinsi_of(kabupaten: str) -> str:
    """``'53.02'`` -> ``'53'``; rejects codes that are not kabupaten/kota codes."""
    if not re.fullmatch(r"\d{2}\.\d{2}", kabupaten):
        raise ValueError(f"Kode kabupaten/kota tidak sah: {kabupaten!r} (contoh: 53.02)")
    return kabupaten[:2]


def kabupaten_list(values: str | Sequence[str] | None) -> tuple[str, ...]:
    """The kabupaten/kota codes of a working area, in the order given, each once.

    Accepts ``"53.02"``, ``"53.02,53.03"`` (the CLI's ``--kabupaten`` and the manifest's
    ``kabupaten``) or a sequence of such strings (a repeated option); ``None`` or nothing
    gives the default kabupaten. Every code is checked (:func:`provinsi_of`).
    """
    if values is None:
        return (DEFAULT_KABUPATEN,)
    parts = [values] if isinstance(values, str) else list(values)
    codes: list[str] = []
    for part in parts:
        for code in str(part).split(","):
            code = code.strip()
            if code:
                provinsi_of(code)
                if code not in codes:
                    codes.append(code)
    return tuple(codes) or (DEFAULT_KABUPATEN,)


def kabupaten_text(codes: Sequence[str]) -> str:
    """The codes as one string, ``"53.02"`` or ``"53.02,53.03"`` (inverse of
    :func:`kabupaten_list`)."""
    return ",".join(codes)


def sources_for(kabupaten: str, sources: list[Source] | None = None) -> dict[str, Source]:
    """The files needed to build one kabupaten, keyed by role.

    Roles: ``wilayah`` (official codes/names), ``luas`` (official areas), ``penduduk``,
    ``desa`` (village polygons of this kabupaten), ``kecamatan``, ``kabupaten``.
    """
    prov = provinsi_of(kabupaten)
    sources = load_sources() if sources is None else sources
    roles: dict[str, Source] = {}
    for src in sources:
        name = src.name
        if name == "wilayah.sql":
            roles["wilayah"] = src
        elif name == "wilayah_luas.sql":
            roles["luas"] = src
        elif name == "wilayah_penduduk.sql":
            roles["penduduk"] = src
        elif name == f"wilayah_boundaries_kec_{prov}.sql":
            roles["kecamatan"] = src
        elif name == f"wilayah_boundaries_kab_{prov}.sql":
            roles["kabupaten"] = src
        else:
            m = _KEL_FILE.search(name)
            if m and m.group(1) == kabupaten:
                roles["desa"] = src
    missing = {"wilayah", "luas", "desa", "kecamatan", "kabupaten"} - roles.keys()
    if missing:
        raise ValueError(
            f"Kabupaten {kabupaten} tidak ada di geodata/sources.toml "
            f"(berkas yang kurang: {', '.join(sorted(missing))})"
        )
    return roles
