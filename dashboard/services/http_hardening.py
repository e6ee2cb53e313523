"""HTTP hardening around the Streamlit server: a plain ASGI middleware (no Streamlit import),
installed by ``dashboard/server.py`` through ``st.App(middleware=...)``.

Streamlit 1.67 (Starlette/uvicorn) has no option for response headers, serves
``/_stcore/metrics`` to anyone, and, when a WebSocket arrives from a foreign origin, asks
``checkip.amazonaws.com`` for the machine's external address before refusing it. So:

- every HTTP response carries ``X-Frame-Options: SAMEORIGIN``, CSP
  ``frame-ancestors 'self'`` (no other site may frame the dashboard; the map is a component
  iframe from this same origin, so ``DENY`` would break it) and
  ``X-Content-Type-Options: nosniff``;
- ``/_stcore/metrics`` answers 404 (sessions, memory, cache sizes are nobody's business);
- a WebSocket whose ``Origin`` is neither this host nor a local/configured one is refused
  here (403), before Streamlit's own origin check would call out to the internet.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Final
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS: Final[tuple[tuple[str, str], ...]] = (
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Content-Security-Policy", "frame-ancestors 'self'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)
BLOCKED_SUFFIXES: Final = ("/_stcore/metrics",)
LOCAL_ORIGIN_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
_SLASHES = re.compile(r"/{2,}")


def is_blocked_path(path: str) -> bool:
    """True for the metrics endpoint, however the path is spelt (repeated or trailing
    slashes, any base URL path, any letter case)."""
    clean = _SLASHES.sub("/", path).rstrip("/").lower()
    return clean.endswith(BLOCKED_SUFFIXES)


def origin_allowed(origin: str | None, host: str | None, extra_hosts: Iterable[str] = ()) -> bool:
    """May a WebSocket from page ``origin`` talk to this server reached as ``host``?

    Yes without an Origin (not a browser), for the same origin, or for a page on this
    machine or on one of ``extra_hosts`` (``browser.serverAddress``, CORS allow-list)."""
    if origin is None:
        return True
    parts = urlsplit(origin)
    if host is not None and parts.netloc.lower() == host.lower():
        return True
    name = (parts.hostname or "").lower()
    return name in LOCAL_ORIGIN_HOSTS or name in {h.lower() for h in extra_hosts if h}


class SecurityMiddleware:
    """ASGI middleware: security headers, metrics hidden, foreign WebSockets refused."""

    def __init__(self, app: ASGIApp, origin_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.origin_hosts = frozenset(h.lower() for h in origin_hosts if h)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind == "websocket":
            headers = _headers(scope)
            if not origin_allowed(headers.get("origin"), headers.get("host"), self.origin_hosts):
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        if kind != "http":
            await self.app(scope, receive, send)
            return
        if is_blocked_path(str(scope.get("path", ""))):
            await _not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message.get("type") == "http.response.start":
                present = {bytes(k).lower() for k, _ in message.get("headers", [])}
                extra = [
                    (name.lower().encode(), value.encode())
                    for name, value in SECURITY_HEADERS
                    if name.lower().encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _headers(scope: Scope) -> dict[str, str]:
    return {
        bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
        for k, v in scope.get("headers", [])
    }


async def _not_found(send: Send) -> None:
    body = b"Not Found"
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(b"content-length", str(len(body)).encode())]
    headers += [(n.lower().encode(), v.encode()) for n, v in SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
