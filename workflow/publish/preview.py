"""Preview server: a built folder over HTTP on loopback only (the preview shows unpublished drafts).

Hardened like the review app: it binds to loopback, answers only requests whose
``Host`` is allowed (loopback names, or ``[serve] allowed_hosts``; else 400, which
stops DNS rebinding), never lists a folder, and sends a Content-Security-Policy.
"""
from __future__ import annotations

import http.server
import ipaddress
import os
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from workflow.errors import BuildError

#: Host names every local server answers to.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")

# The built pages run no script and load only their own assets.
PREVIEW_SERVER_CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                      "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


_HOST_HEADER = re.compile(r"(?:\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::(?P<port>[0-9]{1,5}))?")


def host_name(header: str) -> str:
    """The host name of a ``Host`` header, without port or IPv6 brackets, lower-cased.

    ``""`` when the header is not ``host[:port]`` (RFC 9110 7.2: a name or a bracketed
    IPv6 address, then an optional numeric port), so nothing is trimmed down to an
    allowed name (``localhost:80@evil.example`` is not ``localhost``).
    """
    match = _HOST_HEADER.fullmatch(header.strip().lower())
    if match is None:
        return ""
    if match["ip6"] is not None:
        try:
            ipaddress.IPv6Address(match["ip6"])
        except ValueError:
            return ""
        return match["ip6"]
    return match["name"]


def host_allowed(header: str | None, allowed: Iterable[str] = LOOPBACK_HOSTS) -> bool:
    """Whether a request's ``Host`` header names an allowed host.

    ``allowed`` holds host names (``review.example.org``), ``.example.org`` for a
    domain and its subdomains, or ``*`` for any host (not recommended). A malformed
    header (see :func:`host_name`) is never allowed.
    """
    if not header:
        return False
    name = host_name(header)
    if not name:
        return False
    for entry in allowed:
        entry = entry.strip().lower()
        if entry == "*" or entry == name or (entry.startswith(".") and (name.endswith(entry) or name == entry[1:])):
            return True
    return False


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    server_version = "pressflow-preview"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self) -> Any:
        if not host_allowed(self.headers.get("Host"), self.allowed_hosts):
            self.send_error(400, "Bad Request", "This host name is not served here.")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "index.html")):
            self.send_error(404, "Not Found")  # never a directory listing
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "Not Found")
        return None

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", PREVIEW_SERVER_CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def preview_server(directory: Path, port: int = 8001, host: str = "127.0.0.1",
                   allowed_hosts: Iterable[str] = LOOPBACK_HOSTS) -> http.server.ThreadingHTTPServer:
    """An HTTP server for a built folder, bound to loopback only (it shows unpublished drafts)."""
    if host not in LOOPBACK_HOSTS:
        raise BuildError(f"the preview is served on loopback only, not {host!r}")
    handler_class = type("PreviewHandler", (_PreviewHandler,),
                         {"allowed_hosts": tuple(dict.fromkeys((*LOOPBACK_HOSTS, *allowed_hosts)))})
    handler = partial(handler_class, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise BuildError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve_preview(directory: Path, port: int = 8001, *, announce: Callable[[str], None] = print,
                  allowed_hosts: Iterable[str] = LOOPBACK_HOSTS) -> None:
    """Serve ``directory`` on 127.0.0.1 until interrupted."""
    server = preview_server(directory, port, allowed_hosts=allowed_hosts)
    announce(f"serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
