"""Checks on terminology: do-not-translate terms and the glossary's translations."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workflow.review.checks.base import CheckContext, Severity, check
from workflow.review.checks.text import _quote
from workflow.review.glossary import Glossary, GlossaryHit, Term


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
            # Name the term as the source writes it ('과학기술정보통신부', not the glossary's English key).
            said = term.term if ctx.glossary.terms_in == ctx.source_lang else hit.matched
            yield f"{said!r} should be {' or '.join(repr(f) for f in forms)}"
