"""Merging a PO catalog with its template the way ``msgmerge --previous`` does."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from workflow.catalogs.model import Catalog, Entry, _Key, _has_translation, _is_plural, _key, is_fuzzy, set_fuzzy

__all__ = ["MergeStats", "merge_catalog"]

FUZZY_THRESHOLD = 60.0    # msgmerge's FUZZY_THRESHOLD (0.6) on rapidfuzz's 0..100 scale

# ---------------------------------------------------------------------------
# Merging (msgmerge semantics)


@dataclass
class MergeStats:
    kept: int = 0        # exact msgid matches, translation carried over
    added: int = 0       # new, untranslated
    fuzzy: int = 0       # new msgid matched to a similar old one: old translation, marked fuzzy
    obsoleted: int = 0   # translated entries no longer in the template (now #~)
    restored: int = 0    # obsolete entries whose msgid came back
    dropped: int = 0     # untranslated entries no longer in the template (removed, as msgmerge does)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.fuzzy or self.obsoleted or self.restored or self.dropped)


def _format_flags(flags: Iterable[str]) -> list[str]:
    return [f for f in flags if f != "fuzzy"]


def _fit_forms(old: Entry, new: Entry, nplurals: int) -> bool:
    """Copy old's translation into new (plural shape of new); True if shapes differed."""
    if _is_plural(new):
        if _is_plural(old):
            new.msgstr_plural = dict(old.msgstr_plural)
            return False
        new.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
        return True
    if _is_plural(old):
        new.msgstr = (old.msgstr_plural or {}).get(0, "")
        return True
    new.msgstr = old.msgstr
    return False


def merge_catalog(po: Catalog, pot: Catalog) -> MergeStats:
    """Update ``po`` in place from template ``pot`` the way ``msgmerge`` does (see MergeStats)."""
    stats = MergeStats()
    nplurals = po.nplurals
    old_entries = list(po.pofile)
    by_key: dict[_Key, Entry] = {}
    for entry in old_entries:
        if entry.obsolete:
            by_key.setdefault(_key(entry), entry)
    for entry in old_entries:               # active entries win over obsolete ones
        if not entry.obsolete:
            by_key[_key(entry)] = entry
    candidates = [e for e in old_entries if _has_translation(e)]
    choices = [e.msgid for e in candidates]
    used: set[int] = set()
    merged: list[Entry] = []
    for tmpl in pot:
        new = Entry(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                            occurrences=list(tmpl.occurrences), comment=tmpl.comment,
                            flags=_format_flags(tmpl.flags))
        if _is_plural(tmpl):
            new.msgstr_plural = {i: "" for i in range(nplurals)}
        old = by_key.get(_key(tmpl))
        if old is not None:
            used.add(id(old))
            reshaped = _fit_forms(old, new, nplurals)
            new.tcomment = old.tcomment
            if is_fuzzy(old) or reshaped:
                set_fuzzy(new, True)
                new.previous_msgctxt, new.previous_msgid = old.previous_msgctxt, old.previous_msgid
                new.previous_msgid_plural = old.previous_msgid_plural
            if old.obsolete:
                stats.restored += 1
            else:
                stats.kept += 1
        else:
            match = process.extractOne(tmpl.msgid, choices, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_THRESHOLD) if choices else None
            if match is not None:
                old = candidates[match[2]]
                used.add(id(old))
                _fit_forms(old, new, nplurals)
                new.tcomment = old.tcomment
                set_fuzzy(new, True)
                new.previous_msgctxt = old.msgctxt
                new.previous_msgid = old.msgid
                new.previous_msgid_plural = old.msgid_plural or None
                stats.fuzzy += 1
            else:
                stats.added += 1
        merged.append(new)
    for entry in old_entries:
        if id(entry) in used:
            continue
        if not _has_translation(entry):
            stats.dropped += 0 if entry.obsolete else 1
            continue
        if not entry.obsolete:
            entry.obsolete = True
            entry.occurrences = []
            stats.obsoleted += 1
        merged.append(entry)
    po.pofile[:] = merged
    po.reindex()
    _merge_header(po, pot)
    return stats


_KNOWN_HEADER_FIELDS = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding",
)


def _merge_header(po: Catalog, pot: Catalog) -> None:
    """Like msgmerge: take Report-Msgid-Bugs-To and POT-Creation-Date from the template, and
    put the standard fields first, in their standard order."""
    if not (po.has_header or po.metadata):
        return
    meta = dict(po.metadata)
    for name in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
        if name in pot.metadata:
            meta[name] = pot.metadata[name]
    ordered = {name: meta[name] for name in _KNOWN_HEADER_FIELDS if name in meta}
    ordered.update((name, value) for name, value in meta.items() if name not in ordered)
    if list(ordered.items()) != list(po.metadata.items()):
        po.metadata = ordered
