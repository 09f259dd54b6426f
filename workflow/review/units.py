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
from collections.abc import Iterable
from typing import TYPE_CHECKING

from workflow.catalogs import Entry, is_fuzzy, set_fuzzy
from workflow.catalogs.model import control_characters
from workflow.errors import ReviewError

if TYPE_CHECKING:
    from workflow.review.checks.base import Finding

STAMP_PREFIX = "pressflow:"
#: QA checks whose errors no forced approval overrides: pseudo-localized text is never publishable.
NEVER_OVERRIDDEN = frozenset({"pseudo"})


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


def unit_hash(entry: Entry) -> str:
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


def parse_stamps(entry: Entry) -> list[tuple[str, dict[str, str]]]:
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


def get_stamp(entry: Entry, kind: str) -> dict[str, str] | None:
    for stamp_kind, fields in parse_stamps(entry):
        if stamp_kind == kind:
            return fields
    return None


def _set_stamp(entry: Entry, kind: str | None, fields: dict[str, str] | None = None, *, drop: tuple[str, ...] = ()) -> None:
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


def is_translated(entry: Entry) -> bool:
    """Every form has text, as for msgfmt (which compiles any non-empty msgstr): a blank one
    too (dpkg's msgid " " must stay " "; a stray " " is a translation the QA checks report)."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_valid_approval(entry: Entry) -> bool:
    stamp = get_stamp(entry, "approved")
    return stamp is not None and bool(stamp) and stamp.get("sha") == unit_hash(entry)


def state_of(entry: Entry) -> State:
    """The review state of a PO entry, derived from the file alone."""
    if not is_translated(entry):
        return State.UNTRANSLATED
    if is_fuzzy(entry):
        return State.REJECTED if get_stamp(entry, "rejected") is not None else State.DRAFT
    if has_valid_approval(entry):
        return State.APPROVED
    return State.NEEDS_REVIEW


def origin_of(entry: Entry) -> str:
    """Who produced the current text: the draft's origin while it is a draft, else 'person'.

    Once a person clears ``fuzzy`` (Poedit) the text is theirs, whatever made it first
    (except pseudo-localization: see :func:`approved_pseudo`).
    """
    stamp = get_stamp(entry, "draft")
    if stamp is not None and is_fuzzy(entry):
        return stamp.get("origin", "machine")
    if is_fuzzy(entry) and entry.previous_msgid is not None and get_stamp(entry, "rejected") is None:
        return "update"  # msgmerge-style fuzzy match: an old translation of a changed unit
    return "person"


def approved_pseudo(entry: Entry) -> bool:
    """An approval of a pseudo-localized draft, text unchanged since (``was=draft origin=pseudo``):
    such text stays pseudo whatever the stamp says (an older pressflow let ``--force`` approve it)."""
    if "origin=pseudo" not in (entry.tcomment or ""):
        return False
    stamp = get_stamp(entry, "approved")
    return stamp is not None and stamp.get("origin") == "pseudo" and stamp.get("sha") == unit_hash(entry)


def mark_draft(entry: Entry, text: str | list[str], origin: str, **details: str) -> None:
    """Store ``text`` as a machine draft from ``origin`` (an engine name, 'memory', 'sample');
    a plural entry takes a list, one text per plural form.

    Never call this on a unit a person wrote or approved: see :func:`can_draft`.
    """
    if isinstance(text, str):
        entry.msgstr = text
    else:
        entry.msgstr_plural = dict(enumerate(text))
    set_fuzzy(entry, True)
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    fields = {"origin": origin, "at": details.pop("at", None) or now_iso(), **details}
    _set_stamp(entry, "draft", fields, drop=("approved", "rejected"))


def can_draft(entry: Entry) -> bool:
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


def unit_id(entry_or_msgid: Entry | str, msgctxt: str | None = None) -> str:
    """Stable short id of a unit: sha1 of the gettext key (msgctxt EOT msgid), 12 hex digits.

    The same value as :func:`workflow.publish.render.unit_id` (the preview's ``data-unit``);
    queues show the first 8 digits, and any unique prefix of 4 or more selects a unit.
    """
    if isinstance(entry_or_msgid, str):
        return _unit_id(entry_or_msgid, msgctxt)
    return _unit_id(entry_or_msgid.msgid, entry_or_msgid.msgctxt)


@functools.lru_cache(maxsize=65536)  # a unit is in a catalog of every language
def _unit_id(msgid: str, msgctxt: str | None) -> str:
    key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def unit_keys(entry: Entry) -> list[str]:
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


def matches_unit(entry: Entry, selector: str) -> bool:
    return selector == entry.msgid or selector_matches_keys(selector, unit_keys(entry))


# ---------------------------------------------------------------------------
# Entry-level operations (no I/O: the web app and the CLI share them)
# ---------------------------------------------------------------------------


def _person(name: str | None, what: str) -> str:
    cleaned = _clean(name or "")
    if not cleaned:
        raise ReviewError(f"{what} needs a person's name (never recorded without one)")
    return cleaned


def forced_overrides(entry: Entry) -> set[str]:
    """QA checks a person overrode when approving the *current* text (empty if the approval is stale)."""
    stamp = get_stamp(entry, "approved")
    if not stamp or stamp.get("sha") != unit_hash(entry) or not stamp.get("forced"):
        return set()
    return {c for c in stamp.get("overrides", "").split(",") if c}

def approve_entry(
    entry: Entry, reviewer: str, *, findings: Iterable[Finding] = (), force_reason: str | None = None,
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
    never = [f for f in errors if f.check in NEVER_OVERRIDDEN]
    if never:
        # One sentence: the check's own message ("translate it before approval") says the same.
        raise ReviewError("pseudo-localized text is never publishable, whatever the flags "
                          "(--force cannot approve it): translate the unit first")
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
        via = (get_stamp(entry, "draft") or {}).get("via")
        if via:
            fields["via"] = via  # where a relayed or pivoted draft came from stays on record
    set_fuzzy(entry, False)
    _set_stamp(entry, "approved", fields, drop=("draft", "rejected"))
    return target


def reject_entry(entry: Entry, reviewer: str, reason: str, *, at: str | None = None) -> State:
    """Send the unit back to the translator (``fuzzy`` + a stamp with the reason)."""
    reviewer = _person(reviewer, "a rejection")
    if not _clean(reason or ""):
        raise ReviewError("a rejection needs a reason for the translator")
    target = transition(state_of(entry), Action.REJECT)
    fields = {"by": reviewer, "at": at or now_iso(), "reason": reason, "sha": unit_hash(entry)}
    set_fuzzy(entry, True)
    _set_stamp(entry, "rejected", fields, drop=("approved",))
    return target


def current_forms(entry: Entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
    return [entry.msgstr]


def edit_entry(entry: Entry, text: str | list[str] | tuple[str, ...], editor: str, *, at: str | None = None) -> State:
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
    bad = [name for f in forms for name in control_characters(f)]
    if bad:
        raise ReviewError(f"the new text contains control characters ({', '.join(dict.fromkeys(bad))}); "
                          "type them out or remove them")
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
