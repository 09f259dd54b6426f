"""The review web app at the HTTP level (Starlette TestClient): accounts, sessions,
CSRF, rate limiting, permissions, every action, conflicts and CLI parity."""
from __future__ import annotations

import json
import re
import shutil
import stat
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    # Starlette >= 1.x prefers the httpx2 package; httpx still works everywhere.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from workflow.catalogs import edit_catalog, load_catalog  # noqa: E402
from workflow.review.units import State, get_stamp, state_of, unit_hash, unit_id  # noqa: E402
from workflow.webapp.app import create_app  # noqa: E402
from workflow.webapp.users import USERS_FILE, UserError, UserStore  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

DATA = Path(__file__).parent / "data" / "webapp"
SLUG = "ai-safety-forum"
FIXED_TIME = "2024-03-06T10:00:00Z"
PASSWORD = "correct horse battery"

TITLE = "MSIT hosts the AI Safety Forum"                                   # ko: draft
HOSTED = "The Ministry of Science and ICT (MSIT) hosted the AI Safety Forum in Seoul on March 5."  # ko: draft
EXPERTS = "Experts from ASEAN member states attended the forum."           # ko: needs review
SHARE = "Korea will share its AI safety guidelines with ASEAN partners."   # ko: untranslated


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One users file per module: argon2 hashing is slow on purpose."""
    folder = tmp_path_factory.mktemp("users")
    store = UserStore(folder)
    store.add("Kim Editor", "editor", PASSWORD)
    store.add("Lee Translator", "translator", PASSWORD)
    store.add("Park Publisher", "publisher", PASSWORD)
    return store.path


@pytest.fixture
def ws(tmp_path: Path, users_file: Path) -> Workspace:
    dest = tmp_path / "newsroom"
    shutil.copytree(DATA / "newsroom", dest, ignore=shutil.ignore_patterns(".pressflow"))
    shutil.copy2(users_file, dest / USERS_FILE)
    return Workspace.load(dest)


@pytest.fixture
def monotonic() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(ws: Workspace, monotonic: FakeClock):
    return create_app(ws, clock=lambda: FIXED_TIME, monotonic=monotonic)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def anonymous(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def login(app, name: str) -> TestClient:
    client = anonymous(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": name, "password": PASSWORD, "csrf": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    return client


def unit_url(text: str, locale: str = "ko") -> str:
    return f"/unit/{locale}/{SLUG}/{unit_id(text)}"


def entry(ws: Workspace, text: str, locale: str = "ko"):
    found = load_catalog(ws.po_path(locale, SLUG)).find(text)
    assert found is not None
    return found


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


def test_users_file_holds_only_argon2_hashes_and_is_private(ws: Workspace) -> None:
    path = ws.root / USERS_FILE
    raw = path.read_text(encoding="utf-8")
    assert PASSWORD not in raw
    data = json.loads(raw)
    assert data["users"]["Kim Editor"]["role"] == "editor"
    assert data["users"]["Kim Editor"]["password"].startswith("$argon2id$")
    assert len(data["secret_key"]) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (ws.root / ".pressflow" / USERS_FILE).exists()  # not in the disposable cache


@pytest.mark.parametrize("name, role, password, problem", [
    ("", "editor", PASSWORD, "invalid user name"),
    (" Kim", "editor", PASSWORD, "invalid user name"),
    ("Kim\nEditor", "editor", PASSWORD, "invalid user name"),
    ("Kim", "admin", PASSWORD, "invalid role"),
    ("Kim", "editor", "short", "password too short"),
    ("Kim Editor", "editor", PASSWORD, "already exists"),
])
def test_user_add_rejects_bad_input(ws: Workspace, name: str, role: str, password: str, problem: str) -> None:
    with pytest.raises(UserError, match=problem):
        UserStore(ws.root).add(name, role, password)


def test_cli_user_add_with_password_stdin_and_prompt(ws: Workspace, cli_run) -> None:
    result = cli_run("user", "add", "Choi Reviewer", "--role", "editor", "--password-stdin",
                     cwd=ws.root, input="s3cret-enough\n")
    assert result.exit_code == 0, result.output
    result = cli_run("user", "add", "Han Translator", "--role", "translator", cwd=ws.root,
                     input="another-secret\nanother-secret\n")
    assert result.exit_code == 0, result.output
    store = UserStore(ws.root)
    assert store.authenticate("Choi Reviewer", "s3cret-enough").role == "editor"
    assert store.authenticate("Han Translator", "another-secret").role == "translator"
    assert store.authenticate("Han Translator", "wrong-secret") is None
    # A mismatched confirmation is asked again, never stored.
    result = cli_run("user", "add", "Oh", "--role", "editor", cwd=ws.root, input="password-1\npassword-2\n")
    assert result.exit_code != 0 and store.get("Oh") is None
    listing = cli_run("user", "list", cwd=ws.root).output
    assert "Choi Reviewer\teditor" in listing
    result = cli_run("user", "add", "Kim Editor", "--role", "editor", "--password-stdin", cwd=ws.root, input="x" * 9)
    assert result.exit_code == 1 and "already exists" in result.output
    assert cli_run("user", "remove", "Choi Reviewer", cwd=ws.root).exit_code == 0
    assert store.get("Choi Reviewer") is None


def test_serve_refuses_to_start_without_users(tmp_path: Path, cli_run) -> None:
    dest = tmp_path / "empty"
    shutil.copytree(DATA / "newsroom", dest)
    result = cli_run("serve", cwd=dest)
    assert result.exit_code == 1
    assert "pressflow user add" in result.output


# ---------------------------------------------------------------------------
# Sessions, login, CSRF, headers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/queue", unit_url(TITLE), "/preview", f"/preview/site/ko/{SLUG}.html",
                                  "/no-such-page"])
def test_anonymous_users_only_get_the_login_page(app, path: str) -> None:
    client = anonymous(app)
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and 'name="password"' in page.text
    assert TITLE not in page.text


def test_anonymous_posts_are_refused(app) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(unit_url(EXPERTS) + "/approve", data={"csrf": token, "hash": "x"})
    assert response.status_code == 403


def test_login_sets_a_hardened_session_cookie_and_logout_ends_it(app) -> None:
    client = anonymous(app)
    page = client.get("/login?next=/queue")
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD,
                                           "csrf": csrf_of(page.text), "next": "/queue"})
    assert response.status_code == 303 and response.headers["location"] == "/queue"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and "Kim Editor" in dashboard.text
    client.post("/logout", data={"csrf": csrf_of(dashboard.text)})
    assert client.get("/").status_code == 303


def test_login_never_redirects_off_site(app) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD, "csrf": token,
                                           "next": "//evil.example/"})
    assert response.headers["location"] == "/"


def test_wrong_password_is_refused(app) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "Kim Editor", "password": "nope-nope", "csrf": token})
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text
    assert client.get("/").status_code == 303


def test_login_without_csrf_token_is_forbidden(app) -> None:
    client = anonymous(app)
    client.get("/login")
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/").status_code == 303


def test_login_attempts_are_rate_limited_per_user_name(app, monotonic: FakeClock) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        response = client.post("/login", data={"username": "Kim Editor", "password": "bad-password", "csrf": token})
        assert response.status_code == 401
    # Even the right password is refused while the limit holds.
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD, "csrf": token})
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    # Another user from the same address is not affected.
    other = client.post("/login", data={"username": "Lee Translator", "password": PASSWORD, "csrf": token})
    assert other.status_code == 303
    monotonic.now += 61
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD, "csrf": token})
    assert response.status_code == 303


def _post_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        if "POST" in (getattr(route, "methods", None) or ()):
            paths.append(route.path.replace("{locale}", "ko").replace("{slug}", SLUG)
                         .replace("{uid}", unit_id(EXPERTS)))
    return paths


def test_every_post_without_a_valid_csrf_token_is_rejected(app, ws: Workspace) -> None:
    client = login(app, "Park Publisher")
    before = ws.po_path("ko", SLUG).read_bytes()
    paths = _post_routes(app)
    assert {"/login", "/logout", "/build"} <= set(paths) and len(paths) >= 6
    h = entry(ws, EXPERTS)
    for path in paths:
        for token in (None, "forged-token"):
            data = {"hash": h, "text": "changed", "reason": "x"} | ({"csrf": token} if token else {})
            response = client.post(path, data=data)
            assert response.status_code == 403, path
    assert ws.po_path("ko", SLUG).read_bytes() == before
    assert client.get("/").status_code == 200  # still logged in: logout needed a token too


@pytest.mark.parametrize("path", ["/", "/queue", unit_url(EXPERTS), "/preview", "/login"])
def test_security_headers_and_no_inline_script_or_style(app, path: str) -> None:
    client = login(app, "Park Publisher") if path != "/login" else anonymous(app)
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    # The CSP would block these, so none may be needed.
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
    assert not re.search(r"\son[a-z]+=", response.text)
    assert "style=" not in response.text and "<style" not in response.text


def test_a_changed_password_ends_existing_sessions(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    assert client.get("/").status_code == 200
    UserStore(ws.root).add("Kim Editor", "editor", "a-brand-new-password", replace=True)
    assert client.get("/").status_code == 303


def test_secret_key_from_environment(ws: Workspace, monkeypatch) -> None:
    monkeypatch.setenv("PRESSFLOW_SECRET_KEY", "from-the-environment-0123456789")
    assert UserStore(ws.root).secret_key() == "from-the-environment-0123456789"


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def test_dashboard_shows_status_progress(app) -> None:
    client = login(app, "Lee Translator")
    html = client.get("/").text
    row = re.search(rf'<tr data-release="{SLUG}">(.*?)</tr>', html, re.S).group(1)
    # ko: 0 of 4 approved, 1 needs review + 2 drafts awaiting; th: 1 draft (see the fixture catalogs)
    ko = re.search(r'<a class="chip[^"]*" data-locale="ko"[^>]*title="([^"]+)"', row).group(1)
    assert ko.startswith("ko: 0/4 approved, 1 need review, 2 drafts")
    assert "Build the site" not in html  # publishers only


@pytest.mark.parametrize("query, expected", [
    ("", {TITLE, HOSTED, EXPERTS}),                     # awaiting review: drafts and needs review (ko; th has a draft)
    ("&state=needs+review", {EXPERTS}),
    ("&state=draft", {TITLE, HOSTED}),
    ("&state=untranslated", {SHARE}),
    ("&state=approved", set()),
])
def test_queue_filters_by_locale_release_and_state(app, query: str, expected: set[str]) -> None:
    client = login(app, "Lee Translator")
    html = client.get(f"/queue?locale=ko&release={SLUG}{query}").text
    shown = set(re.findall(r'lang="en">([^<]+)</a>', html))
    assert shown == expected


def test_queue_rejects_unknown_filters(app) -> None:
    client = login(app, "Lee Translator")
    assert client.get("/queue?locale=xx").status_code == 404
    assert client.get("/queue?state=finished").status_code == 400


def test_unit_editor_shows_source_text_origin_memory_glossary_and_qa(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    html = client.get(unit_url(EXPERTS)).text
    assert EXPERTS in html and "아세안 회원국 전문가들이 포럼에 참석했다." in html
    assert "origin: person" in html
    assert f'name="hash" value="{unit_hash(entry(ws, EXPERTS))}"' in html
    memory = html[html.index('id="memory"'):html.index('id="glossary"')]
    assert "아세안 회원국 전문가들이 회의에 참석했다." in memory and "90%" in memory
    html = client.get(unit_url(HOSTED)).text
    glossary = html[html.index('id="glossary"'):]
    assert "AI 안전 포럼" in glossary and "keep as is" in glossary
    assert "origin: sample" in html


def test_qa_errors_are_shown_and_block_approval_unless_forced(app, ws: Workspace) -> None:
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(HOSTED).msgstr = "과학기술정보통신부(MSIT)는 3월 6일 서울에서 AI 안전 포럼을 개최했다."
    client = login(app, "Kim Editor")
    html = client.get(unit_url(HOSTED)).text
    qa = html[html.index('id="qa"'):html.index('id="memory"')]
    assert "finding-error" in qa and "numbers" in qa
    assert 'id="force-reason"' in html
    response = post_action(client, ws, HOSTED, "approve")
    assert response.status_code == 400 and "blocked by QA errors" in response.text
    assert state_of(entry(ws, HOSTED)) is State.DRAFT
    response = post_action(client, ws, HOSTED, "approve", force="the forum moved to March 6")
    assert response.status_code == 303
    stamp = get_stamp(entry(ws, HOSTED), "approved")
    assert stamp["forced"] == "the forum moved to March 6" and stamp["overrides"] == "numbers"


def test_translations_are_escaped_everywhere(app, ws: Workspace) -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(EXPERTS).msgstr = evil
    client = login(app, "Kim Editor")
    for path in (unit_url(EXPERTS), f"/queue?locale=ko&release={SLUG}"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("path, status", [
    (f"/unit/ko/{SLUG}/000000000000", 404),
    (f"/unit/xx/{SLUG}/{unit_id(TITLE)}", 404),
    (f"/unit/ko/no-such-release/{unit_id(TITLE)}", 404),
    ("/preview/site/../../pressflow.toml", 404),
    ("/nowhere", 404),
])
def test_unknown_things_are_404(app, path: str, status: int) -> None:
    client = login(app, "Kim Editor")
    assert client.get(path).status_code == status


def test_preview_frames_the_built_preview_with_editor_links(app) -> None:
    client = login(app, "Lee Translator")
    html = client.get(f"/preview?release={SLUG}&locale=ko").text
    assert f'src="/preview/site/ko/{SLUG}.html"' in html
    page = client.get(f"/preview/site/ko/{SLUG}.html")
    assert page.status_code == 200
    assert f'data-unit="{unit_id(EXPERTS)}"' in page.text and 'data-state="needs-review"' in page.text
    assert f'<meta name="pressflow-editor" content="/unit/ko/{SLUG}/">' in page.text
    assert '<script src="/static/preview.js" defer></script>' in page.text
    # The app may frame the preview; nothing else may, and it runs no inline script.
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/preview/site/static/style.css").status_code == 200


# ---------------------------------------------------------------------------
# Actions and permissions
# ---------------------------------------------------------------------------


def post_action(client: TestClient, ws: Workspace, msgid: str, verb: str, **fields: str):
    html = client.get(unit_url(msgid)).text
    data = {"csrf": csrf_of(html), "hash": unit_hash(entry(ws, msgid)), **fields}
    return client.post(unit_url(msgid) + "/" + verb, data=data)


def test_editor_approves(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    response = post_action(client, ws, EXPERTS, "approve")
    assert response.status_code == 303
    unit = entry(ws, EXPERTS)
    assert state_of(unit) is State.APPROVED
    stamp = get_stamp(unit, "approved")
    assert stamp["by"] == "Kim Editor" and stamp["at"] == FIXED_TIME
    assert "Approved." in client.get(response.headers["location"]).text


def test_editor_rejects_with_a_reason_only(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    before = ws.po_path("ko", SLUG).read_bytes()
    response = post_action(client, ws, TITLE, "reject", reason="  ")
    assert response.status_code == 400 and "reason" in response.text
    assert ws.po_path("ko", SLUG).read_bytes() == before
    response = post_action(client, ws, TITLE, "reject", reason="Use the official name")
    assert response.status_code == 303
    unit = entry(ws, TITLE)
    assert state_of(unit) is State.REJECTED
    assert get_stamp(unit, "rejected")["reason"] == "Use the official name"


def test_translator_saves_and_submits(app, ws: Workspace) -> None:
    client = login(app, "Lee Translator")
    response = post_action(client, ws, SHARE, "save", text="한국은 AI 안전 지침을\r\n아세안 파트너와 공유한다.")
    assert response.status_code == 303
    unit = entry(ws, SHARE)
    assert unit.msgstr == "한국은 AI 안전 지침을\n아세안 파트너와 공유한다."
    assert state_of(unit) is State.NEEDS_REVIEW
    assert get_stamp(unit, "edited")["by"] == "Lee Translator"


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_a_translator_cannot_approve_or_reject(app, ws: Workspace, verb: str) -> None:
    client = login(app, "Lee Translator")
    before = ws.po_path("ko", SLUG).read_bytes()
    response = post_action(client, ws, EXPERTS, verb, reason="no")
    assert response.status_code == 403
    assert ws.po_path("ko", SLUG).read_bytes() == before
    assert 'id="approve-form"' not in client.get(unit_url(EXPERTS)).text


def test_only_publishers_build(app, ws: Workspace) -> None:
    editor = login(app, "Kim Editor")
    token = csrf_of(editor.get("/").text)
    assert editor.post("/build", data={"csrf": token}).status_code == 403
    publisher = login(app, "Park Publisher")
    token = csrf_of(publisher.get("/").text)
    response = publisher.post("/build", data={"csrf": token})
    assert response.status_code == 303
    assert (ws.output_dir / "index.html").is_file()
    # Only approved units are published: the fully approved release, never the drafts.
    assert (ws.output_dir / "ko" / "asean-digital-meeting.html").is_file()
    assert not (ws.output_dir / "ko" / f"{SLUG}.html").exists()


def test_approving_an_untranslated_unit_is_refused_with_the_review_rule(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    response = post_action(client, ws, SHARE, "approve")
    assert response.status_code == 400 and "untranslated" in response.text


def test_missing_hash_is_a_bad_request(app, ws: Workspace) -> None:
    client = login(app, "Kim Editor")
    token = csrf_of(client.get(unit_url(EXPERTS)).text)
    response = client.post(unit_url(EXPERTS) + "/approve", data={"csrf": token})
    assert response.status_code == 400
    assert state_of(entry(ws, EXPERTS)) is State.NEEDS_REVIEW


# ---------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("verb, fields", [
    ("approve", {}),
    ("reject", {"reason": "wrong term"}),
    ("save", {"text": "내가 고친 번역."}),
])
def test_a_unit_changed_since_it_was_shown_is_a_409_conflict(app, ws: Workspace, verb: str, fields: dict) -> None:
    client = login(app, "Kim Editor")
    html = client.get(unit_url(EXPERTS)).text
    seen_hash = unit_hash(entry(ws, EXPERTS))
    # Meanwhile someone edits the unit in Poedit (or a git pull brings a change).
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(EXPERTS).msgstr = "다른 사람이 고친 번역."
    after_other = ws.po_path("ko", SLUG).read_bytes()
    data = {"csrf": csrf_of(html), "hash": seen_hash, "seen": "아세안 회원국 전문가들이 포럼에 참석했다.", **fields}
    response = client.post(unit_url(EXPERTS) + f"/{verb}", data=data)
    assert response.status_code == 409
    assert ws.po_path("ko", SLUG).read_bytes() == after_other  # nothing written
    yours = re.search(r'<pre id="yours"[^>]*>(.*?)</pre>', response.text, re.S).group(1)
    theirs = re.search(r'<pre id="theirs"[^>]*>(.*?)</pre>', response.text, re.S).group(1)
    assert theirs == "다른 사람이 고친 번역."
    assert yours == (fields["text"] if verb == "save" else "아세안 회원국 전문가들이 포럼에 참석했다.")


# ---------------------------------------------------------------------------
# CLI parity
# ---------------------------------------------------------------------------


def test_an_app_approval_is_identical_in_the_file_to_a_cli_approval(
        tmp_path: Path, users_file: Path, cli_run, monkeypatch) -> None:
    copies = []
    for name in ("via-cli", "via-app"):
        dest = tmp_path / name
        shutil.copytree(DATA / "newsroom", dest, ignore=shutil.ignore_patterns(".pressflow"))
        shutil.copy2(users_file, dest / USERS_FILE)
        copies.append(Workspace.load(dest))
    cli_ws, app_ws = copies
    monkeypatch.setattr("workflow.review.units.now_iso", lambda: FIXED_TIME)
    result = cli_run("review", "approve", "--release", SLUG, "--locale", "ko", "--unit", unit_id(HOSTED),
                     "--as", "Kim Editor", cwd=cli_ws.root)
    assert result.exit_code == 0, result.output
    client = login(create_app(app_ws, clock=lambda: FIXED_TIME), "Kim Editor")
    assert post_action(client, app_ws, HOSTED, "approve").status_code == 303
    cli_bytes = cli_ws.po_path("ko", SLUG).read_bytes()
    assert state_of(entry(cli_ws, HOSTED)) is State.APPROVED
    assert app_ws.po_path("ko", SLUG).read_bytes() == cli_bytes
