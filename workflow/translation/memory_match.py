"""Candidate selection and scoring for translation-memory lookups.

Exact matches use the index's unique key; fuzzy matches use the token inverted index
as a candidate prefilter (rarest tokens first, weighted by inverse document frequency,
with length bounds implied by the threshold), then score the few best candidates with
:func:`rapidfuzz.fuzz.ratio`, a character-level similarity (like msgmerge's), so it
works for every script.
"""
from __future__ import annotations

import datetime as _dt
import math
import sqlite3
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from workflow.translation.memory_store import PairIndex
from workflow.translation.memory_tokens import length_bounds, tokenize

#: A candidate must share at least this share of the query's tokens to be sure to be found.
MIN_SHARE = 0.4
#: How many prefiltered candidates are scored exactly per lookup.
CANDIDATES = 200
#: Stop adding (ever more common) probe tokens once this many postings are gathered.
BUDGET = 20_000


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


def candidates(db: sqlite3.Connection, index: PairIndex, pair: str, text: str, threshold: float, limit: int,
               sources: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(entry id, score 0-100) of the best entries of ``pair`` for ``text``, exact first, at most ``limit`` fuzzy.

    ``sources``, when given, holds the source text of every entry by id (a batch lookup read them all).
    """
    found: list[tuple[int, float]] = []
    row = db.execute("SELECT id FROM entries WHERE pair=? AND source=?", (pair, text)).fetchone()
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
        by_id = dict(db.execute(f"SELECT id, source FROM entries WHERE id IN ({','.join(map(str, ids))})"))
        choices = [by_id.get(eid) for eid in ids]   # None (gone meanwhile) is skipped by rapidfuzz
    best = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
    found.extend((ids[i], score) for _, score, i in best)
    return found

def to_matches(db: sqlite3.Connection, scored: list[tuple[int, float]], locale: str, limit: int) -> list[Match]:
    """The :class:`Match` list of scored entries: one per distinct translation, best and most recent first."""
    matches: list[Match] = []
    for eid, score in scored:
        rows = db.execute(
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



def _epoch(stamp: str) -> float:
    try:
        return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
