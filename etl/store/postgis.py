"""The PostGIS store: the ETL's outputs in PostgreSQL + PostGIS (psycopg 3).

Schema ``peta``:

- ``muatan`` — one row per load: ``id``, ``dimuat`` (time), ``kabupaten``, ``manifest``
  (JSONB: the manifest the folder store writes as ``manifest.json``), ``lapisan`` (JSONB:
  per layer its columns and dtypes, so a load reads back exactly as published),
  ``terkini`` (the current load).
- one table per layer (``peta.desa``, ``peta.peserta``, ...; the GeoPackage's layers and
  fields) with ``muatan_id`` (references ``muatan``, rows go with their load) and
  ``_urutan`` (row order); geometry ``geometry(Geometry,4326)`` with a GIST index.
- ``batas_desa``, ``batas_kecamatan``, ``batas_kabupaten`` — the official boundaries of
  each kabupaten build, loaded once per build; ``batas_sumber`` records the build's
  sha256 and every source file (repository, commit, path, sha256).

Publishing is ONE transaction: take an advisory lock (two loads at once run one after
the other), insert the new load, copy every layer, delete the previous load, mark the
new one current, commit. A reader (one REPEATABLE READ, read-only transaction) sees the
previous load or the new one, never a mix; a load that fails or is killed leaves the
previous one as it was (PostgreSQL rolls the transaction back).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

import pandas as pd
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from etl.io.contract import LAYER_NAMES, Manifest, ManifestError
from etl.store import Boundaries, StoredOutputs, StoreError, mask_secrets, mask_url
from etl.store.tables import (
    GEOMETRY_SQL,
    ORDER_COLUMN,
    Column,
    check_name,
    copy_text,
    describe,
    rebuild,
)
from etl.tools.decisions import Decision

SCHEMA: Final = "peta"
LOCK_KEY: Final = 5302_0015
"""``pg_advisory_xact_lock`` key held by a load for its whole transaction."""
LOAD_LOCK_KEY: Final = 5302_0016
"""Session advisory lock held by an accumulating load from reading the input set to
publishing it (:mod:`etl.store.inputs`)."""
REVIEW_LOG_LOCK_KEY: Final = 5302_0017
"""``pg_advisory_xact_lock`` key held while the review log is created
(:mod:`etl.store.review_log`). The three keys are defined here together so they stay
distinct: two equal keys once made a load wait on itself."""
BOUNDARY_LAYERS: Final = ("desa", "kecamatan", "kabupaten")
_SQL_NAMES: Final = {
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
}
"""``format_type`` names of the types :func:`etl.store.tables.sql_type` spells shorter."""
_TABLES = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.muatan (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dimuat timestamptz NOT NULL DEFAULT clock_timestamp(),
    kabupaten text NOT NULL,
    manifest jsonb NOT NULL,
    lapisan jsonb NOT NULL,
    terkini boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX IF NOT EXISTS muatan_satu_terkini ON {SCHEMA}.muatan ((true)) WHERE terkini;
CREATE TABLE IF NOT EXISTS {SCHEMA}.batas_sumber (
    kabupaten text PRIMARY KEY,
    sha256 text NOT NULL,
    sumber jsonb NOT NULL,
    lapisan jsonb NOT NULL,
    dimuat timestamptz NOT NULL DEFAULT clock_timestamp()
);
"""


class PostgisStore:
    """Outputs in the PostGIS database at ``url`` (``postgresql://user@host:port/db``)."""

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        self.url = url
        self.connect_timeout = connect_timeout

    @property
    def location(self) -> str:
        """The URL with its password masked."""
        return mask_url(self.url)

    def open_connection(
        self, *, autocommit: bool = False, application_name: str = "peta-sosialisasi"
    ) -> psycopg.Connection[Any]:
        """A new connection (the caller closes it); :class:`StoreError`, password masked,
        when the server cannot be reached."""
        try:
            return psycopg.connect(
                self.url, autocommit=autocommit, connect_timeout=self.connect_timeout,
                application_name=application_name,
            )  # fmt: skip
        except psycopg.Error as exc:
            raise StoreError(
                f"basis data {self.location} tidak bisa dihubungi: "
                f"{mask_secrets(str(exc).strip(), self.url)}"
            ) from None

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[psycopg.Connection[Any]]:
        """A connection in one transaction (committed at the end of the block, rolled
        back on an error); readers get a REPEATABLE READ, read-only snapshot."""
        conn = self.open_connection()
        try:
            if read_only:
                conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                conn.read_only = True
            with conn:
                yield conn
        except psycopg.Error as exc:
            raise StoreError(
                f"basis data {self.location}: {mask_secrets(str(exc).strip(), self.url)}"
            ) from exc
        finally:
            conn.close()

    def publish(
        self,
        layers: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, Any],
        boundaries: Sequence[Boundaries] = (),
    ) -> str:
        """Load ``layers`` + ``manifest`` (and, once per build, the ``boundaries``) as the
        new current load, in one transaction; returns its version key."""
        payload = Manifest.from_json(manifest).to_json()  # checked before anything is sent
        recorded = {check_name(name): describe(frame) for name, frame in layers.items()}
        with self.connect() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            ensure_schema(conn)
            for name in layers:
                _prepare_table(conn, name, recorded[name], key="muatan_id")
            row = conn.execute(
                f"INSERT INTO {SCHEMA}.muatan (kabupaten, manifest, lapisan)"
                " VALUES (%s, %s, %s) RETURNING id, dimuat",
                (str(payload.get("kabupaten", "")), _json(payload), _json(recorded)),
            ).fetchone()
            assert row is not None
            load_id = int(row[0])
            for name, frame in layers.items():
                _copy(conn, name, frame, recorded[name], "muatan_id", load_id)
            for build in boundaries:  # each kabupaten of the area, once per build
                load_boundaries(conn, build)
            conn.execute(f"DELETE FROM {SCHEMA}.muatan WHERE id <> %s", (load_id,))
            conn.execute(f"UPDATE {SCHEMA}.muatan SET terkini = true WHERE id = %s", (load_id,))
        return _version(load_id, row[1])

    def version(self) -> str:
        """``db:<load id>:<time>`` of the current load; ``""`` when there is none."""
        with self.connect(read_only=True) as conn:
            if not _has_schema(conn):
                return ""
            row = conn.execute(f"SELECT id, dimuat FROM {SCHEMA}.muatan WHERE terkini").fetchone()
        return "" if row is None else _version(int(row[0]), row[1])

    def read_outputs(self, layers: Sequence[str] = LAYER_NAMES) -> StoredOutputs:
        """The current load's manifest and the named layers it has, from one snapshot."""
        with self.connect(read_only=True) as conn:
            row = None
            if _has_schema(conn):
                row = conn.execute(
                    f"SELECT id, dimuat, manifest, lapisan FROM {SCHEMA}.muatan WHERE terkini"
                ).fetchone()
            if row is None:
                raise FileNotFoundError(
                    f"Belum ada data di basis data {self.location}: jalankan dulu "
                    "'peta-sosialisasi etl BERKAS --out FOLDER --db ...'."
                )
            load_id, recorded = int(row[0]), row[3]
            frames = {
                name: _read_table(conn, name, recorded[name], "muatan_id", load_id)
                for name in layers
                if name in recorded
            }
        try:
            manifest = Manifest.from_json(row[2], source=f"manifest di {self.location}")
        except ManifestError as exc:
            raise StoreError(str(exc)) from None
        return StoredOutputs(
            manifest=manifest, layers=frames, location=self.location,
            version=_version(load_id, row[1]),
        )  # fmt: skip

    def read_layer(self, name: str) -> pd.DataFrame:
        """One layer of the current load; :class:`StoreError` when the load has none."""
        frames = self.read_outputs((name,)).layers
        if name not in frames:
            raise StoreError(f"Layer '{name}' tidak ada di basis data {self.location}.")
        return frames[name]

    def read_boundaries(self, kabupaten: str, layer: str = "desa") -> pd.DataFrame:
        """A boundary layer (``desa``, ``kecamatan``, ``kabupaten``) of one kabupaten as
        loaded from its build."""
        with self.connect(read_only=True) as conn:
            row = None
            if _has_schema(conn):
                row = conn.execute(
                    f"SELECT lapisan FROM {SCHEMA}.batas_sumber WHERE kabupaten = %s",
                    (kabupaten,),
                ).fetchone()
            if row is None or layer not in row[0]:
                raise FileNotFoundError(f"Batas wilayah {kabupaten} belum dimuat ke basis data.")
            return _read_table(conn, f"batas_{layer}", row[0][layer], "kabupaten", kabupaten)

    def boundary_sources(self) -> pd.DataFrame:
        """``kabupaten, sha256, sumber, dimuat`` of every boundary build loaded."""
        with self.connect(read_only=True) as conn:
            if not _has_schema(conn):
                return pd.DataFrame(columns=["kabupaten", "sha256", "sumber", "dimuat"])
            rows = conn.execute(
                f"SELECT kabupaten, sha256, sumber, dimuat FROM {SCHEMA}.batas_sumber"
                " ORDER BY kabupaten"
            ).fetchall()
        return pd.DataFrame(rows, columns=["kabupaten", "sha256", "sumber", "dimuat"])

    def record_decision(self, decision: Decision, official: pd.DataFrame | None = None) -> None:
        """Append a review decision to ``peta.keputusan_tinjauan`` (checked first; the
        server sets the time), :mod:`etl.store.review_log`."""
        from etl.store.review_log import record

        record(self, decision.checked(official))

    def read_decisions(self) -> pd.DataFrame:
        """Every review decision in the order made (empty before the first)."""
        from etl.store.review_log import read_log

        with self.connect(read_only=True) as conn:
            return read_log(conn)


def ensure_schema(conn: psycopg.Connection[Any]) -> None:
    """Create the extension (when allowed), the schema and the bookkeeping tables."""
    has_postgis = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
    if has_postgis is None:
        try:
            with conn.transaction():
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.Error as exc:
            raise StoreError(
                "ekstensi PostGIS belum ada di basis data dan tidak bisa dipasang oleh "
                f"pengguna ini ({str(exc).strip()}); minta admin menjalankan "
                "'CREATE EXTENSION postgis;' di basis data itu."
            ) from None
    conn.execute(_TABLES)
    from etl.store.review_log import ensure_log

    ensure_log(conn)  # the review log, append-only


def load_boundaries(conn: psycopg.Connection[Any], boundaries: Boundaries) -> bool:
    """Load the boundary build of one kabupaten unless this very build (same sha256) is
    loaded already; record its sources. Returns whether it loaded. Call it inside the
    load's transaction."""
    from etl.store.provenance import boundary_layers, build_sources
    from geodata.fetch import sha256_of

    digest = sha256_of(boundaries.gpkg)
    row = conn.execute(
        f"SELECT sha256 FROM {SCHEMA}.batas_sumber WHERE kabupaten = %s", (boundaries.kabupaten,)
    ).fetchone()
    if row is not None and row[0] == digest:
        return False
    frames = boundary_layers(boundaries.gpkg, BOUNDARY_LAYERS)
    recorded = {name: describe(frame) for name, frame in frames.items()}
    for name, frame in frames.items():
        table = f"batas_{name}"
        _prepare_table(conn, table, recorded[name], key="kabupaten")
        conn.execute(
            sql.SQL("DELETE FROM {} WHERE kabupaten = %s").format(_table(table)),
            (boundaries.kabupaten,),
        )
        _copy(conn, table, frame, recorded[name], "kabupaten", boundaries.kabupaten)
    conn.execute(
        f"INSERT INTO {SCHEMA}.batas_sumber (kabupaten, sha256, sumber, lapisan)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (kabupaten) DO UPDATE SET sha256 = EXCLUDED.sha256,"
        " sumber = EXCLUDED.sumber, lapisan = EXCLUDED.lapisan, dimuat = clock_timestamp()",
        (boundaries.kabupaten, digest, _json(build_sources(boundaries.kabupaten)), _json(recorded)),
    )
    return True


def _prepare_table(
    conn: psycopg.Connection[Any], name: str, columns: Sequence[Column], *, key: str
) -> None:
    """Create the table of a layer (or add the columns this load has that it lacks);
    a column whose type changed becomes text."""
    table = _table(name)
    key_sql = (
        f"muatan_id bigint NOT NULL REFERENCES {SCHEMA}.muatan (id) ON DELETE CASCADE"
        if key == "muatan_id"
        else "kabupaten text NOT NULL"
    )
    order = sql.Identifier(ORDER_COLUMN)
    create = sql.SQL("CREATE TABLE IF NOT EXISTS {} ({}, {} bigint NOT NULL, PRIMARY KEY ({}, {}))")
    conn.execute(create.format(table, sql.SQL(key_sql), order, sql.Identifier(key), order))
    existing = dict(
        conn.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            (f"{SCHEMA}.{name}",),
        ).fetchall()
    )
    for col in columns:
        ident, have = sql.Identifier(col["nama"]), existing.get(col["nama"])
        if have is None:
            conn.execute(
                sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(table, ident, sql.SQL(col["sql"]))
            )
            if col["sql"] == GEOMETRY_SQL:
                conn.execute(
                    sql.SQL("CREATE INDEX {} ON {} USING gist ({})").format(
                        sql.Identifier(f"{name}_{col['nama']}_gist"), table, ident
                    )
                )
        elif _SQL_NAMES.get(str(have), str(have)).replace(" ", "") != col["sql"].replace(" ", ""):
            if have != "text" and col["sql"] != GEOMETRY_SQL:
                conn.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} TYPE text USING {}::text").format(
                        table, ident, ident
                    )
                )
            col["sql"] = "text" if col["sql"] != GEOMETRY_SQL else col["sql"]


def _copy(
    conn: psycopg.Connection[Any],
    name: str,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    key: str,
    key_value: object,
) -> None:
    idents = [sql.Identifier(key), sql.Identifier(ORDER_COLUMN)]
    idents += [sql.Identifier(col["nama"]) for col in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(_table(name), sql.SQL(", ").join(idents))
    with conn.cursor().copy(statement) as copy:
        for chunk in copy_text(frame.reset_index(drop=True), columns, key_value):
            copy.write(chunk)


def _read_table(
    conn: psycopg.Connection[Any], name: str, columns: Sequence[Column], key: str, value: object
) -> pd.DataFrame:
    parts = [
        sql.SQL("ST_AsBinary({})").format(sql.Identifier(c["nama"]))
        if c["sql"] == GEOMETRY_SQL
        else sql.Identifier(c["nama"])
        for c in columns
    ]
    query = sql.SQL("SELECT {} FROM {} WHERE {} = %s ORDER BY {}").format(
        sql.SQL(", ").join(parts) if parts else sql.SQL("1"), _table(name),
        sql.Identifier(key), sql.Identifier(ORDER_COLUMN),
    )  # fmt: skip
    rows = conn.execute(query, (value,)).fetchall()
    if not columns:
        return pd.DataFrame(index=range(len(rows)))
    return rebuild(rows, columns)


def _has_schema(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.muatan",)).fetchone()
    return row is not None and row[0] is not None


def _table(name: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(check_name(name)))


def _json(value: Any) -> Jsonb:
    return Jsonb(value, dumps=lambda v: json.dumps(v, ensure_ascii=False, default=str))


def _version(load_id: int, when: Any) -> str:
    return f"db:{load_id}:{when.isoformat() if hasattr(when, 'isoformat') else when}"
