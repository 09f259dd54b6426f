"""Moved in 0.2: ``workflow.importer`` is now part of ``workflow.sources`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.sources.importer``: ImportResult, find_date, import_release, parse_scraped, slugify
"""

from workflow.sources.importer import (  # noqa: F401
    ImportResult,
    find_date,
    import_release,
    parse_scraped,
    slugify,
)

__all__ = [
    "ImportResult",
    "find_date",
    "import_release",
    "parse_scraped",
    "slugify",
]
