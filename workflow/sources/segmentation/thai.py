"""Thai: pythainlp's CRF model ("crfcut", offline) proposes, rules dispose.

Thai writes no full stop; a space separates sentences, but also phrases,
names and titles, list items and dates. crfcut proposes cuts at spaces; a cut
is kept only if nothing below says it falls inside a sentence, because a wrong
cut hands the translator a fragment while a missed one only makes a longer unit:

* the next piece continues the sentence: it starts with a conjunction or
  preposition (``และ แต่ โดย ซึ่ง เพื่อ ที่``), a date or time adverbial
  (``เมื่อวันที่ ระหว่างวันที่ วันนี้ (5 ส.ค.)``), a predicate (``กล่าว เข้าร่วม
  มีกำหนด``), ``ๆ``/``ฯลฯ``, or holds no Thai letter (a number, a Latin name);
* the unit so far is only a subject: a titled name and its offices
  (``นายดอน ปรมัตถ์วินัย รองนายกรัฐมนตรีและรัฐมนตรีว่าการ…`` before its verb);
* the unit so far ends with a word that needs what follows (``ที่ ของ ว่า ณ ปี``)
  or a dotted abbreviation (``พ.ศ.``, ``ดร.``);
* either side is too short to be a sentence.

An explicit ``.``, ``?`` or ``!`` before a space always ends a sentence
(except after an abbreviation such as ``น.`` or ``พ.ย.``).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import cast

from workflow.sources.segmentation.core import cuts_from_pieces, past_closers, word_before
from workflow.sources.segmentation.lines import QUOTATIVES, embedded_quotes, inside

_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
# A unit never ends with these (they need what follows).
_OPEN_ENDINGS = (
    "ที่", "ณ", "ของ", "และ", "หรือ", "ว่า", "กับ", "ใน", "โดย", "เพื่อ", "จาก", "แก่", "ต่อ", "ปี", "วันที่", "เดือน",
    "ครั้งที่", "คือ", "เช่น", "อาทิ", "ได้แก่", "ระหว่าง", "ถึง", "ตั้งแต่", "นาย", "นาง", "นางสาว", "ทั้ง", "พร้อมด้วย", "ร่วมกับ", "โดยมี",
)
# A piece that starts with these continues the sentence before it.
_CONTINUES: tuple[str, ...] = (
    # conjunctions, prepositions, relative and linking words
    "และ", "แต่", "โดย", "ซึ่ง", "เพื่อ", "หรือ", "ที่", "ว่า", "จึง", "ก็", "เพราะ", "เนื่องจาก", "รวมถึง", "รวมทั้ง",
    "ตลอดจน", "พร้อม", "ทั้งนี้เพื่อ", "อีกทั้ง", "กับ", "ของ", "ใน", "ณ", "จาก", "ตั้งแต่", "ถึง", "แก่", "ต่อ", "ตาม",
    "ภายใต้", "ภายใน", "ระหว่าง", "เป็น", "คือ", "อาทิ", "เช่น", "ได้แก่", "ฯลฯ", "ๆ", "หลังจาก", "ก่อน", "หลัง",
    "ขณะ", "ส่วน", "ทำให้", "ให้", "จน", "แล้ว", "อย่าง", "ด้วย", "ไป", "มา", "นั้น", "นี้",
    # date and time adverbials
    "เมื่อ", "วันที่", "วัน", "ในวัน", "เดือน", "ปี", "พ.ศ.", "ค.ศ.", "เวลา", "ช่วง", "ครั้งที่", "ครั้ง",
    # predicates that follow a long subject
    "กล่าว", "เข้าร่วม", "มีกำหนด", "ได้", "จะ", "ไม่", "ยัง", "เดินทาง", "เปิดเผย", "แถลง", "ให้สัมภาษณ์", "ชี้แจง",
    "ย้ำ", "ระบุ", "เป็นประธาน", "ประธาน", "ลงพื้นที่", "มอบ", "ร่วม", "นำ", "เยือน", "ตรวจ", "มี", "ผ่าน", "ประชุม",
    "เห็นชอบ", "รับรอง", "สนับสนุน", "ลงนาม", "อนุมัติ", "เตรียม", "เร่ง", "สั่งการ", "พร้อมด้วย", "ดึง", "ส่งเสริม",
)
_OFFICES = (
    "รัฐมนตรี", "รองนายกรัฐมนตรี", "นายกรัฐมนตรี", "ปลัด", "รองปลัด", "อธิบดี", "รองอธิบดี", "ผู้อำนวยการ", "โฆษก",
    "เลขาธิการ", "ผู้ว่าราชการ", "เอกอัครราชทูต", "ผู้บัญชาการ", "ประธาน", "รองประธาน", "กรรมการ", "หัวหน้า",
    "ผู้แทน", "สมาชิก", "ที่ปรึกษา", "อดีต", "รมว.", "รมช.", "ผอ.",
)
# A piece that starts with these continues the sentence before it.
_CONTINUES += _OFFICES + ("ต้อง", "ควร", "อาจ", "สามารถ", "กำลัง", "เคย", "ห่าง", "รับมือ", "พร้อม")
# A piece that starts with these opens a new sentence (checked before _CONTINUES:
# "ที่ประชุม" is "the meeting", not "ที่" "that").
_OPENERS = (
    "การ", "ความ", "ที่ประชุม", "นอกจากนี้", "ทั้งนี้", "อย่างไรก็ตาม", "ขณะเดียวกัน", "ปัจจุบัน", "ด้าน", "สำหรับ",
    "รัฐบาล", "กระทรวง", "โดยที่ผ่านมา",
)
# A unit that ends with these is a complete clause.
_STRONG = re.compile(r"(?:(?<=[”\"])\s+|\s+(?=ที่ประชุม|นอกจากนี้|ทั้งนี้|อย่างไรก็ตาม|ขณะเดียวกัน))")
_CLOSES = (
    "แล้ว", "ด้วย", "อีกด้วย", "ที่ผ่านมา", "ครับ", "ค่ะ", "คะ", "ต่อไป", "เป็นต้น", "เท่านั้น", "เรียบร้อย", "ไว้",
)
_TITLE = r"(?:นาย(?!ก)|นางสาว|นาง|น\.ส\.|ดร\.|ศ\.|รศ\.|ผศ\.|พล\.[อตทร]\.(?:[อตท]\.)?|ม\.ร\.ว\.|ม\.ล\.)"
_TITLED_NAME_START = re.compile(rf"^{_TITLE}\s?[\u0e01-\u0e4e]")
# The unit so far ends with a titled name: "… นายดอน ปรมัตถ์วินัย", "…ร่วมกับนางสาววิไลลักษณ์ ชุลีวัฒนกุล".
_TITLED_NAME_END = re.compile(rf"{_TITLE}\s?[\u0e01-\u0e4e]+(?:\s[\u0e01-\u0e4e]+)?$")
# "เมืองนี้", "โครงการดังกล่าว": a demonstrative subject opens a sentence ("ดังนี้" does not).
_DEMONSTRATIVE = re.compile(r"^(?!ดัง)[\u0e01-\u0e4e]{2,14}?(?:นี้|ดังกล่าว)")
_ADVERBIAL = ("เมื่อ", "วันนี้", "วานนี้", "ระหว่างวันที่", "ในวันที่", "วันที่", "ที่")
# A dotted Thai abbreviation at the end of the unit so far: "พ.ศ.", "ดร.", "ก.ย."
_ABBR_END = re.compile(r"(?:^|\s)[\u0e01-\u0e4e]{1,3}\.(?:[\u0e01-\u0e4e]{1,3}\.)*$")
# Consonants without a vowel before the dot: "ครม.", "ปชช.", "กกพ." are abbreviations.
_CONSONANT_ABBR = re.compile(r"[\u0e01-\u0e2e]{3,4}\.$")
_EXPLICIT = re.compile(r"[.!?][\"'”’»)\]]*(?=\s)")
# Thai consonants (vowel signs not counted) each side of a cut must have.
_MIN_CHARS = 15
# A first word shorter than this after "การ" is a noun, not a clause.
_CLAUSE_CHARS = 20
# A subject or a leading adverbial has at most this many words.
_SHORT_WORDS = 4


def _thai_letters(text: str) -> int:
    return len(_THAI_LETTER.findall(text))


def _abbreviation_end(unit: str) -> bool:
    return bool(_ABBR_END.search(unit) or _CONSONANT_ABBR.search(unit))


def _true_cut(unit: str, following: str) -> bool:
    """Whether a space between ``unit`` (the unit so far) and ``following`` ends a sentence."""
    first = following.split(" ", 1)[0]
    if not _THAI_LETTER.search(first) and following[:1] not in "\"“":
        return False  # a number, a Latin name, a masked link: not a Thai sentence start
    opens = following.startswith(_OPENERS) or bool(_TITLED_NAME_START.match(following) or _DEMONSTRATIVE.match(following))
    if (not opens and following.startswith(_CONTINUES)) or unit.endswith(_OPEN_ENDINGS):
        return False
    if _abbreviation_end(unit) or _TITLED_NAME_END.search(unit):
        return False
    leading = unit.startswith(_ADVERBIAL) and not unit.startswith("ที่ประชุม")  # "ที่ทำเนียบ…" but not "the meeting"
    if len(unit.split()) <= _SHORT_WORDS and (leading or _TITLED_NAME_START.match(unit)):
        return False  # only a subject or a date so far: "นายดอน ปรมัตถ์วินัย รองนายกรัฐมนตรี…"
    if following.startswith("การ") and len(first) < _CLAUSE_CHARS:
        return False  # a noun in an enumeration ("การติดต่อสื่อสาร การทำธุรกิจต่างๆ ในชุมชน"), not a clause
    if _thai_letters(unit) < _MIN_CHARS or _thai_letters(following) < _MIN_CHARS:
        return False
    return opens or unit.endswith(_CLOSES)


@functools.lru_cache(maxsize=1)
def _crfcut() -> Callable[[str], list[str]]:
    """pythainlp's CRF sentence splitter (``str`` in, list of sentences out)."""
    # pythainlp is slow to import (dictionaries, the CRF model): only when Thai is split.
    from pythainlp.tokenize import sent_tokenize

    def split(text: str) -> list[str]:
        return cast(list[str], sent_tokenize(text, engine="crfcut"))  # a str in gives a list of str

    return split


def _explicit_cuts(text: str, quotes: list[tuple[int, int]]) -> list[int]:
    cuts = []
    for m in _EXPLICIT.finditer(text):
        if inside(quotes, m.start()):
            continue  # '"…ครับ. …" ว่า': the quotation goes on into the sentence
        word = word_before(text, m.start() + 1)
        if text[m.start()] == "." and _abbreviation_end(" " + word):
            continue  # "น.", "พ.ย.", "ดร.", "มติครม."
        if m.end() < len(text):
            cuts.append(past_closers(text, m.end()))
    return cuts


def thai_cuts(text: str) -> list[int]:
    """Cut offsets of one chunk of Thai."""
    if " " not in text:
        return []
    quotes = embedded_quotes(text, QUOTATIVES["th"])
    explicit = set(_explicit_cuts(text, quotes))
    proposed = {c for c in cuts_from_pieces(text, _crfcut()(text)) if not inside(quotes, c - 1)} | explicit
    # crfcut misses some cuts after a closing quote or before a sentence adverb.
    proposed |= {m.end() for m in _STRONG.finditer(text)}
    kept: list[int] = []
    start = 0
    for cut in sorted(proposed):
        if cut <= start or cut >= len(text):
            continue
        if cut not in explicit and not _true_cut(text[start:cut].strip(), text[cut:].lstrip()):
            continue
        kept.append(cut)
        start = cut
    return kept
