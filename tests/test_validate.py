"""Loading and validation: every problem, with its file, line, field and a hint."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest

from generator.content.load import load_content
from generator.content.vocab import CommitmentStatus, ComponentStatus, Impact, IncidentStatus
from generator.errors import ContentErrors

from .conftest import FIXTURES, add_incident

PATH = "content/incidents/2026-11-20-api-errors.md"


def problems(content) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    return [str(p) for p in caught.value.problems]


def test_valid_incident_becomes_a_typed_model(content):
    add_incident(content, "incident_valid.md")
    (incident,) = load_content(content).incidents
    assert incident.id == "2026-11-20-api-errors"
    assert incident.impact is Impact.MAJOR
    assert incident.components == {"api": ComponentStatus.PARTIAL_OUTAGE}
    # Updates are sorted by time whatever their order in the file; offsets become UTC.
    assert [u.status for u in incident.updates] == [
        IncidentStatus.INVESTIGATING,
        IncidentStatus.IDENTIFIED,
        IncidentStatus.RESOLVED,
    ]
    assert [u.number for u in incident.updates] == [1, 2, 3]
    assert incident.updates[2].at == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert incident.updates[1].components == {"api": ComponentStatus.DEGRADED_PERFORMANCE}
    assert incident.remedy.startswith("Affected customers")
    assert incident.commitments[0].status is CommitmentStatus.DONE
    assert incident.commitments[0].done == date(2026, 12, 10)
    assert incident.body.startswith("## What happened")


def test_naive_time_is_an_error_never_taken_as_utc(content):
    add_incident(content, "incident_with_naive_time.md")
    assert problems(content) == [
        f"{PATH}:5: updates.at: time has no offset: '2026-11-20T14:10:00'\n"
        "  hint: add Z for UTC or the offset from UTC, e.g. 2026-11-20T14:10:00Z or 2026-11-20T15:10:00+01:00"
    ]


def test_date_where_a_time_is_needed(content):
    add_incident(content, "incident_with_date_only_time.md")
    assert problems(content) == [
        f"{PATH}:5: updates.at: expected a date and time; got only a date '2026-11-20'\n"
        "  hint: e.g. 2026-11-20T14:10:00Z or 2026-11-20T15:10:00+01:00"
    ]


def test_vocabulary_and_component_errors_as_in_the_design(content):
    add_incident(content, "incident_with_unknown_impact_and_component.md")
    assert problems(content) == [
        f"{PATH}:3: impact: expected one of none, minor, major, critical; got 'severe'",
        f"{PATH}:5: components: unknown component 'API'\n"
        "  hint: known components: api, dashboard (ids, case-sensitive; see content/portal.yml)",
        f"{PATH}:6: components.dashboard: expected one of degraded_performance, partial_outage, "
        "major_outage; got 'down'",
    ]


def test_unknown_fields_get_did_you_mean(content):
    add_incident(content, "incident_with_unknown_fields.md")
    assert problems(content) == [
        f"{PATH}:1: title: missing; an incident needs 'title'",
        f"{PATH}:2: titel: unknown field 'titel'\n  hint: did you mean 'title'?",
        f"{PATH}:5: updates.text: missing; an update needs 'text'",
        f"{PATH}:6: updates.status: expected one of investigating, identified, monitoring, resolved; "
        "got 'investigatin'\n  hint: did you mean 'investigating'?",
        f"{PATH}:7: updates.txt: unknown field 'txt'\n  hint: did you mean 'text'?",
        f"{PATH}:8: colour: unknown field 'colour'\n"
        "  hint: fields of an incident: title, impact, components, updates, next_update, remedy, "
        "commitments, draft, aliases",
    ]


def test_incident_without_updates(content):
    add_incident(content, "incident_without_updates.md")
    assert problems(content) == [f"{PATH}:4: updates: needs at least 1 update; the list is empty"]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "incident_without_front_matter.md",
            f"{PATH}:1: front matter: missing; the file must start with a line '---'\n"
            "  hint: put the fields between two '---' lines at the top of the file",
        ),
        (
            "incident_with_unclosed_front_matter.md",
            f"{PATH}:1: front matter: not closed; add a line '---' after the last field",
        ),
        # libyaml says "…in this context", pure-Python PyYAML "…here".
        ("incident_with_yaml_error.md", f"{PATH}:7: YAML: mapping values are not allowed"),
        (
            "incident_with_duplicate_key.md",
            f"{PATH}:4: impact: duplicate key; the earlier value would be lost",
        ),
        (
            "incident_with_python_tag.md",
            f"{PATH}:2: YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
    ],
)
def test_file_level_problems(content, fixture, expected):
    add_incident(content, fixture)
    (found,) = problems(content)
    assert found == expected or fixture.endswith("yaml_error.md") and found.startswith(expected)


def test_wrong_types_everywhere_are_all_reported(content):
    add_incident(content, "incident_with_wrong_types.md")
    assert problems(content) == [
        f"{PATH}:2: title: expected text; got the number 404\n  hint: put the text in quotes",
        f"{PATH}:3: impact: expected one of none, minor, major, critical; got a list",
        f"{PATH}:4: components: expected a set of fields; got 'api'",
        f"{PATH}:8: updates.text: expected text; got a set of fields\n  hint: put the text in quotes",
        f"{PATH}:9: updates: expected the fields of an update; got 'just text'",
        f"{PATH}:11: remedy: is empty",
        f"{PATH}:12: draft: expected true or false; got 'no'",
        f"{PATH}:16: commitments.due: expected a date without a time; got '2026-11-20T14:10:00Z'\n"
        "  hint: e.g. 2026-12-15",
        f"{PATH}:17: commitments.done: a completion date needs status done; the status is planned",
    ]


def test_file_names_must_be_ids(content):
    add_incident(content, "incident_valid.md", name="API Errors!")
    assert problems(content) == [
        "content/incidents/API Errors!.md:1: id: the file name 'API Errors!' is not a valid id\n"
        "  hint: ids use lowercase letters, digits and hyphens, and start with a letter or digit, "
        "e.g. api-errors.md"
    ]


def test_non_utf8_file_names_the_line(content):
    path = content / "incidents" / "2026-11-20-latin1.md"
    path.write_bytes(b"---\ntitle: Caf\xe9 down\nimpact: minor\n---\n")
    assert problems(content) == [
        "content/incidents/2026-11-20-latin1.md:2: file is not valid UTF-8 (byte 0xe9 at offset 14)\n"
        "  hint: save the file as UTF-8"
    ]


def test_byte_order_mark_and_crlf_are_accepted(content):
    text = (FIXTURES / "incident_valid.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    (content / "incidents" / "2026-11-20-bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (incident,) = load_content(content).incidents
    assert incident.title == "Elevated API error rates in the EU region"


def test_stray_files_and_folders_are_reported_not_skipped(content):
    (content / "incidents" / "notes.txt").write_text("todo")
    (content / "incidents" / "2026").mkdir()
    (content / "incident").mkdir()
    (content / "incidents" / ".DS_Store").write_text("")  # hidden files are the OS's, not content
    assert problems(content) == [
        "content/incident:1: not part of the content format\n  hint: did you mean 'incidents'?",
        "content/incidents/2026:1: folders inside a content folder are not read\n"
        "  hint: move the files up into content/incidents/",
        "content/incidents/notes.txt:1: not a Markdown file; content files end in .md",
    ]


def test_every_file_is_reported_in_one_run(content):
    for n, fixture in enumerate(
        [
            "incident_with_naive_time.md",
            "incident_without_updates.md",
            "incident_with_yaml_error.md",
        ]
    ):
        add_incident(content, fixture, name=f"2026-11-2{n}-case")
    found = problems(content)
    assert [p.split(":")[0] for p in found] == [
        "content/incidents/2026-11-20-case.md",
        "content/incidents/2026-11-21-case.md",
        "content/incidents/2026-11-22-case.md",
    ]


def test_portal_problems(content):
    shutil.copy(FIXTURES / "portal_with_problems.yml", content / "portal.yml")
    assert problems(content) == [
        "content/portal.yml:2: url: expected an absolute http(s) URL; got 'status.example.com'\n"
        "  hint: e.g. https://status.example.com/",
        "content/portal.yml:3: timezone: unknown time zone 'Europe/Berln'\n  hint: did you mean 'Europe/Berlin'?",
        "content/portal.yml:4: update_every: expected a whole number from 1 to 1000000; got the number 0",
        "content/portal.yml:11: components.group: unknown group 'platfrom'\n"
        "  hint: known groups: platform (ids, case-sensitive)",
        "content/portal.yml:12: components.id: duplicate id 'api'",
        "content/portal.yml:14: components.id: not a valid id: 'Dashboard'\n"
        "  hint: ids use lowercase letters, digits and hyphens, and start with a letter or digit",
    ]


def test_missing_portal(content):
    (content / "portal.yml").unlink()
    assert problems(content) == [
        "content/portal.yml:1: missing: every site needs its settings file\n"
        "  hint: copy content/portal.yml from the Openbook example and edit it"
    ]


def test_drafts_are_validated_but_not_published(content):
    path = add_incident(content, "incident_valid.md")
    path.write_text(path.read_text().replace("impact: major", "impact: major\ndraft: true"))
    assert load_content(content).incidents == ()
    path.write_text(path.read_text().replace("impact: major", "impact: severe"))
    assert "impact: expected one of" in problems(content)[0]


def test_example_content_is_valid():
    from .conftest import EXAMPLE

    content = load_content(EXAMPLE)
    assert 6 <= len(content.incidents) <= 10
    assert {i.impact for i in content.incidents} == set(Impact)


def test_plain_text_fast_path_matches_markdown():
    """Texts the renderer does not pass through Markdown must come out exactly as Markdown's
    (after the sanitiser, which every rendered fragment passes)."""
    import markdown

    from generator.content.rendering import Renderer
    from generator.content.safety import clean

    reference = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty"], output_format="html"
    )
    renderer = Renderer()
    samples = [
        "We are investigating elevated error rates (EU region). Next update in 30 minutes.",
        "Error rates are back to normal, at 0.1% of requests.",
        "1. Restart the workers",
        "- a list",
        "+ another",
        "    indented code",
        "Café déjà vu 🔥 مرحبا",
        "It's fixed.",
        'A "quoted" word',
        "Wait -- what",
        "And so...",
        "a & b",
        "x < y",
        "Use *care*",
        "snake_case_name",
        "[link](https://example.com)",
        "Term\n: definition",
        "a | b",
        "Title\n===",
        "https://example.com/path?q=1",
        "Abbr HTML here.",
        "50% of requests (p99: 2 s)",
        "tab\tinside",
        "Trailing spaces  ",
        "#hashtag",
        "~tilde",
        "2026-11-20: done.",
        "Key=value",
        "{braces}",
    ]
    for text in samples:
        assert str(renderer.html(text)) == clean(reference.reset().convert(text)), text


@pytest.mark.parametrize(
    "line, hint",
    [
        (
            "title: [publick8s cluster] nodes restarting",
            'a value that starts with [ must be quoted: title: "[publick8s cluster] nodes restarting"',
        ),
        (
            "title: Outage: EU region down",
            "a value with ': ' in it must be quoted: title: \"Outage: EU region down\"",
        ),
        ("title: *bold* start", 'a value that starts with * must be quoted: title: "*bold* start"'),
        ("title: &amp; co", 'a value that starts with & must be quoted: title: "&amp; co"'),
        (
            "title: !important thing",
            'a value that starts with ! must be quoted: title: "!important thing"',
        ),
        ("title: %sale", 'a value that starts with % must be quoted: title: "%sale"'),
        (
            "title: @channel update",
            'a value that starts with @ must be quoted: title: "@channel update"',
        ),
        (
            "title: `code` first",
            'a value that starts with a backtick must be quoted: title: "`code` first"',
        ),
        ("components: [api, dashboard", ""),  # a list that lost its bracket: quoting would not help
        ("components: {api: partial_outage", ""),
    ],
)
def test_yaml_mistakes_in_a_value_get_the_quoted_line_as_a_hint(content, line, hint):
    (content / "incidents" / "2026-11-20-x.md").write_text(f"---\n{line}\nimpact: minor\n---\n")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    (problem,) = caught.value.problems
    assert (problem.field, problem.hint) == ("YAML", hint)


def test_contact_is_an_email_address(content):
    portal = content / "portal.yml"
    portal.write_text(portal.read_text() + 'contact: "status at example dot com"\n')
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == [
        "content/portal.yml:16: contact: not an e-mail address: 'status at example dot com'\n"
        "  hint: e.g. status@example.com"
    ]
