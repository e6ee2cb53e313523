"""The output contract of the ETL, in one place: file names, layer names, the default
coverage window and the typed :class:`Manifest`.

An ETL run publishes a pair, ``sosialisasi.gpkg`` + ``manifest.json``, as one version of
its output folder (:mod:`etl.io.versions` says where the current pair is and reads it,
:func:`etl.io.versions.read_outputs`). Everything that names those files or reads the
manifest (the dashboard, ``rencana``, the ETL's own summary) goes through this module, so
a key is spelled and defaulted once. The JSON written is exactly what the pipeline built:
:meth:`Manifest.to_json` of :meth:`Manifest.from_json` gives the same keys and values
back, keys this version does not know included. Older manifests (keys missing) are read
with defaults; a damaged one gives a :class:`ManifestError` naming the file and the fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import pandas as pd

GPKG_NAME: Final = "sosialisasi.gpkg"
MANIFEST_NAME: Final = "manifest.json"
LAYER_NAMES: Final = (
    "desa", "kecamatan", "kegiatan", "peserta", "laporan", "tinjauan", "desa_tampilan",
    "kabupaten", "info", "kiriman",
)  # fmt: skip
"""The layers of ``sosialisasi.gpkg`` in the order people read about them."""
DEFAULT_WINDOW_MONTHS: Final = 12
"""Coverage window in months when none is chosen: the ETL's ``--jendela-bulan``, the
dashboard's default period and the planner's lapse scale (read back from the manifest)."""
DEFAULT_KABUPATEN: Final = "53.02"
"""Kabupaten Timor Tengah Selatan, for manifests written before the key existed."""
DEFAULT_KANTOR: Final = "Kantor Imigrasi Kupang"
"""The office an input comes from when none is given (``etl --kantor``), and of every
input of a manifest written before inputs carried their office."""
DEFAULT_INSTANSI: Final = "Imigrasi"
"""The agency an input comes from when none is given (``etl --instansi``)."""
SHEET_COLUMNS: Final = ("berkas", "lembar", "jenis_data", "dibaca", "diterima", "ditinjau")

_KNOWN = (
    "alat", "versi", "dibuat", "contoh", "kabupaten", "parameter", "masukan", "peringatan",
    "nomor_disamarkan", "karakter_nul_dibuang", "jumlah", "waktu_detik", "gpkg",
    "waktu_tulis_detik", "formulir",
)  # fmt: skip


class ManifestError(ValueError):
    """The manifest is missing or damaged; the message (Indonesian) names it and the fix."""


@dataclass(frozen=True)
class SheetCount:
    """Rows of one sheet (or CSV file): read = accepted + sent to review."""

    lembar: str
    jenis_data: str
    dibaca: int
    diterima: int
    ditinjau: int


@dataclass(frozen=True)
class InputFile:
    """One input file of the run, with its sha256, its source (office and agency) and
    the personal columns dropped."""

    berkas: str
    """The name people see, the records' ``sumber_file``."""
    path: str
    sha256: str
    kolom_pribadi_dibuang: tuple[str, ...]
    lembar: tuple[SheetCount, ...]
    kantor: str = DEFAULT_KANTOR
    sumber_instansi: str = DEFAULT_INSTANSI
    nama_asli: str = ""
    """The file's own name when ``berkas`` had to say more (two inputs of one name)."""
    lainnya: dict[str, Any] = field(default_factory=dict)
    """Keys of the entry this version does not know: kept as read."""

    @property
    def nama(self) -> str:
        """The file's own name: part of the input's identity (office, agency, name)."""
        return self.nama_asli or Path(self.berkas).name


@dataclass(frozen=True)
class Parameters:
    """What the run was asked for: the window of ``jendela_bulan`` months ending on
    ``per_tanggal`` (``None`` only in hand-made or very old manifests)."""

    per_tanggal: date | None
    jendela_bulan: int = DEFAULT_WINDOW_MONTHS
    periode_mulai: date | None = None


@dataclass(frozen=True)
class GpkgInfo:
    """The GeoPackage written with this manifest (its sha256 ties the pair together)."""

    file: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    """``manifest.json`` as typed fields (see the README's *Outputs*)."""

    parameter: Parameters
    alat: str = "peta-sosialisasi"
    versi: str = ""
    dibuat: str = ""
    contoh: bool = False
    kabupaten: str = DEFAULT_KABUPATEN
    masukan: tuple[InputFile, ...] = ()
    peringatan: tuple[str, ...] = ()
    nomor_disamarkan: dict[str, int] = field(default_factory=dict)
    karakter_nul_dibuang: dict[str, int] = field(default_factory=dict)
    jumlah: dict[str, int] = field(default_factory=dict)
    waktu_detik: dict[str, float] = field(default_factory=dict)
    gpkg: GpkgInfo | None = None
    waktu_tulis_detik: dict[str, float] | float | None = None
    formulir: dict[str, Any] | None = None
    """Field-form submissions of the run (:mod:`etl.forms`): ``kiriman``, ``baru``,
    ``diubah``, ``tetap``, ... against the previous version; absent without form exports."""
    lainnya: dict[str, Any] = field(default_factory=dict)
    """Top-level keys this version does not know (written by a newer one): kept as read."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = MANIFEST_NAME) -> Manifest:
        """Read the JSON object of a manifest; missing keys get their defaults, a value of
        the wrong shape raises :class:`ManifestError` naming ``source`` and the key."""
        if not isinstance(data, Mapping):
            raise ManifestError(f"{source} rusak: isinya bukan objek JSON. Jalankan ETL lagi.")
        try:
            return _parse(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ManifestError(
                f"{source} rusak atau tidak dikenal ({_what(exc)}). Jalankan ETL lagi."
            ) from exc

    def to_json(self) -> dict[str, Any]:
        """The JSON object, keys in the order the ETL writes them (known keys first)."""
        out: dict[str, Any] = {
            "alat": self.alat,
            "versi": self.versi,
            "dibuat": self.dibuat,
            "contoh": self.contoh,
            "kabupaten": self.kabupaten,
            "parameter": _parameters_json(self.parameter),
            "masukan": [_input_json(entry) for entry in self.masukan],
            "peringatan": list(self.peringatan),
            "nomor_disamarkan": dict(self.nomor_disamarkan),
            "karakter_nul_dibuang": dict(self.karakter_nul_dibuang),
            "jumlah": dict(self.jumlah),
            "waktu_detik": dict(self.waktu_detik),
        }
        if self.gpkg is not None:
            out["gpkg"] = {"file": self.gpkg.file, "sha256": self.gpkg.sha256,
                           "bytes": self.gpkg.bytes}  # fmt: skip
        if self.waktu_tulis_detik is not None:
            tulis = self.waktu_tulis_detik
            out["waktu_tulis_detik"] = dict(tulis) if isinstance(tulis, dict) else tulis
        if self.formulir is not None:
            out["formulir"] = dict(self.formulir)
        return out | self.lainnya

    @property
    def kabupaten_daftar(self) -> tuple[str, ...]:
        """The kabupaten of the working area: ``kabupaten`` is one code (``"53.02"``, the
        shape every manifest had) or, for several, the codes joined by commas
        (``"53.02,53.03"``, exactly what ``--kabupaten`` takes)."""
        codes = tuple(c.strip() for c in self.kabupaten.split(",") if c.strip())
        return codes or (DEFAULT_KABUPATEN,)

    @property
    def window_months(self) -> int:
        """The coverage window the ETL ran with, in months."""
        return self.parameter.jendela_bulan

    def input_paths(self) -> list[Path]:
        """The recorded paths of the input files (as recorded; they may be gone)."""
        return [Path(entry.path) for entry in self.masukan if entry.path]

    def sheet_counts(self) -> pd.DataFrame:
        """Rows read / accepted / in review per input file and sheet."""
        rows = [
            (entry.berkas, s.lembar, s.jenis_data, s.dibaca, s.diterima, s.ditinjau)
            for entry in self.masukan
            for s in entry.lembar
        ]
        return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))

    def dropped_personal_columns(self) -> list[str]:
        """Personal columns dropped at ingestion, over all inputs, sorted."""
        return sorted({c for entry in self.masukan for c in entry.kolom_pribadi_dibuang})


def read_manifest(path: Path) -> Manifest:
    """Read ``path`` as a manifest; :class:`ManifestError` (Indonesian, naming the file)
    when it is missing, unreadable, not JSON or of the wrong shape."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path} tidak ada: jalankan ETL dulu.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} tidak bisa dibaca ({exc}); jalankan ETL lagi.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"{path} rusak (bukan JSON yang sah: {exc.msg}, baris {exc.lineno}); jalankan ETL lagi."
        ) from None
    return Manifest.from_json(data, source=str(path))


def _parse(data: Mapping[str, Any]) -> Manifest:
    gpkg = data.get("gpkg")
    info = None
    if gpkg is not None:
        gpkg = _obj(gpkg, "gpkg")
        info = GpkgInfo(str(gpkg.get("file", GPKG_NAME)), str(gpkg["sha256"]),
                        int(gpkg.get("bytes", 0)))  # fmt: skip
    tulis = data.get("waktu_tulis_detik")
    written: dict[str, float] | float | None = None
    if isinstance(tulis, dict):
        written = _counts(data, "waktu_tulis_detik", float)
    elif tulis is not None:
        written = float(tulis)
    return Manifest(
        parameter=_parameters(_obj(data.get("parameter") or {}, "parameter")),
        alat=str(data.get("alat", "peta-sosialisasi")),
        versi=str(data.get("versi", "")),
        dibuat=str(data.get("dibuat", "")),
        contoh=_bool(data.get("contoh", False), "contoh"),
        kabupaten=str(data.get("kabupaten", DEFAULT_KABUPATEN)),
        masukan=tuple(_input(_obj(entry, "masukan")) for entry in _list(data, "masukan")),
        peringatan=tuple(str(w) for w in _list(data, "peringatan")),
        nomor_disamarkan=_counts(data, "nomor_disamarkan", int),
        karakter_nul_dibuang=_counts(data, "karakter_nul_dibuang", int),
        jumlah=_counts(data, "jumlah", int),
        waktu_detik=_counts(data, "waktu_detik", float),
        gpkg=info,
        waktu_tulis_detik=written,
        formulir=dict(_obj(data["formulir"], "formulir")) if data.get("formulir") else None,
        lainnya={k: v for k, v in data.items() if k not in _KNOWN},
    )


def _parameters(data: Mapping[str, Any]) -> Parameters:
    end = data.get("per_tanggal")
    start = data.get("periode_mulai")
    window = int(data.get("jendela_bulan", DEFAULT_WINDOW_MONTHS))
    if window < 1:
        raise ValueError(f"parameter.jendela_bulan harus >= 1, bukan {window}")
    return Parameters(
        per_tanggal=None if end is None else _date(end, "parameter.per_tanggal"),
        jendela_bulan=window,
        periode_mulai=None if start is None else _date(start, "parameter.periode_mulai"),
    )


_INPUT_KEYS: Final = (
    "berkas", "path", "sha256", "kantor", "sumber_instansi", "nama_asli",
    "kolom_pribadi_dibuang", "lembar",
)  # fmt: skip


def _input(entry: Mapping[str, Any]) -> InputFile:
    return InputFile(
        berkas=str(entry["berkas"]),
        path=str(entry.get("path", "")),
        sha256=str(entry.get("sha256", "")),
        kolom_pribadi_dibuang=tuple(str(c) for c in _list(entry, "kolom_pribadi_dibuang")),
        lembar=tuple(
            SheetCount(
                lembar=str(s.get("lembar", "")),
                jenis_data=str(s.get("jenis_data", "")),
                dibaca=int(s["dibaca"]),
                diterima=int(s["diterima"]),
                ditinjau=int(s["ditinjau"]),
            )
            for s in (_obj(sheet, "masukan.lembar") for sheet in _list(entry, "lembar"))
        ),
        kantor=str(entry.get("kantor", DEFAULT_KANTOR)),
        sumber_instansi=str(entry.get("sumber_instansi", DEFAULT_INSTANSI)),
        nama_asli=str(entry.get("nama_asli", "")),
        lainnya={k: v for k, v in entry.items() if k not in _INPUT_KEYS},
    )


def _parameters_json(p: Parameters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.per_tanggal is not None:
        out["per_tanggal"] = p.per_tanggal.isoformat()
    out["jendela_bulan"] = p.jendela_bulan
    if p.periode_mulai is not None:
        out["periode_mulai"] = p.periode_mulai.isoformat()
    return out


def _input_json(entry: InputFile) -> dict[str, Any]:
    out: dict[str, Any] = {
        "berkas": entry.berkas,
        "path": entry.path,
        "sha256": entry.sha256,
        "kantor": entry.kantor,
        "sumber_instansi": entry.sumber_instansi,
    }
    if entry.nama_asli:
        out["nama_asli"] = entry.nama_asli
    out["kolom_pribadi_dibuang"] = list(entry.kolom_pribadi_dibuang)
    out["lembar"] = [asdict(sheet) for sheet in entry.lembar]  # fields in the written order
    return out | entry.lainnya


def _obj(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{key} harus berupa objek")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TypeError(f"{key} harus berupa daftar")
    return value


def _counts(data: Mapping[str, Any], key: str, kind: type[int] | type[float]) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise TypeError(f"{key} harus berupa objek")
    # numbers are kept as written (an int stays an int), only checked
    for v in value.values():
        kind(v)
    return dict(value)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{key} harus true/false")
    return value


def _date(value: Any, key: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{key} bukan tanggal YYYY-MM-DD: {value!r}") from None


def _what(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"kunci {exc.args[0]!r} tidak ada"
    text = str(exc)  # our own messages say what is expected; others are Python's
    return text if " harus " in text or " bukan " in text else f"nilai tidak sah: {text}"
