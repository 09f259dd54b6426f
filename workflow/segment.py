"""Moved in 0.2: ``workflow.segment`` is now part of ``workflow.sources`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.sources.segment``: MODES, Unit, join_sentences, segment_block, segment_release, segment_text, split_sentences
"""

from workflow.sources.segment import (  # noqa: F401
    MODES,
    Unit,
    join_sentences,
    segment_block,
    segment_release,
    segment_text,
    split_sentences,
)

__all__ = [
    "MODES",
    "Unit",
    "join_sentences",
    "segment_block",
    "segment_release",
    "segment_text",
    "split_sentences",
]
