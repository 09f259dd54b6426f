"""Releases and plain text to translation units: the public functions."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workflow.errors import ConfigError
from workflow.locales import get_locale

if TYPE_CHECKING:
    from workflow.sources.releases import Release
    from workflow.sources.segmentation.core import Splitter

MODES = ("sentence", "paragraph")

_LANGUAGES = ("en", "id", "ms", "vi", "fil", "ko", "th", "km", "my", "lo")


def _load_splitter(lang: str) -> Splitter:
    """The splitter of ``lang``, importing its module (and the library it uses) now."""
    if lang == "ko":
        from workflow.sources.segmentation.korean import korean_cuts

        return korean_cuts
    if lang == "th":
        from workflow.sources.segmentation.thai import thai_cuts

        return thai_cuts
    if lang == "km":
        from workflow.sources.segmentation.khmer import khmer_cuts

        return khmer_cuts
    if lang == "my":
        from workflow.sources.segmentation.burmese import burmese_cuts

        return burmese_cuts
    if lang == "lo":
        from workflow.sources.segmentation.lao import lao_cuts

        return lao_cuts
    from workflow.sources.segmentation.latin import cutter

    return cutter(lang)


class _Splitters(Mapping[str, "Splitter"]):
    """Language -> splitter. A language's module is imported when its first text is split:
    a command that never splits text (a build reusing the segments the status index
    keeps) loads none of them, nor pysbd."""

    def __init__(self) -> None:
        self._loaded: dict[str, Splitter] = {}

    def __getitem__(self, lang: str) -> Splitter:
        splitter = self._loaded.get(lang)
        if splitter is None:
            if lang not in _LANGUAGES:
                raise KeyError(lang)
            splitter = self._loaded[lang] = _load_splitter(lang)
        return splitter

    def __iter__(self) -> Iterator[str]:
        return iter(_LANGUAGES)

    def __len__(self) -> int:
        return len(_LANGUAGES)


#: The splitter of each language; its module's docstring documents its rules.
SPLITTERS: Mapping[str, Splitter] = _Splitters()


@dataclass(frozen=True)
class Unit:
    """One translatable unit of a release."""

    text: str          # the msgid: inline Markdown kept as in the source
    kind: str          # title, subtitle, heading, paragraph, bullet, numbered, note, quote, correction
    line: int          # 1-based line where its block starts (title_line/subtitle_line for those)
    block: int | None  # index into release.blocks (None for title, subtitle and corrections)
    index: int         # position of the sentence within its block (0 in paragraph mode; a correction's number)


def _normalize(text: str) -> str:
    # Called for every sentence of every page a build renders. The same as
    # re.sub(r"\s+", " ", text).strip(): str.split and \s agree on what is whitespace.
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def _split_cached(text: str, lang: str) -> tuple[str, ...]:
    from workflow.sources.segmentation.core import mask, slice_at, unmask
    from workflow.sources.segmentation.lines import byline_end, list_sequence_cuts, marker_only

    masked, spans = mask(text)
    cuts = SPLITTERS[lang](masked)
    if (byline := byline_end(masked)) is not None:
        cuts.append(byline)  # "By Kim Min-ji The ministry said …": the byline is a unit of its own
    # A piece that starts a numbered list is cut before the list's next items:
    # "다음과 같다. 1. 칩 개발 2. 테스트베드 구축" -> "1. 칩 개발", "2. 테스트베드 구축".
    for start in (0, *cuts):
        rest = masked[start:]
        start += len(rest) - len(rest.lstrip())
        cuts += [start + c for c in list_sequence_cuts(masked[start:])]
    pieces: list[str] = []
    for piece in slice_at(masked, cuts):
        if pieces and marker_only(pieces[-1]):
            pieces[-1] += " " + piece  # "2." cut off its item: "penggunaannya. 2. Terhadap …"
        else:
            pieces.append(piece)
    return tuple(p for p in (unmask(piece, spans).strip() for piece in pieces) if p)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one block of ``text`` into sentences of language ``lang`` (whitespace normalised).

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
    # Correction notes (front matter) are translated like the body: one unit each, whole.
    for number, correction in enumerate(release.corrections):
        units.append(Unit(_normalize(correction.note), "correction", correction.line, None, number))
    return units


def segment_text(text: str, lang: str, mode: str = "sentence") -> list[str]:
    """Units of plain text (``pressflow segment``).

    Paragraphs are separated by blank lines. Inside a paragraph, wrapped lines
    are joined, but a line that starts with a list or outline marker (``1.``,
    ``-``, ``□``, ``가.``) begins a new unit (see :mod:`.lines`). Each piece is
    then split into sentences (or kept whole in ``paragraph`` mode).
    """
    from workflow.sources.segmentation.lines import chunks

    _check_mode(mode)
    units: list[str] = []
    for paragraph in re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n")):
        for chunk in chunks(paragraph):
            units.extend(segment_block(chunk, lang, mode))
    return units


def join_sentences(sentences: list[str], lang: str) -> str:
    """Rebuild a paragraph from its (translated) sentences with the locale's joiner."""
    joiner = get_locale(lang).sentence_joiner
    # _normalize inlined, in lists (faster than generators for str.join): this runs for
    # every paragraph of every page a build renders.
    return joiner.join([text for text in [" ".join(s.split()) for s in sentences] if text])


def unit_separators(block_text: str, units: Sequence[str]) -> list[str | None]:
    """What separated each two consecutive ``units`` in ``block_text`` (whitespace normalised):
    ``" "`` or ``""`` ("media on-line Kompas." | "Com dengan …" had none), one entry per gap.

    An entry is None where the units cannot be found in order in the block (a stale unit list).
    """
    text = _normalize(block_text)
    out: list[str | None] = []
    position: int | None = 0  # where the previous unit ended in ``text``; None if it was not found
    for number, unit in enumerate(units):
        found = text.find(unit, position or 0)
        if number:
            gap = text[position:found] if position is not None and found >= 0 else "?"
            out.append(None if gap.strip() else gap)
        position = found + len(unit) if found >= 0 else None
    return out


def join_as_source(pieces: Sequence[str], separators: Sequence[str | None], lang: str) -> str:
    """Rebuild a paragraph of the source language from its units, putting back what separated them
    (:func:`unit_separators`), so the page shows the release's own text; a None separator is the
    locale's joiner, as in :func:`join_sentences`. ``pieces`` and ``separators`` may be HTML."""
    joiner = get_locale(lang).sentence_joiner
    out = [pieces[0]] if pieces else []
    for number, piece in enumerate(pieces[1:]):
        separator = separators[number] if number < len(separators) else None
        out.append(joiner if separator is None else separator)
        out.append(piece)
    return "".join(out)
