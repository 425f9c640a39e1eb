"""`openbook import cstate` under hostile sites: links out of the site are never followed,
hostile file names become valid ids and aliases or are reported, and markup the allowlist
refuses becomes its safe equivalent with every sentence kept."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.content.load import load_content

from .sentences import measure

FIXTURES = Path(__file__).parent / "fixtures"
ISSUE = """---
title: {title}
date: 2025-03-01T10:00:00Z
resolved: true
resolvedWhen: 2025-03-01T11:00:00Z
severity: notice
section: issue
---

{text}
"""


def site(root: Path, issues: dict[str, str]) -> Path:
    (root / "content" / "issues").mkdir(parents=True)
    (root / "config.yml").write_text("baseURL: https://status.example.org/\ntitle: Hostile\n")
    for name, text in issues.items():
        (root / "content" / "issues" / name).write_text(ISSUE.format(title="Issue", text=text))
    return root


def run(source: Path, content: Path):
    return CliRunner().invoke(main, ["import", "cstate", str(source), "--content", str(content)])


def test_links_out_of_the_site_are_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(ISSUE.format(title="Secret", text="The secret sentence."))
    root = site(tmp_path / "site", {"2025-03-01-ok.md": "A sentence."})
    issues = root / "content" / "issues"
    (issues / "2025-03-02-stolen.md").symlink_to(outside / "secret.md")
    (issues / "2025-03-03-dangling.md").symlink_to(outside / "missing.md")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "inside.md").write_text(ISSUE.format(title="In", text="Kept."))
    (issues / "2025-03-04-inside.md").symlink_to(root / "elsewhere" / "inside.md")
    result = run(root, tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert (
        f"{tmp_path.name}/site/content/issues/2025-03-02-stolen.md:1: not imported: a link to a "
        "place outside the cState site" in result.output.replace(str(tmp_path.parent) + "/", "")
    ) or "2025-03-02-stolen.md:1: not imported: a link to a place outside" in result.output
    assert "2025-03-03-dangling.md:1: not imported: a link that leads nowhere" in result.output
    written = "".join(p.read_text() for p in (tmp_path / "content").rglob("*.md"))
    assert "secret" not in written.lower() and "Kept." in written

    for linked in ("content/issues", "content", "config.yml"):
        other = site(tmp_path / f"other-{linked.replace('/', '-')}", {"a.md": "x"})
        target = other / linked
        stolen = tmp_path / f"stolen-{linked.replace('/', '-')}"
        shutil.move(target, stolen)
        target.symlink_to(stolen, target_is_directory=stolen.is_dir())
        result = run(other, tmp_path / f"content-{linked.replace('/', '-')}")
        assert result.exit_code == 1
        assert "a link to a place outside the cState site; not read" in result.output


HOSTILE_NAMES = [
    "..md", "...md", " .md", "a b  c.md", "Störung 5%.md", "100%25.md", "x%2Fy.md", "x%5cy.md",
    "%2e%2e.md", "x%2e%2e.md", "-rf.md", "--help.md", "a" * 240 + ".md", "日本語.md",
    "index.md", "page.md", "A.md", "a.md", "tab\there.md", "ctl\x1b[31m.md", "bidi\u202eevil.md",
    "%ff.md", "q?x#y.md", "quote'\"<>.md", "back\\slash.md", "dot.in.name.md",
]  # fmt: skip


@pytest.mark.slow
def test_hostile_file_names_become_valid_ids_and_aliases_or_are_reported(tmp_path):
    root = site(tmp_path / "site", {n: f"The sentence of {n!r}." for n in HOSTILE_NAMES})
    result = run(root, tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith(f"Read {len(HOSTILE_NAMES)} files: ")
    content = tmp_path / "content"
    loaded = load_content(content)  # raises if anything fails the check
    assert len(loaded.incidents) == len(HOSTILE_NAMES)
    aliases = []
    for path in (content / "incidents").iterdir():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,70}\.md", path.name), path.name
        front = yaml.safe_load(path.read_text().split("---\n")[1])
        aliases += front.get("aliases", [])
    for alias in aliases:
        decoded = unquote(alias)
        segments = decoded.strip("/").split("/")
        assert re.fullmatch(r"/(?:[A-Za-z0-9\-._~%!$&'()*+,;=:@]+/?)+", alias), alias
        assert len(segments) == 2 and segments[0] == "issues", alias
        assert not any(s in ("", ".", "..") for s in segments), alias
        assert not re.search(r"[\\%\x00-\x1f\x7f\u202e?#\"<>]", decoded), alias
    kept_or_said = len(aliases) + result.output.count("cannot be kept as an alias")
    assert kept_or_said + result.output.count("is another file's too") == len(HOSTILE_NAMES)
    assert "'%2e%2e' decodes to '..', which would be the segment '..'" in result.output
    assert "'x%2fy' decodes to 'x/y', which holds the separator '/'" in result.output
    build(content, tmp_path / "out", datetime(2025, 4, 1, tzinfo=UTC))
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))


@pytest.mark.slow
def test_markup_the_allowlist_refuses_becomes_its_safe_equivalent(tmp_path):
    source = FIXTURES / "cstate_markup"
    result = run(source, tmp_path / "content")
    assert result.exit_code == 0, result.output
    where = f"{source.relative_to(Path.cwd()) if source.is_relative_to(Path.cwd()) else source}"
    issue = f"{where}/content/issues/2025-02-01-repository-outage.md"
    assert [line for line in result.output.splitlines() if "guessed" in line] == [
        f"{issue}:12: guessed: <repo.example.org> became a link to https://repo.example.org",
        f"{issue}:14: guessed: <strike> became <del>",
        f"{issue}:16: guessed: the image at 'https://images.example.net/graph.png' became a "
        "link showing 'error rate'",
        f"{issue}:18: guessed: the image at 'https://cdn.example.net/photo.jpg' became a link "
        "showing 'The broken switch'",
        f"{issue}:20: guessed: dropped style=, onclick= from <div>",
        f"{issue}:22: guessed: dropped an HTML comment holding markup ('[Final Message] "
        "<b>The operation finished.</b>')",
        f"{issue}:25: guessed: '<script>' is shown as text",
        f"{issue}:25: guessed: '</script>' is shown as text",
        f"{issue}:27: guessed: the link to 'javascript:alert(1)' became text: 'the runbook'",
    ]
    assert result.output.splitlines()[-1] == "openbook check: no errors, 0 warnings."
    text = (tmp_path / "content" / "incidents" / "2025-02-01-repository-outage.md").read_text()
    for sentence in (
        "The mirror [repo.example.org](https://repo.example.org) answers again.",
        "Downloads fail with <del>timeouts</del> errors.",
        "The graph shows the drop: [error rate](https://images.example.net/graph.png)",
        '<a href="https://cdn.example.net/photo.jpg">The broken switch</a> was replaced.',
        "<div>Some builds were retried.</div>",
        '&lt;script>alert("hidden")&lt;/script> The script above is shown, not run.',
        "Read the runbook (` javascript:alert(1) `) for details.",
    ):
        assert sentence in text
    out = tmp_path / "site"
    build(tmp_path / "content", out, datetime(2025, 3, 1, tzinfo=UTC))
    page = (out / "incidents" / "2025-02-01-repository-outage" / "index.html").read_text()
    assert "<script>alert" not in page and "onclick" not in page
    assert "images.example.net/graph.png" in page and "<img" not in page.split("<article")[-1]


def test_every_sentence_is_kept(tmp_path):
    for name in ("cstate", "cstate_markup"):
        content = tmp_path / name
        result = run(FIXTURES / name, content)
        assert result.exit_code == 0
        total, kept, hidden, missing = measure(FIXTURES / name, content)
        refused = {
            ln.split(":")[0].rsplit("/", 1)[-1]
            for ln in result.output.splitlines()
            if "not imported" in ln
        }
        assert [m for m in missing if m.split(":")[0] not in refused] == [] and kept > 0
