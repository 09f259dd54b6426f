"""The ``pressflow memory`` commands: import, export and search the translation memory.

Registered on the root group in :mod:`workflow.cli`, which turns WorkflowError into CLI errors.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workflow.cli_options import locale_option, workspace_option
from workflow.cli_output import echo_matches, echo_memory_import, echo_memory_problems
from workflow.wording import counted

if TYPE_CHECKING:   # imported where a workspace is loaded: `pressflow fmt` starts without it
    from workflow.workspace import Workspace


@click.group()
def memory() -> None:
    """Translation memory: every approved translation plus imported TMX, for reuse.

    The index lives in .pressflow/ and is refreshed automatically; imported TMX
    files are kept in memory/ (commit it).

    Example: pressflow memory search "MSIT took part in the TELMIN" --locale th
    """


@memory.command("import")
@workspace_option
@click.argument("tmx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace an earlier import of the same file name.")
def memory_import(ws: Workspace, tmx: Path, replace: bool) -> None:
    """Add a TMX file (OmegaT, Trados, Translate Toolkit, ...) to the memory.

    Example: pressflow memory import ~/Downloads/msit-ko-th.tmx
    """
    from workflow.translation.memory import import_tmx

    echo_memory_import(ws, import_tmx(ws, tmx, replace=replace))


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
    echo_memory_problems(result.problems)
    click.echo(f"wrote {tmx}: {counted(result.pairs, 'translation pair')}")


@memory.command("search")
@workspace_option
@click.argument("text")
@click.option("-l", "--locale", "locale", required=True, metavar="L", help="Target locale.")
@click.option("--source", "source_lang", default=None, metavar="LANG",
              help="Language of TEXT (default: every source language the memory holds for L).")
@click.option("--threshold", type=click.IntRange(0, 100), default=None, help="Minimum score (default: [memory] threshold).")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Show at most N matches.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of matches.")
def memory_search(ws: Workspace, text: str, locale: str, source_lang: str | None, threshold: int | None, limit: int,
                  as_json: bool) -> None:
    """Show memory matches for a source TEXT, with scores, origins and language pair.

    Without --source, TEXT is looked up as a source text of every language the
    memory holds translations into L from; each match names its pair (id→en).

    Example: pressflow memory search "The Ministry of Science and ICT took part in the TELMIN." --locale ko
    Example: pressflow memory search "Harga beras naik 10 persen bulan ini." --source id --locale en
    """
    from workflow.translation.memory import search

    result = search(ws, text, locale, source_lang=source_lang, threshold=threshold, limit=limit)
    echo_memory_problems(result.problems)
    echo_matches(result.matches, as_json)
