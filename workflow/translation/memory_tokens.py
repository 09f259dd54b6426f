"""Index tokens of the translation memory: words, or character bigrams for dense scripts.

Tokens are words for scripts written with spaces and character bigrams for scripts
written without them (Thai, Lao, Khmer, Burmese, Chinese, Japanese) and for Korean,
whose particles glue onto words. :func:`invert` builds a whole inverted index at once
(token -> ascending text positions) with numpy; :func:`length_bounds` gives the
candidate lengths a fuzzy score threshold allows; :func:`char_histograms` and
:func:`ratio_bounds` give an upper bound of the score from character counts.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

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
        parts.append(_invert_words(words, _SEP.encode("ascii"), ascii_rows))
    if plain_rows:
        words = _WORD_OR_SEP_RE.findall(_SEP.join([texts[i].lower() for i in plain_rows]))
        parts.append(_invert_words(words, _SEP, plain_rows))
    postings = parts[0]
    for part in parts[1:]:
        for token, rows in part.items():
            postings[token] = _sorted_unique(np.concatenate((postings[token], rows))) if token in postings else rows
    return postings


def _invert_words(words: Sequence[bytes] | Sequence[str], sep: bytes | str, rows: list[int]) -> dict[str, np.ndarray]:
    """Invert ``words`` (the tokens of ``rows``' texts, ``sep`` between texts) with C loops only."""
    distinct: dict[bytes | str, None] = dict.fromkeys(words)            # every distinct word, first-seen order
    codes_of: dict[bytes | str, int] = dict(zip(distinct, range(len(distinct))))
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
    return {_as_str(tokens[int(token_codes[start])]): part
            for start, part in zip(np.concatenate(([0], cuts)), np.split(positions, cuts)) if len(part)}


def length_bounds(length: int, threshold: float) -> tuple[int, float]:
    """Candidate lengths that can reach ``threshold`` with fuzz.ratio (2·LCS / total length)."""
    if threshold <= 0:
        return 0, math.inf
    ratio = min(threshold, 100) / (200 - min(threshold, 100))
    return math.ceil(length * ratio - 1e-9), length / ratio + 1e-9


def _as_str(token: bytes | str) -> str:
    return token.decode() if isinstance(token, bytes) else token


#: Character classes of the histograms behind :func:`ratio_bounds`: ASCII letters (each case), digits and
#: the space have one each; every other character shares one of the 64 by a hash of its code point.
#: The index stores histograms: changing the buckets needs a new memory_store.SCHEMA_VERSION.
HIST_BUCKETS = 64
#: Coarse histograms merge bucket b into b % COARSE_BUCKETS (lower case with upper case, digits, space).
COARSE_BUCKETS = 16
_BUCKET_OF: np.ndarray | None = None


def _bucket_table() -> np.ndarray:
    """code point -> histogram bucket (uint8), for all of Unicode (built once, 1.1 MB)."""
    global _BUCKET_OF
    if _BUCKET_OF is None:
        codes = np.arange(0x110000, dtype=np.uint32)
        table = ((codes * np.uint32(2654435761)) % np.uint32(HIST_BUCKETS)).astype(np.uint8)   # wraps mod 2**32
        for bucket, char in enumerate("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "):
            table[ord(char)] = bucket
        _BUCKET_OF = table
    return _BUCKET_OF


def char_histograms(texts: Sequence[str]) -> np.ndarray:
    """Character counts per :data:`HIST_BUCKETS` bucket: an array (len(texts), HIST_BUCKETS) of uint8.

    A count of 255 means "255 or more" (:func:`ratio_bounds` reads it so).
    """
    if not texts:
        return np.zeros((0, HIST_BUCKETS), dtype=np.uint8)
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    counts = np.bincount(owner * HIST_BUCKETS + _bucket_table()[codes], minlength=len(texts) * HIST_BUCKETS)
    return np.minimum(counts, 255).astype(np.uint8).reshape(len(texts), HIST_BUCKETS)


def ratio_bounds(text: str, histograms: np.ndarray, lengths: np.ndarray, buckets: int = HIST_BUCKETS) -> np.ndarray:
    """An upper bound of ``fuzz.ratio(text, entry)`` for entries with these ``histograms`` and ``lengths``.

    fuzz.ratio is 200 · LCS / (len(a) + len(b)); a common subsequence uses each character at
    most as often as the text with fewer of it holds it, so LCS <= sum over buckets of
    min(count in a, count in b) (merging characters into a bucket only raises the sum).
    ``histograms``: (n, buckets) uint8, C-contiguous; ``buckets``: :data:`HIST_BUCKETS`, or
    :data:`COARSE_BUCKETS` for coarse histograms (bucket b of the fine ones merged into
    b % COARSE_BUCKETS). Float64 scores (a hair above the bound: float rounding never puts a score over it).
    """
    query = query_counts(text, buckets)
    if query.max(initial=0) <= 255:    # then min(stored, query) is exact even where 255 stands for more
        common = shared_counts(query, histograms).astype(np.int64)
    else:
        wide = histograms.astype(np.int64)
        common = np.where(wide == 255, query, np.minimum(wide, query)).sum(axis=1)
    common = np.minimum(common, np.minimum(lengths, len(text)))   # and never more than the shorter text
    total = len(text) + lengths.astype(np.int64)
    return np.where(total > 0, 200.0 * common / np.maximum(total, 1), 100.0) + 1e-6   # two empty texts: 100


def query_counts(text: str, buckets: int = HIST_BUCKETS) -> np.ndarray:
    """The exact character counts of ``text`` per bucket (int64, not saturated)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.bincount(_bucket_table()[codes] % buckets, minlength=buckets)


def shared_counts(query: np.ndarray, histograms: np.ndarray) -> np.ndarray:
    """Σ min(query count, entry count) per row of ``histograms`` (uint64), for query counts all <= 255."""
    return _row_sums(np.minimum(histograms, query.astype(np.uint8)))


_LOW_BYTES = np.uint64(0x00FF00FF00FF00FF)
_ADD_LANES = np.uint64(0x0001000100010001)


def _row_sums(counts: np.ndarray) -> np.ndarray:
    """Sum of each row of a (n, 8·k) uint8 array, as uint64 (SIMD within a register: numpy sums short rows slowly)."""
    words = np.ascontiguousarray(counts).view(np.uint64)                     # (n, k): 8 counts each
    pairs = (words & _LOW_BYTES) + ((words >> np.uint64(8)) & _LOW_BYTES)   # 4 sums of 2, 16 bits each
    sums = (pairs * _ADD_LANES) >> np.uint64(48)                            # the 4 added in the top 16 bits
    total = sums[:, 0].copy()
    for column in range(1, sums.shape[1]):
        total += sums[:, column]
    return total
