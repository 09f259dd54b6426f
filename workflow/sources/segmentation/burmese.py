"""Burmese: ``။`` ends a sentence; ``?``/``!`` before a space too.

Not ``၏``: it is also the possessive marker ("မြန်မာနိုင်ငံ၏", "Myanmar's"),
which is why pysbd's Burmese rules (they cut at ``၏``) are not used. And not
``။`` in:

* numbered markers: ``၁။ … ၂။ …`` (a Burmese number before ``။``);
* interview labels: ``မေး ။ ။`` ("Q:"), ``ဦးကျော်ဇံသာ ။ ။`` (speaker:);
* a quotation that the sentence goes on after.
"""
from __future__ import annotations

import re

from workflow.sources.segmentation.core import past_closers, word_before
from workflow.sources.segmentation.lines import QUOTATIVES, embedded_quotes, inside

_BOUNDARY = re.compile(r"(?:။|[!?](?=\s))[\"'”’»)\]]*")
_NUMBER = re.compile(r"^\(?[၀-၉0-9]{1,3}\)?$")
_LABEL = re.compile(r"\s။\s?။")


def burmese_cuts(text: str) -> list[int]:
    """Cut offsets of one chunk of Burmese."""
    quotes = embedded_quotes(text, QUOTATIVES["my"])
    labels = [(m.start(), m.end()) for m in _LABEL.finditer(text)]
    cuts = []
    for m in _BOUNDARY.finditer(text):
        start = m.start()
        if m.end() >= len(text) or inside(quotes, start):
            continue
        if any(a <= start < b for a, b in labels):
            continue  # "မေး ။ ။ …": a label, not a sentence
        if text[start] == "။" and _NUMBER.match(word_before(text, start)):
            continue  # "၁။ ဒစ်ဂျစ်တယ်"
        cuts.append(past_closers(text, m.end()))
    return cuts
