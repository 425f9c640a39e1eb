"""RSS 2.0, Atom 1.0 and JSON Feed 1.1: every published update as its own entry.

A reader shows "Identified" and "Resolved" as new items rather than silently
editing one, because each update has its own stable id (its URL on the site).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator import __version__, urls
from generator.content import revisions
from generator.content.models import Content
from generator.content.rendering import Renderer
from generator.content.schema import iso
from generator.content.vocab import CommitmentStatus
from generator.content.vocab import MaintenanceStatus as MS
from generator.facts import Facts, derive
from generator.facts.availability import Availability
from generator.words import N_, Clock, Words

# Characters XML 1.0 cannot carry at all; everything else is escaped by the serialisers.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


@dataclass(frozen=True)
class Entry:
    """One feed item: an incident update, a maintenance notice, an announcement."""

    id: str  # absolute URL of the item's anchor; never changes between builds
    title: str
    link: str
    published: datetime
    body: str | Callable[[], str]  # its HTML, or what makes it: most entries reach no feed
    kind: str  # "incident" | "maintenance" | "announcement"
    components: tuple[str, ...]

    @functools.cached_property
    def html(self) -> str:
        return self.body() if callable(self.body) else self.body


# The feeds of one kind of entry: name, title, the page they belong to, the kinds they carry.
KIND_FEEDS = (
    ("incidents", N_("Incidents"), urls.INCIDENTS, ("incident",)),
    ("maintenance", N_("Maintenance"), urls.MAINTENANCE, ("maintenance",)),
    ("announcements", N_("Announcements"), urls.ANNOUNCEMENTS, ("announcement", "report")),
    ("changes", N_("Corrections"), urls.CHANGES, ("correction",)),
    ("commitments", N_("Commitments"), urls.COMMITMENTS, ("commitment",)),
)


@dataclass(frozen=True)
class Feed:
    path: str  # "feeds/all", without extension
    title: str
    page: str  # the HTML page the feed belongs to, relative to the site root
    select: Callable[[Entry], bool]
    json: bool = False


def incident_entries(content: Content, md: Renderer, words: Words) -> list[Entry]:
    portal = content.portal
    out = []
    for incident in content.incidents:
        history = derive.affected_history(incident)
        for update, statuses in zip(incident.updates, history, strict=True):
            link = portal.url + urls.update(urls.incident(incident.id), update.number)
            label = words.phase[update.status]
            out.append(
                Entry(
                    id=link,
                    title=words.labelled(label, incident.title),
                    link=link,
                    published=update.at,
                    body=functools.partial(_update_body, update, statuses, content, md, words),
                    kind="incident",
                    components=tuple(
                        sorted(set(incident.components) | set(update.components or {}))
                    ),
                )
            )
    return out


def _update_body(update, statuses, content: Content, md: Renderer, words: Words) -> str:
    changed = _changes(update, statuses, content, words)
    label = words.phase[update.status]
    return f"<p><strong>{escape(label)}</strong>{changed}</p>\n" + str(md.html(update.text))


def maintenance_entries(content: Content, md: Renderer, clock: Clock) -> list[Entry]:
    """The announcement of each window, then each of its updates."""
    portal, words = content.portal, clock.words
    out = []
    for window in content.maintenance:
        page = portal.url + urls.maintenance(window.id)
        names = words.join(portal.component(cid).name for cid in window.components)
        when = words._(
            "for %(start)s to %(end)s",
            start=clock.text(window.start),
            end=clock.text(window.end),
        )
        intro = (
            f"<p><strong>{escape(words.maintenance[MS.SCHEDULED])}</strong> {escape(when)}"
            + (f" — {escape(names)}" if names else "")
            + "</p>\n"
        )
        out.append(
            Entry(
                portal.url + urls.announced(window.id),
                words.labelled(words._("Scheduled maintenance"), window.title),
                page,
                window.published,
                intro + str(md.html(window.body)),
                "maintenance",
                window.components,
            )
        )
        for update in window.updates:
            label = words.maintenance[update.status]
            link = portal.url + urls.update(urls.maintenance(window.id), update.number)
            out.append(
                Entry(
                    link,
                    words.labelled(label, window.title),
                    link,
                    update.at,
                    f"<p><strong>{escape(label)}</strong></p>\n" + str(md.html(update.text)),
                    "maintenance",
                    window.components,
                )
            )
    return out


def announcement_entries(content: Content, md: Renderer, clock: Clock) -> list[Entry]:
    portal, words = content.portal, clock.words
    out = []
    for item in content.announcements:
        link = portal.url + urls.announcement(item.id)
        label = words.kind[item.kind]
        effective = ""
        if item.effective:
            takes = words._("Takes effect on %(date)s.", date=words.date(item.effective))
            effective = f"<p>{escape(takes)}</p>\n"
        out.append(
            Entry(
                link,
                words.labelled(label, item.title),
                link,
                item.published,
                effective + str(md.html(item.body)),
                "announcement",
                item.components,
            )
        )
    return out


def commitment_entries(content: Content, clock: Clock) -> list[Entry]:
    """Each commitment made, each progress note, each completion and each drop."""
    portal, words = content.portal, clock.words
    out = []
    for promise in derive.promises(content):
        c = promise.commitment
        link = portal.url + urls.COMMITMENTS + "#" + promise.anchor
        source = portal.url + (
            urls.incident(promise.source_id)
            if promise.kind == "incidents"
            else urls.announcement(promise.source_id)
        )
        made = words._("Made in %(page)s.", page="\x00")
        before, _, after = made.partition("\x00")
        origin = (
            f'<p>{escape(before)}<a href="{escape(source)}">{escape(promise.source_title)}</a>'
            f"{escape(after)}</p>\n"
        )

        entry = partial(_commitment_entry, link, words.labelled, c.title, origin)

        out.append(entry("made", words._("New commitment"), promise.made))
        for note in c.progress:
            day = clock.start_of(note.on)
            out.append(entry(f"progress-{note.on}", words._("Progress"), day, note.text))
        if c.status is CommitmentStatus.DONE and c.done:
            out.append(entry("done", words.commitment[c.status], clock.start_of(c.done)))
        if c.status is CommitmentStatus.DROPPED:
            when = clock.start_of(c.progress[-1].on) if c.progress else promise.made
            out.append(entry("dropped", words.commitment[c.status], when, c.reason))
    return out


def report_entries(content: Content, now: datetime, words: Words) -> list[Entry]:
    """A month's availability report, announced when the month has closed."""
    availability = Availability.of(content, now)
    out = []
    for month in availability.months():
        start, end = month.bounds(availability.zone)
        if end > now:
            continue
        link = content.portal.url + urls.report(month.key)
        out.append(
            Entry(
                link,
                words._("Availability in %(month)s", month=words.month(month.first_day())),
                link,
                end,
                functools.partial(_report_body, availability, start, end, words),
                "report",
                (),
            )
        )
    return out


def _report_body(availability: Availability, start: datetime, end: datetime, words) -> str:
    rows = [r for r in availability.rows(start, end) if r.met is not None]
    if not rows:
        return ""
    missed = [r.component.name for r in rows if not r.met]
    said = words._("%(met)s of %(total)s targets met", met=len(rows) - len(missed), total=len(rows))
    if missed:
        said += " · " + words._("missed: %(names)s", names=words.join(missed))
    return f"<p>{escape(said)}</p>\n"


def correction_entries(content: Content, clock: Clock) -> list[Entry]:
    """Each update changed or removed after it was published."""
    words, url = clock.words, content.portal.url
    out = []
    for path, title, c in revisions.all_corrections(content):
        page = url + path
        said = words._("update of %(time)s", time=clock.text(datetime.fromisoformat(c.update_at)))
        body = f"<p>{escape(words.correction[c.what])} · {escape(said)}</p>\n"
        if c.what != "time":
            body += f"<p><del>{escape(c.old)}</del></p>\n"
            body += f"<p><ins>{escape(c.new)}</ins></p>\n" if c.new else ""
        out.append(
            Entry(
                f"{page}#correction-{c.commit[:12]}-{c.update_at}",
                words.labelled(words.correction[c.what].capitalize(), title),
                page,
                c.at,
                body,
                "correction",
                (),
            )
        )
    return out


def _commitment_entry(
    link: str, labelled, title: str, origin: str, what: str, label: str, when, text: str = ""
) -> Entry:
    said = f"<p>{escape(text)}</p>\n" if text else ""
    return Entry(
        f"{link}-{what}", labelled(label, title), link, when, said + origin, "commitment", ()
    )


def all_entries(content: Content, md: Renderer, clock: Clock) -> list[Entry]:
    return (
        incident_entries(content, md, clock.words)
        + maintenance_entries(content, md, clock)
        + announcement_entries(content, md, clock)
        + commitment_entries(content, clock)
    )


def _changes(update, statuses: dict, content: Content, words: Words) -> str:
    shown = update.components if update.number > 1 else statuses
    if not shown:
        return ""
    names = [
        words._(
            "%(name)s: %(status)s", name=content.portal.component(cid).name, status=words.phrase[s]
        )
        for cid, s in shown.items()
    ]
    return " — " + "; ".join(escape(n) for n in names)


_LINK = re.compile(r'(\s(?:href|src)=")([^"#][^"]*|#[^"]*)(")')


def absolute_links(html: str, base: str) -> str:
    """Relative links written for a page still work when a reader shows the entry elsewhere."""
    return _LINK.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def feeds_for(content: Content, words: Words) -> list[Feed]:
    """Every feed the site publishes."""
    site = content.portal.title

    def title(name: str) -> str:
        return words._("%(site)s: %(feed)s", site=site, feed=name)

    feeds = [
        Feed(
            urls.feed("all"),
            site,
            urls.HOME,
            lambda e: e.kind not in ("commitment", "correction"),
            json=True,
        ),
        *(
            Feed(
                urls.feed(name), title(words._(label)), page, lambda e, kinds=kinds: e.kind in kinds
            )
            for name, label, page, kinds in KIND_FEEDS
        ),
    ]
    for component in content.portal.components:
        feeds.append(
            Feed(
                urls.component_feed(component.id),
                title(component.name),
                urls.component(component.id),
                lambda e, cid=component.id: cid in e.components,
            )
        )
    return feeds


def render_feeds(
    content: Content, entries: Iterable[Entry], now: datetime, words: Words
) -> dict[str, bytes]:
    """All feed files, path -> bytes, newest entries first, at most `feed_size` each."""
    ordered = sorted(entries, key=lambda e: (e.published, e.id), reverse=True)
    files: dict[str, bytes] = {}
    for feed in feeds_for(content, words):
        chosen = [e for e in ordered if feed.select(e)][: content.portal.feed_size]
        updated = chosen[0].published if chosen else now
        hubs = websub_hubs(content.portal)
        atom = _generator(content, feed, chosen, updated)
        for hub in hubs:  # WebSub: readers subscribe at the hub and are told of each change
            atom.link(href=hub, rel="hub")
        files[feed.path + ".atom"] = atom.atom_str(pretty=True)
        rss = _generator(content, feed, chosen, updated).rss_str(pretty=True)
        files[feed.path + ".rss"] = _rss_hubs(rss, hubs)
        if feed.json:
            files[feed.path + ".json"] = _json_feed(content, feed, chosen, hubs)
    return files


def _generator(
    content: Content, feed: Feed, entries: list[Entry], updated: datetime
) -> FeedGenerator:
    portal = content.portal
    fg = FeedGenerator()
    fg.id(portal.url + feed.path + ".atom")
    fg.title(xml_safe(feed.title))
    fg.subtitle(xml_safe(portal.description or feed.title))
    fg.link(href=portal.url + feed.page, rel="alternate")
    fg.link(href=portal.url + feed.path + ".atom", rel="self")
    fg.language(portal.language)
    # RFC 4287 4.1.1: a feed whose entries have no author names one for all of them.
    fg.author(author(portal))
    if portal.contact:
        fg.managingEditor(f"{portal.contact} ({xml_safe(portal.title)})")  # RSS 2.0's author
    fg.generator("Openbook", __version__)
    # feedgen would use the wall clock here; a build must depend only on content and now.
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        # A commitment's steps and a page's corrections share one address; their ids are names.
        fe.guid(entry.id, permalink=entry.kind not in ("commitment", "correction"))
        fe.title(xml_safe(entry.title))
        fe.link(href=entry.link)
        fe.published(entry.published)
        fe.updated(entry.published)
        fe.content(
            xml_safe(absolute_links(entry.html, entry.link)), type="html"
        )  # RSS: <description>, Atom: <content>
        for cid in entry.components:
            fe.category(term=cid, label=portal.component(cid).name)
    return fg


def author(portal) -> dict[str, str]:
    """Who speaks in the feeds: the site, with its contact address when it has one."""
    found = {"name": xml_safe(portal.title), "uri": portal.url}
    if portal.contact:
        found["email"] = portal.contact
    return found


def websub_hubs(portal) -> list[str]:
    """The WebSub hubs `openbook notify` pings, which every feed names."""
    if portal.notify is None:
        return []
    return [c.hub for c in portal.notify.channels if c.kind == "websub"]


def _rss_hubs(rss: bytes, hubs: list[str]) -> bytes:
    """feedgen writes only the self link in RSS; the hubs go beside it, as atom:link."""
    if not hubs:
        return rss
    marker = b'rel="self"/>'
    head, found, tail = rss.partition(marker)
    if not found:
        raise ValueError("feedgen wrote no atom:link rel=self into the RSS feed")
    indent = b"\n" + head.rpartition(b"\n")[2].split(b"<")[0]
    links = b"".join(
        indent + b'<atom:link href="' + quoteattr_bytes(hub) + b'" rel="hub"/>' for hub in hubs
    )
    return head + found + links + tail


def quoteattr_bytes(value: str) -> bytes:
    return str(escape(value)).encode("utf-8")


def _json_feed(content: Content, feed: Feed, entries: list[Entry], hubs=()) -> bytes:
    portal = content.portal
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": portal.url + feed.page,
        "feed_url": portal.url + feed.path + ".json",
        "description": portal.description,
        "authors": [{"name": portal.title, "url": portal.url}],
        "language": portal.language,
        **({"hubs": [{"type": "WebSub", "url": hub} for hub in hubs]} if hubs else {}),
        "items": [
            {
                "id": e.id,
                "url": e.link,
                "title": e.title,
                "content_html": absolute_links(e.html, e.link),
                "date_published": iso(e.published),
                "date_modified": iso(e.published),
                "tags": [e.kind, *e.components],
            }
            for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def files(facts: Facts) -> dict[str, bytes]:
    content = facts.content
    clock = Clock(content.portal.timezone, facts.words)
    entries = [e for e in all_entries(content, facts.md, clock) if e.published <= facts.now]
    entries += report_entries(content, facts.now, facts.words)
    entries += [e for e in correction_entries(content, clock) if e.published <= facts.now]
    return render_feeds(content, entries, facts.now, facts.words)
