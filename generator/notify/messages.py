"""One entry told: its words as the site shows them (plain text from sanitised HTML, and that
HTML with absolute links), and the signed JSON event the generic webhook receives. chats.py
makes the chat services' payloads of it, letters.py the e-mails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from generator.content.models import Portal
from generator.content.rendering import Renderer
from generator.content.vocab import Impact, IncidentStatus
from generator.notify.events import Event, stamp
from generator.outputs.feeds import absolute_links
from generator.outputs.plaintext import plain_text
from generator.words import Clock, Words

# The badges' colours, dark enough for white text.
COLOURS = {
    Impact.NONE: "#57606a",
    Impact.MINOR: "#8a5a00",
    Impact.MAJOR: "#b54708",
    Impact.CRITICAL: "#c4232b",
}
RESOLVED, MAINTENANCE, NEWS = "#1a7f37", "#0a58ca", "#57606a"


@dataclass(frozen=True)
class Message:
    event: Event
    site: str  # the site's title
    heading: str  # "Identified: Webhook deliveries delayed"
    text: str  # plain text
    html: str  # sanitised HTML, links absolute
    names: str  # the components, in words
    when: str  # the entry's time in the site's zone
    colour: str
    language: str


def compose(event: Event, portal: Portal, md: Renderer, words: Words) -> Message:
    html = absolute_links(str(md.html(event.markdown)), event.link)
    if event.type == "incident.update" and event.label == words.phase.get(IncidentStatus.RESOLVED):
        colour = RESOLVED
    elif event.impact is not None:
        colour = COLOURS[event.impact]
    else:
        colour = MAINTENANCE if event.kind == "maintenance" else NEWS
    names = [portal.component(cid).name for cid in event.components]
    return Message(
        event=event,
        site=portal.title,
        heading=words.labelled(event.label, event.title),
        text=plain_text(html, event.link).strip(),
        html=html,
        names=words.join(names) if names else "",
        when=Clock(portal.timezone, words).text(event.at),
        colour=colour,
        language=words.language,
    )


def webhook_body(m: Message, item: dict, site_url: str) -> bytes:
    """The generic webhook's JSON event: what happened, and the item it happened to in the
    shape the JSON API gives it."""
    event = m.event
    document = {
        "id": hashlib.sha256(event.key.encode()).hexdigest()[:32],
        "key": event.key,
        "type": event.type,
        "time": stamp(event.at),
        "page": {"name": m.site, "url": site_url},
        "title": m.heading,
        "text": m.text,
        "url": event.link,
        "components": list(event.components),
        event.kind: item,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=TIMESTAMP,v1=HEX`: HMAC-SHA256 of `TIMESTAMP.BODY` under the shared secret."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
