"""The review web app (``pressflow serve``): accounts, pages and actions over the workspace.

Modules: :mod:`.users` (accounts file, argon2), :mod:`.security` (CSRF, login
rate limiting, headers), :mod:`.service` (composes the review/status/build/memory
library functions), :mod:`.app` (Starlette routes), :mod:`.server` (uvicorn).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from workflow.workspace import Workspace

__all__ = ["create_app"]


def create_app(ws: Workspace, **options: Any) -> Starlette:
    """See :func:`workflow.webapp.app.create_app` (imported lazily: Starlette is only needed to serve)."""
    from workflow.webapp.app import create_app as make

    return make(ws, **options)
