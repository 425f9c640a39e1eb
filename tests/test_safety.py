"""A trust page must not be a way in: script in content is an error unless allowed."""

from __future__ import annotations

import os

import pytest

from generator.build import build
from generator.errors import ContentErrors
from generator.load import load_content

from .conftest import EXAMPLE_NOW, add_incident

PATH = "content/incidents/2026-11-20-api-errors.md"
HINT = "\n  hint: remove it, or set allow_scripts: true in portal.yml if every author is trusted"


def test_scripts_in_markdown_are_errors_with_their_lines(content):
    add_incident(content, "incident_with_scripts.md")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == [
        f"{PATH}:7: updates.text: a javascript: URL in href= on <a> runs script" + HINT,
        f"{PATH}:10: updates.text: the onerror= attribute on <img> runs script" + HINT,
        f"{PATH}:14: remedy: a javascript: URL in href= on <a> runs script" + HINT,
        f"{PATH}:21: body: <iframe> can run script or take over the page" + HINT,
        f"{PATH}:23: body: a data: URL in href= on <a> can carry script" + HINT,
        f"{PATH}:23: body: a vbscript: URL in href= on <a> runs script" + HINT,
    ]


def test_allow_scripts_lets_trusted_authors_embed(content, tmp_path):
    add_incident(content, "incident_with_scripts.md")
    portal = content / "portal.yml"
    portal.write_text(portal.read_text() + "allow_scripts: true\n")
    (incident,) = load_content(content).incidents
    build(content, tmp_path / "site", EXAMPLE_NOW)
    page = (tmp_path / "site" / "incidents" / incident.id / "index.html").read_text()
    assert "<iframe" in page
    # Titles are text everywhere, allowed or not.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is only text" in page


def test_new_tab_links_get_noopener(content, tmp_path):
    path = add_incident(content, "incident_valid.md")
    path.write_text(path.read_text() + '\n<a href="https://example.com/" target="_blank">status</a>\n')
    build(content, tmp_path / "site", EXAMPLE_NOW)
    page = (tmp_path / "site" / "incidents" / "2026-11-20-api-errors" / "index.html").read_text()
    assert '<a rel="noopener noreferrer" href="https://example.com/" target="_blank">status</a>' in page


def test_links_outside_the_content_folder_are_refused(content, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: x\n---\n")
    os.symlink(secret, content / "incidents" / "2026-11-20-link.md")
    add_incident(content, "incident_valid.md")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == [
        "content/incidents/2026-11-20-link.md:1: is a link to a file outside the content folder\n"
        "  hint: copy the file into the content folder instead"
    ]


def test_links_inside_the_content_folder_are_followed(content):
    path = add_incident(content, "incident_valid.md")
    os.symlink(path, content / "incidents" / "2026-11-20-alias.md")
    assert len(load_content(content).incidents) == 2


def test_yaml_is_only_safe_loaded(content, tmp_path):
    marker = tmp_path / "ran"
    (content / "incidents" / "2026-11-20-tag.md").write_text(
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\nimpact: minor\n---\n"
    )
    with pytest.raises(ContentErrors):
        load_content(content)
    assert not marker.exists()
