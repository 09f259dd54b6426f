"""Parsing PO/POT files: a strict GNU PO parser reporting ``path:line: what is wrong``.

polib's parser is not used: its unescaping is lossy (``\\b``/``\\f``/``\\v``/``\\a``, octal
and hex escapes come back as a literal backslash) and its errors rarely carry a usable line.
"""
from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from workflow.catalogs.canonical import parse_canonical
from workflow.catalogs.model import Catalog, Entry, _Key, _key, _parse_header
from workflow.errors import CatalogError

__all__ = ["parse_catalog", "load_catalog"]

# ---------------------------------------------------------------------------
# Parsing

_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?")
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE_RE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.S)
_SIMPLE_ESCAPES = {"n": b"\n", "t": b"\t", "b": b"\b", "r": b"\r", "f": b"\f", "v": b"\v",
                   "a": b"\a", "\\": b"\\", '"': b'"'}
_REF_RE = re.compile(r"(.*):(\d+)")


def _unescape(body: str, fail: Callable[[str], NoReturn], encoding: str = "utf-8") -> str:
    """The value of one quoted string; like GNU's lexer, a NUL (``\\0``) ends it (msgcat drops the rest)."""
    if "\\" not in body:
        return body
    parts: list[bytes] = []
    pos = 0
    for m in _ESCAPE_RE.finditer(body):
        parts.append(body[pos:m.start()].encode(encoding))
        pos = m.end()
        simple, octal, hexa, bad = m.groups()
        if simple:
            parts.append(_SIMPLE_ESCAPES[simple])
        elif octal:
            value = int(octal, 8)
            if value > 0xFF:
                fail(f"invalid escape sequence \\{octal}")
            parts.append(bytes((value,)))
        elif hexa:
            value = int(hexa, 16)
            if value > 0xFF:
                fail(f"invalid escape sequence \\x{hexa}")
            parts.append(bytes((value,)))
        else:
            fail(f"invalid escape sequence \\{bad}" if bad else "backslash at end of string")
    parts.append(body[pos:].encode(encoding))
    data = b"".join(parts)
    try:
        return data.split(b"\0", 1)[0].decode(encoding)
    except UnicodeDecodeError:
        fail(f"escape sequences do not form valid {encoding.upper()}")


class _Draft:
    """An entry being parsed."""

    def __init__(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.fields: dict[str, str] = {}      # msgctxt, msgid, msgid_plural, msgstr
        self.plural: dict[int, str] = {}
        self.line = 0                          # line of msgid (or first keyword)
        self.obsolete: bool | None = None

    @property
    def complete(self) -> bool:
        return "msgstr" in self.fields or bool(self.plural)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) pairs; like GNU's lexer, a backslash before a newline joins lines."""
    pending: list[str] = []  # pieces of a line continued with backslashes (joined once: linear)
    start = 0
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw   # a CR before the newline is blank space to the lexer but stays in comments (msgcat)
        if not pending:
            start = lineno
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        if pending:
            pending.append(line)
            line = "".join(pending)
            pending = []
        yield start, line
    if pending:
        yield start, "".join(pending)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a parse builds its objects (none form cycles):
    its scans of the growing heap took 40% of parsing a 50,000-entry catalog."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_catalog(text: str, path: str | Path = "<string>", *, encoding: str = "utf-8") -> Catalog:
    """Parse PO/POT ``text``; raise :class:`CatalogError` (``path:line: problem``) if malformed.

    ``encoding`` is the file's (escapes such as ``\\351`` stand for bytes in it).
    """
    with _collector_paused():
        return _parse_catalog(text, path, encoding)


def _parse_catalog(text: str, path: str | Path, encoding: str) -> Catalog:
    catalog = Catalog(path=None if str(path) == "<string>" else Path(path))
    if parse_canonical(text, catalog, _unescape, encoding):    # fast path for files in msgcat's layout
        return catalog
    seen: dict[tuple[str | None, str], int] = {}
    draft = _Draft()
    current: list[Any] = [None, None]   # [target dict, key] that continuation strings append to
    parts: list[str] = []               # the strings of current's value, joined once (linear, not +=)
    lineno = 0

    def point(target: dict[Any, str] | None, key: object) -> None:
        """Store the value being collected, then collect strings for ``target[key]``."""
        if current[0] is not None and parts:
            current[0][current[1]] = "".join(parts)
        parts.clear()
        current[0], current[1] = target, key

    def fail(message: str, line: int | None = None) -> NoReturn:
        raise CatalogError(message, path, line if line is not None else lineno)

    def finish() -> None:
        nonlocal draft
        point(None, None)
        if draft.fields or draft.plural or draft.previous:
            if "msgid" not in draft.fields:
                fail("msgstr or msgctxt without msgid" if draft.fields else "#| previous msgid without a message",
                     draft.line or lineno)
            if not draft.complete:
                fail("msgid without msgstr", draft.line)
            if "msgid_plural" in draft.fields and "msgstr" in draft.fields:
                fail("msgid_plural needs msgstr[0], msgstr[1], ... instead of msgstr", draft.line)
            if draft.plural and "msgid_plural" not in draft.fields:
                fail("msgstr[N] without msgid_plural", draft.line)
            if draft.plural and sorted(draft.plural) != list(range(len(draft.plural))):
                fail("plural forms must be msgstr[0], msgstr[1], ... in order", draft.line)
            _add_parsed(catalog, draft, seen, fail)
        draft = _Draft()

    def tokens(rest: str, *, previous: bool, obsolete: bool) -> None:
        pos = 0
        n = len(rest)
        while True:
            while pos < n and rest[pos] in " \t\f\v":
                pos += 1
            if pos >= n:
                return
            if rest[pos] == '"':
                m = _STRING_RE.match(rest, pos)
                if m is None:
                    fail("unterminated string")
                target, key = current
                if target is None:
                    fail("string without msgid/msgstr keyword before it")
                if previous != (target is draft.previous):
                    fail("continuation string does not match the keyword it continues")
                parts.append(_unescape(m.group(1), fail, encoding))
                pos = m.end()
                continue
            m = _KEYWORD_RE.match(rest, pos)
            if m is None or (m.end() < n and rest[m.end()] not in ' \t"'):
                word = rest[pos:].split(None, 1)[0]
                fail(f"syntax error: unexpected {word!r}")
            keyword, index = m.group(1), m.group(2)
            pos = m.end()
            if previous:
                if index is not None or keyword == "msgstr":
                    fail(f"{keyword} is not allowed in a #| previous comment")
                if draft.complete or draft.fields:
                    finish()
                if keyword in draft.previous:
                    fail(f"duplicate #| {keyword}")
                draft.previous[keyword] = ""
                point(draft.previous, keyword)
                continue
            if keyword in ("msgctxt", "msgid") and draft.complete:
                finish()
            if draft.obsolete is not None and draft.obsolete != obsolete and draft.fields:
                fail("mixing obsolete (#~) and active lines in one message")
            if keyword in ("msgctxt", "msgid"):
                if keyword in draft.fields or (keyword == "msgctxt" and "msgid" in draft.fields):
                    fail("msgid without msgstr", draft.line)
                if keyword == "msgid" or not draft.line:
                    draft.line = lineno
            elif keyword == "msgid_plural":
                if "msgid" not in draft.fields or draft.complete or "msgid_plural" in draft.fields:
                    fail("msgid_plural must follow msgid")
            elif index is None:
                if "msgid" not in draft.fields:
                    fail("msgstr without msgid")
                if "msgstr" in draft.fields or draft.plural:
                    fail("msgstr without msgid (the message above already has its msgstr)")
            else:
                if "msgid" not in draft.fields:
                    fail(f"msgstr[{index}] without msgid")
                if int(index) in draft.plural:
                    fail(f"duplicate msgstr[{index}]")
            draft.obsolete = obsolete
            if index is None:
                draft.fields[keyword] = ""
                point(draft.fields, keyword)
            else:
                draft.plural[int(index)] = ""
                point(draft.plural, int(index))
            # a keyword must be followed by a string
            while pos < n and rest[pos] in " \t":
                pos += 1
            if pos >= n or rest[pos] != '"':
                fail(f"{keyword}{'' if index is None else f'[{index}]'} must be followed by a string")

    for lineno, line in _logical_lines(text):
        body = line.strip()
        if not body:
            continue
        obsolete = False
        if body.startswith("#~"):
            obsolete = True
            body = body[2:]
            if body.startswith("|"):
                tokens(body[1:], previous=True, obsolete=True)
                continue
            body = body.lstrip()
            if not body:
                continue
        if body.startswith("#"):
            kind = body[1:2]
            if kind == "|":
                tokens(body[2:], previous=True, obsolete=obsolete)
                continue
            if draft.fields:                  # a comment starts the next message
                if not draft.complete:
                    fail("msgid without msgstr", draft.line)
                finish()
            if kind == ",":
                # each "#," line replaces the flags of the earlier ones (gettext 0.21's po_parse_comment_special)
                draft.flags = [f.strip() for f in body[2:].split(",") if f.strip()]
            elif kind == ":":
                # Only blanks separate references: a CR of a CRLF line stays in the last one (msgcat).
                raw_refs = (body if obsolete else line.lstrip())[2:]
                for ref in filter(None, re.split(r"[ \t]+", raw_refs)):
                    m = _REF_RE.fullmatch(ref)
                    draft.occurrences.append((m.group(1), m.group(2)) if m else (ref, ""))
            else:
                # Comment text keeps trailing blanks; one space after the marker is dropped.
                rest = (body if obsolete else line.lstrip())[1 if kind != "." else 2:]
                target = draft.comment if kind == "." else draft.tcomment
                target.append(rest[1:] if rest.startswith(" ") else rest)
            continue
        tokens(body, previous=False, obsolete=obsolete)
    lineno = len(text.split("\n"))
    finish()
    return catalog


def load_catalog(path: str | Path) -> Catalog:
    """Read a PO/POT file in the charset its header declares (UTF-8, ISO-8859-1, EUC-KR, TIS-620...).

    :class:`CatalogError` with ``path:line:`` if it is malformed, its bytes are not valid in
    that charset, or Python has no codec for it. The catalog remembers the charset
    (``encoding``/``charset``) and is written back in it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    charset, encoding, line = declared_charset(data)
    if encoding is None:
        raise CatalogError(f"unsupported charset {charset!r} (Python has no codec for it); convert the "
                           f"catalog with: msgconv -t UTF-8", path, line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[:exc.start].count(b"\n") + 1
        raise CatalogError(f"invalid {charset} (byte 0x{data[exc.start]:02x}); the header declares "
                           f"charset={charset}", path, bad) from None
    catalog = parse_catalog(text, path, encoding=encoding)
    catalog.path = path
    catalog.encoding, catalog.charset = encoding, charset
    return catalog


_HEADER_CHARSET = re.compile(rb'^msgid ""[ \t]*\r?\n(?:[ \t]*msgstr[^\n]*\n)?(?:[ \t]*"[^\n]*\n)*?'
                             rb'[ \t]*(?:msgstr[ \t]*)?"[^"\n]*?charset=([^\s"\\;]+)', re.M)
#: gettext's charset names that Python spells differently (po-charset.c's canonical names).
_CODEC_ALIASES = {"CHARSET": "utf-8", "ASCII": "ascii", "ANSI_X3.4-1968": "ascii", "TIS-620": "tis-620",
                  "GEORGIAN-PS": None, "BIG5-HKSCS": "big5hkscs", "EUC-TW": None}


def declared_charset(data: bytes) -> tuple[str, str | None, int]:
    """(charset named by the header, Python codec or None if unknown, line of the header's
    ``Content-Type`` field that names it; 0 when there is none)."""
    m = _HEADER_CHARSET.search(data)
    if m is None:
        return "UTF-8", "utf-8", 0
    charset = m.group(1).decode("ascii", "replace")
    line = data[:m.start(1)].count(b"\n") + 1
    upper = charset.upper()
    if upper in _CODEC_ALIASES:
        return charset, _CODEC_ALIASES[upper], line
    import codecs

    try:
        return charset, codecs.lookup(charset).name, line
    except (LookupError, ValueError):   # ValueError: a NUL in the name
        return charset, None, line


def _add_parsed(catalog: Catalog, draft: _Draft, seen: dict[_Key, int], fail: Callable[..., NoReturn]) -> None:
    """Add the entry ``draft`` describes to ``catalog`` (or make it the header)."""
    fields = draft.fields
    entry = Entry(
        msgid=fields["msgid"], msgstr=fields.get("msgstr", ""), msgctxt=fields.get("msgctxt"),
        msgid_plural=fields.get("msgid_plural", ""), msgstr_plural=dict(draft.plural),
        obsolete=bool(draft.obsolete), comment="\n".join(draft.comment),
        tcomment="\n".join(draft.tcomment), occurrences=draft.occurrences, flags=draft.flags,
        previous_msgctxt=draft.previous.get("msgctxt"), previous_msgid=draft.previous.get("msgid"),
        previous_msgid_plural=draft.previous.get("msgid_plural"), linenum=draft.line)
    entry._pf_tcomment_lines = draft.tcomment
    entry._pf_comment_lines = draft.comment
    key = _key(entry)
    if key in seen:   # as GNU gettext: active and obsolete (#~) entries alike
        fail(f"duplicate message definition (first defined on line {seen[key]})", draft.line)
    seen[key] = draft.line
    if key == (None, "") and not entry.obsolete:
        catalog._header = entry
        catalog.has_header = True
        catalog.header_flags = list(entry.flags)
        catalog.pofile.header = entry.tcomment
        catalog.pofile.metadata = _parse_header(entry.msgstr)
        entry._pf_metadata = dict(catalog.pofile.metadata)
        catalog.pofile.metadata_is_fuzzy = "fuzzy" in entry.flags
        return
    catalog._append(entry)

