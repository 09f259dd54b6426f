"""The review queue: units awaiting review, earliest release first, read from the status index."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.catalogs.model import visible
from workflow.review.checks.base import Finding
from workflow.review.glossary import Glossary
from workflow.review.summary import FileSummary
from workflow.review.index import Index, Target
from workflow.review.relay import is_stale_draft
from workflow.review.relay_index import RelayKey, relay_texts
from workflow.review.targets import path_targets, workspace_targets
from workflow.review.units import State

if TYPE_CHECKING:
    from workflow.workspace import Workspace


#: States ``--all`` picks up: what a reviewer's queue holds.
QUEUE_STATES = (State.NEEDS_REVIEW, State.DRAFT)

#: ``matcher(item)``: suggestions shown beside a queue item (translation memory hooks in here).
Matcher = Callable[["QueueItem"], Iterable[Any] | None]


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
    findings: list[Finding] = field(default_factory=list)
    matches: list[Any] = field(default_factory=list)   # e.g. translation-memory suggestions
    # The relay version beside the source ({"locale": "en", "text": approved text or None}),
    # for targets drafted from another target's approved text (workflow.review.relay).
    relay: dict[str, Any] | None = None
    stale: bool = False            # a relay draft whose relay text changed or lost its approval
    since: str = ""                # ISO time the unit began waiting ("" unknown)

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
            "relay": self.relay, "stale": self.stale,
        }


class FindingCache:
    """Queues repeat the same findings thousands of times: build each :class:`Finding` once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], Finding] = {}

    def __call__(self, data: dict[str, str]) -> Finding:
        key = (data["check"], data["severity"], data["message"])
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = Finding.from_dict(data)
        return found


def queue_item(target: Target, unit: dict[str, Any], finding: Callable[[dict[str, str]], Finding]) -> QueueItem:
    """A :class:`QueueItem` from one unit of a catalog summary (:attr:`FileSummary.units`)."""
    return QueueItem(
        release=target.release, date=target.date, locale=target.locale, path=target.path,
        line=unit["line"], id=unit["id"], msgctxt=unit["msgctxt"], msgid=unit["msgid"],
        msgid_plural=unit["msgid_plural"], forms=unit["forms"], state=State(unit["state"]),
        origin=unit["origin"], hash=unit["hash"], source_lang=target.source_lang,
        findings=[finding(f) for f in unit["findings"]], since=unit.get("since", ""),
    )


def attach_relays(items: list[tuple[QueueItem, Target, dict[str, Any]]], relays: dict[Path, str],
                  texts: dict[tuple[str, str], dict[str, str]]) -> None:
    """Fill :attr:`QueueItem.relay` and :attr:`QueueItem.stale` (``relay_context`` gives ``relays, texts``)."""
    for item, target, unit in items:
        relay = relays.get(target.path)
        text = texts.get((target.release, relay), {}).get(unit["msgid"]) if relay is not None else None
        if relay is not None:
            item.relay = {"locale": relay, "text": text}
        if unit.get("relay"):
            lang, sha = unit["relay"]
            item.stale = is_stale_draft((lang, sha), relay, text)


def review_queue(
    ws: Workspace, releases: Iterable[str] = (), locales: Iterable[str] = (), *, states: tuple[State, ...] = QUEUE_STATES,
    matcher: Matcher | None = None, limit: int | None = None, paths: Iterable[str | Path] = (),
) -> list[QueueItem]:
    """Units awaiting review, earliest release first (from the index; nothing is written).

    ``matcher(item) -> list`` fills ``item.matches`` (translation memory hooks in here).
    """
    return review_queue_page(ws, releases, locales, states=states, matcher=matcher, limit=limit, paths=paths)[0]


def review_queue_page(
    ws: Workspace, releases: Iterable[str] = (), locales: Iterable[str] = (), *, states: tuple[State, ...] = QUEUE_STATES,
    matcher: Matcher | None = None, limit: int | None = None, paths: Iterable[str | Path] = (),
) -> tuple[list[QueueItem], int]:
    """(the first ``limit`` units awaiting review as :func:`review_queue` lists them, how many await in all)."""
    finding = FindingCache()
    with Index(ws) as index:
        targets = path_targets(paths, ws) if paths else workspace_targets(ws, releases, locales, index)
        summaries = index.summaries(targets, parts=("units",))
        relays, texts = relay_context(ws, index, targets, summaries)
    wanted = {int(s) for s in states}
    found: list[tuple[QueueItem, Target, dict[str, Any]]] = []
    total = 0
    for target in targets:
        summary = summaries.get(target.path)
        if summary is None:
            continue
        for unit in summary.units:
            if unit["state"] not in wanted:
                continue
            total += 1
            if limit is None or len(found) < limit:
                found.append((queue_item(target, unit, finding), target, unit))
    attach_relays(found, relays, texts)
    items = [item for item, _, _ in found]
    if matcher is not None:
        for item in items:
            item.matches = list(matcher(item) or [])
    return items, total


def relay_context(ws: Workspace, index: Index, targets: list[Target], summaries: dict[Path, FileSummary],
                 ) -> tuple[dict[Path, str], dict[tuple[str, str], dict[str, str]]]:
    """(the relay locale of each target that has one, the approved texts of those relay catalogs)."""
    relays: dict[Path, str] = {}
    wanted: set[RelayKey] = set()
    for target in targets:
        summary = summaries.get(target.path)
        if summary is None or not summary.units:
            continue
        relay = ws.config.relay_language(target.source_lang, target.locale)
        if relay is not None:
            relays[target.path] = relay
            wanted.add((target.release, target.date, target.source_lang, relay))
    return relays, relay_texts(ws, wanted, index)


def describe_item(item: QueueItem, glossary: Glossary | None = None) -> list[str]:
    """Plain-text lines showing one queue item to a reviewer (control characters shown as ``\\x1b``)."""
    origin = item.origin if item.state is State.DRAFT else f"{item.origin}"
    lines = [f"{item.release} [{item.date}] {item.locale} {item.short_id}  {item.state.label} ({origin})"]
    lines.append(f"  {item.source_lang}: {item.msgid}")
    if item.msgid_plural:
        lines.append(f"  {item.source_lang} (plural): {item.msgid_plural}")
    if item.relay is not None:
        relay_text = item.relay["text"]
        lines.append(f"  {item.relay['locale']} (relay): "
                     + (relay_text if relay_text is not None else "not approved yet"))
    for n, form in enumerate(item.forms):
        label = item.locale if len(item.forms) == 1 else f"{item.locale}[{n}]"
        lines.append(f"  {label}: {form}")
    if item.stale:
        lines.append("  stale: drafted from a relay text that changed or lost its approval "
                     "(`pressflow translate` drafts it again once the relay is approved)")
    if glossary is not None:
        found = glossary.for_source(item.source_lang).lookup(item.msgid, item.locale)
        hits = list({h.term.term: h for h in found}.values())
        if hits:
            lines.append("  glossary: " + "; ".join(
                f"{h.matched} → {h.translation(item.locale)}" + (" (keep)" if h.term.do_not_translate else "")
                for h in hits))
    for m in item.matches:
        text = m.get("text") if isinstance(m, dict) else getattr(m, "target", None) or getattr(m, "text", str(m))
        score = m.get("score") if isinstance(m, dict) else getattr(m, "score", None)
        made_by = m.get("origin") if isinstance(m, dict) else getattr(m, "origin", "")
        where = f" [{made_by}]" if made_by else ""
        lines.append(f"  memory{f' {score:.0f}%' if isinstance(score, (int, float)) else ''}{where}: {text}")
    for f in item.findings:
        lines.append(f"  {f.severity.value}: {f.check}: {f.message}")
    return [visible(line) for line in lines]   # control characters never reach a terminal raw
