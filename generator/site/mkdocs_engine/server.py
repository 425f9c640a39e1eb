"""The preview server: MkDocs' live-reload server over a built site folder, answering
cross-origin requests as GitHub Pages does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.site.mkdocs_engine import private


class Server(LiveReloadServer):
    """MkDocs' live-reload server, answering cross-origin requests as GitHub Pages does, so a
    Statuspage widget on another local page can read the API from the preview."""

    def serve_request(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        def with_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(
                status, [*headers, ("Access-Control-Allow-Origin", "*")], exc_info
            )

        return super().serve_request(environ, with_cors)

    def reload_now(self) -> None:
        """Reload the browsers now, in the middle of a rebuild, serving the folder as it is
        meanwhile, and once more when the rebuild ends."""
        private.reload_now(self)


def live_server(
    rebuild: Callable[[], object],
    site_dir: Path,
    *,
    host: str,
    port: int,
    mount: str,
    watch: list[Path],
) -> Server:
    """A server for `site_dir` at `mount` that calls `rebuild()` when a file under `watch`
    changes and reloads the browsers once it has returned."""

    def builder() -> None:  # the server reloads the browsers whatever the rebuild returns
        rebuild()
        private.reload_when_rebuilt(server)

    server = Server(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount)
    for folder in watch:
        server.watch(str(folder))
    return server
