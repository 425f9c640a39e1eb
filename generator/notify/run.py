"""`openbook notify`: queue what is new since the last run, then deliver each channel's queue
in order, recording every delivery as it happens (see state.py for what survives a kill)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from generator.content.load import load_content
from generator.content.models import Content
from generator.content.rendering import Renderer
from generator.content.translations import localise
from generator.errors import OpenbookError
from generator.facts import derive
from generator.notify import messages
from generator.notify.delivery import Failed, Retry, Smtp, check_url, post, send_mail
from generator.notify.events import Event, collect
from generator.notify.settings import Channel, ChannelKind
from generator.notify.state import Owed, Record, locked
from generator.notify.subscribers import read_subscribers
from generator.outputs.api import Api
from generator.outputs.feeds import feeds_for
from generator.words import Words


@dataclass
class Outcome:
    """What one run did, channel by channel, for the command to print."""

    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def say(self, line: str, failure: bool = False) -> None:
        self.lines.append(line)
        self.failed = self.failed or failure


@dataclass
class Run:
    content: Content
    now: datetime
    record: Record
    retry: Retry
    dry_run: bool
    outcome: Outcome
    environ: dict[str, str]
    md: Renderer = field(default_factory=Renderer)
    _events: dict[str, dict[str, Event]] = field(default_factory=dict)
    _messages: dict[tuple[str, str], messages.Message] = field(default_factory=dict)
    _local: dict[str, Content] = field(default_factory=dict)
    _apis: dict[str, Api] = field(default_factory=dict)

    # What there is to tell, in each language ------------------------------------------

    def events(self, language: str) -> dict[str, Event]:
        if language not in self._events:
            found = collect(self.content, self.now, language, self.content.portal.notify.reminders)
            self._events[language] = {e.key: e for e in found}
        return self._events[language]

    def local(self, language: str) -> Content:
        if language not in self._local:
            portal = self.content.portal
            prefix = "" if language == portal.language else f"{language}/"
            self._local[language] = localise(self.content, language, portal.url + prefix)
        return self._local[language]

    def message(self, key: str, language: str) -> messages.Message:
        if (key, language) not in self._messages:
            words = Words(language)
            event = self.events(language)[key]
            self._messages[key, language] = messages.compose(
                event, self.local(language).portal, self.md, words
            )
        return self._messages[key, language]

    # Queueing ---------------------------------------------------------------------------

    def queue(self, channels: tuple[Channel, ...], shown: Callable[[Event], bool]) -> int:
        """Add what is new to each channel's queue; the first run only records a baseline."""
        events = [e for e in self.events(self.content.portal.language).values() if shown(e)]
        record = self.record
        if record.fresh:
            record.site, record.baseline = self.content.portal.url, messages.stamp(self.now)
            record.known = {e.key for e in events}
            record.channels = {c.id: Owed() for c in channels}
            return 0
        new = [e for e in sorted(events, key=lambda e: (e.at, e.key)) if e.key not in record.known]
        for channel in channels:
            owed = record.channels.setdefault(channel.id, Owed())
            for event in new:
                if channel.wants(event.kind, event.components, event.impact):
                    owed.pending.append(event.key)
        record.known |= {e.key for e in new}
        return len(new)

    # Delivering -------------------------------------------------------------------------

    def deliver(self, channel: Channel) -> None:
        owed = self.record.channels.get(channel.id)
        if owed is None or not owed.pending:
            return
        current = self.events(channel.language)
        for key in [k for k in owed.pending if k not in current]:
            self.outcome.say(f"{channel.id}: {key}: withdrawn before it was sent; dropped")
            if not self.dry_run:
                self.record.done(channel.id, key)
            else:
                owed.pending.remove(key)
        if not owed.pending:
            return
        if channel.kind is ChannelKind.EMAIL:
            self._email(channel, owed)
        elif channel.kind is ChannelKind.WEBSUB:
            self._websub(channel, owed)
        else:
            self._post(channel, owed)

    def _secret(self, channel: Channel, variable: str) -> str:
        value = self.environ.get(variable, "")
        if not value:
            raise Failed(f"${variable} is not set (see README: Notifications)")
        return value

    def _post(self, channel: Channel, owed: Owed) -> None:
        sent = 0
        for key in list(owed.pending):
            m = self.message(key, channel.language)
            if self.dry_run:
                self.outcome.say(f"{channel.id}: would send {m.heading} <{m.event.link}>")
                continue
            try:
                url = check_url(self._secret(channel, channel.url_env), channel.url_env)
                if channel.kind is ChannelKind.WEBHOOK:
                    body = messages.webhook_body(
                        m,
                        self.item(m.event, channel.language),
                        self.local(channel.language).portal.url,
                    )
                    secret = self._secret(channel, channel.secret_env)
                    headers = {
                        "Openbook-Signature": messages.signature(secret, int(time.time()), body),
                        "Openbook-Event": m.event.type,
                        "Openbook-Delivery": json.loads(body)["id"],
                    }
                else:
                    body = json.dumps(messages.CHAT[channel.kind](m), ensure_ascii=False).encode()
                    headers = {}
                post(url, body, headers, self.retry)
            except Failed as exc:
                self.outcome.say(
                    f"{channel.id}: not delivered: {m.heading}: {exc}; "
                    f"{len(owed.pending)} kept for the next run",
                    failure=True,
                )
                break
            self.record.done(channel.id, key)
            sent += 1
        if sent:
            self.outcome.say(f"{channel.id}: sent {sent}")

    def item(self, event: Event, language: str) -> dict:
        """The entry's document in the JSON API's shape, as of now."""
        if language not in self._apis:  # one per language: every webhook entry uses it
            self._apis[language] = Api(derive.as_of(self.local(language), self.now), self.now)
        api = self._apis[language]
        content = api.content
        folder, _, ident = event.source.partition("/")
        if folder == "incidents" and event.kind == "incident":
            return api.incident(next(i for i in content.incidents if i.id == ident))
        if folder == "maintenance":
            return api.maintenance(next(m for m in content.maintenance if m.id == ident))
        document = next(d for d in (*content.incidents, *content.announcements) if d.id == ident)
        if event.kind == "commitment":
            found = next(c for c in document.commitments if c.title == event.title)
            return {
                "title": found.title,
                "status": found.status.value,
                "due": found.due.isoformat() if found.due else None,
                "done": found.done.isoformat() if found.done else None,
                "source": {"type": folder.rstrip("s"), "id": ident, "url": event.link},
            }
        return {
            "id": document.id,
            "name": document.title,
            "kind": document.kind.value,
            "published_at": messages.stamp(document.published),
            "effective": document.effective.isoformat() if document.effective else None,
            "shortlink": event.link,
            "components": list(document.components),
        }

    def _websub(self, channel: Channel, owed: Owed) -> None:
        """One publish ping per feed for everything new: the hub fetches the feeds itself."""
        local = self.local(channel.language)
        urls = [
            local.portal.url + f.path + ext
            for f in feeds_for(local, Words(channel.language))
            for ext in (".atom", ".rss")
        ]
        if self.dry_run:
            self.outcome.say(f"{channel.id}: would ping {channel.hub} for {len(urls)} feeds")
            return
        body = "&".join(
            ["hub.mode=publish", *(f"hub.url={quote(u, safe='')}" for u in urls)]
        ).encode()
        try:
            post(
                check_url(channel.hub, "hub"),
                body,
                {"Content-Type": "application/x-www-form-urlencoded"},
                self.retry,
            )
        except Failed as exc:
            self.outcome.say(f"{channel.id}: hub not pinged: {exc}; kept for the next run", True)
            return
        for key in list(owed.pending):
            self.record.done(channel.id, key)
        self.outcome.say(f"{channel.id}: pinged {channel.hub} for {len(urls)} feeds")

    def _email(self, channel: Channel, owed: Owed) -> None:
        try:
            path = self._secret(channel, channel.subscribers_env)
            subscribers = read_subscribers(Path(path), self.content.portal)
            smtp = (
                None
                if self.dry_run
                else Smtp.parse(self._secret(channel, channel.smtp_env), channel.smtp_env)
            )
        except (Failed, OpenbookError) as exc:
            self.outcome.say(f"{channel.id}: nothing sent: {exc}", failure=True)
            return
        key_for_hash = self.environ.get(channel.smtp_env, "") + channel.id
        mailer = _Mailer(smtp, channel)
        try:
            for key in list(owed.pending):
                done = owed.partial.get(key, set())
                event = self.events(channel.language)[key]
                todo = [
                    s
                    for s in subscribers
                    if s.wants(event) and _hash(key_for_hash, s.address) not in done
                ]
                if self.dry_run:
                    m = self.message(key, channel.language)
                    self.outcome.say(
                        f"{channel.id}: would send {m.heading} to {len(todo)} "
                        f"subscriber{'' if len(todo) == 1 else 's'}"
                    )
                    continue
                for subscriber in todo:
                    language = subscriber.language or channel.language
                    m = self.message(key, language)
                    letter = messages.email(
                        m, channel.sender, subscriber.address, channel.unsubscribe, Words(language)
                    )
                    try:
                        mailer.send(letter)
                    except Failed as exc:
                        if not exc.permanent:
                            raise
                        self.outcome.say(
                            f"{channel.id}: a subscriber's server refused "
                            f"{m.heading} ({exc}); not retried",
                            failure=True,
                        )
                    self.record.done(channel.id, key, _hash(key_for_hash, subscriber.address))
                self.record.done(channel.id, key)
                mailer.entries += 1
        except Failed as exc:
            self.outcome.say(
                f"{channel.id}: stopped: {exc}; the rest is kept for the next run", failure=True
            )
        finally:
            mailer.close()
        if mailer.sent:
            self.outcome.say(
                f"{channel.id}: sent {mailer.entries} entries in {mailer.sent} messages"
            )


class _Mailer:
    """SMTP connections opened as needed, `per_connection` messages each, at most
    `per_second` messages a second."""

    def __init__(self, smtp: Smtp | None, channel: Channel):
        self.smtp, self.channel = smtp, channel
        self.client = None
        self.sent = self.entries = self.on_connection = 0
        self.last = 0.0

    def send(self, letter) -> None:
        gap = 1.0 / self.channel.per_second - (time.monotonic() - self.last)
        if gap > 0:
            time.sleep(gap)
        if self.client is None or self.on_connection >= self.channel.per_connection:
            self.close()
            self.client, self.on_connection = self.smtp.connect(), 0
        self.last = time.monotonic()
        send_mail(self.client, letter)
        self.sent += 1
        self.on_connection += 1

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except Exception:  # noqa: BLE001 - the messages were accepted; a lost goodbye is not a failure
                self.client.close()
            self.client = None


def _hash(key: str, address: str) -> str:
    """Who got an entry, as the record keeps it: not readable without the channel's secret."""
    return hmac.new(key.encode(), address.lower().encode(), hashlib.sha256).hexdigest()[:24]


def notify(
    content_dir: Path,
    state: Path,
    now: datetime,
    dry_run: bool = False,
    site: Path | None = None,
    retry: Retry | None = None,
    environ: dict[str, str] | None = None,
) -> Outcome:
    content = load_content(content_dir)
    outcome = Outcome()
    settings = content.portal.notify
    if settings is None or not settings.channels:
        outcome.say("No channels under `notify:` in portal.yml; nothing to do.")
        return outcome
    with locked(state):
        record = Record.load(state)
        run = Run(
            content,
            now,
            record,
            retry or Retry(),
            dry_run,
            outcome,
            dict(os.environ if environ is None else environ),
        )
        new = run.queue(settings.channels, _published_in(site, content))
        if record.fresh:
            outcome.say(
                f"First run: recorded {len(record.known)} existing entries as the "
                f"baseline in {state}; nothing old is sent."
            )
            if not dry_run:
                record.save()
            return outcome
        outcome.say(f"{new} new {'entry' if new == 1 else 'entries'} since the last run.")
        if not dry_run:
            record.save()  # the queue is safe before anything is sent
        for channel in settings.channels:
            run.deliver(channel)
        if not dry_run:
            record.save()
    return outcome


def _published_in(site: Path | None, content: Content) -> Callable[[Event], bool]:
    """With `--site`, only entries whose page is in the built site: what visitors can open."""
    if site is None:
        return lambda event: True
    if not (site / "index.html").is_file():
        raise OpenbookError(f"{site}: no built site here (no index.html); build it first")
    root = content.portal.url

    def shown(event: Event) -> bool:
        path = event.link.removeprefix(root).partition("#")[0]
        return (site / path / "index.html").is_file()

    return shown
