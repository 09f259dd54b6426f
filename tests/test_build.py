"""``pressflow build``: what is published, the site's structure, preview, incremental rebuilds."""
from __future__ import annotations

import os
import re
import shutil
import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from workflow.publish.build import build_site
from workflow.publish.preview import preview_server
from workflow.catalogs import edit_catalog, load_catalog
from workflow.errors import BuildError
from workflow.review.units import State, approve_entry, state_of
from workflow.publish.render import unit_id
from workflow.workspace import Workspace

SLUG = "asean-korea-telmin-13"
DATA = Path(__file__).parent / "data" / "build"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def sample_ws(english_only_ws: Workspace) -> Workspace:
    return english_only_ws  # these tests count and compare the English release's site


def approve(ws: Workspace, locale: str, slug: str = SLUG, *, only: int | None = None) -> None:
    """Approve a catalog's units (the first ``only`` of them) as a test reviewer."""
    with edit_catalog(ws.po_path(locale, slug)) as catalog:
        for number, entry in enumerate(catalog):
            if only is not None and number >= only:
                break
            if state_of(entry) is not State.APPROVED:
                approve_entry(entry, "Test Editor")


def drafts(ws: Workspace, locale: str, slug: str = SLUG) -> list[str]:
    return [e.msgstr for e in load_catalog(ws.po_path(locale, slug)) if state_of(e) is not State.APPROVED]


def site_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.suffix in (".html", ".xml"))


def parse_html(path: Path):
    """Parse strictly: html5lib raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    with path.open("rb") as fh:
        return parser.parse(fh)


def set_config(ws: Workspace, old: str, new: str) -> Workspace:
    path = ws.root / "pressflow.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Workspace.load(ws.root)


def add_release(ws: Workspace, name: str = "2019-01-15-ai-forum.md") -> str:
    shutil.copy(DATA / name, ws.releases_dir / name)
    return "ai-forum"


# ---------------------------------------------------------------------------
# What is published
# ---------------------------------------------------------------------------


def test_sample_as_is_publishes_only_the_source_language(sample_ws: Workspace) -> None:
    result = build_site(sample_ws)
    assert result.published == {SLUG: ["en"]}
    assert set(result.held_back[SLUG]) == set(sample_ws.target_locales)
    site = sample_ws.output_dir
    assert sorted(p.name for p in site.iterdir()) == ["en", "index.html", "sitemap.xml", "static"]
    text = site_text(site)
    for locale in sample_ws.target_locales:
        for draft in drafts(sample_ws, locale):
            assert draft not in text, (locale, draft)


def test_approved_locales_are_published_and_drafts_never_are(sample_ws: Workspace) -> None:
    approve(sample_ws, "th")
    approve(sample_ws, "ko")
    result = build_site(sample_ws)
    assert result.published[SLUG] == ["en", "ko", "th"]
    text = site_text(sample_ws.output_dir)
    for locale in ("id", "ms", "vi", "fil", "km", "lo", "my"):
        for draft in drafts(sample_ws, locale):
            assert draft not in text, (locale, draft)
    thai = (sample_ws.output_dir / "th" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="th"' in thai
    assert "7 ธันวาคม 2561" in thai  # Buddhist Era, as Thai government sites print dates
    assert 'class="fallback"' not in thai


def test_threshold_publishes_partial_pages_with_source_fallbacks(sample_ws: Workspace) -> None:
    ws = set_config(sample_ws, "publish_threshold = 1.0", "publish_threshold = 0.5")
    approve(ws, "id", only=12)
    approve(ws, "vi", only=3)  # below the threshold
    unapproved = drafts(ws, "id")
    result = build_site(ws)
    assert result.published[SLUG] == ["en", "id"]
    assert result.held_back[SLUG]["vi"] == "3/17 units approved"
    page = (ws.output_dir / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    for draft in unapproved:
        assert draft not in page
    tree = parse_html(ws.output_dir / "id" / f"{SLUG}.html")
    fallbacks = tree.findall(".//span[@class='fallback']")
    assert len(fallbacks) == 5
    assert all(span.get("lang") == "en" for span in fallbacks)
    assert "Korea pledged to revise ICT MoU" in page


def test_an_approved_unit_with_a_qa_error_blocks_publishing(sample_ws: Workspace) -> None:
    with edit_catalog(sample_ws.po_path("ms", SLUG)) as catalog:
        for entry in catalog:
            if "2004" in entry.msgid:
                entry.msgstr = entry.msgstr.replace("2004", "2005")  # a wrong number
            approve_entry(entry, "Test Editor")  # approved without running QA
    result = build_site(sample_ws)
    assert "ms" not in result.published[SLUG]
    assert result.held_back[SLUG]["ms"] == "16/17 units approved"


def test_injected_markup_in_an_approved_translation_is_inert(sample_ws: Workspace) -> None:
    attack = ('<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) '
              '<a href="javascript:alert(2)">y</a>')
    with edit_catalog(sample_ws.po_path("fil", SLUG)) as catalog:
        for entry in catalog:
            if entry.msgid.startswith("Korea has become"):
                entry.msgstr += " " + attack
            approve_entry(entry, "Test Editor")
    ws = set_config(sample_ws, "publish_threshold = 1.0", "publish_threshold = 0.9")
    build_site(ws)
    tree = parse_html(ws.output_dir / "fil" / f"{SLUG}.html")
    assert not tree.findall(".//script") and not tree.findall(".//img")
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib)
        assert not element.get("href", "").lower().startswith("javascript")


# ---------------------------------------------------------------------------
# Structure: HTML5, hreflang, sitemap, feeds, switcher, templates
# ---------------------------------------------------------------------------


@pytest.fixture
def published(sample_ws: Workspace) -> Workspace:
    """Two releases; the seed approved in th, ko and vi, the second one in ko only."""
    slug = add_release(sample_ws)
    from workflow.catalogs.extract import update

    update(sample_ws, ["ko"], [slug])
    with edit_catalog(sample_ws.po_path("ko", slug)) as catalog:
        for entry in catalog:
            entry.msgstr = f"번역: {entry.msgid}"
            approve_entry(entry, "Test Editor")
    for locale in ("th", "ko", "vi"):
        approve(sample_ws, locale)
    build_site(sample_ws)
    return sample_ws


def test_every_page_is_valid_html5(published: Workspace) -> None:
    build_site(published, preview=True)
    pages = list(published.output_dir.rglob("*.html")) + list(published.preview_dir.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        tree = parse_html(path)
        assert tree.find(".//meta[@name='viewport']") is not None, path


def test_hreflang_sitemap_and_feeds_agree(published: Workspace) -> None:
    site, base = published.output_dir, "https://press.example.go.kr/"
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    sitemap_alternates = {
        url.findtext(f"{SM}loc"): {(l.get("hreflang"), l.get("href")) for l in url.findall(f"{XHTML}link")}
        for url in sitemap.findall(f"{SM}url")
    }
    feeds = {
        path.parent.name: {e.findtext(f"{ATOM}id") for e in ET.parse(path).getroot().findall(f"{ATOM}entry")}
        for path in site.glob("*/atom.xml")
    }
    assert set(feeds) == {"en", "ko", "th", "vi"}
    pages = sorted(p for p in site.glob("*/*.html") if p.name != "index.html")
    assert len(pages) == 6  # seed: en ko th vi; second release: en ko
    for path in pages:
        url = base + path.relative_to(site).as_posix()
        tree = parse_html(path)
        links = {(l.get("hreflang"), l.get("href")) for l in tree.findall(".//link[@rel='alternate']")
                 if l.get("hreflang")}
        assert tree.find(".//link[@rel='canonical']").get("href") == url
        assert links == sitemap_alternates[url], path
        languages = {lang for lang, _ in links} - {"x-default"}
        # Each published version is in its language's feed, and no feed has another version.
        assert all(href in feeds[lang] for lang, href in links if lang != "x-default")
        assert {lang for lang, ids in feeds.items() if any(i.endswith("/" + path.name) for i in ids)} == languages
        assert tree.get("lang") == path.parent.name
        assert dict(links)["x-default"] == base + f"en/{path.name}"
        # The switcher offers exactly the published versions, each in its own language.
        switcher = tree.findall(".//nav[@class='lang-switcher']//a")
        assert {a.get("hreflang") for a in switcher} == languages - {path.parent.name}
        assert all(a.get("lang") == a.get("hreflang") for a in switcher)
        assert tree.find(".//meta[@property='og:url']").get("content") == url


def test_indexes_list_releases_newest_first_and_root_lists_languages(published: Workspace) -> None:
    site = published.output_dir
    ko_index = parse_html(site / "ko" / "index.html")
    links = [a.get("href") for a in ko_index.findall(".//ol[@class='release-list']//a")]
    assert links == ["ai-forum.html", f"{SLUG}.html"]  # 2019-01-15 before 2018-12-07
    th_index = parse_html(site / "th" / "index.html")
    assert [a.get("href") for a in th_index.findall(".//ol[@class='release-list']//a")] == [f"{SLUG}.html"]
    root = parse_html(site / "index.html")
    names = [a.text for a in root.findall(".//ul[@class='language-list']//a")]
    assert names == ["English", "한국어", "ไทย", "Tiếng Việt"]


def test_workspace_templates_override_packaged_ones(sample_ws: Workspace) -> None:
    (sample_ws.templates_dir / "partials").mkdir(parents=True, exist_ok=True)
    (sample_ws.templates_dir / "partials" / "footer.html").write_text(
        '<p class="custom-footer">{{ site.name }} &mdash; overridden</p>\n', encoding="utf-8")
    build_site(sample_ws)
    page = (sample_ws.output_dir / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'class="custom-footer"' in page
    assert '<p class="release-date">' in page  # the rest still comes from the packaged templates


def test_a_broken_template_is_reported_with_path_and_line(sample_ws: Workspace) -> None:
    (sample_ws.templates_dir / "release.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n', encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build_site(sample_ws)
    assert str(info.value).startswith(f"{sample_ws.templates_dir / 'release.html'}:3: template error")


def test_refuses_to_build_over_workspace_files(sample_ws: Workspace) -> None:
    for out in (sample_ws.root, sample_ws.releases_dir, sample_ws.locales_dir / "th"):
        with pytest.raises(BuildError):
            build_site(sample_ws, out)


# ---------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------


def test_preview_shows_every_locale_with_units_marked(sample_ws: Workspace) -> None:
    result = build_site(sample_ws, preview=True)
    assert result.out_dir == sample_ws.preview_dir
    assert result.published[SLUG] == ["en", *sample_ws.target_locales]
    assert not sample_ws.output_dir.exists()  # the published site is a separate folder
    tree = parse_html(sample_ws.preview_dir / "km" / f"{SLUG}.html")
    assert tree.find(".//div[@class='preview-banner']") is not None
    assert tree.find(".//meta[@name='robots']").get("content").startswith("noindex")
    units = tree.findall(".//span[@data-unit]")
    catalog = load_catalog(sample_ws.po_path("km", SLUG))
    assert {u.get("data-unit") for u in units} == {unit_id(e.msgid) for e in catalog}
    assert {u.get("data-state") for u in units} == {"draft"}
    assert all("unit-draft" in u.get("class") for u in units)


def test_preview_server_serves_on_loopback(sample_ws: Workspace) -> None:
    result = build_site(sample_ws, preview=True)
    server = preview_server(result.out_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/th/{SLUG}.html", timeout=5) as response:
            body = response.read().decode("utf-8")
        assert 'data-state="draft"' in body
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(BuildError):
        preview_server(result.out_dir, host="0.0.0.0")


# ---------------------------------------------------------------------------
# Incremental builds
# ---------------------------------------------------------------------------


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_noop_rebuild_renders_and_writes_nothing(sample_ws: Workspace) -> None:
    approve(sample_ws, "lo")
    first = build_site(sample_ws)
    assert first.rendered > 0 and first.written
    before = _mtimes(sample_ws.output_dir)
    again = build_site(sample_ws)
    assert again.noop and again.rendered == 0 and not again.written
    assert again.published == first.published
    assert _mtimes(sample_ws.output_dir) == before
    # Touching an input without changing it is still a no-op (inputs are keyed by hash).
    po = sample_ws.po_path("lo", SLUG)
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 10**9))
    assert build_site(sample_ws).noop


def test_a_changed_catalog_rebuilds_only_what_changed(sample_ws: Workspace) -> None:
    build_site(sample_ws)
    before = _mtimes(sample_ws.output_dir)
    approve(sample_ws, "my")
    result = build_site(sample_ws)
    assert not result.noop
    after = _mtimes(sample_ws.output_dir)
    assert "my/asean-korea-telmin-13.html" in result.written
    assert after["static/style.css"] == before["static/style.css"]  # unchanged bytes are not rewritten


def test_a_build_without_its_manifest_rewrites_no_page_whose_bytes_are_there(sample_ws: Workspace) -> None:
    """Cold (manifest and status index gone) over the same site: every output is compared
    with the file there and none is written again; a page that differs is."""
    approve(sample_ws, "lo")
    first = build_site(sample_ws)
    shutil.rmtree(sample_ws.state_dir)
    page = sample_ws.output_dir / "lo" / "asean-korea-telmin-13.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    before = _mtimes(sample_ws.output_dir)
    cold = build_site(sample_ws)
    assert cold.written == ["lo/asean-korea-telmin-13.html"]
    assert cold.unchanged == len(first.written) - 1
    after = _mtimes(sample_ws.output_dir)
    assert {rel for rel in after if after[rel] != before[rel]} == {"lo/asean-korea-telmin-13.html"}


def test_clean_rebuilds_everything(sample_ws: Workspace) -> None:
    build_site(sample_ws)
    page = sample_ws.output_dir / "en" / f"{SLUG}.html"
    page.write_text("hand-edited", encoding="utf-8")  # the manifest still says it is fine
    assert build_site(sample_ws).noop is False  # our output changed: its release is rendered again
    assert page.read_text(encoding="utf-8") != "hand-edited"
    before = _mtimes(sample_ws.output_dir)
    result = build_site(sample_ws, clean=True)
    assert not result.noop and result.rendered == 3  # the page, its index and the root page
    assert set(result.written) == set(before)
    assert _mtimes(sample_ws.output_dir).keys() == before.keys()


def test_removed_release_and_locale_disappear_but_foreign_files_stay(sample_ws: Workspace) -> None:
    slug = add_release(sample_ws)
    approve(sample_ws, "th")
    build_site(sample_ws)
    site = sample_ws.output_dir
    assert (site / "en" / f"{slug}.html").exists() and (site / "th" / f"{SLUG}.html").exists()
    (site / "CNAME").write_text("press.example.go.kr\n")   # a publisher's own file
    (site / "th" / "extra.html").write_text("mine")       # in a folder we manage
    (sample_ws.releases_dir / "2019-01-15-ai-forum.md").unlink()
    ws = set_config(sample_ws, '"th", ', "")
    result = build_site(ws)
    assert f"en/{slug}.html" in result.removed and f"th/{SLUG}.html" in result.removed
    assert not (site / "en" / f"{slug}.html").exists()
    assert not (site / "th" / f"{SLUG}.html").exists() and not (site / "th" / "atom.xml").exists()
    assert (site / "CNAME").exists() and (site / "th" / "extra.html").exists()
    assert slug not in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "/th/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_site_contains_no_lock_or_temp_files(sample_ws: Workspace) -> None:
    approve(sample_ws, "km")
    build_site(sample_ws)
    build_site(sample_ws, preview=True)
    for folder in (sample_ws.output_dir, sample_ws.preview_dir):
        assert not [p for p in folder.rglob(".*")], folder


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def test_cli_build_reports_and_is_quiet_on_a_noop(sample_ws: Workspace, cli_run) -> None:
    first = cli_run("build", cwd=sample_ws.root)
    assert first.exit_code == 0, first.output
    assert re.search(r"asean-korea-telmin-13: en; not published: ko \(0/17 units approved\)", first.output)
    assert "open site/index.html" in first.output
    second = cli_run("build", cwd=sample_ws.root)
    assert "site: up to date" in second.output
    preview = cli_run("build", "--preview", "--out", str(sample_ws.root.parent / "pv"), cwd=sample_ws.root)
    assert preview.exit_code == 0 and (sample_ws.root.parent / "pv" / "my" / f"{SLUG}.html").exists()


def test_cli_build_reports_a_broken_release_first_and_counts_it_in_the_summary(sample_ws: Workspace,
                                                                              cli_run) -> None:
    broken = sample_ws.releases_dir / "2020-01-01-broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    for run in range(2):   # the first build renders the rest; the second has nothing else to do
        result = cli_run("build", cwd=sample_ws.root)
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        errors = [n for n, line in enumerate(lines) if line.startswith("pressflow: error: ")]
        assert len(errors) == 1 and lines[errors[0]].startswith("pressflow: error: releases/2020-01-01-broken.md:2: ")
        summary = next(n for n, line in enumerate(lines) if line.startswith("site: "))
        assert errors[0] < summary, result.output
        assert lines[summary].endswith(", 1 release skipped (error above)"), lines[summary]
        assert "up to date" not in result.output
        assert (sample_ws.output_dir / "en" / f"{SLUG}.html").exists()
    assert lines[summary] == "site: nothing rewritten, 1 release skipped (error above)"


def test_cli_reports_bad_templates_without_a_traceback(sample_ws: Workspace, cli_run) -> None:
    (sample_ws.templates_dir / "strings.json").write_text("{ nope", encoding="utf-8")
    result = cli_run("build", cwd=sample_ws.root)
    assert result.exit_code == 1
    assert "strings.json:1: invalid JSON" in result.output


def test_parallel_rendering_gives_the_same_site(sample_ws: Workspace, monkeypatch, tmp_path: Path) -> None:
    import workflow.publish.build as build_module

    add_release(sample_ws)
    approve(sample_ws, "vi")
    sequential = build_site(sample_ws, tmp_path / "seq")
    monkeypatch.setattr(build_module, "_PARALLEL_MIN", 1)
    parallel = build_site(sample_ws, tmp_path / "par")
    assert parallel.published == sequential.published and parallel.rendered == sequential.rendered

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert files(tmp_path / "par") == files(tmp_path / "seq")
    assert build_site(sample_ws, tmp_path / "par").noop


# ---------------------------------------------------------------------------
# The status index as a shortcut, one page at a time, and broken input mid-build
# ---------------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_index_cold_and_warm_give_the_same_site(sample_ws: Workspace, monkeypatch, tmp_path: Path,
                                                parallel: bool) -> None:
    import workflow.publish.build as build_module

    if parallel:
        monkeypatch.setattr(build_module, "_PARALLEL_MIN", 1)
    add_release(sample_ws)
    approve(sample_ws, "vi")
    approve(sample_ws, "th")
    approve(sample_ws, "ko")
    with edit_catalog(sample_ws.po_path("ko", SLUG)) as catalog:  # approved, but a QA error blocks it
        entry = next(e for e in catalog if "2004" in e.msgid)
        entry.msgstr = entry.msgstr.replace("2004", "2005")
        approve_entry(entry, "Test Editor")  # no findings passed: nothing stops the approval
    index = sample_ws.state_dir / "index.sqlite3"
    assert not index.exists()
    cold = build_site(sample_ws, tmp_path / "cold")  # catalogs summarised while rendering
    assert index.exists()
    warm = build_site(sample_ws, tmp_path / "warm")  # pages from the index's published-text tables
    assert cold.published == warm.published and cold.held_back == warm.held_back
    assert "ko" not in cold.published[SLUG] and {"vi", "th"} <= set(cold.published[SLUG])
    assert _files(tmp_path / "cold") == _files(tmp_path / "warm")
    from workflow.review.status import collect_status

    rows = {(r.release, r.locale): r for r in collect_status(sample_ws)}
    assert rows[(SLUG, "ko")].qa_errors == 1 and rows[(SLUG, "th")].publishable


def test_a_catalog_changed_behind_the_index_is_read_again(sample_ws: Workspace) -> None:
    from workflow.review.status import collect_status

    approve(sample_ws, "th")
    collect_status(sample_ws)  # the index now calls th publishable
    po = sample_ws.po_path("th", SLUG)
    st = po.stat()
    lines = po.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 20)
    last = lines[number][-2]  # the translation's last character, before the closing quote
    marker = "Z" * len(last.encode("utf-8"))  # same size in bytes: a different, unapproved translation
    lines[number] = lines[number][:-2] + marker + '"'
    po.write_text("\n".join(lines), encoding="utf-8")
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same mtime: the stat cannot tell
    assert po.stat().st_size == st.st_size
    changed = lines[number][len('msgstr "'):-1]
    result = build_site(sample_ws)
    assert "th" not in result.published[SLUG]
    assert result.held_back[SLUG]["th"] == "16/17 units approved"
    assert changed not in site_text(sample_ws.output_dir)


def test_render_page_is_the_page_a_build_writes(sample_ws: Workspace) -> None:
    from workflow.publish.build import render_page

    approve(sample_ws, "th")
    build_site(sample_ws)
    for locale in ("en", "th"):
        built = (sample_ws.output_dir / locale / f"{SLUG}.html").read_text(encoding="utf-8")
        assert render_page(sample_ws, SLUG, locale) == built
    with pytest.raises(BuildError, match="not published in vi: 0/17 units approved"):
        render_page(sample_ws, SLUG, "vi")
    with pytest.raises(BuildError, match="no release 'nope'"):
        render_page(sample_ws, "nope", "th")
    build_site(sample_ws, preview=True)
    for locale in ("vi", "my", "en"):
        built = (sample_ws.preview_dir / locale / f"{SLUG}.html").read_text(encoding="utf-8")
        assert render_page(sample_ws, SLUG, locale, preview=True) == built


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_a_malformed_catalog_holds_back_its_version_and_the_rest_is_built(
        sample_ws: Workspace, monkeypatch, parallel: bool) -> None:
    import workflow.publish.build as build_module

    if parallel:
        monkeypatch.setattr(build_module, "_PARALLEL_MIN", 1)
    slug = add_release(sample_ws)
    from workflow.catalogs.extract import update

    update(sample_ws)
    approve(sample_ws, "th")
    approve(sample_ws, "vi")
    po = sample_ws.po_path("th", SLUG)
    good = po.read_text(encoding="utf-8")
    po.write_text(good + '\nmsgid "broken\n', encoding="utf-8")
    broken = po.read_bytes()
    result = build_site(sample_ws)
    # Reported once, with its line; never rewritten; every other page and the site pages are built.
    assert [str(e) for e in sample_ws.broken_files()] == [f"{po}:{good.count(chr(10)) + 2}: unterminated string"]
    assert po.read_bytes() == broken
    assert result.published == {SLUG: ["en", "vi"], slug: ["en"]}
    assert result.held_back[SLUG]["th"] == "its catalog cannot be read"
    assert (sample_ws.output_dir / "index.html").exists()
    assert (sample_ws.output_dir / "en" / f"{slug}.html").exists()
    assert not (sample_ws.output_dir / "th" / f"{SLUG}.html").exists()
    # The release is rendered again (and the file reported again) until the catalog is fixed.
    sample_ws.problems.clear()
    assert not build_site(sample_ws).noop and sample_ws.broken_files()
    po.write_text(good, encoding="utf-8")
    sample_ws.problems.clear()
    assert build_site(sample_ws).published[SLUG] == ["en", "th", "vi"] and not sample_ws.broken_files()
    assert (sample_ws.output_dir / "th" / f"{SLUG}.html").exists()


def test_units_come_from_the_index_only_while_the_release_is_unchanged(sample_ws: Workspace, tmp_path: Path) -> None:
    import sqlite3

    first = build_site(sample_ws, tmp_path / "one")
    with sqlite3.connect(sample_ws.state_dir / "index.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM segments").fetchone()[0] == 1
    assert _files(tmp_path / "one") == _files(build_site(sample_ws, tmp_path / "two").out_dir)  # from the cache
    release = next(sample_ws.releases_dir.glob("*.md"))
    text = release.read_text(encoding="utf-8")
    sentence = "A sentence added after the first build."
    release.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
    build_site(sample_ws, tmp_path / "three")
    assert sentence in (tmp_path / "three" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert first.published == build_site(sample_ws, tmp_path / "three").published


def test_clean_writes_everything_and_removes_what_is_no_longer_built(sample_ws: Workspace) -> None:
    slug = add_release(sample_ws)
    build_site(sample_ws)
    page = sample_ws.output_dir / "en" / f"{slug}.html"
    assert page.exists()
    next(sample_ws.releases_dir.glob(f"*{slug}*.md")).unlink()
    result = build_site(sample_ws, clean=True)
    assert not page.exists() and result.removed == [f"en/{slug}.html"]
    assert f"en/{SLUG}.html" in result.written and result.unchanged == 0


def test_outputs_are_world_readable_even_under_a_strict_umask(sample_ws: Workspace) -> None:
    old = os.umask(0o077)
    try:
        build_site(sample_ws)
    finally:
        os.umask(old)
    files = [p for p in sample_ws.output_dir.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == 0o644 for p in files)


def test_sitemap_lists_each_release_version_with_all_its_alternates(published: Workspace) -> None:
    sitemap = ET.parse(published.output_dir / "sitemap.xml").getroot()
    groups: dict[frozenset, set[str]] = {}
    for url in sitemap.findall(f"{SM}url"):
        links = frozenset((l.get("hreflang"), l.get("href")) for l in url.findall(f"{XHTML}link"))
        groups.setdefault(links, set()).add(url.findtext(f"{SM}loc"))
    # The URLs sharing a set of alternates are exactly its versions (plus, for the
    # language indexes, the root page as x-default).
    assert len(groups) == 3  # the indexes, and each of the two releases
    for links, locs in groups.items():
        assert {href for lang, href in links if lang != "x-default"} <= locs <= {href for _, href in links}, links
        assert sum(lang == "x-default" for lang, _ in links) == 1


def test_footnote_markers_are_kept_and_never_bold(sample_ws: Workspace) -> None:
    """'Rights**' and 'fund***' mark notes: no <strong> swallows the next sentence, and the
    published notes show as many stars as the terms they explain."""
    add_release(sample_ws, "2019-02-01-footnotes.md")
    build_site(sample_ws)
    html = next(sample_ws.output_dir.rglob("footnotes*.html")).read_text(encoding="utf-8")
    assert "Rights** was announced on Monday. The fund*** covers 12 projects." in html
    assert "<strong>this</strong>" in html and html.count("<strong>") == 1
    marks = re.findall(r'<span class="note-mark" aria-hidden="true">([^<]*)</span>', html)
    assert marks == ["**", "***"]


def test_the_index_rows_a_build_stores_are_those_status_stores(sample_ws: Workspace) -> None:
    """The summaries a cold build stores in the status index equal those ``pressflow status``
    makes from an empty index, here for a catalog that ``msgfmt -c`` rejects (a reviewed unit
    whose msgstr ends in a newline its msgid lacks): its gettext error included."""
    import sqlite3

    from workflow.catalogs import render_catalog, set_fuzzy
    from workflow.review.status import collect_status

    po = sample_ws.po_path("ko", SLUG)
    catalog = load_catalog(po)
    entry = next(e for e in catalog if e.msgid and e.msgstr)
    set_fuzzy(entry, False)
    entry.msgstr += "\n"
    po.write_text(render_catalog(catalog), encoding="utf-8")  # as another editor saved it (pressflow would refuse)
    approve(sample_ws, "lo")

    def rows() -> dict[str, tuple]:
        with sqlite3.connect(sample_ws.state_dir / "index.sqlite3") as db:
            return {path: rest for path, *rest in db.execute(
                "SELECT path, sha, context, total, untranslated, rejected, draft, needs_review, approved, qa_errors, "
                "units, findings, keys, relayed, approved_texts FROM files")}

    shutil.rmtree(sample_ws.state_dir)
    build_site(sample_ws)
    built = rows()
    assert "(msgfmt -c)" in built[str(po)][10]
    shutil.rmtree(sample_ws.state_dir)
    collect_status(sample_ws)
    assert rows() == built


def test_a_full_build_after_status_reads_no_catalog(sample_ws: Workspace, request) -> None:
    """With the status index current, an empty site is built from it: no catalog is read (neither
    to summarise it nor to fingerprint it), and the manifest's fingerprints are the catalogs' hashes."""
    import json

    from workflow.publish.manifest import content_hash, manifest_path
    from workflow.review.status import collect_status

    approve(sample_ws, "th")
    long_ago = 1_500_000_000
    for po in sample_ws.locales_dir.rglob("*.po"):
        os.utime(po, (long_ago, long_ago))  # not racy: the index keeps their stamps
    collect_status(sample_ws)
    read = request.getfixturevalue("files_read")
    result = build_site(sample_ws)
    assert "th" in result.published[SLUG]
    assert [p for p in read if p.endswith(".po")] == []
    files = json.loads(manifest_path(sample_ws, sample_ws.output_dir).read_text(encoding="utf-8"))["files"]
    po = sample_ws.po_path("th", SLUG)
    assert files[str(po)][2] == content_hash(po.read_bytes())


def test_date_texts_are_remembered_in_the_status_index(sample_ws: Workspace, monkeypatch) -> None:
    """A build keeps the date texts it made in the status index; the next build prints the same
    pages without formatting a date again, and texts kept for other code or another Babel are ignored."""
    import workflow.publish.dates as dates
    from workflow.publish import render
    from workflow.review.index import Index

    monkeypatch.setattr(render, "KNOWN_DATES", {})
    render.format_date.cache_clear()
    approve(sample_ws, "th")
    build_site(sample_ws)
    before = _files(sample_ws.output_dir)
    with Index(sample_ws) as index:
        kept = index.date_texts(dates._context())
    assert kept[("th", "2018-12-07")] == render._format_date(__import__("datetime").date(2018, 12, 7), "th")

    def no_formatting(*_args: object) -> str:
        raise AssertionError("a remembered date was formatted again")

    monkeypatch.setattr(render, "KNOWN_DATES", {})
    render.format_date.cache_clear()
    shutil.rmtree(sample_ws.output_dir)
    with monkeypatch.context() as patch:
        patch.setattr(render, "_format_date", no_formatting)
        build_site(sample_ws, clean=True)
    assert _files(sample_ws.output_dir) == before

    monkeypatch.setattr(render, "KNOWN_DATES", {})
    render.format_date.cache_clear()
    monkeypatch.setattr(dates, "_context", lambda: "another Babel")
    made: list[str] = []
    real = render._format_date
    monkeypatch.setattr(render, "_format_date", lambda day, locale: made.append(locale) or real(day, locale))
    shutil.rmtree(sample_ws.output_dir)
    build_site(sample_ws, clean=True)
    assert "th" in made and _files(sample_ws.output_dir) == before
    render.format_date.cache_clear()


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(sample_ws: Workspace) -> None:
    """The build's input stamps include ctime (as git's do): an edit of the same size whose mtime
    was set back (``touch -d``, ``rsync -t``) is rebuilt, not reported "up to date"."""
    approve(sample_ws, "th")
    long_ago = 1_500_000_000
    for path in [*sample_ws.locales_dir.rglob("*.po"), *sample_ws.releases_dir.glob("*.md")]:
        os.utime(path, (long_ago, long_ago))  # not racy: the stamps are trusted from now on
    build_site(sample_ws)
    assert build_site(sample_ws).noop
    po = sample_ws.po_path("th", SLUG)
    st = po.stat()
    text = po.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 20)
    last = lines[number][-2]
    lines[number] = lines[number][:-2] + "Z" * len(last.encode("utf-8")) + '"'
    po.write_text("\n".join(lines), encoding="utf-8")
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (po.stat().st_size, po.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    changed = lines[number][len('msgstr "'):-1]
    result = build_site(sample_ws)
    assert not result.noop
    # The changed translation is not approved: th shows its last approved version, not the edit.
    assert "th" in result.previous.get(SLUG, {})
    assert changed not in site_text(sample_ws.output_dir)
