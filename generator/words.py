"""Every word Openbook shows, in the site's language, and how times, durations and numbers read.

The words come from gettext catalogs (`generator/locales/LANG/LC_MESSAGES/openbook.po`), written in
English in the code and templates and translated per language; dates, times, numbers, lists and
plurals follow the language's CLDR rules through Babel. Pages, feeds, the calendar and badges all
speak through one `Words`; the JSON API and the command line stay English.
"""

from __future__ import annotations

import functools
import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from generator.content.schema import iso  # also the templates' `iso`
from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    Indicator,
)
from generator.content.vocab import MaintenanceStatus as MS

SOURCE_LANGUAGE = "en"  # the language of the messages in the code; it needs no catalog
LANGUAGES = ("en", "de", "fr", "es", "pt-BR", "ja", "ar")  # each has a complete catalog
RIGHT_TO_LEFT = frozenset({"ar"})
CATALOGS = Path(__file__).parent / "locales"
DOMAIN = "openbook"
# English dates read day first with a 24-hour clock ("23 Nov 2026, 14:05 CET"), as a status
# page read around the world should; every other language formats as its CLDR data says.
_FORMAT_LOCALES = {"en": "en-GB"}


def upper_first(text: str) -> str:
    """`text` with its first letter upper-cased and the rest as written: "for 10 Nov, 03:00 CET"
    -> "For 10 Nov, 03:00 CET" (`str.capitalize` would lower the month and the zone)."""
    return text[:1].upper() + text[1:]


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; it is translated where shown."""
    return message


IMPACT = {
    Impact.NONE: N_("No impact"),
    Impact.MINOR: N_("Minor"),
    Impact.MAJOR: N_("Major"),
    Impact.CRITICAL: N_("Critical"),
}

PHASE = {
    IncidentStatus.INVESTIGATING: N_("Investigating"),
    IncidentStatus.IDENTIFIED: N_("Identified"),
    IncidentStatus.MONITORING: N_("Monitoring"),
    IncidentStatus.RESOLVED: N_("Resolved"),
}

COMMITMENT = {
    CommitmentStatus.PLANNED: N_("Planned"),
    CommitmentStatus.IN_PROGRESS: N_("In progress"),
    CommitmentStatus.DONE: N_("Done"),
    CommitmentStatus.DROPPED: N_("Dropped"),
}

BADGE = {  # the overall badge's message
    Indicator.NONE: N_("operational"),
    Indicator.MINOR: N_("minor outage"),
    Indicator.MAJOR: N_("partial outage"),
    Indicator.CRITICAL: N_("major outage"),
    Indicator.MAINTENANCE: N_("maintenance"),
}

COMPONENT = {
    ComponentStatus.OPERATIONAL: N_("Operational"),
    ComponentStatus.UNDER_MAINTENANCE: N_("Under maintenance"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("Degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("Partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("Major outage"),
}

PHRASE = {  # a component status inside a sentence or on a badge: "Webhooks: partial outage"
    ComponentStatus.OPERATIONAL: N_("operational"),
    ComponentStatus.UNDER_MAINTENANCE: N_("under maintenance"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("major outage"),
}

MAINTENANCE = {
    MS.SCHEDULED: N_("Scheduled"),
    MS.IN_PROGRESS: N_("In progress"),
    MS.VERIFYING: N_("Verifying"),
    MS.COMPLETED: N_("Completed"),
    MS.CANCELLED: N_("Cancelled"),
}

KIND = {
    AnnouncementKind.CHANGE: N_("Change"),
    AnnouncementKind.REPORT: N_("Transparency report"),
    AnnouncementKind.NOTICE: N_("Notice"),
}

CORRECTION = {  # what a correction changed in a published update
    "text": N_("text corrected"),
    "status": N_("status corrected"),
    "time": N_("time corrected"),
    "removed": N_("removed"),
}

# Icons carry meaning together with the word beside them, never alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
    ComponentStatus.DEGRADED_PERFORMANCE: "!",
    ComponentStatus.PARTIAL_OUTAGE: "!",
    ComponentStatus.MAJOR_OUTAGE: "✕",
}


def catalog_path(language: str) -> Path:
    return CATALOGS / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of `language`; the source language needs none. Fuzzy entries are
    not used (tests/test_languages.py fails on them)."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language.replace("-", "_"), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Words:
    """The words and formats of one language."""

    def __init__(self, language: str = SOURCE_LANGUAGE):
        self.language = language
        self.locale = Locale.parse(_FORMAT_LOCALES.get(language, language), sep="-")
        self.direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        self.translations = translations(language)
        self._dates: dict[tuple, str] = {}  # Babel is slow and a site shows the same days often
        self._times: dict[tuple, str] = {}
        self._numbers: dict[float, str] = {}
        self._spans: dict[int, str] = {}
        self._lists: dict[tuple, str] = {}
        self.impact = self._table(IMPACT)
        self.phase = self._table(PHASE)
        self.commitment = self._table(COMMITMENT)
        self.badge = self._table(BADGE)
        self.component = self._table(COMPONENT)
        self.phrase = self._table(PHRASE)
        self.maintenance = self._table(MAINTENANCE)
        self.kind = self._table(KIND)
        self.correction = self._table(CORRECTION)

    def _table(self, table: dict) -> dict:
        return {key: self.translations.gettext(message) for key, message in table.items()}

    def __repr__(self) -> str:
        return f"Words({self.language!r})"

    # Messages ------------------------------------------------------------------------

    def _(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def n_(self, singular: str, plural: str, count: int, **values) -> str:
        """A message with a count, `%(num)s` in it, in the plural form the language needs."""
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": self.number(count), **values}

    # Numbers, lists, dates -------------------------------------------------------------

    def number(self, value: float) -> str:
        found = self._numbers.get(value)
        if found is None:
            found = format_decimal(value, locale=self.locale)
            if len(self._numbers) < 100_000:
                self._numbers[value] = found
        return found

    def quarter(self, first_day: date) -> str:
        """ "Q4 2026", as the language writes a quarter."""
        return format_skeleton("yQQQ", first_day, locale=self.locale)

    def percent(self, value: float, digits: int = 2) -> str:
        """`value` per cent with `digits` decimals, as the language writes it: 99.95%, 99,95 %."""
        pattern = str(self.locale.percent_formats[None].pattern)
        pattern = re.sub(r"0(?=[^0#,.]*$)", "0." + "0" * digits, pattern, count=1)
        return format_percent(value / 100, pattern, locale=self.locale)

    def join(self, items) -> str:
        """'A, B and C' in the language's own words and punctuation."""
        items = tuple(items)
        found = self._lists.get(items)
        if found is None:
            found = format_list(list(items), locale=self.locale)
            if len(self._lists) < 100_000:
                self._lists[items] = found
        return found

    def date(self, day: date) -> str:
        key = (day.year, day.month, day.day)  # a datetime formats as its calendar day
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = format_skeleton("yMMMd", date(*key), locale=self.locale)
        return found

    def month(self, day: date) -> str:
        """'November 2026'"""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def month_name(self, day: date) -> str:
        """'November', as a heading of its own."""
        return format_date(day, "LLLL", locale=self.locale)

    def short_month(self, day: date) -> str:
        """'Nov 2026'"""
        return format_skeleton("yMMM", day, locale=self.locale)

    def time(self, moment: datetime) -> str:
        """'14:05 CET': the zone's abbreviation is the time zone database's, in every language."""
        key = (moment.hour, moment.minute, moment.tzname())
        found = self._times.get(key)
        if found is None:
            clock = format_skeleton("Hm", moment.replace(tzinfo=None), locale=self.locale)
            found = self._times[key] = f"{clock} {key[2]}"
        return found

    def datetime(self, moment: datetime) -> str:
        return self.locale.datetime_formats["medium"].format(self.time(moment), self.date(moment))

    def language_name(self, code: str) -> str:
        """A language's name in this language: 'Englisch' on a German page."""
        return Locale.parse(code, sep="-").get_display_name(self.locale) or code

    # Sentences -------------------------------------------------------------------------

    def span(self, delta: timedelta) -> str:
        """A duration as people say it: '45 min', '2 h 5 min', '3 days 4 h'."""
        minutes = max(0, int(delta.total_seconds() // 60))
        found = self._spans.get(minutes)
        if found is None:
            found = self._spans[minutes] = self._span(minutes)
        return found

    def _span(self, minutes: int) -> str:
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            text = self.n_("%(num)s day", "%(num)s days", days)
            return text + (" " + self._("%(num)s h", num=self.number(hours)) if hours else "")
        if hours:
            text = self._("%(num)s h", num=self.number(hours))
            return text + (" " + self._("%(num)s min", num=self.number(mins)) if mins else "")
        return self._("%(num)s min", num=self.number(mins))

    def span_minutes(self, minutes: float) -> str:
        return self.span(timedelta(minutes=round(minutes)))

    def day_summary(self, day) -> str:
        """One day of one component in words: the text behind an uptime bar."""
        when = self.date(day.day)
        if not day.incidents and not day.minutes:
            return self._("%(date)s: no incidents", date=when)
        parts = [
            self._("%(status)s %(duration)s", status=self.phrase[s], duration=self.span_minutes(m))
            for s, m in sorted(day.minutes.items(), key=lambda x: -x[0].rank)
        ]
        text = self._(
            "%(date)s: %(statuses)s",
            date=when,
            statuses=self.join(parts) if parts else self._("no downtime"),
        )
        if day.downtime:
            text += " " + self._(
                "(%(duration)s downtime)", duration=self.span_minutes(day.downtime)
            )
        n = len(day.incidents)
        titles = [i.title for i in day.incidents[:3]]
        if n > 3:
            titles.append(self.n_("%(num)s more", "%(num)s more", n - 3))
        incidents = self.n_(
            "%(num)s incident: %(titles)s",
            "%(num)s incidents: %(titles)s",
            n,
            titles="; ".join(titles),
        )
        return self._("%(summary)s; %(incidents)s", summary=text, incidents=incidents)

    def banner(self, overall) -> str:
        """The home page's one sentence: the worst state now, or that all is well."""
        worst, incidents = overall.tone, overall.open_incidents
        if worst is ComponentStatus.UNDER_MAINTENANCE:
            return self._("Maintenance in progress: %(names)s", names=self.names(overall.affected))
        if worst is not ComponentStatus.OPERATIONAL:
            return self._(
                "%(status)s affecting %(names)s",
                status=self.component[worst],
                names=self.names(overall.affected),
            )
        if len(incidents) == 1:
            latest = incidents[0].updates[-1].status
            return self._(
                "%(phase)s: %(title)s", phase=self.phase[latest], title=incidents[0].title
            )
        if incidents:
            return self.n_("%(num)s open incident", "%(num)s open incidents", len(incidents))
        return self._("All systems operational")

    def impact_counts(self, counts) -> str:
        """'2 minor, 1 critical' for [(Impact, count), …]."""
        forms = {
            Impact.NONE: lambda n: self.n_("%(num)s without impact", "%(num)s without impact", n),
            Impact.MINOR: lambda n: self.n_("%(num)s minor", "%(num)s minor", n),
            Impact.MAJOR: lambda n: self.n_("%(num)s major", "%(num)s major", n),
            Impact.CRITICAL: lambda n: self.n_("%(num)s critical", "%(num)s critical", n),
        }
        return self.join(forms[impact](n) for impact, n in counts)

    def names(self, names: tuple[str, ...]) -> str:
        if len(names) > 3:
            return self.n_("%(num)s component", "%(num)s components", len(names))
        return self.join(names)

    def labelled(self, label: str, title: str) -> str:
        """`Label: title`, unless the title already starts with the label."""
        if title.casefold().startswith(label.casefold()):
            return title
        return self._("%(label)s: %(title)s", label=label, title=title)

    def script(self) -> dict[str, str]:
        """The words openbook.js writes into pages, with {placeholders} it fills in."""
        return {
            "yourTime": self._("(%(time)s your time)", time="{time}"),
            "open": self._("open"),
            "found": self._("Incidents found: %(num)s.", num="{num}"),
            "newest": self._("The newest %(num)s are shown.", num="{num}"),
            "noIndex": self._(
                "The incident index could not be loaded; the history below is complete."
            ),
            "scheduled": self.maintenance[MS.SCHEDULED],
            "in_progress": self.maintenance[MS.IN_PROGRESS],
            "completed": self.maintenance[MS.COMPLETED],
        }


ENGLISH = Words(SOURCE_LANGUAGE)


def autonym(language: str) -> str:
    """A language's name in itself, as a language switcher lists it: 'Deutsch', 'Français'."""
    locale = Locale.parse(language, sep="-")
    name = locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]


class Clock:
    """Formats times in the site's zone and language, as `<time>` elements a script can
    localise."""

    def __init__(self, zone: ZoneInfo, words: Words = ENGLISH):
        self.zone = zone
        self.words = words

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def start_of(self, day: date) -> datetime:
        """The first moment of `day` in the site's zone."""
        return datetime(day.year, day.month, day.day, tzinfo=self.zone)

    def text(self, moment: datetime, style: str = "datetime") -> str:
        m = self.local(moment)
        if style in ("time", "when"):
            return self.words.time(m)
        if style == "date":
            return self.words.date(m)
        return self.words.datetime(m)

    def tag(self, moment: datetime, style: str = "datetime") -> Markup:
        return Markup('<time datetime="{}" data-ob-time="{}">{}</time>').format(
            iso(moment), style, self.text(moment, style)
        )

    def near(self, moment: datetime, now: datetime) -> Markup:
        """A tag with the time alone when `moment` falls on the same day as `now` in the site's
        zone, else with its date: "by 10:40" means today."""
        same_day = self.local(moment).date() == self.local(now).date()
        return self.tag(moment, "when" if same_day else "datetime")

    def day_tag(self, day: date) -> Markup:
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), self.words.date(day))
