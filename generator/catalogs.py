"""The translation catalogs: every message the code and templates show, and each language's.

    python -m generator.catalogs          # refresh openbook.pot and merge it into every .po
    python -m generator.catalogs --check  # exit 1 if a catalog misses a message or has a fuzzy one

New or changed messages arrive in each `.po` untranslated (or fuzzy, when close to an old one);
a translator fills them in and removes the fuzzy flag. tests/test_languages.py runs the check.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from generator.content.vocab import LANGUAGES
from generator.words import CATALOGS, DOMAIN, SOURCE_LANGUAGE, catalog_path

# A message's id or translation as Babel holds it: one string, or a plural message's forms.
MessageText = str | tuple[str, ...] | list[str]

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = CATALOGS / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "ngettext": (1, 2)}
# Where messages are: a folder, the files in it, Babel's extraction method and its options.
Source = tuple[str, str, str, dict[str, str]]
SOURCES: tuple[Source, ...] = (
    ("generator", "**/*.py", "python", {}),
    ("site_templates/pages", "*.html", "jinja2", {"extensions": "jinja2.ext.i18n"}),
)


def extract() -> Catalog:
    """Every message in the code and the page templates, with where it is used."""
    catalog = Catalog(
        project="Openbook", domain=DOMAIN, copyright_holder="the Openbook authors", fuzzy=False
    )
    for folder, pattern, method, options in SOURCES:
        for path in sorted((ROOT / folder).glob(pattern)):
            where = path.relative_to(ROOT).as_posix()
            found = extract_from_file(
                method, path, KEYWORDS, options=options, strip_comment_tags=True
            )
            for line, message, comments, context in found:
                catalog.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return catalog


def read(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language.replace("-", "_"), domain=DOMAIN)


def problems(language: str, template: Catalog) -> list[str]:
    """What keeps `language`'s catalog from being complete: missing, untranslated and fuzzy
    messages, and messages nothing uses any more."""
    catalog = read(language)
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        if entry is None:
            found.append(f"{language}: missing {message.id!r}")
        elif entry.fuzzy:
            found.append(f"{language}: fuzzy {message.id!r}")
        elif not (forms := _forms(entry.string)) or not all(forms):
            found.append(f"{language}: untranslated {message.id!r}")
        else:
            expected = _placeholders(message.id)
            for form in forms:
                # A plural form may leave out the count ("one day") but nothing else.
                got = _placeholders(form)
                if got - expected or expected - got - {"num"}:
                    found.append(
                        f"{language}: placeholders {sorted(got)} in {form!r}, "
                        f"expected {sorted(expected)} for {message.id!r}"
                    )
    used = {(m.id, m.context) for m in template if m.id}
    for entry in catalog:
        if entry.id and (entry.id, entry.context) not in used:
            found.append(f"{language}: unused {entry.id!r}")
    return found


def _forms(text: MessageText | None) -> tuple[str, ...]:
    """A translation's forms: one for a plain message, one for each plural form of a plural one
    (Babel gives a plural message empty forms, never none)."""
    if text is None:
        return ()
    return (text,) if isinstance(text, str) else tuple(text)


def _placeholders(message: MessageText) -> set[str]:
    text = message if isinstance(message, str) else " ".join(message)
    return set(re.findall(r"%\((\w+)\)s", text))


def update() -> None:
    template = extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as pot:
        write_po(pot, template, width=100, omit_header=False, sort_output=False)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = catalog_path(language)
        if path.exists():
            catalog = read(language)
            catalog.update(template, update_header_comment=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(
                locale=language.replace("-", "_"),
                domain=DOMAIN,
                project="Openbook",
                copyright_holder="the Openbook authors",
                fuzzy=False,
            )
            catalog.update(template)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, ignore_obsolete=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.catalogs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report incomplete catalogs")
    parser.add_argument("--language", help="check only this language, e.g. pt-BR")
    args = parser.parse_args(argv)
    if not args.check:
        update()
    template = extract()
    languages = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
    if args.language:
        languages = [args.language]
    found = [p for lang in languages for p in problems(lang, template)]
    for line in found:
        print(line)
    print(f"{len(template)} messages, {len(LANGUAGES)} languages, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
