"""``peta-sosialisasi etl`` as offices use it: each file with its office and agency added
to the folder's set, what happened printed per input ("baru", "diganti (versi
sebelumnya sha ...)", "sama, dilewati", "Tidak ada perubahan"), ``--ganti-semua``, and a
rebuild from the kept inputs when no file is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.cli import main
from etl.io.versions import VERSIONS_DIR, current_dir
from etl.store.folder import FolderStore
from geodata.fetch import sha256_of
from tests.etl.store.test_loading import AS_OF, book


def _etl(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["etl", *args, "--per-tanggal", AS_OF.isoformat()])
    got = capsys.readouterr()
    return code, got.out, got.err


def test_offices_load_twice_correct_and_replace_all(
    tts_build: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "keluaran")
    a = book(tmp_path / "a" / "kanim.xlsx", "A")
    b = book(tmp_path / "b" / "dinas.xlsx", "B", 4)
    code, printed, _ = _etl(capsys, str(a), "--out", out, "--kantor", "Kanim Kupang")
    assert code == 0
    assert "kanim.xlsx — Kanim Kupang (Imigrasi): baru" in printed
    code, printed, _ = _etl(capsys, str(b), "--out", out, "--kantor", "Disnakertrans TTS",
                            "--instansi", "Disnakertrans")  # fmt: skip
    assert code == 0 and "dinas.xlsx — Disnakertrans TTS (Disnakertrans): baru" in printed
    assert "2 masukan tersimpan seluruhnya" in printed
    current = current_dir(Path(out))
    code, printed, _ = _etl(capsys, str(a), "--out", out, "--kantor", "Kanim Kupang")
    assert code == 0 and "kanim.xlsx — Kanim Kupang (Imigrasi): sama, dilewati" in printed
    assert "Tidak ada perubahan" in printed and current_dir(Path(out)) == current
    old = sha256_of(a)
    book(a, "A", 7)  # the office corrects its file
    code, printed, _ = _etl(capsys, str(a), "--out", out, "--kantor", "Kanim Kupang")
    assert code == 0 and f"diganti (versi sebelumnya sha {old[:12]})" in printed
    peserta = FolderStore(Path(out)).read_layer("peserta").set_index("kantor")["jumlah"]
    assert peserta.to_dict() == {"Kanim Kupang": 7, "Disnakertrans TTS": 4}
    code, printed, _ = _etl(capsys, str(b), "--out", out, "--kantor", "Disnakertrans TTS",
                            "--instansi", "Disnakertrans", "--ganti-semua")  # fmt: skip
    assert code == 0 and "kanim.xlsx — Kanim Kupang (Imigrasi): dihapus dari masukan" in printed
    assert "dinas.xlsx — Disnakertrans TTS (Disnakertrans): sama, diproses ulang" in printed
    assert set(FolderStore(Path(out)).read_layer("peserta")["kantor"]) == {"Disnakertrans TTS"}


def test_no_file_rebuilds_from_the_kept_inputs(
    tts_build: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "keluaran"
    a = book(tmp_path / "a" / "kanim.xlsx", "A")
    assert _etl(capsys, str(a), "--out", str(out))[0] == 0
    a.unlink()
    code, printed, _ = _etl(capsys, "--out", str(out))
    assert code == 0 and "dibangun ulang dari 1 masukan tersimpan" in printed
    assert len(list((out / VERSIONS_DIR).iterdir())) == 2
    assert FolderStore(out).read_layer("peserta")["sumber_file"].tolist() == ["kanim.xlsx"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--ganti-semua"], 2, "--ganti-semua butuh"),
        (["--kantor", " "], 2, "tidak boleh kosong"),
        ([], 1, "Belum ada masukan tersimpan"),
    ],
)
def test_usage_and_empty_store_errors_are_one_indonesian_line(
    tts_build: object, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], code: int, says: str,
) -> None:  # fmt: skip
    got, _, err = _etl(capsys, "--out", str(tmp_path / "kosong"), *args)
    assert got == code and says in err and "Traceback" not in err
