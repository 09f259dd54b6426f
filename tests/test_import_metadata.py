"""Metadata detection: the headline (not chrome, not the lead, not a date line), subtitles, dateline and language;
a value that cannot be found names the option to pass."""
from __future__ import annotations

import datetime as dt

import pytest

from workflow.errors import ReleaseError
from workflow.sources.importer import parse_scraped
from workflow.sources.intake.language import detect_language

D = dt.date(2024, 1, 2)


def test_headline_is_not_chrome_the_lead_or_a_date_line():
    text = ("Skip to content\nMain menu\nSearch\nPress Releases\n2024-01-02\n"
            "Ministry launches ASEAN digital fellowship\n"
            "The Ministry launched a fellowship for 200 young ASEAN engineers on Tuesday in Seoul.\n")
    release, _ = parse_scraped(text, "x.txt")
    assert release.title == "Ministry launches ASEAN digital fellowship"
    assert release.blocks[0].text.startswith("The Ministry launched")


def test_korean_page_title_is_not_the_skip_link():
    text = "Skip to content / Skip to main menu\n본문 바로가기\n주메뉴 바로가기\n과기정통부, AI 반도체 전략 발표\n2024.01.02\n정부는 오늘 AI 반도체 전략을 발표했다.\n"
    release, _ = parse_scraped(text, "x.txt")
    assert release.title == "과기정통부, AI 반도체 전략 발표"


def test_marked_and_unmarked_subtitles():
    text = ("Korea and ASEAN open digital centre\n- Cooperation plan adopted\n- Five new projects start\n"
            "The centre opened in Busan on 2 January 2024 with ministers of all ten member states present.\n")
    release, _ = parse_scraped(text, "x.txt")
    assert release.subtitle == "Cooperation plan adopted"
    assert (release.blocks[0].kind, release.blocks[0].text) == ("bullet", "Five new projects start")
    text = ("한-아세안 디지털 협력 강화\n제1차 디지털장관 회의…협력방안 논의\n2024.01.02 과학기술정보통신부\n"
            "한국과 아세안은 디지털 협력 방안을 논의했다.\n")
    release, _ = parse_scraped(text, "y.txt")
    assert release.subtitle == "제1차 디지털장관 회의…협력방안 논의" and release.date == D


@pytest.mark.parametrize("first, dateline", [
    ("SEOUL, Korea, Jan. 2, 2024 -- The Ministry of Science and ICT opened the centre today.", "SEOUL, Korea"),
    ("(Yogyakarta, 2 Januari 2024). Menteri Komunikasi dan Informatika membuka pusat digital baru.", "Yogyakarta"),
    ("Jakarta, InfoPublik – Menteri Komunikasi dan Informatika membuka pusat digital baru hari ini.", "Jakarta"),
    ("ភ្នំពេញ៖ ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍ បានបើកមជ្ឈមណ្ឌលឌីជីថលថ្មីមួយ។", "ភ្នំពេញ"),
])
def test_dateline_from_the_first_paragraph(first, dateline):
    release, _ = parse_scraped(f"Digital centre opens\n{first}\n", "x.txt", date=D)
    assert release.meta["dateline"] == dateline
    assert release.blocks[0].text == first  # the dateline stays in the text the translators see


def test_dateline_line_without_a_year_needs_a_date():
    text = "ပြန်ကြားရေးဝန်ကြီးဌာန ပွဲကျင်းပ\nနေပြည်တော်   ဖေဖော်ဝါရီ   ၂၃\nပြန်ကြားရေးဝန်ကြီးဌာန၏ ပွဲကို ယနေ့ကျင်းပသည်။\n"
    with pytest.raises(ReleaseError, match="no date found in the text; pass --date"):
        parse_scraped(text, "x.txt")
    release, _ = parse_scraped(text, "x.txt", date=D)
    assert release.meta["dateline"] == "နေပြည်တော်" and len(release.blocks) == 1


@pytest.mark.parametrize("text, lang", [
    ("The Ministry of Science and ICT attended the meeting of ASEAN digital ministers in Bangkok.", "en"),
    ("Menteri Komunikasi dan Informatika menghadiri pertemuan para menteri digital ASEAN di Bangkok.", "id"),
    ("Kementerian Komunikasi dan Digital Malaysia hari ini mengumumkan kerjasama baharu dengan Korea.", "ms"),
    ("Bộ trưởng Bộ Thông tin và Truyền thông đã tham dự hội nghị các bộ trưởng số ASEAN tại Bangkok.", "vi"),
    ("Dumalo ang Kalihim ng Kagawaran sa pulong ng mga ministro ng ASEAN sa Bangkok ngayong araw.", "fil"),
    ("과학기술정보통신부는 방콕에서 열린 아세안 디지털장관회의에 참석했다.", "ko"),
    ("รัฐมนตรีว่าการกระทรวงดิจิทัลเข้าร่วมการประชุมรัฐมนตรีดิจิทัลอาเซียนที่กรุงเทพฯ", "th"),
    ("រដ្ឋមន្ត្រីក្រសួងប្រៃសណីយ៍បានចូលរួមកិច្ចប្រជុំរដ្ឋមន្ត្រីឌីជីថលអាស៊ាន។", "km"),
    ("ລັດຖະມົນຕີກະຊວງເຕັກໂນໂລຊີ ແລະ ການສື່ສານ ໄດ້ເຂົ້າຮ່ວມກອງປະຊຸມ.", "lo"),
    ("ပို့ဆောင်ရေးနှင့် ဆက်သွယ်ရေးဝန်ကြီးသည် အာဆီယံ ဒစ်ဂျစ်တယ် ဝန်ကြီးများ အစည်းအဝေးသို့ တက်ရောက်သည်။", "my"),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_language_detection_of_a_thai_and_a_burmese_page_is_not_english():
    release, _ = parse_scraped("ข่าวประชาสัมพันธ์\nกระทรวงดิจิทัลจัดประชุมอาเซียน\n"
                               "รัฐมนตรีว่าการกระทรวงดิจิทัลเข้าร่วมการประชุมรัฐมนตรีดิจิทัลอาเซียนที่กรุงเทพฯ เมื่อวันที่ 2 มกราคม 2567\n",
                               "x.txt")
    assert release.lang == "th" and release.date == D


def test_missing_values_name_the_option_to_pass():
    with pytest.raises(ReleaseError, match="no date found in the text; pass --date YYYY-MM-DD"):
        parse_scraped("Title\nBody without any date.\n", "x.txt")
    with pytest.raises(ReleaseError, match="pass --title"):
        parse_scraped("2024-01-02\n2024-01-03\n", "x.txt")
    with pytest.raises(ReleaseError, match=r"cannot tell the language of the text; pass --lang"):
        from workflow.sources.intake.analyze import analyze
        from workflow.sources.intake.text_reader import read_text

        analyze(read_text("Ok\n12345 678.\n", "x.txt"), date=D)


def test_explicit_values_win():
    release, _ = parse_scraped("Skip navigation\nA headline\nBody text of the release, long enough to be body.\n",
                               "x.txt", lang="ms", date=D)
    assert release.lang == "ms" and release.date == D


@pytest.mark.parametrize("lang", ["th", "km", "my", "lo", "vi", "id", "ms", "fil"])
def test_every_locale_can_be_a_source_language(lang, tmp_path, cli_run):
    from workflow.sources.releases import load_release
    from workflow.workspace import Workspace

    ws = tmp_path / "ws"
    assert cli_run("init", str(ws), "--source", lang).exit_code == 0
    assert Workspace.load(ws).source_language == lang
    source = tmp_path / "short.txt"
    source.write_text("Forum\nOk.\n", encoding="utf-8")  # too short to tell: the workspace's language
    result = cli_run("import", str(source), "--date", "2024-01-02", cwd=ws)
    assert result.exit_code == 0, result.output
    release = load_release(next((ws / "releases").glob("*.md")))
    assert release.lang == lang
    forced = cli_run("import", str(source), "--lang", lang, "--slug", "forum-2", "--date", "2024-01-03", cwd=ws)
    assert forced.exit_code == 0, forced.output
    assert cli_run("extract", cwd=ws).exit_code == 0


def test_unknown_lang_option_is_a_clear_error(tmp_path, cli_run):
    cli_run("init", str(tmp_path / "ws"))
    source = tmp_path / "a.txt"
    source.write_text("Forum\nThe forum opened in Seoul today.\n", encoding="utf-8")
    result = cli_run("import", str(source), "--lang", "xx", "--date", "2024-01-02", cwd=tmp_path / "ws")
    assert result.exit_code == 1 and "unknown source language 'xx'" in result.output


@pytest.mark.parametrize("publisher", ["Ministry of Science and ICT", "과학기술정보통신부", "กระทรวงการต่างประเทศ",
                                       "Kementerian Komunikasi dan Informatika", "Bộ Ngoại giao", "ក្រសួងការបរទេស"])
def test_the_publishers_name_is_not_the_headline(publisher):
    text = f"{publisher}\nSearch this site\nForum opens in Seoul\n2024-01-02\nThe forum opened in Seoul today, said the ministry.\n"
    release, dropped = parse_scraped(text, "x.txt", lang="en")
    assert release.title == "Forum opens in Seoul"
    assert publisher in dropped


# The kominfo.go.id page of the newcomer trial (tests/data/import/real/id_kominfo_caption_headline.txt): its photo
# caption (644 characters) came before the repeated headline and ended with the credit "- (antarafoto)".
KOMINFO = "Kominfo Dukung Penuh Peningkatan Kualitas Demokrasi di Indonesia"
CAPTION = ("Dirjen Aplikasi Informatika Kemkominfo Samuel Abrijani Pangerapan dalam (kanan) bersama Ketua Badan Pengawas "
           "Pemilu (Bawaslu) Abhan (tengah) didampingi Anggota Bawaslu Fritz Edward Siregar (kiri) menjawab pertanyaan "
           "wartawan terkait pengawasan masa tenang kampanye di media sosial yang berlangsung di Media Center Bawaslu, "
           "Jakarta, Sabtu (13/4/2019). Bawaslu dan Kemkominfo akan bekerja sama untuk mengawasi langsung dari laporan "
           "baik dari masyarakat yang terjadi di media sosial yang kemudian akan ditindak lanjuti apabila terjadi dugaan "
           "pelanggaran pemilu selama masa akhir kampanye terhitung pada Sabtu (13/4) pukul 23.59 WIB")
LEAD = ("Kementerian Komunikasi dan Informatika mengapresiasi atas pelaksanaan pemungutan suara dalam rangkaian "
        "Pemilu Serentak 2019.")


@pytest.mark.parametrize("credit", [" - (antarafoto)", ". (Foto: Deny S/Humas)", ". Sumber foto: Humas Kominfo",
                                    ". Photo: Yonhap", ". Foto oleh Harish Fadzillah Kasim.", ". (Gambar ihsan: KKD)"])
@pytest.mark.parametrize("caption_first", [False, True])
def test_a_photo_caption_is_not_the_headline_and_not_body(credit, caption_first):
    caption = CAPTION + credit
    head = [caption, KOMINFO] if caption_first else [KOMINFO, caption]
    release, dropped = parse_scraped("\n\n".join([*head, "Selasa, 24 April 2019", LEAD]) + "\n", "x.txt")
    assert release.title == KOMINFO
    assert caption in dropped
    assert [b.text for b in release.blocks] == [LEAD]


@pytest.mark.parametrize("caption_first", [False, True])
def test_a_caption_length_line_is_not_the_headline(caption_first):
    """A credit no pattern knows ("(Liputan6.com/Johan Tallo)"): a headline is a short line all the same."""
    caption = CAPTION + ". (Liputan6.com/Johan Tallo)"
    head = [caption, KOMINFO] if caption_first else [KOMINFO, caption]
    release, _ = parse_scraped("\n\n".join([*head, "Selasa, 24 April 2019", LEAD]) + "\n", "x.txt")
    assert release.title == KOMINFO


def test_a_long_headline_is_still_a_headline():
    """id_postel_kominfo_korea.txt has a 273-character headline; only lines over 300 characters give way."""
    headline = ("Penanda-tanganan Nota Kesepahaman Antara Pemerintah Republik Indonesia dengan Pemerintah Republik Korea "
                "Mengenai Kerjasama di Bidang Teknologi Informasi dan Komunikasi serta Pengembangan Infrastruktur "
                "Penyiaran Digital dan Layanan Pemerintahan Elektronik di Kawasan Asia Tenggara")
    assert 250 < len(headline) <= 300
    release, _ = parse_scraped(f"Siaran Pers\n\n{headline}\n\n24 April 2019\n\n{LEAD}\n", "x.txt")
    assert release.title == headline
