"""`pressflow translate`: drafts, human work, dedupe, cache, resume, chain/fallback, failures."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, require_tool
from loopback_mt import NO_HANG_TIMEOUT, LoopbackMT, make_workspace
from workflow.catalogs import load_catalog, save_catalog
from workflow.translation.engines import register
from workflow.translation.engines.base import ALL_LOCALES, Engine
from workflow.review.units import State, get_stamp, state_of, unit_hash
from workflow.translation.translate import translate
from workflow.workspace import Workspace

SHARED = "The Ministry of Science and ICT (MSIT) announced the plan."
RELEASES = {
    "telmin": ["Ministers met in Bali on 6 December.", SHARED, "Read **the** [plan](https://msit.go.kr/p)."],
    "ai-week": ["AI week opens.", SHARED],
    "5g": [SHARED, "5G coverage reached 95%."],
}


@pytest.fixture
def mt():
    with LoopbackMT() as server:
        yield server


def workspace(tmp_path: Path, mt: LoopbackMT, locales=("th", "km"), extra: str = "", releases=RELEASES,
              workers: int = 4) -> Workspace:
    root = make_workspace(tmp_path / "ws", releases, list(locales), translate=(
        f'chain = ["libre"]\nlibre_url = "{mt.url}"\nbackoff = 0.01\ntimeout = {NO_HANG_TIMEOUT:g}\nworkers = {workers}\n{extra}'))
    return Workspace.load(root)


def entries(ws: Workspace, locale: str, slug: str) -> dict:
    return {e.msgid: e for e in load_catalog(ws.po_path(locale, slug))}


def test_drafts_are_fuzzy_stamped_and_deduplicated(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th", "fil"))
    summary = translate(ws, progress=False)
    assert summary.ok and summary.drafted == 14  # 7 units × 2 locales
    unique = {u for units in RELEASES.values() for u in units}
    assert mt.count == len(unique) * 2            # SHARED once per locale, not per release
    assert max(mt.texts().values()) == 1
    entry = entries(ws, "fil", "telmin")["Read **the** [plan](https://msit.go.kr/p)."]
    assert entry.msgstr == "[tl] Read **the** [plan](https://msit.go.kr/p)."
    assert "fuzzy" in entry.flags and state_of(entry) is State.DRAFT
    assert get_stamp(entry, "draft")["origin"] == "libre"
    msgfmt = require_tool("msgfmt")
    for path in (ws.locales_dir / "th" / "LC_MESSAGES").glob("*.po"):
        subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], check=True)


def test_human_work_is_never_touched(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th",))
    path = ws.po_path("th", "telmin")
    catalog = load_catalog(path)
    units = RELEASES["telmin"]
    written = catalog.find(units[0])
    written.msgstr = "ข้อความของคน"                        # needs review
    approved = catalog.find(units[1])
    approved.msgstr = "อนุมัติแล้ว"
    approved.tcomment = f"pressflow: approved by=Kim at=2020-01-01T00:00:00Z sha={unit_hash(approved)}"
    save_catalog(catalog)
    assert state_of(approved) is State.APPROVED
    before = path.read_text(encoding="utf-8")
    translate(ws, progress=False)
    after = entries(ws, "th", "telmin")
    assert after[units[0]].msgstr == "ข้อความของคน" and state_of(after[units[0]]) is State.NEEDS_REVIEW
    assert after[units[1]].msgstr == "อนุมัติแล้ว" and state_of(after[units[1]]) is State.APPROVED
    assert state_of(after[units[2]]) is State.DRAFT
    # Only the untranslated unit changed: both human entries are byte-identical.
    for line in ("ข้อความของคน", "อนุมัติแล้ว", unit_hash(approved)):
        assert line in before and line in path.read_text(encoding="utf-8")


def test_rerun_uses_the_cache_and_makes_no_request(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt)
    first = translate(ws, progress=False)
    assert first.requests == mt.calls > 0         # provider calls (batches), each text once
    assert max(mt.texts().values()) == 1
    # Throw the drafts away: the rerun restores them from the cache alone.
    for path in ws.locales_dir.rglob("*.po"):
        catalog = load_catalog(path)
        for entry in catalog:
            entry.msgstr, entry.flags, entry.tcomment = "", [], ""
        save_catalog(catalog)
    mt.reset()
    second = translate(ws, progress=False)
    assert mt.count == 0 and second.requests == 0
    assert second.drafted == first.drafted == second.from_cache


def test_fallback_engine_per_locale_for_unsupported_pairs(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th", "km"), extra='fallback = {km = "pseudo"}')
    summary = translate(ws, progress=False)
    assert summary.ok
    assert get_stamp(entries(ws, "th", "ai-week")["AI week opens."], "draft")["origin"] == "libre"
    km = entries(ws, "km", "ai-week")["AI week opens."]
    assert get_stamp(km, "draft")["origin"] == "pseudo" and km.msgstr.startswith("[")
    assert {target for _, _, target, _ in mt.requests} == {"th"}


def test_unsupported_locale_without_fallback_fails_clearly(tmp_path: Path, mt: LoopbackMT, cli_run) -> None:
    ws = workspace(tmp_path, mt, locales=("th", "km"))
    result = cli_run("translate", "--no-progress", cwd=ws.root)
    assert result.exit_code == 1
    assert "failed: 7 units (unsupported 7)" in result.output
    assert "libre does not support Khmer (km)" in result.output
    assert state_of(entries(ws, "th", "5g")[SHARED]) is State.DRAFT  # the rest was still done


@register
class _OnlyShortEngine(Engine):
    """Answers only short texts (no answer → the next engine of the chain)."""

    name = "test-short"
    online = False
    codes = {c: c for c in ALL_LOCALES}

    def _translate_batch(self, texts, src, tgt, source, target):
        return [f"short:{t}" if len(t) < 20 else None for t in texts]


def test_chain_order_first_answer_wins(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th",))
    summary = translate(ws, engines=["test-short", "libre"], progress=False)
    assert summary.by_engine == {"test-short": 1, "libre": 6}
    assert entries(ws, "th", "ai-week")["AI week opens."].msgstr == "short:AI week opens."
    assert "AI week opens." not in {q for *_, q in mt.requests}


def test_provider_failures_are_summarised_and_exit_non_zero(tmp_path: Path, mt: LoopbackMT, cli_run) -> None:
    # One text per request, so that each queued fault hits one unit.
    ws = workspace(tmp_path, mt, locales=("th",), extra="retries = 1\nlibre_batch_size = 1", workers=1)
    mt.fail_next("500", "500", "badjson")
    result = cli_run("translate", "--no-progress", cwd=ws.root)
    assert result.exit_code == 1
    assert "failed: 2 units (server-error 1, bad-response 1)" in result.output
    assert "libre en->th: HTTP 500 from the provider (after 2 attempts)" in result.output
    assert "drafted 5 units" in result.output
    assert "translating" not in result.output  # no progress bar when not on a terminal
    mt.reset()
    assert cli_run("translate", "--no-progress", cwd=ws.root).exit_code == 0
    assert mt.count == 2  # only the two failures are asked again


def test_do_not_translate_terms_from_config_and_glossary(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th",), extra='do_not_translate = ["Bali"]')
    (ws.root / "glossary.csv").write_text(
        "term,note,do_not_translate,en,ko,id,ms,th,vi,fil,km,lo,my\nMSIT,ministry,yes,,,,,,,,,,\n", encoding="utf-8")
    translate(ws, progress=False)
    sent = " ".join(q for *_, q in mt.requests)
    assert "MSIT" not in sent and "Bali" not in sent
    assert "(MSIT)" in entries(ws, "th", "5g")[SHARED].msgstr


@register
class _TokenEater(Engine):
    name = "test-eater"
    online = False
    codes = {c: c for c in ALL_LOCALES}

    def _translate_batch(self, texts, src, tgt, source, target):
        return [t.split("⟦")[0] + "(eaten)" for t in texts]


def test_lost_masking_is_noted_for_qa(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th",))
    summary = translate(ws, engines=["test-eater"], progress=False)
    assert summary.masking_lost == 3
    entry = entries(ws, "th", "5g")["5G coverage reached 95%."]
    assert state_of(entry) is State.DRAFT
    assert get_stamp(entry, "qa") == {"masking-lost": "95%"}


def test_explicit_po_file_and_missing_catalogs(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th", "vi"))
    ws.po_path("vi", "5g").unlink()
    summary = translate(ws, targets=[str(ws.po_path("th", "5g"))], progress=False)
    assert summary.drafted == 2 and {t for _, _, t, _ in mt.requests} == {"th"}
    summary = translate(ws, locales=["vi"], progress=False)
    assert summary.missing == [ws.po_path("vi", "5g")]


def test_explicit_po_file_outside_a_workspace_is_drafted_with_defaults(tmp_path: Path, cli_run,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"   # any gettext project: no pressflow.toml here or above
    project.mkdir()
    po = project / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: th\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Ministers met."\nmsgstr ""\n', encoding="utf-8")
    result = cli_run("translate", "--engine", "pseudo", "django.po", cwd=project)
    assert result.exit_code == 0, result.output
    assert "drafted 1 unit (0 from cache; pseudo 1) in 1 file" in result.output
    entry = next(iter(load_catalog(po)))
    assert entry.msgstr and state_of(entry) is State.DRAFT and get_stamp(entry, "draft")["origin"] == "pseudo"
    # The caches are not left beside it (only the lock file every write of a catalog takes).
    assert sorted(p.name for p in project.iterdir() if not p.name.endswith(".lock")) == ["django.po"]
    assert (tmp_path / "cache" / "pressflow" / "no-workspace" / ".pressflow").is_dir()
    # Releases (or no target at all) still need a workspace.
    refused = cli_run("translate", "--engine", "pseudo", cwd=project)
    assert refused.exit_code == 1 and "no pressflow.toml in" in refused.output


def test_resume_after_sigkill(tmp_path: Path) -> None:
    def sentence(j: int) -> str:  # distinct words, no digits (numbers are masked, so would dedupe)
        return f"Boilerplate sentence {'abcdefghij'[j % 10]}{'klmnopqrst'[j // 10]} ends here."

    units = {f"r{i}": [sentence(j) for j in range(i * 6, i * 6 + 10)] for i in range(6)}
    with LoopbackMT(delay=0.05) as server:
        # Small batches, so that the run is killed half-way.
        ws = workspace(tmp_path, server, locales=("th", "vi"), releases=units, workers=2, extra="libre_batch_size = 3")
        unique = len({u for us in units.values() for u in us}) * 2
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "workflow", "translate", "--no-progress"]
        proc = subprocess.Popen(cmd, cwd=ws.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while server.count < unique // 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert 0 < server.count < unique
        first = {(t, q) for _, _, t, q in server.requests}
        with sqlite3.connect(ws.state_dir / "mt-cache.sqlite3") as db:
            cached = {(t, q) for t, q in db.execute("SELECT target, text FROM mt")}
        assert cached and cached <= first
        for path in ws.locales_dir.rglob("*.po"):
            load_catalog(path)  # every file is whole: written atomically or not at all

        server.reset()
        done = subprocess.run(cmd, cwd=ws.root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        second = [(t, q) for _, _, t, q in server.requests]
        assert not set(second) & cached        # nothing answered before is asked again
        assert len(second) == len(set(second))  # and nothing twice
        assert len(cached) + len(second) >= unique
        for slug, us in units.items():
            for locale in ("th", "vi"):
                assert all(state_of(e) is State.DRAFT for e in load_catalog(ws.po_path(locale, slug)))

        server.reset()
        rerun = subprocess.run(cmd, cwd=ws.root, env=env, capture_output=True, text=True, timeout=60)
        assert rerun.returncode == 0 and server.count == 0


@register
class _SilentEngine(Engine):
    """An offline engine with no answers (like an empty translation memory)."""

    name = "test-silent"
    online = False
    codes = {c: c for c in ALL_LOCALES}

    def _translate_batch(self, texts, src, tgt, source, target):
        return [None] * len(texts)


def test_no_answer_is_not_a_failure_but_an_engine_that_cannot_is(tmp_path: Path, mt: LoopbackMT) -> None:
    ws = workspace(tmp_path, mt, locales=("th", "km"))
    summary = translate(ws, engines=["test-silent", "libre"], progress=False)
    assert summary.failed == {"unsupported": 7}  # km: libre cannot, and the silent engine had nothing
    assert any("libre does not support Khmer" in e for e in summary.errors)
    summary = translate(ws, engines=["test-silent"], locales=["km"], progress=False)
    assert summary.ok and summary.no_answer == 7


def test_every_human_state_survives_byte_for_byte(tmp_path: Path, mt: LoopbackMT) -> None:
    """Scenario file: untranslated, needs review, approved, rejected and an old draft."""
    source = Path(__file__).parent / "data" / "translate" / "human_work.th.po"
    ws = workspace(tmp_path, mt, locales=("th",))
    target = ws.root / "human_work.po"
    target.write_bytes(source.read_bytes())
    before = {e.msgid: (state_of(e), e.msgstr, e.tcomment) for e in load_catalog(target)}
    summary = translate(ws, targets=[str(target)], progress=False)
    assert summary.drafted == 1 and [q for *_, q in mt.requests] == ["Ministers met in Bali."]
    after = {e.msgid: (state_of(e), e.msgstr, e.tcomment) for e in load_catalog(target)}
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"Ministers met in Bali."}
    assert {s for s, _, _ in before.values()} == set(State)
    # Only the drafted entry's lines differ from the scenario file: a stamp, a flag, the msgstr.
    old_lines = source.read_text(encoding="utf-8").split("\n")
    new_lines = target.read_text(encoding="utf-8").split("\n")
    added = set(new_lines) - set(old_lines)
    assert len(new_lines) == len(old_lines) + 2
    assert all(line.startswith("# pressflow: draft origin=libre ") or line == 'msgstr "[th] Ministers met in Bali."'
               for line in added), added


def test_msginit_placeholder_plural_forms_is_reported_once_as_the_files_problem(
        tmp_path: Path, cli_run, monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-unit copies of one file-level reason: the file is skipped once, at msgfmt's line, with the fix."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    po = project / "power.po"
    shutil.copy(Path(__file__).parent / "data" / "translate" / "msginit-placeholder-plural-forms.th.po", po)
    before = po.read_bytes()
    result = cli_run("translate", "--engine", "pseudo", "power.po", cwd=project)
    assert result.exit_code == 1, result.output
    assert result.output.count("power.po") == 1, result.output
    assert ("power.po:4: Plural-Forms is still msginit's placeholder \"nplurals=INTEGER; plural=EXPRESSION;\", "
            "which msgfmt -c rejects: fill it in, e.g. \"Plural-Forms: nplurals=1; plural=0;\" for th "
            "(3 units not drafted, the file unchanged)") in result.output
    assert "not drafted:" not in result.output and "failed:" not in result.output
    assert po.read_bytes() == before


def test_memory_without_a_match_is_not_a_failure_and_a_rerun_says_why_nothing_was_drafted(
        tmp_path: Path, cli_run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: th\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Ministers met."\nmsgstr ""\n\n'
        'msgid "Password reset sent"\nmsgstr ""\n', encoding="utf-8")
    result = cli_run("translate", "--engine", "memory", "django.po", cwd=project)
    assert result.exit_code == 0, result.output   # the README: no answer is not a failure
    assert "2 units not drafted:" in result.output and "failed" not in result.output
    assert "no match in the translation memory, is not a failure" in result.output
    assert cli_run("translate", "--engine", "pseudo", "django.po", cwd=project).exit_code == 0
    result = cli_run("translate", "--engine", "memory", "django.po", cwd=project)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "drafted 0 units (0 from cache) in 0 files; 0 distinct texts, 0 requests",
        "2 units already have machine drafts (left as they are: translate drafts only untranslated units)"]
