"""Lao: cut at explicit ``.``/``?``/``!`` before a space, and at a few safe spaces.

Lao separates sentences with a space, but spaces also separate phrases,
clauses, names and titles. Cutting at a wrong space hands the translator a
fragment (and spoils translation memory), whereas a missed cut only makes a
longer unit; so a space alone is a boundary only after a completed clause:
a word that ends in ``ແລ້ວ`` ("already, done") followed by a word that does
not continue this one, or before a sentence adverb (``ນອກຈາກນີ້`` "moreover",
``ຈາກນັ້ນ`` "after that", ``ໃນໂອກາດດັ່ງກ່າວ`` "on this occasion"). laonlp (PyPI) was tried: its
``sent_tokenize`` only splits at ``.`` and cuts ``ຄ.ສ.`` (AD) in two.

No cut after an abbreviation: a dotted Lao word of at most two letters (``ປອ.``
Dr., ``ຄ.ສ.`` AD; not ``ນາມ.``, which has a vowel), or Latin initials (``H.E Mr.``).
"""
from __future__ import annotations

import re

from workflow.sources.segmentation.core import latin_abbreviation_before, past_closers, word_after, word_before
from workflow.sources.segmentation.lines import QUOTATIVES, embedded_quotes, inside

_BOUNDARY = re.compile(r"(?<![.…])[.!?](?![.…])[\"'”’»)\]]*(?=\s)")
_LAO_LETTER = re.compile(r"[\u0e81-\u0eae\u0edc-\u0edf]")
_LAO_VOWEL = re.compile(r"[\u0eb0-\u0ebc\u0ec0-\u0ec4]")
# Clause-final words after which a space may end the sentence.
_FINAL = ("ແລ້ວ",)
# Words that continue a sentence: conjunctions, prepositions, relative markers.
_CONTINUES = (
    "ແລະ", "ແຕ່", "ຫຼື", "ຫລື", "ເພື່ອ", "ຊຶ່ງ", "ເຊິ່ງ", "ທີ່", "ໂດຍ", "ກັບ", "ໃນ", "ຂອງ", "ຕໍ່", "ຈາກ", "ຍ້ອນ",
    "ເພາະ", "ຄື", "ເປັນ", "ແມ່ນ", "ຈຶ່ງ", "ກໍ", "ກໍ່", "ໄດ້", "ຈະ", "ຍັງ", "ບໍ່", "ໃຫ້", "ນັບແຕ່", "ເຖິງ",
)
# Sentence adverbs that open a new sentence after a space ("Moreover", "After that", "On this occasion").
_OPENERS = (
    "ນອກຈາກນີ້", "ພ້ອມນີ້", "ພ້ອມກັນນີ້", "ພ້ອມດຽວກັນນີ້", "ທັງນີ້", "ຈາກນັ້ນ", "ຕໍ່ມາ", "ໃນໂອກາດດັ່ງກ່າວ",
    "ໃນໂອກາດນີ້", "ໃນນັ້ນ", "ເຖິງຢ່າງໃດກໍຕາມ",
)
# Words after which a sentence cannot end.
_OPEN_ENDINGS = ("ແລະ", "ຫຼື", "ຂອງ", "ທີ່", "ໃນ", "ກັບ", "ວ່າ", "ເພື່ອ", "ໂດຍ", "ຕໍ່", "ຈາກ", ",")
_MIN_LETTERS = 12


def _keep(text: str, start: int) -> bool:
    if text[start] != ".":
        return True
    word = word_before(text, start)
    if _LAO_LETTER.search(word) and ("." in word or (len(_LAO_LETTER.findall(word)) <= 2 and not _LAO_VOWEL.search(word))):
        return False
    return not latin_abbreviation_before(text, start)


def _space_cuts(text: str) -> list[int]:
    cuts = []
    for m in re.finditer(r"\s+", text):
        before, after = text[:m.start()], text[m.end():]
        opens = after.startswith(_OPENERS) and not before.endswith(_OPEN_ENDINGS)
        if not opens and (not before.endswith(_FINAL) or after.startswith(_CONTINUES)):
            continue
        if not _LAO_LETTER.match(word_after(text, m.end())):
            continue
        if len(_LAO_LETTER.findall(before)) >= _MIN_LETTERS and len(_LAO_LETTER.findall(after)) >= _MIN_LETTERS:
            cuts.append(m.end())
    return cuts


def lao_cuts(text: str) -> list[int]:
    """Cut offsets of one chunk of Lao."""
    quotes = embedded_quotes(text, QUOTATIVES["lo"])
    cuts = [
        past_closers(text, m.end()) for m in _BOUNDARY.finditer(text)
        if m.end() < len(text) and not inside(quotes, m.start()) and _keep(text, m.start())
    ]
    return cuts + _space_cuts(text)
