"""Status per release × locale, its JSON, and the content-keyed index behind it."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from workflow.review import index as status_mod
from workflow.catalogs import edit_catalog
from workflow.review.actions import Selection, approve
from workflow.review.units import edit_entry, mark_draft
from workflow.review.index import INDEX_NAME, Index
from workflow.review.status import StatusRow, collect_status, status_of_paths
from workflow.review.targets import workspace_targets
from workflow.workspace import Workspace

DATA = Path(__file__).parent / "data" / "review"
KEYS = ["release", "locale", "total", "untranslated", "draft", "needs_review", "approved", "rejected",
        "stale", "qa_errors", "publishable", "published"]
GOOD_TH = {
    "Korea and Indonesia start a 5G pilot": "เกาหลีและอินโดนีเซียเริ่มโครงการนำร่อง 5G",
    "MSIT signed the agreement in Jakarta.": "MSIT ลงนามในข้อตกลงที่จาการ์ตา",
    "The pilot covers 3 cities.": "โครงการนำร่องครอบคลุม 3 เมือง",
}


@pytest.fixture
def ws(two_releases_ws: Workspace) -> Workspace:
    return two_releases_ws


def fill(ws: Workspace, locale: str, slug: str, texts: dict[str, str], how: str = "person") -> None:
    with edit_catalog(ws.po_path(locale, slug)) as cat:
        for entry in cat:
            if entry.msgid in texts:
                if how == "draft":
                    mark_draft(entry, texts[entry.msgid], "google")
                else:
                    edit_entry(entry, texts[entry.msgid], "Somchai")


def row(ws: Workspace, release: str, locale: str) -> StatusRow:
    return next(r for r in collect_status(ws) if (r.release, r.locale) == (release, locale))


def test_rows_per_release_and_locale_earliest_first(ws: Workspace) -> None:
    rows = collect_status(ws)
    assert [(r.release, r.locale) for r in rows] == [
        (rel, loc) for rel in ("asean-ict-forum", "5g-pilot") for loc in ("ko", "th", "vi", "km")
    ]
    assert row(ws, "5g-pilot", "th").to_dict() == {
        "release": "5g-pilot", "locale": "th", "total": 3, "untranslated": 3, "draft": 0, "needs_review": 0,
        "approved": 0, "rejected": 0, "stale": 0, "qa_errors": 0, "publishable": False, "published": "no",
    }


def test_counts_and_publishable(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", {"The pilot covers 3 cities.": "โครงการครอบคลุม 4 เมือง"}, how="draft")
    fill(ws, "th", "5g-pilot", {k: v for k, v in GOOD_TH.items() if "cities" not in k})
    r = row(ws, "5g-pilot", "th")
    assert (r.total, r.draft, r.needs_review, r.qa_errors, r.publishable) == (3, 1, 2, 1, False)
    fill(ws, "th", "5g-pilot", {"The pilot covers 3 cities.": GOOD_TH["The pilot covers 3 cities."]})
    approve(ws, Selection(locales=("th",), releases=("5g-pilot",), all=True), "Kim")
    r = row(ws, "5g-pilot", "th")
    assert (r.approved, r.qa_errors, r.publishable) == (3, 0, True)
    assert row(ws, "5g-pilot", "km").publishable is False


def test_status_json_has_exactly_the_documented_keys(ws: Workspace, cli_run) -> None:
    result = cli_run("status", "--json", cwd=ws.root)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 8 + 2  # and each release's source-language version (no units counted)
    sources = [d for d in data if d["total"] == 0 and d["publishable"]]
    assert [(d["locale"], d["published"]) for d in sources] == [("en", "yes"), ("en", "yes")]
    for item in data:
        assert list(item) == KEYS
        assert isinstance(item["publishable"], bool) and isinstance(item["total"], int)
    filtered = json.loads(cli_run("status", "--json", "--locale", "km", "--release", "5g-pilot",
                                  cwd=ws.root).output)
    assert [(d["release"], d["locale"]) for d in filtered] == [("5g-pilot", "km")]


def test_readable_table(ws: Workspace, cli_run) -> None:
    result = cli_run("status", cwd=ws.root)
    lines = result.output.splitlines()
    assert lines[0].split() == KEYS
    assert lines[1].split()[:3] == ["asean-ict-forum", "ko", "2"]


def test_explicit_po_paths_outside_a_workspace(tmp_path: Path, cli_run) -> None:
    po = tmp_path / "fr_project" / "messages.po"
    po.parent.mkdir()
    shutil.copy(DATA / "mixed_states.th.po", po)
    result = cli_run("status", "--json", str(po), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.output)
    assert list(item) == KEYS
    assert (item["release"], item["locale"], item["total"]) == ("messages", "th", 8)
    assert (item["untranslated"], item["draft"], item["needs_review"], item["approved"], item["rejected"]) == \
        (1, 1, 3, 2, 1)
    assert status_of_paths([po])[0].to_dict() == item


def test_an_explicit_po_file_is_read_in_its_x_source_language(sample_ws: Workspace, tmp_path: Path,
                                                               cli_run) -> None:
    # A Korean-source Thai catalog outside the workspace's releases (the workspace's own language is English):
    # its msgids are read as Korean, as the workspace path reads a Korean release's catalogs.
    glossary = sample_ws.root / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    assert "(ASEAN),yes,,," in text
    glossary.write_text(text.replace("(ASEAN),yes,,,", "(ASEAN),yes,,텔민,", 1), encoding="utf-8")
    po = tmp_path / "outside" / "meeting.po"
    po.parent.mkdir()
    shutil.copy(DATA / "korean_source_outside_workspace.th.po", po)
    from workflow.review.targets import path_targets
    assert [(t.locale, t.source_lang) for t in path_targets([po], Workspace.load(sample_ws.root))] == [("th", "ko")]
    assert [t.source_lang for t in path_targets([po])] == ["ko"]  # without a workspace too
    assert [t.source_lang for t in path_targets([po], source_lang="en")] == ["en"]  # --source wins
    done = cli_run("status", "--json", str(po), cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    [item] = json.loads(done.output)
    # The glossary's Korean form of a do-not-translate term is found only when the msgids are read as Korean.
    assert (item["total"], item["needs_review"], item["qa_errors"]) == (1, 1, 1)
    done = cli_run("check", str(po), cwd=sample_ws.root)
    assert done.exit_code == 1 and "do_not_translate" in done.output and "'TELMIN'" in done.output


@pytest.mark.parametrize("header", ["C", "POSIX", "c.UTF-8"])
def test_an_explicit_po_file_in_c_is_read_in_the_workspaces_source_language(sample_ws: Workspace, tmp_path: Path,
                                                                            header: str) -> None:
    """``X-Source-Language: C`` (GNOME, Poedit: a program's own strings) names no language: the
    workspace's source language applies (else en), as translate and the memory read it."""
    from workflow.review.targets import path_targets

    po = tmp_path / "meeting.po"
    text = (DATA / "korean_source_outside_workspace.th.po").read_text(encoding="utf-8")
    po.write_text(text.replace("X-Source-Language: ko", f"X-Source-Language: {header}"), encoding="utf-8")
    korean = sample_ws.root / "pressflow.toml"
    korean.write_text(korean.read_text(encoding="utf-8").replace('source_language = "en"', 'source_language = "ko"'),
                      encoding="utf-8")
    assert [t.source_lang for t in path_targets([po], Workspace.load(sample_ws.root))] == ["ko"]
    assert [t.source_lang for t in path_targets([po])] == ["en"]  # outside a workspace

def test_an_explicit_po_file_naming_an_unknown_source_language_is_an_error(tmp_path: Path, cli_run) -> None:
    po = tmp_path / "meeting.po"
    text = (DATA / "korean_source_outside_workspace.th.po").read_text(encoding="utf-8")
    po.write_text(text.replace("X-Source-Language: ko", "X-Source-Language: klingon!"), encoding="utf-8")
    done = cli_run("status", str(po), cwd=tmp_path)
    assert done.exit_code != 0 and "Traceback" not in done.output
    assert "X-Source-Language: 'klingon!' is not a known language" in done.output and "meeting.po" in done.output


def test_missing_catalog_counts_the_template(ws: Workspace) -> None:
    os.unlink(ws.po_path("vi", "5g-pilot"))
    r = row(ws, "5g-pilot", "vi")
    assert (r.total, r.untranslated) == (3, 3)
    os.unlink(ws.pot_path("5g-pilot"))
    assert row(ws, "5g-pilot", "vi").total == 0


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------


def test_index_notices_a_same_size_edit_made_right_after_indexing(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    assert row(ws, "5g-pilot", "th").qa_errors == 0
    path = ws.po_path("th", "5g-pilot")
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    # Same byte length, same mtime: only the content hash can tell.
    path.write_text(text.replace("3 เมือง", "4 เมือง"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert row(ws, "5g-pilot", "th").qa_errors == 1


def test_index_notices_old_files_edited_added_and_deleted(ws: Workspace) -> None:
    from workflow.catalogs.extract import update

    # Files older than the racy window are trusted on (mtime, size) alone.
    old = 1_500_000_000_000_000_000
    for target in workspace_targets(ws):
        os.utime(target.path, ns=(old, old))
    collect_status(ws)
    path = ws.po_path("th", "5g-pilot")
    fill(ws, "th", "5g-pilot", GOOD_TH)
    assert row(ws, "5g-pilot", "th").needs_review == 3           # edited
    (ws.releases_dir / "2020-01-01-new.md").write_text(
        "---\nslug: new\ntitle: A new release\ndate: 2020-01-01\n---\n\nOne sentence.\n", encoding="utf-8")
    update(ws, ("th",), ("new",))
    assert row(ws, "new", "th").total == 2                       # added: title and one sentence
    path.unlink()
    assert row(ws, "5g-pilot", "th").untranslated == 3           # deleted: back to the template
    with Index(ws) as index:
        rows = [p for (p,) in index._connect().execute("SELECT path FROM files")]
    assert str(path) not in rows                                  # and forgotten


def test_index_follows_the_glossary(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", {"MSIT signed the agreement in Jakarta.": "กระทรวงลงนามในข้อตกลงที่จาการ์ตา"})
    assert row(ws, "5g-pilot", "th").qa_errors == 1  # MSIT must not be translated
    glossary = ws.root / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("MSIT,", "MSIT-X,", 1), encoding="utf-8")
    assert row(ws, "5g-pilot", "th").qa_errors == 0


def test_deleting_or_corrupting_the_index_loses_nothing(ws: Workspace) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    before = [r.to_dict() for r in collect_status(ws)]
    index = ws.state_dir / INDEX_NAME
    assert index.exists()
    shutil.rmtree(ws.state_dir)
    assert [r.to_dict() for r in collect_status(ws)] == before
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    assert [r.to_dict() for r in collect_status(ws)] == before


def test_parallel_rebuild_gives_the_same_summaries(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(ws, "th", "5g-pilot", GOOD_TH)
    fill(ws, "km", "asean-ict-forum", {"Ministers from 10 nations met in Seoul.": "រដ្ឋមន្ត្រីជួបគ្នា"}, how="draft")
    serial = [r.to_dict() for r in collect_status(ws)]
    shutil.rmtree(ws.state_dir)
    monkeypatch.setattr(status_mod, "_PARALLEL_MIN", 2)
    assert [r.to_dict() for r in collect_status(ws)] == serial


def test_a_broken_catalog_is_reported_with_its_line(ws: Workspace, cli_run) -> None:
    path = ws.po_path("km", "5g-pilot")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "dangling"\n', encoding="utf-8")
    result = cli_run("status", cwd=ws.root)
    assert result.exit_code == 1
    assert "km/LC_MESSAGES/5g-pilot.po:" in result.output


def test_published_table_says_what_a_published_page_shows(ws: Workspace) -> None:
    from workflow.catalogs import load_catalog
    from workflow.review.summary import summarize_catalog

    fill(ws, "th", "5g-pilot", {k: v for k, v in GOOD_TH.items() if "cities" not in k})
    fill(ws, "th", "5g-pilot", {"The pilot covers 3 cities.": "โครงการครอบคลุม 4 เมือง"})  # a QA error
    with edit_catalog(ws.po_path("th", "5g-pilot")) as cat:
        from workflow.review.units import approve_entry

        for entry in cat:
            if entry.msgid != "MSIT signed the agreement in Jakarta.":
                approve_entry(entry, "Kim")  # no findings given: the QA error stays in the file
    summary = summarize_catalog(load_catalog(ws.po_path("th", "5g-pilot")), "en", "th")
    assert summary.published == {
        "Korea and Indonesia start a 5G pilot": [GOOD_TH["Korea and Indonesia start a 5G pilot"], "approved"],
        "MSIT signed the agreement in Jakarta.": [None, "needs review"],
        "The pilot covers 3 cities.": [None, "qa error"],
    }
    # The index keeps it beside the row, for the build, keyed to the file's content.
    target = next(t for t in workspace_targets(ws, locales=("th",)) if t.release == "5g-pilot")
    with Index(ws) as index:
        current, stale = index.current([target])
        assert stale == [target] and not current
        index.counts([target])
        current, stale = index.current([target])
        assert not stale and current[target.path][0]["qa_errors"] == 1
        sha, data = index.published([target])[target.path]
        assert sha == current[target.path][1] and json.loads(data) == summary.published


def test_release_languages_follow_the_source_language(ws: Workspace) -> None:
    (ws.releases_dir / "2020-01-01-plain.md").write_text(
        "---\nslug: plain\ntitle: No language given\ndate: 2020-01-01\n---\n\nOne sentence.\n", encoding="utf-8")
    with Index(ws) as index:
        assert {i.slug: i.lang for i in index.releases()}["plain"] == "en"
    config = ws.root / "pressflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('source_language = "en"', 'source_language = "ko"')
                      .replace('"ko", "th"', '"th"'), encoding="utf-8")
    changed = Workspace.load(ws.root)
    with Index(changed) as index:
        langs = {i.slug: i.lang for i in index.releases()}
    assert langs == {r.slug: r.lang for r in changed.releases()}
    assert langs["plain"] == "ko" and langs["5g-pilot"] == "en"


def test_status_of_a_release_with_a_front_matter_error_shows_only_that_error(sample_ws: Workspace, cli_run) -> None:
    path = next(p for p in sample_ws.release_files() if "telmin" in p.name)
    path.write_text(path.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\nembargo: soon\n", 1),
                    encoding="utf-8")
    for selector in ("asean-korea-telmin-13", str(path)):
        done = cli_run("status", "--release", selector, cwd=sample_ws.root)
        assert done.exit_code == 1, done.output
        assert f"{path.name}:" in done.output and "embargo" in done.output
        assert "no release" not in done.output and done.output.count("pressflow: error:") == 1


def test_published_says_what_the_next_build_publishes_for_the_original_and_translations(ws: Workspace,
                                                                                          cli_run) -> None:
    """Status reads the files, not a built site: before any build, the original and a fully approved
    translation both say "yes", and the build then publishes exactly the versions that said "yes"."""
    from workflow.publish.build import build_site

    fill(ws, "th", "5g-pilot", GOOD_TH)
    approve(ws, Selection(locales=("th",), releases=("5g-pilot",), all=True), "Kim")
    assert not (ws.root / "published").exists() and not (ws.root / "site").exists()  # no build has run
    said = {(d["release"], d["locale"]): d["published"]
            for d in json.loads(cli_run("status", "--json", cwd=ws.root).output)}
    assert said[("5g-pilot", "en")] == said[("5g-pilot", "th")] == "yes"
    result = build_site(ws)
    assert {(slug, locale) for slug, locales in result.published.items() for locale in locales} == {
        key for key, value in said.items() if value == "yes"}
    # So the documentation says "the next build", not "what the site shows".
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    status_section = readme.split("### Status and speed", 1)[1].split("\n## ", 1)[0]
    assert "what the next `pressflow build` publishes" in " ".join(status_section.split())
    assert "published: what the site shows" not in " ".join(readme.split())
    help_text = " ".join(cli_run("status", "--help").output.split())
    assert "what the next `pressflow build` publishes" in help_text
