"""Writing PO files as msgcat does: entries, flags, comments and references; atomic saving.

polib's writer wraps differently from GNU gettext, so :func:`render_catalog` is a port of
``write-po.c`` (gettext 0.21) over the wrapper in :mod:`.wrap`: output is byte-identical to
``msgcat`` (page width 79) for UTF-8 catalogs, and ``render(parse(text)) == text`` for any
file already in msgcat's form. Only UTF-8 catalogs are supported.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from workflow.catalogs.model import Catalog, Entry, _is_plural
from workflow.catalogs.parse import load_catalog
from workflow.catalogs.formats import unbreakable, wrap_format
from workflow.catalogs.wrap import PAGE_WIDTH, WRAP_CACHE_SIZE, _wrap, _wrap_exact, _wrap_reference, _wrap_uncached
from workflow.errors import CatalogError
from workflow.fsutil import atomic_write, locked

__all__ = ["render_catalog", "render_chunks", "save_catalog", "edit_catalog"]

_Writer = Callable[..., None]   # _wrap or _wrap_reference: appends the lines of name "value"

# ---------------------------------------------------------------------------
# Flags, in the order msgcat writes them.

_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)
_FORMAT_RANK = {lang: i for i, lang in enumerate(_FORMAT_LANGUAGES)}
_RANGE_RE = re.compile(r"range: *(\d+)\.\.(\d+)")


def _flag_key(flag: str) -> tuple[int, int]:
    if flag == "fuzzy":
        return (0, 0)
    lang = flag[3:] if flag.startswith("no-") else flag
    if lang.endswith("-format") and lang[:-7] in _FORMAT_RANK:
        return (1, _FORMAT_RANK[lang[:-7]])
    if _RANGE_RE.fullmatch(flag):
        return (2, 0)
    if flag in ("wrap", "no-wrap"):
        return (3, 0)
    return (4, 0)   # flags gettext does not know: kept, written last (msgcat would drop them)


def _flags_line(flags: Iterable[str], translated: bool, obsolete: bool = False) -> str | None:
    """The ``#,`` line as msgcat writes it: no fuzzy on untranslated entries, no range on obsolete ones."""
    seen: list[str] = []
    for flag in flags:
        if flag == "wrap" or flag in seen or (flag == "fuzzy" and not translated):
            continue
        if obsolete and _RANGE_RE.fullmatch(flag):
            continue
        seen.append(flag)
    if not seen:
        return None
    return "#, " + ", ".join(sorted(seen, key=_flag_key))


def _comment_lines(text: str | None, parsed: list[str] | None) -> list[str]:
    """Lines of comment ``text``: ``parsed`` (the lines as parsed) if the text was not changed since."""
    text = text or ""
    if parsed is not None and "\n".join(parsed) == text:
        return parsed
    return text.split("\n") if text else []


def _line_number(lineno: str) -> str:
    """A reference's line number as msgcat writes it: a number (no leading zeros), anything else as is."""
    number = str(lineno)
    if number[:1] == "0" and number.isdigit() and number.isascii():
        return str(int(number))
    return number


def _reference(file_name: str, number: str) -> str:
    """``file:line`` as msgcat writes it: "./" dropped from the name, no ":" without a line."""
    while file_name.startswith("./"):
        file_name = file_name[2:]
    return f"{file_name}:{number}" if number != "" else file_name


def _references(out: list[str], occurrences: list[tuple[str, str]], page_width: int) -> None:
    # As msgcat: a reference equal to an earlier one (same file name as written, same line
    # number) is dropped, line numbers are written as numbers, "./" is dropped from names.
    if len(occurrences) == 1:     # the usual case, in short: nothing to drop, no line to break
        file_name, lineno = occurrences[0]
        out.append("#: " + _reference(file_name, _line_number(lineno)))
        return
    line = "#:"
    column = 2
    seen: set[tuple[str, str]] = set()
    for file_name, lineno in occurrences:
        number = _line_number(lineno)
        if (file_name, number) in seen:
            continue
        seen.add((file_name, number))
        ref = _reference(file_name, number)
        size = len(ref.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            out.append(line)
            line = "#:"
            column = 2
        line += " " + ref
        column += size
    if column > 2:
        out.append(line)


def _first_msgstr(entry: Entry) -> str:
    if _is_plural(entry):
        forms = entry.msgstr_plural or {}
        first = forms.get(0)
        if first is None:   # polib's keys are ints; hand-built entries may use "0"
            first = {str(key): text for key, text in forms.items()}.get("0", "")
        return first
    return entry.msgstr or ""


def _render_entry(out: list[str], entry: Entry, page_width: int, write: _Writer = _wrap) -> None:
    """Append the lines of ``entry``; ``write`` is the string writer (:func:`_wrap` or the reference)."""
    obsolete = bool(entry.obsolete)
    translated = _first_msgstr(entry) != ""
    wrap = "no-wrap" not in entry.flags
    for text in _comment_lines(entry.tcomment, getattr(entry, "_pf_tcomment_lines", None)):
        out.append(f"# {text}" if text else "#")
    for text in _comment_lines(entry.comment, getattr(entry, "_pf_comment_lines", None)):
        out.append(f"#. {text}" if text else "#.")
    if entry.occurrences:
        _references(out, entry.occurrences, page_width)
    flags = _flags_line(entry.flags, translated, obsolete)   # obsolete entries keep theirs, as msgcat does
    if flags:
        out.append(flags)
    language = wrap_format(entry.flags) if entry.flags else None
    if language is not None:   # msgcat never breaks inside a format directive
        write = functools.partial(_write_format, write, language)
    prev_prefix = "#~| " if obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                        ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            write(out, prev_prefix, name, value, wrap=wrap, page_width=page_width)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        write(out, prefix, "msgctxt", entry.msgctxt, wrap=wrap, page_width=page_width)
    write(out, prefix, "msgid", entry.msgid, wrap=wrap, page_width=page_width)
    if _is_plural(entry):
        write(out, prefix, "msgid_plural", entry.msgid_plural, wrap=wrap, page_width=page_width)
        forms = {int(k): v for k, v in (entry.msgstr_plural or {}).items()} or {0: ""}
        for k in sorted(forms):
            write(out, prefix, f"msgstr[{k}]", forms[k], wrap=wrap, page_width=page_width)
    else:
        write(out, prefix, "msgstr", entry.msgstr or "", wrap=wrap, page_width=page_width)


_INNER_BREAK = re.compile(r"%[0-9]*[-+ #'.*$<%(]")   # a C/Python directive with a non-alphanumeric after its %
_ESCAPE_PAIR = re.compile(r"\\.")


def _write_format(write: _Writer, language: str, out: list[str], prefix: str, name: str, value: str, *,
                  wrap: bool = True, page_width: int = PAGE_WIDTH) -> None:
    """``write``, redone by the exact wrapper if it broke a line inside a directive of ``language``
    (only there can the prohibited breaks change anything: the fitting is greedy)."""
    start = len(out)
    write(out, prefix, name, value, wrap=wrap, page_width=page_width)
    if not wrap or len(out) - start < 2 or not _INNER_BREAK.search(value):
        return   # one line, or no directive with a break opportunity inside
    protected = unbreakable(language, value, translated=name.startswith("msgstr"))
    offset = 0
    for line in out[start:-1]:
        piece = line[line.index('"') + 1:-1]
        offset += len(piece) - len(_ESCAPE_PAIR.findall(piece))   # the value's characters on this line
        if offset in protected:
            out[start:] = _wrap_exact(prefix, name, value, wrap, page_width, protected)
            return


def render_catalog(catalog: Catalog, *, page_width: int = PAGE_WIDTH) -> str:
    """The catalog as GNU ``msgcat`` (gettext 0.21, UTF-8) would write it."""
    return _render(catalog, page_width, _wrap)


def _render_catalog_exact(catalog: Catalog, *, page_width: int = PAGE_WIDTH) -> str:
    """:func:`render_catalog` through the per-character reference port only (for tests)."""
    return _render(catalog, page_width, _wrap_reference)


def _render(catalog: Catalog, page_width: int, wrap: _Writer) -> str:
    return "".join(render_chunks(catalog, page_width=page_width, wrap=wrap))


def render_chunks(catalog: Catalog, *, page_width: int = PAGE_WIDTH, wrap: _Writer = _wrap,
                  entries_per_chunk: int = 1000) -> Iterator[str]:
    """:func:`render_catalog`'s text in pieces of up to ``entries_per_chunk`` entries (their concatenation is
    the whole text), so a large catalog can be written or compared without one string of all of it."""
    def ordered() -> Iterator[Entry]:
        header = catalog._header_entry()
        if header is not None:
            yield header
        yield from (entry for entry in catalog._entries if not entry.obsolete)
        # msgcat drops untranslated obsolete entries
        yield from (entry for entry in catalog._entries if entry.obsolete and _first_msgstr(entry) != "")

    if wrap is _wrap and 2 * len(catalog._entries) > WRAP_CACHE_SIZE:   # about two strings per entry
        wrap = _wrap_uncached
    entries = ordered()
    first = True
    while True:
        lines: list[str] = []
        for entry in itertools.islice(entries, entries_per_chunk):
            if not first:
                lines.append("")       # the blank line between entries
            first = False
            _render_entry(lines, entry, page_width, wrap)
        if not lines:
            return
        lines.append("")
        yield "\n".join(lines)


# ---------------------------------------------------------------------------
# Saving


def encode_catalog(catalog: Catalog, text: str | None = None) -> bytes:
    """The catalog's bytes in its own charset; :class:`CatalogError` naming the first character it lacks."""
    text = render_catalog(catalog) if text is None else text
    try:
        return text.encode(catalog.encoding)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise CatalogError(f"{text[exc.start]!r} (U+{ord(text[exc.start]):04X}) cannot be written in this "
                           f"catalog's charset {catalog.charset}; convert it first (msgconv -t UTF-8)",
                           catalog.path, line) from None


def refuse_if_rejected(catalog: Catalog, path: Path, source: bytes | None = None) -> None:
    """:class:`CatalogError` (``path:line: ...``) if ``msgfmt -c`` would reject the PO file ``catalog`` makes.

    Templates (``.pot``) are not compiled, so they are not checked. ``source``: the bytes the
    catalog was read from, when the lines should be msgfmt's for that file.
    """
    if path.suffix != ".po":
        return
    from workflow.catalogs.validate import msgfmt_problems   # not imported by fmt, which never needs it

    problems = msgfmt_problems(catalog, source)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CatalogError(f"not written: msgfmt -c would reject the catalog: {first.message}{more}",
                           path, first.line or catalog.header_line or None)


def _write(catalog: Catalog, path: Path, *, lock: bool) -> bool:
    data = encode_catalog(catalog)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path) from exc
    refuse_if_rejected(catalog, path)
    try:
        atomic_write(path, data, lock=lock)
    except OSError as exc:
        raise CatalogError(f"cannot write catalog: {exc.strerror or exc}", path) from exc
    return True


def save_catalog(catalog: Catalog, path: str | Path | None = None) -> bool:
    """Write ``catalog`` atomically under the file's lock; False (file untouched) if bytes are unchanged."""
    target = Path(path) if path is not None else catalog.path
    if target is None:
        raise CatalogError("save_catalog: no path given and the catalog has none")
    with locked(target):
        changed = _write(catalog, target, lock=False)
    catalog.path = target
    return changed


@contextlib.contextmanager
def edit_catalog(path: str | Path) -> Iterator[Catalog]:
    """Read-modify-write: hold the lock, load, yield, and save if the block succeeds."""
    path = Path(path)
    with locked(path):
        catalog = load_catalog(path)
        yield catalog
        _write(catalog, path, lock=False)

