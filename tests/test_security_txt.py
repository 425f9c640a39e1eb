"""`security:` in portal.yml and the security.txt made from it, read back by a real RFC 9116
parser (sectxt, offline: its Parser reads bytes and fetches nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sectxt import Parser

from generator.content.schema import Checker
from generator.content.security_settings import missing_pages, root_warnings, security_from
from generator.content.source import parse_yaml
from generator.outputs import security_txt

SITE = "https://status.northwind.example/"
GOOD = """\
security:
  contact: [mailto:security@northwind.example, https://northwind.example/report, tel:+49-30-555-0100]
  encryption: https://northwind.example/pgp-key.txt
  policy: /how-we-work/vulnerability-disclosure/
  acknowledgments: /how-we-work/thanks/
  hiring: https://northwind.example/jobs/security
  expires_days: 90
  csaf:
    publisher: {name: Northwind Cloud, namespace: "https://northwind.example"}
"""


def settings(text: str):
    problems: list = []
    doc = parse_yaml(text, "content/portal.yml", problems)
    assert doc is not None, problems
    found = security_from(Checker(doc, problems), doc.data["security"])
    return found, [str(p) for p in problems]


def test_the_settings_are_read():
    security, problems = settings(GOOD)
    assert problems == []
    assert security.contact == (
        "mailto:security@northwind.example",
        "https://northwind.example/report",
        "tel:+49-30-555-0100",
    )
    assert security.expires_days == 90
    assert security.csaf.name == "Northwind Cloud"
    assert security.csaf.category == "vendor"
    assert security.lines["policy"] == 4


def test_security_txt_is_valid_for_a_real_parser():
    security, _ = settings(GOOD)
    now = datetime.now(UTC).replace(microsecond=0)
    body = security_txt.files(security, SITE, ("en", "de"), now)[".well-known/security.txt"]
    parsed = Parser(body, urls=SITE + ".well-known/security.txt")
    assert parsed.errors == []
    # An unsigned file is all that is left to recommend (signing is optional, see the docs).
    assert [r["code"] for r in parsed.recommendations] == ["not_signed"]
    assert parsed.notifications == []
    assert parsed.preferred_languages == ["en", "de"]
    assert body.decode() == (
        "Contact: mailto:security@northwind.example\n"
        "Contact: https://northwind.example/report\n"
        "Contact: tel:+49-30-555-0100\n"
        f"Expires: {(now + timedelta(days=90)).strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        "Encryption: https://northwind.example/pgp-key.txt\n"
        "Acknowledgments: https://status.northwind.example/how-we-work/thanks/\n"
        "Policy: https://status.northwind.example/how-we-work/vulnerability-disclosure/\n"
        "Hiring: https://northwind.example/jobs/security\n"
        "Preferred-Languages: en, de\n"
        "Canonical: https://status.northwind.example/.well-known/security.txt\n"
        "CSAF: https://status.northwind.example/.well-known/csaf/provider-metadata.json\n"
    )


def test_the_parser_catches_a_file_that_has_expired():
    """The check above can fail: the same file, built long ago, has expired."""
    security, _ = settings(GOOD)
    body = security_txt.text(security, SITE, ("en",), datetime(2020, 1, 1, tzinfo=UTC))
    assert [e["code"] for e in Parser(body.encode()).errors] == ["expired"]


def test_a_minimal_file_has_contact_expires_languages_and_canonical():
    security, problems = settings("security: {contact: mailto:security@example.com}\n")
    assert problems == []
    body = security_txt.text(
        security, "https://example.github.io/status/", ("en",), datetime.now(UTC)
    )
    assert [line.split(":")[0] for line in body.splitlines()] == [
        "Contact",
        "Expires",
        "Preferred-Languages",
        "Canonical",
    ]
    assert "Canonical: https://example.github.io/status/.well-known/security.txt\n" in body
    assert Parser(body.encode()).errors == []
    assert security_txt.files(None, SITE, ("en",), datetime.now(UTC)) == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "contact: security@example.com",
            "content/portal.yml:2: security.contact: expected a URI; got the address "
            "'security@example.com'\n  hint: write mailto:security@example.com",
        ),
        (
            "contact: [http://example.com/report]",
            "content/portal.yml:2: security.contact: expected https; got "
            "'http://example.com/report'\n  hint: RFC 9116 allows only https web links",
        ),
        (
            'contact: ["mailto:a@example.com\\nPolicy: https://evil.example/"]',
            "content/portal.yml:2: security.contact: a URI may not contain '\\n'; got "
            "'mailto:a@example.com\\nPolicy: https://evil.example/'\n"
            "  hint: percent-encode spaces and other characters (%20)",
        ),
        (
            "contact: []",
            "content/portal.yml:2: security.contact: expected a list of contacts; got an empty list\n"
            "  hint: e.g. [mailto:security@example.com, https://example.com/report]",
        ),
    ],
)
def test_contacts_are_uris_on_one_line(line, message):
    _, problems = settings(f"security:\n  {line}\n")
    assert problems == [message]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "expires_days: 400",
            "content/portal.yml:3: security.expires_days: expected a number of days from 1 to "
            "365; got the number 400\n  hint: RFC 9116 says Expires should be less than a year "
            "ahead; each build moves it on",
        ),
        (
            "expires_days: 0",
            "content/portal.yml:3: security.expires_days: expected a number of days from 1 to "
            "365; got the number 0\n  hint: RFC 9116 says Expires should be less than a year "
            "ahead; each build moves it on",
        ),
        (
            "policy: how-we-work/disclosure/",
            "content/portal.yml:3: security.policy: expected a path on this site or an https URL;"
            " got 'how-we-work/disclosure/'\n  hint: e.g. /how-we-work/vulnerability-disclosure/"
            " or https://example.com/security/policy",
        ),
        (
            "policy: /../../etc/passwd",
            "content/portal.yml:3: security.policy: not a path on this site: '/../../etc/passwd':"
            " once decoded it has a '..' segment",
        ),
        (
            "encryption: openpgp4fpr:1234",
            "content/portal.yml:3: security.encryption: expected a path on this site or an https"
            " URL; got 'openpgp4fpr:1234'\n  hint: e.g. /how-we-work/vulnerability-disclosure/"
            " or https://example.com/security/policy",
        ),
        (
            "csaf: {publisher: {name: X, namespace: example.com, category: Vendor}}",
            "content/portal.yml:3: security.csaf.publisher.namespace: expected an https URL; got"
            " 'example.com'\n  hint: e.g. https://example.com",
        ),
        (
            "poilcy: /x/",
            "content/portal.yml:3: security.poilcy: unknown field 'poilcy'\n"
            "  hint: did you mean 'policy'?",
        ),
    ],
)
def test_each_setting_is_checked_at_its_line(line, message):
    _, problems = settings(f"security:\n  contact: [mailto:s@example.com]\n  {line}\n")
    assert problems[0] == message


def test_a_publisher_category_is_one_of_csafs():
    _, problems = settings(
        "security:\n  contact: mailto:s@example.com\n"
        "  csaf: {publisher: {name: X, namespace: 'https://x.example', category: Vendor}}\n"
    )
    assert problems == [
        "content/portal.yml:3: security.csaf.publisher.category: expected one of coordinator, "
        "discoverer, other, translator, user, vendor; got 'Vendor'\n"
        "  hint: did you mean 'vendor'? (case matters)"
    ]


def test_a_site_under_a_subpath_is_warned_that_scanners_look_at_the_root():
    security, _ = settings(GOOD)
    assert root_warnings(security, SITE) == []
    [warning] = root_warnings(security, "https://northwind.github.io/status/")
    assert str(warning) == (
        "content/portal.yml:2: warning: security: the site is under the subpath /status/, but "
        "RFC 9116 scanners look for https://northwind.github.io/.well-known/security.txt only\n"
        "  hint: serve the file there too: a copy on the domain's root site, or a redirect from "
        "there to this site's .well-known/security.txt"
    )
    assert warning.level == "warning"


def test_a_link_to_a_page_the_site_does_not_publish_is_an_error():
    security, _ = settings(GOOD)
    pages = {"how-we-work/vulnerability-disclosure/", "how-we-work/thanks/"}
    assert missing_pages(security, pages) == []
    [problem] = missing_pages(security, {"how-we-work/thanks/"})
    assert str(problem).startswith(
        "content/portal.yml:4: security.policy: no page of this site is at "
        "/how-we-work/vulnerability-disclosure/"
    )
