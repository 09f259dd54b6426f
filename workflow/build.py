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
import hashlib
import http.server
import json
import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from workflow import __version__
from workflow.errors import BuildError
from workflow.fsutil import atomic_write, locked, safe_join
from workflow.locales import LOCALES, get_locale
from workflow.releases import Release
from workflow.render import Page, build_page, format_date
from workflow.workspace import Workspace

PACKAGED_TEMPLATES = Path(__file__).parent / "default_templates"
MANIFEST_VERSION = 2
# Code whose change must invalidate every page (templates are hashed separately).
_CODE_FILES = ("render.py", "build.py", "review.py", "checks.py", "segment.py", "locales.py", "glossary.py")


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
    qa: bool = True              # QA checks ran (the checks module is installed)

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


def _qa_checker(ws: Workspace) -> Callable[[Any, str, str], bool] | None:
    """``has_errors(entry, source_lang, locale)`` from the QA module, or None if absent."""
    try:
        from workflow.checks import check_entry
    except ImportError:
        return None
    glossary = None
    try:
        from workflow.glossary import load_glossary

        glossary = load_glossary(ws)
    except ImportError:
        pass

    from workflow.review import blocking_errors

    def has_errors(entry: Any, source_lang: str, locale: str) -> bool:
        # A reviewer's reasoned forced approval overrides the checks it names.
        return bool(blocking_errors(entry, check_entry(entry, source_lang, locale, glossary)))

    return has_errors


def _po_dirs(ws: Workspace, locales: list[str] | None = None) -> dict[str, Path]:
    """``locales/<locale>/LC_MESSAGES`` per locale, resolved once.

    ``ws.po_path`` resolves the whole path on every call (safe_join); slugs are
    checked against SLUG_RE when a release is parsed, so joining ``<slug>.po`` to
    a resolved folder is safe and saves thousands of resolves per build.
    """
    return {c: ws.po_path(c, "placeholder").parent for c in (ws.target_locales if locales is None else locales)}


def _index_counts(ws: Workspace, releases: list[Release], po_dirs: dict[str, Path]) -> dict[Path, dict[str, int]]:
    """Approved and QA-error counts per catalog from the status index (shared with
    ``pressflow status`` and review, cached by file hash, computed in parallel when
    many files changed). Empty if the status module is not available."""
    try:
        from workflow.status import Index, Target
    except ImportError:
        return {}
    targets = [
        Target(po_dirs[c] / f"{r.slug}.po", c, r.slug, r.date.isoformat(), r.lang)
        for r in releases for c in ws.target_locales if c != r.lang
    ]
    with Index(ws) as index:
        return index.counts([t for t in targets if t.path.is_file()])


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
    counts: dict[Path, dict[str, int]] = field(default_factory=dict)  # status index, per catalog
    po_dirs: dict[str, Path] = field(default_factory=dict)

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
    from workflow.review import State, state_of

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


def _release_pages(ctx: _Context, release: Release) -> tuple[dict[str, Any], dict[str, str], int]:
    """Render every publishable version of one release: (summary, outputs, pages)."""
    from workflow.catalog import load_catalog
    from workflow.segment import segment_release

    ws = ctx.ws
    units = segment_release(release, ws.config.segmentation)
    distinct = {u.text for u in units}
    source = release.lang
    pages: dict[str, Page] = {}
    held: dict[str, str] = {}
    pages[source] = build_page(release, source, units, lambda _t: (None, "source"))
    for locale in _locale_order(ws, source)[1:]:
        po = ctx.po_path(locale, release.slug)
        counts = ctx.counts.get(po)
        if not ctx.preview:
            if not po.exists():
                held[locale] = "no catalog"
                continue
            # The status index counts approved entries: when they cannot make the page
            # publishable, the catalog is not even parsed.
            if counts is not None and (counts["approved"] == 0 or (
                    ctx.threshold >= 1.0 and counts["approved"] < len(distinct))):
                held[locale] = f"{min(counts['approved'], len(distinct))}/{len(distinct)} units approved"
                continue
        catalog = load_catalog(po) if po.exists() else None
        qa = counts is None or counts["qa_errors"] > 0
        page = build_page(release, locale, units, _lookup(ctx, catalog, source, locale, qa=qa),
                          preview=ctx.preview)
        if not ctx.preview:
            share = page.approved / page.total if page.total else 0.0
            if page.approved == 0 or share < ctx.threshold:
                held[locale] = f"{page.approved}/{page.total} units approved"
                continue
        pages[locale] = page

    order = [c for c in _locale_order(ws, source) if c in pages]
    urls = {c: ctx.base_url + page_path(c, release.slug) for c in order}
    alternates = [{"hreflang": c, "href": urls[c]} for c in order] + [{"hreflang": "x-default", "href": urls[source]}]
    outputs: dict[str, str] = {}
    versions: dict[str, dict[str, Any]] = {}
    for code in order:
        page = pages[code]
        info = get_locale(code)
        switch = [
            {"code": c, "native_name": get_locale(c).native_name, "href": f"../{page_path(c, release.slug)}",
             "current": c == code}
            for c in order
        ]
        outputs[page_path(code, release.slug)] = ctx.render(
            "release.html", page=page, **_common(ctx, code), root="../", home_href="../index.html",
            canonical=urls[code], alternates=alternates, versions=switch, feed_href="atom.xml",
            og={"type": "article", "title": page.title_text, "description": page.description,
                "locale": _og_locale(code), "alternates": [_og_locale(c) for c in order if c != code]},
            native_name=info.native_name,
        )
        versions[code] = {
            "title_html": str(page.title), "title": page.title_text, "subtitle": str(page.subtitle),
            "description": page.description, "path": page_path(code, release.slug),
        }
    summary = {"date": release.date.isoformat(), "source": source, "versions": versions, "held": held}
    return summary, outputs, len(order)


def _common(ctx: _Context, code: str) -> dict[str, Any]:
    return {
        "site": ctx.site, "lang": code, "script": get_locale(code).script.lower(), "s": ctx.strings[code],
        "preview": ctx.preview, "asset_version": ctx.asset_version,
    }


def _site_pages(ctx: _Context, summaries: dict[str, dict[str, Any]], static: dict[str, bytes]) -> dict[str, str | bytes]:
    """Root page, per-locale indexes and feeds, sitemap and assets, from release summaries."""
    from markupsafe import Markup

    ws = ctx.ws
    by_locale: dict[str, list[dict[str, Any]]] = {}
    # Newest first; on the same date, slugs in alphabetical order.
    ordered = sorted(summaries.items(), key=lambda kv: (-_dt.date.fromisoformat(kv[1]["date"]).toordinal(), kv[0]))
    for slug, summary in ordered:
        date = _dt.date.fromisoformat(summary["date"])
        for code, version in summary["versions"].items():
            by_locale.setdefault(code, []).append({
                "slug": slug, "date": date, "date_text": format_date(date, code),
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
    out: dict[str, str | bytes] = {}
    for code in order:
        entries = by_locale[code]
        switch = [{"code": c, "native_name": get_locale(c).native_name, "href": f"../{c}/index.html",
                   "current": c == code} for c in order]
        s = ctx.strings[code]
        out[f"{code}/index.html"] = ctx.render(
            "index.html", entries=entries, **_common(ctx, code), root="../", home_href="../index.html",
            canonical=f"{ctx.base_url}{code}/index.html", alternates=index_alternates, versions=switch,
            feed_href="atom.xml", native_name=get_locale(code).native_name,
            og={"type": "website", "title": f"{s['press_releases']} | {ctx.site['name']}", "description": "",
                "locale": _og_locale(code), "alternates": [_og_locale(c) for c in order if c != code]},
        )
        out[f"{code}/atom.xml"] = ctx.render(
            "feed.xml", entries=entries, **_common(ctx, code), feed_url=f"{ctx.base_url}{code}/atom.xml",
            index_url=f"{ctx.base_url}{code}/index.html",
            # The newest release date, not the build time: an unchanged site rebuilds byte-identical.
            updated=entries[0]["timestamp"] if entries else "1970-01-01T00:00:00Z",
        )
    source = ws.source_language
    languages = [{"code": c, "native_name": get_locale(c).native_name, "href": f"{c}/index.html",
                  "label": ctx.strings[c]["press_releases"]} for c in order]
    out["index.html"] = ctx.render(
        "root.html", languages=languages, **_common(ctx, source), root="", home_href="index.html",
        canonical=root_url, alternates=index_alternates, feed_href=None,
        versions=[{**v, "current": False} for v in languages],
        native_name=get_locale(source).native_name,
        og={"type": "website", "title": ctx.site["name"], "description": "", "locale": _og_locale(source),
            "alternates": [_og_locale(c) for c in order if c != source]},
    )
    urls = [{"loc": root_url, "lastmod": None, "alternates": index_alternates}]
    urls += [{"loc": f"{ctx.base_url}{c}/index.html", "lastmod": None, "alternates": index_alternates} for c in order]
    for slug, summary in sorted(summaries.items()):
        versions = [c for c in _locale_order(ws, summary["source"]) if c in summary["versions"]]
        alternates = [{"hreflang": c, "href": ctx.base_url + summary["versions"][c]["path"]} for c in versions]
        alternates.append({"hreflang": "x-default", "href": ctx.base_url + summary["versions"][summary["source"]]["path"]})
        for c in versions:
            urls.append({"loc": ctx.base_url + summary["versions"][c]["path"], "lastmod": summary["date"],
                         "alternates": alternates})
    out["sitemap.xml"] = ctx.render("sitemap.xml", urls=urls)
    for name, data in static.items():
        out[name] = data
    return out


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
    if clean and old:
        _remove_ours(out_dir, _all_outputs(old), set(), result)
        old = {}
    fingerprint = _Fingerprints(old.get("files", {}))
    env = template_env(ws)
    template_files = _template_files(ws)
    code_dir = Path(__file__).parent
    global_key = _sha(json.dumps({
        "version": [MANIFEST_VERSION, __version__],
        "config": ws.config.values,
        "preview": preview,
        "out": str(out_dir),
        "templates": {name: fingerprint(path) for name, path in template_files.items()},
        "code": {name: fingerprint(code_dir / name) for name in _CODE_FILES},
        "glossary": fingerprint(ws.root / "glossary.csv"),
    }, sort_keys=True, default=str).encode())
    same_global = old.get("global") == global_key

    releases = ws.releases()
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
        result.qa = old.get("qa", True)
        if fingerprint.new != fingerprint.old:
            _save_manifest(manifest_path, {**old, "files": fingerprint.new})
        return result

    static = {
        f"static/{name[len('static/'):]}": path.read_bytes()
        for name, path in template_files.items() if name.startswith("static/")
    }
    asset_version = _sha(b"".join(static[k] for k in sorted(static)))[:10]
    ctx = _make_context(ws, env, preview=preview, asset_version=asset_version, po_dirs=po_dirs)
    result.qa = preview or ctx.qa is not None
    if ctx.qa is not None:
        ctx.counts = _index_counts(ws, todo, po_dirs)

    rendered = _render_releases(ctx, todo, out_dir, result, progress)
    new_releases: dict[str, Any] = {}
    written_hashes: dict[str, list] = {}
    for release in releases:
        if release.slug in rendered:
            summary, hashes = rendered[release.slug]
            new_releases[release.slug] = {"key": keys[release.slug], "summary": summary, "outputs": hashes}
        else:
            new_releases[release.slug] = old_releases[release.slug]
    for slug, entry in new_releases.items():
        result.published[slug] = list(entry["summary"]["versions"])
        result.held_back[slug] = entry["summary"]["held"]

    site_outputs = _site_pages(ctx, {s: e["summary"] for s, e in new_releases.items()}, static)
    for rel, data in site_outputs.items():
        written_hashes[rel] = _emit(out_dir, rel, data, result)
    result.rendered += sum(1 for rel in site_outputs if rel.endswith(".html"))

    new_manifest = {"version": MANIFEST_VERSION, "global": global_key, "qa": result.qa,
                    "files": fingerprint.new, "releases": new_releases, "site": written_hashes}
    _remove_ours(out_dir, _all_outputs(old), set(_all_outputs(new_manifest)), result)
    _save_manifest(manifest_path, new_manifest)
    return result


def _make_context(ws: Workspace, env: jinja2.Environment, *, preview: bool, asset_version: str,
                  po_dirs: dict[str, Path]) -> _Context:
    return _Context(
        ws=ws, env=env, strings=load_strings(env), preview=preview,
        threshold=float(ws.config["build"]["publish_threshold"]),
        base_url=ws.config["workspace"]["base_url"].rstrip("/") + "/",
        asset_version=asset_version, qa=None if preview else _qa_checker(ws),
        site={"name": ws.config["workspace"]["name"]}, po_dirs=po_dirs,
    )


# Below this many releases to render, worker processes cost more than they save.
_PARALLEL_MIN = 40


def _render_releases(ctx: _Context, todo: list[Release], out_dir: Path, result: BuildResult,
                     progress: Callable[[int, int], None] | None) -> dict[str, tuple[dict[str, Any], dict[str, list]]]:
    """Render and write the pages of ``todo``: slug -> (summary, output records).

    Many releases are split over worker processes (forked, so they share the
    loaded modules); each writes its own pages and sends back summaries.
    """
    workers = min(os.cpu_count() or 1, 8)
    out: dict[str, tuple[dict[str, Any], dict[str, list]]] = {}
    if len(todo) < _PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for done, release in enumerate(todo, 1):
            out[release.slug], count = _render_one(ctx, release, out_dir, result)
            result.rendered += count
            if progress:
                progress(done, len(todo))
        return out
    global _FORKED_CONTEXT
    chunks = [todo[i::workers * 4] for i in range(workers * 4)]
    jobs = [([r.path for r in chunk], out_dir) for chunk in chunks if chunk]
    done = 0
    # The context (templates, QA checker closures) is not picklable: forked workers inherit it.
    _FORKED_CONTEXT = ctx
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_render_chunk, jobs))
    finally:
        _FORKED_CONTEXT = None
    for chunk_out, part in results:
        out.update(chunk_out)
        result.rendered += part.rendered
        result.written.extend(part.written)
        result.unchanged += part.unchanged
        done += len(chunk_out)
        if progress:
            progress(done, len(todo))
    return out


def _render_one(ctx: _Context, release: Release, out_dir: Path,
                result: BuildResult) -> tuple[tuple[dict[str, Any], dict[str, list]], int]:
    summary, outputs, count = _release_pages(ctx, release)
    hashes = {rel: _emit(out_dir, rel, text, result) for rel, text in outputs.items()}
    return (summary, hashes), count


_FORKED_CONTEXT: _Context | None = None


def _render_chunk(job: tuple[list[Path], Path]) -> tuple[dict[str, Any], BuildResult]:
    """Worker process: render a share of the releases (the context came with the fork)."""
    paths, out_dir = job
    ctx = _FORKED_CONTEXT
    assert ctx is not None
    part = BuildResult(out_dir=out_dir, preview=ctx.preview)
    out = {}
    for path in paths:
        release = ctx.ws.load_release(path)
        out[release.slug], count = _render_one(ctx, release, out_dir, part)
        part.rendered += count
    return out, part


def _emit(out_dir: Path, rel: str, data: str | bytes, result: BuildResult) -> list:
    """Write one output unless its bytes are already there; its manifest record."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = _out_path(out_dir, rel)
    try:
        same = path.read_bytes() == raw
    except FileNotFoundError:
        same = False
    if same:
        result.unchanged += 1
    else:
        _replace(path, raw)
        result.written.append(rel)
    st = path.stat()
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


def _replace(path: Path, raw: bytes) -> None:
    """Atomically replace one output file (temp file + rename), without fsync.

    Unlike :func:`atomic_write` there is no per-file lock (the build holds one,
    and lock files must not end up in a folder published as is) and no fsync:
    the site is derived data, thousands of fsyncs would dominate the build, and
    after a crash the size/mtime check against the manifest rebuilds any page
    the crash damaged. Readers never see a half-written page either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
        path = safe_join(out_dir, *rel.split("/"))
        try:
            ours = _sha(path.read_bytes()) == digest
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
