"""The ``pressflow`` command line. Thin click commands, each calling one library function.

This is the only module that turns :class:`WorkflowError` into exit codes and
messages: ``path:line: what is wrong`` on stderr and exit status 1.
"""
from __future__ import annotations

import datetime as _dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workflow import __version__
from workflow.errors import WorkflowError
from workflow.workspace import Workspace


def _fail(exc: WorkflowError) -> None:
    text = str(exc)
    click.echo(text if exc.path else f"pressflow: error: {text}", err=True)
    sys.exit(1)


class _Group(click.Group):
    """A group that reports WorkflowError cleanly wherever it is raised."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkflowError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("interrupted; work saved so far is kept", err=True)
            sys.exit(130)


def workspace_option(func: Callable) -> Callable:
    """``-w/--workspace DIR`` (default: the folder holding pressflow.toml above the cwd)."""

    @click.option(
        "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, envvar="PRESSFLOW_WORKSPACE", help="Workspace folder (default: found from the current folder).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, workspace_dir: Path | None, **kwargs: Any) -> Any:
        ws = Workspace.load(workspace_dir) if workspace_dir else Workspace.find(Path.cwd())
        return func(ws, *args, **kwargs)

    return wrapper


locale_option = click.option(
    "-l", "--locale", "locales", multiple=True, metavar="L",
    help="Target locale (repeatable; default: all targets of the workspace).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pressflow")
def cli() -> None:
    """pressflow: translate press releases with gettext catalogs, review them, publish them.

    \b
    Typical flow, from the workspace folder (where pressflow.toml is):
      pressflow import scraped.txt --date 2018-12-07   # a new source release
      pressflow update                                 # POT + PO catalogs
      pressflow translate --engine google              # machine drafts (fuzzy)
      pressflow review queue                           # what waits for review
      pressflow build                                  # publish approved pages
    """


def main() -> None:
    cli(prog_name="pressflow")


# ---------------------------------------------------------------------------
# Workspace and sources
# ---------------------------------------------------------------------------


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", "source_language", default="en", show_default=True, help="Source language (en or ko).")
@click.option("--name", default="Press releases", show_default=True, help="Site name.")
def init(directory: Path, source_language: str, name: str) -> None:
    """Create a new newsroom workspace in DIRECTORY.

    Example: pressflow init ~/newsroom --source ko --name "MSIT Press"
    """
    from workflow.scaffold import init_workspace

    path = init_workspace(directory, source_language=source_language, name=name)
    click.echo(f"created workspace {path}")
    click.echo(f"next: cd {directory} && pressflow import RELEASE.txt --date YYYY-MM-DD")


@cli.command("import")
@workspace_option
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Release date (default: found in the text).")
@click.option("--lang", default=None, help="Source language, en or ko (default: detected).")
@click.option("--slug", default=None, help="URL slug (default: from the title).")
@click.option("--force", is_flag=True, help="Replace an existing release file.")
def import_(ws: Workspace, source: Path, date: _dt.datetime | None, lang: str | None, slug: str | None, force: bool) -> None:
    """Import a scraped plain-text release into releases/ as Markdown.

    Example: pressflow import ../shared/seeds/000_4c3b54beb4325585.txt --date 2018-12-07
    """
    from workflow.sources.importer import import_release

    result = import_release(
        source, ws.releases_dir, lang=lang or None, date=date.date() if date else None, slug=slug,
        chrome=ws.config["import"]["chrome"], force=force,
    )
    click.echo(f"wrote {ws.relpath(result.path)} ({len(result.release.blocks)} blocks, "
               f"{len(result.dropped)} chrome lines dropped)")


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--lang", default="en", show_default=True, help="Language of the text.")
@click.option("--paragraph", "mode", flag_value="paragraph", help="One unit per paragraph.")
@click.option("--sentence", "mode", flag_value="sentence", default=True, help="One unit per sentence (default).")
def segment(source: Any, lang: str, mode: str) -> None:
    """Print the translation units of a text, one per line (for checking rules).

    Example: echo "Dr. Kim met U.S. officials. They agreed." | pressflow segment --lang en
    """
    from workflow.locales import get_locale
    from workflow.sources.segment import segment_text

    get_locale(lang)
    for unit in segment_text(source.read(), lang, mode):
        click.echo(unit)


# ---------------------------------------------------------------------------
# Catalogs
# ---------------------------------------------------------------------------


@cli.command()
@workspace_option
@click.argument("releases", nargs=-1)
def extract(ws: Workspace, releases: tuple[str, ...]) -> None:
    """Write locales/<slug>.pot for each release (all by default).

    Example: pressflow extract releases/2018-12-07-asean-korea-telmin-13.md
    """
    from workflow.catalogs.extract import extract as run

    for result in run(ws, releases):
        state = "updated" if result.changed else "unchanged"
        click.echo(f"{ws.relpath(result.path)}: {result.units} units, {state}")


@cli.command()
@workspace_option
@locale_option
@click.option("--pot", "pot_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Template to merge into explicit .po files (default: locales/<stem>.pot).")
@click.argument("targets", nargs=-1)
def update(ws: Workspace, locales: tuple[str, ...], pot_path: Path | None, targets: tuple[str, ...]) -> None:
    """Create or merge locales/<locale>/LC_MESSAGES/<slug>.po from the releases.

    Translations are kept; changed units become fuzzy with the previous msgid,
    removed units become obsolete (#~) and come back if the unit returns.
    TARGETS are release slugs or files, or explicit .po files of any gettext project.

    Example: pressflow update --locale th --locale km
    """
    from workflow.catalogs.extract import update as run
    from workflow.catalogs.extract import update_explicit

    po_files = [t for t in targets if t.endswith(".po")]
    releases = [t for t in targets if not t.endswith(".po")]
    results = []
    for po in po_files:
        pot = pot_path or ws.pot_path(Path(po).stem)
        results.append(update_explicit(Path(po), Path(pot)))
    if releases or not po_files:
        results.extend(run(ws, locales, releases))
    for r in results:
        s = r.stats
        detail = f" (+{s.added} new, {s.fuzzy} fuzzy, {s.obsoleted} obsolete, {s.restored} restored)" if s else ""
        state = "created" if r.created else ("updated" if r.changed else "unchanged")
        click.echo(f"{ws.relpath(r.path)}: {state}{detail}")


# ---------------------------------------------------------------------------
# Machine translation (translate)
# ---------------------------------------------------------------------------


@cli.command()
@workspace_option
@locale_option
@click.option("-e", "--engine", "engines", multiple=True, metavar="E",
              help="Engine to use instead of [translate] chain (repeatable: tried in order).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Concurrent requests (default: [translate] workers).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.argument("targets", nargs=-1)
def translate(ws: Workspace, locales: tuple[str, ...], engines: tuple[str, ...], workers: int | None,
              progress: bool | None, targets: tuple[str, ...]) -> None:
    """Fill untranslated units with machine drafts (fuzzy, origin=<engine>).

    Units a person wrote or approved are never touched. TARGETS are release slugs
    or files, or .po files (default: every release). Answers are cached in
    .pressflow/, so a rerun after an interruption repeats no request. Exits 1
    when any unit failed.

    Example: pressflow translate --engine google --locale th --locale km
    """
    from workflow.translation.translate import format_summary
    from workflow.translation.translate import translate as run

    summary = run(ws, engines=engines, locales=locales, targets=targets, workers=workers, progress=progress)
    for line in format_summary(summary, ws):
        click.echo(line, err=line.startswith(("failed", "  ")))
    if not summary.ok:
        sys.exit(1)


@cli.command()
@click.option("--source", "source_language", default="en", show_default=True, help="Source language.")
def engines(source_language: str) -> None:
    """List the machine-translation engines and the locales each can translate into.

    Example: pressflow engines --source ko
    """
    from workflow.translation.engines.support import support_table

    for line in support_table(source_language):
        click.echo(line)


# ---------------------------------------------------------------------------
# Review, QA checks, status
# ---------------------------------------------------------------------------


def _optional_workspace(workspace_dir: Path | None) -> Workspace | None:
    """The workspace if there is one (commands on explicit PO files work without)."""
    from workflow.errors import ConfigError

    if workspace_dir:
        return Workspace.load(workspace_dir)
    try:
        return Workspace.find(Path.cwd())
    except ConfigError:
        return None


_optional_workspace_option = click.option(
    "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="PRESSFLOW_WORKSPACE", help="Workspace folder (default: found from the current folder, if any).",
)
_release_option = click.option("-r", "--release", "releases", multiple=True, metavar="R",
                               help="Release slug or file (repeatable; default: all).")
_unit_option = click.option("-u", "--unit", "units", multiple=True, metavar="U",
                            help="Unit: its id from the queue (8 hex digits, or any prefix of 4+) or its msgid (repeatable).")
_as_option = click.option("--as", "reviewer", default=None, metavar="NAME",
                          help="Reviewer (default: [review] reviewer, else git config user.name).")


def _index_progress(enabled: bool) -> Any:
    """A rich progress counter while the status index is (re)built, on a terminal only."""
    import contextlib

    if not enabled:
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar() -> Any:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("indexing catalogs"), BarColumn(), MofNCompleteColumn(), transient=True) as p:
            task = p.add_task("index", total=None)
            yield lambda n: p.advance(task, n)

    return bar()


def _print_outcomes(outcomes: list[Any], verb: str) -> None:
    done = [o for o in outcomes if o.ok]
    for o in outcomes:
        where = f"{o.release}:{o.locale}:{o.unit[:8]}"
        if o.ok:
            extra = f" ({o.message})" if o.message else ""
            click.echo(f"{verb} {where} [{o.before.label} → {o.after.label}]{extra}")
        else:
            click.echo(f"refused {where}: {o.message}", err=True)
    click.echo(f"{len(done)} {verb}, {len(outcomes) - len(done)} refused", err=bool(len(outcomes) - len(done)))
    if len(done) != len(outcomes):
        sys.exit(1)


@cli.group(invoke_without_command=True)
@_optional_workspace_option
@click.option("-i", "--interactive", is_flag=True, help="Walk the queue one unit at a time.")
@_release_option
@locale_option
@_as_option
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
    from workflow.review.actions import interactive_review, resolve_reviewer

    ws = Workspace.load(workspace_dir) if workspace_dir else Workspace.find(Path.cwd())
    result = interactive_review(ws, resolve_reviewer(ws, reviewer), releases=releases, locales=locales,
                                matcher=queue_matcher(ws))
    click.echo(f"approved {result.approved}, edited {result.edited}, rejected {result.rejected}, "
               f"skipped {result.skipped}")


@review.command("queue")
@workspace_option
@_release_option
@locale_option
@click.option("--state", "states", multiple=True, type=click.Choice(["needs-review", "draft", "rejected"]),
              help="States to list (default: needs-review and draft).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show at most N units.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per unit).")
def review_queue_cmd(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], states: tuple[str, ...],
                     limit: int | None, as_json: bool) -> None:
    """List units awaiting review, earliest release first, with glossary hits and QA findings.

    Example: pressflow review queue --locale km --release asean-korea-telmin-13
    """
    import json

    from workflow.review.glossary import load_glossary
    from workflow.translation.memory import queue_matcher
    from workflow.review.queue import QUEUE_STATES, describe_item, review_queue
    from workflow.review.units import State

    wanted = tuple(State[s.upper().replace("-", "_")] for s in states) or QUEUE_STATES
    items = review_queue(ws, releases, locales, states=wanted, limit=limit,
                         matcher=None if as_json else queue_matcher(ws))
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2))
        return
    glossary = load_glossary(ws)
    for item in items:
        lines = describe_item(item, glossary)
        click.echo(click.style(lines[0], bold=True))
        for line in lines[1:]:
            color = "red" if line.startswith("  error") else "yellow" if line.startswith("  warning") else None
            click.echo(click.style(line, fg=color) if color else line)
    click.echo(f"{len(items)} unit{'s' if len(items) != 1 else ''} awaiting review", err=True)


@review.command("approve")
@workspace_option
@_release_option
@locale_option
@_unit_option
@click.option("--all", "all_", is_flag=True, help="Every unit needing review within --release/--locale.")
@click.option("--include-drafts", is_flag=True, help="With --all: approve machine drafts as they are, too.")
@click.option("--force", "force_reason", default=None, metavar="REASON",
              help="Approve despite QA errors; the reason is recorded in the approval stamp.")
@_as_option
def review_approve(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                   all_: bool, include_drafts: bool, force_reason: str | None, reviewer: str | None) -> None:
    """Approve units. QA errors block an approval unless --force REASON.

    Example: pressflow review approve --release asean-korea-telmin-13 --locale th --unit 3f2a9c1e
    """
    from workflow.review.actions import Selection, approve, resolve_reviewer

    sel = Selection(releases=releases, locales=locales, units=units, all=all_)
    _print_outcomes(approve(ws, sel, resolve_reviewer(ws, reviewer), force_reason=force_reason,
                            include_drafts=include_drafts), "approved")


@review.command("reject")
@workspace_option
@_release_option
@locale_option
@_unit_option
@click.option("--all", "all_", is_flag=True, help="Every unit awaiting review within --release/--locale.")
@click.option("--reason", required=True, help="What the translator should fix.")
@_as_option
def review_reject(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                  all_: bool, reason: str, reviewer: str | None) -> None:
    """Send units back to the translator (fuzzy, with the reason in a comment).

    Example: pressflow review reject --locale km --unit 3f2a9c1e --reason "use the glossary term for ASEAN"
    """
    from workflow.review.actions import Selection, reject, resolve_reviewer

    sel = Selection(releases=releases, locales=locales, units=units, all=all_)
    _print_outcomes(reject(ws, sel, resolve_reviewer(ws, reviewer), reason), "rejected")


@review.command("edit")
@workspace_option
@_release_option
@locale_option
@_unit_option
@click.option("--text", default=None, help="The new translation (default: open $EDITOR).")
@_as_option
def review_edit(ws: Workspace, releases: tuple[str, ...], locales: tuple[str, ...], units: tuple[str, ...],
                text: str | None, reviewer: str | None) -> None:
    """Replace the translation of one unit; it then needs review.

    Example: pressflow review edit --release asean-korea-telmin-13 --locale vi --unit 3f2a9c1e --text "..."
    """
    from workflow.review.actions import Selection, edit, resolve_reviewer

    sel = Selection(releases=releases, locales=locales, units=units)
    name = resolve_reviewer(ws, reviewer)
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
    click.echo(f"edited {outcome.release}:{outcome.locale}:{outcome.unit[:8]} [{outcome.before.label} → {outcome.after.label}]")


@cli.command()
@_optional_workspace_option
@click.option("--source-lang", default=None, help="Source language of explicit PO files outside a workspace (default: en).")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Also print warnings.")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def check(workspace_dir: Path | None, source_lang: str | None, warnings: bool, paths: tuple[Path, ...]) -> None:
    """Run the QA checks over PO files (default: every catalog of the workspace).

    Prints `path:line: severity: check: message`; exits 1 when there is an error.

    Example: pressflow check locales/th/LC_MESSAGES/*.po
    """
    from workflow.review.checks.base import Severity
    from workflow.review.checks.run import Report, check_files
    from workflow.review.index import Index
    from workflow.review.targets import workspace_targets

    ws = _optional_workspace(workspace_dir)
    reports: list[Report] = []
    if paths:
        from workflow.review.glossary import load_glossary
        from workflow.review.targets import path_targets

        targets = path_targets(paths, ws, source_lang or (ws.source_language if ws else "en"))
        langs = {t.path: t.source_lang for t in targets}
        reports = check_files([t.path for t in targets], glossary=load_glossary(ws) if ws else None,
                              relpath=(ws.relpath if ws else str), source_lang_of=lambda p: langs[p.resolve()])
    elif ws is None:
        raise WorkflowError("no workspace here: give PO files, or run inside a workspace (or pass -w DIR)")
    else:
        from workflow.review.checks.base import Finding

        with Index(ws) as index:
            targets = [t for t in workspace_targets(ws, index=index) if t.path.is_file()]
            with _index_progress(sys.stderr.isatty()) as progress:
                summaries = index.summaries(targets, parts=("findings",), progress=progress)
        for t in targets:
            for line, name, severity, message in summaries[t.path].findings:
                reports.append(Report(t.path, line, Finding(name, Severity(severity), message), ws.relpath(t.path)))
    errors = 0
    for report in reports:
        if report.finding.severity is Severity.ERROR:
            errors += 1
        elif not warnings:
            continue
        click.echo(report.format())
    warned = len(reports) - errors
    click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warned} warning{'s' if warned != 1 else ''}", err=True)
    if errors:
        sys.exit(1)


@cli.command()
@_optional_workspace_option
@_release_option
@locale_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of rows.")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def status(workspace_dir: Path | None, releases: tuple[str, ...], locales: tuple[str, ...], as_json: bool,
           paths: tuple[Path, ...]) -> None:
    """Show per release × locale how many units are untranslated, draft, needs review,
    approved or rejected, QA errors, and whether that version is publishable.

    Example: pressflow status --locale th --json
    """
    from workflow.review.status import collect_status, status_json, status_of_paths

    ws = _optional_workspace(workspace_dir)
    if paths:
        rows = status_of_paths(paths, ws)
    elif ws is None:
        raise WorkflowError("no workspace here: give PO files, or run inside a workspace (or pass -w DIR)")
    else:
        with _index_progress(sys.stderr.isatty()) as progress:
            rows = collect_status(ws, releases, locales, progress=progress)
    if as_json:
        click.echo(status_json(rows))
        return
    columns = ["release", "locale", "total", "untranslated", "draft", "needs_review", "approved", "rejected",
               "qa_errors", "publishable"]
    cells = [[str(v) if not isinstance(v, bool) else ("yes" if v else "no") for v in r.to_dict().values()]
             for r in rows]
    if sys.stdout.isatty():
        from rich import box
        from rich.console import Console
        from rich.table import Table

        # Short headers so the numbers fit beside long release slugs on an 80-column terminal.
        table = Table(title="Translation status", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                      caption="untr. untranslated, review needs review, QA err units with QA errors")
        table.add_column("release", overflow="fold", min_width=min(24, max((len(r.release) for r in rows), default=7)))
        for header in ("locale", "units", "untr.", "draft", "review", "appr.", "rej.", "QA err", "pub."):
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


@cli.group()
def glossary() -> None:
    """The terminology glossary (glossary.csv at the workspace root)."""


@glossary.command("check")
@workspace_option
def glossary_check(ws: Workspace) -> None:
    """Validate glossary.csv and count its terms.

    Example: pressflow glossary check
    """
    from workflow.review.glossary import load_glossary

    g = load_glossary(ws)
    click.echo(f"{ws.relpath(g.path) if g.path else 'glossary'}: {len(g)} terms, "
               f"{len(g.do_not_translate)} do not translate")


@glossary.command("import")
@workspace_option
@click.argument("tbx", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite an existing glossary.csv.")
def glossary_import(ws: Workspace, tbx: Path, replace: bool) -> None:
    """Convert a TBX termbase into glossary.csv.

    Example: pressflow glossary import msit-terms.tbx --replace
    """
    from workflow.fsutil import atomic_write
    from workflow.review.glossary import GLOSSARY_NAME, glossary_to_csv, load_tbx, parse_glossary

    target = ws.root / GLOSSARY_NAME
    if target.exists() and target.read_text(encoding="utf-8").count("\n") > 1 and not replace:
        raise WorkflowError("glossary.csv already has terms (use --replace to overwrite it)", target)
    g = load_tbx(tbx, source_language=ws.source_language)
    text = glossary_to_csv(g)
    parse_glossary(text, target)  # never write a glossary we could not read back
    atomic_write(target, text)
    click.echo(f"wrote {ws.relpath(target)}: {len(g)} terms")


# ---------------------------------------------------------------------------
# Publishing (build, demo)
# ---------------------------------------------------------------------------


def _build_progress() -> Any:
    """A rich progress bar callback on a TTY, else None (quiet in pipes and CI)."""
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


@cli.command()
@workspace_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: [paths] output, or [paths] preview with --preview).")
@click.option("--preview", is_flag=True, help="Render every locale with drafts, unreviewed units marked.")
@click.option("--serve", is_flag=True, help="Then serve the built folder on 127.0.0.1 until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port for --serve (default: [build] preview_port, 8001).")
@click.option("--clean", is_flag=True, help="Forget the build manifest and rebuild everything.")
def build(ws: Workspace, out: Path | None, preview: bool, serve: bool, port: int | None, clean: bool) -> None:
    """Render approved translations into a static site a publisher can upload as is.

    A language version is published only when all its units are approved and
    pass QA (see [build] publish_threshold); drafts never reach it.

    Example: pressflow build --preview --serve
    """
    from workflow.publish.build import build_site
    from workflow.publish.preview import serve_preview

    result = build_site(ws, out, preview=preview, clean=clean, progress=_build_progress())
    for slug, locales in sorted(result.published.items()):
        held = result.held_back.get(slug, {})
        line = f"{slug}: {', '.join(locales)}"
        if held:
            line += "; not published: " + ", ".join(f"{loc} ({why})" for loc, why in held.items())
        click.echo(line)
    if result.noop:
        click.echo(f"{ws.relpath(result.out_dir)}: up to date")
    else:
        click.echo(f"{ws.relpath(result.out_dir)}: {result.rendered} pages rendered, {len(result.written)} files "
                   f"written, {result.unchanged} unchanged, {len(result.removed)} removed")
    for rel in result.kept:
        click.echo(f"kept {rel}: no longer built, but changed since pressflow wrote it", err=True)
    if serve:
        serve_preview(result.out_dir, ws.config["build"]["preview_port"] if port is None else port,
                      announce=click.echo)
    else:
        click.echo(f"open {ws.relpath(result.index_path)}")


@cli.command()
@workspace_option
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("demo"),
              show_default=True, help="Scratch folder for the demo copy (recreated on each run).")
def demo(ws: Workspace, directory: Path) -> None:
    """Run the whole workflow offline on a scratch copy of this newsroom and build its site.

    extract, update, draft, status, approve (as the stand-in reviewer
    "demo-editor", in the copy only) and build.

    Example: pressflow demo --dir /tmp/pressflow-demo
    """
    from workflow.demo import run_demo

    result = run_demo(ws, directory, say=click.echo)
    click.echo(f"done in {result.seconds:.1f} s")


# ---------------------------------------------------------------------------
# Translation memory
# ---------------------------------------------------------------------------


@cli.group()
def memory() -> None:
    """Translation memory: every approved translation plus imported TMX, for reuse.

    The index lives in .pressflow/ and is refreshed automatically; imported TMX
    files are kept in memory/ (commit it).

    Example: pressflow memory search "MSIT took part in the TELMIN" --locale th
    """


def _memory_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"warning: skipped in the memory: {problem}", err=True)


@memory.command("import")
@workspace_option
@click.argument("tmx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace an earlier import of the same file name.")
def memory_import(ws: Workspace, tmx: Path, replace: bool) -> None:
    """Add a TMX file (OmegaT, Trados, Translate Toolkit, ...) to the memory.

    Example: pressflow memory import ~/Downloads/msit-ko-th.tmx
    """
    from workflow.translation.memory import import_tmx

    result = import_tmx(ws, tmx, replace=replace)
    verb = "replaced" if result.replaced else "kept"
    click.echo(f"{verb} {ws.relpath(result.path)}: {result.units} translation pairs")


@memory.command("export")
@workspace_option
@locale_option
@click.argument("tmx", type=click.Path(dir_okay=False, path_type=Path))
def memory_export(ws: Workspace, locales: tuple[str, ...], tmx: Path) -> None:
    """Write the memory as a TMX 1.4b file (all locales by default).

    Example: pressflow memory export msit-th.tmx --locale th
    """
    from workflow.translation.memory import export_tmx

    result = export_tmx(ws, tmx, locales)
    _memory_problems(result.problems)
    click.echo(f"wrote {tmx}: {result.pairs} translation pairs")


@memory.command("search")
@workspace_option
@click.argument("text")
@click.option("-l", "--locale", "locale", required=True, metavar="L", help="Target locale.")
@click.option("--threshold", type=click.IntRange(0, 100), default=None, help="Minimum score (default: [memory] threshold).")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Show at most N matches.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of matches.")
def memory_search(ws: Workspace, text: str, locale: str, threshold: int | None, limit: int, as_json: bool) -> None:
    """Show memory matches for a source TEXT, with scores and origins.

    Example: pressflow memory search "The Ministry of Science and ICT took part in the TELMIN." --locale ko
    """
    import dataclasses
    import json

    from workflow.translation.memory import search

    result = search(ws, text, locale, threshold=threshold, limit=limit)
    _memory_problems(result.problems)
    matches = result.matches
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(m) for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("no match", err=True)
        sys.exit(1)
    for m in matches:
        origin = f"{m.origin} ({m.detail})" if m.detail else m.origin
        click.echo(f"{m.score:3d}% {m.kind:5}  {origin}  [{m.path}]")
        click.echo(f"      {m.source}")
        click.echo(f"   -> {m.target}")


# ---------------------------------------------------------------------------
# Review web app (serve, user)
# ---------------------------------------------------------------------------


@cli.command()
@workspace_option
@click.option("--host", default=None, help="Address to bind (default: serve.host, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: serve.port, 8000).")
def serve(ws: Workspace, host: str | None, port: int | None) -> None:
    """Run the review web app for translators, editors and publishers.

    It reads and writes the same PO files as the CLI. Create accounts first with
    `pressflow user add`. Binds to 127.0.0.1 unless told otherwise.

    Example: pressflow serve --port 8000
    """
    from workflow.webapp.server import run_server

    run_server(ws, host=host, port=port, echo=click.echo)


@cli.group()
def user() -> None:
    """Manage web app accounts (.pressflow-users.json at the workspace root)."""


@user.command("add")
@workspace_option
@click.argument("name")
@click.option("--role", type=click.Choice(["translator", "editor", "publisher"]), required=True,
              help="translator: edit and submit; editor: also approve and reject; publisher: also build.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (for scripts).")
@click.option("--replace", is_flag=True, help="Change the role and password of an existing user.")
def user_add(ws: Workspace, name: str, role: str, password_stdin: bool, replace: bool) -> None:
    """Add a user NAME (also the reviewer name written into approvals).

    Example: pressflow user add "Kim Editor" --role editor
    """
    from workflow.webapp.users import UserStore

    if password_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = UserStore(ws.root)
    store.add(name, role, password, replace=replace)
    click.echo(f"{'updated' if replace else 'added'} {role} {name!r} in {ws.relpath(store.path)}")


@user.command("list")
@workspace_option
def user_list(ws: Workspace) -> None:
    """List web app users and their roles.

    Example: pressflow user list
    """
    from workflow.webapp.users import UserStore

    for account in UserStore(ws.root).users():
        click.echo(f"{account.name}\t{account.role}")


@user.command("remove")
@workspace_option
@click.argument("name")
def user_remove(ws: Workspace, name: str) -> None:
    """Remove user NAME (their sessions stop working at once).

    Example: pressflow user remove "Kim Editor"
    """
    from workflow.webapp.users import UserStore

    store = UserStore(ws.root)
    store.remove(name)
    click.echo(f"removed {name!r} from {ws.relpath(store.path)}")
