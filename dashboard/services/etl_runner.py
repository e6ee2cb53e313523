"""Rerun the ETL from the dashboard: after a review decision or an upload (no Streamlit).

Uploaded files are checked by content and size before they are stored; a rerun uses the
inputs recorded in the manifest plus the new ones, so nothing previously loaded is lost.
The ETL writes atomically: a failed rerun leaves the current data in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from etl.io.safety import check_input_file
from etl.pipeline import EtlResult, run_etl
from etl.tools.aliases import append_alias

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


def manifest_inputs(manifest: dict[str, Any]) -> list[Path]:
    """Input files recorded in the manifest that still exist."""
    paths = [Path(str(entry.get("path", ""))) for entry in manifest.get("masukan", [])]
    return [p for p in paths if str(p) and p.is_file()]


def rerun(
    data_dir: Path,
    manifest: dict[str, Any],
    extra: Sequence[Path] = (),
    progress: Callable[[str], None] | None = None,
) -> EtlResult:
    """Run the ETL again into ``data_dir`` with the same parameters and inputs (+ extra)."""
    params = manifest.get("parameter", {})
    inputs = list(dict.fromkeys([*manifest_inputs(manifest), *extra]))
    if not inputs:
        raise ValueError("Tidak ada berkas masukan untuk diproses ulang.")
    return run_etl(
        inputs,
        data_dir,
        kabupaten=str(manifest.get("kabupaten", "53.02")),
        per_tanggal=date.fromisoformat(params["per_tanggal"]) if "per_tanggal" in params else None,
        window_months=int(params.get("jendela_bulan", 12)),
        aliases_path=data_dir / "aliases.csv",
        progress=progress,
    )


def store_upload(data_dir: Path, name: str, content: bytes) -> Path:
    """Check an uploaded workbook/CSV by content and size, then keep it under
    ``data_dir/masukan/`` with a safe file name. Raises ``ValueError``/``InputError``."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"Berkas {name} terlalu besar (maks {MAX_UPLOAD_BYTES // 2**20} MB).")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "unggahan"
    folder = data_dir / "masukan"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    tmp = folder / f".{safe}.tmp"
    tmp.write_bytes(content)
    try:
        kind = check_input_file(tmp)
        final = target.with_suffix(".xlsx" if kind == "xlsx" else ".csv")
        tmp.replace(final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def candidate_codes(kandidat: str) -> list[str]:
    """Desa codes listed in a review row's ``kandidat`` text, best first."""
    return _CODE.findall(kandidat or "")


def confirm_candidate(
    data_dir: Path, *, kabupaten: str, kecamatan: str, nama_ketik: str, desa_kode: str,
    user: str,
) -> Path:  # fmt: skip
    """Append the reviewer's decision to ``data_dir/aliases.csv`` (append-only, with
    user and timestamp)."""
    path = data_dir / "aliases.csv"
    append_alias(
        path,
        kabupaten=kabupaten,
        kecamatan=kecamatan,
        nama_ketik=nama_ketik,
        desa_kode=desa_kode,
        user=user,
    )
    return path
