"""Slugs and re-imports: readable slugs for non-Latin titles, --slug, never a second release with a slug in use,
and re-importing the same source updates its release in place."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from workflow.errors import ReleaseError
from workflow.sources.importer import import_release
from workflow.sources.intake.slugs import romanize, slugify
from workflow.sources.releases import load_release

DATA = Path(__file__).resolve().parent / "data" / "import"
CASES = DATA / "cases"
REAL = DATA / "real"


@pytest.mark.parametrize("title, slug", [
    ("Attend the 13th ASEAN-Korea TELMIN (December 7)", "attend-the-13th-asean-korea-telmin"),
    ("과기정통부, AI 반도체 전략 발표", "gwagijeongtongbu-ai-bandoche-jeonryak-balpyo"),   # Revised Romanization
    ("AI 윤리 기준 마련", "ai-yunri-gijun-maryeon"),
    ("กระทรวงการต่างประเทศ", "kratruangkantangprathet"),                                   # RTGS (royin)
    ("Bộ trưởng Hoàng Văn Phong tiếp Bộ trưởng", "bo-truong-hoang-van-phong-tiep-bo-truong"),
    ("ပြန်ကြားရေးဝန်ကြီးဌာန", "prnkrarevnkrithan"),
])
def test_readable_slugs(title, slug):
    assert slugify(title) == slug


def test_a_title_in_a_script_without_spaces_is_not_cut_to_its_first_word():
    """LaoSat (laosat.la, 16 Feb 2021): a short first word, then a phrase longer than the room left."""
    slug = slugify("ກອງປະຊຸມ ເຜີຍແຜ່ຂໍ້ຕົກລົງຂອງລັດຖະມົນຕີວ່າດ້ວຍການຄຸ້ມຄອງຈານດາວທຽມ ແລະ ຝຶກອົບຮົມເຕັກນິກການຖະແຫຼງຂ່າວ")
    assert slug.startswith("kngpaxoum-") and 40 <= len(slug) <= 60 and slug.isascii()
    # Words of a spaced script still end the slug at a word boundary.
    assert slugify("Promoting technology transfer and application and strengthening economic ties") == \
        "promoting-technology-transfer-and-application-and"


def test_slugs_are_short_ascii_and_cut_at_a_word():
    slug = slugify("កិច្ចប្រជុំពិភាក្សាតាមប្រព័ន្ធហ្សូមជាមួយក្រុមការងារក្រសួងប្រៃសណីយ៍ និងទូរគមនាគមន៍ " * 3)
    assert slug and len(slug) <= 60 and slug.isascii()
    assert romanize("ລັດຖະມົນຕີ").isascii()


def test_the_three_korean_releases_get_three_slugs_and_all_extract(tmp_path, cli_run):
    ws = tmp_path / "ws"
    cli_run("init", str(ws), "--source", "ko")
    slugs = []
    for name in ("slug_ko_a.txt", "slug_ko_b.txt", "slug_ko_c.txt"):
        result = cli_run("import", str(CASES / name), "--date", "2024-03-14", cwd=ws)
        assert result.exit_code == 0, result.output
    for path in sorted((ws / "releases").glob("*.md")):
        slugs.append(load_release(path).slug)
    assert len(set(slugs)) == 3 and all(len(s) > 5 for s in slugs)
    extracted = cli_run("extract", cwd=ws)
    assert extracted.exit_code == 0, extracted.output
    assert len(list((ws / "locales").glob("*.pot"))) == 3


def test_slug_option_overrides(tmp_path):
    result = import_release(CASES / "slug_ko_a.txt", tmp_path, date=dt.date(2024, 3, 14), slug="ai-chips")
    assert result.path.name == "2024-03-14-ai-chips.md" and result.release.slug == "ai-chips"


def test_duplicate_slug_is_refused_and_nothing_is_written(tmp_path):
    first = import_release(CASES / "slug_ko_a.txt", tmp_path, date=dt.date(2024, 3, 14), slug="ai")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ReleaseError, match=r"slug 'ai' is already used by .*2024-03-14-ai.md; pass another --slug"):
        import_release(CASES / "slug_ko_b.txt", tmp_path, date=dt.date(2024, 3, 15), slug="ai")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert load_release(first.path).title == "과기정통부, AI 반도체 전략 발표"


def test_automatic_slug_in_use_gets_a_number(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Digital forum opens\nThe forum opened in Seoul today with ministers.\n", encoding="utf-8")
    b.write_text("Digital forum opens\nThe second forum opened in Busan today with ministers.\n", encoding="utf-8")
    out = tmp_path / "releases"
    first = import_release(a, out, date=dt.date(2024, 1, 2))
    second = import_release(b, out, date=dt.date(2024, 1, 3))
    assert (first.release.slug, second.release.slug) == ("digital-forum-opens", "digital-forum-opens-2")
    assert second.notes and "digital-forum-opens" in second.notes[0]


def test_reimport_of_the_same_file_updates_in_place_even_with_a_corrected_date(tmp_path, cli_run):
    ws = tmp_path / "ws"
    cli_run("init", str(ws))
    source = tmp_path / "forum.txt"
    source.write_text("Digital forum opens\n2024-01-02\nThe forum opened in Seoul today with ministers.\n",
                      encoding="utf-8")
    assert cli_run("import", str(source), cwd=ws).exit_code == 0
    assert cli_run("update", cwd=ws).exit_code == 0
    source.write_text("Digital forum opens\n2024-01-03\nThe forum opened in Seoul today with ministers and "
                      "partners.\n", encoding="utf-8")
    again = cli_run("import", str(source), cwd=ws)
    assert again.exit_code == 0, again.output
    assert "updated releases/2024-01-03-digital-forum-opens.md in place" in again.output
    assert "was releases/2024-01-02-digital-forum-opens.md" in again.output
    files = sorted(p.name for p in (ws / "releases").glob("*.md"))
    assert files == ["2024-01-03-digital-forum-opens.md"]
    merged = cli_run("update", cwd=ws)
    assert merged.exit_code == 0, merged.output
    assert cli_run("status", cwd=ws).exit_code == 0


def test_reimport_of_the_same_content_under_another_name_updates_in_place(tmp_path):
    out = tmp_path / "releases"
    first = import_release(REAL / "vi_cesti_korea_minister.txt", out)
    copy = tmp_path / "renamed.txt"
    shutil.copy(REAL / "vi_cesti_korea_minister.txt", copy)
    second = import_release(copy, out)
    assert second.action == "updated" and second.path == first.path
    assert len(list(out.glob("*.md"))) == 1


def test_force_replaces_the_release_using_the_slug(tmp_path):
    import_release(CASES / "slug_ko_a.txt", tmp_path, date=dt.date(2024, 3, 14), slug="ai")
    result = import_release(CASES / "slug_ko_b.txt", tmp_path, date=dt.date(2024, 3, 14), slug="ai", force=True)
    assert result.action == "replaced"
    assert load_release(result.path).title == "AI 인재 10만 명 양성 방안 발표"
    assert len(list(tmp_path.glob("*.md"))) == 1
