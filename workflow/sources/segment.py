"""Kept for callers of the old module: segmentation now lives in :mod:`workflow.sources.segmentation`."""
from workflow.sources.segmentation import (  # noqa: F401
    MODES,
    Unit,
    join_sentences,
    segment_block,
    segment_release,
    segment_text,
    split_sentences,
)
