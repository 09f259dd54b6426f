"""Publishing continuity: a corrected original keeps the last approved translation online
(marked), corrections, embargoes and withdrawals — and the site stays valid and consistent."""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from babel.dates import format_date

from workflow.catalogs import edit_catalog, load_catalog
from workflow.catalogs.extract import update
from workflow.errors import RecordError, ReleaseError
from workflow.publish.build import build_site
from workflow.publish.withdraw import withdraw
from workflow.review.records import load_records
from workflow.review.status import collect_status
from workflow.review.units import State, approve_entry, edit_entry, state_of
from workflow.workspace import Workspace

SLUG = "asean-korea-telmin-13"
BASE = "https://press.example.go.kr/"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
KST = _dt.timezone(_dt.timedelta(hours=9))
NOTICE_ID = "Terjemahan ini mengikuti naskah asli tanggal 7 Desember 2018; naskah asli telah diperbarui sejak itu."



@pytest.fixture
def sample_ws(english_only_ws: Workspace) -> Workspace:
    return english_only_ws  # these tests count and compare the English release's site

def approve_all(ws: Workspace, locale: str, slug: str = SLUG) -> None:
    with edit_catalog(ws.po_path(locale, slug)) as catalog:
        for entry in catalog:
            if state_of(entry) is not State.APPROVED:
                approve_entry(entry, "Test Editor")


def release_file(ws: Workspace) -> Path:
    return next(ws.releases_dir.glob("*.md"))


def edit_release(ws: Workspace, old: str, new: str) -> None:
    path = release_file(ws)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_site(site: Path) -> dict[str, set[str]]:
    """Every page is strict HTML5; sitemap, feeds and indexes list exactly the release pages
    that are not withdrawn. Returns locale -> slugs listed."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages, gone = set(), set()
    for path in sorted(site.rglob("*.html")):
        tree = parser.parse(path.read_bytes())
        rel = path.relative_to(site).as_posix()
        if rel.count("/") == 1 and path.name != "index.html":
            (gone if tree.find(".//article[@class='withdrawn']") is not None else pages).add(rel)
    sitemap = {u.findtext(f"{SM}loc")[len(BASE):] for u in ET.parse(site / "sitemap.xml").getroot().iter(f"{SM}url")}
    assert {s for s in sitemap if s.count("/") == 1 and not s.endswith("index.html")} == pages
    feeds = {e.findtext(f"{ATOM}id")[len(BASE):] for feed in site.glob("*/atom.xml")
             for e in ET.parse(feed).getroot().iter(f"{ATOM}entry")}
    assert feeds == pages
    listed = set()
    for index in site.glob("*/index.html"):
        tree = parser.parse(index.read_bytes())
        listed |= {f"{index.parent.name}/{a.get('href')}" for a in tree.findall(".//ol[@class='release-list']//a")}
    assert listed == pages
    assert not gone & sitemap
    out: dict[str, set[str]] = {}
    for rel in pages:
        locale, name = rel.split("/")
        out.setdefault(locale, set()).add(name[:-5])
    return out


def feed_entry(site: Path, locale: str, slug: str = SLUG) -> ET.Element:
    root = ET.parse(site / locale / "atom.xml").getroot()
    return next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith(f"/{slug}.html"))


# ---------------------------------------------------------------------------
# The last approved version stays published
# ---------------------------------------------------------------------------


def test_a_corrected_original_keeps_the_approved_translation_online_until_reapproved(sample_ws: Workspace) -> None:
    approve_all(sample_ws, "id")
    build_site(sample_ws)
    site = sample_ws.output_dir
    before = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "version-notice" not in before

    edit_release(sample_ws, "took part in", "participated in")
    update(sample_ws, ["id"])
    result = build_site(sample_ws)
    assert result.removed == []
    assert result.published[SLUG] == ["en", "id"] and "id" in result.previous[SLUG]
    page = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert NOTICE_ID in page and f'href="../en/{SLUG}.html"' in page
    assert "participated in" in (site / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert check_site(site) == {"en": {SLUG}, "id": {SLUG}}  # index, feed and sitemap keep it
    row = next(r for r in collect_status(sample_ws) if r.locale == "id")
    assert (row.publishable, row.published) == (False, "previous version")

    # The translator updates the changed unit and it is approved: the new version replaces the old.
    with edit_catalog(sample_ws.po_path("id", SLUG)) as catalog:
        entry = next(e for e in catalog if state_of(e) is not State.APPROVED)
        assert "participated" in entry.msgid
        edit_entry(entry, entry.msgstr.replace("mengambil bagian", "berpartisipasi"), "Translator")
        approve_entry(entry, "Test Editor")
    result = build_site(sample_ws)
    assert SLUG not in result.previous
    page = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "version-notice" not in page
    assert next(r for r in collect_status(sample_ws) if r.locale == "id").published == "yes"
    check_site(site)


def test_the_record_survives_a_fresh_clone_with_the_hash_of_its_original(sample_ws: Workspace, tmp_path: Path) -> None:
    approve_all(sample_ws, "vi")
    build_site(sample_ws)
    records = load_records(sample_ws, SLUG)
    text = release_file(sample_ws).read_text(encoding="utf-8")
    version = records.versions["vi"]
    assert version.source_sha == hashlib.sha256(text.encode()).hexdigest()
    assert records.sources[version.source_sha] == text and version.original_date == "2018-12-07"
    vi = {e.msgid: e.msgstr for e in load_catalog(sample_ws.po_path("vi", SLUG))}
    assert version.translations == vi
    data = json.loads((sample_ws.root / "published" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert set(data["versions"]) == {"vi"}  # only versions that were published

    # A fresh clone: the committed files only (no .pressflow caches, no site).
    clone = tmp_path / "clone"
    shutil.copytree(sample_ws.root, clone, ignore=shutil.ignore_patterns(".pressflow", "site"))
    ws = Workspace.load(clone)
    with edit_catalog(ws.po_path("vi", SLUG)) as catalog:  # a unit is rejected meanwhile
        from workflow.review.units import reject_entry

        reject_entry(next(iter(catalog)), "Test Editor", "wrong term")
    result = build_site(ws)
    assert result.previous[SLUG] == {"vi": "16/17 units approved"}
    page = (ws.output_dir / "vi" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Bản dịch này đang được sửa đổi" in page  # the original is unchanged: "being revised"
    assert next(iter(vi.values())) in page
    check_site(ws.output_dir)


def test_a_record_file_is_rewritten_when_it_differs_in_anything_and_left_alone_when_not(
        sample_ws: Workspace) -> None:
    """A rebuild compares the record file with the versions it publishes: the same versions
    leave the file untouched; any difference (a translation edited by hand, a version of another
    language, an unused original, another format) is merged and saved as before."""
    approve_all(sample_ws, "vi")
    approve_all(sample_ws, "th")
    build_site(sample_ws)
    path = sample_ws.root / "published" / f"{SLUG}.json"
    written = path.read_text(encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    build_site(sample_ws, clean=True)
    assert path.stat().st_mtime_ns == stamp  # the same versions: not rewritten

    data = json.loads(written)
    sha = next(iter(data["sources"]))
    edited = json.loads(written)
    first = next(iter(edited["versions"]["vi"]["translations"]))
    edited["versions"]["vi"]["translations"][first] = "sửa tay"
    extra = json.loads(written)
    extra["versions"]["id"] = {**extra["versions"]["vi"], "translations": {first: "dulu"}}
    unused = json.loads(written)
    unused["sources"]["0" * 64] = "an original no version translates"
    for changed, expected_versions in ((edited, {"vi", "th"}), (unused, {"vi", "th"}),
                                       (extra, {"vi", "th", "id"})):
        path.write_text(json.dumps(changed, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        build_site(sample_ws, clean=True)
        records = load_records(sample_ws, SLUG)
        assert set(records.versions) == expected_versions
        assert records.versions["vi"].translations == data["versions"]["vi"]["translations"]  # as published now
        assert records.versions["vi"].source_sha == sha
    assert json.loads(path.read_text(encoding="utf-8"))["versions"]["id"]["translations"] == {first: "dulu"}
    path.write_text(written.replace('"format": 1', '"format": 2'), encoding="utf-8")
    with pytest.raises(RecordError):  # not a record of this format: reported, not taken as unchanged
        build_site(sample_ws, clean=True)


def test_a_malformed_record_is_reported_with_its_path(sample_ws: Workspace, cli_run) -> None:
    (sample_ws.root / "published").mkdir()
    (sample_ws.root / "published" / f"{SLUG}.json").write_text("{\n  oops\n}", encoding="utf-8")
    approve_all(sample_ws, "th")
    done = cli_run("build", cwd=sample_ws.root)
    assert done.exit_code != 0 and "Traceback" not in done.output
    assert f"published/{SLUG}.json:2: invalid JSON" in done.output


# ---------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------

CORRECTION = ("lang: en\ncorrections:\n  - date: 2018-12-10\n"
              "    note: The meeting was held on Bali Island, not in Jakarta.\n")


def test_corrections_are_shown_move_the_feed_and_reach_translations_once_translated(sample_ws: Workspace) -> None:
    approve_all(sample_ws, "id")
    build_site(sample_ws)
    site = sample_ws.output_dir
    assert feed_entry(site, "en").findtext(f"{ATOM}updated") == "2018-12-07T00:00:00Z"

    edit_release(sample_ws, "lang: en\n", CORRECTION)
    update(sample_ws, ["id"])
    result = build_site(sample_ws)
    en = (site / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<section class="corrections">' in en and "The meeting was held on Bali Island" in en
    assert '<time datetime="2018-12-10">December 10, 2018</time>' in en
    entry = feed_entry(site, "en")
    assert entry.findtext(f"{ATOM}updated") == "2018-12-10T00:00:00Z"
    assert entry.findtext(f"{ATOM}published") == "2018-12-07T00:00:00Z"
    # The Indonesian version does not include the note yet: its last approved version stays, without it.
    assert "id" in result.previous[SLUG]
    page = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "corrections" not in page and NOTICE_ID.replace("7 Desember", "10 Desember") not in page
    assert feed_entry(site, "id").findtext(f"{ATOM}updated") == "2018-12-07T00:00:00Z"

    with edit_catalog(sample_ws.po_path("id", SLUG)) as catalog:
        note = next(e for e in catalog if e.msgid.startswith("The meeting was held"))
        edit_entry(note, "Pertemuan diadakan di Pulau Bali, bukan di Jakarta.", "Translator")
        approve_entry(note, "Test Editor")
    result = build_site(sample_ws)
    assert SLUG not in result.previous
    page = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "<h2>Ralat</h2>" in page and "Pertemuan diadakan di Pulau Bali" in page
    assert '<time datetime="2018-12-10">10 Desember 2018</time>' in page
    assert feed_entry(site, "id").findtext(f"{ATOM}updated") == "2018-12-10T00:00:00Z"
    assert ET.parse(site / "id" / "atom.xml").getroot().findtext(f"{ATOM}updated") == "2018-12-10T00:00:00Z"
    check_site(site)


def test_a_correction_without_a_note_is_an_error_with_its_line(sample_ws: Workspace) -> None:
    edit_release(sample_ws, "lang: en\n", "lang: en\ncorrections:\n  - date: 2018-12-10\n")
    with pytest.raises(ReleaseError, match=r":7: front matter: each correction needs a 'date' and a 'note'"):
        sample_ws.load_release(release_file(sample_ws))


# ---------------------------------------------------------------------------
# Embargo
# ---------------------------------------------------------------------------


def test_an_embargoed_release_is_nowhere_before_its_moment_and_everywhere_after(sample_ws: Workspace,
                                                                                 cli_run) -> None:
    approve_all(sample_ws, "th")
    edit_release(sample_ws, "lang: en\n", "lang: en\nembargo: 2018-12-07T09:00+09:00\n")
    site = sample_ws.output_dir
    before = build_site(sample_ws, at=_dt.datetime(2018, 12, 7, 8, 59, tzinfo=KST))
    assert SLUG not in before.published
    assert not (site / "en").exists() and not (site / "th").exists()
    text = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())
    assert SLUG not in text and "TELMIN" not in text  # no page, index entry, feed entry or sitemap URL
    check_site(site)
    assert not (sample_ws.root / "published").exists()  # nothing recorded as published either

    done = cli_run("build", "--at", "2018-12-07T00:00Z", cwd=sample_ws.root)  # 09:00 in Seoul
    assert done.exit_code == 0, done.output
    assert (site / "en" / f"{SLUG}.html").exists() and (site / "th" / f"{SLUG}.html").exists()
    assert check_site(site) == {"en": {SLUG}, "th": {SLUG}}
    # Without --at: now, long after the moment.
    assert build_site(sample_ws).noop


def test_an_embargo_needs_a_timezone_and_so_does_build_at(sample_ws: Workspace, cli_run) -> None:
    edit_release(sample_ws, "lang: en\n", "lang: en\nembargo: 2024-01-01T09:00\n")
    done = cli_run("build", cwd=sample_ws.root)
    assert done.exit_code != 0 and "Traceback" not in done.output
    assert ":7: front matter: embargo '2024-01-01T09:00' has no timezone" in done.output
    edit_release(sample_ws, "embargo: 2024-01-01T09:00\n", "")
    done = cli_run("build", "--at", "2024-01-01 09:00", cwd=sample_ws.root)
    assert done.exit_code != 0 and "--at '2024-01-01 09:00' has no timezone" in done.output


# ---------------------------------------------------------------------------
# Withdrawal
# ---------------------------------------------------------------------------


def test_withdrawing_one_language_leaves_a_withdrawn_page_at_its_url(sample_ws: Workspace, cli_run) -> None:
    approve_all(sample_ws, "id")
    approve_all(sample_ws, "th")
    build_site(sample_ws)
    site = sample_ws.output_dir
    done = cli_run("withdraw", SLUG, "--locale", "id", "--reason", "Figures under review", cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    assert f"{SLUG} withdrawn (id)" in done.output
    release = sample_ws.load_release(release_file(sample_ws))
    assert [(w.reason, w.locales) for w in release.withdrawn] == [("Figures under review", ("id",))]
    result = build_site(sample_ws)
    assert result.published[SLUG] == ["en", "th"] and result.withdrawn[SLUG] == ["id"]
    page = (site / "id" / f"{SLUG}.html").read_text(encoding="utf-8")
    [recorded] = [w.date for w in release.withdrawn]  # the date withdraw wrote, not the clock now (midnight)
    assert f"on {recorded.isoformat()}" in done.output
    assert f"Terjemahan ini ditarik pada {format_date(recorded, format='long', locale='id')}." in page
    assert '<meta name="robots" content="noindex">' in page and "Figures under review" in page
    assert check_site(site) == {"en": {SLUG}, "th": {SLUG}}
    # No Indonesian release is left, but its index and feed stay (empty): no 404 for subscribers.
    feed = ET.parse(site / "id" / "atom.xml").getroot()
    assert list(feed.iter(f"{ATOM}entry")) == [] and SLUG not in (site / "id" / "index.html").read_text("utf-8")
    en = (site / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert f"id/{SLUG}.html" not in en  # no hreflang alternate, no switcher link
    assert next(r for r in collect_status(sample_ws) if r.locale == "id").published == "withdrawn"

    again = cli_run("withdraw", SLUG, "--locale", "id", "--reason", "twice", cwd=sample_ws.root)
    assert again.exit_code != 0 and "already withdrawn in id" in again.output


def test_withdrawing_a_release_leaves_withdrawn_pages_in_every_published_language(sample_ws: Workspace) -> None:
    approve_all(sample_ws, "ko")
    build_site(sample_ws)
    withdraw(sample_ws, SLUG, "Published by mistake", date=_dt.date(2018, 12, 8))
    result = build_site(sample_ws)
    assert result.published[SLUG] == [] and result.withdrawn[SLUG] == ["en", "ko"]
    site = sample_ws.output_dir
    en = (site / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "This press release was withdrawn on December 8, 2018." in en
    assert "이 보도자료는 2018년 12월 8일에 철회되었습니다." in (site / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert not (site / "ms" / f"{SLUG}.html").exists()  # never published: nothing to withdraw
    assert check_site(site) == {}
    front = release_file(sample_ws).read_text(encoding="utf-8").split("---")[1]
    assert "withdrawn:\n- date: 2018-12-08\n  reason: Published by mistake\n" in front


def test_an_emptied_feed_is_dated_by_the_withdrawal_not_1970(sample_ws: Workspace) -> None:
    approve_all(sample_ws, "id")
    build_site(sample_ws)
    withdraw(sample_ws, SLUG, "Figures under review", ("id",), date=_dt.date(2019, 1, 15))
    build_site(sample_ws)
    site = sample_ws.output_dir
    feed = ET.parse(site / "id" / "atom.xml").getroot()
    assert list(feed.iter(f"{ATOM}entry")) == []
    assert feed.findtext(f"{ATOM}updated") == "2019-01-15T00:00:00Z"
    # The English feed still lists the release: its date is the release's, the Indonesian withdrawal is not its news.
    assert ET.parse(site / "en" / "atom.xml").getroot().findtext(f"{ATOM}updated") == "2018-12-07T00:00:00Z"
    before = _site_bytes(site)
    build_site(sample_ws)
    assert _site_bytes(site) == before  # no build time anywhere


def test_a_feed_with_no_entry_and_no_withdrawal_date_takes_the_sites_newest_release_date() -> None:
    from workflow.publish.site import feed_updated
    summaries = {"a": {"date": "2018-12-07"}, "b": {"date": "2019-03-01"}}
    assert feed_updated([], (), summaries) == "2019-03-01T00:00:00Z"
    assert feed_updated([{"updated": "2018-12-10T00:00:00Z"}], ["2018-12-08"], summaries) == "2018-12-10T00:00:00Z"
    assert feed_updated([{"updated": "2018-12-10T00:00:00Z"}], ["2019-01-02"], summaries) == "2019-01-02T00:00:00Z"


def test_withdraw_refuses_unknown_releases_languages_and_empty_reasons(sample_ws: Workspace, cli_run) -> None:
    for args, message in ((["nope", "--reason", "x"], "no release 'nope'"),
                          ([SLUG, "--locale", "de", "--reason", "x"], "de"),
                          ([SLUG, "--reason", "  "], "needs a reason")):
        done = cli_run("withdraw", *args, cwd=sample_ws.root)
        assert done.exit_code != 0 and message in done.output and "Traceback" not in done.output
    assert "withdrawn" not in release_file(sample_ws).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# A broken release keeps what it had published; a copied newsroom leaks no embargo
# ---------------------------------------------------------------------------


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("broken", [
    "embargo: 2024-01-01T09:00\n", "embargo: soon\n", "corrections:\n  - date: 2018-12-10\n",
    "corrections:\n  - date: 2018-13-45\n    note: x\n", "corrections: yes\n", "withdrawn:\n  - reason: x\n",
    "withdrawn:\n  - date: 2018-12-12\n    reason: x\n    locales: [xx]\n", "title: [unclosed\n", "lang: en\n",
])
def test_a_release_that_cannot_be_read_keeps_everything_it_had_published(sample_ws: Workspace, cli_run,
                                                                         broken: str) -> None:
    approve_all(sample_ws, "id")
    build_site(sample_ws)
    site = sample_ws.output_dir
    before = _site_bytes(site)
    assert f"id/{SLUG}.html" in before
    edit_release(sample_ws, "lang: en\n", "lang: en\n" + broken)
    done = cli_run("build", cwd=sample_ws.root)
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert f"releases/{release_file(sample_ws).name}:" in done.output
    assert _site_bytes(site) == before  # pages, indexes, feeds and sitemap untouched
    edit_release(sample_ws, "lang: en\n" + broken, "lang: en\n")
    assert cli_run("build", cwd=sample_ws.root).exit_code == 0
    assert check_site(site) == {"en": {SLUG}, "id": {SLUG}}


def test_an_embargo_does_not_leak_from_a_copied_newsroom(sample_ws: Workspace, tmp_path: Path) -> None:
    approve_all(sample_ws, "th")
    build_site(sample_ws)
    copy = tmp_path / "copied"
    shutil.copytree(sample_ws.root, copy, ignore=shutil.ignore_patterns(".pressflow"))
    ws = Workspace.load(copy)
    path = next(ws.releases_dir.glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\nembargo: 2999-01-01T09:00+09:00\n"),
                    encoding="utf-8")
    result = build_site(ws)
    site = ws.output_dir
    assert f"en/{SLUG}.html" in result.removed and f"th/{SLUG}.html" in result.removed
    text = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())
    assert SLUG not in text and "TELMIN" not in text
    check_site(site)


def test_a_build_for_a_later_moment_records_nothing_still_under_embargo(sample_ws: Workspace, tmp_path: Path,
                                                                       cli_run) -> None:
    approve_all(sample_ws, "th")
    edit_release(sample_ws, "lang: en\n", "lang: en\nembargo: 2999-01-01T09:00+09:00\n")
    done = cli_run("build", "--at", "2999-01-02T00:00Z", "--out", str(tmp_path / "later"), cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    assert (tmp_path / "later" / "th" / f"{SLUG}.html").exists()
    assert not (sample_ws.root / "published").exists()
    # Without the embargo, a build for a later moment records what it publishes (it is public now).
    edit_release(sample_ws, "embargo: 2999-01-01T09:00+09:00\n", "")
    assert cli_run("build", "--at", "2999-01-02T00:00Z", "--out", str(tmp_path / "later"),
                   cwd=sample_ws.root).exit_code == 0
    assert set(load_records(sample_ws, SLUG).versions) == {"th"}


def test_a_no_op_build_leaves_no_journal(sample_ws: Workspace) -> None:
    build_site(sample_ws)
    assert build_site(sample_ws).noop
    assert list((sample_ws.root / ".pressflow").glob("build-*.journal")) == []


@pytest.mark.parametrize("old, new", [
    ("took part in", "participated in"),  # the original edited, `update` not run yet
    ("lang: en\n", "lang: en\ncorrections:\n  - date: 2018-12-10\n    note: The meeting was held on Bali Island.\n"),
])
def test_status_says_previous_version_whenever_the_build_serves_it(sample_ws: Workspace, old: str, new: str) -> None:
    approve_all(sample_ws, "id")
    build_site(sample_ws)
    edit_release(sample_ws, old, new)
    row = next(r for r in collect_status(sample_ws) if r.locale == "id")
    result = build_site(sample_ws)
    assert "id" in result.previous[SLUG]
    assert (row.publishable, row.published) == (False, "previous version")
    assert next(r for r in collect_status(sample_ws) if r.locale == "id").published == "previous version"


def test_status_says_withdrawn_only_for_versions_that_were_online(sample_ws: Workspace, cli_run) -> None:
    approve_all(sample_ws, "ko")
    build_site(sample_ws)
    refused = cli_run("withdraw", SLUG, "--locale", "ms", "--reason", "x", cwd=sample_ws.root)
    assert refused.exit_code == 1 and "never published in ms: there is nothing to withdraw" in refused.output
    assert "withdrawn" not in release_file(sample_ws).read_text(encoding="utf-8")
    withdraw(sample_ws, SLUG, "Published by mistake", date=_dt.date(2018, 12, 8))
    build_site(sample_ws)
    done = cli_run("status", "--json", cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    shown = {row["locale"]: row["published"] for row in json.loads(done.output)}
    # The source-language page is replaced too (its row is in --json); ms was never online.
    assert shown["en"] == "withdrawn" and shown["ko"] == "withdrawn" and shown["ms"] == "no"
    site = sample_ws.output_dir
    gone = {loc for loc, state in shown.items() if state == "withdrawn"}
    assert gone == {p.parent.name for p in site.glob(f"*/{SLUG}.html")}  # 410 rules from status --json
