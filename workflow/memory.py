"""Moved in 0.2: ``workflow.memory`` is now part of ``workflow.translation`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.translation.memory``: ExportResult, ImportResult, REFRESH_INTERVAL, SearchResult, TranslationMemory, best_matches, export_tmx, import_tmx, queue_matcher, search, shared_memory
``workflow.translation.memory_match``: CANDIDATES, Match
``workflow.translation.memory_store``: DB_NAME, RefreshStats, SCHEMA_VERSION, approved_units, memory_dir
``workflow.translation.memory_tokens``: invert, length_bounds, tokenize
"""

from workflow.translation.memory import (  # noqa: F401
    ExportResult,
    ImportResult,
    REFRESH_INTERVAL,
    SearchResult,
    TranslationMemory,
    best_matches,
    export_tmx,
    import_tmx,
    queue_matcher,
    search,
    shared_memory,
)
from workflow.translation.memory_match import (  # noqa: F401
    CANDIDATES,
    Match,
)
from workflow.translation.memory_store import (  # noqa: F401
    DB_NAME,
    RefreshStats,
    SCHEMA_VERSION,
    approved_units,
    memory_dir,
)
from workflow.translation.memory_tokens import (  # noqa: F401
    invert,
    length_bounds,
    tokenize,
)

__all__ = [
    "CANDIDATES",
    "DB_NAME",
    "ExportResult",
    "ImportResult",
    "Match",
    "REFRESH_INTERVAL",
    "RefreshStats",
    "SCHEMA_VERSION",
    "SearchResult",
    "TranslationMemory",
    "approved_units",
    "best_matches",
    "export_tmx",
    "import_tmx",
    "invert",
    "length_bounds",
    "memory_dir",
    "queue_matcher",
    "search",
    "shared_memory",
    "tokenize",
]
