"""Security of the review app and the preview server, at the HTTP level: server-side
sessions (logout, password, role and account changes end them at once; the cookie is an
opaque id), the Host allowlist, login limits per address and per name, Secure cookies
behind HTTPS, the hardened preview server, and the CSP of built pages."""
from __future__ import annotations

import http.client
import re
import shutil
import threading
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from test_webapp import (  # noqa: E402,F401 - fixtures
    DATA,
    PASSWORD,
    FakeClock,
    anonymous,
    app,
    csrf_of,
    login,
    monotonic,
    users_file,
    ws,
)
from workflow.config import parse_config  # noqa: E402
from workflow.errors import ConfigError  # noqa: E402
from workflow.publish.build import build_site  # noqa: E402
from workflow.publish.preview import host_allowed, preview_server  # noqa: E402
from workflow.webapp.app import SESSION_COOKIE, create_app  # noqa: E402
from workflow.webapp.users import USERS_FILE, UserStore  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402


def _with_config(ws: Workspace, extra: str) -> Workspace:
    config = ws.root / "pressflow.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return Workspace.load(ws.root)


def _cookie(response) -> str:
    header = response.headers["set-cookie"]
    return re.match(rf"{SESSION_COOKIE}=([^;]*)", header).group(1)


# ---------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------


def _login_response(app, name: str = "Kim Editor", **client_args):
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False, **client_args)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": name, "password": PASSWORD, "csrf": token})
    assert response.status_code == 303, response.text
    return client, response


def test_a_cookie_captured_before_logout_no_longer_works(app) -> None:
    client, response = _login_response(app)
    captured = _cookie(response)
    thief = anonymous(app)
    thief.cookies.set(SESSION_COOKIE, captured)
    assert thief.get("/").status_code == 200  # the stolen cookie works while the session lives
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    assert thief.get("/").status_code == 303  # ended on the server, not just in one browser
    assert client.get("/").status_code == 303


def test_the_session_cookie_is_an_opaque_id(app, ws: Workspace) -> None:
    _, response = _login_response(app)
    value = _cookie(response)
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", value)
    user = UserStore(ws.root).get("Kim Editor")
    for secret in ("Kim", "Editor", user.password_hash[-12:], user.session_tag):
        assert secret not in value
    import base64
    decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert b"Kim" not in decoded and b"user" not in decoded


def test_login_issues_a_new_session_id(app) -> None:
    client = anonymous(app)
    page = client.get("/login")
    before = _cookie(page)
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD,
                                           "csrf": csrf_of(page.text)})
    assert _cookie(response) != before  # no session fixation


@pytest.mark.parametrize("change", ["password", "role", "removed"])
def test_account_changes_end_sessions_at_once(app, ws: Workspace, change: str) -> None:
    client = login(app, "Kim Editor")
    assert client.get("/queue").status_code == 200
    store = UserStore(ws.root)
    if change == "password":
        store.add("Kim Editor", "editor", "a-brand-new-password", replace=True)
    elif change == "role":
        # Same password hash, new role: the session must still end (it held editor rights).
        data = store.path.read_text(encoding="utf-8").replace('"role": "editor"', '"role": "translator"')
        store.path.write_text(data, encoding="utf-8")
        assert UserStore(ws.root).get("Kim Editor").role == "translator"
    else:
        store.remove("Kim Editor")
    assert client.get("/queue").status_code == 303


def test_sessions_expire_on_the_server(ws: Workspace) -> None:
    clock = FakeClock()
    application = create_app(ws, monotonic=clock)
    client = login(application, "Kim Editor")
    assert client.get("/").status_code == 200
    clock.now += 12 * 3600 + 1
    assert client.get("/").status_code == 303


# ---------------------------------------------------------------------------
# Host allowlist
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1", 303), ("localhost:8000", 303), ("[::1]:8000", 303), ("LOCALHOST", 303),
    ("evil.example", 400), ("127.0.0.1.evil.example", 400), ("evil.example:8000", 400), ("", 400),
])
def test_only_allowed_host_names_are_answered(app, host: str, status: int) -> None:
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    response = client.get("/", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert "login" not in response.text.lower()  # a rebinding page learns nothing


def test_allowed_hosts_from_the_config(ws: Workspace) -> None:
    ws = _with_config(ws, '[serve]\nallowed_hosts = ["review.example.org", ".newsroom.example"]\n')
    client = TestClient(create_app(ws), base_url="http://review.example.org", follow_redirects=False)
    assert client.get("/login").status_code == 200
    assert client.get("/login", headers={"Host": "desk.newsroom.example"}).status_code == 200
    assert client.get("/login", headers={"Host": "127.0.0.1"}).status_code == 400
    assert client.get("/login", headers={"Host": "other.example"}).status_code == 400


@pytest.mark.parametrize("bad", ['["http://x.example"]', '["x.example:80"]', '["a/b"]', "[1]"])
def test_allowed_hosts_are_validated(bad: str) -> None:
    with pytest.raises(ConfigError, match="serve.allowed_hosts"):
        parse_config(f'[serve]\nallowed_hosts = {bad}\n', Path("pressflow.toml"))


def test_host_allowed_rules() -> None:
    assert host_allowed("localhost:8001") and host_allowed("[::1]") and not host_allowed(None)
    assert not host_allowed("localhost.evil.example")
    assert host_allowed("a.b.example", [".b.example"]) and host_allowed("b.example", [".b.example"])
    assert not host_allowed("ab.example", [".b.example"])


@pytest.mark.parametrize("host", [
    "localhost:8000@evil.example", "localhost:evil", "localhost:", "[::1]evil.example", "[::1]:80x", "[::1",
    "localhost:8000:8000", "::1", "local host", "localhost\tx", "localhost:99999999",
])
def test_a_malformed_host_header_is_refused(host: str) -> None:
    # Only a host name with an optional numeric port (IPv6 in brackets) is a Host header
    # (RFC 9110 7.2); anything else is refused rather than trimmed down to an allowed name.
    assert not host_allowed(host)


# ---------------------------------------------------------------------------
# Login limits
# ---------------------------------------------------------------------------


def _try(client: TestClient, token: str, name: str, password: str = "wrong-password", **headers: str) -> int:
    return client.post("/login", data={"username": name, "password": password, "csrf": token},
                       headers=headers).status_code


def test_login_limit_per_address_across_user_names(app, monotonic: FakeClock) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    # 20 different (public) reviewer names from one address: the address limit stops the 21st.
    codes = [_try(client, token, f"Reviewer {n}") for n in range(20)]
    assert codes == [401] * 20
    assert _try(client, token, "Kim Editor", PASSWORD) == 429
    monotonic.now += 61
    assert _try(client, token, "Kim Editor", PASSWORD) == 303


def test_successful_logins_do_not_count_against_the_address(app, monotonic: FakeClock) -> None:
    # A newsroom behind one NAT address: 30 colleagues' logins within the minute all succeed.
    for n in range(30):
        client = anonymous(app)
        token = csrf_of(client.get("/login").text)
        assert _try(client, token, ("Kim Editor", "Lee Translator")[n % 2], PASSWORD) == 303, n


def test_a_successful_login_takes_back_that_names_failures_only(app, monotonic: FakeClock) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    assert [_try(client, token, "Kim Editor") for _ in range(4)] == [401] * 4
    assert _try(client, token, "Kim Editor", PASSWORD) == 303
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    # Kim's failures are forgiven (the name limit is 5): four more typos are still only refused as wrong.
    assert [_try(client, token, "Kim Editor") for _ in range(4)] == [401] * 4
    # The address keeps counting everyone else's failures: 4 (Kim, after the login) + 16 = 20, the limit.
    assert [_try(client, token, f"Reviewer {n}") for n in range(16)] == [401] * 16
    assert _try(client, token, "Lee Translator", PASSWORD) == 429
    # ... and a good login by one name does not clear the address.
    assert _try(client, token, "Kim Editor", PASSWORD) == 429
    monotonic.now += 61
    assert _try(client, token, "Lee Translator", PASSWORD) == 303


def test_login_limit_per_name_across_addresses(ws: Workspace, monotonic: FakeClock) -> None:
    ws = _with_config(ws, '[serve]\ntrusted_proxies = ["127.0.0.1"]\n')
    application = create_app(ws, monotonic=monotonic)
    client = TestClient(application, base_url="http://127.0.0.1", follow_redirects=False,
                        client=("127.0.0.1", 50000))
    token = csrf_of(client.get("/login").text)
    for n in range(5):  # five addresses behind the proxy, one name
        assert _try(client, token, "Kim Editor", **{"X-Forwarded-For": f"203.0.113.{n}"}) == 401
    assert _try(client, token, "Kim Editor", PASSWORD, **{"X-Forwarded-For": "203.0.113.99"}) == 429
    assert _try(client, token, "Lee Translator", PASSWORD, **{"X-Forwarded-For": "203.0.113.99"}) == 303


def test_forwarded_for_is_ignored_from_untrusted_clients(app) -> None:
    client = anonymous(app)
    token = csrf_of(client.get("/login").text)
    codes = [_try(client, token, f"Reviewer {n}", **{"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(21)]
    assert codes[-1] == 429  # a spoofed header does not buy more attempts


# ---------------------------------------------------------------------------
# Secure cookies behind HTTPS
# ---------------------------------------------------------------------------


def test_cookies_are_not_secure_on_plain_local_http(app) -> None:
    _, response = _login_response(app)
    assert "secure" not in response.headers["set-cookie"].lower()


def test_https_setting_marks_cookies_secure(ws: Workspace) -> None:
    ws = _with_config(ws, "[serve]\nhttps = true\n")
    client = TestClient(create_app(ws), base_url="https://127.0.0.1", follow_redirects=False)
    page = client.get("/login")
    assert "; Secure" in page.headers["set-cookie"]
    response = client.post("/login", data={"username": "Kim Editor", "password": PASSWORD, "csrf": csrf_of(page.text)})
    assert response.status_code == 303 and "; Secure" in response.headers["set-cookie"]


def test_forwarded_proto_from_a_trusted_proxy_marks_cookies_secure(ws: Workspace) -> None:
    trusted = _with_config(ws, '[serve]\ntrusted_proxies = ["10.0.0.0/8"]\n')
    app_ = create_app(trusted)
    from_proxy = TestClient(app_, base_url="http://127.0.0.1", follow_redirects=False, client=("10.1.2.3", 4000))
    response = from_proxy.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "; Secure" in response.headers["set-cookie"]
    elsewhere = TestClient(app_, base_url="http://127.0.0.1", follow_redirects=False, client=("192.0.2.7", 4000))
    response = elsewhere.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in response.headers["set-cookie"].lower()


@pytest.mark.parametrize("bad", ['["not-an-address"]', '[10]'])
def test_trusted_proxies_are_validated(bad: str) -> None:
    with pytest.raises(ConfigError, match="serve.trusted_proxies"):
        parse_config(f"[serve]\ntrusted_proxies = {bad}\n", Path("pressflow.toml"))


# ---------------------------------------------------------------------------
# The preview server (pressflow build --preview --serve)
# ---------------------------------------------------------------------------


@pytest.fixture
def preview(ws: Workspace):
    result = build_site(ws, preview=True)
    (result.out_dir / "empty-folder").mkdir()
    server = preview_server(result.out_dir, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_preview_server_is_loopback_only(ws: Workspace) -> None:
    from workflow.errors import BuildError
    with pytest.raises(BuildError, match="loopback"):
        preview_server(ws.root, 0, host="0.0.0.0")


def test_preview_server_checks_host_lists_no_folders_and_sends_a_csp(preview: int) -> None:
    status, headers, body = _get(preview, "/", f"127.0.0.1:{preview}")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "unsafe" not in csp and "Python" not in headers.get("server", "")
    assert headers["x-content-type-options"] == "nosniff"
    status, _, body = _get(preview, "/", "evil.example")
    assert status == 400 and "<a href" not in body
    assert _get(preview, "/", None)[0] == 400
    status, _, body = _get(preview, "/empty-folder/", f"localhost:{preview}")
    assert status == 404 and "Directory listing" not in body
    status, _, body = _get(preview, "/static/", f"localhost:{preview}")
    assert status == 404 and "Directory listing" not in body


# ---------------------------------------------------------------------------
# Built pages carry a strict CSP
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("preview", [False, True])
def test_built_pages_carry_a_strict_csp_meta_tag(ws: Workspace, preview: bool) -> None:
    result = build_site(ws, preview=preview)
    pages = sorted(result.out_dir.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        policy = meta.group(1)
        assert "script-src 'none'" in policy and "object-src 'none'" in policy and "base-uri 'none'" in policy
        assert "unsafe-eval" not in policy
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), page  # no inline script
        assert not re.search(r"\son[a-z]+=", html), page


def test_users_file_copy_is_independent(tmp_path: Path, users_file: Path) -> None:
    # Sanity of the fixtures this file shares with test_webapp.py.
    dest = tmp_path / "n"
    shutil.copytree(DATA / "newsroom", dest, ignore=shutil.ignore_patterns(".pressflow"))
    shutil.copy2(users_file, dest / USERS_FILE)
    assert UserStore(dest).get("Kim Editor") is not None


# ---------------------------------------------------------------------------
# Hostile translations (they are untrusted input) on every page
# ---------------------------------------------------------------------------

HOSTILE = ('<script>alert(1)</script>"><img src=x onerror=alert(2)> [link](javascript:alert(3)) '
           '<a href="javascript:alert(4)">a</a> \'><svg onload=alert(5)>')


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, event handler attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in ("script", "svg", "img") and not (tag == "script" and names.get("src", "").startswith("/static/")):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:")):
                self.found.append(f"{name}={value}")


def _inert(html: str) -> None:
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


def test_hostile_translations_are_inert_on_every_page(app, ws: Workspace) -> None:
    from test_webapp import EXPERTS, SLUG, post_action
    from workflow.review.units import unit_id

    client = login(app, "Kim Editor")
    assert post_action(client, ws, EXPERTS, "save", text=HOSTILE).status_code == 303
    # Approving it from the release page is refused (QA): the message comes back beside the unit.
    release = f"/release/{SLUG}/ko"
    refused = post_action(client, ws, EXPERTS, "approve", next=release)
    assert refused.status_code == 303 and refused.headers["location"].startswith(release)
    pages = ["/", "/queue", f"/queue?locale=ko&release={SLUG}", release, refused.headers["location"],
             f"/unit/ko/{SLUG}/{unit_id(EXPERTS)}", f"/preview?release={SLUG}&locale=ko",
             f"/preview/site/ko/{SLUG}.html", f"/preview/site/ko/{SLUG}.html?links=release"]
    shown = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        _inert(response.text)
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert shown >= 5  # the text is shown (escaped), not dropped
