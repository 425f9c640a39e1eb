"""Old addresses kept working: for each `aliases:` entry, a small page that sends browsers and
search engines to where the page lives now (a refresh, a canonical link, and a plain link)."""

from __future__ import annotations

from urllib.parse import unquote

from markupsafe import escape

from generator import urls
from generator.content.models import Alias, Content
from generator.errors import Problem
from generator.facts import Facts


def file_of(alias: Alias) -> str:
    """Where the redirect is written: `issues/x/` -> `issues/x/index.html`; a path that names a
    file (`old/page.html`) stays as it is."""
    path = unquote(alias.path)
    last = path.rsplit("/", 1)[-1]
    if path.endswith("/") or "." not in last:
        return path.rstrip("/") + "/index.html"
    return path


def targets(content: Content):
    """(document, its URL relative to the site root, its alias) for every alias."""
    for documents, url in (
        (content.incidents, urls.incident),
        (content.maintenance, urls.maintenance),
        (content.announcements, urls.announcement),
        (content.pages, urls.standing),
    ):
        for document in documents:
            for alias in document.aliases:
                yield document, url(document.id), alias


def conflicts(content: Content, taken: set[str]) -> list[Problem]:
    """Aliases that would replace a file the site publishes (one of `taken`, or anything in
    a folder of `taken`, named with its /), or that two pages claim."""
    problems, seen = [], {}
    folders = tuple(p for p in taken if p.endswith("/"))
    for document, _, alias in targets(content):
        path = file_of(alias)
        if path in taken or path.startswith(folders):
            message = f"/{alias.path} is already a page of this site; an alias cannot replace it"
        elif path in seen:
            message = f"/{alias.path} is also an alias of {seen[path]}"
        else:
            seen[path] = document.source
            continue
        problems.append(Problem(document.source, alias.line, "aliases", message))
    return problems


def page(title: str, target: str, absolute: str, language: str, words) -> bytes:
    link = f'<a href="{escape(target)}">{escape(title)}</a>'
    moved = words._("This page has moved: %(link)s", link="\x00")
    before, _, after = moved.partition("\x00")
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}"><head><meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{escape(absolute)}">\n'
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        f"</head><body><p>{escape(before)}{link}{escape(after)}</p></body></html>\n"
    ).encode()


def files(facts: Facts) -> dict[str, bytes]:
    content, words = facts.content, facts.words
    found = {}
    for document, url, alias in targets(content):
        path = file_of(alias)
        relative = "../" * path.count("/") + url
        found[path] = page(
            document.title, relative, content.portal.url + url, content.portal.language, words
        )
    return found
