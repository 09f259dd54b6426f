"""Candidate selection and scoring for translation-memory lookups.

The score is :func:`rapidfuzz.fuzz.ratio` of the source texts (2·LCS / total length, a
character-level similarity like msgmerge's, so it works for every script); exact
matches (the index's unique key) score 100. Scoring every entry is too slow for a large
memory, so a lookup works in three steps:

1. **Candidates** from the token inverted index: the posting lists of the query's words
   are read rarest first until the words not read cover at most :data:`UNREAD_SHARE` of
   the text (an entry sharing none of the words read shares at most that much with it,
   word for word) and at least :data:`MIN_POSTINGS` ids were read. In a small memory
   that is every word. Entries outside the score threshold's length range are dropped.
2. **A true upper bound** of the score for the :data:`CANDIDATES` entries sharing the
   most of those words (characters of shared words, the rarest a little more): a common
   subsequence uses each character at most as often as the text with fewer of it holds
   it, so fuzz.ratio <= 200 · Σ min(character counts) / total length
   (:func:`workflow.translation.memory_tokens.ratio_bounds`, from per-entry character
   histograms kept in the index).
3. **Exact scores in decreasing order of the bound**, in growing batches, until the
   bound of the next entry is below the ``limit``-th best score found: no entry left can
   beat the matches found, so among the candidates the best ones are exactly found.

Only step 1 is a heuristic, and a wide one: ``benchmarks/memory.py`` and
``tests/test_memory_best_match.py`` check against an exhaustive scan that the match
offered is the best one the memory holds.
"""
from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from workflow.translation.memory_store import IDS
from workflow.translation.memory_tokens import (
    COARSE_BUCKETS,
    HIST_BUCKETS,
    length_bounds,
    query_counts,
    ratio_bounds,
    shared_counts,
    tokenize,
)

#: Most candidates scored in order of their bound per lookup: those with the highest coarse bound.
CANDIDATES = 3000
#: Posting lists are read (rarest first) until the words left unread hold at most this share of the text...
UNREAD_SHARE = 0.75
#: ...and at least this many entry ids were read (in a memory this small or smaller, every word is read).
MIN_POSTINGS = 12_000
#: Entries scored (in order of the bound) without one reaching the threshold, after which a lookup gives up.
GIVE_UP = 336
_FIRST_BATCH = 16         # entries scored exactly in the first batch; each next batch is four times bigger

_DENSE_TOKEN = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u4dbf"
                          "\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u19e0-\u19ff"
                          "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")


def token_mass(token: str) -> int:
    """The characters a shared token stands for: a word and its space; 1 for a bigram of a dense script
    (each character of a run is in two bigrams)."""
    return 1 if _DENSE_TOKEN.match(token) else len(token) + 1


class PairIndex:
    """In-process view of one ``source>target`` pair's index.

    ``vocab`` token -> (tid, document frequency); ``lengths`` and ``hists`` by entry id (int32
    characters; uint8 × HIST_BUCKETS character counts, see :func:`memory_tokens.ratio_bounds`);
    postings read on demand.
    """

    def __init__(self, db: sqlite3.Connection, pair: str) -> None:
        self.db = db
        self.vocab: dict[str, tuple[int, int]] = {
            token: (tid, df) for tid, token, df in db.execute("SELECT tid, token, df FROM vocab WHERE pair=?", (pair,))
        }
        slices = [(np.frombuffer(eids, dtype=IDS), lengths, hists) for eids, lengths, hists in
                  db.execute("SELECT eids, lengths, hists FROM shapes WHERE pair=? ORDER BY id", (pair,))]
        size = max((int(ids.max()) + 1 for ids, _, _ in slices if len(ids)), default=1)
        self.lengths = np.zeros(size, dtype=np.int32)
        self.hists = np.zeros((size, HIST_BUCKETS), dtype=np.uint8)
        for ids, lengths, hists in slices:
            self.lengths[ids] = np.frombuffer(lengths, dtype=IDS)
            self.hists[ids] = np.frombuffer(hists, dtype=np.uint8).reshape(len(ids), HIST_BUCKETS)
        del slices
        # The coarse histograms (COARSE_BUCKETS counts, saturating at 255) bound the score more loosely, from a
        # quarter of the bytes: they rank many candidates cheaply.
        self.coarse = np.zeros((len(self.lengths), COARSE_BUCKETS), dtype=np.uint8)
        for start in range(0, len(self.lengths), 65536):
            part = self.hists[start:start + 65536].reshape(-1, HIST_BUCKETS // COARSE_BUCKETS, COARSE_BUCKETS)
            self.coarse[start:start + 65536] = np.minimum(part.sum(axis=1, dtype=np.int32), 255)
        self._coarse_rows = self.coarse.view(np.dtype((np.void, COARSE_BUCKETS))).reshape(-1)   # a fast gather
        self.scratch = np.zeros(len(self.lengths), dtype=bool)   # candidate marks of one lookup (kept all False)
        self._postings: dict[int, np.ndarray] = {}

    def coarse_bounds(self, text: str, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Upper bounds of ``fuzz.ratio(text, entry)`` for the entries ``ids`` (of ``lengths``), from coarse counts,
        up to a constant factor (they rank entries; run on every candidate, so in as few passes as can be)."""
        rows = self._coarse_rows[ids].view(np.uint8).reshape(len(ids), COARSE_BUCKETS)
        query = query_counts(text, COARSE_BUCKETS)
        if query.max(initial=0) > 255:
            return ratio_bounds(text, rows, lengths, COARSE_BUCKETS)
        return shared_counts(query, rows) / (lengths + len(text))

    def bounds(self, text: str, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Upper bounds of ``fuzz.ratio(text, entry)`` for the entries ``ids`` (of ``lengths``)."""
        rows = self.hists.view(np.dtype((np.void, HIST_BUCKETS))).reshape(-1)
        return ratio_bounds(text, rows[ids].view(np.uint8).reshape(len(ids), HIST_BUCKETS), lengths)

    def postings(self, tid: int) -> np.ndarray:
        arr = self._postings.get(tid)
        if arr is None:
            row = self.db.execute("SELECT eids FROM postings WHERE tid=?", (tid,)).fetchone()
            arr = np.frombuffer(row[0], dtype=IDS) if row else np.zeros(0, dtype=IDS)
            self._postings[tid] = arr
        return arr


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
    source_lang: str = ""  # the language of ``source``: the match is from the pair source_lang→locale

    @property
    def exact(self) -> bool:
        return self.kind == "exact"


def candidates(db: sqlite3.Connection, index: PairIndex, pair: str, text: str, threshold: float,
               limit: int) -> list[tuple[int, float]]:
    """(entry id, score 0-100) of the best entries of ``pair`` for ``text``, exact first, at most ``limit`` fuzzy.

    Fuzzy scores are >= ``threshold``; equal scores in entry id order.
    """
    found: list[tuple[int, float]] = []
    row = db.execute("SELECT id FROM entries WHERE pair=?1 AND source=?2", (pair, text)).fetchone()
    if row:
        found.append((row[0], 100.0))
        if limit <= 1:
            return found
    cand, lengths = _candidates(index, text, threshold, row[0] if row else -1)
    if not len(cand):
        return found
    bounds = index.bounds(text, cand, lengths)
    order = np.argsort(-bounds, kind="stable")      # ties: lower id first (cand is ascending)
    best: list[tuple[float, int]] = []               # (score, entry id) of the best fuzzy ones so far
    cutoff = threshold
    start, batch = 0, _FIRST_BATCH
    while start < len(order):
        chosen = order[start:start + batch]
        start, batch = start + batch, batch * 4
        reachable = bounds[chosen] >= cutoff
        chosen = chosen[reachable]
        if len(chosen):
            ids = cand[chosen].tolist()
            by_id = dict(db.execute(f"SELECT id, source FROM entries WHERE id IN ({','.join(map(str, ids))})"))
            choices = [by_id.get(eid) for eid in ids]   # None (gone meanwhile) is skipped by rapidfuzz
            scored = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
            best = sorted(best + [(score, ids[i]) for _, score, i in scored], key=lambda sc: (-sc[0], sc[1]))[:limit]
            if len(best) == limit:
                cutoff = max(cutoff, best[-1][0])
        if not reachable.all():
            break            # the bounds decrease: no entry after these can reach the cut-off either
        if not best and start >= GIVE_UP:
            break            # nothing reaches the threshold among the most similar in character counts
    found.extend((eid, score) for score, eid in best)
    return found


def _candidates(index: PairIndex, text: str, threshold: float, exact_id: int) -> tuple[np.ndarray, np.ndarray]:
    """(entry ids ascending, their lengths): entries sharing a rarer word of ``text``, the most similar in
    character counts (by :meth:`PairIndex.coarse_bounds`) when there are more than :data:`CANDIDATES`."""
    known = sorted((index.vocab[t][1], index.vocab[t][0], token_mass(t)) for t in tokenize(text) if t in index.vocab)
    unread = sum(mass for _, _, mass in known)
    volume = 0
    seen = index.scratch
    for df, tid, mass in known:      # rarest first
        if unread <= UNREAD_SHARE * len(text) and volume >= MIN_POSTINGS:
            break
        seen[index.postings(tid)] = True
        unread -= mass
        volume += df
    if not volume:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    cand = np.flatnonzero(seen)
    seen[cand] = False
    lengths = index.lengths[cand]
    low, high = length_bounds(len(text), threshold)
    keep = (lengths >= low) & (lengths <= high) & (cand != exact_id)
    cand, lengths = cand[keep], lengths[keep]
    if len(cand) > CANDIDATES:
        top = np.sort(np.argpartition(-index.coarse_bounds(text, cand, lengths), CANDIDATES)[:CANDIDATES])
        cand, lengths = cand[top], lengths[top]
    return cand, lengths


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
