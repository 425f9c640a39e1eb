"""The files of policies and the subprocessor register: their feeds (Atom and RSS), the
effective days as a calendar, `api/policies.json`, and the register as CSV and JSON.

The register's files have one row per subprocessor: id, name, purpose, location, data (a list
in JSON; joined with "; " in CSV), announced, since and until (dates, or empty). `announced`
is as written, else the day git first had the entry.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vText

from generator import __version__, urls
from generator.content.models import Content, Portal
from generator.content.policies import Policy, PolicyVersion
from generator.content.subprocessors import Subprocessor
from generator.facts import Facts
from generator.facts.policies import announced, in_effect, previous
from generator.outputs import csvcells, feed_formats
from generator.outputs.feed_entries import Entry
from generator.outputs.feeds import Feed
from generator.outputs.plaintext import plain_text
from generator.outputs.policy_entries import happenings

FEEDS = (  # name, the page it is about, what it carries
    ("policies", urls.POLICIES, ("policy.published",)),
    ("subprocessors", urls.SUBPROCESSORS, ("subprocessor.added", "subprocessor.leaving")),
)
COLUMNS = ("id", "name", "purpose", "location", "data", "announced", "since", "until")


def files(facts: Facts) -> dict[str, bytes]:
    content = facts.content
    found: dict[str, bytes] = {}
    if content.policies or content.subprocessors is not None:
        found.update(_feeds(facts))
    if content.policies:
        found[urls.POLICY_CALENDAR] = calendar(facts)
        found[urls.POLICIES_API] = _json(policies_document(facts))
    if content.subprocessors is not None:
        rows = register_rows(facts)
        found[urls.SUBPROCESSORS_CSV] = csvcells.text(
            COLUMNS, [[*r[:4], "; ".join(r[4]), *r[5:]] for r in rows]
        ).encode("utf-8")
        register = content.subprocessors
        found[urls.SUBPROCESSORS_JSON] = _json(
            {
                "notice_days": register.notice_days,
                "objection": register.objection,
                "subprocessors": [dict(zip(COLUMNS, r, strict=True)) for r in rows],
            }
        )
    return found


def _json(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _feeds(facts: Facts) -> dict[str, bytes]:
    portal, words = facts.content.portal, facts.words
    told = sorted(happenings(facts.content, facts.now, words), key=lambda h: (h.at, h.key))
    told.reverse()
    hubs = feed_formats.websub_hubs(portal)
    out = {}
    for name, page, types in FEEDS:
        present = facts.content.policies if name == "policies" else facts.content.subprocessors
        if not present:
            continue
        label = words._("Policies") if name == "policies" else words._("Subprocessors")
        feed = Feed(
            urls.feed(name),
            words._("%(site)s: %(feed)s", site=portal.title, feed=label),
            page,
            lambda e: True,
        )
        entries = [
            Entry(
                portal.url + h.key,  # an id, never a page: one page has several of them
                words.labelled(h.label, h.title),
                h.link,
                h.at,
                str(facts.md.html(h.markdown)),
                "correction",  # written with its id as a name, not a permalink
                (),
            )
            for h in told
            if h.type in types
        ][: portal.feed_size]
        updated = entries[0].published if entries else facts.now
        out[feed.path + ".atom"] = feed_formats.atom(portal, feed, entries, updated, hubs)
        out[feed.path + ".rss"] = feed_formats.rss(portal, feed, entries, updated, hubs)
    return out


def calendar(facts: Facts) -> bytes:
    """Each version's effective day, an all-day event."""
    content, words = facts.content, facts.words
    portal, _ = content.portal, words._
    host = urlsplit(portal.url).hostname or "openbook"
    cal = Calendar()
    cal.add("prodid", f"-//Openbook//Openbook {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(_("%(site)s: %(feed)s", site=portal.title, feed=_("Policies"))))
    for policy in content.policies:
        for version in policy.versions:
            replaced = previous(policy, version)
            page = urls.policy_changes if replaced is not None else urls.policy_version
            url = portal.url + page(policy.id, version.effective)
            # DTSTAMP: when the version was published, so the file is the same build to build.
            stamp = version.published or datetime.combine(version.effective, time(), UTC)
            event = Event()
            event.add("uid", f"policy-{policy.id}-{version.effective.isoformat()}@{host}")
            event.add("dtstamp", stamp.astimezone(UTC))
            event.add("dtstart", version.effective)
            event.add("summary", _("%(title)s: new version in effect", title=version.title))
            said = [plain_text(str(facts.md.html(version.summary)), url)] if replaced else []
            event.add("description", "\n\n".join([*said, url]))
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()


def policies_document(facts: Facts) -> dict:
    """`api/policies.json`: each policy, its versions with their dates and addresses."""
    portal = facts.content.portal
    today = facts.now.astimezone(portal.timezone).date()
    found = []
    for policy in facts.content.policies:
        current = in_effect(policy, today)
        found.append(
            {
                "id": policy.id,
                "title": (current or policy.newest).title,
                "url": portal.url + urls.policy(policy.id),
                "in_effect": current.effective.isoformat() if current else None,
                "history_known": policy.versions_known,
                "versions": [version_entry(portal, policy, v) for v in policy.versions],
            }
        )
    return {"policies": found}


def version_entry(portal: Portal, policy: Policy, version: PolicyVersion) -> dict:
    """One version as `api/policies.json` lists it under its policy; the webhook's item too."""
    replaced = previous(policy, version)
    return {
        "effective": version.effective.isoformat(),
        "title": version.title,
        "summary": version.summary,
        "published": _stamp(version.published),
        "notice_days": version.notice_days or portal.policy_notice_days,
        "url": portal.url + urls.policy_version(policy.id, version.effective),
        "changes_url": portal.url + urls.policy_changes(policy.id, version.effective)
        if replaced
        else None,
    }


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def register_rows(facts: Facts) -> list[tuple]:
    content = facts.content
    return [register_row(content, entry) for entry in content.subprocessors.subprocessors]


def register_row(content: Content, entry: Subprocessor) -> tuple:
    """One subprocessor's cells, in the order of COLUMNS; the webhook's item is them too."""
    record = content.policy_revisions
    told = announced(entry, record.entries, content.portal.timezone)
    return (
        entry.id,
        entry.name,
        entry.purpose,
        entry.location,
        list(entry.data),
        told.isoformat() if told else None,
        entry.since.isoformat(),
        entry.until.isoformat() if entry.until else None,
    )
