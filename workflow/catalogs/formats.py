"""gettext format strings: which flags name them, where their directives are, and ``msgfmt -c``'s check.

An entry flagged ``#, c-format`` (or ``python-format``, ``python-brace-format``...) holds a
format string whose directives the program fills at run time; a translation must keep
them. This module knows the format languages GNU gettext 0.21 knows (:data:`FORMATS`)
and offers, per language:

* :func:`directive_spans`: where the directives are in a text (for masking before
  machine translation, and for the ``placeholders`` QA check);
* :func:`check_format`: the check ``msgfmt -c`` applies to a translated entry, ported from
  gettext 0.21 (``format-c.c``, ``format-python.c``, ``format-python-brace.c``,
  ``format.c``) for C, Objective C, Python and Python brace formats, with msgfmt's
  messages. Other languages have no exact checker here (:data:`CHECKED`); their
  directives are still masked and compared by the QA check.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

#: Plural form index -> how many n of the entry's ``range:`` select it (gettext's histogram).
Histogram = Callable[[int], int]

#: gettext's format languages (``<name>-format`` flags), in gettext's order, with msgfmt's names.
FORMATS: dict[str, str] = {
    "c": "C", "objc": "Objective C", "python": "Python", "python-brace": "Python brace",
    "java": "Java MessageFormat", "java-printf": "Java printf", "csharp": "C#", "javascript": "JavaScript",
    "scheme": "Scheme", "lisp": "Lisp", "elisp": "Emacs Lisp", "librep": "librep", "ruby": "Ruby",
    "sh": "Shell", "awk": "awk", "lua": "Lua", "object-pascal": "Object Pascal", "smalltalk": "Smalltalk",
    "qt": "Qt", "qt-plural": "Qt plural", "kde": "KDE", "kde-kuit": "KDE KUIT", "boost": "Boost",
    "tcl": "Tcl", "perl": "Perl", "perl-brace": "Perl brace", "php": "PHP", "gcc-internal": "GCC internal",
    "gfc-internal": "GFC internal", "ycp": "YCP",
}

#: Languages whose ``msgfmt -c`` check :func:`check_format` reproduces exactly.
CHECKED = frozenset({"c", "objc", "python", "python-brace"})


def formats_of(flags: Iterable[str]) -> frozenset[str]:
    """The format languages an entry's flags declare (``c-format`` or ``possible-c-format``)."""
    out = set()
    for flag in flags:
        flag = flag.strip()
        if flag.startswith("possible-"):
            flag = flag[len("possible-"):]
        if flag.endswith("-format") and not flag.startswith("no-") and flag[:-7] in FORMATS:
            out.add(flag[:-7])
    return frozenset(out)


_ORDER_0_21 = [name for name in FORMATS if name != "java-printf"]   # gettext 0.21's is_format[] order


def wrap_format(flags: Iterable[str]) -> str | None:
    """The format language whose directives msgcat keeps unbroken when it wraps an entry's
    strings (write-po.c wrap(): the first of gettext's order the flags make possible), if this
    module parses it exactly (:data:`CHECKED`). Not python-brace: gettext 0.21 marks its
    directives at offsets from each directive's own start, so msgcat only protects the string's
    first few characters, where no line breaks in practice."""
    languages = formats_of(flags) if flags else ()
    first = min(languages, key=_ORDER_0_21.index, default=None) if languages else None
    return first if first in ("c", "objc", "python") else None


def unbreakable(language: str, text: str, *, translated: bool = False) -> frozenset[int]:
    """Indexes of ``text`` before which msgcat never breaks a line because they are inside a
    directive of ``language`` (from :func:`wrap_format`); only directives with a character other
    than a letter or digit after their first, since the others have no break opportunity anyway.
    In an invalid format string, the directives before the error count (as in msgcat)."""
    spec = Spec()
    try:
        _PARSERS[language](text, translated, spec)
    except InvalidFormat:
        pass
    return frozenset(i for start, end in spec.spans if not text[start + 1:end].isalnum()
                     for i in range(start + 1, end))


class InvalidFormat(ValueError):
    """A text that is not a valid format string of its language; ``reason`` as msgfmt words it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Spec:
    """What a format string asks of its arguments."""

    directives: int = 0
    unnamed: list[str] = field(default_factory=list)        # argument types, in argument order
    named: dict[str, str] = field(default_factory=dict)     # name -> type
    spans: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# C and Objective C (format-c-parse.h)

_C_FLAGS = " +-#0'"
_C99 = re.compile(r"PRI([diouxX])(MAX|PTR|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|8|16|32|64)>")


def _conversion_error(number: int, char: str) -> InvalidFormat:
    if char.isprintable() and ord(char) < 0x7F:
        return InvalidFormat(f"In the directive number {number}, the character '{char}' is not a valid "
                             "conversion specifier.")
    return InvalidFormat(f"The character that terminates the directive number {number} is not a valid "
                         "conversion specifier.")


def parse_c(text: str, *, objc: bool = False, translated: bool = False, spec: Spec | None = None) -> Spec:
    """Parse a C (or Objective C) format string; :class:`InvalidFormat` if it is not one."""
    spec = Spec() if spec is None else spec   # given: what was parsed stays in it if the text is invalid
    numbered: list[tuple[int, str]] = []
    pos, n = 0, len(text)

    def digits(at: int) -> tuple[int, int]:
        end = at
        while end < n and text[end].isascii() and text[end].isdigit():
            end += 1
        return (int(text[at:end]) if end > at else -1), end

    def argument(number: int, kind: str, what: str = "") -> None:
        if number:
            if spec.unnamed:
                raise InvalidFormat("The string refers to arguments both through absolute argument numbers and "
                                    "through unnumbered argument specifications.")
            numbered.append((number, kind))
        else:
            if numbered:
                raise InvalidFormat("The string refers to arguments both through absolute argument numbers and "
                                    "through unnumbered argument specifications.")
            spec.unnamed.append(kind)

    while pos < n:
        if text[pos] != "%":
            pos += 1
            continue
        start = pos
        pos += 1
        spec.directives += 1
        number = 0
        value, end = digits(pos)
        if value >= 0 and end < n and text[end] == "$":
            if value == 0:
                raise InvalidFormat(f"In the directive number {spec.directives}, the argument number 0 is not a "
                                    "positive integer.")
            number, pos = value, end + 1
        while pos < n and (text[pos] in _C_FLAGS or (translated and text[pos] == "I")):
            pos += 1
        for part in ("width", "precision"):
            if part == "precision":
                if pos < n and text[pos] == ".":
                    pos += 1
                else:
                    break
            if pos < n and text[pos] == "*":
                pos += 1
                star = 0
                value, end = digits(pos)
                if value >= 0 and end < n and text[end] == "$":
                    if value == 0:
                        which = "width's" if part == "width" else "precision's"
                        raise InvalidFormat(f"In the directive number {spec.directives}, the {which} argument "
                                            "number 0 is not a positive integer.")
                    star, pos = value, end + 1
                argument(star, "int:")
            else:
                _, pos = digits(pos)
        if pos < n and text[pos] == "<":
            m = _C99.match(text, pos + 1)
            if m is None:
                if text.startswith("PRI", pos + 1) and re.match(r"PRI[diouxX](?:MAX|PTR|LEAST\d+|FAST\d+|\d+)",
                                                                 text[pos + 1:]):
                    raise InvalidFormat(f"In the directive number {spec.directives}, the token after '<' is not "
                                        "followed by '>'.")
                raise InvalidFormat(f"In the directive number {spec.directives}, the token after '<' is not the "
                                    "name of a format specifier macro. The valid macro names are listed in ISO C "
                                    "99 section 7.8.1.")
            kind = ("uint" if m.group(1) in "ouxX" else "int") + ":" + m.group(2)
            pos = m.end()
        else:
            size = ""
            while pos < n and text[pos] in "hlLqjzZt":
                c = text[pos]
                if c == "h":
                    size = "hh" if size in ("h", "hh") else "h"
                elif c == "l":
                    size = "ll" if size in ("l", "ll") else "l"
                elif c in "Lq":
                    size = "ll"
                else:
                    size = {"j": "j", "z": "z", "Z": "z", "t": "t"}[c]
                pos += 1
            if pos >= n:
                raise InvalidFormat("The string ends in the middle of a directive.")
            c = text[pos]
            wide = size in ("l", "ll")
            if c in "%m":
                kind = ""
            elif c == "c":
                kind = "wchar" if wide else "char"
            elif c == "C":
                kind = "wchar"
            elif c == "s":
                kind = "wstring" if wide else "string"
            elif c == "S":
                kind = "wstring"
            elif c in "id":
                kind = "int:" + size
            elif c in "uoxX":
                kind = "uint:" + size
            elif c in "eEfFgGaA":
                kind = "double:" + ("L" if size == "ll" else "")
            elif c == "@" and objc:
                kind = "object"
            elif c == "p":
                kind = "pointer"
            elif c == "n":
                kind = "count:" + size
            else:
                raise _conversion_error(spec.directives, c)
            pos += 1
        if kind:
            argument(number, kind)
        spec.spans.append((start, pos))
    if numbered:
        merged: dict[int, str] = {}
        for number, kind in sorted(numbered):
            if number in merged and merged[number] != kind:
                raise InvalidFormat(f"The string refers to argument number {number} in incompatible ways.")
            merged[number] = kind
        for i, number in enumerate(sorted(merged), 1):
            if number != i:
                raise InvalidFormat(f"The string refers to argument number {number} but ignores argument "
                                    f"number {i}.")
        spec.unnamed = [merged[k] for k in sorted(merged)]
    return spec


def _check_c(id_spec: Spec, str_spec: Spec, strict: bool, pretty_id: str, pretty_str: str) -> list[str]:
    a, b = id_spec.unnamed, str_spec.unnamed
    if (len(a) != len(b)) if strict else (len(a) < len(b)):
        return [f"number of format specifications in '{pretty_id}' and '{pretty_str}' does not match"]
    return [f"format specifications in '{pretty_id}' and '{pretty_str}' for argument {i + 1} are not the same"
            for i in range(len(b)) if a[i] != b[i]]


# ---------------------------------------------------------------------------
# Python (format-python.c)


def parse_python(text: str, *, spec: Spec | None = None) -> Spec:
    """Parse a Python ``%`` format string; :class:`InvalidFormat` if it is not one."""
    spec = Spec() if spec is None else spec   # given: what was parsed stays in it if the text is invalid
    named: list[tuple[str, str]] = []
    pos, n = 0, len(text)
    mixes = "The string refers to arguments both through argument names and through unnamed argument specifications."
    while pos < n:
        if text[pos] != "%":
            pos += 1
            continue
        start = pos
        pos += 1
        spec.directives += 1
        name = None
        if pos < n and text[pos] == "(":
            depth, at = 0, pos + 1
            while at < n:
                if text[at] == "(":
                    depth += 1
                elif text[at] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                at += 1
            if at >= n:
                raise InvalidFormat("The string ends in the middle of a directive.")
            name = text[pos + 1:at]
            pos = at + 1
        while pos < n and text[pos] in "-+ #0":
            pos += 1
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if pos < n and text[pos] == ".":
                    pos += 1
                else:
                    break
            if pos < n and text[pos] == "*":
                pos += 1
                if named:
                    raise InvalidFormat(mixes)
                spec.unnamed.append("int")
            elif pos < n and text[pos].isascii() and text[pos].isdigit():
                zero_precision = part == "precision"
                while pos < n and text[pos].isascii() and text[pos].isdigit():
                    if text[pos] != "0":
                        zero_precision = False
                    pos += 1
        if pos < n and text[pos] in "hlL":
            pos += 1
        if pos >= n:
            raise InvalidFormat("The string ends in the middle of a directive.")
        c = text[pos]
        if c == "%":
            kind = ""
        elif c == "c":
            kind = "char"
        elif c in "sr":
            kind = "any" if zero_precision else "string"
        elif c in "iduoxX":
            kind = "int"
        elif c in "eEfgG":
            kind = "float"
        else:
            raise _conversion_error(spec.directives, c)
        if name is not None:
            if spec.unnamed:
                raise InvalidFormat(mixes)
            named.append((name, kind))
        elif c != "%":
            if named:
                raise InvalidFormat(mixes)
            spec.unnamed.append(kind)
        pos += 1
        spec.spans.append((start, pos))
    for name, kind in sorted(named):
        if name in spec.named:
            old = spec.named[name]
            if kind == old or old == "any":
                spec.named[name] = kind
            elif kind != "any":
                raise InvalidFormat(f"The string refers to the argument named '{name}' in incompatible ways.")
        else:
            spec.named[name] = kind
    return spec


def _check_python(id_spec: Spec, str_spec: Spec, strict: bool, pretty_id: str, pretty_str: str) -> list[str]:
    a, b = id_spec, str_spec
    if a.named and b.unnamed:
        return [f"format specifications in '{pretty_id}' expect a mapping, those in '{pretty_str}' expect a tuple"]
    if a.unnamed and b.named:
        return [f"format specifications in '{pretty_id}' expect a tuple, those in '{pretty_str}' expect a mapping"]
    out: list[str] = []
    if a.named or b.named:
        names1, names2 = sorted(a.named), sorted(b.named)
        for name in names2:
            if name not in a.named:
                return [f"a format specification for argument '{name}', as in '{pretty_str}', doesn't exist in "
                        f"'{pretty_id}'"]
        if strict:
            for name in names1:
                if name not in b.named:
                    return [f"a format specification for argument '{name}' doesn't exist in '{pretty_str}'"]
        for name in names2:
            t1, t2 = a.named[name], b.named[name]
            if not (t1 == t2 or (not strict and "any" in (t1, t2))):
                return [f"format specifications in '{pretty_id}' and '{pretty_str}' for argument '{name}' are "
                        "not the same"]
    if a.unnamed or b.unnamed:
        if len(a.unnamed) != len(b.unnamed):
            return [f"number of format specifications in '{pretty_id}' and '{pretty_str}' does not match"]
        for i, (t1, t2) in enumerate(zip(a.unnamed, b.unnamed)):
            if not (t1 == t2 or (not strict and "any" in (t1, t2))):
                out.append(f"format specifications in '{pretty_id}' and '{pretty_str}' for argument {i + 1} are "
                           "not the same")
    return out


# ---------------------------------------------------------------------------
# Python brace (format-python-brace.c)


def _name_field(text: str, pos: int) -> int | None:
    n = len(text)
    if pos < n and (text[pos] == "_" or ("A" <= text[pos] <= "Z") or ("a" <= text[pos] <= "z")):
        pos += 1
        while pos < n and (text[pos] == "_" or text[pos].isascii() and text[pos].isalnum()):
            pos += 1
        return pos
    return None


def _number_field(text: str, pos: int) -> int | None:
    n = len(text)
    if pos < n and "0" <= text[pos] <= "9":
        while pos < n and "0" <= text[pos] <= "9":
            pos += 1
        return pos
    return None


def _brace_directive(text: str, pos: int, spec: Spec, toplevel: bool) -> int:
    """``text[pos]`` is '{'; return the position after the directive."""
    n = len(text)
    start = pos
    pos += 1
    if pos < n and text[pos] == "{":
        return pos + 1
    name_start = pos
    end = _name_field(text, pos)
    if end is None:
        end = _number_field(text, pos)
    if end is None:
        char = text[pos] if pos < n else "\0"
        raise InvalidFormat(f"In the directive number {spec.directives}, '{char}' cannot start a field name.")
    pos = end
    c = text[pos] if pos < n else ""
    while c in (".", "["):
        if c == ".":
            end = _name_field(text, pos + 1)
            if end is None:
                char = text[pos + 1] if pos + 1 < n else "\0"
                raise InvalidFormat(f"In the directive number {spec.directives}, '{char}' cannot start a getattr "
                                    "argument.")
            pos = end
        else:
            end = _name_field(text, pos + 1)
            if end is None:
                end = _number_field(text, pos + 1)
            if end is None:
                char = text[pos + 1] if pos + 1 < n else "\0"
                raise InvalidFormat(f"In the directive number {spec.directives}, '{char}' cannot start a getitem "
                                    "argument.")
            if end >= n or text[end] != "]":
                raise InvalidFormat("The string ends in the middle of a directive.")
            pos = end + 1
        c = text[pos] if pos < n else ""
    if c == ":":
        if not toplevel:
            raise InvalidFormat(f"In the directive number {spec.directives}, no more nesting is allowed in a format "
                                "specifier.")
        pos += 1
        if pos < n and text[pos] == "{":
            pos = _brace_directive(text, pos, spec, False)
            if pos >= n or text[pos] != "}":
                raise InvalidFormat("The string ends in the middle of a directive.")
        else:
            c1 = text[pos] if pos < n else ""
            c2 = text[pos + 1] if pos + 1 < n else ""
            if c2 and c2 in "<>=^":
                pos += 2
            elif c1 and c1 in "<>=^":
                pos += 1
            if pos < n and text[pos] in "+- ":
                pos += 1
            if pos < n and text[pos] == "#":
                pos += 1
            if pos < n and text[pos] == "0":
                pos += 1
            while pos < n and "0" <= text[pos] <= "9":
                pos += 1
            if pos < n and text[pos] == ".":
                pos += 1
                while pos < n and "0" <= text[pos] <= "9":
                    pos += 1
            if pos < n and text[pos] in "bcdoxXneEfFgG%":
                pos += 1
            if pos >= n or text[pos] != "}":
                raise InvalidFormat("The string ends in the middle of a directive.")
        c = text[pos] if pos < n else ""
    if c != "}":
        raise InvalidFormat(f"In the directive number {spec.directives}, there is an unterminated format directive.")
    if toplevel:
        spec.directives += 1
        spec.named[text[name_start:pos]] = "any"
        spec.spans.append((start, pos + 1))
    return pos + 1



def parse_python_brace(text: str, *, spec: Spec | None = None) -> Spec:
    """Parse a Python ``str.format`` string (gettext's rules); :class:`InvalidFormat` if invalid."""
    spec = Spec() if spec is None else spec   # given: what was parsed stays in it if the text is invalid
    pos, n = 0, len(text)
    while pos < n:
        if text[pos] == "{":
            pos = _brace_directive(text, pos, spec, True)
        else:
            pos += 1
    return spec


def _check_brace(id_spec: Spec, str_spec: Spec, strict: bool, pretty_id: str, pretty_str: str) -> list[str]:
    a, b = set(id_spec.named), set(str_spec.named)
    if not strict:
        return []
    for name in sorted(a | b):
        if name not in b:
            return [f"a format specification for argument '{name}' doesn't exist in '{pretty_str}'"]
        if name not in a:
            return [f"a format specification for argument '{name}' doesn't exist in '{pretty_id}'"]
    return []


_PARSERS: dict[str, Callable[[str, bool, Spec | None], Spec]] = {
    "c": lambda text, translated, spec: parse_c(text, translated=translated, spec=spec),
    "objc": lambda text, translated, spec: parse_c(text, objc=True, translated=translated, spec=spec),
    "python": lambda text, translated, spec: parse_python(text, spec=spec),
    "python-brace": lambda text, translated, spec: parse_python_brace(text, spec=spec),
}
_CHECKERS = {"c": _check_c, "objc": _check_c, "python": _check_python, "python-brace": _check_brace}


def parse(language: str, text: str, *, translated: bool = False) -> Spec:
    """Parse ``text`` as a format string of ``language`` (one of :data:`CHECKED`)."""
    return _PARSERS[language](text, translated, None)


def check_format(language: str, msgid: str, msgid_plural: str | None, msgstrs: Sequence[str],
                 often: Sequence[bool] | None = None, histogram: Histogram | None = None) -> list[str]:
    """``msgfmt -c``'s format check of one translated entry, as msgfmt's messages (empty: it passes).

    ``msgstrs`` are the forms (one for a singular entry); ``often[j]`` says whether plural
    form ``j`` is used for infinitely many n (None: not known), and ``histogram`` how many
    n of the entry's ``range:`` flag select it; they decide strict or relaxed checking as
    gettext does (a form used for a single n may leave the number out).
    Languages outside :data:`CHECKED` are not checked (empty list).
    """
    if language not in _PARSERS:
        return []
    try:
        id_spec = parse(language, msgid_plural if msgid_plural is not None else msgid)
    except InvalidFormat:
        return []
    pretty_id = "msgid_plural" if msgid_plural is not None else "msgid"
    plural_translations = len(msgstrs) > 1
    out: list[str] = []
    for j, text in enumerate(msgstrs):
        pretty_str = f"msgstr[{j}]" if msgid_plural is not None else "msgstr"
        try:
            str_spec = parse(language, text, translated=True)
        except InvalidFormat as exc:
            out.append(f"'{pretty_str}' is not a valid {FORMATS[language]} format string, unlike '{pretty_id}'. "
                       f"Reason: {exc.reason}")
            continue
        strict = (msgid_plural is None or not plural_translations
                  or (often is not None and j < len(often) and often[j]
                      and not (histogram is not None and histogram(j) <= 1)))
        out.extend(_CHECKERS[language](id_spec, str_spec, strict, pretty_id, pretty_str))
    return out[:1]   # msgfmt reports the first problem of an entry


# ---------------------------------------------------------------------------
# Directive spans for masking (every language, exact where a parser exists)

_PRINTF = (r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?"
           r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:[diouxXeEfFgGaAcCsSpnm@%]|<PRI[diouxX][A-Z0-9]*>)")
_SPAN_PATTERNS: dict[str, str] = {
    "c": _PRINTF, "objc": _PRINTF, "perl": _PRINTF, "php": _PRINTF, "tcl": _PRINTF, "awk": _PRINTF,
    "lua": _PRINTF, "java-printf": _PRINTF, "ruby": r"%\{\w+\}|%<\w+>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|" + _PRINTF,
    "javascript": r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifjoOcxX%]", "boost": r"%\d+%|%\|\d+\$[^|]*\||" + _PRINTF,
    "python": r"%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]",
    "python-brace": r"\{\{|\}\}|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}",
    "java": r"'[^']*'|\{\d+(?:,[^{}]*)?\}", "csharp": r"\{\{|\}\}|\{\d+(?:,-?\d+)?(?::[^{}]*)?\}",
    "sh": r"\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\})", "perl-brace": r"\{[A-Za-z_]\w*\}",
    "qt": r"%L?\d{1,2}", "qt-plural": r"%L?n", "kde": r"%\d+", "kde-kuit": r"%\d+|<[^<>]+>", "ycp": r"%\d|%%",
    "smalltalk": r"%\d+|%%", "object-pascal": r"%(?:\d+:)?-?\d*(?:\.\d+)?[dueEfFgGnmpsxX%]",
    "gcc-internal": r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|w|z|t)?[qm]?[<>'{}RrdiouxXsScCpDEFJKTVHjlLmM%]",
    "gfc-internal": r"%[LCdicsu%]", "lisp": r"~[^~\s]|~~", "elisp": r"%[-+ #0]*\d*(?:\.\d+)?[sSdoxXefgcz%]",
    "scheme": r"~[^~\s]|~~", "librep": r"%[-+ #0^]*\d*[sSdxXoc%]",
}
_SPAN_RES = {lang: re.compile(p) for lang, p in _SPAN_PATTERNS.items()}


def directive_spans(language: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of each directive of ``language`` in ``text`` (``%%`` and ``{{`` included)."""
    if language in _PARSERS:
        try:
            return parse(language, text).spans
        except InvalidFormat:
            pass
    pattern = _SPAN_RES.get(language)
    return [m.span() for m in pattern.finditer(text)] if pattern else []
