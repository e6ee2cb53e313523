"""Count every form submission once, across overlapping exports and across runs.

KoboToolbox and ODK Central exports are cumulative: this week's export holds last week's
submissions again, possibly edited. :func:`prepare_form_rows` runs after reading (with
the official list at hand) and before validation:

* **one copy per submission** (``id_kiriman``): of several copies, the one with the most
  edits, else from the export with the latest submission time, else the file given last,
  is kept; the others go to review naming where the kept copy is (row conservation holds:
  read = accepted + review);
* **codes to names**: official kecamatan/desa codes get their official names (the code
  stays in ``kode_desa``, so matching is by code: ``cara_cocok = kode``);
* **review**: attendance from outside the kabupaten (the form's explicit choice), codes
  of an older form ``version`` that no longer exist, report points with poor GPS accuracy;
* **new / updated / unchanged**: each submission's content hash against the previous
  published version's ``kiriman`` table (id, hash; no personal data), which the run
  writes anew.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from etl.forms._ledger import KIRIMAN_COLUMNS, previous_submissions, submission_layer, summary
from etl.forms.fields import LUAR, LUAR_LABEL, form_version
from etl.schema import REVIEW_COLUMNS

if TYPE_CHECKING:
    from etl.io.readers import RawTable, ReadResult

__all__ = ["MAX_ACCURACY_M", "prepare_form_rows", "previous_submissions"]

MAX_ACCURACY_M: Final = 1000.0
"""A report point whose GPS accuracy is worse than this goes to review (a desa in TTS is a
few km across: beyond 1 km the point may well be in the neighbouring one)."""
REVIEW_OUT: Final = [*REVIEW_COLUMNS, "kecamatan_ketik", "desa_ketik"]
REJECTED: Final = frozenset(
    {"rejected", "not approved", "validation_status_not_approved", "tidak disetujui"}
)
"""Review states (case-insensitive) of a submission rejected on the platform."""


def prepare_form_rows(
    read: ReadResult, official: pd.DataFrame, previous: pd.DataFrame | None, *, kabupaten: str
) -> tuple[ReadResult, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """(``read`` with the form tables' kept rows, review rows, the ``kiriman`` layer, the
    manifest's ``formulir`` summary). Tables not read from a form export pass unchanged;
    without any, the summary is empty."""
    forms = [i for i, t in enumerate(read.tables) if "id_kiriman" in t.frame.columns]
    layer = pd.DataFrame({c: pd.Series(dtype=object) for c in KIRIMAN_COLUMNS})
    if not forms:
        return read, pd.DataFrame(columns=REVIEW_OUT), layer, {}
    current = form_version(official, kabupaten)
    tables = _with_parent_versions([read.tables[i] for i in forms])
    winners = _winning_copies(tables)
    rejected = _rejected(tables, winners[1])
    kept: list[pd.DataFrame] = []
    copies: list[pd.DataFrame] = []  # one copy of each submission, review rows included
    review: list[pd.DataFrame] = []
    reasons: dict[str, int] = {}
    for table, frame, loser_reason in zip(tables, *winners, strict=True):
        losers = loser_reason.notna()
        review.append(_review(table, frame[losers], loser_reason[losers]))
        copies.append(frame[~losers])
        ok, bad, why = _check_rows(table, frame[~losers], official, current, rejected)
        review.append(_review(table, bad, why))
        for text in [*loser_reason[losers], *why]:
            key = str(text).split(":", 1)[0]
            reasons[key] = reasons.get(key, 0) + 1
        kept.append(ok)
    new_tables = list(read.tables)
    for i, table, frame in zip(forms, tables, kept, strict=True):
        new_tables[i] = replace(table, frame=frame.reset_index(drop=True), read_rows=table.rows)
    layer = submission_layer(tables, copies)
    counts = summary(layer, previous, current, reasons, tables)
    out = pd.concat([r for r in review if len(r)] or [pd.DataFrame(columns=REVIEW_OUT)])
    return replace(read, tables=new_tables), out.reset_index(drop=True), layer, counts


def _with_parent_versions(tables: list[RawTable]) -> list[RawTable]:
    """Repeat rows without a form version take their submission's (from the main rows)."""
    versions = pd.concat(
        [t.frame[["id_kiriman", "versi_formulir"]] for t in tables if t.kind != "peserta"]
        or [pd.DataFrame(columns=["id_kiriman", "versi_formulir"])]
    ).dropna()
    by_id = versions.drop_duplicates("id_kiriman").set_index("id_kiriman")["versi_formulir"]
    out = []
    for table in tables:
        frame = table.frame
        missing = frame["versi_formulir"].isna()
        if table.kind == "peserta" and missing.any():
            frame = frame.assign(
                versi_formulir=frame["versi_formulir"].where(
                    ~missing, frame["id_kiriman"].map(by_id)
                )
            )
            table = replace(table, frame=frame)
        out.append(table)
    return out


# --- one copy per submission -------------------------------------------------------------------
def _winning_copies(tables: list[RawTable]) -> tuple[list[pd.DataFrame], list[pd.Series]]:
    """Per table: its frame and, per row, the reason it loses to another copy (or NA)."""
    fresh = _freshness(tables)
    parts = []
    for n, table in enumerate(tables):
        f = table.frame
        group = "peserta" if table.kind == "peserta" else table.kind
        parts.append(
            pd.DataFrame(
                {
                    "table": n, "row": np.arange(len(f)), "group": group,
                    "id": f["id_kiriman"], "edit": f["edit_ke"].fillna(0).astype(int),
                    "fresh": fresh[n],
                }
            )
        )  # fmt: skip
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[rows["id"].notna()]
    # Per (kind, submission): the best copy's table; peserta rows follow their table.
    copies = rows.groupby(["group", "id", "table"], as_index=False).agg(
        edit=("edit", "max"), fresh=("fresh", "first"), first=("row", "min")
    )
    copies = copies.sort_values(["group", "id", "edit", "fresh", "table"])
    best = copies.drop_duplicates(["group", "id"], keep="last").set_index(["group", "id"])["table"]
    rows["best"] = best.reindex(pd.MultiIndex.from_frame(rows[["group", "id"]])).to_numpy()
    # Within the best table a repeated main row (the same submission twice) keeps its last.
    main = rows["group"] != "peserta"
    dup = main & rows.duplicated(["group", "id", "table"], keep="last")
    lose = (rows["table"] != rows["best"]) | dup
    frames = [t.frame for t in tables]
    out: list[pd.Series] = [pd.Series(pd.NA, index=f.index, dtype=object) for f in frames]
    for n, row, ident, best_table in rows.loc[lose, ["table", "row", "id", "best"]].itertuples(
        index=False
    ):
        where = tables[int(best_table)]
        sheet = f", lembar '{where.sumber_lembar}'" if where.sumber_lembar else ""
        out[int(n)].iloc[int(row)] = (
            f"Kiriman ganda: kiriman {ident} juga ada di berkas '{where.sumber_file}'{sheet} "
            "(salinan yang lebih baru) dan dihitung sekali dari sana; berkas ekspor lama "
            "boleh dihapus"
        )
    return frames, out


def _freshness(tables: list[RawTable]) -> list[str]:
    """Per table: its latest submission time (ISO text sorts as time); a table without
    times (an ODK repeat CSV) takes that of the table sharing most of its submissions."""
    times = [
        str(t.frame["waktu_kiriman"].dropna().astype(str).max())
        if t.frame["waktu_kiriman"].notna().any()
        else ""
        for t in tables
    ]
    ids = [set(t.frame["id_kiriman"].dropna()) for t in tables]
    out = list(times)
    for n, time in enumerate(times):
        if not time:
            overlap = [(len(ids[n] & ids[m]), times[m]) for m in range(len(tables)) if times[m]]
            out[n] = max(overlap)[1] if overlap and max(overlap)[0] else ""
    return out


# --- codes, places, accuracy ----------------------------------------------------------------
def _rejected(tables: list[RawTable], losing: list[pd.Series]) -> set[str]:
    """Submissions whose kept copy a reviewer rejected on the platform (ODK Central
    ``ReviewState = rejected``, KoboToolbox "Not Approved")."""
    out: set[str] = set()
    for table, lose in zip(tables, losing, strict=True):
        state = table.frame["status_tinjauan"].fillna("").astype(str).str.casefold()
        hit = state.isin(REJECTED) & lose.isna().to_numpy()
        out |= set(table.frame.loc[hit, "id_kiriman"].dropna())
    return out


def _check_rows(
    table: RawTable,
    frame: pd.DataFrame,
    official: pd.DataFrame,
    current: str,
    rejected: set[str],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """(rows kept with official names, rows for review, their reasons)."""
    names = official.set_index("kode")["nama"].astype(str)
    kec_names = official.drop_duplicates("kecamatan_kode").set_index("kecamatan_kode")["kecamatan"]
    code = frame["kode_desa"]
    version = frame["versi_formulir"]
    why = pd.Series(None, index=frame.index, dtype=object)
    why[frame["id_kiriman"].isin(rejected)] = (
        "Kiriman ditolak: ditandai ditolak/tidak disetujui di KoboToolbox atau ODK Central; "
        "tidak dihitung (setujui dulu di sana bila keliru)"
    )
    if table.kind == "peserta":
        outside = frame["kecamatan"].isin([LUAR, LUAR_LABEL]) & why.isna()
        why[outside] = (
            "Desa asal di luar kabupaten: " + frame.loc[outside, "desa"].fillna("").astype(str)
            + "; tidak dihitung dalam cakupan kabupaten"
        )  # fmt: skip
    unknown = code.notna() & ~code.isin(names.index) & why.isna()
    old = unknown & version.notna() & (version != current)
    why[old] = (
        "Formulir versi lama: kode desa " + code[old].astype(str) + " dari formulir versi "
        + version[old].astype(str) + " tidak ada lagi di daftar resmi (versi sekarang "
        + current + "); pilih desa yang benar dan pakai formulir terbaru"
    )  # fmt: skip
    if table.kind == "laporan":
        accuracy = pd.to_numeric(frame["akurasi_m"], errors="coerce")
        poor = (accuracy > MAX_ACCURACY_M) & frame["lat"].notna() & why.isna()
        why[poor] = (
            "Titik GPS kurang akurat: ±" + accuracy[poor].round().astype(int).astype(str)
            + f" m (batas {MAX_ACCURACY_M:.0f} m); periksa lokasinya atau isi kecamatan dan desa"
        )  # fmt: skip
    bad = why.notna()
    ok = frame[~bad].copy()
    if table.kind == "kegiatan":  # a vague venue point is dropped; the chosen desa counts
        vague = pd.to_numeric(ok["akurasi_m"], errors="coerce") > MAX_ACCURACY_M
        ok.loc[vague, ["lat", "lon"]] = None
    known = ok["kode_desa"].isin(names.index)
    ok.loc[known, "desa"] = ok.loc[known, "kode_desa"].map(names)
    kec_known = ok["kecamatan"].isin(kec_names.index)
    ok.loc[kec_known, "kecamatan"] = ok.loc[kec_known, "kecamatan"].map(kec_names)
    return ok, frame[bad], list(why[bad])


def _review(table: RawTable, rows: pd.DataFrame, reasons: pd.Series | list[str]) -> pd.DataFrame:
    if not len(rows):
        return pd.DataFrame(columns=REVIEW_OUT)
    place = rows["kecamatan"].fillna("").astype(str), rows["desa"].fillna("").astype(str)
    ident = rows["id_kiriman"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "sumber_file": table.sumber_file,
            "sumber_lembar": table.sumber_lembar,
            "sumber_baris": rows["sumber_baris"].astype("int64").to_numpy(),
            "jenis_data": table.kind,
            "alasan": list(reasons),
            "nilai": (
                "kiriman=" + ident + "; kecamatan=" + place[0] + "; desa=" + place[1]
            ).to_numpy(),
            "kandidat": "",
            "kecamatan_ketik": place[0].to_numpy(),
            "desa_ketik": place[1].to_numpy(),
        }
    )
