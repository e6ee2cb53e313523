"""The bounded wait of :mod:`geodata.io.locking`, shared by the file locks and the
database's load lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from geodata.io.locking import locked_file, wait_for

REPO = Path(__file__).resolve().parents[3]


def test_wait_for_tries_until_the_attempt_succeeds() -> None:
    calls: list[int] = []

    def third_time() -> bool:
        calls.append(1)
        return len(calls) == 3

    assert wait_for(third_time, wait=5.0) is True
    assert len(calls) == 3


def test_wait_for_gives_up_after_the_wait_with_one_try_at_least() -> None:
    calls: list[int] = []

    def never() -> bool:
        calls.append(1)
        return False

    assert wait_for(never, wait=0.0) is False
    assert len(calls) == 1


def test_a_held_file_lock_times_out_in_another_process(tmp_path: Path) -> None:
    path = tmp_path / ".kunci"
    script = (
        "import sys\nfrom pathlib import Path\nfrom geodata.io.locking import locked_file\n"
        "with locked_file(Path(sys.argv[1]), wait=0.2):\n    pass\n"
    )
    with locked_file(path, wait=1.0):  # the lock belongs to this process's open file
        held = subprocess.run([sys.executable, "-c", script, str(path)], cwd=REPO,
                              capture_output=True, text=True)  # fmt: skip
    free = subprocess.run([sys.executable, "-c", script, str(path)], cwd=REPO,
                          capture_output=True, text=True)  # fmt: skip
    assert held.returncode != 0 and "masih dikunci" in held.stderr
    assert free.returncode == 0, free.stderr
