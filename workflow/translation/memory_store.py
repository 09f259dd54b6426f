"""The translation memory's SQLite index: schema, the files it is built from, and incremental refresh.

The index (``.pressflow/memory.sqlite``) is only a cache: it is refreshed transparently
and incrementally before use (a file is re-read only when its mtime or size changed
*and* its content hash differs), and deleting it loses nothing. Building it from empty
is a bulk load: ids assigned in Python, ``executemany`` in one transaction, tokens of
all texts inverted with numpy, secondary indexes created after the load. Beside the
token postings it keeps each entry's length and character histogram (the upper bound of
the score that :mod:`workflow.translation.memory_match` prunes with), in slices.

It holds every **approved** unit of every catalog under
``locales/<locale>/LC_MESSAGES/*.po`` and every pair of the TMX files imported into the
workspace's ``memory/`` folder, keyed by source text per ``source>target`` pair.
"""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workflow.catalogs import parse_catalog
from workflow.errors import LocaleError, MemoryStoreError, WorkflowError
from workflow.fsutil import locked, safe_join
from workflow.locales import LOCALES, header_language
from workflow.review.units import State, get_stamp, state_of
from workflow.translation.memory_tokens import (
    HIST_BUCKETS,
    _sorted_unique,
    char_histograms,
    invert,
    tokenize,
)
from workflow.translation.tmx import TmxUnit, iter_tmx
from workflow.workspace import Workspace

DB_NAME = "memory.sqlite"
SCHEMA_VERSION = "5"   # 4: TMX native codes (<bpt>, <ph>, ...) are no longer kept as text;
                       # 5: X-Source-Language read as a locale code (C: the source language)

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
-- Lengths and character histograms of entries, in slices: entry ids and lengths (int32) and HIST_BUCKETS
-- counts each (uint8). Dropped entries stay until the pair's slices are compacted (no posting leads to them).
CREATE TABLE IF NOT EXISTS shapes(
    id INTEGER PRIMARY KEY, pair TEXT NOT NULL, eids BLOB NOT NULL, lengths BLOB NOT NULL, hists BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS shapes_pair ON shapes(pair);
CREATE TEMP TABLE IF NOT EXISTS incoming(
    pair TEXT, source TEXT, target TEXT, context TEXT, detail TEXT, changed TEXT, changed_by TEXT);
"""
#: Entry ids in the index's blobs (postings, histogram slices).
IDS = np.dtype("<i4")
_INVERT_SLICE = 20_000     # texts inverted at once when the index is built
_ADD_BATCH = 20_000        # pairs read from a file and added at once
_SHAPE_SLICES = 64         # a pair's histogram slices beyond which they are merged (dropped entries left out)
#: Secondary indexes: dropped while the index is built from empty, created once after the bulk load.
_INDEXES = {
    "entries_key": "CREATE UNIQUE INDEX IF NOT EXISTS entries_key ON entries(pair, source)",
    "units_entry": "CREATE INDEX IF NOT EXISTS units_entry ON units(entry_id)",
    "units_file": "CREATE INDEX IF NOT EXISTS units_file ON units(file_id)",
}

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
class MemorySource:
    """A file the memory is built from."""

    path: Path
    key: str      # workspace-relative path
    kind: str     # "po" or "tmx"
    origin: str   # release slug or TMX file name
    locale: str   # PO: target locale

# ---------------------------------------------------------------------------
# The store


def memory_dir(ws: Workspace) -> Path:
    """The committed folder of imported TMX files (``[memory] folder``)."""
    return safe_join(ws.root, *Path(ws.config["memory"].get("folder", "memory")).parts)


def pair_key(source: str, target: str) -> str:
    """The index key of a language pair: ``"en>th"``."""
    return f"{source}>{target}"


def connect(db_path: Path) -> sqlite3.Connection:
    """Open the index at ``db_path``, creating it, or deleting and recreating one from another version or damaged."""
    for attempt in range(2):
        try:
            db = sqlite3.connect(db_path, check_same_thread=False, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a refresh; rollback stays possible
            # A rebuildable cache: no fsync (a crash of the machine can at worst damage it, and a damaged
            # cache is deleted and rebuilt), and enough page cache to build the text index in memory.
            # Sorts that outgrow the cache (the key of a million entries, built after a bulk load) go to
            # temporary files: in memory they would take ~150 MB more.
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA cache_size=-65536")
            db.execute("PRAGMA temp_store=FILE")
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
            delete_index(db_path)
    raise AssertionError("unreachable")


def delete_index(db_path: Path) -> None:
    """Delete the index files (the database and its WAL and shared-memory files)."""
    with locked(db_path):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{db_path}{suffix}")


def memory_sources(ws: Workspace) -> list[MemorySource]:
    """Catalogs of every locale folder plus the imported TMX files.

    Every folder counts, the default source language's too: in a newsroom with
    releases in several languages, ``en/`` holds the English versions of Korean
    originals (see :func:`catalog_source` for each catalog's source language).
    """
    found: list[MemorySource] = []
    if ws.locales_dir.is_dir():
        for folder in sorted(ws.locales_dir.iterdir()):
            if folder.name not in LOCALES:
                continue
            for po in sorted((folder / "LC_MESSAGES").glob("*.po")):
                found.append(MemorySource(po, ws.relpath(po), "po", po.stem, folder.name))
    tmx_dir = memory_dir(ws)
    if tmx_dir.is_dir():
        for tmx in sorted(tmx_dir.glob("*.tmx")):
            found.append(MemorySource(tmx, ws.relpath(tmx), "tmx", tmx.name, ""))
    return found


def refresh_index(db: sqlite3.Connection, db_path: Path, ws: Workspace) -> tuple[RefreshStats, bool]:
    """Bring the index up to date with the workspace's files: only changed files are re-read.

    Returns the counts and whether the index was written to (then in-memory views are stale).
    """
    stats = RefreshStats()
    with locked(db_path):
        known = {path: (fid, mtime, size, sha) for fid, path, mtime, size, sha in
                 db.execute("SELECT id, path, mtime_ns, size, sha FROM files")}
        current = memory_sources(ws)
        source_of = _release_languages(ws)
        todo: list[tuple[MemorySource, os.stat_result, int | None]] = []
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
            stats.problems = problems(db)
            return stats, False
        db.execute("BEGIN IMMEDIATE")
        try:
            writer = _Writer(db)
            for key in sorted(gone):
                writer.drop_file(known[key][0])
                stats.files_dropped += 1
            for src, st, old_id in todo:
                try:
                    sha, data = _digest(src)
                except FileNotFoundError:
                    continue  # removed while we looked; the next refresh drops it
                if old_id is not None and known[src.key][3] == sha:
                    # Touched but not changed (git checkout, a save without edits).
                    db.execute("UPDATE files SET mtime_ns=?, size=? WHERE id=?", (st.st_mtime_ns, st.st_size, old_id))
                    stats.files_unchanged += 1
                    continue
                if old_id is not None:
                    writer.drop_file(old_id)

                def file_row(problem: str) -> int:
                    return int(db.execute(
                        "INSERT INTO files(path, kind, origin, mtime_ns, size, sha, problem) VALUES(?,?,?,?,?,?,?) "
                        "ON CONFLICT(path) DO UPDATE SET kind=excluded.kind, origin=excluded.origin, "
                        "mtime_ns=excluded.mtime_ns, size=excluded.size, sha=excluded.sha, "
                        "problem=excluded.problem RETURNING id",
                        (src.key, src.kind, src.origin, st.st_mtime_ns, st.st_size, sha, problem),
                    ).fetchone()[0])

                # Streamed in batches (a big TMX is never held whole); a problem anywhere in the
                # file undoes what it added: it adds nothing, is reported on every refresh, and
                # is re-read as soon as it changes. One broken file never takes the memory down.
                writer.settle()   # what the savepoint may undo is this file's own
                db.execute("SAVEPOINT file")
                mark = writer.mark()
                file_id, count = file_row(""), 0
                try:
                    for batch in _batches(_read(src, data, source_of), _ADD_BATCH):
                        writer.add_units(file_id, batch)
                        count += len(batch)
                except WorkflowError as exc:
                    db.execute("ROLLBACK TO file")
                    writer.rollback(mark)
                    file_id, count = file_row(str(exc)), 0
                db.execute("RELEASE file")
                stats.files_read += 1
                stats.units += count
            for key in gone:
                db.execute("DELETE FROM files WHERE path=?", (key,))
            writer.flush()
            # Other connections (processes) drop their in-memory views when this changes.
            db.execute("INSERT INTO meta(key, value) VALUES('generation', '1') "
                       "ON CONFLICT(key) DO UPDATE SET value=CAST(value AS INTEGER) + 1")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        stats.problems = problems(db)
    return stats, True


def problems(db: sqlite3.Connection) -> list[str]:
    """The files left out of the index because they could not be read: ``path:line: what is wrong``."""
    return [row[0] for row in db.execute("SELECT problem FROM files WHERE problem != '' ORDER BY path")]


def _release_languages(ws: Workspace) -> Callable[[str], str]:
    """``source_of(slug)``: the language of the release ``slug`` (releases read once, when first
    asked), else the workspace's ``source_language``."""
    langs: dict[str, str] | None = None

    def source_of(slug: str) -> str:
        nonlocal langs
        if langs is None:
            try:
                langs = {r.slug: r.lang for r in ws.releases()}
            except WorkflowError:
                langs = {}  # a broken release file is reported by the commands that read releases
        return langs.get(slug, ws.source_language)

    return source_of


def _digest(src: MemorySource) -> tuple[str, bytes | None]:
    """(SHA-256 of the file, its bytes): a TMX is hashed in chunks and not kept (it is streamed later)."""
    if src.kind != "tmx":
        data = src.path.read_bytes()
        return hashlib.sha256(data).hexdigest(), data
    digest = hashlib.sha256()
    with src.path.open("rb") as handle:
        while chunk := handle.read(1 << 23):
            digest.update(chunk)
    return digest.hexdigest(), None


def _read(src: MemorySource, data: bytes | None, source_of: Callable[[str], str]) -> Iterator[TmxUnit]:
    if src.kind == "tmx":
        yield from iter_tmx(src.path, data)
        return
    assert data is not None
    yield from approved_units(src.path, data, source_of(src.path.stem), src.locale)


def _batches(units: Iterator[TmxUnit], size: int) -> Iterator[list[TmxUnit]]:
    while batch := list(itertools.islice(units, size)):
        yield batch

class _Writer:
    """Index maintenance inside one transaction: entries, units, vocabulary and postings.

    Entry ids are assigned here (never reused, like AUTOINCREMENT), rows go in with
    ``executemany``, and posting changes are collected per token and applied in
    :meth:`flush`, so each token's packed id list is rewritten once per refresh, however
    many files changed. Building from an empty index (the cold path) skips every
    lookup of existing rows.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.fresh = db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM vocab)").fetchone()[0] == 1
        seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name='entries'").fetchone()
        top = db.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0]
        self.next_id = max(top, seq[0] if seq else 0) + 1
        if self.fresh:
            for name in _INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
        # Entries made or met by this writer: pair -> hash of the source -> id (a million sources
        # would take hundreds of MB as keys; a hash found is checked against the entry's source),
        # and the few sources whose hash another source had already.
        self.created: dict[str, dict[int, int]] = {}
        self.collided: dict[tuple[str, str], int] = {}
        self.pending: dict[str, tuple[list[int], list[str]]] = {}  # pair -> new entry ids, their sources
        self.inverted: dict[str, dict[str, list[np.ndarray]]] = {}  # pair -> token -> new ids (pending, inverted)
        self.removes: dict[int, list[int]] = {}          # tid -> dropped entry ids
        self.shaped: set[str] = set()                    # pairs whose character histograms were added to

    def mark(self) -> int:
        """A point to :meth:`rollback` to (with the SQL savepoint taken at the same time)."""
        return self.next_id

    def rollback(self, mark: int) -> None:
        """Forget the entries made since :meth:`mark` (their rows were rolled back by the savepoint)."""
        for made in self.created.values():
            for key in [k for k, eid in made.items() if eid >= mark]:
                del made[key]
        self.collided = {k: eid for k, eid in self.collided.items() if eid < mark}
        for eids, sources in self.pending.values():
            keep = [i for i, eid in enumerate(eids) if eid < mark]
            eids[:], sources[:] = [eids[i] for i in keep], [sources[i] for i in keep]
        for tokens in self.inverted.values():
            for token, arrays in tokens.items():
                tokens[token] = [a[a < mark] for a in arrays]
        self.next_id = mark

    def _known(self, pair: str, source: str) -> int | None:
        """The id of ``source``'s entry if this writer made or met it."""
        eid = self.created.get(pair, {}).get(hash(source))
        if eid is None:
            return None
        row = self.db.execute("SELECT source FROM entries WHERE id=?", (eid,)).fetchone()
        return eid if row is not None and row[0] == source else self.collided.get((pair, source))

    def _remember(self, pair: str, source: str, eid: int) -> None:
        made = self.created.setdefault(pair, {})
        key = hash(source)
        if made.setdefault(key, eid) != eid:
            self.collided[(pair, source)] = eid

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
        here: dict[tuple[str, str], int] = {}     # this batch's sources -> id or placeholder
        for unit in pairs:
            pair = pair_key(unit.srclang, unit.tgtlang)
            key = (pair, unit.source)
            eid = here.get(key)
            if eid is None:
                eid = self._known(pair, unit.source)
                if eid is None:
                    eid = -len(missing) - 1   # placeholder until resolved below
                    missing.append(key)
                here[key] = eid
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
            self._remember(pair, source, eid)
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
        for pair, (eids, _sources) in list(self.pending.items()):
            if len(eids) >= _INVERT_SLICE:
                self._invert(pair)

    def _invert(self, pair: str) -> None:
        """Invert the pending sources of ``pair`` now (the index build holds ids, not texts)."""
        eids, sources = self.pending.pop(pair)
        new_ids = np.asarray(eids, dtype=IDS)
        tokens = self.inverted.setdefault(pair, {})
        for token, rows in invert(sources).items():
            tokens.setdefault(token, []).append(new_ids[rows])
        # Written now (a million entries' histograms take 64 MB): settle() keeps them inside the right savepoint.
        self.db.execute("INSERT INTO shapes(pair, eids, lengths, hists) VALUES(?,?,?,?)",
                        (pair, new_ids.tobytes(), np.fromiter(map(len, sources), dtype=IDS, count=len(sources)).tobytes(),
                         char_histograms(sources).tobytes()))
        self.shaped.add(pair)

    def settle(self) -> None:
        """Invert (and store the histograms of) every pending source now."""
        for pair in list(self.pending):
            self._invert(pair)

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
            made = self.created.get(pair, {})
            if made.get(hash(source)) == eid:
                del made[hash(source)]
            self.collided.pop((pair, source), None)
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
        for pair in list(self.pending):
            self._invert(pair)
        for pair, parts in self.inverted.items():
            vocab = {} if self.fresh else dict(self.db.execute("SELECT token, tid FROM vocab WHERE pair=?", (pair,)))
            for token in list(parts):
                arrays = parts.pop(token)     # freed as they are joined
                ids = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)   # ascending: ids in order
                if not len(ids):
                    continue
                tid = vocab.get(token)
                if tid is None:
                    tid, next_tid = next_tid, next_tid + 1
                    new_vocab.append((tid, pair, token, len(ids)))
                touched[tid] = ids
        known = {tid for tid, *_ in new_vocab}
        # Existing tokens: merge with what is stored (only those whose postings change are read).
        changed = sorted((set(touched) - known) | set(self.removes))
        stored: dict[int, np.ndarray] = {}
        for start in range(0, len(changed), 500):
            chunk = ",".join(map(str, changed[start:start + 500]))
            for tid, blob in self.db.execute(f"SELECT tid, eids FROM postings WHERE tid IN ({chunk})"):
                stored[tid] = np.frombuffer(blob, dtype=IDS)
        self.inverted = {}
        writes: list[tuple[int, bytes]] = []
        dfs: list[tuple[int, int]] = []
        gone: list[tuple[int]] = []
        for tid in changed:
            ids = stored.get(tid, np.zeros(0, dtype=IDS))
            if tid in self.removes:
                ids = ids[~np.isin(ids, np.asarray(self.removes[tid], dtype=IDS))]
            if tid in touched:
                ids = _sorted_unique(np.concatenate((ids, touched[tid]))).astype(IDS)
            if len(ids):
                writes.append((tid, ids.tobytes()))
                dfs.append((len(ids), tid))
            else:
                gone.append((tid,))
        self.db.executemany("INSERT INTO vocab(tid, pair, token, df) VALUES(?,?,?,?)", new_vocab)
        self.db.executemany("UPDATE vocab SET df=? WHERE tid=?", dfs)
        self.db.executemany("INSERT OR REPLACE INTO postings(tid, eids) VALUES(?,?)", writes)
        self.db.executemany("INSERT OR REPLACE INTO postings(tid, eids) VALUES(?,?)",
                            ((tid, touched.pop(tid).tobytes()) for tid, *_ in new_vocab))
        self.db.executemany("DELETE FROM postings WHERE tid=?", gone)
        self.db.executemany("DELETE FROM vocab WHERE tid=?", gone)
        for pair in sorted(self.shaped):
            self._compact_shapes(pair)
        self.shaped = set()
        if self.fresh:
            # The entries made are in the table now, found through its key once it exists: the
            # in-memory map (a million entries take ~100 MB) goes before SQLite sorts for the key.
            self.created, self.collided = {}, {}
            for ddl in _INDEXES.values():   # SQLite sorts the keys in a temporary file (see connect)
                self.db.execute(ddl)
            self.fresh = False
        self.pending, self.removes = {}, {}


    def _compact_shapes(self, pair: str) -> None:
        """Merge ``pair``'s histogram slices (leaving dropped entries out) once there are many."""
        count = self.db.execute("SELECT COUNT(*) FROM shapes WHERE pair=?", (pair,)).fetchone()[0]
        if count <= _SHAPE_SLICES:
            return
        live = np.fromiter((r[0] for r in self.db.execute("SELECT id FROM entries WHERE pair=?", (pair,))),
                           dtype=np.int64)
        kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for eids, lengths, hists in self.db.execute(
                "SELECT eids, lengths, hists FROM shapes WHERE pair=?", (pair,)).fetchall():
            ids = np.frombuffer(eids, dtype=IDS)
            keep = np.isin(ids, live)
            kept.append((ids[keep], np.frombuffer(lengths, dtype=IDS)[keep],
                         np.frombuffer(hists, dtype=np.uint8).reshape(len(ids), HIST_BUCKETS)[keep]))
        self.db.execute("DELETE FROM shapes WHERE pair=?", (pair,))
        ids, lengths, hists = (np.concatenate([k[i] for k in kept]) for i in range(3))
        step = max(_INVERT_SLICE * 4, -(-len(ids) // (_SHAPE_SLICES // 2)))   # well under the limit again
        self.db.executemany("INSERT INTO shapes(pair, eids, lengths, hists) VALUES(?,?,?,?)",
                            [(pair, ids[i:i + step].tobytes(), lengths[i:i + step].tobytes(),
                              hists[i:i + step].tobytes()) for i in range(0, len(ids), step)])


# ---------------------------------------------------------------------------
# Reading catalogs


def approved_units(path: Path, data: bytes, source_lang: str, locale: str) -> Iterator[TmxUnit]:
    """The approved, singular units of one PO file as translation pairs.

    The pairs' source language is the catalog's ``X-Source-Language`` header (any spelling,
    stored canonical; :func:`~workflow.locales.header_language`), else ``source_lang`` (also for
    ``C`` / ``POSIX``); a catalog in its own source language gives none. MemoryStoreError for a
    header naming no known language.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MemoryStoreError("not valid UTF-8", path, data[:exc.start].count(b"\n") + 1) from None
    catalog = parse_catalog(text, path)
    header = catalog.metadata.get("X-Source-Language") or ""
    try:
        source_lang = header_language(header) or source_lang
    except LocaleError:
        at = text.find('"X-Source-Language:')
        raise MemoryStoreError(f"X-Source-Language: {header.strip()!r} is not a known language", path,
                               text.count("\n", 0, at) + 1 if at >= 0 else None) from None
    if source_lang == locale:
        return
    for entry in catalog:
        if entry.msgid_plural or not entry.msgid or state_of(entry) is not State.APPROVED:
            continue
        stamp = get_stamp(entry, "approved") or {}
        yield TmxUnit(source_lang, locale, entry.msgid, entry.msgstr, context=entry.msgctxt or "",
                      changed=stamp.get("at", ""), changed_by=stamp.get("by", ""))


# ---------------------------------------------------------------------------
