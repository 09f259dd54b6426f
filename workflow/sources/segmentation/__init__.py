"""Turn releases and text into translatable units (PO msgids), language-aware.

Each unit is a sentence a professional translator can translate on its own (or,
in ``paragraph`` mode, a whole block). Splitting is deterministic and offline:
the same text and language always give the same units, so msgids stay stable
between extractions and translation memory keeps matching. Units never lose or
add a character: splitters return cut offsets and the text is only sliced.

Where each language's rules live:

======================  =====================================================
``latin``               en, id, ms, vi, fil: pysbd + abbreviation tables per language
``korean``              ko: rules (dotted dates, quotations + 라고, outline markers)
``thai``                th: pythainlp crfcut proposes, rules veto doubtful cuts
``khmer``               km: ``។``/``៕``, not ``។ល។``
``burmese``             my: ``။``, not numbered markers or interview labels
``lao``                 lo: explicit ``.``, and a space only after a completed clause
``lines``               all: list/outline markers, wrapped lines, bylines, quotations and quotatives
``core``                all: masking of links/code/emphasis, cut offsets
``units``               the public functions below
======================  =====================================================
"""
from workflow.sources.segmentation.units import (
    MODES,
    SPLITTERS,
    Unit,
    join_as_source,
    join_sentences,
    segment_block,
    segment_release,
    segment_text,
    split_sentences,
    unit_separators,
)

__all__ = [
    "MODES", "SPLITTERS", "Unit", "join_as_source", "join_sentences", "segment_block", "segment_release", "segment_text",
    "split_sentences", "unit_separators",
]
