"""`security:` in portal.yml: who to tell about a vulnerability (RFC 9116's security.txt) and who
publishes the site's advisories as CSAF 2.0."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from generator.content import site_paths
from generator.content.schema import (
    EMAIL,
    FAILED,
    HTTPS,
    Checker,
    Field,
    Invalid,
    choice,
    describe,
    label,
    ok,
    one_line,
    record_of,
    text,
)
from generator.content.source import KeyPath
from generator.errors import Problem

MAX_EXPIRES_DAYS = 365  # RFC 9116 2.5.5: an Expires more than a year ahead is not recommended


class PublisherCategory(StrEnum):
    """CSAF 2.0 `/document/publisher/category`."""

    COORDINATOR = "coordinator"
    DISCOVERER = "discoverer"
    OTHER = "other"
    TRANSLATOR = "translator"
    USER = "user"
    VENDOR = "vendor"


@dataclass(frozen=True)
class CsafPublisher:
    name: str
    namespace: str  # an https URL naming the publisher: its tracking ids are unique under it
    category: PublisherCategory = PublisherCategory.VENDOR
    contact_details: str = ""
    issuing_authority: str = ""


@dataclass(frozen=True)
class Security:
    """What portal.yml says under `security:`. Links are as written: a page of this site (a path
    from its root, `/how-we-work/disclosure/`) or an https URL."""

    contact: tuple[str, ...]  # mailto:, https: or tel: URIs, in order of preference
    expires_days: int = 180
    encryption: str = ""
    policy: str = ""
    acknowledgments: str = ""
    hiring: str = ""
    csaf: CsafPublisher | None = None
    source: str = "content/portal.yml"
    lines: Mapping[str, int] = field(default_factory=dict)  # field -> its line in portal.yml

    def links(self) -> dict[str, str]:
        """The optional links that are given, by field name."""
        named = {
            "encryption": self.encryption,
            "policy": self.policy,
            "acknowledgments": self.acknowledgments,
            "hiring": self.hiring,
        }
        return {name: value for name, value in named.items() if value}


# A URI goes into security.txt as one line: only visible ASCII, so no value can end the line
# and start a field of its own, whatever YAML escapes were used to write it.
_VISIBLE = re.compile(r"[!-~]+\Z")
_MAILTO = re.compile("mailto:" + EMAIL.pattern)
_TEL = re.compile(r"tel:\+?[0-9][0-9().-]*\Z")
_FINGERPRINT = re.compile(r"openpgp4fpr:[0-9A-Fa-f]{40}\Z")


def _uri(c: Checker, value: Any, path: KeyPath) -> str:
    written = text(c, value, path)
    if not _VISIBLE.match(written):
        bad = next(ch for ch in written if not _VISIBLE.match(ch))
        raise Invalid(
            f"a URI may not contain {bad!r}; got {written!r}",
            "percent-encode spaces and other characters (%20)",
        )
    return written


def contact(c: Checker, value: Any, path: KeyPath) -> str:
    """RFC 9116 2.5.3: a mailto:, https: or tel: URI."""
    uri = _uri(c, value, path)
    if _MAILTO.match(uri) or _TEL.match(uri) or re.match(HTTPS, uri):
        return uri
    if "@" in uri and ":" not in uri:
        raise Invalid(f"expected a URI; got the address {uri!r}", f"write mailto:{uri}")
    if uri.startswith("http://"):
        raise Invalid(f"expected https; got {uri!r}", "RFC 9116 allows only https web links")
    raise Invalid(
        f"expected a mailto:, https: or tel: URI; got {uri!r}",
        "e.g. mailto:security@example.com, https://example.com/report or tel:+1-201-555-0123",
    )


def contacts(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        got = "an empty list" if value == [] else describe(value)
        raise Invalid(
            f"expected a list of contacts; got {got}",
            "e.g. [mailto:security@example.com, https://example.com/report]",
        )
    found = [c.value(contact, item, path + (i,)) for i, item in enumerate(value)]
    return FAILED if not ok(*found) else tuple(found)


def site_link(c: Checker, value: Any, path: KeyPath) -> str:
    """A page of this site as a path from its root (`/how-we-work/disclosure/`), or an https URL."""
    link = _uri(c, value, path)
    if link.startswith("/") and not link.startswith("//"):
        try:
            site_paths.address_file(link)
        except ValueError as exc:
            raise Invalid(f"not a path on this site: {link!r}: {exc}") from None
        return link
    if re.match(HTTPS, link):
        return link
    raise Invalid(
        f"expected a path on this site or an https URL; got {link!r}",
        "e.g. /how-we-work/vulnerability-disclosure/ or https://example.com/security/policy",
    )


def encryption(c: Checker, value: Any, path: KeyPath) -> str:
    """RFC 9116 2.5.4: where the key is (a page of the site or an https URL), or its
    fingerprint as an openpgp4fpr: URI."""
    uri = _uri(c, value, path)
    return uri if _FINGERPRINT.match(uri) else site_link(c, uri, path)


def expires_days(c: Checker, value: Any, path: KeyPath) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_EXPIRES_DAYS:
        return value
    raise Invalid(
        f"expected a number of days from 1 to {MAX_EXPIRES_DAYS}; got {describe(value)}",
        "RFC 9116 says Expires should be less than a year ahead; each build moves it on",
    )


def namespace(c: Checker, value: Any, path: KeyPath) -> str:
    uri = _uri(c, value, path)
    if not re.match(HTTPS, uri):
        raise Invalid(f"expected an https URL; got {uri!r}", "e.g. https://example.com")
    return uri


PUBLISHER = {
    "name": Field(one_line, required=True),
    "namespace": Field(namespace, required=True),
    "category": Field(choice(PublisherCategory), default=PublisherCategory.VENDOR),
    "contact_details": Field(text, default=""),
    "issuing_authority": Field(text, default=""),
}
CSAF = {"publisher": Field(record_of(PUBLISHER, "the CSAF publisher"), required=True)}
SECURITY = {
    "contact": Field(contacts, required=True),
    "expires_days": Field(expires_days, default=180),
    "encryption": Field(encryption, default=""),
    "policy": Field(site_link, default=""),
    "acknowledgments": Field(site_link, default=""),
    "hiring": Field(site_link, default=""),
    "csaf": Field(record_of(CSAF, "the CSAF settings")),
}


def security_from(c: Checker, raw: Any, path: KeyPath = ("security",)) -> Security | None:
    """The `security:` settings at `path`; None after reporting what is wrong."""
    f = c.record(raw, path, SECURITY, "the security settings")
    if f is None or not ok(*f.values()):
        return None
    publisher = None
    if f["csaf"] is not None:
        p = f["csaf"]["publisher"]
        if not ok(*p.values()):
            return None
        publisher = CsafPublisher(**p)
    return Security(
        contact=f["contact"],
        expires_days=f["expires_days"],
        encryption=f["encryption"],
        policy=f["policy"],
        acknowledgments=f["acknowledgments"],
        hiring=f["hiring"],
        csaf=publisher,
        source=c.doc.path,
        lines={name: c.doc.line(path + (name,)) for name in SECURITY},
    )


def absolute(link: str, site_url: str) -> str:
    """A link as security.txt and CSAF write it: a path of this site joined to its URL."""
    return site_url.rstrip("/") + link if link.startswith("/") else link


def root_warnings(security: Security, site_url: str) -> list[Problem]:
    """What keeps scanners from finding security.txt: RFC 9116 looks for it only at the root of
    the domain, and only over https."""
    where = urlsplit(site_url)
    line = security.lines.get("contact", 1)
    found = []
    if where.path not in ("", "/"):
        root = f"{where.scheme}://{where.netloc}/.well-known/security.txt"
        found.append(
            Problem(
                security.source,
                line,
                "security",
                f"the site is under the subpath {where.path}, but RFC 9116 scanners look for "
                f"{root} only",
                "serve the file there too: a copy on the domain's root site, or a redirect from "
                "there to this site's .well-known/security.txt",
                level="warning",
            )
        )
    if where.scheme != "https":
        found.append(
            Problem(
                security.source,
                line,
                "security",
                f"the site's URL is {where.scheme}:, but RFC 9116 serves security.txt over https",
                "publish the site over https and write its url with https://",
                level="warning",
            )
        )
    return found


def missing_pages(security: Security, pages: set[str]) -> list[Problem]:
    """Links to a page of this site that it does not publish. `pages` holds the site's page paths
    from its root, each ending in `/` (`how-we-work/disclosure/`)."""
    found = []
    for name, link in security.links().items():
        if not link.startswith("/") or "." in link.rsplit("/", 1)[-1]:
            continue  # a web address, or a file such as /pgp-key.txt that pages do not list
        if link.strip("/") + "/" not in pages and link != "/":
            found.append(
                Problem(
                    security.source,
                    security.lines.get(name, 1),
                    label(("security", name)),
                    f"no page of this site is at {link}",
                    "write the path of a page such as /how-we-work/vulnerability-disclosure/ "
                    "(a file content/pages/vulnerability-disclosure.md), or an https URL",
                )
            )
    return found
