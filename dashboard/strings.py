"""All user-facing text of the dashboard, in one place.

Bahasa Indonesia is the default language, English is selectable. Pages and services never
hold literal UI text: they call `t(key, lang, **fmt)`. Both languages must have exactly the
same keys (a unit test checks this), so a missing translation is caught before it ships.
Keys are dotted: `<area>.<name>`; placeholders use `str.format` syntax (`{n}`).
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANG = "id"
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        # --- application and pages ---------------------------------------------------------
        "app.title": "Peta Sosialisasi",
        "app.subtitle": (
            "Cakupan sosialisasi keimigrasian dan pencegahan TPPO — "
            "Kantor Imigrasi Kupang, {wilayah}"
        ),
        "app.dan": "dan",
        "page.peta": "Peta Cakupan",
        "page.kecamatan": "Kecamatan",
        "page.tren": "Tren",
        "page.rapat": "Rapat",
        "page.data": "Data & Kualitas",
        "page.petunjuk": "Petunjuk",
        "page.prioritas": "Prioritas Kunjungan",
        "banner.contoh": (
            "DATA CONTOH — angka dan nama kegiatan di layar ini buatan (sintetis), "
            "bukan data kantor yang sebenarnya."
        ),
        "banner.contoh_pendek": "DATA CONTOH",
        "banner.versi_cadangan": (
            "Versi data terbaru tidak bisa dibaca; yang ditampilkan versi sebelumnya "
            "(dibangun {waktu}). Jalankan ETL lagi."
        ),
        "lang.label": "Bahasa",
        # --- measures (what colours the map) -----------------------------------------------
        "measure.label": "Ukuran peta",
        "measure.status_cakupan": "Status cakupan",
        "measure.hari_sejak_kunjungan": "Hari sejak kunjungan terakhir",
        "measure.peserta": "Peserta",
        "measure.pemimpin": "Pemimpin terjangkau (kades/lurah, RT/RW)",
        "measure.laporan": "Laporan",
        "measure.laporan_tanpa_cakupan": "Laporan di desa belum tercakup",
        # --- legend titles -----------------------------------------------------------------
        "legend.status_cakupan": "Status cakupan desa",
        "legend.hari_sejak_kunjungan": "Hari sejak kunjungan terakhir",
        "legend.peserta": "Jumlah peserta",
        "legend.pemimpin": "Kades/lurah dan ketua RT/RW yang hadir",
        "legend.laporan": "Jumlah laporan",
        "legend.laporan_tanpa_cakupan": "Laporan di desa yang belum tercakup",
        "legend.kecamatan": "Batas dan nama kecamatan",
        "legend.tempat": "Tempat kegiatan",
        "legend.laporan_titik": "Laporan per desa (lingkaran makin besar = makin banyak)",
        "legend.laporan_titik_rapat": "Laporan per desa, hanya desa dengan ≥ 5 laporan",
        "legend.jumlah_desa": "Angka = jumlah desa di kelas itu.",
        "legend.status_catatan": (
            "Tercakup = ada peserta dalam periode; kedaluwarsa = terakhir dijangkau sebelum "
            "periode."
        ),
        # --- status labels -----------------------------------------------------------------
        "status.belum": "Belum pernah dijangkau",
        "status.kedaluwarsa": "Kedaluwarsa",
        "status.tercakup": "Tercakup",
        "status.tidak_ada_data": "Tidak ada data",
        # --- legend class labels -----------------------------------------------------------
        "class.hari.le90": "≤ 90 hari",
        "class.hari.91_180": "91–180 hari",
        "class.hari.181_365": "181–365 hari",
        "class.hari.gt365": "> 365 hari",
        "class.hari.belum_pernah": "Belum pernah dikunjungi",
        "class.count.zero": "0",
        "class.count.one": "1",
        "class.count.range": "{lo}–{hi}",
        "class.count.atleast": "≥ {lo}",
        "class.count.lt5": "< 5 (disamarkan)",
        "class.count.tersembunyi": "x (disembunyikan agar angka kecil tidak dapat dihitung)",
        "class.tidak_ada_data": "Tidak ada data",
        # --- tooltip -----------------------------------------------------------------------
        "tooltip.desa": "Desa/kelurahan",
        "tooltip.kecamatan": "Kecamatan",
        "tooltip.status": "Status",
        "tooltip.kunjungan_terakhir": "Kunjungan terakhir",
        "tooltip.peserta": "Peserta",
        "tooltip.nilai": "Nilai",
        "tooltip.belum_pernah": "belum pernah",
        "tooltip.kosong": "—",
        "tooltip.hari": "{n} hari",
        "tooltip.laporan": "Laporan",
        "tooltip.tempat": "Tempat kegiatan",
        "suppressed": "<5",
        "tersembunyi": "x",
        "fmt.date": "%d/%m/%Y",
        # --- filters -----------------------------------------------------------------------
        "filter.judul": "Saring",
        "filter.periode": "Periode",
        "filter.dari": "Dari tanggal",
        "filter.sampai": "Sampai tanggal",
        "filter.kabupaten": "Kabupaten/kota",
        "filter.semua_kabupaten": "Semua kabupaten",
        "filter.kecamatan": "Kecamatan",
        "filter.semua_kecamatan": "Semua kecamatan",
        "filter.kelompok_peran": "Kelompok peran",
        "filter.semua_peran": "Semua peran",
        "filter.jenis_laporan": "Jenis laporan",
        "filter.semua_jenis": "Semua jenis",
        "filter.lapisan_tempat": "Tempat kegiatan",
        "filter.lapisan_laporan": "Laporan per desa",
        "filter.peta_dasar": "Peta dasar OSM",
        "filter.reset": "Hapus saringan",
        "role.kades_lurah": "Kepala desa / lurah",
        "role.rt_rw": "Ketua RT / RW",
        "role.tokoh": "Tokoh masyarakat, agama, adat",
        "role.warga": "Warga dan lainnya",
        # --- headline figures --------------------------------------------------------------
        "headline.belum": "Belum pernah dijangkau",
        "headline.kedaluwarsa": "Kedaluwarsa",
        "headline.desa_tercakup": "Desa tercakup",
        "headline.desa_tercakup_nilai": "{tercakup} / {total}",
        "headline.persen": "{persen} % dari semua desa",
        "headline.kecamatan_tanpa_jangkauan": "Kecamatan tanpa jangkauan",
        "headline.tercakup_dari": "Tercakup ({persen} % dari {total} desa)",
        "headline.peserta": "Peserta",
        "headline.pemimpin": "Pemimpin hadir",
        "headline.laporan_tanpa_cakupan": "Laporan tanpa cakupan",
        # --- map export stamp --------------------------------------------------------------
        "export.judul_peta": "Peta cakupan sosialisasi — {measure}",
        "export.tanggal": "Dibuat: {tanggal}",
        "export.periode": "Periode data: {dari} s.d. {sampai}",
        "export.filter": "Saringan: {filter}",
        "export.tanpa_filter": "tanpa saringan",
        "export.html": "Unduh peta (HTML, bisa dibuka tanpa internet)",
        "export.png": "Unduh peta (PNG)",
        # --- errors ------------------------------------------------------------------------
        "error.data_belum_dibangun": (
            "Data belum dibangun: jalankan `make run` (atau `peta-sosialisasi etl`) "
            "lalu muat ulang halaman ini. Folder yang dicari: {path}"
        ),
        "error.data_rusak": (
            "Berkas data tidak dapat dibaca (mungkin rusak atau belum selesai ditulis): "
            "{path}. Jalankan ulang `make run`, lalu muat ulang halaman ini."
        ),
        "error.umum": (
            "Terjadi kesalahan saat menampilkan halaman ini. Coba muat ulang; "
            "jika masih terjadi, hubungi pengelola data."
        ),
        "error.peta_kosong": "Tidak ada desa untuk ditampilkan dengan saringan ini.",
    },
    "en": {
        "app.title": "Outreach Map",
        "app.subtitle": (
            "Immigration and anti-trafficking outreach coverage — "
            "Kupang Immigration Office, {wilayah}"
        ),
        "app.dan": "and",
        "page.peta": "Coverage Map",
        "page.kecamatan": "Districts",
        "page.tren": "Trends",
        "page.rapat": "Meeting",
        "page.data": "Data & Quality",
        "page.petunjuk": "Help",
        "page.prioritas": "Visit Priorities",
        "banner.contoh": (
            "SAMPLE DATA — the figures and sessions on this screen are synthetic, "
            "not the office's real data."
        ),
        "banner.contoh_pendek": "SAMPLE DATA",
        "banner.versi_cadangan": (
            "The latest data version cannot be read; the previous version is shown "
            "(built {waktu}). Run the ETL again."
        ),
        "lang.label": "Language",
        "measure.label": "Map measure",
        "measure.status_cakupan": "Coverage status",
        "measure.hari_sejak_kunjungan": "Days since last visit",
        "measure.peserta": "Participants",
        "measure.pemimpin": "Leaders reached (village heads, RT/RW heads)",
        "measure.laporan": "Reports",
        "measure.laporan_tanpa_cakupan": "Reports in villages not covered",
        "legend.status_cakupan": "Village coverage status",
        "legend.hari_sejak_kunjungan": "Days since last visit",
        "legend.peserta": "Number of participants",
        "legend.pemimpin": "Village heads and RT/RW heads who attended",
        "legend.laporan": "Number of reports",
        "legend.laporan_tanpa_cakupan": "Reports in villages not yet covered",
        "legend.kecamatan": "District boundaries and names",
        "legend.tempat": "Session venues",
        "legend.laporan_titik": "Reports per village (bigger circle = more reports)",
        "legend.laporan_titik_rapat": "Reports per village, only villages with ≥ 5 reports",
        "legend.jumlah_desa": "Number = villages in that class.",
        "legend.status_catatan": (
            "Covered = participants in the period; lapsed = last reached before the period."
        ),
        "status.belum": "Never reached",
        "status.kedaluwarsa": "Lapsed",
        "status.tercakup": "Covered",
        "status.tidak_ada_data": "No data",
        "class.hari.le90": "≤ 90 days",
        "class.hari.91_180": "91–180 days",
        "class.hari.181_365": "181–365 days",
        "class.hari.gt365": "> 365 days",
        "class.hari.belum_pernah": "Never visited",
        "class.count.zero": "0",
        "class.count.one": "1",
        "class.count.range": "{lo}–{hi}",
        "class.count.atleast": "≥ {lo}",
        "class.count.lt5": "< 5 (suppressed)",
        "class.count.tersembunyi": "x (hidden so small counts cannot be worked out)",
        "class.tidak_ada_data": "No data",
        "tooltip.desa": "Village",
        "tooltip.kecamatan": "District",
        "tooltip.status": "Status",
        "tooltip.kunjungan_terakhir": "Last visit",
        "tooltip.peserta": "Participants",
        "tooltip.nilai": "Value",
        "tooltip.belum_pernah": "never",
        "tooltip.kosong": "—",
        "tooltip.hari": "{n} days",
        "tooltip.laporan": "Reports",
        "tooltip.tempat": "Session venue",
        "suppressed": "<5",
        "tersembunyi": "x",
        "fmt.date": "%Y-%m-%d",
        "filter.judul": "Filters",
        "filter.periode": "Period",
        "filter.dari": "From",
        "filter.sampai": "To",
        "filter.kabupaten": "Regency/city",
        "filter.semua_kabupaten": "All regencies",
        "filter.kecamatan": "District",
        "filter.semua_kecamatan": "All districts",
        "filter.kelompok_peran": "Role group",
        "filter.semua_peran": "All roles",
        "filter.jenis_laporan": "Report type",
        "filter.semua_jenis": "All types",
        "filter.lapisan_tempat": "Session venues",
        "filter.lapisan_laporan": "Reports per village",
        "filter.peta_dasar": "OSM basemap",
        "filter.reset": "Clear filters",
        "role.kades_lurah": "Village head / lurah",
        "role.rt_rw": "RT / RW head",
        "role.tokoh": "Community, religious, customary leaders",
        "role.warga": "Residents and others",
        "headline.belum": "Never reached",
        "headline.kedaluwarsa": "Lapsed",
        "headline.desa_tercakup": "Villages covered",
        "headline.desa_tercakup_nilai": "{tercakup} / {total}",
        "headline.persen": "{persen} % of all villages",
        "headline.kecamatan_tanpa_jangkauan": "Districts with no reach",
        "headline.tercakup_dari": "Covered ({persen} % of {total} villages)",
        "headline.peserta": "Participants",
        "headline.pemimpin": "Leaders present",
        "headline.laporan_tanpa_cakupan": "Reports without coverage",
        "export.judul_peta": "Outreach coverage map — {measure}",
        "export.tanggal": "Created: {tanggal}",
        "export.periode": "Data period: {dari} to {sampai}",
        "export.filter": "Filters: {filter}",
        "export.tanpa_filter": "no filters",
        "export.html": "Download map (HTML, opens without internet)",
        "export.png": "Download map (PNG)",
        "error.data_belum_dibangun": (
            "Data has not been built: run `make run` (or `peta-sosialisasi etl`) "
            "and reload this page. Folder looked for: {path}"
        ),
        "error.data_rusak": (
            "The data file cannot be read (it may be damaged or still being written): "
            "{path}. Run `make run` again, then reload this page."
        ),
        "error.umum": (
            "Something went wrong while showing this page. Try reloading; "
            "if it happens again, contact the data manager."
        ),
        "error.peta_kosong": "No village matches these filters.",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **fmt: Any) -> str:
    """Return the text for `key` in `lang`, formatted with `fmt`.

    An unknown language falls back to Bahasa Indonesia (the app must always show
    something readable); an unknown key raises `KeyError` so a typo fails in tests, not
    silently on a projector. Text is returned as-is when no placeholders are given, so
    literal braces in a message are safe.
    """
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANG])
    if key not in table:
        raise KeyError(f"unknown UI string key: {key!r}")
    text = table[key]
    return text.format(**fmt) if fmt else text


def normalise_lang(lang: str | None) -> str:
    """Map any requested language (e.g. from `?lang=`) to a supported code."""
    if lang is None:
        return DEFAULT_LANG
    code = lang.strip().lower()[:2]
    return code if code in STRINGS else DEFAULT_LANG


MONTHS: dict[str, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
MONTHS_SHORT: dict[str, tuple[str, ...]] = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_label(value: Any, lang: str = DEFAULT_LANG, *, short: bool = False) -> str:
    """A month as people here say it: "Mei 2026" (Indonesian) or "May 2026" (English).

    The one helper every chart, table and export uses for months, so no English month name
    appears in the Indonesian UI (plotly and strftime would print "May"). `value` is
    anything with `year` and `month` (date, Timestamp, Period) or a "YYYY-MM" string.
    """
    if isinstance(value, str):
        year_text, month_text = value.strip()[:7].split("-")
        year, month = int(year_text), int(month_text)
    else:
        year, month = int(value.year), int(value.month)
    if not 1 <= month <= 12:
        raise ValueError(f"bulan tidak sah: {value!r}")
    names = (MONTHS_SHORT if short else MONTHS).get(lang, MONTHS[DEFAULT_LANG])
    return f"{names[month - 1]} {year}"


# --- pages, auth, data, exports, planner (added with the pages) -----------------------------
_PETUNJUK_ID = {
    "petunjuk.formulir.judul": "Formulir lapangan (cara utama): KoboToolbox atau ODK Collect",
    "petunjuk.formulir.teks": (
        "Catat kegiatan dan laporan di ponsel, tanpa sinyal, dengan formulir yang daftar "
        "desanya memakai **kode resmi** — tidak ada nama yang perlu ditebak. (1) Unduh kedua "
        "formulir di bawah. (2) Unggah ke **KoboToolbox** (Proyek baru → Unggah XLSForm) atau "
        "**ODK Central** (Formulir baru). (3) Petugas mengisi di aplikasi KoboCollect/ODK "
        "Collect, juga **tanpa internet**; data terkirim saat ada sinyal. (4) Ekspor data: "
        "KoboToolbox → *Data → Unduhan* → **XLS**, nilai dan judul **XML**, **sertakan nama "
        "grup**; ODK Central → *Unduh* → **CSV** (buka zip-nya, unggah semua berkas CSV). "
        "(5) Unggah ekspor di **Data & Kualitas**. Ekspor yang sama atau ekspor berikutnya "
        "yang memuat kiriman lama tidak dihitung dua kali; kiriman yang diubah menggantikan "
        "versi lamanya. Bila daftar desa resmi berubah, unduh formulir baru (versinya ikut "
        "berubah). Templat Excel tetap bisa dipakai sebagai cadangan."
    ),
    "petunjuk.isi_templat.judul": "1. Mengisi templat",
    "petunjuk.isi_templat.teks": (
        "Unduh templat kosong di halaman **Data & Kualitas**. Isi satu baris per kegiatan di "
        "lembar **Kegiatan** (ID kegiatan, tanggal `dd/mm/yyyy`, kecamatan dan desa tempat). "
        "Di lembar **Peserta** isi satu baris per *desa asal* dan *peran* dengan jumlah orangnya "
        "— cakupan dihitung dari desa asal peserta, bukan tempat kegiatan. Laporan (dugaan TPPO, "
        "PMI nonprosedural, WNA mencurigakan) diisi di lembar **Laporan** dengan koordinat atau "
        "kecamatan + desa. Pilih nama dari daftar pilihan. **Jangan** mengetik nama, nomor HP "
        "atau NIK peserta: kolom seperti itu dibuang saat dimuat."
    ),
    "petunjuk.muat_data.judul": "2. Memuat data",
    "petunjuk.muat_data.teks": (
        "Unggah buku kerja di **Data & Kualitas** (petugas), atau jalankan "
        "`peta-sosialisasi etl BERKAS.xlsx --out FOLDER`. Setiap baris yang tidak bisa dipakai "
        "masuk **antrean tinjauan** dengan alasannya dan kandidat desa; pilih kandidat yang "
        "benar lalu **Konfirmasi** — keputusan disimpan di `aliases.csv` dan data diproses ulang "
        "(dengan server bersama: disimpan di basis data dan berlaku pada pemuatan berikutnya)."
    ),
    "petunjuk.baca_peta.judul": "3. Membaca peta",
    "petunjuk.baca_peta.teks": (
        "**Belum pernah dijangkau** (jingga): belum pernah ada peserta dari desa itu. "
        "**Kedaluwarsa** (kuning): pernah dijangkau, tetapi sebelum jendela waktu. "
        "**Tercakup** (biru tua): ada peserta dari desa itu dalam jendela waktu (bawaan "
        "{bulan} bulan). Angka di legenda = jumlah desa per kelas. "
        "Arsiran abu-abu berarti *tidak ada data*, berbeda dari nol. Kelas warna tetap "
        "(bukan kuantil), jadi warna yang sama berarti hal yang sama di setiap rapat. Klik "
        "sebuah desa untuk melihat riwayat kegiatannya."
    ),
    "petunjuk.rencana.judul": "4. Merencanakan kunjungan",
    "petunjuk.rencana.teks": (
        "Halaman **Prioritas Kunjungan** menyusun skor prioritas per desa (celah cakupan, "
        "pemimpin yang belum hadir, laporan, risiko luar, jarak), mengusulkan tempat sesi "
        "gabungan yang menjangkau desa prioritas dalam radius R km, dan menyusun perjalanan "
        "harian dari basis. Jarak adalah **perkiraan** (garis lurus × faktor belok)."
    ),
    "petunjuk.privasi.judul": "5. Privasi",
    "petunjuk.privasi.teks": (
        "Mode **Rapat** hanya menampilkan angka gabungan per desa; angka di bawah 5 ditulis "
        '"<5" dan sel pelengkap ditulis "x" agar angka kecil tidak dapat dihitung dari '
        "total. Titik laporan yang tepat hanya untuk petugas."
    ),
}
_PETUNJUK_EN = {
    "petunjuk.formulir.judul": "Field forms (preferred): KoboToolbox or ODK Collect",
    "petunjuk.formulir.teks": (
        "Record sessions and reports on a phone, offline, with forms whose village lists use "
        "the **official codes** — nothing to guess. (1) Download both forms below. (2) Upload "
        "them to **KoboToolbox** (New project → Upload an XLSForm) or **ODK Central** (New "
        "form). (3) Officers fill them in KoboCollect/ODK Collect, **offline** too; data is "
        "sent when there is signal. (4) Export: KoboToolbox → *Data → Downloads* → **XLS**, "
        "**XML** values and headers, **include group names**; ODK Central → *Download* → "
        "**CSV** (unzip it, upload every CSV). (5) Upload the export on **Data & Quality**. "
        "The same export, or a later one holding old submissions again, is never counted "
        "twice; an edited submission replaces its earlier version. When the official village "
        "list changes, download the forms again (their version changes too). The Excel "
        "template remains available as a fallback."
    ),
    "petunjuk.isi_templat.judul": "1. Filling in the template",
    "petunjuk.isi_templat.teks": (
        "Download the empty template on **Data & Quality**. One row per session on "
        "**Kegiatan**; on **Peserta** one row per *home village* and *role* with the number of "
        "people — coverage counts the participants' home village, not the venue. Reports go on "
        "**Laporan** with coordinates or district + village. **Do not** type participants' "
        "names, phone numbers or NIK: such columns are dropped on loading."
    ),
    "petunjuk.muat_data.judul": "2. Loading data",
    "petunjuk.muat_data.teks": (
        "Upload the workbook on **Data & Quality** (officers), or run "
        "`peta-sosialisasi etl FILE.xlsx --out FOLDER`. Rows that cannot be used land in the "
        "**review queue** with a reason and candidate villages; pick the right one and "
        "**Confirm** — it is saved in `aliases.csv` and the data is rebuilt (with a shared "
        "server: saved in the database, applied at the next load)."
    ),
    "petunjuk.baca_peta.judul": "3. Reading the map",
    "petunjuk.baca_peta.teks": (
        "**Never reached** (orange): no participant from the village ever. **Lapsed** "
        "(yellow): reached, but before the window. **Covered** (dark blue): participants from "
        "the village within the window (default {bulan} months). Legend numbers = villages per "
        "class. Grey hatching means "
        "*no data*, not zero. Classes are fixed, so a colour means the same in every meeting. "
        "Click a village to see its history."
    ),
    "petunjuk.rencana.judul": "4. Planning visits",
    "petunjuk.rencana.teks": (
        "**Visit priorities** scores each village (coverage gap, leaders not reached, reports, "
        "external risk, distance), proposes joint-session venues within R km and orders them "
        "into day trips from the base. Distances are **estimates** (straight line × detour)."
    ),
    "petunjuk.privasi.judul": "5. Privacy",
    "petunjuk.privasi.teks": (
        '**Meeting** mode shows aggregated figures only; counts below 5 read "<5" and '
        'complementary cells read "x" so that small counts cannot be worked out from totals. '
        "Exact report points are for officers only."
    ),
}
_COLUMNS = ("sumber_file", "sumber_lembar", "sumber_baris", "kantor", "sumber_instansi",
            "sumber_sha256", "jenis_data", "alasan", "nilai",
            "kandidat", "kecamatan_ketik", "desa_ketik", "tanggal", "id_kegiatan", "tempat",
            "peran", "peserta", "kode", "nama", "kecamatan", "status_cakupan",
            "kunjungan_terakhir", "jumlah_kegiatan", "peserta_kades_lurah", "peserta_rt_rw",
            "peserta_tokoh", "peserta_warga", "laporan", "laporan_tanpa_cakupan", "desa_tercakup",
            "desa_total", "persen_tercakup", "hari_sejak_kunjungan", "berkas", "lembar",
            "dibaca", "diterima", "ditinjau", "desa_tempat", "baris", "catatan")  # fmt: skip
_COLUMN_ID = {
    "sumber_file": "Berkas", "sumber_lembar": "Lembar", "sumber_baris": "Baris",
    "kantor": "Kantor", "sumber_instansi": "Instansi sumber", "sumber_sha256": "SHA-256 berkas",
    "jenis_data": "Jenis data", "alasan": "Alasan", "nilai": "Nilai diketik",
    "kandidat": "Kandidat", "kecamatan_ketik": "Kecamatan diketik", "desa_ketik": "Desa diketik",
    "tanggal": "Tanggal", "id_kegiatan": "ID kegiatan", "tempat": "Tempat", "peran": "Peran",
    "peserta": "Peserta", "kode": "Kode", "nama": "Nama", "kecamatan": "Kecamatan",
    "status_cakupan": "Status", "kunjungan_terakhir": "Kunjungan terakhir",
    "jumlah_kegiatan": "Kegiatan", "peserta_kades_lurah": "Kades/lurah",
    "peserta_rt_rw": "Ketua RT/RW", "peserta_tokoh": "Tokoh", "peserta_warga": "Lainnya",
    "laporan": "Laporan", "laporan_tanpa_cakupan": "Laporan tanpa cakupan",
    "desa_tercakup": "Desa tercakup", "desa_total": "Jumlah desa",
    "persen_tercakup": "% tercakup", "hari_sejak_kunjungan": "Hari sejak kunjungan",
    "berkas": "Berkas", "lembar": "Lembar", "dibaca": "Dibaca", "diterima": "Diterima",
    "ditinjau": "Ditinjau", "desa_tempat": "Ditempatkan di", "baris": "Baris",
    "catatan": "Catatan",
}  # fmt: skip
_COLUMN_EN = {
    "sumber_file": "File", "sumber_lembar": "Sheet", "sumber_baris": "Row",
    "kantor": "Office", "sumber_instansi": "Source agency", "sumber_sha256": "File SHA-256",
    "jenis_data": "Data type", "alasan": "Reason", "nilai": "Typed value",
    "kandidat": "Candidates", "kecamatan_ketik": "Typed district", "desa_ketik": "Typed village",
    "tanggal": "Date", "id_kegiatan": "Session ID", "tempat": "Venue", "peran": "Role",
    "peserta": "Participants", "kode": "Code", "nama": "Name", "kecamatan": "District",
    "status_cakupan": "Status", "kunjungan_terakhir": "Last reached",
    "jumlah_kegiatan": "Sessions", "peserta_kades_lurah": "Village heads",
    "peserta_rt_rw": "RT/RW heads", "peserta_tokoh": "Community leaders",
    "peserta_warga": "Others", "laporan": "Reports",
    "laporan_tanpa_cakupan": "Reports without coverage", "desa_tercakup": "Villages covered",
    "desa_total": "Villages", "persen_tercakup": "% covered",
    "hari_sejak_kunjungan": "Days since last visit", "berkas": "File", "lembar": "Sheet",
    "dibaca": "Read", "diterima": "Accepted", "ditinjau": "In review",
    "desa_tempat": "Placed in", "baris": "Rows", "catatan": "Note",
}  # fmt: skip
_PLAN_ID = {
    "peringkat": "Peringkat", "skor": "Skor", "kontribusi_celah_cakupan": "Celah cakupan",
    "kontribusi_pemimpin_belum": "Pemimpin belum hadir", "kontribusi_laporan": "Laporan",
    "kontribusi_risiko_eksternal": "Risiko luar", "kontribusi_jarak": "Jarak (biaya)",
    "sesi": "Sesi", "trip": "Trip", "undangan": "Desa diundang (jarak)",
    "prioritas": "Prioritas terjangkau",
}  # fmt: skip
_PLAN_EN = {
    "peringkat": "Rank", "skor": "Score", "kontribusi_celah_cakupan": "Coverage gap",
    "kontribusi_pemimpin_belum": "Leaders not reached", "kontribusi_laporan": "Reports",
    "kontribusi_risiko_eksternal": "External risk", "kontribusi_jarak": "Distance (cost)",
    "sesi": "Session", "trip": "Trip", "undangan": "Invited villages (distance)",
    "prioritas": "Priority covered",
}  # fmt: skip
_COLUMN_ID.update(_PLAN_ID)
_COLUMN_EN.update(_PLAN_EN)
_COLUMNS = (*_COLUMNS, *_PLAN_ID)
STRINGS["id"].update(_PETUNJUK_ID)
STRINGS["en"].update(_PETUNJUK_EN)
STRINGS["id"].update({f"kolom.{c}": _COLUMN_ID[c] for c in _COLUMNS})
STRINGS["en"].update({f"kolom.{c}": _COLUMN_EN[c] for c in _COLUMNS})
STRINGS["id"].update({
    "auth.masuk": "Masuk", "auth.keluar": "Keluar", "auth.nama_pengguna": "Nama pengguna",
    "auth.kata_sandi": "Kata sandi", "auth.gagal": "Nama pengguna atau kata sandi salah.",
    "auth.terkunci": (
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {detik} detik."
    ),
    "auth.sibuk": "Server sedang menolak percobaan masuk berlebih. Coba lagi dalam {detik} detik.",
    "auth.kedaluwarsa": "Sesi berakhir; silakan masuk lagi.",
    "auth.sebagai": "Masuk sebagai {user} ({role})",
    "auth.tanpa_konfigurasi": (
        "Belum ada akun atau penyedia identitas: dasbor berjalan dalam peran **rapat** "
        "(hanya angka gabungan). Tambahkan akun dengan `peta-sosialisasi pengguna tambah`."
    ),
    "auth.tidak_boleh": "Halaman ini hanya untuk petugas. Silakan masuk.",
    "data.dibuat": "Data dibangun {waktu} (versi {versi}), per tanggal {per_tanggal}.",
    "data.kolom_pribadi": "Kolom pribadi yang dibuang saat dimuat: {daftar}.",
    "data.antrean": "Antrean tinjauan",
    "data.antrean_keterangan": "{n} baris belum diterima. Pilih baris untuk melihat kandidat.",
    "data.catatan_judul": "Ditempatkan dengan catatan",
    "data.catatan_keterangan": (
        "{n} baris peserta ditempatkan di desa yang namanya unik di kabupaten, padahal "
        "kecamatan yang diketik lain (sering kecamatan tempat kegiatan). Periksa bila ragu; "
        "tempatnya tetap dihitung."
    ),
    "data.pilih_kandidat": "Desa yang dimaksud dengan '{nama}':",
    "data.konfirmasi": "Konfirmasi dan proses ulang",
    "data.konfirmasi_db": "Konfirmasi dan simpan keputusan",
    "data.keputusan_tersimpan_db": (
        "Keputusan disimpan di basis data bersama (oleh {user}, dengan waktunya). Berlaku "
        "pada pemuatan berikutnya: `peta-sosialisasi etl --out FOLDER --db ...` (dasbor "
        "tidak memuat ulang data bersama)."
    ),
    "data.keputusan_gagal": "Keputusan tidak disimpan: {galat}",
    "data.tanpa_kandidat": "Baris ini tidak punya kandidat desa; perbaiki di berkas sumber.",
    "data.proses_ulang": "Memproses ulang data...", "data.gagal": "Proses gagal; data lama tetap.",
    "data.selesai": "Selesai: dibaca {dibaca}, diterima {diterima}, ditinjau {ditinjau}.",
    "data.masukan": "Berkas masukan",
    "data.masukan_keterangan": (
        "Berkas yang dibaca pada pembangunan data terakhir. Menghapus satu berkas membangun "
        "ulang data tanpanya; bila gagal, data dan berkas tetap seperti semula."
    ),
    "data.masukan_status": "Status", "data.masukan_ada": "ada",
    "data.masukan_hilang": "hilang (tidak dibaca lagi)",
    "data.masukan_pilih": "Berkas yang akan dihapus",
    "data.masukan_yakin": "Ya, hapus berkas ini dari data",
    "data.masukan_hapus": "Hapus dan proses ulang",
    "data.masukan_terakhir": "Berkas terakhir tidak bisa dihapus: data butuh sedikitnya satu.",
    "data.versi_cadangan": "Mengapa versi data terbaru tidak dipakai:",
    "data.masukan_db": (
        "Data ini dibaca dari basis data bersama. Berkas dimuat oleh petugas pemuat "
        "dengan `peta-sosialisasi etl BERKAS --out FOLDER --db ... --kantor ... "
        "--instansi ...`, bukan dari halaman ini; versi perbaikan sebuah berkas "
        "menggantikan barisnya."
    ),
    "data.unggah": "Unggah buku kerja baru",
    "data.unggah_bantuan": "Berkas .xlsx atau .csv (maks. 20 MB), diperiksa sebelum dibaca.",
    "unggah.tombol": "Pilih berkas", "unggah.batas": "Maks. 20 MB per berkas",
    "formulir.judul": "Formulir lapangan (KoboToolbox / ODK Collect)",
    "formulir.panduan": (
        "Formulir XLSForm dengan kode desa resmi: unggah ke KoboToolbox atau ODK Central, "
        "isi tanpa internet di ponsel, lalu ekspor sebagai XLSX (dengan nama grup) atau CSV "
        "dan unggah di sini. Langkah lengkap ada di halaman **Petunjuk**."
    ),
    "formulir.buat": "Buat formulir",
    "data.formulir_kiriman": (
        "Formulir lapangan: {kiriman} kiriman — {baru} baru, {diubah} diubah, {tetap} tetap "
        "dibanding versi data sebelumnya; tiap kiriman dihitung sekali."
    ),
    "formulir.unduh": "Unduh {berkas}",
    "data.proses": "Periksa dan proses", "data.templat": "Templat kosong",
    "data.templat_buat": "Buat templat", "data.templat_unduh": "Unduh templat (.xlsx)",
    "detail.belum_ada_kegiatan": "Belum ada kegiatan yang menjangkau desa ini.",
    "detail.peserta": "Peserta dalam periode", "detail.laporan": "Laporan dalam periode",
    "detail.riwayat": "Riwayat kegiatan (menurut desa asal peserta)",
    "alasan.tercakup": (
        "**Tercakup**: ada peserta dari desa ini dalam periode {mulai}–{akhir} "
        "({kegiatan} kegiatan; terakhir {terakhir})."
    ),
    "alasan.kedaluwarsa": (
        "**Kedaluwarsa**: terakhir dijangkau {terakhir}, sebelum periode {mulai}–{akhir}."
    ),
    "alasan.belum": (
        "**Belum pernah dijangkau**: belum pernah ada peserta dari desa ini sampai {akhir} "
        "(menjadi tempat kegiatan tidak dihitung)."
    ),
    "alasan.tidak_ada_data": "**Tidak ada data** untuk desa ini.",
    "ekspor.judul": "Ekspor", "ekspor.siapkan": "Siapkan berkas ekspor",
    "ekspor.keterangan": "Peta (HTML mandiri atau PNG) dan tabel (Excel, CSV) sesuai saringan.",
    "ekspor.html": "Peta (HTML)", "ekspor.png": "Peta (PNG)", "ekspor.excel": "Tabel (Excel)",
    "ekspor.csv": "Tabel desa (CSV)", "ekspor.dibuat": "Dibuat: {waktu}",
    "ekspor.periode": "Periode data: {mulai} – {akhir}", "ekspor.kecamatan": "Kecamatan: {daftar}",
    "ekspor.kabupaten": "Kabupaten/kota: {daftar}",
    "ekspor.peran": "Kelompok peran: {daftar}", "filter.semua": "Semua",
    "ekspor.jenis_laporan": "Jenis laporan: {daftar}", "ekspor.lembar_desa": "Desa",
    "ekspor.lembar_kecamatan": "Kecamatan", "ekspor.lembar_keterangan": "Keterangan",
    "kecamatan.keterangan": "Klik baris untuk membuka peta yang diperbesar ke kecamatan itu.",
    "kolom_pendek.desa_tercakup": "Tercakup", "kolom_pendek.desa_total": "Desa",
    "kolom_pendek.persen_tercakup": "% tercakup", "kolom_pendek.jumlah_kegiatan": "Kegiatan",
    "kolom_pendek.peserta": "Peserta", "kolom_pendek.peserta_kades_lurah": "Kades",
    "kolom_pendek.peserta_rt_rw": "RT/RW", "kolom_pendek.laporan": "Laporan",
    "kolom_pendek.laporan_tanpa_cakupan": "Tanpa cakupan",
    "peta.klik_desa": "Klik sebuah desa di peta untuk melihat riwayatnya.",
    "peta.peta_dasar_bantuan": (
        "Peta dasar OpenStreetMap (daring): hanya tampil bila ada internet."
    ),
    "prioritas.keterangan": (
        "Skor = jumlah kontribusi komponen (masing-masing 0..1 × bobot). Jarak adalah biaya."
    ),
    "prioritas.bobot": "Bobot komponen", "prioritas.k": "Jumlah sesi (K)",
    "prioritas.radius": "Radius undangan (km)", "prioritas.anggaran": "Anggaran jarak per hari (km)",
    "prioritas.detour": "Faktor belok jalan", "prioritas.basis_lat": "Basis: lintang",
    "prioritas.basis_lon": "Basis: bujur", "prioritas.peringkat": "Peringkat desa",
    "prioritas.sesi": "Usulan sesi gabungan", "prioritas.sesuaikan": "Tempat sesi (sesuaikan)",
    "prioritas.perkiraan": "Jarak = perkiraan (garis lurus × {detour}).",
    "prioritas.melebihi": "melebihi anggaran harian",
    "prioritas.risiko": "Indikator risiko per desa (CSV, opsional)",
    "prioritas.risiko_besar": "berkas lebih dari 5 MB; tidak dibaca.",
    "prioritas.risiko_bantuan": (
        "Kolom angka apa pun (mis. calon PMI, permohonan paspor) dengan kode desa atau nama "
        "desa (+ kecamatan); nama dicocokkan seperti pada ETL."
    ),
    "prioritas.risiko_tinjau": "{n} baris indikator tidak cocok dengan desa resmi (lihat Excel).",
    "prioritas.unduh_excel": "Unduh rencana (Excel)", "prioritas.unduh_html": "Unduh cetak (HTML)",
    "prioritas.trip": "**Trip {n}** ±{km} km: {rute}",
    "rencana.basis": "titik berangkat", "rencana.legenda_basis": "Titik berangkat: {nama}",
    "rencana.legenda_sesi": "Tempat sesi (nomor urut)",
    "rencana.legenda_undangan": "Desa diundang (garis tepi tebal)",
    "rencana.legenda_trip": "Rute trip {n} (±{km} km)",
    "rapat.seluruh_kabupaten": "Seluruh kabupaten", "rapat.sebelumnya": "◀ Sebelumnya",
    "rapat.berikutnya": "Berikutnya ▶", "rapat.slide": "layar {i}/{n}",
    "rapat.layar_penuh": "Mode rapat (layar penuh)",
    "rapat.periode": "Periode {mulai} – {akhir} · data per {per_tanggal}",
    "rapat.celah_judul": "Kecamatan menurut desa belum pernah dijangkau",
    "rapat.celah_sumbu": "Jumlah desa",
    "rapat.nol_tercakup": "Tanpa desa tercakup ({n}): {daftar}",
    "rapat.desa_belum": "Desa belum pernah dijangkau ({n})",
    "rapat.desa_kedaluwarsa": "Desa kedaluwarsa ({n})",
    "rapat.tidak_ada": "tidak ada",
    "tren.banding_judul": "Periode ini dibanding periode sebelumnya",
    "tren.kegiatan": "Kegiatan", "tren.desa_baru": "Desa baru tercakup",
    "tren.peserta": "Peserta", "tren.jumlah": "Jumlah",
    "tren.peserta_disembunyikan": "Bulan dengan peserta 1–4, atau yang disembunyikan agar "
    "angka kecil tidak dapat dihitung dari jumlahnya, tidak digambar pada garis peserta.",
    "kecamatan.persen_tercakup": "% desa tercakup",
    "tren.periode_lalu": "**Periode lalu** {mulai} – {akhir}",
    "tren.periode_ini": "**Periode ini** {mulai} – {akhir}",
    "peran.kades_lurah": "Kades/lurah", "peran.rt_rw": "Ketua RT/RW", "peran.tokoh": "Tokoh",
    "peran.warga": "Lainnya (warga, guru, calon PMI, ...)",
    "perubahan.baru_tercakup": "Tercakup, baru (tidak pada periode lalu)",
    "perubahan.tetap_tercakup": "Tercakup, juga pada periode lalu",
    "perubahan.lepas": "Kedaluwarsa, baru (tercakup periode lalu)",
    "perubahan.kedaluwarsa_lama": "Kedaluwarsa, sudah sebelum periode lalu",
    "perubahan.belum": "Belum pernah dijangkau",
    "tren.celah_judul": "Celah cakupan periode ini",
})  # fmt: skip
STRINGS["en"].update({
    "auth.masuk": "Log in", "auth.keluar": "Log out", "auth.nama_pengguna": "User name",
    "auth.kata_sandi": "Password", "auth.gagal": "Wrong user name or password.",
    "auth.terkunci": "Too many failed login attempts. Try again in {detik} seconds.",
    "auth.sibuk": "The server is refusing excess login attempts. Try again in {detik} seconds.",
    "auth.kedaluwarsa": "Session expired; please log in again.",
    "auth.sebagai": "Logged in as {user} ({role})",
    "auth.tanpa_konfigurasi": (
        "No accounts or identity provider configured: the dashboard runs in the **meeting** "
        "role (aggregated figures only). Add accounts with `peta-sosialisasi pengguna tambah`."
    ),
    "auth.tidak_boleh": "This page is for officers only. Please log in.",
    "data.dibuat": "Data built {waktu} (version {versi}), as of {per_tanggal}.",
    "data.kolom_pribadi": "Personal columns dropped on loading: {daftar}.",
    "data.antrean": "Review queue",
    "data.antrean_keterangan": "{n} rows not accepted. Select a row to see candidates.",
    "data.catatan_judul": "Placed with a note",
    "data.catatan_keterangan": (
        "{n} participant rows were placed in a village whose name is unique in the regency "
        "although another district was typed (often the session's district). Check when in "
        "doubt; they are counted where placed."
    ),
    "data.pilih_kandidat": "The village meant by '{nama}':",
    "data.konfirmasi": "Confirm and rebuild",
    "data.konfirmasi_db": "Confirm and save the decision",
    "data.keputusan_tersimpan_db": (
        "Decision saved in the shared database (by {user}, with its time). It applies at "
        "the next load: `peta-sosialisasi etl --out FOLDER --db ...` (the dashboard does "
        "not reload shared data)."
    ),
    "data.keputusan_gagal": "Decision not saved: {galat}",
    "data.tanpa_kandidat": "This row has no candidate village; fix it in the source file.",
    "data.proses_ulang": "Rebuilding the data...", "data.gagal": "Failed; the old data is kept.",
    "data.selesai": "Done: read {dibaca}, accepted {diterima}, in review {ditinjau}.",
    "data.masukan": "Input files",
    "data.masukan_keterangan": (
        "Files read when the data was last built. Removing one rebuilds the data without it; "
        "if that fails, the data and the files stay as they were."
    ),
    "data.masukan_status": "Status", "data.masukan_ada": "present",
    "data.masukan_hilang": "missing (no longer read)",
    "data.masukan_pilih": "File to remove",
    "data.masukan_yakin": "Yes, remove this file from the data",
    "data.masukan_hapus": "Remove and rebuild",
    "data.masukan_terakhir": "The last file cannot be removed: the data needs at least one.",
    "data.versi_cadangan": "Why the latest data version is not used:",
    "data.masukan_db": (
        "This data is read from the shared database. Files are loaded by the loading "
        "officer with `peta-sosialisasi etl FILE --out FOLDER --db ... --kantor ... "
        "--instansi ...`, not from this page; a corrected version of a file replaces "
        "its rows."
    ),
    "data.unggah": "Upload new workbooks",
    "data.unggah_bantuan": ".xlsx or .csv (max 20 MB), checked before reading.",
    "unggah.tombol": "Choose files", "unggah.batas": "Max. 20 MB per file",
    "formulir.judul": "Field forms (KoboToolbox / ODK Collect)",
    "formulir.panduan": (
        "XLSForm forms with the official village codes: upload to KoboToolbox or ODK Central, "
        "fill in offline on a phone, then export as XLSX (with group names) or CSV and upload "
        "here. The full steps are on the **Help** page."
    ),
    "formulir.buat": "Make forms",
    "data.formulir_kiriman": (
        "Field forms: {kiriman} submissions — {baru} new, {diubah} updated, {tetap} unchanged "
        "since the previous data version; each submission is counted once."
    ),
    "formulir.unduh": "Download {berkas}",
    "data.proses": "Check and process", "data.templat": "Empty template",
    "data.templat_buat": "Make template", "data.templat_unduh": "Download template (.xlsx)",
    "detail.belum_ada_kegiatan": "No session has reached this village yet.",
    "detail.peserta": "Participants in the period", "detail.laporan": "Reports in the period",
    "detail.riwayat": "Session history (by participants' home village)",
    "alasan.tercakup": (
        "**Covered**: participants from this village in {mulai}–{akhir} "
        "({kegiatan} sessions; last {terakhir})."
    ),
    "alasan.kedaluwarsa": "**Lapsed**: last reached {terakhir}, before {mulai}–{akhir}.",
    "alasan.belum": (
        "**Never reached**: no participant from this village up to {akhir} "
        "(hosting a session does not count)."
    ),
    "alasan.tidak_ada_data": "**No data** for this village.",
    "ekspor.judul": "Export", "ekspor.siapkan": "Prepare export files",
    "ekspor.keterangan": "Map (self-contained HTML or PNG) and tables (Excel, CSV), as filtered.",
    "ekspor.html": "Map (HTML)", "ekspor.png": "Map (PNG)", "ekspor.excel": "Tables (Excel)",
    "ekspor.csv": "Village table (CSV)", "ekspor.dibuat": "Made: {waktu}",
    "ekspor.periode": "Data period: {mulai} – {akhir}", "ekspor.kecamatan": "Districts: {daftar}",
    "ekspor.kabupaten": "Regencies/cities: {daftar}",
    "ekspor.peran": "Role groups: {daftar}", "filter.semua": "All",
    "ekspor.jenis_laporan": "Report types: {daftar}", "ekspor.lembar_desa": "Villages",
    "ekspor.lembar_kecamatan": "Districts", "ekspor.lembar_keterangan": "About",
    "kecamatan.keterangan": "Click a row to open the map zoomed to that district.",
    "kolom_pendek.desa_tercakup": "Covered", "kolom_pendek.desa_total": "Villages",
    "kolom_pendek.persen_tercakup": "% covered", "kolom_pendek.jumlah_kegiatan": "Sessions",
    "kolom_pendek.peserta": "People", "kolom_pendek.peserta_kades_lurah": "Heads",
    "kolom_pendek.peserta_rt_rw": "RT/RW", "kolom_pendek.laporan": "Reports",
    "kolom_pendek.laporan_tanpa_cakupan": "Uncovered",
    "peta.klik_desa": "Click a village on the map to see its history.",
    "peta.peta_dasar_bantuan": "OpenStreetMap base map (online): only shows with internet.",
    "prioritas.keterangan": (
        "Score = sum of component contributions (each 0..1 × weight). Distance is a cost."
    ),
    "prioritas.bobot": "Component weights", "prioritas.k": "Number of sessions (K)",
    "prioritas.radius": "Invitation radius (km)", "prioritas.anggaran": "Daily driving budget (km)",
    "prioritas.detour": "Road detour factor", "prioritas.basis_lat": "Base: latitude",
    "prioritas.basis_lon": "Base: longitude", "prioritas.peringkat": "Village ranking",
    "prioritas.sesi": "Proposed joint sessions", "prioritas.sesuaikan": "Session venues (adjust)",
    "prioritas.perkiraan": "Distances are estimates (straight line × {detour}).",
    "prioritas.melebihi": "over the daily budget",
    "prioritas.risiko": "Risk indicators per village (CSV, optional)",
    "prioritas.risiko_besar": "file larger than 5 MB; not read.",
    "prioritas.risiko_bantuan": (
        "Any numeric columns (e.g. prospective migrant workers, passport applications) with "
        "a village code or name (+ district); names are matched as in the ETL."
    ),
    "prioritas.risiko_tinjau": "{n} indicator rows did not match an official village (see Excel).",
    "prioritas.unduh_excel": "Download plan (Excel)", "prioritas.unduh_html": "Download print (HTML)",
    "prioritas.trip": "**Trip {n}** ±{km} km: {rute}",
    "rencana.basis": "start point", "rencana.legenda_basis": "Start: {nama}",
    "rencana.legenda_sesi": "Session venue (numbered)",
    "rencana.legenda_undangan": "Invited village (thick outline)",
    "rencana.legenda_trip": "Trip {n} route (±{km} km)",
    "rapat.seluruh_kabupaten": "Whole regency", "rapat.sebelumnya": "◀ Previous",
    "rapat.berikutnya": "Next ▶", "rapat.slide": "screen {i}/{n}",
    "rapat.layar_penuh": "Meeting mode (full screen)",
    "rapat.periode": "Period {mulai} – {akhir} · data as of {per_tanggal}",
    "rapat.celah_judul": "Districts by villages never reached",
    "rapat.celah_sumbu": "Villages",
    "rapat.nol_tercakup": "No village covered ({n}): {daftar}",
    "rapat.desa_belum": "Villages never reached ({n})",
    "rapat.desa_kedaluwarsa": "Villages lapsed ({n})",
    "rapat.tidak_ada": "none",
    "tren.banding_judul": "This period against the previous one",
    "tren.kegiatan": "Sessions", "tren.desa_baru": "Newly reached villages",
    "tren.peserta": "Participants", "tren.jumlah": "Count",
    "tren.peserta_disembunyikan": "Months with 1–4 participants, or hidden so small counts "
    "cannot be worked out from the total, are left out of the participants line.",
    "kecamatan.persen_tercakup": "% villages covered",
    "tren.periode_lalu": "**Previous period** {mulai} – {akhir}",
    "tren.periode_ini": "**This period** {mulai} – {akhir}",
    "peran.kades_lurah": "Village heads", "peran.rt_rw": "RT/RW heads",
    "peran.tokoh": "Community leaders", "peran.warga": "Others (residents, teachers, ...)",
    "perubahan.baru_tercakup": "Covered, new (not in the previous period)",
    "perubahan.tetap_tercakup": "Covered, also in the previous period",
    "perubahan.lepas": "Lapsed, new (covered in the previous period)",
    "perubahan.kedaluwarsa_lama": "Lapsed, already before the previous period",
    "perubahan.belum": "Never reached",
    "tren.celah_judul": "Coverage gap this period",
})  # fmt: skip
