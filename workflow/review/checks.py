"""QA checks on translations, each a plain function tagged with a severity.

Modelled on Babel's checkers: :data:`CHECKS` is the registry, in the order
findings are reported. A check receives the source text, one translation form
and a :class:`CheckContext`, and yields messages; the registry tags them with
its name and severity. An **error** blocks approval (unless forced with a
recorded reason, see :mod:`workflow.review.actions`); a **warning** is shown.

Translations are untrusted input: markup a translation adds that the source
lacks (raw HTML, ``javascript:`` links) is an error, whoever wrote it.
"""
from __future__ import annotations

import enum
import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from workflow.review.glossary import Glossary, GlossaryHit, Term
from workflow.locales import LOCALES, digit_value_map, get_locale


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity.value, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Finding:
        return cls(data["check"], Severity(data["severity"]), data["message"])


@dataclass(frozen=True)
class CheckContext:
    source_lang: str
    locale: str
    glossary: Glossary | None = None
    origin: str = "person"  # review.origin_of(entry): an engine name, 'pseudo', 'person'...


CheckFunction = Callable[[str, str, CheckContext], Iterable[str]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    function: CheckFunction
    doc: str


#: The registry, in report order. Add a check with :func:`check`.
CHECKS: list[Check] = []

#: Bump when a check changes, so cached results (the status index) are recomputed.
CHECKS_VERSION = "1"


def check(name: str, severity: Severity) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as the check ``name`` with ``severity``."""

    def register(function: CheckFunction) -> CheckFunction:
        doc = (function.__doc__ or "").strip().split("\n")[0]
        CHECKS.append(Check(name, severity, function, doc))
        return function

    return register


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
    from workflow.translation.masking import TOKEN_RE

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


_LOOKBEHIND, _LOOKAHEAD = r"(?<!\w)", r"(?!\w)"
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def _literal_of(pattern: re.Pattern[str]) -> str | None:
    """The literal term a glossary pattern matches (word-edge guards and escapes removed), or None."""
    body = pattern.pattern
    body = body.removeprefix(_LOOKBEHIND)
    body = body.removesuffix(_LOOKAHEAD)
    literal = _ESCAPED.sub(r"\1", body)
    return literal if literal and re.escape(literal) == body else None


class _GlossaryFacts:
    """Per-glossary data the checks reuse: do-not-translate terms and a fast lookup.

    :meth:`lookup` gives exactly ``glossary.lookup(text, locale)``: the glossary's
    own patterns, in its order, with its longest-first selection. What makes it
    fast is a substring test before each pattern (an all-caps term must occur
    as is; on ASCII text a mixed-case term must occur lowercased), so the ~40
    patterns of a glossary are not all scanned over every sentence, and the raw
    hits of a source sentence are found once for its nine target locales.
    """

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.size = len(glossary.terms)
        self.do_not_translate = glossary.do_not_translate
        self.any_dnt = bool(self.do_not_translate)
        # (term, pattern, literal or None, lowercased literal for ASCII case-insensitive matching)
        self.patterns: list[tuple[Term, re.Pattern[str], str | None, str | None]] | None = []
        try:
            # The very patterns Glossary.lookup uses (same terms, same order).
            compiled = glossary._patterns
        except AttributeError:  # a glossary without them: use its public lookup
            self.patterns = None
            compiled = []
        for term, pattern in compiled:
            literal = _literal_of(pattern)
            folded = None
            if literal is not None and pattern.flags & re.IGNORECASE:
                if literal.isascii():
                    folded = literal.lower()
                else:
                    literal = None  # Unicode case folding: no cheap exact pre-test, always scan
            assert self.patterns is not None
            self.patterns.append((term, pattern, literal, folded))
        self._raw: dict[str, list[GlossaryHit]] = {}
        self._hits: dict[tuple[str, str | None], tuple[GlossaryHit, ...]] = {}

    def _raw_hits(self, text: str) -> list[GlossaryHit]:
        """Every match of every term in ``text``, in glossary order, before overlaps are resolved."""
        raw = self._raw.get(text)
        if raw is not None:
            return raw
        assert self.patterns is not None
        raw = []
        ascii_text = text.isascii()
        lowered = text.lower() if ascii_text else ""
        for term, pattern, literal, folded in self.patterns:
            if literal is not None:
                if folded is None:
                    if literal not in text:  # case-sensitive: the term must occur as is
                        continue
                elif ascii_text and folded not in lowered:
                    continue
            for m in pattern.finditer(text):
                raw.append(GlossaryHit(term, m.start(), m.end(), m.group(0)))
        if len(self._raw) > 16384:  # bounded: a status run sees every sentence of the newsroom
            self._raw.clear()
        self._raw[text] = raw
        return raw

    def lookup(self, text: str, locale: str | None = None) -> tuple[GlossaryHit, ...]:
        """``glossary.lookup(text, locale)``, cached so the nine locales of one source share the scan."""
        key = (text, locale)
        hits = self._hits.get(key)
        if hits is not None:
            return hits
        if self.patterns is None:
            hits = tuple(self.glossary.lookup(text, locale))
        else:
            # The selection of Glossary.lookup: longest first, then leftmost; a hit
            # overlapping a kept one is hidden; result in text order.
            found = [h for h in self._raw_hits(text) if locale is None or h.term.accepted(locale)]
            if len(found) > 1:
                found.sort(key=lambda h: (-(h.end - h.start), h.start))
                kept: list[GlossaryHit] = []
                for hit in found:
                    if all(hit.end <= k.start or hit.start >= k.end for k in kept):
                        kept.append(hit)
                found = sorted(kept, key=lambda h: h.start)
            hits = tuple(found)
        if len(self._hits) > 32768:
            self._hits.clear()
        self._hits[key] = hits
        return hits


_GLOSSARIES: dict[int, _GlossaryFacts] = {}


def _glossary_facts(glossary: Glossary) -> _GlossaryFacts:
    # Keyed by identity (a Glossary is an unhashable dataclass); the entry keeps the
    # glossary alive, so its id cannot be reused while it is cached here.
    facts = _GLOSSARIES.get(id(glossary))
    if facts is None or facts.glossary is not glossary or facts.size != len(glossary.terms):
        if len(_GLOSSARIES) > 16:
            _GLOSSARIES.clear()
        facts = _GLOSSARIES[id(glossary)] = _GlossaryFacts(glossary)
    return facts


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


@check("empty", Severity.ERROR)
def check_empty(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Translation is empty or whitespace only."""
    if not target.strip():
        yield "translation is empty or whitespace only"


@check("unsafe_markup", Severity.ERROR)
def check_unsafe_markup(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Translation adds raw HTML or script links the source lacks (translations are untrusted)."""
    t = _facts(target)
    if not t.tags and not t.schemes:
        return
    s = _facts(source)
    if t.tags:
        _, added = _diff(s.tags, t.tags)
        if added:
            yield f"adds raw HTML the source lacks: {', '.join(f'<{t}>' for t in sorted(set(added)))}"
    schemes = t.schemes - s.schemes
    if schemes:
        yield f"adds a {'/'.join(sorted(schemes))}: link the source lacks"


@check("masking_token", Severity.ERROR)
def check_masking_token(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """A machine-translation masking token was left in the text."""
    t = _facts(target)
    if not t.tokens:
        return
    _, added = _diff(_facts(source).tokens, t.tokens)
    if added:
        yield f"masking token left over: {' '.join(added)}"


@check("pseudo", Severity.ERROR)
def check_pseudo(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Pseudo-localization left in (a pseudo draft, or bracketed accented Latin)."""
    if ctx.origin == "pseudo":
        yield "pseudo-localized draft: translate it before approval"
        return
    if target.isascii() or not _ACCENTED_LATIN.search(target):
        return  # no accented Latin letter at all
    letters = target.translate(_LATIN_TABLE)  # "a" per ASCII Latin letter, "b" per accented one
    accented = letters.count("b")
    latin = len(letters)
    if latin < 4:
        return
    share = accented / latin
    stripped = target.strip()
    bracketed = stripped[:1] in "[⟪«" and stripped[-1:] in "]⟫»" and not stripped.endswith(")")
    if (bracketed and share >= 0.4) or (share >= 0.7 and latin >= 8):
        yield "looks like pseudo-localization (accented Latin in brackets)"


@check("markdown", Severity.ERROR)
def check_markdown(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Inline Markdown (links, images, bold, code, note markers) or link targets differ."""
    s, t = _facts(source), _facts(target)
    s_links, t_links = s.links, t.links
    if s_links or t_links:
        missing, added = _diff((u for _, _, u in s_links), (u for _, _, u in t_links))
        if missing:
            yield f"link target missing or changed: {_quote(missing)}"
        if added:
            yield f"link target added: {_quote(added)}"
        s_img = sum(1 for bang, _, _ in s_links if bang)
        t_img = sum(1 for bang, _, _ in t_links if bang)
        if s_img != t_img:
            yield f"images differ: {s_img} in the source, {t_img} in the translation"
        if len(s_links) == len(t_links) and not missing and not added:
            for (_, s_text, _), (_, t_text, url) in zip(s_links, t_links):
                if s_text.strip() and not t_text.strip():
                    yield f"link to {url!r} has empty text"
    if s.markers == t.markers:
        return
    for (label, sm, tm) in zip(("bold (**)", "bold (__)", "code (`)"), s.markers, t.markers):
        if sm != tm:
            yield f"{label} markers differ: {sm} in the source, {tm} in the translation"
    s_star, t_star = s.markers[3], t.markers[3]
    if s_star != t_star:
        yield f"'*' markers (emphasis or note marker) differ: {s_star} in the source, {t_star} in the translation"


@check("urls", Severity.ERROR)
def check_urls(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """URLs or e-mail addresses differ."""
    s, t = _facts(source), _facts(target)
    if s.urls or t.urls:
        missing, added = _diff(s.urls, t.urls)
        if missing:
            yield f"URL missing or changed: {_quote(missing)}"
        if added:
            yield f"URL added: {_quote(added)}"
    if s.emails or t.emails:
        missing, added = _diff(s.emails, t.emails)
        if missing:
            yield f"e-mail address missing or changed: {_quote(missing)}"
        if added:
            yield f"e-mail address added: {_quote(added)}"


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


# check_numbers and check_extra_numbers run back to back on the same pair: match once.
_LAST_MATCH: tuple[tuple[str, str, str], tuple[list[Number], list[Number]]] | None = None


def _match_numbers(source: str, target: str, ctx: CheckContext) -> tuple[list[Number], list[Number]]:
    """(source numbers missing from the target, target numbers not in the source)."""
    global _LAST_MATCH
    key = (source, target, ctx.locale)
    last = _LAST_MATCH  # one read: safe if another thread replaces it meanwhile
    if last is not None and last[0] == key:
        return last[1]
    s = _facts(source)
    src = s.numbers(None)
    tgt = _facts(target).numbers(ctx.locale)
    if not src and not tgt:
        result: tuple[list[Number], list[Number]] = ([], [])
    else:
        unmatched = list(tgt)
        missing = []
        for number in src:
            hit = next((t for t in unmatched if t.values & number.values), None)
            if hit is None:
                missing.append(number)
            else:
                unmatched.remove(hit)
        extra = []
        if unmatched:
            words = Counter(s.number_words)
            for number in unmatched:
                explained = next((v for v in words if words[v] and Decimal(v) in number.values), None)
                if explained is None:
                    extra.append(number)
                else:
                    words[explained] -= 1
        result = (missing, extra)
    _LAST_MATCH = (key, result)
    return result


@check("numbers", Severity.ERROR)
def check_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """A number of the source is missing or changed (digits of any script compared by value)."""
    missing, _ = _match_numbers(source, target, ctx)
    if missing:
        yield f"number missing or changed: {', '.join(n.text for n in missing)}"


@check("extra_numbers", Severity.WARNING)
def check_extra_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation has numbers the source lacks (months and number words are allowed)."""
    _, extra = _match_numbers(source, target, ctx)
    if extra:
        yield f"number not in the source: {', '.join(n.text for n in extra)}"


# -- terminology ----------------------------------------------------------------


@check("do_not_translate", Severity.ERROR)
def check_do_not_translate(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """A do-not-translate term of the source was changed or dropped."""
    if ctx.glossary is None:
        return
    gloss = _glossary_facts(ctx.glossary)
    if not gloss.any_dnt:
        return
    needed = Counter(h.term.term for h in gloss.lookup(source) if h.term.do_not_translate)
    # Substring count on the target: scripts without spaces have no word edges.
    lost = [term for term, n in needed.items() if target.count(term) < n]
    if lost:
        yield f"do-not-translate term changed or missing: {_quote(sorted(lost))}"


@check("glossary", Severity.WARNING)
def check_glossary(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """A glossary term of the source is not translated as the glossary says."""
    if ctx.glossary is None:
        return
    hits = _glossary_facts(ctx.glossary).lookup(source, ctx.locale)
    if not hits:
        return
    folded = target.casefold()
    reported: set[str] = set()
    for hit in hits:
        term = hit.term
        if term.do_not_translate or term.term in reported:
            continue
        forms = term.accepted(ctx.locale)
        if forms and not any(f.casefold() in folded for f in forms):
            reported.add(term.term)
            yield f"{term.term!r} should be {' or '.join(repr(f) for f in forms)}"


# -- the text as a whole -------------------------------------------------------


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


@check("same_as_source", Severity.WARNING)
def check_same_as_source(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation is identical to the source."""
    if source.strip().casefold() != target.strip().casefold():
        return
    rest = _facts(source).plain
    if ctx.glossary is not None:
        for hit in sorted(_glossary_facts(ctx.glossary).lookup(rest), key=lambda h: -h.start):
            if hit.term.do_not_translate or hit.matched in hit.term.accepted(ctx.locale):
                rest = rest[: hit.start] + " " + rest[hit.end:]
    if len(_letters(rest)) >= 3:
        yield "translation is the same as the source"


# Typical length of a translation, in characters per source character of English.
_LENGTH_NORM = {"en": 1.0, "ko": 0.45, "id": 1.15, "ms": 1.15, "th": 0.95, "vi": 1.1,
                "fil": 1.25, "km": 1.1, "lo": 1.0, "my": 1.35}
_LENGTH_SPREAD = 2.5  # how far from the norm a ratio may be before we warn
_LENGTH_MIN_SOURCE = 20


@check("length_ratio", Severity.WARNING)
def check_length_ratio(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation is far longer or shorter than usual for the language pair."""
    s = _facts(source).plain_len
    if s < _LENGTH_MIN_SOURCE:
        return
    t = _facts(target).plain_len
    if not t:
        return
    norm = _LENGTH_NORM.get(ctx.locale, 1.0) / _LENGTH_NORM.get(ctx.source_lang, 1.0)
    ratio = t / s
    if ratio > norm * _LENGTH_SPREAD:
        yield f"translation is {ratio:.1f}× the source length (usual for {ctx.source_lang}→{ctx.locale}: about {norm:.1f}×)"
    elif ratio < norm / _LENGTH_SPREAD:
        yield f"translation is only {ratio:.2f}× the source length (usual for {ctx.source_lang}→{ctx.locale}: about {norm:.1f}×)"


_CLOSERS = "\"'”’»)]*`_ "
_TERMINAL = ".!?。។៕။…"


def _last_char(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


@check("end_punctuation", Severity.WARNING)
def check_end_punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """End punctuation does not follow the target language (Thai/Lao none, Khmer ។, Burmese ။)."""
    info = get_locale(ctx.locale)
    s_end, t_end = _last_char(source), _last_char(target)
    if not target.strip():
        return
    if s_end in "?!":
        if t_end not in "?!" + info.sentence_end and t_end != "？":
            yield f"source ends with {s_end!r}, the translation does not"
        return
    if s_end not in _TERMINAL:
        if t_end in _TERMINAL and t_end != "…":
            yield f"translation adds end punctuation {t_end!r} the source lacks"
        return
    if s_end == "…":
        return
    if not info.sentence_end:
        if t_end == ".":
            yield f"{info.english_name} sentences do not end with '.'"
    elif info.sentence_end == ".":
        if t_end not in ".!?…":
            yield "translation should end with '.' like the source"
    elif t_end not in info.sentence_end + "៕?!":
        yield f"{info.english_name} sentences end with {info.sentence_end!r}" + (
            f", not {t_end!r}" if t_end in _TERMINAL else ""
        )


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


class _TranslateTable(dict):  # type: ignore[type-arg]
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

_SCRIPT_NAMES = {"Latin": "Latin", "Thai": "Thai", "Laoo": "Lao", "Khmr": "Khmer", "Mymr": "Burmese",
                 "Kore": "Korean", "Hani": "Chinese", "Other": "another"}


@check("script", Severity.ERROR)
def check_script(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Latin-only text in a non-Latin-script locale, or text in another locale's script."""
    info = get_locale(ctx.locale)
    t = _facts(target)
    rest = t.plain
    if ctx.glossary is not None:
        # Terms kept in Latin on purpose (MSIT, 5G, I-KOREA 4.0) do not count.
        for term in _glossary_facts(ctx.glossary).do_not_translate:
            if term in rest:
                rest = rest.replace(term, " ")
    counts = _script_counts(rest)
    if info.script == "Kore":
        counts["Kore"] = counts.get("Kore", 0) + counts.pop("Hani", 0)  # Hanja is part of Korean writing
    native = counts.get(info.script, 0)
    latin = counts.get("Latin", 0)
    if not info.latin_script and native == 0 and latin >= 3 and sum(counts.values()) == latin:
        yield f"Latin-only text in a {info.english_name} translation"
        return
    foreign = [(n, s) for s, n in counts.items() if s not in (info.script, "Latin")]
    if foreign:
        n, script = max(foreign)
        if n > native and n >= 3:
            yield f"text is in {_SCRIPT_NAMES.get(script, script)} script, not {info.english_name}"


# ---------------------------------------------------------------------------
# Running the checks
# ---------------------------------------------------------------------------


def check_text(source: str, target: str, ctx: CheckContext, *, only: Iterable[str] | None = None) -> list[Finding]:
    """Run the registry over one (source, translation) pair."""
    wanted = set(only) if only is not None else None
    findings = []
    for spec in CHECKS:
        if wanted is not None and spec.name not in wanted:
            continue
        for message in spec.function(source, target, ctx):
            findings.append(Finding(spec.name, spec.severity, message))
    return findings


def _pairs(entry: Any) -> list[tuple[str, str, str]]:
    """(label, source, translation) for each translation form of an entry."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        out = []
        for key in sorted(forms, key=int):
            source = entry.msgid if int(key) == 0 else entry.msgid_plural
            out.append((f"msgstr[{key}]: ", source, forms[key]))
        return out
    return [("", entry.msgid, entry.msgstr)]


def check_entry(
    entry: Any, source_lang: str, locale: str, glossary: Glossary | None = None,
    *, only: Iterable[str] | None = None,
) -> list[Finding]:
    """QA findings for one PO entry; an untranslated entry (every msgstr "") has none."""
    if not entry.msgid:
        return []
    if not entry.msgid_plural:
        if entry.msgstr == "":
            return []
        # The common case: one form, no label, nothing to deduplicate across forms.
        return check_text(entry.msgid, entry.msgstr, CheckContext(source_lang, locale, glossary, _origin(entry)),
                          only=only)
    pairs = _pairs(entry)
    if all(t == "" for _, _, t in pairs):
        return []
    ctx = CheckContext(source_lang, locale, glossary, _origin(entry))
    seen: set[tuple[str, str]] = set()
    findings = []
    multiple = len(pairs) > 1
    for label, source, target in pairs:
        for finding in check_text(source, target, ctx, only=only):
            if (finding.check, finding.message) in seen:
                continue
            seen.add((finding.check, finding.message))
            findings.append(Finding(finding.check, finding.severity, (label if multiple else "") + finding.message))
    return findings


def _origin(entry: Any) -> str:
    """``review.origin_of(entry)``: only a fuzzy entry can have another origin than
    'person', and skipping the stamp parsing for the rest saves a shlex pass per approval."""
    from workflow.catalogs import is_fuzzy
    from workflow.review.actions import origin_of

    return origin_of(entry) if is_fuzzy(entry) else "person"


def check_catalog(
    catalog: Any, source_lang: str, locale: str, glossary: Glossary | None = None,
) -> list[tuple[Any, Finding]]:
    """Findings for every active entry of a catalog, in file order."""
    return [(entry, f) for entry in catalog for f in check_entry(entry, source_lang, locale, glossary)]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# ---------------------------------------------------------------------------
# `pressflow check`: any PO files, or the whole workspace
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    path: Path
    line: int
    finding: Finding
    display: str = ""  # the path as printed (workspace-relative when possible)

    def format(self) -> str:
        return f"{self.display or self.path}:{self.line}: {self.finding.severity.value}: {self.finding.check}: {self.finding.message}"


def locale_of_path(path: Path, catalog: Any | None = None) -> str | None:
    """The locale of a PO file: its ``Language`` header, else ``<locale>/LC_MESSAGES/`` in its path."""
    code = (getattr(catalog, "locale", None) or "") if catalog is not None else ""
    for candidate in (code, code.replace("-", "_").split("_")[0] if code else ""):
        if candidate in LOCALES:
            return candidate
    parts = Path(path).parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and parts[-3] in LOCALES:
        return parts[-3]
    return None


def require_locale(path: Path, catalog: Any | None = None, shown: str | Path | None = None) -> str:
    """:func:`locale_of_path`, or a CatalogError naming ``shown`` (default ``path``) when it cannot tell."""
    from workflow.errors import CatalogError

    locale = locale_of_path(path, catalog)
    if locale is None:
        raise CatalogError("cannot tell the locale: no Language header and not under <locale>/LC_MESSAGES",
                           shown if shown is not None else path)
    return locale


def check_files(
    paths: Iterable[Path], *, source_lang: str = "en", glossary: Glossary | None = None,
    relpath: Callable[[Path], str] = str, source_lang_of: Callable[[Path], str] | None = None,
) -> list[Report]:
    """Run every check over explicit PO files (of any gettext project)."""
    from workflow.catalogs import load_catalog
    from workflow.review.actions import blocking_errors
    from workflow.review.status import overridden_as_warnings

    reports = []
    for path in paths:
        path = Path(path)
        catalog = load_catalog(path)
        locale = require_locale(path, catalog)
        lang = source_lang_of(path) if source_lang_of else source_lang
        for entry in catalog:
            findings = check_entry(entry, lang, locale, glossary)
            if not findings:
                continue
            for finding in overridden_as_warnings(findings, blocking_errors(entry, findings)):
                reports.append(Report(path, getattr(entry, "linenum", 0) or 0, finding, relpath(path)))
    return reports
