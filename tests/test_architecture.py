"""The structure the code promises: the MkDocs boundary is one package, and the parts stay apart."""

from __future__ import annotations

import ast
import re
import sys

import pytest

from generator import urls

from .conftest import ROOT

PACKAGE = ROOT / "generator"
ENGINE = PACKAGE / "site" / "mkdocs_engine"


def imported(path) -> set[str]:
    """Top-level names of every module `path` imports, wherever in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_engine_package_imports_mkdocs_or_material():
    importers = {p for p in PACKAGE.rglob("*.py") if imported(p) & {"mkdocs", "material"}}
    assert importers and all(p.is_relative_to(ENGINE) for p in importers), sorted(importers)


def engine_imports(path) -> set[str]:
    """What `path` takes from the engine package: each module or name imported from it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator.site.mkdocs_")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "generator.site.mkdocs_"
        ):
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "generator.site":
            found |= {a.name for a in node.names if a.name.startswith("mkdocs_")}
    return found


def test_the_engine_is_chosen_in_one_place_and_known_by_its_protocol():
    """Outside the engine package, only build.py names the engine, and only the object that
    implements generator/site/engine.py's protocol; serve and the rest ask build.ENGINE."""
    found = {
        str(p.relative_to(ROOT)): names
        for p in PACKAGE.rglob("*.py")
        if not p.is_relative_to(ENGINE) and (names := engine_imports(p))
    }
    assert found == {"generator/build.py": {"generator.site.mkdocs_engine.MKDOCS"}}


def private_names(source: str) -> list[str]:
    """Names reached that begin with one underscore on anything but `self` or `cls`, or
    imported that way: another module's private names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom):
            found += [a.name for a in node.names if a.name.startswith("_")]
    return found


def test_mkdocs_private_names_are_used_only_in_private_py():
    """Each name of MkDocs' that is not its API has a contract test in test_engine_private.py;
    that holds only while private.py is the one module that uses them."""
    found = {
        str(p.relative_to(ROOT)): names
        for p in ENGINE.glob("*.py")
        if p.name != "private.py" and (names := private_names(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert private_names((ENGINE / "private.py").read_text(encoding="utf-8"))


def test_the_private_name_check_sees_each_way_of_reaching_one():
    assert private_names("config._current_page = page\n") == ["config._current_page"]
    assert private_names("from mkdocs.commands.build import _build_page\n") == ["_build_page"]
    assert private_names("self._found = x\nobj.__class__\n") == []


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
            assert reaching == set(), (path.name, reaching)


# What content may import besides itself and the standard library. Content is the bottom
# part: it reads and checks files, and knows nothing of what is derived or made from them.
CONTENT_LEAVES = {
    "generator.errors": "the problems it reports and the errors it raises",
    "generator.atomic": "a file replaced whole: openbook update's edits, git's revisions kept",
    "generator.parallel": "documents parsed in worker processes",
    "generator.urls": "the site's addresses: settings that link its pages, a correction's page",
}
CONTENT_READS_WITH = {
    "yaml": "front matter, portal.yml, subprocessors.yml, a document's earlier versions",
    "markdown": "Markdown fields (update texts, reports, bodies) read into HTML",
    "markupsafe": "that HTML, marked safe once the sanitiser has cleaned it",
    "nh3": "the sanitiser: what markup a body may keep",
    "cvss": "an advisory's CVSS vectors, scored as the standard says",
}


def imports(source: str) -> set[str]:
    """Every module a source of generator/content/ imports, in full, wherever in the file
    (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            # A relative import, from a module of generator/content/: `.` is the part, `..` the
            # package.
            within = ["generator", "content"][: max(0, 3 - node.level)] if node.level else []
            base = ".".join([*within, *([node.module] if node.module else [])])
            if base == "generator":  # `from generator import urls`: the names are modules
                found |= {f"generator.{alias.name}" for alias in node.names}
            else:
                found.add(base)
    return found


def outside_content(source: str) -> set[str]:
    """What a content module imports that content may not."""
    return {
        name
        for name in imports(source)
        if not (
            name.split(".")[0] in sys.stdlib_module_names
            or name == "generator.content"
            or name.startswith("generator.content.")
            or name in CONTENT_LEAVES
            or name.split(".")[0] in CONTENT_READS_WITH
        )
    }


def test_content_imports_only_content_leaves_and_the_formats_it_reads():
    found = {
        path.name: outside_content(path.read_text(encoding="utf-8"))
        for path in (PACKAGE / "content").glob("*.py")
    }
    assert {name: names for name, names in found.items() if names} == {}


def test_every_format_content_reads_with_is_in_use():
    """The lists above name what content uses: a module it no longer imports leaves them."""
    used = {
        name
        for path in (PACKAGE / "content").glob("*.py")
        for name in imports(path.read_text(encoding="utf-8"))
    }
    assert set(CONTENT_READS_WITH) <= {name.split(".")[0] for name in used}
    assert set(CONTENT_LEAVES) <= used


def test_the_content_check_sees_every_other_part():
    """Each part above content, imported at the top, inside a function or relatively."""
    for part in ("notify", "words", "facts", "site", "outputs", "importers", "cli", "build"):
        assert outside_content(f"from generator.{part} import x\n") == {f"generator.{part}"}
        assert outside_content(f"def f():\n    import generator.{part}\n")
        assert outside_content(f"from generator import {part}\n")
    assert outside_content("from ..words import Words\n") == {"generator.words"}
    assert outside_content("from .. import facts\n") == {"generator.facts"}
    assert outside_content("import requests\n") == {"requests"}
    assert outside_content("from .schema import text\nimport json, yaml\n") == set()


@pytest.mark.parametrize("leaf", sorted(CONTENT_LEAVES))
def test_what_content_leans_on_imports_only_the_standard_library(leaf):
    path = PACKAGE / (leaf.removeprefix("generator.") + ".py")
    found = {
        name
        for name in imports(path.read_text(encoding="utf-8"))
        if name.split(".")[0] not in sys.stdlib_module_names
    }
    assert found == set()


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
