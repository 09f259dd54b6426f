"""The review web app: Starlette routes over the workspace's PO files.

Pages are rendered on the server (Jinja2, autoescaped: translations are
untrusted). Every change goes through the same library functions as the CLI
(:mod:`workflow.webapp.service` only composes them), so a file written here is
byte-identical to one written by ``pressflow review ...``.

Access: anonymous users get the login page only; every POST needs the session's
CSRF token (else 403); roles are ordered translator < editor < publisher.
Sessions live on the server (:mod:`.sessions`); requests for other host names
than ``[serve] allowed_hosts`` are refused (400).
"""
from __future__ import annotations

import time
from pathlib import Path
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from workflow.errors import ReviewError, UnsafePathError, WorkflowError
from workflow.review.backlog import Backlog
from workflow.webapp import pages, service
from workflow.webapp.actions import approve_release, build_site, unit_action
from workflow.webapp.security import CSRF_FIELD, RateLimiter, SecurityHeaders, csrf_valid
from workflow.webapp.sessions import Frontdoor, SessionStore
from workflow.webapp.users import UserStore
from workflow.webapp.web import (
    HERE,
    client_address,
    current_user,
    environment,
    error_page,
    login_redirect,
    page,
    render,
    safe_next,
    user_message,
)
from workflow.wording import counted
from workflow.workspace import Workspace

SESSION_COOKIE = "pressflow_session"


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
    # Two limits: per address across every user name (guessing names from PO stamps
    # does not help), and per user name across addresses. Only failures count: an
    # attempt is recorded before the password check (so parallel guesses are bounded
    # too) and taken back when it succeeds, with that name's earlier failures, from
    # the name and from the address; other names' failures from the address stay
    # (a newsroom behind one NAT address is not locked out by its own logins).
    by_address: RateLimiter = request.app.state.address_limiter
    by_name: RateLimiter = request.app.state.login_limiter
    address = client_address(request)
    for limiter, key, who in ((by_address, address, "from your address"), (by_name, username, "for this user")):
        if not limiter.hit(key, username):
            wait = limiter.retry_after(key)
            return error_page(request, 429, "Too many login attempts",
                              f"Too many login attempts {who}. Try again in {counted(wait, 'second')}.",
                              headers={"Retry-After": str(wait)})
    user = await run_in_threadpool(request.app.state.users.authenticate, username, password)
    if user is None:
        return render(request, "login.html", status=401, error="Wrong user name or password.",
                      username=username, next=target)
    by_name.reset(username)
    by_address.forget(address, username)
    request.session.clear()  # a fresh session (and CSRF token) for the logged-in user
    request.session.update({"user": user.name, "tag": user.session_tag})
    return RedirectResponse(target, 303)


@page()
async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", 303)


# ---------------------------------------------------------------------------
# Errors and the application
# ---------------------------------------------------------------------------


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if "session" in request.scope:
        request.state.user = current_user(request)
        if request.state.user is None and request.method == "GET":
            return login_redirect(request)  # anonymous users learn nothing, not even which pages exist
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
    # People in the browser get the problem, not server paths (the workspace-relative
    # file is named for problems in a file, so someone can fix it).
    assert isinstance(exc, WorkflowError)
    message = user_message(exc) if status != 500 else _relative(request.app.state.ws, exc)
    return error_page(request, status, heading, message)


def _relative(ws: Workspace, exc: WorkflowError) -> str:
    if exc.path:
        where = ws.relpath(Path(exc.path)) if exc.path.startswith(str(ws.root)) else "a workspace file"
        return f"{where}:{exc.line}: {exc.message}" if exc.line else f"{where}: {exc.message}"
    return exc.message


def create_app(ws: Workspace, *, clock: Callable[[], str] | None = None, login_attempts: int | None = None,
               address_attempts: int | None = None, login_window: float = 60.0,
               monotonic: Callable[[], float] = time.monotonic) -> Starlette:
    """The web app over ``ws``. ``clock`` (an ISO timestamp maker) pins approval times in tests;
    ``monotonic`` drives login limits and session expiry."""
    users = UserStore(ws.root)
    routes = [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", pages.dashboard, methods=["GET"]),
        Route("/queue", pages.queue, methods=["GET"]),
        Route("/release/{slug}/{locale}", pages.release_page, methods=["GET"], name="release"),
        Route("/release/{slug}/{locale}/approve", approve_release, methods=["POST"]),
        Route("/unit/{locale}/{slug}/{uid}", pages.unit_page, methods=["GET"], name="unit"),
        Route("/unit/{locale}/{slug}/{uid}/save", unit_action("translator", "save"), methods=["POST"]),
        Route("/unit/{locale}/{slug}/{uid}/approve", unit_action("editor", "approve"), methods=["POST"]),
        Route("/unit/{locale}/{slug}/{uid}/reject", unit_action("editor", "reject"), methods=["POST"]),
        Route("/preview", pages.preview_index, methods=["GET"]),
        Route("/preview/site/{path:path}", pages.preview_site, methods=["GET"]),
        Route("/build", build_site, methods=["POST"]),
        Route("/favicon.ico", pages.favicon, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    settings = ws.config["serve"]
    store = SessionStore(settings["session_hours"] * 3600, monotonic)
    middleware = [
        Middleware(Frontdoor, store=store, cookie=SESSION_COOKIE,
                   allowed_hosts=settings["allowed_hosts"], https=settings["https"],
                   trusted_proxies=settings["trusted_proxies"]),
        Middleware(SecurityHeaders),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error, WorkflowError: workflow_error})
    app.state.ws = ws
    app.state.users = users
    app.state.sessions = store
    app.state.backlog = Backlog(ws)
    app.state.env = environment()
    app.state.clock = clock
    app.state.login_limiter = RateLimiter(login_attempts or settings["login_attempts"], login_window, monotonic)
    app.state.address_limiter = RateLimiter(
        address_attempts or settings["login_attempts_per_address"], login_window, monotonic)
    return app
