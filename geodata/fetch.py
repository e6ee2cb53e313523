"""Fetch pinned upstream files into the cache, verifying each sha256.

With ``PETA_DATA_MIRROR=DIR`` files are copied from a local mirror laid out as
``OWNER/REPO/COMMIT/PATH`` (offline installs); otherwise they are downloaded from
their pinned URL. A file whose hash does not match is refused and not kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path

from geodata.io.atomic import atomic_target
from geodata.sources import Source, cache_dir

_CHUNK = 1 << 20


class FetchError(RuntimeError):
    """A source could not be fetched or failed verification."""


def fetch_sources(
    sources: Iterable[Source],
    *,
    cache: Path | None = None,
    mirror: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Make every source available in the cache and return ``{mirror path: local path}``.

    Already-cached files whose sha256 matches are not fetched again. ``mirror`` defaults
    to ``$PETA_DATA_MIRROR`` when set.
    """
    cache = cache_dir() if cache is None else cache
    if mirror is None and os.environ.get("PETA_DATA_MIRROR"):
        mirror = Path(os.environ["PETA_DATA_MIRROR"])
    result: dict[str, Path] = {}
    for src in sources:
        target = cache / src.mirror
        if target.exists() and sha256_of(target) == src.sha256:
            result[src.mirror] = target
            continue
        if progress:
            progress(f"mengambil {src.name} ({'mirror' if mirror else 'unduh'})")
        _fetch_one(src, target, mirror)
        result[src.mirror] = target
    return result


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch_one(src: Source, target: Path, mirror: Path | None) -> None:
    with atomic_target(target) as tmp:
        with tmp.open("wb") as out:
            if mirror is not None:
                origin = mirror / src.mirror
                if not origin.is_file():
                    raise FetchError(
                        f"Berkas {src.mirror} tidak ada di mirror {mirror} (PETA_DATA_MIRROR)"
                    )
                with origin.open("rb") as fh:
                    shutil.copyfileobj(fh, out, _CHUNK)
            else:
                try:
                    with urllib.request.urlopen(src.url, timeout=60) as resp:
                        shutil.copyfileobj(resp, out, _CHUNK)
                except OSError as exc:
                    raise FetchError(
                        f"Gagal mengunduh {src.url}: {exc}. Tanpa internet, set "
                        "PETA_DATA_MIRROR ke salinan mirror (OWNER/REPO/COMMIT/PATH)."
                    ) from exc
        actual = sha256_of(tmp)
        if actual != src.sha256:  # raising here discards the temporary file
            raise FetchError(
                f"sha256 tidak cocok untuk {src.mirror}: diharapkan {src.sha256}, "
                f"didapat {actual}. Berkas ditolak dan tidak disimpan."
            )
