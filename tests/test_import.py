from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workflow.errors import ReleaseError
from workflow.sources.importer import find_date, import_release, parse_scraped, slugify
from workflow.sources.releases import load_release

ROOT = Path(__file__).resolve().parent.parent
# A copy of ../shared/seeds/000_4c3b54beb4325585.txt, so the tests do not depend on shared/.
SEED = Path(__file__).resolve().parent / "data" / "import" / "seed_msit_telmin.txt"
SAMPLE = ROOT / "releases" / "2018-12-07-asean-korea-telmin-13.md"
CHROME = ["Go to Content Go to Navigation", "HOME News & Notice Press Releases", "Move to the top of the page", "Press Releases"]


def test_seed_import_drops_chrome_and_finds_structure(tmp_path):
    result = import_release(SEED, tmp_path, date=dt.date(2018, 12, 7), slug="asean-korea-telmin-13")
    text = result.path.read_text(encoding="utf-8")
    for line in CHROME:
        assert line not in text.replace(result.release.title, "")
    release = result.release
    assert release.title == "Attend the 13th ASEAN-Korea TELMIN and Approve ASEAN-Korea ICT Cooperation Plan 2019 (December 7)"
    assert release.subtitle == "Promote digital ecosystem for mutual prosperity"
    kinds = [b.kind for b in release.blocks]
    assert kinds.count("note") == 2 and kinds.count("paragraph") == 9
    assert release.blocks[1].text == "TELMIN: Telecommunication and Information Technology Ministers Meeting"
    assert sorted(result.dropped) == sorted(CHROME)


def test_shipped_sample_is_the_imported_seed(tmp_path):
    result = import_release(SEED, tmp_path, date=dt.date(2018, 12, 7), slug="asean-korea-telmin-13")
    assert result.path.read_text(encoding="utf-8") == SAMPLE.read_text(encoding="utf-8")


def test_note_without_space_and_lone_chrome_line():
    text = "Go to Content Go to Navigation\nPress Releases\nTitle here\n- Sub\nBody text 2020-05-01.\n*Note: no space\n* Note: space\n"
    release, dropped = parse_scraped(text, "x.txt")
    assert release.date == dt.date(2020, 5, 1)
    assert [(b.kind, b.text) for b in release.blocks] == [
        ("paragraph", "Body text 2020-05-01."), ("note", "Note: no space"), ("note", "Note: space"),
    ]
    assert dropped == ["Go to Content Go to Navigation", "Press Releases"]


def test_chrome_list_is_configurable():
    release, dropped = parse_scraped("SITE MENU\nTitle\nBody.\n", "x.txt", date=dt.date(2020, 1, 1), chrome=["site menu"])
    assert release.title == "Title" and dropped == ["SITE MENU"]


def test_korean_text_is_detected_and_its_title_romanized():
    release, _ = parse_scraped("과학기술정보통신부 보도자료\n본문입니다. 2019.12.07\n", "x.txt")
    assert release.lang == "ko"
    assert release.date == dt.date(2019, 12, 7)
    assert release.slug == "gwahakgisuljeongbotongsinbu-bodojaryo"



def test_a_title_without_letters_gets_a_dated_slug(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("본문입니다. 2019.12.07\n", encoding="utf-8")
    result = import_release(src, tmp_path / "out", title="『』")
    assert result.release.slug.startswith("release-20191207-")


def test_missing_date_is_a_clear_error():
    with pytest.raises(ReleaseError, match="no date found in the text; pass --date"):
        parse_scraped("Title\nBody without any date.\n", "x.txt")


def test_refuses_to_overwrite_a_file_it_did_not_import_and_non_utf8(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("Title\nBody.\n", encoding="utf-8")
    out = tmp_path / "releases"
    out.mkdir()
    stranger = out / "2020-01-01-title.md"
    stranger.write_text("not a release\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match="already exists and is not a release this import may replace"):
        import_release(src, out, date=dt.date(2020, 1, 1))
    assert stranger.read_text(encoding="utf-8") == "not a release\n"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\nline two\ncaf\xe9\n")
    with pytest.raises(ReleaseError, match=r"bad.txt:3: not valid UTF-8"):
        import_release(bad, out, date=dt.date(2020, 1, 1))


def test_imported_file_parses_back(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("A title: with colon\n- sub: also\nBody.\n", encoding="utf-8")
    result = import_release(src, tmp_path, date=dt.date(2021, 2, 3))
    again = load_release(result.path)
    assert again.title == "A title: with colon" and again.subtitle == "sub: also"


def test_helpers():
    assert slugify("Attend the 13th ASEAN-Korea TELMIN (December 7)") == "attend-the-13th-asean-korea-telmin"
    assert find_date("held on December 6, 2018 in Bali") == dt.date(2018, 12, 6)
    assert find_date("no date") is None


def test_cli_import(tmp_path, cli_run):
    cli_run("init", str(tmp_path / "ws"))
    src = tmp_path / "in.txt"
    src.write_text("Title\nBody.\n", encoding="utf-8")
    result = cli_run("import", str(src), "--date", "2022-02-02", "--slug", "my-release", cwd=tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ws" / "releases" / "2022-02-02-my-release.md").exists()
    assert result.output.strip() == "wrote releases/2022-02-02-my-release.md (1 block, 0 lines dropped)"
    other = tmp_path / "other.txt"
    other.write_text("Other\nBody.\n", encoding="utf-8")
    again = cli_run("import", str(other), "--date", "2022-02-02", "--slug", "my-release", cwd=tmp_path / "ws")
    assert again.exit_code == 1
    assert "slug 'my-release' is already used by" in again.output
