"""The ``pressflow`` command line. Thin click commands, each calling one library function.

This is the only module that turns :class:`WorkflowError` into exit codes and
messages: ``path:line: what is wrong`` on stderr and exit status 1. How results are
shown (summaries, tables, progress bars) lives in :mod:`workflow.cli_output`.
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from workflow import __version__
from workflow.cli_errors import (
    EXIT_ERROR,
    PREFIX,
    WRITE_ERRNOS,
    closed_pipe,
    fast_exit,
    internal_error,
    prefixed,
    report_broken,
    shown_path,
    write_failed,
)
from workflow.cli_options import (
    keep_examples_whole,
    locale_option,
    optional_workspace,
    optional_workspace_option,
    release_option,
    workspace_for_files,
    workspace_option,
)
from workflow.cli_output import (
    build_progress,
    echo_build,
    echo_extract,
    echo_import,
    echo_update,
)
from workflow.cli_memory import memory
from workflow.cli_review import check, glossary, review, status
from workflow.errors import WorkflowError
from workflow.sources.input_formats import FORMATS

if TYPE_CHECKING:   # imported by the commands that use it: `pressflow fmt` starts without it
    from workflow.workspace import Workspace


class _Group(click.Group):
    """The root group: the one place where errors become messages and exit codes.

    A WorkflowError is ``pressflow: error: path:line: problem`` and exit 1; files the
    command skipped (``Workspace.problems``) are listed the same way and make it exit 1;
    an OSError names its file; anything else is an internal error (exit 70), never a
    bare traceback.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.ClickException as exc:
            raise prefixed(exc) from None
        except BrokenPipeError:  # --help, --version into a closed pipe
            closed_pipe()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except click.exceptions.ClickException as exc:  # usage errors of a command: same prefix
            raise prefixed(exc) from None
        except WorkflowError as exc:
            report_broken(ctx, exc)
            click.echo(f"{PREFIX}{exc.shown(shown_path(ctx, exc.path))}", err=True)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except SystemExit as exc:
            broken = report_broken(ctx)
            code = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
            sys.exit(max(code, EXIT_ERROR) if broken else exc.code)
        except KeyboardInterrupt:
            click.echo("interrupted; work saved so far is kept", err=True)
            sys.exit(130)
        except BrokenPipeError:
            closed_pipe()
        except OSError as exc:
            if exc.filename is None and exc.errno in WRITE_ERRNOS:
                report_broken(ctx)
                write_failed(exc)
            if exc.filename is None or isinstance(exc, (BlockingIOError, ConnectionError)):
                internal_error(exc)
            report_broken(ctx)
            click.echo(f"{PREFIX}{exc.filename}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001 — the last resort
            internal_error(exc)
        if report_broken(ctx):
            sys.exit(EXIT_ERROR)
        return result


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
    """The console script: run the command, then flush its output (a closed pipe or a full
    disk found only then is reported like during the command)."""
    code: int | str | None = 0
    try:
        cli.main(prog_name="pressflow")
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        closed_pipe()
    except OSError as exc:
        write_failed(exc)
    fast_exit(code)


# Review, QA checks, status, glossary: workflow/cli_review.py; translation memory: workflow/cli_memory.py
for _command in (review, check, status, glossary, memory):
    cli.add_command(_command)


# ---------------------------------------------------------------------------
# Workspace and sources
# ---------------------------------------------------------------------------


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", "source_language", default="en", show_default=True,
              help="Source language: any of the ten locales (en ko id ms th vi fil km lo my).")
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
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Input format (default: from the extension .txt .md .html .docx, else sniffed).")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Release date (default: found in the text).")
@click.option("--lang", default=None, help="Source language, any of the ten locales (default: detected).")
@click.option("--slug", default=None, help="URL slug (default: from the title, romanized).")
@click.option("--title", default=None, help="Headline (default: found in the page).")
@click.option("--keep-chrome", is_flag=True, help="Keep every line: no page-chrome removal.")
@click.option("--force", is_flag=True, help="Replace the release that already uses --slug.")
def import_(ws: Workspace, source: str, fmt: str | None, date: _dt.datetime | None, lang: str | None,
            slug: str | None, title: str | None, keep_chrome: bool, force: bool) -> None:
    """Import a release (web page, Word .docx, Markdown, scraped text; - reads stdin) into releases/.

    Example: pressflow import press-0912.html --lang en
    """
    from workflow.sources.importer import import_release

    result = import_release(
        source, ws.releases_dir, fmt=fmt, lang=lang or None, date=date.date() if date else None, slug=slug,
        title=title, chrome=ws.config["import"]["chrome"], keep_chrome=keep_chrome, force=force,
        default_lang=ws.source_language,
    )
    echo_import(ws, result)


@cli.command()
@click.argument("source", type=click.File("rb"), default="-")
@click.option("--lang", default="en", show_default=True, help="Language of the text.")
@click.option("--paragraph", "mode", flag_value="paragraph", help="One unit per paragraph.")
@click.option("--sentence", "mode", flag_value="sentence", default=True, help="One unit per sentence (default).")
def segment(source: IO[bytes], lang: str, mode: str) -> None:
    """Print the translation units of a text, one per line (for checking rules).

    Example: echo "Dr. Kim met U.S. officials. They agreed." | pressflow segment --lang en
    """
    from workflow.locales import get_locale
    from workflow.sources.segmentation import segment_text

    get_locale(lang)
    raw = source.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        name = getattr(source, "name", "<stdin>")
        raise WorkflowError("not valid UTF-8 (save the text as UTF-8)", name if isinstance(name, str) else "<stdin>",
                            raw[:exc.start].count(b"\n") + 1) from None
    for unit in segment_text(text, lang, mode):
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

    echo_extract(ws, run(ws, releases))


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
    from workflow.catalogs.extract import update_targets

    echo_update(ws, update_targets(ws, locales, targets, pot_path))


# ---------------------------------------------------------------------------
# Machine translation (translate)
# ---------------------------------------------------------------------------


@cli.command()
@optional_workspace_option
@locale_option
@release_option
@click.option("-e", "--engine", "engines", multiple=True, metavar="E",
              help="Engine to use instead of [translate] chain (repeatable: tried in order).")
@click.option("--relay-drafts", is_flag=True,
              help="Units whose relay version ([translate] relay) is not approved yet: draft them from the "
                   "original instead of waiting.")
@click.option("--source", "source", default=None, metavar="L",
              help="Language of the msgids of explicit .po files (default: their X-Source-Language header, "
                   "else [workspace] source_language).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Concurrent requests (default: [translate] workers).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.argument("targets", nargs=-1)
def translate(workspace_dir: Path | None, locales: tuple[str, ...], releases: tuple[str, ...], engines: tuple[str, ...],
              relay_drafts: bool, source: str | None, workers: int | None, progress: bool | None,
              targets: tuple[str, ...]) -> None:
    """Fill untranslated units with machine drafts (fuzzy, origin=<engine>).

    Units a person wrote or approved are never touched. TARGETS are release slugs
    or files, or .po files (default: every release). With relay translation
    ([translate] relay, relay_targets) a unit is drafted from the approved relay
    version, waits for it, and is drafted again when that text changes. Answers
    are cached in .pressflow/, so a rerun after an interruption repeats no
    request. Exits 1 when any unit failed (no engine having an answer, as with a
    memory without a match, is not a failure). Explicit .po files also work outside
    a workspace, with the default configuration (choose the engine with --engine).

    Example: pressflow translate --engine google --locale th --release asean-korea-digital-innovation-2019
    Example: pressflow translate --engine pseudo django.po
    """
    from workflow.translation.translate import format_summary
    from workflow.translation.translate import translate as run

    ws = workspace_for_files(workspace_dir, (*releases, *targets))
    summary = run(ws, engines=engines, locales=locales, targets=(*releases, *targets), workers=workers,
                  progress=progress, relay_drafts=relay_drafts, source=source)
    report_broken()   # the files skipped because they could not be read, before the summary
    for line in format_summary(summary, ws):
        click.echo(line, err=line.startswith(("failed", "  ")))
    if not summary.ok:
        sys.exit(1)


@cli.command()
@click.option("--source", "source_language", default=None,
              help="Source language (default: the source languages of the workspace's releases, else en).")
@click.option("-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="PRESSFLOW_WORKSPACE", help="Workspace folder (default: found from the current folder).")
def engines(source_language: str | None, workspace_dir: Path | None) -> None:
    """List the machine-translation engines and the locales each can translate into.

    Example: pressflow engines --source ko
    """
    from workflow.translation.engines.support import support_table, workspace_sources

    ws = optional_workspace(workspace_dir)
    sources = [source_language] if source_language else (workspace_sources(ws) if ws is not None else ["en"])
    for line in support_table(sources):
        click.echo(line)


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def fmt(check: bool, paths: tuple[Path, ...]) -> None:
    """Rewrite PO/POT files in msgcat's form (wrapping, escapes, flags, references).

    PATHS are catalogs, or folders searched for .po and .pot files. A file already
    in msgcat's form is left untouched. With --check nothing is written: the files
    that would change are listed and the exit status is 1 if there are any (for CI
    and pre-commit hooks). A file that cannot be parsed, or a .po file msgfmt -c
    rejects (msgcat would still rewrite it; --check does not pass it either), is
    reported and left as it is (exit status 1).

    Example: pressflow fmt --check locales/
    """
    from workflow.catalogs.fmt import format_catalogs

    result = format_catalogs(paths, check=check)
    for path in result.changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    for error in result.errors:
        click.echo(f"{PREFIX}{error}", err=True)
    if result.errors or (check and result.changed):
        sys.exit(1)


# ---------------------------------------------------------------------------
# Publishing (build, demo)
# ---------------------------------------------------------------------------


@cli.command()
@workspace_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: [paths] output, or [paths] preview with --preview).")
@click.option("--preview", is_flag=True, help="Render every locale with drafts, unreviewed units marked.")
@click.option("--serve", is_flag=True, help="Then serve the built folder on 127.0.0.1 until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port for --serve (default: [build] preview_port, 8001).")
@click.option("--clean", is_flag=True,
              help="Forget the build manifest and rebuild everything; also removes orphaned pressflow pages and "
                   "feeds (generator mark) and leftover temporary files.")
@click.option("--at", "at", default=None, metavar="TIME",
              help="Build the site as of this moment (ISO 8601 with a timezone, e.g. 2024-01-01T09:00+09:00): "
                   "releases still under embargo then are left out. Default: now.")
def build(ws: Workspace, out: Path | None, preview: bool, serve: bool, port: int | None, clean: bool,
          at: str | None) -> None:
    """Render approved translations into a static site a publisher can upload as is.

    A language version is published only when all its units are approved and
    pass QA (see [build] publish_threshold); drafts never reach it.

    Example: pressflow build --preview --serve
    """
    from workflow.publish.build import build_moment, build_site

    result = build_site(ws, out, preview=preview, clean=clean, progress=build_progress(), at=build_moment(at))
    echo_build(ws, result)
    if serve:
        from workflow.publish.preview import serve_preview  # http.server: only for --serve

        serve_preview(result.out_dir, ws.config["build"]["preview_port"] if port is None else port,
                      announce=click.echo, allowed_hosts=ws.config["serve"]["allowed_hosts"])
    else:
        click.echo(f"open {ws.relpath(result.index_path)}")


@cli.command()
@workspace_option
@click.argument("release")
@click.option("-l", "--locale", "locales", multiple=True, metavar="L",
              help="Withdraw only this language version (repeatable; default: the whole release).")
@click.option("--reason", required=True, help="Why it is withdrawn (shown on the page left at its URL).")
def withdraw(ws: Workspace, release: str, locales: tuple[str, ...], reason: str) -> None:
    """Take a release (or some of its languages) off the site on the next build.

    Recorded in the release's front matter (withdrawn:); the next build leaves a
    short "withdrawn on <date>" page at the same URL and drops it from indexes,
    feeds and the sitemap.

    Example: pressflow withdraw asean-korea-telmin-13 --locale id --reason "Wrong figures"
    """
    from workflow.publish.withdraw import withdraw as withdraw_release

    updated, entry = withdraw_release(ws, release, reason, locales)
    what = ", ".join(entry.locales) if entry.locales else "every language"
    click.echo(f"{ws.relpath(updated.path)}: {updated.slug} withdrawn ({what}) on {entry.date.isoformat()}; "
               "run `pressflow build` to update the site")


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
    """Manage web app accounts (.pressflow-users.json at the workspace root).

    Example: printf '%s\\n' "$PASSWORD" | pressflow user add "Kim Editor" --role editor --password-stdin
    """


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
    from workflow.webapp.users import UserError, UserStore

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        # No terminal (a pipe, a script, /dev/null): read the password and its confirmation as
        # lines, without getpass's warning; nothing to read is a clear error.
        first, second = sys.stdin.readline(), sys.stdin.readline()
        if not first:
            raise UserError("no terminal to ask for the password: pass it on stdin with --password-stdin "
                            f"(printf '%s\\n' \"$PASSWORD\" | pressflow user add {name!r} --role {role} "
                            "--password-stdin)")
        password = first.rstrip("\r\n")
        if second.rstrip("\r\n") != password:
            raise UserError("the password and its confirmation (the next line of stdin) differ")
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


keep_examples_whole(cli)   # the commands are all registered by now
