"""`notify:` in portal.yml: the channels, their filters and the maintenance reminders.

Only names of environment variables live here; the values behind them (webhook URLs, SMTP
credentials, the subscriber list's path) are read when `openbook notify` runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from enum import StrEnum
from typing import Any

from generator.content.schema import (
    EMAIL,
    FAILED,
    HTTP_OR_HTTPS,
    Checker,
    Field,
    Invalid,
    choice,
    did_you_mean,
    label,
    list_of,
    one_of,
    positive_int,
    record_of,
    text,
    url_like,
)
from generator.content.source import KeyPath
from generator.content.vocab import Impact

KINDS = (
    "incident",
    "maintenance",
    "announcement",
    "commitment",
    "policy",
    "subprocessor",
    "advisory",
)
CHATS = ("slack", "teams", "discord", "mattermost")
ENV = re.compile(r"[A-Z_][A-Z0-9_]*\Z")


class ChannelKind(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    DISCORD = "discord"
    MATTERMOST = "mattermost"
    WEBHOOK = "webhook"
    EMAIL = "email"
    WEBSUB = "websub"


@dataclass(frozen=True)
class Channel:
    kind: ChannelKind
    id: str  # names the channel in the delivery record: stays the same while it is configured
    url_env: str = ""  # chats and webhooks: the variable holding the URL
    secret_env: str = ""  # webhook: the variable holding the HMAC key
    smtp_env: str = ""  # email: smtps://user:pass@host:465 or smtp://user:pass@host:587
    subscribers_env: str = ""  # email: the variable holding the subscriber list's path
    sender: str = ""  # email: "Example Status <status@example.com>"
    unsubscribe: str = ""  # email: a mailto: address or an https URL with {email}
    per_second: int = 10  # email: messages a second at most
    per_connection: int = 100  # email: messages per SMTP connection
    hub: str = ""  # websub: the hub's URL
    language: str = ""  # the site's default unless set
    components: tuple[str, ...] | None = None  # None: every component
    kinds: tuple[str, ...] = KINDS
    min_impact: Impact | None = None

    def wants(self, kind: str, components: tuple[str, ...], impact: Impact | None) -> bool:
        """Whether an entry of `kind` about `components` (none: site-wide) goes here."""
        if kind not in self.kinds:
            return False
        if self.components is not None and components:
            if not set(components) & set(self.components):
                return False
        if self.min_impact is not None and impact is not None:
            order = list(Impact)
            return order.index(impact) >= order.index(self.min_impact)
        return True


@dataclass(frozen=True)
class Notify:
    channels: tuple[Channel, ...] = ()
    reminders: tuple[timedelta, ...] = ()


def env_name(c: Checker, value: Any, path: KeyPath) -> str:
    name = text(c, value, path)
    if not ENV.match(name):
        looks_secret = "://" in name or "@" in name
        raise Invalid(
            f"expected the name of an environment variable; got {name!r}",
            "never put the secret itself in portal.yml: store it as a GitHub Actions secret and "
            "name the variable that holds it, e.g. SLACK_STATUS_WEBHOOK"
            if looks_secret
            else "names use capital letters, digits and underscores, e.g. SLACK_STATUS_WEBHOOK",
        )
    return name


def duration(c: Checker, value: Any, path: KeyPath) -> timedelta:
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?", str(value).strip())
    if isinstance(value, str) and match and any(match.groups()):
        days, hours, minutes = (int(g or 0) for g in match.groups())
        delay = timedelta(days=days, hours=hours, minutes=minutes)
        if timedelta(0) < delay <= timedelta(days=60):
            return delay
    raise Invalid(
        f"expected a time before the window such as 24h, 1h or 30m; got {value!r}",
        "from 1 minute to 60 days",
    )


def web_url(c: Checker, value: Any, path: KeyPath) -> str:
    return url_like(c, value, path, HTTP_OR_HTTPS, "an http(s) URL", "https://hub.example.com/")


def unsubscribe(c: Checker, value: Any, path: KeyPath) -> str:
    how = text(c, value, path)
    if re.match(r"mailto:[^@\s]+@[^@\s]+\Z", how) or re.match(r"https://\S+\Z", how):
        return how
    raise Invalid(
        f"expected mailto:ADDRESS or an https URL; got {how!r}",
        "e.g. mailto:status-unsubscribe@example.com or "
        "https://example.com/status/unsubscribe?email={email}",
    )


def sender(c: Checker, value: Any, path: KeyPath) -> str:
    written = text(c, value, path)
    name, address = parseaddr(written)
    if not EMAIL.match(address) or "\n" in written or "\r" in written:
        raise Invalid(
            f'expected a sender such as "Example Status <status@example.com>"; got {written!r}'
        )
    return written


CHANNEL = {
    "kind": Field(choice(ChannelKind), required=True),
    "id": Field(text),
    "url_env": Field(env_name),
    "secret_env": Field(env_name),
    "smtp_env": Field(env_name),
    "subscribers_env": Field(env_name),
    "from": Field(sender),
    "unsubscribe": Field(unsubscribe),
    "per_second": Field(positive_int, default=10),
    "per_connection": Field(positive_int, default=100),
    "hub": Field(web_url),
    "language": Field(text),
    "components": Field(list_of(text)),
    "kinds": Field(list_of(one_of(KINDS), at_least=1, what="kind")),
    "min_impact": Field(choice(Impact)),
}
# What each kind of channel needs, and what only some kinds understand.
NEEDS = {
    ChannelKind.WEBHOOK: ("url_env", "secret_env"),
    ChannelKind.EMAIL: ("smtp_env", "subscribers_env", "from", "unsubscribe"),
    ChannelKind.WEBSUB: ("hub",),
}
ONLY = {
    "secret_env": (ChannelKind.WEBHOOK,),
    "smtp_env": (ChannelKind.EMAIL,),
    "subscribers_env": (ChannelKind.EMAIL,),
    "from": (ChannelKind.EMAIL,),
    "unsubscribe": (ChannelKind.EMAIL,),
    "per_second": (ChannelKind.EMAIL,),
    "per_connection": (ChannelKind.EMAIL,),
    "hub": (ChannelKind.WEBSUB,),
    "url_env": (*CHATS, ChannelKind.WEBHOOK),
}


NOTIFY = {
    "reminders": Field(list_of(duration), default=[]),
    "channels": Field(list_of(record_of(CHANNEL, "a channel")), default=[]),
}


def notify_from(
    c: Checker, raw: Any, components: list[str], languages: tuple[str, ...]
) -> Notify | None:
    """The `notify:` settings, every problem reported against its line; None if any."""
    f = c.record(raw, ("notify",), NOTIFY, "notify")
    if f is None or FAILED in f.values():
        return None
    channels, seen, failed = [], set(), False
    for i, item in enumerate(f["channels"]):
        if item is FAILED:
            failed = True
            continue
        channel = _channel(c, ("notify", "channels", i), item, components, languages)
        if channel is None:
            failed = True
        elif channel.id in seen:
            c.report(
                ("notify", "channels", i),
                f"a second channel {channel.id!r}",
                "give one of them its own `id:` (it names the channel in the delivery record)",
            )
            failed = True
        else:
            seen.add(channel.id)
            channels.append(channel)
    if failed:
        return None
    return Notify(
        channels=tuple(channels),
        reminders=tuple(sorted(set(f["reminders"]), reverse=True)),
    )


def _channel(
    c: Checker, path: KeyPath, f: dict, components: list[str], languages: tuple[str, ...]
) -> Channel | None:
    kind, problems = f["kind"], 0
    if kind is FAILED:
        return None
    for name in ("url_env",) if kind in CHATS else NEEDS.get(kind, ()):
        if f[name] is None:
            c.report(path, f"missing; a {kind} channel needs '{name}'", field=label(path + (name,)))
            problems += 1
    for name, kinds in ONLY.items():
        if f[name] is not None and kind not in kinds and f[name] != CHANNEL[name].default:
            c.report(path + (name,), f"a {kind} channel has no '{name}'")
            problems += 1
    if FAILED in f.values():
        problems += 1
    for j, cid in enumerate(f["components"] if isinstance(f["components"], list) else []):
        if cid not in components:
            c.report(
                path + ("components", j),
                f"unknown component {cid!r}",
                did_you_mean(cid, components) or "known components: " + ", ".join(components),
            )
            problems += 1
    if f["language"] not in (None, FAILED) and f["language"] not in languages:
        c.report(
            path + ("language",),
            f"{f['language']!r} is not one of the site's languages",
            "the site's languages: " + ", ".join(languages),
        )
        problems += 1
    if problems:
        return None
    where = f["url_env"] or f["subscribers_env"] or f["hub"] or ""
    return Channel(
        kind=kind,
        id=f["id"] or f"{kind}:{where}",
        url_env=f["url_env"] or "",
        secret_env=f["secret_env"] or "",
        smtp_env=f["smtp_env"] or "",
        subscribers_env=f["subscribers_env"] or "",
        sender=f["from"] or "",
        unsubscribe=f["unsubscribe"] or "",
        per_second=f["per_second"],
        per_connection=f["per_connection"],
        hub=f["hub"] or "",
        language=f["language"] or languages[0],
        components=tuple(f["components"]) if f["components"] is not None else None,
        kinds=tuple(f["kinds"]) if f["kinds"] else KINDS,
        min_impact=f["min_impact"],
    )
