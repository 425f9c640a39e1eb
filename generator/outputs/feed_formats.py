"""How a feed is written: Atom 1.0 and RSS 2.0 through feedgen, JSON Feed 1.1 as JSON.

Each document names two addresses: itself (Atom and RSS `rel="self"`, JSON Feed `feed_url`) and
the page it is about, its website (Atom `rel="alternate"`, RSS's channel `<link>`, JSON Feed
`home_page_url`). Readers show the second as the feed's website and poll the first.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator import __version__
from generator.content.models import Portal
from generator.content.schema import iso
from generator.outputs.feed_entries import Entry

if TYPE_CHECKING:
    from generator.outputs.feeds import Feed

# Characters XML 1.0 cannot carry at all; everything else is escaped by the serialisers.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK = re.compile(r'(\s(?:href|src)=")([^"#][^"]*|#[^"]*)(")')


def xml_safe(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def absolute_links(html: str, base: str) -> str:
    """Relative links written for a page still work when a reader shows the entry elsewhere."""
    return _LINK.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def atom(
    portal: Portal, feed: Feed, entries: list[Entry], updated: datetime, hubs: list[str]
) -> bytes:
    fg = _generator(portal, feed, entries, updated)
    fg.link(href=feed.page_url(portal), rel="alternate")
    fg.link(href=feed.url(portal, ".atom"), rel="self")
    for hub in hubs:  # WebSub: readers subscribe at the hub and are told of each change
        fg.link(href=hub, rel="hub")
    return fg.atom_str(pretty=True)


def rss(
    portal: Portal, feed: Feed, entries: list[Entry], updated: datetime, hubs: list[str]
) -> bytes:
    fg = _generator(portal, feed, entries, updated)
    fg.link(href=feed.url(portal, ".rss"), rel="self")
    # feedgen writes the last link added as the channel's <link>, RSS 2.0's website: the page.
    fg.link(href=feed.page_url(portal), rel="alternate")
    return _rss_hubs(fg.rss_str(pretty=True), hubs)


def json_feed(portal: Portal, feed: Feed, entries: list[Entry], hubs: list[str]) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page_url(portal),
        "feed_url": feed.url(portal, ".json"),
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


def _generator(
    portal: Portal, feed: Feed, entries: list[Entry], updated: datetime
) -> FeedGenerator:
    """Everything Atom and RSS share; each adds its own links."""
    fg = FeedGenerator()
    fg.id(feed.url(portal, ".atom"))
    fg.title(xml_safe(feed.title))
    fg.subtitle(xml_safe(portal.description or feed.title))
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


def author(portal: Portal) -> dict[str, str]:
    """Who speaks in the feeds: the site, with its contact address when it has one."""
    found = {"name": xml_safe(portal.title), "uri": portal.url}
    if portal.contact:
        found["email"] = portal.contact
    return found


def websub_hubs(portal: Portal) -> list[str]:
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
        indent + b'<atom:link href="' + _attribute(hub) + b'" rel="hub"/>' for hub in hubs
    )
    return head + found + links + tail


def _attribute(value: str) -> bytes:
    return str(escape(value)).encode("utf-8")
