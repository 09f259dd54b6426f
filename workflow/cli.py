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
    from workflow.importer import import_release

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
    from workflow.segment import segment_text

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
    from workflow.extract import extract as run

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
    from workflow.extract import update as run
    from workflow.extract import update_explicit

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


# ---------------------------------------------------------------------------
# Review, QA checks, status
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Publishing (build, demo)
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Translation memory
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Review web app (serve, user)
# ---------------------------------------------------------------------------
