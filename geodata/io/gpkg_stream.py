"""Write a GeoPackage layer by layer, optionally in a second process, and publish it
atomically.

GDAL holds Python's GIL while it writes, so a writer thread would stall the computation
it is meant to overlap. With ``background=True`` :class:`LayerStream` hands each
finished layer (pickled into a private folder next to the target) to a child process
that writes the layers, in the order they were handed over, through the same
:func:`geodata.io.gpkg.write_layer` as an in-process write: the file is the same either
way. :meth:`LayerStream.close` waits for the writing to end, lists the layers in the
order asked for, fsyncs the file and takes its sha256; only then is it renamed over the
target. A failure in either process, or the caller being killed, leaves the previous
target untouched and the temporaries gone.
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
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

import geopandas as gpd
import pandas as pd

from geodata.fetch import sha256_of
from geodata.io.gpkg import GeoPackageError, order_layers, write_layer
from geodata.io.gpkg_geometry import (
    GeometrySource,
    PreparedGeometry,
    geometry_source,
    prepare_geometry,
    write_layer_with_geometry,
)

_ROOT = Path(__file__).resolve().parents[2]


class LayerStream:
    """Context manager: ``put`` layers as they become ready, ``close`` to publish.

    >>> with LayerStream(out / "sosialisasi.gpkg") as stream:  # doctest: +SKIP
    ...     stream.put("desa", desa)
    ...     sha256, size = stream.close()

    ``background=False`` writes in this process (starting a second Python costs about a
    second, more than a small output takes to write).
    """

    def __init__(self, path: Path, *, background: bool = True) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".gpkg")
        os.close(fd)
        self._tmp = Path(name)
        self._tmp.unlink()  # GDAL must create the file itself
        self._closed = False
        self._count = 0
        self._child: _Child | None = _Child(self._tmp) if background else None
        self._writer = _Writer(self._tmp)

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
            _remove(self._tmp)

    def prepare_geometry(self, name: str, frame: gpd.GeoDataFrame, key: str) -> None:
        """Get the geometry of layer ``name`` ready now (rows keyed by ``frame[key]``);
        its attributes follow later with ``put(name, attributes, geometry_key=key)``."""
        self._hand_over({"prepare": name, "key": key}, frame[[key, frame.geometry.name]])

    def put(self, name: str, frame: pd.DataFrame, *, geometry_key: str | None = None) -> None:
        """Add ``frame`` as layer ``name``. With ``geometry_key`` the frame holds only the
        attributes, in the row order of the geometry prepared for ``name``. In the
        background mode this returns once the frame is handed over, before it is written."""
        self._hand_over({"layer": name, "key": geometry_key}, frame)

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
            raise GeoPackageError(_failure(_describe(what, exc))) from exc

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
            _remove(self._tmp)


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
    writer = _Writer(tmp)
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
        _reply(replies, {"ok": False, "error": _describe(layer, exc)})
    _remove(tmp)
    shutil.rmtree(handoff, ignore_errors=True)
    return 1


class _Writer:
    """Writes layers into the temporary file; keeps prepared geometries until their
    attributes arrive."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.prepared: dict[str, PreparedGeometry] = {}
        self.seconds: dict[str, float] = {}

    def handle(self, message: dict[str, Any], payload: Any) -> None:
        """A frame to write, or a geometry to keep (as WKB already, or a GeoDataFrame)."""
        start = time.perf_counter()
        if "prepare" in message:
            name = str(message["prepare"])
            source = payload
            if not isinstance(source, GeometrySource):
                source = geometry_source(payload, str(message["key"]))
            self.prepared[name] = prepare_geometry(source)
            return
        name, key = str(message["layer"]), message.get("key")
        if isinstance(payload, tuple):  # (attributes, GeometrySource) of a geometry layer
            attributes, source = payload
            write_layer_with_geometry(self.tmp, name, attributes, prepare_geometry(source))
        elif key is None:
            write_layer(self.tmp, name, payload)
        elif name not in self.prepared:
            raise GeoPackageError(f"geometri layer '{name}' belum disiapkan")
        else:
            write_layer_with_geometry(self.tmp, name, payload, self.prepared.pop(name), str(key))
        self.seconds[name] = round(time.perf_counter() - start, 3)


class _Child:
    """The writer process and the folder layers are handed over through."""

    def __init__(self, tmp: Path) -> None:
        self.target = tmp
        self.handoff = Path(tempfile.mkdtemp(dir=tmp.parent, prefix=f"{tmp.stem}.", suffix=".d"))
        self.log = (self.handoff / "penulis.log").open("w+", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(_python_path())}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "geodata.io.gpkg_stream", str(tmp), str(self.handoff)],
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
        payload: Any = frame
        if "prepare" in message:  # WKB travels lighter than geometry objects
            payload = geometry_source(frame, str(message["key"]))
        elif isinstance(frame, gpd.GeoDataFrame) and message.get("key") is None:
            geometry = frame.geometry.name
            payload = (pd.DataFrame(frame.drop(columns=geometry)), geometry_source(frame))
        pickled = self.handoff / f"{number:03d}.pkl"
        with pickled.open("wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._send({**message, "pickle": str(pickled)})

    def finish(self, order: list[str]) -> Published:
        try:
            for future in self.pending:
                future.result()
            self._send({"done": True, "order": order})
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.close()
            reply = self.proc.stdout.read().strip()
            code = self.proc.wait()
            result = json.loads(reply.splitlines()[-1]) if reply else {}
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
        assert self.proc.stdout is not None
        lines = self.proc.stdout.read().strip().splitlines()
        return str(json.loads(lines[-1]).get("error")) if lines else None

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


def _describe(layer: object, exc: Exception) -> str:
    return f"layer '{layer}': {type(exc).__name__}: {exc}"


def _failure(detail: str) -> str:
    return f"Gagal menulis GeoPackage: {detail or 'proses penulis berhenti tanpa pesan'}"


def _reply(replies: IO[str], message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


def _remove(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    Path(str(tmp) + "-journal").unlink(missing_ok=True)


def _python_path() -> list[str]:
    """The child imports this very code: the repository root first, then the parent's
    own ``PYTHONPATH``."""
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return [str(_ROOT), *inherited]


if __name__ == "__main__":
    sys.exit(serve(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdin, sys.stdout))
