"""Lines, list markers and quotations: structure shared by every language.

* :func:`chunks` turns a plain-text paragraph into chunks: hard-wrapped lines
  are joined, but a line that starts with a list or outline marker (``1.``,
  ``2)``, ``-``, ``•``, Korean ``□ ○ ㅇ ※ Ⅰ. 가.``, Thai ``๑.``, Burmese ``၁။``)
  starts a chunk of its own, and so does every line of a short-line list.
* :func:`list_sequence_cuts` cuts a chunk that starts with a marker before the
  next markers of the same sequence on the same line ("1) A 2) B", "• A • B").
* :func:`embedded_quotes` finds quotations that go on into the sentence around
  them (``"…입니다."라고 말했다``, ``«…»។``), or go on after a space with a quoting
  particle (``“…။” ဟု``, ``«…។» ថា``, :data:`QUOTATIVES`): no unit may end inside those.
* :func:`byline_end` finds where the lead starts after a byline run into it
  (``By Kim Min-ji The …``, ``ໂດຍ: ສ.ບຸດປະຊາ ການຜະລິດ …``); a line that is only a
  byline never joins the next line.
"""
from __future__ import annotations

import re

# A list or outline marker at the start of a line or chunk. A date that starts a
# line ("12. 7.(금)", "2023. 8. 19.") is not a numbered item: the month would be
# taken for an item number and disappear from the text.
_DIGITS = r"(?:\d{1,3}|[๐-๙]{1,3}|[០-៩]{1,3}|[၀-၉]{1,3}|[໐-໙]{1,3})"
LIST_MARKER = re.compile(
    rf"""^(?:
        [-–—▪◦‣○●◎□■◇◆▶▷►ㅇ※+](?=\s)                  # bullets, Korean outline symbols
      | [•⁃·](?=\s|\d)                                 # "• 9.", "⁃9."
      | \*{{1,3}}(?=\s)                                  # note markers
      | [①-⑳]
      | \((?:{_DIGITS}|[a-zA-Z]|[ivxIVX]{{1,4}}|[가-하]|[က-အ])\)(?=\s)   # (1) (a) (iv) (가) (က)
      | (?:{_DIGITS}|[a-z]|[가-하])\)(?=\s)                          # 1) a) 가)
      | \d{{1,2}}-\d{{1,2}}[.)](?=\s)                                   # 1-1.
      | (?!\d{{1,4}}\.\s?\d{{1,2}}\.){_DIGITS}\.\)?(?!\d)            # 1. 1.) 3.신기술 ๑.
      | (?:[a-z]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{{1,4}}|II|III|IV|VI|VII|VIII|IX|[가-하])\.(?=\s)   # a. Ⅰ. IV. 가.
      | [၀-၉]{{1,3}}။                                                  # ၁။
    )""",
    re.VERBOSE,
)

_TERMINAL = ".!?。…:;។៕။"
_URL_AT_END = re.compile(r"(?:https?://|www\.)\S+$|\S+@\S+\.\w+$")
# A line at least this long that does not end a sentence was probably wrapped.
_WRAPPED = 60


def is_list_line(line: str) -> bool:
    return bool(LIST_MARKER.match(line))


def marker_only(piece: str) -> bool:
    """Whether ``piece`` is nothing but a list marker ("2.", "(b)", "•")."""
    match = LIST_MARKER.match(piece + " ")
    return match is not None and match.end() >= len(piece)


def _joins(previous: str, line: str, list_paragraph: bool) -> bool:
    """Whether ``line`` continues the chunk whose last line is ``previous``."""
    if is_list_line(line) or _BYLINE_LINE.match(previous):
        return False
    if _URL_AT_END.search(previous) and line[:1].isupper():
        return False  # "Original news: https://…" then a new sentence
    if list_paragraph:
        # In a list, only a long line without an ending was wrapped; a short one
        # ("가. 현황", "Key measures:") is a heading or an item of its own.
        return len(previous) >= _WRAPPED and not previous.endswith(tuple(_TERMINAL))
    return True


def chunks(paragraph: str) -> list[str]:
    """The chunks of a plain-text paragraph, each on one line (whitespace kept inside lines)."""
    lines = [line.strip() for line in paragraph.split("\n")]
    lines = [line for line in lines if line]
    list_paragraph = any(is_list_line(line) for line in lines)
    out: list[str] = []
    previous = ""
    for line in lines:
        if out and _joins(previous, line, list_paragraph):
            out[-1] += " " + line
        else:
            out.append(line)
        previous = line
    return out


# ---------------------------------------------------------------------------
# Bylines: "By Kim Min-ji", "Oleh: Andi", "ໂດຍ: ສ.ບຸດປະຊາ", "โดย: นายสมชาย ใจดี"
# ---------------------------------------------------------------------------

# A whole line that is a byline: it never runs into the next line.
_BYLINE_LINE = re.compile(
    r"^(?:(?:By|Oleh|Ni)\s?:?\s+(?:[A-Z][\w'’-]*\.?(?:\s|$)){1,4}|(?:ໂດຍ|โดย)\s?:\s?\S+(?:\s\S+){0,2})$"
)
_LATIN_BYLINE = re.compile(r"^(?:By|Oleh|Ni)(?:\s?:)?\s+")
_NAME_WORD = re.compile(r"^[A-Z](?:[a-z'’-][\w'’-]*|\.)$")
# Words that open the lead after a Latin byline; or an upper-case dateline ("SEOUL,").
_LEAD_OPENERS = frozenset(
    "The A An This These In On At For After As With Today Yesterday Ang Sa Mga Ayon Pemerintah Menteri Kementerian".split()
)
_DATELINE = re.compile(r"^[A-Z]{3,}[,(]?$")
# "ໂດຍ: ສ.ບຸດປະຊາ …" (an initial and a name, one word); "โดย: นายสมชาย ใจดี …" (a titled name).
_SE_ASIAN_BYLINE = re.compile(
    r"^(?:ໂດຍ\s?:\s?[\u0e81-\u0eae\u0edc-\u0edf]{1,2}\.\S+"
    r"|โดย\s?:\s?(?:[\u0e01-\u0e2e]{1,2}\.\S+|(?:นางสาว|นาย(?!ก)|นาง|ดร\.)\S+ \S+))(?= \S)"
)


def byline_end(chunk: str) -> int | None:
    """Where the lead starts after a byline that opens ``chunk``, or None.

    Only where the name's end is certain: a Latin name of one to four capitalised words
    before a word that opens a sentence (``The``, ``In``) or an upper-case dateline
    (``SEOUL,``); a Lao or Thai byline with a colon and an initial or a titled name.
    """
    if m := _SE_ASIAN_BYLINE.match(chunk):
        return m.end() + 1
    if not (m := _LATIN_BYLINE.match(chunk)):
        return None
    pos, names = m.end(), 0
    while names <= 4:
        word = chunk[pos:].split(" ", 1)[0]
        if not word:
            return None
        if names and (word in _LEAD_OPENERS or _DATELINE.match(word)):
            return pos
        if not _NAME_WORD.match(word):
            return None
        pos, names = pos + len(word) + 1, names + 1
    return None


# ---------------------------------------------------------------------------
# Inline list sequences: "1) The first item 2) The second item"
# ---------------------------------------------------------------------------

_SEQ_START = re.compile(r"^(?P<open>\(?)(?P<n>\d{1,3}|[a-z])(?P<close>\.\)|[.)])\s")
_BULLET_START = re.compile(r"^(?P<b>[•⁃▪◦○□■ㅇ※])")


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def list_sequence_cuts(chunk: str) -> list[int]:
    """Cuts before the next markers of the sequence a chunk starts with.

    Only a chunk that *starts* with a marker is a list; an enumeration inside a
    sentence ("namely, (i) …; (ii) …") stays in its sentence.
    """
    cuts: list[int] = []
    if m := _SEQ_START.match(chunk):
        opener, label, closer = m.group("open"), m.group("n"), m.group("close")
        pos = m.end()
        while True:
            label = _next_label(label)
            token = f" {opener}{label}{closer}"
            found = chunk.find(token + " ", pos)
            if found < 0:
                break
            cuts.append(found + 1)
            pos = found + len(token)
    elif m := _BULLET_START.match(chunk):
        bullet = m.group("b")
        pos = 1
        while (found := chunk.find(" " + bullet, pos)) >= 0:
            cuts.append(found + 1)
            pos = found + 2
    return cuts


# ---------------------------------------------------------------------------
# Quotations embedded in a sentence
# ---------------------------------------------------------------------------

_PAIRS = {"“": "”", "«": "»", "「": "」", "『": "』", "‘": "’"}
_AFTER_CLOSE_OK = set(" \t\n,;:") | set("”»」』’)]")


def _inch(text: str, pos: int) -> bool:
    """A straight double quote right after a digit is an inch mark ('TV(21")', '60"이상'), not a quote."""
    return pos > 0 and text[pos - 1].isdigit()


#: Quoting particles and verbs that may follow a closing quote after a space; the quotation is
#: then part of the sentence that goes on (``“…။” ဟု ဖော်ပြသည်``, ``«…។» ថា``, ``“…” ว่า``).
QUOTATIVES: dict[str, tuple[str, ...]] = {
    "my": ("ဟု", "ဟူ၍", "ဟူသော", "လို့", "ဟူ"),
    "km": ("ថា",),
    "th": ("ว่า",),
    "lo": ("ວ່າ",),
    "ko": ("라고", "이라고", "라며", "이라며", "하고", "며", "고"),
}


def embedded_quotes(text: str, quotatives: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """``(start, end)`` of quotations followed directly by more of the sentence.

    ``장관은 "…입니다. …겠습니다."라고 말했다`` — the closing quote is followed by
    a particle, so the quotation is part of one sentence; so is one followed by a
    space and a word that starts with one of ``quotatives`` (``“…။” ဟု``). A quotation
    followed by a space, punctuation or the end stands on its own and may hold cuts.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        close = _PAIRS.get(ch) or ('"' if ch == '"' and not _inch(text, i) else None)
        if close is None:
            i += 1
            continue
        end = text.find(close, i + 1)
        while close == '"' and end >= 0 and _inch(text, end):
            end = text.find(close, end + 1)
        if end < 0:
            break
        after = text[end + 1:end + 2]
        if (after and after not in _AFTER_CLOSE_OK) or (
            quotatives and text[end + 1:end + 2].isspace() and _starts_word(text[end + 2:], quotatives)
        ):
            spans.append((i, end + 1))
        i = end + 1
    return spans


def _starts_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` starts with one of ``words``: a whole word, or (in the scripts written
    without spaces between words: Burmese, Khmer, Thai, Lao) the start of a longer run."""
    first = text.split(" ", 1)[0]
    return any(first == w or (first.startswith(w) and "\u0e00" <= w[0] <= "\u17ff" and not _closed(first, len(w)))
               for w in words)


def _closed(word: str, end: int) -> bool:
    """Whether the consonant after ``word[:end]`` is killed (asat, virama): Burmese ``ဟုတ်`` "yes"
    is not the particle ``ဟု``."""
    return word[end + 1:end + 2] in ("\u1039", "\u103a")


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether offset ``pos`` falls strictly inside one of ``spans``."""
    return any(start < pos < end for start, end in spans)
