"""The generated input workbooks: the synthetic sample and the empty template.

Both are what an officer's workbook looks like *before* the ETL reads it; nothing in the
pipeline (``io``, ``tools``, ``nodes``) imports this package.

- :mod:`etl.sample.workbook` — ``contoh_sosialisasi.xlsx``, the deterministic synthetic
  sample (``peta-sosialisasi sample``); its public API is re-exported here;
- :mod:`etl.sample.places` — geography and calendar of the sample (desa, sessions, dates);
- :mod:`etl.sample.sheets` — the three sheets (Kegiatan, Peserta, Laporan) as frames;
- :mod:`etl.sample.typos` — officer-style typing (case, prefixes, typos, date forms);
- :mod:`etl.sample.template` — the empty workbook with drop-down lists
  (``peta-sosialisasi template``); the sample reuses its layout and stable saving.
"""

from etl.sample.workbook import (
    DEFAULT_SEED,
    PERIOD_END,
    PERIOD_START,
    REAL_SESSION_ID,
    SAMPLE_FILENAME,
    Sample,
    build_sample,
    make_sample_workbook,
    write_sample_workbook,
)

__all__ = [
    "DEFAULT_SEED", "PERIOD_END", "PERIOD_START", "REAL_SESSION_ID", "SAMPLE_FILENAME",
    "Sample", "build_sample", "make_sample_workbook", "write_sample_workbook",
]  # fmt: skip
