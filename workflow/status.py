"""Moved in 0.2: ``workflow.status`` is now part of ``workflow.review`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.review.checks.base``: overridden_as_warnings
``workflow.review.index``: ALL_COLUMNS, COUNT_COLUMNS, INDEX_NAME, Index, IndexRow, JSON_COLUMNS, PUBLISHED, ReleaseInfo, SCHEMA_VERSION, Target, index_row, open_index, summary_values
``workflow.review.status``: StatusRow, collect_status, status_json, status_of_paths
``workflow.review.summary``: FileSummary, STATE_KEYS, parse_catalog_bytes, summarize_catalog, summarize_file
``workflow.review.targets``: path_targets, workspace_targets
"""

from workflow.review.checks.base import (  # noqa: F401
    overridden_as_warnings,
)
from workflow.review.index import (  # noqa: F401
    ALL_COLUMNS,
    COUNT_COLUMNS,
    INDEX_NAME,
    Index,
    IndexRow,
    JSON_COLUMNS,
    PUBLISHED,
    ReleaseInfo,
    SCHEMA_VERSION,
    Target,
    index_row,
    open_index,
    summary_values,
)
from workflow.review.status import (  # noqa: F401
    StatusRow,
    collect_status,
    status_json,
    status_of_paths,
)
from workflow.review.summary import (  # noqa: F401
    FileSummary,
    STATE_KEYS,
    parse_catalog_bytes,
    summarize_catalog,
    summarize_file,
)
from workflow.review.targets import (  # noqa: F401
    path_targets,
    workspace_targets,
)

__all__ = [
    "ALL_COLUMNS",
    "COUNT_COLUMNS",
    "FileSummary",
    "INDEX_NAME",
    "Index",
    "IndexRow",
    "JSON_COLUMNS",
    "PUBLISHED",
    "ReleaseInfo",
    "SCHEMA_VERSION",
    "STATE_KEYS",
    "StatusRow",
    "Target",
    "collect_status",
    "index_row",
    "open_index",
    "overridden_as_warnings",
    "parse_catalog_bytes",
    "path_targets",
    "status_json",
    "status_of_paths",
    "summarize_catalog",
    "summarize_file",
    "summary_values",
    "workspace_targets",
]
