"""Fidelity of the desa matcher on the adversarial set (``tests/etl/tools/matching_cases.py``).

Run ``python -m tests.bench.matching_fidelity``: per class and category the rows, the
wrong automatic matches, the rows placed correctly and the rows sent to review, then the
score distributions behind each threshold of :mod:`etl.tools.matching` (the intended
desa's score for typos; the best score and fewest edits of junk and foreign names).
Figures, not timings: the test ``tests/etl/test_match_adversarial.py`` asserts the targets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from etl.tools.matching import match_village_names
from etl.tools.names import loose_key, name_key
from geodata.load import read_official_list, read_other_desa
from tests.etl.tools.matching_cases import build_cases

KABUPATEN = "53.02"


def load_cases(
    out_dir: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(cases, matcher result, official list, other kabupaten's desa) of the reference
    built in ``out_dir`` (default: the project's build folder, as the ETL reads it)."""
    official = read_official_list(KABUPATEN, out_dir)
    other = read_other_desa(KABUPATEN, out_dir)
    cases = build_cases(official, other)
    result = match_village_names(
        cases[["kecamatan", "desa"]], official, kabupaten=KABUPATEN, other_official=other
    )
    return cases, result, official, other


def score_cases(cases: pd.DataFrame, result: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``benar`` (placed in the expected desa, or in review when expected),
    ``salah`` (an automatic match other than the expected one), ``tinjau`` (in review)."""
    got = result["desa_kode"].astype(object).where(result["desa_kode"].notna(), "")
    expected = cases["kode"]
    return cases.assign(
        hasil=got.to_numpy(),
        cara_hasil=result["cara_cocok"].astype(object).where(result["cara_cocok"].notna(), ""),
        skor=result["skor_cocok"].to_numpy(),
        alasan=result["alasan"].to_numpy(),
        benar=(got == expected).to_numpy(),
        salah=((got != "") & (got != expected)).to_numpy(),
        tinjau=(got == "").to_numpy(),
    )


def summary(scored: pd.DataFrame) -> dict[str, float]:
    """The issue's four figures: wrong, recall (mudah), hard placed, ambiguous in review."""

    def share(kelas: str, column: str) -> float:
        part = scored[scored["kelas"] == kelas]
        return float(part[column].mean()) if len(part) else 1.0

    return {
        "salah": int(scored["salah"].sum()),
        "recall_mudah": share("mudah", "benar"),
        "sulit_ditempatkan": share("sulit", "benar"),
        "ambigu_ditinjau": share("ambigu", "tinjau"),
        "tolak_ditinjau": share("tolak", "tinjau"),
    }


def _distributions(scored: pd.DataFrame, official: pd.DataFrame) -> None:
    """Scores that justify the thresholds: intended desa of hard rows vs best of junk."""
    keys = sorted(set(official["nama"].map(name_key)))
    loose = sorted(set(official["nama"].map(loose_key)))
    typed = scored["desa"].map(name_key).tolist()
    ratio = process.cdist(typed, keys, scorer=fuzz.ratio, workers=-1).max(axis=1)
    edits = process.cdist(scored["desa"].map(loose_key).tolist(), loose,
                          scorer=OSA.distance, workers=-1).min(axis=1)  # fmt: skip
    frame = scored.assign(skor_terbaik=np.round(ratio, 1), suntingan_min=edits)
    bins = [0, 70, 80, 85, 88, 90, 95, 100.1]
    print("\nSebaran skor terbaik (fuzz.ratio pada kunci) per kelas:")
    cut = pd.cut(frame["skor_terbaik"], bins, right=False)
    print(pd.crosstab([frame["kelas"], frame["kategori"]], cut).to_string())
    print("\nSebaran suntingan minimum (OSA pada kunci longgar) per kelas:")
    print(
        pd.crosstab(
            [frame["kelas"], frame["kategori"]], frame["suntingan_min"].clip(upper=4)
        ).to_string()
    )


def main() -> int:
    cases, result, official, _ = load_cases()
    scored = score_cases(cases, result)
    table = scored.groupby(["kelas", "kategori"]).agg(
        baris=("benar", "size"),
        benar=("benar", "sum"),
        salah=("salah", "sum"),
        tinjau=("tinjau", "sum"),
    )
    print(table.to_string())
    print("\nRingkasan:", {k: round(v, 4) for k, v in summary(scored).items()})
    wrong = scored[scored["salah"]]
    if len(wrong):
        print("\nSalah cocok:")
        print(
            wrong[
                ["kategori", "kecamatan", "desa", "kode", "hasil", "cara_hasil", "skor"]
            ].to_string()
        )
    missed = scored[(scored["kelas"] == "sulit") & ~scored["benar"]]
    print(f"\nSulit yang ke tinjauan ({len(missed)}), contoh:")
    print(missed[["kategori", "kecamatan", "desa", "kode", "alasan"]].head(40).to_string())
    _distributions(scored, official)
    return 0


if __name__ == "__main__":
    sys.exit(main())
