"""Review actions on a workspace: approve, reject and edit selected units under the file lock.

The states, stamps and transitions these apply live in :mod:`workflow.review.units`
(pure functions on one entry); the index (:mod:`workflow.review.index`) finds the
catalogs, which are always re-read under their lock before a change.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any


from workflow.catalogs import Entry, edit_catalog, load_catalog
from workflow.errors import ConflictError, ReviewError
from workflow.review.checks.base import Finding
from workflow.review.checks.run import check_entry
from workflow.review.glossary import load_glossary
from workflow.review.index import Index, Target
from workflow.review.queue import QUEUE_STATES, Matcher, describe_item, review_queue
from workflow.review.targets import own_language_note, path_targets, workspace_targets
from workflow.review.units import (
    State,
    _clean,
    _person,
    approve_entry,
    current_forms,
    edit_entry,
    get_stamp,
    matches_unit,
    origin_of,
    reject_entry,
    selector_matches_keys,
    state_of,
    unit_hash,
    unit_id,
)

if TYPE_CHECKING:
    from workflow.workspace import Workspace


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
    findings: list[Finding] = field(default_factory=list)


def _candidates(ws: Workspace, sel: Selection, states: tuple[State, ...], expected_hash: str | None) -> list[Target]:
    """Catalogs that may hold selected units (found with the index, re-checked under the lock)."""
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
        note = None if sel.paths else own_language_note(ws, sel.releases, sel.locales)
        raise ReviewError(f"no unit matches {', '.join(map(repr, missing))}{where}" + (f" ({note})" if note else ""))
    if expected_hash is not None and hits > 1:
        raise ReviewError("expected_hash needs a selection of exactly one unit")
    return chosen


def _apply(
    ws: Workspace, sel: Selection, act: Callable[[Entry, Target, Outcome], State], *, states: tuple[State, ...], expected_hash: str | None = None,
) -> list[Outcome]:

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
    ws: Workspace, selection: Selection, reviewer: str, *, force_reason: str | None = None,
    include_drafts: bool = False, expected_hash: str | None = None, at: str | None = None,
) -> list[Outcome]:
    """Approve the selected units. A unit with QA errors is refused (``ok=False``) unless forced.

    Units picked one by one may be drafts; ``all`` takes units needing review,
    and drafts only with ``include_drafts``.
    """
    reviewer = _person(reviewer, "an approval")
    glossary = load_glossary(ws, strict=True)  # approvals need its checks
    states = QUEUE_STATES if include_drafts else (State.NEEDS_REVIEW,)

    def act(entry: Entry, target: Target, outcome: Outcome) -> State:
        outcome.findings = check_entry(entry, target.source_lang, target.locale, glossary)
        after = approve_entry(entry, reviewer, findings=outcome.findings, force_reason=force_reason, at=at,
                              allow_draft=bool(selection.units) or include_drafts)
        if force_reason and (get_stamp(entry, "approved") or {}).get("forced"):
            outcome.message = f"forced: {force_reason}"
        return after

    return _apply(ws, selection, act, states=states, expected_hash=expected_hash)


def reject(
    ws: Workspace, selection: Selection, reviewer: str, reason: str, *,
    expected_hash: str | None = None, at: str | None = None,
) -> list[Outcome]:
    """Send the selected units back to their translator with ``reason``."""
    reviewer = _person(reviewer, "a rejection")
    if not _clean(reason or ""):
        raise ReviewError("a rejection needs a reason for the translator (--reason TEXT)")
    return _apply(ws, selection, lambda e, t, o: reject_entry(e, reviewer, reason, at=at),
                  states=QUEUE_STATES, expected_hash=expected_hash)


def edit(
    ws: Workspace, selection: Selection, editor: str, text: str | list[str], *,
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


@dataclass
class BulkResult:
    """What :func:`approve_seen` did: unit ids approved, and skipped ones with the reason."""

    approved: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def approve_seen(ws: Workspace, release: str, locale: str, seen: dict[str, str], reviewer: str, *,
                 at: str | None = None) -> BulkResult:
    """Approve, in one catalog, each unit of ``seen`` (unit id -> the hash the reviewer saw)
    that still has that text, needs review, and has no QA error; one write under the lock.

    Drafts are never approved this way, nor a unit whose text changed since it was
    shown (each approval is bound to the exact text the reviewer read).
    """
    reviewer = _person(reviewer, "an approval")
    glossary = load_glossary(ws)
    result = BulkResult()
    with Index(ws) as index:
        targets = workspace_targets(ws, (release,), (locale,), index)
    for target in targets:
        if not target.path.is_file():
            continue
        with edit_catalog(target.path) as catalog:
            for entry in catalog:
                uid = unit_id(entry)
                if uid not in seen:
                    continue
                if unit_hash(entry) != seen[uid]:
                    result.skipped[uid] = "changed since you saw it"
                elif state_of(entry) is not State.NEEDS_REVIEW:
                    result.skipped[uid] = f"is {state_of(entry).label}"
                else:
                    findings = check_entry(entry, target.source_lang, target.locale, glossary)
                    if any(f.severity.value == "error" for f in findings):
                        result.skipped[uid] = "has QA errors"
                        continue
                    approve_entry(entry, reviewer, findings=findings, at=at)
                    result.approved.append(uid)
    return result


def select_entries(ws: Workspace, selection: Selection) -> list[tuple[Target, Entry]]:
    """(target, entry) for every unit ``selection.units`` names (read-only)."""
    return [
        (target, entry) for target in _candidates(ws, selection, (), None)
        for entry in load_catalog(target.path) if any(matches_unit(entry, s) for s in selection.units)
    ]


def _count_matches(ws: Workspace, selection: Selection) -> int:
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
# Reviewer identity and the interactive walk
# ---------------------------------------------------------------------------


def _git_user(root: Path | None) -> str:
    import subprocess

    try:
        done = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=5,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def resolve_reviewer(ws: Workspace, explicit: str | None = None) -> str:
    """``--as``, else ``[review] reviewer``, else git's ``user.name``; an error if none is set."""
    return reviewer_and_source(ws, explicit)[0]


def reviewer_and_source(ws: Workspace, explicit: str | None = None) -> tuple[str, str]:
    """(the reviewer :func:`resolve_reviewer` picks, where it came from: ``""`` for ``--as``, else
    ``"[review] reviewer in pressflow.toml"`` or ``"git config user.name"``). Raises ReviewError if none is set."""
    if explicit and _clean(explicit):
        return _clean(explicit), ""
    configured = ws.config["review"]["reviewer"] if ws is not None else ""
    if configured and _clean(configured):
        return _clean(configured), "[review] reviewer in pressflow.toml"
    name = _git_user(ws.root if ws is not None else None)
    if _clean(name):
        return _clean(name), "git config user.name"
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
    ws: Workspace, reviewer: str, *, releases: Iterable[str] = (), locales: Iterable[str] = (),
    prompt: Callable[..., Any] | None = None, echo: Callable[[str], object] | None = None,
    editor: Callable[[str], str | None] | None = None, matcher: Matcher | None = None,
) -> WalkResult:
    """Walk the queue one unit at a time: approve / edit / reject / skip / quit.

    ``prompt``, ``echo`` and ``editor`` default to click's (``click.edit`` opens
    $EDITOR), so tests drive it through stdin.
    """
    import click

    prompt = prompt or click.prompt
    echo = echo or click.echo
    editor = editor or click.edit

    reviewer = _person(reviewer, "a review")
    glossary = load_glossary(ws, strict=True)  # approvals need its checks
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
                entry = next(e for e in load_catalog(item.path) if unit_id(e) == item.id)
                item.forms, item.hash = current_forms(entry), unit_hash(entry)
                item.state, item.origin = state_of(entry), origin_of(entry)
                item.findings = check_entry(entry, item.source_lang, item.locale, glossary)
        except (ReviewError, ConflictError) as exc:
            echo(f"error: {exc}")
            position += 1
            result.skipped += 1
    return result
