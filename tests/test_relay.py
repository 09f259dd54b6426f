"""Relay translation: targets drafted from an approved version in another language, and kept fresh."""
from __future__ import annotations


import pytest

from loopback_mt import LoopbackMT
from workflow.catalogs import edit_catalog, load_catalog
from workflow.review.actions import Selection, approve, edit
from workflow.review.queue import describe_item, review_queue
from workflow.review.units import State, edit_entry, get_stamp, state_of
from workflow.review.relay import relay_hash
from workflow.review.status import collect_status
from workflow.translation.translate import format_summary, translate
from workflow.workspace import Workspace

KO = "ai-chip-plan"
TITLE, INVEST, MORE = ("인공지능 반도체 육성 계획 발표", "정부는 2030년까지 1조 원을 투자한다.",
                       "자세한 내용은 https://www.msit.go.kr 에서 볼 수 있다.")
ENGLISH = {TITLE: "AI chip plan announced", INVEST: "The government will invest 1 trillion won by 2030.",
           MORE: "See https://www.msit.go.kr for details."}
EDITOR = "Kim Editor"


@pytest.fixture
def mt(relay_mt: LoopbackMT) -> LoopbackMT:
    return relay_mt


@pytest.fixture
def ws(relay_ws: Workspace) -> Workspace:
    return relay_ws


def entries(ws: Workspace, locale: str, slug: str = KO) -> dict:
    return {e.msgid: e for e in load_catalog(ws.po_path(locale, slug))}


def approve_english(ws: Workspace, texts: dict[str, str] = ENGLISH, force: str | None = None) -> None:
    with edit_catalog(ws.po_path("en", KO)) as catalog:
        for msgid, text in texts.items():
            edit_entry(catalog.find(msgid), text, EDITOR)
    outcomes = approve(ws, Selection(releases=(KO,), locales=("en",), all=True), EDITOR, force_reason=force)
    assert outcomes and all(o.ok for o in outcomes), [o.message for o in outcomes]


def test_targets_wait_for_the_approved_relay_version(ws: Workspace, mt: LoopbackMT) -> None:
    summary = translate(ws, locales=("en", "th", "ms"), targets=(KO,), progress=False)
    # English is drafted from the Korean original; Thai waits for approved English,
    # Malay for approved Indonesian.
    assert entries(ws, "en")[INVEST].msgstr == f"[en] {INVEST}"
    assert all(state_of(e) is State.UNTRANSLATED for e in entries(ws, "th").values())
    assert summary.waiting == {"en": 3, "id": 3}
    assert any("3 units wait for an approved en version" in line for line in format_summary(summary, ws))
    assert {(s, t) for _, s, t, _ in mt.requests} == {("ko", "en")}


def test_relay_drafts_flag_goes_straight_from_the_source(ws: Workspace) -> None:
    summary = translate(ws, locales=("th",), targets=(KO,), relay_drafts=True, progress=False)
    assert summary.waiting == {} and summary.drafted == 3
    entry = entries(ws, "th")[INVEST]
    assert entry.msgstr == f"[th] {INVEST}" and "via" not in get_stamp(entry, "draft")


def test_drafts_from_the_approved_relay_text_record_via_and_its_hash(ws: Workspace, mt: LoopbackMT) -> None:
    approve_english(ws)
    summary = translate(ws, locales=("th",), targets=(KO,), progress=False)
    assert summary.drafted == 3 and summary.waiting == {} and summary.by_via == {"en-approved": 3}
    entry = entries(ws, "th")[INVEST]
    assert entry.msgstr == f"[th] {ENGLISH[INVEST]}"      # from the English, not the Korean
    stamp = get_stamp(entry, "draft")
    assert stamp["via"] == "en-approved" and stamp["relay-sha"] == relay_hash(ENGLISH[INVEST])
    assert ("en", "th") in {(s, t) for _, s, t, _ in mt.requests}
    assert ("ko", "th") not in {(s, t) for _, s, t, _ in mt.requests}


def test_a_changed_relay_text_makes_drafts_stale_and_translate_redrafts_them(ws: Workspace) -> None:
    approve_english(ws)
    translate(ws, locales=("th",), progress=False)
    assert [r.stale for r in collect_status(ws, locales=("th",)) if r.release == KO] == [0]
    # The English editor rewrites one unit: it needs review again, the Thai draft is stale.
    new = "The government will invest 1 trillion won in AI chips by 2030."
    edit(ws, Selection(releases=(KO,), locales=("en",), units=(INVEST,)), EDITOR, new)
    [row] = [r for r in collect_status(ws, locales=("th",)) if r.release == KO]
    assert row.stale == 1 and row.draft == 3
    [item] = [i for i in review_queue(ws, locales=("th",)) if i.msgid == INVEST]
    assert item.stale and item.relay == {"locale": "en", "text": None}
    shown = describe_item(item)
    assert "  en (relay): not approved yet" in shown and any(line.startswith("  stale:") for line in shown)
    # Not approved yet: the stale draft waits (it is not redrafted from the unapproved text).
    summary = translate(ws, locales=("th",), targets=(KO,), progress=False)
    assert summary.drafted == 0 and summary.waiting == {"en": 1}
    assert entries(ws, "th")[INVEST].msgstr == f"[th] {ENGLISH[INVEST]}"
    # Approved with the new text: the next translate drafts the Thai again from it.
    approve(ws, Selection(releases=(KO,), locales=("en",), units=(INVEST,)), EDITOR)
    summary = translate(ws, locales=("th",), targets=(KO,), progress=False)
    assert summary.redrafted == 1 and summary.drafted == 1
    entry = entries(ws, "th")[INVEST]
    assert entry.msgstr == f"[th] {new}" and get_stamp(entry, "draft")["relay-sha"] == relay_hash(new)
    assert [r.stale for r in collect_status(ws, locales=("th",)) if r.release == KO] == [0]
    [item] = [i for i in review_queue(ws, locales=("th",)) if i.msgid == INVEST]
    assert not item.stale and item.relay == {"locale": "en", "text": new}


def test_a_person_text_is_never_redrafted_even_when_its_relay_changed(ws: Workspace) -> None:
    approve_english(ws)
    translate(ws, locales=("th",), progress=False)
    edit(ws, Selection(releases=(KO,), locales=("th",), units=(INVEST,)), "Somchai", "ข้อความของคน 1 2030")
    approve_english(ws, {INVEST: "The government will invest 1 trillion won by 2030 in chips."})
    summary = translate(ws, locales=("th",), progress=False)
    assert summary.redrafted == 0
    assert entries(ws, "th")[INVEST].msgstr == "ข้อความของคน 1 2030"


def test_engine_pivot_is_recorded_as_machine_relay(ws: Workspace, mt: LoopbackMT) -> None:
    from workflow.translation.engines import register
    from workflow.translation.engines.libre import LibreEngine

    @register
    class _EnglishHub(LibreEngine):
        name = "test-relay-hub"

        def supports(self, source: str, target: str) -> bool:
            return super().supports(source, target) and "en" in (source, target)

    summary = translate(ws, engines=("test-relay-hub",), locales=("th",), targets=(KO,), relay_drafts=True,
                        progress=False)
    assert summary.drafted == 3
    stamp = get_stamp(entries(ws, "th")[INVEST], "draft")
    assert stamp["via"] == "en-machine" and "relay-sha" not in stamp


def test_qa_compares_a_relay_draft_with_the_original_source(ws: Workspace) -> None:
    # The approved English dropped a zero (a reviewer forced it through QA);
    # the Thai drafted from it is checked against the Korean original and flagged.
    wrong = {**ENGLISH, INVEST: "The government will invest 100 billion won by 2030."}
    with edit_catalog(ws.po_path("en", KO)) as catalog:
        for msgid, text in wrong.items():
            edit_entry(catalog.find(msgid), text, EDITOR)
    approve(ws, Selection(releases=(KO,), locales=("en",), all=True), EDITOR, force_reason="checked by phone")
    translate(ws, locales=("th",), progress=False)
    [item] = [i for i in review_queue(ws, locales=("th",)) if i.msgid == INVEST]
    assert item.text == "[th] The government will invest 100 billion won by 2030."
    numbers = [f.message for f in item.findings if f.check == "numbers"]
    assert numbers == ["number missing or changed: 1"] and item.findings[0].severity.value == "error"
    assert item.relay == {"locale": "en", "text": wrong[INVEST]}


def test_malay_from_approved_indonesian_whatever_the_original(ws: Workspace) -> None:
    indonesian = {TITLE: "Rencana chip AI diumumkan", INVEST: "Pemerintah akan berinvestasi 1 triliun won hingga 2030.",
                  MORE: "Lihat https://www.msit.go.kr untuk rinciannya."}
    with edit_catalog(ws.po_path("id", KO)) as catalog:
        for msgid, text in indonesian.items():
            edit_entry(catalog.find(msgid), text, "Dewi")
    approve(ws, Selection(releases=(KO,), locales=("id",), all=True), "Dewi")
    translate(ws, locales=("ms",), targets=(KO,), progress=False)
    stamp = get_stamp(entries(ws, "ms")[INVEST], "draft")
    assert entries(ws, "ms")[INVEST].msgstr == f"[ms] {indonesian[INVEST]}"
    assert stamp["via"] == "id-approved" and stamp["relay-sha"] == relay_hash(indonesian[INVEST])


def test_the_web_queue_and_editor_show_the_source_and_the_relay_text(ws: Workspace) -> None:
    pytest.importorskip("starlette")
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette >= 1.x prefers httpx2; httpx still works
        from starlette.testclient import TestClient

    from workflow.review.units import unit_id
    from workflow.webapp.app import create_app
    from workflow.webapp.users import UserStore

    approve_english(ws)
    translate(ws, locales=("th",), targets=(KO,), progress=False)
    edit(ws, Selection(releases=(KO,), locales=("en",), units=(INVEST,)), EDITOR, "A rewritten English text.")
    UserStore(ws.root).add("Somchai", "translator", "correct horse battery")
    client = TestClient(create_app(ws), base_url="http://127.0.0.1", follow_redirects=False)
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "Somchai", "password": "correct horse battery", "csrf": csrf})
    queue = client.get("/queue", params={"locale": "th"}).text
    assert f'lang="ko">{TITLE}</a>' in queue                      # the Korean source...
    assert f'<span lang="en">{ENGLISH[TITLE]}</span>' in queue    # ...beside the approved English
    assert "stale: its relay text changed" in queue
    unit = client.get(f"/unit/th/{KO}/{unit_id(INVEST)}").text
    assert f'lang="ko" id="unit-source">{INVEST}</p>' in unit
    assert 'id="unit-relay"' in unit and "not approved yet" in unit and 'id="unit-stale"' in unit
    title = client.get(f"/unit/th/{KO}/{unit_id(TITLE)}").text
    assert f'<p class="source" lang="en">{ENGLISH[TITLE]}</p>' in title and 'id="unit-stale"' not in title
    # The release review page shows the relay text beside each unit, too.
    release = client.get(f"/release/{KO}/th").text
    assert f'<p lang="ko">{TITLE}</p>' in release and f'<span lang="en">{ENGLISH[TITLE]}</span>' in release
    assert "stale: its relay text changed" in release


def test_cli_translate_takes_release_and_relay_drafts(ws: Workspace, cli_run) -> None:
    waiting = cli_run("translate", "--release", KO, "--locale", "th", cwd=ws.root)
    assert waiting.exit_code == 0, waiting.output
    assert "3 units wait for an approved en version (relay)" in waiting.output
    assert all(state_of(e) is State.UNTRANSLATED for e in entries(ws, "th").values())
    assert all(state_of(e) is State.UNTRANSLATED for e in entries(ws, "th", "5g-pilot").values())  # not selected
    done = cli_run("translate", "-r", KO, "-l", "th", "--relay-drafts", cwd=ws.root)
    assert done.exit_code == 0 and "drafted 3 units" in done.output
    assert entries(ws, "th")[TITLE].msgstr == f"[th] {TITLE}"


def test_the_memory_drafts_from_the_approved_relay_text(ws: Workspace) -> None:
    # The English release's approved Thai sentence is in the memory as en→th; the Korean
    # release's approved English says the same, so the memory drafts its Thai from it.
    pilot = "The pilot covers 3 cities."
    with edit_catalog(ws.po_path("th", "5g-pilot")) as catalog:
        edit_entry(catalog.find(pilot), "โครงการนำร่องครอบคลุม 3 เมือง", "Somchai")
    approve(ws, Selection(releases=("5g-pilot",), locales=("th",), units=(pilot,)), "Somchai")
    approve_english(ws, {**ENGLISH, INVEST: pilot}, force="a test text")
    summary = translate(ws, engines=("memory",), locales=("th",), targets=(KO,), progress=False)
    assert summary.drafted == 1 and summary.no_answer == 2
    stamp = get_stamp(entries(ws, "th")[INVEST], "draft")
    assert entries(ws, "th")[INVEST].msgstr == "โครงการนำร่องครอบคลุม 3 เมือง"
    assert stamp["origin"] == "memory" and stamp["via"] == "en-approved" and stamp["score"] == "100"
