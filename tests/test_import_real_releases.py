"""Real public press releases (tests/data/import/real, origins in its README): each imports with the expected
headline, date, language, first and last body text, and none of its page chrome survives."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from workflow.errors import ReleaseError
from workflow.sources.importer import import_release

REAL = Path(__file__).resolve().parent / "data" / "import" / "real"
EXPECTED: dict[str, dict] = json.loads((REAL / "expectations.json").read_text(encoding="utf-8"))
BODY_KINDS = ("paragraph", "numbered", "quote")


def test_the_collection_covers_the_acceptance_languages_and_formats():
    assert len(EXPECTED) >= 15
    assert {e["lang"] for e in EXPECTED.values()} >= {"en", "ko", "th", "km", "my", "vi", "id"}
    assert {Path(name).suffix for name in EXPECTED} == {".txt", ".html", ".md", ".docx"}
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_release_imports_cleanly(name, tmp_path):
    want = EXPECTED[name]
    date = dt.date.fromisoformat(want["date"]) if want["date"] else None
    if date is None:
        with pytest.raises(ReleaseError, match=r"no date found in the text; pass --date YYYY-MM-DD"):
            import_release(REAL / name, tmp_path)
        assert not list(tmp_path.glob("*.md"))
        date = dt.date(2023, 3, 24)  # an editor's answer to the question; the page itself has no full date
    result = import_release(REAL / name, tmp_path, date=None if want["date"] else date)
    release = result.release
    assert release.title == want["title"]
    assert release.date == date
    assert release.lang == want["lang"]
    if "subtitle" in want:
        assert release.subtitle == want["subtitle"]
    if "dateline" in want:
        assert release.meta.get("dateline") == want["dateline"]
    body = [b for b in release.blocks if b.kind in BODY_KINDS]
    assert body[0].text.startswith(want["first_body"])
    assert release.blocks[-1].text.endswith(want["last_body"])
    written = result.path.read_text(encoding="utf-8")
    for chrome in want["chrome"]:
        assert chrome not in written, f"chrome {chrome!r} survived in {name}"
    if "warning" in want:
        assert any(want["warning"] in w for w in result.warnings), result.warnings
    else:
        assert result.warnings == []


def test_a_speaker_name_repeated_in_a_transcript_is_kept(tmp_path):
    """setneg.go.id transcript: "Presiden Republik Indonesia (Joko Widodo)" before each answer is the text's own."""
    result = import_release(REAL / "id_setneg_keterangan_pers.txt", tmp_path)
    speakers = [b.text for b in result.release.blocks if b.text == "Presiden Republik Indonesia (Joko Widodo)"]
    assert len(speakers) == 2


def test_a_date_box_is_the_release_date_when_the_page_has_no_other(tmp_path):
    """kominfo.go.id's date box "23 04-2019" (day apart from month-year) is a date, not a contact line."""
    result = import_release(REAL / "id_kominfo_caption_headline.txt", tmp_path / "a")
    assert [d.reason for d in result.dropped_lines if d.text == "23 04-2019"] == ["above the headline"]
    assert result.release.date == dt.date(2019, 4, 24)  # the release's own date line wins over the box
    text = (REAL / "id_kominfo_caption_headline.txt").read_text(encoding="utf-8")
    (tmp_path / "no-date-line.txt").write_text(text.replace("Selasa, 24 April 2019", ""), encoding="utf-8")
    result = import_release(tmp_path / "no-date-line.txt", tmp_path / "b")
    assert result.release.date == dt.date(2019, 4, 23)
    assert result.release.title == "Kominfo Dukung Penuh Peningkatan Kualitas Demokrasi di Indonesia"
