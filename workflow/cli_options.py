"""Options shared by the ``pressflow`` commands: workspace, locale, release, unit, reviewer."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow.errors import NoWorkspaceError

if TYPE_CHECKING:   # imported where a workspace is loaded: `pressflow fmt` starts without it
    from workflow.workspace import Workspace


def workspace_option(func: Callable) -> Callable:
    """``-w/--workspace DIR`` (default: the folder holding pressflow.toml above the cwd)."""

    @click.option(
        "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, envvar="PRESSFLOW_WORKSPACE", help="Workspace folder (default: found from the current folder).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, workspace_dir: Path | None, **kwargs: Any) -> Any:
        from workflow.workspace import Workspace

        ws = remember(Workspace.load(workspace_dir) if workspace_dir else Workspace.find(Path.cwd()))
        return func(ws, *args, **kwargs)

    return wrapper


locale_option = click.option(
    "-l", "--locale", "locales", multiple=True, metavar="L",
    help="Target locale (repeatable; default: every target of each release).",
)



def optional_workspace(workspace_dir: Path | None) -> Workspace | None:
    """The workspace of ``-w DIR``, else the one holding the current folder, else None.

    (Commands on explicit PO files work without a workspace.)
    """
    from workflow.workspace import Workspace

    if workspace_dir:
        return remember(Workspace.load(workspace_dir))
    try:
        return remember(Workspace.find(Path.cwd()))
    except NoWorkspaceError:  # a pressflow.toml that is there but broken is reported as what it is
        return None


def workspace_for_files(workspace_dir: Path | None, targets: tuple[str, ...]) -> Workspace:
    """The workspace of ``-w DIR``, else the one holding the current folder; outside any, when every
    target is a ``.po`` file, :meth:`Workspace.standalone` (default configuration), like ``check``."""
    from workflow.workspace import Workspace

    if workspace_dir:
        return remember(Workspace.load(workspace_dir))
    try:
        return remember(Workspace.find(Path.cwd()))
    except NoWorkspaceError:
        if targets and all(t.endswith(".po") for t in targets):
            return remember(Workspace.standalone())
        raise


_WORKSPACES = "pressflow.workspaces"


def remember(ws: Workspace) -> Workspace:
    """Note ``ws`` on the click context, so the root group reports the files it could not read."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta.setdefault(_WORKSPACES, []).append(ws)
    return ws


def workspaces_used(ctx: click.Context) -> list[Workspace]:
    """The workspaces the running command loaded (see :func:`remember`)."""
    return list(ctx.meta.get(_WORKSPACES, []))


optional_workspace_option = click.option(
    "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="PRESSFLOW_WORKSPACE", help="Workspace folder (default: found from the current folder, if any).",
)
release_option = click.option("-r", "--release", "releases", multiple=True, metavar="R",
                               help="Release slug or file (repeatable; default: all).")
unit_option = click.option("-u", "--unit", "units", multiple=True, metavar="U",
                            help="Unit: its id from the queue (8 hex digits, or any prefix of 4+) or its msgid (repeatable).")
as_option = click.option("--as", "reviewer", default=None, metavar="NAME",
                          help="Reviewer (default: [review] reviewer, else git config user.name).")


def keep_examples_whole(group: click.Group) -> None:
    """Mark the ``Example:`` block of each command's help (``group`` and below) with click's ``\\b``
    no-rewrap marker, so ``--help`` prints one example a line and never breaks a slug or a path."""
    for command in group.commands.values():
        if command.help and "\b" not in command.help:   # the docstring as written, indented or not
            command.help = re.sub(r"\n\n([ \t]*)Example: ", "\n\n\\1\b\n\\1Example: ", command.help, count=1)
        if isinstance(command, click.Group):
            keep_examples_whole(command)
