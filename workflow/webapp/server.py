"""Running the review web app: ``pressflow serve`` and a background server for tests."""
from __future__ import annotations

import contextlib
import errno
import socket
import threading
from collections.abc import Callable
import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from workflow.errors import ConfigError, WorkflowError
from workflow.publish.preview import LOOPBACK_HOSTS
from workflow.webapp.app import create_app
from workflow.webapp.users import UserStore
from workflow.workspace import Workspace


def run_server(ws: Workspace, *, host: str | None = None, port: int | None = None,
               echo: Callable[[str], object] = print) -> None:
    """Serve the app until interrupted; refuses to start without any user account."""
    store = UserStore(ws.root)
    if not store.users():
        raise ConfigError("no web app users yet: run `pressflow user add NAME --role editor` first", store.path)
    host = host or ws.config["serve"]["host"]
    port = port or ws.config["serve"]["port"]
    sock = listen_socket(host, port)  # a busy port is reported before anything is announced
    settings = ws.config["serve"]
    if host not in LOOPBACK_HOSTS:
        echo(f"warning: serving on {host}, reachable from other machines; put it behind HTTPS")
        if set(settings["allowed_hosts"]) <= set(LOOPBACK_HOSTS):
            echo("warning: [serve] allowed_hosts lists only loopback names: requests for any other host name "
                 "get 400; add the name people will use")
    echo(f"pressflow review app on http://{host}:{port}/ (Ctrl+C to stop)")
    app = create_app(ws)
    # Read the status index once in the background, so the first queue page is as fast as the next.
    threading.Thread(target=_warm, args=(app,), daemon=True).start()
    # proxy_headers off: X-Forwarded-* are read only from [serve] trusted_proxies (webapp.sessions).
    config = uvicorn.Config(app, log_level="warning", proxy_headers=False, server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def _warm(app: Starlette) -> None:
    with contextlib.suppress(WorkflowError):  # a problem shows on the page that meets it
        app.state.backlog.queue_page(limit=1)


def listen_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port``; :class:`ConfigError` when the port is taken or the host unknown."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: unknown host ({exc.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        why = "the port is in use (choose another with --port)" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise ConfigError(f"cannot listen on {host}:{port}: {why}") from None
    return sock


class BackgroundServer:
    """Uvicorn in a daemon thread on a free loopback port (browser tests, demos)."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.host, self.port = self.sock.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", server_header=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                break
            threading.Event().wait(0.01)
        else:
            raise RuntimeError("the web app did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
