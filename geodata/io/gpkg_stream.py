"""Write a GeoPackage layer by layer, optionally in a second process, and publish it
atomically (the writing itself: :mod:`geodata.io.gpkg_writer`).

GDAL holds Python's GIL while it writes, so a writer thread would stall the computation
it is meant to overlap. With ``background=True`` :class:`LayerStream` hands each
finished layer (pickled into a private folder next to the target) to a child process
that writes the layers, in the order they were handed over, through the same
:func:`geodata.io.gpkg.write_layer` as an in-process write: the layers are the same
either way (the process, made for large outputs, uses larger SQLite pages). A large
table goes over in parts that the writer appends, so it starts on the first while the
rest is pickled. :meth:`LayerStream.close` waits for the writing to end, lists the
layers in the order asked for, fsyncs the file and takes its sha256; only then is it
renamed over the target. A failure in either process, or the caller being killed,
leaves the previous target untouched and the temporaries gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

import geopandas as gpd
import pandas as pd

from geodata.io.gpkg import GeoPackageError, objects_as_text
from geodata.io.gpkg_writer import (
    Published,
    Writer,
    describe,
    finish_file,
    remove_temporary,
    wire_payload,
)

_ROOT = Path(__file__).resolve().parents[2]
PART_ROWS = 200_000
"""Rows per part when the background writer gets a large table in parts."""


class LayerStream:
    """Context manager: ``put`` layers as they become ready, ``close`` to publish.

    >>> with LayerStream(out / "sosialisasi.gpkg") as stream:  # doctest: +SKIP
    ...     stream.put("desa", desa)
    ...     sha256, size = stream.close()

    ``background=False`` writes in this process (starting a second Python costs about a
    second, more than a small output takes to write).
    """

    def __init__(self, path: Path, *, background: bool = True, part_rows: int = PART_ROWS) -> None:
        self.path = path
        self._part_rows = part_rows
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".gpkg")
        os.close(fd)
        self._tmp = Path(name)
        self._tmp.unlink()  # GDAL must create the file itself
        self._closed = False
        self._count = 0
        self._child: _Child | None = _Child(self._tmp) if background else None
        self._writer = Writer(self._tmp)

    def __enter__(self) -> LayerStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._closed:
            self._closed = True
            if self._child is not None:
                self._child.abort()
            remove_temporary(self._tmp)

    def prepare_geometry(self, name: str, frame: gpd.GeoDataFrame, key: str) -> None:
        """Get the geometry of layer ``name`` ready now (rows keyed by ``frame[key]``);
        its attributes follow later with ``put(name, attributes, geometry_key=key)``."""
        self._hand_over({"prepare": name, "key": key}, frame[[key, frame.geometry.name]])

    def put(
        self,
        name: str,
        frame: pd.DataFrame,
        *,
        geometry_key: str | None = None,
        append: bool = False,
    ) -> None:
        """Add ``frame`` as layer ``name``. With ``geometry_key`` the frame holds only the
        attributes, in the row order of the geometry prepared for ``name``. ``append``:
        add the rows of an attribute table to the layer ``name`` put before (same columns
        and types). In the background mode this returns once the frame is handed over,
        before it is written."""
        is_table = geometry_key is None and not isinstance(frame, gpd.GeoDataFrame)
        if append and not is_table:
            raise GeoPackageError(f"layer '{name}': hanya tabel tanpa geometri bisa disambung")
        if self._child is None or not is_table or len(frame) <= self._part_rows:
            self._hand_over({"layer": name, "key": geometry_key, "append": append}, frame)
            return
        # A large table goes over in parts, so the writer starts on the first while the
        # rest is still being pickled; text is converted once, so every part gets the
        # same field types.
        whole = objects_as_text(frame)
        for start in range(0, len(whole), self._part_rows):
            part = whole.iloc[start : start + self._part_rows]
            self._hand_over({"layer": name, "key": None, "append": append or start > 0}, part)

    def _hand_over(self, message: dict[str, Any], frame: pd.DataFrame) -> None:
        if self._closed:
            raise GeoPackageError(f"{self.path}: penulisan sudah ditutup.")
        self._count += 1
        if self._child is not None:
            self._child.hand_over(message, frame, self._count)
            return
        try:
            self._writer.handle(message, frame)
        except Exception as exc:  # the same message as from the background writer
            what = message.get("layer") or message.get("prepare")
            raise GeoPackageError(_failure(describe(what, exc))) from exc

    def close(self, order: Sequence[str] = ()) -> Published:
        """Wait until every layer is written, then rename the file over the target.
        ``order``: the order GIS software should list the layers in (default: as put)."""
        self._closed = True
        try:
            if self._child is not None:
                published = self._child.finish(list(order))
            else:
                published = finish_file(self._tmp, list(order), self._writer.seconds)
            os.replace(self._tmp, self.path)
            return published
        finally:
            remove_temporary(self._tmp)


class _Child:
    """The writer process and the folder layers are handed over through."""

    def __init__(self, tmp: Path) -> None:
        self.target = tmp
        self.handoff = Path(tempfile.mkdtemp(dir=tmp.parent, prefix=f"{tmp.stem}.", suffix=".d"))
        self.log = (self.handoff / "penulis.log").open("w+", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(_python_path())}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "geodata.io.gpkg_writer", str(tmp), str(self.handoff)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
            text=True,
            encoding="utf-8",
        )
        # Pickling (geometry to WKB) runs beside the caller's work; one worker keeps
        # the layers in the order they were put.
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="serah-layer")
        self.pending: list[Future[None]] = []

    def hand_over(self, message: dict[str, Any], frame: pd.DataFrame, number: int) -> None:
        for done in [f for f in self.pending if f.done()]:
            done.result()  # a failed hand-over surfaces at the next put
            self.pending.remove(done)
        self.pending.append(self.pool.submit(self._hand_over, message, frame, number))

    def _hand_over(self, message: dict[str, Any], frame: pd.DataFrame, number: int) -> None:
        payload = wire_payload(message, frame)  # WKB travels lighter than geometry objects
        pickled = self.handoff / f"{number:03d}.pkl"
        with pickled.open("wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._send({**message, "pickle": str(pickled)})

    def finish(self, order: list[str]) -> Published:
        try:
            for future in self.pending:
                future.result()
            self._send({"done": True, "order": order})
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            result = self._reply()
            code = self.proc.wait()
            if code != 0 or not result.get("ok"):
                raise GeoPackageError(self._failure(result.get("error")))
            seconds = {str(k): float(v) for k, v in result["seconds"].items()}
            return Published(str(result["sha256"]), int(result["size"]), seconds)
        finally:
            self._cleanup()

    def abort(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._cleanup()

    def _send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
        except OSError as exc:  # the writer died: report what it said
            self.proc.wait()
            raise GeoPackageError(self._failure(self._said())) from exc

    def _said(self) -> str | None:
        error = self._reply().get("error")
        return str(error) if error else None

    def _reply(self) -> dict[str, Any]:
        """The writer's reply (its JSON line with ``ok``), read as soon as it is sent,
        not at the writer's exit; lines anything else printed are skipped."""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with contextlib.suppress(json.JSONDecodeError):
                message = json.loads(line)
                if isinstance(message, dict) and "ok" in message:
                    return message
        return {}

    def _failure(self, error: object) -> str:
        self.log.flush()
        self.log.seek(0)
        return _failure(str(error) if error else self.log.read().strip()[-2000:])

    def _cleanup(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError):  # a dead writer's pipe
                    stream.close()
        self.log.close()
        shutil.rmtree(self.handoff, ignore_errors=True)


def _failure(detail: str) -> str:
    return f"Gagal menulis GeoPackage: {detail or 'proses penulis berhenti tanpa pesan'}"


def _python_path() -> list[str]:
    """The child imports this very code: the repository root first, then the parent's
    own ``PYTHONPATH``."""
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return [str(_ROOT), *inherited]
