"""What ``msgfmt -c`` (GNU gettext 0.21) rejects in a parsed catalog, with msgfmt's words.

``msgfmt -c`` is ``--check-format --check-header --check-domain``. On the entries msgfmt
compiles (active, first form translated, not fuzzy; the header's fuzziness is ignored) it
checks, after the parser's own errors (syntax, duplicates, which :mod:`.parse` raises):

* the header: present and translated ("PO file header missing or invalid");
* plural forms (``msgl-check.c: check_plural``): ``nplurals=``/``plural=`` present when
  plural entries are, a valid number and expression whose values stay below nplurals for
  n = 0..1000, and every plural entry with exactly nplurals forms;
* each entry (``check_pair``): msgid, msgid_plural and every msgstr all begin, and all end,
  with ``\\n`` or none does; format strings of the entry's ``*-format`` flags
  (:func:`workflow.catalogs.formats.check_format`).

:func:`msgfmt_problems` returns them as :class:`Problem` (line, message); empty means
msgfmt -c accepts the catalog. Given the bytes the catalog was read from, the lines are
msgfmt's: that of the entry's first ``msgstr`` keyword (for the header's problems too).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import workflow.catalogs.formats as formats
from workflow.catalogs.model import Catalog, Entry, is_fuzzy
from workflow.catalogs.plurals import PluralForms, PluralFormsError, parse_plural_forms

__all__ = ["Problem", "msgfmt_problems", "msgstr_line", "entry_forms", "plural_forms_of"]

_GERMANIC_OFTEN = (False, True)


@dataclass(frozen=True)
class Problem:
    """One thing msgfmt -c rejects: ``line`` of the entry (0: the file as a whole) and msgfmt's message;
    ``entry_line``: the line of the entry's msgid (where the QA checks report it), 0 if none."""

    line: int
    message: str
    entry_line: int = field(default=0, compare=False)


def entry_forms(entry: Entry) -> list[str]:
    """The msgstr forms of ``entry`` (one for a singular entry), in order."""
    if entry.msgid_plural:
        plural = entry.msgstr_plural or {}
        return [plural[k] for k in sorted(plural, key=int)] or [""]
    return [entry.msgstr or ""]


def _compiled(entry: Entry) -> bool:
    """Whether msgfmt compiles (and so checks) the entry: active, first form translated, not fuzzy."""
    return not entry.obsolete and entry_forms(entry)[0] != "" and not is_fuzzy(entry)


def plural_forms_of(catalog: Catalog) -> PluralForms | None:
    """The header's checked Plural-Forms, or None when it has none or msgfmt would reject it."""
    header = catalog.header_text
    if not header:
        return None
    try:
        return parse_plural_forms(header)
    except PluralFormsError:
        return None


def _range(entry: Entry) -> tuple[int, int] | None:
    for flag in entry.flags:
        flag = flag.replace(" ", "")
        if flag.startswith("range:") and ".." in flag:
            low, _, high = flag[6:].partition("..")
            if low.isdigit() and high.isdigit():
                return int(low), int(high)
    return None


def check_entry_format(entry: Entry, often: tuple[bool, ...] | None,
                       plural: PluralForms | None = None) -> list[str]:
    """msgfmt -c's newline and format-string messages for one translated entry."""
    msgid, msgid_plural = entry.msgid, entry.msgid_plural or None
    forms = entry_forms(entry)
    out: list[str] = []
    if msgid == "":
        return out
    # msgfmt checks the leading newline first, then the trailing one, each over every string.
    for where, has_newline in (("begin", lambda s: s.startswith("\n")), ("end", lambda s: s.endswith("\n"))):
        expected = has_newline(msgid)
        if msgid_plural is None:
            if has_newline(forms[0]) != expected:
                out.append(f"'msgid' and 'msgstr' entries do not both {where} with '\\n'")
            continue
        if has_newline(msgid_plural) != expected:
            out.append(f"'msgid' and 'msgid_plural' entries do not both {where} with '\\n'")
        out += [f"'msgid' and 'msgstr[{j}]' entries do not both {where} with '\\n'"
                for j, form in enumerate(forms) if has_newline(form) != expected]
    value_range = _range(entry)
    for language in sorted(formats.formats_of(entry.flags), key=list(formats.FORMATS).index):
        out += formats.check_format(language, msgid, msgid_plural, forms, often,
                                    _histogram(plural, value_range))
    return out


def _histogram(plural: PluralForms | None, value_range: tuple[int, int] | None) -> formats.Histogram | None:
    if value_range is None:
        return None
    low, high = value_range
    if plural is None:
        return lambda j: sum(1 for n in range(low, high + 1) if int(n != 1) == j)
    return lambda j: sum(1 for n in range(low, min(high, low + 10000) + 1) if plural.index(n) == j)


def msgstr_line(data: bytes, line: int) -> int:
    """The line of the first ``msgstr`` keyword at or after ``line`` (1-based) of the PO file
    ``data`` (``line`` itself if there is none): where msgfmt reports an entry's problems."""
    if line <= 0:
        return line
    start = 0
    for _ in range(line - 1):   # the offset of line ``line``
        start = data.find(b"\n", start) + 1
        if start == 0:
            return line
    for number, raw in enumerate(data[start:].split(b"\n"), line):
        body = raw.lstrip()
        if body.startswith(b"#~"):
            body = body[2:].lstrip()
        if body.startswith(b"msgstr"):
            return number
    return line


def msgfmt_problems(catalog: Catalog, source: bytes | Path | None = None) -> list[Problem]:
    """Everything ``msgfmt -c`` would report as an error for ``catalog`` (empty: it passes).

    ``source``: the bytes ``catalog`` was read from, or its file (read only if there are
    problems), to give msgfmt's lines (the ``msgstr`` keyword's); without it (or if the file
    cannot be read) a problem's line is that of the entry's msgid.
    """
    problems = [Problem(p.line, p.message, p.line) for p in _problems(catalog)]
    if source is None or not problems:
        return problems
    if isinstance(source, Path):
        try:
            source = source.read_bytes()
        except OSError:
            return problems
    data = source
    return [Problem(msgstr_line(data, p.line), p.message, p.line) if p.line else p for p in problems]


def _problems(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    header = catalog.header_text
    header_line = catalog.header_line
    if not header or not catalog.has_header:
        problems.append(Problem(0, "PO file header missing or invalid"))
    compiled = [e for e in catalog if _compiled(e)]
    plural_entries = [e for e in compiled if e.msgid_plural]
    often: tuple[bool, ...] | None = _GERMANIC_OFTEN
    plural: PluralForms | None = None
    if header and catalog.has_header:
        has_plural = header.find("plural=") >= 0
        has_nplurals = header.find("nplurals=") >= 0
        if plural_entries and not has_plural:
            problems.append(Problem(plural_entries[0].linenum or 0,
                                    'message catalog has plural form translations, but header entry lacks a '
                                    '"plural=EXPRESSION" attribute'))
        if plural_entries and not has_nplurals:
            problems.append(Problem(plural_entries[0].linenum or 0,
                                    'message catalog has plural form translations, but header entry lacks a '
                                    '"nplurals=INTEGER" attribute'))
        if has_plural and has_nplurals:
            try:
                plural = parse_plural_forms(header)
            except PluralFormsError as exc:
                problems.append(Problem(header_line, str(exc)))
                often = None
            else:
                often = plural.often
                counts = [(len(entry_forms(e)), e) for e in plural_entries]
                if counts:
                    low = min(counts, key=lambda c: c[0])
                    high = max(counts, key=lambda c: c[0])
                    if low[0] < plural.nplurals:
                        forms = "only one plural form" if low[0] == 1 else f"only {low[0]} plural forms"
                        problems.append(Problem(low[1].linenum or 0,
                                                f"nplurals = {plural.nplurals}, but some messages have {forms}"))
                    elif high[0] > plural.nplurals:
                        forms = "one plural form" if high[0] == 1 else f"{high[0]} plural forms"
                        problems.append(Problem(high[1].linenum or 0,
                                                f"nplurals = {plural.nplurals}, but some messages have {forms}"))
    elif plural_entries:
        problems.append(Problem(plural_entries[0].linenum or 0,
                                'message catalog has plural form translations, but lacks a header entry with '
                                '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"'))
    for entry in compiled:
        for message in check_entry_format(entry, often, plural):
            problems.append(Problem(entry.linenum or 0, message))
    return problems
