"""An adversarial set of typed (kecamatan, desa) pairs with the desa a person would pick.

Built deterministically from the official list of the built reference (the same list the
ETL matches against) and the desa of the other kabupaten (issue 13, item B). Classes:

* ``mudah`` — plainly matchable: exact, case, ``Desa``/``Kec.`` prefixes, spaces, no
  kecamatan for a name unique in the kabupaten (recall);
* ``sulit`` — what a person places: a typo inside the typed kecamatan of a name that
  also exists elsewhere, ``0`` typed for ``O``, two neighbouring letters swapped, a
  letter doubled or undoubled, a name one edit from a desa of ANOTHER kabupaten typed
  with the kecamatan of the TTS desa, the venue's kecamatan typed for a name unique in
  the kabupaten (``kecamatan_lain``);
* ``ambigu`` — a person cannot decide: shared names without kecamatan (apostrophes
  optional: ``Kualeu`` vs ``Kuale'u``), shared names with a kecamatan holding none;
* ``tolak`` — junk and names of other kabupaten.

A typo counts as placeable only when no OTHER desa name of the typed kecamatan is within
two edits of it (else a person could not tell either); every typed key of ``sulit`` is
no official key, so the case is really hard.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA

from etl.tools.names import loose_key, name_key

COLUMNS = ("kelas", "kategori", "kecamatan", "desa", "kode", "cara")
_VOWELS = set("aeiou")
_JUNK = ("-", "?", "xxx", "tidak tahu", "Desa", "12345", "RT 05", "Kupang", "Atambua",
         "Jakarta", "n/a", "belum diisi", "Desa Baru Sekali", "qwerty", "Oeoeoeoe")  # fmt: skip


def build_cases(official: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """The set as a frame of :data:`COLUMNS` (``kode``/``cara`` empty: review expected)."""
    o = official.sort_values("kode", ignore_index=True)
    o = o.assign(key=o["nama"].map(name_key), loose=o["nama"].map(loose_key))
    count = o["key"].value_counts()
    rows: list[tuple[str, ...]] = []
    rows += _issue_examples(o)
    rows += _plain(o, count)
    rows += _hard(o, count)
    rows += _foreign_near(o, other)
    rows += _ambiguous(o, count)
    rows += _rejected(o, other)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.drop_duplicates(["kecamatan", "desa"], ignore_index=True)


# Spellings named in issue 13: (kecamatan, typed, expected official name, its kecamatan).
ISSUE_EXAMPLES = (
    ("Mollo Selatan", "Oinlsi", "Oinlasi", "Mollo Selatan"),
    ("Kolbano", "0etuke", "Oetuke", "Kolbano"),
    ("Kuatnana", "0'of", "O'of", "Kuatnana"),
    ("Nunkolo", "0P", "OP", "Nunkolo"),
    ("Amanuban Timur", "Oe'eakm", "Oe'Ekam", "Amanuban Timur"),
    ("Noebeba", "Oe'eakm", "Oe'ekam", "Noebeba"),
    ("Amanatun Selatan", "Nnule'u", "Nunle'u", "Amanatun Selatan"),
    ("Polen", "Ballu", "Balu", "Polen"),
    ("Noebana", "Fatumnsi", "Fatumnasi", "Noebana"),
    ("Kot olin", "Nunbna", "Nunbena", "Kot olin"),
    ("Amanatun Selatan", "Kualeu", "Kuale'u", "Amanatun Selatan"),
)


def _issue_examples(o: pd.DataFrame) -> list[tuple[str, ...]]:
    rows = [("ambigu", "contoh_isu", "", "Kualeu", "", "")]
    for kec, typed, nama, home in ISSUE_EXAMPLES:
        kode = o.loc[(o["nama"] == nama) & (o["kecamatan"] == home), "kode"]
        rows.append(("sulit", "contoh_isu", kec, typed, str(kode.iloc[0]), ""))
    return rows


def _plain(o: pd.DataFrame, count: pd.Series) -> list[tuple[str, ...]]:
    rows = []
    for e in o.itertuples():
        kec, nama, kode = str(e.kecamatan), str(e.nama), str(e.kode)
        rows += [
            ("mudah", "persis", kec, nama, kode, "exact"),
            ("mudah", "huruf_besar_kecil", kec.lower(), nama.upper(), kode, "exact"),
            ("mudah", "awalan", "Kec. " + kec, "Desa " + nama, kode, "exact"),
            (
                "mudah",
                "spasi",
                " " + kec + " ",
                "  " + nama.replace(" ", "  ") + " ",
                kode,
                "exact",
            ),
        ]
        if count[e.key] == 1:
            rows.append(("mudah", "tanpa_kecamatan", "", "Ds. " + nama.lower(), kode, "exact"))
    return rows


def _hard(o: pd.DataFrame, count: pd.Series) -> list[tuple[str, ...]]:
    rows = []
    official_keys = set(o["key"])
    for e in o.itertuples():
        kec, nama, kode = str(e.kecamatan), str(e.nama), str(e.kode)
        others = o.loc[(o["kecamatan_kode"] == e.kecamatan_kode) & (o["key"] != e.key), "key"]
        variants: list[tuple[str, str]] = []
        if count[e.key] > 1:
            variants += [("salah_ketik_nama_kembar", t) for t in _deletions(nama)[:2]]
        if "o" in nama.lower():
            i = nama.lower().index("o")
            variants.append(("angka_nol", nama[:i] + "0" + nama[i + 1 :]))
        variants += [("huruf_tertukar", t) for t in _swaps(nama)[:1]]
        variants += [("huruf_ganda", t) for t in _doublings(nama)[:2]]
        if len(e.key) >= 8:  # two letters left out of a long name
            variants += [("dua_huruf_hilang", t) for t in _deletions(_deletions(nama)[0])[:1]]
        for kategori, typed in variants:
            key = name_key(typed)
            apart = OSA.distance(key, e.key) + 1  # others must be further than the intended
            if key in official_keys or any(OSA.distance(key, k) <= apart for k in others):
                continue
            rows.append(("sulit", kategori, kec, typed, kode, ""))
        if count[e.key] == 1:  # the venue's kecamatan typed: the next kecamatan in the list
            groups = sorted(set(o["kecamatan"]))
            venue = groups[(groups.index(kec) + 1) % len(groups)]
            rows.append(("sulit", "kecamatan_tempat_kegiatan", venue, nama, kode, "kecamatan_lain"))
    return rows


def _foreign_near(o: pd.DataFrame, other: pd.DataFrame) -> list[tuple[str, ...]]:
    """Names of other kabupaten one edit (or only doubled letters) from a TTS desa, typed
    with that desa's kecamatan: the kecamatan makes the TTS desa obvious."""
    rows = []
    own = set(o["key"])
    for nama in sorted(set(other["nama"].astype(str))):
        key, loose = name_key(nama), loose_key(nama)
        if key in own or len(key) < 5:
            continue
        near = o[[OSA.distance(loose, str(k)) <= 1 for k in o["loose"]]]
        if len(near) == 1:
            e = near.iloc[0]
            kec_others = o.loc[
                (o["kecamatan_kode"] == e["kecamatan_kode"]) & (o["key"] != e["key"])
            ]
            if not any(OSA.distance(key, str(k)) <= 2 for k in kec_others["key"]):
                rows.append(("sulit", "nama_kabupaten_lain_mirip", str(e["kecamatan"]), nama,
                             str(e["kode"]), ""))  # fmt: skip
            # without a kecamatan nothing says which of the two desa was meant
            rows.append(("tolak", "nama_kabupaten_lain_mirip_tanpa_kecamatan", "", nama, "", ""))
    return rows


def _ambiguous(o: pd.DataFrame, count: pd.Series) -> list[tuple[str, ...]]:
    rows = []
    shared = o[o["key"].map(count) > 1]
    groups = sorted(set(o["kecamatan"]))
    for e in shared.itertuples():
        nama = str(e.nama)
        plain = nama.replace("'", "")
        rows += [
            ("ambigu", "nama_kembar_tanpa_kecamatan", "", nama, "", ""),
            ("ambigu", "nama_kembar_tanpa_kecamatan", "", plain.lower(), "", ""),
            ("ambigu", "nama_kembar_tanpa_kecamatan", "", "Desa " + plain.upper(), "", ""),
        ]
        rows += [
            ("ambigu", "salah_ketik_tanpa_kecamatan", "", t, "", "") for t in _deletions(nama)[:2]
        ]
        holders = set(shared.loc[shared["key"] == e.key, "kecamatan"])
        elsewhere = [g for g in groups if g not in holders][:2]
        rows += [("ambigu", "nama_kembar_kecamatan_lain", g, nama, "", "") for g in elsewhere]
    for _, members in o.groupby("kecamatan_kode"):  # one edit from two names of one kecamatan
        for a in members.itertuples():
            for b in members.itertuples():
                diff = [i for i, (x, y) in enumerate(zip(a.key, b.key, strict=False)) if x != y]
                if a.kode < b.kode and len(a.key) == len(b.key) and len(diff) == 2:
                    i = diff[0]
                    typed = a.key[:i] + b.key[i] + a.key[i + 1 :]
                    rows.append(
                        ("ambigu", "salah_ketik_dua_calon", str(a.kecamatan), typed.title(), "", "")
                    )
    return [r for r in rows if not ("'" in r[3] and _apostrophe_unique(o, r[3]))]


def _apostrophe_unique(o: pd.DataFrame, typed: str) -> bool:
    """A typed apostrophe that exactly one official spelling carries decides (not ambiguous)."""
    spelled = o["nama"].str.lower().str.replace(" ", "") == typed.lower().replace(" ", "")
    return int(spelled.sum()) == 1


def _rejected(o: pd.DataFrame, other: pd.DataFrame) -> list[tuple[str, ...]]:
    rng = np.random.default_rng(13)
    groups = sorted(set(o["kecamatan"]))
    rows = [
        ("tolak", "sampah", g, j, "", "") for j in _JUNK for g in ("", groups[len(j) % len(groups)])
    ]
    letters = np.array(list("abdefgiklmnoprstu"))
    for _ in range(80):
        word = "".join(rng.choice(letters, int(rng.integers(4, 11))))
        rows.append(("tolak", "sampah", str(rng.choice(["", *groups])), word.title(), "", ""))
    own_loose = list(o["loose"])
    names = sorted(set(other["nama"].astype(str)))
    for i in rng.choice(len(names), 300, replace=False).tolist():
        nama = names[i]
        loose = loose_key(nama)
        if any(OSA.distance(loose, k) <= 1 for k in own_loose):
            continue  # one edit from a TTS desa: see _foreign_near
        g = groups[i % len(groups)]
        rows += [("tolak", "nama_kabupaten_lain", "", nama, "", ""),
                 ("tolak", "nama_kabupaten_lain", g, nama, "", "")]  # fmt: skip
    return rows


def _deletions(nama: str) -> list[str]:
    """One inner letter left out (from the middle outwards)."""
    idx = [i for i in range(1, len(nama) - 1) if nama[i].isalpha() and nama[i - 1] != nama[i]]
    idx.sort(key=lambda i: abs(i - len(nama) // 2))
    return [nama[:i] + nama[i + 1 :] for i in idx]


def _swaps(nama: str) -> list[str]:
    """Two neighbouring inner letters swapped (from the middle outwards)."""
    idx = [i for i in range(1, len(nama) - 2)
           if nama[i].isalpha() and nama[i + 1].isalpha() and nama[i].lower() != nama[i + 1].lower()]  # fmt: skip
    idx.sort(key=lambda i: abs(i - len(nama) // 2))
    return [nama[:i] + nama[i + 1] + nama[i] + nama[i + 2 :] for i in idx]


def _doublings(nama: str) -> list[str]:
    """A doubled letter written once, or an inner consonant written twice."""
    out = [
        nama[:i] + nama[i + 1 :]
        for i in range(1, len(nama))
        if nama[i] == nama[i - 1] and nama[i].isalpha()
    ]
    out += [nama[:i] + nama[i] + nama[i:] for i in range(1, len(nama) - 1)
            if nama[i].isalpha() and nama[i].lower() not in _VOWELS
            and nama[i] not in (nama[i - 1], nama[i + 1])]  # fmt: skip
    return out
