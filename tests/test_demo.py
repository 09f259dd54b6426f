"""``pressflow demo`` and the sample newsroom's translations."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, require_tool
from workflow.catalogs import load_catalog, render_catalog
from workflow.review.units import State, get_stamp, origin_of, state_of
from workflow.sources.segmentation import segment_release
from workflow.workspace import Workspace

SLUG = "asean-korea-telmin-13"
TARGETS = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
KOREAN = "asean-korea-digital-innovation-2019"          # the sample's Korean original
KOREAN_TARGETS = ["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
# Terms every translation keeps as written (the glossary's do-not-translate list).
KEEP = ("MSIT", "TELMIN", "I-KOREA 4.0")


def _catalog_digests() -> dict[str, str]:
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT / "locales").rglob("*.po*"))}


@pytest.mark.parametrize("locale", TARGETS)
def test_sample_translations_are_complete_unapproved_drafts(locale: str) -> None:
    ws = Workspace.load(ROOT)
    release = ws.select_releases([SLUG])[0]
    units = segment_release(release, ws.config.segmentation)
    assert len(units) == 17
    catalog = load_catalog(ws.po_path(locale, SLUG))
    entries = {e.msgid: e for e in catalog}
    assert sorted(entries) == sorted(u.text for u in units)
    for unit in units:
        entry = entries[unit.text]
        assert state_of(entry) is State.DRAFT, unit.text
        assert origin_of(entry) == "sample"
        assert get_stamp(entry, "approved") is None
        for term in KEEP:
            assert unit.text.count(term) <= entry.msgstr.count(term), (term, entry.msgstr)
        assert unit.text.count("*") == entry.msgstr.count("*")
        assert entry.msgstr != unit.text


def test_the_korean_release_ships_english_and_indonesian_drafts_only() -> None:
    ws = Workspace.load(ROOT)
    release = ws.select_releases([KOREAN])[0]
    assert release.lang == "ko" and ws.targets_of("ko") == KOREAN_TARGETS
    units = [u.text for u in segment_release(release, ws.config.segmentation)]
    assert len(units) == 10
    for locale in KOREAN_TARGETS:
        entries = {e.msgid: e for e in load_catalog(ws.po_path(locale, KOREAN))}
        assert sorted(entries) == sorted(units)
        states = {state_of(e) for e in entries.values()}
        # English and Indonesian: the relay versions, sample drafts for a person to review;
        # the rest are drafted from them (by relay) once they are approved.
        assert states == ({State.DRAFT} if locale in ("en", "id") else {State.UNTRANSLATED}), locale
        assert all(origin_of(e) == "sample" for e in entries.values() if state_of(e) is State.DRAFT)
    assert not ws.po_path("ko", KOREAN).exists()


def test_repository_catalogs_never_carry_an_approval() -> None:
    for path in sorted((ROOT / "locales").rglob("*.po")):
        text = path.read_text(encoding="utf-8")
        assert "pressflow: approved" not in text, path
        assert "demo-editor" not in text, path


def test_sample_catalogs_are_msgcat_identical_and_pass_msgfmt() -> None:
    msgfmt, msgcat = require_tool("msgfmt"), require_tool("msgcat")
    paths = sorted((ROOT / "locales").rglob("*.po"))
    assert len(paths) == len(TARGETS) + len(KOREAN_TARGETS)
    for path in paths:
        subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], check=True)
        out = subprocess.run([msgcat, str(path)], check=True, capture_output=True).stdout
        assert out == path.read_bytes(), path
        assert render_catalog(load_catalog(path)) == path.read_text(encoding="utf-8")


def test_demo_runs_the_whole_workflow_in_a_scratch_copy(tmp_path: Path, cli_run) -> None:
    before = _catalog_digests()
    target = tmp_path / "demo"
    result = cli_run("demo", "--dir", str(target), cwd=ROOT)
    assert result.exit_code == 0, result.output
    out = result.output
    for step in ("extract:", "update:", "draft:", "status:", "approve:", "build:"):
        assert any(line.startswith(step) for line in out.splitlines()), step
    assert "'demo-editor'" in out and "no person has reviewed" in out
    index = target / "site" / "index.html"
    assert f"open the site: {index}" in out
    assert "--preview --serve" in out
    # Every language is published in the copy, with the reviewer named in its catalogs.
    for locale in ["en", *TARGETS]:
        assert (target / "site" / locale / f"{SLUG}.html").is_file(), locale
    po = (target / "locales" / "th" / "LC_MESSAGES" / f"{SLUG}.po").read_text(encoding="utf-8")
    assert "approved by=demo-editor" in po
    # The Korean release: English first, then the other languages by relay from the approved English,
    # Malay from the approved Indonesian with Apertium (offline).
    assert "60 units wait for an approved en version" in out and "10 units wait for an approved id version" in out
    assert "approve (relay versions): 20 units of asean-korea-digital-innovation-2019 in en, id" in out
    assert "via en-approved 60, via id-approved 10" in out
    # The relay languages drafted by pseudo-localization cannot be approved: expected, and said so,
    # not shown as failures (nothing else is refused in the sample).
    pseudo = ["th", "vi", "fil", "km", "lo", "my"] + ([] if shutil.which("apertium") else ["ms"])
    assert (f"approve: as designed, {len(pseudo) * 10} pseudo-localized drafts stay unapproved "
            f"({KOREAN}: {', '.join(pseudo)}): pseudo-localization only tests layouts offline") in out
    assert f"  as designed, not published: {', '.join(pseudo)} (pseudo-localized drafts, never approved)" in out
    assert "refused" not in out and "held back" not in out
    published = {"ko", "en", "id", "ms"} if shutil.which("apertium") else {"ko", "en", "id"}
    assert {p.parent.name for p in (target / "site").glob(f"*/{KOREAN}.html")} == published
    korean_page = (target / "site" / "en" / f"{KOREAN}.html").read_text(encoding="utf-8")
    assert f'hreflang="x-default" href="https://press.example.go.kr/ko/{KOREAN}.html"' in korean_page
    malay = (target / "locales" / "ms" / "LC_MESSAGES" / f"{KOREAN}.po").read_text(encoding="utf-8")
    if shutil.which("apertium"):
        assert "origin=apertium" in malay and "via=id-approved" in malay
        assert "Kementerian Sains dan TAIP (MSIT) mengumumkan bahawa" in malay
    # ...and never in the repository's own catalogs.
    assert _catalog_digests() == before
    # A second run replaces its own earlier copy.
    assert cli_run("demo", "--dir", str(target), cwd=ROOT).exit_code == 0


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path, cli_run) -> None:
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = cli_run("demo", "--dir", str(precious), cwd=ROOT)
    assert result.exit_code == 1
    assert "is not a pressflow demo folder" in result.output
    assert (precious / "notes.txt").read_text() == "keep me"


def test_demo_keeps_a_real_refusal_loud_beside_the_expected_pseudo_ones(two_releases_ws: Workspace,
                                                                        tmp_path: Path) -> None:
    """A draft with a QA error (a changed number) is a problem to fix: listed unit by unit and its
    version held back with the reason, unlike the pseudo-localized drafts refused by design."""
    from workflow.catalogs import edit_catalog
    from workflow.demo import run_demo
    from workflow.review.units import mark_draft

    thai = {"Korea and Indonesia start a 5G pilot": "เกาหลีและอินโดนีเซียเริ่มโครงการนำร่อง 5G",
            "MSIT signed the agreement in Jakarta.": "MSIT ลงนามในข้อตกลงที่จาการ์ตา",
            "The pilot covers 3 cities.": "โครงการนำร่องครอบคลุม 4 เมือง"}  # 3 became 4: a QA error
    with edit_catalog(two_releases_ws.po_path("th", "5g-pilot")) as catalog:
        for entry in catalog:
            mark_draft(entry, thai[entry.msgid], "sample")
    lines: list[str] = []
    result = run_demo(two_releases_ws, tmp_path / "demo", say=lines.append)
    out = "\n".join(lines)
    # Everything else is pseudo-localized: ko th vi km of asean-ict-forum (2 units), ko vi km of 5g-pilot (3 units).
    assert (result.approved, result.refused, result.pseudo) == (2, 1, 2 * 4 + 3 * 3)
    assert "approve: 1 unit refused (a problem to fix, not part of the demo's design):" in out
    assert re.search(r"^  refused th [0-9a-f]{8}: blocked by QA errors: numbers: ", out, flags=re.M)
    assert "\n  held back th: 2/3 units approved" in out
    assert ("approve: as designed, 17 pseudo-localized drafts stay unapproved "
            "(asean-ict-forum: ko, th, vi, km; 5g-pilot: ko, vi, km)") in out
    assert "  as designed, not published: ko, km, vi (pseudo-localized drafts, never approved)" in out
