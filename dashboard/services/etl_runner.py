"""Rerun the ETL from the dashboard: after a review decision, an upload or the removal
of an input (no Streamlit).

An upload is checked (size, content, and read as the ETL reads it) in a private staging
folder, and only then stored in ``masukan/`` under a new name of its own
(``<name>-<sha256 prefix>.<ext>``): it never replaces a recorded input. A rerun uses the
inputs recorded in the manifest plus the new ones, so nothing previously loaded is lost;
when it fails, the new files are removed again, so a failed upload changes nothing. The
ETL publishes atomically: a failed rerun leaves the current data in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path

import pandas as pd

from etl.io.contract import Manifest, ManifestError
from etl.io.kept import KEPT_DIR, folder_load_lock, is_kept, keep_file, kept_name
from etl.io.readers import read_inputs
from etl.io.safety import check_input_file
from etl.io.versions import LOCK_WAIT_SECONDS, read_outputs
from etl.pipeline import EtlResult, run_etl
from etl.store import Store, chosen_database, open_store
from etl.store.folder import ALIAS_FILE, FolderStore
from etl.tables import InputSource
from etl.tools.decisions import Decision
from geodata.sources import kabupaten_list

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


def manifest_inputs(manifest: Manifest) -> list[Path]:
    """Input files recorded in the manifest that still exist."""
    return [p for p in manifest.input_paths() if p.is_file()]


def input_table(manifest: Manifest) -> pd.DataFrame:
    """The inputs recorded in the manifest, one row each: ``berkas`` (the name people
    see), ``kantor`` and ``sumber_instansi`` (who loaded it), ``path``, ``dibaca`` (rows
    read over its sheets) and ``ada`` (still on disk)."""
    rows = [
        {
            "berkas": entry.berkas,
            "kantor": entry.kantor,
            "sumber_instansi": entry.sumber_instansi,
            "path": entry.path,
            "dibaca": sum(sheet.dibaca for sheet in entry.lembar),
            "ada": bool(entry.path) and Path(entry.path).is_file(),
        }
        for entry in manifest.masukan
    ]
    return pd.DataFrame(
        rows, columns=["berkas", "kantor", "sumber_instansi", "path", "dibaca", "ada"]
    )


def rerun(
    data_dir: Path,
    manifest: Manifest,
    extra: Sequence[Path] = (),
    progress: Callable[[str], None] | None = None,
    *,
    without: Sequence[Path] = (),
) -> EtlResult:
    """Run the ETL again into ``data_dir`` with the same parameters and inputs, plus
    ``extra`` (uploads just stored by :func:`store_upload`), minus ``without``.

    When the run fails, the files of ``extra`` inside ``data_dir/masukan`` are removed
    again (a failed upload changes nothing) and the error is raised. When it succeeds,
    the files of ``without`` inside ``data_dir/masukan`` are deleted (files elsewhere are
    only no longer read). It holds the folder's load lock (as ``etl`` loads do) and
    takes the recorded inputs from the current manifest under it, so an office's load
    that finished meanwhile is kept, not lost.
    """
    with folder_load_lock(data_dir, LOCK_WAIT_SECONDS):
        with suppress(FileNotFoundError, ManifestError):  # else: the manifest given
            manifest = read_outputs(data_dir).manifest
        return _rerun(data_dir, manifest, extra, progress, without)


def _rerun(
    data_dir: Path,
    manifest: Manifest,
    extra: Sequence[Path],
    progress: Callable[[str], None] | None,
    without: Sequence[Path],
) -> EtlResult:
    dropped = {_key(p) for p in without}
    recorded = [p for p in manifest_inputs(manifest) if _key(p) not in dropped]
    inputs = list(dict.fromkeys([*recorded, *extra]))
    sources = {  # each recorded input keeps its office, agency and name
        _key(Path(e.path)): InputSource(Path(e.path), e.kantor, e.sumber_instansi, e.nama)
        for e in manifest.masukan
        if e.path
    }
    if not inputs:
        raise ValueError(
            "Tidak ada berkas masukan untuk diproses ulang (data butuh sedikitnya satu berkas)."
        )
    try:
        result = run_etl(
            [sources.get(_key(p), InputSource(p)) for p in inputs],
            data_dir,
            kabupaten=manifest.kabupaten,
            per_tanggal=manifest.parameter.per_tanggal,
            window_months=manifest.window_months,
            aliases_path=data_dir / ALIAS_FILE,
            progress=progress,
        )
    except BaseException:
        kept = {_key(p) for p in recorded}
        for path in _owned(data_dir, [p for p in extra if _key(p) not in kept]):
            path.unlink(missing_ok=True)
        raise
    for path in _owned(data_dir, without):
        path.unlink(missing_ok=True)
    return result


def store_upload(
    data_dir: Path, name: str, content: bytes, manifest: Manifest | None = None
) -> Path:
    """Check an uploaded workbook/CSV (size, content, read as the ETL reads it) in a
    staging folder, then keep it as ``data_dir/masukan/<name>-<sha256 prefix>.<ext>``,
    never replacing a file. An upload whose content equals an input recorded in
    ``manifest`` is refused. Raises ``ValueError``/``InputError``; then nothing is kept."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"Berkas {name} terlalu besar (maks {MAX_UPLOAD_BYTES // 2**20} MB).")
    digest = hashlib.sha256(content).hexdigest()
    for entry in manifest.masukan if manifest is not None else ():
        if entry.sha256 == digest:
            raise ValueError(
                f"Berkas {name} isinya sama persis dengan masukan '{entry.berkas}' "
                "yang sudah dimuat; tidak ditambahkan."
            )
    folder = data_dir / KEPT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".periksa-"))
    try:
        probe = staging / "unggahan"
        probe.write_bytes(content)
        kind = check_input_file(probe)
        staged = staging / kept_name(name, digest, kind)
        probe.rename(staged)
        read_inputs([staged])  # raises InputError naming the file when it cannot be read
        return keep_file(content, folder, staged.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def _owned(data_dir: Path, paths: Sequence[Path]) -> list[Path]:
    """The files of ``paths`` that the dashboard stored itself (inside ``masukan/``)."""
    return [Path(p) for p in paths if is_kept(data_dir, Path(p))]


def candidate_codes(kandidat: str) -> list[str]:
    """Desa codes listed in a review row's ``kandidat`` text, best first."""
    return _CODE.findall(kandidat or "")


def confirm_candidate(
    data_dir: Path, *, kabupaten: str, kecamatan: str, nama_ketik: str, desa_kode: str,
    user: str, shared: Store | None = None, official: pd.DataFrame | None = None,
) -> bool:  # fmt: skip
    """Record the reviewer's decision (:func:`record_decision`) where the dashboard's data
    lives: the ``shared`` database when there is one, else ``data_dir/aliases.csv``.
    ``True`` when the folder must be rebuilt now to apply it (:func:`rerun`); in a
    database it applies at the next load, which the dashboard's role cannot run."""
    record_decision(shared or FolderStore(data_dir), kabupaten=kabupaten, kecamatan=kecamatan,
                    nama_ketik=nama_ketik, desa_kode=desa_kode, user=user,
                    official=official)  # fmt: skip
    return shared is None


def shared_store(env: Mapping[str, str] | None = None) -> Store | None:
    """The shared database the dashboard shows (``$PETA_DB_URL``), or ``None`` when it
    shows a folder."""
    url = chosen_database(None, env)
    return open_store(url) if url else None


def record_decision(
    store: Store, *, kabupaten: str, kecamatan: str, nama_ketik: str, desa_kode: str,
    user: str, official: pd.DataFrame | None = None,
) -> None:  # fmt: skip
    """Record the reviewer's decision in ``store``'s append-only log with the logged-in
    ``user`` (the store sets the time): ``aliases.csv`` of a folder, the review log of a
    database (where it applies at the next load: the dashboard's role cannot load).
    ``kabupaten`` is the manifest's; the decision goes under the chosen desa's own
    kabupaten. ``official`` (``kode``): the codes the decision may name."""
    codes = kabupaten_list(kabupaten)
    own = desa_kode.strip()[:5]
    decision = Decision(own if own in codes else codes[0], kecamatan, nama_ketik, desa_kode, user)
    store.record_decision(decision, official)
