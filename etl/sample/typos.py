"""Officer-style typing for the synthetic sample (:mod:`etl.sample`).

Values are written the way people type them: case, ``Desa``/``Kel.`` prefixes, missing
apostrophes, joined words, a few typos that still point at one desa, abbreviated
kecamatan, mixed date forms, ``5 orang``, comma decimals. Every function draws from the
generator it is given, in a fixed order, so the same seed gives the same text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

import numpy as np
from rapidfuzz import fuzz

from etl.sample.places import Geo
from etl.tools.names import name_key

# canonical role / report type -> how it gets typed (repeats make a form more likely)
ROLE_TYPED: Final = {
    "kepala desa": ("Kepala Desa", "Kepala Desa", "kepala desa", "Kades", "KADES"),
    "lurah": ("Lurah", "Lurah", "lurah", "LURAH"),
    "perangkat desa": ("Perangkat Desa", "Sekdes", "Kaur Pemerintahan", "Kepala Dusun"),
    "ketua RT": ("Ketua RT", "Ketua RT", "ketua RT", "Ketua Rt", "RT"),
    "ketua RW": ("Ketua RW", "Ketua RW", "ketua rw", "RW"),
    "tokoh masyarakat": ("Tokoh Masyarakat", "Tokoh Masyarakat", "Tomas"),
    "tokoh agama": ("Tokoh Agama", "Tokoh Agama", "Toga", "Pendeta"),
    "tokoh adat": ("Tokoh Adat", "Tokoh Adat", "Tua Adat"),
    "guru": ("Guru", "Guru", "Kepala Sekolah"),
    "calon pekerja migran": ("Calon PMI", "Calon Pekerja Migran", "CPMI", "calon TKI"),
    "warga": ("Warga", "Warga", "Masyarakat", "Pemuda"),
}
JENIS_TYPED: Final = {
    "dugaan TPPO": ("Dugaan TPPO", "Dugaan TPPO", "TPPO", "Dugaan perdagangan orang"),
    "PMI nonprosedural": ("PMI Nonprosedural", "PMI non prosedural", "PMI Non-Prosedural", "CPMI ilegal"),
    "WNA mencurigakan": ("WNA mencurigakan", "WNA Mencurigakan", "Orang asing mencurigakan"),
}  # fmt: skip
_ABBREV: Final = {
    "Selatan": "Sel.",
    "Timur": "Tim.",
    "Barat": "Bar.",
    "Utara": "Utr",
    "Tengah": "Tgh",
}


def typed_desa(geo: Geo, i: int, rng: np.random.Generator) -> str:
    """Desa ``i`` as typed: apostrophes dropped, words joined, rare safe typo, case,
    ``Desa``/``Kel.`` prefix, a trailing space."""
    name, jenis = str(geo.o.at[i, "nama"]), str(geo.o.at[i, "jenis"])
    r = rng.random(7)
    if "'" in name and r[0] < 0.4:
        name = name.replace("'", "")  # Oe'ekam -> Oeekam
    if " " in name and r[1] < 0.25:
        name = name[:1] + name[1:].replace(" ", "").lower()  # Oe Kefan -> Oekefan
    if r[2] < 0.02:
        name = _typo(geo, i, name, rng)
    name = name.lower() if r[3] < 0.08 else name.upper() if r[3] < 0.13 else name
    if r[4] < 0.15:
        prefixes = ("Kel. ", "Kelurahan ") if jenis == "kelurahan" else ("Desa ", "Ds. ")
        name = prefixes[int(r[5] * 2)] + name
    return name + (" " if r[6] > 0.98 else "")


def typed_kecamatan(name: str, rng: np.random.Generator) -> str:
    """Kecamatan as typed: case, ``Kec.`` prefix, abbreviated direction, apostrophes."""
    r = rng.random()
    if r < 0.08:
        return name.lower()
    if r < 0.12:
        return name.upper()
    if r < 0.19:
        return "Kec. " + name
    last = name.split()[-1]
    if r < 0.25 and last in _ABBREV:
        return name[: -len(last)] + _ABBREV[last]
    if r < 0.3 and ("'" in name or name == "Kot olin"):
        return {"KI'E": "Kie", "Kot olin": "Kot'olin"}.get(name, name.replace("'", ""))
    return name


def typed_date(day: date, rng: np.random.Generator) -> object:
    """A date as ``DD/MM/YYYY`` text, an Excel date, ``D/M/YYYY`` or ISO text."""
    r = rng.random()
    if r < 0.65:
        return day.strftime("%d/%m/%Y")
    if r < 0.85:
        return datetime(day.year, day.month, day.day)
    if r < 0.93:
        return f"{day.day}/{day.month}/{day.year}"
    return day.isoformat()


def typed_count(n: int, rng: np.random.Generator) -> object:
    """A count as a number, as text, padded with spaces or as ``5 orang``."""
    r = rng.random()
    return f"{n} orang" if r < 0.08 else f" {n} " if r < 0.12 else str(n) if r < 0.17 else n


def typed_coord(value: float, rng: np.random.Generator) -> object:
    """A coordinate as a number, as text, or as text with a decimal comma."""
    r = rng.random()
    return f"{value:.6f}".replace(".", ",") if r < 0.1 else f"{value:.6f}" if r < 0.15 else value


def _typo(geo: Geo, i: int, name: str, rng: np.random.Generator) -> str:
    """Drop one inner letter, only when the result still points at one desa clearly."""
    j = int(rng.integers(1, max(2, len(name) - 1)))
    typo = name[:j] + name[j + 1 :]
    key = name_key(typo)
    scores = np.array([fuzz.ratio(key, k) for k in geo.keys])
    own, scores[i] = scores[i], 0
    clear = own >= 90 and scores.max() <= own - 10 and key != geo.keys[i]
    return typo if clear and name[j].isalpha() else name
