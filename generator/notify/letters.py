"""One entry as an e-mail to one recipient: plain text and HTML, dated when it is sent, with
how to leave the list (RFC 2369), in one click where the address allows it (RFC 8058)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import quote, urlsplit

from markupsafe import escape

from generator import __version__
from generator.notify.messages import Message
from generator.words import Words


def _line(text: str) -> str:
    """A header's value on one line, whatever a title holds, and read as written: a title's
    `=?utf-8?q?…?=` would be decoded as an encoded word (RFC 2047) by Python's own header
    parser and by mail clients; an invisible word joiner after its `=` keeps it text."""
    return " ".join(text.split()).replace("=?", "=\u2060?")


def email(
    m: Message, sender: str, to: str, unsubscribe: str, words: Words, sent: datetime
) -> EmailMessage:
    """`sent` is the moment it is handed to the server: a catch-up run's mail is not dated
    weeks ago. The entry's own time is in the text."""
    one_click = unsubscribe.startswith("https://")
    leave = (
        unsubscribe.replace("{email}", quote(to, safe=""))
        if one_click
        else f"{unsubscribe}?subject={quote('unsubscribe ' + to)}"
    )
    name, address = parseaddr(sender)
    site = _line(m.site)
    msg = EmailMessage()
    msg["Subject"] = _line(f"[{m.site}] {m.heading}")
    msg["From"] = formataddr((_line(name) or site, address))
    msg["To"] = to
    msg["Date"] = format_datetime(sent)
    digest = hashlib.sha256(f"{m.event.key}\n{to.lower()}".encode()).hexdigest()[:32]
    msg["Message-ID"] = f"<{digest}@{address.rpartition('@')[2] or 'openbook'}>"
    list_id = f"status.{urlsplit(m.event.link).hostname or 'openbook'}"
    msg["List-Id"] = f"{_phrase(site)} <{list_id}>"
    msg["List-Unsubscribe"] = f"<{leave}>"
    if one_click:
        # The mailbox provider POSTs this to the address itself: no page to open, no login.
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Mailer"] = f"Openbook {__version__}"
    reason = words._("You receive this because you subscribed to %(site)s.", site=site)
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


def _phrase(text: str) -> str:
    """The site's title as the display name of List-Id, quoted as RFC 5322 quotes a phrase."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
