"""A build killed at any point leaves nothing behind: no stale page with revoked text, no
temporary file in the output folder, no worker process; the next build repairs the site.

The scenario of issue 15: approve a language for many releases, start a forked build
(150 releases, ``python -m workflow build`` in a subprocess of its own session), kill
its parent with SIGKILL at a random moment, revoke the approvals, rebuild. Twenty rounds.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from workflow.catalogs import edit_catalog
from workflow.catalogs.extract import update
from workflow.publish.build import build_site
from workflow.review.units import approve_entry, edit_entry
from workflow.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
RELEASES = 150
ROUNDS = 20
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Target-language text per locale (in its own script, so QA passes once approved).
TEXT = {"ko": "과학기술정보통신부 보도자료 문장", "id": "Kalimat siaran pers kementerian", "th": "ข้อความข่าวประชาสัมพันธ์ของกระทรวง"}
BODY = "The ministry met its partners in Jakarta. The ministers agreed on a joint plan."


def _session_processes(sid: int) -> list[str]:
    """Live (not zombie) processes of session ``sid``: 'pid state comm' each."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(f"{entry} {fields[0]} {comm}")
    return found


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")}


def _restore(folder: Path, snapshot: dict[Path, bytes]) -> None:
    for path in folder.rglob("*.json"):
        if path not in snapshot:
            path.unlink()
    for path, data in snapshot.items():
        if path.read_bytes() != data:
            path.write_bytes(data)


def _site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _check_consistent(site: Path, published: dict[str, list[str]]) -> None:
    """Release pages = what the build says it published; sitemap and feeds list exactly them."""
    pages = {p.relative_to(site).as_posix() for p in site.glob("*/*.html") if p.name != "index.html"}
    assert pages == {f"{c}/{slug}.html" for slug, locales in published.items() for c in locales}
    base = "https://press.example.org/"
    locs = {u.findtext(f"{SM}loc") for u in ET.parse(site / "sitemap.xml").getroot().findall(f"{SM}url")}
    assert {loc[len(base):] for loc in locs if not loc.endswith("/") and not loc.endswith("index.html")} == pages
    feeds = {e.findtext(f"{ATOM}id")[len(base):] for feed in site.glob("*/atom.xml")
             for e in ET.parse(feed).getroot().findall(f"{ATOM}entry")}
    assert feeds == pages


@pytest.fixture(scope="module")
def big_ws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, dict[str, tuple[bytes, bytes]]]:
    """150 releases with the same units; th approved everywhere, ko and id waiting for review.

    Returns the workspace and, per locale, the (unapproved, approved) bytes of a catalog.
    """
    root = tmp_path_factory.mktemp("crash") / "newsroom"
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(
        '[workspace]\nname = "Crash test"\nsource_language = "en"\ntarget_locales = ["ko", "id", "th"]\n'
        'base_url = "https://press.example.org/"\n', encoding="utf-8")
    for i in range(RELEASES):
        (root / "releases" / f"r{i:03d}.md").write_text(
            f"---\nslug: r{i:03d}\ntitle: The ministry meets its partners\ndate: 2020-{1 + i % 12:02d}-"
            f"{1 + i % 28:02d}\nlang: en\n---\n{BODY}\n", encoding="utf-8")
    ws = Workspace.load(root)
    update(ws, (), ["r000"])
    catalogs = {}
    for locale in ws.target_locales:
        path = ws.po_path(locale, "r000")
        with edit_catalog(path) as catalog:
            for entry in catalog:
                edit_entry(entry, f"{TEXT[locale]} {len(entry.msgid)}", "Tester")
        waiting = path.read_bytes()
        with edit_catalog(path) as catalog:
            for entry in catalog:
                approve_entry(entry, "Tester")
        catalogs[locale] = (waiting, path.read_bytes())
    for i in range(RELEASES):
        for locale in ws.target_locales:
            target = ws.po_path(locale, f"r{i:03d}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(catalogs[locale][1 if locale == "th" else 0])
    return ws, catalogs


def test_killed_builds_leave_no_stale_page_temp_file_or_process(big_ws, tmp_path: Path) -> None:
    ws, catalogs = big_ws
    result = build_site(ws)
    assert all(result.published[f"r{i:03d}"] == ["en", "th"] for i in range(RELEASES))
    site = ws.output_dir
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(15)
    killed_while_writing = 0
    for round_ in range(ROUNDS):
        locale = ("ko", "id")[round_ % 2]
        chosen = rng.sample(range(RELEASES), rng.randint(60, RELEASES))
        records = _snapshot(ws.published_dir)
        for i in chosen:
            ws.po_path(locale, f"r{i:03d}").write_bytes(catalogs[locale][1])
        journal = next(ws.state_dir.glob("build-*.json")).with_suffix(".journal")
        build = subprocess.Popen([sys.executable, "-m", "workflow", "build", "-w", str(ws.root)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        if round_ % 2:
            # Kill while it writes pages: once its intent journal exists.
            deadline = time.monotonic() + 60
            while not journal.exists() and build.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.6))
        else:
            time.sleep(rng.uniform(0.1, 2.5))  # anywhere: imports, index, rendering, site, manifest
        if build.poll() is None:
            os.kill(build.pid, signal.SIGKILL)  # the parent only: its workers must follow by themselves
        build.wait(timeout=30)
        killed_while_writing += journal.exists()
        deadline = time.monotonic() + 10
        while _session_processes(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _session_processes(build.pid)
        for line in left:  # do not leave them running when the assertion fails
            os.kill(int(line.split()[0]), signal.SIGKILL)
        assert left == [], f"round {round_}: workers outlived the killed build"
        # Revoke this round's approvals and rebuild: none of their pages may survive. (Like
        # `git checkout locales published`: had the killed build finished, the records of the
        # versions it published would keep them online as previous versions, by design.)
        for i in chosen:
            ws.po_path(locale, f"r{i:03d}").write_bytes(catalogs[locale][0])
        _restore(ws.published_dir, records)
        result = build_site(ws)
        assert all(result.published[f"r{i:03d}"] == ["en", "th"] for i in range(RELEASES)), round_
        stale = [f"{locale}/r{i:03d}.html" for i in chosen if (site / locale / f"r{i:03d}.html").exists()]
        assert stale == [], f"round {round_}: revoked pages survived"
        hidden = [p for p in site.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]
        assert hidden == [], f"round {round_}: temporary files in the output"
        _check_consistent(site, result.published)
    assert killed_while_writing >= ROUNDS // 4  # the kills did land inside the writing phase
    # The repaired site is exactly what a build from scratch makes, and valid HTML5.
    fresh = build_site(ws, tmp_path / "fresh")
    assert _site_files(site) == _site_files(tmp_path / "fresh")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in sorted(site.rglob("*.html"))[::7]:
        parser.parse(page.read_bytes())
    assert fresh.published == result.published


@pytest.mark.parametrize("command", [["status"], ["review", "approve", "--unit", "fffffff", "--as", "Ed"]],
                         ids=["status", "review-approve"])
def test_a_killed_status_index_rebuild_leaves_no_worker(big_ws, command: list[str]) -> None:
    """``status`` or ``review approve`` summarising hundreds of catalogs in worker processes, killed mid-way."""
    ws, _catalogs = big_ws
    for suffix in ("", "-wal", "-shm"):
        (ws.state_dir / f"index.sqlite3{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    status = subprocess.Popen([sys.executable, "-m", "workflow", *command, "-w", str(ws.root)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_session_processes(status.pid)) < 3 and status.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert status.poll() is None, "status finished before its workers could be seen"
    os.kill(status.pid, signal.SIGKILL)
    status.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _session_processes(status.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _session_processes(status.pid)
    for line in left:
        os.kill(int(line.split()[0]), signal.SIGKILL)
    assert left == []


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed files", "named temporary files"])
def test_temporary_files_are_written_outside_the_output_folder(sample_ws: Workspace, monkeypatch, unnamed) -> None:
    """No name in the output folder but an output's own: a new page is an unnamed file
    (O_TMPFILE) given its name when complete; a page written over an old one (and every
    page where unnamed files are not supported) has its temporary name outside the folder."""
    import workflow.publish.manifest as manifest

    if unnamed and not manifest._UNNAMED[0]:
        pytest.skip("no O_TMPFILE or /proc/self/fd here")
    monkeypatch.setattr(manifest, "_UNNAMED", [unnamed])
    names: list[Path] = []
    real_create, real_link = manifest._create, manifest._link

    def create(tmp: str) -> int:
        names.append(Path(tmp))
        return real_create(tmp)

    def link(fd: int, name: str) -> None:
        names.append(Path(name))
        real_link(fd, name)

    monkeypatch.setattr(manifest, "_create", create)
    monkeypatch.setattr(manifest, "_link", link)
    first = build_site(sample_ws)
    again = build_site(sample_ws, clean=True)  # every output written again, over the old file
    site = sample_ws.output_dir
    outputs = {site / rel for rel in first.written}
    assert first.written and set(again.written) == set(first.written)
    temporary = [p for p in names if p not in outputs]
    assert len(temporary) >= len(again.written)  # at least the rewrites went through a temporary name
    assert not any(site in p.parents for p in temporary)
    assert all(p.stat().st_dev == site.stat().st_dev for p in {t.parent for t in temporary})  # an atomic rename
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == sorted(first.written)


def test_build_removes_temporary_files_an_older_build_left_in_the_output(sample_ws: Workspace) -> None:
    build_site(sample_ws)
    leftover = sample_ws.output_dir / "en" / ".asean-korea-telmin-13.html.4242.7.tmp"
    leftover.write_text("<html>half a page", encoding="utf-8")
    build_site(sample_ws, clean=True)
    assert not leftover.exists()
    assert [p for p in sample_ws.output_dir.rglob(".*")] == []


def test_clean_removes_pages_of_ours_that_no_manifest_remembers(sample_ws: Workspace) -> None:
    """A site whose manifest and journal were lost (``.pressflow/`` deleted after a crash):
    ``--clean`` finds pressflow's pages by their generator mark; a publisher's own file stays."""
    from workflow.catalogs import edit_catalog as edit
    from workflow.review.units import State, approve_entry as approve, state_of

    with edit(sample_ws.po_path("th", "asean-korea-telmin-13")) as catalog:
        for entry in catalog:
            if state_of(entry) is not State.APPROVED:
                approve(entry, "Tester")
    build_site(sample_ws)
    site = sample_ws.output_dir
    thai = site / "th" / "asean-korea-telmin-13.html"
    assert b'<meta name="generator" content="pressflow">' in thai.read_bytes()
    (site / "th" / "about.html").write_text("<!DOCTYPE html><title>ours</title>", encoding="utf-8")
    shutil.rmtree(sample_ws.state_dir)
    shutil.rmtree(sample_ws.published_dir)
    (sample_ws.po_path("th", "asean-korea-telmin-13")).write_bytes(
        (ROOT / "locales" / "th" / "LC_MESSAGES" / "asean-korea-telmin-13.po").read_bytes())  # revoked
    # No manifest (lost, or a copied newsroom): the build finds them like --clean does.
    result = build_site(sample_ws)
    assert "th/asean-korea-telmin-13.html" in result.removed and "th/atom.xml" in result.removed
    assert not thai.exists() and (site / "th" / "about.html").exists()
    build_site(sample_ws, preview=False, clean=False)
    (site / "th").mkdir(exist_ok=True)
    thai.write_bytes(b'<!DOCTYPE html><meta name="generator" content="pressflow"><title>old</title>')
    result = build_site(sample_ws, clean=True)
    assert result.removed == ["th/asean-korea-telmin-13.html"]
    assert not thai.exists() and (site / "th" / "about.html").exists()


def test_clean_counts_the_temporary_files_it_removes(sample_ws: Workspace, cli_run) -> None:
    build_site(sample_ws)
    for n in (1, 2):
        (sample_ws.output_dir / "en" / f".asean-korea-telmin-13.html.4242.{n}.tmp").write_text("half", "utf-8")
    done = cli_run("build", "--clean", cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    assert "2 leftover temporary files removed" in done.output
    assert " 1 files " not in done.output and " 1 pages " not in done.output
