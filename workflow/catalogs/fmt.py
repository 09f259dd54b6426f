"""``pressflow fmt``: rewrite PO/POT files in msgcat's form (or, with ``check``, only list those that differ).

The output of a file is what ``msgcat FILE`` prints for it (wrapping, escapes, flag order,
references with duplicates dropped, untranslated obsolete entries dropped), produced by
:func:`.write.render_catalog`; a file already in that form is not touched. Unlike msgcat, a
``.po`` file that ``msgfmt -c`` rejects is not rewritten, and ``check`` does not pass it either
(in msgcat's form or not): the first problem is reported as ``path:line`` (msgfmt's line) and
the file is left as it is.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from workflow.catalogs.parse import _collector_paused, load_catalog
from workflow.catalogs.model import Catalog
from workflow.catalogs.write import refuse_if_rejected, render_chunks
from workflow.errors import CatalogError, WorkflowError
from workflow.fsutil import atomic_write, locked

__all__ = ["FormatResult", "format_catalogs", "catalog_files"]

CATALOG_SUFFIXES = (".po", ".pot")


@dataclasses.dataclass
class FormatResult:
    """What :func:`format_catalogs` did: files rewritten (or that would be, with ``check``), files already
    in msgcat's form, and one error per file that could not be read or parsed (that file is left as is)."""

    changed: list[Path] = dataclasses.field(default_factory=list)
    unchanged: list[Path] = dataclasses.field(default_factory=list)
    errors: list[WorkflowError] = dataclasses.field(default_factory=list)


def catalog_files(paths: Iterable[Path]) -> Iterator[Path | CatalogError]:
    """Each path, with folders replaced by the ``.po``/``.pot`` files under them (sorted; hidden folders
    skipped); a CatalogError for a path that does not exist."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.suffix in CATALOG_SUFFIXES and found.is_file()
                        and not any(part.startswith(".") for part in found.relative_to(path).parts)):
                    yield found
        elif path.exists():
            yield path
        else:
            yield CatalogError("no such file or folder", path)


def format_catalogs(paths: Iterable[Path], *, check: bool = False) -> FormatResult:
    """Rewrite each catalog of ``paths`` (files, or folders searched for .po/.pot) in msgcat's form.

    With ``check`` nothing is written: ``changed`` lists the files that would change.
    A file is rewritten atomically under its lock, and only when its bytes change.
    """
    result = FormatResult()
    for item in catalog_files(paths):
        if isinstance(item, WorkflowError):
            result.errors.append(item)
            continue
        try:
            with _collector_paused():   # a file's objects are freed by reference counting when it is done
                changed = _check(item) if check else _format(item)
        except WorkflowError as exc:
            result.errors.append(exc)
            continue
        (result.changed if changed else result.unchanged).append(item)
    return result


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path) from exc


def _rendered(path: Path, *, stop_at_difference: bool) -> tuple[bool, list[bytes], Catalog, bytes]:
    """(whether msgcat's form differs from the file, that form in pieces in the catalog's charset, the catalog,
    the file's bytes).

    Rendered and compared piece by piece: no string of the whole output is built, and
    ``stop_at_difference`` stops at the first piece that differs.
    """
    catalog = load_catalog(path)
    encoding = catalog.encoding   # as msgcat: an ISO-8859-1 catalog stays ISO-8859-1
    chunks = render_chunks(catalog)
    raw = _read(path)
    old = memoryview(raw)
    pieces: list[bytes] = []
    offset = 0
    differs = False
    for text in chunks:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError as exc:   # cannot happen for text read in this charset; said clearly if it does
            raise CatalogError(f"{exc.object[exc.start]!r} cannot be written in the catalog's charset "
                               f"{catalog.charset}", path) from None
        if not differs and old[offset:offset + len(data)] != data:
            differs = True
            if stop_at_difference:
                break
        offset += len(data)
        pieces.append(data)
    return differs or offset != len(old), pieces, catalog, raw


def _check(path: Path) -> bool:
    changed, _pieces, catalog, raw = _rendered(path, stop_at_difference=True)
    refuse_if_rejected(catalog, path, raw)   # the same verdict as fmt's
    return changed


def _format(path: Path) -> bool:
    with locked(path):
        changed, pieces, catalog, raw = _rendered(path, stop_at_difference=False)
        refuse_if_rejected(catalog, path, raw)   # msgcat would rewrite it; pressflow never writes it
        if not changed:
            return False
        try:
            atomic_write(path, b"".join(pieces), lock=False)
        except OSError as exc:
            raise CatalogError(f"cannot write catalog: {exc.strerror or exc}", path) from exc
    return True
