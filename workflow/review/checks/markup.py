"""Checks on markup: empty text, unsafe HTML or links, masking tokens, pseudo-localization, Markdown, URLs.

Translations are untrusted input: markup a translation adds that the source
lacks (raw HTML, ``javascript:`` links) is an error, whoever wrote it.
"""
from __future__ import annotations

from collections.abc import Iterator

from workflow.review.checks.base import CheckContext, Severity, check
from workflow.review.checks.text import _ACCENTED_LATIN, _LATIN_TABLE, _diff, _facts, _quote

@check("empty", Severity.ERROR)
def check_empty(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Translation is empty or whitespace only (unless the source is: dpkg's " " -> " ")."""
    if not target.strip() and (source.strip() or not target):
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
