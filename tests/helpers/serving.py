"""Test servers on 127.0.0.1, each served from a thread of its own."""

from __future__ import annotations

import socketserver
import threading

# shutdown() returns only once serve_forever next looks: 50 ms rather than its default 0.5 s,
# which every test with a receiver would otherwise wait when it stops.
POLL_INTERVAL = 0.05


def serve_in_thread(server: socketserver.BaseServer) -> threading.Thread:
    """Serve `server` until its `shutdown()`, from a daemon thread."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
    )
    thread.start()
    return thread
