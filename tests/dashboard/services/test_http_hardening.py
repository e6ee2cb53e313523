"""The hardening middleware on a tiny ASGI app (the real server is in e2e/)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from dashboard.services.http_hardening import (
    SECURITY_HEADERS,
    SecurityMiddleware,
    is_blocked_path,
    origin_allowed,
)


async def _inner(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        return
    headers = [(b"content-type", b"text/plain"), (b"x-frame-options", b"DENY")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"isi"})


def _call(scope: dict[str, Any], origin_hosts: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    # a thread of its own: Playwright's sync API (browser tests in the same pytest run)
    # leaves an event loop running in the main thread, where asyncio.run would refuse
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            asyncio.run, SecurityMiddleware(_inner, origin_hosts)(scope, receive, send)
        ).result()
    return sent


@pytest.mark.parametrize(
    ("path", "blocked"),
    [
        ("/_stcore/metrics", True),
        ("/_stcore/metrics/", True),
        ("//_stcore///metrics", True),
        ("/peta/_stcore/metrics", True),  # behind server.baseUrlPath
        ("/_STCORE/METRICS", True),
        ("/_stcore/health", False),
        ("/metrics", False),
        ("/app/static/metrics.js", False),
    ],
)
def test_blocked_paths(path: str, blocked: bool) -> None:
    assert is_blocked_path(path) is blocked


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (None, "10.0.0.5:8501", True),  # not a browser
        ("http://10.0.0.5:8501", "10.0.0.5:8501", True),  # same origin
        ("http://LOCALHOST:8501", "127.0.0.1:8501", True),
        ("http://penyerang.example", "10.0.0.5:8501", False),
        ("http://10.0.0.5:8501.penyerang.example", "10.0.0.5:8501", False),
        ("http://peta.kantor", "127.0.0.1:8501", True),  # configured server address
        ("null", "10.0.0.5:8501", False),  # sandboxed iframe elsewhere
    ],
)
def test_websocket_origins(origin: str | None, host: str, allowed: bool) -> None:
    assert origin_allowed(origin, host, ["peta.kantor"]) is allowed


def test_headers_added_without_overriding_the_apps_own() -> None:
    sent = _call({"type": "http", "path": "/", "headers": []})
    headers = dict(sent[0]["headers"])
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"isi"
    assert headers[b"x-frame-options"] == b"DENY"  # the stricter answer of the app stays
    for name, value in SECURITY_HEADERS[1:]:
        assert headers[name.lower().encode()] == value.encode()


def test_metrics_answer_404_with_headers() -> None:
    sent = _call({"type": "http", "path": "/_stcore/metrics", "headers": []})
    assert sent[0]["status"] == 404
    assert (b"x-content-type-options", b"nosniff") in sent[0]["headers"]


def test_foreign_websocket_closed_before_the_app_sees_it() -> None:
    foreign = [(b"host", b"10.0.0.5:8501"), (b"origin", b"http://penyerang.example")]
    assert _call({"type": "websocket", "path": "/_stcore/stream", "headers": foreign}) == [
        {"type": "websocket.close", "code": 1008}
    ]
    own = [(b"host", b"10.0.0.5:8501"), (b"origin", b"http://10.0.0.5:8501")]
    sent = _call({"type": "websocket", "path": "/_stcore/stream", "headers": own})
    assert sent == [{"type": "websocket.accept"}]
