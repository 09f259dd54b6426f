"""Placeholders of a message: what a translation must carry over unchanged.

A placeholder is a format directive of the message's format languages (its ``*-format``
flags: ``%d``, ``%(name)s``, ``{count}``, ``$HOME``, ``%1``...; see
:mod:`workflow.catalogs.formats`), an HTML/XML tag (``<b>``, ``</a>``, ``<br/>``) or a
character entity (``&amp;``, ``&#8212;``). Machine translation masks them
(:mod:`workflow.translation.masking`) and the ``placeholders`` QA check compares them.

Entries without a format flag (WordPress and many other catalogs flag nothing) are masked
with a conservative guess (:data:`GUESSED`): printf directives that end in a conversion
letter, Python ``%(name)s`` and ``{name}``. A ``no-*-format`` flag turns that language's
guess off.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import workflow.catalogs.formats as formats

__all__ = ["SourceText", "source_text", "placeholder_spans", "placeholders", "tag_name", "TAG_RE", "ENTITY_RE"]

TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:_.-]*(?:\s[^<>]*)?/?>", re.S)
ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

#: Languages guessed for an entry without any format flag, with their conservative patterns.
GUESSED = ("c", "python", "python-brace")
_GUESS_RES = {
    "c": re.compile(r"%(?:[1-9][0-9]*\$)?[-+#0']*[0-9]*(?:\.[0-9]+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcsp]"),
    "python": re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-+ #0]*[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrsa]"),
    "python-brace": re.compile(r"\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]{}]*\])*"
                               r"(?:![rsa])?(?::[^{}]*)?\}"),
}


class SourceText(str):
    """A source text that knows its message's format languages (``formats``) and the ones its
    flags rule out (``excluded``); equal to and hashed as the plain string."""

    formats: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    def __new__(cls, text: str, formats: Iterable[str] = (), excluded: Iterable[str] = ()) -> SourceText:
        self = super().__new__(cls, text)
        self.formats = frozenset(formats)
        self.excluded = frozenset(excluded)
        return self


def source_text(text: str, flags: Iterable[str]) -> SourceText:
    """``text`` with the format languages of an entry's ``flags``."""
    flags = list(flags)
    excluded = {f[3:-7] for f in flags if f.startswith("no-") and f.endswith("-format")}
    return SourceText(text, formats.formats_of(flags), excluded)


def _languages(text: str) -> tuple[frozenset[str], bool]:
    declared: frozenset[str] = getattr(text, "formats", frozenset())
    if declared:
        return declared, False
    return frozenset(GUESSED) - getattr(text, "excluded", frozenset()), True


def placeholder_spans(text: str, languages: Iterable[str] | None = None, *, guess: bool | None = None,
                      markup: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every placeholder in ``text``, in order, without overlaps.

    ``languages`` default to those ``text`` carries (a :class:`SourceText`), else the
    guessed ones; ``guess`` forces the conservative patterns on or off.
    """
    if languages is None:
        langs, guessed = _languages(text)
    else:
        langs, guessed = frozenset(languages), False
    if guess is not None:
        guessed = guess
    spans: list[tuple[int, int]] = []
    for language in sorted(langs):
        if guessed and language in _GUESS_RES:
            spans += [m.span() for m in _GUESS_RES[language].finditer(text)]
        else:
            spans += [s for s in formats.directive_spans(language, text) if s[1] > s[0]]
    if markup:
        if "<" in text:
            spans += [m.span() for m in TAG_RE.finditer(text)]
        if "&" in text:
            spans += [m.span() for m in ENTITY_RE.finditer(text)]
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def tag_name(tag: str) -> str:
    """``<a href="x">`` -> ``<a>``, ``</A>`` -> ``</a>``, ``<br />`` -> ``<br/>`` (attributes may be translated)."""
    m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9:_.-]*)[^<>]*?(/?)>$", tag, re.S)
    if m is None:
        return tag
    return f"<{m.group(1)}{m.group(2).lower()}{m.group(3)}>"


def placeholders(text: str, languages: Iterable[str] | None = None, *, guess: bool | None = None) -> Counter[str]:
    """The placeholders of ``text`` as a multiset (tags by name only, see :func:`tag_name`)."""
    out: Counter[str] = Counter()
    for start, end in placeholder_spans(text, languages, guess=guess):
        piece = text[start:end]
        out[tag_name(piece) if piece.startswith("<") and TAG_RE.fullmatch(piece) else piece] += 1
    return out
