"""Rendering: a release plus one locale's catalog → a page model of safe HTML.

Translations are untrusted input (machine output, a translator's Poedit, a web
form). Everything in them is escaped, and the only markup that survives is the
inline Markdown the *source* unit already had: a translation may keep the
source's ``**bold**`` and its link to ``https://msit.go.kr``, but it cannot add
a link, an image or a ``javascript:`` URL the source did not have.

The page is rebuilt from the source release's structure (blocks and their
sentences, as :func:`workflow.sources.segmentation.segment_release` cuts them), so a
translator can reorder words but never the document.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from workflow.locales import get_locale
from workflow.sources.releases import Release
from workflow.sources.segmentation import Unit, join_as_source, join_sentences, unit_separators

if TYPE_CHECKING:
    from babel import Locale as BabelLocale

# ---------------------------------------------------------------------------
# Inline Markdown → safe HTML, constrained by the source unit
# ---------------------------------------------------------------------------

# Leftmost match wins; at one position the earlier alternative wins (a link is
# taken whole before its text could be taken as emphasis).
_INLINE = re.compile(
    r"""
      (?P<code>(?P<ticks>`+)(?P<code_text>.+?)(?P=ticks))
    | (?P<image>!\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\))
    | (?P<link>\[(?P<link_text>[^\]\n]*)\]\((?P<link_url>[^)\s]*)(?:\s+"(?P<link_title>[^"]*)")?\))
    | (?P<auto><(?P<auto_url>(?:https?://|mailto:)[^>\s]+)>)
    | (?P<strong>(?<![\w*])\*\*(?=[^\s*])(?P<strong_text>.+?)(?<=[^\s*])\*\*(?!\*))   # "Rights**" is a note marker
    | (?P<strong_u>__(?=\S)(?P<strong_u_text>.+?)(?<=\S)__)
    | (?P<em>(?<![\w*)\]])\*(?=[^\s*])(?P<em_text>[^*\n]*?)(?<=[^\s*])\*(?!\*))
    | (?P<em_u>(?<!\w)_(?=[^\s_])(?P<em_u_text>[^_\n]*?)(?<=[^\s_])_(?!\w))
    """,
    re.VERBOSE,
)

SAFE_SCHEMES = frozenset({"http", "https", "mailto", ""})
_CHAR_REF = re.compile(r"&#?[0-9A-Za-z]+;")


def safe_url(url: str) -> bool:
    """http, https, mailto or a relative URL; no control characters or whitespace.

    Browsers drop tabs and newlines inside URLs ("java\\tscript:"), so any
    control character or space makes a URL unsafe outright.
    """
    if not url or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return False
    # A relative URL whose first segment holds a colon or a character reference
    # ("javascript&colon;...") is a scheme to a lenient consumer that decodes
    # entities first (a feed reader, a CMS import): refuse it.
    first = re.split(r"[/?#]", url, maxsplit=1)[0]
    if not parts.scheme and (":" in first or _CHAR_REF.search(first)):
        return False
    return True


@dataclass(frozen=True)
class InlineProfile:
    """The inline constructs a unit may render: their kinds and the link targets."""

    kinds: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()


PLAIN = InlineProfile()


def _kind(match: re.Match[str]) -> str:
    name = match.lastgroup
    # lastgroup is the last *closed* group, which is an inner one; find the outer.
    for outer in ("code", "image", "link", "auto", "strong", "strong_u", "em", "em_u"):
        if match.group(outer) is not None:
            name = outer
            break
    return {"strong_u": "strong", "em_u": "em", "auto": "link"}.get(name or "", name or "")


def _inner(match: re.Match[str]) -> str:
    for name in ("strong_text", "strong_u_text", "em_text", "em_u_text", "link_text"):
        if match.group(name) is not None:
            return match.group(name)
    return ""


def _target(match: re.Match[str]) -> str:
    return match.group("link_url") if match.group("link") is not None else match.group("auto_url")


@functools.lru_cache(maxsize=65536)
def inline_profile(source: str) -> InlineProfile:
    """What the source unit's inline Markdown uses (only safe link targets count)."""
    kinds: set[str] = set()
    targets: set[str] = set()

    def walk(text: str) -> None:
        for match in _INLINE.finditer(text):
            kind = _kind(match)
            if kind == "link":
                url = _target(match)
                if not safe_url(url):
                    continue
                targets.add(url)
                if match.group("link") is not None:
                    walk(match.group("link_text"))
            elif kind in ("strong", "em"):
                walk(_inner(match))
            kinds.add(kind)

    walk(source)
    kinds.discard("image")  # images are never rendered from a unit: a page is text
    return InlineProfile(frozenset(kinds), frozenset(targets))


def render_inline(text: str, profile: InlineProfile = PLAIN) -> Markup:
    """Escape ``text``; render only the inline Markdown that ``profile`` allows.

    A construct the profile does not allow stays visible as its escaped source
    characters, so nothing a translator typed is silently lost.
    """
    if not profile.kinds:
        return escape(text)
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        kind = _kind(match)
        html = _render_construct(match, kind, profile)
        if html is None:
            continue  # not allowed: left in place and escaped with the text around it
        out.append(str(escape(text[pos:match.start()])))
        out.append(html)
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _render_construct(match: re.Match[str], kind: str, profile: InlineProfile) -> str | None:
    if kind not in profile.kinds:
        return None
    if kind == "code":
        return f"<code>{escape(match.group('code_text').strip() or match.group('code_text'))}</code>"
    if kind == "strong":
        return f"<strong>{render_inline(_inner(match), profile)}</strong>"
    if kind == "em":
        return f"<em>{render_inline(_inner(match), profile)}</em>"
    if kind == "link":
        url = _target(match)
        if url not in profile.targets or not safe_url(url):
            return None
        if match.group("link") is not None:
            # No links inside a link: HTML forbids nesting <a>.
            inner = render_inline(match.group("link_text"), InlineProfile(profile.kinds - {"link"}))
            title = match.group("link_title")
        else:
            inner, title = escape(url), None
        title_attr = f' title="{escape(title)}"' if title else ""
        return f'<a href="{escape(url)}"{title_attr}>{inner}</a>'
    return None


def render_unit(source: str, translation: str | None = None) -> Markup:
    """A unit's HTML: the translation (or the source) with the source's inline Markdown."""
    return render_inline(source if translation is None else translation, inline_profile(source))


@functools.lru_cache(maxsize=65536)  # every unit of a release is on ten pages
def unit_id(msgid: str, msgctxt: str | None = None) -> str:
    """Stable id of a unit (``data-unit``), for linking a preview unit to an editor."""
    key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

# Thai government sites print the Buddhist Era year (CE + 543) with no era name:
# "7 ธันวาคม 2561". CLDR's Thai long format is Gregorian with "ค.ศ.".
BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_LOCALES = frozenset({"th"})


# (locale, ISO date) -> text: what builds remembered in the status index (publish/dates.py), so a
# build of known dates loads no CLDR data at all; and the texts made since, for the next build.
KNOWN_DATES: dict[tuple[str, str], str] = {}
NEW_DATES: dict[tuple[str, str], str] = {}


@functools.lru_cache(maxsize=65536)  # a newsroom's dates × ten locales, each on a page and an index
def format_date(date: _dt.date, locale: str) -> str:
    """The release date in the locale's long format (Thai: Buddhist Era), from CLDR via Babel."""
    key = (locale, date.isoformat())
    text = KNOWN_DATES.get(key)
    if text is None:
        text = NEW_DATES[key] = _format_date(date, locale)
    return text


def _format_date(date: _dt.date, locale: str) -> str:
    babel_locale, pattern = _long_date_format(locale)
    text = pattern % _DateFields(date, locale, babel_locale)  # DateTimePattern.apply
    if locale in BUDDHIST_ERA_LOCALES:
        text = text.replace(_ERA_YEAR, str(date.year + BUDDHIST_ERA_OFFSET))
    return text


# The calendar year's place in a Buddhist Era pattern: a quoted literal (no CLDR field), replaced
# by the BE year once the date is formatted; so the pattern is parsed once per locale, not per date.
_ERA_YEAR = "{BE-year}"

# The part of a date that the text of a CLDR date field depends on, for the fields a long
# date pattern uses (day, month, calendar year, era); Babel formats each other field anew.
_FIELD_PARTS: dict[str, Callable[[_dt.date], object]] = {
    "d": lambda date: date.day, "M": lambda date: date.month, "L": lambda date: date.month,
    "y": lambda date: date.year, "G": lambda date: date.year > 0,
}
_FIELD_TEXTS: dict[tuple[str, str, object], str] = {}  # (locale, field, part of the date) -> Babel's text


class _DateFields:
    """The fields of one date for ``DateTimePattern.format % fields``: Babel's ``DateTimeFormat``
    text of each, kept by the part of the date it depends on (the month's name is looked up
    once per locale and month, not once per date)."""

    __slots__ = ("date", "locale", "babel_locale")

    def __init__(self, date: _dt.date, locale: str, babel_locale: BabelLocale):
        self.date, self.locale, self.babel_locale = date, locale, babel_locale

    def __getitem__(self, name: str) -> str:
        part = _FIELD_PARTS.get(name[0])
        key = (self.locale, name, part(self.date) if part is not None else self.date)
        text = _FIELD_TEXTS.get(key) if part is not None else None
        if text is None:
            from babel.dates import DateTimeFormat

            text = DateTimeFormat(self.date, self.babel_locale)[name]
            if part is not None:
                _FIELD_TEXTS[key] = text
        return text


def prepare_date_format(locale: str, days: Iterable[str]) -> None:
    """Load the CLDR data that formatting ``days`` (ISO dates) in ``locale`` needs, unless their
    texts are remembered (a build does this before forking its workers, for them to inherit)."""
    if any((locale, day) not in KNOWN_DATES for day in days):
        _long_date_format(locale)


@functools.lru_cache(maxsize=None)
def _long_date_format(locale: str) -> tuple[BabelLocale, str]:
    """The Babel ``Locale`` of a locale code and its CLDR long date pattern as a ``%`` format
    (``DateTimePattern.format``), looked up once; for a Buddhist Era locale without the era
    name and with :data:`_ERA_YEAR` for the year (Thai government sites print "2 ธันวาคม 2567")."""
    from babel import Locale
    from babel.dates import get_date_format, parse_pattern

    babel_locale = Locale.parse(get_locale(locale).babel)
    pattern = get_date_format("long", locale=babel_locale)
    if locale not in BUDDHIST_ERA_LOCALES:
        return babel_locale, str(pattern.format)
    text = re.sub(r"G+\s*", "", pattern.pattern).strip()
    text = re.sub(r"y+", f"'{_ERA_YEAR}'", text)
    return babel_locale, str(parse_pattern(text).format)


# ---------------------------------------------------------------------------
# Page model
# ---------------------------------------------------------------------------


@dataclass
class UnitView:
    """One rendered unit, with what preview highlighting and fallbacks need."""

    html: Markup
    state: str            # review state label: approved, draft, needs review, ...
    uid: str
    fallback: bool        # shown in the source language
    source_lang: str
    preview: bool = False

    def __html__(self) -> str:
        return _unit_html(self.html, self.state, self.uid, self.fallback, self.source_lang, self.preview)


def _unit_html(html: Markup, state: str, uid: str, fallback: bool, source_lang: str, preview: bool) -> str:
    """:meth:`UnitView.__html__` (``uid`` is read only for a preview)."""
    if preview:
        css = state.replace(" ", "-")
        lang = f' lang="{source_lang}"' if fallback else ""
        return f'<span class="unit unit-{css}" data-state="{css}" data-unit="{uid}"{lang}>{html}</span>'
    if fallback:
        return f'<span class="fallback" lang="{source_lang}">{html}</span>'
    return str(html)


@dataclass
class BlockView:
    kind: str                  # heading, paragraph, quote, note, bullet, numbered
    html: Markup
    level: int = 0             # heading level (2..6), list-item number


@dataclass
class ListView:
    kind: str                  # "list": bullet or numbered items grouped
    ordered: bool
    items: list[BlockView] = field(default_factory=list)


@dataclass
class CorrectionView:
    """One correction notice on a page: its date and its (translated) note."""

    date: _dt.date
    date_text: str
    html: Markup


@dataclass
class Page:
    """Everything a release template needs for one language version."""

    release: Release
    locale: str
    title: Markup
    subtitle: Markup
    date_text: str
    body: list[BlockView | ListView]
    title_text: str            # plain text, for <title> and Open Graph
    description: str           # plain text summary (subtitle or first paragraph)
    counts: dict[str, int]     # units per review state label
    total: int
    approved: int
    fallback: int              # units shown in the source language
    preview: bool = False
    corrections: list[CorrectionView] = field(default_factory=list)  # newest first

    @property
    def updated(self) -> _dt.date:
        """The release date, or the date of the latest correction this version shows."""
        return max([self.release.date, *(c.date for c in self.corrections)])

    @property
    def complete(self) -> bool:
        return self.fallback == 0


# A translation is looked up as ``lookup(unit_text) -> (text or None, state label)``:
# None means "show the source", and the label is what preview shows.
Lookup = Callable[[str], "tuple[str | None, str]"]


def _plain(html: Markup) -> str:
    """``html.striptags()``, without its regular expressions for text with no tag or entity."""
    if "<" in html or "&" in html:
        return html.striptags()
    return " ".join(str.split(html))  # str.split: Markup.split makes a Markup of each word


def build_page(release: Release, locale: str, units: Iterable[Unit], lookup: Lookup, *, preview: bool = False) -> Page:
    """Fill the release's structure with the texts ``lookup`` gives, sentence by sentence."""
    source_lang = release.lang
    title: list[str] = []  # each unit's HTML
    subtitle: list[str] = []
    per_block: dict[int | None, list[str]] = {}
    block_units: dict[int | None, list[str]] = {}  # each block's unit texts (msgids), in order
    corrections: list[CorrectionView] = []
    counts: dict[str, int] = {}
    total = approved = fallback = 0
    own_language = locale == source_lang  # the source page puts back the release's own separators
    for unit in units:
        text, state = lookup(unit.text)
        total += 1
        counts[state] = counts.get(state, 0) + 1
        if state == "approved":
            approved += 1
        is_fallback = text is None and not own_language
        fallback += is_fallback
        # The unit's HTML as its UnitView would give it (no view object per unit, render_unit
        # inlined: this runs for every sentence of every page a build renders).
        profile = inline_profile(unit.text)
        shown = unit.text if text is None else text
        rendered = render_inline(shown, profile) if profile.kinds else escape(shown)
        html = (_unit_html(rendered, state, unit_id(unit.text) if preview else "", is_fallback, source_lang, preview)
                if preview or is_fallback else str(rendered))
        kind = unit.kind
        if kind == "title":
            title.append(html)
        elif kind == "subtitle":
            subtitle.append(html)
        elif kind == "correction":
            if unit.index < len(release.corrections):
                day = release.corrections[unit.index].date
                corrections.append(CorrectionView(day, format_date(day, locale), Markup(html)))
        else:
            per_block.setdefault(unit.block, []).append(html)
            if own_language:
                block_units.setdefault(unit.block, []).append(unit.text)

    def joined(sentences: list[str], block: int | None = None) -> Markup:
        # Each sentence is already safe HTML; joining with the locale's separator
        # (and normalising spaces) cannot make it unsafe. The source language's own page puts
        # back what separated its units in the release ("Kompas." + "Com": nothing), so it
        # shows the original text; whitespace between units is all a separator can be.
        if locale == source_lang and block is not None and len(sentences) > 1:
            separators = unit_separators(release.blocks[block].text, block_units.get(block, []))
            return Markup(join_as_source(sentences, separators, locale))
        return Markup(join_sentences(sentences, locale))

    body: list[BlockView | ListView] = []
    first_paragraph = ""
    for number, block in enumerate(release.blocks):
        views = per_block.get(number)
        if not views:
            continue
        html = joined(views, number)
        if block.kind in ("bullet", "numbered"):
            ordered = block.kind == "numbered"
            if not (body and isinstance(body[-1], ListView) and body[-1].ordered == ordered):
                body.append(ListView("list", ordered))
            body[-1].items.append(BlockView(block.kind, html, block.level))  # type: ignore[union-attr]
            continue
        level = min(max(block.level, 1) + 1, 6) if block.kind == "heading" else block.level
        body.append(BlockView(block.kind, html, level))
        if not first_paragraph and block.kind == "paragraph":
            first_paragraph = _plain(html)
    title_html, subtitle_html = joined(title), joined(subtitle)
    description = _plain(subtitle_html) or first_paragraph
    if len(description) > 300:
        description = description[:297].rsplit(" ", 1)[0] + "…"
    return Page(
        release=release, locale=locale, title=title_html, subtitle=subtitle_html,
        date_text=format_date(release.date, locale), body=body, title_text=_plain(title_html),
        description=description, counts=counts, total=total, approved=approved, fallback=fallback,
        preview=preview, corrections=sorted(corrections, key=lambda c: c.date, reverse=True),
    )
