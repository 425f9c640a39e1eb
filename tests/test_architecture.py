"""The structure the code promises: the MkDocs boundary is one file, and the parts stay apart."""

from __future__ import annotations

import ast
import re

from generator import urls

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
    importers = sorted(
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if imported(p) & {"mkdocs", "material"}
    )
    assert importers == [str(ADAPTER.relative_to(ROOT))]


def test_the_core_does_not_reach_into_the_site():
    """Content and facts know nothing of pages; outputs use only how text is rendered."""
    for part in ("content", "facts"):
        for path in (PACKAGE / part).glob("*.py"):
            modules = {
                n.module
                for n in ast.walk(ast.parse(path.read_text()))
                if isinstance(n, ast.ImportFrom)
            }
            reaching = {
                m for m in modules if m and m.startswith(("generator.site", "generator.outputs"))
            }
            allowed = {"generator.site.mkdocs_adapter"} if path.name == "settings.py" else set()
            assert reaching <= allowed, (path.name, reaching)


URL_PATTERN = re.compile(
    r"^(incidents|maintenance|announcements|components|feeds|api|how-we-work|commitments|"
    r"subscribe)/|#update-|badge\.svg"
)


def test_urls_are_written_only_in_the_url_module():
    """A URL change is one edit: pages, outputs and templates ask generator/urls.py."""
    found = []
    for part in ("site", "outputs"):
        for path in (PACKAGE / part).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                    and node.value not in urls.API_DOCUMENTS
                    and URL_PATTERN.search(node.value)
                ):
                    found.append((path.name, node.value))
    templates = ROOT / "site_templates" / "pages"
    for path in templates.glob("*.html"):
        found += [
            (path.name, m) for m in re.findall(r"link\('[^']+'", path.read_text(encoding="utf-8"))
        ]
    assert found == []


def test_templates_hold_layout_not_rules():
    """Templates get prepared views (generator/site/views.py): no derived facts computed in Jinja,
    no comparisons against raw vocabulary strings."""
    found = []
    for path in (ROOT / "site_templates" / "pages").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += [
            (path.name, m) for m in re.findall(r"derive\.\w+|site\.\w+|\.value (?:==|!=|in) ", text)
        ]
    assert found == []
