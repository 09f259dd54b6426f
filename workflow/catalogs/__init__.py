"""Catalogs: GNU gettext PO files read, written msgcat-exactly, merged as msgmerge does; extract/update.

Modules, low to high: :mod:`.linebreak` (UAX #14 line breaking, display width) <
:mod:`.wrap` (msgcat's string wrapper); :mod:`.model` (``Catalog``, ``Entry``, fuzzy and
translated state, new catalogs) < :mod:`.parse` (PO parser, ``load_catalog``) <
:mod:`.write` (``render_catalog``, ``save_catalog``, ``edit_catalog``); :mod:`.model` <
:mod:`.merge` (``merge_catalog`` as msgmerge). :mod:`.extract` (extract/update of
releases) sits above sources and the workspace and is not re-exported here.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "Catalog", "Entry", "MergeStats", "PAGE_WIDTH", "parse_catalog", "load_catalog", "render_catalog",
    "save_catalog", "edit_catalog", "new_catalog", "is_fuzzy", "set_fuzzy", "is_translated",
    "merge_catalog", "display_width",
]

if TYPE_CHECKING:
    from workflow.catalogs.linebreak import display_width
    from workflow.catalogs.merge import MergeStats, merge_catalog
    from workflow.catalogs.model import Catalog, Entry, is_fuzzy, is_translated, new_catalog, set_fuzzy
    from workflow.catalogs.parse import load_catalog, parse_catalog
    from workflow.catalogs.wrap import PAGE_WIDTH
    from workflow.catalogs.write import edit_catalog, render_catalog, save_catalog

# Each public name and the module that defines it. A name is imported with its module on
# first use (PEP 562), so ``from workflow.catalogs import Entry`` loads the model only: a
# build reading the status index never loads the writer, the wrapper or the merger.
_HOMES = {
    "Catalog": "model", "Entry": "model", "is_fuzzy": "model", "is_translated": "model",
    "new_catalog": "model", "set_fuzzy": "model",
    "load_catalog": "parse", "parse_catalog": "parse",
    "render_catalog": "write", "save_catalog": "write", "edit_catalog": "write",
    "PAGE_WIDTH": "wrap", "display_width": "linebreak",
    "merge_catalog": "merge", "MergeStats": "merge",
}


def __getattr__(name: str) -> object:
    """The public names of :data:`__all__`, each imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
