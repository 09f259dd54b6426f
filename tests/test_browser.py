"""The published demo site in headless Chromium: follow the language switcher
through all ten locales and save a screenshot of each (test-artifacts/build/)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from conftest import ROOT, require_tool

playwright_api = pytest.importorskip("playwright.sync_api")

from workflow.publish.preview import preview_server  # noqa: E402
from workflow.demo import run_demo  # noqa: E402
from workflow.locales import get_locale  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts" / "build"
SLUG = "asean-korea-telmin-13"
ORDER = ["en", "ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def served_demo(tmp_path: Path):
    """The demo's published site, served on 127.0.0.1 (a free port)."""
    result = run_demo(Workspace.load(ROOT), tmp_path / "demo", say=lambda _line: None)
    server = preview_server(result.build.out_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_language_switcher_through_all_ten_locales(served_demo: str) -> None:
    chromium = require_tool("chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            # A phone-sized viewport: the pages must be readable there.
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
            page.set_default_timeout(10_000)
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            page.goto(served_demo + "/")
            page.screenshot(path=str(ARTIFACTS / "00-root.png"), full_page=True)
            page.click("ul.language-list a[hreflang=en]")
            page.click(f"ol.release-list a[href='{SLUG}.html']")
            assert page.evaluate("document.documentElement.lang") == "en"
            for number, code in enumerate(ORDER[1:] + ["en"], start=1):
                page.click(f"nav.lang-switcher a[hreflang={code}]")
                page.wait_for_url(f"**/{code}/{SLUG}.html")
                assert page.evaluate("document.documentElement.lang") == code
                current = page.inner_text("nav.lang-switcher [aria-current=page]")
                assert current == get_locale(code).native_name
                # No horizontal scrolling on a phone, whatever the script.
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (code, overflow)
                page.screenshot(path=str(ARTIFACTS / f"{number:02d}-{code}.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()
