"""Server entry point: ``streamlit run dashboard/server.py`` serves ``app.py`` wrapped in the
hardening middleware (``services.http_hardening``). ``streamlit run`` recognises the
``st.App`` below (Streamlit's supported way to add middleware) and runs it with the same
command-line options; the static folder stays ``dashboard/static`` (next to this file)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from starlette.middleware import Middleware

from dashboard.services.http_hardening import SecurityMiddleware


def _origin_hosts() -> list[str]:
    """Hosts whose pages may open the app's WebSocket besides its own origin."""
    hosts = [str(st.get_option("browser.serverAddress") or "")]
    hosts += [urlsplit(str(o)).hostname or "" for o in st.get_option("server.corsAllowedOrigins")]
    return [h for h in hosts if h]


app = st.App(
    Path(__file__).resolve().parent / "app.py",
    middleware=[Middleware(SecurityMiddleware, origin_hosts=_origin_hosts())],
)
