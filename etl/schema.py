"""Canonical names and vocabularies of the ETL input (issue 3 input contract).

Everything a person may type in a header, a role or a report type is mapped here onto one
canonical name, so readers, validators, the template and the dashboard agree on spelling.
Data only: the matching logic lives in ``etl.tools.headers`` and ``etl.tools.parse``.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Kind = Literal["kegiatan", "peserta", "laporan"]
KINDS: Final[tuple[Kind, ...]] = ("kegiatan", "peserta", "laporan")
DESA_CODE: Final = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
"""The shape of a Kepmendagri desa/kelurahan code (``53.02.01.1001``)."""

# --- Columns -----------------------------------------------------------------------------
# ``kode_desa`` (an official code typed by the officer) and ``koordinat`` (lat and lon in one
# cell) are optional extras in every kind that has a place.
COLUMNS: Final[dict[Kind, tuple[str, ...]]] = {
    "kegiatan": (
        "id_kegiatan",
        "tanggal",
        "kecamatan",
        "desa",
        "kode_desa",
        "lat",
        "lon",
        "koordinat",
        "tema",
        "narasumber",
        "penyelenggara",
        "catatan",
    ),
    "peserta": (
        "id_kegiatan",
        "kecamatan",
        "desa",
        "kode_desa",
        "peran",
        "jumlah",
        "laki_laki",
        "perempuan",
    ),
    "laporan": (
        "id_laporan",
        "tanggal",
        "jenis",
        "kecamatan",
        "desa",
        "kode_desa",
        "lat",
        "lon",
        "koordinat",
        "status",
        "sumber",
    ),
}
"""Every column a frame of that kind has after reading (missing ones are all empty)."""

REQUIRED_COLUMNS: Final[dict[Kind, tuple[str, ...]]] = {
    "kegiatan": ("id_kegiatan", "tanggal", "kecamatan", "desa"),
    # ``kecamatan`` may be blank or absent for peserta: matching then searches the kabupaten.
    "peserta": ("id_kegiatan", "desa", "peran", "jumlah"),
    # plus a place: see LAPORAN_PLACE_COLUMNS.
    "laporan": ("id_laporan", "tanggal", "jenis"),
}
"""Header columns a sheet must have; a sheet missing one is an error naming the column."""

LAPORAN_PLACE_COLUMNS: Final[tuple[tuple[str, ...], ...]] = (
    ("lat", "lon"),
    ("koordinat",),
    ("desa",),
)
"""A laporan sheet needs at least one of these groups of columns (a point or a desa)."""

RAW_VALUE_COLUMNS: Final[frozenset[str]] = frozenset(
    {"tanggal", "jumlah", "laki_laki", "perempuan", "lat", "lon", "koordinat"}
)
"""Columns whose xlsx cells keep openpyxl's Python objects (datetime, int, float) for the
parsers; every other column holds text (``str``) or ``None``."""

SOURCE_COLUMNS: Final[tuple[str, ...]] = ("sumber_file", "sumber_lembar", "sumber_baris")

REVIEW_COLUMNS: Final[tuple[str, ...]] = (
    "sumber_file",
    "sumber_lembar",
    "sumber_baris",
    "jenis_data",
    "alasan",
    "nilai",
    "kandidat",
)
"""Columns of the review table (``tinjauan``): one row per input row not accepted."""

# --- Header aliases (as a person would type them; normalised by etl.tools.headers) --------
HEADER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id_kegiatan": (
        "id_kegiatan",
        "ID Kegiatan",
        "No Kegiatan",
        "Nomor Kegiatan",
        "Kode Kegiatan",
        "ID Sosialisasi",
        "Kode Sosialisasi",
        "No Sosialisasi",
    ),
    "id_laporan": (
        "id_laporan",
        "ID Laporan",
        "No Laporan",
        "Nomor Laporan",
        "Kode Laporan",
        "No Pengaduan",
        "Nomor Pengaduan",
    ),
    "tanggal": (
        "tanggal",
        "Tgl",
        "Tanggal Kegiatan",
        "Tgl Kegiatan",
        "Tanggal Sosialisasi",
        "Tanggal Laporan",
        "Tgl Laporan",
        "Tanggal Kejadian",
        "Tanggal Pelaksanaan",
        "Hari/Tanggal",
        "Hari Tanggal",
        "Date",
    ),
    "kecamatan": (
        "kecamatan",
        "Kec",
        "Nama Kecamatan",
        "Kecamatan Asal",
        "Kec Asal",
        "Kecamatan Lokasi",
        "Kecamatan Kegiatan",
    ),
    "desa": (
        "desa",
        "Desa/Kelurahan",
        "Kelurahan/Desa",
        "Nama Desa/Kelurahan",
        "Nama Desa",
        "Kel/Desa",
        "Desa/Kel",
        "Kelurahan",
        "Desa Asal",
        "Asal Desa",
        "Desa/Kelurahan Asal",
        "Desa Asal Peserta",
        "Lokasi Desa",
        "Desa Lokasi",
        "Desa Tempat Kegiatan",
        "Tempat Kegiatan",
        "Lokasi Kegiatan",
        "Desa Kejadian",
    ),
    "kode_desa": (
        "kode_desa",
        "Kode Desa",
        "Kode Desa/Kelurahan",
        "Kode Wilayah",
        "Kode Kemendagri",
        "desa_kode",
    ),
    "lat": ("lat", "Latitude", "Lintang", "Lat.", "Garis Lintang", "Y"),
    "lon": ("lon", "Longitude", "Bujur", "Long", "Lng", "Garis Bujur", "X"),
    "koordinat": (
        "koordinat",
        "Koordinat GPS",
        "Titik Koordinat",
        "Lokasi GPS",
        "GPS",
        "Lat/Long",
        "Lat, Lon",
        "Latitude, Longitude",
    ),
    "tema": (
        "tema",
        "Topik",
        "Materi",
        "Judul",
        "Tema Kegiatan",
        "Judul Kegiatan",
        "Nama Kegiatan",
    ),
    "narasumber": ("narasumber", "Pemateri", "Pembicara", "Nara Sumber", "Nama Narasumber"),
    "penyelenggara": (
        "penyelenggara",
        "Pelaksana",
        "Penanggung Jawab",
        "Instansi",
        "Nama Instansi",
        "Instansi Penyelenggara",
    ),
    "catatan": ("catatan", "Keterangan", "Ket"),
    "peran": (
        "peran",
        "Jabatan",
        "Peran/Jabatan",
        "Jabatan/Peran",
        "Kategori Peserta",
        "Unsur",
        "Unsur Peserta",
        "Kedudukan",
        "Status Peserta",
    ),
    "jumlah": (
        "jumlah",
        "Jml",
        "Jumlah Peserta",
        "Jml Peserta",
        "Jumlah Orang",
        "Banyaknya",
        "Total",
        "Jumlah Hadir",
    ),
    "laki_laki": ("laki_laki", "Laki-laki", "L", "Lk", "Pria", "Jumlah Laki-laki"),
    "perempuan": ("perempuan", "P", "Pr", "Wanita", "Jumlah Perempuan"),
    "jenis": (
        "jenis",
        "Jenis Laporan",
        "Kategori",
        "Kategori Laporan",
        "Jenis Kasus",
        "Jenis Dugaan",
        "Jenis Pengaduan",
    ),
    "status": ("status", "Status Laporan", "Tindak Lanjut", "Status Tindak Lanjut"),
    "sumber": ("sumber", "Sumber Laporan", "Sumber Informasi", "Asal Laporan"),
}
"""Canonical column -> spellings accepted (matched case/space/punctuation-insensitively)."""

KIND_HEADER_ALIASES: Final[dict[Kind, dict[str, tuple[str, ...]]]] = {
    "peserta": {"peran": ("Kategori", "Status")},
}
"""Spellings whose meaning depends on the sheet's kind; checked before HEADER_ALIASES."""

ROW_NUMBER_HEADERS: Final[tuple[str, ...]] = ("No", "No.", "Nomor", "No Urut", "#")
"""Headers of a running-number column: ignored without a warning."""

PERSONAL_HEADER_PATTERNS: Final[tuple[str, ...]] = (
    r"^nama",
    r"^(peserta|pelapor|korban|saksi)$",
    r"(telepon|telpon|telp|tlp|handphone|ponsel|seluler|selular|phone|mobile|nohp|nomorhp|"
    r"^hp$|^hp|whatsapp|^wa$|^nowa|nomorwa|kontak)",
    r"(^nik$|^nik|noktp|nomorktp|^ktp|nokk|nomorkk|kartukeluarga|nopaspor|paspor|"
    r"nomorinduk|indukkependudukan|kependudukan|identitas)",
    r"alamat",
    r"(email|surel)",
    r"(tanggallahir|tgllahir|tempatlahir|ttl$|tempattanggallahir)",
)
"""Regexes on the NORMALISED header (see ``normalise_header``) of personal-data columns.
Such columns are dropped at ingestion (UU PDP No. 27/2022) and listed in the manifest.
Canonical aliases win first, so ``Nama Desa`` is the desa column, not a name."""

# --- Sheet names -------------------------------------------------------------------------
SHEET_NAME_WORDS: Final[dict[Kind, tuple[str, ...]]] = {
    "kegiatan": ("kegiatan", "sosialisasi", "sesi", "acara"),
    "peserta": ("peserta", "kehadiran", "hadir", "absensi", "absen"),
    "laporan": ("laporan", "pengaduan", "aduan"),
}
"""Words in a sheet name (normalised) that identify its kind."""

IGNORED_SHEET_WORDS: Final[tuple[str, ...]] = (
    "petunjuk",
    "panduan",
    "daftar",
    "referensi",
    "pilihan",
    "list",
    "lists",
    "readme",
    "bacasaya",
    "keterangan",
    "info",
)
"""Sheets whose normalised name starts with one of these (and names no kind) are helper
sheets (instructions, drop-down lists): skipped silently, even when hidden."""

# --- Roles -------------------------------------------------------------------------------
ROLE_GROUPS: Final[tuple[str, ...]] = ("kades_lurah", "rt_rw", "tokoh", "warga")

PERAN_PILIHAN: Final[tuple[str, ...]] = (
    "kepala desa",
    "lurah",
    "perangkat desa",
    "ketua RT",
    "ketua RW",
    "tokoh masyarakat",
    "tokoh agama",
    "tokoh adat",
    "guru",
    "calon pekerja migran",
    "warga",
    "lainnya",
)
"""The role drop-down of the template (issue 3)."""

PERAN_RT_RW: Final = "ketua RT/RW"
"""Accepted for a combined ``RT/RW`` entry (one person or a mixed row); group ``rt_rw``.
Not offered in the drop-down."""

PERAN: Final[tuple[str, ...]] = (*PERAN_PILIHAN, PERAN_RT_RW)
"""Every canonical role ``parse_role`` can return."""

KELOMPOK_PERAN: Final[dict[str, str]] = {
    "kepala desa": "kades_lurah",
    "lurah": "kades_lurah",
    "ketua RT": "rt_rw",
    "ketua RW": "rt_rw",
    PERAN_RT_RW: "rt_rw",
    "tokoh masyarakat": "tokoh",
    "tokoh agama": "tokoh",
    "tokoh adat": "tokoh",
    "perangkat desa": "warga",
    "guru": "warga",
    "calon pekerja migran": "warga",
    "warga": "warga",
    "lainnya": "warga",
}
"""Canonical role -> role group (the ``peserta_<group>`` metric columns)."""

# --- Report types ------------------------------------------------------------------------
JENIS_LAPORAN: Final[tuple[str, ...]] = (
    "dugaan TPPO",
    "PMI nonprosedural",
    "WNA mencurigakan",
    "lainnya",
)

# --- Plausibility ------------------------------------------------------------------------
MAX_PLAUSIBLE_COUNT: Final = 500
"""A count above this for one desa at one session is sent to review as implausible."""
MIN_YEAR: Final = 2000
MAX_YEAR: Final = 2100
"""Dates outside [MIN_YEAR, MAX_YEAR] are typing errors (e.g. ``12/03/2204``)."""
