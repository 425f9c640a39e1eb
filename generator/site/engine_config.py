"""The engine's configuration: the base in site_templates/mkdocs.yml with the portal's settings
and its `mkdocs:` merged in, the names Material's chrome lacks in the site's language, and how
the engine runs: quietly, with the build's clock."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import yaml
from markupsafe import escape

from generator.content.models import Content
from generator.site.pages import templates_dir
from generator.words import ENGLISH, N_, Words


def chrome_fixes(words: Words) -> tuple[tuple[str, str], ...]:
    """Names Material's chrome lacks: its search overlay is a dialog without one (axe:
    aria-dialog-name), and with the table of contents hidden its toggle has no label (pa11y)."""
    search, toc = (escape(words._(message)) for message in (N_("Search"), N_("Table of contents")))
    return (
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" '
            f'aria-label="{search}">',
        ),
        (
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" '
            f'aria-label="{toc}">',
        ),
    )


# The colour scheme toggles of site_templates/mkdocs.yml, named in the site's language.
PALETTE_NAMES = {"default": N_("Switch to dark mode"), "slate": N_("Switch to light mode")}


def mkdocs_config(content: Content, nav: list, site_dir: Path, words: Words = ENGLISH) -> dict:
    """The MkDocs configuration: the base in site_templates/, the portal's settings, and its
    `mkdocs:`."""
    templates = templates_dir()
    config = yaml.safe_load((templates / "mkdocs.yml").read_text(encoding="utf-8"))
    portal = content.portal
    config.update(
        site_name=portal.title,
        site_url=portal.url,
        site_description=portal.description,
        docs_dir=str(templates / "docs"),
        site_dir=str(site_dir),
        nav=nav,
    )
    config["theme"]["custom_dir"] = str(templates / "overrides")
    config["theme"]["language"] = portal.language
    for scheme in config["theme"]["palette"]:
        name = PALETTE_NAMES[scheme["scheme"]]
        scheme["toggle"]["name"] = words._(name)
    return _merge(config, dict(portal.mkdocs))


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif isinstance(value, list) and key in (
            "extra_css",
            "extra_javascript",
            "markdown_extensions",
        ):
            base[key] = base.get(key, []) + value
        else:
            base[key] = value
    return base


@contextmanager
def fixed_epoch(now: datetime) -> Iterator[None]:
    """MkDocs dates the sitemap with SOURCE_DATE_EPOCH: make it the build's now."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def quiet_log() -> Iterator[list[str]]:
    """Keep MkDocs' INFO chatter out of the output; keep its warnings for error messages."""
    logger = logging.getLogger("mkdocs")
    handler, level, propagate = _Collect(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
