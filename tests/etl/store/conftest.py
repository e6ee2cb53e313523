"""The real PostGIS database of the store tests: one throwaway cluster per session
(:mod:`tests.etl.store.cluster`). Missing PostgreSQL/PostGIS fails the tests with the
install command; they are never skipped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.etl.store.cluster import ClusterUnavailable, throwaway_cluster


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """URL (with password) of a fresh PostGIS database, removed after the session."""
    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
