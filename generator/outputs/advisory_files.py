"""The advisories as data: their feeds (Atom and RSS, an entry for each revision) and
`api/advisories.json`, Openbook's own document (Statuspage has no advisories).

The JSON lists each advisory newest first: id, title, status, cves, cvss (version, vector,
base_score, severity, for each vector), products (name, affected, fixed), published_at,
updated_at, revisions (at, text), credits, url, csaf_url (with `security.csaf`) and
incident_id (or null).
"""

from __future__ import annotations

import json

from generator import urls
from generator.content.advisories import Advisory
from generator.content.models import Portal
from generator.content.schema import iso
from generator.facts import Facts
from generator.outputs import csaf, feed_formats
from generator.outputs.feed_entries import Entry
from generator.outputs.feeds import Feed
from generator.words import Words

NAME = "advisories"


def files(facts: Facts) -> dict[str, bytes]:
    if not facts.content.advisories:
        return {}
    return {**_feeds(facts), urls.ADVISORIES_API: _json(document(facts))}


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def document(facts: Facts) -> dict:
    portal = facts.content.portal
    return {"advisories": [entry(portal, a) for a in facts.content.advisories]}


def entry(portal: Portal, a: Advisory) -> dict:
    """One advisory as `api/advisories.json` lists it; the webhook event's item too."""
    return {
        "id": a.id,
        "title": a.title,
        "status": str(a.status),
        "cves": list(a.cves),
        "cvss": [
            {
                "version": s.version,
                "vector": s.vector,
                "base_score": s.base,
                "severity": s.severity,
            }
            for s in a.scores
        ],
        "products": [
            {"name": p.name, "affected": p.affected, "fixed": p.fixed or None} for p in a.products
        ],
        "published_at": iso(a.published),
        "updated_at": iso(a.updated),
        "revisions": [{"at": iso(u.at), "text": u.text} for u in a.updates],
        "credits": list(a.credits),
        "url": portal.url + urls.advisory(a.id),
        "csaf_url": csaf.url(portal, a),
        "incident_id": a.incident or None,
    }


def summary(facts: Facts, advisory: Advisory) -> str:
    return summary_of(facts.words, advisory)


def summary_of(words: Words, advisory: Advisory) -> str:
    """Severity and score in words, then the products: what a reader of a feed sees first."""
    _ = words._
    parts = []
    if advisory.score is not None:
        parts.append(
            _(
                "Severity: %(severity)s (CVSS %(version)s base score %(score)s)",
                severity=_(advisory.score.severity),
                version=advisory.score.version,
                score=advisory.score.base,
            )
        )
    for p in advisory.products:
        fixed = _("fixed in %(version)s", version=p.fixed) if p.fixed else _("no fix yet")
        parts.append(f"{p.name} {p.affected}: {fixed}")
    return " · ".join(parts)


def _feeds(facts: Facts) -> dict[str, bytes]:
    portal, words = facts.content.portal, facts.words
    _ = words._
    feed = Feed(
        urls.feed(NAME),
        _("%(site)s: %(feed)s", site=portal.title, feed=_("Security advisories")),
        urls.ADVISORIES,
        lambda e: True,
    )
    entries = []
    for a in facts.content.advisories:
        page = portal.url + urls.advisory(a.id)
        head = feed_formats.xml_safe(summary(facts, a))
        for u in a.updates:
            title = a.title if u.number == 1 else _("%(title)s: updated", title=a.title)
            body = f"<p>{_escape(head)}</p>{facts.md.html(u.text)}"
            entries.append(
                Entry(f"{page}#revision-{u.number}", title, page, u.at, body, "advisory", ())
            )
    entries.sort(key=lambda e: (e.published, e.id), reverse=True)
    entries = entries[: portal.feed_size]
    hubs = feed_formats.websub_hubs(portal)
    updated = entries[0].published if entries else facts.now
    return {
        feed.path + ".atom": feed_formats.atom(portal, feed, entries, updated, hubs),
        feed.path + ".rss": feed_formats.rss(portal, feed, entries, updated, hubs),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
