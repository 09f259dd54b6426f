"""Helpers shared by the review app's handlers: rendering, messages, the login guard."""
from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from workflow.errors import WorkflowError
from workflow.webapp.security import CSRF_FIELD, csrf_token, csrf_valid
from workflow.webapp.users import User
from workflow.workspace import Workspace

HERE = Path(__file__).resolve().parent
Handler = Callable[[Request], Awaitable[Response]]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: translations are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = lambda name: f"/static/{name}"
    env.filters["urlencode_query"] = lambda params: urllib.parse.urlencode(
        {k: v for k, v in params.items() if v})
    env.filters["day"] = lambda iso: (iso or "")[:10]
    env.filters["combine"] = lambda a, b: {**a, **b}
    return env


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    app = request.app
    session = request.scope.get("session")
    flashes = session.pop("flash", []) if session is not None else []
    html = app.state.env.get_template(template).render(
        user=getattr(request.state, "user", None),
        csrf=csrf_token(session) if session is not None else "",
        flashes=[tuple(f) for f in flashes],
        site_name=app.state.ws.config["workspace"]["name"],
        source_lang=app.state.ws.source_language,
        broken=broken_files(app.state.ws),
        nav=context.pop("nav", ""),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=headers)


def broken_files(ws: Workspace) -> list[str]:
    """``path:line: problem`` of each file the app had to leave out (for the banner on every page)."""
    return [e.shown(ws.relpath(Path(e.path)) if e.path else None) for e in ws.broken_files()]


def error_page(request: Request, status: int, heading: str, message: str,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "error.html", status=status, headers=headers, heading=heading, message=message,
                  code=status)


def flash(request: Request, kind: str, text: str, unit: str = "") -> None:
    """A message shown on the next page (beside ``unit`` when the page lists units)."""
    request.session.setdefault("flash", []).append((kind, text, unit))


_FLAG = re.compile(r"\s*\((?:[^()]*\s)?--[a-z][^()]*\)|\s--[a-z][a-z-]*(?: [A-Z_]+)?")


def user_message(exc: WorkflowError) -> str:
    """An error's message for a person in the browser: no server path, no CLI flags."""
    return _FLAG.sub("", exc.message).strip() or "That is not possible."


def safe_next(value: object, default: str = "/") -> str:
    """A local path to go back to; anything else (other hosts, schemes) becomes ``default``."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(c) < 0x20 for c in value):
        return default
    return value


def current_user(request: Request) -> User | None:
    name = request.session.get("user")
    if not name:
        return None
    user = request.app.state.users.get(name)
    if user is None or request.session.get("tag") != user.session_tag:
        # Removed, or the password or role changed since this session began: it ends now.
        request.session.clear()
        return None
    return user


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urllib.parse.urlencode({"next": target}), 303)


def page(role: str = "translator") -> Callable[[Handler], Handler]:
    """Guard a route: CSRF on POST (403), login (redirect or 403), then ``role`` (403)."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            if request.method == "POST":
                form = await request.form()
                if not csrf_valid(request.session, form.get(CSRF_FIELD)):
                    return error_page(request, 403, "Forbidden",
                                      "The form's security token is missing or expired. Reload the page and try again.")
                request.state.form = form
            user = current_user(request)
            if user is None:
                if request.method == "GET":
                    return login_redirect(request)
                return error_page(request, 403, "Forbidden", "Log in first.")
            request.state.user = user
            if not user.can(role):
                return error_page(request, 403, "Forbidden",
                                  f"This needs the {role} role; {user.name} is a {user.role}.")
            return await handler(request)

        return endpoint

    return decorate


def client_address(request: Request) -> str:
    """The client's address (behind a trusted proxy: from ``X-Forwarded-For``, see :mod:`.sessions`)."""
    return request.client.host if request.client else "?"
