"""Follow-through on commitments: dated progress, reasons for drops, a feed that announces
each step, and a home page that says how many are open."""

from __future__ import annotations

import feedparser
import pytest
from lxml import html as lhtml

from generator.build import build
from generator.content.load import load_content
from generator.errors import ContentErrors

from .conftest import EXAMPLE_NOW, add_incident

URL = "https://status.example.com/"


def commitments(content, block: str):
    path = add_incident(content, "incident_valid.md")
    text = path.read_text()
    start = text.index("commitments:")
    end = text.index("---", start)
    path.write_text(text[:start] + "commitments:\n" + block + text[end:])
    return path


def test_a_dropped_commitment_needs_its_reason(content):
    commitments(content, "  - title: Freeze changes at night\n    status: dropped\n")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    (problem,) = caught.value.problems
    assert (problem.field, problem.message) == (
        "commitments.status",
        "a dropped commitment needs `reason:`",
    )


def test_a_reason_belongs_to_a_drop_and_progress_needs_dates(content):
    commitments(
        content,
        "  - title: Canary stage\n    status: in_progress\n    reason: Because.\n"
        "  - title: Alerting\n    status: planned\n    progress:\n      - text: Started.\n",
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    messages = sorted((p.field, p.message) for p in caught.value.problems)
    assert messages == [
        ("commitments.progress.at", "missing; a progress note needs 'at'"),
        (
            "commitments.reason",
            "a reason belongs to a dropped commitment; the status is in_progress",
        ),
    ]


def test_progress_and_reasons_on_the_pages(example_site):
    page = lhtml.fromstring((example_site / "commitments" / "index.html").read_bytes())
    (standby,) = page.cssselect("#c-2026-10-08-postgres-eu-central-outage-2")
    notes = [li.text_content() for li in standby.cssselect(".ob-commitment__progress li")]
    assert notes == [  # newest first
        "20 Nov 2026: 40% of standbys in eu-central have moved; us-east starts in December.",
        "30 Oct 2026: The separate storage network is cabled and tested in eu-central.",
    ]
    (freeze,) = page.cssselect("#c-2026-10-08-postgres-eu-central-outage-4")
    reason = freeze.cssselect(".ob-commitment__reason")[0].text_content()
    assert reason.startswith("Why we dropped it: A night-time freeze would move the same risk")
    incident = lhtml.fromstring(
        (
            example_site / "incidents" / "2026-10-08-postgres-eu-central-outage" / "index.html"
        ).read_bytes()
    )
    assert incident.cssselect("#c-2026-10-08-postgres-eu-central-outage-4 .ob-commitment__reason")


def test_the_commitments_feed_announces_each_step(example_site):
    feed = feedparser.parse((example_site / "feeds" / "commitments.atom").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert "Progress: Standby replicas on a separate storage network from their primaries" in titles
    assert (
        "Done: Network changes in eu-central and us-east go to one availability zone first and wait 30 minutes"
        in titles
    )
    dropped = next(e for e in feed.entries if e.title.startswith("Dropped: Freeze"))
    assert "A night-time freeze would move the same risk" in dropped.content[0].value
    assert dropped.link == URL.replace("example.com", "northwind.example") + (
        "commitments/#c-2026-10-08-postgres-eu-central-outage-4"
    )
    assert len(titles) == len(set(e.id for e in feed.entries))  # every step its own entry
    # Nothing dated after the build, and commitments stay out of the update feeds.
    assert all(e.published_parsed <= EXAMPLE_NOW.timetuple() for e in feed.entries)
    everything = feedparser.parse((example_site / "feeds" / "all.atom").read_bytes())
    assert not any(e.title.startswith(("Progress:", "New commitment:")) for e in everything.entries)


@pytest.mark.slow
def test_the_home_page_counts_open_commitments(content, tmp_path):
    commitments(
        content,
        "  - title: Canary stage\n    status: in_progress\n    due: 2026-11-01\n"
        "  - title: Alerting\n    status: in_progress\n"
        "  - title: Docs\n    status: planned\n",
    )
    build(content, tmp_path / "site", EXAMPLE_NOW)
    home = lhtml.fromstring((tmp_path / "site" / "index.html").read_bytes())
    (line,) = home.cssselect(".ob-promises")
    assert line.text_content() == "2 commitments in progress, 1 overdue"
    assert line.cssselect("a")[0].get("href") == "./commitments/"


@pytest.mark.slow
def test_readers_are_asked_how_an_incident_affected_them(content, tmp_path):
    add_incident(content, "incident_valid.md")
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text()
        + "feedback:\n  email: feedback@example.com\n"
        + "  url: https://forms.example.com/answer?incident={id}&about={title}\n"
    )
    build(content, tmp_path / "site", EXAMPLE_NOW)
    page = lhtml.fromstring(
        (tmp_path / "site" / "incidents" / "2026-11-20-api-errors" / "index.html").read_bytes()
    )
    (section,) = page.cssselect(".ob-feedback")
    assert section.cssselect("h2")[0].text == "Tell us how this affected you"
    form, mail = [a.get("href") for a in section.cssselect("a")]
    assert form == (
        "https://forms.example.com/answer?incident=2026-11-20-api-errors"
        "&about=Elevated%20API%20error%20rates%20in%20the%20EU%20region"
    )
    assert mail == (
        "mailto:feedback@example.com?subject=Elevated%20API%20error%20rates%20in%20the%20EU"
        "%20region%20%282026-11-20-api-errors%29"
    )


def test_feedback_settings_are_checked(content):
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text()
        + "feedback:\n  email: nobody\n  url: http://forms.example.com/?x={who}\n"
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert sorted((p.field, p.message) for p in caught.value.problems) == [
        ("feedback.email", "not an e-mail address: 'nobody'"),
        ("feedback.url", "expected an https URL; got 'http://forms.example.com/?x={who}'"),
    ]


@pytest.mark.slow
def test_no_feedback_section_without_settings(content, tmp_path):
    add_incident(content, "incident_valid.md")
    build(content, tmp_path / "site", EXAMPLE_NOW)
    html = (tmp_path / "site" / "incidents" / "2026-11-20-api-errors" / "index.html").read_text()
    assert "ob-feedback" not in html
