"""Protect what machine translation must not change, and put it back afterwards.

Before a unit goes to an engine, its placeholders (format directives of the entry's
``*-format`` flags such as ``%d``, ``%(name)s``, ``{count}``, HTML/XML tags and entities:
see :mod:`workflow.catalogs.placeholders`; a :class:`~workflow.catalogs.placeholders.SourceText`
carries the flags) become tokens first, whole. Then inline Markdown markup (``**``, ``*``, the
brackets and URL of ``[text](url)``, inline code), URLs, e-mail addresses,
numbers and do-not-translate terms are replaced with numbered tokens ``⟦0⟧``,
``⟦1⟧``...  Link text and emphasised words stay visible to the engine, so they are
translated, while the markup around them travels as tokens the engine moves with
the words.

The mathematical white square brackets are outside every script we translate
into, are not Markdown, and engines pass them through unchanged; engines that
insert spaces (``⟦ 0 ⟧``) are tolerated when restoring. A token the engine drops
is reported as *lost*; a token left in the output after restoring (invented or
duplicated by the engine) is visible to QA through :data:`TOKEN_RE`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workflow.catalogs.placeholders import placeholder_spans

#: A masking token in any text: QA flags drafts where one is left over.
TOKEN_RE = re.compile(r"⟦\s*(\d+)\s*⟧")

_URL = r"(?:https?://|ftp://|www\.)[^\s<>()\[\]⟦⟧]*[^\s<>()\[\]⟦⟧.,;:!?'\"]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# Digits with thousands/decimal separators and an optional percent sign: 1,234.5 / 13 / 2.5%
_NUMBER = r"(?<![\w.])\d+(?:[.,]\d+)*%?(?!\w)"
_CODE = r"`[^`\n]+`"
# [text](url): the brackets and the (url) part become tokens, the text stays.
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]+(?:\s+\"[^\"]*\")?)\)")
# **strong** / *em* / __strong__ / _em_: the markers become tokens.
_EMPHASIS = re.compile(r"(?P<m>\*\*|__|\*|_)(?=\S)(?P<text>.+?)(?<=\S)(?P=m)(?!\w)")


@dataclass
class Masked:
    """A masked text: ``text`` goes to the engine, ``tokens[i]`` is what ``⟦i⟧`` stands for."""

    text: str
    tokens: list[str] = field(default_factory=list)

    def restore(self, translated: str) -> Restored:
        return unmask(translated, self.tokens)


@dataclass
class Restored:
    """An engine's output with tokens put back; ``lost`` lists originals the engine dropped."""

    text: str
    lost: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lost


def _term_pattern(terms: Iterable[str]) -> str | None:
    # Longest first so "ASEAN-Korea" wins over "ASEAN"; word edges only where the
    # term starts/ends with a word character (terms like "C++" have none).
    alternatives = []
    for term in sorted({t for t in terms if t and t.strip()}, key=len, reverse=True):
        left = r"(?<!\w)" if re.match(r"\w", term) else ""
        right = r"(?!\w)" if re.search(r"\w$", term) else ""
        alternatives.append(f"{left}{re.escape(term)}{right}")
    return "|".join(alternatives) or None


class Masker:
    """Masks texts for one run; the do-not-translate terms are compiled once."""

    def __init__(self, do_not_translate: Iterable[str] = ()):
        parts = [f"(?:{TOKEN_RE.pattern})", _CODE, _URL, _EMAIL]
        terms = _term_pattern(do_not_translate)
        if terms:
            parts.append(f"(?:{terms})")
        parts.append(_NUMBER)
        parts.append(r"\*+")  # a lone note marker (TELMIN*) left after emphasis pairs
        self._atoms = re.compile("|".join(f"(?:{p})" for p in parts))

    def mask(self, text: str) -> Masked:
        """Mask ``text`` (a plain str, or a SourceText carrying the entry's format flags)."""
        tokens: list[str] = []

        def token(original: str) -> str:
            tokens.append(original)
            return f"⟦{len(tokens) - 1}⟧"

        def atoms(segment: str) -> str:
            return self._atoms.sub(lambda m: token(m.group(0)), segment)

        def emphasis(segment: str) -> str:
            out, pos = [], 0
            for m in _EMPHASIS.finditer(segment):
                out.append(atoms(segment[pos:m.start()]))
                marker = m.group("m")
                out.append(token(marker) + emphasis(m.group("text")) + token(marker))
                pos = m.end()
            out.append(atoms(segment[pos:]))
            return "".join(out)

        def markdown(segment: str) -> str:
            # Links first (their URL must not be split by the URL or number rules), then
            # emphasis, then atoms inside the remaining plain runs. Code spans are
            # protected before emphasis so `a*b*c` inside code stays intact.
            out, pos = [], 0
            for m in _LINK.finditer(segment):
                out.append(self._plain(segment[pos:m.start()], emphasis, token))
                out.append(token("[") + self._plain(m.group("text"), emphasis, token) + token(f"]({m.group('url')})"))
                pos = m.end()
            out.append(self._plain(segment[pos:], emphasis, token))
            return "".join(out)

        # Placeholders (format directives, tags, entities) are tokens whole, before any other rule.
        out, pos = [], 0
        for start, end in placeholder_spans(text):
            out.append(markdown(text[pos:start]))
            out.append(token(text[start:end]))
            pos = end
        out.append(markdown(text[pos:]))
        return Masked("".join(out), tokens)

    def _plain(self, segment: str, emphasis, token) -> str:
        # Keep code spans and URLs whole before looking for emphasis markers in them.
        out, pos = [], 0
        for m in re.finditer(f"{_CODE}|{_URL}", segment):
            out.append(emphasis(segment[pos:m.start()]))
            out.append(token(m.group(0)))
            pos = m.end()
        out.append(emphasis(segment[pos:]))
        return "".join(out)


def mask(text: str, do_not_translate: Iterable[str] = ()) -> Masked:
    """Mask one text (see :class:`Masker` to mask many with the same terms)."""
    return Masker(do_not_translate).mask(text)


def unmask(translated: str, tokens: list[str]) -> Restored:
    """Put the originals back; a token the engine dropped is listed in ``lost``."""
    seen: set[int] = set()

    def put_back(m: re.Match) -> str:
        index = int(m.group(1))
        if index < len(tokens) and index not in seen:
            seen.add(index)
            return tokens[index]
        return m.group(0)  # invented or duplicated by the engine: left for QA to see

    text = TOKEN_RE.sub(put_back, translated)
    lost = [tokens[i] for i in range(len(tokens)) if i not in seen]
    return Restored(text, lost)
