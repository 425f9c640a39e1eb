"""The structure the code promises: the MkDocs boundary is one file, and the parts stay apart."""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "generator"
ADAPTER = PACKAGE / "site" / "mkdocs_adapter.py"


def imported(path) -> set[str]:
    """Top-level names of every module `path` imports, wherever in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_adapter_imports_mkdocs_or_material():
    importers = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                       if imported(p) & {"mkdocs", "material"})
    assert importers == [str(ADAPTER.relative_to(ROOT))]


def test_the_core_does_not_reach_into_the_site():
    """Content and facts know nothing of pages; outputs use only how text is rendered."""
    for part in ("content", "facts"):
        for path in (PACKAGE / part).glob("*.py"):
            modules = {n.module for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ImportFrom)}
            reaching = {m for m in modules if m and m.startswith(("generator.site", "generator.outputs"))}
            allowed = {"generator.site.mkdocs_adapter"} if path.name == "settings.py" else set()
            assert reaching <= allowed, (path.name, reaching)
