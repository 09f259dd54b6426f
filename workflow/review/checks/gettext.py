"""Checks from gettext: a translation keeps the source's placeholders (format directives, tags, entities).

``placeholders`` (error) compares what :mod:`workflow.catalogs.placeholders` finds in the
source and in the translation: the format directives of the entry's ``*-format`` flags,
HTML/XML tags (by name: attribute values may be translated) and entities. Reordering is
fine where the language allows it (``%1$s``, ``%(name)s``, ``{name}``); for C and Python
formats the exact ``msgfmt -c`` check (argument types and order) applies too. A plural
form other than the last may leave a number directive out (a form used for one n:
"one file"); ``msgfmt -c`` itself, which knows the catalog's Plural-Forms, is run by
``pressflow check`` on whole files (:func:`workflow.catalogs.validate.msgfmt_problems`).
"""
from __future__ import annotations

from collections.abc import Iterator

from workflow.catalogs import formats
from workflow.catalogs.placeholders import placeholders
from workflow.review.checks.base import CheckContext, Severity, check


def _show(items: list[str]) -> str:
    return ", ".join(items)


@check("placeholders", Severity.ERROR)
def check_placeholders(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Translation lacks, adds or breaks placeholders of the source (format directives, tags, entities)."""
    if not target:
        return
    languages = ctx.formats
    if not languages and "<" not in source + target and "&" not in source + target:
        return
    want = placeholders(source, languages, guess=False)
    have = placeholders(target, languages, guess=False)
    missing = list((want - have).elements())   # in the order of the source
    extra = list((have - want).elements())
    if ctx.plural_form is not None and ctx.plural_form < ctx.nplurals - 1:
        missing = []   # a form for a single n ("one file") may leave the number out
    if missing:
        yield f"lacks the source's {_show(missing)}"
    if extra:
        yield f"has {_show(extra)} the source lacks"
    if missing or extra:
        return
    for language in sorted(languages & formats.CHECKED):
        if ctx.plural_form is not None:
            continue   # per-form strictness needs the catalog's Plural-Forms: msgfmt_problems covers it
        for message in formats.check_format(language, source, None, [target]):
            yield message
