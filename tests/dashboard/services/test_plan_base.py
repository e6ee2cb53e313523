"""Both front doors start a plan at the area's own base when none is given: ``rencana
--json`` and the Prioritas page (its default base and plan) agree, for Kota Kupang alone
and for the working area TTS + Kota Kupang (real ETL outputs of the sample workbook)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.services.dataset import load_dataset
from dashboard.services.plan_view import page_plan
from etl.planning.bases import CAPITALS, OFFICE_BASE
from etl.planning.plan import plan_to_json
from etl.planning.service import PlanOptions

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def areas(sample_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from etl.pipeline import run_etl

    book = next((sample_data / "masukan").glob("*.xlsx"))
    built = {}
    for kabupaten in ("53.71", "53.02,53.71"):
        built[kabupaten] = tmp_path_factory.mktemp("wilayah")
        run_etl([book], built[kabupaten], kabupaten=kabupaten, per_tanggal=AS_OF)
    return built


@pytest.mark.parametrize(
    ("kabupaten", "chosen"),
    [("53.71", ()), ("53.02,53.71", ()), ("53.02,53.71", ("53.71",)),
     ("53.02,53.71", ("53.02",))],
)  # fmt: skip
def test_rencana_and_the_page_start_at_the_same_default_base(
    areas: dict[str, Path], kabupaten: str, chosen: tuple[str, ...], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    area = areas[kabupaten]
    ds = load_dataset(area)
    home = ds.rencana.default_base(chosen)  # what the page's base fields start with
    page = page_plan(ds, PlanOptions(k=3, base=home, kabupaten=chosen))
    flags = [f for code in chosen for f in ("--kabupaten", code)]
    plan = tmp_path / "rencana.json"
    code = main(["rencana", "--data", str(area), "--k", "3", *flags,
                 "--out", str(tmp_path / "r.xlsx"), "--json", str(plan)])  # fmt: skip
    assert code == 0
    assert json.loads(plan.read_text(encoding="utf-8")) == plan_to_json(page)
    expected = CAPITALS["53.02"] if chosen == ("53.02",) else OFFICE_BASE
    assert home == page.base == expected
    start = "Kelurahan SoE" if chosen == ("53.02",) else "Kelurahan Kayu Putih"
    assert f"Trip: {len(page.trips)} dari {start}" in capsys.readouterr().out


def test_the_prioritas_page_fields_start_at_the_chosen_area_base(
    areas: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[3] / "dashboard" / "app.py")
    data = areas["53.02,53.71"]
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(data / "tidak_ada_pengguna.toml"))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(app, default_timeout=120)
    at.run()
    # every page's sidebar names the working area, not TTS alone
    assert any(c.value.endswith("Timor Tengah Selatan dan Kota Kupang") for c in at.sidebar.caption)
    at.switch_page("views/prioritas.py")
    at.run()
    assert not at.exception

    def base() -> tuple[float, float]:
        lat, lon = (n.value for n in at.sidebar.number_input)
        return (round(lat, 4), round(lon, 4))

    assert base() == OFFICE_BASE
    next(s for s in at.sidebar.selectbox if s.key == "ps_kabupaten").set_value("53.02").run()
    assert not at.exception
    assert base() == CAPITALS["53.02"]
