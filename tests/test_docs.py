"""The documentation site: it builds strictly, and its reference, commands and architecture
pages say what the code does."""

from __future__ import annotations

import enum
import os
import re
import subprocess
import sys

import pytest
import yaml

from generator.content import vocab
from generator.words import LANGUAGES

from . import commands_page
from .conftest import ROOT
from .schemas import allowed_values, default_text, every_schema

DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def anchor(place: str) -> str:
    """`portal.yml notify channels` -> `portal-yml-notify-channels`, the section's id."""
    return re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")


def section(page: str, ident: str) -> str | None:
    """The text under the heading `… { #ident }`, up to the next heading."""
    match = re.search(rf"^#+ .*\{{ #{re.escape(ident)} \}}\s*$", page, re.M)
    if match is None:
        return None
    rest = page[match.end() :]
    end = re.search(r"^#+ ", rest, re.M)
    return rest[: end.start()] if end else rest


def rows(text: str) -> dict[str, list[str]]:
    """A section's table rows by the field named in their first cell (`| `title` | …`)."""
    out = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if line.startswith("| `") and len(cells) >= 4:
            out[cells[0].strip("`")] = cells
    return out


def reference_problems(page: str) -> list[str]:
    problems = []
    documented: set[int] = set()
    for place, schema in every_schema().items():
        if id(schema) in documented:  # the same record in two places (commitments) is one table
            continue
        documented.add(id(schema))
        text = section(page, anchor(place))
        if text is None:
            problems.append(
                f"no section for {place}: add a heading ending in {{ #{anchor(place)} }}"
            )
            continue
        table = rows(text)
        for name, field in schema.items():
            want = default_text(field)
            if name not in table:
                problems.append(f"{place}: no row for `{name}` (default {want})")
                continue
            if not table[name][2].replace("`", "").startswith(want):
                problems.append(f"{place}: `{name}`: the default column must begin {want!r}")
            row = " | ".join(table[name])
            for word in allowed_values(field.parse):
                if f"`{word}`" not in row:
                    problems.append(f"{place}: `{name}`: `{word}` is allowed but not named")
        for name in set(table) - set(schema):
            problems.append(f"{place}: `{name}` is documented but the code does not accept it")
    return problems


def test_the_reference_names_every_field_of_every_kind_with_its_default():
    assert reference_problems(read("reference.md")) == []


def test_the_reference_names_every_vocabulary_and_language():
    page = read("reference.md")
    table = page.split("## Vocabularies", 1)[1].split("\n## ", 1)[0]
    for vocabulary in vars(vocab).values():
        if isinstance(vocabulary, type) and issubclass(vocabulary, enum.StrEnum):
            if vocabulary is enum.StrEnum:
                continue
            for word in vocabulary:
                assert f"`{word.value}`" in table, (vocabulary.__name__, word.value)
    languages = [line for line in table.splitlines() if line.startswith("| languages |")]
    assert languages == [f"| languages | {', '.join(f'`{code}`' for code in LANGUAGES)} |"]


def test_the_reference_check_fails_on_a_missing_field_or_a_wrong_default():
    page = read("reference.md")
    without = page.replace("| `feed_size` |", "| `feedsize` |")
    assert "portal.yml: no row for `feed_size` (default 50)" in reference_problems(without)
    wrong = page.replace(
        "| `update_every` | minutes, 1 to 1000000 | `30`", "| `update_every` | x | `20`"
    )
    assert "portal.yml: `update_every`: the default column must begin '30'" in reference_problems(
        wrong
    )
    fewer = page.replace("`mattermost`, `webhook`", "`webhook`")
    assert "portal.yml notify channels: `kind`: `mattermost` is allowed but not named" in (
        reference_problems(fewer)
    )
    gone = page.replace("{ #maintenance-updates }", "")
    assert any(p.startswith("no section for maintenance updates") for p in reference_problems(gone))


def test_the_commands_page_is_the_help_of_every_command():
    current = commands_page.PAGE.read_text(encoding="utf-8")
    assert current == commands_page.page(current), "run: python -m tests.commands_page"
    for name, _ in commands_page.commands():
        assert f"## `{name}`" in current


def test_every_page_is_in_the_navigation_and_every_module_on_the_architecture_page():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    listed = {next(iter(item.values())) for item in config["nav"]}
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    assert pages <= listed, f"not in the navigation of mkdocs.yml: {sorted(pages - listed)}"
    assert {"policies.md", "security-disclosures.md"} <= listed
    assert architecture_problems(read("architecture.md")) == []


def architecture_problems(page: str) -> list[str]:
    """Each module of generator/ must be named in the section of its package (`### `generator/
    content/``), and each module at the top as `name.py`."""
    problems = []
    package = ROOT / "generator"
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if path.stem in ("__init__", "__main__"):
            continue
        if len(relative.parts) == 1:
            if f"`{path.name}`" not in page:
                problems.append(f"generator/{relative}: not named as `{path.name}`")
            continue
        folder = "/".join(relative.parts[:-1])
        match = re.search(rf"^### `generator/{re.escape(folder)}/`$", page, re.M)
        if match is None:
            problems.append(f"generator/{folder}/: no section ### `generator/{folder}/`")
            continue
        rest = page[match.end() :]
        end = re.search(r"^#+ ", rest, re.M)
        if f"| `{path.stem}` |" not in (rest[: end.start()] if end else rest):
            problems.append(f"generator/{relative}: no row | `{path.stem}` | in its section")
    return problems


def test_the_architecture_check_fails_on_a_module_it_does_not_name():
    page = read("architecture.md").replace("| `mailing` |", "| `mail` |")
    assert "generator/notify/mailing.py: no row | `mailing` | in its section" in (
        architecture_problems(page)
    )


def test_the_readme_keeps_its_set_up_commands_and_links_into_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install -e . && openbook build" in readme
    assert "python -m pip install -e '.[test]' && python -m pytest" in readme
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert len({link for link in links if link.endswith(".md")}) >= 8
    for link in links:
        assert (ROOT / link).is_file(), link


def pages_workflow_runs() -> dict[str, str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    return {
        step.get("name"): step["run"]
        for step in workflow["jobs"]["build"]["steps"]
        if "run" in step
    }


@pytest.mark.slow
def test_the_documentation_site_builds_strictly_with_the_demo_beside_it(tmp_path):
    """As the Pages workflow publishes them: the docs at the root, the example under demo/."""
    runs = pages_workflow_runs()
    assert runs["Documentation"] == "mkdocs build --strict --config-file mkdocs.yml --site-dir site"
    assert runs["Build"] == 'openbook build --content content --out site/demo --now "$NOW"'
    site = tmp_path / "site"
    quiet = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    docs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG)]
    result = subprocess.run(
        [*docs, "--site-dir", str(site)], capture_output=True, text=True, cwd=ROOT, env=quiet
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    demo = [sys.executable, "-m", "generator", "build", "--content", str(ROOT / "content")]
    result = subprocess.run(
        [*demo, "--out", str(site / "demo"), "--now", "2026-11-23T12:00:00Z"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="demo/"' in home and (site / "demo" / "index.html").is_file()
    assert "Northwind Cloud Status" in (site / "demo" / "index.html").read_text(encoding="utf-8")
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert 'id="portal-yml-notify-channels"' in reference
    assert (site / "screenshots" / "home.png").is_file()
    assert "fonts.googleapis.com" not in home  # nothing from another host
