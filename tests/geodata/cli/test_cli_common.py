"""The one CLI convention: one Indonesian line on stderr, documented exit codes, the
traceback of an unexpected error in a log file instead of on the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from geodata.cli.common import (
    EXIT_CANCELLED,
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_USAGE,
    ArgumentParser,
    fail,
    run_handler,
)


def _boom(args: argparse.Namespace) -> int:
    raise RuntimeError(f"rusak di dalam\nbaris kedua {args.nilai}")


def _interrupted(_: argparse.Namespace) -> int:
    raise KeyboardInterrupt


def test_unexpected_error_is_one_line_code_3_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PETA_LOG_DIR", str(tmp_path / "log"))
    assert run_handler(_boom, argparse.Namespace(nilai=7)) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("peta-sosialisasi: galat: ")
    assert "RuntimeError" in err and str(tmp_path / "log" / "galat.log") in err
    assert "Traceback" not in err
    log = (tmp_path / "log" / "galat.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "baris kedua 7" in log


def test_unwritable_log_still_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    monkeypatch.setenv("PETA_LOG_DIR", str(blocker))
    assert run_handler(_boom, argparse.Namespace(nilai=1)) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "log tidak dapat ditulis" in err


def test_ctrl_c_is_code_130(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_handler(_interrupted, argparse.Namespace()) == EXIT_CANCELLED
    assert capsys.readouterr().err == "peta-sosialisasi: galat: dibatalkan.\n"


def test_fail_folds_a_multi_line_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail("berkas\n  rusak\r\nbaris 3") == EXIT_DATA
    assert capsys.readouterr().err == "peta-sosialisasi: galat: berkas rusak baris 3\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "argumen wajib belum diisi: --out"),
        (["--out", "x", "--lain"], "argumen tidak dikenal: --lain"),
        (["--out", "x", "--k", "abc"], "argumen --k: nilai tidak sah: 'abc'"),
        (["--out", "x", "--mode", "z"], "argumen --mode: pilihan 'z' tidak dikenal"),
    ],
)
def test_usage_errors_are_one_indonesian_line_code_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = ArgumentParser(prog="peta-sosialisasi")
    parser.add_argument("--out", required=True)
    parser.add_argument("--k", type=int)
    parser.add_argument("--mode", choices=["a", "b"])
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(argv)
    assert stop.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"peta-sosialisasi: galat: {expected}")
