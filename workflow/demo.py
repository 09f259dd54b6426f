"""``pressflow demo``: the whole workflow, offline, on a scratch copy of the sample newsroom.

extract → update → draft → status → approve → build, in ``./demo/`` by default.
Both of the newsroom's flows run: the English release goes straight into every
language (sample drafts); the Korean release goes to English first, that English
(and the Indonesian) is approved, and the other languages are drafted from it by
relay (the memory, or pseudo-localization where no online engine is asked;
Apertium for Malay from the approved Indonesian).
The approvals are made by a stand-in reviewer named ``demo-editor`` and exist
only in the scratch copy: the sample's own catalogs keep their drafts, because
no person has reviewed those translations.
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.config import CONFIG_NAME
from workflow.errors import WorkflowError
from workflow.publish.manifest import BuildResult
from workflow.review.units import NEVER_OVERRIDDEN
from workflow.wording import counted
from workflow.workspace import STATE_DIR, Workspace

if TYPE_CHECKING:
    from workflow.review.actions import Outcome

DEMO_REVIEWER = "demo-editor"
MARKER = ".pressflow-demo"  # says a folder is a demo copy we may wipe and recreate
_COPY = ("releases", "locales", "templates")
_FILES = (CONFIG_NAME, "glossary.csv")


@dataclass
class DemoResult:
    workspace: Path
    build: BuildResult
    approved: int
    refused: int        # approvals refused for a real reason (a QA error): shown as problems
    pseudo: int         # pseudo-localized drafts, refused by design (never publishable)
    seconds: float


def make_scratch_copy(sample: Workspace, directory: Path) -> Workspace:
    """Copy the sample's config, glossary, releases, catalogs and templates to ``directory``.

    An existing folder is replaced only if an earlier demo made it; anything else
    is refused, so a mistyped ``--dir`` never deletes someone's work.
    """
    directory = directory.resolve()
    if directory == sample.root or directory in sample.root.parents:
        raise WorkflowError(f"the demo folder {directory} would contain the sample itself; choose another --dir")
    if directory.exists():
        if not (directory / MARKER).is_file():
            if directory.is_dir() and not any(directory.iterdir()):
                pass  # an empty folder is fine
            else:
                raise WorkflowError(f"{directory} exists and is not a pressflow demo folder; choose another --dir")
        else:
            shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("made by `pressflow demo`; deleted and recreated by the next run\n")
    ignore = shutil.ignore_patterns(".*.lock", ".*.tmp", STATE_DIR, "__pycache__")
    for name in _FILES:
        if (sample.root / name).is_file():
            shutil.copy2(sample.root / name, directory / name)
    for name in _COPY:
        source = sample.root / name
        if source.is_dir():
            shutil.copytree(source, directory / name, ignore=ignore)
    return Workspace.load(directory)


def _demo_engines(say: Callable[[str], None]) -> list[str]:
    """The memory, Apertium (Indonesian → Malay, when installed) and pseudo-localization: all offline."""
    from workflow.translation.engines import create_engine

    try:
        create_engine("apertium").close()
    except WorkflowError as exc:
        say(f"note: {exc}; Malay is drafted by pseudo-localization instead")
        return ["memory", "pseudo"]
    return ["memory", "apertium", "pseudo"]


def _newsroom(ws: Workspace, say: Callable[[str], None]) -> list[str]:
    """Say how each release is translated; return the slugs written in another language than the default."""
    others = []
    for release in ws.releases():
        targets = ws.targets_of(release.lang)
        relays: dict[str, list[str]] = {}
        for target in targets:
            relay = ws.config.relay_language(release.lang, target)
            relays.setdefault(relay or release.lang, []).append(target)
        ways = "; ".join(f"{' '.join(locales)} from the {'original' if lang == release.lang else f'approved {lang}'}"
                         for lang, locales in relays.items())
        say(f"newsroom: {release.slug} ({release.lang} original) → {ways}")
        if release.lang != ws.source_language:
            others.append(release.slug)
    return others


def _draft(ws: Workspace, say: Callable[[str], None], engines: list[str], label: str) -> None:
    """Draft what can be drafted now (units waiting for an approved relay version wait)."""
    from workflow.translation.translate import format_summary, translate

    summary = translate(ws, engines=engines, progress=False)
    say(f"{label}: engines {', '.join(engines)}")
    for line in format_summary(summary, ws):
        say(f"{label}: {line}")


def _approve_relays(ws: Workspace, say: Callable[[str], None], slugs: list[str]) -> None:
    """Approve the relay versions (English, Indonesian) of releases in another language, as ``demo-editor``."""
    from workflow.review.actions import Selection, approve

    for slug in slugs:
        release = ws.select_releases([slug])[0]
        relays = sorted({r for t in ws.targets_of(release.lang) if (r := ws.config.relay_language(release.lang, t))})
        if not relays:
            continue
        outcomes = approve(ws, Selection(releases=(slug,), locales=tuple(relays), all=True), DEMO_REVIEWER,
                           include_drafts=True)
        ok = sum(1 for o in outcomes if o.ok)
        say(f"approve (relay versions): {counted(ok, 'unit')} of {slug} in {', '.join(relays)} approved by the stand-in "
            f"reviewer {DEMO_REVIEWER!r}, so the other languages can be drafted from them")


def _status(ws: Workspace, say: Callable[[str], None]) -> None:
    from workflow.review.status import collect_status

    say("status:")
    say(f"  {'release':<36} {'locale':<6} {'units':>5} {'draft':>5} {'review':>6} {'approved':>8}")
    for row in collect_status(ws):
        say(f"  {row.release[:36]:<36} {row.locale:<6} {row.total:>5} {row.draft:>5} "
            f"{row.needs_review:>6} {row.approved:>8}")


def _is_pseudo(outcome: Outcome) -> bool:
    """A refusal by design: the unit's draft is pseudo-localized, which no approval accepts."""
    return any(f.check in NEVER_OVERRIDDEN and f.severity.value == "error" for f in outcome.findings)


def _approve(ws: Workspace, say: Callable[[str], None]) -> tuple[int, list[Outcome], list[Outcome]]:
    """Approve every draft and unit awaiting review as ``demo-editor``.

    Returns (approved, pseudo, refused): pseudo-localized drafts are refused by design and
    said to be expected in one line; any other refusal (a QA error) is listed as a problem.
    """
    from workflow.review.actions import Selection, approve

    outcomes = approve(ws, Selection(all=True), DEMO_REVIEWER, include_drafts=True)
    ok = sum(1 for o in outcomes if o.ok)
    pseudo = [o for o in outcomes if not o.ok and _is_pseudo(o)]
    refused = [o for o in outcomes if not o.ok and not _is_pseudo(o)]
    say(f"approve: {counted(ok, 'unit')} approved by the stand-in reviewer {DEMO_REVIEWER!r} "
        "(a demo shortcut: no person has reviewed these translations)")
    if pseudo:
        say(f"approve: as designed, {counted(len(pseudo), 'pseudo-localized draft')} stay unapproved "
            f"({_versions(pseudo)}): pseudo-localization only tests layouts offline and can never be "
            "approved; a real engine or a translator replaces them")
    if refused:
        say(f"approve: {counted(len(refused), 'unit')} refused (a problem to fix, not part of the demo's design):")
    for o in refused[:5]:
        say(f"  refused {o.locale} {o.unit[:8]}: {o.message}")
    if len(refused) > 5:
        say(f"  ... and {len(refused) - 5} more refused")
    return ok, pseudo, refused


def _versions(outcomes: list[Outcome]) -> str:
    """``slug: th, vi; other: km`` for the release × locale pairs of ``outcomes``, in order."""
    by_release: dict[str, list[str]] = {}
    for o in outcomes:
        locales = by_release.setdefault(o.release, [])
        if o.locale not in locales:
            locales.append(o.locale)
    return "; ".join(f"{slug}: {', '.join(locales)}" for slug, locales in by_release.items())


def run_demo(sample: Workspace, directory: str | Path = "demo", *, say: Callable[[str], None] = print) -> DemoResult:
    """Run extract, update, draft, status, approve and build on a scratch copy of ``sample``."""
    from workflow.publish.build import build_site
    from workflow.catalogs.extract import extract, update

    started = time.monotonic()
    ws = make_scratch_copy(sample, Path(directory))
    say(f"demo workspace: {ws.root} (a scratch copy of {sample.root})")
    extracted = extract(ws)
    say(f"extract: {counted(len(extracted), 'release')}, {counted(sum(r.units for r in extracted), 'unit')}")
    updated = update(ws)
    say(f"update: {counted(len(updated), 'catalog')} ({sum(1 for r in updated if r.created)} created)")
    others = _newsroom(ws, say)
    engines = _demo_engines(say)
    _draft(ws, say, engines, "draft")
    if others:
        _approve_relays(ws, say, others)
        _draft(ws, say, engines, "draft (relay)")
    _status(ws, say)
    approved, pseudo, refused = _approve(ws, say)
    result = build_site(ws)
    by_design = {(o.release, o.locale) for o in pseudo}
    for slug, locales in result.published.items():
        say(f"build: {slug}: published in {counted(len(locales), 'language')} ({', '.join(locales)})")
        held = result.held_back.get(slug, {})
        expected = [locale for locale in held if (slug, locale) in by_design]
        if expected:
            say(f"  as designed, not published: {', '.join(expected)} (pseudo-localized drafts, never approved)")
        for locale, why in held.items():
            if locale not in expected:
                say(f"  held back {locale}: {why}")
    index = result.index_path
    say("")
    say(f"open the site: {index}")
    say(f"   or in a browser: {index.as_uri()}")
    say(f"preview with review states: pressflow build -w {directory} --preview --serve   (http://127.0.0.1:8001/)")
    return DemoResult(ws.root, result, approved, len(refused), len(pseudo), time.monotonic() - started)
