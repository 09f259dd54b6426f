"""``pressflow build``: approved catalogs → a static, localized press site.

Layout of the output folder (relative links throughout, so it works from any
folder of any static host and from ``file://``)::

    index.html                  languages, by native name
    <locale>/index.html         that language's releases, newest first
    <locale>/<slug>.html        one release in one language
    <locale>/atom.xml           Atom feed of that language
    sitemap.xml                 every page with its hreflang alternates
    static/style.css            the theme

A target-language version is *published* only when every unit is approved and
passes QA (or, with ``[build] publish_threshold`` below 1, enough of them; the
rest is shown in the source language inside an element with the source
``lang``). A draft never reaches a published page. ``--preview`` renders every
locale with drafts into ``[paths] preview``, each unreviewed unit marked.

Incremental: a manifest under ``.pressflow/`` records the hash of every input
(release file, its catalogs, templates, config, code) and every output. A
release whose inputs did not change is not rendered again; an output whose
bytes did not change is not rewritten; outputs of removed releases or locales
are deleted, but only files the manifest says we wrote, unchanged since.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import http.server
import itertools
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from workflow import __version__
from workflow.errors import BuildError, WorkflowError
from workflow.fsutil import code_fingerprint, atomic_write, locked, safe_join
from workflow.locales import LOCALES, get_locale
from workflow.sources.releases import Release
from workflow.publish.render import Page, build_page, format_date
from workflow.workspace import Workspace

PACKAGED_TEMPLATES = Path(__file__).parent / "default_templates"
MANIFEST_VERSION = 2
# Code whose change must invalidate every page (templates are hashed separately).
_CODE_PARTS = ("publish", "review", "sources", "catalogs", "locales.py", "translation/masking.py")


@dataclass
class BuildResult:
    out_dir: Path
    preview: bool
    published: dict[str, list[str]] = field(default_factory=dict)          # slug -> locales
    held_back: dict[str, dict[str, str]] = field(default_factory=dict)     # slug -> locale -> why
    rendered: int = 0            # pages rendered this run (0 on a no-op)
    written: list[str] = field(default_factory=list)   # files (re)written, relative to out_dir
    unchanged: int = 0           # rendered but byte-identical, so not rewritten
    removed: list[str] = field(default_factory=list)   # stale outputs deleted
    kept: list[str] = field(default_factory=list)      # stale outputs left: changed by someone else
    noop: bool = False

    @property
    def index_path(self) -> Path:
        return self.out_dir / "index.html"


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def template_env(ws: Workspace) -> jinja2.Environment:
    """Workspace templates first, packaged defaults second, file by file; autoescape on."""
    loaders: list[jinja2.BaseLoader] = []
    if ws.templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(ws.templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGED_TEMPLATES)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, HTML and XML: translations are untrusted
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # One environment per build (or page): templates cannot change meanwhile, so
        # no stat of the template file on every {% include %}.
        auto_reload=False,
    )


def _template_files(ws: Workspace) -> dict[str, Path]:
    """Every template/asset name → the file that wins (workspace over packaged)."""
    files: dict[str, Path] = {}
    for base in (PACKAGED_TEMPLATES, ws.templates_dir):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(base).as_posix()] = path
    return files


def _template_error(exc: jinja2.TemplateError) -> BuildError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return BuildError(f"template error: {exc.message}", exc.filename or exc.name, exc.lineno)
    # Jinja2 rewrites tracebacks so template frames carry the template's file and line.
    path = line = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml")):
            path, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return BuildError(f"template error: {exc}", path, line)


def load_strings(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    """Interface strings per locale (``strings.json``, overridable like a template)."""
    try:
        text, filename, _ = env.loader.get_source(env, "strings.json")  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        raise BuildError("strings.json is missing from the templates") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BuildError(f"invalid JSON: {exc.msg}", filename, exc.lineno) from None
    english = data.get("en", {})
    return {code: {**english, **data.get(code, {})} for code in LOCALES}


# ---------------------------------------------------------------------------
# Inputs and the manifest
# ---------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class _Fingerprints:
    """Content hashes of input files, re-hashed only when size or mtime changed."""

    def __init__(self, cache: dict[str, list]):
        self.old = cache
        self.new: dict[str, list] = {}

    def __call__(self, path: Path) -> str | None:
        key = str(path)
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        cached = self.old.get(key)
        if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            digest = cached[2]
        else:
            digest = _sha(path.read_bytes())
        self.new[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest


def _manifest_path(ws: Workspace, out_dir: Path) -> Path:
    # One manifest per output folder, so --out elsewhere never confuses the default site.
    return ws.state_dir / f"build-{_sha(str(out_dir).encode())[:12]}.json"


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}  # a cache: unreadable means start over
    return data if data.get("version") == MANIFEST_VERSION else {}


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def _qa_checker(ws: Workspace) -> tuple[Callable[[Any, str, str], bool], Any]:
    """(``has_errors(entry, source_lang, locale)``, the glossary the checks use)."""
    from workflow.review.checks import check_entry
    from workflow.review.glossary import load_glossary
    from workflow.review.actions import blocking_errors

    glossary = load_glossary(ws)

    def has_errors(entry: Any, source_lang: str, locale: str) -> bool:
        # A reviewer's reasoned forced approval overrides the checks it names.
        return bool(blocking_errors(entry, check_entry(entry, source_lang, locale, glossary)))

    return has_errors, glossary


def _po_dirs(ws: Workspace, locales: list[str] | None = None) -> dict[str, Path]:
    """``locales/<locale>/LC_MESSAGES`` per locale, resolved once.

    ``ws.po_path`` resolves the whole path on every call (safe_join); slugs are
    checked against SLUG_RE when a release is parsed, so joining ``<slug>.po`` to
    a resolved folder is safe and saves thousands of resolves per build.
    """
    return {c: ws.po_path(c, "placeholder").parent for c in (ws.target_locales if locales is None else locales)}


_IndexState = tuple[dict[Path, tuple[dict[str, int], str]], dict[Path, Any], dict[Path, tuple[str, str]]]


def _index_state(ws: Workspace, releases: list[Any], po_dirs: dict[str, Path]) -> _IndexState:
    """What the status index (shared with ``pressflow status`` and review) knows of
    the catalogs of ``releases``: (counts and content hash per current catalog, the
    targets of the catalogs it must be told about, the published-text table and its
    content hash per current catalog).

    With a current row, a page needs no parse, no review-state and no QA work:
    the table says what each unit shows. Stale catalogs are not summarised here:
    the pages' renderers parse them anyway, so they summarise them from the same
    parse (one read, one parse, one QA pass per catalog) and the rows are stored
    when the pages are done.
    """
    from workflow.review.status import Index, Target

    targets = [
        Target(po_dirs[c] / f"{r.slug}.po", c, r.slug, r.date, r.lang)
        for r in releases for c in ws.target_locales if c != r.lang
    ]
    with Index(ws) as index:
        current, stale = index.current(targets)
        tables = index.published([t for t in targets if t.path in current])
    return current, {t.path: t for t in stale}, tables


def _store_index_rows(ws: Workspace, rows: list[tuple[Any, Any]]) -> None:
    """Store catalog summaries ((Target, IndexRow)) and units (("segments", row)) in the index."""
    if rows:
        from workflow.review.status import Index

        with Index(ws) as index:
            index.store([r for r in rows if r[0] != "segments"])
            index.store_segments([r[1] for r in rows if r[0] == "segments"])


_SEGMENT_CODE = ("sources", "locales.py", "translation/masking.py")


def _cached_segments(ctx: _Context, infos: list[Any]) -> None:
    """Units of ``infos`` that an earlier build segmented (sentence splitting is slow):
    kept in the status index by release content, segmentation mode and code."""
    if not infos or not getattr(infos[0], "sha", ""):
        return
    import importlib.metadata

    from workflow.review.status import Index

    try:
        pysbd = importlib.metadata.version("pysbd")
    except importlib.metadata.PackageNotFoundError:
        pysbd = ""
    ctx.segment_context = (f"{__version__}:{ctx.ws.config.segmentation}:{ctx.ws.source_language}:{pysbd}:"
                           f"{code_fingerprint(*_SEGMENT_CODE)}")
    by_path = {str(i.path): i.sha for i in infos}
    with Index(ctx.ws) as index:
        found = index.segments(infos, ctx.segment_context)
    ctx.segments = {str(p): (by_path[str(p)], data) for p, data in found.items()}


def _units(ctx: _Context, release: Release, rows: _Rows) -> list[Any]:
    """The release's units: from the index when its file is as it was segmented, else segmented now."""
    from workflow.sources.segment import Unit, segment_release

    cached = ctx.segments.get(str(release.path))
    sha = ""
    if ctx.segment_context:
        with contextlib.suppress(OSError):
            sha = hashlib.sha256(release.path.read_bytes()).hexdigest()
    if cached is not None and sha == cached[0]:
        return [Unit(*u) for u in json.loads(cached[1])]
    units = segment_release(release, ctx.ws.config.segmentation)
    if sha:
        data = json.dumps([[u.text, u.kind, u.line, u.block, u.index] for u in units], ensure_ascii=False)
        rows.append(("segments", (str(release.path), sha, ctx.segment_context, data)))
    return units


@functools.cache
def _og_locale(code: str) -> str:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(code, code)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]


@dataclass
class _Context:
    ws: Workspace
    env: jinja2.Environment
    strings: dict[str, dict[str, str]]
    preview: bool
    threshold: float
    base_url: str
    asset_version: str
    qa: Callable[[Any, str, str], bool] | None
    site: dict[str, str]
    templates: dict[str, jinja2.Template] = field(default_factory=dict)
    # Status index: (counts, sha256) of catalogs whose row is current; targets of the others.
    current: dict[Path, tuple[dict[str, int], str]] = field(default_factory=dict)
    stale: dict[Path, Any] = field(default_factory=dict)
    tables: dict[Path, tuple[str, str]] = field(default_factory=dict)  # sha, published-text JSON
    # Units of releases segmented by an earlier build: (file sha, units JSON) per release path.
    segments: dict[str, tuple[str, str]] = field(default_factory=dict)
    segment_context: str = ""
    force: bool = False  # --clean: write every output, even when its bytes are already there
    glossary: Any = None
    po_dirs: dict[str, Path] = field(default_factory=dict)
    common: dict[str, dict[str, Any]] = field(default_factory=dict)  # see _common

    def po_path(self, locale: str, slug: str) -> Path:
        if locale not in self.po_dirs:
            self.po_dirs.update(_po_dirs(self.ws, [locale]))
        return self.po_dirs[locale] / f"{slug}.po"

    def template(self, name: str) -> jinja2.Template:
        if name not in self.templates:
            try:
                self.templates[name] = self.env.get_template(name)
            except jinja2.TemplateError as exc:
                raise _template_error(exc) from None
        return self.templates[name]

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.template(name).render(**context)
        except jinja2.TemplateError as exc:
            raise _template_error(exc) from None


def page_path(locale: str, slug: str) -> str:
    return f"{locale}/{slug}.html"


def _locale_order(ws: Workspace, source: str) -> list[str]:
    return [source, *[c for c in ws.target_locales if c != source]]


def _lookup(ctx: _Context, catalog: Any, source_lang: str, locale: str, *,
            qa: bool = True) -> Callable[[str], tuple[str | None, str]]:
    """What each unit shows: published pages take approved, QA-clean text only.

    ``qa=False`` when the status index already knows the catalog has no blocking
    QA error, so the checks need not run again unit by unit.
    """
    from workflow.review.actions import State, state_of

    entries = {e.msgid: e for e in catalog} if catalog is not None else {}
    check = ctx.qa if qa else None

    def lookup(text: str) -> tuple[str | None, str]:
        entry = entries.get(text)
        if entry is None or entry.msgid_plural:
            return None, State.UNTRANSLATED.label
        state = state_of(entry)
        if ctx.preview:
            shown = entry.msgstr if state is not State.UNTRANSLATED else None
            return shown, state.label
        if state is not State.APPROVED:
            return None, state.label
        if check is not None and check(entry, source_lang, locale):
            return None, "qa error"
        return entry.msgstr, state.label

    return lookup


def _table_lookup(table: dict[str, list[Any]]) -> Callable[[str], tuple[str | None, str]]:
    """The published lookup from the status summary's table (``FileSummary.published``):
    the same answers as :func:`_lookup` would give for that catalog, worked out when
    the catalog was summarised."""

    def lookup(text: str) -> tuple[str | None, str]:
        shown = table.get(text)
        if shown is None:
            return None, "untranslated"
        return shown[0], shown[1]

    return lookup


def _hopeless(ctx: _Context, counts: dict[str, int], units: int) -> str | None:
    """Why a catalog cannot make the page publishable, judged by its approved count alone."""
    if counts["approved"] == 0 or (ctx.threshold >= 1.0 and counts["approved"] < units):
        return f"{min(counts['approved'], units)}/{units} units approved"
    return None


_Rows = list[tuple[Any, Any]]  # (status Target, status IndexRow) to store in the index


def _locale_page(ctx: _Context, release: Release, locale: str, units: list[Any], distinct: int,
                 rows: _Rows) -> tuple[Page | None, str]:
    """One target-language version: (the page, "") or (None, why it is held back)."""
    from workflow.catalogs import load_catalog

    po = ctx.po_path(locale, release.slug)
    source = release.lang
    if ctx.preview:
        catalog = load_catalog(po) if po.exists() else None
        return build_page(release, locale, units, _lookup(ctx, catalog, source, locale), preview=True), ""
    known = ctx.current.get(po)
    target = ctx.stale.get(po)
    if known is None and target is None:
        # Not in the status index (no QA/status module, or the file appeared meanwhile).
        if not po.exists():
            return None, "no catalog"
        lookup = _lookup(ctx, load_catalog(po), source, locale)
    else:
        if known is not None:
            # The index counts approved entries: when they cannot make the page
            # publishable, the catalog is not even read.
            why = _hopeless(ctx, known[0], distinct)
            if why:
                return None, why
        from workflow.review.status import (
            Target,
            index_row,
            parse_catalog_bytes,
            summarize_catalog,
        )

        try:
            st = os.stat(po)
            data = po.read_bytes()
        except FileNotFoundError:
            return None, "no catalog"
        sha = hashlib.sha256(data).hexdigest()
        table = ctx.tables.get(po)
        if known is not None and sha == known[1] and table is not None and table[0] == sha:
            # The index row describes exactly these bytes: no parse needed.
            lookup = _table_lookup(json.loads(table[1]))
        elif known is not None and sha == known[1]:
            counts = known[0]
            lookup = _lookup(ctx, parse_catalog_bytes(po, data), source, locale, qa=counts["qa_errors"] > 0)
        else:
            # New or changed since indexed: summarise it for the index from this very
            # parse; its published-text table is this page's lookup.
            summary = summarize_catalog(parse_catalog_bytes(po, data), source, locale, ctx.glossary)
            target = target or Target(po, locale, release.slug, release.date.isoformat(), source)
            rows.append((target, index_row(po, st, data, summary)))
            why = _hopeless(ctx, summary.counts(), distinct)
            if why:
                return None, why
            lookup = _table_lookup(summary.published)
    page = build_page(release, locale, units, lookup)
    share = page.approved / page.total if page.total else 0.0
    if page.approved == 0 or share < ctx.threshold:
        return None, f"{page.approved}/{page.total} units approved"
    return page, ""


def _release_pages(ctx: _Context, release: Release, only: str | None = None,
                   ) -> tuple[dict[str, Any], dict[str, str], int, _Rows]:
    """Render every publishable version of one release: (summary, outputs, pages, index rows).

    With ``only``, just that locale's page is rendered (the others are still
    worked out when published pages need them for the language switcher).
    """
    ws = ctx.ws
    rows: _Rows = []
    units = _units(ctx, release, rows)
    distinct = len({u.text for u in units})
    source = release.lang
    pages: dict[str, Page | None] = {}
    held: dict[str, str] = {}
    pages[source] = build_page(release, source, units, lambda _t: (None, "source")) if only in (None, source) else None
    for locale in _locale_order(ws, source)[1:]:
        if ctx.preview and only is not None and locale != only:
            pages[locale] = None  # every locale has a preview version; only one is rendered
            continue
        page, why = _locale_page(ctx, release, locale, units, distinct, rows)
        if page is None:
            held[locale] = why
        else:
            pages[locale] = page

    order = [c for c in _locale_order(ws, source) if c in pages]
    urls = {c: ctx.base_url + page_path(c, release.slug) for c in order}
    alternates = [{"hreflang": c, "href": urls[c]} for c in order] + [{"hreflang": "x-default", "href": urls[source]}]
    outputs: dict[str, str] = {}
    versions: dict[str, dict[str, Any]] = {}
    # Shared by the release's pages (templates only read them): the switcher entries,
    # each once as a link and once as the current page, and the Open Graph locales.
    native = {c: get_locale(c).native_name for c in order}
    paths = {c: page_path(c, release.slug) for c in order}
    links = {c: {"code": c, "native_name": native[c], "href": f"../{paths[c]}", "current": False} for c in order}
    og_locales = {c: _og_locale(c) for c in order}
    for code in order:
        page = pages[code]
        if page is None:
            continue
        context = {
            **_common(ctx, code), "page": page, "root": "../", "home_href": "../index.html",
            "canonical": urls[code], "alternates": alternates,
            "versions": [{**links[c], "current": True} if c == code else links[c] for c in order],
            "feed_href": "atom.xml", "native_name": native[code],
            "og": {"type": "article", "title": page.title_text, "description": page.description,
                   "locale": og_locales[code], "alternates": [og_locales[c] for c in order if c != code]},
        }
        try:
            outputs[paths[code]] = ctx.template("release.html").render(context)
        except jinja2.TemplateError as exc:
            raise _template_error(exc) from None
        versions[code] = {
            "title_html": str(page.title), "title": page.title_text, "subtitle": str(page.subtitle),
            "description": page.description, "path": paths[code],
            "date_text": page.date_text,  # for the indexes: Babel's date formatting is slow
        }
    summary = {"date": release.date.isoformat(), "source": source, "versions": versions, "held": held}
    return summary, outputs, len(outputs), rows


def _common(ctx: _Context, code: str) -> dict[str, Any]:
    """The context every page of language ``code`` shares (made once per build; callers copy it)."""
    common = ctx.common.get(code)
    if common is None:
        common = ctx.common[code] = {
            "site": ctx.site, "lang": code, "script": get_locale(code).script.lower(), "s": ctx.strings[code],
            "preview": ctx.preview, "asset_version": ctx.asset_version,
        }
    return common


def _site_jobs(ctx: _Context, summaries: dict[str, dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """Root page, per-locale indexes and feeds, and the sitemap, from release summaries:
    (output name, template, template context) each, rendered by the caller."""
    from markupsafe import Markup

    ws = ctx.ws
    by_locale: dict[str, list[dict[str, Any]]] = {}
    # Newest first; on the same date, slugs in alphabetical order.
    ordered = sorted(summaries.items(), key=lambda kv: (-_dt.date.fromisoformat(kv[1]["date"]).toordinal(), kv[0]))
    for slug, summary in ordered:
        date = _dt.date.fromisoformat(summary["date"])
        for code, version in summary["versions"].items():
            by_locale.setdefault(code, []).append({
                "slug": slug, "date": date, "date_text": version.get("date_text") or format_date(date, code),
                "title": Markup(version["title_html"]), "title_text": version["title"],
                "subtitle": Markup(version["subtitle"]), "summary": version["description"],
                "href": f"{slug}.html", "url": ctx.base_url + version["path"],
                "timestamp": f"{summary['date']}T00:00:00Z",
            })
    order = [c for c in _locale_order(ws, ws.source_language) if c in by_locale]
    order += [c for c in by_locale if c not in order]  # a release in another source language
    root_url = ctx.base_url
    index_alternates = [{"hreflang": c, "href": f"{ctx.base_url}{c}/index.html"} for c in order]
    index_alternates.append({"hreflang": "x-default", "href": root_url})
    out: list[tuple[str, str, dict[str, Any]]] = []
    for code in order:
        entries = by_locale[code]
        switch = [{"code": c, "native_name": get_locale(c).native_name, "href": f"../{c}/index.html",
                   "current": c == code} for c in order]
        s = ctx.strings[code]
        out.append((f"{code}/index.html", "index.html", dict(
            entries=entries, **_common(ctx, code), root="../", home_href="../index.html",
            canonical=f"{ctx.base_url}{code}/index.html", alternates=index_alternates, versions=switch,
            feed_href="atom.xml", native_name=get_locale(code).native_name,
            og={"type": "website", "title": f"{s['press_releases']} | {ctx.site['name']}", "description": "",
                "locale": _og_locale(code), "alternates": [_og_locale(c) for c in order if c != code]},
        )))
        out.append((f"{code}/atom.xml", "feed.xml", dict(
            entries=entries, **_common(ctx, code), feed_url=f"{ctx.base_url}{code}/atom.xml",
            index_url=f"{ctx.base_url}{code}/index.html",
            # The newest release date, not the build time: an unchanged site rebuilds byte-identical.
            updated=entries[0]["timestamp"] if entries else "1970-01-01T00:00:00Z",
        )))
    source = ws.source_language
    languages = [{"code": c, "native_name": get_locale(c).native_name, "href": f"{c}/index.html",
                  "label": ctx.strings[c]["press_releases"]} for c in order]
    out.append(("index.html", "root.html", dict(
        languages=languages, **_common(ctx, source), root="", home_href="index.html",
        canonical=root_url, alternates=index_alternates, feed_href=None,
        versions=[{**v, "current": False} for v in languages],
        native_name=get_locale(source).native_name,
        og={"type": "website", "title": ctx.site["name"], "description": "", "locale": _og_locale(source),
            "alternates": [_og_locale(c) for c in order if c != source]},
    )))
    index_links = _alternate_links(index_alternates)
    urls = [{"loc": root_url, "lastmod": None, "alternates": index_alternates, "alternate_links": index_links}]
    urls += [{"loc": f"{ctx.base_url}{c}/index.html", "lastmod": None, "alternates": index_alternates,
              "alternate_links": index_links} for c in order]
    for slug, summary in sorted(summaries.items()):
        versions = [c for c in _locale_order(ws, summary["source"]) if c in summary["versions"]]
        alternates = [{"hreflang": c, "href": ctx.base_url + summary["versions"][c]["path"]} for c in versions]
        alternates.append({"hreflang": "x-default", "href": ctx.base_url + summary["versions"][summary["source"]]["path"]})
        links = _alternate_links(alternates)
        for c in versions:
            urls.append({"loc": ctx.base_url + summary["versions"][c]["path"], "lastmod": summary["date"],
                         "alternates": alternates, "alternate_links": links})
    out.append(("sitemap.xml", "sitemap.xml", {"urls": urls}))
    return out


def _alternate_links(alternates: list[dict[str, str]]) -> Any:
    """The sitemap's ``<xhtml:link>`` lines of one URL group, escaped once as safe markup.

    Every version of a release lists the same alternates: rendering them once per
    release instead of once per URL takes the sitemap (pages × languages links)
    from the slowest site page to a cheap one. Templates may still loop over
    ``u.alternates`` themselves.
    """
    from markupsafe import Markup, escape

    return Markup("".join(
        f'<xhtml:link rel="alternate" hreflang="{escape(a["hreflang"])}" href="{escape(a["href"])}"/>\n'
        for a in alternates))


def _check_out_dir(ws: Workspace, out_dir: Path) -> None:
    """The output folder may not be, contain, or sit inside the workspace's own folders."""
    sources = [ws.releases_dir, ws.locales_dir, ws.templates_dir, ws.root / ".pressflow"]
    clash = (out_dir == ws.root or out_dir in ws.root.parents
             or any(out_dir == f or f in out_dir.parents or out_dir in f.parents for f in sources))
    if clash:
        raise BuildError(f"refusing to build into {out_dir}: it holds the workspace's own files")


def build_site(
    ws: Workspace,
    out: str | Path | None = None,
    *,
    preview: bool = False,
    clean: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the published site (or the preview) of every release; see the module docstring."""
    out_dir = Path(out).resolve() if out else (ws.preview_dir if preview else ws.output_dir)
    _check_out_dir(ws, out_dir)
    manifest_path = _manifest_path(ws, out_dir)
    with locked(manifest_path):
        return _build(ws, out_dir, manifest_path, preview=preview, clean=clean, progress=progress)


def _build(ws: Workspace, out_dir: Path, manifest_path: Path, *, preview: bool, clean: bool,
           progress: Callable[[int, int], None] | None) -> BuildResult:
    result = BuildResult(out_dir=out_dir, preview=preview)
    old = _load_manifest(manifest_path)
    # --clean forgets the manifest and writes every output again (over the old file,
    # so there is no separate pass deleting them first); what it no longer produces
    # is removed at the end, like any stale output we wrote.
    cleaned = _all_outputs(old) if clean else {}
    # The input hashes stay: they are keyed by size and mtime like every other
    # check of the inputs, and say nothing about the outputs --clean rewrites.
    fingerprint = _Fingerprints(old.get("files", {}))
    if clean:
        old = {}
    env = template_env(ws)
    template_files = _template_files(ws)
    global_key = _sha(json.dumps({
        "version": [MANIFEST_VERSION, __version__],
        "config": ws.config.values,
        "preview": preview,
        "out": str(out_dir),
        "templates": {name: fingerprint(path) for name, path in template_files.items()},
        "code": code_fingerprint(*_CODE_PARTS),
        "glossary": fingerprint(ws.root / "glossary.csv"),
    }, sort_keys=True, default=str).encode())
    same_global = old.get("global") == global_key

    releases = _release_infos(ws)
    po_dirs = _po_dirs(ws)
    keys: dict[str, str] = {}
    for release in releases:
        inputs = [fingerprint(release.path)]
        inputs += [fingerprint(po_dirs[c] / f"{release.slug}.po") for c in ws.target_locales]
        keys[release.slug] = _sha(json.dumps([global_key, *inputs]).encode())

    old_releases: dict[str, Any] = old.get("releases", {}) if same_global else {}
    todo = [r for r in releases if old_releases.get(r.slug, {}).get("key") != keys[r.slug]
            or not _outputs_intact(out_dir, old_releases[r.slug]["outputs"])]
    site_ok = (same_global and set(old.get("releases", {})) == set(keys)
               and _outputs_intact(out_dir, old.get("site", {})))
    if not todo and site_ok:
        # Nothing changed: no template is even loaded.
        result.noop = True
        for slug, entry in old_releases.items():
            result.published[slug] = list(entry["summary"]["versions"])
            result.held_back[slug] = entry["summary"]["held"]
        if fingerprint.new != fingerprint.old:
            _save_manifest(manifest_path, {**old, "files": fingerprint.new})
        return result

    static = _static_files(template_files)
    ctx = _make_context(ws, env, preview=preview, asset_version=_asset_version(static), po_dirs=po_dirs)
    ctx.force = clean
    if ctx.qa is not None:  # preview builds run no QA and need no index state
        ctx.current, ctx.stale, ctx.tables = _index_state(ws, todo, po_dirs)
    _cached_segments(ctx, todo)

    with _workers(ctx, todo) as pool:
        rendered, rows, error = _render_releases(ctx, todo, out_dir, result, progress, pool)
        _store_index_rows(ws, rows)
        if error is not None:
            # Keep a record of the pages that were written (so they stay ours to replace
            # or remove), delete nothing, and report the first problem.
            partial = {**old, "version": MANIFEST_VERSION, "files": {**old.get("files", {}), **fingerprint.new},
                       "site": {**cleaned, **old.get("site", {})},  # still ours, whatever the build did
                       "releases": {**old.get("releases", {}),
                                    **{slug: {"key": keys[slug], "summary": summary, "outputs": hashes}
                                       for slug, (summary, hashes) in rendered.items()}}}
            _save_manifest(manifest_path, partial)
            raise error
        new_releases: dict[str, Any] = {}
        for release in releases:
            if release.slug in rendered:
                summary, hashes = rendered[release.slug]
                new_releases[release.slug] = {"key": keys[release.slug], "summary": summary, "outputs": hashes}
            else:
                new_releases[release.slug] = old_releases[release.slug]
        for slug, entry in new_releases.items():
            result.published[slug] = list(entry["summary"]["versions"])
            result.held_back[slug] = entry["summary"]["held"]
        written_hashes = _write_site(ctx, {s: e["summary"] for s, e in new_releases.items()}, static, out_dir,
                                     result, pool)

    new_manifest = {"version": MANIFEST_VERSION, "global": global_key,
                    "files": fingerprint.new, "releases": new_releases, "site": written_hashes}
    _remove_ours(out_dir, {**cleaned, **_all_outputs(old)}, set(_all_outputs(new_manifest)), result)
    _save_manifest(manifest_path, new_manifest)
    return result


def _release_infos(ws: Workspace) -> list[Any]:
    """Path, slug, date and language of every release (``status.ReleaseInfo``), checked for
    duplicate slugs. The status index caches them by file stat, so an unchanged
    newsroom is not parsed at all (the releases to render are loaded by the workers)."""
    from workflow.review.status import Index

    with Index(ws) as index:
        return index.releases()


def _static_files(template_files: dict[str, Path]) -> dict[str, bytes]:
    return {
        f"static/{name[len('static/'):]}": path.read_bytes()
        for name, path in template_files.items() if name.startswith("static/")
    }


def _asset_version(static: dict[str, bytes]) -> str:
    return _sha(b"".join(static[k] for k in sorted(static)))[:10]


def _make_context(ws: Workspace, env: jinja2.Environment, *, preview: bool, asset_version: str,
                  po_dirs: dict[str, Path]) -> _Context:
    qa, glossary = (None, None) if preview else _qa_checker(ws)
    return _Context(
        ws=ws, env=env, strings=load_strings(env), preview=preview,
        threshold=float(ws.config["build"]["publish_threshold"]),
        base_url=ws.config["workspace"]["base_url"].rstrip("/") + "/",
        asset_version=asset_version, qa=qa, glossary=glossary,
        site={"name": ws.config["workspace"]["name"]}, po_dirs=po_dirs,
    )


def render_page(ws: Workspace, slug: str, locale: str, *, preview: bool = False) -> str:
    """The HTML of one release page, exactly as a build would write ``<locale>/<slug>.html``.

    Nothing is written (except the status index, which learns about any catalog
    it had not summarised). ``preview=False`` renders the published version and
    raises :class:`BuildError` when that language version is held back.
    """
    info = next((r for r in _release_infos(ws) if r.slug == slug), None)
    if info is None:
        raise BuildError(f"no release {slug!r} in this workspace")
    release = ws.load_release(info.path)
    get_locale(locale)  # a clear LocaleError for an unknown code
    env = template_env(ws)
    po_dirs = _po_dirs(ws)
    ctx = _make_context(ws, env, preview=preview, asset_version=_asset_version(_static_files(_template_files(ws))),
                        po_dirs=po_dirs)
    if ctx.qa is not None:
        ctx.current, ctx.stale, ctx.tables = _index_state(ws, [info], po_dirs)
    summary, outputs, _count, rows = _release_pages(ctx, release, only=locale)
    _store_index_rows(ws, rows)
    html = outputs.get(page_path(locale, slug))
    if html is None:
        why = summary["held"].get(locale, "not a language of this workspace")
        raise BuildError(f"{slug} is not published in {locale}: {why}")
    return html


# Below this many releases to render, worker processes cost more than they save.
_PARALLEL_MIN = 40

_Rendered = dict[str, tuple[dict[str, Any], dict[str, list]]]  # slug -> (summary, output records)


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


@contextlib.contextmanager
def _workers(ctx: _Context, todo: list[Any]) -> Iterator[ProcessPoolExecutor | None]:
    """Forked worker processes for a big build (None for a small one, or without fork).

    The context (templates, QA checker closures) is not picklable: forked workers
    inherit it, with the list of releases to render. The site pages (indexes,
    feeds, sitemap) are rendered by a second fork, see :func:`_write_site`.
    """
    global _FORKED
    workers = _worker_count()
    if len(todo) < _PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    _FORKED = (ctx, [r.path for r in todo])
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
    finally:
        _FORKED = None


def _render_releases(ctx: _Context, todo: list[Any], out_dir: Path, result: BuildResult,
                     progress: Callable[[int, int], None] | None, pool: ProcessPoolExecutor | None,
                     ) -> tuple[_Rendered, _Rows, WorkflowError | None]:
    """Render and write the pages of ``todo``: (what was rendered, index rows, the first error).

    With ``pool``, the releases are split over the worker processes; each loads
    its releases, writes their pages and sends back summaries. A release whose
    catalog or template is broken stops its worker's share; the others finish,
    so what was written is known.
    """
    out: _Rendered = {}
    rows: _Rows = []
    if pool is None:
        for done, info in enumerate(todo, 1):
            try:
                out[info.slug], count, release_rows = _render_one(ctx, ctx.ws.load_release(info.path), out_dir,
                                                                  result)
            except WorkflowError as exc:
                return out, rows, exc
            result.rendered += count
            rows.extend(release_rows)
            if progress:
                progress(done, len(todo))
        return out, rows, None
    # Interleaved shares (neighbouring releases cost about the same), several per worker.
    shares = min(_worker_count() * 8, len(todo))
    jobs = [(list(range(i, len(todo), shares)), out_dir) for i in range(shares)]
    done = 0
    error: WorkflowError | None = None
    for chunk_out, part, chunk_rows, chunk_error in pool.map(_render_chunk, jobs):
        out.update(chunk_out)
        rows.extend(chunk_rows)
        result.rendered += part.rendered
        result.written.extend(part.written)
        result.unchanged += part.unchanged
        error = error or chunk_error
        done += len(chunk_out)
        if progress:
            progress(done, len(todo))
    return out, rows, error


def _render_one(ctx: _Context, release: Release, out_dir: Path,
                result: BuildResult) -> tuple[tuple[dict[str, Any], dict[str, list]], int, _Rows]:
    summary, outputs, count, rows = _release_pages(ctx, release)
    hashes = {rel: _emit(out_dir, rel, text, result, force=ctx.force) for rel, text in outputs.items()}
    return (summary, hashes), count, rows


_FORKED: tuple[_Context, list[Path]] | None = None


def _render_chunk(job: tuple[list[int], Path]) -> tuple[_Rendered, BuildResult, _Rows, WorkflowError | None]:
    """Worker process: render a share of the releases (context and release list came with the fork)."""
    numbers, out_dir = job
    assert _FORKED is not None
    ctx, paths = _FORKED
    part = BuildResult(out_dir=out_dir, preview=ctx.preview)
    out: _Rendered = {}
    rows: _Rows = []
    for number in numbers:
        try:
            release = ctx.ws.load_release(paths[number])
            out[release.slug], count, release_rows = _render_one(ctx, release, out_dir, part)
        except WorkflowError as exc:
            return out, part, rows, exc
        part.rendered += count
        rows.extend(release_rows)
    return out, part, rows, None


def _write_site(ctx: _Context, summaries: dict[str, dict[str, Any]], static: dict[str, bytes], out_dir: Path,
                result: BuildResult, pool: ProcessPoolExecutor | None) -> dict[str, list]:
    """Render and write the site pages and assets; their manifest records.

    With ``pool`` (the release pages' workers, done by now), the site pages are
    rendered by new forked workers.
    """
    global _SITE_JOBS
    jobs = _site_jobs(ctx, summaries)
    records: dict[str, list] = {}
    if pool is None:
        for rel, name, context in jobs:
            records[rel] = _emit(out_dir, rel, ctx.render(name, **context), result, force=ctx.force)
    else:
        # A fresh fork inherits the jobs: the indexes, feeds and sitemap list every
        # release, and pickling them to the first workers took longer than rendering
        # them. One batch per folder, biggest first (the sitemap lists every page).
        batches: dict[str, list[int]] = {}
        for n, (rel, _name, _context) in enumerate(jobs):
            batches.setdefault(rel.rpartition("/")[0] or rel, []).append(n)
        groups = sorted(batches.values(), key=lambda g: -sum(_job_size(jobs[n]) for n in g))
        pool.shutdown()  # no fork while its threads run
        _SITE_JOBS = jobs
        try:
            with ProcessPoolExecutor(min(_worker_count(), len(groups)),
                                     mp_context=multiprocessing.get_context("fork")) as site_pool:
                done: dict[int, tuple[list, bool]] = {}
                for group, results in zip(groups, site_pool.map(_site_batch, [(g, out_dir) for g in groups])):
                    done.update(zip(group, results))
        finally:
            _SITE_JOBS = []
        for n, (rel, _name, _context) in enumerate(jobs):
            record, written = done[n]
            records[rel] = record
            if written:
                result.written.append(rel)
            else:
                result.unchanged += 1
    for rel, data in static.items():
        records[rel] = _emit(out_dir, rel, data, result, force=ctx.force)
    result.rendered += sum(1 for rel, _, _ in jobs if rel.endswith(".html"))
    return records


def _job_size(job: tuple[str, str, dict[str, Any]]) -> int:
    return len(job[2].get("urls") or job[2].get("entries") or ())


_SITE_JOBS: list[tuple[str, str, dict[str, Any]]] = []  # inherited by the site workers (_write_site)


def _site_batch(batch: tuple[list[int], Path]) -> list[tuple[list, bool]]:
    """Worker process: render and write some site pages (by number in the inherited
    job list); (record, written?) of each."""
    numbers, out_dir = batch
    assert _FORKED is not None
    ctx = _FORKED[0]
    out = []
    for rel, name, context in (_SITE_JOBS[n] for n in numbers):
        part = BuildResult(out_dir=out_dir, preview=ctx.preview)
        out.append((_emit(out_dir, rel, ctx.render(name, **context), part, force=ctx.force), bool(part.written)))
    return out


def _emit(out_dir: Path, rel: str, data: str | bytes, result: BuildResult, *, force: bool = False) -> list:
    """Write one output unless its bytes are already there (``force``: write anyway); its manifest record."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = _out_path(out_dir, rel)
    same = False
    if not force:
        try:
            with open(path, "rb") as fh:
                same = os.fstat(fh.fileno()).st_size == len(raw) and fh.read() == raw
        except FileNotFoundError:
            pass
    if same:
        result.unchanged += 1
        st = os.stat(path)
    else:
        st = _replace(path, raw)
        result.written.append(rel)
    return [_sha(raw), st.st_size, st.st_mtime_ns]


_SAFE_REL = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")


def _out_path(out_dir: Path, rel: str) -> Path:
    """``out_dir/rel`` for an output name we made from locale codes, slugs and asset names.

    Those names are plain lowercase words without ``..``, so a pattern check is
    enough; anything else (a workspace's odd asset name) goes through safe_join.
    """
    if _SAFE_REL.match(rel) and ".." not in rel:
        return out_dir.joinpath(*rel.split("/"))
    return safe_join(out_dir, *rel.split("/"))


def _replace(path: Path, raw: bytes) -> os.stat_result:
    """Atomically replace one output file (temp file + rename), without fsync.

    Unlike :func:`atomic_write` there is no per-file lock (the build holds one,
    and lock files must not end up in a folder published as is) and no fsync:
    the site is derived data, thousands of fsyncs would dominate the build, and
    after a crash the size/mtime check against the manifest rebuilds any page
    the crash damaged. Readers never see a half-written page either way.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{next(_TEMP_NUMBERS)}.tmp")
    fd = _create(tmp, path)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            st = os.fstat(fd)  # renaming keeps size and mtime: the record of the output
            if st.st_mode & 0o777 != 0o644:  # a strict umask: a published page is world-readable
                os.fchmod(fd, 0o644)
                st = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return st


_TEMP_NUMBERS = itertools.count()
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _create(tmp: Path, path: Path) -> int:
    """A new temporary file next to ``path`` (its folder made on first need, a leftover
    temporary file of a crashed build replaced); never through a symlink."""
    # Created with the final mode (the page is public; no chmod per file unless the
    # umask strips it, see _replace).
    for _attempt in range(3):
        try:
            return os.open(tmp, _CREATE_FLAGS, 0o644)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            os.unlink(tmp)
    return os.open(tmp, _CREATE_FLAGS, 0o644)


def _all_outputs(manifest: dict[str, Any]) -> dict[str, list]:
    outputs = dict(manifest.get("site", {}))
    for entry in manifest.get("releases", {}).values():
        outputs.update(entry.get("outputs", {}))
    return outputs


def _outputs_intact(out_dir: Path, outputs: dict[str, list]) -> bool:
    """Every output is still there as we wrote it (size and mtime: no need to read it)."""
    for rel, (_sha_, size, mtime) in outputs.items():
        try:
            st = (out_dir / rel).stat()
        except FileNotFoundError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return bool(outputs)


def _remove_ours(out_dir: Path, old_outputs: dict[str, list], keep: set[str], result: BuildResult) -> None:
    """Delete outputs we wrote that are no longer produced, unless someone changed them."""
    folders = set()
    for rel, (digest, *_stat) in sorted(old_outputs.items()):
        if rel in keep:
            continue
        path = _out_path(out_dir, rel)
        try:
            st = path.stat()
            # Size and mtime as recorded right after we wrote it: unchanged since (the same
            # test _outputs_intact trusts); otherwise compare the bytes themselves.
            ours = (len(_stat) == 2 and st.st_size == _stat[0] and st.st_mtime_ns == _stat[1]) or (
                _sha(path.read_bytes()) == digest)
        except FileNotFoundError:
            continue
        if ours:
            path.unlink()
            result.removed.append(rel)
            folders.add(path.parent)
        else:
            result.kept.append(rel)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != out_dir and out_dir in folder.parents:
            try:
                folder.rmdir()  # only if empty: never a publisher's own files
            except OSError:
                break
            folder = folder.parent


def _save_manifest(path: Path, manifest: dict[str, Any]) -> None:
    # Already under the manifest's lock (build_site); compact JSON, it is a cache.
    atomic_write(path, json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), lock=False)


# ---------------------------------------------------------------------------
# Preview server
# ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def preview_server(directory: Path, port: int = 8001, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for a built folder, bound to loopback only (it shows unpublished drafts)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise BuildError(f"the preview is served on loopback only, not {host!r}")
    handler = partial(_QuietHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise BuildError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve_preview(directory: Path, port: int = 8001, *, announce: Callable[[str], None] = print) -> None:
    """Serve ``directory`` on 127.0.0.1 until interrupted."""
    server = preview_server(directory, port)
    announce(f"serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
