"""The translation memory: every approved translation, indexed for exact and fuzzy reuse.

What the memory holds:

* every **approved** unit (:func:`workflow.review.units.state_of` is ``APPROVED``) of every
  catalog under ``locales/<locale>/LC_MESSAGES/*.po``;
* every pair of the TMX files imported into the workspace's ``memory/`` folder
  (``pressflow memory import``), which is committed with the catalogs.

This module is the public API: :class:`TranslationMemory` (open, refresh, lookup) and
the workspace-level operations the CLI, the memory engine and the web app call
(:func:`import_tmx`, :func:`export_tmx`, :func:`search`, :func:`best_matches`).
Lookups compare **source texts** (the memory is keyed by source, per ``source>target``
pair). The SQLite index and its refresh live in :mod:`workflow.translation.memory_store`,
candidate selection and scoring (and the in-process view of a pair's index) in
:mod:`workflow.translation.memory_match`, the index
tokens in :mod:`workflow.translation.memory_tokens`.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.errors import MemoryStoreError
from workflow.fsutil import atomic_write, locked, safe_join
from workflow.locales import get_locale
from workflow.translation.memory_match import Match, PairIndex, candidates, to_matches
from workflow.translation.memory_store import (
    DB_NAME,
    MemorySource,
    RefreshStats,
    connect,
    delete_index,
    memory_dir,
    memory_sources,
    pair_key,
    refresh_index,
)
from workflow.translation.tmx import TmxUnit, has_tu_elements, read_tmx, write_tmx
from workflow.workspace import Workspace

if TYPE_CHECKING:
    from workflow.review.queue import QueueItem


class TranslationMemory:
    """The workspace's translation memory. Use :meth:`open`; safe to share between threads."""

    def __init__(self, ws: Workspace, db_path: Path) -> None:
        self.ws = ws
        self.db_path = db_path
        self._lock = threading.RLock()
        self._indexes: dict[str, PairIndex] = {}
        self._generation = ""
        self.last_refresh = RefreshStats()
        self.db = connect(db_path)

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, ws: Workspace, *, refresh: bool = True) -> TranslationMemory:
        """Open (creating or rebuilding as needed) and, by default, refresh the memory."""
        tm = cls(ws, ws.state_dir / DB_NAME)
        if refresh:
            tm.refresh()
        return tm

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- refreshing --------------------------------------------------------
    def sources(self) -> list[MemorySource]:
        """Catalogs of every locale folder plus the imported TMX files."""
        return memory_sources(self.ws)

    def refresh(self) -> RefreshStats:
        """Bring the index up to date with the files: only changed files are re-read."""
        with self._lock:
            stats, written = refresh_index(self.db, self.db_path, self.ws)
            if written:
                self._indexes.clear()
            self.last_refresh = stats
        return stats

    def rebuild(self) -> RefreshStats:
        """Forget the index and build it again from the files."""
        with self._lock:
            self.db.close()
            delete_index(self.db_path)
            self._indexes.clear()
            self.db = connect(self.db_path)
            return self.refresh()

    # -- lookups -----------------------------------------------------------
    def _index(self, pair: str) -> PairIndex:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        if (row[0] if row else "") != self._generation:
            self._indexes.clear()   # another connection changed the index since we loaded our views
            self._generation = row[0] if row else ""
        index = self._indexes.get(pair)
        if index is None:
            index = self._indexes[pair] = PairIndex(self.db, pair)
        return index

    def lookup(self, text: str, locale: str, *, source_lang: str | None = None,
               threshold: float | None = None, limit: int = 3) -> list[Match]:
        """Matches for one source text, best first (exact ones score 100)."""
        return self.lookup_many([text], locale, source_lang=source_lang, threshold=threshold, limit=limit)[0]

    def lookup_many(self, texts: Iterable[str], locale: str, *, source_lang: str | None = None,
                    threshold: float | None = None, limit: int = 3) -> list[list[Match]]:
        """Matches for many source texts into ``locale`` (one list per text, best first)."""
        source_lang = source_lang or self.ws.source_language
        if threshold is None:
            threshold = self.ws.config["memory"]["threshold"]
        pair = pair_key(source_lang, locale)
        texts = list(texts)
        out = []
        with self._lock:
            index = self._index(pair)
            for text in texts:
                scored = candidates(self.db, index, pair, text, threshold, limit)
                matches = to_matches(self.db, scored, locale, limit)
                for match in matches:
                    match.source_lang = source_lang
                out.append(matches)
        return out

    def source_languages(self, locale: str) -> list[str]:
        """The source languages of the pairs into ``locale`` the memory holds (sorted codes)."""
        with self._lock:
            # Skip from pair to pair along the (pair, source) key instead of reading every entry.
            pairs = [row[0] for row in self.db.execute(
                "WITH RECURSIVE p(pair) AS (SELECT MIN(pair) FROM entries UNION ALL "
                "SELECT (SELECT MIN(pair) FROM entries WHERE pair > p.pair) FROM p WHERE p.pair IS NOT NULL) "
                "SELECT pair FROM p WHERE pair IS NOT NULL")]
        return sorted(source for source, _, target in (pair.partition(">") for pair in pairs)
                      if target == locale and source != locale)

    # -- listing -----------------------------------------------------------
    def units(self, locales: Iterable[str] | None = None) -> Iterator[TmxUnit]:
        """Every pair in the memory (for export), sorted by language pair and source."""
        wanted = set(locales or ())
        with self._lock:
            rows = self.db.execute(
                "SELECT e.pair, e.source, u.target, u.context, u.detail, u.changed, u.changed_by, f.origin, f.kind "
                "FROM units u JOIN entries e ON e.id=u.entry_id JOIN files f ON f.id=u.file_id "
                "ORDER BY e.pair, e.source, u.target, f.path").fetchall()
        seen: set[tuple[str, str, str]] = set()
        for pair, source, target, context, detail, changed, changed_by, origin, kind in rows:
            srclang, tgtlang = pair.split(">", 1)
            if wanted and tgtlang not in wanted:
                continue
            if (pair, source, target) in seen:
                continue
            seen.add((pair, source, target))
            yield TmxUnit(srclang, tgtlang, source, target, context=context,
                          origin=detail or (origin if kind == "po" else ""), changed=changed, changed_by=changed_by)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "files": self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0],
                "units": self.db.execute("SELECT COUNT(*) FROM units").fetchone()[0],
                "sources": self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0],
            }




@dataclass
class ImportResult:
    path: Path        # where the TMX was kept, inside the workspace
    units: int
    replaced: bool
    warnings: list[str] = field(default_factory=list)   # ``file: problem`` that did not stop the import


def import_tmx(ws: Workspace, tmx: str | Path, *, replace: bool = False) -> ImportResult:
    """Validate a TMX file and keep a copy in the workspace's ``memory/`` folder (committed)."""
    tmx = Path(tmx)
    try:
        data = tmx.read_bytes()
    except OSError as exc:
        raise MemoryStoreError(f"cannot read: {exc.strerror or exc}", tmx) from None
    units = read_tmx(tmx, data)  # raises path:line on malformed input; nothing is copied then
    warnings = [] if units else [f"{tmx}: " + ("no translation pair (no <tu> holds segments in two languages)"
                                             if has_tu_elements(data) else "no translation units (<tu>) found")]
    name = f"{tmx.stem}.tmx" if tmx.suffix.lower() == ".tmx" else f"{tmx.name}.tmx"
    dest = safe_join(memory_dir(ws), name)
    replaced = False
    with locked(dest):  # the lock covers the check and the write
        if dest.exists():
            if dest.read_bytes() == data:
                return ImportResult(dest, len(units), False, warnings)
            if not replace:
                raise MemoryStoreError(
                    f"a different {name} was already imported ({ws.relpath(dest)}); "
                    "use --replace to replace it, or rename the file", tmx)
            replaced = True
        atomic_write(dest, data, lock=False)
    with TranslationMemory.open(ws):
        pass  # index it now, so the next lookup is fast
    return ImportResult(dest, len(units), replaced, warnings)


@dataclass
class ExportResult:
    pairs: int
    problems: list[str]   # files left out of the memory because they could not be read


def export_tmx(ws: Workspace, path: str | Path, locales: Iterable[str] | None = None) -> ExportResult:
    """Write the whole memory (or the pairs into ``locales``) as TMX 1.4b."""
    locales = list(locales or [])
    for code in locales:
        get_locale(code)
    with TranslationMemory.open(ws) as tm:
        count = write_tmx(path, tm.units(locales), srclang=ws.source_language)
        return ExportResult(count, tm.last_refresh.problems)


@dataclass
class SearchResult:
    matches: list[Match]
    problems: list[str]


def search(ws: Workspace, text: str, locale: str, *, source_lang: str | None = None,
           threshold: float | None = None, limit: int = 10) -> SearchResult:
    """Memory matches for ``text`` into ``locale``, best first (the ``memory search`` command).

    ``text`` is in ``source_lang``; without it, every source language the memory holds pairs
    into ``locale`` from is searched (the workspace's first on equal scores), so a sentence of
    a release in another language than the workspace's, or of an imported TMX, is found too.
    Each match names its pair (:attr:`Match.source_lang`). Raises ``LocaleError`` for an
    unknown locale.
    """
    get_locale(locale)
    with TranslationMemory.open(ws) as tm:
        if source_lang is not None:
            if source_lang not in tm.source_languages(locale):
                get_locale(source_lang)   # a code the memory does not hold must at least be a language of ours
            languages = [source_lang]
        else:
            held = tm.source_languages(locale)
            languages = sorted(held, key=lambda code: code != ws.source_language) or [ws.source_language]
        matches = [match for code in languages
                   for match in tm.lookup(text, locale, source_lang=code, threshold=threshold, limit=limit)]
        matches.sort(key=lambda match: -match.score)   # stable: languages in the order above on ties
        return SearchResult(matches[:limit], tm.last_refresh.problems)


_SHARED: dict[Path, tuple[TranslationMemory, float]] = {}
_SHARED_LOCK = threading.Lock()
#: best_matches() re-checks the files at most this often (seconds): the review queue asks per unit.
REFRESH_INTERVAL = 2.0


def shared_memory(ws: Workspace) -> TranslationMemory:
    """A process-wide open memory for ``ws``, refreshed at most every REFRESH_INTERVAL seconds."""
    with _SHARED_LOCK:
        tm, checked = _SHARED.get(ws.root, (None, 0.0))
        if tm is None:
            tm = TranslationMemory.open(ws, refresh=False)
            checked = 0.0
        if time.monotonic() - checked >= REFRESH_INTERVAL:
            tm.refresh()
            checked = time.monotonic()
        _SHARED[ws.root] = (tm, checked)
        return tm


#: How many matches the review queue and the web editor show beside a unit (the same ones).
QUEUE_MATCHES = 3


def queue_matcher(ws: Workspace, limit: int = QUEUE_MATCHES) -> Callable[[QueueItem], list[Match]]:
    """A ``matcher`` for :func:`workflow.review.queue.review_queue`: best matches beside each unit."""
    return lambda item: best_matches(ws, item.msgid, item.locale, limit=limit, source_lang=item.source_lang)


def best_matches(ws: Workspace, text: str, locale: str, limit: int = 3, *,
                 source_lang: str | None = None) -> list[Match]:
    """The best memory matches for one unit (``text`` in ``source_lang``, default the
    workspace's), for the review queue beside each unit.

    Cheap to call per unit: the memory stays open in the process and the files are
    re-checked at most every :data:`REFRESH_INTERVAL` seconds.
    """
    return shared_memory(ws).lookup(text, locale, limit=limit, source_lang=source_lang)
