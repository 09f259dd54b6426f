"""Catalogs: GNU gettext PO files read, written msgcat-exactly, merged as msgmerge does; extract/update.

Modules, low to high: :mod:`.linebreak` (UAX #14 line breaking, display width) <
:mod:`.wrap` (msgcat's string wrapper); :mod:`.model` (``Catalog``, ``Entry``, fuzzy and
translated state, new catalogs) < :mod:`.parse` (PO parser, ``load_catalog``) <
:mod:`.write` (``render_catalog``, ``save_catalog``, ``edit_catalog``); :mod:`.model` <
:mod:`.merge` (``merge_catalog`` as msgmerge). :mod:`.extract` (extract/update of
releases) sits above sources and the workspace and is not re-exported here.

The names of the two leaf modules are imported here; those of the modules that import
their siblings are imported on first access (PEP 562), since importing a submodule runs
this file first.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from workflow.catalogs.linebreak import display_width
from workflow.catalogs.model import Catalog, Entry, is_fuzzy, is_translated, new_catalog, set_fuzzy

if TYPE_CHECKING:
    from workflow.catalogs.merge import MergeStats, merge_catalog
    from workflow.catalogs.parse import load_catalog, parse_catalog
    from workflow.catalogs.wrap import PAGE_WIDTH
    from workflow.catalogs.write import edit_catalog, render_catalog, save_catalog

__all__ = [
    "Catalog", "Entry", "MergeStats", "PAGE_WIDTH", "parse_catalog", "load_catalog", "render_catalog",
    "save_catalog", "edit_catalog", "new_catalog", "is_fuzzy", "set_fuzzy", "is_translated",
    "merge_catalog", "display_width",
]

_SUBMODULE_OF = {
    "MergeStats": "merge", "merge_catalog": "merge", "parse_catalog": "parse", "load_catalog": "parse",
    "PAGE_WIDTH": "wrap", "render_catalog": "write", "save_catalog": "write", "edit_catalog": "write",
}


def __getattr__(name: str) -> Any:
    """A name of :data:`__all__` from the submodule that defines it; AttributeError for any other."""
    submodule = _SUBMODULE_OF.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value
    return value
