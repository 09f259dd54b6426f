"""msgcat's string wrapper: ``name "value"`` lines exactly as gettext's write-po.c wrap() prints them.

:func:`_wrap_exact` is the per-character reference port (over :mod:`.linebreak`); the
"Fast writer" below is an equivalent path for ordinary text that avoids per-character
Python loops, and :func:`_wrap` picks between them.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from typing import Any

from workflow.catalogs.linebreak import (
    _AL, _BK, _HL, _PAIR_TABLE, _POSSIBLE, _PROHIBITED, _RI, _SP, _UNDEFINED, _ZWJ, _tables, _width_linebreaks,
)

__all__ = ["PAGE_WIDTH"]

PAGE_WIDTH = 79           # msgcat's default --width

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_ESCAPE_TABLE = {ord(ch): "\\" + letter for ch, letter in _ESCAPES.items()}
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_PLAIN_ASCII = re.compile(r"[ !#-\[\]-~]*")   # printable ASCII without \ and "
_PORTION_RE = re.compile(r"[^\n]*\n|[^\n]+$")  # wrap() prints each "...\n" piece on its own lines
_ESCAPE_PAIR_RE = re.compile(r"\\.")


def _wrap_exact(prefix: str, name: str, value: str, wrap: bool, page_width: int,
                unbreakable: frozenset[int] = frozenset()) -> list[str]:
    """The lines of ``name "value"`` as write-po.c's wrap() prints them, character by character;
    never a break before the characters ``unbreakable`` indexes (inside format directives).

    This is the reference port; :func:`_wrap_fast` must agree with it byte for byte
    (tests compare the two on large randomized corpora).
    """
    out: list[str] = []
    after_break = len(prefix) + 1
    width = (page_width if wrap else 1 << 62) - 1 - after_break
    first_startcol = len(prefix) + len(name) + 2 - after_break
    portions = _PORTION_RE.findall(value) or [""]
    first_line = True
    offset = 0
    for index, portion in enumerate(portions):
        chars: list[str] = []
        overrides: list[int] = []
        for i, ch in enumerate(portion, offset):
            esc = _ESCAPES.get(ch)
            brk = _PROHIBITED if i in unbreakable else _UNDEFINED
            if esc is None:
                chars.append(ch)
                overrides.append(brk)
            else:
                chars += ("\\", esc)
                overrides += (brk, _PROHIBITED)
        offset += len(portion)
        if portion.endswith("\n"):
            overrides[-2] = _PROHIBITED   # don't break right before the final "\n"
        more = index + 1 < len(portions)
        while True:
            startcol = first_startcol if first_line else 0
            breaks = _width_linebreaks(chars, width, startcol, overrides)
            if first_line and chars and (more or startcol > width or _POSSIBLE in breaks):
                out.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        line = [prefix, f"{name} " if first_line else "", '"']
        first_line = False
        for ch, brk in zip(chars, breaks):
            if brk == _POSSIBLE:
                line.append('"')
                out.append("".join(line))
                line = [prefix, '"']
            line.append(ch)
        line.append('"')
        out.append("".join(line))
    return out


# --- Fast writer -------------------------------------------------------------------------------
# The exact port runs several Python loops per character (~250 µs per entry). Real catalog
# text almost never needs the rules beyond the pair table (mandatory breaks, combining marks,
# ZW/ZWJ, regional indicators, Hebrew + hyphen), and Thai/Lao/Khmer/Burmese resolve to AL, so
# for strings free of those classes the UAX #14 state machine reduces to: a break opportunity
# is where the pair (last non-space class, this class) is "D" in the table, or not "P" after
# spaces. That is regular, so it is computed in C: the string is translated to one code per
# character, frequent cases are evaluated for all positions at once on big integers, the rest
# by regexes, and the width fitting only looks at opportunities (bisect over prefix columns),
# not at characters. Anything else falls back to the exact port; tests compare the two.
#
# A character's code is chr(3 * slot + columns): slot 0..29 the simple classes, 30 space,
# 31 any class that needs the exact port; columns 0..2 (uc_width -1 counts as 0, as in
# _width_linebreaks). One str.translate yields both, and ASCII stays ASCII (translate's fast path).

_SIMPLE = [c for c in range(len(_PAIR_TABLE)) if c not in (_ZWJ, _RI, _HL)]
_SLOT = {cls: slot for slot, cls in enumerate(_SIMPLE)}
_SLOT[_SP] = len(_SIMPLE)
_COMPLEX_SLOT = len(_SIMPLE) + 1
_COMMON = (_AL, 16)       # AL and NU (most characters): their direct breaks are matched from the right
_DENSE = (21, 22, 23)     # H2, H3, ID (Hangul syllables, ideographs): a break between any two


def _code_set(classes: Iterable[int]) -> str:
    """Regex character set matching the codes of ``classes`` (any width)."""
    slots = sorted({_SLOT.get(c, _COMPLEX_SLOT) for c in classes})
    return "[" + "".join(re.escape(chr(3 * slot + w)) for slot in slots for w in range(3)) + "]"


class _CodeTable(dict[int, str]):
    """``str.translate`` table from code point to code, filled on first use of each code point."""

    def __missing__(self, cp: int) -> str:
        lb, wd = _tables()
        value = chr(3 * _SLOT.get(lb[cp], _COMPLEX_SLOT) + max(wd[cp] - 1, 0))
        if len(self) < 1 << 16:   # bounded: text is untrusted and could use every code point
            self[cp] = value
        return value


_CODE_TABLE = _CodeTable()
_CODE_COLUMNS = bytes(code % 3 for code in range(256))   # for bytes.translate: code -> columns
_COMPLEX_RE = re.compile(_code_set([_BK]))   # BK has no slot of its own: this is the complex slot


def _byte_table(classes: Iterable[int]) -> bytes:
    """``bytes.translate`` table: 1 for the codes of ``classes``, else 0."""
    slots = {_SLOT.get(c, _COMPLEX_SLOT) for c in classes}
    return bytes(1 if code < 3 * (_COMPLEX_SLOT + 1) and code // 3 in slots else 0 for code in range(256))


def _opportunity_rules() -> tuple[Any, ...]:
    """Tables and regexes finding break opportunities in a code string (see _opportunities).

    The frequent cases (a break after a single space, between two Hangul syllables or
    ideographs) are computed for all positions at once on big integers holding one byte
    per character; the rest with regexes that start with one literal or character set (so
    re skips non-candidates in C) and capture their whole match (so ``split`` gives the
    positions without a Python loop).
    """
    table = _PAIR_TABLE
    # Dense after dense or common is always a break: done on big integers, not by the regexes.
    assert all(table[a][b] == "D" for a in _DENSE + _COMMON for b in _DENSE)
    spaced: dict[tuple[int, ...], list[int]] = {}     # after spaces: the pair must not be "P"
    left_first: dict[tuple[int, ...], list[int]] = {}   # "D", left class rare: match the left character
    dense_left: dict[int, list[int]] = {}             # "D", dense left, other right: match the right one
    right_first: dict[int, list[int]] = {}            # "D", left class common: match the (rarer) right one
    for left in _SIMPLE:
        row = table[left]
        spaced.setdefault(tuple(r for r in _SIMPLE if row[r] != "P"), []).append(left)
        rights = tuple(r for r in _SIMPLE if row[r] == "D" and not (r in _DENSE and (left in _DENSE or left in _COMMON)))
        for right in rights if left in _COMMON or left in _DENSE else ():
            (right_first if left in _COMMON else dense_left).setdefault(right, []).append(left)
        if rights and left not in _COMMON and left not in _DENSE:
            left_first.setdefault(rights, []).append(left)
    usual = max(spaced, key=lambda rights: len(spaced[rights]))   # the rights most left classes allow
    odd = {rights: lefts for rights, lefts in spaced.items() if rights != usual and rights}

    def compile_(first: Iterable[int] | str, alternatives: list[str]) -> re.Pattern[str]:
        if not alternatives:
            return re.compile("(?!)")
        head = first if isinstance(first, str) else _code_set(first)
        return re.compile(f"({head}(?:{'|'.join(alternatives)}))")

    def by_lefts(pairs: dict[int, list[int]]) -> re.Pattern[str]:
        groups: dict[tuple[int, ...], list[int]] = {}
        for right, lefts in pairs.items():
            groups.setdefault(tuple(lefts), []).append(right)
        return compile_(list(pairs), [f"(?<={_code_set(lefts)}{_code_set(rights)})" for lefts, rights in groups.items()])

    space = re.escape(_SPACE_CODE)
    return (
        _byte_table([_SP]), _byte_table(spaced[usual]), _byte_table(usual), _byte_table(_DENSE),
        _byte_table(_DENSE + _COMMON),
        compile_(space, [f"(?<={_code_set(lefts)}{space}){space}*(?={_code_set(rights)})"
                         for rights, lefts in spaced.items() if rights]),
        compile_([c for lefts in odd.values() for c in lefts],
                 [f"(?<={_code_set(lefts)}){space}+(?={_code_set(rights)})" for rights, lefts in odd.items()]),
        compile_([c for lefts in left_first.values() for c in lefts],
                 [f"(?<={_code_set(lefts)})(?={_code_set(rights)})" for rights, lefts in left_first.items()]),
        by_lefts(right_first),
        by_lefts(dense_left),
    )


_SPACE_CODE = chr(3 * _SLOT[_SP] + 1)
(_IS_SPACE, _USUAL_LEFT, _USUAL_RIGHT, _IS_DENSE, _DENSE_OR_COMMON, _SPACED_RE, _ODD_SPACED_RE, _LEFT_FIRST_RE,
 _RIGHT_FIRST_RE, _DENSE_LEFT_RE) = _opportunity_rules()


def _match_ends(pattern: re.Pattern[str], codes: str) -> list[int]:
    parts = pattern.split(codes)
    return list(itertools.accumulate(map(len, parts)))[1::2] if len(parts) > 1 else []


def _match_starts(pattern: re.Pattern[str], codes: str) -> list[int]:
    parts = pattern.split(codes)
    return list(itertools.accumulate(map(len, parts)))[0:-1:2] if len(parts) > 1 else []


def _opportunities(codes: str, esc: str, final_newline: bool) -> list[int] | None:
    """Break opportunities in escaped portion ``esc`` (codes: its code string), in order.

    None if ``esc`` has a character whose break rules need the exact port.
    """
    if _COMPLEX_RE.search(codes):
        return None
    raw = codes.encode("ascii")
    n = len(raw)
    mask = 0       # one byte per character, 1 where a break is possible (byte i of n: i-th character)
    dense = int.from_bytes(raw.translate(_IS_DENSE), "big")
    if dense:
        mask = dense & (int.from_bytes(raw.translate(_DENSE_OR_COMMON), "big") >> 8)   # dense after dense/common
        found = _match_starts(_DENSE_LEFT_RE, codes)
    else:
        found = []
    if _SPACE_CODE * 2 in codes:
        found += _match_ends(_SPACED_RE, codes)
    else:   # single spaces: usual left class two before, space one before, usual right class here
        mask |= ((int.from_bytes(raw.translate(_USUAL_LEFT), "big") >> 16)
                 & (int.from_bytes(raw.translate(_IS_SPACE), "big") >> 8)
                 & int.from_bytes(raw.translate(_USUAL_RIGHT), "big"))
        found += _match_ends(_ODD_SPACED_RE, codes)
    found += _match_ends(_LEFT_FIRST_RE, codes)
    found += _match_starts(_RIGHT_FIRST_RE, codes)
    if mask:
        found += itertools.compress(range(n), mask.to_bytes(n, "big"))
    found.sort()
    if found and "\\" in esc:
        # No break inside an escape sequence, nor before the "\n" that ends the portion.
        prohibited = {m.end() - 1 for m in _ESCAPE_PAIR_RE.finditer(esc)}
        if final_newline:
            prohibited.add(len(esc) - 2)
        found = [i for i in found if i not in prohibited]
    return found


def _fit(opportunities: list[int], columns: list[int], width: int, startcol: int) -> list[int]:
    """Where u8_width_linebreaks breaks: at the last opportunity before the line overflows.

    A line always keeps its first piece; an opportunity is checked with the columns used
    up to it (trailing spaces included). ``columns[k]`` is the column count before
    ``opportunities[k]``; the last entry of both is the end of the text.
    """
    breaks: list[int] = []
    line_start = -1
    limit = width - startcol
    end = len(opportunities)
    while True:
        j = bisect.bisect_right(columns, limit, line_start + 2)
        if j >= end:
            return breaks
        line_start = j - 1
        breaks.append(opportunities[line_start])
        limit = width + columns[line_start]


def _wrap_fast(prefix: str, name: str, value: str, wrap: bool, page_width: int) -> list[str] | None:
    """Same lines as :func:`_wrap_exact`, or None when ``value`` needs the exact port."""
    out: list[str] = []
    after_break = len(prefix) + 1
    width = (page_width if wrap else 1 << 62) - 1 - after_break
    first_startcol = len(prefix) + len(name) + 2 - after_break
    portions = _PORTION_RE.findall(value) or [""]
    last = len(portions) - 1
    first_line = True
    for index, portion in enumerate(portions):
        esc = portion.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(portion) else portion
        codes = esc.translate(_CODE_TABLE)
        widths = None if esc.isascii() else codes.encode("latin-1").translate(_CODE_COLUMNS)
        total = len(esc) if widths is None else sum(widths)
        startcol = first_startcol if first_line else 0
        if startcol + total <= width:
            # Fits: no break can be needed (columns only grow), whatever the characters.
            breaks: list[int] = []
            if first_line and esc and index < last:
                out.append(f'{prefix}{name} ""')
                first_line = False
        else:
            opportunities = _opportunities(codes, esc, portion.endswith("\n"))
            if opportunities is None:
                return None
            opportunities.append(len(esc))
            if widths is None or widths.count(1) == len(widths):
                columns = opportunities
            else:
                prefix_columns = list(itertools.accumulate(widths, initial=0))
                columns = list(map(prefix_columns.__getitem__, opportunities))
            breaks = _fit(opportunities, columns, width, startcol)
            if first_line and esc and (index < last or startcol > width or breaks):
                out.append(f'{prefix}{name} ""')
                first_line = False
                breaks = _fit(opportunities, columns, width, 0)
        head = f'{prefix}{name} "' if first_line else f'{prefix}"'
        first_line = False
        start = 0
        for brk in breaks:
            out.append(f'{head}{esc[start:brk]}"')
            head = f'{prefix}"'
            start = brk
        out.append(f'{head}{esc[start:]}"')
    return out


# --- Line-filling writer ---------------------------------------------------------------------
# Faster still for the usual strings: one regular expression fills the lines. The string is
# translated to column codes (as above, a wide character as _CONT then its code, so each code
# character is one column and a lookbehind sees a character's own code), and a break
# opportunity is a position where a lookaround pair matches: a "D" pair of the table, or a
# space before a class the usual left classes allow after spaces. Greedy ``.{1,W}`` ending at an
# opportunity (or the end) is exactly u8_width_linebreaks' fill: the most whole pieces that fit,
# at least one. Strings where that reading could be wrong are left to _wrap_fast (see _HAZARD_RE):
# classes that need the state machine, a left class that changes what may follow spaces, leading
# spaces, zero-width characters where a break could fall before them, and escaped backslashes
# (the override inside an escape pair). The override before a final "\n" is kept by filling
# over codes that never break before them in place of that "\n".

_CONT = chr(3 * (_COMPLEX_SLOT + 1))    # the second column of a wide character (written before its code)
_ZERO = chr(3 * _SLOT[_AL])             # AL of width 0 (Thai, Lao, Khmer, Myanmar vowel signs and tones)


_UNKNOWN = chr(3 * (_COMPLEX_SLOT + 1) + 1)   # any class or width the fill rules do not handle
_FILL_CODES = frozenset(chr(3 * _SLOT[c] + w) for c in _SIMPLE for w in (1, 2)) | {_ZERO, _SPACE_CODE}


class _ColumnTable(dict[int, str]):
    """``str.translate`` table from code point to column codes: the code, _CONT + code if wide, _UNKNOWN."""

    def __missing__(self, cp: int) -> str:
        code = _CODE_TABLE[cp]
        value = _UNKNOWN if code not in _FILL_CODES else _CONT + code if ord(code) % 3 == 2 else code
        if len(self) < 1 << 16:
            self[cp] = value
        return value


_COLUMN_TABLE = _ColumnTable()


def _fill_rules() -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    """The break-opportunity lookaround alternation, and regexes finding what it may misread (besides
    _UNKNOWN codes): a zero-width character where a break could fall before it, a left class that
    changes what may follow spaces."""
    table = _PAIR_TABLE
    space = re.escape(_SPACE_CODE)

    def right(classes: Iterable[int]) -> str:
        return f"{re.escape(_CONT)}?{_code_set(classes)}"

    direct: dict[tuple[int, ...], list[int]] = {}
    after_space: dict[int, frozenset[int]] = {}
    for left in _SIMPLE:
        direct_rights = tuple(r for r in _SIMPLE if table[left][r] == "D")
        if direct_rights:
            direct.setdefault(direct_rights, []).append(left)
        after_space[left] = frozenset(r for r in _SIMPLE if table[left][r] != "P")
    usual = max(set(after_space.values()), key=lambda allowed: sum(v == allowed for v in after_space.values()))
    by_weight = sorted(direct.items(), key=lambda item: -sum(c in _COMMON + _DENSE for c in item[1]))
    breaks = "|".join([f"(?<={space})(?={right(usual)})"]
                      + [f"(?<={_code_set(lefts)})(?={right(rights)})" for rights, lefts in by_weight])
    odd: dict[frozenset[int], list[int]] = {}
    for left, allowed in after_space.items():
        if allowed != usual:
            odd.setdefault(allowed ^ usual, []).append(left)
    before_zero = [_SP] + [left for left in _SIMPLE if table[left][_AL] == "D"]   # a break could fall before it
    # Each regex starts with a character set, so that re scans for it in C.
    return (breaks, re.compile(f"{_code_set(before_zero)}{re.escape(_ZERO)}"),
            re.compile(_code_set([c for lefts in odd.values() for c in lefts]) + "(?:" + "|".join(
                f"(?<={_code_set(lefts)}){space}+{right(diff)}" for diff, lefts in odd.items()) + ")"))


_BREAKS, _BEFORE_ZERO_RE, _ODD_SPACED_FILL_RE = _fill_rules()
_BREAK_RE = re.compile(_BREAKS)
_NO_BREAK_BEFORE = chr(3 * _SLOT[7] + 1) * 2   # CP: "P" after every class, with or without spaces
assert all(row[7] == "P" for row in _PAIR_TABLE)
_LEADING = (_SPACE_CODE, _ZERO)   # no break after leading spaces (UAX #14 LB2): left to _wrap_fast
_FILL: dict[tuple[int, bool], re.Pattern[str]] = {}


def _fill_re(width: int, zeros: bool) -> re.Pattern[str]:
    """Regex whose matches are the lines of at most ``width`` columns (``zeros``: there are _ZERO codes)."""
    pattern = _FILL.get((width, zeros))
    if pattern is None:
        unit = f"(?:[^{re.escape(_ZERO)}]{re.escape(_ZERO)}*+)" if zeros else "."
        pattern = re.compile(f"(?s:{unit}{{1,{width}}}(?:{_BREAKS}|\\Z)|.+?(?:{_BREAKS}|\\Z))")
        _FILL[(width, zeros)] = pattern
    return pattern


# Translating non-ASCII text code point by code point is the fill's largest cost, so _column_codes
# does it per 256-code-point block with bytes operations: the text as UTF-16 gives each character's
# block (high byte) and place in it (low byte); a block's codes come from one bytes.translate of the
# low bytes, chosen with masks on big integers. Hangul syllables take the H2 code (H3 differs from H2
# only before a JV jamo, and no block holding JV jamo is read this way), widened by one str.replace.

_HANGUL_HI = bytes(range(0xAC, 0xD7))               # U+AC00..U+D6FF: Hangul syllables, 2 columns
_HANGUL_SELECT = bytes(0xFF if 0xAC <= hi < 0xD7 else 0 for hi in range(256))
_H2 = chr(3 * _SLOT[21] + 2)
_H2_BYTE = _H2.encode("latin-1")
_JV = 26
_LO_TABLES: dict[int, bytes | None] = {}


class _Select(dict[int, bytes]):
    """``bytes.translate`` table per block: 0xFF for the block's high byte, else 0 (made on first use)."""

    def __missing__(self, block: int) -> bytes:
        self[block] = value = bytes(block) + b"\xff" + bytes(255 - block)
        return value


_SELECT = _Select()


def _lo_table(block: int) -> bytes | None:
    """``bytes.translate`` table from low byte to column code for the code points of ``block``; None if a
    code point of it is wide or a JV jamo (then the text is translated code point by code point)."""
    if block not in _LO_TABLES:
        values = [_COLUMN_TABLE[block << 8 | lo] for lo in range(256)]
        jv = {chr(3 * _SLOT[_JV] + w) for w in range(3)}
        ok = 0xD8 > block and all(len(v) == 1 and v not in jv for v in values)   # D8..DF: surrogates
        _LO_TABLES[block] = bytes(ord(v) for v in values) if ok else None
    return _LO_TABLES[block]


def _column_codes(esc: str) -> str:
    """``esc.translate(_COLUMN_TABLE)``, Hangul syllables all as H2 (see above)."""
    if esc.isascii():
        return esc.translate(_COLUMN_TABLE)
    data = esc.encode("utf-16-be", "surrogatepass")   # a lone surrogate: block D8..DF, translated below
    size = len(esc)
    if len(data) != 2 * size:           # beyond the BMP (surrogate pairs)
        return esc.translate(_COLUMN_TABLE)
    hi, lo = data[::2], data[1::2]
    latin = _lo_table(0)
    assert latin is not None
    codes = int.from_bytes(lo.translate(latin), "big")
    others = hi.translate(None, b"\0" + _HANGUL_HI)
    while others:
        block = others[0]
        table = _lo_table(block)
        if table is None:
            return esc.translate(_COLUMN_TABLE)
        mask = int.from_bytes(hi.translate(_SELECT[block]), "big")
        codes = (codes & ~mask) | (int.from_bytes(lo.translate(table), "big") & mask)
        others = others.replace(bytes((block,)), b"")
    hangul = hi.translate(_HANGUL_SELECT)
    wide = b"\xff" in hangul
    if wide:
        mask = int.from_bytes(hangul, "big")
        codes = (codes & ~mask) | (mask & int.from_bytes(_H2_BYTE * size, "big"))
    text = codes.to_bytes(size, "big").decode("latin-1")
    return text.replace(_H2, _CONT + _H2) if wide else text


def _fill_codes(esc: str) -> tuple[str, int] | None:
    """(column codes of escaped text ``esc``, how many are of width 0), or None if it is not for the fill."""
    cols = _column_codes(esc)
    zeros = 0 if esc.isascii() else cols.count(_ZERO)
    if (cols.startswith(_LEADING) or _UNKNOWN in cols or (zeros and _BEFORE_ZERO_RE.search(cols))
            or _ODD_SPACED_FILL_RE.search(cols)):
        return None
    return cols, zeros


def _filled_lines(out: list[str], head: str, esc: str, cols: str, lines: list[str]) -> None:
    """Append ``esc`` cut where ``lines`` (the fill's matches over ``cols``) end: ``head"piece"`` each."""
    start = 0
    if _CONT in cols:
        for line in lines:
            end = start + len(line) - line.count(_CONT)
            out.append(f'{head}"{esc[start:end]}"')
            start = end
    else:
        for line in lines:
            end = start + len(line)
            out.append(f'{head}"{esc[start:end]}"')
            start = end


def _wrap_filled(prefix: str, name: str, value: str, wrap: bool, page_width: int) -> list[str] | None:
    """Same lines as :func:`_wrap_exact`, or None when ``value`` is not for this writer."""
    width = page_width - 2 - len(prefix)
    if not wrap or width < 1 or "\\" in value:
        return None
    if "\n" in value:
        return _wrap_filled_portions(prefix, name, value, width)
    # One portion, the usual case: the same decisions as the loop below, fewer steps.
    esc = value.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(value) else value
    found = _fill_codes(esc)
    if found is None:
        return None
    cols, zeros = found
    total = len(cols) - zeros
    first = len(name) + 1          # the column after 'name "' (less the prefix and quote)
    if first + total <= width or not esc:
        return [f'{prefix}{name} "{esc}"']
    if total <= width:             # fits on a line of its own: it goes there if it may break at all
        if first > width or _BREAK_RE.search(cols):
            return [f'{prefix}{name} ""', f'{prefix}"{esc}"']
        return [f'{prefix}{name} "{esc}"']
    lines = _fill_re(width, zeros > 0).findall(cols)
    if len(lines) == 1 and first <= width:    # not one break opportunity
        return [f'{prefix}{name} "{esc}"']
    out = [f'{prefix}{name} ""']
    _filled_lines(out, prefix, esc, cols, lines)
    return out


def _wrap_filled_portions(prefix: str, name: str, value: str, width: int) -> list[str] | None:
    """:func:`_wrap_filled` for a value with newlines: each "...\\n" portion is filled on its own."""
    out: list[str] = []
    first_startcol = len(name) + 1
    portions = _PORTION_RE.findall(value)
    last = len(portions) - 1
    first_line = True
    for index, portion in enumerate(portions):
        esc = portion.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(portion) else portion
        found = _fill_codes(esc)
        if found is None:
            return None
        cols, zeros = found
        if portion.endswith("\n"):   # no break before the final "\n" (nor inside it): two never-break-before codes
            cols = cols[:-2] + _NO_BREAK_BEFORE
        total = len(cols) - zeros
        if first_line:
            first_line = False
            if not esc or not (index < last or first_startcol > width
                               or (first_startcol + total > width and _BREAK_RE.search(cols))):
                out.append(f'{prefix}{name} "{esc}"')
                continue
            out.append(f'{prefix}{name} ""')
        if total <= width:
            out.append(f'{prefix}"{esc}"')
            continue
        _filled_lines(out, prefix, esc, cols, _fill_re(width, zeros > 0).findall(cols))
    return out


def _lines(prefix: str, name: str, value: str, wrap: bool, page_width: int) -> list[str]:
    """The lines of ``name "value"``: the fill, else the fast writer, else the per-character port."""
    lines = _wrap_filled(prefix, name, value, wrap, page_width)
    if lines is None:
        lines = _wrap_fast(prefix, name, value, wrap, page_width)
    return lines if lines is not None else _wrap_exact(prefix, name, value, wrap, page_width)


WRAP_CACHE_SIZE = 8192   # strings


@functools.lru_cache(maxsize=WRAP_CACHE_SIZE)
def _wrap_lines(prefix: str, name: str, value: str, wrap: bool, page_width: int) -> tuple[str, ...]:
    # Cached (a few MB at most): a catalog is re-rendered on every save (translate, review,
    # approve, the web app), and most of its strings did not change since the last save.
    return tuple(_lines(prefix, name, value, wrap, page_width))


def _wrap(out: list[str], prefix: str, name: str, value: str, *, wrap: bool = True,
          page_width: int = PAGE_WIDTH) -> None:
    """Append the lines of ``name "value"`` exactly as write-po.c's wrap() prints them."""
    # One short, plain line: nothing to escape or break.
    if (len(prefix) + len(name) + len(value) + 3 <= (page_width if wrap else 1 << 62)
            and "\n" not in value and _PLAIN_ASCII.fullmatch(value)):
        out.append(f'{prefix}{name} "{value}"')
        return
    out.extend(_wrap_lines(prefix, name, value, wrap, page_width))


def _wrap_uncached(out: list[str], prefix: str, name: str, value: str, *, wrap: bool = True,
                   page_width: int = PAGE_WIDTH) -> None:
    """:func:`_wrap` without the cache, for catalogs with more strings than it holds: rendered in
    order, each string would be evicted before its next use, and the cache's upkeep costs 15%."""
    if (len(prefix) + len(name) + len(value) + 3 <= (page_width if wrap else 1 << 62)
            and "\n" not in value and _PLAIN_ASCII.fullmatch(value)):
        out.append(f'{prefix}{name} "{value}"')
        return
    out.extend(_lines(prefix, name, value, wrap, page_width))


def _wrap_reference(out: list[str], prefix: str, name: str, value: str, *, wrap: bool = True,
                    page_width: int = PAGE_WIDTH) -> None:
    """:func:`_wrap` through the exact port only (used by :func:`_render_catalog_exact`)."""
    out.extend(_wrap_exact(prefix, name, value, wrap, page_width))

