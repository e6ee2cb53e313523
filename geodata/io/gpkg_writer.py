"""The GeoPackage writer: writes handed-over layers into a temporary file, in order.

Runs inside :class:`geodata.io.gpkg_stream.LayerStream` (small outputs) or as its own
process (``python -m geodata.io.gpkg_writer TMP HANDOFF``): one JSON message per line on
standard input names a pickled frame (or a layer geometry to keep until its attributes
arrive; ``append``: rows to add to a table written before); ``done`` finishes the file
and the reply on standard output gives its sha256. The process writes its files with
:data:`LARGE_PAGE_SIZE` pages.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, NamedTuple

import geopandas as gpd
import pandas as pd
import pyogrio

from geodata.fetch import sha256_of
from geodata.io.gpkg import GeoPackageError, order_layers, write_layer
from geodata.io.gpkg_geometry import (
    GeometrySource,
    PreparedGeometry,
    geometry_source,
    prepare_geometry,
    write_layer_with_geometry,
)

LARGE_PAGE_SIZE = 65536
"""SQLite page size of the files the background writer makes (SQLite's largest)."""


class Published(NamedTuple):
    """A published GeoPackage: its sha256, size in bytes, and the seconds spent writing
    each layer (``penyelesaian``: ordering, fsync and hashing)."""

    sha256: str
    size: int
    seconds: dict[str, float]


def finish_file(tmp: Path, order: list[str], seconds: dict[str, float]) -> Published:
    """Order the layers, fsync, and hash a fully written file."""
    start = time.perf_counter()
    if not tmp.exists():
        raise GeoPackageError("tidak ada layer yang ditulis")
    if order:
        order_layers(tmp, order)
    with tmp.open("rb+") as fh, ThreadPoolExecutor(max_workers=1) as flush:
        synced = flush.submit(os.fsync, fh.fileno())  # disk write beside the hashing
        sha256 = sha256_of(tmp)
        synced.result()
    timings = {**seconds, "penyelesaian": round(time.perf_counter() - start, 3)}
    return Published(sha256, tmp.stat().st_size, timings)


def serve(tmp: Path, handoff: Path, commands: IO[str], replies: IO[str]) -> int:
    """The child's loop: write each handed-over layer in order; on ``done`` finish the
    file and reply with its sha256. End of input without ``done``, or the caller gone
    (killed: its queued layers are not written), removes the temporary file and the
    handoff folder."""
    layer: object = None
    parent = os.getppid()
    # This process writes only large outputs: SQLite's largest pages store the polygon
    # and attendance tables faster and smaller (small in-process outputs keep the
    # default pages, which keep them compact).
    pyogrio.set_gdal_config_options({"OGR_SQLITE_PRAGMA": f"page_size={LARGE_PAGE_SIZE}"})
    writer = Writer(tmp)
    try:
        for line in commands:
            if os.getppid() != parent:
                break
            message = json.loads(line)
            layer = message.get("layer") or message.get("prepare")
            if message.get("done"):
                order = [str(n) for n in message.get("order", [])]
                done = finish_file(tmp, order, writer.seconds)
                _reply(replies, {"ok": True, **done._asdict()})
                return 0
            pickled = Path(message["pickle"])
            with pickled.open("rb") as fh:
                frame = pickle.load(fh)
            pickled.unlink()
            writer.handle(message, frame)
    except Exception as exc:  # every failure goes back to the caller as a message
        _reply(replies, {"ok": False, "error": describe(layer, exc)})
    remove_temporary(tmp)
    shutil.rmtree(handoff, ignore_errors=True)
    return 1


class Writer:
    """Writes layers into the temporary file; keeps prepared geometries until their
    attributes arrive."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.prepared: dict[str, PreparedGeometry] = {}
        self.seconds: dict[str, float] = {}

    def handle(self, message: dict[str, Any], payload: Any) -> None:
        """A frame to write, or a geometry to keep; frames and geometries may come as
        they are or already split by :func:`wire_payload` (the background writer)."""
        start = time.perf_counter()
        payload = wire_payload(message, payload)
        if "prepare" in message:
            self.prepared[str(message["prepare"])] = prepare_geometry(payload)
            return
        name, key = str(message["layer"]), message.get("key")
        if isinstance(payload, tuple):  # (attributes, GeometrySource) of a geometry layer
            attributes, source = payload
            write_layer_with_geometry(self.tmp, name, attributes, prepare_geometry(source))
        elif key is None:
            write_layer(self.tmp, name, payload, append=bool(message.get("append")))
        elif name not in self.prepared:
            raise GeoPackageError(f"geometri layer '{name}' belum disiapkan")
        else:
            write_layer_with_geometry(self.tmp, name, payload, self.prepared.pop(name), str(key))
        elapsed = time.perf_counter() - start  # summed over the parts of one layer
        self.seconds[name] = round(self.seconds.get(name, 0.0) + elapsed, 3)


def wire_payload(message: dict[str, Any], payload: Any) -> Any:
    """What :class:`Writer` works from: a geometry to prepare as its WKB
    (:class:`GeometrySource`), a geometry layer as (attributes, WKB), other frames as
    they are. Done before the hand-over in the background mode, so WKB travels instead of
    geometry objects, and by the writer itself otherwise: one path either way."""
    if "prepare" in message:
        if isinstance(payload, GeometrySource):
            return payload
        return geometry_source(payload, str(message["key"]))
    if isinstance(payload, gpd.GeoDataFrame) and message.get("key") is None:
        geometry = payload.geometry.name
        return pd.DataFrame(payload.drop(columns=geometry)), geometry_source(payload)
    return payload


def describe(layer: object, exc: Exception) -> str:
    return f"layer '{layer}': {type(exc).__name__}: {exc}"


def _reply(replies: IO[str], message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


def remove_temporary(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    Path(str(tmp) + "-journal").unlink(missing_ok=True)


if __name__ == "__main__":
    code = serve(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdin, sys.stdout)
    sys.stdout.flush()
    sys.stderr.flush()
    # The file is complete and the caller has its reply: leave without the
    # interpreter's teardown (freeing every layer held), which the caller would
    # otherwise wait for; multiprocessing's children end the same way.
    os._exit(code)
