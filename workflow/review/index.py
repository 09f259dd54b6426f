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
import datetime as _dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from workflow import __version__
from workflow.catalogs import load_catalog
from workflow.errors import CatalogError, ReleaseError, WorkflowError
from workflow.fsutil import code_fingerprint, read_bytes, read_file
from workflow.review.checks.base import CHECKS_VERSION
from workflow.review.checks.cache import CheckCache
from workflow.review.glossary import Glossary, glossary_fingerprint, load_glossary, parse_glossary
from workflow.review.queue_table import QUEUE_SCHEMA, forget_queue, store_queue
from workflow.review.summary import STATE_KEYS, FileSummary, summarize_file
from workflow.sources.releases import SLUG_RE, Release
from workflow.workers import can_fork, worker_pool
from workflow.workspace import duplicate_slug

if TYPE_CHECKING:
    from workflow.workspace import Workspace

INDEX_NAME = "index.sqlite3"
SCHEMA_VERSION = "10"  # 8: a placeholders error restating msgfmt -c dropped; 9: files_stamps; 10: dates
_RACY_SECONDS = 2.0
_PARALLEL_MIN = 200  # stale files before summaries are computed in worker processes


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
    embargo: str = ""    # ISO moment (with its offset) the release is embargoed until, or ""
    withdrawn: str = ""  # "*" (the whole release), withdrawn locales "id,th", or ""
    title: str = ""      # in the release's own language

    def withdrawn_in(self, locale: str) -> bool:
        return self.withdrawn == "*" or locale in self.withdrawn.split(",")

    def embargoed(self, at: _dt.datetime) -> bool:
        """Still under embargo at the moment ``at`` (timezone-aware)?"""
        return bool(self.embargo) and at < _dt.datetime.fromisoformat(self.embargo)


def release_info(release: Release, sha: str = "") -> ReleaseInfo:
    """The index's facts about a parsed release."""
    whole = any(not w.locales for w in release.withdrawn)
    locales = sorted({c for w in release.withdrawn for c in w.locales})
    return ReleaseInfo(release.path, release.slug, release.date.isoformat(), release.lang, sha,
                       release.embargo.isoformat() if release.embargo else "",
                       "*" if whole else ",".join(locales), release.title)


def _code_fingerprint() -> str:
    """Changes when the code that computes summaries changes (a development convenience)."""
    return code_fingerprint("review", "catalogs", "locales.py", "translation/masking.py")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


COUNT_COLUMNS = ("total", *STATE_KEYS, "qa_errors")
JSON_COLUMNS = ("units", "findings", "keys", "relayed", "approved_texts")
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


def index_row(path: Path, st: os.stat_result, data: bytes, summary: FileSummary, sha: str | None = None) -> IndexRow:
    """The index row of a file summarised elsewhere (``st`` taken before ``data`` was read;
    ``sha``: the SHA-256 of ``data`` in hex, when the caller has it already)."""
    return str(path), st.st_mtime_ns, st.st_size, sha or _sha(data), summary_values(summary), None


def _parsed_error(text: str, path: Path) -> CatalogError:
    """A CatalogError again from its ``path:line: problem`` text (as it comes back from a worker process)."""
    if not text.startswith(f"{path}:"):
        return CatalogError(text, path)
    rest = text[len(str(path)) + 1:]
    line, sep, message = rest.partition(": ")
    if sep and line.isdigit():
        return CatalogError(message, path, int(line))
    return CatalogError(rest.lstrip(" "), path)


def _summarize_for_index(path: Path, source_lang: str, locale: str | None, glossary: Glossary | None,
                         checks: CheckCache | None = None) -> IndexRow:
    """(path, mtime_ns, size, sha, column values or None, error) for one file (``checks``: of ``glossary``)."""
    st, data = read_file(path)
    try:
        summary = summarize_file(path, source_lang, locale, glossary, data, checks=checks)
    except WorkflowError as exc:
        return str(path), st.st_mtime_ns, st.st_size, _sha(data), None, str(exc)
    return index_row(path, st, data, summary)


_WORKER_GLOSSARY: dict[str, tuple[Glossary, CheckCache]] = {}  # glossary path -> (glossary, its check cache)


def _worker(args: tuple[str, str, str | None, str | None, str]) -> tuple[str, int, int, str, dict[str, Any] | None, str | None]:
    """Summarise one file in a worker process."""
    path_s, source_lang, locale, glossary_path, glossary_lang = args
    key = glossary_path or ""
    if key not in _WORKER_GLOSSARY:

        glossary = (parse_glossary(Path(glossary_path).read_text(encoding="utf-8"), glossary_path,
                                   source_language=glossary_lang)
                    if glossary_path else Glossary([], None, glossary_lang))
        _WORKER_GLOSSARY[key] = glossary, CheckCache(glossary)
    glossary, checks = _WORKER_GLOSSARY[key]
    return _summarize_for_index(Path(path_s), source_lang, locale, glossary, checks)


class Index:
    """Per-file summaries of a workspace's catalogs, cached in SQLite under ``ws.state_dir``."""

    def __init__(self, ws: Workspace, *, glossary_loader: Callable[[], Glossary] | None = None):
        self.ws = ws
        self.path = ws.state_dir / INDEX_NAME
        self._glossary: Glossary | None = None
        self._glossary_loader = glossary_loader
        self._db: sqlite3.Connection | None = None
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
            if row is not None and row[0] == SCHEMA_VERSION:
                # Every command opens the index: an index of this version needs no schema
                # statements and no write (each was a transaction).
                db.execute("PRAGMA synchronous=NORMAL")
                return db
            db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS releases; "
                             "DROP TABLE IF EXISTS published; DROP TABLE IF EXISTS segments; "
                             "DROP TABLE IF EXISTS queue; DROP TABLE IF EXISTS queue_data; "
                             "DROP TABLE IF EXISTS templates; DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS dates;")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript("""
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS files (
                    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha TEXT, context TEXT,
                    total INTEGER, untranslated INTEGER, rejected INTEGER, draft INTEGER,
                    needs_review INTEGER, approved INTEGER, qa_errors INTEGER,
                    units TEXT, findings TEXT, keys TEXT, relayed TEXT, approved_texts TEXT);
                -- The stamps and counts alone, for the scans that need no JSON column (status,
                -- build): read from this covering index, not from the rows with their lists.
                CREATE INDEX IF NOT EXISTS files_stamps ON files (
                    path, mtime_ns, size, sha, context, total, untranslated, rejected, draft,
                    needs_review, approved, qa_errors);
                CREATE TABLE IF NOT EXISTS published (path TEXT PRIMARY KEY, sha TEXT, context TEXT, data TEXT);
                CREATE TABLE IF NOT EXISTS segments (path TEXT PRIMARY KEY, sha TEXT, context TEXT, data TEXT);
                CREATE TABLE IF NOT EXISTS releases (
                    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha TEXT,
                    slug TEXT, date TEXT, lang TEXT, context TEXT, embargo TEXT, withdrawn TEXT, title TEXT);
                CREATE INDEX IF NOT EXISTS releases_slug ON releases (slug);
                CREATE TABLE IF NOT EXISTS templates (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER);
                CREATE TABLE IF NOT EXISTS dates (locale TEXT, day TEXT, context TEXT, text TEXT,
                                                  PRIMARY KEY (locale, day));
            """)
            db.executescript(QUEUE_SCHEMA)
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
    def glossary(self) -> Glossary:
        if self._glossary is None:
            if self._glossary_loader is not None:
                self._glossary = self._glossary_loader()
            else:

                self._glossary = load_glossary(self.ws)
        return self._glossary

    # -- releases ----------------------------------------------------------
    @property
    def release_context(self) -> str:
        """The key of release rows: a release without a ``lang`` takes the workspace's source language."""
        return f"{__version__}:{self.ws.source_language}"

    def releases(self) -> list[ReleaseInfo]:
        """Slug, date and language of every release file (front matter parsed only when changed)."""
        db = self._connect()
        context = self.release_context
        rows = {r[0]: r[1:] for r in db.execute(
            "SELECT path, mtime_ns, size, sha, slug, date, lang, embargo, withdrawn, title FROM releases "
            "WHERE context=?", (context,))}
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
                info = ReleaseInfo(path, row[3], row[4], row[5], row[2], row[6], row[7], row[8])
            else:
                data = read_bytes(path)
                sha = _sha(data)
                if row and row[2] == sha:
                    info = ReleaseInfo(path, row[3], row[4], row[5], sha, row[6], row[7], row[8])
                else:
                    try:
                        info = release_info(self.ws.load_release(path), sha)
                    except ReleaseError as exc:
                        self.ws.report(exc)  # skipped, reported once; never cached, so a fix is seen
                        continue
                racy = now - st.st_mtime_ns < _RACY_SECONDS * 1e9
                updates.append((key, -1 if racy else st.st_mtime_ns, st.st_size, sha, info.slug, info.date, info.lang,
                                context, info.embargo, info.withdrawn, info.title))
            if info.slug in seen:
                self.ws.report(duplicate_slug(info.slug, path, self.ws.relpath(seen[info.slug])))
                continue
            self.ws.readable(path)
            seen[info.slug] = path
            out.append(info)
        gone = {p for (p,) in db.execute("SELECT path FROM releases")} - {str(p) for p in files}
        if updates or gone:
            with db:
                db.executemany("INSERT OR REPLACE INTO releases VALUES (?,?,?,?,?,?,?,?,?,?,?)", updates)
                db.executemany("DELETE FROM releases WHERE path=?", [(g,) for g in gone])
                db.executemany("DELETE FROM segments WHERE path=?", [(g,) for g in gone])
        self._check_templates(out)
        return out

    def _check_templates(self, infos: list[ReleaseInfo]) -> None:
        """Report (``ws.report``) each release template ``locales/<slug>.pot`` that cannot be parsed:
        commands go on without it and ``extract`` writes it again. A template is parsed only when
        its size or mtime changed since it was last found sound (table ``templates``)."""
        db = self._connect()
        known = {r[0]: r[1:] for r in db.execute("SELECT path, mtime_ns, size FROM templates")}
        base = self.ws.locales_dir
        now = time.time_ns()
        sound, current = [], set()
        for info in infos:
            path = base.joinpath(f"{info.slug}.pot") if SLUG_RE.match(info.slug) else self.ws.pot_path(info.slug)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue
            key = str(path)
            current.add(key)
            if known.get(key) == (st.st_mtime_ns, st.st_size):
                continue
            try:
                load_catalog(path)
            except CatalogError as exc:
                self.ws.report(exc if exc.path else CatalogError(exc.message, path))
                continue
            self.ws.readable(path)
            sound.append((key, -1 if now - st.st_mtime_ns < _RACY_SECONDS * 1e9 else st.st_mtime_ns, st.st_size))
        gone = [(k,) for k in known if k not in current]
        if sound or gone:
            with db:
                db.executemany("INSERT OR REPLACE INTO templates VALUES (?,?,?)", sound)
                db.executemany("DELETE FROM templates WHERE path=?", gone)

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
                   stats: Mapping[Path, os.stat_result] | None = None,
                   ) -> tuple[dict[Path, tuple[Any, ...]], list[tuple[Path, Target, str | None, str]]]:
        """(``("sha", *columns)`` of every file whose row is current, the stale files).
        ``stats``: the status of some catalogs, taken by the caller just before (not taken again)."""
        db = self._connect()
        if self._glossary_loader is None:
            self.glossary  # noqa: B018 — a malformed glossary is reported even when every row is current
        wanted: list[tuple[Path, Target, str | None, os.stat_result]] = []
        known = stats or {}
        for t in targets:
            try:
                wanted.append((t.path, t, t.locale, known.get(t.path) or os.stat(t.path)))
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
                data = read_bytes(path)
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
    def current(self, targets: Iterable[Target], stats: Mapping[Path, os.stat_result] | None = None,
                ) -> tuple[dict[Path, tuple[dict[str, int], str]], list[Target]]:
        """(counts and content hash of every catalog whose row is current, the targets to summarise).

        The hash lets a caller that reads the file later check that the counts
        still describe the bytes it read. Stale targets are not summarised here:
        the build parses them anyway, and hands the rows back with :meth:`store`.
        ``stats``: catalog path -> its status as the caller just took it (the build's
        input fingerprints stat every catalog first): those files are not stat'ed again.
        """
        out, stale = self._partition(targets, ("sha", *COUNT_COLUMNS), stats)
        current = {p: (dict(zip(COUNT_COLUMNS, values[1:])), values[0]) for p, values in out.items()}
        return current, [t for _, t, _, _ in stale]

    def store(self, rows: Iterable[tuple[Target, IndexRow]]) -> None:
        """Store rows summarised outside the index (``index_row``) for translation catalogs."""
        now = time.time_ns()
        records = []
        owners: list[Target | None] = []
        for target, (path_s, mtime, size, sha, values, error) in rows:
            if values is None or error:
                continue
            racy = now - mtime < _RACY_SECONDS * 1e9
            records.append((path_s, -1 if racy else mtime, size, sha, self._context(target, target.locale), values))
            owners.append(target)
        self._insert(records, owners)

    def _insert(self, records: list[tuple[str, int, int, str, str, dict[str, Any]]],
                owners: list[Target | None]) -> None:
        """Write rows (path, mtime_ns, size, sha, context, column values) in one transaction,
        with the queue rows of each file (``owners[i]`` is the target of ``records[i]``)."""
        if not records:
            return
        db = self._connect()
        with db:
            store_queue(db, str(self.ws.locales_dir), [(r[0], t, r[5]["units"]) for r, t in zip(records, owners)])
            db.executemany(f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * (5 + len(ALL_COLUMNS)))})",
                           [(*r[:5], *(r[5][c] for c in ALL_COLUMNS)) for r in records])
            db.executemany("INSERT OR REPLACE INTO published VALUES (?,?,?,?)",
                           [(r[0], r[3], r[4], r[5][PUBLISHED]) for r in records])

    def file_hashes(self) -> dict[str, tuple[int, int, str]]:
        """Path -> (size, mtime_ns, SHA-256 in hex) of every indexed file (catalogs, templates and
        release files) whose stamp is not racy: what the index knows of the files' bytes without
        reading them (the build's input fingerprints start from it)."""
        db = self._connect()
        return {path: (size, mtime, sha) for path, mtime, size, sha in
                db.execute("SELECT path, mtime_ns, size, sha FROM files WHERE mtime_ns >= 0 UNION ALL "
                           "SELECT path, mtime_ns, size, sha FROM releases WHERE mtime_ns >= 0")}

    def date_texts(self, context: str) -> dict[tuple[str, str], str]:
        """(locale, ISO date) -> a date as pages print it, as builds under ``context`` stored them."""
        return {(c, d): t for c, d, t in self._connect().execute(
            "SELECT locale, day, text FROM dates WHERE context=?", (context,))}

    def store_date_texts(self, context: str, texts: dict[tuple[str, str], str]) -> None:
        """Keep ``texts`` (see :meth:`date_texts`) under ``context``; texts of other contexts go."""
        db = self._connect()
        with db:
            db.execute("DELETE FROM dates WHERE context<>?", (context,))
            db.executemany("INSERT OR REPLACE INTO dates VALUES (?,?,?,?)",
                           [(locale, day, context, text) for (locale, day), text in texts.items()])

    def published(self, targets: Iterable[Target]) -> dict[Path, tuple[str, str]]:
        """(content sha, JSON of :attr:`FileSummary.published`) of each indexed translation catalog."""
        wanted = {str(t.path): (t.path, self._context(t, t.locale)) for t in targets}
        if not wanted:
            return {}
        db = self._connect()
        out = {}
        if len(wanted) > 200:  # most of the table: one scan beats many lookups
            rows = db.execute("SELECT path, sha, context, data FROM published")
        else:
            rows = db.execute(f"SELECT path, sha, context, data FROM published WHERE path IN "
                              f"({', '.join('?' * len(wanted))})", list(wanted))
        for path_s, sha, context, data in rows:
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
        if len(stale) >= _PARALLEL_MIN and workers > 1 and not custom and can_fork():
            self.glossary  # noqa: B018 — a malformed glossary is reported here and left out
            usable = glossary_path.exists() and not self.ws.is_broken(glossary_path)
            jobs = [(str(p), t.source_lang, loc, str(glossary_path) if usable else None,
                     self.ws.source_language) for p, t, loc, _ in stale]
            # Every worker runs the QA checks and msgfmt's validation: imported once here
            # (elsewhere they load on first use), inherited by the forks instead of imported by each.
            from workflow.catalogs import validate  # noqa: F401
            from workflow.review.checks import run  # noqa: F401

            with worker_pool(workers) as pool:  # workers die with this process (no orphan pool)
                for result in pool.map(_worker, jobs, chunksize=32):
                    results.append(result)
                    if progress:
                        progress(1)
        else:
            checks = CheckCache(self.glossary) if stale else None
            for path, target, locale, _ in stale:
                results.append(_summarize_for_index(path, target.source_lang, locale, self.glossary, checks))
                if progress:
                    progress(1)
        out: dict[Path, dict[str, Any]] = {}
        rows = []
        owners: list[Target | None] = []
        for (path_s, mtime, size, sha, values, error), (path, target, locale, context) in zip(results, stale):
            if values is None:
                # Left out of the result (callers skip it) and reported once; never stored, so a fix is seen.
                self.ws.report(_parsed_error(error or "cannot be read", path))
                continue
            self.ws.readable(path)
            racy = now - mtime < _RACY_SECONDS * 1e9
            rows.append((path_s, -1 if racy else mtime, size, sha, context, values))
            owners.append(target if locale is not None else None)
            out[Path(path_s)] = values
        self._insert(rows, owners)
        return out

    def forget(self, paths: Iterable[str]) -> None:
        """Drop the rows of these files (they are summarised again when next asked for)."""
        gone = [(p,) for p in paths]
        db = self._connect()
        with db:
            db.executemany("DELETE FROM files WHERE path=?", gone)
            db.executemany("DELETE FROM published WHERE path=?", gone)
            forget_queue(db, gone)

    def forget_missing(self) -> int:
        """Drop rows of files that no longer exist (the index never grows without bound)."""
        db = self._connect()
        gone = [(p,) for (p,) in db.execute("SELECT path FROM files UNION SELECT path FROM published")
                if not os.path.exists(p)]
        if gone:
            with db:
                db.executemany("DELETE FROM files WHERE path=?", gone)
                db.executemany("DELETE FROM published WHERE path=?", gone)
                forget_queue(db, gone)
        return len(gone)


def open_index(ws: Workspace) -> Index:
    return Index(ws)
