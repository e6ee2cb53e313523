"""Guard: every value interpolated into text that Streamlit renders as Markdown goes through
``md_escape`` (or is a translation, a number, a date or a constant).

Scans the pages and components for calls whose text Streamlit renders as Markdown
(``st.markdown``, ``caption``, ``warning``, ``info``, ``error``, ``success``, ``write``,
``title``/``header``/``subheader``, widget labels, radio ``format_func``) and fails on a
bare variable, ``str(...)`` or f-string part that is not escaped.
"""

from __future__ import annotations

import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
MARKDOWN_CALLS = {
    "markdown", "caption", "warning", "info", "error", "success", "write", "title",
    "header", "subheader", "toast", "radio", "button", "checkbox", "toggle", "expander",
    "metric", "selectbox", "multiselect", "slider", "text_input", "number_input",
    "file_uploader", "download_button", "date_input", "link_button", "status",
}  # fmt: skip
"""Their first argument (text or label) is rendered as Markdown."""
SAFE_CALLS = {"md_escape", "tr", "format_count", "strftime", "int", "len", "float", "round"}
"""Calls whose result is safe: escaped text, a translation (its values are checked too),
a number or a date."""
REVIEWED = {
    "components/auth.py: role",  # "petugas" or "rapat"
    "components/auth.py: wait",  # whole seconds of a login lock
    "components/chrome.py: LAYOUT_CSS",  # constants and CSS built from translations
    "components/chrome.py: widget_text_css(session.lang())",
    "components/headline.py: HEADLINE_CSS",
    "components/headline.py: MEETING_VALUE_CSS",
    "views/rapat.py: PANEL_CSS",
    "views/tren.py: split[part]",  # a number of desa
    # raw HTML blocks (unsafe_allow_html): CommonMark does not parse Markdown inside an HTML
    # block, so HTML escaping is the escaping that counts; the texts are translations,
    # dates and official kecamatan/desa names
    "views/rapat.py: html.escape(period)",
    "views/rapat.py: html.escape(position)",
    "views/rapat.py: html.escape(session.tr('rapat.celah_judul'))",
    "views/rapat.py: html.escape(text)",
    "views/rapat.py: ''.join(parts)",
    "components/chrome.py: MEETING_CSS",  # constants (unsafe_allow_html, no user text)
    "components/chrome.py: BANNER_CSS",
    "components/chrome.py: html.escape(session.tr('banner.contoh'))",
    "components/desa_detail.py: fmt",  # explain_status: dates and counts
    "components/desa_detail.py: count('peserta')",  # a formatted or protected count
    "components/desa_detail.py: count('laporan')",
    "components/headline.py: label",  # translated labels and numbers
    "components/headline.py: pct",
    "components/timing.py: line",  # a file's write(), not Streamlit
    "components/form_downloads.py: name",  # the form file names the product builds
    "views/data_kualitas.py: man.formulir",  # submission counts of the ETL's manifest
    "views/prioritas.py: detour",  # numbers of the plan
    "views/prioritas.py: trip.number",
    "views/prioritas.py: trip.km",
    "views/prioritas.py: flag",  # a translation or ""
    "views/prioritas.py: name.replace('_', ' ')",  # component names of the planner
    "views/prioritas.py: explain_components()[name]",
}
"""Expressions read and found free of user text (a new one must be escaped or added here
after the same reading)."""


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return ""


def _unsafe(node: ast.AST) -> list[ast.AST]:
    """Parts of ``node`` that may carry unescaped user text into Markdown."""
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [
            p for v in node.values if isinstance(v, ast.FormattedValue) for p in _unsafe(v.value)
        ]
    if isinstance(node, ast.BinOp):
        return _unsafe(node.left) + _unsafe(node.right)
    if isinstance(node, ast.IfExp):
        return _unsafe(node.body) + _unsafe(node.orelse)
    if isinstance(node, ast.Call) and _call_name(node) == "join":
        return [] if _escaped_items(node.args[0]) else [node]
    if isinstance(node, ast.Call) and _call_name(node) in SAFE_CALLS:
        if _call_name(node) != "tr":
            return []
        return [p for k in node.keywords for p in _unsafe(k.value)]
    return [node]


def _escaped_items(node: ast.AST) -> bool:
    """A generator/list whose items are escaped (``md_escape(v) for v in ...``) or safe."""
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return not _unsafe(node.elt)
    return False


def _sites() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in sorted(DASHBOARD.rglob("*.py")):
        if "services" in path.parts:
            continue  # no Streamlit there
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) in MARKDOWN_CALLS and node.args:
                calls.append((path, node))
    return calls


def test_every_markdown_text_is_escaped_or_safe() -> None:
    problems = []
    sites = _sites()
    for path, call in sites:
        parts = _unsafe(call.args[0])
        for keyword in call.keywords:
            if keyword.arg == "format_func" and _call_name(call) == "radio":
                body = keyword.value.body if isinstance(keyword.value, ast.Lambda) else None
                parts += _unsafe(body) if body is not None else [keyword.value]
            if keyword.arg in ("label", "help"):
                parts += _unsafe(keyword.value)
        for part in parts:
            if f"{path.relative_to(DASHBOARD)}: {ast.unparse(part)}" not in REVIEWED:
                problems.append(f"{path.relative_to(DASHBOARD)}:{part.lineno}: {ast.unparse(part)}")
    assert len(sites) > 50  # the scan sees the pages
    assert not problems, "\n".join(problems)
