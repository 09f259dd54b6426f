"""Start-up cost of ``pressflow build`` (issue 18 item 3): what a build never uses is not imported.

A full build that reuses the status index reads no catalog it does not need, runs no
QA check, splits no sentence and starts no worker pool (one process, few releases),
so it must not pay for importing the modules that do those things. Modules are
counted in a fresh interpreter (``sys.modules``), never timed here; the time is
measured by ``benchmarks/render.py``.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workflow.catalogs import edit_catalog
from workflow.review.units import State, approve_entry, state_of
from workflow.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent

# Needed only to parse, write, wrap or merge catalogs, run QA checks, split sentences, serve a
# preview, start worker processes, import a TBX glossary, or ask importlib.metadata.
NOT_FOR_A_BUILD = (
    "workflow.catalogs.write", "workflow.catalogs.wrap", "workflow.catalogs.linebreak", "workflow.catalogs.merge",
    "workflow.catalogs.validate", "workflow.catalogs.formats", "difflib",
    "workflow.review.checks.run", "workflow.review.checks.text", "workflow.review.checks.markup",
    "workflow.review.checks.terms",
    "workflow.sources.segmentation.latin", "workflow.sources.segmentation.thai",
    "workflow.sources.segmentation.korean", "workflow.sources.segmentation.lines", "pysbd",
    "workflow.publish.preview", "http.server", "ssl",
    "multiprocessing", "concurrent.futures.process", "ctypes",
    "importlib.metadata", "xml.etree.ElementTree",  # ... or suggest a locale for a mistyped one
)


def _python(code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def _modules_after(code: str, cwd: Path, *args: str) -> set[str]:
    done = _python(code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))", cwd, *args)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


# What `pressflow build` has imported when it calls build_site: the CLI, the build, the workspace.
BUILD_COMMAND = "import workflow.cli, workflow.workspace\nfrom workflow.publish.build import build_site"


def test_the_build_command_imports_nothing_a_build_never_uses(tmp_path: Path) -> None:
    loaded = _modules_after(BUILD_COMMAND, tmp_path)
    assert {"workflow.cli", "workflow.publish.build", "workflow.publish.pages", "jinja2"} <= loaded  # the probe works
    assert sorted(loaded & set(NOT_FOR_A_BUILD)) == []


def test_old_names_still_load_what_they_name(tmp_path: Path) -> None:
    """The lazy names resolve (and import their module) on first use."""
    loaded = _modules_after(
        "from workflow.catalogs import save_catalog, merge_catalog\n"
        "from workflow.review.checks.run import CheckCache\n"
        "from workflow.review.checks.cache import CheckCache as Cache\n"
        "assert CheckCache is Cache\n"
        "from workflow.sources.segmentation import SPLITTERS\n"
        "assert SPLITTERS['th']('ก. ข.') is not None", tmp_path)
    assert {"workflow.catalogs.write", "workflow.catalogs.merge", "workflow.review.checks.cache",
            "workflow.sources.segmentation.thai"} <= loaded
    assert "workflow.sources.segmentation.latin" not in loaded  # one language loads its splitter only


_DUMP = """
import atexit, sys
out = sys.argv[1]
atexit.register(lambda: open(out, "w", encoding="utf-8").write("\\n".join(sorted(sys.modules))))
sys.argv = ["pressflow", "build"]
from workflow.cli import main
main()
"""


def _build_modules(ws: Workspace, tmp_path: Path) -> set[str]:
    """``pressflow build`` in a fresh interpreter: the modules it had imported at exit."""
    out = tmp_path / "modules.txt"
    done = _python(_DUMP, ws.root, str(out))
    assert done.returncode == 0, done.stderr
    return set(out.read_text(encoding="utf-8").split())


def _forget_output(ws: Workspace) -> None:
    """Delete the site and the build manifest (a full build, as issue 18 times it); keep the index."""
    for manifest in (ws.root / ".pressflow").glob("build-*.json"):
        manifest.unlink()
    for path in sorted(ws.output_dir.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def test_a_full_build_reusing_the_status_index_loads_no_checks_segmenters_or_pools(
        sample_ws: Workspace, tmp_path: Path) -> None:
    slug = "asean-korea-telmin-13"
    with edit_catalog(sample_ws.po_path("th", slug)) as catalog:  # one published translation
        for entry in catalog:
            if state_of(entry) is not State.APPROVED:
                approve_entry(entry, "Test Editor")
    # Files edited a while ago: the index keeps their stamps (a stamp within the racy window
    # of a write would make every command read the file again, and this test flaky).
    an_hour_ago = time.time() - 3600
    for path in sample_ws.root.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    # Control: a first build (no status index yet) reads, QA-checks and segments, so the
    # probe sees those modules when they are used.
    first = _build_modules(sample_ws, tmp_path)
    assert {"workflow.review.checks.run", "workflow.sources.segmentation.latin"} <= first
    assert (sample_ws.output_dir / "th" / f"{slug}.html").is_file()

    status = _python("from workflow.cli import main; main()", sample_ws.root, "status")
    assert "asean-korea-telmin-13" in status.stdout, status.stderr
    _forget_output(sample_ws)
    full = _build_modules(sample_ws, tmp_path)
    assert (sample_ws.output_dir / "th" / f"{slug}.html").is_file()  # the same site, built again
    assert sorted(full & set(NOT_FOR_A_BUILD)) == []


def test_installed_version_agrees_with_importlib_metadata() -> None:
    from importlib import metadata

    from workflow.review.publishable import installed_version

    for name in ("pysbd", "jinja2", "babel", "polib"):
        assert installed_version(name) == metadata.version(name), name
    assert installed_version("no_such_distribution_here") == ""


def test_splitters_cover_every_language() -> None:
    from workflow.locales import LOCALES
    from workflow.sources.segmentation import SPLITTERS

    assert sorted(SPLITTERS) == sorted(LOCALES) and len(SPLITTERS) == len(LOCALES)
    with pytest.raises(KeyError):
        SPLITTERS["xx"]
