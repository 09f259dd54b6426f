"""Exit codes and error reports of the ``pressflow`` command line: paths as the user reads them,
files skipped because they could not be read (before a summary, counted in it), usage errors, and
the reports of last resort: a closed output pipe, output that cannot be written, an internal error
(see :mod:`workflow.cli`)."""
from __future__ import annotations

import contextlib
import errno
import os
import platform
import sys
import traceback
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from workflow import __version__
from workflow.cli_options import workspaces_used
from workflow.errors import WorkflowError
from workflow.wording import counted

EXIT_ERROR = 1      # bad input, or a file that could not be read (the rest was done)
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in pressflow
PREFIX = "pressflow: error: "
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader went away (`| head`)
# Errors of writing without a file name: the command's output (stdout) could not be written.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def shown_path(ctx: click.Context, path: str | None) -> str | None:
    """``path`` as the user reads it: relative to the workspace, else to the current folder, if inside."""
    if not path:
        return path
    used = workspaces_used(ctx)
    if used:
        return used[0].relpath(Path(path))
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return path


def prefixed(exc: click.exceptions.ClickException) -> click.exceptions.ClickException:
    """``exc`` shown as ``pressflow: error: problem (see 'pressflow CMD --help')`` like every other error."""

    def show(file: IO[Any] | None = None) -> None:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if isinstance(exc, click.UsageError) and ctx else ""
        click.echo(f"{PREFIX}{exc.format_message().rstrip('.')}{hint}", err=True)

    setattr(exc, "show", show)  # noqa: B010 — click calls exc.show(); the message stays click's own
    return exc


_SHOWN = "pressflow.shown-problems"


def report_broken(ctx: click.Context | None = None, fatal: WorkflowError | None = None) -> list[WorkflowError]:
    """Print on stderr each file the command skipped because it could not be read (``pressflow: error:
    path:line: problem``), once per run: a summary calls it before its counts, the root group at the end
    for any found later. Returns every such problem so far (printed now or before), but ``fatal``."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return []
    shown: set[str] = ctx.meta.setdefault(_SHOWN, set())
    problems: dict[str, WorkflowError] = {}
    for ws in workspaces_used(ctx):
        for problem in ws.broken_files():
            text = problem.shown(ws.relpath(Path(problem.path)) if problem.path else None)
            if text in problems or (fatal is not None and str(problem) == str(fatal)):
                continue
            problems[text] = problem
            if text not in shown:
                shown.add(text)
                click.echo(f"{PREFIX}{text}", err=True)
    return list(problems.values())


def unreadable_summary(problems: list[WorkflowError], what: str = "skipped") -> str:
    """``"1 release skipped (error above)"``, ``"1 release, 2 catalogs skipped (errors above)"``:
    the files of ``problems`` counted by kind (release, catalog, template, file), then ``what``."""
    kinds = {".md": "release", ".po": "catalog", ".pot": "template"}
    counts: dict[str, int] = {}
    for problem in problems:
        kind = kinds.get(Path(problem.path).suffix, "file") if problem.path else "file"
        counts[kind] = counts.get(kind, 0) + 1
    parts = [counted(n, kind) for kind, n in counts.items()]
    return f"{', '.join(parts)} {what} ({'error' if len(problems) == 1 else 'errors'} above)"


def fast_exit(code: int | str | None) -> NoReturn:
    """``sys.exit(code)`` without the interpreter's teardown, as mypy exits: the exit
    handlers run (``atexit``) and the standard streams are flushed, but the objects a
    command leaves alive are not freed one by one (40-100 ms after a build of a few
    thousand pages). Every file pressflow writes is closed (and renamed into place) before
    its function returns, so nothing is lost; only the console script exits this way.
    """
    import atexit

    status = 0 if code is None else code if isinstance(code, int) else 1
    if isinstance(code, str):  # what sys.exit("message") does
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(code + "\n")
    atexit._run_exitfuncs()  # noqa: SLF001 — what a normal exit runs first
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def closed_pipe() -> NoReturn:
    """The reader of our output went away (``pressflow status | head``): stop quietly, exit 141."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe at exit
    sys.exit(EXIT_PIPE)


def write_failed(exc: OSError) -> NoReturn:
    """The output could not be written (``> /dev/full``): a clear error, exit 1."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(OSError):
        click.echo(f"{PREFIX}cannot write output: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_ERROR)


def internal_error(exc: BaseException) -> NoReturn:
    """The last resort: a short report instead of a traceback (PRESSFLOW_DEBUG=1 shows it)."""
    if os.environ.get("PRESSFLOW_DEBUG"):
        raise exc
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}workflow{os.sep}" in f.filename] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno} in {ours[-1].name}" if ours else ""
    message = " ".join(str(exc).split())
    message = message if len(message) <= 200 else message[:197] + "..."
    click.echo(f"pressflow: internal error: {type(exc).__name__}: {message}{where}", err=True)
    click.echo(f"  pressflow {__version__}, Python {platform.python_version()}; this is a bug in pressflow, "
               "not in your files: please report it with the command you ran "
               "(PRESSFLOW_DEBUG=1 shows the traceback)", err=True)
    sys.exit(EXIT_INTERNAL)


