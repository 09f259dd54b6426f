"""Workspace-level extract/update: releases → POT → PO, through the CLI."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import require_tool
from workflow.catalogs import load_catalog
from workflow.review.units import mark_draft

SLUG = "asean-korea-telmin-13"
RELEASE = f"releases/2018-12-07-{SLUG}.md"


@pytest.fixture
def ws(sample_ws):
    # Start from sources only, so these tests do not depend on the shipped catalogs.
    shutil.rmtree(sample_ws.locales_dir, ignore_errors=True)
    return sample_ws


def test_seed_yields_exactly_17_units(ws, cli_run):
    result = cli_run("extract", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert f"locales/{SLUG}.pot: 17 units, updated" in result.output
    pot = load_catalog(ws.pot_path(SLUG))
    kinds = [e.comment for e in pot]
    assert kinds.count("title") == 1 and kinds.count("subtitle") == 1
    assert kinds.count("note") == 2 and kinds.count("paragraph") == 13
    first = next(iter(pot))
    assert first.occurrences == [(RELEASE, "3")]
    assert all(e.msgstr == "" for e in pot)


def test_extract_twice_changes_nothing(ws, cli_run):
    cli_run("extract", cwd=ws.root)
    before = ws.pot_path(SLUG).read_bytes()
    again = cli_run("extract", cwd=ws.root)
    assert "unchanged" in again.output
    assert ws.pot_path(SLUG).read_bytes() == before


def test_extract_rewrites_a_truncated_template_and_says_what_was_wrong(ws, cli_run):
    cli_run("extract", cwd=ws.root)
    pot = ws.pot_path(SLUG)
    good = [(e.msgid, e.occurrences) for e in load_catalog(pot)]
    text = pot.read_text(encoding="utf-8")
    cut = text.index('msgid "', len(text) // 2) + len('msgid "') + 3   # inside a string: unterminated
    pot.write_text(text[:cut], encoding="utf-8")
    line = text[:cut].count("\n") + 1
    result = cli_run("extract", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert f"warning: locales/{SLUG}.pot:{line}: unterminated string" in result.output
    assert f"locales/{SLUG}.pot: 17 units, rewritten" in result.output
    assert [(e.msgid, e.occurrences) for e in load_catalog(pot)] == good
    again = cli_run("extract", cwd=ws.root)
    assert f"locales/{SLUG}.pot: 17 units, unchanged" in again.output and "warning" not in again.output
    pot.write_text(text[:cut], encoding="utf-8")   # update extracts first: the same repair, said the same way
    updated = cli_run("update", "--locale", "th", cwd=ws.root)
    assert updated.exit_code == 0, updated.output
    assert updated.output.splitlines()[:2] == [
        f"warning: locales/{SLUG}.pot:{line}: unterminated string (a template is generated: written again from "
        "the release)", f"locales/{SLUG}.pot: rewritten"]
    assert [(e.msgid, e.occurrences) for e in load_catalog(pot)] == good


def test_update_creates_a_catalog_per_locale(ws, cli_run):
    result = cli_run("update", cwd=ws.root)
    assert result.exit_code == 0, result.output
    for locale in ws.target_locales:
        po = load_catalog(ws.po_path(locale, SLUG))
        assert po.metadata["Language"] == locale and po.metadata["X-Source-Language"] == "en"
        assert len(po) == 17
    assert not ws.po_path("en", SLUG).exists()  # never into its own language
    again = cli_run("update", SLUG, cwd=ws.root)
    assert again.output.count("unchanged") == len(ws.target_locales)


def test_update_passes_msgfmt(ws, cli_run):
    msgfmt = require_tool("msgfmt")
    cli_run("update", cwd=ws.root)
    for locale in ws.target_locales:
        done = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(ws.po_path(locale, SLUG))], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def _edit_release(ws, old: str, new: str) -> None:
    path = ws.root / RELEASE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_removed_and_restored_units_keep_translations(ws, cli_run):
    cli_run("update", "--locale", "th", cwd=ws.root)
    po_path = ws.po_path("th", SLUG)
    po = load_catalog(po_path)
    changed = "Korea has become an ASEAN Dialogue Partner since 2004 and participated in ASEAN-Korea TELMIN every year."
    removed = "With Cambodia, Korea pledged to revise ICT MoU and identify new projects."
    po.find(changed).msgstr = "เกาหลีเป็นคู่เจรจาของอาเซียนตั้งแต่ปี 2004"
    mark_draft(po.find(removed), "กับกัมพูชา เกาหลีให้คำมั่นว่าจะแก้ไข MoU", origin="sample")
    from workflow.catalogs import save_catalog
    save_catalog(po, po_path)

    _edit_release(ws, "since 2004 and participated", "since 2004 and has participated")
    _edit_release(ws, " " + removed, "")
    result = cli_run("update", "--locale", "th", cwd=ws.root)
    assert result.exit_code == 0, result.output
    po = load_catalog(po_path)
    new_text = changed.replace("and participated", "and has participated")
    entry = po.find(new_text)
    assert entry.msgstr == "เกาหลีเป็นคู่เจรจาของอาเซียนตั้งแต่ปี 2004"
    assert "fuzzy" in entry.flags and entry.previous_msgid == changed
    gone = po.find(removed, include_obsolete=True)
    assert gone is not None and gone.obsolete and po.find(removed) is None

    _edit_release(ws, "between Korea and Indonesia.", "between Korea and Indonesia. " + removed)
    cli_run("update", "--locale", "th", cwd=ws.root)
    back = load_catalog(po_path).find(removed)
    assert back is not None and not back.obsolete
    assert back.msgstr == "กับกัมพูชา เกาหลีให้คำมั่นว่าจะแก้ไข MoU"


def test_update_explicit_po_of_another_project(tmp_path, ws, cli_run):
    pot = tmp_path / "app.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n\nmsgid "World"\nmsgstr ""\n', encoding="utf-8")
    po = tmp_path / "ko.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr "안녕하세요"\n', encoding="utf-8")
    result = cli_run("update", str(po), "--pot", str(pot), cwd=ws.root)
    assert result.exit_code == 0, result.output
    cat = load_catalog(po)
    assert cat.find("Hello").msgstr == "안녕하세요" and cat.find("World") is not None


def test_unknown_locale_is_an_error_listing_valid_ones(ws, cli_run):
    result = cli_run("update", "--locale", "xx", cwd=ws.root)
    assert result.exit_code == 1
    assert "valid locales: en, ko, id, ms, th, vi, fil, km, lo, my" in result.output


def test_malformed_po_is_reported_and_left_untouched(ws, cli_run):
    cli_run("update", "--locale", "vi", cwd=ws.root)
    path = ws.po_path("vi", SLUG)
    broken = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#.', 'msgstr "unterminated\n\n#.', 1)
    path.write_text(broken, encoding="utf-8")
    result = cli_run("update", "--locale", "vi", cwd=ws.root)
    assert result.exit_code == 1
    assert f"{path}:" in result.output or f"locales/vi/LC_MESSAGES/{SLUG}.po:" in result.output
    assert path.read_text(encoding="utf-8") == broken


def test_init_scaffolds_a_workspace(tmp_path, cli_run):
    result = cli_run("init", str(tmp_path / "news"), "--source", "ko")
    assert result.exit_code == 0, result.output
    from workflow.workspace import Workspace

    ws = Workspace.load(tmp_path / "news")
    assert ws.source_language == "ko" and "en" in ws.target_locales and "ko" not in ws.target_locales
    assert (tmp_path / "news" / "releases").is_dir()
    assert ".pressflow-users.json" in (tmp_path / "news" / ".gitignore").read_text()
    again = cli_run("init", str(tmp_path / "news"))
    assert again.exit_code == 1 and "already exists" in again.output


def test_segment_command(cli_run):
    result = cli_run("segment", "--lang", "en", input="Dr. Kim met U.S. officials. They agreed.\n")
    assert result.output.splitlines() == ["Dr. Kim met U.S. officials.", "They agreed."]


def test_shipped_catalogs_are_in_sync_with_the_sample_release(sample_ws, cli_run):
    # The repository's own POT and PO files must be exactly what extract/update write.
    def catalogs() -> dict:
        return {p: p.read_bytes() for p in sample_ws.locales_dir.rglob("*.po*") if not p.name.startswith(".")}

    before = catalogs()
    assert len(before) == sum(1 + len(sample_ws.targets_of(r.lang)) for r in sample_ws.releases())
    result = cli_run("update", cwd=sample_ws.root)
    assert result.exit_code == 0, result.output
    assert "created" not in result.output and "updated" not in result.output
    assert catalogs() == before
