"""Every word Openbook shows, in the site's language, and how times, durations and numbers read.

The words come from gettext catalogs (`generator/locales/LANG/LC_MESSAGES/openbook.po`), written in
English in the code and templates and translated per language; dates, times, numbers, lists and
plurals follow the language's CLDR rules through Babel. Pages, feeds, the calendar and badges all
speak through one `Words`; the JSON API and the command line stay English. The vocabularies'
messages are in vocabulary.py and the sentences built from them in sentences.py.
"""

from __future__ import annotations

import datetime as dt  # Words has methods named date and datetime
import functools
import io
import re
from collections.abc import Iterable
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
from generator.content.vocab import LANGUAGES as LANGUAGES  # the languages Words speaks
from generator.sentences import Sentences
from generator.vocabulary import (
    ADVISORY_STATUS,
    BADGE,
    COMMITMENT,
    COMPONENT,
    CORRECTION,
    IMPACT,
    KIND,
    MAINTENANCE,
    PHASE,
    PHRASE,
    SEVERITY,
)
from generator.vocabulary import N_ as N_  # where callers have always found them
from generator.vocabulary import STATUS_ICONS as STATUS_ICONS

SOURCE_LANGUAGE = "en"  # the language of the messages in the code; it needs no catalog
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


class Words(Sentences):
    """The words and formats of one language."""

    def __init__(self, language: str = SOURCE_LANGUAGE):
        self.language = language
        self.locale = Locale.parse(_FORMAT_LOCALES.get(language, language), sep="-")
        self.direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        self.translations = translations(language)
        # Babel is slow and a site shows the same days often.
        self._dates: dict[tuple[int, int, int], str] = {}
        self._times: dict[tuple[int, int, str | None], str] = {}
        self._numbers: dict[float, str] = {}
        self._spans: dict[int, str] = {}
        self._lists: dict[tuple[str, ...], str] = {}
        self.impact = self._table(IMPACT)
        self.phase = self._table(PHASE)
        self.commitment = self._table(COMMITMENT)
        self.badge = self._table(BADGE)
        self.component = self._table(COMPONENT)
        self.phrase = self._table(PHRASE)
        self.maintenance = self._table(MAINTENANCE)
        self.kind = self._table(KIND)
        self.correction = self._table(CORRECTION)
        self.severity = self._table(SEVERITY)
        self.advisory_status = self._table(ADVISORY_STATUS)

    def _table(self, table: dict) -> dict:
        return {key: self.translations.gettext(message) for key, message in table.items()}

    def __repr__(self) -> str:
        return f"Words({self.language!r})"

    # Messages ------------------------------------------------------------------------

    def _(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def n_(self, singular: str, plural: str, count: int, **values: object) -> str:
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

    def quarter(self, first_day: dt.date) -> str:
        """ "Q4 2026", as the language writes a quarter."""
        return format_skeleton("yQQQ", first_day, locale=self.locale)

    def percent(self, value: float, digits: int = 2) -> str:
        """`value` per cent with `digits` decimals, as the language writes it: 99.95%, 99,95 %."""
        pattern = str(self.locale.percent_formats[None].pattern)
        pattern = re.sub(r"0(?=[^0#,.]*$)", "0." + "0" * digits, pattern, count=1)
        return format_percent(value / 100, pattern, locale=self.locale)

    def join(self, items: Iterable[str]) -> str:
        """'A, B and C' in the language's own words and punctuation."""
        key = tuple(items)
        found = self._lists.get(key)
        if found is None:
            found = format_list(list(key), locale=self.locale)
            if len(self._lists) < 100_000:
                self._lists[key] = found
        return found

    def date(self, day: dt.date) -> str:
        key = (day.year, day.month, day.day)  # a datetime formats as its calendar day
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = format_skeleton("yMMMd", dt.date(*key), locale=self.locale)
        return found

    def month(self, day: dt.date) -> str:
        """'November 2026'"""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def month_name(self, day: dt.date) -> str:
        """'November', as a heading of its own."""
        return format_date(day, "LLLL", locale=self.locale)

    def short_month(self, day: dt.date) -> str:
        """'Nov 2026'"""
        return format_skeleton("yMMM", day, locale=self.locale)

    def time(self, moment: dt.datetime) -> str:
        """'14:05 CET': the zone's abbreviation is the time zone database's, in every language."""
        key = (moment.hour, moment.minute, moment.tzname())
        found = self._times.get(key)
        if found is None:
            clock = format_skeleton("Hm", moment.replace(tzinfo=None), locale=self.locale)
            found = self._times[key] = f"{clock} {key[2]}"
        return found

    def datetime(self, moment: dt.datetime) -> str:
        return self.locale.datetime_formats["medium"].format(self.time(moment), self.date(moment))

    def language_name(self, code: str) -> str:
        """A language's name in this language: 'Englisch' on a German page."""
        return Locale.parse(code, sep="-").get_display_name(self.locale) or code


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

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def start_of(self, day: dt.date) -> dt.datetime:
        """The first moment of `day` in the site's zone."""
        return dt.datetime(day.year, day.month, day.day, tzinfo=self.zone)

    def text(self, moment: dt.datetime, style: str = "datetime") -> str:
        m = self.local(moment)
        if style in ("time", "when"):
            return self.words.time(m)
        if style == "date":
            return self.words.date(m)
        return self.words.datetime(m)

    def tag(self, moment: dt.datetime, style: str = "datetime") -> Markup:
        return Markup('<time datetime="{}" data-ob-time="{}">{}</time>').format(
            iso(moment), style, self.text(moment, style)
        )

    def near(self, moment: dt.datetime, now: dt.datetime) -> Markup:
        """A tag with the time alone when `moment` falls on the same day as `now` in the site's
        zone, else with its date: "by 10:40" means today."""
        same_day = self.local(moment).date() == self.local(now).date()
        return self.tag(moment, "when" if same_day else "datetime")

    def day_tag(self, day: dt.date) -> Markup:
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), self.words.date(day))
