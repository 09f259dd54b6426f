"""Progress per release × locale (``pressflow status``), from the status index."""
from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.review.index import Index, ReleaseInfo, Target
from workflow.review.publishable import approved_units, release_units, version_publishable
from workflow.review.records import ReleaseRecords, load_records
from workflow.review.relay_index import stale_units
from workflow.review.summary import STATE_KEYS, summarize_file
from workflow.review.targets import path_targets, workspace_targets

if TYPE_CHECKING:
    from workflow.workspace import Workspace


@dataclass
class StatusRow:
    release: str
    locale: str
    total: int = 0
    untranslated: int = 0
    draft: int = 0
    needs_review: int = 0
    approved: int = 0
    rejected: int = 0
    stale: int = 0        # drafts made from a relay text that changed or lost its approval (counted in draft too)
    qa_errors: int = 0
    publishable: bool = False
    # What the next build publishes from the files as they are (not what a built site shows):
    # "yes", "previous version" (the last approved one, see review.records), "withdrawn", "embargoed" or "no".
    published: str = "no"

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release, "locale": self.locale, "total": self.total,
            "untranslated": self.untranslated, "draft": self.draft, "needs_review": self.needs_review,
            "approved": self.approved, "rejected": self.rejected, "stale": self.stale,
            "qa_errors": self.qa_errors, "publishable": self.publishable, "published": self.published,
        }


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------


def _row(target: Target, counts: dict[str, int] | None) -> StatusRow:
    return status_row(target.release, target.locale, counts)


def status_row(release: str, locale: str, counts: dict[str, int] | None) -> StatusRow:
    """A release × locale row from index counts (None: nothing to count yet), publishable worked out."""
    row = StatusRow(release, locale)
    if counts:
        for key in ("total", *STATE_KEYS, "qa_errors"):
            setattr(row, key, counts[key])
    row.publishable = row.total > 0 and row.approved == row.total and row.qa_errors == 0
    return row


def collect_status(ws: Workspace, releases: Iterable[str] = (), locales: Iterable[str] = (), *,
                   progress: Callable[[int], None] | None = None, sources: bool = False) -> list[StatusRow]:
    """One row per release × locale (earliest release first), from the index.

    A catalog that does not exist yet counts its template's units as untranslated
    (zero units when the release was never extracted). With ``sources``, each
    release's source-language version comes first too (no units counted,
    publishable, ``published`` as the next build publishes it).
    """
    releases, locales = tuple(releases), tuple(locales)
    with Index(ws) as index:
        targets = workspace_targets(ws, releases, locales, index)
        summaries = index.summaries(targets, parts=("relayed",), progress=progress)
        stale = stale_units(ws, index, targets, {p: s.relayed for p, s in summaries.items()})
        index.forget_missing()
        infos = {i.slug: i for i in index.releases()}
        judged: list[tuple[Target, StatusRow]] = []
        for t in targets:
            if ws.is_broken(t.path) or (t.pot is not None and ws.is_broken(t.pot) and not t.exists):
                continue  # a catalog that cannot be read has no row: it is reported (ws.problems) instead
            summary = summaries.get(t.path) or (summaries.get(t.pot) if t.pot is not None else None)
            row = _row(t, summary.counts() if summary else None)
            row.stale = len(stale.get(t.path, ()))
            judged.append((t, row))
        _judge_publishable(ws, index, infos, judged)
    rows = [row for _t, row in judged]
    now = _dt.datetime.now(_dt.UTC)
    records: dict[str, ReleaseRecords] = {}

    def recorded(release: str, locale: str) -> bool:
        if release not in records:
            records[release] = load_records(ws, release)
        return locale in records[release].versions

    for r in rows:
        # What the next build shows (publish.pages.release_pages): the current version when publishable,
        # else the last approved one recorded; a withdrawal replaces only a version that was online.
        shown = "yes" if r.publishable else ("previous version" if recorded(r.release, r.locale) else "no")
        info = infos.get(r.release)
        if info is not None and info.withdrawn_in(r.locale):
            r.published = "withdrawn" if shown != "no" else "no"
        elif info is not None and info.embargoed(now):
            r.published = "embargoed"
        else:
            r.published = shown
    if sources:
        rows = _with_sources(rows, infos, releases, locales, now)
    return rows


def _with_sources(rows: list[StatusRow], infos: dict[str, ReleaseInfo], releases: tuple[str, ...],
                  locales: tuple[str, ...], now: _dt.datetime) -> list[StatusRow]:
    """``rows`` with a row for each selected release's source-language version before its others."""
    chosen = {r.release for r in rows} | {s for s in releases if s in infos}
    chosen |= {i.slug for i in infos.values() if str(i.path) in releases}
    out: list[StatusRow] = []
    by_release: dict[str, list[StatusRow]] = {}
    for r in rows:
        by_release.setdefault(r.release, []).append(r)
    first = {slug: n for n, slug in enumerate(by_release)}
    ordered = sorted((i for i in infos.values() if i.slug in chosen), key=lambda i: first.get(i.slug, len(first)))
    for info in ordered:
        if not locales or info.lang in locales:
            source = StatusRow(info.slug, info.lang, publishable=True)
            source.published = ("withdrawn" if info.withdrawn_in(info.lang)
                                else "embargoed" if info.embargoed(now) else "yes")
            out.append(source)
        out.extend(by_release.get(info.slug, ()))
    return out


def _judge_publishable(ws: Workspace, index: Index, infos: dict[str, ReleaseInfo],
                       rows: list[tuple[Target, StatusRow]]) -> None:
    """``publishable`` as the build decides it (:mod:`workflow.review.publishable`): against
    the release's current units, at ``[build] publish_threshold``. Only rows with an
    approved unit can be publishable, so only their releases are looked at."""
    candidates = [(t, row) for t, row in rows if row.approved > 0 and t.release in infos]
    if not candidates:
        return
    threshold = float(ws.config["build"]["publish_threshold"])
    tables = index.published([t for t, _row in candidates])
    wanted = {t.release: infos[t.release] for t, _row in candidates if t.path in tables}
    units = release_units(ws, index, list(wanted.values()))
    for t, row in candidates:
        table = tables.get(t.path)
        if table is None or t.release not in wanted:
            continue  # not summarised (no catalog yet): the counts' verdict stands
        approved, total = approved_units(units[wanted[t.release].path], json.loads(table[1]))
        row.publishable = version_publishable(approved, total, threshold)


def status_of_paths(paths: Iterable[str | Path], ws: Workspace | None = None,
                    source_lang: str | None = None) -> list[StatusRow]:
    """Status rows for explicit PO files (release = file stem; the msgids' language as
    :func:`~workflow.review.targets.path_targets` tells it: release, X-Source-Language header, workspace)."""
    targets = path_targets(paths, ws, source_lang)
    if ws is not None:
        with Index(ws) as index:
            counts = index.counts(targets)
        return [_row(t, counts.get(t.path)) for t in targets if not ws.is_broken(t.path)]
    rows = []
    for t in targets:
        summary = summarize_file(t.path, t.source_lang, t.locale)
        rows.append(_row(t, summary.counts()))
    return rows


def status_json(rows: list[StatusRow]) -> str:
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2)
