"""What the web app shows and does, composed only from the CLI's library functions.

Nothing here encodes review rules: states, stamps, hashes and transitions come
from :mod:`workflow.review.actions`, progress from :mod:`workflow.review.status`, checks from
:mod:`workflow.review.checks`, memory from :mod:`workflow.translation.memory`, pages from
:mod:`workflow.publish.build`. This module only finds the unit a URL names and turns
library results into plain view objects for the templates.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.catalogs import Catalog, Entry, load_catalog
from workflow.errors import BuildError, WorkflowError
from workflow.fsutil import safe_join
from workflow.publish.build import build_site, render_page
from workflow.review import actions as review
from workflow.review.relay import approved_texts, stale_entry
from workflow.review.units import State, parse_stamps, unit_id
from workflow.review.checks.run import check_entry
from workflow.review.glossary import load_glossary
from workflow.review.backlog import SORTS, Backlog, QueueFilter, ReleaseProgress, release_infos
from workflow.review.status import StatusRow
from workflow.review.targets import workspace_targets
from workflow.translation.memory import QUEUE_MATCHES, Match, best_matches
from workflow.wording import counted
from workflow.workspace import Workspace

_UID = re.compile(r"[0-9a-f]{12}")  # review.unit_id: full ids only, never a msgid selector
STATE_LABELS = [s.label for s in sorted(State, reverse=True)]  # approved first


class NotFound(WorkflowError):
    """The locale, release or unit a URL names does not exist."""


class BadRequest(WorkflowError):
    """A form asks for something the workflow does not allow (e.g. reject without a reason)."""


# ---------------------------------------------------------------------------
# Finding units
# ---------------------------------------------------------------------------


def release_slugs(ws: Workspace) -> list[str]:
    """Every release's slug, in file order (from the status index, kept while no release file changes)."""
    return [r.slug for r in release_infos(ws)]


def check_locale(ws: Workspace, locale: str) -> str:
    if locale not in ws.locales:
        raise NotFound(f"no locale {locale!r} in this workspace")
    return locale


def check_release(ws: Workspace, slug: str) -> str:
    if slug not in release_slugs(ws):
        raise NotFound(f"no release {slug!r} in this workspace")
    return slug


def po_path(ws: Workspace, locale: str, slug: str) -> Path:
    """The catalog a URL names; only known locales and release slugs get this far (safe_join)."""
    path = ws.po_path(check_locale(ws, locale), check_release(ws, slug))
    if not path.is_file():
        raise NotFound(f"{ws.relpath(path)} does not exist yet (run `pressflow update`)")
    return path


def find_entry(catalog: Catalog, uid: str) -> Entry:
    """The active entry whose :func:`workflow.publish.render.unit_id` is ``uid`` (the preview's ``data-unit``)."""
    for entry in catalog:
        if unit_id(entry.msgid, entry.msgctxt) == uid:
            return entry
    raise NotFound(f"no unit {uid!r} in this catalog")


def form_text(form: Mapping[str, object], name: str = "text") -> str:
    """A translation from a form field: browsers send CRLF line breaks, PO files hold LF."""
    return str(form.get(name, "")).replace("\r\n", "\n").replace("\r", "\n")


def form_forms(form: Mapping[str, object]) -> str | list[str]:
    """The text of a save: one ``text`` field, or ``text_0``, ``text_1``... for plural forms."""
    if "text_0" in form:
        forms: list[str] = []
        while f"text_{len(forms)}" in form:
            forms.append(form_text(form, f"text_{len(forms)}"))
        return forms
    return form_text(form)


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


@dataclass
class UnitView:
    locale: str
    slug: str
    uid: str
    msgid: str
    msgctxt: str | None
    msgid_plural: str
    text: str                        # the current msgstr (first form for plurals)
    forms: list[str]                 # every msgstr form
    state: str                       # review state label
    origin: str
    hash: str                        # review.unit_hash: what the user saw
    notes: str                       # extracted comments (#.)
    references: list[str]
    stamps: list[tuple[str, dict[str, str]]]
    source_lang: str = "en"              # the release's own language (its msgids')
    relay: dict[str, Any] | None = None  # {"locale", "text"}: the approved version this locale is drafted from
    stale: bool = False                  # a relay draft whose relay text changed or lost its approval
    memory: list[Match] = field(default_factory=list)
    glossary: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    previous_uid: str = ""
    next_uid: str = ""

    @property
    def css_state(self) -> str:
        return self.state.replace(" ", "-")


def unit_view(ws: Workspace, locale: str, slug: str, uid: str) -> UnitView:
    """Everything the unit editor shows about one unit."""
    path = po_path(ws, locale, slug)
    catalog = load_catalog(path)
    entry = find_entry(catalog, uid)
    entries = list(catalog)
    position = next(i for i, e in enumerate(entries) if e is entry)
    forms = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
             if entry.msgid_plural else [entry.msgstr])
    view = UnitView(
        locale=locale, slug=slug, uid=uid, msgid=entry.msgid, msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "", text=forms[0] if forms else "", forms=forms,
        state=review.state_of(entry).label, origin=review.origin_of(entry), hash=review.unit_hash(entry),
        notes=entry.comment or "", references=[f"{f}:{n}" if n else f for f, n in entry.occurrences],
        stamps=parse_stamps(entry),
        previous_uid=unit_id(entries[position - 1].msgid, entries[position - 1].msgctxt) if position else "",
        next_uid=(unit_id(entries[position + 1].msgid, entries[position + 1].msgctxt)
                  if position + 1 < len(entries) else ""),
    )
    release = next(r for r in release_infos(ws) if r.slug == slug)
    view.source_lang = release.lang
    relay = ws.config.relay_language(release.lang, locale)
    relay_text = None
    if relay is not None:
        relay_path = ws.po_path(relay, slug)
        texts = approved_texts(load_catalog(relay_path)) if relay_path.is_file() else {}
        relay_text = texts.get(entry.msgid)
        view.relay = {"locale": relay, "text": relay_text}
    view.stale = stale_entry(entry, relay, relay_text)
    view.glossary = _glossary_hits(ws, entry.msgid, locale, release.lang)
    view.memory = _memory_matches(ws, entry.msgid, locale, release.lang)
    view.findings = _findings(ws, entry, locale, release.lang)
    return view


def _glossary_hits(ws: Workspace, text: str, locale: str, source_lang: str) -> list[dict[str, Any]]:
    return [hit.to_dict(locale) for hit in load_glossary(ws).for_source(source_lang).lookup(text, locale)]


def _memory_matches(ws: Workspace, text: str, locale: str, source_lang: str) -> list[Match]:
    """The same matches ``pressflow review queue`` prints beside the unit (``memory.queue_matcher``:
    the same lookup and limit); an exact match equal to the current text is shown, marked as such."""
    return best_matches(ws, text, locale, limit=QUEUE_MATCHES, source_lang=source_lang)


def _findings(ws: Workspace, entry: Entry, locale: str, source_lang: str) -> list[dict[str, str]]:
    return [f.to_dict() for f in check_entry(entry, source_lang, locale, load_glossary(ws))]


# ---------------------------------------------------------------------------
# Dashboard: releases by title and date (review.backlog)
# ---------------------------------------------------------------------------


@dataclass
class DashboardPage:
    rows: list[ReleaseProgress]
    total: int
    page: int
    pages: int
    sort: str
    descending: bool
    locales: list[str]


def percent(row: StatusRow) -> int:
    """Approved share of a status row, rounded down (100 only when all are approved)."""
    return int(100 * row.approved / row.total) if row.total else 0


def dashboard(backlog: Backlog, sort: str = "date", order: str = "", page: int = 1,
              per_page: int = 50) -> DashboardPage:
    """Releases with their progress per locale, sorted (``SORTS``) and paged; as ``pressflow status`` counts."""
    if sort not in SORTS:
        raise BadRequest(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    if order not in ("", "asc", "desc"):
        raise BadRequest(f"unknown order {order!r}; choose asc or desc")
    descending = order == "desc" if order else sort not in ("title", "waiting")
    rows = backlog.releases(sort, descending)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    return DashboardPage(rows[(page - 1) * per_page:page * per_page], len(rows), page, pages, sort, descending,
                         backlog.ws.locales)


# ---------------------------------------------------------------------------
# The queue: paged, filtered, counted (review.backlog)
# ---------------------------------------------------------------------------

#: Queue filter values: "" is what waits for a reviewer (review.QUEUE_STATES).
QUEUE_STATES: list[tuple[str, str]] = [
    ("", "awaiting review"), ("needs review", "needs review"), ("draft", "draft"), ("rejected", "rejected"),
    ("untranslated", "untranslated"), ("approved", "approved"),
]
# States the status index lists per unit; the others are read from the catalogs.
_INDEXED = {State.DRAFT, State.NEEDS_REVIEW, State.REJECTED}
PER_PAGE = 50


@dataclass
class QueueRow:
    locale: str
    slug: str
    uid: str
    msgid: str
    text: str
    state: str
    origin: str
    qa_errors: int = 0
    since: str = ""
    source_lang: str = ""
    relay: dict[str, Any] | None = None   # {"locale", "text"} of the approved relay version
    stale: bool = False

    @property
    def css_state(self) -> str:
        return self.state.replace(" ", "-")


@dataclass
class QueueView:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    per_page: int
    by_state: dict[str, int] = field(default_factory=dict)     # state label -> units (within the other filters)
    by_locale: dict[str, int] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _state_filter(value: str) -> tuple[State, ...]:
    if not value:
        return review.QUEUE_STATES
    for state in State:
        if state.label == value:
            return (state,)
    raise BadRequest(f"unknown state {value!r}; choose one of {', '.join(s.label for s in State)}")


def _page_number(value: str) -> int:
    try:
        number = int(value or "1")
    except ValueError:
        raise BadRequest(f"page must be a number, not {value!r}") from None
    return max(number, 1)


def queue(ws: Workspace, backlog: Backlog, locale: str = "", release: str = "", state: str = "",
          page: str = "", qa: bool = False) -> QueueView:
    """One page of units of the chosen state(s), earliest release first, with counts.

    Draft, needs-review and rejected units come from the status index
    (:class:`review.backlog.Backlog`: fast at any queue length); untranslated and
    approved units are not in it, so for those two filters the catalogs are read.
    """
    if locale:
        check_locale(ws, locale)
    if release:
        check_release(ws, release)
    states = _state_filter(state)
    number = _page_number(page)
    releases, locales = ((release,) if release else ()), ((locale,) if locale else ())
    if set(states) <= _INDEXED:
        result = backlog.queue_page(QueueFilter(releases, locales, states, qa), (number - 1) * PER_PAGE, PER_PAGE)
        rows = [QueueRow(i.locale, i.release, i.id, i.msgid, i.text, i.state.label, i.origin,
                         sum(1 for f in i.findings if f.severity.value == "error"), i.since, i.source_lang,
                         i.relay, i.stale)
                for i in result.items]
        pages = max(1, -(-result.total // PER_PAGE))
        return QueueView(rows, result.total, number, pages, PER_PAGE,
                         {s.label: n for s, n in sorted(result.by_state.items(), reverse=True)}, result.by_locale)
    rows = []
    for target in workspace_targets(ws, releases, locales):
        if not target.path.is_file():
            continue
        for entry in load_catalog(target.path):
            current = review.state_of(entry)
            if current in states:
                rows.append(QueueRow(target.locale, target.release, unit_id(entry.msgid, entry.msgctxt), entry.msgid,
                                     review.current_forms(entry)[0], current.label, review.origin_of(entry),
                                     source_lang=target.source_lang))
    pages = max(1, -(-len(rows) // PER_PAGE))
    return QueueView(rows[(number - 1) * PER_PAGE:number * PER_PAGE], len(rows), number, pages, PER_PAGE)


# ---------------------------------------------------------------------------
# Actions: review.edit / approve / reject on one unit, with the hash the user saw
# ---------------------------------------------------------------------------


def _selection(ws: Workspace, locale: str, slug: str, uid: str, expected_hash: str) -> review.Selection:
    po_path(ws, locale, slug)  # 404 for unknown locales, releases and missing catalogs
    if not _UID.fullmatch(uid):
        raise NotFound(f"no unit {uid!r}")
    if not expected_hash:
        raise BadRequest("the form does not say which version of the unit you saw (reload the page)")
    return review.unit_selection(slug, locale, uid)


def _at(clock: Callable[[], str] | None) -> str | None:
    return clock() if clock else None


def save(ws: Workspace, locale: str, slug: str, uid: str, *, user: str, expected_hash: str,
         clock: Callable[[], str] | None, text: str | list[str]) -> str:
    """A person's new text (``review.edit``): the unit then needs review."""
    outcome = review.edit(ws, _selection(ws, locale, slug, uid, expected_hash), user, text,
                          expected_hash=expected_hash, at=_at(clock))
    return f"Saved: the unit is now {outcome.after.label}."


def approve(ws: Workspace, locale: str, slug: str, uid: str, *, user: str, expected_hash: str,
            clock: Callable[[], str] | None, force_reason: str = "") -> str:
    """``review.approve`` of one unit (QA errors block it unless forced with a reason)."""
    outcome = review.one(review.approve(ws, _selection(ws, locale, slug, uid, expected_hash), user,
                                        force_reason=force_reason or None, expected_hash=expected_hash,
                                        at=_at(clock)))
    return "Approved." + (f" ({outcome.message})" if outcome.message else "")


def reject(ws: Workspace, locale: str, slug: str, uid: str, *, user: str, expected_hash: str,
           clock: Callable[[], str] | None, reason: str) -> str:
    """``review.reject`` of one unit: back to the translator with ``reason``."""
    if not reason.strip():
        raise BadRequest("a rejection needs a reason for the translator: write one in the Reason field")
    review.one(review.reject(ws, _selection(ws, locale, slug, uid, expected_hash), user, reason,
                             expected_hash=expected_hash, at=_at(clock)))
    return "Rejected: sent back to the translator."


def preview_file(ws: Workspace, path: str) -> Path:
    """A file of the preview site (built on demand, incrementally, like ``pressflow build --preview``)."""
    parts = [p for p in path.split("/") if p]
    target = safe_join(ws.preview_dir, *parts) if parts else ws.preview_dir / "index.html"
    if target.is_dir():
        target = target / "index.html"
    if target.suffix in (".html", ".xml") or not target.is_file():
        build_site(ws, preview=True)  # pages reflect the catalogs now; assets only need to exist
    if not target.is_file():
        raise NotFound(f"no preview page {path!r}")
    return target


def preview_page(ws: Workspace, locale: str, slug: str) -> str:
    """One release page of the preview, rendered from the catalogs as they are now.

    Rendering just this page (``build.render_page``) keeps the editor's preview
    fast in a workspace with thousands of catalogs.
    """
    try:
        return render_page(ws, check_release(ws, slug), check_locale(ws, locale), preview=True)
    except BuildError as exc:
        raise NotFound(str(exc)) from None


def build(ws: Workspace) -> str:
    """Publish: ``pressflow build`` (approved, QA-clean units only)."""
    result = build_site(ws)
    published = sum(len(v) for v in result.published.values())
    return (f"built {ws.relpath(result.out_dir)}: {counted(published, 'page version')} published, "
            f"{counted(len(result.written), 'file')} written")
