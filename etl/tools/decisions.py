"""Review decisions: a typed place name resolved to an official desa code by a person.

One decision is one alias (kabupaten, kecamatan, typed name -> desa code) plus who made
it and when. Both stores keep them append-only and read them back in the order made as a
frame of :data:`DECISION_COLUMNS`: the folder store in ``aliases.csv``
(:mod:`etl.tools.aliases`), the database in ``peta.keputusan_tinjauan``
(:mod:`etl.store.review_log`). The ETL turns that frame into aliases with
:func:`aliases_from_decisions`: later decisions win, exactly as later lines of
``aliases.csv`` do. A log cannot be corrected in place, so a row whose code is malformed
or not in the official list is skipped with an Indonesian warning naming its id instead
of stopping every later load. Pure functions, no IO.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from etl.schema import DESA_CODE
from etl.tools.aliases import ALIAS_COLUMNS, merge_aliases

DECISION_COLUMNS: Final = (
    "id",
    "dibuat_pada",
    "dibuat_oleh",
    "kabupaten",
    "kecamatan",
    "nama_ketik",
    "desa_kode",
)
"""A store's decisions as read: ``id`` (database row id, or the line of ``aliases.csv``),
``dibuat_pada`` (UTC time), who, and the alias itself."""


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision: ``nama_ketik`` typed in ``kecamatan`` (may be blank) of
    ``kabupaten`` means the desa ``desa_kode``; ``dibuat_oleh`` is the logged-in user.
    The time is set by the store when it records the decision."""

    kabupaten: str
    kecamatan: str
    nama_ketik: str
    desa_kode: str
    dibuat_oleh: str

    def checked(self, official: pd.DataFrame | None = None) -> Decision:
        """The decision with its fields stripped, after the checks ``aliases.csv`` makes
        on an append: a typed name and a user, a Kepmendagri-shaped code inside
        ``kabupaten``, and (with ``official``, a ``kode`` column) a code in that list.
        Raises ``ValueError`` (Indonesian) saying what is wrong."""
        kab, kode = self.kabupaten.strip(), self.desa_kode.strip()
        if not self.nama_ketik.strip():
            raise ValueError("nama_ketik kosong; keputusan tidak disimpan")
        if not self.dibuat_oleh.strip():
            raise ValueError("dibuat_oleh (pengguna) kosong; keputusan tidak disimpan")
        if not DESA_CODE.match(kode) or not kode.startswith(kab + "."):
            raise ValueError(
                f"kode desa '{kode}' tidak berbentuk kode desa Kab. {kab} (contoh 53.02.01.1001)"
            )
        if official is not None and kode not in set(official["kode"].astype(str).str.strip()):
            raise ValueError(f"kode desa '{kode}' tidak ada di daftar resmi")
        return Decision(kab, self.kecamatan.strip(), self.nama_ketik.strip(), kode,
                        self.dibuat_oleh.strip())  # fmt: skip


def empty_decisions() -> pd.DataFrame:
    """A frame of :data:`DECISION_COLUMNS` without rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in DECISION_COLUMNS})
    return frame.astype({"id": "int64", "dibuat_pada": "datetime64[us, UTC]"})


def aliases_from_decisions(
    decisions: pd.DataFrame, official: pd.DataFrame, *, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """The aliases a log of decisions gives (columns of ``aliases.csv`` plus ``baris`` =
    the decision's id), one per (kabupaten, kecamatan, typed name), the latest winning;
    and one warning per decision skipped. ``official`` (``kode``) is the working area's
    list: a decision of one of its kabupaten (or with a blank kabupaten and a code of
    one) must name a code in it, as :func:`etl.tools.aliases.read_aliases` demands of a
    file. ``where`` names the log in the warnings (e.g. the database, password masked)."""
    missing = [c for c in DECISION_COLUMNS if c not in decisions.columns]
    if missing:
        raise ValueError(f"{where}: kolom keputusan tidak ada: {', '.join(missing)}")
    if "kode" not in official.columns:
        raise ValueError("official: kolom wajib tidak ada: kode")
    known = set(official["kode"].astype(str).str.strip())
    area = {code[:5] for code in known}
    rows = decisions.sort_values("id", kind="stable").reset_index(drop=True)
    text = {c: rows[c].fillna("").astype(str).str.strip() for c in ALIAS_COLUMNS[:5]}
    kept: list[int] = []
    warnings: list[str] = []
    for pos, (ident, kab, nama, kode) in enumerate(
        zip(rows["id"], text["kabupaten"], text["nama_ketik"], text["desa_kode"], strict=True)
    ):
        reason = ""
        if not nama:
            reason = "nama_ketik kosong"
        elif not DESA_CODE.match(kode):
            reason = f"kode desa '{kode}' tidak berbentuk kode Kepmendagri (contoh 53.02.01.1001)"
        elif (kab in area or (not kab and kode[:5] in area)) and kode not in known:
            reason = f"kode desa '{kode}' tidak ada di daftar resmi kabupaten {kab or kode[:5]}"
        if reason:
            warnings.append(f"{where}, keputusan id {ident}: {reason}; keputusan ini dilewati")
        else:
            kept.append(pos)
    stamps = pd.to_datetime(rows["dibuat_pada"], utc=True, errors="coerce")
    aliases = pd.DataFrame({
        **{c: text[c].to_numpy() for c in ALIAS_COLUMNS[:5]},
        "dibuat_pada": stamps.map(lambda t: "" if pd.isna(t) else t.isoformat()).to_numpy(),
        "baris": rows["id"].astype("int64").to_numpy(),
    }).iloc[kept]  # fmt: skip
    merged = merge_aliases([aliases])
    assert merged is not None
    return merged.astype({c: "str" for c in ALIAS_COLUMNS}), warnings
