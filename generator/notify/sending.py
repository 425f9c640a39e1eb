"""Delivering a channel's queue by HTTPS: the chat services and the signed webhook (one POST
per entry, in order, stopping at the first that fails), and WebSub (one ping for them all)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.content.notify_settings import Channel, ChannelKind
from generator.notify import chats, messages
from generator.notify.delivery import Failed, check_url, post
from generator.notify.state import Owed
from generator.outputs.feeds import feeds_for
from generator.words import Words

if TYPE_CHECKING:
    from generator.notify.run import Run


def deliver_posts(run: Run, channel: Channel, owed: Owed) -> None:
    sent = 0
    for key in list(owed.pending):
        m = run.message(key, channel.language)
        if run.dry_run:
            run.outcome.say(f"{channel.id}: would send {m.heading} <{m.event.link}>")
            continue
        try:
            url = check_url(run.secret(channel.url_env), channel.url_env)
            body, headers = _request(run, channel, m)
            run.record.sending(channel.id, key)
            post(url, body, headers, run.retry)
        except Failed as exc:
            run.outcome.say(
                f"{channel.id}: not delivered: {m.heading}: {exc}; "
                f"{len(owed.pending)} kept for the next run",
                failure=True,
            )
            break
        run.record.done(channel.id, key)
        sent += 1
    if sent:
        run.outcome.say(f"{channel.id}: sent {sent}")


def _request(run: Run, channel: Channel, m: messages.Message) -> tuple[bytes, dict[str, str]]:
    if channel.kind is not ChannelKind.WEBHOOK:
        return json.dumps(chats.payload(channel.kind, m), ensure_ascii=False).encode(), {}
    body = messages.webhook_body(
        m, run.item(m.event, channel.language), run.local(channel.language).portal.url
    )
    secret = run.secret(channel.secret_env)
    return body, {
        "Openbook-Signature": messages.signature(secret, int(time.time()), body),
        "Openbook-Event": m.event.type,
        "Openbook-Delivery": json.loads(body)["id"],
    }


def deliver_websub(run: Run, channel: Channel, owed: Owed) -> None:
    """One publish ping per feed for everything new: the hub fetches the feeds itself."""
    local = run.local(channel.language)
    urls = [
        local.portal.url + f.path + ext
        for f in feeds_for(local, Words(channel.language))
        for ext in (".atom", ".rss")
    ]
    if run.dry_run:
        run.outcome.say(f"{channel.id}: would ping {channel.hub} for {len(urls)} feeds")
        return
    body = "&".join(["hub.mode=publish", *(f"hub.url={quote(u, safe='')}" for u in urls)])
    try:
        post(
            check_url(channel.hub, "hub"),
            body.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
            run.retry,
        )
    except Failed as exc:
        run.outcome.say(f"{channel.id}: hub not pinged: {exc}; kept for the next run", True)
        return
    for key in list(owed.pending):
        run.record.done(channel.id, key)
    run.outcome.say(f"{channel.id}: pinged {channel.hub} for {len(urls)} feeds")
