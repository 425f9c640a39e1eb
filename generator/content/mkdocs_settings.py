"""`mkdocs:` in portal.yml: settings merged into the MkDocs configuration. Without
allow_scripts only the look may change; nothing that runs code (hooks, plugins, Markdown
extensions, scripts) or loads from another host (fonts, analytics, remote CSS, repository
facts)."""

from __future__ import annotations

import re

from generator.content.safety import url_problem

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


def allowed_settings() -> str:
    return (
        ", ".join(
            f"{top}.{sub}" for top, subs in MKDOCS_LOOK.items() for sub in sorted(subs or [""])
        )
        .replace(".,", ",")
        .rstrip(".")
    )


def mkdocs_problems(settings: dict, trusted: bool) -> list[tuple[tuple, str, str]]:
    """(path under `mkdocs:`, message, hint) for each setting that may not pass through."""
    out: list[tuple[tuple, str, str]] = []
    for key, value in settings.items():
        if key in ("theme", "extra") and not isinstance(value, dict):
            out.append(((key,), "expected a set of fields", f"e.g. {key}: {{...}}"))
            continue
        subs = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in subs:
            path = (key,) if sub is None else (key, sub)
            dotted = ".".join(str(p) for p in path)
            if dotted in OPENBOOK_SETS or key in OPENBOOK_SETS:
                source = OPENBOOK_SETS.get(dotted) or OPENBOOK_SETS.get(key)
                out.append(
                    (
                        path,
                        "Openbook sets this itself",
                        f"set {source} in portal.yml instead" if source else "remove it",
                    )
                )
            elif trusted:
                continue
            elif key not in MKDOCS_LOOK or (sub is not None and sub not in MKDOCS_LOOK[key]):
                out.append(
                    (
                        path,
                        "not allowed: settings beyond the site's look can run code or load from "
                        "other hosts",
                        f"allowed: {allowed_settings()}; or set allow_scripts: true if every "
                        "author is trusted",
                    )
                )
            elif dotted == "theme.font" and item is not False:
                out.append(
                    (
                        path,
                        "web fonts load from another host and tell it who reads the page",
                        "font: false uses the reader's system fonts",
                    )
                )
            else:
                out.extend(_value_problems(item, path, dotted))
    return out


def _value_problems(value, path: tuple, dotted: str) -> list[tuple[tuple, str, str]]:
    stack, out = [(value, path)], []
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
                    (
                        where,
                        f"may not contain quotes, <, > or &; got {item!r}",
                        "these values are names",
                    )
                )
            elif dotted in _LOCAL and (
                re.match(r"[a-z][a-z0-9+.-]*:", item, re.I) or item.startswith("//")
            ):
                out.append(
                    (where, f"{item!r} would load from another host", "use a path inside the site")
                )
            elif dotted == "theme.icon" and not _ICON.fullmatch(item):
                out.append(
                    (
                        where,
                        f"not an icon name: {item!r}",
                        "e.g. material/alert or fontawesome/brands/github",
                    )
                )
            elif name in _LINKS and url_problem("a", "href", item):
                out.append(
                    (where, url_problem("a", "href", item), "use an http, https or mailto link")
                )
    return out
