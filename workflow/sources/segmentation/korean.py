"""Korean: rules for the conventions of Korean government releases.

A sentence ends with ``.``/``?``/``!`` (and any closing quotes) before a space,
or right before the next sentence when a scraped page lost the space
(``밝혔습니다.12일``, ``감사문구.(사진=연합뉴스)``), or with ``…`` after a sentence-final ending. It does
not end:

* in dotted dates: ``2019. 12. 7.``, ``2019.12.7.``, ``'18. 11. 14``, ``12. 7.(금)``;
* after an outline or list marker: ``Ⅰ.``, ``가.``, ``1.``;
* after Latin initials and abbreviations: ``Dr. Kim``, ``U.S. 측``;
* inside a quotation that goes on into the sentence, the way Korean
  translators expect it: ``장관은 "…입니다. …겠습니다."라고 말했다.`` is one unit.

kss and kiwipiepy both install from PyPI and run offline, but on the corpus
under ``tests/data/segmentation/`` these rules are more accurate than either
(see ``benchmarks/segmentation.py``), load instantly and need no model.
"""
from __future__ import annotations

import re

from workflow.sources.segmentation.core import latin_abbreviation_before, past_closers, word_before
from workflow.sources.segmentation.lines import QUOTATIVES, embedded_quotes, inside

# . ? ! (not part of "..") with closing quotes, before a space.
_SPACED = re.compile(r"(?<![.…])[.!?](?![.…])[\"'”’»)\]」』]*(?=\s)")
# A sentence-final ending directly followed by the next sentence: "밝혔습니다.12일", "합니다.(사진=…)".
_UNSPACED = re.compile(r"(?<=[다요죠까])[.!?](?=[가-힣0-9(\[])|(?<=[가-힣])\.(?=\((?:사진|자료|출처|그래픽|영상)\b)")
# An ellipsis after a sentence-final ending: "진행 중입니다… 다음 회의는".
_ELLIPSIS = re.compile(r"(?<=[다요죠까])(?:…|\.{3})(?=\s)")
_DATE = re.compile(r"(?:^|[\s(])['’]?\d{2,4}\.\s?\d{1,2}\.(?:\s?\d{1,2}\.)?$|(?:^|[\s(])\d{1,2}\.\s?\d{1,2}\.$")
_HANGUL_MARKER = re.compile(r"[가-하]\.")
_NUMBER_ONLY = re.compile(r"^[(]?(?:\d{1,4}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,4}|[IVX]{1,4})\.$")


def _keep(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether the boundary ``text[start:end]`` really ends a sentence."""
    if inside(quotes, start):
        return False
    if text[start] == ".":
        before = text[max(0, start - 16):start + 1]  # enough for "’2019. 12. 17." (keeps this linear)
        after = text[end:end + 3].lstrip()
        if _DATE.search(before):
            return False  # "2019. 12. 7. 부산에서", "12. 7.(금)"
        if start and text[start - 1].isdigit() and after[:1].isdigit():
            return False  # "2018. 12" and numbered references
        word = word_before(text, start + 1)
        if _NUMBER_ONLY.match(word):
            return False  # "1. 2027년까지", "Ⅰ. 추진 배경" — a number is not a sentence
        if _HANGUL_MARKER.fullmatch(word) and start - 1 == len(text) - len(text.lstrip()):
            return False  # "가. 현황" at the start of a chunk
        if latin_abbreviation_before(text, start):
            return False
    return True


def korean_cuts(text: str) -> list[int]:
    """Cut offsets of one chunk of Korean."""
    quotes = embedded_quotes(text, QUOTATIVES["ko"])
    cuts: list[int] = []
    for pattern in (_SPACED, _UNSPACED, _ELLIPSIS):
        for m in pattern.finditer(text):
            if m.end() < len(text) and _keep(text, m.start(), m.end(), quotes):
                cuts.append(past_closers(text, m.end()))
    return cuts
