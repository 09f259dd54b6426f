"""Web app protections: CSRF tokens, login rate limiting and security headers."""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_FIELD = "csrf"

# No inline script anywhere (the app's JavaScript is served from /static), no
# plugins, forms post only back here, and nothing may frame the app.
APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'"
)
# Preview pages are the published templates, under the same policy as the built site
# (publish.templates.SITE_CSP: no inline script or style), except that they run
# /static/preview.js (which turns highlighted units into links to the editor); they
# may be framed only by the app.
PREVIEW_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
PREVIEW_PREFIX = "/preview/site/"


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_valid(session: dict[str, Any], submitted: object) -> bool:
    """Whether ``submitted`` is the session's CSRF token (constant-time comparison)."""
    expected = session.get("csrf")
    return (isinstance(expected, str) and bool(expected) and isinstance(submitted, str)
            and hmac.compare_digest(expected, submitted))


class RateLimiter:
    """At most ``limit`` attempts per key in a sliding ``window`` of seconds.

    Each attempt may carry a ``tag`` (the login form's user name): :meth:`forget`
    drops one tag's attempts from a key (a successful login takes back that name's
    attempts from its address, and no one else's)."""

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[tuple[float, str]]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, tag: str = "") -> bool:
        """Record an attempt (with ``tag``); False when the key is over its limit (the attempt is refused)."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0][0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append((now, tag))
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for k in [k for k, v in self._hits.items() if not v or v[-1][0] <= now - self.window]:
                    del self._hits[k]
            return True

    def retry_after(self, key: str) -> int:
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0
            return max(1, int(hits[0][0] + self.window - self.clock()) + 1)

    def reset(self, key: str) -> None:
        """Forget every attempt of ``key``."""
        with self._lock:
            self._hits.pop(key, None)

    def forget(self, key: str, tag: str) -> None:
        """Forget the attempts of ``key`` recorded with ``tag`` (the others stay counted)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                self._hits[key] = deque(h for h in hits if h[1] != tag)


class SecurityHeaders:
    """Pure ASGI middleware adding security headers to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        preview = scope.get("path", "").startswith(PREVIEW_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                extra = {
                    b"content-security-policy": (PREVIEW_CSP if preview else APP_CSP).encode(),
                    b"x-frame-options": b"SAMEORIGIN" if preview else b"DENY",
                    b"referrer-policy": b"no-referrer",
                    b"x-content-type-options": b"nosniff",
                    b"cross-origin-opener-policy": b"same-origin",
                }
                if not preview:
                    extra[b"cache-control"] = b"no-store"  # pages show unreleased text
                present = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in extra.items() if k not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
