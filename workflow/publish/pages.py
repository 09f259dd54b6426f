"""One release's pages: the build context, what each unit shows, one page's template context.

A target-language version is *published* only when every unit is approved and
passes QA (or, with ``[build] publish_threshold`` below 1, enough of them; the
rest is shown in the source language inside an element with the source
``lang``). A draft never reaches a published page. Preview builds render every
locale with drafts, each unreviewed unit marked.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from workflow.catalogs import Catalog, Entry, load_catalog
from workflow.errors import CatalogError, WorkflowError
from workflow.fsutil import read_bytes, read_file
from workflow.locales import get_locale
from workflow.publish.manifest import OutputWriter
from workflow.publish.render import Lookup, Page, build_page, prepare_date_format
from workflow.publish.versions import PreviousVersion, capturing, previous_page, record_of, withdrawn_context
from workflow.review.records import ReleaseRecords, VersionRecord
from workflow.publish.templates import load_strings, template_error
from workflow.review.checks.base import blocking_errors
from workflow.review.units import State, state_of
from workflow.review.checks.cache import CheckCache
from workflow.review.glossary import Glossary, load_glossary
from workflow.review.index import Index, IndexRow, ReleaseInfo, Target, index_row
from workflow.review.publishable import segment_context, version_publishable
from workflow.review.summary import parse_catalog_bytes, summarize_parsed
from workflow.sources.releases import Release
from workflow.sources.segmentation import Unit, segment_release
from workflow.wording import counted
from workflow.workspace import Workspace

QAChecker = Callable[[Entry, str, str], bool]  # has_errors(entry, source_lang, locale)
# A release's build summary (JSON in the manifest): date, source, versions (locale -> title, path...), held
ReleaseSummary = dict[str, Any]
SegmentRow = tuple[str, str, str, str]  # release path, file sha256, segmentation context, units JSON


UNREADABLE = "its catalog cannot be read"  # why a language version is held back


@dataclass
class IndexRows:
    """What a build learnt for the status index: catalog summaries and segmented releases."""

    catalogs: list[tuple[Target, IndexRow]] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)
    problems: list[WorkflowError] = field(default_factory=list)  # catalogs that could not be read

    def extend(self, other: IndexRows) -> None:
        self.catalogs.extend(other.catalogs)
        self.segments.extend(other.segments)
        self.problems.extend(other.problems)

    def __bool__(self) -> bool:
        return bool(self.catalogs or self.segments or self.problems)


def _qa_checker(ws: Workspace) -> tuple[QAChecker, Glossary, CheckCache]:
    """(``has_errors(entry, source_lang, locale)``, the glossary the checks use, the build's check cache)."""
    glossary = load_glossary(ws)
    checks = CheckCache(glossary)

    def has_errors(entry: Entry, source_lang: str, locale: str) -> bool:
        # A reviewer's reasoned forced approval overrides the checks it names.
        return bool(blocking_errors(entry, checks(entry, source_lang, locale)))

    return has_errors, glossary, checks


def catalog_dirs(ws: Workspace, locales: list[str] | None = None) -> dict[str, Path]:
    """``locales/<locale>/LC_MESSAGES`` per locale, resolved once.

    ``ws.po_path`` resolves the whole path on every call (safe_join); slugs are
    checked against SLUG_RE when a release is parsed, so joining ``<slug>.po`` to
    a resolved folder is safe and saves thousands of resolves per build.
    """
    return {c: ws.po_path(c, "placeholder").parent for c in (ws.locales if locales is None else locales)}


def cached_segments(ctx: BuildContext, infos: list[ReleaseInfo]) -> None:
    """Units of ``infos`` that an earlier build segmented (sentence splitting is slow):
    kept in the status index by release content, segmentation mode and code."""
    if not infos or not getattr(infos[0], "sha", ""):
        return
    ctx.segment_context = segment_context(ctx.ws)
    by_path = {str(i.path): i.sha for i in infos}
    with Index(ctx.ws) as index:
        found = index.segments(infos, ctx.segment_context)
    ctx.segments = {str(p): (by_path[str(p)], data) for p, data in found.items()}


def _units(ctx: BuildContext, release: Release, rows: IndexRows) -> list[Unit]:
    """The release's units: from the index when its file is as it was segmented, else segmented now."""
    cached = ctx.segments.get(str(release.path))
    sha = ""
    if ctx.segment_context:
        with contextlib.suppress(OSError):
            sha = hashlib.sha256(read_bytes(release.path)).hexdigest()
    if cached is not None and sha == cached[0]:
        return [Unit(*u) for u in json.loads(cached[1])]
    units = segment_release(release, ctx.ws.config.segmentation)
    if sha:
        data = json.dumps([[u.text, u.kind, u.line, u.block, u.index] for u in units], ensure_ascii=False)
        rows.segments.append((str(release.path), sha, ctx.segment_context, data))
    return units


@functools.cache
def og_locale(code: str) -> str:
    """The Open Graph locale (``ll_CC``, CLDR likely subtags) of a language code."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(code, code)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]


@dataclass
class BuildContext:
    """Everything rendering needs, made once per build (forked workers inherit it)."""

    ws: Workspace
    env: jinja2.Environment
    strings: dict[str, dict[str, str]]
    preview: bool
    threshold: float
    base_url: str
    asset_version: str
    qa: QAChecker | None
    site: dict[str, str]
    templates: dict[str, jinja2.Template] = field(default_factory=dict)
    # Status index: (counts, sha256) of catalogs whose row is current; targets of the others.
    current: dict[Path, tuple[dict[str, int], str]] = field(default_factory=dict)
    stale: dict[Path, Target] = field(default_factory=dict)
    tables: dict[Path, tuple[str, str]] = field(default_factory=dict)  # sha, published-text JSON
    # Units of releases segmented by an earlier build: (file sha, units JSON) per release path.
    segments: dict[str, tuple[str, str]] = field(default_factory=dict)
    segment_context: str = ""
    force: bool = False  # --clean: write every output, even when its bytes are already there
    writer: OutputWriter | None = None  # how outputs are written (None: nothing is written)
    records: dict[str, ReleaseRecords] = field(default_factory=dict)  # published-version records read so far
    records_dir: Path | None = None  # ``ws.published_dir``, resolved once (None: resolved on each use)
    glossary: Glossary | None = None
    checks: CheckCache | None = None  # QA findings of the units checked so far (of ``glossary``)
    po_dirs: dict[str, Path] = field(default_factory=dict)
    catalog_paths: dict[tuple[str, str], Path] = field(default_factory=dict)  # (locale, slug) -> the build's path
    common: dict[str, dict[str, Any]] = field(default_factory=dict)  # see common_context
    hashed: set[str] = field(default_factory=set)  # inputs whose stamp changed since recorded (re-hashed)

    def po_path(self, locale: str, slug: str) -> Path:
        path = self.catalog_paths.get((locale, slug))
        if path is not None:
            return path
        if locale not in self.po_dirs:
            self.po_dirs.update(catalog_dirs(self.ws, [locale]))
        return self.po_dirs[locale] / f"{slug}.po"

    def template(self, name: str) -> jinja2.Template:
        if name not in self.templates:
            try:
                self.templates[name] = self.env.get_template(name)
            except jinja2.TemplateError as exc:
                raise template_error(exc) from None
        return self.templates[name]

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.template(name).render(**context)
        except jinja2.TemplateError as exc:
            raise template_error(exc) from None


def page_path(locale: str, slug: str) -> str:
    """Output name of a release page: ``<locale>/<slug>.html``."""
    return f"{locale}/{slug}.html"


def locale_order(ws: Workspace, source: str) -> list[str]:
    """The source language first, then the workspace's target locales."""
    return [source, *[c for c in ws.locales if c != source]]


def _lookup(ctx: BuildContext, catalog: Catalog | None, source_lang: str, locale: str, *,
            qa: bool = True) -> Lookup:
    """What each unit shows: published pages take approved, QA-clean text only.

    ``qa=False`` when the status index already knows the catalog has no blocking
    QA error, so the checks need not run again unit by unit.
    """
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


def _table_lookup(table: dict[str, list[Any]], captured: dict[str, str]) -> Lookup:
    """The published lookup from the status summary's table (``FileSummary.published``):
    the same answers as :func:`_lookup` would give for that catalog, worked out when
    the catalog was summarised; like :func:`capturing`, each text shown goes to ``captured``
    (one call per unit, not two: this runs for every sentence of every page)."""

    def lookup(text: str) -> tuple[str | None, str]:
        shown = table.get(text)
        if shown is None:
            return None, "untranslated"
        if shown[0] is not None:
            captured[text] = shown[0]
        return shown[0], shown[1]

    return lookup


def _hopeless(ctx: BuildContext, counts: dict[str, int], units: int) -> str | None:
    """Why a catalog cannot make the page publishable, judged by its approved count alone."""
    if counts["approved"] == 0 or (ctx.threshold >= 1.0 and counts["approved"] < units):
        return f"{min(counts['approved'], units)}/{counted(units, 'unit')} approved"
    return None


def _catalog_lookup(ctx: BuildContext, release: Release, locale: str, po: Path, distinct: int,
                    rows: IndexRows, captured: dict[str, str]) -> Lookup | str:
    """What a (non-preview) page of ``locale`` shows of each unit, from the status index where
    it is current, else from the catalog (summarised for the index on the way); or why the
    version is held back without building its page."""
    source = release.lang
    known = ctx.current.get(po)
    target = ctx.stale.get(po)
    if known is None and target is None:
        # Not in the status index (no QA/status module, or the file appeared meanwhile).
        if not po.exists():
            return "no catalog"
        return capturing(_lookup(ctx, load_catalog(po), source, locale), captured)
    if known is not None:
        # The index counts approved entries: when they cannot make the page
        # publishable, the catalog is not even read.
        why = _hopeless(ctx, known[0], distinct)
        if why:
            return why
    table = ctx.tables.get(po)
    if known is not None and table is not None and table[0] == known[1] and str(po) not in ctx.hashed:
        # The index row is current (the file's size and mtime as indexed, never a racy
        # stamp) and its table describes those bytes: the catalog is not even read, unless
        # the build's own stamp of it (with ctime) says it changed: then its bytes are checked.
        return _table_lookup(json.loads(table[1]), captured)
    try:
        st, data = read_file(po)
    except FileNotFoundError:
        return "no catalog"
    sha = hashlib.sha256(data).hexdigest()
    if known is not None and sha == known[1] and table is not None and table[0] == sha:
        return _table_lookup(json.loads(table[1]), captured)  # the index row describes these very bytes
    if known is not None and sha == known[1]:
        counts = known[0]
        return capturing(_lookup(ctx, parse_catalog_bytes(po, data), source, locale, qa=counts["qa_errors"] > 0),
                         captured)
    # New or changed since indexed: summarised for the index from this very parse;
    # its published-text table is this page's lookup.
    summary = summarize_parsed(parse_catalog_bytes(po, data), source, locale, ctx.glossary,
                               checks=ctx.checks, source=data)
    target = target or Target(po, locale, release.slug, release.date.isoformat(), source)
    rows.catalogs.append((target, index_row(po, st, data, summary, sha)))
    return _hopeless(ctx, summary.counts(), distinct) or _table_lookup(summary.published, captured)


def _locale_page(ctx: BuildContext, release: Release, locale: str, units: list[Unit], distinct: int,
                 rows: IndexRows, captured: dict[str, str]) -> tuple[Page | None, str]:
    """One target-language version: (the page, "") or (None, why it is held back).
    ``captured`` receives the translated text the page shows (msgid -> msgstr)."""
    po = ctx.po_path(locale, release.slug)
    source = release.lang
    if ctx.preview:
        catalog = load_catalog(po) if po.exists() else None
        return build_page(release, locale, units, _lookup(ctx, catalog, source, locale), preview=True), ""
    lookup = _catalog_lookup(ctx, release, locale, po, distinct, rows, captured)
    if isinstance(lookup, str):
        return None, lookup
    page = build_page(release, locale, units, lookup)  # it fills ``captured`` as the page shows texts
    if not version_publishable(page.approved, page.total, ctx.threshold):
        return None, f"{page.approved}/{counted(page.total, 'unit')} approved"
    return page, ""


def release_pages(ctx: BuildContext, release: Release, only: str | None = None,
                  ) -> tuple[ReleaseSummary, dict[str, str], int, IndexRows]:
    """Render every version of one release: (summary, outputs, pages, index rows).

    A target language whose current version is held back shows its last approved
    version when one was recorded (``summary["previous"]``: locale -> why); a
    withdrawn version becomes a short "withdrawn" page and leaves the versions.
    ``summary["records"]`` holds the records of the versions published now
    (not saved in the manifest: :func:`split_records`). With ``only``, just
    that locale's page is rendered (the others are still worked out when
    published pages need them for the language switcher).
    """
    ws = ctx.ws
    rows = IndexRows()
    units = _units(ctx, release, rows)
    distinct = len({u.text for u in units})
    source = release.lang
    pages: dict[str, Page | None] = {}
    held: dict[str, str] = {}
    previous: dict[str, PreviousVersion] = {}
    recorded: dict[str, VersionRecord] = {}
    languages = locale_order(ws, source)
    withdrawn = {} if ctx.preview else {c: w for c in languages if (w := release.withdrawal(c))}
    if source not in withdrawn:
        pages[source] = (build_page(release, source, units, lambda _t: (None, "source"))
                         if only in (None, source) else None)
    for locale in languages[1:]:
        if ctx.preview and only is not None and locale != only:
            pages[locale] = None  # every locale has a preview version; only one is rendered
            continue
        captured: dict[str, str] = {}
        try:
            page, why = _locale_page(ctx, release, locale, units, distinct, rows, captured)
        except CatalogError as exc:  # that version is held back (or its last version kept) and the file reported
            rows.problems.append(exc)
            page, why = None, UNREADABLE
        if page is not None and not ctx.preview:
            recorded[locale] = record_of(release, captured)
        if page is None and not ctx.preview:
            kept = previous_page(ctx, release, locale, units, why)
            if kept is not None:
                page, previous[locale] = kept
        if locale in withdrawn:
            if page is None:
                withdrawn.pop(locale)  # never published: nothing to withdraw at that URL
            continue
        if page is None:
            held[locale] = why
        else:
            pages[locale] = page

    order = [c for c in languages if c in pages]
    paths = {c: page_path(c, release.slug) for c in languages}
    urls = {c: ctx.base_url + paths[c] for c in languages}
    default = source if source in pages else (order[0] if order else source)
    alternates = [{"hreflang": c, "href": urls[c]} for c in order] + [{"hreflang": "x-default", "href": urls[default]}]
    outputs: dict[str, str] = {}
    versions: dict[str, dict[str, Any]] = {}
    # Shared by the release's pages (templates only read them): the switcher entries,
    # each once as a link and once as the current page, and the Open Graph locales.
    native = {c: get_locale(c).native_name for c in order}
    links = {c: {"code": c, "native_name": native[c], "href": f"../{paths[c]}", "current": False} for c in order}
    og_locales = {c: og_locale(c) for c in order}
    original = f"../{paths[source]}" if source in pages else None
    for code in order:
        page = pages[code]
        if page is None:
            continue
        context = {
            **common_context(ctx, code), "page": page, "root": "../", "home_href": "../index.html",
            "canonical": urls[code], "alternates": alternates,
            "versions": [{**links[c], "current": True} if c == code else links[c] for c in order],
            "feed_href": "atom.xml", "native_name": native[code],
            "og": {"type": "article", "title": page.title_text, "description": page.description,
                   "locale": og_locales[code], "alternates": [og_locales[c] for c in order if c != code]},
            "previous": previous.get(code), "original_href": original, "source_lang": source,
        }
        try:
            outputs[paths[code]] = ctx.template("release.html").render(context)
        except jinja2.TemplateError as exc:
            raise template_error(exc) from None
        versions[code] = {
            "title_html": str(page.title), "title": page.title_text, "subtitle": str(page.subtitle),
            "description": page.description, "path": paths[code],
            "date_text": page.date_text,  # for the indexes: Babel's date formatting is slow
            "updated": page.updated.isoformat(),
        }
    for code, withdrawal in withdrawn.items():
        if only not in (None, code):
            continue
        context = withdrawn_context(ctx, release, code, withdrawal, common_context(ctx, code), urls[code])
        outputs[paths[code]] = ctx.render("withdrawn.html", **context)
    summary: ReleaseSummary = {"date": release.date.isoformat(), "source": source, "versions": versions, "held": held,
                               "previous": {c: p.why for c, p in previous.items()}, "withdrawn": sorted(withdrawn),
                               # locale -> withdrawal date (ISO): an emptied feed's <updated> (site.py)
                               "withdrawn_on": {c: w.date.isoformat() for c, w in sorted(withdrawn.items())},
                               "records": {c: r.to_json() for c, r in recorded.items()},
                               "source_sha": recorded and next(iter(recorded.values())).source_sha,
                               "source_text": release.text if recorded else ""}
    return summary, outputs, len(outputs), rows


def split_records(summary: ReleaseSummary) -> tuple[ReleaseSummary, dict[str, Any]]:
    """(the summary the manifest keeps, the records of the versions published now)."""
    kept = {k: v for k, v in summary.items() if k not in ("records", "source_sha", "source_text")}
    return kept, {"records": summary.get("records", {}), "source_sha": summary.get("source_sha") or "",
                  "source_text": summary.get("source_text", "")}


def common_context(ctx: BuildContext, code: str) -> dict[str, Any]:
    """The context every page of language ``code`` shares (made once per build; callers copy it)."""
    common = ctx.common.get(code)
    if common is None:
        common = ctx.common[code] = {
            "site": ctx.site, "lang": code, "script": get_locale(code).script.lower(), "s": ctx.strings[code],
            "preview": ctx.preview, "asset_version": ctx.asset_version,
        }
    return common


def make_context(ws: Workspace, env: jinja2.Environment, *, preview: bool, asset_version: str,
                 po_dirs: dict[str, Path]) -> BuildContext:
    """The build context; QA checker and glossary only for a published (not preview) build."""
    qa, glossary, checks = (None, None, None) if preview else _qa_checker(ws)
    return BuildContext(
        ws=ws, env=env, strings=load_strings(env), preview=preview,
        threshold=float(ws.config["build"]["publish_threshold"]),
        base_url=ws.config["workspace"]["base_url"].rstrip("/") + "/",
        asset_version=asset_version, qa=qa, glossary=glossary, checks=checks,
        site={"name": ws.config["workspace"]["name"]}, po_dirs=po_dirs,
    )


def before_fork(ctx: BuildContext, todo: list[ReleaseInfo]) -> None:
    """What every worker would otherwise make for itself, made once here for the forks to
    inherit: the compiled release template, each language's CLDR date format, and the QA
    checks and sentence splitters the workers will need (imported on first use otherwise)."""
    with contextlib.suppress(WorkflowError):  # a broken template is reported by the workers, page by page
        ctx.template("release.html")
    if ctx.qa is not None and ctx.stale:
        import workflow.review.checks.run  # noqa: F401 — the checks, for the catalogs to summarise
    if any(str(r.path) not in ctx.segments for r in todo):
        from workflow.sources.segmentation.units import SPLITTERS

        for lang in {r.lang for r in todo}:
            SPLITTERS.get(lang)
    days = {r.date for r in todo}
    for locale in ctx.ws.locales:
        with contextlib.suppress(WorkflowError):
            prepare_date_format(locale, days)
