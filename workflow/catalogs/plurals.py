"""Plural forms: gettext's ``Plural-Forms`` expressions, checked as ``msgfmt -c`` checks them, and
mapped to CLDR plural categories (Babel) for drafting.

A PO header's ``Plural-Forms: nplurals=N; plural=EXPR;`` says how many ``msgstr[i]`` a plural
entry has and which one a number ``n`` selects. :func:`parse_plural_forms` reads it with
gettext's grammar (``plural.y``: C operators, ``n``, decimal numbers, ``?:``) and its checks
(``msgl-check.c``): a bad nplurals, a bad expression, an expression that yields a value
>= nplurals, negative values or division by zero for some n in 0..1000 are errors worded as
msgfmt words them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

_MASK = (1 << 64) - 1          # gettext evaluates in unsigned long (64 bits here)


class PluralFormsError(ValueError):
    """A ``Plural-Forms`` value msgfmt -c rejects; the message is msgfmt's."""


# -- the expression --------------------------------------------------------------------

_BINARY = {  # token -> (precedence, function); all left-associative
    "||": (1, lambda a, b: int(bool(a) or bool(b))),
    "&&": (2, lambda a, b: int(bool(a) and bool(b))),
    "==": (3, lambda a, b: int(a == b)), "!=": (3, lambda a, b: int(a != b)),
    "<": (4, lambda a, b: int(a < b)), ">": (4, lambda a, b: int(a > b)),
    "<=": (4, lambda a, b: int(a <= b)), ">=": (4, lambda a, b: int(a >= b)),
    "+": (5, lambda a, b: (a + b) & _MASK), "-": (5, lambda a, b: (a - b) & _MASK),
    "*": (6, lambda a, b: (a * b) & _MASK), "/": (6, None), "%": (6, None),
}


def _tokens(text: str) -> list[str | int]:
    """gettext's lexer: stops at ';', newline or end of text."""
    out: list[str | int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c in ";\n":
            break
        if c.isascii() and c.isdigit():
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            out.append(int(text[i:j]))
            i = j
            continue
        two = text[i:i + 2]
        if two in ("==", "!=", "<=", ">=", "&&", "||"):
            out.append(two)
            i += 2
            continue
        if c in "<>*/%+-!n?:()":
            out.append(c)
            i += 1
            continue
        raise PluralFormsError("invalid plural expression")
    return out


Node = tuple  # ("n",) | ("num", v) | ("!", x) | (op, a, b) | ("?", c, a, b)


class _Parser:
    def __init__(self, tokens: list[str | int]):
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | int | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | int | None:
        token = self.peek()
        self.pos += 1
        return token

    def expression(self, min_prec: int = 0) -> Node:
        left = self.unary()
        while True:
            token = self.peek()
            if token == "?" and min_prec == 0:
                self.take()
                then = self.expression(0)
                if self.take() != ":":
                    raise PluralFormsError("invalid plural expression")
                other = self.expression(0)       # right-associative
                left = ("?", left, then, other)
                continue
            if isinstance(token, str) and token in _BINARY and _BINARY[token][0] > min_prec:
                self.take()
                right = self.expression(_BINARY[token][0])
                left = (token, left, right)
                continue
            return left

    def unary(self) -> Node:
        token = self.take()
        if token == "!":
            return ("!", self.expression(0))   # bison shifts: '!' takes what follows
        if token == "n":
            return ("n",)
        if isinstance(token, int):
            return ("num", token & _MASK)
        if token == "(":
            inner = self.expression(0)
            if self.take() != ")":
                raise PluralFormsError("invalid plural expression")
            return inner
        raise PluralFormsError("invalid plural expression")


def parse_expression(text: str) -> Node:
    """Parse a gettext plural expression (what follows ``plural=``)."""
    parser = _Parser(_tokens(text))
    node = parser.expression()
    if parser.pos != len(parser.tokens):
        raise PluralFormsError("invalid plural expression")
    return node


def evaluate(node: Node, n: int) -> int:
    """The expression's value for ``n`` (unsigned 64-bit); ZeroDivisionError on division by zero."""
    kind = node[0]
    if kind == "n":
        return n & _MASK
    if kind == "num":
        return node[1]
    if kind == "!":
        return int(not evaluate(node[1], n))
    if kind == "?":
        return evaluate(node[2], n) if evaluate(node[1], n) else evaluate(node[3], n)
    if kind in ("&&", "||"):
        a = evaluate(node[1], n)
        if kind == "&&" and not a:
            return 0
        if kind == "||" and a:
            return 1
        return int(bool(evaluate(node[2], n)))
    a, b = evaluate(node[1], n), evaluate(node[2], n)
    if kind == "/":
        return a // b
    if kind == "%":
        return a % b
    return _BINARY[kind][1](a, b)  # type: ignore[misc]


# -- the header value -----------------------------------------------------------------


@dataclass(frozen=True)
class PluralForms:
    """A checked ``Plural-Forms`` value: ``nplurals`` and the form index for each n."""

    nplurals: int
    expression: str
    tree: Node

    def index(self, n: int) -> int:
        return evaluate(self.tree, n)

    @functools.cached_property
    def often(self) -> tuple[bool, ...]:
        """Per form: used for infinitely many n (gettext: at least 5 times in 0..1000)."""
        counts = [0] * self.nplurals
        for n in range(1001):
            counts[self.index(n)] += 1
        return tuple(c >= 5 for c in counts)

    def samples(self, index: int, limit: int = 3) -> list[int]:
        """The first ``limit`` values of n (0..1000) that select form ``index``."""
        return [n for n in range(1001) if self.index(n) == index][:limit]


def parse_plural_forms(value: str) -> PluralForms:
    """Check a header value as msgfmt -c does; :class:`PluralFormsError` with msgfmt's message.

    ``value`` is the header text (msgfmt looks for ``nplurals=`` and ``plural=`` anywhere in
    it). Results are cached by the text from each of the two to the header's end, all they
    depend on: catalogs whose headers differ before them (project, dates) share one check,
    whose 1,001 evaluations of the expression cost more than the rest of ``msgfmt -c``.
    """
    at = value.find("nplurals=")
    expr_at = value.find("plural=")
    if at < 0:
        raise PluralFormsError('header entry lacks a "nplurals=INTEGER" attribute')
    if expr_at < 0:
        raise PluralFormsError('header entry lacks a "plural=EXPRESSION" attribute')
    return _parse_plural_forms(value[at:], value[expr_at:])


@functools.lru_cache(maxsize=256)
def _parse_plural_forms(counted: str, expression: str) -> PluralForms:
    """:func:`parse_plural_forms` of the header's text from ``nplurals=`` and from ``plural=``."""
    rest = counted[9:].lstrip(" \t\n\r\f\v")
    digits = len(rest) - len(rest.lstrip("0123456789"))
    errors = []
    nplurals = 0
    if digits == 0:
        errors.append("invalid nplurals value")
    else:
        nplurals = int(rest[:digits])
    try:
        tree = parse_expression(expression[7:])
    except PluralFormsError as exc:
        errors.append(str(exc))
        tree = ("num", 0)
    if errors:
        raise PluralFormsError("; ".join(errors))
    for n in range(1001):
        try:
            v = evaluate(tree, n)
        except ZeroDivisionError:
            raise PluralFormsError("plural expression can produce division by zero") from None
        if v >= 1 << 63:
            raise PluralFormsError("plural expression can produce negative values")
        if v >= nplurals:
            raise PluralFormsError(f"nplurals = {nplurals} but plural expression can produce values as large "
                                   f"as {v}")
    end = expression.find(";")
    return PluralForms(nplurals, expression[7:end if end >= 0 else len(expression)].strip(), tree)


# -- CLDR categories (Babel) ----------------------------------------------------------


def cldr_category(locale: str, n: int) -> str:
    """CLDR plural category (``one``, ``few``, ``other``...) of integer ``n`` in ``locale`` (Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(locale.replace("-", "_")).plural_form(n))
    except (ValueError, LookupError, UnknownLocaleError):
        return "one" if n == 1 else "other"
