"""Server-side sessions, the Host allowlist, and HTTPS detection for the review app.

The session cookie holds only an opaque random id (``secrets.token_urlsafe(32)``);
what a session knows (user, CSRF token, messages) stays in this process's memory.
So logging out ends a session at once (the id is forgotten, a copied cookie is
worthless), the client can read nothing from the cookie, and a restart of the
app logs everybody out. A session also remembers the user's :attr:`User.session_tag`
(role and password hash): changing either ends every session of that user on
their next request.
"""
from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workflow.publish.preview import host_allowed

MAX_SESSIONS = 10_000


@dataclass
class _Stored:
    data: dict[str, Any]
    expires: float


@dataclass
class SessionStore:
    """Sessions by id, each expiring ``max_age`` seconds after it was last saved."""

    max_age: float
    clock: Callable[[], float] = time.monotonic
    _items: dict[str, _Stored] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self, sid: str) -> dict[str, Any] | None:
        with self._lock:
            stored = self._items.get(sid)
            if stored is None or stored.expires <= self.clock():
                self._items.pop(sid, None)
                return None
            return dict(stored.data)

    def save(self, sid: str | None, data: dict[str, Any]) -> str:
        """Store ``data`` under ``sid`` (a new id when None); return the id."""
        with self._lock:
            now = self.clock()
            if len(self._items) >= MAX_SESSIONS:
                # Expired sessions go first, then anonymous ones (a flood of login pages
                # cannot push out the sessions of people who are logged in).
                for key in [k for k, v in self._items.items() if v.expires <= now or "user" not in v.data]:
                    del self._items[key]
                while len(self._items) >= MAX_SESSIONS:  # drop the oldest
                    del self._items[min(self._items, key=lambda k: self._items[k].expires)]
            sid = sid or secrets.token_urlsafe(32)
            self._items[sid] = _Stored(dict(data), now + self.max_age)
            return sid

    def delete(self, sid: str) -> None:
        with self._lock:
            self._items.pop(sid, None)

    def end_user(self, name: str) -> int:
        """End every session of user ``name`` (e.g. when the account is removed); return how many."""
        with self._lock:
            ended = [k for k, v in self._items.items() if v.data.get("user") == name]
            for key in ended:
                del self._items[key]
            return len(ended)


def _proxy_networks(entries: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(e, strict=False) for e in entries]


def _in(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


class Frontdoor:
    """ASGI middleware in front of everything: the Host allowlist, the real client and scheme, sessions.

    * A request whose ``Host`` is not in ``allowed_hosts`` gets 400 (DNS rebinding).
    * Behind a proxy listed in ``trusted_proxies``, ``X-Forwarded-For`` gives the
      client address (for login limits) and ``X-Forwarded-Proto`` the scheme.
    * ``scope["session"]`` is the request's session dict; it is saved when changed,
      and a new id is issued whenever the logged-in user changes (no fixation).
    * Cookies are ``Secure`` when ``https`` is set or the request came over HTTPS.
    """

    def __init__(self, app: ASGIApp, *, store: SessionStore, cookie: str, allowed_hosts: Iterable[str],
                 https: bool = False, trusted_proxies: Iterable[str] = ()):
        self.app = app
        self.store = store
        self.cookie = cookie
        self.allowed_hosts = tuple(allowed_hosts)
        self.https = https
        self.proxies = _proxy_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if not host_allowed(headers.get("host"), self.allowed_hosts):
            response = PlainTextResponse("Bad Request: this host name is not served here.", status_code=400)
            await response(scope, receive, send)
            return
        secure = self.https or scope.get("scheme") == "https"
        client = scope.get("client")
        if client and self.proxies and _in(client[0], self.proxies):
            proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
            secure = secure or proto == "https"
            hops = [h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]
            while hops and _in(hops[-1], self.proxies):
                hops.pop()
            if hops:
                scope["client"] = (hops[-1], 0)
        scope["secure_cookies"] = secure

        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is treated as none
            cookies = SimpleCookie()
        sid = cookies[self.cookie].value if self.cookie in cookies else None
        loaded = self.store.load(sid) if sid else None
        if loaded is None:
            sid = None
        session: dict[str, Any] = dict(loaded or {})
        scope["session"] = session
        before = dict(session)

        async def send_with_cookie(message: Message) -> None:
            nonlocal sid
            if message["type"] == "http.response.start" and session != before:
                headers = MutableHeaders(scope=message)
                if not session:
                    if sid:
                        self.store.delete(sid)
                    headers.append("set-cookie", self._cookie("", 0, secure))
                else:
                    if sid and session.get("user") != before.get("user"):
                        self.store.delete(sid)  # logged in or out: a fresh id
                        sid = None
                    sid = self.store.save(sid, session)
                    headers.append("set-cookie", self._cookie(sid, int(self.store.max_age), secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, value: str, max_age: int, secure: bool) -> str:
        parts = [f"{self.cookie}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)
