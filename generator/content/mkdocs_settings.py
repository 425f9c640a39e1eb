"""`mkdocs:` in portal.yml: settings merged into the MkDocs configuration. Without
allow_scripts only the look may change; nothing that runs code (hooks, plugins, Markdown
extensions, scripts) or loads from another host (fonts, analytics, remote CSS, repository
facts)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from generator.content.safety import url_problem
from generator.content.source import KeyPath

OPENBOOK_SETS = {
    "site_name": "title",
    "site_url": "url",
    "site_description": "description",
    "site_dir": "",
    "docs_dir": "",
    "nav": "",
    "use_directory_urls": "",
    "theme.name": "",
    "theme.custom_dir": "",
    "theme.language": "language",
}
MKDOCS_LOOK = {
    "theme": {"palette", "features", "icon", "logo", "favicon", "font"},
    "extra": {"social", "generator", "homepage"},
    "extra_css": None,
    "copyright": None,
}
_LOCAL = {"theme.logo", "theme.favicon", "extra_css"}  # paths into the site, never another host
_LINKS = {"link", "homepage"}
_ICON = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*")  # an icon Material ships, by its path
_MARKUP = re.compile(r"[<>\"'&\x00-\x1f\x7f]")


class SettingProblem(NamedTuple):
    """A setting under `mkdocs:` that may not pass through."""

    path: KeyPath  # under `mkdocs:`
    message: str
    hint: str


def allowed_settings() -> str:
    return (
        ", ".join(
            f"{top}.{sub}" for top, subs in MKDOCS_LOOK.items() for sub in sorted(subs or [""])
        )
        .replace(".,", ",")
        .rstrip(".")
    )


def mkdocs_problems(settings: dict[Any, Any], trusted: bool) -> list[SettingProblem]:
    """Each setting that may not pass through."""
    out: list[SettingProblem] = []
    for key, value in settings.items():
        if key in ("theme", "extra") and not isinstance(value, dict):
            out.append(SettingProblem((key,), "expected a set of fields", f"e.g. {key}: {{...}}"))
            continue
        subs = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in subs:
            path: KeyPath = (key,) if sub is None else (key, sub)
            dotted = ".".join(str(p) for p in path)
            if dotted in OPENBOOK_SETS or key in OPENBOOK_SETS:
                source = OPENBOOK_SETS.get(dotted) or OPENBOOK_SETS.get(key)
                out.append(
                    SettingProblem(
                        path,
                        "Openbook sets this itself",
                        f"set {source} in portal.yml instead" if source else "remove it",
                    )
                )
            elif trusted:
                continue
            # A setting with no fields of its own (copyright) allows none under it.
            elif key not in MKDOCS_LOOK or (
                sub is not None and sub not in (MKDOCS_LOOK[key] or ())
            ):
                out.append(
                    SettingProblem(
                        path,
                        "not allowed: settings beyond the site's look can run code or load from "
                        "other hosts",
                        f"allowed: {allowed_settings()}; or set allow_scripts: true if every "
                        "author is trusted",
                    )
                )
            elif dotted == "theme.font" and item is not False:
                out.append(
                    SettingProblem(
                        path,
                        "web fonts load from another host and tell it who reads the page",
                        "font: false uses the reader's system fonts",
                    )
                )
            else:
                out.extend(_value_problems(item, path, dotted))
    return out


def _value_problems(value: object, path: KeyPath, dotted: str) -> list[SettingProblem]:
    stack: list[tuple[object, KeyPath]] = [(value, path)]
    out: list[SettingProblem] = []
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, where + (k,)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, where + (i,)) for i, v in enumerate(item))
        elif isinstance(item, str):
            name = next((p for p in reversed(where) if isinstance(p, str)), "")
            if dotted == "copyright":
                continue  # shown as text
            if _MARKUP.search(item):
                out.append(
                    SettingProblem(
                        where,
                        f"may not contain quotes, <, > or &; got {item!r}",
                        "these values are names",
                    )
                )
            elif dotted in _LOCAL and (
                re.match(r"[a-z][a-z0-9+.-]*:", item, re.I) or item.startswith("//")
            ):
                out.append(
                    SettingProblem(
                        where,
                        f"{item!r} would load from another host",
                        "use a path inside the site",
                    )
                )
            elif dotted == "theme.icon" and not _ICON.fullmatch(item):
                out.append(
                    SettingProblem(
                        where,
                        f"not an icon name: {item!r}",
                        "e.g. material/alert or fontawesome/brands/github",
                    )
                )
            elif name in _LINKS and (problem := url_problem("a", "href", item)):
                out.append(SettingProblem(where, problem, "use an http, https or mailto link"))
    return out
