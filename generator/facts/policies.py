"""What is true of policies and subprocessors on a given day, and whether the promised notice
was given: pure functions of the models, what git remembers, and a given now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from generator.content.policies import DEFAULT_NOTICE_DAYS, Policy, PolicyVersion
from generator.content.policy_revisions import EntryDates, PolicyRecord
from generator.content.subprocessors import Register, Subprocessor
from generator.errors import Problem


def in_effect(policy: Policy, today: date) -> PolicyVersion | None:
    """The version in effect on `today`; None before the first takes effect."""
    return next((v for v in reversed(policy.versions) if v.effective <= today), None)


def upcoming(policy: Policy, today: date) -> tuple[PolicyVersion, ...]:
    """Announced versions that have not taken effect yet, soonest first."""
    return tuple(v for v in policy.versions if v.effective > today)


def previous(policy: Policy, version: PolicyVersion) -> PolicyVersion | None:
    """The version this one replaces: what its redline compares it with."""
    earlier = [v for v in policy.versions if v.effective < version.effective]
    return earlier[-1] if earlier else None


def notice_days(version: PolicyVersion, default: int = DEFAULT_NOTICE_DAYS) -> int:
    return version.notice_days if version.notice_days is not None else default


def _day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def policy_notices(
    policy: Policy, zone: ZoneInfo, now: datetime, default: int = DEFAULT_NOTICE_DAYS
) -> list[Problem]:
    """A warning for each version not yet in effect (and the newest) that was, or if published
    now would be, first committed fewer than its notice days before it takes effect."""
    today = _day(now, zone)
    found = []
    for version in policy.versions:
        if version.effective < today and version is not policy.newest:
            continue  # its dates are on its page; a warning now could change nothing
        if version.published is None and not policy.versions_known:
            continue  # no git history (a shallow clone): nothing says when it was published
        published = _day(version.published or now, zone)
        days, promised = (version.effective - published).days, notice_days(version, default)
        if days >= promised:
            continue
        when = "first committed" if version.published else "not committed yet; published today"
        found.append(
            Problem(
                policy.source,
                policy.line,
                "effective",
                f"the version effective {version.effective} was {when}, {published}: "
                f"{_days(days)} before it takes effect; the promise is {promised} days' notice",
                f"set effective to {published + timedelta(days=promised)} or later, or "
                "notice_days to the notice given",
                level="warning",
            )
        )
    return found


def _days(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} after, not"
    return f"{days} day{'s' if days != 1 else ''}"


class State(StrEnum):
    CURRENT = "current"
    UPCOMING = "upcoming"
    FORMER = "former"


@dataclass(frozen=True)
class Listed:
    """A subprocessor as the register's page shows it."""

    entry: Subprocessor
    state: State
    announced: date | None  # as written, else as git first had the entry
    object_by: date | None  # for an upcoming one: the last day to object
    leaving: bool = False  # current, with an `until` still to come
    left_announced: date | None = None  # when git first had its `until`


@dataclass(frozen=True)
class RegisterFacts:
    current: tuple[Listed, ...]
    upcoming: tuple[Listed, ...]  # soonest first
    former: tuple[Listed, ...]  # the most recent departure first
    notice_days: int
    objection: str


def announced(entry: Subprocessor, entries: dict[str, EntryDates], zone: ZoneInfo) -> date | None:
    if entry.announced is not None:
        return entry.announced
    dates = entries.get(entry.id)
    return _day(dates.added, zone) if dates else None


def register_facts(
    register: Register, record: PolicyRecord, zone: ZoneInfo, now: datetime
) -> RegisterFacts:
    today = _day(now, zone)
    found: dict[State, list[Listed]] = {s: [] for s in State}
    for entry in register.subprocessors:
        told = announced(entry, record.entries, zone)
        if told is None and record.known and entry.since > today:
            told = today  # not committed yet: it is published when it is
        ended = record.entries.get(entry.id)
        state = (
            State.UPCOMING
            if entry.since > today
            else State.FORMER
            if entry.until is not None and entry.until < today
            else State.CURRENT
        )
        found[state].append(
            Listed(
                entry,
                state,
                told,
                told + timedelta(days=register.notice_days)
                if told and state is State.UPCOMING
                else None,
                state is State.CURRENT and entry.until is not None,
                _day(ended.ended, zone) if ended and ended.ended else None,
            )
        )
    return RegisterFacts(
        tuple(found[State.CURRENT]),
        tuple(sorted(found[State.UPCOMING], key=lambda s: (s.entry.since, s.entry.id))),
        tuple(sorted(found[State.FORMER], key=lambda s: (s.entry.until, s.entry.id), reverse=True)),
        register.notice_days,
        register.objection,
    )


def register_notices(register: Register, facts: RegisterFacts, today: date) -> list[Problem]:
    """An error for an upcoming entry nothing dates; a warning for one announced late, or
    said to be announced on a day still to come."""
    found = []
    for listed in facts.upcoming:
        entry = listed.entry
        if listed.announced is None:
            found.append(
                Problem(
                    register.source,
                    entry.line,
                    "subprocessors.since",
                    f"{entry.since} is still to come, and neither 'announced' nor git history "
                    f"says when customers were told of '{entry.id}'",
                    "add announced: DATE, the day customers were told",
                )
            )
            continue
        days = (entry.since - listed.announced).days
        if days < register.notice_days:
            found.append(
                Problem(
                    register.source,
                    entry.line,
                    "subprocessors.since",
                    f"'{entry.id}' starts {entry.since}, {_days(days)} after it was announced "
                    f"({listed.announced}); the promise is {register.notice_days} days' notice",
                    f"set since to {listed.announced + timedelta(days=register.notice_days)} "
                    "or later",
                    level="warning",
                )
            )
    for listed in (*facts.current, *facts.upcoming):
        if listed.entry.announced is not None and listed.entry.announced > today:
            found.append(
                Problem(
                    register.source,
                    listed.entry.line,
                    "subprocessors.announced",
                    f"{listed.entry.announced} is still to come; readers see '{listed.entry.id}' "
                    "from the day this is published",
                    "set announced to the day customers were told",
                    level="warning",
                )
            )
    return found
