"""Khmer: ``។`` (khan) and ``៕`` end sentences, with or without a space.

Not ``។ល។`` ("etc."), and not inside a quotation that the sentence goes on
after (``«…។ …»។``). ``?``/``!`` end a sentence before a space. Latin dots
("Antony J. Blinken") never do.
"""
from __future__ import annotations

import re

from workflow.sources.segmentation.core import past_closers
from workflow.sources.segmentation.lines import QUOTATIVES, embedded_quotes, inside

_BOUNDARY = re.compile(r"(?:[។៕]|[!?](?=\s))[\"'”’»)\]]*")


def khmer_cuts(text: str) -> list[int]:
    """Cut offsets of one chunk of Khmer."""
    quotes = embedded_quotes(text, QUOTATIVES["km"])
    cuts = []
    for m in _BOUNDARY.finditer(text):
        start = m.start()
        if text[start:start + 3] == "។ល។" or text[max(0, start - 2):start + 1] == "។ល។":
            continue
        if m.end() < len(text) and not inside(quotes, start):
            cuts.append(past_closers(text, m.end()))
    return cuts
