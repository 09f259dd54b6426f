"""The catalog model: :class:`Catalog` (header + entries), :data:`Entry`, new catalogs, fuzzy/translated state.

Entries are ``polib.POEntry`` objects and a :class:`Catalog` wraps a ``polib.POFile``,
but neither polib's parser nor its writer is used (see :mod:`.parse` and :mod:`.write`).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import polib

from workflow import __version__
from workflow.errors import CatalogError
from workflow.locales import locale_info

__all__ = ["Entry", "Catalog", "new_catalog", "is_fuzzy", "set_fuzzy", "is_translated"]

Entry: TypeAlias = polib.POEntry
"""A PO entry (``polib.POEntry``): msgid, msgstr, flags, comments, occurrences, previous msgid."""

# ---------------------------------------------------------------------------
# The catalog

_Key = tuple[str | None, str]


def _key(entry: Entry) -> _Key:
    return (entry.msgctxt, entry.msgid)


def _parse_header(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in text.split("\n"):
        if ":" in line:
            name, _, value = line.partition(":")
            meta[name.strip()] = value.strip()
    return meta


class Catalog:
    """A PO/POT catalog: header (``metadata``, ``header_comment``) plus ``polib.POEntry`` entries.

    Iteration yields the active entries (not obsolete; the header is never an
    entry). :meth:`find` is O(1) through an index kept by :meth:`add` and
    :meth:`remove`; call :meth:`reindex` after changing an entry's msgid/msgctxt.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self.pofile = polib.POFile()
        self.header_flags: list[str] = []     # e.g. ["fuzzy"] on a template header
        self.has_header = False
        self._header: Entry | None = None           # parsed header entry (keeps rare extras)
        self._index: dict[_Key, Entry] = {}
        self._obsolete_index: dict[_Key, Entry] = {}
        self._indexed = 0
        #: The file's encoding (Python codec name) and the charset its header names.
        self.encoding = "utf-8"
        self.charset = "UTF-8"

    # -- header ------------------------------------------------------------
    @property
    def metadata(self) -> dict[str, str]:
        return self.pofile.metadata

    @metadata.setter
    def metadata(self, value: dict[str, str]) -> None:
        self.pofile.metadata = dict(value)
        self.has_header = True

    @property
    def header_comment(self) -> str:
        return self.pofile.header

    @header_comment.setter
    def header_comment(self, value: str) -> None:
        self.pofile.header = value

    @property
    def locale(self) -> str | None:
        """The ``Language`` header, or None when it is missing or empty (templates)."""
        return self.metadata.get("Language") or None

    @property
    def nplurals(self) -> int:
        """Number of plural forms from the Plural-Forms header (2 if absent or a template)."""
        m = re.search(r"nplurals\s*=\s*(\d+)", self.metadata.get("Plural-Forms", ""))
        return int(m.group(1)) if m else 2

    def _header_entry(self) -> Entry | None:
        if not (self.has_header or self.metadata or self.header_comment):
            return None
        base = self._header
        entry = Entry(msgid="", tcomment=self.header_comment, flags=list(self.header_flags))
        if base is not None:
            entry.comment, entry.occurrences = base.comment, base.occurrences
            entry.previous_msgctxt, entry.previous_msgid = base.previous_msgctxt, base.previous_msgid
            entry._pf_tcomment_lines = base._pf_tcomment_lines
            entry._pf_comment_lines = base._pf_comment_lines
        if base is not None and list(base._pf_metadata.items()) == list(self.metadata.items()):
            entry.msgstr = base.msgstr        # unchanged: keep the text byte for byte
        else:
            entry.msgstr = "".join(f"{name}: {value}\n" for name, value in self.metadata.items())
        return entry

    @property
    def header_text(self) -> str | None:
        """The header's msgstr as written (``Name: value\\n`` lines), None without a header."""
        entry = self._header_entry()
        return entry.msgstr if entry is not None else None

    @header_text.setter
    def header_text(self, text: str) -> None:
        """Replace the header's msgstr verbatim (repeated fields and free lines included)."""
        if self._header is None:
            self._header = Entry(msgid="", msgstr=text, tcomment=self.header_comment, flags=list(self.header_flags))
            self._header._pf_tcomment_lines = None
            self._header._pf_comment_lines = None
        self._header.msgstr = text
        self.pofile.metadata = _parse_header(text)
        self._header._pf_metadata = dict(self.pofile.metadata)
        self.has_header = True

    @property
    def header_line(self) -> int:
        """Line of the header's msgid in the file it was read from (0 if none)."""
        return (self._header.linenum or 0) if self._header is not None else 0

    # -- entries -----------------------------------------------------------
    @property
    def _entries(self) -> list[Entry]:
        return self.pofile

    def __iter__(self) -> Iterator[Entry]:
        return (e for e in self.pofile if not e.obsolete)

    def __len__(self) -> int:
        return sum(1 for e in self.pofile if not e.obsolete)

    def obsolete_entries(self) -> list[Entry]:
        return [e for e in self.pofile if e.obsolete]

    def reindex(self) -> None:
        """Rebuild the lookup index (after msgid/msgctxt/obsolete were changed in place)."""
        self._index = {}
        self._obsolete_index = {}
        for entry in self.pofile:
            (self._obsolete_index if entry.obsolete else self._index).setdefault(_key(entry), entry)
        self._indexed = len(self.pofile)

    def find(self, msgid: str, msgctxt: str | None = None, *, include_obsolete: bool = False) -> Entry | None:
        """The active entry with this msgid/msgctxt (or, optionally, an obsolete one)."""
        if self._indexed != len(self.pofile):
            self.reindex()
        key = (msgctxt, msgid)
        for index, obsolete in ((self._index, False), (self._obsolete_index, True)):
            if obsolete and not include_obsolete:
                break
            entry = index.get(key)
            if entry is not None and (_key(entry) != key or bool(entry.obsolete) != obsolete):
                self.reindex()    # stale: an entry was edited in place
                return self.find(msgid, msgctxt, include_obsolete=include_obsolete)
            if entry is not None:
                return entry
        return None

    def add(self, msgid: str, msgstr: str = "", *, msgctxt: str | None = None,
            occurrences: Iterable[tuple[str, str]] = (), comment: str = "", tcomment: str = "",
            flags: Iterable[str] = (), msgid_plural: str = "",
            msgstr_plural: dict[int, str] | None = None) -> Entry:
        """Append a new active entry; :class:`CatalogError` if msgid/msgctxt already exists."""
        if msgid == "" and msgctxt is None:
            raise CatalogError("the empty msgid is reserved for the header", self.path)
        if self.find(msgid, msgctxt) is not None:
            ctx = f" (msgctxt {msgctxt!r})" if msgctxt is not None else ""
            raise CatalogError(f"duplicate message {msgid!r}{ctx}", self.path)
        entry = Entry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, occurrences=list(occurrences),
                              comment=comment, tcomment=tcomment, flags=list(flags))
        if msgid_plural:
            entry.msgid_plural = msgid_plural
            entry.msgstr = ""
            entry.msgstr_plural = dict(msgstr_plural) if msgstr_plural else {i: "" for i in range(self.nplurals)}
        self._append(entry)
        return entry

    def _append(self, entry: Entry) -> None:
        self.pofile.append(entry)
        index = self._obsolete_index if entry.obsolete else self._index
        index.setdefault(_key(entry), entry)
        self._indexed = len(self.pofile)

    def remove(self, entry: Entry) -> None:
        """Remove ``entry`` (by identity) from the catalog."""
        for i, candidate in enumerate(self.pofile):
            if candidate is entry:
                del self.pofile[i]
                break
        else:
            raise CatalogError(f"entry {entry.msgid!r} is not in this catalog", self.path)
        self.reindex()


# ---------------------------------------------------------------------------
# New catalogs


def _format_date(date: _dt.datetime) -> str:
    if date.tzinfo is None:
        date = date.replace(tzinfo=_dt.timezone.utc)
    return date.strftime("%Y-%m-%d %H:%M%z")


def new_catalog(locale: str | None, *, project: str, date: _dt.datetime | None = None) -> Catalog:
    """An empty catalog: a template (POT) header when ``locale`` is None, else a PO header."""
    stamp = _format_date(date or _dt.datetime.now(_dt.timezone.utc).replace(second=0, microsecond=0))
    catalog = Catalog()
    if locale is None:
        catalog.header_comment = (f"Translation template for {project}.\n"
                                  "This file is distributed under the same license as the project.\n")
        catalog.header_flags = ["fuzzy"]
        catalog.metadata = {
            "Project-Id-Version": project,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": stamp,
            "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": "LANGUAGE <LL@li.org>",
            "Language": "",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
        }
        return catalog
    info = locale_info(locale)
    catalog.header_comment = f"{info.english_name} translation of {project}.\n"
    catalog.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": f"pressflow {__version__}",
        "Language-Team": f"{info.english_name} ({info.code})",
        "Language": info.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": info.plural_forms,
        "X-Generator": f"pressflow {__version__}",
    }
    return catalog


# ---------------------------------------------------------------------------
# Control characters

#: Characters a translation may not contain: C0 controls but tab and newline, DEL, C1 controls.
#: GNU gettext writes them raw (only \\a \\b \\f \\v \\r \\t \\n have escapes), which makes git call
#: the catalog binary and reaches terminals; pressflow refuses them where text comes in.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """The control characters of ``text`` as ``U+001B`` names, in order, without repeats."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in CONTROL_RE.findall(text)))


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), for terminals."""
    return CONTROL_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


# ---------------------------------------------------------------------------
# Fuzzy flag


def _is_plural(entry: Entry) -> bool:
    """A plural entry (msgid_plural set, or plural msgstr forms present)."""
    return bool(entry.msgid_plural) or bool(entry.msgstr_plural)


def is_fuzzy(entry: Entry) -> bool:
    return "fuzzy" in entry.flags


def set_fuzzy(entry: Entry, fuzzy: bool) -> None:
    """Add or remove the ``fuzzy`` flag; clearing it also drops the ``#|`` previous msgid."""
    if fuzzy:
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    else:
        entry.flags[:] = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None


def is_translated(entry: Entry) -> bool:
    """True if every msgstr (all plural forms) is non-empty."""
    if _is_plural(entry):
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _has_translation(entry: Entry) -> bool:
    if _is_plural(entry):
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)
