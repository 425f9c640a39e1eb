"""Languages: complete catalogs, pages that speak one language only, translations of content,
and sites published in several languages."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from click.testing import CliRunner
from lxml import html as lhtml

from generator import catalogs
from generator.build import build
from generator.cli import main
from generator.content.load import load_content
from generator.errors import ContentErrors
from generator.words import LANGUAGES, SOURCE_LANGUAGE, Words

from .conftest import EXAMPLE, EXAMPLE_NOW
from .helpers.languages import NOW, catalog_strings, neutral, whole_word

OTHERS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


# Catalogs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template():
    return catalogs.extract()


@pytest.mark.parametrize("language", OTHERS)
def test_catalog_is_complete_and_not_fuzzy(template, language):
    assert catalogs.problems(language, template) == []


def test_the_extraction_finds_the_words_of_code_and_templates(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    # From words.py, a template, a macro, an N_ table and a plural.
    assert {"All systems operational", "Incident history", "Next update by %(time)s"} <= ids
    assert {"Partial outage", "%(num)s day", "Switch to dark mode"} <= ids
    assert len(ids) > 180


def test_the_check_finds_what_a_translator_missed(tmp_path, template, monkeypatch):
    """The catalog check is what keeps catalogs complete: show it fails when it should."""
    po = catalogs.catalog_path("de").read_text(encoding="utf-8")
    po = po.replace('msgstr "Zeitleiste"', 'msgstr ""', 1)  # untranslated
    po = re.sub(
        r'(#, python-format\nmsgid "Next update by %\(time\)s"\nmsgstr ")[^"]*',
        r"\1Bis %(zeit)s",
        po,
    )
    po = po.replace('msgid "Report"\n', '#, fuzzy\nmsgid "Report"\n', 1)
    broken = tmp_path / "de" / "LC_MESSAGES" / "openbook.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(po, encoding="utf-8")
    monkeypatch.setattr(catalogs, "catalog_path", lambda language: broken)
    found = catalogs.problems("de", template)
    assert "de: untranslated 'Timeline'" in found
    assert "de: fuzzy 'Report'" in found
    assert any("placeholders ['zeit']" in line for line in found)


# Formats ----------------------------------------------------------------------------------


def test_dates_numbers_durations_and_plurals_per_language():
    moment = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    de, ja, ar, en = Words("de"), Words("ja"), Words("ar"), Words("en")
    assert en.datetime(moment) == "23 Nov 2026, 14:05 UTC"
    assert de.datetime(moment) == "23. Nov. 2026, 14:05 UTC"
    assert ja.date(moment) == "2026年11月23日"
    assert en.percent(99.953) == "99.95%"
    assert de.percent(99.953) == "99,95\xa0%"
    assert de.span(timedelta(days=2, hours=3)) != en.span(timedelta(days=2, hours=3))
    assert en.span(timedelta(days=1, hours=3, minutes=5)) == "1 day 3 h"
    assert en.join(["A", "B", "C"]) == "A, B and C"
    assert de.join(["A", "B", "C"]) == "A, B und C"
    # Arabic has six plural forms: 3 and 11 days take different words.
    assert ar.span(timedelta(days=3)).split()[-1] != ar.span(timedelta(days=11)).split()[-1]
    assert ar.direction == "rtl" and de.direction == "ltr"


# One language per page ----------------------------------------------------------------------


def visible_texts(site: Path) -> dict[str, str]:
    """Each page's text a reader sees or hears: its text and its labels."""
    out = {}
    for path in site.rglob("index.html"):
        tree = lhtml.fromstring(path.read_bytes())
        main = tree.cssselect(".ob-page")
        if not main:
            continue
        parts = [main[0].text_content()]
        for attribute in ("aria-label", "title", "alt"):
            parts += main[0].xpath(f"//*[@{attribute}]/@{attribute}")
        parts += [tree.findtext(".//title") or ""]
        out[str(path.relative_to(site))] = "\n".join(parts)
    for path in [*site.glob("feeds/*.atom"), *site.rglob("badge.svg")]:
        root = ElementTree.fromstring(path.read_bytes())
        out[str(path.relative_to(site))] = "\n".join(root.itertext())
    return out


@pytest.fixture(scope="module")
def one_language_sites(tmp_path_factory):
    """The neutral content built once in each of Openbook's languages."""
    sites = {}
    for language in LANGUAGES:
        work = tmp_path_factory.mktemp(f"lang-{language}")
        build(neutral(work / "content", f"language: {language}"), work / "site", NOW)
        sites[language] = work / "site"
    return sites


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_speaks_one_language(one_language_sites, language):
    """No string of another catalog on a site built in `language`: not a word left in English
    on a German page, nor a German one on a French page."""
    texts = visible_texts(one_language_sites[language])
    own = catalog_strings(language)
    leaks = {}
    for other in LANGUAGES:
        if other == language:
            continue
        # Strings of at least two words, which the other language says differently.
        foreign = {s for s in catalog_strings(other) - own if " " in s and len(s) >= 12}
        for page, text in texts.items():
            # Whole words only: Portuguese "disponibilidade" is not Spanish "disponibilidad".
            found = sorted(s for s in foreign if s in text and whole_word(s, text))
            if found:
                leaks[f"{page} ({other})"] = found[:5]
    assert leaks == {}


@pytest.mark.slow
def test_the_leak_check_sees_an_english_word_on_a_german_page(one_language_sites, tmp_path):
    """The test above must be able to fail: put one English label on a German page."""
    site = tmp_path / "site"
    shutil.copytree(one_language_sites["de"], site)
    page = site / "index.html"
    page.write_text(page.read_text().replace("</h1>", " All systems operational</h1>", 1))
    english = {s for s in catalog_strings("en") - catalog_strings("de") if " " in s}
    assert "All systems operational" in english
    assert whole_word("All systems operational", visible_texts(site)["index.html"])


def test_german_pages_feeds_and_badges(one_language_sites):
    site = one_language_sites["de"]
    home = lhtml.fromstring((site / "index.html").read_bytes())
    assert home.get("lang") == "de"
    assert home.cssselect("h1.ob-banner__text")[0].text_content() == (
        "Teilausfall betrifft Quorrim"
    )
    feed = feedparser.parse((site / "feeds" / "incidents.atom").read_bytes())
    assert feed.feed.language == "de"
    assert feed.entries[0].title.startswith("Identifiziert: ")
    badge = (site / "badge.svg").read_text()
    assert "operational" not in badge and "outage" not in badge


def test_arabic_pages_read_right_to_left(one_language_sites):
    site = one_language_sites["ar"]
    page = lhtml.fromstring((site / "index.html").read_bytes())
    assert page.get("lang") == "ar"
    assert page.cssselect("body")[0].get("dir") == "rtl"


def test_pt_br_keeps_its_region_in_lang(one_language_sites):
    page = lhtml.fromstring((one_language_sites["pt-BR"] / "index.html").read_bytes())
    assert page.get("lang") == "pt-BR"


def test_the_api_keeps_statuspage_english(one_language_sites):
    summary = json.loads((one_language_sites["ja"] / "api/v2/summary.json").read_text())
    statuses = {c["name"]: c["status"] for c in summary["components"]}
    assert statuses["Quorrim"] == "partial_outage"
    assert summary["status"]["description"] == "Partial System Outage"


# Translations of content --------------------------------------------------------------------


TRANSLATION = """\
---
title: Plim auf Deutsch
updates:
  - at: 2026-11-23T10:00:00Z
    text: Deutscher Text eins.
remedy: Deutsches Klonk.
commitments:
  - title: Deutsches Frob
---
"""


@pytest.fixture
def bilingual(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = neutral(
        tmp_path / "content",
        "languages: [en, de]",
    )
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace(
            "title: Zorblat Quex", "title: {en: Zorblat Quex, de: Zorblat DE}"
        )
    )
    (content / "incidents" / "2026-11-23-open.de.md").write_text(TRANSLATION, encoding="utf-8")
    return content


@pytest.mark.slow
def test_a_lagging_translation_shows_the_original_marked_and_check_warns(bilingual, tmp_path):
    out = tmp_path / "site"
    build(bilingual, out, NOW)
    page = lhtml.fromstring((out / "de/incidents/2026-11-23-open/index.html").read_bytes())
    assert page.cssselect("h1")[0].text_content() == "Plim auf Deutsch"
    texts = page.cssselect(".ob-timeline .ob-update__text")
    # Newest first: the second update has no German text yet.
    assert (texts[0].get("lang"), texts[0].text_content().strip()) == ("en", "Zob zib.")
    assert (texts[1].get("lang"), texts[1].text_content().strip()) == (None, "Deutscher Text eins.")
    marks = page.cssselect(".ob-timeline .ob-untranslated")
    assert [m.text_content() for m in marks] == ["Noch nicht übersetzt: auf Englisch angezeigt."]
    assert "Deutsches Klonk." in page.cssselect(".ob-remedy")[0].text_content()
    assert page.cssselect(".ob-commitment__title")[0].text_content() == "Deutsches Frob"
    # The English page is the original, unmarked.
    english = lhtml.fromstring((out / "incidents/2026-11-23-open/index.html").read_bytes())
    assert not english.cssselect(".ob-untranslated")

    result = CliRunner().invoke(
        main, ["check", "--content", str(bilingual), "--now", "2026-11-23T12:00:00Z"]
    )
    assert result.exit_code == 0
    assert (
        "content/incidents/2026-11-23-open.de.md:3: warning: updates: no de text for the update "
        "at 2026-11-23T11:00:00Z; readers of /de/ see the original, marked not yet translated"
    ) in result.output


@pytest.mark.slow
def test_an_untranslated_document_is_shown_in_the_original_language(bilingual, tmp_path):
    out = tmp_path / "site"
    build(bilingual, out, NOW)
    page = lhtml.fromstring((out / "de/incidents/2026-10-08-past/index.html").read_bytes())
    assert page.cssselect("h1")[0].get("lang") == "en"
    note = page.cssselect(".ob-untranslated--page")[0].text_content()
    assert "Englisch" in note
    assert len(page.cssselect(".ob-untranslated")) == 1  # one note, not one per update


@pytest.mark.slow
def test_every_page_has_its_alternates_and_a_switcher_to_the_same_page(bilingual, tmp_path):
    out = tmp_path / "site"
    result = build(bilingual, out, NOW)
    pages = [p.relative_to(out) for p in out.rglob("index.html")]
    english = sorted(p for p in pages if p.parts[0] != "de")
    german = sorted(p.relative_to(out / "de") for p in (out / "de").rglob("index.html"))
    assert english == german and len(english) > 10
    assert result.pages == 2 * len([p for p in english if p.parts[0] not in ("search",)])
    for relative in english:
        for prefix in ("", "de/"):
            file = out / prefix / relative
            page = lhtml.fromstring(file.read_bytes())
            path = str(relative.parent) + "/" if str(relative.parent) != "." else ""
            hreflang = {
                link.get("hreflang"): link.get("href")
                for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")
            }
            assert hreflang == {
                "en": f"https://status.zorblat.example/{path}",
                "de": f"https://status.zorblat.example/de/{path}",
            }, file
            switcher = {
                a.get("hreflang"): a.get("href") for a in page.cssselect(".md-select__link")
            }
            for language, href in switcher.items():
                target = (file.parent / href / "index.html").resolve()
                expected = (out / ("" if language == "en" else "de/") / relative).resolve()
                assert target == expected, (file, href)


@pytest.mark.slow
def test_each_language_has_its_own_feeds_calendar_api_and_badges(bilingual, tmp_path):
    out = tmp_path / "site"
    build(bilingual, out, NOW)
    feed = feedparser.parse((out / "de/feeds/all.atom").read_bytes())
    assert feed.feed.title == "Zorblat DE"
    assert feed.feed.language == "de"
    alternate = [link.href for link in feed.feed.links if link.rel == "alternate"]
    assert alternate == ["https://status.zorblat.example/de/"]
    assert any(e.title == "Identifiziert: Plim auf Deutsch" for e in feed.entries)
    calendar = (out / "de/feeds/maintenance.ics").read_text()
    assert "X-WR-CALNAME:Zorblat DE: Wartung" in calendar
    summary = json.loads((out / "de/api/v2/summary.json").read_text())
    assert summary["page"]["name"] == "Zorblat DE"
    assert summary["page"]["url"] == "https://status.zorblat.example/de"
    assert summary["incidents"][0]["name"] == "Plim auf Deutsch"
    assert summary["incidents"][0]["status"] == "identified"
    assert (out / "de/badge.svg").is_file()


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "2026-11-23-open.de.md",
            "---\ntitle: X\nimpact: minor\n---\n",
            "content/incidents/2026-11-23-open.de.md:3: impact: 'impact' belongs to the original only",
        ),
        (
            "2026-11-23-open.de.md",
            "---\nupdates:\n  - at: 2026-11-23T10:05:00Z\n    text: X\n---\n",
            "content/incidents/2026-11-23-open.de.md:3: updates.at: the original has no update at 2026-11-23T10:05:00Z",
        ),
        (
            "2026-11-23-open.fr.md",
            "---\ntitle: X\n---\n",
            "content/incidents/2026-11-23-open.fr.md:1: id: 'fr' is not one of the site's languages",
        ),
        (
            "2026-11-23-open.en.md",
            "---\ntitle: X\n---\n",
            "content/incidents/2026-11-23-open.en.md:1: id: 'en' is the site's default language",
        ),
        (
            "2026-11-24-nothing.de.md",
            "---\ntitle: X\n---\n",
            "content/incidents/2026-11-24-nothing.de.md:1: id: a translation of '2026-11-24-nothing', which does not exist",
        ),
        (
            "2026-10-08-past.de.md",
            "---\nremedy: X\n---\n",
            "content/incidents/2026-10-08-past.de.md:2: remedy: the original has no remedy to translate",
        ),
        (
            "2026-10-08-past.de.md",
            "---\ncommitments:\n  - title: A\n  - title: B\n---\n",
            "content/incidents/2026-10-08-past.de.md:4: commitments: the original has 1 commitment(s); this translation has 2",
        ),
        (
            "2026-11-23-open.de.md",
            "---\ntitel: X\n---\n",
            "content/incidents/2026-11-23-open.de.md:2: titel: unknown field 'titel'\n  hint: did you mean 'title'?",
        ),
    ],
)
def test_translation_errors(bilingual, name, text, expected):
    (bilingual / "incidents" / "2026-11-23-open.de.md").unlink()
    (bilingual / "incidents" / name).write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_content(bilingual)
    assert [str(p) for p in caught.value.problems if p.level == "error"][0].startswith(expected)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("languages: [en, de]", "languages: [en, de]\nlanguage: de"),
            "content/portal.yml:5: language: the default language is 'en' (first in `languages`), not 'de'",
        ),
        (
            (
                "title: {en: Zorblat Quex, de: Zorblat DE}",
                "title: {en: Zorblat Quex, fr: Zorblat FR}",
            ),
            "content/portal.yml:1: title.fr: 'fr' is not one of the site's languages",
        ),
        (
            ("title: {en: Zorblat Quex, de: Zorblat DE}", "title: {de: Zorblat DE}"),
            "content/portal.yml:1: title: missing the text in 'en', the site's default language",
        ),
        (
            ("languages: [en, de]", "languages: [en, de, en]"),
            "content/portal.yml:4: languages: 'en' is listed twice",
        ),
        (
            ("languages: [en, de]", "languages: [en, xx]"),
            "content/portal.yml:4: languages: Openbook has no translation for language 'xx'",
        ),
    ],
)
def test_language_settings_errors(bilingual, change, expected):
    portal = bilingual / "portal.yml"
    portal.write_text(portal.read_text().replace(*change))
    with pytest.raises(ContentErrors) as caught:
        load_content(bilingual)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value.problems


def test_a_setting_without_a_translation_warns(bilingual):
    portal = bilingual / "portal.yml"
    portal.write_text(portal.read_text().replace("    name: Quorrim", "    name: {en: Quorrim}"))
    content = load_content(bilingual)
    assert [str(n).split("\n")[0] for n in content.portal.notes] == [
        "content/portal.yml:12: warning: components.name: no 'de' text; readers of /de/ see the 'en' one"
    ]


def test_update_lang_adds_the_translation_of_the_newest_update(bilingual):
    runner = CliRunner()
    args = ["update", "2026-11-23-open", "--content", str(bilingual)]
    result = runner.invoke(
        main, [*args, "--lang", "de", "Zweiter **deutscher** Text: mit Doppelpunkt"]
    )
    assert result.exit_code == 0, result.output
    assert "added the de text of the update at 2026-11-23T11:00:00Z" in result.output
    content = load_content(bilingual)
    (translation,) = content.translations
    assert translation.updates[datetime(2026, 11, 23, 11, 0, tzinfo=UTC)] == (
        "Zweiter **deutscher** Text: mit Doppelpunkt"
    )
    assert content.notes == ()  # nothing lags now
    again = runner.invoke(main, [*args, "--lang", "de", "Noch einmal"])
    assert again.exit_code == 1 and "already has a text for the update at" in again.output
    assert runner.invoke(main, [*args, "--lang", "fr", "Non"]).exit_code == 1
    mixed = runner.invoke(main, [*args, "--lang", "de", "--status", "resolved", "X"])
    assert mixed.exit_code == 2 and "a translation carries only words" in mixed.output


def test_update_lang_starts_a_translation_file(bilingual):
    (bilingual / "incidents" / "2026-11-23-open.de.md").unlink()
    result = CliRunner().invoke(
        main,
        ["update", "2026-11-23-open", "--content", str(bilingual), "--lang", "de", "Erster Text"],
    )
    assert result.exit_code == 0, result.output
    assert (bilingual / "incidents" / "2026-11-23-open.de.md").read_text() == (
        "---\nupdates:\n  - at: 2026-11-23T11:00:00Z\n    text: Erster Text\n---\n"
    )


@pytest.mark.slow
def test_the_example_is_bilingual(tmp_path):
    out = tmp_path / "site"
    build(EXAMPLE, out, EXAMPLE_NOW)
    content = load_content(EXAMPLE)
    assert content.portal.languages == ("en", "de")
    translated = {(t.kind, t.id) for t in content.translations if t.language == "de"}
    assert {
        ("incidents", "2026-11-23-webhook-delivery-failures"),
        ("incidents", "2026-10-08-postgres-eu-central-outage"),
        ("announcements", "2026-11-02-new-api-rate-limits"),
    } <= translated
    assert content.notes == ()  # the translations are complete
    page = lhtml.fromstring(
        (out / "de/incidents/2026-10-08-postgres-eu-central-outage/index.html").read_bytes()
    )
    assert not page.cssselect(".ob-untranslated")
    assert page.cssselect("#ob-report")[0].text_content() == "Bericht"
