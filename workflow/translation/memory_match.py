"""Candidate selection and scoring for translation-memory lookups.

The score is :func:`rapidfuzz.fuzz.ratio` of the source texts (2·LCS / total length, a
character-level similarity like msgmerge's, so it works for every script); exact
matches (the index's unique key) score 100. Scoring every entry is too slow for a large
memory, so the token inverted index picks the entries that can score best first: each
entry reached through the query's tokens gets an estimate of the score, 2 × the
characters of the tokens it shares with the query / (query length + its length), and
the :data:`CANDIDATES` best estimates (more in a big memory) are scored exactly. The estimate follows the score
(shared words are shared characters), so the best-scoring entry is among them: against
an exhaustive scan, ``benchmarks/memory.py`` and ``tests/test_memory_best_match.py``
check that the match offered is the best one the memory holds.

Tokens held by more than :data:`COMMON_SHARE` of the entries ("the", "of") are not read
once the rarer tokens cover :data:`MIN_MASS` of the query's characters: every entry is
assumed to hold them (they add the same to every estimate).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from workflow.translation.memory_store import PairIndex
from workflow.translation.memory_tokens import length_bounds, tokenize

#: How many entries with the best estimates (and as many with the most rare words in common) are scored
#: exactly per lookup, at least; a bigger memory holds more near-ties (the same sentence with other
#: numbers), so one more per ENTRIES_PER_CANDIDATE entries.
CANDIDATES = 500
ENTRIES_PER_CANDIDATE = 400
#: Tokens in more than this share of the entries are assumed present rather than read...
COMMON_SHARE = 0.25
#: ...once the tokens read cover this share of the query's token characters.
MIN_MASS = 0.6
_RARITY_SPAN = float(1 << 20)

_DENSE_TOKEN = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u4dbf"
                          "\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u19e0-\u19ff"
                          "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")


def token_mass(token: str) -> int:
    """The characters a shared token stands for: a word and its space; 1 for a bigram of a dense script
    (each character of a run is in two bigrams)."""
    return 1 if _DENSE_TOKEN.match(token) else len(token) + 1


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
    row = db.execute("SELECT id FROM entries WHERE pair=?1 AND source=?2", (pair, text)).fetchone()
    if row:
        found.append((row[0], 100.0))
        if limit <= 1:
            return found
    known = sorted((index.vocab[t][1], index.vocab[t][0], token_mass(t)) for t in tokenize(text) if t in index.vocab)
    if not known or index.count == 0:
        return found
    total = sum(mass for _, _, mass in known)
    read: list[np.ndarray] = []
    weights: list[int] = []
    kept: list[tuple[int, int, int]] = []
    assumed = 0          # characters of the common tokens every entry is assumed to hold
    covered = 0
    for df, tid, mass in known:      # rarest first
        if df > COMMON_SHARE * index.count and covered >= MIN_MASS * total:
            assumed += mass
            continue
        read.append(index.postings(tid))
        weights.append(mass)
        kept.append((df, tid, mass))
        covered += mass
    ids = np.concatenate(read)
    sizes = [len(a) for a in read]
    # One pass sums both rankings' weights per entry: the shared characters in the high bits,
    # the rarity (log inverse document frequency, in 1/64ths) in the low 20 bits; exact in a float64.
    packed = [mass * _RARITY_SPAN + round(64 * math.log1p(index.count / df)) for df, _, mass in kept]
    both = np.bincount(ids, weights=np.repeat(np.asarray(packed, dtype=np.float64), sizes),
                       minlength=len(index.lengths))
    cand = np.flatnonzero(both)
    low, high = length_bounds(len(text), threshold)
    lengths = index.lengths[cand]
    keep = (lengths >= low) & (lengths <= high)
    cand, lengths = cand[keep], lengths[keep]
    if found:
        cand, lengths = cand[cand != found[0][0]], lengths[cand != found[0][0]]   # the exact match is already in
    if not len(cand):
        return found
    keep_best = max(CANDIDATES, index.count // ENTRIES_PER_CANDIDATE)
    if len(cand) > keep_best:
        # Two rankings, each good where the other is weak: the estimate of the score, and the
        # rarity-weighted overlap (entries sharing the query's rare words: names, numbers).
        summed = both[cand]
        shared = np.floor(summed / _RARITY_SPAN)
        estimate = (shared + assumed) / (len(text) + lengths)
        rarity = summed - shared * _RARITY_SPAN
        cand = np.union1d(cand[np.argpartition(-estimate, keep_best)[:keep_best]],
                          cand[np.argpartition(-rarity, keep_best)[:keep_best]])
    cand = np.sort(cand)   # ties keep id order, however the sources were fetched
    ids_list = cand.tolist()
    if sources is not None:
        choices = sources[cand].tolist()
    else:
        by_id = dict(db.execute(f"SELECT id, source FROM entries WHERE id IN ({','.join(map(str, ids_list))})"))
        choices = [by_id.get(eid) for eid in ids_list]   # None (gone meanwhile) is skipped by rapidfuzz
    best = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
    found.extend((ids_list[i], score) for _, score, i in best)
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
