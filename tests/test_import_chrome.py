"""Page chrome removal on sites nobody configured: generic patterns in all ten languages, the configured list,
lines learned from earlier imports of the same site, --keep-chrome, and the report of what was dropped."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workflow.sources.importer import import_release, parse_scraped
from workflow.sources.intake.chrome import CHROME_MAX_CHARS, chrome_reason

REAL = Path(__file__).resolve().parent / "data" / "import" / "real"


@pytest.mark.parametrize("line", [
    # skip links
    "Skip navigation", "Go to Content Go to Navigation", "Skip to main content", "본문 바로가기 메인메뉴 바로가기",
    "ข้ามไปยังเนื้อหา", "Bỏ qua nội dung", "Langsung ke konten", "Lumaktaw sa nilalaman", "រំលងទៅមាតិកា",
    "ຂ້າມໄປຫາເນື້ອຫາ",
    # menus and breadcrumbs
    "HOME News & Notice Press Releases", "1. HOME", "Home | About This Site | Archive | Contact Us | Jobs",
    "HOME > 뉴스 > 보도자료", "หน้าแรกกรมข่าว | ข่าวทั่วไป | ข่าวภายในประเทศ", "Trang chủ > Tin tức > Thông cáo báo chí",
    "- Beranda", "Laman Utama", "ទំព័រដើម", "ပင်မစာမျက်နှာ", "ໜ້າຫຼັກ", "Press Releases 상세보기",
    # search boxes, print/share/list buttons
    "Search", "검색어 입력", "ค้นหา", "Tìm kiếm", "Cari", "Carian", "Maghanap", "ស្វែងរក", "ရှာဖွေရန်", "ຄົ້ນຫາ",
    "Print", "목록", "In bài", "Cetak", "Kongsi", "Ibahagi", "បោះពុម្ព", "မျှဝေရန်", "ແບ່ງປັນ", "<< Previous page",
    "icon_printer Printable Version icon_emailMail to Friend",
    # department / author / contact labels and view counters
    "담당부서", "• Date : 2019-12-10 17:35:43", "• Hit : 253", "조회수 2922", "9633 อ่าน", "Lượt xem: 1.204",
    "Dibaca 311 kali", "Oleh Wahyu Sudoyo, Senin, 13 November 2023 | 12:21 WIB - Redaktur: Untung S - 103",
    "โดย สำนักข่าวกรมประชาสัมพันธ์ (4 กรกฎาคม 2562, 10:12:12)", "Callcenter_djid@komdigi.go.id -",
    "외신협력과(044-203-3352)", "Tel. 044-202-4321", "38",
    # seals, logos, language switchers, distribution and copyright notes
    "Ministry of Science and ICT logo", "emblem.png", "전자정부이 누리집은 대한민국 공식 전자정부 누리집입니다.",
    "Language : |", "For Immediate Release", "Siaran Pers No. 69/PIH/KOMINFO/2/2009",
    "Copyright © 2024 Ministry of Foreign Affairs. All rights reserved.", "TN (Nguồn: Tạp chí Hoạt động khoa học)",
    "SpStinet - vwpChiTiet", "10 mẫu tin", "Phát huy hơn nữa vai trò - Ảnh 1.", "JOINT PRESS STATEMENT",
    "သတင်းထုတ်ပြန်ချက်(၁၂-၁-၂၀၂၃ ရက်)",
    # site navigation: "About" in the ten languages, category labels, slash-separated menus (kominfo.go.id)
    "Tentang", "Tentang Kami", "About us", "Mengenai Kami", "소개", "เกี่ยวกับเรา", "Giới thiệu", "Tungkol sa amin",
    "អំពីយើង", "ကျွန်ုပ်တို့အကြောင်း", "ກ່ຽວກັບພວກເຮົາ", "Kategori Siaran Pers", "Category Press Releases",
    "FAQ  /  Tautan  /  Peta Situs",
    # an image named by its upload date (menpan.go.id)
    "20190820 papua",
    # table entries ending with a colon, as komdigi.go.id's header has them
    "Call us:", "Webmail:", "Search for:",
])
def test_generic_chrome(line):
    assert chrome_reason(line) is not None


@pytest.mark.parametrize("line", [
    "The Ministry of Science and ICT (MSIT) took part in the 13th TELMIN held in Bali Island.",
    "By 2030, Korea and ASEAN will train 10,000 digital officials together in the region.",
    "MSIT attends the 13th ASEAN-Korea TELMIN", "Korea’s National Digital Strategy to Be Shared with the World",
    "* TELMIN: Telecommunication and Information Technology Ministers Meeting", "Introduction",
    "정부는 오늘 AI 반도체 전략을 발표했다.", "Opening Ceremony", "Yangon, Myanmar", "Home ministers met in Seoul today.",
    "About the Ministry of Science and ICT", "Tentang Kominfo",
    "Foto: Menteri Resmikan Gedung Baru di Jakarta Hari Ini Bersama Gubernur",
    "Menteri meresmikan gedung itu, kata dia. Foto bersama dilakukan setelah acara.", "2019 Annual Report",
])
def test_release_text_is_not_chrome(line):
    assert chrome_reason(line) is None


def test_configured_chrome_list():
    release, dropped = parse_scraped("SITE MENU\nTitle\nBody.\n", "x.txt", date=dt.date(2020, 1, 1), chrome=["site menu"])
    assert release.title == "Title" and dropped == ["SITE MENU"]


def _page(tmp_path: Path, name: str, title: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"Ministry of Example Affairs\nOur Ministry Web Desk\n{title}\n2024-05-0{len(name) % 9 + 1}\n"
                    f"{body}\nFollow the Ministry Web Desk\nMinistry of Example Affairs, 1 Main Road\n",
                    encoding="utf-8")
    return path


def test_lines_recurring_at_the_edges_of_earlier_imports_are_learned(tmp_path):
    out = tmp_path / "releases"
    body = "The ministry opened a new digital office in the capital with support from its partners."
    first = import_release(_page(tmp_path, "a.txt", "Digital office opens", body), out)
    # Nothing is known yet: the address line at the bottom stays (it looks like text).
    assert "Ministry of Example Affairs, 1 Main Road" in first.path.read_text(encoding="utf-8")
    import_release(_page(tmp_path, "b.txt", "Ministers meet partners", body.replace("opened", "planned")), out)
    third = import_release(_page(tmp_path, "c.txt", "Training starts", body.replace("opened", "staffed")), out)
    assert "Ministry of Example Affairs, 1 Main Road" not in third.path.read_text(encoding="utf-8")
    assert "Follow the Ministry Web Desk" not in third.path.read_text(encoding="utf-8")
    assert ("Ministry of Example Affairs, 1 Main Road", "recurs in earlier imports from this site") in \
        [(d.text, d.reason) for d in third.dropped_lines]


def test_keep_chrome_keeps_everything(tmp_path):
    result = import_release(REAL / "en_mofa_kr_asean_briefing.txt", tmp_path, keep_chrome=True)
    written = result.path.read_text(encoding="utf-8")
    for chrome in ("Skip navigation", "Countries Information", "Hit : 253"):
        assert chrome in written
    assert result.dropped == []
    assert result.release.title == ("Briefing Session on Outcome of 2019 ASEAN-ROK Commemorative Summit Held for "
                                    "Diplomatic Corps in ROK")


def test_keep_chrome_on_a_web_page_skips_main_content_extraction(tmp_path):
    result = import_release(REAL / "th_egov_dprk_ambassador.html", tmp_path, keep_chrome=True)
    assert "9633 อ่าน" in result.path.read_text(encoding="utf-8")


def test_cli_prints_what_it_dropped(tmp_path, cli_run):
    cli_run("init", str(tmp_path / "ws"))
    result = cli_run("import", str(REAL / "en_mofa_kr_asean_briefing.txt"), cwd=tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert "dropped line 1: 'Skip navigation' (page chrome)" in result.output
    assert "'• Hit : 253' (label)" in result.output
    kept = cli_run("import", str(REAL / "en_asean_ammst_2003.txt"), "--keep-chrome", cwd=tmp_path / "ws")
    assert kept.exit_code == 0 and "dropped line" not in kept.output


def _site_page(tmp_path: Path, name: str, title: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(
        "<html lang='en'><head><meta property='og:site_name' content='Example Ministry'>"
        f"<title>{title}</title></head><body><article><h1>{title}</h1><p>2024-05-02</p>"
        "<p>Example Ministry Press Office, Government Complex Sejong</p>"
        f"<p>{body}</p><p>The ministry plans further steps on {title.lower()} with its partners.</p>"
        "<p>Readers can follow the Example Ministry on its channels for daily updates</p>"
        "</article></body></html>", encoding="utf-8")
    return path


def test_chrome_learned_from_one_earlier_import_of_the_same_site(tmp_path):
    out = tmp_path / "releases"
    first = import_release(_site_page(tmp_path, "a.html", "Forum opens",
                                      "The forum opened in Seoul today with ten ministers."), out)
    assert "follow the Example Ministry" in first.path.read_text(encoding="utf-8")
    second = import_release(_site_page(tmp_path, "b.html", "Training starts",
                                       "Training for 200 officials started in Busan today."), out)
    text = second.path.read_text(encoding="utf-8")
    assert "follow the Example Ministry" not in text and "Press Office, Government Complex" not in text
    assert "The ministry plans further steps on training starts with its partners." in text  # body text stays
    # another site learns nothing from this one
    other = _site_page(tmp_path, "c.html", "Fund launched", "A fund was launched in Hanoi today.")
    other.write_text(other.read_text(encoding="utf-8").replace("Example Ministry'>", "Other Office'>"),
                     encoding="utf-8")
    third = import_release(other, out)
    assert "follow the Example Ministry" in third.path.read_text(encoding="utf-8")


def test_related_links_and_lines_repeated_on_the_page(tmp_path):
    text = ("Baca berita dengan sedikit iklan, klik di sini\nPresiden Jokowi Imbau ASEAN Tidak Jadi Proxy Siapapun\n"
            "Baca berita dengan sedikit iklan, klik di sini\n"
            "ABATANEWS, MAKASSAR – Presiden Joko Widodo menerima kunjungan kehormatan para Menteri Luar Negeri ASEAN "
            "di Istana Merdeka, Jakarta, pada Jumat, (3/2/2023).\n"
            "Baca Juga : Jokowi Teken Perpres Jaminan Kesehatan Seumur Hidup Bagi Mantan Menterinya\n"
            "Lihat Juga Iklan di Sini Sekarang Juga\nLihat Juga Iklan di Sini Sekarang Juga\nLihat Juga Iklan di Sini Sekarang Juga\n"
            "Usai berfoto bersama, Presiden dan para Menteri Luar Negeri ASEAN melakukan pertemuan di Ruang Oval.\n")
    release, dropped = parse_scraped(text, "x.txt")
    assert release.title == "Presiden Jokowi Imbau ASEAN Tidak Jadi Proxy Siapapun"
    assert [b.text[:20] for b in release.blocks] == ["ABATANEWS, MAKASSAR ", "Usai berfoto bersama"]
    assert release.meta["dateline"] == "MAKASSAR"  # the agency name is no place
    assert "Lihat Juga Iklan di Sini Sekarang Juga" in dropped


@pytest.mark.parametrize("line", [
    "Presiden Jokowi disambut Ketua DPR RI dan Ketua DPD RI saat akan menyampaikan RUU APBN 2020 Beserta Nota "
    "Keuangannya, di Senayan, Jakarta, Jumat (16/8) lalu. (Foto: Deny S/Humas)",
    "Menkominfo, Johnny G Plate saat perkenalan Menteri Kabinet Indonesia Maju di Istana Kepresidenan, Jakarta.  "
    "Foto:  Kevin S. Kurnianto/kumparan",
    "Ghazali Taib bersama pemenang Pertandingan Fotografi Telusuri Terengganu di Hotel Rimba, Kuala Nerus. "
    "Foto oleh Harish Fadzillah Kasim.",
    "Bawaslu dan Kemkominfo akan bekerja sama mengawasi media sosial selama masa tenang kampanye pemilu "
    "terhitung pada Sabtu (13/4) pukul 23.59 WIB. - (antarafoto)",
    "장관이 21일 서울에서 열린 회의에서 발언하고 있다. (사진=과학기술정보통신부)",
])
def test_a_photo_caption_is_chrome_at_any_length(line):
    """Captions end with a photo credit; the credit is found in the line's end, so a caption longer than
    CHROME_MAX_CHARS (kominfo.go.id's ran to 644 characters) is dropped too."""
    assert chrome_reason(line) == "photo caption"
    longer = "Para menteri hadir pada hari itu. " * 20 + line
    assert len(longer) > CHROME_MAX_CHARS and chrome_reason(longer) == "photo caption"


@pytest.mark.parametrize("line", [
    "The grand prize went to a picture of the Nuri rocket launch, photo by Kim Soo-hyun, a student at Daejeon High School.",
    "Pameran ini menampilkan karya fotografer muda. Foto oleh peserta terbaik akan dipajang di Galeri Nasional.",
    "Kementerian mengadakan lomba foto. Foto: karya pemenang akan dipamerkan bulan depan di Jakarta.",
    "The contest drew 3,000 entries - photo credit goes to all participants.",
    "Lomba ini terbuka untuk umum; foto: maksimal 3 karya per peserta.",
    "The exhibition features 50 works. Photo by photo, visitors can trace the history of Korean science.",
])
def test_body_text_ending_with_a_photo_word_is_no_caption(line):
    """Only a credit ends a caption: running text after "photo by"/"Foto:" (a comma, lower-case words, many
    words) is a paragraph of the release (the newcomer trial lost "..., photo by Kim Soo-hyun, a student ...")."""
    assert chrome_reason(line) is None
    release, dropped = parse_scraped(f"Photo Contest Winners Announced\n\n{line}\n", "x.txt", date=dt.date(2024, 3, 5))
    assert dropped == [] and [b.text for b in release.blocks] == [line]


@pytest.mark.parametrize("line", [
    "The minister thanked the staff. Photo: MSIT",
    "Bộ trưởng phát biểu tại hội nghị. Ảnh: VGP",
    "Menteri meresmikan gedung baru di Jakarta. Foto: Humas Kementerian Komunikasi dan Informatika",
    "Menteri meresmikan gedung baru di Jakarta. Foto: istimewa",
    "Menteri meresmikan gedung baru di Jakarta. (foto: dok. pribadi)",
    "The minister spoke at the forum, photo by the ministry. Photo: Yonhap",
])
def test_a_short_credit_ends_a_caption(line):
    assert chrome_reason(line) == "photo caption"


@pytest.mark.parametrize("line", ["23 04-2019", "28 09-2021"])
def test_a_date_box_is_not_a_contact_line(line):
    """kominfo.go.id shows the day apart from "month-year"; the pattern for phone numbers matched it."""
    assert chrome_reason(line) not in ("contact", "number", "view counter")
