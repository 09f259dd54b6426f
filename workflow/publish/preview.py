"""Preview server: a built folder over HTTP on loopback only (the preview shows unpublished drafts)."""
from __future__ import annotations

import http.server
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from workflow.errors import BuildError


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def preview_server(directory: Path, port: int = 8001, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for a built folder, bound to loopback only (it shows unpublished drafts)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise BuildError(f"the preview is served on loopback only, not {host!r}")
    handler = partial(_QuietHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise BuildError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve_preview(directory: Path, port: int = 8001, *, announce: Callable[[str], None] = print) -> None:
    """Serve ``directory`` on 127.0.0.1 until interrupted."""
    server = preview_server(directory, port)
    announce(f"serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
