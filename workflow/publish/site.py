"""Site files: the root page, per-language indexes and Atom feeds, and the sitemap,
made from the release summaries of a build.

A feed's ``<updated>`` is never the build time (an unchanged site rebuilds byte for
byte): it is the newest of its entries' ``updated`` dates (release date, or the
date of the last correction shown) and of the dates its language's versions were
withdrawn on (a withdrawal removes an entry). A feed with neither — e.g. a summary
kept from a manifest older than withdrawal dates — takes the newest release date
of the site in any language (see :func:`feed_updated`).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from workflow.locales import get_locale
from workflow.publish.pages import BuildContext, ReleaseSummary, common_context, locale_order, og_locale
from workflow.publish.render import format_date

SiteJob = tuple[str, str, dict[str, Any]]  # (output name, template name, template context)


def site_jobs(ctx: BuildContext, summaries: dict[str, ReleaseSummary]) -> list[SiteJob]:
    """Root page, per-locale indexes and feeds, and the sitemap, from release summaries:
    (output name, template, template context) each, rendered by the caller."""
    ws = ctx.ws
    by_locale: dict[str, list[dict[str, Any]]] = {}
    # Newest first; on the same date, slugs in alphabetical order.
    withdrawn_on: dict[str, list[str]] = {}  # locale -> dates (ISO) its versions were withdrawn on
    ordered = sorted(summaries.items(), key=lambda kv: (-_dt.date.fromisoformat(kv[1]["date"]).toordinal(), kv[0]))
    for slug, summary in ordered:
        # A language whose only releases were withdrawn keeps its (empty) index and feed:
        # subscribers and links to them get an empty list, not a 404.
        for code in summary.get("withdrawn") or ():
            by_locale.setdefault(code, [])
            if code in (summary.get("withdrawn_on") or {}):
                withdrawn_on.setdefault(code, []).append(summary["withdrawn_on"][code])
        date = _dt.date.fromisoformat(summary["date"])
        for code, version in summary["versions"].items():
            by_locale.setdefault(code, []).append({
                "slug": slug, "date": date, "date_text": version.get("date_text") or format_date(date, code),
                "title": Markup(version["title_html"]), "title_text": version["title"],
                "subtitle": Markup(version["subtitle"]), "summary": version["description"],
                "href": f"{slug}.html", "url": ctx.base_url + version["path"],
                "timestamp": f"{summary['date']}T00:00:00Z",
                # A correction this version shows moves its entry's `updated`.
                "updated": f"{version.get('updated') or summary['date']}T00:00:00Z",
            })
    order = [c for c in locale_order(ws, ws.source_language) if c in by_locale]
    order += [c for c in by_locale if c not in order]  # a release in another source language
    root_url = ctx.base_url
    index_alternates = [{"hreflang": c, "href": f"{ctx.base_url}{c}/index.html"} for c in order]
    index_alternates.append({"hreflang": "x-default", "href": root_url})
    out: list[SiteJob] = []
    for code in order:
        entries = by_locale[code]
        switch = [{"code": c, "native_name": get_locale(c).native_name, "href": f"../{c}/index.html",
                   "current": c == code} for c in order]
        s = ctx.strings[code]
        out.append((f"{code}/index.html", "index.html", dict(
            entries=entries, **common_context(ctx, code), root="../", home_href="../index.html",
            canonical=f"{ctx.base_url}{code}/index.html", alternates=index_alternates, versions=switch,
            feed_href="atom.xml", native_name=get_locale(code).native_name,
            og={"type": "website", "title": f"{s['press_releases']} | {ctx.site['name']}", "description": "",
                "locale": og_locale(code), "alternates": [og_locale(c) for c in order if c != code]},
        )))
        out.append((f"{code}/atom.xml", "feed.xml", dict(
            entries=entries, **common_context(ctx, code), feed_url=f"{ctx.base_url}{code}/atom.xml",
            index_url=f"{ctx.base_url}{code}/index.html",
            # Dates the build knows, not the build time: an unchanged site rebuilds byte-identical.
            updated=feed_updated(entries, withdrawn_on.get(code, ()), summaries),
        )))
    source = ws.source_language
    languages = [{"code": c, "native_name": get_locale(c).native_name, "href": f"{c}/index.html",
                  "label": ctx.strings[c]["press_releases"]} for c in order]
    out.append(("index.html", "root.html", dict(
        languages=languages, **common_context(ctx, source), root="", home_href="index.html",
        canonical=root_url, alternates=index_alternates, feed_href=None,
        versions=[{**v, "current": False} for v in languages],
        native_name=get_locale(source).native_name,
        og={"type": "website", "title": ctx.site["name"], "description": "", "locale": og_locale(source),
            "alternates": [og_locale(c) for c in order if c != source]},
    )))
    index_links = _alternate_links(index_alternates)
    urls = [{"loc": root_url, "lastmod": None, "alternates": index_alternates, "alternate_links": index_links}]
    urls += [{"loc": f"{ctx.base_url}{c}/index.html", "lastmod": None, "alternates": index_alternates,
              "alternate_links": index_links} for c in order]
    for slug, summary in sorted(summaries.items()):
        versions = [c for c in locale_order(ws, summary["source"]) if c in summary["versions"]]
        if not versions:
            continue  # withdrawn everywhere
        alternates = [{"hreflang": c, "href": ctx.base_url + summary["versions"][c]["path"]} for c in versions]
        default = summary["source"] if summary["source"] in versions else versions[0]
        alternates.append({"hreflang": "x-default", "href": ctx.base_url + summary["versions"][default]["path"]})
        links = _alternate_links(alternates)
        for c in versions:
            version = summary["versions"][c]
            urls.append({"loc": ctx.base_url + version["path"], "lastmod": version.get("updated") or summary["date"],
                         "alternates": alternates, "alternate_links": links})
    out.append(("sitemap.xml", "sitemap.xml", {"urls": urls}))
    return out


def feed_updated(entries: list[dict[str, Any]], withdrawals: Iterable[str],
                 summaries: dict[str, ReleaseSummary]) -> str:
    """A feed's ``<updated>`` (``YYYY-MM-DDT00:00:00Z``): the newest of its entries' ``updated``
    and of ``withdrawals`` (ISO dates its language's versions were withdrawn on); with
    neither, the newest release date in ``summaries`` (any language). Never the build time."""
    dates = [e["updated"][:10] for e in entries] + list(withdrawals)
    if not dates:
        dates = [s["date"] for s in summaries.values()]
    return f"{max(dates)}T00:00:00Z"


def _alternate_links(alternates: list[dict[str, str]]) -> Markup:
    """The sitemap's ``<xhtml:link>`` lines of one URL group, escaped once as safe markup.

    Every version of a release lists the same alternates: rendering them once per
    release instead of once per URL takes the sitemap (pages × languages links)
    from the slowest site page to a cheap one. Templates may still loop over
    ``u.alternates`` themselves.
    """
    return Markup("".join(
        f'<xhtml:link rel="alternate" hreflang="{escape(a["hreflang"])}" href="{escape(a["href"])}"/>\n'
        for a in alternates))
