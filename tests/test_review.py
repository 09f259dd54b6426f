"""Review workflow: states in the PO file, transitions, approvals bound to the text, selection, CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow.review import actions as review
from workflow.catalogs import (
    load_catalog,
    new_catalog,
    parse_catalog,
    render_catalog,
    save_catalog,
)
from workflow.errors import ConflictError, ReviewError
from workflow.review.actions import Selection, approve, edit, reject
from workflow.review.units import (
    TRANSITIONS,
    Action,
    State,
    approve_entry,
    can_draft,
    edit_entry,
    mark_draft,
    reject_entry,
    state_of,
    transition,
    unit_hash,
    unit_id,
)
from workflow.workspace import Workspace

DATA = Path(__file__).parent / "data" / "review"

# Translations that pass every QA error check (numbers, terms, script...).
GOOD_TH = {
    "Korea and Indonesia start a 5G pilot": "เกาหลีและอินโดนีเซียเริ่มโครงการนำร่อง 5G",
    "MSIT signed the agreement in Jakarta.": "MSIT ลงนามในข้อตกลงที่จาการ์ตา",
    "The pilot covers 3 cities.": "โครงการนำร่องครอบคลุม 3 เมือง",
    "ASEAN ICT forum opens": "ฟอรัม ICT อาเซียนเปิดฉาก",
    "Ministers from 10 nations met in Seoul.": "รัฐมนตรีจาก 10 ประเทศพบกันที่กรุงโซล",
}


@pytest.fixture
def ws(two_releases_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Two releases, catalogs for ko th km vi; no git identity to fall back on."""
    monkeypatch.setattr(review, "_git_user", lambda root: "")
    return two_releases_ws


def fill(ws: Workspace, locale: str, slug: str, texts: dict[str, str], how: str = "draft") -> None:
    """Put drafts (how='draft') or a person's text (how='person') into a catalog."""
    from workflow.catalogs import edit_catalog

    with edit_catalog(ws.po_path(locale, slug)) as cat:
        for entry in cat:
            if entry.msgid in texts:
                if how == "draft":
                    mark_draft(entry, texts[entry.msgid], "google")
                else:
                    edit_entry(entry, texts[entry.msgid], "Somchai Translator")


def states(ws: Workspace, locale: str, slug: str) -> dict[str, State]:
    return {e.msgid: state_of(e) for e in load_catalog(ws.po_path(locale, slug))}


# ---------------------------------------------------------------------------
# Entries in each state, and every transition
# ---------------------------------------------------------------------------


def entry_in(state: State):
    cat = new_catalog("th", project="t")
    entry = cat.add("The pilot covers 3 cities.")
    if state is State.UNTRANSLATED:
        return entry
    if state is State.DRAFT:
        mark_draft(entry, "โครงการนำร่องครอบคลุม 3 เมือง", "google")
        return entry
    edit_entry(entry, "โครงการนำร่องครอบคลุม 3 เมือง", "Somchai")
    if state is State.APPROVED:
        approve_entry(entry, "Kim")
    elif state is State.REJECTED:
        reject_entry(entry, "Kim", "wrong term")
    assert state_of(entry) is state
    return entry


def do(entry, action: Action) -> State:
    if action is Action.DRAFT:
        if not can_draft(entry):
            transition(state_of(entry), action)  # raises
        mark_draft(entry, "ร่างใหม่ 3", "google")
        return state_of(entry)
    if action is Action.EDIT:
        return edit_entry(entry, "ข้อความใหม่ 3 เมือง", "Somchai")
    if action is Action.APPROVE:
        return approve_entry(entry, "Kim")
    return reject_entry(entry, "Kim", "please fix")


ALL_PAIRS = [(s, a) for s in State for a in Action]


@pytest.mark.parametrize("state,action", ALL_PAIRS, ids=[f"{s.name}-{a.value}" for s, a in ALL_PAIRS])
def test_every_transition_legal_or_illegal(state: State, action: Action) -> None:
    entry = entry_in(state)
    before = render_catalog_of(entry)
    expected = TRANSITIONS[state].get(action)
    if expected is None:
        with pytest.raises(ReviewError, match=f"cannot {action.value}"):
            do(entry, action)
        assert render_catalog_of(entry) == before, "an illegal transition changed the entry"
    else:
        assert do(entry, action) is expected
        assert state_of(entry) is expected  # what the file says agrees with the table


def render_catalog_of(entry) -> str:
    return f"{entry.flags}|{entry.msgstr}|{entry.tcomment}"


def test_transition_table_covers_every_state_and_documents_the_rules() -> None:
    assert set(TRANSITIONS) == set(State)
    assert Action.APPROVE in TRANSITIONS[State.DRAFT]          # an editor may approve MT as is
    assert Action.APPROVE not in TRANSITIONS[State.REJECTED]   # must be revised first
    assert Action.DRAFT not in TRANSITIONS[State.NEEDS_REVIEW]  # MT never overwrites a person


def test_approving_a_draft_records_that_it_was_machine_text() -> None:
    entry = entry_in(State.DRAFT)
    approve_entry(entry, "Kim Editor", at="2026-02-01T00:00:00Z")
    stamp = review.get_stamp(entry, "approved")
    assert stamp == {"by": "Kim Editor", "at": "2026-02-01T00:00:00Z", "sha": unit_hash(entry),
                     "was": "draft", "origin": "google"}
    assert "fuzzy" not in entry.flags


@pytest.mark.parametrize("name", ["", "   ", None, "\n"])
def test_no_approval_without_a_person(name) -> None:
    entry = entry_in(State.NEEDS_REVIEW)
    with pytest.raises(ReviewError, match="person"):
        approve_entry(entry, name)
    assert state_of(entry) is State.NEEDS_REVIEW


def test_stamp_fields_cannot_break_the_comment_line() -> None:
    entry = entry_in(State.NEEDS_REVIEW)
    reject_entry(entry, "Kim\nEditor", "line one\nline two 'quoted'")
    cat = parse_catalog(render_catalog(_catalog_with(entry)), "x.po")
    reread = next(iter(cat))
    assert review.get_stamp(reread, "rejected")["reason"] == "line one line two 'quoted'"
    assert review.get_stamp(reread, "rejected")["by"] == "Kim Editor"


def _catalog_with(entry):
    cat = new_catalog("th", project="t")
    cat._append(entry)
    return cat


def test_edit_to_the_same_text_keeps_an_approval() -> None:
    entry = entry_in(State.APPROVED)
    assert edit_entry(entry, entry.msgstr, "Somchai") is State.APPROVED
    assert state_of(entry) is State.APPROVED


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_edit_refuses_empty_text(text: str) -> None:
    with pytest.raises(ReviewError, match="empty"):
        edit_entry(entry_in(State.DRAFT), text, "Somchai")


# ---------------------------------------------------------------------------
# State lives in the file: scenario file and invalidation by direct edits
# ---------------------------------------------------------------------------


def test_scenario_file_with_every_state() -> None:
    cat = load_catalog(DATA / "mixed_states.th.po")
    got = {e.msgid: state_of(e) for e in cat}
    assert got == {
        "An untranslated unit.": State.UNTRANSLATED,
        "A machine draft.": State.DRAFT,
        "A person's translation.": State.NEEDS_REVIEW,
        "An approved unit.": State.APPROVED,
        "A rejected unit.": State.REJECTED,
        "A draft the translator accepted in Poedit.": State.NEEDS_REVIEW,
        "An approval whose text was edited by hand.": State.NEEDS_REVIEW,
        "%d city": State.APPROVED,
    }
    origins = {e.msgid: review.origin_of(e) for e in cat}
    assert origins["A machine draft."] == "google"
    assert origins["A draft the translator accepted in Poedit."] == "person"


@pytest.mark.parametrize("edit_text", [
    pytest.param(lambda t: t.replace('msgstr "หน่วยที่อนุมัติแล้ว"', 'msgstr "หน่วยที่อนุมัติแล้ว!"'), id="msgstr"),
    pytest.param(lambda t: t.replace('msgid "An approved unit."', 'msgid "An approved unit!"'), id="msgid"),
    pytest.param(lambda t: t.replace('msgid "An approved unit."', 'msgctxt "title"\nmsgid "An approved unit."'),
                 id="msgctxt"),
    pytest.param(lambda t: t.replace('msgstr[0] "%d เมือง"', 'msgstr[0] "%d นคร"'), id="plural-form"),
])
def test_approval_breaks_when_the_text_is_edited_in_the_file(tmp_path: Path, edit_text) -> None:
    path = tmp_path / "th.po"
    original = (DATA / "mixed_states.th.po").read_text(encoding="utf-8")
    approved_before = sum(state_of(e) is State.APPROVED for e in load_catalog(DATA / "mixed_states.th.po"))
    changed = edit_text(original)
    assert changed != original
    path.write_text(changed, encoding="utf-8")
    after = [state_of(e) for e in load_catalog(path)]
    assert after.count(State.APPROVED) == approved_before - 1
    assert after.count(State.NEEDS_REVIEW) == 4  # the three in the file plus the broken approval


def test_poedit_clearing_fuzzy_moves_a_draft_to_needs_review(tmp_path: Path) -> None:
    text = (DATA / "mixed_states.th.po").read_text(encoding="utf-8")
    block = '#, fuzzy\nmsgid "A machine draft."'
    assert block in text
    path = tmp_path / "th.po"
    path.write_text(text.replace(block, 'msgid "A machine draft."'), encoding="utf-8")
    entry = load_catalog(path).find("A machine draft.")
    assert state_of(entry) is State.NEEDS_REVIEW
    assert review.origin_of(entry) == "person"


def test_update_after_a_source_change_never_keeps_the_approval(ws: Workspace) -> None:
    from workflow.catalogs.extract import update

    fill(ws, "th", "5g-pilot", GOOD_TH, how="person")
    approve(ws, Selection(locales=("th",), all=True), "Kim Editor")
    assert set(states(ws, "th", "5g-pilot").values()) == {State.APPROVED}
    release = ws.releases_dir / "2019-03-04-5g-pilot.md"
    release.write_text(release.read_text().replace("covers 3 cities", "covers 4 cities"), encoding="utf-8")
    update(ws, ("th",))
    after = states(ws, "th", "5g-pilot")
    assert after["The pilot covers 4 cities."] is State.DRAFT  # fuzzy match, awaiting a person
    assert after["MSIT signed the agreement in Jakarta."] is State.APPROVED
    entry = load_catalog(ws.po_path("th", "5g-pilot")).find("The pilot covers 4 cities.")
    assert review.origin_of(entry) == "update"


# ---------------------------------------------------------------------------
# Workspace actions: selection, QA gate, force, conflicts
# ---------------------------------------------------------------------------


def test_approve_all_takes_needs_review_but_not_drafts_unless_asked(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", {k: GOOD_TH[k] for k in list(GOOD_TH)[:2]}, how="person")
    fill(ws, "th", "5g-pilot", {"The pilot covers 3 cities.": GOOD_TH["The pilot covers 3 cities."]})
    outcomes = approve(ws, Selection(locales=("th",), all=True), "Kim Editor")
    assert len(outcomes) == 2 and all(o.ok for o in outcomes)
    assert states(ws, "th", "5g-pilot")["The pilot covers 3 cities."] is State.DRAFT
    outcomes = approve(ws, Selection(locales=("th",), all=True), "Kim Editor", include_drafts=True)
    assert [o.before for o in outcomes] == [State.DRAFT]
    assert states(ws, "th", "5g-pilot")["The pilot covers 3 cities."] is State.APPROVED


def test_selection_filters_by_release_locale_and_unit(ws: Workspace) -> None:
    for locale in ("th", "km"):
        for slug in ("5g-pilot", "asean-ict-forum"):
            fill(ws, locale, slug, GOOD_TH, how="person")
    # --release and --locale
    done = approve(ws, Selection(releases=("asean-ict-forum",), locales=("th",), all=True), "Kim")
    assert {(o.release, o.locale) for o in done} == {("asean-ict-forum", "th")}
    assert states(ws, "km", "asean-ict-forum")["ASEAN ICT forum opens"] is State.NEEDS_REVIEW
    # --unit by id prefix (as the queue shows it) and by msgid
    uid = unit_id("MSIT signed the agreement in Jakarta.")[:8]
    done = approve(ws, Selection(locales=("th",), units=(uid, "The pilot covers 3 cities.")), "Kim")
    assert sorted(o.msgid for o in done) == ["MSIT signed the agreement in Jakarta.", "The pilot covers 3 cities."]
    assert states(ws, "km", "5g-pilot")["The pilot covers 3 cities."] is State.NEEDS_REVIEW


@pytest.mark.parametrize("sel,message", [
    (Selection(locales=("th",)), "choose units"),
    (Selection(units=("abcd",), all=True), "exclude each other"),
    (Selection(units=("no such sentence",)), "no unit matches"),
])
def test_bad_selections_are_refused(ws: Workspace, sel: Selection, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        approve(ws, sel, "Kim")


def test_qa_errors_block_approval_and_force_records_the_reason(ws: Workspace, cli_run) -> None:
    from workflow.review.status import collect_status

    bad = {"The pilot covers 3 cities.": "โครงการนำร่องครอบคลุม 4 เมือง"}  # number changed
    fill(ws, "th", "5g-pilot", bad, how="person")
    sel = Selection(releases=("5g-pilot",), locales=("th",), units=("The pilot covers 3 cities.",))
    [outcome] = approve(ws, sel, "Kim Editor")
    assert not outcome.ok and "numbers" in outcome.message
    assert states(ws, "th", "5g-pilot")["The pilot covers 3 cities."] is State.NEEDS_REVIEW
    row = next(r for r in collect_status(ws, locales=("th",)) if r.release == "5g-pilot")
    assert row.qa_errors == 1

    [outcome] = approve(ws, sel, "Kim Editor", force_reason="the source is wrong; 4 is confirmed")
    assert outcome.ok
    entry = load_catalog(ws.po_path("th", "5g-pilot")).find("The pilot covers 3 cities.")
    stamp = review.get_stamp(entry, "approved")
    assert stamp["forced"] == "the source is wrong; 4 is confirmed"
    assert stamp["overrides"] == "numbers"
    row = next(r for r in collect_status(ws, locales=("th",)) if r.release == "5g-pilot")
    assert row.qa_errors == 0  # overridden by a person, with a reason
    for args in (("check",), ("check", str(ws.po_path("th", "5g-pilot")))):
        result = cli_run(*args, cwd=ws.root)
        assert result.exit_code == 0, result.output  # CI stays green: shown as a warning
        assert "warning: numbers: number missing or changed: 3 (approved anyway, with --force)" in result.output


def test_expected_hash_detects_a_concurrent_change(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH, how="person")
    item = next(i for i in review.review_queue(ws, locales=("th",)) if i.msgid.startswith("MSIT"))
    path = ws.po_path("th", "5g-pilot")
    path.write_text(path.read_text(encoding="utf-8").replace("จาการ์ตา", "กรุงจาการ์ตา"), encoding="utf-8")
    before = path.read_bytes()
    sel = review.unit_selection("5g-pilot", "th", item.id)
    with pytest.raises(ConflictError, match="changed since you saw it"):
        approve(ws, sel, "Kim", expected_hash=item.hash)
    assert path.read_bytes() == before
    fresh = next(i for i in review.review_queue(ws, locales=("th",)) if i.id == item.id)
    assert review.one(approve(ws, sel, "Kim", expected_hash=fresh.hash)).after is State.APPROVED


def test_edit_needs_exactly_one_unit_and_reject_needs_a_reason(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    fill(ws, "km", "5g-pilot", GOOD_TH)
    with pytest.raises(ReviewError, match="exactly one unit"):
        edit(ws, Selection(units=("The pilot covers 3 cities.",)), "Kim", "x 3")
    outcome = edit(ws, Selection(locales=("th",), units=("The pilot covers 3 cities.",)), "Kim",
                   "โครงการครอบคลุม 3 เมือง")
    assert (outcome.before, outcome.after) == (State.DRAFT, State.NEEDS_REVIEW)
    with pytest.raises(ReviewError, match="reason"):
        reject(ws, Selection(locales=("th",), all=True), "Kim", "  ")
    done = reject(ws, Selection(locales=("th",), all=True), "Kim", "too literal")
    assert {o.after for o in done} == {State.REJECTED}
    entry = load_catalog(ws.po_path("th", "5g-pilot")).find("The pilot covers 3 cities.")
    assert review.get_stamp(entry, "rejected")["reason"] == "too literal"


def test_reviewer_identity_precedence(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ReviewError, match="who is reviewing"):
        review.resolve_reviewer(ws)
    monkeypatch.setattr(review, "_git_user", lambda root: "Git User")
    assert review.resolve_reviewer(ws) == "Git User"
    ws.config["review"]["reviewer"] = "Config Reviewer"
    assert review.resolve_reviewer(ws) == "Config Reviewer"
    assert review.resolve_reviewer(ws, "Explicit") == "Explicit"


# ---------------------------------------------------------------------------
# Queue
# ---------------------------------------------------------------------------


def test_queue_is_earliest_release_first_with_origin_findings_and_matches(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    fill(ws, "th", "asean-ict-forum", {"Ministers from 10 nations met in Seoul.": "รัฐมนตรีพบกันที่กรุงโซล"},
         how="person")
    items = review.review_queue(ws, matcher=lambda item: [{"text": "memo", "score": 90}])
    assert [i.release for i in items] == ["asean-ict-forum", "5g-pilot", "5g-pilot", "5g-pilot"]
    first = items[0]
    assert first.origin == "person" and first.state is State.NEEDS_REVIEW
    assert [f.check for f in first.findings if f.severity.value == "error"] == ["numbers"]
    assert items[1].origin == "google" and items[1].state is State.DRAFT
    assert items[0].matches == [{"text": "memo", "score": 90}]
    assert review.review_queue(ws, locales=("km",)) == []
    assert len(review.review_queue(ws, releases=("5g-pilot",), limit=2)) == 2


def test_cli_queue_approve_reject_edit(ws: Workspace, cli_run) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    result = cli_run("review", "queue", "--locale", "th", cwd=ws.root)
    assert result.exit_code == 0, result.output
    uid = unit_id("The pilot covers 3 cities.")[:8]
    assert uid in result.output and "draft (google)" in result.output
    data = json.loads(cli_run("review", "queue", "--json", cwd=ws.root).output.split("\n3 units")[0])
    assert {d["unit"] for d in data} >= {uid}

    result = cli_run("review", "approve", "--locale", "th", "--unit", uid, "--as", "Kim Editor", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert "draft → approved" in result.output
    result = cli_run("review", "reject", "--locale", "th", "--all", "--reason", "too literal", "--as", "Kim",
                     cwd=ws.root)
    assert result.exit_code == 0 and "2 rejected" in result.output
    result = cli_run("review", "edit", "--locale", "th", "--unit", "MSIT signed the agreement in Jakarta.",
                     "--text", "MSIT ลงนามข้อตกลงที่จาการ์ตา", "--as", "Somchai", cwd=ws.root)
    assert result.exit_code == 0 and "rejected → needs review" in result.output
    # Approving a rejected unit is refused with a reason and a non-zero exit.
    result = cli_run("review", "approve", "--locale", "th", "--unit", "Korea and Indonesia start a 5G pilot",
                     "--as", "Kim", cwd=ws.root)
    assert result.exit_code == 1 and "must be revised" in result.output


def test_cli_without_reviewer_fails_cleanly(ws: Workspace, cli_run) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    result = cli_run("review", "approve", "--all", cwd=ws.root)
    assert result.exit_code == 1
    assert "who is reviewing" in result.output


def test_interactive_review_driven_through_stdin(ws: Workspace, cli_run, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    fill(ws, "th", "5g-pilot", GOOD_TH)
    fill(ws, "th", "asean-ict-forum", {"Ministers from 10 nations met in Seoul.": "รัฐมนตรีพบกันที่กรุงโซล"})
    edits = []

    def fake_edit(text: str) -> str:
        edits.append(text)
        return "รัฐมนตรีจาก 10 ประเทศพบกันที่กรุงโซล\n"

    monkeypatch.setattr(click, "edit", fake_edit)
    # Unit 1 (forum, numbers error): approve is blocked -> empty reason -> edit -> approve.
    # Unit 2: reject with a reason. Unit 3: skip. Then quit.
    answers = "a\n\ne\na\nr\nnot our style\ns\nq\n"
    result = cli_run("review", "--interactive", "--locale", "th", "--as", "Kim Editor", cwd=ws.root, input=answers)
    assert result.exit_code == 0, result.output
    assert "glossary:" in result.output and "error: numbers" in result.output
    assert edits == ["รัฐมนตรีพบกันที่กรุงโซล\n"]
    assert "approved 1, edited 1, rejected 1, skipped 1" in result.output
    forum = states(ws, "th", "asean-ict-forum")
    assert forum["Ministers from 10 nations met in Seoul."] is State.APPROVED
    pilot = states(ws, "th", "5g-pilot")
    assert sorted(pilot.values()) == [State.REJECTED, State.DRAFT, State.DRAFT]
    entry = load_catalog(ws.po_path("th", "asean-ict-forum")).find("Ministers from 10 nations met in Seoul.")
    assert review.get_stamp(entry, "approved")["by"] == "Kim Editor"
    assert review.get_stamp(entry, "edited")["by"] == "Kim Editor"


def test_saved_catalog_round_trips_with_msgfmt(ws: Workspace) -> None:
    import subprocess

    from conftest import require_tool

    msgfmt = require_tool("msgfmt")
    fill(ws, "th", "5g-pilot", GOOD_TH)
    approve(ws, Selection(locales=("th",), all=True), "Kim Editor", include_drafts=True)
    reject(ws, Selection(locales=("th",), units=("The pilot covers 3 cities.",)), "Kim", "needs 'city' plural")
    path = ws.po_path("th", "5g-pilot")
    done = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert save_catalog(load_catalog(path), path) is False  # byte-identical on re-save


@pytest.mark.parametrize("name", ["Kim Editor", "demo-editor", "O'Brien", 'say "hi"', "back\\slash",
                                  "two  spaces", "tab\tname", "", "São Paulo", "=eq", "a=b c"])
def test_stamp_fields_read_back_exactly_as_written(name):
    # The stamp parser has fast paths; every value must still read back as shlex would.
    import shlex

    from workflow.review.units import _format_stamp, _parse_stamp_lines

    line = _format_stamp("approved", {"by": name, "at": "2026-11-28T00:00:00Z", "reason": name})
    words = shlex.split(line[len("pressflow:"):])
    assert _parse_stamp_lines(line) == [("approved", dict(w.split("=", 1) for w in words[1:]))]
    assert _parse_stamp_lines(line)[0][1]["by"] == " ".join(name.split())  # stamps fold whitespace


def test_cli_queue_limit_says_how_many_await_in_all(ws: Workspace, cli_run) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    result = cli_run("review", "queue", "--locale", "th", "--limit", "2", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert "showing 2 of 3 units awaiting review" in result.output
    result = cli_run("review", "queue", "--locale", "th", "--limit", "3", cwd=ws.root)
    assert "3 units awaiting review" in result.output and "showing" not in result.output


def test_cli_names_the_reviewer_it_fell_back_to(ws: Workspace, cli_run, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    monkeypatch.setattr(review, "_git_user", lambda root: "Jane Doe")
    result = cli_run("review", "reject", "--locale", "th", "--unit", "The pilot covers 3 cities.",
                     "--reason", "too literal", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert '1 rejected as "Jane Doe" (from git config user.name; --as to choose)' in result.output
    result = cli_run("review", "approve", "--locale", "th", "--all", "--include-drafts", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert '2 approved as "Jane Doe" (from git config user.name; --as to choose)' in result.output
    result = cli_run("review", "edit", "--locale", "th", "--unit", "The pilot covers 3 cities.",
                     "--text", "โครงการนำร่องครอบคลุม 3 เมือง", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert 'as "Jane Doe" (from git config user.name' in result.output
    ws.config["review"]["reviewer"] = "Config Reviewer"
    (ws.root / "pressflow.toml").write_text((ws.root / "pressflow.toml").read_text(encoding="utf-8")
                                            + '\n[review]\nreviewer = "Config Reviewer"\n', encoding="utf-8")
    result = cli_run("review", "approve", "--locale", "th", "--all", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert '1 approved as "Config Reviewer" (from [review] reviewer in pressflow.toml' in result.output
    result = cli_run("review", "reject", "--locale", "th", "--all", "--reason", "x", "--as", "Kim", cwd=ws.root)
    assert "--as to choose" not in result.output
