# Type stubs for the parts of polib 1.2 that pressflow uses (polib ships none, so mypy saw every
# POEntry attribute as Any). Attribute types follow polib's own defaults and documentation:
# https://polib.readthedocs.io/en/latest/api.html
from typing import Any

default_encoding: str

class _BaseEntry:
    msgid: str
    msgstr: str
    msgid_plural: str
    msgstr_plural: dict[int, str]
    msgctxt: str | None
    obsolete: bool
    encoding: str
    linenum: int | None
    def __init__(
        self,
        *,
        msgid: str = ...,
        msgstr: str = ...,
        msgid_plural: str = ...,
        msgstr_plural: dict[int, str] = ...,
        msgctxt: str | None = ...,
        obsolete: bool = ...,
        encoding: str = ...,
        comment: str = ...,
        tcomment: str = ...,
        occurrences: list[tuple[str, str]] = ...,
        flags: list[str] = ...,
        previous_msgctxt: str | None = ...,
        previous_msgid: str | None = ...,
        previous_msgid_plural: str | None = ...,
        linenum: int | None = ...,
    ) -> None: ...
    def __unicode__(self, wrapwidth: int = ...) -> str: ...

class POEntry(_BaseEntry):
    comment: str
    tcomment: str
    occurrences: list[tuple[str, str]]
    flags: list[str]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    # pressflow's own, set by its parsers (workflow.catalogs.parse/canonical) so that an unchanged
    # entry is written back byte for byte: the comment lines as read, and the header's fields as read.
    _pf_tcomment_lines: list[str] | None
    _pf_comment_lines: list[str] | None
    _pf_metadata: dict[str, str]
    @property
    def fuzzy(self) -> bool: ...
    def translated(self) -> bool: ...
    def merge(self, other: POEntry) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class _BaseFile(list[POEntry]):
    fpath: str | None
    wrapwidth: int
    encoding: str
    check_for_duplicates: bool
    header: str
    metadata: dict[str, str]
    metadata_is_fuzzy: bool | list[str]
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def append(self, entry: POEntry) -> None: ...
    def metadata_as_entry(self) -> POEntry: ...
    def ordered_metadata(self) -> list[tuple[str, str]]: ...
    def find(self, st: str, by: str = ..., include_obsolete_entries: bool = ...,
             msgctxt: str | bool = ...) -> POEntry | None: ...
    def save(self, fpath: str | None = ..., repr_method: str = ..., newline: str | None = ...) -> None: ...

class POFile(_BaseFile):
    def percent_translated(self) -> int: ...
    def translated_entries(self) -> list[POEntry]: ...
    def untranslated_entries(self) -> list[POEntry]: ...
    def fuzzy_entries(self) -> list[POEntry]: ...
    def obsolete_entries(self) -> list[POEntry]: ...
    def merge(self, refpot: POFile) -> None: ...

def pofile(pofile: str, **kwargs: Any) -> POFile: ...
def escape(st: str) -> str: ...
def unescape(st: str) -> str: ...
