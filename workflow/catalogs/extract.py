"""``extract`` and ``update``: releases → POT templates → per-locale PO catalogs."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from workflow.catalogs.merge import MergeStats, merge_catalog
from workflow.catalogs.model import Catalog, new_catalog
from workflow.catalogs.parse import load_catalog
from workflow.catalogs.write import render_catalog, save_catalog
from workflow.errors import CatalogError, LocaleError, WorkflowError
from workflow.fsutil import locked, write_if_changed
from workflow.locales import resolve_locale
from workflow.sources.releases import Release
from workflow.sources.segmentation import segment_release
from workflow.workspace import Workspace


@dataclass
class ExtractResult:
    release: Release
    path: Path
    units: int
    changed: bool
    catalog: Catalog  # the template as written, so update need not parse it again
    repaired: CatalogError | None = None  # why the old template could not be read (it was written again)


@dataclass
class UpdateResult:
    """A catalog created or merged; or (``locale`` empty, ``repaired`` set) a release template
    that could not be read and was written again from its release."""

    path: Path
    locale: str
    created: bool
    changed: bool
    stats: MergeStats | None
    repaired: CatalogError | None = None


#: The header naming the language of a catalog's msgids (the release's source), as Poedit reads it.
SOURCE_HEADER = "X-Source-Language"


def build_template(release: Release, reference: str, mode: str, date: _dt.datetime | None = None) -> Catalog:
    """The POT for one release: one entry per distinct unit text, in document order.

    Its ``X-Source-Language`` header records the release's source language.
    """
    pot = new_catalog(None, project=release.slug, date=date)
    pot.metadata[SOURCE_HEADER] = release.lang
    for unit in segment_release(release, mode):
        entry = pot.find(unit.text)
        if entry is None:
            entry = pot.add(unit.text, occurrences=[(reference, str(unit.line))], comment=unit.kind)
        else:
            if (reference, str(unit.line)) not in entry.occurrences:
                entry.occurrences.append((reference, str(unit.line)))
            kinds = entry.comment.split("\n")
            if unit.kind not in kinds:
                entry.comment = "\n".join([*kinds, unit.kind])
    return pot


def extract_release(ws: Workspace, release: Release) -> ExtractResult:
    """Write ``locales/<slug>.pot``; the file is untouched when its units did not change.

    A template is generated output: one that cannot be parsed (truncated, a bad merge) is
    written again from the release, and ``repaired`` says what was wrong with it.
    """
    path = ws.pot_path(release.slug)
    reference = ws.relpath(release.path)
    repaired = None
    with locked(path):
        pot = build_template(release, reference, ws.config.segmentation)
        if path.exists():
            try:
                old = load_catalog(path)
            except CatalogError as exc:
                repaired = exc
            else:
                # Keep the old creation date when nothing else changed, so re-running
                # extract leaves git clean.
                pot.metadata["POT-Creation-Date"] = old.metadata.get("POT-Creation-Date", "")
                if render_catalog(pot) == path.read_text(encoding=old.encoding or "utf-8"):
                    ws.readable(path)
                    return ExtractResult(release, path, len(pot), False, pot)
                pot.metadata["POT-Creation-Date"] = new_catalog(None, project=release.slug).metadata["POT-Creation-Date"]
        changed = write_if_changed(path, render_catalog(pot))
    ws.readable(path)
    return ExtractResult(release, path, len(pot), changed, pot, repaired)


def extract(ws: Workspace, selectors: list[str] | tuple[str, ...] = ()) -> list[ExtractResult]:
    """Extract the selected releases (all by default). A release whose template cannot be
    written (its old POT is malformed, ...) is reported with ``ws.report`` and skipped."""
    results = []
    for release in ws.select_releases(selectors):
        try:
            results.append(extract_release(ws, release))
        except WorkflowError as exc:
            ws.report(exc if exc.path else type(exc)(exc.message, release.path))
    return results


def update_catalog(po_path: Path, pot: Catalog, locale: str, project: str) -> UpdateResult:
    """Create ``po_path`` from ``pot`` or merge ``pot`` into it (msgmerge semantics)."""
    with locked(po_path):
        if not po_path.exists():
            po = new_catalog(locale, project=project)
            po.metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", "")
            if pot.metadata.get(SOURCE_HEADER):
                po.metadata[SOURCE_HEADER] = pot.metadata[SOURCE_HEADER]
            stats = merge_catalog(po, pot)
            save_catalog(po, po_path)
            return UpdateResult(po_path, locale, True, True, stats)
        po = load_catalog(po_path)
        stats = merge_catalog(po, pot)
        changed = save_catalog(po, po_path)
        return UpdateResult(po_path, locale, False, changed, stats)


def update(
    ws: Workspace,
    locales: list[str] | tuple[str, ...] = (),
    selectors: list[str] | tuple[str, ...] = (),
) -> list[UpdateResult]:
    """Extract the selected releases, then create or merge their catalogs for each of their
    targets (the selected site languages but the release's own)."""
    results = []
    locale_list = ws.select_locales(locales)
    for extracted in extract(ws, selectors):
        if extracted.repaired is not None:
            results.append(UpdateResult(extracted.path, "", False, True, None, extracted.repaired))
        for locale in locale_list:
            if locale == extracted.release.lang:
                continue
            po_path = ws.po_path(locale, extracted.release.slug)
            try:
                results.append(update_catalog(po_path, extracted.catalog, locale, extracted.release.slug))
            except CatalogError as exc:  # a catalog that cannot be read is reported, skipped, never written
                ws.report(exc if exc.path else CatalogError(exc.message, po_path))
    return results


def update_explicit(po_path: Path, pot_path: Path) -> UpdateResult:
    """Merge any gettext project's POT into one of its PO files."""
    pot = load_catalog(pot_path)
    po = load_catalog(po_path)
    try:
        locale = resolve_locale(None, po.locale, po_path)   # the same resolution as check, status, translate
    except LocaleError as exc:
        raise CatalogError(str(exc), po_path) from None
    return update_catalog(po_path, pot, locale, po.metadata.get("Project-Id-Version", po_path.stem))


def update_targets(ws: Workspace, locales: list[str] | tuple[str, ...] = (), targets: list[str] | tuple[str, ...] = (),
                   pot_path: Path | None = None) -> list[UpdateResult]:
    """The ``update`` command: merge explicit ``.po`` TARGETS (with ``pot_path``, default
    ``locales/<stem>.pot``), then update the releases among TARGETS (all when no target is given)."""
    po_files = [t for t in targets if t.endswith(".po")]
    releases = [t for t in targets if not t.endswith(".po")]
    results = []
    for po in po_files:
        pot = pot_path or ws.pot_path(Path(po).stem)
        results.append(update_explicit(Path(po), Path(pot)))
    if releases or not po_files:
        results.extend(update(ws, locales, releases))
    return results
