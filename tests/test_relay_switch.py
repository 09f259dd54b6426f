"""Relay provenance: drafts follow the relay configured now (explicit PO files, source drafts, changed settings)."""
from __future__ import annotations

import pytest

from workflow.catalogs import edit_catalog, load_catalog
from workflow.review.actions import Selection, approve, edit
from workflow.review.queue import review_queue
from workflow.review.relay import relay_hash
from workflow.review.status import collect_status
from workflow.review.units import State, edit_entry, get_stamp, mark_draft, state_of
from workflow.translation.translate import translate
from workflow.workspace import Workspace

KO = "ai-chip-plan"
TITLE, INVEST, MORE = ("인공지능 반도체 육성 계획 발표", "정부는 2030년까지 1조 원을 투자한다.",
                       "자세한 내용은 https://www.msit.go.kr 에서 볼 수 있다.")
ENGLISH = {TITLE: "AI chip plan announced", INVEST: "The government will invest 1 trillion won by 2030.",
           MORE: "See https://www.msit.go.kr for details."}
INDONESIAN = {TITLE: "Rencana chip AI diumumkan", INVEST: "Pemerintah akan berinvestasi 1 triliun won hingga 2030.",
              MORE: "Lihat https://www.msit.go.kr untuk rinciannya."}


@pytest.fixture
def ws(relay_ws: Workspace) -> Workspace:
    return relay_ws


def entries(ws: Workspace, locale: str) -> dict:
    return {e.msgid: e for e in load_catalog(ws.po_path(locale, KO))}


def approve_texts(ws: Workspace, locale: str, texts: dict[str, str], units: tuple[str, ...] = ()) -> None:
    with edit_catalog(ws.po_path(locale, KO)) as catalog:
        for msgid, text in texts.items():
            edit_entry(catalog.find(msgid), text, "Editor")
    selection = Selection(releases=(KO,), locales=(locale,), units=units, all=not units)
    assert all(o.ok for o in approve(ws, selection, "Editor"))


def stale(ws: Workspace, locale: str) -> int:
    [row] = [r for r in collect_status(ws, locales=(locale,)) if r.release == KO]
    return row.stale


def test_an_explicit_po_file_of_a_release_waits_and_relays_like_release(ws: Workspace, cli_run) -> None:
    path = ws.po_path("th", KO)
    relative = str(path.relative_to(ws.root))
    waiting = cli_run("translate", "--engine", "pseudo", relative, cwd=ws.root)
    assert waiting.exit_code == 0, waiting.output
    assert "3 units wait for an approved en version" in waiting.output
    assert all(state_of(e) is State.UNTRANSLATED for e in entries(ws, "th").values())
    approve_texts(ws, "en", ENGLISH)
    done = cli_run("translate", "--engine", "pseudo", relative, cwd=ws.root)
    assert done.exit_code == 0 and "drafted 3 units" in done.output, done.output
    stamp = get_stamp(entries(ws, "th")[INVEST], "draft")
    assert stamp["via"] == "en-approved" and stamp["relay-sha"] == relay_hash(ENGLISH[INVEST])
    # The other release's Thai catalog was not named, so it is left alone.
    assert all(state_of(e) is State.UNTRANSLATED for e in load_catalog(ws.po_path("th", "5g-pilot")))


def test_an_explicit_po_file_takes_relay_drafts(ws: Workspace, cli_run) -> None:
    result = cli_run("translate", "--engine", "pseudo", "--relay-drafts", str(ws.po_path("th", KO)), cwd=ws.root)
    assert result.exit_code == 0 and "drafted 3 units" in result.output, result.output
    assert "via" not in get_stamp(entries(ws, "th")[INVEST], "draft")


def test_source_drafts_go_stale_once_the_relay_text_is_approved(ws: Workspace) -> None:
    translate(ws, locales=("th",), targets=(KO,), relay_drafts=True, progress=False)
    assert stale(ws, "th") == 0        # English not approved yet: the source drafts are current
    approve_texts(ws, "en", {INVEST: ENGLISH[INVEST]}, units=(INVEST,))
    assert stale(ws, "th") == 1
    [item] = [i for i in review_queue(ws, locales=("th",)) if i.msgid == INVEST]
    assert item.stale and item.relay == {"locale": "en", "text": ENGLISH[INVEST]}
    summary = translate(ws, locales=("th",), targets=(KO,), progress=False)
    assert summary.drafted == 1 and summary.redrafted == 1 and summary.waiting == {}
    entry = entries(ws, "th")[INVEST]
    assert entry.msgstr == f"[th] {ENGLISH[INVEST]}"
    assert get_stamp(entry, "draft")["via"] == "en-approved"
    assert entries(ws, "th")[TITLE].msgstr == f"[th] {TITLE}"   # its English is not approved: kept
    assert stale(ws, "th") == 0


def test_sample_drafts_without_via_switch_but_person_texts_stay(ws: Workspace) -> None:
    with edit_catalog(ws.po_path("th", KO)) as catalog:
        for msgid in (TITLE, INVEST):
            mark_draft(catalog.find(msgid), f"sample {msgid}", origin="sample")
        edit_entry(catalog.find(MORE), "ข้อความของคน https://www.msit.go.kr", "Somchai")
    approve_texts(ws, "en", ENGLISH)
    assert stale(ws, "th") == 2
    summary = translate(ws, locales=("th",), targets=(KO,), progress=False)
    assert summary.redrafted == 2
    th = entries(ws, "th")
    assert th[TITLE].msgstr == f"[th] {ENGLISH[TITLE]}" and th[INVEST].msgstr == f"[th] {ENGLISH[INVEST]}"
    assert th[MORE].msgstr == "ข้อความของคน https://www.msit.go.kr"   # a person's text is theirs
    # An approved Thai text is never replaced either.
    approve(ws, Selection(releases=(KO,), locales=("th",), units=(TITLE,)), "Somchai", force_reason="test")
    edit(ws, Selection(releases=(KO,), locales=("en",), units=(TITLE,)), "Editor", "AI chip plan")
    approve(ws, Selection(releases=(KO,), locales=("en",), units=(TITLE,)), "Editor")
    assert translate(ws, locales=("th",), targets=(KO,), progress=False).drafted == 0
    assert entries(ws, "th")[TITLE].msgstr == f"[th] {ENGLISH[TITLE]}"


def test_a_changed_relay_setting_makes_old_relay_drafts_stale(ws: Workspace) -> None:
    config = ws.root / "pressflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('relay_targets = {ms = "id"}\n', ""),
                      encoding="utf-8")
    ws = Workspace.load(ws.root)
    approve_texts(ws, "en", ENGLISH)
    translate(ws, locales=("ms",), targets=(KO,), progress=False)
    assert get_stamp(entries(ws, "ms")[INVEST], "draft")["via"] == "en-approved"
    # Malay is now drafted from the Indonesian: the English relay drafts switch once it is approved.
    config.write_text(config.read_text(encoding="utf-8").replace(
        'relay = {ko = "en"}', 'relay = {ko = "en"}\nrelay_targets = {ms = "id"}'), encoding="utf-8")
    ws = Workspace.load(ws.root)
    assert stale(ws, "ms") == 0
    summary = translate(ws, locales=("ms",), targets=(KO,), progress=False)
    assert summary.drafted == 0   # the English drafts stay until the Indonesian is approved
    assert get_stamp(entries(ws, "ms")[INVEST], "draft")["via"] == "en-approved"
    approve_texts(ws, "id", INDONESIAN)
    assert stale(ws, "ms") == 3
    summary = translate(ws, locales=("ms",), targets=(KO,), progress=False)
    assert summary.redrafted == 3
    stamp = get_stamp(entries(ws, "ms")[INVEST], "draft")
    assert stamp["via"] == "id-approved" and entries(ws, "ms")[INVEST].msgstr == f"[ms] {INDONESIAN[INVEST]}"
    assert stale(ws, "ms") == 0
    # No relay for Malay at all any more: the relay drafts are drafted again from the Korean.
    config.write_text(config.read_text(encoding="utf-8").replace('relay_targets = {ms = "id"}', ""), encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace('relay = {ko = "en"}', ""), encoding="utf-8")
    ws = Workspace.load(ws.root)
    assert stale(ws, "ms") == 3
    translate(ws, locales=("ms",), targets=(KO,), progress=False)
    assert entries(ws, "ms")[INVEST].msgstr == f"[ms] {INVEST}" and stale(ws, "ms") == 0
