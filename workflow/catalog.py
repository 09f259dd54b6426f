"""Moved in 0.2: ``workflow.catalog`` is now part of ``workflow.catalogs`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.catalogs.linebreak``: display_width
``workflow.catalogs.merge``: FUZZY_THRESHOLD, MergeStats, merge_catalog
``workflow.catalogs.model``: Catalog, Entry, is_fuzzy, is_translated, new_catalog, set_fuzzy
``workflow.catalogs.parse``: load_catalog, parse_catalog
``workflow.catalogs.wrap``: PAGE_WIDTH
``workflow.catalogs.write``: edit_catalog, render_catalog, save_catalog
"""

from workflow.catalogs.linebreak import (  # noqa: F401
    display_width,
)
from workflow.catalogs.merge import (  # noqa: F401
    FUZZY_THRESHOLD,
    MergeStats,
    merge_catalog,
)
from workflow.catalogs.model import (  # noqa: F401
    Catalog,
    Entry,
    is_fuzzy,
    is_translated,
    new_catalog,
    set_fuzzy,
)
from workflow.catalogs.parse import (  # noqa: F401
    load_catalog,
    parse_catalog,
)
from workflow.catalogs.wrap import (  # noqa: F401
    PAGE_WIDTH,
)
from workflow.catalogs.write import (  # noqa: F401
    edit_catalog,
    render_catalog,
    save_catalog,
)

__all__ = [
    "Catalog",
    "Entry",
    "FUZZY_THRESHOLD",
    "MergeStats",
    "PAGE_WIDTH",
    "display_width",
    "edit_catalog",
    "is_fuzzy",
    "is_translated",
    "load_catalog",
    "merge_catalog",
    "new_catalog",
    "parse_catalog",
    "render_catalog",
    "save_catalog",
    "set_fuzzy",
]
