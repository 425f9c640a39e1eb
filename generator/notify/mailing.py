"""Delivering a channel's queue by e-mail: each entry to each subscriber who wants it, one
message per recipient, remembering who has it so that a run stopped part-way through a list
goes on where it stopped."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.notify_settings import Channel
from generator.errors import OpenbookError
from generator.notify import letters
from generator.notify.delivery import Failed
from generator.notify.smtp import Mailer, Smtp
from generator.notify.state import Owed
from generator.notify.subscribers import read_subscribers
from generator.words import Words

if TYPE_CHECKING:
    from generator.notify.run import Run


def deliver_email(run: Run, channel: Channel, owed: Owed) -> None:
    try:
        path = run.secret(channel.subscribers_env)
        subscribers = read_subscribers(Path(path), run.content.portal)
        address = run.environ.get(channel.smtp_env, "")
        smtp = None if run.dry_run and not address else Smtp.parse(address, channel.smtp_env)
    except (Failed, OpenbookError) as exc:
        run.outcome.say(f"{channel.id}: nothing sent: {exc}", failure=True)
        return
    keys = _keys(channel, smtp, address)
    mailer = (
        None
        if run.dry_run or smtp is None  # no SMTP address only in a dry run
        else Mailer(smtp, channel.per_second, channel.per_connection, run.retry.timeout)
    )
    try:
        for key in list(owed.pending):
            done = owed.partial.get(key, set())
            event = run.events(channel.language)[key]
            todo = [
                s
                for s in subscribers
                if s.wants(event) and not any(_hash(k, s.address) in done for k in keys)
            ]
            if mailer is None:
                m = run.message(key, channel.language)
                run.outcome.say(
                    f"{channel.id}: would send {m.heading} to {len(todo)} "
                    f"subscriber{'' if len(todo) == 1 else 's'}"
                )
                continue
            for subscriber in todo:
                language = subscriber.language or channel.language
                m = run.message(key, language)
                letter = letters.email(
                    m,
                    channel.sender,
                    subscriber.address,
                    channel.unsubscribe,
                    Words(language),
                    datetime.now(UTC),
                )
                recipient = _hash(keys[0], subscriber.address)
                run.record.sending(channel.id, key, recipient)
                try:
                    mailer.send(letter)
                except Failed as exc:
                    if not exc.permanent:
                        raise
                    run.outcome.say(
                        f"{channel.id}: a subscriber's server refused "
                        f"{m.heading} ({exc}); not retried",
                        failure=True,
                    )
                run.record.done(channel.id, key, recipient)
            run.record.done(channel.id, key)
            mailer.entries += 1
    except Failed as exc:
        run.outcome.say(
            f"{channel.id}: stopped: {exc}; the rest is kept for the next run", failure=True
        )
    finally:
        if mailer is not None:
            mailer.close()
    if mailer is not None and mailer.sent:
        run.outcome.say(f"{channel.id}: sent {mailer.entries} entries in {mailer.sent} messages")


def _keys(channel: Channel, smtp: Smtp | None, address: str) -> list[str]:
    """The keys of who has an entry: the first is written, any other only read.

    The key names the list (the server, the sender, the channel) but holds no credential,
    so a new SMTP password goes on with the list where it stopped. Records written before
    were keyed with the whole SMTP address; that key is still read."""
    server = f"{smtp.host}:{smtp.port}" if smtp else ""
    current = "\n".join((server, parseaddr(channel.sender)[1].lower(), channel.id))
    return [current, address + channel.id]


def _hash(key: str, address: str) -> str:
    """Who got an entry, as the record keeps it: not the address itself."""
    return hmac.new(key.encode(), address.lower().encode(), hashlib.sha256).hexdigest()[:24]
