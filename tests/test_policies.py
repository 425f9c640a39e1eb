"""Policies and the subprocessor register through the whole product: a real git repository
with three versions of a privacy policy committed at chosen dates, built and checked as a
user would, and every page and file read back with the parser its readers use."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.content.load import load_content
from generator.notify.events import collect

from .conftest import EXAMPLE
from .helpers.policy_story import NOW, POLICY_FIXTURES, STORY, commit, story

URL = "https://status.northwind.example/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("story")
    out = tmp_path_factory.mktemp("site") / "site"
    build(story(repo), out, NOW, jobs=1)
    return out


class Marked(HTMLParser):
    """The text of each <del> and <ins>, without the words only screen readers hear."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {"del": [], "ins": []}
        self.open: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.found:
            self.open.append(tag)
            self.found[tag].append("")
        if tag == "span" and ("class", "ob-sr") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.found:
            self.open.pop()
        if tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.open and not self.hidden:
            self.found[self.open[-1]][-1] += data


def redline_of(page: str) -> dict[str, list[str]]:
    html = page.split('class="ob-report ob-redline">', 1)[1].split("</section>", 1)[0]
    parser = Marked()
    parser.feed(html)
    return parser.found


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_each_version_has_its_page_with_its_own_text(site):
    first = read(site, "policies/privacy/2025-03-01/index.html")
    second = read(site, "policies/privacy/2026-02-01/index.html")
    third = read(site, "policies/privacy/2027-01-01/index.html")
    assert "Server logs with IP addresses for 30 days." in first
    assert "Postmark" not in first
    assert "for 14 days." in second and "three years after" in second
    assert "two years after" in third and "through Mailgun" in third
    assert "This version was in effect from" in first
    assert "This version takes effect on" in third
    # Its neighbours, not every version: that list would grow with the square of their number.
    assert 'id="ob-versions"' not in first
    assert 'href="../../../policies/privacy/2026-02-01/"' in first
    assert 'href="../../../policies/privacy/#ob-versions"' in first
    assert 'id="ob-versions"' in read(site, "policies/privacy/index.html")
    # Written for /policies/privacy/, the text's relative link climbs one folder more here.
    assert 'href="../../../subprocessors/"' in second


def test_the_policy_page_is_the_version_in_effect_with_a_notice_of_the_next(site):
    page = read(site, "policies/privacy/index.html")
    assert "three years after" in page  # version 2, in effect since 1 February 2026
    assert 'href="../../subprocessors/"' in page
    notice = page.split('class="ob-policy-notice"', 1)[1].split("</aside>", 1)[0]
    assert '<time datetime="2027-01-01">' in notice
    assert 'href="../../policies/privacy/2027-01-01/changes/"' in notice
    assert "Mailgun, which replaces Postmark" in notice  # the summary
    listing = read(site, "policies/index.html")
    assert 'href="../policies/privacy/2027-01-01/changes/"' in listing


def test_the_redline_marks_exactly_what_changed(site):
    page = read(site, "policies/privacy/2027-01-01/changes/index.html")
    assert redline_of(page) == {
        "del": ["three", "Postmark."],
        "ins": ["two", "Mailgun (from 1 January 2027; Postmark until then)."],
    }
    assert "keep support tickets for two years instead of three" in page  # the summary
    assert '<span class="ob-sr">[removed: </span>three<span class="ob-sr">]</span>' in page
    earlier = read(site, "policies/privacy/2026-02-01/changes/index.html")
    assert redline_of(earlier) == {
        "del": ["30", "Ireland."],
        "ins": [
            "14",
            "Ireland and send transactional e-mail (sign-in\nlinks, invoices) through Postmark.",
        ],
    }
    assert not (site / "policies/privacy/2025-03-01/changes").exists()  # nothing before it


def test_the_feeds_have_an_entry_for_each_version_and_each_register_change(site):
    policies = feedparser.parse(read(site, "feeds/policies.atom"))
    assert not policies.bozo
    assert [(e.title, e.published[:10]) for e in policies.entries] == [
        ("New version, effective 1 Jan 2027: Privacy policy", "2026-11-20"),
        ("New version, effective 1 Feb 2026: Privacy policy", "2025-12-20"),
        ("New version, effective 1 Mar 2025: Privacy policy", "2025-01-15"),
    ]
    assert policies.entries[0].link == URL + "policies/privacy/2027-01-01/changes/"
    rss = feedparser.parse(read(site, "feeds/policies.rss"))
    assert len(rss.entries) == 3 and not rss.bozo
    register = feedparser.parse(read(site, "feeds/subprocessors.atom"))
    told = [(e.title, e.published[:10]) for e in register.entries]
    assert set(told[:2]) == {
        ("New subprocessor: Mailgun Technologies, Inc.", "2026-11-20"),
        ("Subprocessor leaving: ActiveCampaign, LLC (Postmark)", "2026-11-20"),
    }
    assert ("Subprocessor leaving: Example CDN Ltd", "2025-12-20") in told
    (mailgun,) = [e for e in register.entries if "Mailgun" in e.title]
    assert "To object, tell us by 20 Dec 2026: privacy@northwind.example" in mailgun.summary


def test_the_calendar_has_each_effective_day(site):
    calendar = icalendar.Calendar.from_ical(read(site, "feeds/policies.ics"))
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [e.decoded("dtstart") for e in events] == [
        date(2025, 3, 1),
        date(2026, 2, 1),
        date(2027, 1, 1),
    ]
    assert str(events[-1]["url"]) == URL + "policies/privacy/2027-01-01/changes/"
    assert "Mailgun" in str(events[-1]["description"])


def test_the_register_as_csv_and_json(site):
    rows = list(csv.DictReader(io.StringIO(read(site, "subprocessors/list.csv"))))
    assert [r["id"] for r in rows] == ["aws", "postmark", "mailgun", "fastcdn"]
    mailgun = rows[2]
    assert mailgun == {
        "id": "mailgun",
        "name": "Mailgun Technologies, Inc.",
        "purpose": "Transactional e-mail (sign-in links, invoices), replacing Postmark",
        "location": "European Union (Germany)",
        "data": "e-mail addresses; message content",
        "announced": "2026-11-20",
        "since": "2027-01-01",
        "until": "",
    }
    assert rows[0]["announced"] == "2025-12-20"  # as git first had the entry
    data = json.loads(read(site, "subprocessors/list.json"))
    assert data["notice_days"] == 30 and data["objection"] == "mailto:privacy@northwind.example"
    assert data["subprocessors"][1]["until"] == "2026-12-31"
    assert data["subprocessors"][2]["data"] == ["e-mail addresses", "message content"]


def test_the_policies_api(site):
    data = json.loads(read(site, "api/policies.json"))
    (policy,) = data["policies"]
    assert policy["in_effect"] == "2026-02-01" and policy["history_known"] is True
    assert [(v["effective"], v["published"]) for v in policy["versions"]] == [
        ("2025-03-01", "2025-01-15T10:00:00Z"),
        ("2026-02-01", "2025-12-20T10:00:00Z"),
        ("2027-01-01", "2026-11-20T10:00:00Z"),
    ]
    assert policy["versions"][0]["changes_url"] is None
    assert policy["versions"][2]["changes_url"] == URL + "policies/privacy/2027-01-01/changes/"


def test_the_register_page_and_every_edition(site):
    page = read(site, "subprocessors/index.html")
    upcoming = page.split('id="ob-upcoming"', 1)[1].split('id="ob-current"', 1)[0]
    assert "Mailgun" in upcoming and '<time datetime="2026-12-20">' in upcoming
    assert 'href="mailto:privacy@northwind.example"' in upcoming
    former = page.split('id="ob-former"', 1)[1]
    assert "Example CDN Ltd" in former and "Postmark" not in former
    for prefix in ("", "de/"):
        for path in ("policies/", "policies/privacy/2027-01-01/changes/", "subprocessors/"):
            assert (site / prefix / path / "index.html").is_file(), prefix + path
    # Not translated: in the German edition the policy's words are marked as English.
    german = read(site, "de/policies/privacy/index.html")
    assert '<section class="ob-report ob-policy-text" lang="en">' in german
    assert '<h1 lang="en">Privacy policy</h1>' in german
    assert '<section class="ob-report ob-policy-text">' in read(site, "policies/privacy/index.html")
    assert '<dd lang="en">Static asset delivery</dd>' in read(site, "de/subprocessors/index.html")
    sitemap = read(site, "sitemap.xml")
    for path in ("policies/privacy/2026-02-01/", "policies/privacy/2027-01-01/changes/"):
        assert f"<loc>{URL}{path}</loc>" in sitemap
    assert f"<loc>{URL}subprocessors/</loc>" in sitemap


def check(content: Path, now: str = "2026-11-23T12:00:00Z"):
    return CliRunner().invoke(main, ["check", "--content", str(content), "--now", now])


@pytest.mark.slow
def test_short_notice_is_a_warning_naming_both_dates_and_the_promise(tmp_path):
    late = (POLICY_FIXTURES / "privacy-v3.md").read_text().replace("2027-01-01", "2026-12-01")
    content = story(tmp_path, STORY[:2])
    (content / "policies/privacy.md").write_text(late)
    commit(tmp_path, "2026-11-20T10:00:00Z", "Privacy policy from 1 December")
    result = check(content)
    assert result.exit_code == 0, result.output
    assert (
        "content/policies/privacy.md:3: warning: effective: the version effective 2026-12-01 was "
        "first committed, 2026-11-20: 11 days before it takes effect; the promise is 30 days' "
        "notice"
    ) in result.output
    assert "1 warning." in result.output


def test_a_future_start_nothing_dates_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)  # no git here: nothing dates the entry
    register = (POLICY_FIXTURES / "subprocessors-v3.yml").read_text()
    (content / "subprocessors.yml").write_text(register.replace("    announced: 2026-11-20\n", ""))
    result = check(content)
    assert result.exit_code == 1
    assert "subprocessors.since: 2027-01-01 is still to come, and neither 'announced' nor" in (
        result.output
    )


def test_a_policy_translation_is_refused_not_skipped(tmp_path):
    content = story(tmp_path, STORY[:1])
    (content / "policies/privacy.de.md").write_text("---\ntitle: Datenschutz\n---\nText.\n")
    result = check(content)
    assert result.exit_code == 1
    assert "privacy.de.md:1: id: policies are not translated" in result.output


@pytest.mark.slow
def test_without_git_only_the_file_is_known_and_the_page_says_so(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    (content / "policies").mkdir(exist_ok=True)
    shutil.copy(POLICY_FIXTURES / "privacy-v1.md", content / "policies/privacy.md")
    out = tmp_path / "site"
    build(content, out, NOW, jobs=1)
    page = read(out, "policies/privacy/index.html")
    assert "Only this version is known" in page
    # Nothing says when it was published: no notice warning (it was once "published today").
    result = check(content)
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_notify_tells_each_version_twice_and_each_register_change(tmp_path):
    content = load_content(story(tmp_path))
    events = [e for e in collect(content, NOW, "de") if e.kind in ("policy", "subprocessor")]
    assert [(e.key, e.at.date().isoformat()) for e in events if e.kind == "policy"] == [
        ("policy/privacy/2025-03-01/published", "2025-01-15"),
        ("policy/privacy/2025-03-01/effective", "2025-02-28"),  # midnight in Berlin
        ("policy/privacy/2026-02-01/published", "2025-12-20"),
        ("policy/privacy/2026-02-01/effective", "2026-01-31"),
        ("policy/privacy/2027-01-01/published", "2026-11-20"),
    ]
    told = {e.key for e in events if e.kind == "subprocessor"}
    assert {"subprocessor/mailgun/added", "subprocessor/postmark/leaving"} <= told
    assert all(e.source == "policies/privacy" for e in events if e.kind == "policy")


@pytest.mark.slow
def test_register_cells_a_spreadsheet_would_run_are_neutralised(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    register = (POLICY_FIXTURES / "subprocessors-v3.yml").read_text()
    hostile = register.replace(
        "name: Example CDN Ltd", 'name: "=HYPERLINK(\\"https://x.example\\")"'
    )
    hostile = hostile.replace("purpose: Static asset delivery", 'purpose: "+1, -1, @SUM(A1)"')
    (content / "subprocessors.yml").write_text(hostile)
    build(content, tmp_path / "site", NOW, jobs=1)
    rows = list(csv.DictReader(io.StringIO(read(tmp_path / "site", "subprocessors/list.csv"))))
    assert rows[3]["name"] == '\'=HYPERLINK("https://x.example")'
    assert rows[3]["purpose"] == "'+1, -1, @SUM(A1)"
    data = json.loads(read(tmp_path / "site", "subprocessors/list.json"))
    assert data["subprocessors"][3]["name"] == '=HYPERLINK("https://x.example")'  # data as written
