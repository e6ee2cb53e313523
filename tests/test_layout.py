"""The layout rules the README states, checked on the source: imports flow
``dashboard -> etl -> geodata``, only ``dashboard`` imports Streamlit, and the pure parts
of the ETL (``etl.tools``, ``etl.nodes``) never import its IO (``etl.io``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _imports(package: str) -> dict[str, set[str]]:
    """Module file (relative to the repository) -> every module it imports, anywhere in
    the file (lazy imports inside functions included)."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / package.replace(".", "/")).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(REPO))] = names
    return found


def _offending(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Files of ``package`` importing a module of ``forbidden`` or a submodule of one."""

    def bad(name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    return {
        file: sorted(filter(bad, names))
        for file, names in _imports(package).items()
        if any(map(bad, names))
    }


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("geodata", ("etl", "dashboard")),
        ("etl", ("dashboard",)),
        ("geodata", ("streamlit", "streamlit_folium")),
        ("etl", ("streamlit", "streamlit_folium")),
        ("etl.tools", ("etl.io", "etl.pipeline", "etl.cli")),
        ("etl.nodes", ("etl.io", "etl.pipeline", "etl.cli")),
    ],
    ids=[
        "geodata-below-etl",
        "etl-below-dashboard",
        "geodata-no-streamlit",
        "etl-no-streamlit",
        "tools-no-io",
        "nodes-no-io",
    ],
)
def test_imports_follow_the_layers(package: str, forbidden: tuple[str, ...]) -> None:
    assert _imports(package), f"no module found under {package}"
    assert _offending(package, forbidden) == {}


def test_the_rule_sees_lazy_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hand-built package with an import inside a function is caught."""
    pkg = tmp_path / "fake"
    pkg.mkdir()
    (pkg / "mod.py").write_text("def f():\n    from etl.io import readers\n")
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    assert _offending("fake", ("etl.io",)) == {"fake/mod.py": ["etl.io"]}
