"""The review web app in headless Chromium: an editor logs in, approves one unit
and rejects another with a reason (keyboard shortcuts), saves a translation,
opens the preview, and `pressflow status --json` sees every decision.
Screenshots go to test-artifacts/webapp/."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, require_tool

playwright_api = pytest.importorskip("playwright.sync_api")

from workflow.publish.render import unit_id  # noqa: E402
from workflow.webapp.app import create_app  # noqa: E402
from workflow.webapp.server import BackgroundServer  # noqa: E402
from workflow.webapp.users import UserStore  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

DATA = Path(__file__).parent / "data" / "webapp"
ARTIFACTS = ROOT / "test-artifacts" / "webapp"
SLUG = "ai-safety-forum"
PASSWORD = "browser-test-password"
TITLE = "MSIT hosts the AI Safety Forum"                                   # ko: draft → rejected
EXPERTS = "Experts from ASEAN member states attended the forum."           # ko: needs review → approved
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    dest = tmp_path / "newsroom"
    shutil.copytree(DATA / "newsroom", dest, ignore=shutil.ignore_patterns(".pressflow"))
    UserStore(dest).add("Kim Editor", "editor", PASSWORD)
    return Workspace.load(dest)


def test_editor_approves_and_rejects_in_the_browser(ws: Workspace, cli_run) -> None:
    chromium = require_tool("chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with BackgroundServer(create_app(ws)) as server, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

            page.goto(server.url + "/")
            assert "/login" in page.url  # anonymous: the login page only
            page.fill("input[name=username]", "Kim Editor")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("#progress")
            page.screenshot(path=str(ARTIFACTS / "01-dashboard.png"), full_page=True)

            # Approve from the queue with the keyboard shortcut.
            page.goto(server.url + "/queue?locale=ko&state=needs+review")
            page.click(f"tr[data-unit='{unit_id(EXPERTS)}'] td.col-text a")  # the source text opens the editor
            page.wait_for_selector("#unit-source")
            # The shortcuts are app.js (deferred): it has run once the document is parsed.
            page.wait_for_load_state("domcontentloaded")
            assert page.inner_text("#unit-source") == EXPERTS
            page.screenshot(path=str(ARTIFACTS / "02-unit-editor.png"), full_page=True)
            page.keyboard.press("Alt+a")
            page.wait_for_selector("p.flash-ok")
            page.screenshot(path=str(ARTIFACTS / "03-after-approve.png"), full_page=True)

            # Reject another unit with a reason: Alt+R asks for the reason first.
            page.goto(f"{server.url}/unit/ko/{SLUG}/{unit_id(TITLE)}")
            page.keyboard.press("Alt+r")
            assert page.evaluate("document.activeElement.id") == "reject-reason"
            page.keyboard.type("Use the forum's official Korean name")
            page.keyboard.press("Alt+r")
            page.wait_for_selector("p.flash-ok")
            assert page.inner_text("#unit-state") == "rejected"
            page.screenshot(path=str(ARTIFACTS / "04-after-reject.png"), full_page=True)

            # Editors edit too: Ctrl+Enter saves a Thai translation for review.
            page.goto(f"{server.url}/unit/th/{SLUG}/{unit_id(EXPERTS)}")
            page.fill("#unit-text", "ผู้เชี่ยวชาญจากประเทศสมาชิกอาเซียนเข้าร่วมเวที")
            page.press("#unit-text", "Control+Enter")
            page.wait_for_selector("p.flash-ok")
            assert page.inner_text("#unit-state") == "needs review"

            # The in-context preview links each highlighted unit to its editor.
            page.goto(f"{server.url}/preview?release={SLUG}&locale=ko")
            frame = page.frame_locator("iframe.preview")
            link = frame.locator(f"[data-unit='{unit_id(EXPERTS)}'] a.pressflow-unit-link")
            assert link.get_attribute("href") == f"/unit/ko/{SLUG}/{unit_id(EXPERTS)}"
            page.screenshot(path=str(ARTIFACTS / "05-preview.png"), full_page=True)
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            browser.close()

    result = cli_run("status", "--json", cwd=ws.root)
    assert result.exit_code == 0, result.output
    rows = {(r["release"], r["locale"]): r for r in json.loads(result.output)}
    ko, th = rows[(SLUG, "ko")], rows[(SLUG, "th")]
    assert (ko["approved"], ko["rejected"], ko["needs_review"], ko["draft"]) == (1, 1, 0, 1)
    assert th["needs_review"] == 1
