"""Data & Kualitas: what was loaded, what is in review, decisions, uploads, template."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard.components import session
from dashboard.components.form_downloads import form_downloads
from dashboard.data import clear_caches, get_dataset
from dashboard.services import etl_runner, match_notes
from dashboard.services.access import can_view
from dashboard.services.safe_text import md_escape
from etl.io.contract import Manifest

ds = get_dataset()
if not can_view(session.role(), "data_kualitas"):
    st.error(session.tr("auth.tidak_boleh"))
    st.stop()

st.title(session.tr("page.data"))
shared = etl_runner.shared_store()  # a database: decisions recorded, loads via the ETL
man = ds.manifest
st.markdown(
    session.tr(
        "data.dibuat",
        waktu=md_escape(man.dibuat or "-"),
        versi=md_escape(man.versi or "-"),
        per_tanggal=md_escape(ds.per_tanggal.isoformat()),
    )
)
counts = man.sheet_counts()
st.dataframe(
    counts.rename(columns=lambda c: session.tr(f"kolom.{c}")), hide_index=True, width="stretch"
)
for warning in man.peringatan:
    st.warning(md_escape(warning))
if man.formulir:
    st.caption(session.tr("data.formulir_kiriman", **man.formulir))
dropped = man.dropped_personal_columns()
if dropped:
    st.info(session.tr("data.kolom_pribadi", daftar=", ".join(md_escape(d) for d in dropped)))


def _run(extra: list[Path], without: tuple[Path, ...] = ()) -> None:
    with st.status(session.tr("data.proses_ulang"), expanded=True) as status:
        try:
            result = etl_runner.rerun(
                ds.folder,
                ds.manifest,
                extra,
                progress=lambda msg: st.write(md_escape(msg)),
                without=without,
            )
        except Exception as exc:  # shown as a message, never a traceback
            status.update(label=session.tr("data.gagal"), state="error")
            st.error(md_escape(exc))
            return
        counted = Manifest.from_json(result.manifest).sheet_counts()
        totals = counted[["dibaca", "diterima", "ditinjau"]].sum()
        status.update(label=session.tr("data.selesai", **totals.astype(int).to_dict()),
                      state="complete")  # fmt: skip
    clear_caches()


st.subheader(session.tr("data.antrean"))
review = ds.tinjauan
st.caption(session.tr("data.antrean_keterangan", n=len(review)))
if not review.empty:
    event = st.dataframe(
        review.rename(columns=lambda c: session.tr(f"kolom.{c}")), hide_index=True,
        width="stretch", on_select="rerun", selection_mode="single-row",
        key="ps_review",
    )  # fmt: skip
    picked = event.selection.rows if event is not None else []
    if picked:
        row = review.iloc[picked[0]]
        codes = etl_runner.candidate_codes(str(row.get("kandidat", "")))
        names = ds.desa.set_index("kode")
        if codes and str(row.get("desa_ketik", "")):
            choice = st.radio(
                session.tr("data.pilih_kandidat", nama=md_escape(row["desa_ketik"])), codes,
                format_func=lambda k: md_escape(f"{names.loc[k, 'nama']} ({names.loc[k, 'kecamatan']}) {k}"
                                             if k in names.index else k),
            )  # fmt: skip
            label = "data.konfirmasi" if shared is None else "data.konfirmasi_db"
            if st.button(session.tr(label), type="primary"):
                user = str(st.session_state.get("ps_user") or "petugas")
                try:
                    rebuild = etl_runner.confirm_candidate(
                        ds.folder, kabupaten=man.kabupaten,
                        kecamatan=str(row.get("kecamatan_ketik", "")),
                        nama_ketik=str(row["desa_ketik"]), desa_kode=choice, user=user,
                        shared=shared, official=ds.desa[["kode"]],
                    )  # fmt: skip
                except Exception as exc:  # shown as a message, never a traceback
                    st.error(session.tr("data.keputusan_gagal", galat=md_escape(exc)))
                else:
                    if rebuild:
                        _run([])
                    else:
                        st.success(session.tr("data.keputusan_tersimpan_db", user=md_escape(user)))
        else:
            st.caption(session.tr("data.tanpa_kandidat"))

notes = match_notes.placement_notes(ds.peserta, ds.desa)
if not notes.empty:
    st.subheader(session.tr("data.catatan_judul"))
    st.caption(session.tr("data.catatan_keterangan", n=int(notes["baris"].sum())))
    st.dataframe(notes.rename(columns=lambda c: session.tr(f"kolom.{c}")), hide_index=True,
                 width="stretch")  # fmt: skip

st.subheader(session.tr("data.masukan"))
st.caption(session.tr("data.masukan_keterangan"))
if ds.cadangan:
    st.caption(session.tr("data.versi_cadangan"))
    st.code(ds.cadangan, language=None)
inputs = etl_runner.input_table(man)
st.dataframe(
    inputs.assign(
        ada=inputs["ada"].map(
            {True: session.tr("data.masukan_ada"), False: session.tr("data.masukan_hilang")}
        )
    )[["berkas", "kantor", "sumber_instansi", "dibaca", "ada"]].rename(
        columns={"berkas": session.tr("kolom.berkas"), "kantor": session.tr("kolom.kantor"),
                 "sumber_instansi": session.tr("kolom.sumber_instansi"),
                 "dibaca": session.tr("kolom.dibaca"), "ada": session.tr("data.masukan_status")}
    ),
    hide_index=True, width="stretch",
)  # fmt: skip
if shared is not None:  # loads go to the database through the ETL, not from here
    st.info(session.tr("data.masukan_db"))
elif len(inputs) > 1 and session.role() == "petugas":
    remove = st.selectbox(
        session.tr("data.masukan_pilih"), list(inputs.index),
        format_func=lambda i: str(inputs.loc[i, "berkas"]), key="ps_remove_input",
    )  # fmt: skip
    sure = st.checkbox(session.tr("data.masukan_yakin"), key="ps_remove_sure")
    if st.button(session.tr("data.masukan_hapus"), disabled=not sure):
        _run([], without=(Path(str(inputs.loc[remove, "path"])),))
elif len(inputs) == 1:
    st.caption(session.tr("data.masukan_terakhir"))

files = None
if shared is None:  # on a database an upload would rebuild only this machine's folder
    st.subheader(session.tr("data.unggah"))
    files = st.file_uploader(
        session.tr("data.unggah_bantuan"), type=["xlsx", "csv"], accept_multiple_files=True
    )
if files and st.button(session.tr("data.proses"), type="primary"):
    stored: list[Path] = []
    for f in files:
        try:
            stored.append(etl_runner.store_upload(ds.folder, f.name, f.getvalue(), man))
        except Exception as exc:
            st.error(f"{md_escape(f.name)}: {md_escape(exc)}")
    if stored:
        _run(stored)  # a failed run removes the stored files again

st.subheader(session.tr("formulir.judul"))
form_downloads(lambda: ds, "ps_data_formulir")

st.subheader(session.tr("data.templat"))
if st.button(session.tr("data.templat_buat")):
    from etl.sample.template import make_template

    with tempfile.TemporaryDirectory() as tmp:
        path = make_template(
            Path(tmp) / "templat_sosialisasi.xlsx",
            ds.desa[["kode", "nama", "jenis", "kecamatan_kode", "kecamatan"]],
        )
        st.download_button(
            session.tr("data.templat_unduh"),
            path.read_bytes(),
            file_name="templat_sosialisasi.xlsx",
            on_click="ignore",
        )
