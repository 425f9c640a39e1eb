"""Old addresses kept working: for each `aliases:` entry, a small page that sends browsers and
search engines to where the page lives now (a refresh, a canonical link, and a plain link)."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import escape

from generator import urls
from generator.content import site_paths
from generator.content.models import (
    Alias,
    Announcement,
    Content,
    Incident,
    Maintenance,
    StandingPage,
)
from generator.errors import Problem
from generator.facts import Facts
from generator.words import Words


def file_of(alias: Alias) -> str:
    """Where the redirect is written: `issues/x/` -> `issues/x/index.html`; a path that names a
    file (`old/page.html`) stays as it is."""
    return site_paths.address_file("/" + alias.path)


Redirected = Incident | Maintenance | Announcement | StandingPage


def targets(content: Content) -> Iterator[tuple[Redirected, str, Alias]]:
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
    """Aliases that would replace what the site publishes, or that another alias claims.

    `taken` holds the site's files, and folders it reserves whole (named with their /, such as
    `assets/`). An alias may not be one of those files or the address of one of its folders
    (`/feeds/`), lie in a reserved folder, be a file where the site needs a folder
    (`/incidents`) or need a folder where the site has a file (`/feeds/all.atom/`). Paths are
    compared as a case-insensitive file system sees them, so the site builds the same
    everywhere."""
    site = _Tree()
    for path in taken:
        site.add(path, "")
    reserved = {site_paths.key(p) for p in taken if p.endswith("/")}
    problems, claimed = [], _Tree()
    for document, _, alias in targets(content):
        path = site_paths.key(file_of(alias))
        folder = (
            path.removesuffix("index.html") if path.rpartition("/")[2] == "index.html" else None
        )
        if (
            site.clash(path) is not None
            or reserved & set(site_paths.folders(path))
            or folder == ""
            or folder in site.folders
        ):
            message = f"/{alias.path} is already a page of this site; an alias cannot replace it"
        elif (other := claimed.clash(path)) is not None:
            message = f"/{alias.path} is also an alias of {other}"
        else:
            claimed.add(path, str(document.source))
            continue
        problems.append(Problem(document.source, alias.line, "aliases", message))
    return problems


class _Tree:
    """Files and the folders they lie in, by `site_paths.key`, each with who claimed it."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}

    def add(self, path: str, owner: str) -> None:
        key = site_paths.key(path)
        if not key.endswith("/"):
            self.files[key] = owner
        for folder in site_paths.folders(key):
            self.folders.setdefault(folder, owner)
        if key.endswith("/"):
            self.folders.setdefault(key, owner)

    def clash(self, key: str) -> str | None:
        """Who holds `key` already: as a file, as a folder, or as a file where it needs one."""
        if key in self.files:
            return self.files[key]
        if key + "/" in self.folders:
            return self.folders[key + "/"]
        for folder in site_paths.folders(key):
            if folder[:-1] in self.files:
                return self.files[folder[:-1]]
        return None


def page(title: str, target: str, absolute: str, language: str, words: Words) -> bytes:
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
