"""Catalogs: GNU gettext PO files read, written msgcat-exactly, merged as msgmerge does; extract/update.

Modules, low to high: :mod:`.linebreak` (UAX #14 line breaking, display width) <
:mod:`.wrap` (msgcat's string wrapper); :mod:`.model` (``Catalog``, ``Entry``, fuzzy and
translated state, new catalogs) < :mod:`.parse` (PO parser, ``load_catalog``) <
:mod:`.write` (``render_catalog``, ``save_catalog``, ``edit_catalog``); :mod:`.model` <
:mod:`.merge` (``merge_catalog`` as msgmerge). :mod:`.extract` (extract/update of
releases) sits above sources and the workspace and is not re-exported here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.catalogs.linebreak import display_width
from workflow.catalogs.model import Catalog, Entry, is_fuzzy, is_translated, new_catalog, set_fuzzy
from workflow.catalogs.parse import load_catalog, parse_catalog
from workflow.catalogs.wrap import PAGE_WIDTH
from workflow.catalogs.write import edit_catalog, render_catalog, save_catalog

__all__ = [
    "Catalog", "Entry", "MergeStats", "PAGE_WIDTH", "parse_catalog", "load_catalog", "render_catalog",
    "save_catalog", "edit_catalog", "new_catalog", "is_fuzzy", "set_fuzzy", "is_translated",
    "merge_catalog", "display_width",
]

if TYPE_CHECKING:
    from workflow.catalogs.merge import MergeStats, merge_catalog


def __getattr__(name: str) -> object:
    """``merge_catalog`` and ``MergeStats``, imported on first use (``pressflow fmt`` never merges)."""
    if name in ("merge_catalog", "MergeStats"):
        from workflow.catalogs import merge

        return getattr(merge, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
