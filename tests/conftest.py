"""Shared fixtures: the real TTS boundary build (from the pinned mirror, no network)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = REPO.parent / "shared" / "mirror"

# One Hypothesis profile for the whole suite. No deadline and no "too slow" health check:
# both are timings, and on a busy machine a test hit the 200 ms default deadline (speed is
# measured by `make bench`, never asserted). A test sets max_examples itself only when it
# deliberately wants more or fewer examples. ``HYPOTHESIS_PROFILE=ci`` runs the same
# examples on every run (derandomized), so CI never fails on a newly drawn case alone.
settings.register_profile(
    "peta", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", settings.get_profile("peta"), derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "peta"))


@pytest.fixture(scope="session")
def data_mirror() -> Path:
    """The local mirror of the pinned sources; tests never touch the network."""
    mirror = Path(os.environ.get("PETA_DATA_MIRROR", DEFAULT_MIRROR))
    if not (mirror / "SHA256SUMS").is_file():
        pytest.fail(f"Mirror sumber data tidak ada di {mirror}; set PETA_DATA_MIRROR.")
    os.environ["PETA_DATA_MIRROR"] = str(mirror)
    return mirror


@pytest.fixture(scope="session")
def tts_build(data_mirror: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build 53.02 (TTS) once per session into a temporary folder."""
    from geodata.pipeline import build_kabupaten

    out = tmp_path_factory.mktemp("geodata_build")
    result = build_kabupaten("53.02", out_dir=out)
    # the ETL (and everything above it) reads the boundaries from here during the tests
    os.environ["PETA_GEODATA_BUILD"] = str(out)
    return result


@pytest.fixture(scope="session")
def tts_gpkg(tts_build) -> Path:  # type: ignore[no-untyped-def]
    """Path of the built TTS GeoPackage."""
    return Path(tts_build.path)


@pytest.fixture(scope="session")
def workbook_factory(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Write a small officer workbook: ``make(name, {"Kegiatan": [header, *rows], ...})``."""
    import openpyxl

    folder = tmp_path_factory.mktemp("workbooks")

    def make(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
        path = folder / name
        wb.save(path)
        return path

    return make


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """URL (with password) of a fresh PostGIS database in a throwaway cluster
    (:mod:`tests.etl.store.cluster`), removed after the session. Missing PostgreSQL or
    PostGIS fails the tests with the install command; they are never skipped."""
    from tests.etl.store.cluster import ClusterUnavailable, throwaway_cluster

    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
