"""The review app's actions: save, approve and reject one unit, approve a release's passing units, build.

A refused action (QA errors, no reason, an illegal transition) keeps the person
where they were: the unit editor is shown again with the message and what they
typed (HTTP 400), or, from the release page, they go back to the unit's place on
it with the message beside the unit. Messages never show server paths or CLI flags.
"""
from __future__ import annotations

import urllib.parse
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workflow.errors import ConflictError, ReviewError
from workflow.webapp import service
from workflow.webapp.release_view import approve_passing
from workflow.webapp.users import User
from workflow.webapp.web import Handler, flash, page, render, safe_next, user_message
from workflow.workspace import Workspace


def _release_page(path: str) -> bool:
    return path.startswith("/release/")


def unit_action(role: str, verb: str) -> Handler:
    """A POST on a unit: run ``service.<verb>`` as the user, then go back (or show why not)."""

    @page(role)
    async def endpoint(request: Request) -> Response:
        ws: Workspace = request.app.state.ws
        p = request.path_params
        locale, slug, uid = p["locale"], p["slug"], p["uid"]
        form = request.state.form
        user: User = request.state.user
        expected = str(form.get("hash", ""))
        nxt = safe_next(form.get("next"), "")
        make_fields: dict[str, Callable[[], dict[str, object]]] = {
            "save": lambda: {"text": service.form_forms(form)},
            "approve": lambda: {"force_reason": str(form.get("force", "")).strip()},
            "reject": lambda: {"reason": str(form.get("reason", "")).strip()},
        }
        try:
            message = await run_in_threadpool(
                getattr(service, verb), ws, locale, slug, uid,
                user=user.name, expected_hash=expected, clock=request.app.state.clock, **make_fields[verb](),
            )
        except ConflictError:
            current = await run_in_threadpool(service.unit_view, ws, locale, slug, uid)
            yours = service.form_text(form, "text" if verb == "save" else "seen")
            if verb == "save" and "text_0" in form:
                yours = "\n---\n".join(service.form_forms(form))
            return render(request, "conflict.html", status=409, unit=current, verb=verb, yours=yours, next=nxt)
        except (ReviewError, service.BadRequest) as exc:
            if isinstance(exc, service.NotFound):
                raise
            refused = f"Not {_PAST[verb]}: {user_message(exc)}"
            if _release_page(nxt):
                flash(request, "error", refused, uid)
                return RedirectResponse(f"{nxt}#u-{uid}", 303)
            current = await run_in_threadpool(service.unit_view, ws, locale, slug, uid)
            typed = {k: service.form_text(form, k) for k in ("text", "force", "reason") if k in form}
            return render(request, "unit.html", status=400, nav="queue", unit=current, next=nxt, refused=refused,
                          typed=typed)
        if _release_page(nxt):
            flash(request, "ok", message, uid)
            return RedirectResponse(f"{nxt}#u-{uid}", 303)
        flash(request, "ok", message)
        back = request.url_for("unit", locale=locale, slug=slug, uid=uid).path
        if nxt and verb != "save":
            return RedirectResponse(nxt, 303)  # approve/reject: on to the rest of the queue
        return RedirectResponse(back + (f"?{urllib.parse.urlencode({'next': nxt})}" if nxt else ""), 303)

    endpoint.__name__ = f"{verb}_unit"
    return endpoint


_PAST = {"save": "saved", "approve": "approved", "reject": "rejected"}


@page("editor")
async def approve_release(request: Request) -> Response:
    """Approve every unit of the release page that needs review and passes QA, as the editor saw them."""
    ws: Workspace = request.app.state.ws
    slug, locale = request.path_params["slug"], request.path_params["locale"]
    back = request.url_for("release", slug=slug, locale=locale).path
    try:
        kind, message = await run_in_threadpool(approve_passing, ws, slug, locale, request.state.form,
                                                user=request.state.user.name, clock=request.app.state.clock)
    except (ReviewError, service.BadRequest) as exc:
        if isinstance(exc, service.NotFound):
            raise
        kind, message = "error", f"Nothing approved: {user_message(exc)}"
    flash(request, kind, message)
    return RedirectResponse(back, 303)


@page("publisher")
async def build_site(request: Request) -> Response:
    message = await run_in_threadpool(service.build, request.app.state.ws)
    flash(request, "ok", message)
    return RedirectResponse("/", 303)
