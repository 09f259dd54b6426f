"""Finding a release's date in text written in any of the ten languages.

Month names come from dateparser's language data (CLDR-derived) plus the spellings
press offices use that it lacks (Thai dotted abbreviations ``ก.ค.``, Indonesian
``Pebruari``). Native digits (Thai, Khmer, Lao, Burmese) are read as ASCII digits;
a year of 2400 or more is a Buddhist Era year (minus 543). Recognised forms::

    2019-12-10   2021.01.22   2019. 12. 7.   2021년 1월 22일   25/02/2011   12-1-2023
    17 January 2003   6 August 2014   03 Aug,2023   14-15 November 2013   19 Pebruari 2009
    December 7, 2018   Dec.7,2018   Sept. 12, 2023   ngày 25 tháng 2 năm 2011
    ๑๖ – ๑๗ มกราคม ๒๕๖๓   4 ก.ค. 2562   ថ្ងៃទី២៨ ខែកញ្ញា ឆ្នាំ២០១៨   19 ឧសភា, 2021   ၂၃ ဖေဖော်ဝါရီ ၂၀၂၄

A bare date in a site's date box, the day apart from "month-year" (``23 04-2019`` on
kominfo.go.id), is read only when it is the whole text (a line of its own).

A date without a year (``Dec. 7``, ``ဖေဖော်ဝါရီ ၂၃``) is not a release date: the
import then asks for ``--date``.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from workflow.locales import LOCALES, digit_value_map

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_EXTRA_MONTHS = {
    "ม.ค.": 1, "ก.พ.": 2, "มี.ค.": 3, "เม.ย.": 4, "พ.ค.": 5, "มิ.ย.": 6, "ก.ค.": 7, "ส.ค.": 8, "ก.ย.": 9,
    "ต.ค.": 10, "พ.ย.": 11, "ธ.ค.": 12, "pebruari": 2, "nopember": 11, "agustus": 8, "sept": 9, "peb": 2,
    "nop": 11, "agu": 8, "ags": 8, "des": 12, "okt": 10, "mei": 5, "jun": 6, "jul": 7,
}
_LANGS = tuple(LOCALES)
_DIGITS = str.maketrans(digit_value_map())
_MONTH_PREFIX = r"(?:ខែ\s*|เดือน\s*|ເດືອນ\s*|tháng\s+)?"
_YEAR_PREFIX = r"(?:ឆ្នាំ\s*|พ\.\s?ศ\.\s*|ค\.\s?ศ\.\s*|ປີ\s*|năm\s+)?"
_RANGE = r"(?:\s*[-–—~]\s*\d{1,2})?"


@dataclass(frozen=True)
class DateMatch:
    date: _dt.date
    start: int   # offsets in the text given to :func:`find_dates`
    end: int


def ascii_digits(text: str) -> str:
    """``text`` with Thai, Khmer, Lao and Burmese digits replaced by ASCII digits (same length)."""
    return text.translate(_DIGITS)


@functools.cache
def month_names() -> dict[str, int]:
    """Lower-cased month names and abbreviations of the ten languages → month number."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for code in _LANGS:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):  # a language dateparser lacks keeps only our own spellings
            continue
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in info.get(key, []):
                name = name.strip().lower()
                if len(name) >= 2 and not any(ch.isdigit() for ch in name):
                    names.setdefault(name, number)
                    names.setdefault(name.rstrip("."), number)
    names.update(_EXTRA_MONTHS)
    return {name: number for name, number in names.items() if len(name) >= 2}


@functools.cache
def weekday_names() -> frozenset[str]:
    """Case-folded weekday names and abbreviations of the ten languages ("senin", "monday", "thứ hai")."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for code in _LANGS:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for key in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
            names.update(name.strip().casefold().rstrip(".") for name in info.get(key, []))
    return frozenset(n for n in names if len(n) >= 2)


@functools.cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    latin: list[str] = []
    other: list[str] = []
    for name in sorted((n for n in month_names() if len(n) >= 2), key=len, reverse=True):
        is_latin = all(ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" for ch in name)
        (latin if is_latin else other).append(re.escape(name))
    month = rf"(?P<m>(?<![^\W\d_])(?:{'|'.join(latin)})(?![^\W\d_])\.?|(?:{'|'.join(other)}))"
    day = r"(?<![\d.,/:-])(?P<d>\d{1,2})(?:st|nd|rd|th|\s*ရက်(?:နေ့)?)?"
    month_end = r"(?:လ)?"  # Burmese "ဒီဇင်ဘာလ"
    sep = r"[\s,.၊]*"
    year = r"(?P<y>\d{4})(?!\d)"
    return [
        ("ymd", re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
        ("ymd", re.compile(r"(?<![\d.])(?P<y>\d{4})\s*[년年]\s*(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日]")),
        ("ymd", re.compile(r"(?<![\d.])(?P<y>\d{4})\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<d>\d{1,2})(?![\d])")),
        ("dmy", re.compile(r"ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s*|/)(?P<m>\d{1,2})\s*(?:năm\s*|/)(?P<y>\d{4})", re.I)),
        ("num", re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\.?\d)")),
        ("text", re.compile(rf"{day}{_RANGE}{sep}{_MONTH_PREFIX}{month}{month_end}{sep}{_YEAR_PREFIX}{year}", re.I)),
        ("text", re.compile(rf"{_MONTH_PREFIX}{month}{month_end}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th|\s*ရက်(?:နေ့)?)?"
                            rf"{_RANGE}{sep}{_YEAR_PREFIX}{year}", re.I)),
        ("thai2", re.compile(rf"{day}{_RANGE}\s*{month}\s*(?P<y>\d{{2}})(?![\d:.])")),
        ("text", re.compile(rf"(?<!\d){year}\s*(?:ခုနှစ်)?\s*,?\s*{month}\s*(?:လ)?\s*(?P<d>\d{{1,2}})(?!\d)", re.I)),
    ]


def _make(kind: str, m: re.Match[str]) -> _dt.date | None:
    year = int(m.group("y"))
    if kind == "thai2":  # "4 ก.ค. 62": a two-digit Buddhist Era year, only after a Thai month
        if not re.search(r"[\u0e00-\u0e7f]", m.group("m")):
            return None
        year += 2500
    if year >= 2400:
        year -= 543  # Buddhist Era (Thai, Lao)
    if kind in ("text", "thai2"):
        month = month_names().get(m.group("m").lower().rstrip(".")) or month_names().get(m.group("m").lower())
    else:
        month = int(m.group("m"))
    day = int(m.group("d"))
    if kind == "num" and month and month > 12 >= day:
        day, month = month, day  # month/day/year, as US pages write it
    if not month or not 1950 <= year <= 2100:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


# "23 04-2019": day, space, month-year; a date only as a whole line (in running text it could be two numbers).
_DATE_BOX = re.compile(r"^\s*(?P<d>\d{1,2})\s+(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})\s*$")


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) written in ``text``, in reading order."""
    plain = ascii_digits(text)
    if (m := _DATE_BOX.match(plain)) and (date := _make("num", m)) is not None:
        return [DateMatch(date, m.start("d"), m.end("y"))]
    found: dict[int, DateMatch] = {}
    for kind, pattern in _patterns():
        for m in pattern.finditer(plain):
            date = _make(kind, m)
            if date is None:
                continue
            old = found.get(m.start())
            if old is None or m.end() > old.end:
                found[m.start()] = DateMatch(date, m.start(), m.end())
    result: list[DateMatch] = []
    for start in sorted(found):
        if result and start < result[-1].end:
            continue  # inside a longer match ("2019-12-10" also holds "19-12-10")
        result.append(found[start])
    return result


def find_date(text: str) -> _dt.date | None:
    """The first full date written in ``text``, or None."""
    dates = find_dates(text)
    return dates[0].date if dates else None
