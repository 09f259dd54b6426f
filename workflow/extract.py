"""Moved in 0.2: ``workflow.extract`` is now part of ``workflow.catalogs`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.catalogs.extract``: ExtractResult, UpdateResult, build_template, extract, extract_release, update, update_catalog, update_explicit
"""

from workflow.catalogs.extract import (  # noqa: F401
    ExtractResult,
    UpdateResult,
    build_template,
    extract,
    extract_release,
    update,
    update_catalog,
    update_explicit,
)

__all__ = [
    "ExtractResult",
    "UpdateResult",
    "build_template",
    "extract",
    "extract_release",
    "update",
    "update_catalog",
    "update_explicit",
]
