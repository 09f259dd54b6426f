"""Relay translation: drafting a target from the approved version in another target language.

The sample ministry writes in Korean, publishes in English next, and its ASEAN
translators work from the approved English. ``[translate] relay = {ko = "en"}``
says so for Korean-source releases, and ``relay_targets = {ms = "id"}`` drafts
Malay from the approved Indonesian whatever the original
(:meth:`workflow.config.Config.relay_language` decides which applies).

A draft made that way records where it came from in its stamp::

    # pressflow: draft origin=google at=2026-03-02T09:15:00Z via=en-approved relay-sha=3f2a9c0d11b4e6a7

``relay-sha`` is :func:`relay_hash` of the approved English text it was made
from. When that English unit is edited, loses its approval or is approved with
another text, the draft is *stale*: ``status`` counts it (``stale``), the queue
marks it, and the next ``translate`` drafts it again. Only drafts go stale: a
text a person edited or approved is theirs. (An engine's own pivot, for a pair
it lacks, is recorded as ``via=en-machine``: no person approved that English.)

The relay text of a unit is the text of its approved unit in the relay
locale (a valid approval stamp: :func:`approved_texts`). ``translate`` reads it
from the relay catalog; ``status`` and the queue from the status index
(:mod:`workflow.review.relay_index`), which keeps the same texts.
"""
from __future__ import annotations

import hashlib

from collections.abc import Iterable

from workflow.catalogs import Entry
from workflow.review.units import State, get_stamp, state_of

APPROVED_SUFFIX = "-approved"
MACHINE_SUFFIX = "-machine"


def relay_hash(text: str) -> str:
    """The ``relay-sha`` of a relay text: 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def relay_fields(locale: str, text: str) -> dict[str, str]:
    """Draft-stamp fields of a draft made from the approved ``text`` of ``locale``."""
    return {"via": f"{locale}{APPROVED_SUFFIX}", "relay-sha": relay_hash(text)}


def relay_of_stamp(fields: dict[str, str]) -> tuple[str, str] | None:
    """(relay locale, relay-sha) of a draft stamp made from an approved relay text, else None."""
    first = fields.get("via", "").split(",")[0]
    if not first.endswith(APPROVED_SUFFIX):
        return None
    return first[: -len(APPROVED_SUFFIX)], fields.get("relay-sha", "")


def is_stale(relay_sha: str, relay_text: str | None) -> bool:
    """A relay draft is stale when its relay unit is no longer approved, or approved with another text."""
    return relay_text is None or relay_hash(relay_text) != relay_sha


def relay_draft(entry: Entry) -> tuple[str, str] | None:
    """(relay locale, relay-sha) of a *draft* made from an approved relay text; None for anything else."""
    if state_of(entry) is not State.DRAFT:
        return None
    fields = get_stamp(entry, "draft")
    return relay_of_stamp(fields) if fields else None


def draft_provenance(entry: Entry) -> tuple[str, str] | None:
    """Where a *machine draft* came from: (relay locale, relay-sha) when it was made from an
    approved relay text, ``("", "")`` when from the source (or an engine's own pivot); None
    for anything that is not a machine draft (untranslated, or a person's, reviewed or approved text)."""
    if state_of(entry) is not State.DRAFT:
        return None
    fields = get_stamp(entry, "draft")
    if fields is None:
        return None
    return relay_of_stamp(fields) or ("", "")


def is_stale_draft(provenance: tuple[str, str], relay: str | None, relay_text: str | None) -> bool:
    """Whether a machine draft of ``provenance`` (:func:`draft_provenance`) must be drafted again.

    ``relay`` is the relay locale configured for its target now (None: from the source) and
    ``relay_text`` the approved text of the unit in it (None: not approved). Stale:

    * a draft made from ``relay`` whose text changed or lost its approval;
    * a draft made otherwise (from the source, ``--relay-drafts``, a sample, or from
      another relay language) once the configured relay text is approved;
    * a relay draft when no relay is configured any more (drafted again from the source).
    """
    via, sha = provenance
    if relay is None:
        return bool(via)
    if via == relay:
        return is_stale(sha, relay_text)
    return relay_text is not None


def stale_entry(entry: Entry, relay: str | None, relay_text: str | None) -> bool:
    """:func:`is_stale_draft` of one entry (False for anything not a machine draft)."""
    provenance = draft_provenance(entry)
    return provenance is not None and is_stale_draft(provenance, relay, relay_text)


def approved_texts(entries: Iterable[Entry]) -> dict[str, str]:
    """msgid → text of every approved singular unit: what other locales may be relayed from."""
    return {e.msgid: e.msgstr for e in entries
            if e.msgid and not e.msgid_plural and state_of(e) is State.APPROVED}
