"""The Petunjuk and Data & Kualitas pages offer both field forms for download (AppTest,
the real sample data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.strings import t

APP = str(Path(__file__).resolve().parents[3] / "dashboard" / "app.py")


@pytest.mark.parametrize("page", ["petunjuk", "data_kualitas"])
def test_page_offers_both_forms(
    sample_data: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETA_DATA_DIR", str(sample_data))
    monkeypatch.setenv("PETA_USERS_FILE", str(sample_data / "tidak_ada_pengguna.toml"))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.run()
    assert any(t("formulir.panduan", "id")[:40] in m.value for m in at.markdown)
    button = next(b for b in at.button if b.label == t("formulir.buat", "id"))
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [d.proto.label for d in at.get("download_button")]
    for name in ("formulir_kegiatan.xlsx", "formulir_laporan.xlsx"):
        assert t("formulir.unduh", "id", berkas=name) in labels


def test_submission_figures_read_in_both_languages() -> None:
    block = {"kiriman": 22, "baru": 8, "diubah": 3, "tetap": 11, "tidak_ada_lagi": 0,
             "versi": {"53.02-x": 22}, "ditinjau": {}}  # fmt: skip
    assert "22 kiriman — 8 baru, 3 diubah, 11 tetap" in t("data.formulir_kiriman", "id", **block)
    assert "8 new, 3 updated, 11 unchanged" in t("data.formulir_kiriman", "en", **block)
