"""The review app's pages: dashboard, queue, release review, unit editor, preview, favicon."""
from __future__ import annotations

import re

from markupsafe import escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from workflow.publish.pages import page_path
from workflow.webapp import service
from workflow.webapp.release_view import release_view
from workflow.webapp.web import HERE, page, render, safe_next
from workflow.workspace import Workspace


@page()
async def dashboard(request: Request) -> Response:
    params = request.query_params
    view = await run_in_threadpool(service.dashboard, request.app.state.backlog, params.get("sort", "date"),
                                   params.get("order", ""), service._page_number(params.get("page", "")))
    return render(request, "dashboard.html", nav="dashboard", view=view, percent=service.percent)


@page()
async def queue(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    params = request.query_params
    filters = {"locale": params.get("locale", ""), "release": params.get("release", ""),
               "state": params.get("state", ""), "qa": "1" if params.get("qa") else ""}
    view = await run_in_threadpool(service.queue, ws, request.app.state.backlog, filters["locale"],
                                   filters["release"], filters["state"], params.get("page", ""), bool(filters["qa"]))
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(request, "queue.html", nav="queue", view=view, filters=filters, here=here,
                  locales=ws.locales, releases=service.release_slugs(ws), states=service.QUEUE_STATES)


@page()
async def release_page(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    slug, locale = request.path_params["slug"], request.path_params["locale"]
    view = await run_in_threadpool(release_view, ws, slug, locale)
    here = request.url.path
    return render(request, "release.html", nav="queue", release=view, here=here, unit_flashes=True,
                  frame=f"/preview/site/{page_path(locale, slug)}?links=release", locales=ws.locales)


@page()
async def unit_page(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    p = request.path_params
    view = await run_in_threadpool(service.unit_view, ws, p["locale"], p["slug"], p["uid"])
    return render(request, "unit.html", nav="queue", unit=view, next=safe_next(request.query_params.get("next"), ""),
                  refused="", typed={})


@page()
async def preview_index(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    params = request.query_params
    slugs = await run_in_threadpool(service.release_slugs, ws)
    release = params.get("release") or (slugs[0] if slugs else "")
    locale = params.get("locale") or (ws.locales[0] if ws.locales else "")
    frame = ""
    if release in slugs and locale in ws.locales:
        frame = f"/preview/site/{page_path(locale, release)}"
    return render(request, "preview.html", nav="preview", release=release, locale=locale, frame=frame,
                  locales=ws.locales, releases=slugs)


_SITE_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)


def _with_editor_links(html: str, editor_base: str) -> str:
    """Add the script that turns highlighted units into links to their editor.

    The page's own policy (no script at all, for static hosting) gives way to the
    app's preview policy, sent as a header, which allows only /static/preview.js.
    """
    html = _SITE_CSP_META.sub("", html, count=1)
    tags = (f'<meta name="pressflow-editor" content="{escape(editor_base)}">'
            '<link rel="stylesheet" href="/static/preview.css">'
            '<script src="/static/preview.js" defer></script>')
    head_end = html.find("</head>")
    return html[:head_end] + tags + html[head_end:] if head_end >= 0 else tags + html


@page()
async def preview_site(request: Request) -> Response:
    """The preview site (``pressflow build --preview``), built on demand and framed by /preview.

    ``?links=release``: units link to their place on the release review page
    (which frames the preview beside the units) instead of their unit editor.
    """
    ws: Workspace = request.app.state.ws
    path = request.path_params["path"]
    parts = path.split("/")
    if len(parts) == 2 and parts[0] in ws.locales and parts[1].endswith(".html") and parts[1] != "index.html":
        locale, slug = parts[0], parts[1][:-5]
        html = await run_in_threadpool(service.preview_page, ws, locale, slug)
        base = (f"/release/{slug}/{locale}#u-" if request.query_params.get("links") == "release"
                else f"/unit/{locale}/{slug}/")
        return HTMLResponse(_with_editor_links(html, base))
    target = await run_in_threadpool(service.preview_file, ws, path)
    if target.suffix != ".html":
        return FileResponse(target)
    return HTMLResponse(target.read_text(encoding="utf-8"))


async def favicon(request: Request) -> Response:
    return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})
