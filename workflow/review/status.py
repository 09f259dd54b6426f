"""Progress per release × locale, and the content-keyed index that makes it fast.

Reading 18,000 catalogs and running every QA check on every unit takes a
while, so each PO file's *summary* (state counts, QA errors, the units awaiting
review, every finding) is kept in ``.pressflow/index.sqlite3``, keyed by
``path → (mtime_ns, size, sha256)``. A file whose stat matches is not read; one
whose stat changed but whose bytes did not (``touch``, ``git checkout``) is
hashed, not parsed. A summary also depends on the glossary, the checks and the
release's source language, so those are part of the key. Files stamped in the
same second they were indexed are re-hashed next time (git's "racy clean"
rule: a same-size rewrite within the file system's timestamp granularity would
otherwise look unchanged).

The index is a cache: deleting it loses nothing, a broken one is rebuilt, and
it is never trusted for writes — review actions always re-read the PO file under
its lock.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from workflow import __version__
from workflow.fsutil import code_fingerprint
from workflow.errors import CatalogError, WorkflowError
from workflow.locales import LOCALES
from workflow.sources.releases import SLUG_RE

INDEX_NAME = "index.sqlite3"
SCHEMA_VERSION = "5"
_RACY_SECONDS = 2.0
_PARALLEL_MIN = 200  # stale files before summaries are computed in worker processes

STATE_KEYS = ("untranslated", "rejected", "draft", "needs_review", "approved")


@dataclass
class StatusRow:
    release: str
    locale: str
    total: int = 0
    untranslated: int = 0
    draft: int = 0
    needs_review: int = 0
    approved: int = 0
    rejected: int = 0
    qa_errors: int = 0
    publishable: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release, "locale": self.locale, "total": self.total,
            "untranslated": self.untranslated, "draft": self.draft, "needs_review": self.needs_review,
            "approved": self.approved, "rejected": self.rejected, "qa_errors": self.qa_errors,
            "publishable": self.publishable,
        }


@dataclass(frozen=True)
class Target:
    """One catalog of one release in one locale (the PO file may not exist yet)."""

    path: Path
    locale: str
    release: str          # the release slug (the file stem for explicit PO files)
    date: str = ""        # ISO release date, for "earliest first"
    source_lang: str = "en"
    pot: Path | None = None

    @property
    def exists(self) -> bool:
        return self.path.is_file()


@dataclass
class FileSummary:
    """What the index keeps per catalog."""

    total: int = 0
    untranslated: int = 0
    rejected: int = 0
    draft: int = 0
    needs_review: int = 0
    approved: int = 0
    qa_errors: int = 0                                   # units with an error no approval overrides
    units: list[dict[str, Any]] = field(default_factory=list)      # units awaiting work (not approved/untranslated)
    findings: list[list[Any]] = field(default_factory=list)        # [line, check, severity, message]
    keys: list[str] = field(default_factory=list)                  # unit ids of every entry (selection)
    # What a published page shows for each msgid: [text or None, state label] (see below).
    published: dict[str, list[Any]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("total", *STATE_KEYS, "qa_errors")}


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


def summarize_catalog(catalog: Any, source_lang: str, locale: str | None, glossary: Any = None) -> FileSummary:
    """Count states and QA errors of one catalog (``locale`` None: a template).

    Also records :attr:`FileSummary.published`, what a published page shows for
    each unit, so the build needs neither the parse nor the checks again.
    """
    from workflow.review.checks import check_entry
    from workflow.review.actions import (
        State,
        blocking_errors,
        origin_of,
        state_of,
        unit_hash,
        unit_id,
        unit_keys,
    )

    summary = FileSummary()
    published = summary.published
    for entry in catalog:
        summary.total += 1
        summary.keys.extend(unit_keys(entry))
        if locale is None:
            summary.untranslated += 1
            continue
        state = state_of(entry)
        key = state.name.lower()
        setattr(summary, key, getattr(summary, key) + 1)
        findings = check_entry(entry, source_lang, locale, glossary) if state is not State.UNTRANSLATED else []
        line = getattr(entry, "linenum", 0) or 0
        blocking = blocking_errors(entry, findings) if findings else []
        for f in overridden_as_warnings(findings, blocking):
            summary.findings.append([line, f.check, f.severity.value, f.message])
        if blocking:
            summary.qa_errors += 1
        # The build's lookup for published pages, worked out once: approved text without
        # a blocking QA error, else the reason. Keyed by msgid like the build (the last
        # entry with a msgid wins); plural entries are never shown on a page.
        if entry.msgid_plural:
            published[entry.msgid] = [None, State.UNTRANSLATED.label]
        elif state is not State.APPROVED:
            published[entry.msgid] = [None, state.label]
        else:
            published[entry.msgid] = [None, "qa error"] if blocking else [entry.msgstr, state.label]
        if state in (State.DRAFT, State.NEEDS_REVIEW, State.REJECTED):
            forms = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
                     if entry.msgid_plural else [entry.msgstr])
            summary.units.append({
                "id": unit_id(entry), "msgctxt": entry.msgctxt, "msgid": entry.msgid,
                "msgid_plural": entry.msgid_plural or "", "forms": forms, "state": int(state),
                "origin": origin_of(entry), "line": line, "hash": unit_hash(entry),
                "findings": [f.to_dict() for f in findings],
                "blocking": [f.check for f in blocking],
            })
    return summary


def overridden_as_warnings(findings: list[Any], blocking: list[Any]) -> list[Any]:
    """Findings with errors a person overrode (``--force``) shown as warnings, so CI stays green."""
    from workflow.review.checks import Finding, Severity

    out = []
    for f in findings:
        if f.severity is Severity.ERROR and f not in blocking:
            f = Finding(f.check, Severity.WARNING, f"{f.message} (approved anyway, with --force)")
        out.append(f)
    return out


def parse_catalog_bytes(path: Path, data: bytes) -> Any:
    """The catalog in ``data`` (the bytes of ``path``, read once for hashing and parsing)."""
    from workflow.catalogs import load_catalog, parse_catalog

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return load_catalog(path)  # its error names the line
    return parse_catalog(text, path)


def summarize_file(path: Path, source_lang: str, locale: str | None, glossary: Any = None,
                   data: bytes | None = None) -> FileSummary:
    from workflow.catalogs import load_catalog

    catalog = load_catalog(path) if data is None else parse_catalog_bytes(path, data)
    return summarize_catalog(catalog, source_lang, locale, glossary)


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseInfo:
    path: Path
    slug: str
    date: str
    lang: str
    sha: str = ""  # of the file's bytes, when the index read them


def _code_fingerprint() -> str:
    """Changes when the code that computes summaries changes (a development convenience)."""
    return code_fingerprint("review", "catalogs", "locales.py", "translation/masking.py")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


COUNT_COLUMNS = ("total", *STATE_KEYS, "qa_errors")
JSON_COLUMNS = ("units", "findings", "keys")
ALL_COLUMNS = COUNT_COLUMNS + JSON_COLUMNS
# Kept in a table of its own: the build reads it, ``status`` never scans it.
PUBLISHED = "published"


#: What summarising one file gives the index: (path, mtime_ns, size, sha, column values or None, error).
IndexRow = tuple[str, int, int, str, "dict[str, Any] | None", "str | None"]


def summary_values(summary: FileSummary) -> dict[str, Any]:
    """The index columns of a summary (the lists as compact JSON)."""
    values: dict[str, Any] = {c: getattr(summary, c) for c in COUNT_COLUMNS}
    values.update({c: json.dumps(getattr(summary, c), ensure_ascii=False, separators=(",", ":"))
                   for c in (*JSON_COLUMNS, PUBLISHED)})
    return values


def index_row(path: Path, st: os.stat_result, data: bytes, summary: FileSummary) -> IndexRow:
    """The index row of a file summarised elsewhere (``st`` taken before ``data`` was read)."""
    return str(path), st.st_mtime_ns, st.st_size, _sha(data), summary_values(summary), None


def _summarize_for_index(path: Path, source_lang: str, locale: str | None, glossary: Any) -> IndexRow:
    """(path, mtime_ns, size, sha, column values or None, error) for one file."""
    st = path.stat()
    data = path.read_bytes()
    try:
        summary = summarize_file(path, source_lang, locale, glossary, data)
    except WorkflowError as exc:
        return str(path), st.st_mtime_ns, st.st_size, _sha(data), None, str(exc)
    return index_row(path, st, data, summary)


_WORKER_GLOSSARY: dict[str, Any] = {}


def _worker(args: tuple[str, str, str | None, str | None, str]) -> tuple[str, int, int, str, dict[str, Any] | None, str | None]:
    """Summarise one file in a worker process."""
    path_s, source_lang, locale, glossary_path, glossary_lang = args
    key = glossary_path or ""
    if key not in _WORKER_GLOSSARY:
        from workflow.review.glossary import Glossary, parse_glossary

        _WORKER_GLOSSARY[key] = (parse_glossary(Path(glossary_path).read_text(encoding="utf-8"), glossary_path,
                                                source_language=glossary_lang)
                                 if glossary_path else Glossary([], None, glossary_lang))
    return _summarize_for_index(Path(path_s), source_lang, locale, _WORKER_GLOSSARY[key])


class Index:
    """Per-file summaries of a workspace's catalogs, cached in SQLite under ``ws.state_dir``."""

    def __init__(self, ws: Any, *, glossary_loader: Callable[[], Any] | None = None):
        self.ws = ws
        self.path = ws.state_dir / INDEX_NAME
        self._glossary: Any = None
        self._glossary_loader = glossary_loader
        self._db: sqlite3.Connection | None = None
        from workflow.review.checks import CHECKS_VERSION
        from workflow.review.glossary import glossary_fingerprint

        self.context = f"{SCHEMA_VERSION}:{__version__}:{CHECKS_VERSION}:{_code_fingerprint()}:{glossary_fingerprint(ws)}"

    # -- storage -----------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:
                # A corrupt or foreign file: it is only a cache, start afresh.
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{self.path}{suffix}")
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            try:
                row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            except sqlite3.OperationalError:
                row = None
            if row is None or row[0] != SCHEMA_VERSION:
                db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS releases; "
                                 "DROP TABLE IF EXISTS published; DROP TABLE IF EXISTS segments; "
                                 "DROP TABLE IF EXISTS meta;")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript("""
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS files (
                    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha TEXT, context TEXT,
                    total INTEGER, untranslated INTEGER, rejected INTEGER, draft INTEGER,
                    needs_review INTEGER, approved INTEGER, qa_errors INTEGER,
                    units TEXT, findings TEXT, keys TEXT);
                CREATE TABLE IF NOT EXISTS published (path TEXT PRIMARY KEY, sha TEXT, context TEXT, data TEXT);
                CREATE TABLE IF NOT EXISTS segments (path TEXT PRIMARY KEY, sha TEXT, context TEXT, data TEXT);
                CREATE TABLE IF NOT EXISTS releases (
                    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha TEXT,
                    slug TEXT, date TEXT, lang TEXT, context TEXT);
            """)
            with db:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def glossary(self) -> Any:
        if self._glossary is None:
            if self._glossary_loader is not None:
                self._glossary = self._glossary_loader()
            else:
                from workflow.review.glossary import load_glossary

                self._glossary = load_glossary(self.ws)
        return self._glossary

    # -- releases ----------------------------------------------------------
    def releases(self) -> list[ReleaseInfo]:
        """Slug, date and language of every release file (front matter parsed only when changed)."""
        from workflow.errors import ReleaseError

        db = self._connect()
        # A release without a ``lang`` takes the workspace's source language: part of the key.
        context = f"{__version__}:{self.ws.source_language}"
        rows = {r[0]: r[1:] for r in db.execute(
            "SELECT path, mtime_ns, size, sha, slug, date, lang FROM releases WHERE context=?", (context,))}
        now = time.time_ns()
        out: list[ReleaseInfo] = []
        updates = []
        seen: dict[str, Path] = {}
        files = self.ws.release_files()
        for path in files:
            key = str(path)
            st = path.stat()
            row = rows.get(key)
            if row and row[0] == st.st_mtime_ns and row[1] == st.st_size:
                info = ReleaseInfo(path, row[3], row[4], row[5], row[2])
            else:
                data = path.read_bytes()
                sha = _sha(data)
                if row and row[2] == sha:
                    info = ReleaseInfo(path, row[3], row[4], row[5], sha)
                else:
                    release = self.ws.load_release(path)
                    info = ReleaseInfo(path, release.slug, release.date.isoformat(), release.lang, sha)
                racy = now - st.st_mtime_ns < _RACY_SECONDS * 1e9
                updates.append((key, -1 if racy else st.st_mtime_ns, st.st_size, sha, info.slug, info.date, info.lang,
                                context))
            if info.slug in seen:
                raise ReleaseError(f"slug {info.slug!r} is already used by {self.ws.relpath(seen[info.slug])}", path, 1)
            seen[info.slug] = path
            out.append(info)
        gone = {p for (p,) in db.execute("SELECT path FROM releases")} - {str(p) for p in files}
        if updates or gone:
            with db:
                db.executemany("INSERT OR REPLACE INTO releases VALUES (?,?,?,?,?,?,?,?)", updates)
                db.executemany("DELETE FROM releases WHERE path=?", [(g,) for g in gone])
                db.executemany("DELETE FROM segments WHERE path=?", [(g,) for g in gone])
        return out

    # -- catalogs ----------------------------------------------------------
    def counts(self, targets: Iterable[Target], *,
               progress: Callable[[int], None] | None = None) -> dict[Path, dict[str, int]]:
        """State counts of each existing catalog (or of its template when the PO is missing)."""
        rows = self._refresh(targets, COUNT_COLUMNS, progress)
        return {p: dict(zip(COUNT_COLUMNS, values)) for p, values in rows.items()}

    def summaries(self, targets: Iterable[Target], *, parts: tuple[str, ...] = JSON_COLUMNS,
                  progress: Callable[[int], None] | None = None) -> dict[Path, FileSummary]:
        """Full summaries; only the JSON ``parts`` asked for are decoded (the rest stay empty)."""
        rows = self._refresh(targets, COUNT_COLUMNS + parts, progress)
        n = len(COUNT_COLUMNS)
        out = {}
        for path, values in rows.items():
            summary = FileSummary(**dict(zip(COUNT_COLUMNS, values[:n])))
            for name, raw in zip(parts, values[n:]):
                setattr(summary, name, json.loads(raw))
            out[path] = summary
        return out

    def _refresh(self, targets: Iterable[Target], columns: tuple[str, ...],
                 progress: Callable[[int], None] | None) -> dict[Path, tuple[Any, ...]]:
        """Bring the rows of ``targets`` up to date; return ``columns`` per file path."""
        out, stale = self._partition(targets, columns)
        if stale:
            for path, values in self._rebuild(stale, progress).items():
                out[path] = tuple(values[c] for c in columns)
        return out

    def _partition(self, targets: Iterable[Target], columns: tuple[str, ...],
                   ) -> tuple[dict[Path, tuple[Any, ...]], list[tuple[Path, Target, str | None, str]]]:
        """(``("sha", *columns)`` of every file whose row is current, the stale files)."""
        db = self._connect()
        wanted: list[tuple[Path, Target, str | None, os.stat_result]] = []
        for t in targets:
            try:
                wanted.append((t.path, t, t.locale, os.stat(t.path)))
            except FileNotFoundError:
                if t.pot is not None:
                    with contextlib.suppress(FileNotFoundError):
                        wanted.append((t.pot, t, None, os.stat(t.pot)))
        query = f"SELECT path, mtime_ns, size, sha, context, {', '.join(columns)} FROM files"
        rows = {r[0]: r[1:] for r in db.execute(query)}
        now = time.time_ns()
        out: dict[Path, tuple[Any, ...]] = {}
        stale: list[tuple[Path, Target, str | None, str]] = []
        restamp = []
        for path, target, locale, st in wanted:
            key = str(path)
            context = self._context(target, locale)
            row = rows.get(key)
            if row and row[3] == context and row[0] == st.st_mtime_ns and row[1] == st.st_size:
                out[path] = row[4:] if columns else ()
                continue
            if row and row[3] == context:
                data = path.read_bytes()
                if _sha(data) == row[2]:
                    racy = now - st.st_mtime_ns < _RACY_SECONDS * 1e9
                    restamp.append((-1 if racy else st.st_mtime_ns, st.st_size, key))
                    out[path] = row[4:] if columns else ()
                    continue
            stale.append((path, target, locale, context))
        if restamp:
            with db:
                db.executemany("UPDATE files SET mtime_ns=?, size=? WHERE path=?", restamp)
        return out, stale

    def _context(self, target: Target, locale: str | None) -> str:
        return f"{self.context}:{target.source_lang}:{locale or ''}"

    # -- for the build: use current rows, summarise stale files itself, store them ----
    def current(self, targets: Iterable[Target]) -> tuple[dict[Path, tuple[dict[str, int], str]], list[Target]]:
        """(counts and content hash of every catalog whose row is current, the targets to summarise).

        The hash lets a caller that reads the file later check that the counts
        still describe the bytes it read. Stale targets are not summarised here:
        the build parses them anyway, and hands the rows back with :meth:`store`.
        """
        out, stale = self._partition(targets, ("sha", *COUNT_COLUMNS))
        current = {p: (dict(zip(COUNT_COLUMNS, values[1:])), values[0]) for p, values in out.items()}
        return current, [t for _, t, _, _ in stale]

    def store(self, rows: Iterable[tuple[Target, IndexRow]]) -> None:
        """Store rows summarised outside the index (``index_row``) for translation catalogs."""
        now = time.time_ns()
        records = []
        for target, (path_s, mtime, size, sha, values, error) in rows:
            if values is None or error:
                continue
            racy = now - mtime < _RACY_SECONDS * 1e9
            records.append((path_s, -1 if racy else mtime, size, sha, self._context(target, target.locale), values))
        self._insert(records)

    def _insert(self, records: list[tuple[str, int, int, str, str, dict[str, Any]]]) -> None:
        """Write rows (path, mtime_ns, size, sha, context, column values) in one transaction."""
        if not records:
            return
        db = self._connect()
        with db:
            db.executemany(f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * (5 + len(ALL_COLUMNS)))})",
                           [(*r[:5], *(r[5][c] for c in ALL_COLUMNS)) for r in records])
            db.executemany("INSERT OR REPLACE INTO published VALUES (?,?,?,?)",
                           [(r[0], r[3], r[4], r[5][PUBLISHED]) for r in records])

    def published(self, targets: Iterable[Target]) -> dict[Path, tuple[str, str]]:
        """(content sha, JSON of :attr:`FileSummary.published`) of each indexed translation catalog."""
        wanted = {str(t.path): (t.path, self._context(t, t.locale)) for t in targets}
        db = self._connect()
        out = {}
        for path_s, sha, context, data in db.execute("SELECT path, sha, context, data FROM published"):
            hit = wanted.get(path_s)
            if hit is not None and hit[1] == context:
                out[hit[0]] = (sha, data)
        return out

    # -- the units of releases (segmentation is slow; the build asks for it) --------
    def segments(self, infos: Iterable[ReleaseInfo], context: str) -> dict[Path, str]:
        """JSON of the units of each release file whose bytes (``info.sha``) were segmented
        under ``context`` (the caller's segmentation mode and code)."""
        wanted = {str(i.path): i for i in infos if i.sha}
        out = {}
        for path_s, sha, data in self._connect().execute(
                "SELECT path, sha, data FROM segments WHERE context=?", (context,)):
            info = wanted.get(path_s)
            if info is not None and info.sha == sha:
                out[info.path] = data
        return out

    def store_segments(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Store (path, sha, context, units JSON) rows."""
        rows = list(rows)
        if rows:
            db = self._connect()
            with db:
                db.executemany("INSERT OR REPLACE INTO segments VALUES (?,?,?,?)", rows)

    def _rebuild(self, stale: list[tuple[Path, Target, str | None, str]],
                 progress: Callable[[int], None] | None) -> dict[Path, dict[str, Any]]:
        """Summarise ``stale`` files (in worker processes when there are many) and store them."""
        now = time.time_ns()
        results: list[tuple[str, int, int, str, dict[str, Any] | None, str | None]] = []
        glossary_path = self.ws.root / "glossary.csv"
        custom = self._glossary_loader is not None or self.ws.config["translate"]["do_not_translate"]
        workers = min(os.cpu_count() or 1, 8)
        if len(stale) >= _PARALLEL_MIN and workers > 1 and not custom:
            self.glossary  # noqa: B018 — fail here, with path:line, if the glossary is malformed
            jobs = [(str(p), t.source_lang, loc, str(glossary_path) if glossary_path.exists() else None,
                     self.ws.source_language) for p, t, loc, _ in stale]
            with ProcessPoolExecutor(workers) as pool:
                for result in pool.map(_worker, jobs, chunksize=32):
                    results.append(result)
                    if progress:
                        progress(1)
        else:
            for path, target, locale, _ in stale:
                results.append(_summarize_for_index(path, target.source_lang, locale, self.glossary))
                if progress:
                    progress(1)
        out: dict[Path, dict[str, Any]] = {}
        rows = []
        first_error: str | None = None
        for (path_s, mtime, size, sha, values, error), (_, _, _, context) in zip(results, stale):
            if values is None:
                first_error = first_error or error
                continue
            racy = now - mtime < _RACY_SECONDS * 1e9
            rows.append((path_s, -1 if racy else mtime, size, sha, context, values))
            out[Path(path_s)] = values
        self._insert(rows)
        if first_error:
            raise CatalogError(first_error)
        return out

    def forget_missing(self) -> int:
        """Drop rows of files that no longer exist (the index never grows without bound)."""
        db = self._connect()
        gone = [(p,) for (p,) in db.execute("SELECT path FROM files UNION SELECT path FROM published")
                if not os.path.exists(p)]
        if gone:
            with db:
                db.executemany("DELETE FROM files WHERE path=?", gone)
                db.executemany("DELETE FROM published WHERE path=?", gone)
        return len(gone)


def open_index(ws: Any) -> Index:
    return Index(ws)


# ---------------------------------------------------------------------------
# Targets: which catalogs a command looks at
# ---------------------------------------------------------------------------


def workspace_targets(ws: Any, releases: Iterable[str] = (), locales: Iterable[str] = (),
                      index: Index | None = None) -> list[Target]:
    """Release × locale catalogs of a workspace, earliest release first."""
    locale_list = ws.select_locales(tuple(locales))
    wanted = tuple(releases)
    if index is not None:
        infos = index.releases()
    else:
        infos = [ReleaseInfo(r.path, r.slug, r.date.isoformat(), r.lang) for r in ws.releases()]
    if wanted:
        # Validate the selectors with the workspace's own rules (slug or path; clear errors).
        chosen = {r.slug for r in ws.select_releases(wanted)} if index is None else _select(ws, infos, wanted)
        infos = [i for i in infos if i.slug in chosen]
    infos.sort(key=lambda i: (i.date, i.slug))
    order = {code: n for n, code in enumerate(LOCALES)}
    locale_list = sorted(locale_list, key=lambda c: order.get(c, 99))
    # ws.po_path() resolves every path (safe_join); with 18,000 catalogs that is most
    # of the run, so join under the resolved folder once, for slugs that cannot escape it.
    base = ws.locales_dir
    targets = []
    for info in infos:
        safe = SLUG_RE.match(info.slug) is not None
        pot = base.joinpath(f"{info.slug}.pot") if safe else ws.pot_path(info.slug)
        for locale in locale_list:
            po = base.joinpath(locale, "LC_MESSAGES", f"{info.slug}.po") if safe else ws.po_path(locale, info.slug)
            targets.append(Target(po, locale, info.slug, info.date, info.lang, pot))
    return targets


def _select(ws: Any, infos: list[ReleaseInfo], selectors: tuple[str, ...]) -> set[str]:
    from workflow.errors import ReleaseError

    by_slug = {i.slug: i for i in infos}
    by_path = {i.path.resolve(): i for i in infos}
    chosen = set()
    for sel in selectors:
        info = by_slug.get(sel) or by_path.get(Path(sel).resolve())
        if info is None:
            known = ", ".join(sorted(by_slug)[:20]) or "none"
            raise ReleaseError(f"no release {sel!r} in this workspace (known: {known})")
        chosen.add(info.slug)
    return chosen


def path_targets(paths: Iterable[str | Path], ws: Any | None = None, source_lang: str = "en") -> list[Target]:
    """Targets for explicit PO files (any gettext project; the locale from the header or the path)."""
    from workflow.catalogs import load_catalog
    from workflow.review.checks import locale_of_path, require_locale

    out = []
    for raw in paths:
        path = Path(raw).resolve()
        if not path.is_file():
            raise CatalogError("no such file", raw)
        # The path alone usually tells; only parse the file when it does not.
        locale = locale_of_path(path) or require_locale(path, load_catalog(path), shown=raw)
        lang, date = source_lang, ""
        if ws is not None:
            try:
                release = next((r for r in ws.releases() if r.slug == path.stem), None)
            except WorkflowError:
                release = None
            if release is not None:
                lang, date = release.lang, release.date.isoformat()
            elif ws.source_language:
                lang = ws.source_language
        out.append(Target(path, locale, path.stem, date, lang))
    return out


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------


def _row(target: Target, counts: dict[str, int] | None) -> StatusRow:
    row = StatusRow(target.release, target.locale)
    if counts:
        for key in ("total", *STATE_KEYS, "qa_errors"):
            setattr(row, key, counts[key])
    row.publishable = row.total > 0 and row.approved == row.total and row.qa_errors == 0
    return row


def collect_status(ws: Any, releases: Iterable[str] = (), locales: Iterable[str] = (), *,
                   progress: Callable[[int], None] | None = None) -> list[StatusRow]:
    """One row per release × locale (earliest release first), from the index.

    A catalog that does not exist yet counts its template's units as untranslated
    (zero units when the release was never extracted).
    """
    with Index(ws) as index:
        targets = workspace_targets(ws, releases, locales, index)
        counts = index.counts(targets, progress=progress)
        index.forget_missing()
    return [_row(t, counts.get(t.path) or counts.get(t.pot)) for t in targets]


def status_of_paths(paths: Iterable[str | Path], ws: Any | None = None, source_lang: str = "en") -> list[StatusRow]:
    """Status rows for explicit PO files (release = file stem)."""
    targets = path_targets(paths, ws, source_lang)
    if ws is not None:
        with Index(ws) as index:
            counts = index.counts(targets)
        return [_row(t, counts.get(t.path)) for t in targets]
    rows = []
    for t in targets:
        summary = summarize_file(t.path, t.source_lang, t.locale)
        rows.append(_row(t, summary.counts()))
    return rows


def status_json(rows: list[StatusRow]) -> str:
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2)
