"""Each input format of `pressflow import`: scraped text, Markdown (with and without front matter), saved HTML
pages, Word .docx, and standard input; chosen by extension, by --format, or sniffed."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workflow.errors import ReleaseError
from workflow.sources.importer import import_release, read_source
from workflow.sources.releases import load_release

DATA = Path(__file__).resolve().parent / "data" / "import"
CASES = DATA / "cases"
REAL = DATA / "real"


def kinds_and_texts(release):
    return [(b.kind, b.text) for b in release.blocks]


def test_scraped_text_hard_wrapped_paragraph_is_joined(tmp_path):
    result = import_release(CASES / "en_p12-en-hardwrapped.txt", tmp_path)
    assert kinds_and_texts(result.release) == [(
        "paragraph",
        "SEOUL, Korea, Sept. 12, 2023 -- The Ministry of Science and ICT (MSIT) will host the ASEAN-Korea "
        "Digital Forum in Busan next week. The forum brings together officials from ten ASEAN member states.",
    )]
    assert result.release.date == dt.date(2023, 9, 12)
    assert result.release.meta["dateline"] == "SEOUL, Korea"


def test_scraped_text_keeps_every_footnote_star(tmp_path):
    result = import_release(CASES / "en_p05-en-footnote-stars.txt", tmp_path)
    notes = [(b.text, b.level) for b in result.release.blocks if b.kind == "note"]
    assert notes == [("TELMIN: Telecommunications and IT Ministers Meeting", 1),
                     ("4IR: the Fourth Industrial Revolution", 2), ("adopted on 7 December 2018", 3)]
    written = result.path.read_text(encoding="utf-8")
    assert "\n** 4IR: the Fourth Industrial Revolution\n" in written
    assert "\n*** adopted on 7 December 2018\n" in written
    assert kinds_and_texts(load_release(result.path)) == kinds_and_texts(result.release)


def test_korean_outline_markers_become_structure(tmp_path):
    result = import_release(CASES / "ko_p04-ko-gov-markers.txt", tmp_path, date=dt.date(2021, 1, 22))
    release = result.release
    assert release.subtitle == "디지털 협력 강화를 위한 공동선언문 채택"
    blocks = kinds_and_texts(release)
    assert blocks[0] == ("paragraph", "과학기술정보통신부(장관 최기영, 이하 '과기정통부')는 1월 22일(금) 화상으로 열린 "
                                      "제1차 한-아세안 디지털장관회의*에 참석했다고 밝혔다.")
    assert ("bullet", "특히 5G, 인공지능(AI), 데이터 분야의 협력을 강화하기로 했다.") in blocks
    assert ("note", "한-아세안 ICT 협력 규모: 2020년 기준 약 1,200억 원") in blocks
    assert not any(text.startswith(("□", "○", "-")) for _, text in blocks)


def test_line_starting_with_a_korean_date_is_not_a_list_item(tmp_path):
    result = import_release(CASES / "ko_p16-ko-line-starts-with-date.txt", tmp_path, date=dt.date(2024, 3, 12))
    expected = [("paragraph", "3. 14.(목) 오전 10시 정부세종청사에서 브리핑을 연다."),
                ("paragraph", "12. 7. 서울에서 후속 회의가 열린다.")]
    assert kinds_and_texts(result.release) == expected
    assert kinds_and_texts(load_release(result.path)) == expected


def test_markdown_with_front_matter(tmp_path):
    result = import_release(REAL / "en_imda_telmin13.md", tmp_path)
    release = result.release
    assert release.title.startswith("Joint Media Statement of the 13th ASEAN")
    assert "officiated the 13th TELMIN and its related meetings with Dialogue Partners." in release.blocks[1].text
    assert "ASEAN's community building" in release.blocks[1].text      # \' unescaped
    assert not any("\n" in b.text or "<" in b.text for b in release.blocks)
    assert len(release.blocks) == 2                                    # hard-wrapped paragraphs joined


@pytest.mark.parametrize("front, problem", [
    ("date: December 7, 2018\nlang: km\n", None),
    ("date: 2018-12-07\nlang: pt\n", "unknown source language 'pt'"),
    ("date: [2018\n", "bad front matter"),
])
def test_markdown_front_matter_values(front, problem, tmp_path):
    source = tmp_path / "fm.md"
    source.write_text(f"---\ntitle: កិច្ចប្រជុំ\n{front}---\n\nរដ្ឋមន្ត្រីបានចូលរួមកិច្ចប្រជុំ។\n", encoding="utf-8")
    if problem:
        with pytest.raises(ReleaseError, match=problem):
            import_release(source, tmp_path / "out")
        assert not (tmp_path / "out").exists()
    else:
        release = import_release(source, tmp_path / "out").release
        assert (release.date, release.lang, release.title) == (dt.date(2018, 12, 7), "km", "កិច្ចប្រជុំ")


def test_markdown_without_front_matter(tmp_path):
    result = import_release(REAL / "en_asean_telmin5_hanoi.md", tmp_path)
    kinds = [b.kind for b in result.release.blocks]
    assert kinds == ["numbered", "numbered", "heading", "numbered"]
    assert [b.level for b in result.release.blocks if b.kind == "numbered"] == [1, 2, 3]
    assert result.release.blocks[2].text == "Opening Ceremony"
    assert "<!--" not in result.path.read_text(encoding="utf-8")


def test_markdown_escapes_comments_raw_html_and_scripts(tmp_path):
    source = tmp_path / "pandoc.md"
    source.write_text(
        "---\ntitle: Digital \\#1 Forum\ndate: 2024-05-02\nlang: en\nsource_url: https://example.org/a\n---\n\n"
        "<!-- converted -->\n\n"
        "The 11<sup>th</sup> forum cut CO<sub>2</sub> by 5 m<sup>2</sup> per\nperson, as **WE,** the\n"
        "Ministers, agreed \\### today.<br>Details follow.\n\n"
        "<div class=\"box\"><p>Raw <b>HTML</b> block.</p></div>\n\n"
        "* Note: a star item is a note\n- a dash item is a bullet\n",
        encoding="utf-8")
    result = import_release(source, tmp_path / "releases")
    release = result.release
    assert release.title == "Digital \\#1 Forum"  # front matter is YAML, not Markdown
    assert release.meta["source_url"] == "https://example.org/a"
    assert kinds_and_texts(release) == [
        ("paragraph", "The 11th forum cut CO₂ by 5 m² per person, as **WE,** the Ministers, agreed ### today. "
                      "Details follow."),
        ("paragraph", "Raw **HTML** block."),
        ("note", "Note: a star item is a note"),
        ("bullet", "a dash item is a bullet"),
    ]


def test_html_headings_survive_main_content_extraction(tmp_path):
    result = import_release(REAL / "vi_chinhphu_portals.html", tmp_path)
    headings = [b.text for b in result.release.blocks if b.kind == "heading"]
    assert headings == ["Hội nghị đầu tiên giữa các Cổng TTĐT Bộ, ngành"]


def test_docx_title_style_is_the_headline(tmp_path):
    from workflow.sources.intake.docx_reader import read_docx

    doc = read_docx((REAL / "en_asean_telmin1_2006.docx").read_bytes(), "x.docx")
    assert doc.lines[1].kind == "heading" and doc.lines[1].level == 1  # the Title style paragraph


def test_html_emphasis_is_kept(tmp_path):
    result = import_release(REAL / "ko_mcst_kocis_yonhap.html", tmp_path)
    assert ("paragraph", "**양측의 다양한 인적, 물적 교류망(네트워크)을 활용해 국가홍보 콘텐츠 상호 교류**") in \
        kinds_and_texts(result.release)


def test_html_emphasis_links_lists_and_quotes(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='en'><head><title>Forum opens | Ministry</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        "<article><h1>Forum opens</h1><p class='date'>2024-05-02</p>"
        "<p>The <strong>ASEAN-Korea</strong> forum opened in <a href='https://busan.go.kr/'>Busan</a> today "
        "with ministers from ten countries and the Secretary-General of ASEAN.</p>"
        "<ul><li>Digital skills for 10,000 officials.</li><li>A joint AI research centre.</li></ul>"
        "<blockquote><p>We build it together, the minister said in her opening remarks.</p></blockquote>"
        "<p>The forum closes on Friday with a joint statement from all delegations.</p></article>"
        "<footer>Copyright 2024 Ministry. All rights reserved.</footer></body></html>", encoding="utf-8")
    result = import_release(page, tmp_path / "releases")
    assert result.release.title == "Forum opens"
    assert result.release.date == dt.date(2024, 5, 2)
    assert kinds_and_texts(result.release) == [
        ("paragraph", "The **ASEAN-Korea** forum opened in [Busan](https://busan.go.kr/) today with ministers "
                      "from ten countries and the Secretary-General of ASEAN."),
        ("bullet", "Digital skills for 10,000 officials."),
        ("bullet", "A joint AI research centre."),
        ("quote", "We build it together, the minister said in her opening remarks."),
        ("paragraph", "The forum closes on Friday with a joint statement from all delegations."),
    ]


def test_docx(tmp_path):
    result = import_release(REAL / "ko_mcst_kocis_yonhap.docx", tmp_path)
    assert result.release.title == "해외문화홍보원-연합뉴스, 국가 홍보 위해 손잡는다"
    assert result.release.date == dt.date(2015, 9, 3)
    assert [b.kind for b in result.release.blocks] == ["paragraph", "paragraph"]


def test_format_option_overrides_the_extension(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text((REAL / "th_egov_dprk_ambassador.html").read_text(encoding="utf-8"), encoding="utf-8")
    as_text = read_source(page)[0]
    as_html = read_source(page, "html")[0]
    assert as_text.format == "text" and as_html.format == "html"
    assert not any("<" in line.text for line in as_html.lines)


@pytest.mark.parametrize("name, fmt", [("th_egov_dprk_ambassador.html", "html"), ("en_imda_telmin13.md", "markdown"),
                                       ("ko_mcst_kocis_yonhap.docx", "docx"), ("vi_cesti_korea_minister.txt", "text")])
def test_standard_input_is_sniffed(name, fmt, tmp_path, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((REAL / name).read_bytes())))
    doc, _ = read_source("-")
    assert doc.format == fmt and doc.path == "<stdin>"


def test_cli_imports_from_stdin(tmp_path, cli_run):
    cli_run("init", str(tmp_path / "ws"))
    text = (REAL / "vi_cesti_korea_minister.txt").read_text(encoding="utf-8")
    result = cli_run("import", "-", cwd=tmp_path / "ws", input=text)
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "ws" / "releases").glob("2011-02-25-*.md"))
    assert len(written) == 1 and load_release(written[0]).lang == "vi"


def test_hard_wrapped_paragraphs_after_a_headline(tmp_path):
    source = tmp_path / "mail.txt"
    source.write_text(
        "MSIT to host ASEAN digital forum\n"
        "SEOUL, Korea, Sept. 12, 2023 -- The Ministry of Science and ICT will host the\n"
        "ASEAN-Korea Digital Forum in Busan next week. The forum brings together\n"
        "officials from ten ASEAN member states.\n\n"
        "The forum is expected to adopt a joint statement on cooperation in artificial\n"
        "Intelligence and data governance among the member states of ASEAN.\n", encoding="utf-8")
    result = import_release(source, tmp_path / "out")
    assert result.release.title == "MSIT to host ASEAN digital forum"
    assert [b.text for b in result.release.blocks] == [
        "SEOUL, Korea, Sept. 12, 2023 -- The Ministry of Science and ICT will host the ASEAN-Korea Digital Forum "
        "in Busan next week. The forum brings together officials from ten ASEAN member states.",
        "The forum is expected to adopt a joint statement on cooperation in artificial Intelligence and data "
        "governance among the member states of ASEAN.",
    ]


def test_korean_outline_headings_and_items(tmp_path):
    source = tmp_path / "ko.txt"
    source.write_text("과기정통부, 디지털 협력 계획 발표\n2024.01.02\nⅠ. 추진 배경\n□ 정부는 디지털 협력 계획을 발표했다.\n"
                      "가. 인재 양성을 확대한다.\n① 장학금을 늘린다.\n② 연수 과정을 연다.\n", encoding="utf-8")
    result = import_release(source, tmp_path / "out")
    assert [(b.kind, b.text, b.level) for b in result.release.blocks] == [
        ("heading", "추진 배경", 2), ("paragraph", "정부는 디지털 협력 계획을 발표했다.", 0),
        ("bullet", "인재 양성을 확대한다.", 0), ("numbered", "장학금을 늘린다.", 1), ("numbered", "연수 과정을 연다.", 2),
    ]


@pytest.mark.parametrize("charset, text, body", [
    ("euc-kr", "과기정통부, 디지털 협력 발표", "과학기술정보통신부는 2024년 1월 2일 아세안과 디지털 협력 계획을 발표했다."),
    ("tis-620", "กระทรวงดิจิทัลจัดประชุมอาเซียน",
     "รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเป็นประธานการประชุมรัฐมนตรีดิจิทัลอาเซียนเมื่อวันที่ 2 มกราคม 2567"),
])
def test_html_in_its_declared_legacy_charset(charset, text, body, tmp_path):
    page = tmp_path / "legacy.html"
    body = f"<p>{body}</p>"
    page.write_bytes(f"<html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
                     f"<title>{text}</title></head><body><h1>{text}</h1>{body}</body></html>".encode(charset))
    result = import_release(page, tmp_path / "out")
    assert result.release.title == text and result.warnings == []


def test_scraped_lines_without_full_stops_are_not_joined_as_hard_wraps(tmp_path):
    source = tmp_path / "scraped.txt"
    source.write_text(
        "Forum opens in Seoul\n"
        "SEOUL, Jan. 2, 2024 – The ministry opened the ASEAN-Korea forum today with ministers from ten member "
        "states and the Secretary-General of ASEAN.\n"
        "Ministers Agree on Five Projects for Digital Skills and Connectivity\n"
        "The projects start in March and run for three years, with training for 10,000 officials in the region.\n",
        encoding="utf-8")
    blocks = import_release(source, tmp_path / "out").release.blocks
    assert [b.text[:20] for b in blocks] == ["SEOUL, Jan. 2, 2024 ", "Ministers Agree on F", "The projects start i"]


def test_the_formats_the_command_line_offers_are_the_importers_readers():
    from workflow.sources.importer import READERS
    from workflow.sources.input_formats import FORMATS

    assert FORMATS == tuple(READERS)
