from __future__ import annotations

import stat
from pathlib import Path

import pytest

from geodata.io.atomic import atomic_target, write_text_atomically


def test_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_text_atomically(target, "lama")
    with pytest.raises(RuntimeError), atomic_target(target) as tmp:
        tmp.write_text("setengah")
        raise RuntimeError("gagal di tengah")
    assert target.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left
    write_text_atomically(target, "baru")
    assert target.read_text() == "baru"


def test_mode_and_uncreated_path(tmp_path: Path) -> None:
    secret = write_text_atomically(tmp_path / "rahasia.toml", "x", mode=0o600)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    plain = write_text_atomically(tmp_path / "biasa.json", "{}")
    assert stat.S_IMODE(plain.stat().st_mode) & 0o044  # readable like any new file
    with atomic_target(tmp_path / "b.gpkg", create=False) as tmp:
        assert not tmp.exists()
        tmp.write_bytes(b"isi")
    assert (tmp_path / "b.gpkg").read_bytes() == b"isi"
