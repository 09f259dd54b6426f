"""Shared fixtures. System packages the suite needs are installed here, once per machine."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Debian packages the tests use: GNU gettext (msgfmt/msgcat/msgmerge), headless
# Chromium for browser tests, Noto fonts so screenshots show every script, and
# Apertium with its Indonesian-Malay pair (the offline engine's tests run it for real).
SYSTEM_PACKAGES = {
    "gettext": lambda: shutil.which("msgcat") and shutil.which("msgfmt") and shutil.which("msgmerge"),
    "apertium": lambda: shutil.which("apertium"),
    "apertium-ind-zlm": lambda: Path("/usr/share/apertium/modes/ind-zlm.mode").exists(),
    "chromium": lambda: shutil.which("chromium"),
    "chromium-driver": lambda: shutil.which("chromedriver"),
    "fonts-noto-core": lambda: Path("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf").exists(),
    "fonts-noto-cjk": lambda: Path("/usr/share/fonts/opentype/noto").exists(),
}


def _ensure_system_packages() -> None:
    if os.environ.get("PRESSFLOW_SKIP_APT"):
        return
    missing = [name for name, present in SYSTEM_PACKAGES.items() if not present()]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"pressflow tests: missing system packages {missing}; install them with apt-get", file=sys.stderr)
        return
    print(f"pressflow tests: installing {' '.join(missing)} with apt-get ...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Wait for another apt/dpkg run rather than failing on its lock.
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    subprocess.run(["apt-get", *lock, "update", "-qq"], check=False, env=env)
    done = subprocess.run(["apt-get", *lock, "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)
    if done.returncode != 0:
        # Tests that need a missing tool report it themselves (require_tool).
        print(f"pressflow tests: apt-get install failed ({done.returncode})", file=sys.stderr)


def pytest_sessionstart(session: pytest.Session) -> None:
    _ensure_system_packages()


def require_tool(name: str) -> str:
    """Path of a system tool; skipped locally if absent, a failure under CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI but is not installed")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture
def sample_ws(tmp_path: Path):
    """A scratch copy of the repository's sample newsroom, loaded as a Workspace."""
    from workflow.workspace import Workspace

    dest = tmp_path / "newsroom"
    dest.mkdir()
    for name in ("pressflow.toml", "glossary.csv"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    for folder in ("releases", "locales", "templates"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns(".*.lock"))
    return Workspace.load(dest)


ENGLISH_SLUG = "asean-korea-telmin-13"


@pytest.fixture
def english_only_ws(sample_ws):
    """The sample newsroom with its English release only, for tests that count or compare that
    release's pages, links and feed entries (the Korean release's site is tested in test_newsroom.py)."""
    from workflow.workspace import Workspace

    for release in sample_ws.releases():
        if release.slug != ENGLISH_SLUG:
            release.path.unlink()
            for path in sample_ws.locales_dir.rglob(f"{release.slug}.po*"):
                path.unlink()
    return Workspace.load(sample_ws.root)


@pytest.fixture
def relay_mt():
    """A loopback LibreTranslate server for the relay tests."""
    from loopback_mt import LoopbackMT

    with LoopbackMT() as server:
        yield server


@pytest.fixture
def relay_ws(tmp_path: Path, relay_mt):
    """The mixed-source newsroom of tests/data/newsroom/mixed, drafting through ``relay_mt``, catalogs updated."""
    from loopback_mt import NO_HANG_TIMEOUT
    from workflow.catalogs.extract import update
    from workflow.workspace import Workspace

    root = tmp_path / "newsroom"
    shutil.copytree(DATA / "newsroom" / "mixed", root)
    with (root / "pressflow.toml").open("a", encoding="utf-8") as config:
        config.write(f'chain = ["libre"]\nlibre_url = "{relay_mt.url}"\nbackoff = 0.01\ntimeout = {NO_HANG_TIMEOUT:g}\n')
    workspace = Workspace.load(root)
    update(workspace)
    return workspace


@pytest.fixture
def two_releases_ws(tmp_path: Path):
    """tests/data/review/two_releases (the later release sorts first on disk), catalogs updated."""
    from workflow.catalogs.extract import update
    from workflow.workspace import Workspace

    root = tmp_path / "newsroom"
    shutil.copytree(DATA / "review" / "two_releases", root)
    workspace = Workspace.load(root)
    update(workspace)
    return workspace


@pytest.fixture
def cli_run():
    """Run the pressflow CLI in-process: ``cli_run("status", "--json", cwd=path)``."""
    from click.testing import CliRunner

    from workflow.cli import cli

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        runner = CliRunner()
        old = Path.cwd()
        try:
            if cwd is not None:
                os.chdir(cwd)
            return runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        finally:
            os.chdir(old)

    return run


@pytest.fixture
def files_read(monkeypatch) -> list[str]:
    """The paths pressflow's ``read_file`` is asked for from now on (in every module that uses it)."""
    import importlib

    import workflow.fsutil

    read: list[str] = []
    real = workflow.fsutil.read_file

    def counting(path, *args, **kwargs):
        read.append(str(path))
        return real(path, *args, **kwargs)

    for module in ("workflow.fsutil", "workflow.publish.manifest", "workflow.publish.pages", "workflow.review.index"):
        if hasattr(importlib.import_module(module), "read_file"):
            monkeypatch.setattr(f"{module}.read_file", counting)
    return read
