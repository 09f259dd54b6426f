"""Records of published versions: the approved text of the last published version of each
release in each language, kept with the newsroom (``[paths] published``, committed like
the catalogs, not a cache).

When a language version stops being publishable (the original changed, an approval went
stale, a unit was rejected) the build keeps serving the version recorded here, marked as
such, until the new one is publishable. One JSON file per release::

    published/<slug>.json
    {"format": 1, "release": "<slug>",
     "sources": {"<sha-256 of the release file>": "<the release file's text>"},
     "versions": {"id": {"source_sha": "<sha-256>", "original_date": "2018-12-07",
                         "translations": {"<msgid>": "<approved msgstr>", ...}}}}

``source_sha`` is the hash of the release file the version translated (its text is in
``sources``), so the page can be rebuilt exactly as it was; ``original_date`` is that
original's date (the release date or its latest correction).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.errors import RecordError, UnsafePathError
from workflow.fsutil import read_bytes, safe_join, write_if_changed
from workflow.sources.releases import SLUG_RE

if TYPE_CHECKING:
    from workflow.workspace import Workspace

FORMAT = 1


def source_sha(text: str) -> str:
    """SHA-256 (hex) of a release file's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class VersionRecord:
    """The approved text of one published language version."""

    source_sha: str                  # the release file it translated (a key of ReleaseRecords.sources)
    original_date: str               # ISO date of that original (release date or latest correction)
    translations: dict[str, str] = field(default_factory=dict)  # msgid -> approved msgstr, as published

    def to_json(self) -> dict[str, Any]:
        return {"source_sha": self.source_sha, "original_date": self.original_date,
                "translations": self.translations}


@dataclass
class ReleaseRecords:
    """Every recorded version of one release, and the originals they translated."""

    slug: str
    versions: dict[str, VersionRecord] = field(default_factory=dict)   # locale -> version
    sources: dict[str, str] = field(default_factory=dict)              # source_sha -> release file text

    def source_of(self, locale: str) -> str:
        return self.sources[self.versions[locale].source_sha]

    def to_text(self) -> str:
        used = {v.source_sha for v in self.versions.values()}
        data = {"format": FORMAT, "release": self.slug,
                "sources": {sha: text for sha, text in self.sources.items() if sha in used},
                "versions": {c: v.to_json() for c, v in self.versions.items()}}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def records_path(ws: Workspace, slug: str, folder: Path | None = None) -> Path:
    """``<published>/<slug>.json`` (inside the workspace).

    ``folder``: ``ws.published_dir`` as resolved once by the caller (a build asks for the
    records of every release several times); a slug as releases have (``SLUG_RE``) is then
    joined to it without resolving the path again.
    """
    if folder is not None and SLUG_RE.match(slug):
        return folder / f"{slug}.json"
    try:
        return safe_join(folder or ws.published_dir, f"{slug}.json")
    except UnsafePathError as exc:
        raise RecordError(exc.message) from None


def parse_records(text: str, path: Path, slug: str) -> ReleaseRecords:
    """The records in ``text``; :class:`RecordError` (``path:line: problem``) when malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("release") != slug:
        raise RecordError(f"not a format-{FORMAT} record of release {slug!r}", path, 1)
    records = ReleaseRecords(slug)
    sources = data.get("sources") or {}
    versions = data.get("versions") or {}
    if not isinstance(sources, dict) or not isinstance(versions, dict):
        raise RecordError("'sources' and 'versions' must be objects", path, 1)
    records.sources = {str(k): str(v) for k, v in sources.items()}
    for locale, version in versions.items():
        try:
            record = VersionRecord(str(version["source_sha"]), str(version["original_date"]),
                                   {str(k): str(v) for k, v in dict(version["translations"]).items()})
        except (KeyError, TypeError, ValueError):
            raise RecordError(f"version {locale!r} needs source_sha, original_date and translations", path,
                              1) from None
        if record.source_sha not in records.sources:
            raise RecordError(f"version {locale!r} names a source that is not in 'sources'", path, 1)
        records.versions[str(locale)] = record
    return records


def load_records(ws: Workspace, slug: str, folder: Path | None = None) -> ReleaseRecords:
    """The records of release ``slug`` (none when the file does not exist); ``folder``: see :func:`records_path`."""
    path = records_path(ws, slug, folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ReleaseRecords(slug)
    except UnicodeDecodeError:
        raise RecordError("not valid UTF-8", path) from None
    return parse_records(text, path, slug)


def records_are(ws: Workspace, slug: str, versions: dict[str, dict[str, Any]], sha: str, text: str,
                folder: Path | None = None) -> bool:
    """Whether the records file of ``slug`` holds exactly ``versions`` (locale -> record JSON, as
    :meth:`VersionRecord.to_json` gives), all of the one original ``sha`` (text ``text``), and
    nothing else: merging them into it would change nothing. Cheaper than :func:`load_records`
    (no record objects are made). False when the file is missing or is not such a record: the
    caller then loads it in full, which reports a malformed file."""
    try:
        data = json.loads(read_bytes(records_path(ws, slug, folder)).decode("utf-8"))
    except (OSError, ValueError, RecordError):
        return False
    return (isinstance(data, dict) and data.get("format") == FORMAT and data.get("release") == slug
            and data.get("sources") == {sha: text} and data.get("versions") == versions)


def save_records(ws: Workspace, records: ReleaseRecords, folder: Path | None = None) -> bool:
    """Write the records of one release (atomically, under its lock) unless unchanged; whether written.
    ``folder``: see :func:`records_path`."""
    return write_if_changed(records_path(ws, records.slug, folder), records.to_text())
