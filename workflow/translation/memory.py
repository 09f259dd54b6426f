"""The translation memory: every approved translation, indexed for exact and fuzzy reuse.

What the memory holds:

* every **approved** unit (:func:`workflow.review.actions.state_of` is ``APPROVED``) of every
  catalog under ``locales/<locale>/LC_MESSAGES/*.po``;
* every pair of the TMX files imported into the workspace's ``memory/`` folder
  (``pressflow memory import``), which is committed with the catalogs.

The index is a SQLite database in the hidden state folder
(``.pressflow/memory.sqlite``). It is only a cache: it is refreshed transparently
and incrementally before use (a file is re-read only when its mtime or size
changed *and* its content hash differs), and deleting it loses nothing. Building it
from empty is a bulk load: ids assigned in Python, ``executemany`` in one transaction,
tokens of all texts inverted with numpy, secondary indexes created after the load.

Lookups compare **source texts** (the memory is keyed by source, per
``source>target`` pair). Exact matches use a unique index; fuzzy matches use a
token inverted index as a candidate prefilter (rarest tokens first, weighted by
inverse document frequency, with length bounds implied by the threshold), then
score the few best candidates with :func:`rapidfuzz.fuzz.ratio`, a
character-level similarity (like msgmerge's), so it works for every script.
Tokens are words for scripts written with spaces and character bigrams for
scripts written without them (Thai, Lao, Khmer, Burmese, Chinese, Japanese) and
for Korean, whose particles glue onto words.
"""
from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from workflow.errors import MemoryStoreError, WorkflowError
from workflow.fsutil import atomic_write, locked, safe_join
from workflow.locales import LOCALES, get_locale
from workflow.translation.tmx import TmxUnit, iter_tmx, read_tmx, write_tmx
from workflow.workspace import Workspace

DB_NAME = "memory.sqlite"
SCHEMA_VERSION = "2"
#: A candidate must share at least this share of the query's tokens to be sure to be found.
MIN_SHARE = 0.4
#: How many prefiltered candidates are scored exactly per lookup.
CANDIDATES = 200
#: Stop adding (ever more common) probe tokens once this many postings are gathered.
BUDGET = 20_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, origin TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, sha TEXT NOT NULL, problem TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS entries(
    id INTEGER PRIMARY KEY AUTOINCREMENT, pair TEXT NOT NULL, source TEXT NOT NULL, length INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_key ON entries(pair, source);
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, file_id INTEGER NOT NULL, target TEXT NOT NULL,
    context TEXT NOT NULL, detail TEXT NOT NULL, changed TEXT NOT NULL, changed_by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_entry ON units(entry_id);
CREATE INDEX IF NOT EXISTS units_file ON units(file_id);
CREATE TABLE IF NOT EXISTS vocab(
    tid INTEGER PRIMARY KEY, pair TEXT NOT NULL, token TEXT NOT NULL, df INTEGER NOT NULL, UNIQUE(pair, token));
-- One row per token: the sorted entry ids holding it, packed as little-endian int32.
CREATE TABLE IF NOT EXISTS postings(tid INTEGER PRIMARY KEY, eids BLOB NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS incoming(
    pair TEXT, source TEXT, target TEXT, context TEXT, detail TEXT, changed TEXT, changed_by TEXT);
"""
_IDS = np.dtype("<i4")
#: Secondary indexes: dropped while the index is built from empty, created once after the bulk load.
_INDEXES = {
    "entries_key": "CREATE UNIQUE INDEX IF NOT EXISTS entries_key ON entries(pair, source)",
    "units_entry": "CREATE INDEX IF NOT EXISTS units_entry ON units(entry_id)",
    "units_file": "CREATE INDEX IF NOT EXISTS units_file ON units(file_id)",
}

# ---------------------------------------------------------------------------
# Tokens: words, or character bigrams for scripts without (useful) spaces
# ---------------------------------------------------------------------------

_DENSE = (
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"      # Hangul
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Kana, Han
    "\u0e00-\u0e7f\u0e80-\u0eff"                    # Thai, Lao
    "\u1780-\u17ff\u19e0-\u19ff"                    # Khmer
    "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"       # Myanmar
)
_TOKEN_RE = re.compile(f"([{_DENSE}]+)|([^\\W_{_DENSE}]+)")
_DENSE_RE = re.compile(f"[{_DENSE}]")
_WORD_RE = re.compile(r"[^\W_]+")
_SEP = "\x00"   # not a word character: joins texts for one tokenizing pass
_WORD_OR_SEP_RE = re.compile(r"\x00|[^\W_]+")
# ASCII letters and digits are the ASCII word characters tokenize() keeps ("_" is not one):
# everything else becomes a space, except the separator.
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c == 0 else 32 for c in range(256))


def tokenize(text: str) -> set[str]:
    """Index tokens of a source text: lower-case words, or bigrams inside runs of dense scripts."""
    if not _DENSE_RE.search(text):
        return set(_WORD_RE.findall(text.lower()))
    tokens: set[str] = set()
    for dense, word in _TOKEN_RE.findall(text):
        if word:
            tokens.add(word.lower())
        elif len(dense) == 1:
            tokens.add(dense)
        else:
            tokens.update(dense[i:i + 2] for i in range(len(dense) - 1))
    return tokens


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for integers: sort + mask (numpy 2's hash-based unique is many times slower here)."""
    values = np.sort(values)
    if len(values) > 1:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def invert(texts: list[str]) -> dict[str, np.ndarray]:
    """token -> ascending positions of the ``texts`` holding it (the same tokens as :func:`tokenize`).

    The cold path indexes hundreds of thousands of texts, so texts without dense scripts
    are tokenized in one pass over all of them (a byte translation and split for ASCII
    texts, one regex pass for the others) and inverted with numpy, instead of one Python
    step per token. Texts with dense scripts (bigrams) are tokenized one by one.
    """
    ascii_rows: list[int] = []
    plain_rows: list[int] = []
    lists: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if _SEP in text:
            pass  # cannot be joined with the separator: one by one, below
        elif text.isascii():
            ascii_rows.append(i)
            continue
        elif not _DENSE_RE.search(text):
            plain_rows.append(i)
            continue
        for token in tokenize(text):
            lists.setdefault(token, []).append(i)
    parts = [{token: np.asarray(rows, dtype=np.int64) for token, rows in lists.items()}]
    if ascii_rows:
        joined = f" {_SEP} ".join([texts[i] for i in ascii_rows]).encode("ascii").lower()
        words = joined.translate(_ASCII_WORDS).split()
        parts.append(_invert_words(words, _SEP.encode("ascii"), ascii_rows, bytes.decode))
    if plain_rows:
        words = _WORD_OR_SEP_RE.findall(_SEP.join([texts[i].lower() for i in plain_rows]))
        parts.append(_invert_words(words, _SEP, plain_rows, str))
    postings = parts[0]
    for part in parts[1:]:
        for token, rows in part.items():
            postings[token] = _sorted_unique(np.concatenate((postings[token], rows))) if token in postings else rows
    return postings


def _invert_words(words: list, sep: Any, rows: list[int], as_str: Callable[[Any], str]) -> dict[str, np.ndarray]:
    """Invert ``words`` (the tokens of ``rows``' texts, ``sep`` between texts) with C loops only."""
    codes_of = dict.fromkeys(words)            # every distinct word, first-seen order
    codes_of = dict(zip(codes_of, range(len(codes_of))))
    codes = np.fromiter(map(codes_of.__getitem__, words), dtype=np.int64, count=len(words))
    is_sep = codes == codes_of.get(sep, -1)
    text_of = np.cumsum(is_sep)[~is_sep]       # which text each word is from
    codes = codes[~is_sep]
    if len(codes_of) <= 1 << 16:
        # A stable radix sort by token keeps each token's texts in order (they were read in order).
        order = np.argsort(codes.astype(np.uint16), kind="stable")
        token_codes, text_of = codes[order], text_of[order]
        first = np.concatenate(([True], (token_codes[1:] != token_codes[:-1]) | (text_of[1:] != text_of[:-1])))
        token_codes, text_of = token_codes[first], text_of[first]   # one per (token, text)
    else:
        keys = _sorted_unique(codes * len(rows) + text_of)   # one per (token, text): by token, then text
        token_codes, text_of = np.divmod(keys, len(rows))
    positions = np.asarray(rows, dtype=np.int64)[text_of]
    cuts = np.flatnonzero(np.diff(token_codes)) + 1
    tokens = list(codes_of)
    return {as_str(tokens[int(token_codes[start])]): part
            for start, part in zip(np.concatenate(([0], cuts)), np.split(positions, cuts)) if len(part)}


def length_bounds(length: int, threshold: float) -> tuple[int, float]:
    """Candidate lengths that can reach ``threshold`` with fuzz.ratio (2·LCS / total length)."""
    if threshold <= 0:
        return 0, math.inf
    ratio = min(threshold, 100) / (200 - min(threshold, 100))
    return math.ceil(length * ratio - 1e-9), length / ratio + 1e-9


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass
class Match:
    """A memory suggestion for a source text."""

    source: str           # the memory's source text
    target: str           # its translation
    score: int            # 100 = exact; fuzzy matches are capped at 99
    locale: str
    origin: str           # release slug (catalogs) or TMX file name
    path: str             # workspace-relative file it came from
    kind: str = "fuzzy"   # "exact" or "fuzzy"
    context: str = ""
    changed: str = ""     # approval / change time, when known
    detail: str = ""      # e.g. the release a TMX pair originally came from

    @property
    def exact(self) -> bool:
        return self.kind == "exact"


@dataclass
class RefreshStats:
    files_read: int = 0
    files_dropped: int = 0
    files_unchanged: int = 0
    units: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.files_read or self.files_dropped)


@dataclass
class _Source:
    """A file the memory is built from."""

    path: Path
    key: str      # workspace-relative path
    kind: str     # "po" or "tmx"
    origin: str   # release slug or TMX file name
    locale: str   # PO: target locale


class _PairIndex:
    """In-process view of one ``source>target`` pair's index (vocabulary, lengths, postings)."""

    def __init__(self, db: sqlite3.Connection, pair: str):
        self.db = db
        self.vocab: dict[str, tuple[int, int]] = {
            token: (tid, df) for tid, token, df in db.execute("SELECT tid, token, df FROM vocab WHERE pair=?", (pair,))
        }
        rows = db.execute("SELECT id, length FROM entries WHERE pair=?", (pair,)).fetchall()
        self.count = len(rows)
        self.lengths = np.zeros((max((r[0] for r in rows), default=0) + 1,), dtype=np.int64)
        if rows:
            ids, lengths = np.array(rows, dtype=np.int64).T
            self.lengths[ids] = lengths
        self._postings: dict[int, np.ndarray] = {}

    def postings(self, tid: int) -> np.ndarray:
        arr = self._postings.get(tid)
        if arr is None:
            row = self.db.execute("SELECT eids FROM postings WHERE tid=?", (tid,)).fetchone()
            arr = np.frombuffer(row[0], dtype=_IDS) if row else np.zeros(0, dtype=_IDS)
            self._postings[tid] = arr
        return arr


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


def memory_dir(ws: Workspace) -> Path:
    """The committed folder of imported TMX files (``[memory] folder``)."""
    return safe_join(ws.root, *Path(ws.config["memory"].get("folder", "memory")).parts)


def _pair(source: str, target: str) -> str:
    return f"{source}>{target}"


class TranslationMemory:
    """The workspace's translation memory. Use :meth:`open`; safe to share between threads."""

    def __init__(self, ws: Workspace, db_path: Path):
        self.ws = ws
        self.db_path = db_path
        self._lock = threading.RLock()
        self._indexes: dict[str, _PairIndex] = {}
        self._generation = ""
        self.last_refresh = RefreshStats()
        self.db = self._connect()

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, ws: Workspace, *, refresh: bool = True) -> TranslationMemory:
        """Open (creating or rebuilding as needed) and, by default, refresh the memory."""
        tm = cls(ws, ws.state_dir / DB_NAME)
        if refresh:
            tm.refresh()
        return tm

    def _connect(self) -> sqlite3.Connection:
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.db_path, check_same_thread=False, timeout=60, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a refresh; rollback stays possible
                # A rebuildable cache: no fsync (a crash of the machine can at worst damage it, and a damaged
                # cache is deleted and rebuilt), and enough page cache to build the text index in memory.
                db.execute("PRAGMA synchronous=OFF")
                db.execute("PRAGMA cache_size=-65536")
                db.execute("PRAGMA temp_store=MEMORY")
                db.executescript(_SCHEMA)
                row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta(key, value) VALUES('schema', ?)", (SCHEMA_VERSION,))
                elif row[0] != SCHEMA_VERSION:
                    raise sqlite3.DatabaseError("old schema")
                return db
            except sqlite3.DatabaseError:
                # A cache from another version, or damaged: it holds nothing that cannot be rebuilt.
                with contextlib.suppress(Exception):
                    db.close()
                if attempt:
                    raise
                self._delete_files()
        raise AssertionError("unreachable")

    def _delete_files(self) -> None:
        with locked(self.db_path):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.db_path}{suffix}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- refreshing --------------------------------------------------------
    def sources(self) -> list[_Source]:
        """Catalogs of every locale folder plus the imported TMX files."""
        ws = self.ws
        found: list[_Source] = []
        if ws.locales_dir.is_dir():
            for folder in sorted(ws.locales_dir.iterdir()):
                if folder.name not in LOCALES or folder.name == ws.source_language:
                    continue
                for po in sorted((folder / "LC_MESSAGES").glob("*.po")):
                    found.append(_Source(po, ws.relpath(po), "po", po.stem, folder.name))
        tmx_dir = memory_dir(ws)
        if tmx_dir.is_dir():
            for tmx in sorted(tmx_dir.glob("*.tmx")):
                found.append(_Source(tmx, ws.relpath(tmx), "tmx", tmx.name, ""))
        return found

    def refresh(self) -> RefreshStats:
        """Bring the index up to date with the files: only changed files are re-read."""
        stats = RefreshStats()
        with self._lock, locked(self.db_path):
            known = {path: (fid, mtime, size, sha) for fid, path, mtime, size, sha in
                     self.db.execute("SELECT id, path, mtime_ns, size, sha FROM files")}
            current = self.sources()
            todo: list[tuple[_Source, os.stat_result, int | None]] = []
            for src in current:
                try:
                    st = src.path.stat()
                except FileNotFoundError:
                    continue
                old = known.get(src.key)
                if old and (old[1], old[2]) == (st.st_mtime_ns, st.st_size):
                    stats.files_unchanged += 1
                    continue
                todo.append((src, st, old[0] if old else None))
            gone = set(known) - {s.key for s in current}
            if not todo and not gone:
                stats.problems = self._problems()
                self.last_refresh = stats
                return stats
            self.db.execute("BEGIN IMMEDIATE")
            try:
                writer = _Writer(self.db)
                for key in sorted(gone):
                    writer.drop_file(known[key][0])
                    stats.files_dropped += 1
                for src, st, old_id in todo:
                    try:
                        data = src.path.read_bytes()
                    except FileNotFoundError:
                        continue  # removed while we looked; the next refresh drops it
                    sha = hashlib.sha256(data).hexdigest()
                    if old_id is not None and known[src.key][3] == sha:
                        # Touched but not changed (git checkout, a save without edits).
                        self.db.execute("UPDATE files SET mtime_ns=?, size=? WHERE id=?", (st.st_mtime_ns, st.st_size, old_id))
                        stats.files_unchanged += 1
                        continue
                    if old_id is not None:
                        writer.drop_file(old_id)
                    problem = ""
                    try:
                        pairs = list(self._read(src, data))
                    except WorkflowError as exc:
                        # One broken file must not take the memory down: it adds nothing, is
                        # reported on every refresh, and is re-read as soon as it changes.
                        problem, pairs = str(exc), []
                    file_id = self.db.execute(
                        "INSERT INTO files(path, kind, origin, mtime_ns, size, sha, problem) VALUES(?,?,?,?,?,?,?) "
                        "ON CONFLICT(path) DO UPDATE SET kind=excluded.kind, origin=excluded.origin, "
                        "mtime_ns=excluded.mtime_ns, size=excluded.size, sha=excluded.sha, "
                        "problem=excluded.problem RETURNING id",
                        (src.key, src.kind, src.origin, st.st_mtime_ns, st.st_size, sha, problem),
                    ).fetchone()[0]
                    writer.add_units(file_id, pairs)
                    stats.files_read += 1
                    stats.units += len(pairs)
                for key in gone:
                    self.db.execute("DELETE FROM files WHERE path=?", (key,))
                writer.flush()
                # Other connections (processes) drop their in-memory views when this changes.
                self.db.execute("INSERT INTO meta(key, value) VALUES('generation', '1') "
                                "ON CONFLICT(key) DO UPDATE SET value=CAST(value AS INTEGER) + 1")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self._indexes.clear()
            stats.problems = self._problems()
            self.last_refresh = stats
        return stats

    def _problems(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT problem FROM files WHERE problem != '' ORDER BY path")]

    def _read(self, src: _Source, data: bytes) -> Iterator[TmxUnit]:
        if src.kind == "tmx":
            yield from iter_tmx(src.path, data)
            return
        yield from approved_units(src.path, data, self.ws.source_language, src.locale)

    def rebuild(self) -> RefreshStats:
        """Forget the index and build it again from the files."""
        with self._lock:
            self.db.close()
            self._delete_files()
            self._indexes.clear()
            self.db = self._connect()
            return self.refresh()

    # -- lookups -----------------------------------------------------------
    def _index(self, pair: str) -> _PairIndex:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        if (row[0] if row else "") != self._generation:
            self._indexes.clear()   # another connection changed the index since we loaded our views
            self._generation = row[0] if row else ""
        index = self._indexes.get(pair)
        if index is None:
            index = self._indexes[pair] = _PairIndex(self.db, pair)
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
        pair = _pair(source_lang, locale)
        texts = list(texts)
        out = []
        with self._lock:
            index = self._index(pair)
            sources = None
            if len(texts) * CANDIDATES >= index.count > 0:
                # A big batch reads (nearly) every source anyway: one scan beats a query per text.
                sources = np.full(len(index.lengths), None, dtype=object)   # source text by entry id
                for eid, source in self.db.execute("SELECT id, source FROM entries WHERE pair=?", (pair,)):
                    if eid < len(sources):
                        sources[eid] = source
            for text in texts:
                scored = self._candidates(index, pair, text, threshold, limit, sources)
                out.append(self._matches(scored, locale, limit))
        return out

    def _candidates(self, index: _PairIndex, pair: str, text: str, threshold: float, limit: int,
                    sources: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(entry id, score) of the best entries, exact first."""
        found: list[tuple[int, float]] = []
        row = self.db.execute("SELECT id FROM entries WHERE pair=? AND source=?", (pair, text)).fetchone()
        if row:
            found.append((row[0], 100.0))
            if limit <= 1:
                return found
        tokens = tokenize(text)
        known = sorted((index.vocab[t][1], index.vocab[t][0]) for t in tokens if t in index.vocab)
        if not known or index.count == 0:
            return found
        # Prefix filtering: an entry sharing at least MIN_SHARE of the query's tokens shares
        # one of its rarest (len - ceil(MIN_SHARE·len) + 1) tokens, so only those are probed.
        # Common tokens are skipped once BUDGET postings are gathered: they would add work, not recall.
        probe = max(1, len(tokens) - math.ceil(MIN_SHARE * len(tokens)) + 1)
        chosen: list[tuple[int, int]] = []
        total = 0
        for df, tid in known[:probe]:
            if chosen and total + df > BUDGET:
                break
            chosen.append((df, tid))
            total += df
        arrays = [index.postings(tid) for _, tid in chosen]
        ids = np.concatenate(arrays)
        if not len(ids):
            return found
        # Weighted overlap per entry: sort the ids once and sum each run (np.unique would be slower).
        weights = np.repeat([math.log1p(index.count / df) for df, _ in chosen], [len(a) for a in arrays])
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        starts = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
        cand, acc = ids[starts], np.add.reduceat(weights[order], starts)
        low, high = length_bounds(len(text), threshold)
        lengths = index.lengths[cand]
        keep = (lengths >= low) & (lengths <= high)
        cand, weight = cand[keep], acc[keep]
        if len(cand) > CANDIDATES:
            top = np.argpartition(-weight, CANDIDATES)[:CANDIDATES]
            cand = cand[top]
        if found:
            cand = cand[cand != found[0][0]]    # the exact match is already in
        if not len(cand):
            return found
        cand = np.sort(cand)   # ties keep id order, however the sources were fetched
        ids = cand.tolist()
        if sources is not None:
            choices = sources[cand].tolist()
        else:
            by_id = dict(self.db.execute(f"SELECT id, source FROM entries WHERE id IN ({','.join(map(str, ids))})"))
            choices = [by_id.get(eid) for eid in ids]   # None (gone meanwhile) is skipped by rapidfuzz
        best = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
        found.extend((ids[i], score) for _, score, i in best)
        return found

    def _matches(self, scored: list[tuple[int, float]], locale: str, limit: int) -> list[Match]:
        matches: list[Match] = []
        for eid, score in scored:
            rows = self.db.execute(
                # CROSS JOIN fixes the join order: start from the entry's few units, never scan a file's.
                "SELECT e.source, u.target, u.context, u.detail, u.changed, f.origin, f.path "
                "FROM units u CROSS JOIN entries e CROSS JOIN files f "
                "WHERE u.entry_id=? AND e.id=u.entry_id AND f.id=u.file_id ORDER BY u.changed DESC, f.path",
                (eid,)).fetchall()
            seen: set[str] = set()
            exact = score >= 100
            for source, target, context, detail, changed, origin, path in rows:
                if target in seen:
                    continue  # the same translation elsewhere: keep the most recent origin
                seen.add(target)
                shown = 100 if exact else min(99, int(score))
                matches.append(Match(source, target, shown, locale, origin, path, "exact" if exact else "fuzzy",
                                     context, changed, detail))
        matches.sort(key=lambda m: (-m.score, -_epoch(m.changed) if m.changed else 0.0))
        return matches[:limit]

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


def _epoch(stamp: str) -> float:
    import datetime as _dt

    try:
        return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


class _Writer:
    """Index maintenance inside one transaction: entries, units, vocabulary and postings.

    Entry ids are assigned here (never reused, like AUTOINCREMENT), rows go in with
    ``executemany``, and posting changes are collected per token and applied in
    :meth:`flush`, so each token's packed id list is rewritten once per refresh, however
    many files changed. Building from an empty index (the cold path) skips every
    lookup of existing rows.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.fresh = db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM vocab)").fetchone()[0] == 1
        seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name='entries'").fetchone()
        top = db.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0]
        self.next_id = max(top, seq[0] if seq else 0) + 1
        if self.fresh:
            for name in _INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
        self.created: dict[str, dict[str, int]] = {}    # pair -> source -> id, entries made by this writer
        self.pending: dict[str, tuple[list[int], list[str]]] = {}  # pair -> new entry ids, their sources
        self.removes: dict[int, list[int]] = {}          # tid -> dropped entry ids

    def _existing_ids(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Ids of the entries already in the index among ``keys``."""
        if self.fresh or not keys:
            return {}
        self.db.executemany("INSERT INTO temp.incoming(pair, source) VALUES(?,?)", keys)
        found = {(pair, source): eid for pair, source, eid in self.db.execute(
            "SELECT i.pair, i.source, e.id FROM temp.incoming i JOIN entries e ON e.pair=i.pair AND e.source=i.source")}
        self.db.execute("DELETE FROM temp.incoming")
        return found

    def add_units(self, file_id: int, pairs: list[TmxUnit]) -> None:
        if not pairs:
            return
        ids: list[int] = []
        missing: list[tuple[str, str]] = []
        for unit in pairs:
            pair = _pair(unit.srclang, unit.tgtlang)
            made = self.created.get(pair)
            if made is None:
                made = self.created[pair] = {}
            eid = made.get(unit.source)
            if eid is None:
                eid = made[unit.source] = -len(missing) - 1   # placeholder until resolved below
                missing.append((pair, unit.source))
            ids.append(eid)
        existing = self._existing_ids(missing)
        new_rows = []
        resolved: list[int] = []
        for pair, source in missing:
            eid = existing.get((pair, source))
            if eid is None:
                eid = self.next_id
                self.next_id += 1
                new_rows.append((eid, pair, source, len(source)))
            self.created[pair][source] = eid
            resolved.append(eid)
        ids = [resolved[-eid - 1] if eid < 0 else eid for eid in ids]
        self.db.executemany("INSERT INTO entries(id, pair, source, length) VALUES(?,?,?,?)", new_rows)
        self.db.executemany(
            "INSERT INTO units(entry_id, file_id, target, context, detail, changed, changed_by) VALUES(?,?,?,?,?,?,?)",
            [(eid, file_id, u.target, u.context, u.origin, u.changed, u.changed_by) for eid, u in zip(ids, pairs)])
        for eid, pair, source, _ in new_rows:
            pending = self.pending.get(pair)
            if pending is None:
                pending = self.pending[pair] = ([], [])
            pending[0].append(eid)
            pending[1].append(source)

    def drop_file(self, file_id: int) -> None:
        eids = [r[0] for r in self.db.execute("SELECT DISTINCT entry_id FROM units WHERE file_id=?", (file_id,))]
        self.db.execute("DELETE FROM units WHERE file_id=?", (file_id,))
        orphans = []
        for start in range(0, len(eids), 500):
            chunk = ",".join(map(str, eids[start:start + 500]))
            orphans.extend(self.db.execute(
                f"SELECT id, pair, source FROM entries WHERE id IN ({chunk}) "
                "AND NOT EXISTS (SELECT 1 FROM units WHERE entry_id=entries.id)").fetchall())
        if not orphans:
            return
        vocab: dict[str, dict[str, int]] = {}
        for eid, pair, source in orphans:
            if pair not in vocab:
                vocab[pair] = dict(self.db.execute("SELECT token, tid FROM vocab WHERE pair=?", (pair,)))
            self.created.get(pair, {}).pop(source, None)
            for token in tokenize(source):
                tid = vocab[pair].get(token)
                if tid is not None:
                    self.removes.setdefault(tid, []).append(eid)
        self.db.executemany("DELETE FROM entries WHERE id=?", [(eid,) for eid, _, _ in orphans])

    def flush(self) -> None:
        """Write the packed postings (and document frequencies) of every touched token."""
        touched: dict[int, np.ndarray] = {}    # tid -> new entry ids
        new_vocab: list[tuple[int, str, str, int]] = []
        next_tid = self.db.execute("SELECT COALESCE(MAX(tid), 0) FROM vocab").fetchone()[0] + 1
        for pair, (eids, sources) in self.pending.items():
            vocab = {} if self.fresh else dict(self.db.execute("SELECT token, tid FROM vocab WHERE pair=?", (pair,)))
            new_ids = np.asarray(eids, dtype=_IDS)
            for token, rows in invert(sources).items():
                tid = vocab.get(token)
                if tid is None:
                    tid, next_tid = next_tid, next_tid + 1
                    new_vocab.append((tid, pair, token, len(rows)))
                touched[tid] = new_ids[rows]   # ascending: ids are handed out in order
        known = {tid for tid, *_ in new_vocab}
        # Existing tokens: merge with what is stored (only those whose postings change are read).
        changed = sorted((set(touched) - known) | set(self.removes))
        stored: dict[int, np.ndarray] = {}
        for start in range(0, len(changed), 500):
            chunk = ",".join(map(str, changed[start:start + 500]))
            for tid, blob in self.db.execute(f"SELECT tid, eids FROM postings WHERE tid IN ({chunk})"):
                stored[tid] = np.frombuffer(blob, dtype=_IDS)
        writes: list[tuple[int, bytes]] = []
        dfs: list[tuple[int, int]] = []
        gone: list[tuple[int]] = []
        for tid in changed:
            ids = stored.get(tid, np.zeros(0, dtype=_IDS))
            if tid in self.removes:
                ids = ids[~np.isin(ids, np.asarray(self.removes[tid], dtype=_IDS))]
            if tid in touched:
                ids = _sorted_unique(np.concatenate((ids, touched[tid]))).astype(_IDS)
            if len(ids):
                writes.append((tid, ids.tobytes()))
                dfs.append((len(ids), tid))
            else:
                gone.append((tid,))
        writes.extend((tid, touched[tid].tobytes()) for tid, *_ in new_vocab)
        self.db.executemany("INSERT INTO vocab(tid, pair, token, df) VALUES(?,?,?,?)", new_vocab)
        self.db.executemany("UPDATE vocab SET df=? WHERE tid=?", dfs)
        self.db.executemany("INSERT OR REPLACE INTO postings(tid, eids) VALUES(?,?)", writes)
        self.db.executemany("DELETE FROM postings WHERE tid=?", gone)
        self.db.executemany("DELETE FROM vocab WHERE tid=?", gone)
        if self.fresh:
            for ddl in _INDEXES.values():
                self.db.execute(ddl)
            self.fresh = False
        self.pending, self.removes = {}, {}


# ---------------------------------------------------------------------------
# Reading catalogs
# ---------------------------------------------------------------------------


def approved_units(path: Path, data: bytes, source_lang: str, locale: str) -> Iterator[TmxUnit]:
    """The approved, singular units of one PO file as translation pairs."""
    from workflow.catalogs import parse_catalog
    from workflow.review.units import State, get_stamp, state_of

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MemoryStoreError("not valid UTF-8", path, data[:exc.start].count(b"\n") + 1) from None
    catalog = parse_catalog(text, path)
    for entry in catalog:
        if entry.msgid_plural or not entry.msgid or state_of(entry) is not State.APPROVED:
            continue
        stamp = get_stamp(entry, "approved") or {}
        yield TmxUnit(source_lang, locale, entry.msgid, entry.msgstr, context=entry.msgctxt or "",
                      changed=stamp.get("at", ""), changed_by=stamp.get("by", ""))


# ---------------------------------------------------------------------------
# Workspace-level operations (what the CLI, the engine and the web app call)
# ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    path: Path        # where the TMX was kept, inside the workspace
    units: int
    replaced: bool


def import_tmx(ws: Workspace, tmx: str | Path, *, replace: bool = False) -> ImportResult:
    """Validate a TMX file and keep a copy in the workspace's ``memory/`` folder (committed)."""
    tmx = Path(tmx)
    try:
        data = tmx.read_bytes()
    except OSError as exc:
        raise MemoryStoreError(f"cannot read: {exc.strerror or exc}", tmx) from None
    units = read_tmx(tmx, data)  # raises path:line on malformed input; nothing is copied then
    name = f"{tmx.stem}.tmx" if tmx.suffix.lower() == ".tmx" else f"{tmx.name}.tmx"
    dest = safe_join(memory_dir(ws), name)
    replaced = False
    with locked(dest):  # the lock covers the check and the write
        if dest.exists():
            if dest.read_bytes() == data:
                return ImportResult(dest, len(units), False)
            if not replace:
                raise MemoryStoreError(
                    f"a different {name} was already imported ({ws.relpath(dest)}); "
                    "use --replace to replace it, or rename the file", tmx)
            replaced = True
        atomic_write(dest, data, lock=False)
    with TranslationMemory.open(ws):
        pass  # index it now, so the next lookup is fast
    return ImportResult(dest, len(units), replaced)


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


def search(ws: Workspace, text: str, locale: str, *, threshold: float | None = None, limit: int = 10) -> SearchResult:
    """Memory matches for ``text`` into ``locale``, best first (the ``memory search`` command)."""
    get_locale(locale)
    with TranslationMemory.open(ws) as tm:
        return SearchResult(tm.lookup(text, locale, threshold=threshold, limit=limit), tm.last_refresh.problems)


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


def queue_matcher(ws: Workspace, limit: int = 3) -> Callable[[Any], list[Match]]:
    """A ``matcher`` for :func:`workflow.review.actions.review_queue`: best matches beside each unit."""
    return lambda item: best_matches(ws, item.msgid, item.locale, limit=limit)


def best_matches(ws: Workspace, text: str, locale: str, limit: int = 3) -> list[Match]:
    """The best memory matches for one unit, for the review queue beside each unit.

    Cheap to call per unit: the memory stays open in the process and the files are
    re-checked at most every :data:`REFRESH_INTERVAL` seconds.
    """
    return shared_memory(ws).lookup(text, locale, limit=limit)
