"""The review queue as an SQL table of the status index: one row per unit awaiting work.

The index (:mod:`workflow.review.index`) writes these rows whenever it stores a
catalog's summary, so a queue of 65,000 units can be paged, filtered and counted
with SQL instead of decoding every catalog's summary. Like the rest of the index
it is a cache: the rows are replaced with the file's summary and dropped with it.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from workflow.locales import LOCALES

if TYPE_CHECKING:
    from workflow.review.index import Target

QUEUE_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue (
    path TEXT, seq INTEGER, release TEXT, date TEXT, locale TEXT, lorder INTEGER,
    state INTEGER, qa INTEGER, since TEXT, PRIMARY KEY (path, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_release ON queue (release, locale, state, qa, date);
CREATE INDEX IF NOT EXISTS queue_order ON queue (date, release, lorder, seq, state, qa);
CREATE TABLE IF NOT EXISTS queue_data (path TEXT, seq INTEGER, data TEXT, PRIMARY KEY (path, seq)) WITHOUT ROWID;
"""
# Narrow rows to filter, count and sort; the unit itself (JSON) only for the page shown.

_LOCALE_ORDER = {code: n for n, code in enumerate(LOCALES)}


def locale_order(locale: str) -> int:
    """The position of ``locale`` in the site's language order (unknown ones last)."""
    return _LOCALE_ORDER.get(locale, 99)


def home_path(locales_dir: str, locale: str, release: str) -> str:
    """Where a workspace keeps the catalog of ``release`` in ``locale`` (as a string, for speed)."""
    return f"{locales_dir}/{locale}/LC_MESSAGES/{release}.po"


def store_queue(db: sqlite3.Connection, locales_dir: str, files: Iterable[tuple[str, Target | None, str]]) -> None:
    """Replace the queue rows of each (path, target, units JSON) inside the caller's transaction.

    Only a workspace's own catalogs have queue rows (not templates, not explicit PO
    files elsewhere); the release date is copied for ordering (see :func:`sync_releases`).
    """
    rows: list[tuple[Any, ...]] = []
    data: list[tuple[str, int, str]] = []
    paths = []
    for path, target, units_json in files:
        paths.append((path,))
        if target is None or path != home_path(locales_dir, target.locale, target.release):
            continue
        order = locale_order(target.locale)
        for seq, unit in enumerate(json.loads(units_json)):
            rows.append((path, seq, target.release, target.date, target.locale, order, unit["state"],
                         len(unit.get("blocking") or ()), unit.get("since", "")))
            data.append((path, seq, json.dumps(unit, ensure_ascii=False, separators=(",", ":"))))
    forget_queue(db, paths)
    db.executemany("INSERT OR REPLACE INTO queue VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT OR REPLACE INTO queue_data VALUES (?,?,?)", data)


def forget_queue(db: sqlite3.Connection, paths: list[tuple[str]]) -> None:
    """Drop the queue rows of these files (inside the caller's transaction)."""
    db.executemany("DELETE FROM queue WHERE path=?", paths)
    db.executemany("DELETE FROM queue_data WHERE path=?", paths)


def sync_releases(db: sqlite3.Connection, dates: dict[str, str], locales: Iterable[str]) -> list[str]:
    """Make the queue describe the current releases (slug -> date) and locales.

    A changed release date is copied into its rows; the paths of rows whose release
    or locale is gone are returned, for the index to forget with their summaries
    (rows and summaries stay in step).
    """
    wanted = set(locales)
    moved = [(date, release) for release, date in db.execute("SELECT DISTINCT release, date FROM queue")
             if release in dates and dates[release] != date]
    if moved:
        with db:
            db.executemany("UPDATE queue SET date=? WHERE release=?", [(dates[r], r) for _, r in moved])
    gone_releases = [r for (r,) in db.execute("SELECT DISTINCT release FROM queue") if r not in dates]
    gone_locales = [loc for (loc,) in db.execute("SELECT DISTINCT locale FROM queue") if loc not in wanted]
    if not gone_releases and not gone_locales:
        return []
    marks = ",".join("?" * len(gone_releases)), ",".join("?" * len(gone_locales))
    return [p for (p,) in db.execute(
        f"SELECT DISTINCT path FROM queue WHERE release IN ({marks[0]}) OR locale IN ({marks[1]})",
        [*gone_releases, *gone_locales])]
