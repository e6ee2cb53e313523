from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from geodata.fetch import FetchError, fetch_sources, sha256_of
from geodata.sources import Source, load_sources, sources_for


def _mirror_with(tmp_path: Path, content: bytes) -> tuple[Path, str]:
    rel = "owner/repo/abc123/db/file.sql"
    mirror = tmp_path / "mirror"
    (mirror / rel).parent.mkdir(parents=True)
    (mirror / rel).write_bytes(content)
    return mirror, rel


def _source(rel: str, sha: str) -> Source:
    return Source(
        mirror=rel, url="http://127.0.0.1:9/never-used", sha256=sha, license="MIT", repo="o/r"
    )


def test_mirror_path_is_honoured_and_verified(tmp_path: Path) -> None:
    mirror, rel = _mirror_with(tmp_path, b"hello")
    src = _source(rel, hashlib.sha256(b"hello").hexdigest())
    got = fetch_sources([src], cache=tmp_path / "cache", mirror=mirror)
    assert got[rel].read_bytes() == b"hello"
    assert got[rel] == tmp_path / "cache" / rel


def test_env_mirror_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror, rel = _mirror_with(tmp_path, b"x")
    monkeypatch.setenv("PETA_DATA_MIRROR", str(mirror))
    src = _source(rel, hashlib.sha256(b"x").hexdigest())
    assert fetch_sources([src], cache=tmp_path / "c")[rel].read_bytes() == b"x"


def test_sha_mismatch_refused_and_not_kept(tmp_path: Path) -> None:
    mirror, rel = _mirror_with(tmp_path, b"tampered")
    expected = hashlib.sha256(b"original").hexdigest()
    with pytest.raises(FetchError) as err:
        fetch_sources([_source(rel, expected)], cache=tmp_path / "cache", mirror=mirror)
    msg = str(err.value)
    assert rel in msg and expected in msg and hashlib.sha256(b"tampered").hexdigest() in msg
    assert not (tmp_path / "cache" / rel).exists()
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_cached_verified_file_not_fetched_again(tmp_path: Path) -> None:
    mirror, rel = _mirror_with(tmp_path, b"v1")
    src = _source(rel, hashlib.sha256(b"v1").hexdigest())
    fetch_sources([src], cache=tmp_path / "cache", mirror=mirror)
    (mirror / rel).unlink()  # a second fetch must not need the mirror
    assert fetch_sources([src], cache=tmp_path / "cache", mirror=mirror)[rel].read_bytes() == b"v1"


def test_missing_file_in_mirror_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="tidak ada di mirror"):
        fetch_sources([_source("a/b/c/d.sql", "0" * 64)], cache=tmp_path, mirror=tmp_path)


def test_sources_toml_pins_urls_at_commits() -> None:
    sources = load_sources()
    assert all(s.url.endswith(s.mirror) for s in sources)
    assert all(len(s.sha256) == 64 and s.license == "MIT" for s in sources)
    roles = sources_for("53.02", sources)
    assert roles["desa"].name == "wilayah_boundaries_kel_53.02.sql"
    assert "3c5a7960f4d227a38489094d84252bdbb3f978a5" in roles["desa"].url
    assert "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7" in roles["wilayah"].url


def test_every_ntt_kabupaten_has_sources() -> None:
    for kode in ["53.01", "53.21", "53.71"]:
        assert sources_for(kode)["desa"].name.endswith(f"{kode}.sql")
    with pytest.raises(ValueError):
        sources_for("53.99")


def test_mirror_files_match_pins(data_mirror: Path) -> None:
    for src in sources_for("53.02").values():
        assert sha256_of(data_mirror / src.mirror) == src.sha256
