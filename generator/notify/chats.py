"""One entry as each chat service wants it: Slack blocks, a Teams Adaptive Card, a Discord
embed, a Mattermost attachment.

What a chat room shows is what the site shows. Each service has one escaping function for its
own markup, and `view` applies it to every text of a message (its title, the site's title,
the components' names, the time and the text) before a payload is built: the builders below
receive only the escaped `Shown` texts and the entry's link, never the message itself, so a
field added later cannot be sent unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

from generator.notify.events import stamp
from generator.notify.messages import Message

LIMIT = 2800  # characters of text in a chat message; the link leads to the rest


@dataclass(frozen=True)
class Shown:
    """Every text of a message that a chat room renders, escaped for that room."""

    site: str
    heading: str
    text: str
    names: str
    when: str
    facts: str  # "Public API · 23 Nov 2026, 11:05 CET"


@dataclass(frozen=True)
class View:
    shown: Shown
    link: str  # the entry's own URL on the site, built by Openbook
    colour: str  # "#b54708"
    at: str  # the entry's time, ISO 8601 in UTC


def fit(text: str, limit: int, escape: Callable[[str], str]) -> str:
    """`text` escaped, cut (with an ellipsis) so that the escaped text keeps to `limit`:
    cutting after escaping could split an escape in two."""
    out, cut = escape(text), len(text)
    while len(out) > limit:
        cut = max(0, cut - max(1, len(out) - limit))
        out = escape(text[:cut].rstrip() + "…")
    return out


def view(m: Message, escape: Callable[[str], str], limits: dict[str, int]) -> View:
    def line(text: str) -> str:
        return " ".join(text.split())  # titles and names are one line on the site too

    raw = Shown(
        site=line(m.site),
        heading=line(m.heading),
        text=m.text,
        names=line(m.names),
        when=line(m.when),
        facts=" · ".join(line(x) for x in (m.names, m.when) if x.strip()),
    )
    shown = Shown(
        **{
            f.name: fit(getattr(raw, f.name), limits.get(f.name, LIMIT), escape)
            for f in fields(Shown)
        }
    )
    return View(shown, m.event.link, m.colour, stamp(m.event.at))


# Each service's markup ----------------------------------------------------------------------


def slack_escape(text: str) -> str:
    """Slack's mrkdwn: `&`, `<` and `>` are all that must be escaped, and enough: a mention
    (`<!channel>`, `<@U…>`), a link (`<url|label>`) or a date needs a `<`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A bare web address stays as the site prints it, so that chat clients link it; the
# characters markup is made of end it, and are escaped like any other.
_ADDRESS = re.compile(r"https?://[^\s<>\[\]()*_~`|\\@!{}]+")
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&])")
_LIST_NUMBER = re.compile(r"(?m)^(\s*\d+)\.")


def _backslashed(text: str, also: Callable[[str], str]) -> str:
    """CommonMark's escape (a backslash before ASCII punctuation), outside web addresses."""
    out, at = [], 0
    for found in _ADDRESS.finditer(text):
        out.append(also(_PUNCTUATION.sub(r"\\\1", text[at : found.start()])))
        out.append(found.group())
        at = found.end()
    out.append(also(_PUNCTUATION.sub(r"\\\1", text[at:])))
    return _LIST_NUMBER.sub(r"\1\\.", "".join(out))


def discord_escape(text: str) -> str:
    """Discord's markdown: no emphasis, heading, list, quote, spoiler, masked link `[x](url)`
    or mention (`@everyone`, `<@id>`, `<#id>`, `<:emoji:id>`, `<t:…>`) can form. Mentions are
    also switched off in the payload (`allowed_mentions`)."""
    return _backslashed(text, lambda part: part.replace("@", "\\@"))


def mattermost_escape(text: str) -> str:
    """Mattermost's markdown: as Discord's, images `![x](url)` and `~channel` links included;
    `@channel`, `@all`, `@here` and `@someone` get a word joiner after the `@`, which names
    nobody and shows nothing."""
    return _backslashed(text, lambda part: part.replace("@", "@\u2060"))


def teams_escape(text: str) -> str:
    """Teams: the card's texts are TextRuns, which Adaptive Cards never read as markdown, and
    carry no mention entities, so `<at>` is text. Only `{{DATE(…)}}` and `{{TIME(…)}}` would
    still be replaced: a zero-width space parts the braces."""
    return text.replace("{{", "{\u200b{")


# Each service's payload -------------------------------------------------------------------


def slack(v: View) -> dict:
    s = v.shown
    link = v.link.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return {
        "text": f"{s.heading} — {v.link}",  # notifications and clients without blocks
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*<{link}|{s.heading}>*\n{s.text}"},
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": s.facts or s.site}]},
        ],
        "unfurl_links": False,
        "unfurl_media": False,
    }


def mattermost(v: View) -> dict:
    s = v.shown
    return {
        "text": "",
        "attachments": [
            {
                "fallback": f"{s.heading} — {v.link}",
                "color": v.colour,
                "title": s.heading,
                "title_link": v.link,
                "text": s.text,
                "fields": [{"short": True, "title": "", "value": s.names}] if s.names else [],
                "footer": " · ".join(x for x in (s.site, s.when) if x),
            }
        ],
    }


def discord(v: View) -> dict:
    s = v.shown
    # Markdown is rendered in an embed's title, description and field values, and shown as
    # written in its footer: the site's title goes into a field, where its escape is read.
    about = " · ".join(x for x in (s.site, s.names) if x)
    embed = {
        "title": s.heading,
        "url": v.link,
        "description": s.text,
        "color": int(v.colour[1:], 16),
        "timestamp": v.at,
        "fields": [{"name": "\u200b", "value": about, "inline": False}],
    }
    # No username: Discord refuses some (any with "discord" in it), and the webhook has a name.
    return {"embeds": [embed], "allowed_mentions": {"parse": []}}


def teams(v: View) -> dict:
    """An Adaptive Card, as Teams' Workflows webhooks take it."""
    s = v.shown

    def runs(text: str, **style: str | bool) -> dict:
        return {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text, **style}]}

    body = [
        runs(s.site, isSubtle=True, size="Small"),
        runs(s.heading, weight="Bolder", size="Large"),
        runs(s.text),
    ]
    body += [runs(x, isSubtle=True) for x in (s.names, s.when) if x]
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
                    "actions": [{"type": "Action.OpenUrl", "title": s.site, "url": v.link}],
                },
            }
        ],
    }


@dataclass(frozen=True)
class Service:
    escape: Callable[[str], str]
    build: Callable[[View], dict]
    limits: dict[str, int]  # per `Shown` field, after escaping; LIMIT for the others


SERVICES = {
    # Slack: a section's text holds 3,000 characters, the title and the text together.
    "slack": Service(slack_escape, slack, {"heading": 180, "text": LIMIT, "facts": 2000}),
    "mattermost": Service(mattermost_escape, mattermost, {"heading": 500}),
    # Discord: a title 256, a description 4,096, a field 1,024; 6,000 in all.
    "discord": Service(discord_escape, discord, {"heading": 256, "site": 400, "names": 600}),
    "teams": Service(teams_escape, teams, {"heading": 500}),
}


def payload(kind: str, m: Message) -> dict:
    """The JSON a `kind` chat's webhook takes for `m`, every text escaped for it."""
    service = SERVICES[kind]
    return service.build(view(m, service.escape, service.limits))
