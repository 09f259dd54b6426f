"""The release review page: one release in one locale, every unit in document order.

Read from the catalog itself (one file), with the same states, hashes and QA
checks as ``pressflow review``; the bulk approval goes through
:func:`workflow.review.actions.approve_seen`, bound to the hashes the editor saw.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from workflow.catalogs import load_catalog
from workflow.review import actions as review
from workflow.review.checks.run import check_entry
from workflow.review.backlog import release_infos
from workflow.review.relay import approved_texts, stale_entry
from workflow.review.glossary import load_glossary
from workflow.review.summary import waiting_since
from workflow.review.units import State, get_stamp, unit_id
from workflow.webapp.service import BadRequest, check_locale, check_release, po_path
from workflow.wording import counted
from workflow.workspace import Workspace


@dataclass
class ReleaseUnit:
    uid: str
    msgid: str
    msgctxt: str | None
    msgid_plural: str
    forms: list[str]
    state: str                       # review state label
    origin: str
    hash: str                        # review.unit_hash: what the editor saw
    findings: list[dict[str, str]] = field(default_factory=list)
    since: str = ""
    approved: dict[str, str] = field(default_factory=dict)   # the approval stamp (by, at), when approved
    relay: str = ""                  # the approved text of the relay version this locale is drafted from
    relay_locale: str = ""           # that version's locale ("" when this locale is drafted from the source)
    stale: bool = False              # a relay draft whose relay text changed or lost its approval

    @property
    def text(self) -> str:
        return self.forms[0] if self.forms else ""

    @property
    def css_state(self) -> str:
        return self.state.replace(" ", "-")

    @property
    def qa_errors(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == "error")

    @property
    def passes(self) -> bool:
        """Needs review and has no QA error: what "approve every unit that passes QA" approves."""
        return self.state == State.NEEDS_REVIEW.label and not self.qa_errors


@dataclass
class ReleaseView:
    slug: str
    locale: str
    title: str
    date: str
    source_lang: str
    units: list[ReleaseUnit]

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for unit in self.units:
            out[unit.state] = out.get(unit.state, 0) + 1
        return out

    @property
    def passing(self) -> list[ReleaseUnit]:
        return [u for u in self.units if u.passes]


def release_view(ws: Workspace, slug: str, locale: str) -> ReleaseView:
    """Every unit of ``slug`` in ``locale``, in the catalog's (the document's) order."""
    check_locale(ws, locale)
    check_release(ws, slug)
    release = next(r for r in release_infos(ws) if r.slug == slug)
    glossary = load_glossary(ws)
    relay = ws.config.relay_language(release.lang, locale)
    relay_path = ws.po_path(relay, slug) if relay is not None else None
    texts = approved_texts(load_catalog(relay_path)) if relay_path is not None and relay_path.is_file() else {}
    units = []
    for entry in load_catalog(po_path(ws, locale, slug)):
        state = review.state_of(entry)
        forms = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
                 if entry.msgid_plural else [entry.msgstr])
        findings = (check_entry(entry, release.lang, locale, glossary) if state is not State.UNTRANSLATED else [])
        units.append(ReleaseUnit(
            uid=unit_id(entry), msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural or "",
            forms=forms, state=state.label, origin=review.origin_of(entry), hash=review.unit_hash(entry),
            findings=[f.to_dict() for f in findings], since=waiting_since(entry),
            approved=(get_stamp(entry, "approved") or {}) if state is State.APPROVED else {},
        ))
        if relay is not None:
            units[-1].relay_locale = relay
            units[-1].relay = texts.get(entry.msgid) or ""
        units[-1].stale = stale_entry(entry, relay, texts.get(entry.msgid) if relay is not None else None)
    return ReleaseView(slug, locale, release.title, release.date, release.lang, units)


def approve_passing(ws: Workspace, slug: str, locale: str, form: Mapping[str, object], *, user: str,
                    clock: Callable[[], str] | None) -> tuple[str, str]:
    """Approve the units the editor saw passing QA (form fields ``seen`` = ``uid:hash``, repeated).

    Returns (kind, message) for the page: ``ok`` when all were approved, else ``error``
    naming how many were skipped and why.
    """
    check_locale(ws, locale)
    check_release(ws, slug)
    getlist = getattr(form, "getlist", None)
    values = getlist("seen") if getlist else [form.get("seen")]
    seen: dict[str, str] = {}
    for value in values:
        uid, _, digest = str(value or "").partition(":")
        if uid and digest:
            seen[uid] = digest
    if not seen:
        raise BadRequest("no unit on this page needs review and passes QA")
    result = review.approve_seen(ws, slug, locale, seen, user, at=clock() if clock else None)
    message = f"Approved {counted(len(result.approved), 'unit')}."
    if result.skipped:
        reasons: dict[str, int] = {}
        for why in result.skipped.values():
            reasons[why] = reasons.get(why, 0) + 1
        message += " Not approved: " + "; ".join(f"{n} {why}" for why, n in reasons.items()) + "."
        return "error", message
    return "ok", message
