"""The folder store: today's output folder, behind the :class:`~etl.store.Store` interface.

Publishing writes a new version ``DIR/versi/<stamp>/`` (``sosialisasi.gpkg`` +
``manifest.json``) and switches ``DIR/terkini.txt`` (:mod:`etl.io.output`,
:mod:`etl.io.versions`); reading goes through :func:`etl.io.versions.read_outputs`, with
its fallback to the newest consistent earlier version. Nothing to install.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from etl.io.contract import LAYER_NAMES, ManifestError
from etl.io.output import write_outputs
from etl.io.versions import current_dir, read_outputs, version_key
from etl.store import Boundaries, StoredOutputs, StoreError
from etl.tools.aliases import append_alias, read_alias_rows
from geodata.io.gpkg import GeoPackageError, list_layers, read_gpkg_layer

if TYPE_CHECKING:
    from etl.tools.decisions import Decision

ALIAS_FILE = "aliases.csv"
"""The folder's review log: append-only, with user and time (:mod:`etl.tools.aliases`)."""


class FolderStore:
    """Outputs in the folder ``folder`` (the ETL's ``--out``, the dashboard's ``--data``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def location(self) -> str:
        """The folder, as given."""
        return str(self.folder)

    def publish(
        self,
        layers: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, Any],
        boundaries: Sequence[Boundaries] = (),
    ) -> str:
        """Write ``layers`` + ``manifest`` as the new current version (holding the
        folder's lock); the boundaries stay in their build file, so ``boundaries`` is
        not copied."""
        write_outputs(self.folder, layers, dict(manifest))
        return self.version()

    def version(self) -> str:
        """The pointer and the current pair's mtime and size (``""`` if none)."""
        return version_key(self.folder) if current_dir(self.folder) is not None else ""

    def read_outputs(self, layers: Sequence[str] = LAYER_NAMES) -> StoredOutputs:
        """The current pair (or the newest consistent earlier one) with the named layers
        present in its GeoPackage. ``FileNotFoundError`` when the folder or its output
        does not exist; :class:`StoreError` when what is there cannot be read."""
        if not self.folder.is_dir():
            raise FileNotFoundError(
                f"folder data tidak ditemukan: {self.folder}. Jalankan dulu 'peta-sosialisasi etl'."
            )
        version = self.version()
        try:
            outputs = read_outputs(self.folder)
        except ManifestError as exc:
            raise StoreError(str(exc)) from None
        try:
            present = set(list_layers(outputs.gpkg)) if layers else set()
            frames = {n: read_gpkg_layer(outputs.gpkg, n) for n in layers if n in present}
        except GeoPackageError as exc:
            raise StoreError(f"{exc} Jalankan ETL lagi.") from None
        except Exception as exc:  # GDAL/pyogrio raise many types for corrupt files
            raise StoreError(
                f"{outputs.gpkg} rusak atau tidak terbaca; jalankan ETL lagi. ({exc})"
            ) from None
        return StoredOutputs(
            manifest=outputs.manifest,
            layers=frames,
            location=str(outputs.gpkg),
            version=version,
            fallback=outputs.fallback,
        )

    def read_layer(self, name: str) -> pd.DataFrame:
        """One layer of the current pair; :class:`StoreError` when it is not there."""
        frames = self.read_outputs((name,)).layers
        if name not in frames:
            raise StoreError(f"Layer '{name}' tidak ada di {self.folder}; jalankan ETL lagi.")
        return frames[name]

    def record_decision(self, decision: Decision, official: pd.DataFrame | None = None) -> None:
        """Append a review decision to ``DIR/aliases.csv`` (checked first, against
        ``official`` too: :meth:`Decision.checked`; the time is now, UTC), holding the
        file's lock (:func:`etl.tools.aliases.append_alias`)."""
        checked = decision.checked(official)
        append_alias(
            self.folder / ALIAS_FILE, kabupaten=checked.kabupaten, kecamatan=checked.kecamatan,
            nama_ketik=checked.nama_ketik, desa_kode=checked.desa_kode,
            user=checked.dibuat_oleh,
        )  # fmt: skip

    def read_decisions(self) -> pd.DataFrame:
        """Every line of ``DIR/aliases.csv`` as a decision (``id`` = its line), in file
        order (:data:`etl.tools.decisions.DECISION_COLUMNS`)."""
        from etl.tools.decisions import DECISION_COLUMNS, empty_decisions

        rows, _ = read_alias_rows(self.folder / ALIAS_FILE)
        if rows.empty:
            return empty_decisions()
        stamps = pd.to_datetime(rows["dibuat_pada"], utc=True, errors="coerce", format="ISO8601")
        return rows.rename(columns={"baris": "id"}).assign(dibuat_pada=stamps)[
            list(DECISION_COLUMNS)
        ]
