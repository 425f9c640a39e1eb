"""The tests' own layout: what test modules share lives in tests/helpers/ (or conftest, or a tool
module such as chromium or receivers), so no test module imports another and running one module
never collects or depends on another's tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def imported_modules(source: str, module: str) -> set[str]:
    """Every module the code of `module` (a dotted name such as tests.test_build) imports, at
    its top or inside a function, relative imports resolved; `from x import y` also names x.y,
    as y may be a module."""
    package = module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imported_tests(imports: set[str]) -> set[str]:
    """The test modules among `imports`: those whose own name begins test_."""
    return {name for name in imports if name.split(".")[-1].startswith("test_")}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def test_no_test_module_imports_another():
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        if "fixtures" in path.relative_to(TESTS).parts:
            continue
        name = module_name(path)
        others = imported_tests(imported_modules(path.read_text(encoding="utf-8"), name)) - {name}
        if others:
            found[str(path.relative_to(TESTS.parent))] = sorted(others)
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "from .test_build import tree_digest",
        "from . import test_build",
        "from tests.test_build import tree_digest",
        "import tests.test_build",
        "def f():\n    from .test_feeds import atom_grammar",
        "from ..test_build import tree_digest",  # from tests/helpers/
    ],
)
def test_the_check_sees_every_way_of_importing_a_test_module(source):
    module = "tests.helpers.x" if source.startswith("from ..") else "tests.test_links"
    assert imported_tests(imported_modules(source, module)) & {
        "tests.test_build",
        "tests.test_feeds",
    }


def test_the_check_lets_helpers_and_conftest_through():
    source = "from .conftest import EXAMPLE\nfrom .helpers.trees import tree_digest\nimport pytest"
    assert imported_tests(imported_modules(source, "tests.test_links")) == set()
