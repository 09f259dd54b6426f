"""Running the checks: over one text, one PO entry, a catalog, or explicit PO files (``pressflow check``)."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.catalogs import Catalog, Entry, load_catalog
from workflow.catalogs.formats import formats_of
from workflow.errors import CatalogError, LocaleError
from workflow.catalogs.validate import Problem, msgfmt_problems
from workflow.locales import resolve_locale
from workflow.review.checks import gettext, markup, numbers, style, terms
from workflow.review.checks.base import (
    CHECKS,
    CREDIT_ENTRIES,
    CheckContext,
    Finding,
    Severity,
    blocking_errors,
    overridden_as_warnings,
)
from workflow.review.checks.base import check_origin as _origin
from workflow.review.glossary import Glossary

if TYPE_CHECKING:
    from workflow.review.checks.cache import CheckCache

#: The check families, in report order: the registry is kept in this order
#: (and, within a family, in the order its checks are defined).
FAMILIES = (markup, gettext, numbers, terms, style)
_FAMILY_ORDER = [family.__name__ for family in FAMILIES]
CHECKS.sort(key=lambda spec: _FAMILY_ORDER.index(spec.function.__module__))

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


def _pairs(entry: Entry) -> list[tuple[str, str, str]]:
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
    entry: Entry, source_lang: str, locale: str, glossary: Glossary | None = None,
    *, only: Iterable[str] | None = None,
) -> list[Finding]:
    """QA findings for one PO entry; an untranslated entry (every msgstr "") has none.

    The glossary is used from ``source_lang``'s side (:meth:`Glossary.for_source`).
    """
    if not entry.msgid or (entry.msgctxt, entry.msgid) in CREDIT_ENTRIES:
        return []
    if glossary is not None and glossary.source_language != source_lang:
        glossary = glossary.for_source(source_lang)
    languages = formats_of(entry.flags) if entry.flags else frozenset()
    return _check_forms(entry, CheckContext(source_lang, locale, glossary, _origin(entry), languages), only)


def _check_forms(entry: Entry, ctx: CheckContext, only: Iterable[str] | None = None) -> list[Finding]:
    """:func:`check_entry` once the entry is known to be checked and ``ctx`` is made."""
    if not entry.msgid_plural:
        if entry.msgstr == "":
            return []
        # The common case: one form, no label, nothing to deduplicate across forms.
        return check_text(entry.msgid, entry.msgstr, ctx, only=only)
    pairs = _pairs(entry)
    if all(t == "" for _, _, t in pairs):
        return []
    ctx = dataclasses.replace(ctx, nplurals=len(pairs))
    seen: set[tuple[str, str]] = set()
    findings = []
    multiple = len(pairs) > 1
    for index, (label, source, target) in enumerate(pairs):
        for finding in check_text(source, target, dataclasses.replace(ctx, plural_form=index), only=only):
            if (finding.check, finding.message) in seen:
                continue
            seen.add((finding.check, finding.message))
            findings.append(Finding(finding.check, finding.severity, (label if multiple else "") + finding.message))
    return findings


def check_catalog(
    catalog: Iterable[Entry], source_lang: str, locale: str, glossary: Glossary | None = None,
) -> list[tuple[Entry, Finding]]:
    """Findings for every active entry of a catalog, in file order."""
    return [(entry, f) for entry in catalog for f in check_entry(entry, source_lang, locale, glossary)]

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


def locale_of_path(path: Path, catalog: Catalog | None = None) -> str | None:
    """The locale of a PO file (:func:`workflow.locales.resolve_locale`: Language header, then path), or None."""
    try:
        return resolve_locale(None, catalog.locale if catalog is not None else None, path)
    except LocaleError:
        return None


def require_locale(path: Path, catalog: Catalog | None = None, shown: str | Path | None = None,
                   explicit: str | None = None) -> str:
    """:func:`workflow.locales.resolve_locale` for a PO file; a CatalogError naming ``shown`` (default ``path``)."""
    try:
        return resolve_locale(explicit, catalog.locale if catalog is not None else None, path)
    except LocaleError as exc:
        raise CatalogError(str(exc), shown if shown is not None else path) from None


def restates_msgfmt(problems: Iterable[Problem]) -> Callable[[int, Finding], bool]:
    """``(entry line, finding) -> bool``: the finding is a ``placeholders`` error saying what one of
    ``problems`` (msgfmt -c's, reported at the msgstr line as check ``gettext``) already says."""
    said = {(p.entry_line, p.message) for p in problems if p.entry_line}
    return lambda line, f: f.check == "placeholders" and (line, f.message) in said


def check_files(
    paths: Iterable[Path], *, source_lang: str = "en", glossary: Glossary | None = None,
    relpath: Callable[[Path], str] = str, source_lang_of: Callable[[Path], str] | None = None,
    locale: str | None = None,
) -> list[Report]:
    """Run every check over explicit PO files (of any gettext project): what ``msgfmt -c``
    rejects (check ``gettext``), the locale (``locale``, else the Language header, else the path),
    then the QA checks of every entry."""
    reports: list[Report] = []
    for path in paths:
        path = Path(path)
        catalog = load_catalog(path)
        lang = source_lang_of(path) if source_lang_of else source_lang
        shown = relpath(path)
        start = len(reports)
        problems = msgfmt_problems(catalog, path)
        restated = restates_msgfmt(problems)
        for problem in problems:   # what msgfmt -c rejects, at msgfmt's path:line
            line = problem.line or catalog.header_line or 1
            finding = Finding("gettext", Severity.ERROR, f"{problem.message} (msgfmt -c)")
            reports.append(Report(path, line, finding, shown))
        try:
            file_locale = require_locale(path, catalog, explicit=locale)
        except CatalogError as exc:
            reports.append(Report(path, catalog.header_line or 1, Finding("locale", Severity.ERROR, exc.message),
                                  shown))
            continue
        for entry in catalog:
            findings = check_entry(entry, lang, file_locale, glossary)
            if not findings:
                continue
            line = getattr(entry, "linenum", 0) or 0
            for finding in overridden_as_warnings(findings, blocking_errors(entry, findings)):
                if not restated(line, finding):   # one problem, one line: msgfmt's
                    reports.append(Report(path, line, finding, shown))
        reports[start:] = sorted(reports[start:], key=lambda r: r.line)
    return reports


def __getattr__(name: str) -> object:
    """``CheckCache``, kept at this old path: it lives in :mod:`workflow.review.checks.cache`, which
    a build imports without the checks themselves (they are loaded on its first cache miss)."""
    if name == "CheckCache":
        from workflow.review.checks.cache import CheckCache

        return CheckCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
