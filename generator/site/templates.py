"""site_templates/: where the templates are, the Jinja environment pages render in, the helpers
every template may call, and the site's script for one language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import jinja2
from markupsafe import Markup

from generator.content.models import IncidentUpdate, MaintenanceUpdate
from generator.content.revision_records import Correction, GitRecord
from generator.content.schema import iso
from generator.words import Words


class Translated(Protocol):
    """A document of an edition in another language: the word fields not translated yet, and
    the language they are shown in."""

    @property
    def untranslated(self) -> frozenset[str]: ...

    @property
    def original(self) -> str: ...


def templates_dir() -> Path:
    """site_templates/, beside the package in a checkout or inside it when installed."""
    here = Path(__file__).resolve().parents[1]  # the generator package
    for candidate in (here / "site_templates", here.parent / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("site_templates/ not found next to the generator package")


def environment(words: Words) -> jinja2.Environment:
    """The templates' environment, speaking `words`' language through `_` and `ngettext`.

    They work as jinja2.ext.i18n's "newstyle" gettext does (the message is markup, the values
    are escaped into it), as plain functions: a page calls them dozens of times."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = words.translations

    def gettext(message: str, **values: object) -> Markup:
        text = Markup(translations.gettext(message))
        return text % values if values else text

    def ngettext(singular: str, plural: str, count: int, **values: object) -> Markup:
        values.setdefault("num", words.number(count))
        return Markup(translations.ngettext(singular, plural, count)) % values

    env.globals.update(_=gettext, ngettext=ngettext)
    return env


def corrections_at(
    record: GitRecord | None, update: IncidentUpdate | MaintenanceUpdate
) -> list[Correction]:
    """The corrections of one update as it stands now: its text or status changed, or its time
    (then it was published at another)."""
    if record is None:
        return []
    at = iso(update.at)
    return [
        c
        for c in record.corrections
        if (c.update_at == at and c.what in ("text", "status"))
        or (c.what == "time" and c.new == at)
    ]


def lang(item: Translated, field: str) -> Markup:
    """` lang="en"` for a field a translation does not have yet (shown in the original's
    language), else nothing; a function, not a macro, because every title goes through it."""
    if field in item.untranslated:
        return Markup(' lang="{}"').format(item.original)
    return Markup("")


def in_original(item: Translated, field: str, html: Markup) -> Markup:
    """A field's HTML, marked with the original's language if it is not translated yet."""
    if field in item.untranslated:
        return Markup('<div lang="{}">{}</div>').format(item.original, html)
    return html


def script_asset(words: Words) -> bytes:
    """assets/openbook.js for one language: the words it writes, then the script."""
    script = (templates_dir() / "docs" / "assets" / "openbook.js").read_text(encoding="utf-8")
    table = json.dumps(words.script(), ensure_ascii=False, sort_keys=True)
    return f"window.openbookWords = {table};\n{script}".encode()
