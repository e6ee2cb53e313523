"""Where each record comes from: the name its input is known by (``sumber_file``) and the
columns ``kantor``, ``sumber_instansi``, ``sumber_sha256`` every record layer carries.

Several offices and agencies load into one store (issue 15), so two inputs may share a
file name ("laporan.xlsx" from Kanim Kupang and from Disnakertrans). A name is kept as
it is when it is unique; otherwise it says whose it is ("laporan.xlsx (Disnakertrans
TTS, Disnakertrans)"), and only two different files of one name from one source fall
back to their path, as before. Pure functions: no file is read here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from etl.tables import InputSource

SOURCE_COLUMNS: Final = ("kantor", "sumber_instansi", "sumber_sha256")
"""Appended to the record layers ``kegiatan``, ``peserta``, ``laporan``, ``tinjauan``."""


def source_labels(sources: Sequence[InputSource]) -> list[str]:
    """The ``sumber_file`` of each input, deterministic and distinct per distinct file:
    its name; with the office and agency when two inputs of different sources share the
    name; the path as given when two different files of one source share it."""
    files: dict[str, set[str]] = {}
    owners: dict[tuple[str, str, str], set[str]] = {}
    for src in sources:
        key = _file_key(src)
        files.setdefault(src.nama, set()).add(key)
        owners.setdefault((src.nama, src.kantor, src.sumber_instansi), set()).add(key)
    labels = []
    for src in sources:
        if len(files[src.nama]) == 1:
            labels.append(src.nama)
        elif len(owners[(src.nama, src.kantor, src.sumber_instansi)]) == 1:
            labels.append(f"{src.nama} ({src.kantor}, {src.sumber_instansi})")
        else:
            labels.append(str(src.path))
    return labels


def source_table(
    sources: Sequence[InputSource], labels: Sequence[str], hashes: Mapping[str, str]
) -> pd.DataFrame:
    """One row per ``sumber_file`` read: its ``kantor``, ``sumber_instansi`` and
    ``sumber_sha256`` (``hashes``: label -> sha256, as :class:`~etl.io.readers.ReadResult`
    gives them; a file skipped as a duplicate has none and no rows)."""
    rows = {
        label: (src.kantor, src.sumber_instansi, hashes[label])
        for src, label in zip(sources, labels, strict=True)
        if label in hashes
    }
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=list(SOURCE_COLUMNS), dtype="str"
    ).rename_axis("sumber_file")


def with_source_columns(layer: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``layer`` (a new frame) with the columns of :func:`source_table` appended, looked
    up by its ``sumber_file``; ``""`` for a row of no input (none expected). The few
    files are looked up once and their values gathered by code: three ``Series.map``
    per layer took 0.34 s on the national bench's million attendance rows, this 0.12 s."""
    if "sumber_file" not in layer.columns:
        raise ValueError("layer tanpa kolom sumber_file: sumber rekaman tidak bisa dicatat")
    codes, files = pd.factorize(layer["sumber_file"], use_na_sentinel=False)
    found = table.reindex(pd.Index(files, dtype=object)).fillna("")
    return layer.assign(
        **{
            column: pd.Series(
                pd.array(found[column].to_numpy(dtype=object), dtype="str").take(codes),
                index=layer.index,
            )
            for column in SOURCE_COLUMNS
        }
    )


def _file_key(src: InputSource) -> str:
    return os.path.normcase(os.path.abspath(src.path))


def separate_shared_ids(
    valid: Mapping[str, pd.DataFrame], table: pd.DataFrame, *, shown: int = 10
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Session and report ids used by more than one source (office and agency) made
    distinct, in the accepted ``kegiatan``, ``peserta`` and ``laporan`` rows.

    An id means something only within the source that wrote it: "K001" of Polres TTS and
    "K001" of Kanim Kupang are two sessions, "L001" of each two reports. Joined and
    counted by the bare id they would become one (the second office's participants given
    the first one's date and venue, its report dropped as a duplicate). So for an id
    several sources use, each source's rows get ``"K001 (kantor, instansi)"`` (session
    ids in ``kegiatan`` and ``peserta``, report ids in ``laporan``; copies of the frames,
    other ids stay as typed), and one Indonesian warning per kind lists the ids. A
    repeated id within one source stays a duplicate (its later rows go to review).
    """
    out = dict(valid)
    warnings: list[str] = []
    owner = (table["kantor"] + ", " + table["sumber_instansi"]).rename("pemilik")
    for column, owners_of, users, label in (
        ("id_kegiatan", "kegiatan", ("kegiatan", "peserta"), "ID kegiatan"),
        ("id_laporan", "laporan", ("laporan",), "Nomor laporan"),
    ):
        shared = _shared(out.get(owners_of), column, owner)
        if shared.empty:
            continue
        for kind in users:
            out[kind] = _qualify(out[kind], column, set(shared.index), owner)
        listed = "; ".join(f"{i}: {' / '.join(w)}" for i, w in shared.iloc[:shown].items())
        more = f" dan {len(shared) - shown} lainnya" if len(shared) > shown else ""
        warnings.append(
            f"{label} dipakai lebih dari satu kantor/instansi ({listed}{more}); dihitung "
            "terpisah per kantor, dengan nama kantor di belakang ID, mis. "
            f"'{shared.index[0]} ({shared.iloc[0][0]})'. Beri ID awalan kode kantor agar "
            "tidak bertabrakan."
        )
    return out, warnings


def _shared(frame: pd.DataFrame | None, column: str, owner: pd.Series) -> pd.Series:
    """Ids of ``column`` that rows of more than one owner use -> the owners, sorted."""
    if frame is None or frame.empty or column not in frame.columns:
        return pd.Series(dtype=object)
    files = frame["sumber_file"]
    if files.nunique() < 2:  # one input: nothing to share
        return pd.Series(dtype=object)
    ids = frame[column].astype(str).str.strip()
    pairs = pd.DataFrame({"id": ids, "who": files.map(owner)}).dropna().drop_duplicates()
    several = pairs["id"].duplicated(keep=False)  # vectorised first: sessions run to 10^5
    return pairs[several].groupby("id", sort=True)["who"].agg(sorted)


def _qualify(frame: pd.DataFrame, column: str, shared: set[str], owner: pd.Series) -> pd.DataFrame:
    if frame.empty or column not in frame.columns:
        return frame
    out = frame.copy()
    bare = frame[column].astype(str).str.strip()
    mine = frame["sumber_file"].map(owner)
    hit = bare.isin(shared) & mine.notna()
    out.loc[hit, column] = bare[hit] + " (" + mine[hit] + ")"
    return out
