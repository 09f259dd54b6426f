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
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow import __version__
from workflow.errors import BuildError, WorkflowError
from workflow.fsutil import code_fingerprint, locked
from workflow.locales import get_locale
from workflow.publish.manifest import (
    MANIFEST_VERSION,
    BuildResult,
    Fingerprints,
    Journal,
    OutputRecord,
    OutputWriter,
    all_outputs,
    content_hash,
    load_manifest,
    manifest_path,
    marked_outputs,
    outputs_intact,
    remove_leftover_temps,
    remove_stale,
    remove_temp_dir,
    save_manifest,
    temp_dir,
)
from workflow.publish.pages import (
    BuildContext,
    before_fork,
    IndexRows,
    ReleaseSummary,
    cached_segments,
    catalog_dirs,
    make_context,
    page_path,
    release_pages,
    split_records,
)
from workflow.publish.dates import remembered_dates
from workflow.publish.versions import save_published
from workflow.review.records import records_path
from workflow.publish.site import SiteJob, site_jobs
from workflow.publish.templates import asset_version, static_files, template_env, template_files
from workflow.review.index import Index, ReleaseInfo, Target
from workflow.sources.releases import Release, parse_moment
from workflow.workers import can_fork, collector_paused, worker_pool
from workflow.workspace import Workspace

if TYPE_CHECKING:  # annotations only: concurrent.futures.process is imported when a pool is made
    from concurrent.futures import ProcessPoolExecutor

# Code whose change must invalidate every page (templates are hashed separately).
_CODE_PARTS = ("publish", "review", "sources", "catalogs", "locales.py", "translation/masking.py")

_IndexState = tuple[dict[Path, tuple[dict[str, int], str]], dict[Path, Target], dict[Path, tuple[str, str]]]


def catalog_paths(ws: Workspace, releases: list[ReleaseInfo], po_dirs: dict[str, Path]) -> dict[tuple[str, str], Path]:
    """(locale, slug) -> ``<locale>/LC_MESSAGES/<slug>.po`` of every target language of ``releases``.

    Made once per build and shared by the input keys, the status index queries and the
    pages (``BuildContext.catalog_paths``): one Path per catalog, so its string and hash are
    worked out once and every dict lookup finds the very same object.
    """
    return {(c, r.slug): po_dirs[c] / f"{r.slug}.po" for r in releases for c in ws.locales if c != r.lang}


def _index_state(ws: Workspace, releases: list[ReleaseInfo], po_dirs: dict[str, Path],
                 paths: dict[tuple[str, str], Path] | None = None,
                 stats: dict[Path, os.stat_result] | None = None) -> _IndexState:
    """What the status index (shared with ``pressflow status`` and review) knows of
    the catalogs of ``releases``: (counts and content hash per current catalog, the
    targets of the catalogs it must be told about, the published-text table and its
    content hash per current catalog).

    With a current row, a page needs no parse, no review-state and no QA work:
    the table says what each unit shows. Stale catalogs are not summarised here:
    the pages' renderers parse them anyway, so they summarise them from the same
    parse (one read, one parse, one QA pass per catalog) and the rows are stored
    when the pages are done. ``paths``: the build's catalog paths (:func:`catalog_paths`);
    ``stats``: the catalogs' status as just taken (``Fingerprints.stats``), not taken again.
    """
    paths = paths or {}
    targets = [
        Target(paths.get((c, r.slug)) or po_dirs[c] / f"{r.slug}.po", c, r.slug, r.date, r.lang)
        for r in releases for c in ws.locales if c != r.lang
    ]
    with Index(ws) as index:
        current, stale = index.current(targets, stats)
        tables = index.published([t for t in targets if t.path in current])
    return current, {t.path: t for t in stale}, tables


def _indexed_hashes(ws: Workspace) -> dict[str, OutputRecord]:
    """The content hashes the status index keeps (by size and mtime, as the manifest does) as
    manifest records: a first build after ``pressflow status`` fingerprints its catalogs and
    release files without reading them again. (``content_hash`` is the SHA-256 prefix the index keeps whole.)"""
    with Index(ws) as index:
        return {path: [size, mtime, sha[:32]] for path, (size, mtime, sha) in index.file_hashes().items()}


def _store_index_rows(ws: Workspace, rows: IndexRows) -> None:
    """Store the catalog summaries and segmented releases a build learnt in the status index."""
    if rows:
        with Index(ws) as index:
            index.store(rows.catalogs)
            index.store_segments(rows.segments)


def _check_out_dir(ws: Workspace, out_dir: Path) -> None:
    """The output folder may not be, contain, or sit inside the workspace's own folders."""
    sources = [ws.releases_dir, ws.locales_dir, ws.templates_dir, ws.published_dir, ws.root / ".pressflow"]
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
    at: _dt.datetime | None = None,
) -> BuildResult:
    """Build the published site (or the preview) of every release; see the module docstring.

    ``at`` (timezone-aware, default now): the moment the site is built for; a
    release under embargo then is left out of the published site entirely.
    """
    if at is not None and at.utcoffset() is None:
        raise BuildError(f"the build moment {at.isoformat()} needs a timezone")
    moment = at or _dt.datetime.now(_dt.UTC)
    out_dir = Path(out).resolve() if out else (ws.preview_dir if preview else ws.output_dir)
    _check_out_dir(ws, out_dir)
    path = manifest_path(ws, out_dir)
    with locked(path), collector_paused():
        journal = Journal(path.with_suffix(".journal"))
        tmp = temp_dir(ws.state_dir, out_dir)
        try:
            return _build(ws, out_dir, path, journal, OutputWriter(out_dir, tmp, force=clean),
                          preview=preview, clean=clean, progress=progress, at=moment)
        finally:
            journal.close()
            remove_temp_dir(tmp)


def build_moment(text: str | None) -> _dt.datetime | None:
    """``build --at TIME``: the moment (timezone required); None for "now"; BuildError if malformed."""
    if text is None:
        return None
    try:
        return parse_moment(text, "--at")
    except ValueError as exc:
        raise BuildError(str(exc)) from None


def _build(ws: Workspace, out_dir: Path, manifest_path: Path, journal: Journal, writer: OutputWriter, *,
           preview: bool, clean: bool, progress: Callable[[int, int], None] | None,
           at: _dt.datetime) -> BuildResult:
    result = BuildResult(out_dir=out_dir, preview=preview)
    old = load_manifest(manifest_path)
    # A journal left behind: the last build died. What it may have written is rendered
    # again (its releases and the site pages) or removed like any stale output of ours.
    recovered = journal.recovered()
    if recovered or clean or not old:
        result.temps_removed = len(remove_leftover_temps(out_dir))
    infos = _release_infos(ws)
    # A release file that cannot be read (reported, the build exits 1) removes nothing:
    # what it had published stays as the manifest records it, pages, index entries and feeds.
    broken = _unreadable_releases(ws)
    read = {r.slug for r in infos}
    held = {slug: entry for slug, entry in old.get("releases", {}).items()
            if slug not in read and _built_from(entry, slug, broken)}
    if clean or (not old and not broken):
        # --clean, or no manifest (a copied or moved newsroom: the manifest is keyed by the
        # output folder's path), also removes pages of ours that nothing remembers: every page
        # and feed carrying pressflow's generator mark that this build does not produce.
        for rel, digests in marked_outputs(out_dir).items():
            recovered.setdefault(rel, set()).update(digests)
    dirty = {rel.rpartition("/")[2][:-len(".html")] for rel in recovered if rel.count("/") == 1
             and rel.endswith(".html") and not rel.endswith("/index.html")}
    # --clean forgets the manifest and writes every output again (over the old file,
    # so there is no separate pass deleting them first); what it no longer produces
    # is removed at the end, like any stale output we wrote.
    cleaned = all_outputs(old) if clean else {}
    # The input hashes stay: they are keyed by size and mtime like every other
    # check of the inputs, and say nothing about the outputs --clean rewrites.
    fingerprint = Fingerprints({**_indexed_hashes(ws), **old.get("files", {})})
    if clean:
        old = {}
    env = template_env(ws)
    templates = template_files(ws)
    global_key = content_hash(json.dumps({
        "version": [MANIFEST_VERSION, __version__],
        "config": ws.config.values,
        "preview": preview,
        "out": str(out_dir),
        "templates": {name: fingerprint(path) for name, path in templates.items()},
        "code": code_fingerprint(*_CODE_PARTS),
        "glossary": fingerprint(ws.root / "glossary.csv"),
    }, sort_keys=True, default=str).encode())
    same_global = old.get("global") == global_key

    # Under embargo at the build's moment: not on the published site at all (as if absent).
    releases = [r for r in infos if preview or not r.embargoed(at)]
    po_dirs = catalog_dirs(ws)
    po_paths = catalog_paths(ws, releases, po_dirs)

    # Resolved once: a build asks for the records of every release several times.
    records_dir = None if preview else records_path(ws, "placeholder").parent

    def release_key(release: ReleaseInfo) -> str:
        inputs = [fingerprint(release.path)]
        inputs += [fingerprint(po_paths[c, release.slug]) for c in ws.locales if c != release.lang]
        if not preview:  # the last approved versions a held-back language falls back to
            inputs.append(fingerprint(records_path(ws, release.slug, records_dir)))
        return content_hash(json.dumps([global_key, *inputs]).encode())

    keys = {release.slug: release_key(release) for release in releases}
    keys.update({slug: entry.get("key", "") for slug, entry in held.items()})

    old_releases: dict[str, Any] = old.get("releases", {}) if same_global else {}
    todo = [r for r in releases if old_releases.get(r.slug, {}).get("key") != keys[r.slug] or r.slug in dirty
            or not outputs_intact(out_dir, old_releases[r.slug]["outputs"])]
    site_ok = (same_global and not recovered and set(old.get("releases", {})) == set(keys)
               and outputs_intact(out_dir, old.get("site", {})))
    if not todo and site_ok:
        # Nothing changed: no template is even loaded.
        result.noop = True
        _report(result, old_releases)
        journal.finish()  # nothing was written: no journal is left either
        if fingerprint.new != fingerprint.old:
            save_manifest(manifest_path, {**old, "files": fingerprint.new})
        return result

    static = static_files(templates)
    ctx = make_context(ws, env, preview=preview, asset_version=asset_version(static), po_dirs=po_dirs)
    ctx.force = clean
    ctx.hashed = fingerprint.read  # catalogs whose recorded stamp did not vouch for them
    ctx.records_dir = records_dir
    ctx.catalog_paths = po_paths
    writer.journal = journal.open()
    ctx.writer = writer
    if ctx.qa is not None:  # preview builds run no QA and need no index state
        # The catalogs' status as their fingerprints just took it: not taken again.
        ctx.current, ctx.stale, ctx.tables = _index_state(ws, todo, po_dirs, po_paths, fingerprint.stats)
    fingerprint.stats.clear()  # no further use (thousands of stat results)
    cached_segments(ctx, todo)

    with remembered_dates(ws), _workers(ctx, todo) as pool:
        rendered, rows, error = _render_releases(ctx, todo, out_dir, result, progress, pool)
        _store_index_rows(ws, rows)
        recorded = {}
        for slug, (summary, hashes) in list(rendered.items()):
            kept, recorded[slug] = split_records(summary)
            rendered[slug] = (kept, hashes)
        for problem in rows.problems:
            ws.report(problem)
        unreadable = {Path(p.path).stem for p in rows.problems if p.path} & set(rendered)
        for slug in unreadable:
            keys[slug] = ""  # rendered again (and the file reported again) until it is fixed
        if error is not None:
            # Keep a record of the pages that were written (so they stay ours to replace
            # or remove), delete nothing, and report the first problem.
            partial = {**old, "version": MANIFEST_VERSION, "files": {**old.get("files", {}), **fingerprint.new},
                       "site": {**cleaned, **old.get("site", {})},  # still ours, whatever the build did
                       "releases": {**old.get("releases", {}),
                                    **{slug: {"key": keys[slug], "summary": summary, "outputs": hashes}
                                       for slug, (summary, hashes) in rendered.items()}}}
            save_manifest(manifest_path, partial)
            raise error
        new_releases: dict[str, Any] = {}
        relpath = _release_relpath(ws)
        for release in releases:
            if release.slug in rendered:
                summary, hashes = rendered[release.slug]
                new_releases[release.slug] = {"key": keys[release.slug], "summary": summary, "outputs": hashes,
                                              "path": relpath(release.path)}
            else:
                new_releases[release.slug] = old_releases[release.slug]
        new_releases.update(held)
        _report(result, new_releases)
        written_hashes = _write_site(ctx, {s: e["summary"] for s, e in new_releases.items()}, static, out_dir,
                                     result, pool)

    if not preview:
        # The versions published now become the last approved versions (committed files);
        # the keys of their releases then include the records as written.
        # A build for a later moment (--at) records only what is public now: a release still
        # under embargo now is not "published" in the committed published/ folder.
        now = _dt.datetime.now(_dt.UTC)
        public = {r.slug: r.path for r in releases if not r.embargoed(now)}
        for slug in save_published(ws, recorded, public, records_dir):
            new_releases[slug]["key"] = "" if slug in unreadable else release_key(
                next(r for r in releases if r.slug == slug))
    new_manifest = {"version": MANIFEST_VERSION, "global": global_key,
                    "files": fingerprint.new, "releases": new_releases, "site": written_hashes}
    remove_stale(out_dir, {**cleaned, **all_outputs(old)}, set(all_outputs(new_manifest)), result, recovered)
    save_manifest(manifest_path, new_manifest)
    journal.finish()  # every output is in the manifest now
    return result


def _unreadable_releases(ws: Workspace) -> set[str]:
    """Workspace-relative paths of the release files reported as unreadable (front matter errors)."""
    folder = ws.releases_dir.resolve()
    return {ws.relpath(Path(p.path)) for p in ws.broken_files()
            if p.path and Path(p.path).resolve().parent == folder}


def _release_relpath(ws: Workspace) -> Callable[[Path], str]:
    """``ws.relpath`` for release files, without resolving each path: a file listed in the
    (resolved) releases folder that is not a symlink is already its own resolved path."""
    folder = ws.releases_dir
    prefix, folder_s = ws.relpath(folder), str(folder)

    def relpath(path: Path) -> str:
        text = str(path)
        head, _sep, name = text.rpartition("/")
        if head == folder_s and not os.path.islink(text):
            return f"{prefix}/{name}" if prefix != "." else name
        return ws.relpath(path)

    return relpath


def _built_from(entry: dict[str, Any], slug: str, files: set[str]) -> bool:
    """Whether a manifest entry was built from one of ``files`` (workspace-relative): its
    ``path``; in older manifests, a ``releases/[<date>-]<slug>.md`` name as ``import`` gives."""
    if entry.get("path"):
        return entry["path"] in files
    return any(Path(f).stem == slug or Path(f).stem.endswith(f"-{slug}") for f in files)


def _report(result: BuildResult, releases: dict[str, Any]) -> None:
    """What the build result says per release: published versions (current or previous), held, withdrawn."""
    for slug, entry in releases.items():
        summary = entry["summary"]
        result.published[slug] = list(summary["versions"])
        result.held_back[slug] = summary["held"]
        if summary.get("previous"):
            result.previous[slug] = summary["previous"]
        if summary.get("withdrawn"):
            result.withdrawn[slug] = summary["withdrawn"]


def _release_infos(ws: Workspace) -> list[ReleaseInfo]:
    """Path, slug, date and language of every release (``status.ReleaseInfo``), checked for
    duplicate slugs. The status index caches them by file stat, so an unchanged
    newsroom is not parsed at all (the releases to render are loaded by the workers)."""
    with Index(ws) as index:
        return index.releases()


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
    po_dirs = catalog_dirs(ws)
    ctx = make_context(ws, env, preview=preview, asset_version=asset_version(static_files(template_files(ws))),
                        po_dirs=po_dirs)
    if ctx.qa is not None:
        ctx.current, ctx.stale, ctx.tables = _index_state(ws, [info], po_dirs)
    summary, outputs, _count, rows = release_pages(ctx, release, only=locale)
    _store_index_rows(ws, rows)
    for problem in rows.problems:
        ws.report(problem)
    html = outputs.get(page_path(locale, slug))
    if html is None:
        why = summary["held"].get(locale, "not a language of this workspace")
        raise BuildError(f"{slug} is not published in {locale}: {why}")
    return html


# Below this many releases to render, worker processes cost more than they save.
_PARALLEL_MIN = 40

_Rendered = dict[str, tuple[ReleaseSummary, dict[str, OutputRecord]]]  # slug -> (summary, output records)


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


@contextlib.contextmanager
def _workers(ctx: BuildContext, todo: list[ReleaseInfo]) -> Iterator[ProcessPoolExecutor | None]:
    """Forked worker processes for a big build (None for a small one, or without fork).

    The context (templates, QA checker closures) is not picklable: forked workers
    inherit it, with the list of releases to render. The site pages (indexes,
    feeds, sitemap) are rendered by a second fork, see :func:`_write_site`.
    """
    global _FORKED
    workers = _worker_count()
    if len(todo) < _PARALLEL_MIN or workers < 2 or not can_fork():
        yield None
        return
    _FORKED = (ctx, [r.path for r in todo])
    before_fork(ctx, todo)
    try:
        with worker_pool(workers) as pool:  # workers die with this process
            yield pool
    finally:
        _FORKED = None


def _render_releases(ctx: BuildContext, todo: list[ReleaseInfo], out_dir: Path, result: BuildResult,
                     progress: Callable[[int, int], None] | None, pool: ProcessPoolExecutor | None,
                     ) -> tuple[_Rendered, IndexRows, WorkflowError | None]:
    """Render and write the pages of ``todo``: (what was rendered, index rows, the first error).

    With ``pool``, the releases are split over the worker processes; each loads
    its releases, writes their pages and sends back summaries. A release whose
    catalog or template is broken stops its worker's share; the others finish,
    so what was written is known.
    """
    out: _Rendered = {}
    rows = IndexRows()
    if pool is None:
        for done, info in enumerate(todo, 1):
            try:
                release = ctx.ws.load_release(info.path, listed=True)
                out[info.slug], count, release_rows = _render_one(ctx, release, out_dir, result)
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


def _render_one(ctx: BuildContext, release: Release, out_dir: Path,
                result: BuildResult) -> tuple[tuple[ReleaseSummary, dict[str, OutputRecord]], int, IndexRows]:
    summary, outputs, count, rows = release_pages(ctx, release)
    assert ctx.writer is not None
    hashes = ctx.writer.write_all(dict(outputs), result)
    return (summary, hashes), count, rows


_FORKED: tuple[BuildContext, list[Path]] | None = None


def _render_chunk(job: tuple[list[int], Path]) -> tuple[_Rendered, BuildResult, IndexRows, WorkflowError | None]:
    """Worker process: render a share of the releases (context and release list came with the fork)."""
    numbers, out_dir = job
    assert _FORKED is not None
    ctx, paths = _FORKED
    part = BuildResult(out_dir=out_dir, preview=ctx.preview)
    out: _Rendered = {}
    rows = IndexRows()
    for number in numbers:
        try:
            release = ctx.ws.load_release(paths[number], listed=True)
            out[release.slug], count, release_rows = _render_one(ctx, release, out_dir, part)
        except WorkflowError as exc:
            return out, part, rows, exc
        part.rendered += count
        rows.extend(release_rows)
    return out, part, rows, None


def _write_site(ctx: BuildContext, summaries: dict[str, ReleaseSummary], static: dict[str, bytes], out_dir: Path,
                result: BuildResult, pool: ProcessPoolExecutor | None) -> dict[str, OutputRecord]:
    """Render and write the site pages and assets; their manifest records.

    With ``pool`` (the release pages' workers, done by now), the site pages are
    rendered by new forked workers.
    """
    global _SITE_JOBS
    jobs = site_jobs(ctx, summaries)
    records: dict[str, OutputRecord] = {}
    writer = ctx.writer
    assert writer is not None
    if pool is None:
        for rel, name, context in jobs:
            records[rel] = writer.write(rel, ctx.render(name, **context), result)
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
            with worker_pool(min(_worker_count(), len(groups))) as site_pool:
                done: dict[int, tuple[OutputRecord, bool]] = {}
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
        records[rel] = writer.write(rel, data, result)
    result.rendered += sum(1 for rel, _, _ in jobs if rel.endswith(".html"))
    return records


def _job_size(job: SiteJob) -> int:
    return len(job[2].get("urls") or job[2].get("entries") or ())


_SITE_JOBS: list[SiteJob] = []  # inherited by the site workers (_write_site)


def _site_batch(batch: tuple[list[int], Path]) -> list[tuple[OutputRecord, bool]]:
    """Worker process: render and write some site pages (by number in the inherited
    job list); (record, written?) of each."""
    numbers, out_dir = batch
    assert _FORKED is not None
    ctx = _FORKED[0]
    out: list[tuple[OutputRecord, bool]] = []
    for rel, name, context in (_SITE_JOBS[n] for n in numbers):
        part = BuildResult(out_dir=out_dir, preview=ctx.preview)
        assert ctx.writer is not None
        record = ctx.writer.write(rel, ctx.render(name, **context), part)
        out.append((record, bool(part.written)))
    return out

