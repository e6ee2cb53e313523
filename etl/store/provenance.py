"""Where the official boundaries loaded into a database come from: the layers of one
kabupaten build and the pinned source files it was built from (repository, commit,
path, sha256 of ``geodata/sources.toml``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.io.gpkg import read_gpkg_layer
from geodata.sources import sources_for


def build_sources(kabupaten: str) -> list[dict[str, Any]]:
    """Every pinned file the build of ``kabupaten`` uses: role, repository, commit,
    path inside the repository, sha256 and licence."""
    out = []
    for role, src in sorted(sources_for(kabupaten).items()):
        owner, repo, commit, path = src.mirror.split("/", 3)
        out.append({
            "peran": role, "repo": f"{owner}/{repo}", "commit": commit, "path": path,
            "sha256": src.sha256, "lisensi": src.license,
        })  # fmt: skip
    return out


def boundary_layers(gpkg: Path, names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The named layers of a boundary build, as read from its GeoPackage."""
    return {name: read_gpkg_layer(gpkg, name) for name in names}
