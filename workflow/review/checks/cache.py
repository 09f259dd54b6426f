"""The QA check cache: :func:`~workflow.review.checks.run.check_entry`'s findings, each distinct
unit checked once.

Kept apart from :mod:`workflow.review.checks.run` so that what only holds a cache (a build
whose catalogs the status index already summarised) does not import the checks: they are
imported on the cache's first miss.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.review.checks.base import CREDIT_ENTRIES, CheckContext, check_origin

if TYPE_CHECKING:
    from workflow.catalogs import Entry
    from workflow.review.checks.base import Finding
    from workflow.review.glossary import Glossary


class CheckCache:
    """:func:`check_entry` with one glossary, remembering the findings of every unit it checked.

    The checks read only the source and translation forms, the format flags, the
    draft's origin and the two languages (never the context or the file), so
    units with all of those equal (the boilerplate every release of a newsroom
    repeats, one sentence in many catalogs) are checked once. Findings are
    immutable; each call returns a new list. At most ``limit`` units are kept.
    """

    def __init__(self, glossary: Glossary | None, limit: int = 100_000):
        self.glossary = glossary
        self.limit = limit
        self._sided: dict[str, Glossary | None] = {}
        self._found: dict[tuple[object, ...], list[Finding]] = {}

    def __call__(self, entry: Entry, source_lang: str, locale: str) -> list[Finding]:
        if not entry.msgid or (entry.msgctxt, entry.msgid) in CREDIT_ENTRIES:
            return []
        if entry.msgid_plural:
            forms: tuple[str, ...] = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int))
        elif entry.msgstr == "":
            return []
        else:
            forms = (entry.msgstr,)
        languages: frozenset[str] = frozenset()
        if entry.flags:
            from workflow.catalogs.formats import formats_of  # loaded by the first flagged entry

            languages = formats_of(entry.flags)
        origin = check_origin(entry)
        key = (source_lang, locale, entry.msgid, entry.msgid_plural, forms, languages, origin)
        found = self._found.get(key)
        if found is None:
            from workflow.review.checks.run import _check_forms  # the checks: loaded on the first miss

            if source_lang not in self._sided:
                glossary = self.glossary
                if glossary is not None and glossary.source_language != source_lang:
                    glossary = glossary.for_source(source_lang)
                self._sided[source_lang] = glossary
            found = _check_forms(entry, CheckContext(source_lang, locale, self._sided[source_lang], origin,
                                                     languages))
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[key] = found
        return list(found)
