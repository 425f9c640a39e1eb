"""The single values of portal.yml, each checked with a message that says how to fix it:
the site's address, languages, time zones, percentages, forms."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from generator.content.schema import (
    FAILED,
    HTTP_OR_HTTPS,
    HTTPS,
    Checker,
    Invalid,
    describe,
    did_you_mean,
    one_line,
    text,
    url_like,
)
from generator.content.source import KeyPath
from generator.content.vocab import LANGUAGES


def absolute_url(c: Checker, value: Any, path: KeyPath) -> str:
    url = url_like(
        c, value, path, HTTP_OR_HTTPS, "an absolute http(s) URL", "https://status.example.com/"
    )
    # The URL goes into pages, feeds and the API as it is written: letters, digits and -._~%/ only.
    if not _SITE_URL.match(url):
        bad = next(
            ch for ch in url.partition("://")[2] if not re.match(r"[A-Za-z0-9\-._~%/:\[\]]", ch)
        )
        raise Invalid(
            f"the site URL may not contain {bad!r}; got {url!r}",
            "a site's address has no query, fragment, quotes or markup; percent-encode "
            "other characters in its path",
        )
    return url if url.endswith("/") else url + "/"


_SITE_URL = re.compile(
    r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(/[A-Za-z0-9\-._~%/]*)?\Z"
)
LANGUAGE = re.compile(r"[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*\Z")


def language(c: Checker, value: Any, path: KeyPath) -> str:
    code = text(c, value, path)
    if not LANGUAGE.match(code):
        raise Invalid(f"not a language code: {code!r}", "a code such as en, de, pt-BR or ja")
    if code not in LANGUAGES:
        raise Invalid(
            f"Openbook has no translation for language {code!r}",
            did_you_mean(code, list(LANGUAGES)) or "its languages: " + ", ".join(LANGUAGES),
        )
    return code


def languages(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid(
            f"expected a list of language codes; got {describe(value)}",
            "e.g. [en, de]: the first is the default, published at the site's root",
        )
    out: list[str] = []
    for i, item in enumerate(value):
        code = c.value(language, item, path + (i,))
        if code in out:
            c.report(path + (i,), f"{code!r} is listed twice")
        elif code is not FAILED:
            out.append(code)
    return tuple(out)


def word_value(c: Checker, value: Any, path: KeyPath) -> str | dict[str, str]:
    """A text, or one text per language: `{en: Status, de: Status}`."""
    if isinstance(value, dict):
        return {str(key): c.value(text, item, path + (key,)) for key, item in value.items()}
    return text(c, value, path)


def word_line(c: Checker, value: Any, path: KeyPath) -> str | dict[str, str]:
    """A one-line text (a title, a name), or one per language."""
    if isinstance(value, dict):
        return {str(key): c.value(one_line, item, path + (key,)) for key, item in value.items()}
    return one_line(c, value, path)


def timezone(c: Checker, value: Any, path: KeyPath) -> ZoneInfo:
    name = text(c, value, path)
    try:
        if name in available_timezones() or name == "UTC":
            return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pass
    hint = (
        did_you_mean(name, sorted(available_timezones()))
        or "an IANA zone name such as Europe/Berlin"
    )
    raise Invalid(f"unknown time zone {name!r}", hint)


def target(c: Checker, value: Any, path: KeyPath) -> float:
    """A monthly availability target in percent, such as 99.9."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 50 <= value < 100:
        return float(value)
    raise Invalid(
        f"expected a percentage from 50 to below 100; got {describe(value)}",
        "e.g. 99.9 (a month may then have 43 minutes of downtime)",
    )


def repository(c: Checker, value: Any, path: KeyPath) -> str:
    """The content repository's web address; each revision links to `…/commit/SHA` there."""
    pattern = r"https://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9\-._~%/]*)?\Z"
    expected, example = "the repository's https address", "https://github.com/example/status"
    return url_like(c, value, path, pattern, expected, example).rstrip("/")


def feedback_form(c: Checker, value: Any, path: KeyPath) -> str:
    """A form's address with `{id}` and `{title}` where the incident goes."""
    example = "https://forms.example.com/incident?id={id}&title={title}"
    url = url_like(c, value, path, HTTPS, "an https URL", example)
    unknown = set(re.findall(r"\{(\w*)\}", url)) - {"id", "title"}
    if unknown:
        raise Invalid(f"unknown placeholder {{{sorted(unknown)[0]}}}", "use {id} and {title}")
    return url


def web_form(c: Checker, value: Any, path: KeyPath) -> str:
    return url_like(c, value, path, HTTPS, "an https URL", "https://example.com/subscribe")


def weight(c: Checker, value: Any, path: KeyPath) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise Invalid(f"expected a weight from 0 to 1; got {describe(value)}", "e.g. 0.3")
