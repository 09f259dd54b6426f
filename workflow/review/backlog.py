"""The review queue and release progress for a long-running process (the web app), at newsroom scale.

A :class:`Backlog` keeps, in memory, the file stamps (mtime, size) at which the
status index was last known to describe each catalog. Each call stats every
catalog (about 18,000 in a newsroom of 2,000 releases: tens of milliseconds),
brings the index up to date for the files that changed (whoever changed them:
this process, the CLI, Poedit, a git pull), and then answers from SQL:

* :meth:`Backlog.queue_page`: one page of the queue, filtered, with counts per
  state and per locale (:mod:`workflow.review.queue_table`);
* :meth:`Backlog.releases`: progress per release (title, date, per-locale
  :class:`~workflow.review.status.StatusRow`, QA errors, waiting since).

Nothing here is trusted for writes: review actions re-read the PO file under its lock.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workflow.review.index import _RACY_SECONDS, COUNT_COLUMNS, Index, ReleaseInfo, Target
from workflow.review.queue import QUEUE_STATES, FindingCache, QueueItem, attach_relays, queue_item, relay_context
from workflow.review.summary import FileSummary
from workflow.review.queue_table import home_path, locale_order, sync_releases
from workflow.review.status import StatusRow, status_row
from workflow.review.units import State

if TYPE_CHECKING:
    from workflow.workspace import Workspace


@dataclass(frozen=True)
class QueueFilter:
    """Which queued units a page shows: empty tuples mean every release / locale."""

    releases: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    states: tuple[State, ...] = QUEUE_STATES
    qa_errors: bool = False         # only units with a QA error no approval overrides


@dataclass
class QueuePage:
    items: list[QueueItem]
    total: int                       # units matching the whole filter
    offset: int
    limit: int
    by_state: dict[State, int]       # within the release/locale/QA filter, every queued state
    by_locale: dict[str, int]        # within the release/state/QA filter

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass
class ReleaseProgress:
    """One release across its locales, for the dashboard."""

    info: ReleaseInfo
    rows: list[StatusRow]
    since: dict[str, str] = field(default_factory=dict)   # locale -> oldest waiting unit's ISO time

    @property
    def publishable(self) -> int:
        return sum(1 for r in self.rows if r.publishable)

    @property
    def qa_errors(self) -> int:
        return sum(r.qa_errors for r in self.rows)

    @property
    def awaiting(self) -> int:
        return sum(r.needs_review + r.draft for r in self.rows)

    @property
    def waiting_since(self) -> str:
        return min((s for s in self.since.values() if s), default="")


_RELEASES: dict[str, tuple[tuple[tuple[str, int, int], ...], list[ReleaseInfo]]] = {}
_RELEASES_LOCK = threading.Lock()


def release_infos(ws: Workspace, index: Index | None = None) -> list[ReleaseInfo]:
    """``Index.releases()`` (slug, date, language, title of every release), kept in this process
    while no release file is added, removed or changed (a listing and one stat per file)."""
    folder = ws.releases_dir
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
        stamp = tuple((n, (st := os.stat(os.path.join(folder, n))).st_mtime_ns, st.st_size) for n in names)
    except FileNotFoundError:
        stamp = ()
    key = f"{ws.root}\x00{ws.source_language}"
    racy = any(time.time_ns() - m < _RACY_SECONDS * 1e9 for _, m, _ in stamp)
    with _RELEASES_LOCK:
        cached = _RELEASES.get(key)
        if cached is not None and cached[0] == stamp and not racy:
            return cached[1]
    if index is None:
        with Index(ws) as own:
            infos = own.releases()
    else:
        infos = index.releases()
    with _RELEASES_LOCK:
        _RELEASES[key] = (stamp, infos)
    return infos


#: Dashboard sort keys (each also sorts by date, newest first, as a tie-breaker).
SORTS = ("date", "title", "publishable", "qa", "waiting", "awaiting")


class Backlog:
    """Queue pages and release progress of one workspace; safe to share between threads."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._known: dict[str, tuple[int, int]] = {}
        self._present: set[str] = set()   # files seen since the index was last read in full
        self._synced: tuple[int, tuple[str, ...]] | None = None
        # Queue counts per filter, valid until a catalog changes (every request stats them all).
        self._counts: dict[QueueFilter, tuple[dict[State, int], dict[str, int], int]] = {}
        self._key: tuple[str, int] | None = None
        self._lock = threading.Lock()

    # -- freshness ----------------------------------------------------------
    def _refresh(self, index: Index) -> list[ReleaseInfo]:
        """Bring the index up to date for every catalog of the workspace; return the releases."""
        infos = release_infos(self.ws, index)
        try:
            key = (index.context, os.stat(index.path).st_ino)
        except FileNotFoundError:
            key = (index.context, 0)
        if key != self._key:
            self._known, self._present, self._key, self._synced = {}, set(), key, None
            self._counts.clear()
            index.forget_missing()
        now = time.time_ns()
        stale: list[Target] = []
        fresh: dict[str, tuple[int, int]] = {}
        gone: list[str] = []
        folder = self.ws.locales_dir
        base = str(folder)
        for info in infos:
            for locale in self.ws.locales:
                if locale == info.lang:
                    continue  # a release is never translated into its own language
                path = home_path(base, locale, info.slug)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    if path in self._present:
                        gone.append(path)
                        self._present.discard(path)
                    path = f"{base}/{info.slug}.pot"
                    try:
                        st = os.stat(path)
                    except FileNotFoundError:
                        continue
                stamp = (st.st_mtime_ns, st.st_size)
                if self._known.get(path) == stamp:
                    continue
                self._present.add(path)
                stale.append(Target(folder / locale / "LC_MESSAGES" / f"{info.slug}.po", locale,
                                    info.slug, info.date, info.lang, folder / f"{info.slug}.pot"))
                if now - st.st_mtime_ns >= _RACY_SECONDS * 1e9:  # else look again next time
                    fresh[path] = stamp
        if stale:
            index.counts(stale)  # summarises what changed, queue rows included
        synced = (id(infos), tuple(self.ws.locales))
        if stale or synced != self._synced:  # only new rows or other releases can disagree
            gone.extend(sync_releases(index._connect(), {i.slug: i.date for i in infos}, self.ws.locales))
            self._synced = synced
        if stale or gone:
            self._counts.clear()  # something changed: count again
        if gone:
            index.forget(gone)
            for path in gone:
                self._known.pop(path, None)
        self._known.update(fresh)
        return infos

    # -- the queue ----------------------------------------------------------
    def queue_page(self, filters: QueueFilter = QueueFilter(), offset: int = 0, limit: int = 50) -> QueuePage:
        """One page of the queue in the order of ``review queue`` (earliest release first)."""
        with self._lock, Index(self.ws) as index:
            infos = {i.slug: i for i in self._refresh(index)}
            db = index._connect()
            where: list[str] = ["1"]
            args: list[object] = []
            if filters.releases:
                where.append(f"release IN ({','.join('?' * len(filters.releases))})")
                args.extend(filters.releases)
            if filters.qa_errors:
                where.append("qa > 0")
            states = {int(s) for s in filters.states}
            counted = self._counts.get(filters)
            if counted is None:
                counted = self._counts[filters] = self._count(db, filters, where, args)
            by_state, by_locale, total = counted
            if filters.locales:
                where.append(f"locale IN ({','.join('?' * len(filters.locales))})")
                args.extend(filters.locales)
            where.append(f"state IN ({','.join('?' * len(states))})")
            args.extend(sorted(states))
            keys = db.execute(
                f"SELECT path, seq, release, locale FROM queue WHERE {' AND '.join(where)} "
                "ORDER BY date, release, lorder, seq LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
            data = {(p, n): d for p, n, d in db.execute(
                "SELECT path, seq, data FROM queue_data WHERE " + " OR ".join(["(path = ? AND seq = ?)"] * len(keys)),
                [v for p, n, _, _ in keys for v in (p, n)])} if keys else {}
            finding = FindingCache()
            found: list[tuple[QueueItem, Target, dict[str, Any]]] = []
            folder = self.ws.locales_dir
            for path, seq, release, locale in keys:
                info = infos[release]
                target = Target(folder / locale / "LC_MESSAGES" / f"{release}.po", locale, release, info.date, info.lang)
                unit = json.loads(data[(path, seq)])
                found.append((queue_item(target, unit, finding), target, unit))
            # The relay text beside each unit, as `review queue` shows it (only this page's catalogs).
            page_targets = list({t.path: t for _, t, _ in found}.values())
            summaries = {t.path: FileSummary(units=[u for _, t2, u in found if t2.path == t.path]) for t in page_targets}
            attach_relays(found, *relay_context(self.ws, index, page_targets, summaries))
        items = [item for item, _, _ in found]
        by_locale = {loc: by_locale[loc] for loc in sorted(by_locale, key=locale_order)}
        return QueuePage(items, total, offset, limit, by_state, by_locale)

    @staticmethod
    def _count(db: sqlite3.Connection, filters: QueueFilter, where: list[str], args: list[object],
               ) -> tuple[dict[State, int], dict[str, int], int]:
        """(units per state within the locale filter, per locale within the state filter, the total)."""
        states = {int(s) for s in filters.states}
        by_state: dict[State, int] = {}
        by_locale: dict[str, int] = {}
        total = 0
        for state, locale, n in db.execute(
                f"SELECT state, locale, COUNT(*) FROM queue WHERE {' AND '.join(where)} GROUP BY state, locale",
                args):
            chosen = not filters.locales or locale in filters.locales
            if chosen:
                by_state[State(state)] = by_state.get(State(state), 0) + n
            if state in states:
                by_locale[locale] = by_locale.get(locale, 0) + n
                total += n if chosen else 0
        return by_state, by_locale, total

    # -- release progress -----------------------------------------------------
    def releases(self, sort: str = "date", descending: bool = True) -> list[ReleaseProgress]:
        """Every release with its per-locale status rows, sorted by one of :data:`SORTS`."""
        with self._lock, Index(self.ws) as index:
            infos = self._refresh(index)
            db = index._connect()
            counts = {p: v for p, *v in db.execute(f"SELECT path, {', '.join(COUNT_COLUMNS)} FROM files")}
            since: dict[str, str] = dict(db.execute(
                "SELECT path, MIN(since) FROM queue WHERE since != '' AND state IN (?, ?) GROUP BY path",
                [int(State.DRAFT), int(State.NEEDS_REVIEW)]))
        base = str(self.ws.locales_dir)
        out = []
        targets_of = {lang: self.ws.targets_of(lang) for lang in {i.lang for i in infos}}
        for info in infos:
            progress = ReleaseProgress(info, [])
            pot = counts.get(f"{base}/{info.slug}.pot")
            for locale in targets_of[info.lang]:
                path = home_path(base, locale, info.slug)
                values = counts.get(path) or pot
                progress.rows.append(status_row(info.slug, locale, dict(zip(COUNT_COLUMNS, values)) if values else None))
                if path in since:
                    progress.since[locale] = since[path]
            out.append(progress)
        return sort_releases(out, sort, descending)


def sort_releases(rows: list[ReleaseProgress], sort: str, descending: bool) -> list[ReleaseProgress]:
    """Sort dashboard rows; releases without a waiting unit sort after those with one."""
    rows = sorted(rows, key=lambda p: (p.info.date, p.info.slug), reverse=True)
    keys = {
        "date": lambda p: (p.info.date, p.info.slug),
        "title": lambda p: p.info.title.casefold(),
        "publishable": lambda p: p.publishable,
        "qa": lambda p: p.qa_errors,
        "awaiting": lambda p: p.awaiting,
        # Releases with nothing waiting come last either way.
        "waiting": lambda p: (bool(p.waiting_since) == descending, p.waiting_since),
    }
    if sort not in keys:
        raise ValueError(f"unknown sort {sort!r}")
    return sorted(rows, key=keys[sort], reverse=descending)
