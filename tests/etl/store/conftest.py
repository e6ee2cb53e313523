"""The store fixture the behaviour tests share: an empty store of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.store import Store, open_store
from tests.etl.store.cluster import fresh_database


@pytest.fixture(params=["folder", "postgis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind (the folder ``tmp_path/keluaran``; a fresh database
    in the session's throwaway cluster)."""
    if request.param == "folder":
        yield open_store(tmp_path / "keluaran")
        return
    url = request.getfixturevalue("postgis_url")
    fresh_database(url)
    yield open_store(url)
