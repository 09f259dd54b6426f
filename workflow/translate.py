"""Moved in 0.2: ``workflow.translate`` is now part of ``workflow.translation`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.translation.translate``: CatalogJob, FLUSH_EVERY, Summary, collect_jobs, format_summary, translate
"""

from workflow.translation.translate import (  # noqa: F401
    CatalogJob,
    FLUSH_EVERY,
    Summary,
    collect_jobs,
    format_summary,
    translate,
)

__all__ = [
    "CatalogJob",
    "FLUSH_EVERY",
    "Summary",
    "collect_jobs",
    "format_summary",
    "translate",
]
