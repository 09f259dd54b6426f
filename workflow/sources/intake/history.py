"""The import history of a newsroom: which source became which release, and the page edges seen.

Kept in ``<releases>/.import-history.json`` (commit it with the releases)::

    {"version": 1, "releases": {"<slug>": {"source": "press-0912.html", "sha256": "…",
                                           "site": "msit.go.kr", "head": ["…"], "tail": ["…"]}}}

A re-import is recognised by the same source file name or the same content. Lines
that recur among the first or last :data:`EDGE` lines of earlier imports from the
same site are that site's chrome (with no site known, lines that recur in two
earlier imports).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workflow.errors import ReleaseError
from workflow.fsutil import atomic_write, locked
from workflow.sources.intake.chrome import normalize

HISTORY_NAME = ".import-history.json"
EDGE = 12


@dataclass
class ImportRecord:
    source: str            # file name of the source ("-" for standard input)
    sha256: str            # of the source bytes
    site: str | None = None
    head: list[str] = field(default_factory=list)  # normalized first lines
    tail: list[str] = field(default_factory=list)  # normalized last lines


@dataclass
class ImportHistory:
    path: Path
    records: dict[str, ImportRecord] = field(default_factory=dict)  # slug -> record

    @classmethod
    def load(cls, releases_dir: str | Path) -> ImportHistory:
        path = Path(releases_dir) / HISTORY_NAME
        history = cls(path)
        if not path.exists():
            return history
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for slug, rec in data.get("releases", {}).items():
                history.records[str(slug)] = ImportRecord(
                    str(rec["source"]), str(rec["sha256"]), rec.get("site"),
                    [str(x) for x in rec.get("head", [])], [str(x) for x in rec.get("tail", [])])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ReleaseError(f"damaged import history ({exc}); fix or delete the file", path) from None
        return history

    def previous(self, source: str, sha256: str) -> str | None:
        """The slug an earlier import of the same content (or else the same file name) became."""
        for slug, rec in self.records.items():
            if rec.sha256 == sha256:
                return slug
        if source != "-":
            for slug, rec in self.records.items():
                if rec.source == source:
                    return slug
        return None

    def learned_chrome(self, site: str | None, exclude: str | None = None) -> frozenset[str]:
        """Normalized lines that recur at the edges of earlier imports (see module docstring)."""
        counts: Counter[str] = Counter()
        for slug, rec in self.records.items():
            if slug == exclude or (site is not None and rec.site != site):
                continue
            counts.update(set(rec.head) | set(rec.tail))
        needed = 1 if site is not None else 2
        return frozenset(line for line, count in counts.items() if count >= needed and line)

    def record(self, slug: str, rec: ImportRecord) -> None:
        self.records[slug] = rec

    def save(self) -> None:
        data = {"version": 1, "releases": {
            slug: {"source": r.source, "sha256": r.sha256, "site": r.site, "head": r.head, "tail": r.tail}
            for slug, r in sorted(self.records.items())}}
        with locked(self.path):
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", lock=False)


def edges(texts: list[str]) -> tuple[list[str], list[str]]:
    """The normalized first and last :data:`EDGE` lines of a source."""
    keys = [normalize(t) for t in texts if normalize(t)]
    return keys[:EDGE], keys[-EDGE:]
