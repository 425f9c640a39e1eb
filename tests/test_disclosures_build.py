"""Security disclosures through a real build: security.txt read back by sectxt, every CSAF
document of the built site validated by the `csaf` package, and the checks across files."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest
from csaf.csaf.v20 import validate
from sectxt import Parser

from generator import urls
from generator.build import build
from generator.content.load import load_content
from generator.errors import ContentErrors

from .helpers.advisories import DISCLOSURES, with_disclosures


def _messages(content) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    return [str(p) for p in caught.value.problems]


@pytest.mark.slow
def test_the_build_publishes_security_txt_and_valid_csaf(content, tmp_path):
    now = datetime.now(UTC).replace(microsecond=0)  # sectxt compares Expires with its clock
    out = tmp_path / "site"
    build(with_disclosures(content), out, now, jobs=1)
    body = (out / urls.SECURITY_TXT).read_bytes()
    parsed = Parser(body, urls="https://status.example.com/.well-known/security.txt")
    assert parsed.errors == []
    assert parsed.notifications == []
    assert b"CSAF: https://status.example.com/.well-known/csaf/provider-metadata.json" in body
    documents = sorted((out / urls.CSAF_WHITE).rglob("*.json"))
    assert len(documents) == 2
    for path in documents:
        doc = json.loads(path.read_text())
        report = validate(doc, path=str(path), preset="basic")
        failed = [(r.id, [e.message for e in r.errors]) for r in report.results if not r.passed]
        assert report.overall_valid, (path, failed)
    normal = json.loads((out / urls.csaf_document("2026-11-02-advisory-normal", 2026)).read_text())
    assert [r["summary"] for r in normal["document"]["tracking"]["revision_history"]] == [
        "Initial publication.",
        "Fixed version released.",
    ]
    index = (out / urls.CSAF_INDEX).read_text().split()
    assert sorted(index) == [urls.in_white(str(p.relative_to(out))) for p in documents]
    assert index[0].endswith("advisory-normal.json")  # by publication, oldest first


def test_an_edition_in_another_language_has_no_copy(example_site):
    assert (example_site / urls.SECURITY_TXT).is_file()
    assert (example_site / urls.PROVIDER_METADATA).is_file()
    assert not (example_site / "de" / ".well-known").exists()
    documents = sorted((example_site / urls.CSAF_WHITE).rglob("*.json"))
    assert documents
    for path in documents:
        assert validate(json.loads(path.read_text()), path=str(path), preset="basic").overall_valid


def test_raw_html_that_could_run_script_is_an_error_at_its_line(content):
    found = _messages(with_disclosures(content, ("advisory_with_script",)))
    where = "content/advisories/2026-11-02-advisory-with-script.md"
    assert any(m.startswith(f"{where}:8: updates.text:") for m in found), found
    assert any(m.startswith(f"{where}:10: body:") for m in found), found


def test_an_unknown_incident_is_an_error(content):
    with_disclosures(content, ("advisory_normal",))
    (content / "incidents" / "2026-11-20-api-errors.md").unlink()
    found = _messages(content)
    assert any("incident: unknown incident '2026-11-20-api-errors'" in m for m in found), found


def test_a_policy_link_to_a_missing_page_is_an_error(content):
    found = _messages(with_disclosures(content, ("advisory_normal",), page=False))
    assert any("no page of this site is at /how-we-work/disclosure/" in m for m in found), found


def test_a_translation_of_an_advisory_is_refused(content):
    with_disclosures(content, ("advisory_normal",))
    shutil.copy(DISCLOSURES / "advisory_normal.md", content / "advisories" / "2026-11-02-x.de.md")
    found = _messages(content)
    assert any("advisories are not translated yet" in m for m in found), found


def test_index_is_reserved(content):
    with_disclosures(content, ())
    shutil.copy(DISCLOSURES / "advisory_normal.md", content / "advisories" / "index.md")
    found = _messages(content)
    assert any("the id 'index' is reserved: /advisories/" in m for m in found), found


def test_pages_feed_and_api_of_advisories(example_site):
    import feedparser
    import lxml.html

    advisory = "2026-09-30-mfa-codes-accepted-late"
    incident = "2026-09-24-login-mfa-failures"
    page = lxml.html.parse(str(example_site / urls.advisory(advisory) / "index.html")).getroot()
    text = " ".join(page.cssselect(".ob-page")[0].text_content().split())
    assert "Medium (4.8)" in text  # the severity in words beside the score, not colour alone
    cells = [td.text_content() for td in page.cssselect(".ob-advisory td")]
    assert cells == ["Northwind Login", ">= 3.14.0, < 3.18.2", "3.18.2"]
    assert [li.get("id") for li in page.cssselect(".ob-advisory-revisions li")] == [
        "revision-1",
        "revision-2",
    ]
    hrefs = [a.get("href") for a in page.cssselect("a")]
    assert f"../../incidents/{incident}/" in hrefs
    csaf_json = f"https://status.northwind.example/{urls.csaf_document(advisory, 2026)}"
    assert csaf_json in hrefs
    shown = lxml.html.parse(str(example_site / urls.incident(incident) / "index.html")).getroot()
    assert f"../../advisories/{advisory}/" in [a.get("href") for a in shown.cssselect("a")]
    listed = lxml.html.parse(str(example_site / urls.ADVISORIES / "index.html")).getroot()
    assert len(listed.cssselect(".ob-advisory-row")) == 1
    feed = feedparser.parse(str(example_site / "feeds" / "advisories.atom"))
    assert not feed.bozo
    assert [e.id.rsplit("#", 1)[1] for e in feed.entries] == ["revision-2", "revision-1"]
    data = json.loads((example_site / urls.ADVISORIES_API).read_text())
    assert data["advisories"][0]["cvss"][0]["severity"] == "Medium"
    assert data["advisories"][0]["incident_id"] == incident
    document = json.loads((example_site / urls.csaf_document(advisory, 2026)).read_text())
    revisions = document["document"]["tracking"]["revision_history"]
    assert len(revisions) == len(data["advisories"][0]["revisions"])
    scores = document["vulnerabilities"][0]["scores"][0]["cvss_v3"]
    assert (scores["baseScore"], scores["vectorString"]) == (
        data["advisories"][0]["cvss"][0]["base_score"],
        data["advisories"][0]["cvss"][0]["vector"],
    )


def test_notify_tells_each_revision_once_as_kind_advisory():
    from generator.content.notify_settings import KINDS
    from generator.notify.events import collect

    from .conftest import EXAMPLE, EXAMPLE_NOW

    assert "advisory" in KINDS  # `kinds: [advisory]` on a channel
    found = [e for e in collect(load_content(EXAMPLE), EXAMPLE_NOW) if e.kind == "advisory"]
    assert [(e.key.rsplit("/", 1)[1], e.type) for e in found] == [
        ("1", "advisory.published"),
        ("2", "advisory.updated"),
    ]
    assert found[0].markdown.startswith("Severity: Medium (CVSS 3.1 base score 4.8)")
    assert found[1].link.endswith("/advisories/2026-09-30-mfa-codes-accepted-late/#revision-2")


def test_a_site_under_a_subpath_is_warned_about_through_check(content):
    with_disclosures(content, ("advisory_normal",))
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace(
            "url: https://status.example.com/", "url: https://example.github.io/status/"
        )
    )
    notes = [str(n) for n in load_content(content).notes]
    assert any(
        "under the subpath /status/" in n
        and "https://example.github.io/.well-known/security.txt" in n
        for n in notes
    ), notes
