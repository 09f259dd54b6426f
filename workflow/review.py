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
"""
from __future__ import annotations

import datetime as _dt
import enum
import hashlib
import shlex
from typing import Any

from workflow.catalog import is_fuzzy, set_fuzzy

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
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def unit_hash(entry: Any) -> str:
    """Hash of what an approval binds to: context, source and every translation form."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""]
    if entry.msgid_plural:
        parts.extend(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int))
    else:
        parts.append(entry.msgstr)
    digest = hashlib.sha256("\x04".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def _format_stamp(kind: str, fields: dict[str, str]) -> str:
    return " ".join([STAMP_PREFIX, kind, *(f"{k}={shlex.quote(v)}" for k, v in fields.items())])


def parse_stamps(entry: Any) -> list[tuple[str, dict[str, str]]]:
    """All ``pressflow:`` comment lines of an entry as (kind, fields)."""
    stamps = []
    for line in (entry.tcomment or "").split("\n"):
        line = line.strip()
        if not line.startswith(STAMP_PREFIX):
            continue
        try:
            words = shlex.split(line[len(STAMP_PREFIX):])
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
