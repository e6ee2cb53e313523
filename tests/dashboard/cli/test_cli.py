"""The composed `peta-sosialisasi` command: every subcommand is registered and runnable."""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path

import pytest

from dashboard.cli import build_parser, main
from dashboard.cli.dashboard import SERVER_FLAGS, streamlit_command

REPO = Path(__file__).resolve().parents[3]

COMMANDS = {"geodata", "etl", "sample", "template", "dashboard", "rencana", "pengguna"}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_registered_with_a_handler() -> None:
    subs = _subcommands(build_parser())
    assert set(subs) >= COMMANDS
    for name, sub in subs.items():
        assert sub.get_default("handler") is not None or any(
            isinstance(a, argparse._SubParsersAction) for a in sub._actions
        ), name


def test_rencana_runs_through_the_root_command(sample_data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "rencana.xlsx"
    code = main(["rencana", "--data", str(sample_data), "--out", str(out),
                 "--json", str(tmp_path / "rencana.json")])  # fmt: skip
    assert code == 0 and out.is_file() and (tmp_path / "rencana.json").is_file()


def test_etl_missing_input_is_a_clear_error(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["etl", str(tmp_path / "tidak_ada.xlsx"), "--out", str(tmp_path / "out")])
    assert code != 0
    err = capsys.readouterr().err
    assert "tidak_ada.xlsx" in err and "Traceback" not in err


def test_dashboard_command_is_local_and_hardened() -> None:
    cmd = " ".join(streamlit_command(8501, "127.0.0.1"))
    assert "--server.address=127.0.0.1" in cmd
    for key in ("client.showErrorDetails", "browser.gatherUsageStats",
                "server.enableXsrfProtection", "server.enableStaticServing"):  # fmt: skip
        assert f"--{key}={SERVER_FLAGS[key]}" in cmd
    assert SERVER_FLAGS["client.showErrorDetails"] == "none"
    assert SERVER_FLAGS["browser.gatherUsageStats"] == "false"
    assert cmd.split()[4].endswith("dashboard/server.py")  # the app inside the middleware
    assert "--browser.serverAddress=localhost" in cmd  # no external-IP lookup at start


def test_dashboard_on_all_interfaces_names_itself_without_network() -> None:
    cmd = streamlit_command(8501, "0.0.0.0")
    address = next(a for a in cmd if a.startswith("--browser.serverAddress="))
    assert address.split("=", 1)[1] == socket.gethostname()
    assert "--browser.serverAddress=10.1.2.3" in streamlit_command(8501, "10.1.2.3")


@pytest.mark.parametrize("argv", [["geodata"], ["pengguna"]])
def test_group_commands_require_a_subcommand(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["etl", "tidak_ada.xlsx", "--out", "keluaran"], 1),
        (["rencana", "--data", "tidak_ada", "--out", "r.xlsx"], 1),
        (["template", "--out", "templat.csv"], 2),
        (["rencana", "--data", "d"], 2),
        (["tidak-ada"], 2),
        (["geodata"], 2),
        (["pengguna", "hapus"], 2),
        ([], 2),
    ],
)
def test_every_error_is_one_line_with_the_documented_code(
    argv: list[str], code: int, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Real runs of the console entry point: one `peta-sosialisasi: galat:` line on stderr
    and the code documented in README (1 data/input, 2 usage)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *argv], capture_output=True, text=True,
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("peta-sosialisasi: galat: ")
    assert done.stderr.count("\n") == 1, done.stderr
