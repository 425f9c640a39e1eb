"""Titles and names are one line: headings, feeds, calendars, e-mail subjects and chat messages
all show them so, and a line break in one must be a check error at its line, never a crash in
an output (a calendar's raw property, a mail header) or a forged second line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import add_incident

BREAKS = ["\n", "\r", "\r\n", "\x1b[2J", "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
NOW = "2026-11-23T12:00:00Z"


def check(content):
    return CliRunner().invoke(main, ["check", "--content", str(content), "--now", NOW])


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize(
    "where, line",
    [
        ("title: Example Cloud Status", 1),
        ("    name: Platform", 7),
        ("    name: Public API", 10),
    ],
)
def test_a_portal_title_or_name_with_a_line_break_is_an_error_at_its_line(
    content, where, line, brk
):
    portal = content / "portal.yml"
    key, _, value = where.partition(": ")
    portal.write_text(portal.read_text().replace(where, f"{key}: {json.dumps(value + brk + 'x')}"))
    result = check(content)
    assert result.exit_code == 1, result.output
    field = {1: "title", 7: "groups.name", 10: "components.name"}[line]
    assert f"content/portal.yml:{line}: {field}: expected one line; got a text holding U+" in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("brk", BREAKS)
def test_a_document_title_with_a_line_break_is_an_error_at_its_line(content, brk):
    path = add_incident(content, "incident_valid.md")
    title = json.dumps("Elevated API errors" + brk + "Subject: forged")
    path.write_text(
        path.read_text().replace(
            "title: Elevated API error rates in the EU region", f"title: {title}"
        )
    )
    result = check(content)
    assert result.exit_code == 1
    assert result.output.startswith(
        "content/incidents/2026-11-20-api-errors.md:2: title: expected one line; got a text holding"
    )


def test_a_title_folded_over_lines_in_yaml_is_still_one_line(content):
    """YAML folds a plain or `>` scalar over several lines into one line: that stays valid."""
    path = add_incident(content, "incident_valid.md")
    path.write_text(
        path.read_text().replace(
            "title: Elevated API error rates in the EU region",
            "title: >-\n  Elevated API error\n  rates in the EU region",
        )
    )
    assert check(content).exit_code == 0


def test_new_writes_nothing_from_a_portal_with_a_problem(content):
    """A component with a problem is left out of the settings read; nothing is written from
    them, or `new` would write a file that `check` then refuses."""
    portal = content / "portal.yml"
    portal.write_text(portal.read_text().replace("name: Dashboard", 'name: "\\r"'))
    result = CliRunner().invoke(
        main, ["new", "incident", "X", "--impact", "minor", "--content", str(content)]
    )
    assert result.exit_code == 1
    assert "content/portal.yml:14: components.name: is empty" in result.output
    assert list((content / "incidents").iterdir()) == []
