"""The review app in headless Chromium at a newsroom's scale: the release review page
(keyboard navigation, edit in place, approve, the preview beside it), paging through a
backlog, the refused-approval flow, and a layout check (no horizontal scrolling at 1,280
and 390 px wide) of every page with Korean, Thai and Burmese text. Screenshots go to
test-artifacts/webapp-review/."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, require_tool

playwright_api = pytest.importorskip("playwright.sync_api")

from test_webapp_review_pages import write_backlog  # noqa: E402
from workflow.catalogs import edit_catalog, load_catalog  # noqa: E402
from workflow.review.units import State, get_stamp, state_of, unit_id  # noqa: E402
from workflow.webapp.app import create_app  # noqa: E402
from workflow.webapp.server import BackgroundServer  # noqa: E402
from workflow.webapp.users import UserStore  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

DATA = Path(__file__).parent / "data" / "webapp"
ARTIFACTS = ROOT / "test-artifacts" / "webapp-review"
SLUG = "ai-safety-forum"
PASSWORD = "browser-test-password"
HOSTED = "The Ministry of Science and ICT (MSIT) hosted the AI Safety Forum in Seoul on March 5."
EXPERTS = "Experts from ASEAN member states attended the forum."
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = require_tool("chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


def _add_editor(root: Path) -> None:
    UserStore(root).add("Kim Editor", "editor", PASSWORD)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    dest = tmp_path / "newsroom"
    shutil.copytree(DATA / "newsroom", dest, ignore=shutil.ignore_patterns(".pressflow"))
    _add_editor(dest)
    return Workspace.load(dest)


def _page(browser, server: BackgroundServer, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url + "/login")
    page.fill("input[name=username]", "Kim Editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page, errors


def test_release_review_page_with_keyboard_navigation(browser, ws: Workspace) -> None:
    units = [unit_id(e) for e in load_catalog(ws.po_path("ko", SLUG))]
    with BackgroundServer(create_app(ws)) as server:
        page, errors = _page(browser, server)
        page.goto(f"{server.url}/release/{SLUG}/ko")
        page.wait_for_selector("li.unit.current")
        assert page.locator("li.unit").count() == len(units)
        frame = page.frame_locator("iframe.preview")
        link = frame.locator(f"[data-unit='{unit_id(EXPERTS)}'] a.pressflow-unit-link")
        # The preview is built on demand: allow for a slow, shared machine.
        assert link.get_attribute("href", timeout=60_000) == f"/release/{SLUG}/ko#u-{unit_id(EXPERTS)}"
        page.screenshot(path=str(ARTIFACTS / "01-release-page.png"), full_page=True)

        # J/K and Alt+arrows move between units; the URL keeps the place.
        current = "document.querySelector('li.unit.current').dataset.unit"
        assert page.evaluate(current) == units[0]
        page.keyboard.press("j")
        page.keyboard.press("j")
        # The page's own location (page.url follows history.replaceState only when
        # Playwright has processed the browser's event, which may come later).
        assert page.evaluate(current) == units[2] and page.evaluate("location.hash") == f"#u-{units[2]}"
        page.keyboard.press("k")
        assert page.evaluate(current) == units[1]
        page.keyboard.press("Alt+ArrowDown")
        assert page.evaluate(current) == units[2]
        page.keyboard.press("Alt+ArrowUp")
        assert page.evaluate(current) == units[1]
        # J typed into a translation is text, not navigation.
        page.focus(f"#u-{units[1]} textarea")
        page.keyboard.press("End")
        page.keyboard.type("j")
        assert page.evaluate(current) == units[1]
        page.keyboard.press("Backspace")  # undone: nothing unsaved when the page is left
        page.screenshot(path=str(ARTIFACTS / "02-release-keyboard.png"))

        # Alt+A approves the current unit and comes back to it with the message beside it.
        target = unit_id(EXPERTS)
        page.goto(f"{server.url}/release/{SLUG}/ko#u-{target}")
        page.wait_for_selector(f"#u-{target}.current")
        page.keyboard.press("Alt+a")
        page.wait_for_selector(f"#u-{target} p.flash-ok")
        assert page.get_attribute(f"#u-{target}", "data-state") == "approved"
        # The flash is in the HTML; the current unit is chosen by app.js (deferred), which
        # may not have run yet when the flash appears: wait for it, not a fixed time.
        page.wait_for_selector(f"#u-{target}.current")
        assert page.evaluate(current) == target
        page.screenshot(path=str(ARTIFACTS / "03-release-after-approve.png"))

        # Edit in place: Ctrl+Enter saves the current unit's translation.
        hosted = unit_id(HOSTED)
        page.goto(f"{server.url}/release/{SLUG}/ko#u-{hosted}")
        page.wait_for_selector(f"#u-{hosted}.current")  # app.js listens for the keys from here on
        page.fill(f"#u-{hosted} textarea", "과기정통부는 3월 5일 서울에서 AI 안전 포럼을 개최했다.")
        # Approving now would approve the text as it was and drop the edit: refused, with a message.
        page.keyboard.press("Alt+a")
        page.wait_for_selector(f"#u-{hosted} p.unsaved")
        page.click(f"#u-{hosted} form.approve-form button")
        assert "unsaved change" in page.inner_text(f"#u-{hosted} p.unsaved")
        assert page.get_attribute(f"#u-{hosted}", "data-state") == "draft"
        assert state_of(load_catalog(ws.po_path("ko", SLUG)).find(HOSTED)) is State.DRAFT
        page.press(f"#u-{hosted} textarea", "Control+Enter")
        page.wait_for_selector(f"#u-{hosted} p.flash-ok")
        assert page.get_attribute(f"#u-{hosted}", "data-state") == "needs-review"
        assert not [e for e in errors if "Content Security Policy" in e], errors
    assert state_of(load_catalog(ws.po_path("ko", SLUG)).find(EXPERTS)) is State.APPROVED
    assert "과기정통부" in load_catalog(ws.po_path("ko", SLUG)).find(HOSTED).msgstr


def test_unit_editor_keyboard_navigation(browser, ws: Workspace) -> None:
    units = [unit_id(e) for e in load_catalog(ws.po_path("ko", SLUG))]
    with BackgroundServer(create_app(ws)) as server:
        page, _ = _page(browser, server)
        page.goto(f"{server.url}/unit/ko/{SLUG}/{units[1]}")
        page.keyboard.press("Alt+ArrowRight")
        page.wait_for_url(f"**/unit/ko/{SLUG}/{units[2]}")
        page.keyboard.press("Alt+ArrowLeft")
        page.wait_for_url(f"**/unit/ko/{SLUG}/{units[1]}")
        assert "previous unit · next unit" in " ".join(page.inner_text("p.crumbs").split())
        page.screenshot(path=str(ARTIFACTS / "04-unit-editor.png"), full_page=True)


def test_paging_through_a_backlog(browser, tmp_path: Path) -> None:
    root = tmp_path / "backlog"
    write_backlog(root, releases=3, units=40)
    _add_editor(root)
    with BackgroundServer(create_app(Workspace.load(root))) as server:
        page, _ = _page(browser, server)
        page.goto(f"{server.url}/queue")
        assert "units 1–50 of 240" in page.inner_text("#queue-range")
        first = page.get_attribute("#queue tbody tr", "data-unit")
        page.click("#next-page")
        page.wait_for_url("**/queue?page=2")
        assert "units 51–100 of 240" in page.inner_text("#queue-range")
        assert page.get_attribute("#queue tbody tr", "data-unit") != first
        page.select_option("select[name=locale]", "th")
        page.select_option("select[name=state]", "draft")
        page.click("form.filters button")
        page.wait_for_url("**/queue?locale=th**")
        assert "units 1–50 of 60" in page.inner_text("#queue-range")
        assert page.locator("#queue tbody tr").count() == 50
        page.click("#next-page")
        page.wait_for_url("**page=2")
        page.wait_for_selector("#previous-page")
        assert "units 51–60 of 60" in page.inner_text("#queue-range")
        assert page.locator("#next-page").count() == 0
        page.screenshot(path=str(ARTIFACTS / "05-queue-paging.png"), full_page=True)


def test_refused_approval_keeps_the_editor_on_the_unit(browser, ws: Workspace) -> None:
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(HOSTED).msgstr = "과학기술정보통신부(MSIT)는 3월 6일 서울에서 AI 안전 포럼을 개최했다."
    url = f"/unit/ko/{SLUG}/{unit_id(HOSTED)}"
    with BackgroundServer(create_app(ws)) as server:
        page, _ = _page(browser, server)
        page.goto(server.url + url)
        page.click("#approve-form button.approve")
        page.wait_for_selector("#refused")
        refused = page.inner_text("#refused")
        assert "Not approved: blocked by QA errors" in refused and "--" not in refused
        assert str(ws.root) not in page.content()
        assert page.inner_text("#unit-source") == HOSTED  # still on the unit
        page.screenshot(path=str(ARTIFACTS / "06-refused-approval.png"), full_page=True)
        page.fill("#force-reason", "the forum moved to March 6")
        page.click("#approve-form button.approve")
        page.wait_for_selector("p.flash-ok")
        assert page.inner_text("#unit-state") == "approved"
        assert page.locator("#approve-form").count() == 0  # approved: no Approve button any more
        page.screenshot(path=str(ARTIFACTS / "07-after-forced-approval.png"), full_page=True)
    stamp = get_stamp(load_catalog(ws.po_path("ko", SLUG)).find(HOSTED), "approved")
    assert stamp["forced"] == "the forum moved to March 6"


def test_release_page_forces_past_qa_errors_with_a_reason(browser, ws: Workspace) -> None:
    with edit_catalog(ws.po_path("ko", SLUG)) as catalog:
        catalog.find(HOSTED).msgstr = "과학기술정보통신부(MSIT)는 3월 6일 서울에서 AI 안전 포럼을 개최했다."
    hosted = unit_id(HOSTED)
    with BackgroundServer(create_app(ws)) as server:
        page, _ = _page(browser, server)
        page.goto(f"{server.url}/release/{SLUG}/ko#u-{hosted}")
        page.click(f"#u-{hosted} form.approve-form button.approve")  # no reason: refused beside the unit
        page.wait_for_selector(f"#u-{hosted} p.flash-error")
        assert "Not approved: blocked by QA errors" in page.inner_text(f"#u-{hosted} p.flash-error")
        assert page.get_attribute(f"#u-{hosted}", "data-state") == "draft"
        page.fill(f"#force-{hosted}", "the forum moved to March 6")
        page.click(f"#u-{hosted} form.approve-form button.approve")
        page.wait_for_selector(f"#u-{hosted} p.flash-ok")
        assert page.get_attribute(f"#u-{hosted}", "data-state") == "approved"
        page.screenshot(path=str(ARTIFACTS / "08-release-forced-approval.png"), full_page=True)
    stamp = get_stamp(load_catalog(ws.po_path("ko", SLUG)).find(HOSTED), "approved")
    assert stamp["forced"] == "the forum moved to March 6" and stamp["by"] == "Kim Editor"


# ---------------------------------------------------------------------------
# Layout: no horizontal scrolling, scripts broken only where they allow
# ---------------------------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Workspace:
    """The repository's sample newsroom (real Korean, Thai and Burmese drafts)."""
    dest = tmp_path / "sample"
    dest.mkdir()
    for name in ("pressflow.toml", "glossary.csv"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("releases", "locales", "templates"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns(".*.lock"))
    _add_editor(dest)
    return Workspace.load(dest)


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [1280, 390])
def test_no_horizontal_overflow_with_korean_thai_and_burmese(browser, sample: Workspace, width: int) -> None:
    slug = sample.releases()[0].slug
    catalog = list(load_catalog(sample.po_path("my", slug)))
    longest = max(catalog, key=lambda e: len(e.msgstr))
    pages = [("dashboard", "/"), ("queue", "/queue")]
    for locale in ("ko", "th", "my"):
        pages += [(f"queue-{locale}", f"/queue?locale={locale}"),
                  (f"release-{locale}", f"/release/{slug}/{locale}"),
                  (f"unit-{locale}", f"/unit/{locale}/{slug}/{unit_id(longest)}")]
    with BackgroundServer(create_app(sample)) as server:
        page, _ = _page(browser, server, width=width, height=800)
        for name, path in pages:
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            overflow = page.evaluate(OVERFLOW)
            page.screenshot(path=str(ARTIFACTS / f"layout-{width}-{name}.png"))  # the first screen
            assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
            # Nothing is squeezed into a column of letters: each menu link stays on one line.
            heights = page.evaluate("Array.from(document.querySelectorAll('header.top nav a, header.top button'))"
                                    ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")
            assert max(heights) < 48, (name, heights)
            if name.startswith(("release-", "unit-")):
                locale = name.split("-")[1]
                styles = page.evaluate(f"""Array.from(document.querySelectorAll('[lang="{locale}"]'))
                    .map(e => getComputedStyle(e).wordBreak)""")
                assert styles, name
                expected = "keep-all" if locale == "ko" else "normal"
                assert set(styles) == {expected}, (name, styles)
