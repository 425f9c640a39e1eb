"""One entry as each service wants it: Slack blocks, a Teams Adaptive Card, a Discord embed, a
Mattermost attachment, a signed JSON event, an e-mail. Every text is the site's own (plain
text from sanitised HTML) and escaped for where it goes; no message can mention everyone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import quote, urlsplit

from markupsafe import escape

from generator import __version__
from generator.content.models import Portal
from generator.content.rendering import Renderer
from generator.content.vocab import Impact
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
LIMIT = 2800  # characters of text in a chat message; the link leads to the rest


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
    if event.type == "incident.update" and event.label == words.phase.get("resolved"):
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


def _short(text: str) -> str:
    return text if len(text) <= LIMIT else text[: LIMIT - 1].rstrip() + "…"


def _quiet(text: str) -> str:
    """Text in which `@channel`, `@here`, `@all` and `@everyone` name nobody."""
    return text.replace("@", "@\u2060")


def _slack_escape(text: str) -> str:
    # Slack's mrkdwn: these three are all that must be escaped; `<!channel>` needs a `<`.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(m: Message) -> dict:
    facts = " · ".join(x for x in (m.names, m.when) if x)
    link = m.event.link.replace("|", "%7C").replace(">", "%3E")
    text = f"*<{link}|{_slack_escape(m.heading)}>*\n{_slack_escape(_short(m.text))}"
    return {
        "text": f"{m.heading} — {m.event.link}",  # notifications and clients without blocks
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": text},
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": _slack_escape(facts)}]},
        ],
        "unfurl_links": False,
        "unfurl_media": False,
    }


def mattermost(m: Message) -> dict:
    fields = [{"short": True, "title": "", "value": _quiet(m.names)}] if m.names else []
    return {
        "text": "",
        "attachments": [
            {
                "fallback": _quiet(f"{m.heading} — {m.event.link}"),
                "color": m.colour,
                "title": _quiet(m.heading),
                "title_link": m.event.link,
                "text": _quiet(_short(m.text)),
                "fields": fields,
                "footer": _quiet(f"{m.site} · {m.when}"),
            }
        ],
    }


def discord(m: Message) -> dict:
    embed = {
        "title": m.heading[:256],
        "url": m.event.link,
        "description": _short(m.text)[:4096],
        "color": int(m.colour[1:], 16),
        "timestamp": stamp(m.event.at),
        "footer": {"text": m.site[:2048]},
    }
    if m.names:
        embed["fields"] = [{"name": "\u200b", "value": m.names[:1024], "inline": False}]
    # No username: Discord refuses some (any with "discord" in it), and the webhook has a name.
    return {"embeds": [embed], "allowed_mentions": {"parse": []}}


def teams(m: Message) -> dict:
    """An Adaptive Card, as Teams' Workflows webhooks take it. Its texts are plain: `wrap`
    keeps long lines readable and nothing in them is markup Teams would act on."""
    body = [
        {"type": "TextBlock", "text": m.site, "isSubtle": True, "wrap": True, "size": "Small"},
        {"type": "TextBlock", "text": m.heading, "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "TextBlock", "text": _short(m.text), "wrap": True},
    ]
    facts = [{"title": "", "value": v} for v in (m.names, m.when) if v]
    body.append({"type": "FactSet", "facts": facts})
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                    "actions": [{"type": "Action.OpenUrl", "title": m.site, "url": m.event.link}],
                },
            }
        ],
    }


CHAT = {"slack": slack, "mattermost": mattermost, "discord": discord, "teams": teams}


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


def email(m: Message, sender: str, to: str, unsubscribe: str, words: Words) -> EmailMessage:
    """One message to one recipient: text and HTML, and how to leave the list."""
    leave = (
        unsubscribe.replace("{email}", quote(to, safe=""))
        if unsubscribe.startswith("https://")
        else f"{unsubscribe}?subject={quote('unsubscribe ' + to)}"
    )
    name, address = parseaddr(sender)
    msg = EmailMessage()
    msg["Subject"] = " ".join(f"[{m.site}] {m.heading}".split())  # one line, whatever a title holds
    msg["From"] = formataddr((name or m.site, address))
    msg["To"] = to
    msg["Date"] = format_datetime(m.event.at)
    digest = hashlib.sha256(f"{m.event.key}\n{to.lower()}".encode()).hexdigest()[:32]
    msg["Message-ID"] = f"<{digest}@{address.rpartition('@')[2] or 'openbook'}>"
    msg["List-Id"] = f"{m.site} <status.{urlsplit(m.event.link).hostname or 'openbook'}>"
    msg["List-Unsubscribe"] = f"<{leave}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Mailer"] = f"Openbook {__version__}"
    reason = words._("You receive this because you subscribed to %(site)s.", site=m.site)
    how = words._("Unsubscribe: %(how)s", how=leave)
    details = "\n".join(x for x in (m.names, m.when) if x)
    read = words._("Read it on the status page: %(url)s", url=m.event.link)
    msg.set_content(f"{m.heading}\n\n{m.text}\n\n{details}\n\n{read}\n\n-- \n{reason}\n{how}\n")
    lang, leave_words = escape(m.language), words._("Unsubscribe")
    msg.add_alternative(
        f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif;max-width:40em">'
        f'<p style="color:{m.colour};font-weight:bold">{escape(m.site)}</p>'
        f'<h1 style="font-size:1.3em"><a href="{escape(m.event.link)}">{escape(m.heading)}</a></h1>'
        f"{m.html}"
        f'<p style="color:#57606a">{escape(m.names)}<br>{escape(m.when)}</p>'
        f'<hr><p style="color:#57606a;font-size:.9em">{escape(reason)}<br>'
        f'<a href="{escape(leave)}">{escape(leave_words)}</a></p>'
        "</body></html>\n",
        subtype="html",
    )
    return msg
