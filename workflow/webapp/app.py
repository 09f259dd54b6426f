"""The review web app: Starlette routes over the workspace's PO files.

Pages are rendered on the server (Jinja2, autoescaped: translations are
untrusted). Every change goes through the same library functions as the CLI
(:mod:`workflow.webapp.service` only composes them), so a file written here is
byte-identical to one written by ``pressflow review ...``.

Access: anonymous users get the login page only; every POST needs the session's
CSRF token (else 403); roles are ordered translator < editor < publisher.
"""
from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from workflow.publish.pages import page_path
from workflow.errors import ConflictError, ReviewError, UnsafePathError, WorkflowError
from workflow.webapp import service
from workflow.webapp.security import CSRF_FIELD, RateLimiter, SecurityHeaders, csrf_token, csrf_valid
from workflow.webapp.users import User, UserStore
from workflow.workspace import Workspace

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "pressflow_session"
Handler = Callable[[Request], Awaitable[Response]]


def _environment() -> jinja2.Environment:
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
    return env


# ---------------------------------------------------------------------------
# Rendering helpers
# ---------------------------------------------------------------------------


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    app = request.app
    session = request.scope.get("session", {})
    flashes = session.pop("flash", []) if "session" in request.scope else []
    html = app.state.env.get_template(template).render(
        user=getattr(request.state, "user", None),
        csrf=csrf_token(session) if "session" in request.scope else "",
        flashes=flashes,
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


def flash(request: Request, kind: str, text: str) -> None:
    request.session.setdefault("flash", []).append((kind, text))


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
        # Removed, or the password changed since this cookie was issued.
        request.session.pop("user", None)
        return None
    return user


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
                    return _login_redirect(request)
                return error_page(request, 403, "Forbidden", "Log in first.")
            request.state.user = user
            if not user.can(role):
                return error_page(request, 403, "Forbidden",
                                  f"This needs the {role} role; {user.name} is a {user.role}.")
            return await handler(request)

        return endpoint

    return decorate


# ---------------------------------------------------------------------------
# Login
# ---------------------------------------------------------------------------


async def login_form(request: Request) -> Response:
    if current_user(request):
        return RedirectResponse(safe_next(request.query_params.get("next")), 303)
    return render(request, "login.html", error="", username="", next=safe_next(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await request.form()
    if not csrf_valid(request.session, form.get(CSRF_FIELD)):
        return error_page(request, 403, "Forbidden", "The login form expired. Reload the page and try again.")
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(form.get("next"))
    client = request.client.host if request.client else "?"
    key = f"{username}\x00{client}"
    limiter: RateLimiter = request.app.state.login_limiter
    if not limiter.hit(key):
        wait = limiter.retry_after(key)
        return error_page(request, 429, "Too many login attempts",
                          f"Too many attempts for this user from your address. Try again in {wait} seconds.",
                          headers={"Retry-After": str(wait)})
    user = await run_in_threadpool(request.app.state.users.authenticate, username, password)
    if user is None:
        return render(request, "login.html", status=401, error="Wrong user name or password.",
                      username=username, next=target)
    limiter.reset(key)
    request.session.clear()  # a fresh session (and CSRF token) for the logged-in user
    request.session.update({"user": user.name, "tag": user.session_tag})
    return RedirectResponse(target, 303)


@page()
async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", 303)


# ---------------------------------------------------------------------------
# Dashboard, queue
# ---------------------------------------------------------------------------


@page()
async def dashboard(request: Request) -> Response:
    rows = await run_in_threadpool(service.dashboard, request.app.state.ws)
    return render(request, "dashboard.html", nav="dashboard", rows=rows, states=service.STATE_LABELS)


@page()
async def queue(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    params = request.query_params
    filters = {"locale": params.get("locale", ""), "release": params.get("release", ""),
               "state": params.get("state", "")}
    items = await run_in_threadpool(service.queue, ws, filters["locale"], filters["release"], filters["state"])
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(request, "queue.html", nav="queue", items=items, filters=filters, here=here,
                  locales=ws.locales, releases=service.release_slugs(ws), states=service.QUEUE_STATES)


# ---------------------------------------------------------------------------
# Unit editor and actions
# ---------------------------------------------------------------------------


def _unit_key(request: Request) -> tuple[str, str, str]:
    p = request.path_params
    return p["locale"], p["slug"], p["uid"]


@page()
async def unit_page(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    locale, slug, uid = _unit_key(request)
    view = await run_in_threadpool(service.unit_view, ws, locale, slug, uid)
    return render(request, "unit.html", nav="queue", unit=view,
                  next=safe_next(request.query_params.get("next"), ""))


def _action(role: str, verb: str) -> Handler:
    """A POST on a unit: run ``service.<verb>`` as the user, then go back (or show the conflict)."""

    @page(role)
    async def endpoint(request: Request) -> Response:
        ws: Workspace = request.app.state.ws
        locale, slug, uid = _unit_key(request)
        form = request.state.form
        user: User = request.state.user
        expected = str(form.get("hash", ""))
        make_fields: dict[str, Callable[[], dict[str, object]]] = {
            "save": lambda: {"text": service.form_forms(form)},
            "approve": lambda: {"force_reason": str(form.get("force", "")).strip()},
            "reject": lambda: {"reason": str(form.get("reason", "")).strip()},
        }
        fields = make_fields[verb]()
        try:
            message = await run_in_threadpool(
                getattr(service, verb), ws, locale, slug, uid,
                user=user.name, expected_hash=expected, clock=request.app.state.clock, **fields,
            )
        except ConflictError:
            current = await run_in_threadpool(service.unit_view, ws, locale, slug, uid)
            yours = service.form_text(form, "text" if verb == "save" else "seen")
            if verb == "save" and "text_0" in form:
                yours = "\n---\n".join(service.form_forms(form))
            return render(request, "conflict.html", status=409, unit=current, verb=verb, yours=yours,
                          next=safe_next(form.get("next"), ""))
        flash(request, "ok", message)
        back = request.url_for("unit", locale=locale, slug=slug, uid=uid).path
        nxt = safe_next(form.get("next"), "")
        if nxt and verb != "save":
            return RedirectResponse(nxt, 303)  # approve/reject: on to the rest of the queue
        return RedirectResponse(back + (f"?{urllib.parse.urlencode({'next': nxt})}" if nxt else ""), 303)

    endpoint.__name__ = f"{verb}_unit"
    return endpoint


# ---------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------


@page()
async def preview_index(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    params = request.query_params
    slugs = await run_in_threadpool(service.release_slugs, ws)
    release = params.get("release") or (slugs[0] if slugs else "")
    locale = params.get("locale") or (ws.target_locales[0] if ws.target_locales else "")
    frame = ""
    if release in slugs and locale in ws.locales:
        frame = f"/preview/site/{page_path(locale, release)}"
    return render(request, "preview.html", nav="preview", release=release, locale=locale, frame=frame,
                  locales=ws.locales, releases=slugs)


def _with_editor_links(html: str, editor_base: str) -> str:
    """Add the script that turns highlighted units into links to their editor."""
    tags = (f'<meta name="pressflow-editor" content="{escape(editor_base)}">'
            '<link rel="stylesheet" href="/static/preview.css">'
            '<script src="/static/preview.js" defer></script>')
    head_end = html.find("</head>")
    return html[:head_end] + tags + html[head_end:] if head_end >= 0 else tags + html


@page()
async def preview_site(request: Request) -> Response:
    """The preview site (``pressflow build --preview``), built on demand and framed by /preview."""
    ws: Workspace = request.app.state.ws
    path = request.path_params["path"]
    parts = path.split("/")
    if len(parts) == 2 and parts[0] in ws.locales and parts[1].endswith(".html") and parts[1] != "index.html":
        locale, slug = parts[0], parts[1][:-5]
        html = await run_in_threadpool(service.preview_page, ws, locale, slug)
        return HTMLResponse(_with_editor_links(html, f"/unit/{locale}/{slug}/"))
    target = await run_in_threadpool(service.preview_file, ws, path)
    if target.suffix != ".html":
        return FileResponse(target)
    return HTMLResponse(target.read_text(encoding="utf-8"))


@page("publisher")
async def build_site(request: Request) -> Response:
    message = await run_in_threadpool(service.build, request.app.state.ws)
    flash(request, "ok", message)
    return RedirectResponse("/", 303)


# ---------------------------------------------------------------------------
# Errors and the application
# ---------------------------------------------------------------------------


def _login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urllib.parse.urlencode({"next": target}), 303)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if "session" in request.scope:
        request.state.user = current_user(request)
        if request.state.user is None and request.method == "GET":
            return _login_redirect(request)  # anonymous users learn nothing, not even which pages exist
    return error_page(request, exc.status_code, "Not found" if exc.status_code == 404 else "Error",
                      exc.detail or "")


async def workflow_error(request: Request, exc: Exception) -> Response:
    """Bad input in a file (a broken PO, an unknown locale) is shown, not a stack trace."""
    request.state.user = current_user(request)
    if isinstance(exc, (service.NotFound, UnsafePathError)):
        status = 404
    elif isinstance(exc, (service.BadRequest, ReviewError)):
        status = 400
    else:
        status = 500
    heading = {404: "Not found", 400: "Cannot do that"}.get(status, "Workspace problem")
    return error_page(request, status, heading, str(exc))


def create_app(ws: Workspace, *, clock: Callable[[], str] | None = None, login_attempts: int | None = None,
               login_window: float = 60.0, monotonic: Callable[[], float] = time.monotonic,
               secret_key: str | None = None) -> Starlette:
    """The web app over ``ws``. ``clock`` (an ISO timestamp maker) pins approval times in tests."""
    users = UserStore(ws.root)
    routes = [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", dashboard, methods=["GET"]),
        Route("/queue", queue, methods=["GET"]),
        Route("/unit/{locale}/{slug}/{uid}", unit_page, methods=["GET"], name="unit"),
        Route("/unit/{locale}/{slug}/{uid}/save", _action("translator", "save"), methods=["POST"]),
        Route("/unit/{locale}/{slug}/{uid}/approve", _action("editor", "approve"), methods=["POST"]),
        Route("/unit/{locale}/{slug}/{uid}/reject", _action("editor", "reject"), methods=["POST"]),
        Route("/preview", preview_index, methods=["GET"]),
        Route("/preview/site/{path:path}", preview_site, methods=["GET"]),
        Route("/build", build_site, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    settings = ws.config["serve"]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(SessionMiddleware, secret_key=secret_key or users.secret_key(), session_cookie=SESSION_COOKIE,
                   max_age=int(settings["session_hours"] * 3600), same_site="lax", https_only=False),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error, WorkflowError: workflow_error})
    app.state.ws = ws
    app.state.users = users
    app.state.env = _environment()
    app.state.clock = clock
    app.state.login_limiter = RateLimiter(login_attempts or settings["login_attempts"], login_window, monotonic)
    return app
