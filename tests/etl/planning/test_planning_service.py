"""The one planning service: the ETL's window from the manifest, points from the full
geometry of the published `desa` layer, a clear error when the layer cannot be read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from planning_fixtures import DAYS_PER_MONTH, desa_frame

from etl.io.output import write_outputs
from etl.planning.covering import representative_points
from etl.planning.service import (
    PlanOptions,
    plan_from_outputs,
    read_plan_inputs,
    replan_venues,
)
from etl.store import open_store


def _publish(out: Path, window: int, layers: dict[str, pd.DataFrame] | None = None) -> Path:
    desa = desa_frame([
        {"kode": "53.02.01.2001", "nama": "Lama", "lat": -9.86, "lon": 124.27,
         "status_cakupan": "kedaluwarsa", "hari_sejak_kunjungan": 18 * DAYS_PER_MONTH},
        {"kode": "53.02.01.2002", "nama": "Belum", "lat": -9.90, "lon": 124.30},
    ])  # fmt: skip
    manifest = {"parameter": {"per_tanggal": "2026-11-30", "jendela_bulan": window}}
    write_outputs(out, layers if layers is not None else {"desa": desa}, manifest)
    return out


@pytest.mark.parametrize(("window", "gap"), [(12, 0.7), (6, 0.9)])
def test_the_plan_uses_the_window_the_etl_ran_with(tmp_path: Path, window: int, gap: float) -> None:
    # lapsed 18 months: (18 - w) / w of the way from 0.5 to 0.9, capped at 0.9
    plan = plan_from_outputs(
        open_store(_publish(tmp_path, window)).read_outputs(), PlanOptions(k=1)
    )
    row = plan.skor.set_index("kode").loc["53.02.01.2001"]
    assert row["komp_celah_cakupan"] == pytest.approx(gap)
    assert plan.parameters["jendela_bulan"] == window


def test_inputs_hold_points_of_the_published_geometry_and_replanning_uses_them(
    tmp_path: Path,
) -> None:
    inputs = read_plan_inputs(open_store(_publish(tmp_path, 12)).read_outputs())
    expected = representative_points(inputs.desa)
    assert inputs.points.geom_equals(expected).all() and inputs.window_months == 12
    options = PlanOptions(k=1, radius_km=2.0)
    plan = plan_from_outputs(open_store(tmp_path).read_outputs(), options)
    assert replan_venues(plan, inputs, [s.venue_kode for s in plan.sessions], options) is plan
    moved = replan_venues(plan, inputs, ["53.02.01.2001"], options)
    assert [s.venue_kode for s in moved.sessions] == ["53.02.01.2001"]
    assert moved.skor is plan.skor


def test_an_output_without_desa_layer_is_a_clear_error(tmp_path: Path) -> None:
    _publish(tmp_path, 12, {"kecamatan": pd.DataFrame({"kode": ["53.02.01"]})})
    with pytest.raises(ValueError, match=r"tidak punya layer 'desa'.*Jalankan ETL lagi"):
        read_plan_inputs(open_store(tmp_path).read_outputs())
