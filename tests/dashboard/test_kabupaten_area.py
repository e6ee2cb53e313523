"""A working area of two kabupaten (53.02 TTS + 53.71 Kota Kupang, a real ETL output of
the sample workbook): the kabupaten selector filters every view through the one filter
state, and what it shows is what is applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.services.area_figures import area_public_figures
from dashboard.services.dataset import (
    area_kecamatan,
    filtered_attendance,
    filtered_metrics,
    kabupaten_options,
    load_dataset,
    venue_points,
)
from dashboard.services.suppression import public_figures
from etl.nodes.metrics import headline_figures

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def two_kabupaten(sample_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.pipeline import run_etl

    book = next((sample_data / "masukan").glob("*.xlsx"))
    folder = tmp_path_factory.mktemp("data_dua_kabupaten")
    run_etl([book], folder, kabupaten=["53.02", "53.71"], per_tanggal=AS_OF)
    return folder


def test_the_data_names_its_kabupaten_and_one_kabupaten_has_no_choice(
    two_kabupaten: Path, sample_data: Path
) -> None:
    ds = load_dataset(two_kabupaten)
    assert kabupaten_options(ds) == {
        "53.02": "Kabupaten Timor Tengah Selatan",
        "53.71": "Kota Kupang",
    }
    assert list(kabupaten_options(load_dataset(sample_data))) == ["53.02"]


def test_choosing_a_kabupaten_restricts_every_table_and_the_totals_add_up(
    two_kabupaten: Path,
) -> None:
    ds = load_dataset(two_kabupaten)
    every = ds.default_filters
    all_desa, all_kec = filtered_metrics(ds, every)
    assert (len(all_desa), len(all_kec)) == (329, 38)
    parts = {}
    for code, (n_desa, n_kec) in {"53.02": (278, 32), "53.71": (51, 6)}.items():
        flt = replace(every, kabupaten=(code,))
        desa, kec = filtered_metrics(ds, flt)
        assert (len(desa), len(kec)) == (n_desa, n_kec)
        assert desa["kode"].str.startswith(code + ".").all()
        assert area_kecamatan(ds, flt) == tuple(sorted(kec["kode"]))
        assert venue_points(ds, flt)["desa_kode"].str.startswith(code + ".").all()
        assert filtered_attendance(ds, flt)["desa_kode"].str.startswith(code + ".").all()
        parts[code] = headline_figures(desa, kec)
    total = headline_figures(all_desa, all_kec)
    for figure in ("desa_tercakup", "desa_total", "peserta", "laporan", "kecamatan_total"):
        assert total[figure] == parts["53.02"][figure] + parts["53.71"][figure]
    # a chosen kecamatan wins over the kabupaten it lies in
    one = replace(every, kabupaten=("53.02",), kecamatan=("53.02.01",))
    assert area_kecamatan(ds, one) == ("53.02.01",)


def test_rapat_figures_are_protected_per_kabupaten_and_summed_over_the_area(
    two_kabupaten: Path, sample_data: Path
) -> None:
    ds = load_dataset(two_kabupaten)
    desa, _ = filtered_metrics(ds, ds.default_filters)
    figures = area_public_figures(desa)
    tts = desa[desa["kode"].str.startswith("53.02.")]
    alone = public_figures(tts)
    assert figures.per_kabupaten["53.02"].equals(alone.kabupaten)
    assert figures.desa.loc[alone.desa.index].equals(alone.desa)  # same hidden cells
    kupang = tuple(sorted(k for k in figures.kecamatan.index if k.startswith("53.71.")))
    assert figures.headline(kupang) == figures.per_kabupaten["53.71"].to_dict()
    for measure, shown in figures.headline(()).items():
        parts = [figures.per_kabupaten[k][measure] for k in ("53.02", "53.71")]
        expected = str(sum(map(int, parts))) if all(p.isdigit() for p in parts) else "x"
        assert shown == expected
    # one kabupaten: exactly the figures as before
    sample = load_dataset(sample_data)
    desa_one, _ = filtered_metrics(sample, sample.default_filters)
    assert area_public_figures(desa_one).kabupaten.equals(public_figures(desa_one).kabupaten)


def _app(data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(data / "tidak_ada_pengguna.toml"))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return at


def _selector(at: AppTest):  # type: ignore[no-untyped-def]
    return next(s for s in at.sidebar.selectbox if s.key == "ps_kabupaten")


def test_the_selector_shows_what_every_page_applies(
    two_kabupaten: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(two_kabupaten, monkeypatch)
    assert not at.exception
    selector = _selector(at)
    assert selector.value == "" and selector.options[0] == "Semua kabupaten"
    selector.set_value("53.71").run()
    assert not at.exception
    assert at.session_state["ps_filters"].kabupaten == ("53.71",)
    assert _selector(at).value == "53.71"
    kecamatan = next(m for m in at.sidebar.multiselect if m.key == "ps_kecamatan")
    assert len(kecamatan.options) == 6  # only Kota Kupang's kecamatan are offered
    for page in ("tren", "kecamatan", "rapat", "prioritas", "peta"):
        at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert _selector(at).value == "53.71", page
        assert at.session_state["ps_filters"].kabupaten == ("53.71",), page
    _selector(at).set_value("").run()
    assert at.session_state["ps_filters"].kabupaten == ()
    at.sidebar.button(key="ps_reset").click().run()
    assert _selector(at).value == "" and at.session_state["ps_filters"].kabupaten == ()


def test_rapat_names_the_chosen_kabupaten(
    two_kabupaten: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(two_kabupaten, monkeypatch)
    _selector(at).set_value("53.71").run()
    at.switch_page("views/rapat.py")
    at.run()
    assert not at.exception
    assert any("Kota Kupang" in m.value for m in at.markdown)


def test_one_kabupaten_shows_no_selector(
    sample_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(sample_data, monkeypatch)
    assert not at.exception
    assert all(s.key != "ps_kabupaten" for s in at.sidebar.selectbox)


def test_a_confirmed_alias_is_recorded_under_its_desa_kabupaten(tmp_path: Path) -> None:
    from dashboard.services.etl_runner import confirm_candidate
    from etl.tools.aliases import read_aliases

    for kode in ("53.71.04.1001", "53.02.14.2004"):
        confirm_candidate(
            tmp_path, kabupaten="53.02,53.71", kecamatan="", nama_ketik=f"Oebobo {kode[:5]}",
            desa_kode=kode, user="petugas1",
        )  # fmt: skip
    aliases = read_aliases(tmp_path / "aliases.csv")
    assert dict(zip(aliases["desa_kode"], aliases["kabupaten"], strict=True)) == {
        "53.71.04.1001": "53.71",
        "53.02.14.2004": "53.02",
    }


def test_an_export_names_the_chosen_kabupaten_only_in_a_working_area(
    two_kabupaten: Path, sample_data: Path
) -> None:
    from datetime import datetime

    from dashboard.services.export_info import export_stamp_lines

    ds = load_dataset(two_kabupaten)
    made = datetime(2026, 12, 1, 9, 0)
    lines = export_stamp_lines(ds, replace(ds.default_filters, kabupaten=("53.71",)), "id", made)
    assert "Kabupaten/kota: Kota Kupang" in lines
    assert "Kabupaten/kota: Semua" in export_stamp_lines(ds, ds.default_filters, "id", made)
    one = load_dataset(sample_data)
    assert not any(
        "Kabupaten/kota" in x for x in export_stamp_lines(one, one.default_filters, "id", made)
    )
