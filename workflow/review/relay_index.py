"""Approved relay texts and stale relay drafts, read from the status index (see :mod:`workflow.review.relay`)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.review.index import Index, Target
from workflow.review.relay import is_stale_draft

if TYPE_CHECKING:
    from workflow.workspace import Workspace

#: (release slug, release date, release language, relay locale): one relay catalog to read.
RelayKey = tuple[str, str, str, str]


def relay_texts(ws: Workspace, wanted: Iterable[RelayKey], index: Index | None = None,
                ) -> dict[tuple[str, str], dict[str, str]]:
    """The approved texts of relay catalogs: (slug, relay locale) → {msgid: approved text}.

    Read from the status index (brought up to date for these catalogs first); a
    relay catalog that does not exist yet has no approved text. The same texts as
    :func:`workflow.review.relay.approved_texts` finds in the catalogs themselves.
    """
    targets = [Target(ws.po_path(locale, slug), locale, slug, date, lang)
               for slug, date, lang, locale in set(wanted) if locale != lang]
    existing = [t for t in targets if t.path.is_file()]
    if not existing:
        return {}
    own = index is None
    index = index or Index(ws)
    try:
        summaries = index.summaries(existing, parts=("approved_texts",))
    finally:
        if own:
            index.close()
    return {(t.release, t.locale): summaries[t.path].approved_texts for t in existing if t.path in summaries}


def stale_units(ws: Workspace, index: Index, targets: Iterable[Target],
                relayed: Mapping[Path, list[list[str]]]) -> dict[Path, set[str]]:
    """msgids of stale machine drafts per catalog (:func:`workflow.review.relay.is_stale_draft`
    against the relay configured for the target now), from each catalog's ``relayed`` list
    (``[msgid, relay locale, relay-sha]`` per machine draft, kept in the status index)."""
    targets = [t for t in targets if relayed.get(t.path)]
    if not targets:
        return {}
    relays = {t.path: ws.config.relay_language(t.source_lang, t.locale) for t in targets}
    wanted = {(t.release, t.date, t.source_lang, relay) for t in targets if (relay := relays[t.path])}
    texts = relay_texts(ws, wanted, index)
    out: dict[Path, set[str]] = {}
    for t in targets:
        relay = relays[t.path]
        approved = texts.get((t.release, relay), {}) if relay else {}
        stale = {msgid for msgid, lang, sha in relayed[t.path]
                 if is_stale_draft((lang, sha), relay, approved.get(msgid))}
        if stale:
            out[t.path] = stale
    return out
