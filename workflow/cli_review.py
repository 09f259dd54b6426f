"""The ``pressflow`` commands of the review stage: review (queue, approve, reject, edit), check, status, glossary.

Registered on the root group in :mod:`workflow.cli`, which turns WorkflowError into CLI errors.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workflow.cli_options import (
    as_option,
    locale_option,
    optional_workspace,
    optional_workspace_option,
    release_option,
    remember,
    unit_option,
    workspace_option,
)
from workflow.cli_output import (
    echo_outcomes,
    echo_own_language_note,
    echo_queue,
    echo_queue_json,
    echo_reports,
    echo_status,
    index_progress,
    reviewer_note,
)
from workflow.wording import counted

if TYPE_CHECKING:   # imported where a workspace is loaded: `pressflow fmt` starts without it
    from workflow.workspace import Workspace


@click.group(invoke_without_command=True)
@optional_workspace_option
@click.option("-i", "--interactive", is_flag=True, help="Walk the queue one unit at a time.")
@release_option
@locale_option
@as_option
@click.pass_context
def review(ctx: click.Context, workspace_dir: Path | None, interactive: bool, releases: tuple[str, ...],
           locales: tuple[str, ...], reviewer: str | None) -> None:
    """Review translations: queue, approve, reject, edit, or walk the queue interactively.

    Approvals are stamped into the PO file with the reviewer, the time and a hash
    of the approved text; any later change to the text makes the unit need review again.

    Example: pressflow review --interactive --locale th
    """
    if ctx.invoked_subcommand is not None:
        return
    if not interactive:
        click.echo(ctx.get_help())
        return
    from workflow.translation.memory import queue_matcher
    from workflow.review.actions import interactive_review, reviewer_and_source
    from workflow.workspace import Workspace

    ws = remember(Workspace.load(workspace_dir) if workspace_dir else Workspace.find(Path.cwd()))
    name, source = reviewer_and_source(ws, reviewer)
    if source:
        click.echo(f"reviewing as {reviewer_note(name, source)}")
    result = interactive_review(ws, name, releases=releases, locales=locales, matcher=queue_matcher(ws))
    click.echo(f"approved {result.approved}, edited {result.edited}, rejected {result.rejected}, "
               f"skipped {result.skipped}")


@review.command("queue")
@workspace_option
@release_option
@locale_option
@click.option("--state", "states", multiple=True, type=click.Choice(["needs-review", "draft", "rejected"]),
              help="States to list (default: needs-review and draft).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show at most N units.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per unit.")
def review_queue_cmd(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], states: tuple[str, ...],
                     limit: int | None, as_json: bool) -> None:
    """List units awaiting review, earliest release first, with glossary hits and QA findings.

    Example: pressflow review queue --locale km --release asean-korea-telmin-13
    """
    from workflow.review.glossary import load_glossary
    from workflow.review.queue import QUEUE_STATES, review_queue_page
    from workflow.review.units import State
    from workflow.translation.memory import queue_matcher

    wanted = tuple(State[s.upper().replace("-", "_")] for s in states) or QUEUE_STATES
    items, total = review_queue_page(ws, releases, locales, states=wanted, limit=limit,
                                     matcher=None if as_json else queue_matcher(ws))
    if as_json:
        echo_queue_json(items)
    else:
        echo_queue(items, load_glossary(ws), total)
    if not items:
        echo_own_language_note(ws, releases, locales)


@review.command("approve")
@workspace_option
@release_option
@locale_option
@unit_option
@click.option("--all", "all_", is_flag=True, help="Every unit needing review within --release/--locale.")
@click.option("--include-drafts", is_flag=True, help="With --all: approve machine drafts as they are, too.")
@click.option("--force", "force_reason", default=None, metavar="REASON",
              help="Approve despite QA errors; the reason is recorded in the approval stamp.")
@as_option
def review_approve(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                   all_: bool, include_drafts: bool, force_reason: str | None, reviewer: str | None) -> None:
    """Approve units. QA errors block an approval unless --force REASON.

    Example: pressflow review approve --release asean-korea-telmin-13 --locale th --unit 3f2a9c1e
    """
    from workflow.review.actions import Selection, approve, reviewer_and_source

    sel = Selection(releases=releases, locales=locales, units=units, all=all_)
    name, source = reviewer_and_source(ws, reviewer)
    echo_outcomes(approve(ws, sel, name, force_reason=force_reason, include_drafts=include_drafts), "approved",
                  reviewer_note(name, source) if source else None)


@review.command("reject")
@workspace_option
@release_option
@locale_option
@unit_option
@click.option("--all", "all_", is_flag=True, help="Every unit awaiting review within --release/--locale.")
@click.option("--reason", required=True, help="What the translator should fix.")
@as_option
def review_reject(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                  all_: bool, reason: str, reviewer: str | None) -> None:
    """Send units back to the translator (fuzzy, with the reason in a comment).

    Example: pressflow review reject --locale km --unit 3f2a9c1e --reason "use the glossary term for ASEAN"
    """
    from workflow.review.actions import Selection, reject, reviewer_and_source

    sel = Selection(releases=releases, locales=locales, units=units, all=all_)
    name, source = reviewer_and_source(ws, reviewer)
    echo_outcomes(reject(ws, sel, name, reason), "rejected", reviewer_note(name, source) if source else None)


@review.command("edit")
@workspace_option
@release_option
@locale_option
@unit_option
@click.option("--text", default=None, help="The new translation (default: open $EDITOR).")
@as_option
def review_edit(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                text: str | None, reviewer: str | None) -> None:
    """Replace the translation of one unit; it then needs review.

    Example: pressflow review edit --release asean-korea-telmin-13 --locale vi --unit 3f2a9c1e --text "..."
    """
    from workflow.review.actions import Selection, edit, reviewer_and_source

    sel = Selection(releases=releases, locales=locales, units=units)
    name, source = reviewer_and_source(ws, reviewer)
    if text is None:
        from workflow.errors import ReviewError
        from workflow.review.actions import select_entries
        from workflow.review.units import current_forms

        entries = select_entries(ws, sel) if units else []
        if len(entries) != 1:
            raise ReviewError(f"edit needs exactly one unit (--unit), but {len(entries)} match; "
                              "narrow it with --release and --locale")
        edited = click.edit("\n".join(current_forms(entries[0][1])) + "\n")
        if edited is None:
            click.echo("unchanged")
            return
        text = edited.rstrip("\n")
    forms: str | list[str] = text.split("\n") if "\n" in text else text
    outcome = edit(ws, sel, name, forms)
    by = f" as {reviewer_note(name, source)}" if source else ""
    click.echo(f"edited {outcome.release}:{outcome.locale}:{outcome.unit[:8]} [{outcome.before.label} → {outcome.after.label}]{by}")


@click.command()
@optional_workspace_option
@click.option("--source-lang", default=None, help="Source language of explicit PO files outside a workspace (default: en).")
@click.option("--locale", "-l", "locale", default=None, metavar="LOCALE",
              help="Locale of explicit PO files whose Language header and path do not tell it.")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Also print warnings.")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def check(workspace_dir: Path | None, source_lang: str | None, locale: str | None, warnings: bool,
          paths: tuple[Path, ...]) -> None:
    """Run the QA checks over PO files (default: every catalog of the workspace).

    Prints `path:line: severity: check: message`; exits 1 when there is an error.

    Example: pressflow check locales/th/LC_MESSAGES/*.po
    Example: pressflow check --locale ko django.po
    """
    from workflow.review.report import check_reports

    ws = optional_workspace(workspace_dir)
    with index_progress(sys.stderr.isatty() and not paths and ws is not None) as progress:
        reports = check_reports(ws, paths, source_lang, locale=locale, progress=progress)
    if echo_reports(reports, warnings):
        sys.exit(1)


@click.command()
@optional_workspace_option
@release_option
@locale_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of rows.")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def status(workspace_dir: Path | None, releases: tuple[str, ...], locales: tuple[str, ...], as_json: bool,
           paths: tuple[Path, ...]) -> None:
    """Show per release × locale how many units are untranslated, draft, needs review,
    approved or rejected, QA errors, and whether that version is publishable.

    The published column says what the next `pressflow build` publishes, from the
    files as they are now (yes, previous version, withdrawn, embargoed or no); it
    does not look at a built site. --json also lists each release's original.

    Example: pressflow status --locale th --json
    """
    from workflow.review.report import status_rows
    from workflow.review.status import status_json

    ws = optional_workspace(workspace_dir)
    with index_progress(sys.stderr.isatty() and not paths and ws is not None) as progress:
        rows = status_rows(ws, paths, releases, locales, progress=progress, sources=as_json)
    if as_json:
        click.echo(status_json(rows))
    else:
        echo_status(rows)
    if ws is not None and not paths and not rows:
        echo_own_language_note(ws, releases, locales)


@click.group()
def glossary() -> None:
    """The terminology glossary (glossary.csv at the workspace root).

    Example: pressflow glossary check
    """


@glossary.command("check")
@workspace_option
def glossary_check(ws: Workspace) -> None:
    """Validate glossary.csv and count its terms.

    Example: pressflow glossary check
    """
    from workflow.review.glossary import load_glossary

    g = load_glossary(ws, strict=True)
    click.echo(f"{ws.relpath(g.path) if g.path else 'glossary'}: {counted(len(g), 'term')}, "
               f"{len(g.do_not_translate)} do not translate")


@glossary.command("import")
@workspace_option
@click.argument("tbx", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite an existing glossary.csv.")
def glossary_import(ws: Workspace, tbx: Path, replace: bool) -> None:
    """Convert a TBX termbase into glossary.csv.

    Example: pressflow glossary import msit-terms.tbx --replace
    """
    from workflow.review.glossary import import_tbx

    target, terms = import_tbx(ws, tbx, replace=replace)
    click.echo(f"wrote {ws.relpath(target)}: {counted(terms, 'term')}")
