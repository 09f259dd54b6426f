"""What the checks know about one text: shared patterns, links, tokens, numbers and scripts, computed once.

Translations are untrusted input: the facts here are what the check families
compare between a source and its translation.
"""
from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workflow.locales import digit_value_map
from workflow.translation.masking import TOKEN_RE

# ---------------------------------------------------------------------------
# Shared patterns, and the facts about one text every check shares
# ---------------------------------------------------------------------------

_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*([^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]⟦⟧]*[^\s<>()\[\]⟦⟧.,;:!?'\"”’]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CODE = re.compile(r"`[^`\n]+`")
_HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:-]*)(?=[\s/>])[^<>]*>?")
_BAD_SCHEME = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*")
_NUMBER_SEP = re.compile(r"[.,\u00a0\u202f\u2009]")
# Every masking token contains one of these (tests/test_checks.py holds masking.TOKEN_RE to it):
# a text without them needs no token regex at all.
_TOKEN_HINTS = ("⟦", "__PF")

# The cheap guards below are substring tests each pattern's match must contain
# ("](" for a link, "://" or "www." for a URL...): most sentences have none, and
# skipping a regex that cannot match is what makes the checks fast.


@functools.cache
def _token_re() -> re.Pattern[str]:
    """Masking tokens: masking.TOKEN_RE plus the legacy ``__PF0__`` form."""
    return re.compile(f"(?:{TOKEN_RE.pattern})|__PF\\d+__")


def _has_url(text: str) -> bool:
    return "://" in text or "www." in text


def _has_token(text: str) -> bool:
    return _TOKEN_HINTS[0] in text or _TOKEN_HINTS[1] in text


def _without_links_and_code(text: str) -> str:
    if "](" in text:
        text = _LINK.sub(r"\2", text)
    if "<" in text:
        text = _AUTOLINK.sub(" ", text)
    if "`" in text:
        text = _CODE.sub(" ", text)
    return text


def _plain(text: str) -> str:
    """Text without link targets, code, URLs, e-mail addresses or masking tokens."""
    return _facts(text).plain


class _Text:
    """What the checks need to know about one text, computed once.

    A source sentence is checked against up to nine translations (one per
    locale), and most checks strip or scan the same text the same way, so the
    facts are shared through :func:`_facts` instead of recomputed per check.
    """

    __slots__ = (
        "_numbers",
        "_plain_len",
        "_words",
        "emails",
        "linked",
        "links",
        "markers",
        "plain",
        "schemes",
        "tags",
        "text",
        "tokens",
        "urls",
    )

    def __init__(self, text: str):
        self.text = text
        self.links: list[tuple[str, str, str]] = _LINK.findall(text) if "](" in text else []
        linked = _LINK.sub(r"\2", text) if self.links else text
        self.linked = linked
        self.tags = [m.group(1).lower() for m in _HTML_TAG.finditer(text)] if "<" in text else []
        decoded = html.unescape(text)  # Markdown decodes entities in link targets: jav&#97;script:
        self.schemes = ({m.group(0).split(":")[0].strip().lower() for m in _BAD_SCHEME.finditer(decoded)}
                        if ":" in decoded else set())
        self.tokens = [m.group(0) for m in _token_re().finditer(text)] if _has_token(text) else []
        rest = linked
        if "<" in rest:
            rest = _AUTOLINK.sub(" ", rest)
        if "`" in rest:
            rest = _CODE.sub(" ", rest)
        if _has_url(rest):
            self.urls: list[str] = _URL.findall(rest)
            rest = _URL.sub(" ", rest)
        else:
            self.urls = []
        self.emails: list[str] = _EMAIL.findall(rest) if "@" in rest else []
        if self.emails:
            rest = _EMAIL.sub(" ", rest)
        if _has_token(rest):
            rest = _token_re().sub(" ", rest)
        self.plain = rest
        # Inline Markdown markers outside link targets and URLs (check_markdown).
        md = _URL.sub(" ", linked) if _has_url(linked) else linked
        self.markers = (md.count("**"), md.count("__"), md.count("`"), md.replace("**", "").count("*"))
        self._numbers: dict[str | None, list[Number]] = {}
        self._words: Counter[int] | None = None
        self._plain_len: int | None = None

    def numbers(self, locale: str | None) -> list[Number]:
        found = self._numbers.get(locale)
        if found is None:
            found = self._numbers[locale] = _extract_numbers(self.plain, locale)
        return found

    @property
    def number_words(self) -> Counter[int]:
        if self._words is None:
            self._words = Counter(_NUMBER_WORDS[w.lower()] for w in _WORD_RE.findall(self.plain)
                                  if w.lower() in _NUMBER_WORDS)
        return self._words

    @property
    def plain_len(self) -> int:
        if self._plain_len is None:
            self._plain_len = len(self.plain.strip())
        return self._plain_len


@functools.lru_cache(maxsize=8192)
def _facts(text: str) -> _Text:
    return _Text(text)


def _diff(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    s, t = Counter(source), Counter(target)
    return sorted((s - t).elements()), sorted((t - s).elements())


def _quote(items: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in items)

# -- numbers ------------------------------------------------------------------

# Scale words that may follow a number, in every language we handle (a number
# followed by one is compared both with and without the scale: "200 million" ==
# "2억" == "200 triệu").
_SCALES = {
    "thousand": 3, "million": 6, "billion": 9, "trillion": 12,
    "천": 3, "만": 4, "억": 8, "조": 12,
    "พัน": 3, "หมื่น": 4, "แสน": 5, "ล้าน": 6,
    "nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9,
    "ribu": 3, "juta": 6, "miliar": 9, "bilion": 9, "triliun": 12, "trilion": 12,
    "libo": 3, "milyon": 6, "bilyon": 9,
    "ពាន់": 3, "ម៉ឺន": 4, "សែន": 5, "លាន": 6, "ប៊ីលាន": 9,
    "ພັນ": 3, "ໝື່ນ": 4, "ແສນ": 5, "ລ້ານ": 6,
    "ထောင်": 3, "သောင်း": 4, "သိန်း": 5, "သန်း": 6,
}
_SCALE_RE = re.compile(
    r"\s?((?:" + "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True)) + r")+)", re.IGNORECASE
)
_SCALE_PART = re.compile("|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True)), re.IGNORECASE)

# Words in an English source that a translation may legitimately write as digits.
_NUMBER_WORDS = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)},
    **{w: i for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 1)},
    **{w: i for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1)},
}
_WORD_RE = re.compile(r"[A-Za-z]+")

# Calendars a locale may write years in: Buddhist era (+543; Khmer +544).
_YEAR_OFFSETS = {"th": (543,), "lo": (543,), "km": (543, 544), "my": ()}


@dataclass(frozen=True)
class Number:
    text: str
    values: frozenset[Decimal]


@functools.cache
def _digit_table() -> dict[int, str]:
    return str.maketrans(digit_value_map())


def _ascii_digits(text: str) -> str:
    text = text.translate(_digit_table())
    if text.isascii():
        return text
    # Any other decimal digit (Arabic-Indic, full-width...) by its Unicode value.
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


@functools.lru_cache(maxsize=4096)
def _raw_number_values(raw: str) -> frozenset[Decimal]:
    """Every value ``raw`` can mean: '1,000' is 1000 (or 1.000); '1,5' and '1.5' are 1.5."""
    digits = _ascii_digits(raw)
    groups = _NUMBER_SEP.split(digits)
    if len(groups) == 1:
        return frozenset({Decimal(digits)})
    seps = _NUMBER_SEP.findall(digits)
    values: set[Decimal] = set()
    if all(len(g) == 3 for g in groups[1:]) and len(set(seps)) == 1:
        values.add(Decimal("".join(groups)))  # thousands grouping
    if seps[-1] in ".,":  # the last separator as the decimal mark
        head, tail = groups[:-1], groups[-1]
        if len(head) == 1 or (all(len(g) == 3 for g in head[1:]) and len(set(seps[:-1])) == 1 and seps[-1] not in seps[:-1]):
            try:
                values.add(Decimal(f"{''.join(head)}.{tail}"))
            except InvalidOperation:
                pass
    if not values:  # "2017.12.07": compare as separate numbers below
        return frozenset()
    return frozenset(v.normalize() for v in values)


def _number_values(raw: str) -> set[Decimal]:
    return set(_raw_number_values(raw))


def extract_numbers(text: str, locale: str | None = None) -> list[Number]:
    """The numbers in ``text`` (any script's digits), each with every value it may mean.

    With ``locale``, years in that locale's era also mean their Gregorian year.
    """
    return list(_facts(text).numbers(locale))


def _extract_numbers(plain: str, locale: str | None) -> list[Number]:
    out: list[Number] = []
    offsets = _YEAR_OFFSETS.get(locale) if locale is not None else None
    for m in _NUMBER.finditer(plain):
        raw = m.group(0)
        values = _number_values(raw)
        if not values:
            for part in _NUMBER_SEP.split(raw):
                out.append(Number(part, frozenset({Decimal(_ascii_digits(part)).normalize()})))
            continue
        scale = _SCALE_RE.match(plain, m.end())
        if scale:
            exponent = sum(_SCALES[p.lower()] for p in _SCALE_PART.findall(scale.group(1)))
            values |= {(v * Decimal(10) ** exponent).normalize() for v in values}
        if offsets is not None:
            # A translation may write a year in the local era: 2561 BE is 2018.
            for v in list(values):
                if v == v.to_integral_value() and 2400 <= v <= 2700:
                    values |= {v - off for off in offsets}
        out.append(Number(raw, frozenset(values)))
    return out

_SCRIPT_RANGES = [
    ((0x0041, 0x005A), "Latin"), ((0x0061, 0x007A), "Latin"), ((0x00C0, 0x024F), "Latin"),
    ((0x1E00, 0x1EFF), "Latin"), ((0x0250, 0x02AF), "Latin"),
    ((0x0E00, 0x0E7F), "Thai"), ((0x0E80, 0x0EFF), "Laoo"),
    ((0x1780, 0x17FF), "Khmr"), ((0x19E0, 0x19FF), "Khmr"),
    ((0x1000, 0x109F), "Mymr"), ((0xA9E0, 0xA9FF), "Mymr"), ((0xAA60, 0xAA7F), "Mymr"),
    ((0xAC00, 0xD7A3), "Kore"), ((0x1100, 0x11FF), "Kore"), ((0x3130, 0x318F), "Kore"),
    ((0x4E00, 0x9FFF), "Hani"), ((0x3400, 0x4DBF), "Hani"),
]


@functools.lru_cache(maxsize=4096)
def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    code = ord(char)
    for (low, high), script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return "Other"


# Scripts counted in C: str.translate maps each letter to a one-letter script code
# (and drops everything that is not a letter), then str.count tallies each code.
_SCRIPT_CODES = {"Latin": "L", "Thai": "T", "Laoo": "A", "Khmr": "K", "Mymr": "M", "Kore": "O", "Hani": "H",
                 "Other": "X"}
_CODE_SCRIPTS = {code: script for script, code in _SCRIPT_CODES.items()}
# The Latin letters above ASCII (_SCRIPT_RANGES): without one, a text has no accented Latin.
_ACCENTED_LATIN = re.compile("[\u00c0-\u024f\u0250-\u02af\u1e00-\u1eff]")


class _TranslateTable(dict[int, str | None]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __init__(self, value_of: Callable[[str], str | None]):
        super().__init__()
        self.value_of = value_of

    def __missing__(self, code: int) -> str | None:
        value = self[code] = self.value_of(chr(code))
        return value


def _script_code(char: str) -> str | None:
    script = _script_of(char)
    return _SCRIPT_CODES[script] if script else None


def _latin_code(char: str) -> str | None:
    if _script_of(char) != "Latin":
        return None
    return "b" if ord(char) > 0x7F else "a"


_SCRIPT_TABLE = _TranslateTable(_script_code)
_LATIN_TABLE = _TranslateTable(_latin_code)


def _script_counts(text: str) -> dict[str, int]:
    """Letters per script (non-letters not counted), like ``Counter(map(_script_of, text))``."""
    codes = text.translate(_SCRIPT_TABLE)
    return {_CODE_SCRIPTS[code]: codes.count(code) for code in set(codes)}
