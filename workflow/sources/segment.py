"""Turn releases and text into translatable units (PO msgids), language-aware.

Each unit is a sentence (or, in ``paragraph`` mode, a whole block). Splitting is
deterministic: the same text and language always give the same units, so msgids
stay stable between extractions and translation memory keeps matching.

How each language is split:

* en, id, ms, vi, fil: pysbd's English rules (all Latin script with the same
  kinds of abbreviations), plus a fix-up list of titles and abbreviations it
  misses ("Amb.", "Bpk.", "Jl.", "TS.", "Gng.", "Vol. 3" ...).
* ko: a rule: ``.``/``?``/``!`` followed by a space, except in dates written
  ``2018. 12. 7.``, after Latin initials and abbreviations, and in ellipses.
* th: pythainlp's CRF model ("crfcut", offline), with fix-ups for its known
  slips (a number, a Latin name or a link cut off as a "sentence").
* km: after ``។``/``៕`` (not inside ``។ល។``, "etc."); my: after ``။``.
* lo: only at explicit ``.``/``?``/``!`` followed by a space (see ``_split_lao``).

Inline Markdown spans, URLs and e-mail addresses are masked before splitting so
that no unit ever ends inside one: a unit with an unbalanced ``**`` or half a
link would be untranslatable. They reappear unchanged in the unit text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, cast

from workflow.errors import ConfigError
from workflow.locales import get_locale
from workflow.sources.releases import Release

MODES = ("sentence", "paragraph")


@dataclass(frozen=True)
class Unit:
    """One translatable unit of a release."""

    text: str          # the msgid: inline Markdown kept as in the source
    kind: str          # title, subtitle, heading, paragraph, bullet, numbered, note, quote
    line: int          # 1-based line where its block starts (title_line/subtitle_line for those)
    block: int | None  # index into release.blocks (None for title/subtitle)
    index: int         # position of the sentence within its block (0 in paragraph mode)


# ---------------------------------------------------------------------------
# Masking inline Markdown, URLs and e-mail addresses
# ---------------------------------------------------------------------------

# Leftmost match wins; at the same position the earlier alternative wins, so a
# link is taken whole before its URL could be taken alone.
_PROTECTED = re.compile(
    r"""
      (?P<code>`+)[^`]*?(?P=code)                       # `code`, ``co`de``
    | !?\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\)           # [text](url "title"), images
    | <(?:https?://|mailto:)[^>\s]+>                     # <autolinks>
    | (?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"”’]  # bare URLs, no trailing punctuation
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail addresses
    | \*\*(?=\S)[^\n]*?(?<=\S)\*\*                       # **bold**
    | __(?=\S)[^\n]*?(?<=\S)__                           # __bold__
    | (?<![\w)\]”’"'*])\*(?=[^\s*.,;:!?)\]])[^*\n]*?(?<=[^\s*])\*  # *em*, but not note markers: "nations)*. Laos*"
    | (?<!\w)_(?=[^\s_])[^_\n]*?(?<=[^\s_])_(?!\w)       # _em_ (not snake_case)
    """,
    re.VERBOSE,
)


def _letters(number: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': placeholders must hold no digits or punctuation."""
    out = ""
    while True:
        number, rest = divmod(number, 26)
        out = chr(ord("a") + rest) + out
        if not number:
            return out


def _mask(text: str) -> tuple[str, dict[str, str]]:
    """Replace protected spans by letter-only words that no splitter breaks."""
    if not any(c in text for c in "`[<*_@") and "://" not in text and "www." not in text:
        return text, {}
    # A prefix that cannot collide with the text, chosen deterministically.
    lowered = text.lower()
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

    return _PROTECTED.sub(repl, text), spans


def _unmask(text: str, spans: dict[str, str]) -> str:
    if not spans:
        return text
    return re.sub("|".join(map(re.escape, spans)), lambda m: spans[m.group(0)], text)


# ---------------------------------------------------------------------------
# Turning a splitter's output back into cuts of the original text
# ---------------------------------------------------------------------------

# Only closers that cannot open a sentence: '"' opens one, and ’ opens "’18년".
_CLOSERS = "”»)]}」』›"


def _cuts_from_pieces(text: str, pieces: list[str], *, at_space_only: bool = False) -> list[int]:
    """Offsets where each piece after the first starts in ``text``.

    Libraries may trim or alter whitespace; slicing the original text at these
    offsets guarantees no character is lost, duplicated or changed.
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


def _slice(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _merge(pieces: list[str], join_next: Callable[[str, str], bool]) -> list[str]:
    """Join a piece with the following one while ``join_next(piece, following)``."""
    out: list[str] = []
    for piece in pieces:
        if out and join_next(out[-1], piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _reattach_closers(pieces: list[str]) -> list[str]:
    """A closing quote or bracket cut off a sentence goes back to it (`ecosystem.” Next`)."""
    out: list[str] = []
    for piece in pieces:
        if out:
            lead = len(piece) - len(piece.lstrip(_CLOSERS))
            if lead:
                out[-1] += piece[:lead]
                piece = piece[lead:].strip()
        if piece:
            out.append(piece)
    return out


# ---------------------------------------------------------------------------
# Latin-script languages: pysbd + fix-ups
# ---------------------------------------------------------------------------

# Titles and abbreviations that never end a sentence (en, id, ms, vi, fil); pysbd
# knows some of them, the others it splits after.
_ALWAYS_JOIN = frozenset(
    """
    amb asst capt cmdr col dr gen gov hon lt maj messrs mr mrs ms pres prof rep rev sen sgt supt vs
    bpk sdr sdri jl jln kab kec kel prov drs dra ir hj yth
    en pn tn yb yab ybhg sdn bhg
    tp ts ths pgs gs bs
    gng gat bb kgg
    """.split()
)
# Abbreviations that end a sentence only when nothing numeric follows ("No. 5", "Vol. 3").
_JOIN_BEFORE_DIGIT = frozenset(
    """
    no nos vol fig art sec ch p pp tel ext approx hlm tgl
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Company suffixes etc.: a sentence may end with them, but not if a lowercase word follows.
_JOIN_BEFORE_LOWER = frozenset("approx bhd co corp inc ltd jr sr st etc dll dsb".split())

_LAST_WORD = re.compile(r"([^\s(\[“\"']+)\.$")


def _latin_join(prev: str, following: str) -> bool:
    match = _LAST_WORD.search(prev)
    if not match:
        return False
    word = match.group(1).lower()
    if word in _ALWAYS_JOIN:
        return True
    first = following[0]
    if word in _JOIN_BEFORE_DIGIT and (first.isdigit() or first in "#("):
        return True
    return word in _JOIN_BEFORE_LOWER and first.islower()


@functools.lru_cache(maxsize=None)
def _pysbd_segmenter(language: str):  # -> pysbd.Segmenter
    import pysbd  # imported here: loading its rules costs time not every command needs

    return pysbd.Segmenter(language=language, clean=False)


_LATIN_CANDIDATE = re.compile(r"[.!?…][\"'”’»)\]]*\s")


def _split_latin(text: str) -> list[str]:
    if not _LATIN_CANDIDATE.search(text):
        return [text]  # fast path: no possible boundary, skip pysbd
    pieces = _slice(text, _cuts_from_pieces(text, _pysbd_segmenter("en").segment(text)))
    return _merge(pieces, _latin_join)


# ---------------------------------------------------------------------------
# Rule-based splitting (ko, km, my, lo)
# ---------------------------------------------------------------------------

_LATIN_ABBR = re.compile(r"(?:[A-Za-z]|(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3})$")


def _rule_split(text: str, boundary: re.Pattern[str], keep: Callable[[str, re.Match[str]], bool]) -> list[str]:
    """Cut after each ``boundary`` match for which ``keep(text, match)`` is true."""
    cuts = [m.end() for m in boundary.finditer(text) if m.end() < len(text) and keep(text, m)]
    return _slice(text, cuts)


def _word_before(text: str, pos: int) -> str:
    match = re.search(r"(\S*)$", text[:pos])
    return match.group(1) if match else ""


def _latin_abbreviation_before(text: str, pos: int) -> bool:
    """True for 'S.' in 'Jang S. Y.', 'U.S.', 'Dr.' inside Korean/Lao text."""
    word = _word_before(text, pos).lstrip("(\"“‘'")
    return bool(_LATIN_ABBR.fullmatch(word)) or word.lower() in _ALWAYS_JOIN


# Korean ends sentences with . ? ! and a space; the run of closers stays with it.
_KO_BOUNDARY = re.compile(r"(?<![.…])[.!?](?![.…])[\"'”’»)\]」』]*(?=\s)")


_KO_QUOTATIVES = ("라고", "라며", "라는", "이라고", "하고", "고 ", "며 ")


def _korean_keep(text: str, m: re.Match[str]) -> bool:
    start = m.start()
    if text[start] == ".":
        after = text[m.end():].lstrip()
        # Korean dates and numbered references: "2018. 12. 7.", "'18. 12."
        if start and text[start - 1].isdigit() and after[:1].isdigit():
            return False
        if _latin_abbreviation_before(text, start):
            return False
    # A quotation followed by a quotative particle goes on: "...했다." 라고 밝혔다.
    quoted = m.group(0)[-1] in "\"'”’」』"
    return not (quoted and text[m.end():].lstrip().startswith(_KO_QUOTATIVES))


def _split_korean(text: str) -> list[str]:
    return _rule_split(text, _KO_BOUNDARY, _korean_keep)


# Khmer: ។ (khan) and ៕ (bariyoosan) end sentences, spaces or not; ?/! need a space.
_KM_BOUNDARY = re.compile(r"(?:[។៕]|[!?](?=\s))[\"'”’»)\]]*")


def _khmer_keep(text: str, m: re.Match[str]) -> bool:
    start = m.start()
    # "។ល។" means "etc."; it does not end the sentence (neither of its ។ cuts).
    return text[start:start + 3] != "។ល។" and text[max(0, start - 2):start + 1] != "។ល។"


def _split_khmer(text: str) -> list[str]:
    return _rule_split(text, _KM_BOUNDARY, _khmer_keep)


# Burmese: ။ ends a sentence. Not ၏: it is also the possessive marker
# ("မြန်မာနိုင်ငံ၏ စီးပွားရေး", "Myanmar's economy"), which is why pysbd's
# Burmese rules (they cut at ၏) are not used.
_MY_BOUNDARY = re.compile(r"(?:။|[!?](?=\s))[\"'”’»)\]]*")


def _split_burmese(text: str) -> list[str]:
    return _rule_split(text, _MY_BOUNDARY, lambda _t, _m: True)


# Lao separates sentences with a space, but spaces also separate phrases and
# clauses, and no offline Lao sentence model exists on PyPI. Cutting at a wrong
# space hands the translator a fragment (and spoils TM and MT), whereas a missed
# cut only makes a longer unit. So Lao is cut only where the writer put explicit
# punctuation (modern Lao news uses "." often): . ? ! followed by a space, except
# after an abbreviation: a dotted Lao word of at most two letters ("ປອ." Dr.,
# "ຄ.ສ." AD) or Latin initials.
_LO_BOUNDARY = re.compile(r"(?<![.…])[.!?](?![.…])[\"'”’»)\]]*(?=\s)")
_LAO_LETTER = re.compile(r"[\u0e81-\u0eae\u0edc-\u0edf]")


def _lao_keep(text: str, m: re.Match[str]) -> bool:
    start = m.start()
    if text[start] != ".":
        return True
    word = _word_before(text, start)
    if _LAO_LETTER.search(word) and ("." in word or len(_LAO_LETTER.findall(word)) <= 2):
        return False
    return not _latin_abbreviation_before(text, start)


def _split_lao(text: str) -> list[str]:
    return _rule_split(text, _LO_BOUNDARY, _lao_keep)


# ---------------------------------------------------------------------------
# Thai: pythainlp crfcut + fix-ups
# ---------------------------------------------------------------------------

_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
# Words after which a Thai sentence cannot end (prepositions, conjunctions,
# "year", "date"): crfcut sometimes cuts right after them.
_THAI_OPEN_ENDINGS = (
    "ที่", "ณ", "ของ", "และ", "หรือ", "ว่า", "กับ", "ใน", "โดย", "เพื่อ", "จาก", "แก่", "ต่อ", "ปี", "วันที่", "เดือน",
)
# A piece that is only a titled name ("นายพุทธิพงษ์ ปุณณกันต์"): crfcut cut
# between the subject and its predicate.
_THAI_TITLE_NAME = re.compile(r"^(?:นาย|นางสาว|นาง|ดร\.|ศ\.|รศ\.|ผศ\.)\S+(?: \S+)?$")
# A dotted abbreviation such as "พ.ศ." or "ดร.": crfcut always cuts after a ".".
_THAI_ABBR = re.compile(r"(?:^|\s)[\u0e01-\u0e4e]{1,3}\.(?:[\u0e01-\u0e4e]{1,3}\.)*$")


def _thai_join(prev: str, following: str) -> bool:
    # A piece without a Thai letter (a number, a Latin name, a masked link) is
    # never a Thai sentence of its own.
    if not _THAI_LETTER.search(following):
        return True
    return (
        prev.endswith(_THAI_OPEN_ENDINGS)
        or bool(_THAI_TITLE_NAME.match(prev))
        or bool(_THAI_ABBR.search(prev))
    )


@functools.lru_cache(maxsize=1)
def _thai_sent_tokenize() -> Callable[[str], list[str]]:
    """pythainlp's CRF sentence splitter (``str`` in, list of sentences out)."""
    # pythainlp is slow to import (dictionaries, the CRF model): only when Thai is split.
    from pythainlp.tokenize import sent_tokenize

    def split(text: str) -> list[str]:
        return cast(list[str], sent_tokenize(text, engine="crfcut"))   # a str in gives a list of str

    return split


def _split_thai(text: str) -> list[str]:
    if " " not in text:
        return [text]  # Thai sentences are separated by spaces: nothing to cut
    pieces = _thai_sent_tokenize()(text)
    # Cut only at spaces: crfcut also cuts after any "." (as in "ดร.สมชาย").
    pieces = _slice(text, _cuts_from_pieces(text, pieces, at_space_only=True))
    return _merge(pieces, _thai_join)


_SPLITTERS: dict[str, Callable[[str], list[str]]] = {
    "en": _split_latin,
    "id": _split_latin,
    "ms": _split_latin,
    "vi": _split_latin,
    "fil": _split_latin,
    "ko": _split_korean,
    "th": _split_thai,
    "km": _split_khmer,
    "my": _split_burmese,
    "lo": _split_lao,
}


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _normalize(text: str) -> str:
    # Called for every sentence of every page a build renders: keep it compiled.
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=8192)
def _split_cached(text: str, lang: str) -> tuple[str, ...]:
    masked, spans = _mask(text)
    pieces = _reattach_closers(_SPLITTERS[lang](masked))
    return tuple(p for p in (_unmask(piece, spans).strip() for piece in pieces) if p)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences for language ``lang`` (whitespace normalised).

    Raises :class:`~workflow.errors.LocaleError` for an unknown language.
    """
    get_locale(lang)
    text = _normalize(text)
    if not text:
        return []
    return list(_split_cached(text, lang))


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ConfigError(f"segmentation must be 'sentence' or 'paragraph', not {mode!r}")


def segment_block(text: str, lang: str, mode: str = "sentence") -> list[str]:
    """The units of one block: its sentences, or the whole block in paragraph mode."""
    _check_mode(mode)
    if mode == "paragraph":
        get_locale(lang)
        text = _normalize(text)
        return [text] if text else []
    return split_sentences(text, lang)


def segment_release(release: Release, mode: str = "sentence") -> list[Unit]:
    """All units of a release in document order: title, subtitle, then the blocks.

    Titles, subtitles and headings are always whole units: they are short and
    are rendered on their own.
    """
    _check_mode(mode)
    units: list[Unit] = []
    title = _normalize(release.title)
    if title:
        units.append(Unit(title, "title", release.title_line, None, 0))
    subtitle = _normalize(release.subtitle)
    if subtitle:
        units.append(Unit(subtitle, "subtitle", release.subtitle_line, None, 0))
    for number, block in enumerate(release.blocks):
        block_mode = "paragraph" if block.kind == "heading" else mode
        for index, text in enumerate(segment_block(block.text, release.lang, block_mode)):
            units.append(Unit(text, block.kind, block.line, number, index))
    return units


def segment_text(text: str, lang: str, mode: str = "sentence") -> list[str]:
    """Units of plain text (``pressflow segment``): paragraphs are separated by
    blank lines, lines inside a paragraph are joined, each paragraph is split."""
    _check_mode(mode)
    units: list[str] = []
    for paragraph in re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n")):
        units.extend(segment_block(paragraph, lang, mode))
    return units


def join_sentences(sentences: list[str], lang: str) -> str:
    """Rebuild a paragraph from its (translated) sentences with the locale's joiner."""
    joiner = get_locale(lang).sentence_joiner
    return joiner.join(s for s in (_normalize(s) for s in sentences) if s)
