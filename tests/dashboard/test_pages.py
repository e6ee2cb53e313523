"""Every page renders without exceptions (Streamlit AppTest) for the sample, an empty
dataset and a dataset where nothing is covered; roles are enforced per page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
ALL_PAGES = ["peta", "kecamatan", "tren", "rapat", "prioritas", "data_kualitas", "petunjuk"]
PUBLIC_PAGES = ["peta", "kecamatan", "tren", "rapat", "petunjuk"]


def _run(data: Path, page: str, monkeypatch: pytest.MonkeyPatch, *, address: str = "127.0.0.1",
         users: Path | None = None) -> AppTest:  # fmt: skip
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(users or data / "tidak_ada_pengguna.toml"))
    config.set_option("server.address", address)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page != "peta":
        at.switch_page(f"views/{page}.py")
        at.run()
    return at


def _assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_sample_pages_render(sample_data: Path, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(sample_data, page, monkeypatch)
    _assert_clean(at)
    assert any("DATA CONTOH" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_empty_dataset_pages_render(
    empty_data: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # real (non-sample) data: an officer must log in for the restricted pages
    from dashboard.services.accounts import add_user

    users = empty_data / "pengguna.toml"
    if not users.exists():
        add_user(users, "petugas1", "kata-sandi-panjang", "petugas")
    at = _run(empty_data, "peta", monkeypatch, users=users)
    at.sidebar.text_input[0].input("petugas1")
    at.sidebar.text_input[1].input("kata-sandi-panjang")
    at.sidebar.button[0].click()
    at.run()
    if page != "peta":
        at.switch_page(f"views/{page}.py")
        at.run()
    _assert_clean(at)
    assert not any("DATA CONTOH" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_uncovered_dataset_pages_render(
    uncovered_data: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(uncovered_data, page, monkeypatch)
    _assert_clean(at)
    if page == "peta":
        figures = {m.label: m.value for m in at.metric}
        assert list(figures)[:2] == ["Belum pernah dijangkau", "Kedaluwarsa"]  # the gap first
        assert figures["Tercakup (0,0 % dari 278 desa)"] == "0"
        assert int(figures["Belum pernah dijangkau"]) + int(figures["Kedaluwarsa"]) <= 278


def test_real_data_without_login_is_meeting_role_only(
    uncovered_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(uncovered_data, "peta", monkeypatch)
    assert any("rapat" in i.value for i in at.sidebar.info)
    for page in ("data_kualitas", "prioritas"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"views/{page}.py")


def test_sample_on_public_address_is_meeting_role(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(sample_data, "peta", monkeypatch, address="0.0.0.0")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/data_kualitas.py")


def test_meeting_mode_forces_meeting_role(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETA_DATA_DIR", str(sample_data))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["mode"] = "rapat"
    at.run()
    _assert_clean(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/data_kualitas.py")
    assert len(at.metric) == 6  # the headline figures of the meeting screen, gap first
    assert at.metric[0].label == "Belum pernah dijangkau"
    assert at.metric[2].label.endswith("dari 278 desa)")
    assert sum(int(at.metric[i].value) for i in range(3)) == 278
    # the meeting screen shows aggregates only: no tables of rows, no review queue
    assert not at.dataframe


def test_map_assets_are_local(sample_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(sample_data, "peta", monkeypatch)
    maps = [el for el in at.main if getattr(el, "type", "") == "unknown"]
    links: list[str] = []
    for el in at.get("component_instance") or maps:
        args = getattr(el.proto, "json_args", "")
        links += [
            u for u in args.replace('"', " ").split() if u.startswith(("http://", "https://", "//"))
        ]
    assert args_seen(at), "no st_folium component rendered"
    foreign = [u for u in links if urlparse(u).hostname not in (None, "localhost", "127.0.0.1")]
    assert not foreign


def args_seen(at: AppTest) -> bool:
    return any(
        "leaflet" in getattr(el.proto, "json_args", "") for el in at.get("component_instance")
    )


def test_missing_data_shows_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(tmp_path, "peta", monkeypatch)
    assert not at.exception
    assert any("make run" in e.value for e in at.error)


def test_corrupt_geopackage_shows_clear_message(
    sample_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from etl.io.versions import POINTER_NAME, current_dir

    source = current_dir(sample_data)
    assert source is not None
    shutil.copytree(source, tmp_path / "versi" / source.name)
    shutil.copy(sample_data / POINTER_NAME, tmp_path / POINTER_NAME)
    (tmp_path / "versi" / source.name / "sosialisasi.gpkg").write_bytes(b"bukan geopackage" * 100)
    at = _run(tmp_path, "peta", monkeypatch)
    assert not at.exception
    assert any("ETL" in e.value for e in at.error)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_pages_in_english(sample_data: Path, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETA_DATA_DIR", str(sample_data))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["ps_lang"] = "en"
    at.run()
    assert any(t.value == "Coverage Map" for t in at.title) or page != "peta"
    if page != "peta":
        at.switch_page(f"views/{page}.py")
        at.run()
    _assert_clean(at)
    assert any("SAMPLE DATA" in m.value or "DATA CONTOH" in m.value for m in at.markdown)


def test_guide_states_the_default_window_as_the_etl_has_it(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.io.contract import DEFAULT_WINDOW_MONTHS

    at = _run(sample_data, "petunjuk", monkeypatch)
    _assert_clean(at)
    texts = [m.value for m in at.markdown]
    assert any(f"bawaan {DEFAULT_WINDOW_MONTHS} bulan" in t for t in texts)
    assert not any("{bulan}" in t for t in texts)
