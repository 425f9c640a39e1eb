"""`openbook notify`: queue what is new since the last run, then deliver each channel's queue
in order, recording every delivery as it happens (see state.py for what survives a kill).

A channel that fails, for whatever reason, is reported and keeps its queue; the other channels
still deliver. Everything the run reports passes through the channels' secrets' scrubber.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.content.load import load_content
from generator.content.models import Content
from generator.content.notify_settings import Channel, ChannelKind, Notify
from generator.content.rendering import Renderer
from generator.content.translations import localise
from generator.errors import OpenbookError
from generator.facts import derive
from generator.notify import messages
from generator.notify.delivery import Failed, Retry
from generator.notify.events import Event, collect, stamp
from generator.notify.items import api_item
from generator.notify.mailing import deliver_email
from generator.notify.secrets import Secrets
from generator.notify.sending import deliver_posts, deliver_websub
from generator.notify.state import Owed, Record, locked
from generator.outputs.api import Api
from generator.words import Words


@dataclass
class Outcome:
    """What one run did, channel by channel, for the command to print; never a secret."""

    lines: list[str] = field(default_factory=list)
    failed: bool = False
    secrets: Secrets = field(default_factory=Secrets)

    def say(self, line: str, failure: bool = False) -> None:
        self.lines.append(self.secrets.scrub(line))
        self.failed = self.failed or failure


class Crash(OpenbookError):
    """Something unforeseen, reported with its traceback, the secrets scrubbed from it."""


@dataclass
class Run:
    content: Content
    settings: Notify  # the content's `notify:`, which a run needs
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
            found = collect(self.content, self.now, language, self.settings.reminders)
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

    def item(self, event: Event, language: str) -> dict:
        """The entry's document in the JSON API's shape, as of now."""
        if language not in self._apis:  # one per language: every webhook entry uses it
            self._apis[language] = Api(derive.as_of(self.local(language), self.now), self.now)
        return api_item(self._apis[language], event)

    def secret(self, variable: str) -> str:
        value = self.environ.get(variable, "")
        if not value:
            raise Failed(f"${variable} is not set (see README: Notifications)")
        return value

    # Queueing ---------------------------------------------------------------------------

    def queue(self, channels: tuple[Channel, ...], shown: Callable[[Event], bool]) -> int:
        """Add what is new to each channel's queue; the first run only records a baseline."""
        events = [e for e in self.events(self.content.portal.language).values() if shown(e)]
        record = self.record
        if record.fresh:
            record.site, record.baseline = self.content.portal.url, stamp(self.now)
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
            deliver_email(self, channel, owed)
        elif channel.kind is ChannelKind.WEBSUB:
            deliver_websub(self, channel, owed)
        else:
            deliver_posts(self, channel, owed)


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
    environ = dict(os.environ if environ is None else environ)
    for channel in settings.channels:
        for variable in (channel.url_env, channel.secret_env, channel.smtp_env):
            if variable:
                outcome.secrets.add(environ.get(variable, ""))
    try:
        with locked(state):
            record = Record.load(state)
            run = Run(content, settings, now, record, retry or Retry(), dry_run, outcome, environ)
            _run(run, site)
    except OpenbookError as exc:
        raise OpenbookError(outcome.secrets.scrub(str(exc))) from None
    except Exception:  # noqa: BLE001 - a traceback that may quote a secret is shown scrubbed
        raise Crash(outcome.secrets.scrub(traceback.format_exc())) from None
    return outcome


def _run(run: Run, site: Path | None) -> None:
    record, outcome = run.record, run.outcome
    for note in record.notes:
        outcome.say(note)
    new = run.queue(run.settings.channels, _published_in(site, run.content))
    if record.fresh:
        outcome.say(
            f"First run: recorded {len(record.known)} existing entries as the "
            f"baseline in {record.path}; nothing old is sent."
        )
        if not run.dry_run:
            record.save()
        return
    outcome.say(f"{new} new {'entry' if new == 1 else 'entries'} since the last run.")
    if not run.dry_run:
        record.save()  # the queue is safe before anything is sent
    for channel in run.settings.channels:
        try:
            run.deliver(channel)
        except OpenbookError:
            raise
        except Exception as exc:  # noqa: BLE001 - one channel's fault must not silence the others
            where = traceback.extract_tb(exc.__traceback__)[-1]
            outcome.say(
                f"{channel.id}: not delivered: {type(exc).__name__}: {exc} (at "
                f"{Path(where.filename).name}:{where.lineno}); kept for the next run",
                failure=True,
            )
    if not run.dry_run:
        record.save()


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
