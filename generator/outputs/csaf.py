"""An advisory as a CSAF 2.0 `csaf_security_advisory` document, the form scanners and vendors'
tooling read: the same products, revisions and CVSS as its page.

CSAF 2.0 knows CVSS 2 and 3 only. A CVSS 4.0 vector goes into a vulnerability note, so nothing
on the page is missing from the document; CSAF 2.1 will carry it as a score.
"""

from __future__ import annotations

import json
from typing import Any

import cvss

from generator import __version__, urls
from generator.content.advisories import Advisory, Product
from generator.content.models import Portal
from generator.content.schema import iso
from generator.content.security_settings import CsafPublisher

CSAF_VERSION = "2.0"
CVE_RECORD = "https://www.cve.org/CVERecord?id="
NONE_YET = "No fix is available yet; this advisory will be updated when there is one."
TLP_WHITE = {"label": "WHITE", "url": "https://www.first.org/tlp/"}


def tracking_id(advisory: Advisory) -> str:
    """Unique under the publisher's namespace: the advisory's id, its file name."""
    return advisory.id


def path(advisory: Advisory) -> str:
    """Where the document is published, by the standard's rule for folders and file names."""
    return urls.csaf_document(tracking_id(advisory), advisory.published.year)


def url(portal: Portal, advisory: Advisory) -> str | None:
    """The document's address, at the site's root whatever the edition (there is one of each);
    None when the site publishes no CSAF."""
    if portal.security is None or portal.security.csaf is None:
        return None
    root = portal.url
    if portal.language != portal.languages[0]:
        root = root.removesuffix(portal.language + "/")
    return root + path(advisory)


def encoded(document: dict) -> bytes:
    """JSON with its keys sorted, as CSAF 2.0 6.2.13 recommends."""
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def publisher_json(publisher: CsafPublisher) -> dict[str, str]:
    out = {
        "category": str(publisher.category),
        "name": publisher.name,
        "namespace": publisher.namespace,
    }
    if publisher.contact_details:
        out["contact_details"] = publisher.contact_details
    if publisher.issuing_authority:
        out["issuing_authority"] = publisher.issuing_authority
    return out


class _Ids:
    """Product ids in product tree order: CSAFPID-0001, CSAFPID-0002, …"""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"CSAFPID-{self.count:04d}"


def document(
    advisory: Advisory, publisher: CsafPublisher, site_url: str, language: str = "en"
) -> dict[str, Any]:
    """The CSAF document of `advisory` as published under `site_url` (absolute, ending in /)."""
    ids = _Ids()
    products = [(p, ids.next(), ids.next() if p.fixed else "") for p in advisory.products]
    page = site_url + urls.advisory(advisory.id)
    doc: dict[str, Any] = {
        "category": "csaf_security_advisory",
        "csaf_version": CSAF_VERSION,
        "distribution": {"tlp": TLP_WHITE},
        "lang": language,
        "notes": [{"category": "description", "title": "Description", "text": advisory.body}],
        "publisher": publisher_json(publisher),
        "references": _references(advisory, page, site_url + path(advisory)),
        "title": advisory.title,
        "tracking": _tracking(advisory),
    }
    if advisory.score is not None:
        doc["aggregate_severity"] = {"text": advisory.score.severity}
    if advisory.credits:
        doc["acknowledgments"] = [{"names": list(advisory.credits)}]
    return {
        "document": doc,
        "product_tree": {"branches": [_vendor(publisher.name, products)]},
        "vulnerabilities": [
            _vulnerability(advisory, products, cve, page) for cve in advisory.cves or (None,)
        ],
    }


def _tracking(advisory: Advisory) -> dict[str, Any]:
    return {
        "current_release_date": iso(advisory.updated),
        "generator": {"engine": {"name": "Openbook", "version": __version__}},
        "id": tracking_id(advisory),
        "initial_release_date": iso(advisory.published),
        # One revision per update, numbered as integers: CSAF's integer versioning.
        "revision_history": [
            {"date": iso(u.at), "number": str(u.number), "summary": u.text}
            for u in advisory.updates
        ],
        "status": str(advisory.status),
        "version": str(len(advisory.updates)),
    }


def _references(advisory: Advisory, page: str, json_url: str) -> list[dict[str, str]]:
    found = [
        {"category": "self", "summary": "The advisory on its page", "url": page},
        {"category": "self", "summary": "This document", "url": json_url},
    ]
    found += [
        {"category": "external", "summary": f"{cve} in the CVE list", "url": CVE_RECORD + cve}
        for cve in advisory.cves
    ]
    return found


def _vendor(name: str, products: list[tuple[Product, str, str]]) -> dict[str, Any]:
    """vendor -> product name -> the affected range and the fixed version."""
    branches = []
    for product, affected, fixed in products:
        versions = [
            {
                "category": "product_version_range",
                "name": product.vers,
                "product": {"name": f"{product.name} {product.affected}", "product_id": affected},
            }
        ]
        if fixed:
            versions.append(
                {
                    "category": "product_version",
                    "name": product.fixed,
                    "product": {"name": f"{product.name} {product.fixed}", "product_id": fixed},
                }
            )
        branches.append({"category": "product_name", "name": product.name, "branches": versions})
    return {"category": "vendor", "name": name, "branches": branches}


def _vulnerability(
    advisory: Advisory, products: list[tuple[Product, str, str]], cve: str | None, page: str
) -> dict[str, Any]:
    affected = [a for _, a, _ in products]
    status: dict[str, list[str]] = {"known_affected": affected}
    fixed = [f for _, _, f in products if f]
    if fixed:
        status["fixed"] = fixed
    remediations = [
        {
            "category": "vendor_fix",
            "details": f"Update {p.name} to {p.fixed} or later.",
            "product_ids": [a],
            "url": page,
        }
        for p, a, _ in products
        if p.fixed
    ]
    if advisory.mitigation:
        remediations.append(
            {"category": "mitigation", "details": advisory.mitigation, "product_ids": affected}
        )
    waiting = [a for p, a, _ in products if not p.fixed and not advisory.mitigation]
    if waiting:
        remediations.append(
            {"category": "none_available", "details": NONE_YET, "product_ids": waiting}
        )
    notes = [{"category": "summary", "title": "Summary", "text": advisory.title}]
    scores = []
    for score in advisory.scores:
        if score.major == 3:
            metrics = cvss.CVSS3(score.vector).as_json(minimal=True)
            scores.append({"cvss_v3": metrics, "products": affected})
        else:
            notes.append(
                {
                    "category": "other",
                    "title": f"CVSS v{score.version}",
                    "text": f"{score.vector} (base score {score.base}, {score.severity})",
                }
            )
    out: dict[str, Any] = {}
    if cve:
        out["cve"] = cve
    out.update({"title": advisory.title, "notes": notes, "product_status": status})
    if remediations:
        out["remediations"] = remediations
    if scores:
        out["scores"] = scores
    return out
