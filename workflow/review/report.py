"""What the ``check`` and ``status`` commands report, over explicit PO files or the whole workspace.

Explicit files work without a workspace (then the source language is ``source_lang``,
else their X-Source-Language header, else ``en``, and no glossary applies); without
files, every catalog of the workspace is covered, through the status index.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from workflow.errors import WorkflowError
from workflow.review.checks.base import Finding, Severity
from workflow.review.checks.run import Report, check_files
from workflow.review.glossary import load_glossary
from workflow.review.index import Index
from workflow.review.status import StatusRow, collect_status, status_of_paths
from workflow.review.targets import path_targets, workspace_targets
from workflow.workspace import Workspace

NO_WORKSPACE = "no workspace here: give PO files, or run inside a workspace (or pass -w DIR)"


def check_reports(ws: Workspace | None, paths: Iterable[Path] = (), source_lang: str | None = None, *,
                  locale: str | None = None, progress: Callable[[int], None] | None = None) -> list[Report]:
    """QA findings of ``paths`` (default: every catalog of ``ws``), in file then line order.

    ``locale`` names the locale of explicit ``paths`` (else their Language header, else their path).
    Raises WorkflowError when there are neither paths nor a workspace.
    """
    paths = tuple(paths)
    if paths:
        targets = path_targets(paths, ws, source_lang, strict=False)
        langs = {t.path: t.source_lang for t in targets}
        return check_files([t.path for t in targets], glossary=load_glossary(ws) if ws else None,
                           relpath=(ws.relpath if ws else str), source_lang_of=lambda p: langs[p.resolve()],
                           locale=locale)
    if ws is None:
        raise WorkflowError(NO_WORKSPACE)
    with Index(ws) as index:
        targets = [t for t in workspace_targets(ws, index=index) if t.path.is_file()]
        summaries = index.summaries(targets, parts=("findings",), progress=progress)
    reports: list[Report] = []
    for t in targets:
        if t.path not in summaries:  # a catalog that cannot be read: reported in ws.problems
            continue
        for line, name, severity, message in summaries[t.path].findings:
            reports.append(Report(t.path, line, Finding(name, Severity(severity), message), ws.relpath(t.path)))
    return reports


def status_rows(ws: Workspace | None, paths: Iterable[Path] = (), releases: Iterable[str] = (),
                locales: Iterable[str] = (), *, progress: Callable[[int], None] | None = None,
                sources: bool = False) -> list[StatusRow]:
    """Status rows of ``paths``, else of every release × locale of ``ws`` (selected by ``releases``/``locales``).

    ``locale`` names the locale of explicit ``paths`` (else their Language header, else their path).
    Raises WorkflowError when there are neither paths nor a workspace.
    """
    paths = tuple(paths)
    if paths:
        return status_of_paths(paths, ws)
    if ws is None:
        raise WorkflowError(NO_WORKSPACE)
    return collect_status(ws, releases, locales, progress=progress, sources=sources)
