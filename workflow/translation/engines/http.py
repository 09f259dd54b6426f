"""Timeouts and response capture for the HTTP calls deep-translator makes.

deep-translator calls ``requests.get/post`` directly, with no timeout, builds a
fresh ``Session`` per call (so nothing can be mounted on it), and hides the
response behind its own exceptions (a 429 arrives without its Retry-After).
This module wraps ``requests.adapters.HTTPAdapter.send`` once, and the wrapper
acts only inside :func:`capture` in the current thread/context:

* a request sent without a timeout gets the capture's timeout — a real socket
  connect/read timeout, so a hanging server costs ``timeout`` seconds and no
  abandoned threads;
* the last response (status, headers, a bit of the body) and the last transport
  exception are recorded, so the engine layer can classify a failure and honour
  Retry-After whatever deep-translator turned it into.

Outside :func:`capture` the wrapper passes everything through unchanged.
"""
from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
import requests.adapters


@dataclass
class Capture:
    """What happened on the wire during one engine call."""

    timeout: float
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    error: BaseException | None = None
    requests: int = 0


_current: contextvars.ContextVar[Capture | None] = contextvars.ContextVar("pressflow_http_capture", default=None)
_install_lock = threading.Lock()
_MARK = "_pressflow_wrapped"


def _wrap(original: Any) -> Any:
    def send(self: requests.adapters.HTTPAdapter, request: Any, *args: Any, **kwargs: Any) -> Any:
        cap = _current.get()
        if cap is None:
            return original(self, request, *args, **kwargs)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = cap.timeout
        cap.requests += 1
        cap.status, cap.headers, cap.body, cap.error = None, {}, "", None
        try:
            response = original(self, request, *args, **kwargs)
        except BaseException as exc:
            cap.error = exc
            raise
        cap.status = response.status_code
        cap.headers = dict(response.headers)
        if response.status_code >= 400:
            cap.body = response.text[:200]
        return response

    setattr(send, _MARK, True)
    return send


def install() -> None:
    """Wrap ``HTTPAdapter.send`` (idempotent; inert outside :func:`capture`)."""
    with _install_lock:
        adapter = requests.adapters.HTTPAdapter
        if not getattr(adapter.send, _MARK, False):
            adapter.send = _wrap(adapter.send)  # type: ignore[method-assign]


@contextlib.contextmanager
def capture(timeout: float) -> Iterator[Capture]:
    """Give requests made in this block a default ``timeout`` and record their outcome."""
    install()
    cap = Capture(timeout=timeout)
    token = _current.set(cap)
    try:
        yield cap
    finally:
        _current.reset(token)
