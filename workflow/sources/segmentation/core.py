"""Shared machinery of sentence splitting: masking, cut offsets, closers.

Every language module works on one *chunk* (a paragraph or list item whose
whitespace is already single spaces, with URLs, e-mail addresses and inline
Markdown masked) and returns **cut offsets**: the positions in the chunk where a
new unit starts. Only :func:`slice_at` turns offsets into units, by slicing the
chunk; so no splitter can lose, add or change a character, whatever a library
does to the text it is given.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: A splitter: chunk text -> offsets where a new unit starts (any order, may repeat).
Splitter = Callable[[str], list[int]]

# ---------------------------------------------------------------------------
# Masking inline Markdown, URLs and e-mail addresses
# ---------------------------------------------------------------------------

# Leftmost match wins; at one position the earlier alternative wins, so a link
# is taken whole before its URL could be taken alone. Emphasis follows
# CommonMark's flanking rules closely enough for press releases: ``**`` right
# after a word ("Rights**", "fund***") is a footnote marker, not an opener.
PROTECTED = re.compile(
    r"""
      (?P<code>`+)[^`]*?(?P=code)                       # `code`, ``co`de``
    | !?\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\)           # [text](url "title"), images
    | <(?:https?://|mailto:)[^>\s]+>                     # <autolinks>
    | (?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"”’]  # bare URLs, no trailing punctuation
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail addresses
    | (?<![\w*])\*\*(?=[^\s*])[^\n]*?(?<=[^\s*])\*\*(?!\*)   # **bold**
    | (?<!\w)__(?=\S)[^\n]*?(?<=\S)__(?!\w)              # __bold__
    | (?<![\w)\]”’"'*])\*(?=[^\s*.,;:!?)\]])[^*\n]*?(?<=[^\s*])\*(?!\*)  # *em*, not note markers
    | (?<!\w)_(?=[^\s_])[^_\n]*?(?<=[^\s_])_(?!\w)       # _em_ (not snake_case)
    """,
    re.VERBOSE,
)


def _letters(number: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': placeholders hold no digits or punctuation."""
    out = ""
    while True:
        number, rest = divmod(number, 26)
        out = chr(ord("a") + rest) + out
        if not number:
            return out


def mask(text: str) -> tuple[str, dict[str, str]]:
    """Replace protected spans by letter-only words that no splitter breaks.

    Returns the masked text and ``{placeholder: original span}``.
    """
    if not any(c in text for c in "`[<*_@") and "://" not in text and "www." not in text:
        return text, {}
    lowered = text.lower()
    # A prefix that cannot collide with the text, chosen deterministically.
    prefix = next(p for p in (f"zqx{_letters(i)}q" for i in range(10_000)) if p not in lowered)
    spans: dict[str, str] = {}

    def repl(match: re.Match[str]) -> str:
        span = match.group(0)
        token = f"{prefix}{_letters(len(spans))}xqz"
        # Keep the case of the span's first letter: splitters look at capitals.
        first = next((c for c in span if c.isalpha()), "a")
        if not first.islower():
            token = token[0].upper() + token[1:]
        spans[token] = span
        return token

    return PROTECTED.sub(repl, text), spans


def unmask(text: str, spans: dict[str, str]) -> str:
    if not spans:
        return text
    return re.sub("|".join(map(re.escape, spans)), lambda m: spans[m.group(0)], text)


# ---------------------------------------------------------------------------
# Offsets
# ---------------------------------------------------------------------------

# Closing quotes and brackets stay with the sentence they close. Not '"' (it
# also opens one) and not ’ (it opens "’18년").
CLOSERS = "”»)]}」』›"


def cuts_from_pieces(text: str, pieces: Iterable[str], *, at_space_only: bool = True) -> list[int]:
    """Offsets in ``text`` where each piece after the first starts.

    Libraries may trim or alter whitespace; the pieces are found again in order.
    With ``at_space_only`` a piece that does not start after a space is not a
    cut ("survey..", "afternoon./Courtesy", "ดร.สมชาย").
    """
    cuts: list[int] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, pos)
        if found < 0:
            break  # the library changed the text: keep the rest together
        if found > 0 and (not at_space_only or text[found - 1].isspace()):
            cuts.append(found)
        pos = found + len(piece)
    return cuts


def slice_at(text: str, cuts: Iterable[int]) -> list[str]:
    """The stripped, non-empty pieces of ``text`` between the cut offsets."""
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(text)}), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def past_closers(text: str, cut: int) -> int:
    """Move a cut that falls before closing quotes/brackets to after them (`ecosystem.” Next`)."""
    end = cut
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    if end == cut:
        return cut
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def word_before(text: str, pos: int) -> str:
    """The run of non-space characters that ends at ``pos``."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def word_after(text: str, pos: int) -> str:
    """The first run of non-space characters at or after ``pos``."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end]


def rule_cuts(text: str, boundary: re.Pattern[str], keep: Callable[[str, re.Match[str]], bool]) -> list[int]:
    """Cut after each ``boundary`` match for which ``keep(text, match)`` is true."""
    return [m.end() for m in boundary.finditer(text) if m.end() < len(text) and keep(text, m)]


# Latin initials and dotted abbreviations inside non-Latin text: "S.", "U.S.", "H.E".
_LATIN_ABBR = re.compile(r"(?:[A-Za-z]|(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3})$")
#: Latin titles that never end a sentence, in any language's text ("Dr. Kim", "Mr. Lee").
LATIN_TITLES = frozenset(
    "amb asst atty capt col dr engr gen gov hon lt maj messrs mr mrs ms prof rep rev sen sgt st".split()
)


def latin_abbreviation_before(text: str, pos: int) -> bool:
    """True for 'S.' in 'Jang S. Y.', 'U.S.', 'Dr.' inside Korean, Khmer or Lao text."""
    word = word_before(text, pos).lstrip("(\"“‘'")
    return bool(_LATIN_ABBR.fullmatch(word)) or word.lower() in LATIN_TITLES
