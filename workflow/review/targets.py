"""Targets: which catalogs a command looks at (a workspace's release × locale catalogs, or explicit PO files)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.catalogs import load_catalog
from workflow.catalogs.extract import SOURCE_HEADER
from workflow.errors import CatalogError, ReleaseError, WorkflowError
from workflow.locales import LOCALES, header_language
from workflow.review.checks.run import require_locale
from workflow.review.index import Index, ReleaseInfo, Target
from workflow.sources.releases import SLUG_RE
from workflow.wording import counted

if TYPE_CHECKING:
    from workflow.workspace import Workspace


def workspace_targets(ws: Workspace, releases: Iterable[str] = (), locales: Iterable[str] = (),
                      index: Index | None = None) -> list[Target]:
    """Release × target catalogs of a workspace, earliest release first (each release's
    targets are the selected site languages but its own)."""
    locale_list = ws.select_locales(tuple(locales))
    wanted = tuple(releases)
    if index is not None:
        infos = index.releases()
    else:
        infos = [ReleaseInfo(r.path, r.slug, r.date.isoformat(), r.lang) for r in ws.releases()]
    if wanted:
        # Validate the selectors with the workspace's own rules (slug or path; clear errors).
        chosen = {r.slug for r in ws.select_releases(wanted)} if index is None else _select(ws, infos, wanted)
        infos = [i for i in infos if i.slug in chosen]
    infos.sort(key=lambda i: (i.date, i.slug))
    order = {code: n for n, code in enumerate(LOCALES)}
    locale_list = sorted(locale_list, key=lambda c: order.get(c, 99))
    # ws.po_path() resolves every path (safe_join); with 18,000 catalogs that is most
    # of the run, so join under the resolved folder once, for slugs that cannot escape it.
    base = ws.locales_dir
    targets = []
    for info in infos:
        safe = SLUG_RE.match(info.slug) is not None
        pot = base.joinpath(f"{info.slug}.pot") if safe else ws.pot_path(info.slug)
        for locale in locale_list:
            if locale == info.lang:
                continue  # a release is never translated into its own language
            po = base.joinpath(locale, "LC_MESSAGES", f"{info.slug}.po") if safe else ws.po_path(locale, info.slug)
            targets.append(Target(po, locale, info.slug, info.date, info.lang, pot))
    return targets


def _select(ws: Workspace, infos: list[ReleaseInfo], selectors: tuple[str, ...]) -> set[str]:

    by_slug = {i.slug: i for i in infos}
    by_path = {i.path.resolve(): i for i in infos}
    chosen = set()
    for sel in selectors:
        info = by_slug.get(sel) or by_path.get(Path(sel).resolve())
        if info is None:
            known = ", ".join(sorted(by_slug)[:20]) or "none"
            raise ws.broken_release(sel) or ReleaseError(f"no release {sel!r} in this workspace (known: {known})")
        chosen.add(info.slug)
    return chosen


def path_targets(paths: Iterable[str | Path], ws: Workspace | None = None, source_lang: str | None = None,
                 *, strict: bool = True) -> list[Target]:
    """Targets for explicit PO files (any gettext project; the locale from the header or the path).

    The msgids' language (``Target.source_lang``) is ``source_lang`` when given (``--source``),
    else the workspace release's language (a file named after a release of ``ws``), else the
    catalog's ``X-Source-Language`` header (as ``pressflow update`` writes it), else the
    workspace's ``source_language``, else ``en``. Raises CatalogError for a missing file, a
    header naming no known language, and (``strict``) a file whose locale cannot be told;
    with ``strict=False`` such a file gets locale ``""`` instead.
    """
    out = []
    releases: dict[str, tuple[str, str]] | None = None  # slug -> (language, date), read once
    for raw in paths:
        path = Path(raw).resolve()
        if not path.is_file():
            raise CatalogError("no such file", raw)
        catalog = load_catalog(path)
        # Every command decides the same way: Language header, then the path (workflow.locales.resolve_locale).
        try:
            locale = require_locale(path, catalog, shown=raw)
        except CatalogError:
            if strict:
                raise
            locale = ""
        if ws is not None and releases is None:
            try:
                releases = {r.slug: (r.lang, r.date.isoformat()) for r in ws.releases()}
            except WorkflowError:
                releases = {}
        lang, date = (releases or {}).get(path.stem, ("", ""))
        if source_lang:
            lang = source_lang
        elif not lang:
            lang = _header_source(catalog.metadata.get(SOURCE_HEADER), raw) or (
                ws.source_language if ws is not None and ws.source_language else "en")
        out.append(Target(path, locale, path.stem, date, lang))
    return out


def _header_source(value: str | None, shown: str | Path) -> str:
    """The language an ``X-Source-Language`` header names (canonical code), ``""`` when absent
    or ``C`` / ``POSIX`` (a program's own strings: the workspace's source language applies)."""
    try:
        return header_language(value)  # any CLDR locale: explicit files may be any project's
    except WorkflowError:
        raise CatalogError(f"{SOURCE_HEADER}: {(value or '').strip()!r} is not a known language", shown) from None


def own_language_note(ws: Workspace, releases: Iterable[str] = (), locales: Iterable[str] = ()) -> str | None:
    """A hint when a chosen locale is the source language of chosen releases, else None.

    A release has no catalog in its own language, so ``-l ko`` finds nothing of a Korean
    release: e.g. ``ko is the source language of 2 releases (ai-chip-plan, ...): a release
    has no catalog in its own language``.
    """
    wanted = set(ws.select_locales(tuple(locales))) if locales else set()
    if not wanted:
        return None
    chosen = ws.select_releases(tuple(releases))
    notes = []
    for locale in sorted(wanted):
        own = [r.slug for r in chosen if r.lang == locale]
        if own:
            names = ", ".join(own[:3]) + (", ..." if len(own) > 3 else "")
            notes.append(f"{locale} is the source language of {counted(len(own), 'release')} "
                         f"({names})")
    if not notes:
        return None
    return "; ".join(notes) + ": a release has no catalog in its own language"
