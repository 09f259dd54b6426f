"""How the ``pressflow`` commands show their results: summaries, tables, progress bars.

Each function takes what a library call returned and prints it with :func:`click.echo`
(stdout for results, stderr for counts, warnings and refusals), so :mod:`workflow.cli`
stays a list of thin commands. Progress bars appear on a terminal only.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import click

from workflow.catalogs.model import visible
from workflow.cli_errors import report_broken, unreadable_summary
from workflow.errors import WorkflowError
from workflow.wording import counted

if TYPE_CHECKING:
    from workflow.workspace import Workspace
    from workflow.catalogs.extract import ExtractResult, UpdateResult
    from workflow.publish.manifest import BuildResult
    from workflow.review.actions import Outcome
    from workflow.review.checks.run import Report
    from workflow.review.glossary import Glossary
    from workflow.sources.importer import ImportResult
    from workflow.review.queue import QueueItem
    from workflow.review.status import StatusRow
    from workflow.translation.memory import ImportResult as TmxImportResult
    from workflow.translation.memory_match import Match


def index_progress(enabled: bool) -> AbstractContextManager[Callable[[int], None] | None]:
    """A rich progress counter while the status index is (re)built (``None`` when not ``enabled``)."""
    if not enabled:
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar() -> Iterator[Callable[[int], None]]:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("indexing catalogs"), BarColumn(), MofNCompleteColumn(), transient=True) as p:
            task = p.add_task("index", total=None)
            yield lambda n: p.advance(task, n)

    return bar()


def build_progress() -> Callable[[int, int], None] | None:
    """A rich progress bar callback ``(done, total)`` on a TTY, else None (quiet in pipes and CI)."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    task = progress.add_task("rendering releases", total=None)
    progress.start()

    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)
        if done >= total:
            progress.stop()

    return advance


def echo_extract(ws: Workspace, results: list[ExtractResult]) -> None:
    """One line per template: ``locales/<slug>.pot: N units, updated|unchanged|rewritten``; before a
    template rewritten because it could not be read, what was wrong with it (stderr, ``path:line:``)."""
    report_broken()   # the files skipped because they could not be read come first
    for result in results:
        state = "updated" if result.changed else "unchanged"
        if result.repaired is not None:
            _echo_rewritten(ws, result.path, result.repaired)
            state = "rewritten"
        click.echo(f"{ws.relpath(result.path)}: {counted(result.units, 'unit')}, {state}")


def _echo_rewritten(ws: Workspace, path: Path, problem: WorkflowError) -> None:
    click.echo(f"warning: {problem.shown(ws.relpath(path))} (a template is generated: written again from the release)",
               err=True)


def echo_import(ws: Workspace, result: ImportResult) -> None:
    """What an import dropped (line, text, reason), its notes and warnings (stderr), and the file it wrote."""
    where = "paragraph" if result.format == "docx" else "line"
    for dropped in result.dropped_lines:
        click.echo(f"dropped {where} {dropped.number}: {dropped.text[:70]!r} ({dropped.reason})")
    for note in result.notes:
        click.echo(f"note: {note}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    summary = f"{counted(len(result.release.blocks), 'block')}, {counted(len(result.dropped), 'line')} dropped"
    if result.action == "updated":
        moved = f"; was {ws.relpath(result.previous_path)}" if result.previous_path else ""
        click.echo(f"updated {ws.relpath(result.path)} in place ({summary}{moved}); "
                   "`pressflow update` merges its catalogs")
    else:
        click.echo(f"{'replaced' if result.action == 'replaced' else 'wrote'} {ws.relpath(result.path)} ({summary})")


def echo_update(ws: Workspace, results: list[UpdateResult]) -> None:
    """One line per catalog: created/updated/unchanged, with the merge counts (and per template
    rewritten because it could not be read, what was wrong with it, as :func:`echo_extract`)."""
    report_broken()   # the files skipped because they could not be read come first
    for r in results:
        if r.repaired is not None:
            _echo_rewritten(ws, r.path, r.repaired)
            click.echo(f"{ws.relpath(r.path)}: rewritten")
            continue
        s = r.stats
        dropped = f", {s.dropped} dropped" if s and s.dropped else ""
        detail = (f" (+{s.added} new, {s.fuzzy + s.reshaped} fuzzy, {s.obsoleted} obsolete, {s.restored} restored"
                  f"{dropped})" if s else "")
        state = "created" if r.created else ("updated" if r.changed else "unchanged")
        click.echo(f"{ws.relpath(r.path)}: {state}{detail}")


def reviewer_note(name: str, source: str) -> str:
    """``"Jane Doe" (from SOURCE; --as to choose)``: the reviewer recorded when --as was not given."""
    return f'"{name}" (from {source}; --as to choose)'


def echo_outcomes(outcomes: list[Outcome], verb: str, reviewer: str | None = None) -> None:
    """One line per review outcome, then the counts; exit 1 when any was refused.

    ``reviewer`` (a :func:`reviewer_note`, given when --as was not) is named in the count line."""
    report_broken()   # the files skipped because they could not be read come first
    done = [o for o in outcomes if o.ok]
    for o in outcomes:
        where = f"{o.release}:{o.locale}:{o.unit[:8]}"
        if o.ok:
            extra = f" ({o.message})" if o.message else ""
            click.echo(f"{verb} {where} [{o.before.label} → {o.after.label}]{extra}")
        else:
            click.echo(f"refused {where}: {o.message}", err=True)
    who = f" as {reviewer}" if reviewer else ""
    click.echo(f"{len(done)} {verb}{who}, {len(outcomes) - len(done)} refused", err=bool(len(outcomes) - len(done)))
    if len(done) != len(outcomes):
        sys.exit(1)


def echo_queue(items: list[QueueItem], glossary: Glossary, total: int | None = None) -> None:
    """The review queue, one block per unit (errors red, warnings yellow), then the count on stderr
    (``showing N of TOTAL`` when ``--limit`` cut the list short)."""
    from workflow.review.queue import describe_item

    report_broken()   # the files skipped because they could not be read come first
    for item in items:
        lines = [visible(line) for line in describe_item(item, glossary)]   # no raw control characters
        click.echo(click.style(lines[0], bold=True))
        for line in lines[1:]:
            color = "red" if line.startswith("  error") else "yellow" if line.startswith("  warning") else None
            click.echo(click.style(line, fg=color) if color else line)
    if total is not None and total > len(items):
        click.echo(f"showing {len(items)} of {counted(total, 'unit')} awaiting review (--limit)", err=True)
    else:
        click.echo(f"{counted(len(items), 'unit')} awaiting review", err=True)


def echo_queue_json(items: list[QueueItem]) -> None:
    click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2))


def echo_reports(reports: list[Report], warnings: bool) -> int:
    """The files that could not be read (errors first), then ``path:line: severity: check: message``
    per report (warnings only if asked), then the counts on stderr, the unreadable files included.

    Returns the number of errors.
    """
    from workflow.review.checks.base import Severity

    problems = report_broken()
    errors = 0
    for report in reports:
        if report.finding.severity is Severity.ERROR:
            errors += 1
        elif not warnings:
            continue
        click.echo(report.format())
    unread = f", {unreadable_summary(problems, 'could not be read')}" if problems else ""
    click.echo(f"{counted(errors, 'error')}, {counted(len(reports) - errors, 'warning')}{unread}", err=True)
    return errors


def echo_status(rows: list[StatusRow]) -> None:
    """The status table: a rich table on a terminal, aligned plain columns otherwise."""
    report_broken()   # the files skipped because they could not be read come first
    columns = ["release", "locale", "total", "untranslated", "draft", "needs_review", "approved", "rejected",
               "stale", "qa_errors", "publishable", "published"]
    cells = [[str(v) if not isinstance(v, bool) else ("yes" if v else "no") for v in r.to_dict().values()]
             for r in rows]
    if sys.stdout.isatty():
        from rich import box
        from rich.console import Console
        from rich.table import Table

        # Short headers so the numbers fit beside long release slugs on an 80-column terminal.
        table = Table(title="Translation status", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                      caption="untr. untranslated, review needs review, stale drafts whose relay text changed, "
                              "QA err units with QA errors")
        table.add_column("release", overflow="fold", min_width=min(24, max((len(r.release) for r in rows), default=7)))
        for header in ("locale", "units", "untr.", "draft", "review", "appr.", "rej.", "stale", "QA err", "pub.",
                       "on site"):
            table.add_column(header, justify="left" if header == "locale" else "right", no_wrap=True,
                             min_width=len(header))
        for r, row_cells in zip(rows, cells):
            table.add_row(*row_cells, style="green" if r.publishable else ("red" if r.qa_errors else None))
        Console().print(table)
        return
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    for row_cells in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row_cells, widths)).rstrip())


def echo_build(ws: Workspace, result: BuildResult) -> None:
    """The files the build skipped (errors first), what was published per release, what was held
    back and why, and the file counts (with the skipped files: never "up to date" then)."""
    problems = report_broken()
    for slug, locales in sorted(result.published.items()):
        held = result.held_back.get(slug, {})
        previous = result.previous.get(slug, {})
        parts = [", ".join(f"{c} (previous version)" if c in previous else c for c in locales)]
        if slug in result.withdrawn:
            parts.append("withdrawn: " + ", ".join(result.withdrawn[slug]))
        line = f"{slug}: {'; '.join(p for p in parts if p) or 'nothing published'}"
        if held:
            line += "; not published: " + ", ".join(f"{loc} ({why})" for loc, why in held.items())
        click.echo(line)
    releases_only = all(p.path and p.path.endswith(".md") for p in problems)   # their pages were not built
    skipped = f", {unreadable_summary(problems, 'skipped' if releases_only else 'could not be read')}" \
        if problems else ""
    if result.noop:
        click.echo(f"{ws.relpath(result.out_dir)}: " + (f"nothing rewritten{skipped}" if problems else "up to date"))
    else:
        temps = f", {counted(result.temps_removed, 'leftover temporary file')} removed" \
            if result.temps_removed else ""
        click.echo(f"{ws.relpath(result.out_dir)}: {counted(result.rendered, 'page')} rendered, "
                   f"{counted(len(result.written), 'file')} written, {result.unchanged} unchanged, "
                   f"{len(result.removed)} removed{temps}{skipped}")
    for rel in result.kept:
        click.echo(f"kept {rel}: no longer built, but changed since pressflow wrote it", err=True)


def echo_memory_import(ws: Workspace, result: TmxImportResult) -> None:
    """What a TMX import found wrong (stderr), then ``kept|replaced memory/NAME.tmx: N translation pairs imported``."""
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    verb = "replaced" if result.replaced else "kept"
    click.echo(f"{verb} {ws.relpath(result.path)}: {counted(result.units, 'translation pair')} imported")


def echo_memory_problems(problems: list[str]) -> None:
    """A warning on stderr per file the memory skipped."""
    for problem in problems:
        click.echo(f"warning: skipped in the memory: {problem}", err=True)


def echo_matches(matches: list[Match], as_json: bool) -> None:
    """Memory matches with scores and origins (or a JSON list); exit 1 when there is none (text form)."""
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(m) for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("no match", err=True)
        sys.exit(1)
    for m in matches:
        origin = f"{m.origin} ({m.detail})" if m.detail else m.origin
        click.echo(f"{m.score:3d}% {m.kind:5}  {origin}  [{m.path}]  {m.source_lang}→{m.locale}")
        click.echo(f"      {m.source}")
        click.echo(f"   -> {m.target}")


def echo_own_language_note(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...]) -> None:
    """On stderr: ``note: ko is the source language of ...`` when that explains an empty result."""
    from workflow.review.targets import own_language_note

    note = own_language_note(ws, releases, locales)
    if note:
        click.echo(f"note: {note}", err=True)
