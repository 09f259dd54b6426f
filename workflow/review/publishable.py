"""Whether a language version can be published: one rule for ``pressflow build`` (which
renders it) and ``pressflow status`` (which reports it), so they never disagree.

A version is publishable when the share of the release's *current* units that have an
approved translation without blocking QA problems reaches ``[build] publish_threshold``
(1.0: all of them) and at least one does. The units are those of the release file as
it is now: an original edited (or given ``corrections:``) since the catalog was updated
has units the catalog does not know, so its version is not publishable, and the build
serves the last approved version instead ("previous version").
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow import __version__
from workflow.fsutil import code_fingerprint
from workflow.review.units import State
from workflow.sources.segmentation import segment_release

if TYPE_CHECKING:
    from workflow.review.index import Index, ReleaseInfo
    from workflow.workspace import Workspace

# Code whose change changes the units of a release (part of the segment cache's key).
SEGMENT_CODE = ("sources", "locales.py", "translation/masking.py")
APPROVED = State.APPROVED.label


def version_publishable(approved: int, total: int, threshold: float) -> bool:
    """``approved`` of ``total`` units shown approved: enough to publish at ``threshold`` (0..1)?"""
    return total > 0 and approved > 0 and approved / total >= threshold


def approved_units(units: Iterable[str], table: Mapping[str, Sequence[Any]]) -> tuple[int, int]:
    """(approved, total) of the unit texts ``units`` under a catalog's published-text table
    (msgid -> [text or None, state label], :attr:`FileSummary.published`)."""
    approved = total = 0
    for text in units:
        total += 1
        shown = table.get(text)
        approved += shown is not None and shown[1] == APPROVED
    return approved, total


def segment_context(ws: Workspace) -> str:
    """The key under which the status index keeps segmented releases (mode, language, code)."""
    pysbd = installed_version("pysbd")
    return (f"{__version__}:{ws.config.segmentation}:{ws.source_language}:{pysbd}:"
            f"{code_fingerprint(*SEGMENT_CODE)}")


@functools.cache
def installed_version(name: str) -> str:
    """The version of the installed distribution ``name`` (a top-level package of that name),
    as ``importlib.metadata.version`` gives it; "" when it is not installed.

    Read from the ``<name>-<version>.dist-info`` folder beside the package when there is
    exactly one: every build asks, and importing ``importlib.metadata`` costs about 10 ms.
    Any other layout (egg-info, several candidates) asks ``importlib.metadata``.
    """
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin and spec.submodule_search_locations:
        folder = os.path.dirname(os.path.dirname(spec.origin))
        prefix = name.replace("-", "_").lower() + "-"
        try:
            found = [f for f in os.listdir(folder) if f.lower().startswith(prefix) and f.endswith(".dist-info")]
        except OSError:
            found = []
        if len(found) == 1 and "-" not in (version := found[0][len(prefix):-len(".dist-info")]):
            return version
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def release_units(ws: Workspace, index: Index, infos: Sequence[ReleaseInfo]) -> dict[Path, list[str]]:
    """The unit texts of each release file as it is now: from the index when the build (or an
    earlier call) segmented these bytes, else segmented now and stored for next time."""
    context = segment_context(ws)
    found = index.segments(infos, context)
    out: dict[Path, list[str]] = {}
    rows = []
    for info in infos:
        data = found.get(info.path)
        if data is not None:
            out[info.path] = [u[0] for u in json.loads(data)]
            continue
        units = segment_release(ws.load_release(info.path), ws.config.segmentation)
        out[info.path] = [u.text for u in units]
        if info.sha:
            rows.append((str(info.path), info.sha, context, json.dumps(
                [[u.text, u.kind, u.line, u.block, u.index] for u in units], ensure_ascii=False)))
    index.store_segments(rows)
    return out
