"""One edition published by MkDocs: the configuration made from the portal, Openbook's plugin
added to it, and a dirty build into the site folder, quiet, dated by the build's clock."""

from __future__ import annotations

import io
from collections.abc import Collection, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.content.models import Content
from generator.errors import BuildError
from generator.output_folder import OutputFolder
from generator.site.engine import Alternate, PublishReport
from generator.site.engine_config import fixed_epoch, mkdocs_config, quiet_log
from generator.site.frames import Frame, FrameKey
from generator.site.mkdocs_engine.plugin import OpenbookPlugin
from generator.site.page import Page
from generator.words import Words


def publish(
    *,
    content: Content,
    nav: list[Any],
    pages: list[Page],
    site_dir: Path,
    now: datetime,
    words: Words,
    alternates: tuple[Alternate, ...] = (),
    unchanged: Collection[str] = frozenset(),
    jobs: int = 1,
    frames: MutableMapping[FrameKey, Frame] | None = None,
) -> PublishReport:
    """Write `pages` into a Material site at `site_dir` (see `Engine.publish`); report the
    folders whose frame was not used."""
    source = io.StringIO(yaml.safe_dump(mkdocs_config(content, nav, site_dir, words)))
    with fixed_epoch(now), quiet_log() as log:
        try:
            config = load_config(config_file=source)
            plugin = OpenbookPlugin(
                pages=pages,
                folder=OutputFolder(site_dir),
                words=words,
                unchanged=unchanged,
                trusted=content.portal.allow_scripts,
                alternates=alternates,
                jobs=jobs,
                frames=frames,
            )
            config.plugins["openbook"] = plugin
            # Dirty: MkDocs skips the pages marked unmodified, the framed ones among them; a
            # full build writes into an empty staging folder, so there is nothing to clean.
            mkdocs_build(config, dirty=True)
        except MkDocsException as exc:
            raise BuildError(f"MkDocs failed: {exc}\n" + "\n".join(log)) from None
        except SystemExit:  # MkDocs' Abort for config errors
            raise BuildError("MkDocs failed:\n" + "\n".join(log)) from None
    return PublishReport(fallbacks=tuple(plugin.fallbacks))
