"""The engine: MkDocs with Material for MkDocs. This package is the one place that imports
either; the rest of Openbook knows it through the protocol in `generator.site.engine`.

`plugin` puts the rendered pages into Material's layout, `publishing` runs one edition's
build, `server` serves the preview, and `private` holds every name of MkDocs' that is not its
public API."""

from __future__ import annotations

from generator.site.mkdocs_engine import publishing, server


class MkDocsEngine:
    """The `Engine` made of MkDocs and Material."""

    publish = staticmethod(publishing.publish)
    live_server = staticmethod(server.live_server)


MKDOCS = MkDocsEngine()
