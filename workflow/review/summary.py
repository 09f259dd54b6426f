"""Per-catalog summaries: state counts, QA errors, the units awaiting review, what a page shows.

What the status index (:mod:`workflow.review.index`) stores per PO file.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.catalogs import Catalog, Entry, load_catalog, parse_catalog
from workflow.review.checks.base import Finding, Severity, blocking_errors, overridden_as_warnings
from workflow.catalogs.parse import declared_charset
from workflow.review.checks.cache import CheckCache
from workflow.review.glossary import Glossary
from workflow.review.relay import draft_provenance
from workflow.review.units import State, origin_of, parse_stamps, state_of, unit_hash, unit_id, unit_keys

STATE_KEYS = ("untranslated", "rejected", "draft", "needs_review", "approved")


@dataclass
class FileSummary:
    """What the index keeps per catalog."""

    total: int = 0
    untranslated: int = 0
    rejected: int = 0
    draft: int = 0
    needs_review: int = 0
    approved: int = 0
    qa_errors: int = 0                                   # units with an error no approval overrides
    units: list[dict[str, Any]] = field(default_factory=list)      # units awaiting work (not approved/untranslated)
    findings: list[list[Any]] = field(default_factory=list)        # [line, check, severity, message]
    keys: list[str] = field(default_factory=list)                  # unit ids of every entry (selection)
    # What a published page shows for each msgid: [text or None, state label] (see below).
    published: dict[str, list[Any]] = field(default_factory=dict)
    # Machine drafts and where they came from: [msgid, relay locale, relay-sha], both "" for a draft
    # made from the source (workflow.review.relay.draft_provenance).
    relayed: list[list[str]] = field(default_factory=list)
    # The approved text of each approved unit: what other locales are relayed from.
    approved_texts: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("total", *STATE_KEYS, "qa_errors")}


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


def summarize_catalog(catalog: Iterable[Entry], source_lang: str, locale: str | None,
                      glossary: Glossary | None = None, *, checks: CheckCache | None = None) -> FileSummary:
    """Count states and QA errors of one catalog (``locale`` None: a template).

    Also records :attr:`FileSummary.published`, what a published page shows for
    each unit, so the build needs neither the parse nor the checks again.
    ``checks``: a :class:`CheckCache` of ``glossary`` shared by many catalogs (units
    they have in common are checked once); by default one for this catalog.
    """
    check = checks if checks is not None else CheckCache(glossary)
    summary = FileSummary()
    published = summary.published
    counts = dict.fromkeys(State, 0)
    keys = summary.keys
    for entry in catalog:
        keys.extend(unit_keys(entry))
        if locale is None:
            counts[State.UNTRANSLATED] += 1
            continue
        state = state_of(entry)
        counts[state] += 1
        findings = check(entry, source_lang, locale) if state is not State.UNTRANSLATED else []
        line = getattr(entry, "linenum", 0) or 0
        blocking = blocking_errors(entry, findings) if findings else []
        for f in overridden_as_warnings(findings, blocking):
            summary.findings.append([line, f.check, f.severity.value, f.message])
        if blocking:
            summary.qa_errors += 1
        # The build's lookup for published pages, worked out once: approved text without
        # a blocking QA error, else the reason. Keyed by msgid like the build (the last
        # entry with a msgid wins); plural entries are never shown on a page.
        if entry.msgid_plural:
            published[entry.msgid] = [None, _LABELS[State.UNTRANSLATED]]
        elif state is not State.APPROVED:
            published[entry.msgid] = [None, _LABELS[state]]
        else:
            published[entry.msgid] = [None, "qa error"] if blocking else [entry.msgstr, _LABELS[state]]
        if state is State.APPROVED and not entry.msgid_plural:
            summary.approved_texts[entry.msgid] = entry.msgstr
        relay = draft_provenance(entry) if state is State.DRAFT else None
        if relay is not None:
            summary.relayed.append([entry.msgid, *relay])
        if state in (State.DRAFT, State.NEEDS_REVIEW, State.REJECTED):
            forms = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int)]
                     if entry.msgid_plural else [entry.msgstr])
            summary.units.append({
                "id": unit_id(entry), "msgctxt": entry.msgctxt, "msgid": entry.msgid,
                "msgid_plural": entry.msgid_plural or "", "forms": forms, "state": int(state),
                "origin": origin_of(entry), "line": line, "hash": unit_hash(entry),
                "findings": [f.to_dict() for f in findings],
                "blocking": [f.check for f in blocking],
                "relay": list(relay) if relay else None,
                "since": waiting_since(entry),
            })
    summary.total = sum(counts.values())
    for state, count in counts.items():
        setattr(summary, state.name.lower(), count)
    return summary


_LABELS = {state: state.label for state in State}


def waiting_since(entry: Entry) -> str:
    """When the unit's current state began (ISO time of its latest draft, edit or rejection stamp; "" unknown)."""
    times = [fields.get("at", "") for kind, fields in parse_stamps(entry) if kind in ("draft", "edited", "rejected")]
    return max(times, default="")


def parse_catalog_bytes(path: Path, data: bytes) -> Catalog:
    """The catalog in ``data`` (the bytes of ``path``, read once for hashing and parsing)."""
    charset, encoding, _ = declared_charset(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    if encoding != "utf-8":
        return load_catalog(path)  # another charset (or an unknown one: its error names the line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return load_catalog(path)  # its error names the line
    return parse_catalog(text, path)


def summarize_file(path: Path, source_lang: str, locale: str | None, glossary: Glossary | None = None,
                   data: bytes | None = None, *, checks: CheckCache | None = None) -> FileSummary:
    """:func:`summarize_parsed` of the file at ``path`` (its bytes ``data`` when already read)."""
    catalog = load_catalog(path) if data is None else parse_catalog_bytes(path, data)
    return summarize_parsed(catalog, source_lang, locale, glossary, checks=checks,
                            source=path if data is None else data)


def summarize_parsed(catalog: Catalog, source_lang: str, locale: str | None, glossary: Glossary | None = None,
                     *, checks: CheckCache | None = None, source: bytes | Path | None = None) -> FileSummary:
    """What the status index keeps for a catalog file (``status`` and the build store the same):
    :func:`summarize_catalog`, with what ``msgfmt -c`` rejects in the file first among the findings
    (``source``: the bytes the catalog was parsed from, or its file, for msgfmt's line numbers)."""
    from workflow.catalogs.validate import msgfmt_problems
    from workflow.review.checks.run import restates_msgfmt

    summary = summarize_catalog(catalog, source_lang, locale, glossary, checks=checks)
    if locale is not None:   # what msgfmt -c rejects in the file, as `check` reports it for explicit files
        found = msgfmt_problems(catalog, source)
        if found:   # one problem, one line: a placeholders error restating msgfmt's goes
            restated = restates_msgfmt(found)
            summary.findings[:] = [f for f in summary.findings
                                   if not restated(f[0], Finding(f[1], Severity(f[2]), f[3]))]
        summary.findings[:0] = [[p.line or catalog.header_line or 1, "gettext", "error", f"{p.message} (msgfmt -c)"]
                                for p in found]
    return summary
