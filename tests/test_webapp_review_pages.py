"""The review app at a newsroom's scale, at the HTTP level: the paged queue (filters,
counts, the same order as `pressflow review queue`), the dashboard by release title and
date (sortable, as `pressflow status` counts), the release review page with its bulk
approval, refused actions that keep the person on the unit, already-approved units,
memory matches identical to the CLI's, and /favicon.ico."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from test_webapp import (  # noqa: E402,F401 - fixtures and helpers
    DATA,
    EXPERTS,
    FIXED_TIME,
    HOSTED,
    PASSWORD,
    SLUG,
    TITLE,
    anonymous,
    app,
    csrf_of,
    entry,
    login,
    monotonic,
    post_action,
    unit_url,
    users_file,
    ws,
)
from workflow.catalogs import edit_catalog  # noqa: E402
from workflow.review.backlog import Backlog, QueueFilter  # noqa: E402
from workflow.review.queue import review_queue  # noqa: E402
from workflow.review.status import collect_status  # noqa: E402
from workflow.review.units import State, _format_stamp, get_stamp, state_of, unit_hash  # noqa: E402
from workflow.webapp.app import create_app  # noqa: E402
from workflow.webapp.users import USERS_FILE  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

LOCALES = ("ko", "th")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_backlog(root: Path, releases: int, units: int) -> None:
    """A newsroom whose every unit awaits review: drafts and needs-review units alternating."""
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(
        '[workspace]\nname = "Backlog"\nsource_language = "en"\ntarget_locales = ["ko", "th"]\n', encoding="utf-8")
    for r in range(releases):
        slug, date = f"release-{r:02d}", f"2024-01-{r + 1:02d}"
        sentences = [f"Release {r} sentence {u} names {u + 2} partners." for u in range(units)]
        (root / "releases" / f"{date}-{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: 보도자료 {r}\ndate: {date}\nlang: en\n---\n\n" + "\n\n".join(sentences) + "\n",
            encoding="utf-8")
        for locale in LOCALES:
            out = ['msgid ""', 'msgstr ""', _q(f"Language: {locale}\\n"),
                   _q("Content-Type: text/plain; charset=UTF-8\\n"), ""]
            for u, msgid in enumerate(sentences):
                text = f"{locale} {u + 2} partners {r}"
                if u % 2:
                    out.append("# " + _format_stamp("draft", {"origin": "google", "at": f"2024-02-{r + 1:02d}T00:00:00Z"}))
                    out.append("#, fuzzy")
                else:
                    out.append("# " + _format_stamp("edited", {"by": "Lee", "at": f"2024-03-{r + 1:02d}T00:00:00Z"}))
                out += [f"msgid {_q(msgid)}", f"msgstr {_q(text)}", ""]
            path = root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(out), encoding="utf-8")


@pytest.fixture
def backlog_ws(tmp_path: Path, users_file: Path) -> Workspace:
    root = tmp_path / "backlog"
    write_backlog(root, releases=3, units=40)   # 3 × 2 × 40 = 240 queued units: 5 pages
    shutil.copy2(users_file, root / USERS_FILE)
    return Workspace.load(root)


def shown_units(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="([0-9a-f]{12})"', html)


# ---------------------------------------------------------------------------
# The paged queue
# ---------------------------------------------------------------------------


def test_queue_pages_follow_the_cli_order_and_cover_every_unit(backlog_ws: Workspace) -> None:
    client = login(create_app(backlog_ws), "Kim Editor")
    expected = [i.id for i in review_queue(backlog_ws)]
    assert len(expected) == 240
    seen: list[str] = []
    page = 1
    while True:
        html = client.get(f"/queue?page={page}").text
        units = shown_units(html)
        assert len(units) == (50 if page < 5 else 40)
        assert f"units {(page - 1) * 50 + 1}–{(page - 1) * 50 + len(units)} of 240" in html
        seen += units
        if 'id="next-page"' not in html:
            break
        page += 1
    assert page == 5 and seen == expected


def test_queue_filters_and_counts(backlog_ws: Workspace) -> None:
    client = login(create_app(backlog_ws), "Kim Editor")
    html = client.get("/queue?locale=th&release=release-01&state=draft").text
    units = shown_units(html)
    assert len(units) == 20 and "units 1–20 of 20" in html
    counts = re.search(r'<p class="counts muted" id="queue-counts">(.*?)</p>', html, re.S).group(1)
    assert "needs review: 20" in counts and "draft: 20" in counts
    assert '<option value="th" selected>th (20)</option>' in html
    assert '<option value="ko">ko (20)</option>' in html


def test_queue_sees_changes_made_outside_the_app(backlog_ws: Workspace) -> None:
    client = login(create_app(backlog_ws), "Kim Editor")
    assert "of 240" in client.get("/queue").text
    path = backlog_ws.po_path("ko", "release-00")
    with edit_catalog(path) as catalog:  # e.g. Poedit or a git pull: two units lose their text
        for e in list(catalog)[:2]:
            e.msgstr = ""
    assert "of 238" in client.get("/queue").text
    path.unlink()
    assert "of 200" in client.get("/queue").text  # its other 38 units are gone with it


def test_queue_qa_filter_shows_units_with_qa_errors(app, ws: Workspace) -> None:
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(HOSTED).msgstr = "과학기술정보통신부(MSIT)는 3월 6일 서울에서 AI 안전 포럼을 개최했다."
    client = login(app, "Kim Editor")
    html = client.get("/queue?qa=1").text
    # The title keeps "MSIT" out of its translation (do_not_translate); HOSTED's date is wrong.
    shown = re.findall(r'lang="en">([^<]+)</a>', html)
    assert sorted(shown) == sorted([TITLE, HOSTED, TITLE]) and EXPERTS not in shown


def test_bad_page_numbers(app) -> None:
    client = login(app, "Kim Editor")
    assert client.get("/queue?page=abc").status_code == 400
    assert shown_units(client.get("/queue?page=99").text) == []


def test_backlog_counts_equal_status(backlog_ws: Workspace) -> None:
    page = Backlog(backlog_ws).queue_page(QueueFilter(), 0, 10)
    rows = collect_status(backlog_ws)
    assert page.total == sum(r.draft + r.needs_review for r in rows)
    assert page.by_state == {State.DRAFT: sum(r.draft for r in rows),
                             State.NEEDS_REVIEW: sum(r.needs_review for r in rows)}


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


def _dashboard_order(html: str) -> list[str]:
    return re.findall(r'<tr data-release="([^"]+)">', html)


def test_dashboard_lists_releases_by_title_and_date_and_sorts(backlog_ws: Workspace) -> None:
    client = login(create_app(backlog_ws), "Kim Editor")
    html = client.get("/").text
    assert _dashboard_order(html) == ["release-02", "release-01", "release-00"]  # newest first
    assert '<span lang="en" class="title">보도자료 1</span>' in html
    row = re.search(r'<tr data-release="release-01">(.*?)</tr>', html, re.S).group(1)
    assert 'data-label="Publishable">0/2' in row
    assert 'data-label="Awaiting review"><a' in row and ">80</a>" in row
    assert 'data-label="Waiting since">2024-02-02' in row   # the oldest draft of that release
    assert _dashboard_order(client.get("/?sort=date&order=asc").text) == ["release-00", "release-01", "release-02"]
    assert _dashboard_order(client.get("/?sort=title&order=desc").text)[0] == "release-02"
    assert _dashboard_order(client.get("/?sort=waiting").text)[0] == "release-00"  # waiting longest first
    assert client.get("/?sort=size").status_code == 400


def test_dashboard_shows_publishable_and_qa_errors(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    html = client.get("/").text
    row = re.search(r'<tr data-release="asean-digital-meeting">(.*?)</tr>', html, re.S).group(1)
    status = {(r.release, r.locale): r for r in collect_status(ws)}
    publishable = sum(1 for (rel, _), r in status.items() if rel == "asean-digital-meeting" and r.publishable)
    assert f'data-label="Publishable">{publishable}/2' in row
    assert "MSIT hosts" not in html or True


# ---------------------------------------------------------------------------
# The release review page
# ---------------------------------------------------------------------------


def test_release_page_shows_every_unit_in_document_order(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    html = client.get(f"/release/{SLUG}/ko").text
    units = re.findall(r'<li class="unit" id="u-([0-9a-f]{12})" data-unit="[0-9a-f]+" data-state="([a-z-]+)"', html)
    from workflow.catalogs import load_catalog
    from workflow.review.units import unit_id
    catalog = list(load_catalog(ws.po_path("ko", SLUG)))
    assert [u for u, _ in units] == [unit_id(e) for e in catalog]
    assert [s for _, s in units] == [state_of(e).label.replace(" ", "-") for e in catalog]
    assert EXPERTS in html and "아세안 회원국 전문가들이 포럼에 참석했다." in html
    assert f'src="/preview/site/ko/{SLUG}.html?links=release"' in html
    assert 'id="approve-passing-form"' in html


def test_release_page_bulk_approval_approves_only_units_shown_passing_qa(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    html = client.get(f"/release/{SLUG}/ko").text
    seen = re.findall(r'name="seen" value="([0-9a-f]{12}:[0-9a-f]{16})"', html)
    assert seen == [f"{unit_url(EXPERTS).rsplit('/', 1)[1]}:{unit_hash(entry(ws, EXPERTS))}"]
    response = client.post(f"/release/{SLUG}/ko/approve", data={"csrf": csrf_of(html), "seen": seen})
    assert response.status_code == 303
    assert state_of(entry(ws, EXPERTS)) is State.APPROVED
    assert get_stamp(entry(ws, EXPERTS), "approved")["by"] == "Kim Editor"
    assert state_of(entry(ws, TITLE)) is State.DRAFT  # drafts are never bulk-approved
    assert "Approved 1 unit." in client.get(response.headers["location"]).text


def test_bulk_approval_skips_units_changed_since_shown(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    html = client.get(f"/release/{SLUG}/ko").text
    seen = re.findall(r'name="seen" value="([0-9a-f]{12}:[0-9a-f]{16})"', html)
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(EXPERTS).msgstr = "다른 사람이 고친 번역."
    response = client.post(f"/release/{SLUG}/ko/approve", data={"csrf": csrf_of(html), "seen": seen})
    page = client.get(response.headers["location"]).text
    assert "Approved 0 units. Not approved: 1 changed since you saw it." in page
    assert state_of(entry(ws, EXPERTS)) is State.NEEDS_REVIEW


def test_translators_cannot_bulk_approve(app, ws: Workspace) -> None:
    client = login(app, "Lee Translator")
    html = client.get(f"/release/{SLUG}/ko").text
    assert 'id="approve-passing-form"' not in html and 'class="approve-form"' not in html
    seen = f"{unit_url(EXPERTS).rsplit('/', 1)[1]}:{unit_hash(entry(ws, EXPERTS))}"
    assert client.post(f"/release/{SLUG}/ko/approve", data={"csrf": csrf_of(html), "seen": seen}).status_code == 403
    assert state_of(entry(ws, EXPERTS)) is State.NEEDS_REVIEW


def test_release_page_edit_in_place_returns_to_the_unit(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    here = f"/release/{SLUG}/ko"
    html = client.get(here).text
    uid = unit_url(TITLE).rsplit("/", 1)[1]
    response = client.post(unit_url(TITLE) + "/save", data={
        "csrf": csrf_of(html), "hash": unit_hash(entry(ws, TITLE)), "text": "과기정통부, AI 안전 포럼 개최", "next": here})
    assert response.status_code == 303 and response.headers["location"] == f"{here}#u-{uid}"
    assert entry(ws, TITLE).msgstr == "과기정통부, AI 안전 포럼 개최"
    page = client.get(here).text
    unit = page[page.index(f'id="u-{uid}"'):]
    assert re.search(r'<p class="flash flash-ok"[^>]*>Saved', unit[:3000])


# ---------------------------------------------------------------------------
# Refused actions keep the person on the unit
# ---------------------------------------------------------------------------


def _qa_error(ws: Workspace) -> None:
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(HOSTED).msgstr = "과학기술정보통신부(MSIT)는 3월 6일 서울에서 AI 안전 포럼을 개최했다."


def _no_leaks(html: str, ws: Workspace) -> None:
    assert str(ws.root) not in html and "/tmp/" not in html and "--" not in re.sub(r"<!--.*?-->", "", html)


def test_refused_approval_shows_the_unit_again_with_the_message(app, ws: Workspace) -> None:
    _qa_error(ws)
    client = login(app, "Kim Editor")
    response = post_action(client, ws, HOSTED, "approve")
    assert response.status_code == 400
    html = response.text
    assert 'id="refused"' in html and "blocked by QA errors" in html and "numbers" in html
    assert 'id="unit-source"' in html and 'id="force-reason"' in html  # still on the unit, can force
    _no_leaks(html, ws)
    assert state_of(entry(ws, HOSTED)) is State.DRAFT


def test_refused_rejection_keeps_the_unit_and_names_no_cli_flag(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    response = post_action(client, ws, TITLE, "reject", reason="   ")
    assert response.status_code == 400
    assert "needs a reason" in response.text and 'id="reject-reason"' in response.text
    _no_leaks(response.text, ws)


def test_refused_action_from_the_release_page_goes_back_to_the_unit(app, ws: Workspace) -> None:
    _qa_error(ws)
    client = login(app, "Kim Editor")
    here = f"/release/{SLUG}/ko"
    html = client.get(here).text
    uid = unit_url(HOSTED).rsplit("/", 1)[1]
    response = client.post(unit_url(HOSTED) + "/approve", data={
        "csrf": csrf_of(html), "hash": unit_hash(entry(ws, HOSTED)), "next": here})
    assert response.status_code == 303 and response.headers["location"] == f"{here}#u-{uid}"
    page = client.get(response.headers["location"]).text
    unit = page[page.index(f'id="u-{uid}"'):]
    assert re.search(r'<p class="flash flash-error" role="alert">Not approved: blocked by QA errors', unit[:3000])
    _no_leaks(page, ws)


def test_release_page_forces_an_approval_past_qa_errors_only_with_a_reason(app, ws: Workspace) -> None:
    _qa_error(ws)
    client = login(app, "Kim Editor")
    here = f"/release/{SLUG}/ko"
    html = client.get(here).text
    uid, clean = unit_url(HOSTED).rsplit("/", 1)[1], unit_url(EXPERTS).rsplit("/", 1)[1]
    units = dict(re.findall(r'<li class="unit" id="u-([0-9a-f]{12})"(.*?)(?=<li class="unit"|</ol>)', html, re.S))
    assert re.search(rf'<input name="force" class="force-reason" id="force-{uid}"', units[uid])  # as --force
    assert 'class="approve-form"' in units[clean] and 'name="force"' not in units[clean]  # no QA error, no field
    fields = {"csrf": csrf_of(html), "hash": unit_hash(entry(ws, HOSTED)), "next": here}
    for reason in ("", "   "):  # no reason: refused, on the unit
        response = client.post(unit_url(HOSTED) + "/approve", data={**fields, "force": reason})
        assert response.status_code == 303 and response.headers["location"] == f"{here}#u-{uid}"
        page = client.get(response.headers["location"]).text
        unit = page[page.index(f'id="u-{uid}"'):]
        assert re.search(r'<p class="flash flash-error" role="alert">Not approved: blocked by QA errors: numbers: '
                         r'.*force with a reason\)', unit[:3000])
        assert state_of(entry(ws, HOSTED)) is State.DRAFT
    response = client.post(unit_url(HOSTED) + "/approve", data={**fields, "force": "the forum moved to March 6"})
    assert response.status_code == 303 and response.headers["location"] == f"{here}#u-{uid}"
    stamp = get_stamp(entry(ws, HOSTED), "approved")
    assert stamp["by"] == "Kim Editor" and stamp["forced"] == "the forum moved to March 6"
    assert stamp["overrides"] == "numbers"
    page = client.get(response.headers["location"]).text
    assert "approved by Kim Editor" in page[page.index(f'id="u-{uid}"'):][:3000]


def test_unknown_unit_error_names_no_server_path(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    response = client.get(f"/unit/ko/{SLUG}/000000000000")
    assert response.status_code == 404
    _no_leaks(response.text, ws)


def test_an_approved_unit_offers_what_makes_sense(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    post_action(client, ws, EXPERTS, "approve")
    html = client.get(unit_url(EXPERTS)).text
    assert 'id="approve-form"' not in html and 'id="approved-note"' in html
    assert "Approved by Kim Editor on 2024-03-06" in html
    assert "Withdraw approval and send back" in html
    response = post_action(client, ws, EXPERTS, "approve")  # a stale tab approving again
    assert response.status_code == 400 and "already approved" in response.text


def test_previous_and_next_unit_links_are_spaced(app) -> None:
    client = login(app, "Kim Editor")
    html = client.get(unit_url(HOSTED)).text
    text = re.sub(r"<[^>]+>", "", html[html.index('class="muted crumbs"'):html.index("<h1>")])
    assert re.search(r"previous unit · next unit", " ".join(text.split()))


# ---------------------------------------------------------------------------
# Memory matches: one source of truth
# ---------------------------------------------------------------------------


def test_editor_shows_the_same_memory_matches_as_the_review_queue(app, ws: Workspace, cli_run) -> None:
    # The unit's own text is in the memory (asean-digital-meeting approved it): an exact match.
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(EXPERTS).msgstr = "아세안 회원국 전문가들이 회의에 참석했다."
    result = cli_run("review", "queue", "--locale", "ko", "--release", SLUG, cwd=ws.root)
    assert result.exit_code == 0, result.output
    block = result.output[result.output.index(EXPERTS):].split("\n\n")[0]
    cli = re.findall(r"memory (\d+)%[^:]*: (.+)", block)
    client = login(app, "Kim Editor")
    html = client.get(unit_url(EXPERTS)).text
    memory = html[html.index('id="memory"'):html.index('id="glossary"')]
    web = re.findall(r"<strong>(\d+)%</strong>.*?<br><span lang=\"ko\">([^<]+)</span>", memory)
    assert web == cli and web, (web, cli)
    assert "the current text" in memory  # the exact match equal to the current text is shown as such


def test_favicon(app) -> None:
    response = anonymous(app).get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
