"""Review states of translation units, stored in the PO file itself.

All state lives in the catalog so git, Poedit and Weblate carry it:

* **untranslated** – empty msgstr.
* **draft** – machine (or sample) text: ``#, fuzzy`` plus a translator comment
  ``# pressflow: draft origin=google at=2026-11-28T09:00:00Z``.
* **needs review** – text a person wrote or edited: not fuzzy, no valid approval.
  A translator clearing ``fuzzy`` in Poedit moves a draft here.
* **approved** – not fuzzy and an approval stamp
  ``# pressflow: approved by="Kim Editor" at=... sha=<hash>`` whose hash matches
  msgctxt, msgid, msgid_plural and every msgstr. Editing any of them (Poedit,
  a text editor, ``update``) breaks the match and the unit needs review again.
* **rejected** – ``#, fuzzy`` plus ``# pressflow: rejected by=... at=... reason="..."``.

Transitions (:data:`TRANSITIONS`, modelled on Translate Toolkit's
``storage/workflow.py``) are the only way this module changes a state:

==============  =========================================================
from            action → to
==============  =========================================================
untranslated    draft → draft; edit → needs review
rejected        edit → needs review (the translator revises)
draft           edit → needs review; approve → approved; reject → rejected
needs review    edit → needs review; approve → approved; reject → rejected
approved        edit → needs review; reject → rejected
==============  =========================================================

Everything else is illegal (approving a rejected or untranslated unit,
approving twice, rejecting twice, drafting over human work). Approving a
draft directly is allowed — an editor may accept machine text as it is — but
only for units a person selects one by one, or in bulk with
``include_drafts``; the stamp then records ``was=draft origin=<engine>``.
Implicit transitions happen in the file itself: clearing ``fuzzy`` (Poedit)
turns a draft into needs review; changing msgctxt, msgid or any msgstr turns
approved into needs review; ``update`` marking a changed unit fuzzy makes it a
draft again. No code path writes an approval without a named reviewer.
"""
from __future__ import annotations

import datetime as _dt
import enum
import functools
import hashlib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.catalogs import is_fuzzy, set_fuzzy
from workflow.errors import ConflictError, ReviewError

STAMP_PREFIX = "pressflow:"


class State(enum.IntEnum):
    """Ordered review states: a higher value is further along the workflow."""

    UNTRANSLATED = 0
    REJECTED = 1
    DRAFT = 2
    NEEDS_REVIEW = 3
    APPROVED = 4

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def unit_hash(entry: Any) -> str:
    """Hash of what an approval binds to: context, source and every translation form."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""]
    if entry.msgid_plural:
        parts.extend(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int))
    else:
        parts.append(entry.msgstr)
    digest = hashlib.sha256("\x04".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def _clean(value: str) -> str:
    # A stamp is one comment line: line breaks or control characters would split it.
    return " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())


def _format_stamp(kind: str, fields: dict[str, str]) -> str:
    return " ".join([STAMP_PREFIX, kind, *(f"{k}={shlex.quote(_clean(v))}" for k, v in fields.items())])


def parse_stamps(entry: Any) -> list[tuple[str, dict[str, str]]]:
    """All ``pressflow:`` comment lines of an entry as (kind, fields)."""
    text = entry.tcomment or ""
    if STAMP_PREFIX not in text:
        return []
    return [(kind, dict(fields)) for kind, fields in _parse_stamp_text(text)]


_STAMP_VALUE = r"(?:'[^']*'|[^\s'\"\\]+)"
_STAMP_FIELD = re.compile(r"\s([^\s=]+)=(" + _STAMP_VALUE + r")")
_SIMPLE_STAMP = re.compile(r"\s*[^\s'\"\\=]+(?:\s+[^\s=]+=" + _STAMP_VALUE + r")*\s*")


@functools.lru_cache(maxsize=8192)
def _parse_stamp_text(text: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    # Cached: state_of, origin_of and the checks each ask for the same entry's stamps.
    return tuple((kind, tuple(fields.items())) for kind, fields in _parse_stamp_lines(text))


def _parse_stamp_lines(text: str) -> list[tuple[str, dict[str, str]]]:
    stamps = []
    for line in text.split("\n"):
        line = line.strip()
        if not line.startswith(STAMP_PREFIX):
            continue
        body = line[len(STAMP_PREFIX):]
        if not any(c in body for c in "'\"\\"):
            words = body.split()  # the common case: nothing quoted, no need for shlex
        elif _SIMPLE_STAMP.fullmatch(body):
            # Values shlex.quote wrapped in plain single quotes (a name with a space):
            # a regex reads them exactly as shlex would, without its per-character cost.
            words = body.split(None, 1)[:1] + [k + "=" + (v[1:-1] if v.startswith("'") else v)
                                                for k, v in _STAMP_FIELD.findall(body)]
        else:
            try:
                words = shlex.split(body)
            except ValueError:
                continue  # a hand-mangled stamp counts as no stamp
        if not words:
            continue
        fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        stamps.append((words[0], fields))
    return stamps


def get_stamp(entry: Any, kind: str) -> dict[str, str] | None:
    for stamp_kind, fields in parse_stamps(entry):
        if stamp_kind == kind:
            return fields
    return None


def _set_stamp(entry: Any, kind: str | None, fields: dict[str, str] | None = None, *, drop: tuple[str, ...] = ()) -> None:
    """Replace the state stamps named in ``drop`` (and ``kind``) with one new stamp."""
    remove = set(drop) | ({kind} if kind else set())
    kept = []
    for line in (entry.tcomment or "").split("\n") if entry.tcomment else []:
        stripped = line.strip()
        if stripped.startswith(STAMP_PREFIX):
            words = stripped[len(STAMP_PREFIX):].split()
            if words and words[0] in remove:
                continue
        kept.append(line)
    if kind:
        kept.append(_format_stamp(kind, fields or {}))
    entry.tcomment = "\n".join(kept)


def is_translated(entry: Any) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v.strip() for v in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def has_valid_approval(entry: Any) -> bool:
    stamp = get_stamp(entry, "approved")
    return bool(stamp) and stamp.get("sha") == unit_hash(entry)


def state_of(entry: Any) -> State:
    """The review state of a PO entry, derived from the file alone."""
    if not is_translated(entry):
        return State.UNTRANSLATED
    if is_fuzzy(entry):
        return State.REJECTED if get_stamp(entry, "rejected") is not None else State.DRAFT
    if has_valid_approval(entry):
        return State.APPROVED
    return State.NEEDS_REVIEW


def origin_of(entry: Any) -> str:
    """Who produced the current text: the draft's origin while it is a draft, else 'person'.

    Once a person clears ``fuzzy`` (Poedit) the text is theirs, whatever made it first.
    """
    stamp = get_stamp(entry, "draft")
    if stamp is not None and is_fuzzy(entry):
        return stamp.get("origin", "machine")
    if is_fuzzy(entry) and entry.previous_msgid is not None and get_stamp(entry, "rejected") is None:
        return "update"  # msgmerge-style fuzzy match: an old translation of a changed unit
    return "person"


def mark_draft(entry: Any, text: str, origin: str, **details: str) -> None:
    """Store ``text`` as a machine draft from ``origin`` (an engine name, 'memory', 'sample').

    Never call this on a unit a person wrote or approved: see :func:`can_draft`.
    """
    entry.msgstr = text
    set_fuzzy(entry, True)
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    fields = {"origin": origin, "at": details.pop("at", None) or now_iso(), **details}
    _set_stamp(entry, "draft", fields, drop=("approved", "rejected"))


def can_draft(entry: Any) -> bool:
    """Only untranslated units receive machine drafts; human work is never touched."""
    return state_of(entry) is State.UNTRANSLATED


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------


class Action(enum.Enum):
    DRAFT = "draft"      # machine text arrives (an engine, memory, pseudo)
    EDIT = "edit"        # a person writes or changes the text
    APPROVE = "approve"
    REJECT = "reject"


#: The one transition table (see the module docstring for the reasoning).
TRANSITIONS: dict[State, dict[Action, State]] = {
    State.UNTRANSLATED: {Action.DRAFT: State.DRAFT, Action.EDIT: State.NEEDS_REVIEW},
    State.REJECTED: {Action.EDIT: State.NEEDS_REVIEW},
    State.DRAFT: {Action.EDIT: State.NEEDS_REVIEW, Action.APPROVE: State.APPROVED, Action.REJECT: State.REJECTED},
    State.NEEDS_REVIEW: {Action.EDIT: State.NEEDS_REVIEW, Action.APPROVE: State.APPROVED,
                         Action.REJECT: State.REJECTED},
    State.APPROVED: {Action.EDIT: State.NEEDS_REVIEW, Action.REJECT: State.REJECTED},
}

_WHY_NOT = {
    (State.UNTRANSLATED, Action.APPROVE): "nothing to approve: the unit is untranslated",
    (State.UNTRANSLATED, Action.REJECT): "nothing to reject: the unit is untranslated",
    (State.REJECTED, Action.APPROVE): "a rejected unit must be revised (edit) before it can be approved",
    (State.REJECTED, Action.REJECT): "the unit is already rejected",
    (State.APPROVED, Action.APPROVE): "the unit is already approved",
}


def transition(state: State, action: Action) -> State:
    """The state ``action`` leads to from ``state``; :class:`ReviewError` if it is illegal."""
    target = TRANSITIONS[state].get(action)
    if target is None:
        why = _WHY_NOT.get((state, action))
        if why is None and action is Action.DRAFT:
            why = "machine drafts only fill untranslated units; this one holds a person's work"
        raise ReviewError(f"cannot {action.value} a unit that is {state.label}: {why or 'not allowed'}")
    return target


# ---------------------------------------------------------------------------
# Unit ids
# ---------------------------------------------------------------------------


def unit_id(entry_or_msgid: Any, msgctxt: str | None = None) -> str:
    """Stable short id of a unit: sha1 of the gettext key (msgctxt EOT msgid), 12 hex digits.

    The same value as :func:`workflow.publish.render.unit_id` (the preview's ``data-unit``);
    queues show the first 8 digits, and any unique prefix of 4 or more selects a unit.
    """
    if isinstance(entry_or_msgid, str):
        msgid, ctx = entry_or_msgid, msgctxt
    else:
        msgid, ctx = entry_or_msgid.msgid, entry_or_msgid.msgctxt
    key = f"{ctx}\x04{msgid}" if ctx else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def unit_keys(entry: Any) -> list[str]:
    """Ids a selector may use for ``entry``: its id, and the id of its bare msgid when it has a context."""
    keys = [unit_id(entry)]
    if entry.msgctxt:
        keys.append(unit_id(entry.msgid))
    return keys


_HEX = re.compile(r"[0-9a-f]{4,12}")


def selector_matches_keys(selector: str, keys: list[str]) -> bool:
    """Does a ``--unit`` selector (msgid or id prefix) match one of an entry's ``keys``?"""
    if _HEX.fullmatch(selector) and any(k.startswith(selector) for k in keys):
        return True
    return unit_id(selector) in keys


def matches_unit(entry: Any, selector: str) -> bool:
    return selector == entry.msgid or selector_matches_keys(selector, unit_keys(entry))


# ---------------------------------------------------------------------------
# Entry-level operations (no I/O: the web app and the CLI share them)
# ---------------------------------------------------------------------------


def _person(name: str | None, what: str) -> str:
    cleaned = _clean(name or "")
    if not cleaned:
        raise ReviewError(f"{what} needs a person's name (never recorded without one)")
    return cleaned


def forced_overrides(entry: Any) -> set[str]:
    """QA checks a person overrode when approving the *current* text (empty if the approval is stale)."""
    stamp = get_stamp(entry, "approved")
    if not stamp or stamp.get("sha") != unit_hash(entry) or not stamp.get("forced"):
        return set()
    return {c for c in stamp.get("overrides", "").split(",") if c}


def blocking_errors(entry: Any, findings: Any) -> list[Any]:
    """The error findings still blocking: those not overridden by a valid forced approval.

    Publishing should use this rather than every error, so a reasoned ``--force``
    approval does not keep a page unpublished.
    """
    overrides = forced_overrides(entry)
    return [f for f in findings if f.severity.value == "error" and f.check not in overrides]


def approve_entry(
    entry: Any, reviewer: str, *, findings: Any = (), force_reason: str | None = None,
    allow_draft: bool = True, at: str | None = None,
) -> State:
    """Approve the entry's current text, binding the stamp to its hash.

    QA errors in ``findings`` block the approval unless ``force_reason`` is
    given; the reason and the overridden checks are recorded in the stamp.
    """
    reviewer = _person(reviewer, "an approval")
    state = state_of(entry)
    target = transition(state, Action.APPROVE)
    if state is State.DRAFT and not allow_draft:
        raise ReviewError("the unit is a machine draft: approve it on its own, or include drafts explicitly")
    errors = [f for f in findings if f.severity.value == "error"]
    fields = {"by": reviewer, "at": at or now_iso(), "sha": unit_hash(entry)}
    if errors:
        reason = _clean(force_reason or "")
        if not reason:
            raise ReviewError(
                "blocked by QA errors: " + "; ".join(f"{f.check}: {f.message}" for f in errors)
                + " (fix the text, or force with a reason)"
            )
        fields["forced"] = reason
        fields["overrides"] = ",".join(sorted({f.check for f in errors}))
    if state is State.DRAFT:
        fields["was"] = "draft"
        fields["origin"] = origin_of(entry)
    set_fuzzy(entry, False)
    _set_stamp(entry, "approved", fields, drop=("draft", "rejected"))
    return target


def reject_entry(entry: Any, reviewer: str, reason: str, *, at: str | None = None) -> State:
    """Send the unit back to the translator (``fuzzy`` + a stamp with the reason)."""
    reviewer = _person(reviewer, "a rejection")
    if not _clean(reason or ""):
        raise ReviewError("a rejection needs a reason for the translator")
    target = transition(state_of(entry), Action.REJECT)
    fields = {"by": reviewer, "at": at or now_iso(), "reason": reason, "sha": unit_hash(entry)}
    set_fuzzy(entry, True)
    _set_stamp(entry, "rejected", fields, drop=("approved",))
    return target


def current_forms(entry: Any) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
    return [entry.msgstr]


def edit_entry(entry: Any, text: str | list[str] | tuple[str, ...], editor: str, *, at: str | None = None) -> State:
    """A person's new text: the unit needs review (an approval of the same text is kept)."""
    editor = _person(editor, "an edit")
    forms = [text] if isinstance(text, str) else list(text)
    forms = [f.replace("\r\n", "\n").replace("\r", "\n") for f in forms]
    if entry.msgid_plural:
        expected = len(entry.msgstr_plural) or 1
        if len(forms) != expected:
            raise ReviewError(f"this unit has {expected} plural forms; got {len(forms)}")
    elif len(forms) != 1:
        raise ReviewError("this unit has no plural forms; give one text")
    if any(not f.strip() for f in forms):
        raise ReviewError("the new text is empty (to send a unit back, reject it with a reason)")
    state = state_of(entry)
    if forms == current_forms(entry) and state is State.APPROVED:
        return state  # nothing changed: the approval still holds
    target = transition(state, Action.EDIT)
    if entry.msgid_plural:
        entry.msgstr_plural = {k: forms[i] for i, k in enumerate(sorted(entry.msgstr_plural, key=int))}
    else:
        entry.msgstr = forms[0]
    set_fuzzy(entry, False)
    _set_stamp(entry, "edited", {"by": editor, "at": at or now_iso()}, drop=("draft", "rejected", "approved"))
    return target


# ---------------------------------------------------------------------------
# Workspace operations: select units, change them under the file lock
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which units a review action applies to."""

    releases: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    units: tuple[str, ...] = ()      # msgids or unit-id prefixes
    all: bool = False                # every unit awaiting review within the filters
    paths: tuple[str, ...] = ()      # explicit PO files instead of the workspace's catalogs


@dataclass
class Outcome:
    path: Path
    release: str
    locale: str
    unit: str
    msgid: str
    before: State
    after: State
    ok: bool
    message: str = ""
    findings: list[Any] = field(default_factory=list)


#: States ``--all`` picks up: what a reviewer's queue holds.
QUEUE_STATES = (State.NEEDS_REVIEW, State.DRAFT)


def _candidates(ws: Any, sel: Selection, states: tuple[State, ...], expected_hash: str | None) -> list[Any]:
    """Catalogs that may hold selected units (found with the index, re-checked under the lock)."""
    from workflow.review.status import Index, path_targets, workspace_targets

    if not sel.units and not sel.all:
        raise ReviewError("choose units: --unit MSGID_OR_ID (repeatable) or --all (with --release/--locale)")
    if sel.units and sel.all:
        raise ReviewError("--unit and --all exclude each other")
    with Index(ws) as index:
        if sel.paths:
            targets = path_targets(sel.paths, ws)
        else:
            targets = workspace_targets(ws, sel.releases, sel.locales, index)
        summaries = index.summaries(targets, parts=("units", "keys"))
    chosen = []
    matched: set[str] = set()
    hits = 0
    for target in targets:
        summary = summaries.get(target.path)
        if summary is None:
            continue
        if sel.units:
            found = [s for s in sel.units if any(selector_matches_keys(s, [k]) for k in summary.keys)]
            if found:
                matched.update(found)
                hits += sum(1 for k in summary.keys for s in sel.units if selector_matches_keys(s, [k]))
                chosen.append(target)
        elif any(State(u["state"]) in states for u in summary.units):
            hits += sum(1 for u in summary.units if State(u["state"]) in states)
            chosen.append(target)
    missing = [s for s in sel.units if s not in matched]
    if missing:
        where = " in the selected releases and locales" if (sel.releases or sel.locales) else ""
        raise ReviewError(f"no unit matches {', '.join(map(repr, missing))}{where}")
    if expected_hash is not None and hits > 1:
        raise ReviewError("expected_hash needs a selection of exactly one unit")
    return chosen


def _apply(
    ws: Any, sel: Selection, act: Any, *, states: tuple[State, ...], expected_hash: str | None = None,
) -> list[Outcome]:
    from workflow.catalogs import edit_catalog

    outcomes: list[Outcome] = []
    for target in _candidates(ws, sel, states, expected_hash):
        with edit_catalog(target.path) as catalog:
            for entry in catalog:
                if sel.units:
                    if not any(matches_unit(entry, s) for s in sel.units):
                        continue
                elif state_of(entry) not in states:
                    continue
                if expected_hash is not None and unit_hash(entry) != expected_hash:
                    raise ConflictError(
                        f"unit {unit_id(entry)[:8]} changed since you saw it (reload and try again)",
                        target.path, getattr(entry, "linenum", None),
                    )
                before = state_of(entry)
                outcome = Outcome(target.path, target.release, target.locale, unit_id(entry), entry.msgid,
                                  before, before, False)
                try:
                    outcome.after = act(entry, target, outcome)
                    outcome.ok = True
                except ReviewError as exc:
                    outcome.message = exc.message
                outcomes.append(outcome)
    return outcomes


def approve(
    ws: Any, selection: Selection, reviewer: str, *, force_reason: str | None = None,
    include_drafts: bool = False, expected_hash: str | None = None, at: str | None = None,
) -> list[Outcome]:
    """Approve the selected units. A unit with QA errors is refused (``ok=False``) unless forced.

    Units picked one by one may be drafts; ``all`` takes units needing review,
    and drafts only with ``include_drafts``.
    """
    from workflow.review.checks import check_entry
    from workflow.review.glossary import load_glossary

    reviewer = _person(reviewer, "an approval")
    glossary = load_glossary(ws)
    states = QUEUE_STATES if include_drafts else (State.NEEDS_REVIEW,)

    def act(entry: Any, target: Any, outcome: Outcome) -> State:
        outcome.findings = check_entry(entry, target.source_lang, target.locale, glossary)
        after = approve_entry(entry, reviewer, findings=outcome.findings, force_reason=force_reason, at=at,
                              allow_draft=bool(selection.units) or include_drafts)
        if force_reason and get_stamp(entry, "approved").get("forced"):
            outcome.message = f"forced: {force_reason}"
        return after

    return _apply(ws, selection, act, states=states, expected_hash=expected_hash)


def reject(
    ws: Any, selection: Selection, reviewer: str, reason: str, *,
    expected_hash: str | None = None, at: str | None = None,
) -> list[Outcome]:
    """Send the selected units back to their translator with ``reason``."""
    reviewer = _person(reviewer, "a rejection")
    if not _clean(reason or ""):
        raise ReviewError("a rejection needs a reason for the translator (--reason TEXT)")
    return _apply(ws, selection, lambda e, t, o: reject_entry(e, reviewer, reason, at=at),
                  states=QUEUE_STATES, expected_hash=expected_hash)


def edit(
    ws: Any, selection: Selection, editor: str, text: str | list[str], *,
    expected_hash: str | None = None, at: str | None = None,
) -> Outcome:
    """Replace the text of exactly one unit (it then needs review)."""
    if not selection.units:
        raise ReviewError("edit needs one unit: --unit MSGID_OR_ID (with --release/--locale)")
    editor = _person(editor, "an edit")
    count = _count_matches(ws, selection)
    if count != 1:
        raise ReviewError(f"edit needs exactly one unit, but {count} match; narrow it with --release and --locale")
    outcomes = _apply(ws, selection, lambda e, t, o: edit_entry(e, text, editor, at=at),
                      states=(), expected_hash=expected_hash)
    outcome = outcomes[0]
    if not outcome.ok:
        raise ReviewError(outcome.message, outcome.path)
    return outcome


def select_entries(ws: Any, selection: Selection) -> list[tuple[Any, Any]]:
    """(target, entry) for every unit ``selection.units`` names (read-only)."""
    from workflow.catalogs import load_catalog

    return [
        (target, entry) for target in _candidates(ws, selection, (), None)
        for entry in load_catalog(target.path) if any(matches_unit(entry, s) for s in selection.units)
    ]


def _count_matches(ws: Any, selection: Selection) -> int:
    return len(select_entries(ws, selection))


def unit_selection(release: str, locale: str, unit: str) -> Selection:
    """The selection of one unit of one catalog (what a web handler acts on)."""
    return Selection(releases=(release,), locales=(locale,), units=(unit,))


def one(outcomes: list[Outcome]) -> Outcome:
    """The single outcome of a one-unit action; :class:`ReviewError` if it was refused."""
    if len(outcomes) != 1:
        raise ReviewError(f"expected one unit, {len(outcomes)} matched")
    if not outcomes[0].ok:
        raise ReviewError(outcomes[0].message, outcomes[0].path)
    return outcomes[0]


# ---------------------------------------------------------------------------
# The review queue
# ---------------------------------------------------------------------------


@dataclass
class QueueItem:
    release: str
    date: str
    locale: str
    path: Path
    line: int
    id: str
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    forms: list[str]
    state: State
    origin: str
    hash: str                      # pass back as expected_hash
    source_lang: str
    findings: list[Any] = field(default_factory=list)
    matches: list[Any] = field(default_factory=list)   # e.g. translation-memory suggestions

    @property
    def text(self) -> str:
        return self.forms[0] if self.forms else ""

    @property
    def short_id(self) -> str:
        return self.id[:8]

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release, "date": self.date, "locale": self.locale, "path": str(self.path),
            "line": self.line, "unit": self.short_id, "id": self.id, "msgctxt": self.msgctxt,
            "source": self.msgid, "source_plural": self.msgid_plural, "text": self.text, "forms": self.forms,
            "state": self.state.label, "origin": self.origin, "hash": self.hash,
            "findings": [f.to_dict() for f in self.findings],
            "matches": [m.to_dict() if hasattr(m, "to_dict") else m for m in self.matches],
        }


def review_queue(
    ws: Any, releases: Any = (), locales: Any = (), *, states: tuple[State, ...] = QUEUE_STATES,
    matcher: Any = None, limit: int | None = None, paths: Any = (),
) -> list[QueueItem]:
    """Units awaiting review, earliest release first (from the index; nothing is written).

    ``matcher(item) -> list`` fills ``item.matches`` (translation memory hooks in here).
    """
    from workflow.review.checks import Finding
    from workflow.review.status import Index, path_targets, workspace_targets

    cache: dict[tuple[str, str, str], Any] = {}

    def _finding(data: dict[str, str]) -> Any:
        # Queues repeat the same findings thousands of times: build each once.
        key = (data["check"], data["severity"], data["message"])
        if key not in cache:
            cache[key] = Finding.from_dict(data)
        return cache[key]

    with Index(ws) as index:
        targets = path_targets(paths, ws) if paths else workspace_targets(ws, releases, locales, index)
        summaries = index.summaries(targets, parts=("units",))
    wanted = {int(s) for s in states}
    items: list[QueueItem] = []
    for target in targets:
        summary = summaries.get(target.path)
        if summary is None:
            continue
        for unit in summary.units:
            if unit["state"] not in wanted:
                continue
            items.append(QueueItem(
                release=target.release, date=target.date, locale=target.locale, path=target.path,
                line=unit["line"], id=unit["id"], msgctxt=unit["msgctxt"], msgid=unit["msgid"],
                msgid_plural=unit["msgid_plural"], forms=unit["forms"], state=State(unit["state"]),
                origin=unit["origin"], hash=unit["hash"], source_lang=target.source_lang,
                findings=[_finding(f) for f in unit["findings"]],
            ))
            if limit is not None and len(items) >= limit:
                break
        if limit is not None and len(items) >= limit:
            break
    if matcher is not None:
        for item in items:
            item.matches = list(matcher(item) or [])
    return items


def describe_item(item: QueueItem, glossary: Any = None) -> list[str]:
    """Plain-text lines showing one queue item to a reviewer."""
    origin = item.origin if item.state is State.DRAFT else f"{item.origin}"
    lines = [f"{item.release} [{item.date}] {item.locale} {item.short_id}  {item.state.label} ({origin})"]
    lines.append(f"  {item.source_lang}: {item.msgid}")
    if item.msgid_plural:
        lines.append(f"  {item.source_lang} (plural): {item.msgid_plural}")
    for n, form in enumerate(item.forms):
        label = item.locale if len(item.forms) == 1 else f"{item.locale}[{n}]"
        lines.append(f"  {label}: {form}")
    if glossary is not None:
        hits = list({h.term.term: h for h in glossary.lookup(item.msgid, item.locale)}.values())
        if hits:
            lines.append("  glossary: " + "; ".join(
                f"{h.matched} → {h.translation(item.locale)}" + (" (keep)" if h.term.do_not_translate else "")
                for h in hits))
    for m in item.matches:
        text = m.get("text") if isinstance(m, dict) else getattr(m, "target", None) or getattr(m, "text", str(m))
        score = m.get("score") if isinstance(m, dict) else getattr(m, "score", None)
        origin = m.get("origin") if isinstance(m, dict) else getattr(m, "origin", "")
        where = f" [{origin}]" if origin else ""
        lines.append(f"  memory{f' {score:.0f}%' if isinstance(score, (int, float)) else ''}{where}: {text}")
    for f in item.findings:
        lines.append(f"  {f.severity.value}: {f.check}: {f.message}")
    return lines


# ---------------------------------------------------------------------------
# Reviewer identity and the interactive walk
# ---------------------------------------------------------------------------


def _git_user(root: Any) -> str:
    import subprocess

    try:
        done = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=5,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def resolve_reviewer(ws: Any, explicit: str | None = None) -> str:
    """``--as``, else ``[review] reviewer``, else git's ``user.name``; an error if none is set."""
    candidates = [explicit, ws.config["review"]["reviewer"] if ws is not None else ""]
    for name in candidates:
        if name and _clean(name):
            return _clean(name)
    name = _git_user(ws.root if ws is not None else None)
    if _clean(name):
        return _clean(name)
    raise ReviewError(
        "who is reviewing? pass --as NAME, set [review] reviewer in pressflow.toml, or git config user.name"
    )


@dataclass
class WalkResult:
    approved: int = 0
    rejected: int = 0
    edited: int = 0
    skipped: int = 0
    stopped: bool = False


def interactive_review(
    ws: Any, reviewer: str, *, releases: Any = (), locales: Any = (),
    prompt: Any = None, echo: Any = None, editor: Any = None, matcher: Any = None,
) -> WalkResult:
    """Walk the queue one unit at a time: approve / edit / reject / skip / quit.

    ``prompt``, ``echo`` and ``editor`` default to click's (``click.edit`` opens
    $EDITOR), so tests drive it through stdin.
    """
    import click

    prompt = prompt or click.prompt
    echo = echo or click.echo
    editor = editor or click.edit
    from workflow.review.checks import check_entry
    from workflow.review.glossary import load_glossary

    reviewer = _person(reviewer, "a review")
    glossary = load_glossary(ws)
    result = WalkResult()
    items = review_queue(ws, releases, locales, matcher=matcher)
    if not items:
        echo("nothing awaits review")
        return result
    choices = click.Choice(["a", "e", "r", "s", "q"])
    position = 0
    while position < len(items):
        item = items[position]
        echo("")
        echo(f"[{position + 1}/{len(items)}]")
        for line in describe_item(item, glossary):
            echo(line)
        blocked = any(f.severity.value == "error" for f in item.findings)
        try:
            answer = prompt("approve, edit, reject, skip, quit", type=choices, default="s", show_choices=True)
        except (click.Abort, EOFError):
            result.stopped = True
            break
        sel = unit_selection(item.release, item.locale, item.id)
        try:
            if answer == "q":
                result.stopped = True
                break
            if answer == "s":
                result.skipped += 1
                position += 1
                continue
            if answer == "a":
                force = None
                if blocked:
                    force = prompt("QA errors block approval; reason to force (empty: don't approve)",
                                   default="", show_default=False)
                    if not force.strip():
                        echo("not approved")
                        continue
                one(approve(ws, sel, reviewer, force_reason=force, expected_hash=item.hash))
                echo(f"approved by {reviewer}")
                result.approved += 1
                position += 1
            elif answer == "r":
                reason = prompt("reason for the translator", default="", show_default=False)
                if not reason.strip():
                    echo("not rejected (a reason is required)")
                    continue
                one(reject(ws, sel, reviewer, reason, expected_hash=item.hash))
                echo("rejected")
                result.rejected += 1
                position += 1
            elif answer == "e":
                new = editor("\n".join(item.forms) + "\n")
                if new is None or new.rstrip("\n") == "\n".join(item.forms):
                    echo("unchanged")
                    continue
                forms = new.rstrip("\n").split("\n") if len(item.forms) > 1 else [new.rstrip("\n")]
                edit(ws, sel, reviewer, forms if len(forms) > 1 else forms[0], expected_hash=item.hash)
                result.edited += 1
                # Show the edited unit again: the reviewer can approve their own correction.
                from workflow.catalogs import load_catalog

                entry = next(e for e in load_catalog(item.path) if unit_id(e) == item.id)
                item.forms, item.hash = current_forms(entry), unit_hash(entry)
                item.state, item.origin = state_of(entry), origin_of(entry)
                item.findings = check_entry(entry, item.source_lang, item.locale, glossary)
        except (ReviewError, ConflictError) as exc:
            echo(f"error: {exc}")
            position += 1
            result.skipped += 1
    return result
