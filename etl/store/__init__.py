"""Where the ETL's published outputs live: one interface, two stores.

- :class:`~etl.store.folder.FolderStore` — the output folder of today
  (``DIR/versi/<stamp>/sosialisasi.gpkg`` + ``manifest.json``, :mod:`etl.io.versions`).
  The default: nothing to install, one laptop.
- :class:`~etl.store.postgis.PostgisStore` — PostgreSQL + PostGIS, for one shared server
  (several officers, several kabupaten on one map). Same layers and fields, geometry in
  EPSG:4326 with spatial indexes, the manifest as a JSONB row; publishing is one
  transaction, so readers see the previous load or the new one, never half of one.

Both offer :meth:`Store.publish` (layers + manifest as the new current output),
:meth:`Store.read_outputs` (manifest + layers, what the dashboard and ``rencana`` read)
and :meth:`Store.read_layer`; the review log: :meth:`Store.record_decision` and
:meth:`Store.read_decisions` (append-only, :mod:`etl.store.review_log`).
:func:`open_store` picks one from a ``postgresql://`` URL or a folder;
:func:`chosen_database` reads ``--db`` or ``PETA_DB_URL``. Passwords come only from the
URL in the environment (or libpq's ``PGPASSWORD`` / ``~/.pgpass``) and are never
printed: :func:`mask_url` hides them in every message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import pandas as pd

from etl.io.contract import LAYER_NAMES, Manifest

if TYPE_CHECKING:
    from etl.tools.decisions import Decision

DB_ENV: Final = "PETA_DB_URL"
"""Environment variable naming the shared database (``postgresql://user:pw@host/db``)."""
_SCHEMES: Final = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^:@/]*:)(?P<pw>[^@/]*)(?P<tail>@.*)$", re.I)
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.I)


class StoreError(ValueError):
    """The store cannot be reached or read; the message (Indonesian) says what to fix and
    never shows a password."""


@dataclass(frozen=True)
class StoredOutputs:
    """One published output as a reader gets it: the typed manifest and the layers."""

    manifest: Manifest
    layers: Mapping[str, pd.DataFrame]
    location: str
    """Where it was read (a folder, or the database URL with the password masked)."""
    version: str
    """Changes whenever a new output is published (a cache key)."""
    fallback: str = ""
    """Why the current output is not the one read (damaged folder version), else ``""``."""
    extra: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Store(Protocol):
    """What the ETL publishes to and the dashboard and ``rencana`` read from."""

    @property
    def location(self) -> str:
        """Where the store is, safe to print (no password)."""
        ...

    def publish(
        self,
        layers: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, Any],
        boundaries: Sequence[Boundaries] = (),
    ) -> str:
        """Make ``layers`` + ``manifest`` the current output in one step; returns the
        new :attr:`StoredOutputs.version`."""
        ...

    def version(self) -> str:
        """The current output's version key (``""`` when nothing was published)."""
        ...

    def read_outputs(self, layers: Sequence[str] = LAYER_NAMES) -> StoredOutputs:
        """The current manifest and the named layers (those present), read together.
        ``FileNotFoundError`` when nothing was published yet."""
        ...

    def read_layer(self, name: str) -> pd.DataFrame:
        """One layer of the current output."""
        ...

    def record_decision(self, decision: Decision, official: pd.DataFrame | None = None) -> None:
        """Append one review decision (an alias, with its user; the store sets the time)
        to the store's append-only log, after :meth:`Decision.checked`."""
        ...

    def read_decisions(self) -> pd.DataFrame:
        """Every review decision in the order made
        (:data:`etl.tools.decisions.DECISION_COLUMNS`); later ones win as aliases."""
        ...


@dataclass(frozen=True)
class Boundaries:
    """The official boundaries a run used (one kabupaten build), for the database."""

    kabupaten: str
    gpkg: Path
    """The build, ``geodata/build/<kode>.gpkg``."""


def is_database_url(target: str | Path) -> bool:
    """True for ``postgresql://...`` / ``postgres://...``."""
    return isinstance(target, str) and target.lower().startswith(_SCHEMES)


def open_store(target: str | Path) -> Store:
    """The store at ``target``: a PostGIS database for a ``postgresql://`` URL, else the
    output folder ``target``."""
    if is_database_url(target):
        from etl.store.postgis import PostgisStore

        return PostgisStore(str(target))
    from etl.store.folder import FolderStore

    return FolderStore(Path(target))


def chosen_database(cli_value: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """The database URL asked for: ``--db`` first, else ``$PETA_DB_URL``; ``None`` for
    the folder store. A value that is not a ``postgresql://`` URL raises
    :class:`StoreError` (masked)."""
    value = cli_value or (os.environ if env is None else env).get(DB_ENV, "").strip() or None
    if value is not None and not is_database_url(value):
        raise StoreError(
            f"alamat basis data harus dimulai dengan postgresql://, bukan {mask_url(value)!r}"
        )
    return value


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (URL form and ``password=``)."""
    text = _PASSWORD_PARAM.sub(r"\1***", str(url))
    match = _PASSWORD.match(text)
    return f"{match['head']}***{match['tail']}" if match else text


def mask_secrets(message: str, url: str) -> str:
    """``message`` with the password of ``url`` (if any) hidden wherever it appears."""
    match = _PASSWORD.match(str(url))
    text = str(message)
    if match and match["pw"]:
        text = text.replace(match["pw"], "***")
    return text.replace(str(url), mask_url(url))


def decisions_fingerprint(aliases_path: Path | None, decisions: pd.DataFrame | None) -> str:
    """sha256 of the review decisions a run would apply: the bytes of the alias file
    ``aliases_path`` (when it exists) and ``decisions``, the decision log of the shared
    database as :meth:`Store.read_decisions` gives it (``None`` without one). Recorded in
    the manifest (``sidik_keputusan``), so a load of unchanged files still runs when
    decisions were made since the data was built."""
    import hashlib

    digest = hashlib.sha256()
    if aliases_path is not None and Path(aliases_path).is_file():
        digest.update(Path(aliases_path).read_bytes())
    if decisions is not None:
        digest.update(decisions.to_csv(index=False).encode("utf-8"))
    return digest.hexdigest()


def publish_published(
    store: Store,
    gpkg: Path,
    manifest_path: Path,
    boundaries: Sequence[Boundaries] = (),
    layers: Mapping[str, pd.DataFrame] | None = None,
) -> str:
    """Publish a pair the ETL has just written to its folder (``gpkg`` + the manifest
    at ``manifest_path``) into ``store`` as well, so the database holds exactly the
    GeoPackage's layers and fields. ``layers``: the frames the writer was given (still in
    memory); each is published as reading the GeoPackage would give it
    (:func:`etl.store.published.layers_as_read`: converted by the writer's and reader's
    rules, checked against the GeoPackage's schema, read back only where the rules do
    not cover it). Without ``layers``, every layer is read back from the GeoPackage."""
    from etl.io.contract import read_manifest
    from etl.store.published import layers_as_read
    from geodata.io.gpkg import list_layers, read_gpkg_layer

    present = set(list_layers(gpkg))
    names = [name for name in LAYER_NAMES if name in present]
    if layers is not None and set(names) <= set(layers):
        frames = layers_as_read(gpkg, {name: layers[name] for name in names})
    else:
        frames = {name: read_gpkg_layer(gpkg, name) for name in names}
    return store.publish(frames, read_manifest(manifest_path).to_json(), boundaries)
