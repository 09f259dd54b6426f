"""Page chrome: the lines of a saved page or scraped text that are not the release.

Three sources, checked in this order:

* the workspace's configured list (``[import] chrome``), matched line by line;
* generic patterns in all ten languages (:data:`GENERIC_LINES` and :data:`_PATTERNS`):
  skip links, menus and breadcrumbs, search boxes, print/share/list buttons,
  department/author/contact labels, view counters, seal and logo texts, language
  switchers, distribution and copyright notes;
* learned chrome: lines that recur at the top or bottom of earlier imports from the
  same site (see :mod:`workflow.sources.intake.history`).

:func:`chrome_reason` says why a line is chrome, or returns None.
"""
from __future__ import annotations

import re

from workflow.sources.intake.dates import find_dates


def normalize(text: str) -> str:
    """Case-folded text with markup, list markers and edge punctuation removed (for comparisons)."""
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"^\s*(?:[-–•·*○□■▶►>]|\d{1,2}[.)])\s+", "", text)
    return re.sub(r"\s+", " ", text).strip(" \t:|-–—·•").casefold()


# Whole lines that are chrome in any page, by language (compared after normalize()).
GENERIC_LINES: dict[str, tuple[str, ...]] = {
    "en": ("home", "menu", "news & activities", "news and activities", "news & events", "news and events",
           "in the news", "main menu", "news & media", "news and media", "latest news", "media centre",
           "media center", "newsroom", "all menu", "full menu", "sitemap", "site map", "search", "search for:",
           "login", "log in", "sign in", "sign up", "news", "news & notice", "news and notice", "press",
           "press release", "press releases", "press statement", "joint press statement", "press briefing",
           "media release", "media releases", "announcements", "notice", "notices", "list", "back to list",
           "to list", "print", "printable version", "print this page", "share", "share this", "share this:",
           "tweet", "email", "e-mail", "facebook", "twitter", "youtube", "instagram", "linkedin", "copy url",
           "copy link", "top", "to top", "back to top", "move to the top of the page", "go to top", "previous",
           "next", "previous page", "next page", "<< previous page", "prev", "font size", "text size",
           "language", "english", "contact us", "department", "author", "writer", "contact", "phone", "tel",
           "attachment", "attachments", "download", "file", "views", "hits", "related articles",
           "for immediate release", "warning", "mail to friend", "call us:", "webmail:", "email:",
           "skip navigation", "go to content", "go to navigation", "go to content go to navigation",
           "skip to content", "skip to main content", "skip to navigation", "countries information",
           "enter search term", "enter a search term", "search this site", "search keyword", "keyword",
           "type to search", "search ...", "search…", "about", "about us", "category", "faq"),
    "ko": ("홈", "메뉴", "전체메뉴", "전체 메뉴", "주메뉴", "검색", "검색어 입력", "로그인", "회원가입", "뉴스",
           "보도자료", "보도참고자료", "보도자료제목", "설명자료", "알림", "공지사항", "목록", "목록으로", "목록보기",
           "이전글", "다음글", "인쇄", "프린트", "공유", "공유하기", "스크랩", "페이스북", "트위터", "카카오톡",
           "카카오스토리", "링크복사", "url 복사", "글자크기", "글자 크기", "확대", "축소", "맨위로", "위로",
           "상세보기", "콘텐츠 영역", "본문", "첨부파일", "붙임파일", "본문파일", "담당부서", "담당자", "작성자",
           "연락처", "게시일", "등록일", "작성일", "조회수", "조회", "출처", "언어", "한국어", "바로가기 메뉴",
           "본문 바로가기", "메인메뉴 바로가기", "주메뉴 바로가기", "메뉴 바로가기", "페이지 하단 바로가기",
           "검색창 열기", "기사퍼가기", "기사 퍼가기", "검색어를 입력하세요", "검색어를 입력해 주세요", "통합검색", "관련기사", "다른 기사", "전자정부", "다운로드", "미리보기", "바로보기", "소개", "기관소개"),
    "th": ("หน้าแรก", "เมนู", "ค้นหา", "เข้าสู่ระบบ", "ข่าว", "ข่าวเด่น", "ข่าวสารนิเทศ", "ข่าวประชาสัมพันธ์",
           "ข่าวสารและกิจกรรม", "พิมพ์", "แชร์", "แบ่งปัน", "กลับ", "ย้อนกลับ", "ขนาดอักษร", "ขนาดตัวอักษร",
           "เสนอแนะ", "ภาษาไทย", "ติดต่อเรา", "ผู้เขียน", "เอกสารแนบ", "ดาวน์โหลด", "ข่าวที่เกี่ยวข้อง",
           "ข่าวอื่นๆ", "แผนผังเว็บไซต์", "ใส่คำค้นหา", "คำค้นหา", "ไปยังเนื้อหาหลัก", "ข้ามไปยังเนื้อหา",
           "เกี่ยวกับเรา", "หมวดหมู่"),
    "vi": ("trang chủ", "menu", "tìm kiếm", "đăng nhập", "tin tức", "tin tức - sự kiện", "thông cáo báo chí",
           "in bài", "bản in", "in", "chia sẻ", "quay lại", "trở về", "cỡ chữ", "liên hệ", "tác giả",
           "tệp đính kèm", "tải về", "các tin khác", "các tin khác:", "tin liên quan", "tin khác", "phản hồi",
           "sơ đồ trang", "nhập từ khóa", "từ khóa", "bỏ qua nội dung", "chuyển đến nội dung", "tiếng việt",
           "giới thiệu", "danh mục", "chuyên mục"),
    "id": ("beranda", "menu", "cari", "pencarian", "masuk", "berita", "berita terkini", "siaran pers",
           "informasi & publikasi", "informasi dan publikasi", "informasi terkini", "cetak", "bagikan",
           "bagikan berita ke", "bagikan ke",
           "kembali", "ukuran huruf", "hubungi kami", "kontak", "penulis", "editor", "redaktur", "lampiran",
           "unduh", "berita terkait", "berita lainnya", "baca juga", "surel", "bahasa indonesia",
           "langsung ke konten", "lompat ke konten", "peta situs", "kata kunci", "masukkan kata kunci",
           "tentang", "tentang kami", "kategori", "tautan"),
    "ms": ("laman utama", "utama", "carian", "log masuk", "berita", "kenyataan media", "kenyataan akhbar",
           "cetak", "kongsi", "kembali", "hubungi kami", "penulis", "muat turun", "berita berkaitan",
           "bahasa melayu", "peta laman", "tentang kami", "mengenai kami",
           "kategori"),
    "fil": ("tahanan", "maghanap", "balita", "pahayag", "i-print", "ibahagi", "bumalik", "makipag-ugnayan",
            "lumaktaw sa nilalaman", "filipino", "tungkol sa amin",
            "tungkol", "kategorya"),
    "km": ("ទំព័រដើម", "ម៉ឺនុយ", "ស្វែងរក", "ព័ត៌មាន", "ព័ត៌មានថ្មី", "សេចក្តីប្រកាសព័ត៌មាន",
           "សេចក្ដីប្រកាសព័ត៌មាន", "បោះពុម្ព", "ចែករំលែក", "ត្រឡប់ក្រោយ", "ទំនាក់ទំនង", "ព័ត៌មានពាក់ព័ន្ធ",
           "ភ្ជាប់ទៅគេហទំព័រទាក់ទង", "ខ្មែរ", "រំលងទៅមាតិកា",
           "អំពីយើង", "ប្រភេទ"),
    "my": ("ပင်မစာမျက်နှာ", "မီနူး", "ရှာဖွေရန်", "ရှာဖွေ", "သတင်း", "သတင်းများ", "သတင်းထုတ်ပြန်ချက်",
           "ပုံနှိပ်ရန်", "မျှဝေရန်", "နောက်သို့", "ဆက်သွယ်ရန်", "ဆက်စပ်သတင်း", "မြန်မာ", "ဘာသာစကား",
           "ကျွန်ုပ်တို့အကြောင်း", "အမျိုးအစား"),
    "lo": ("ໜ້າຫຼັກ", "ເມນູ", "ຄົ້ນຫາ", "ຂ່າວ", "ຂ່າວສານ", "ຖະແຫຼງການ", "ພິມ", "ແບ່ງປັນ", "ກັບຄືນ",
           "ຕິດຕໍ່", "ຂ່າວທີ່ກ່ຽວຂ້ອງ", "ພາສາລາວ", "ຂ້າມໄປຫາເນື້ອຫາ",
           "ກ່ຽວກັບພວກເຮົາ", "ປະເພດ"),
}
# Normalized as the lines compared with them are ("Call us:" → "call us"), so an entry's edge punctuation counts.
_ALL_LINES = frozenset(normalize(line) for lines in GENERIC_LINES.values() for line in lines)

# Labels of meta lines ("Date : 2019-12-10", "조회수 2922", "Hit : 253", "9633 อ่าน").
_LABEL = (r"(?:date|posted(?: on)?|published|updated|modified|hits?|views?|read|department|author|writer|"
          r"contact|tel\.?|phone|fax|e-?mail|source|photo|"
          r"게시일|등록일|작성일|수정일|조회수?|담당부서|담당자|작성자|연락처|문의|출처|사진|"
          r"วันที่|อ่าน|เข้าชม|ผู้เขียน|ที่มา|"
          r"ngày đăng|cập nhật|lượt xem|tác giả|nguồn|"
          r"tanggal|dilihat|di ?baca|penulis|editor|redaktur|sumber|foto|"
          r"tarikh|dikemaskini|sumber|"
          r"ថ្ងៃចុះផ្សាយ|អ្នកនិពន្ធ|ប្រភព|"
          r"ရက်စွဲ|ရေးသားသူ|ရင်းမြစ်|"
          r"ວັນທີ|ຜູ້ຂຽນ|ແຫຼ່ງຂ່າວ)")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("skip link", re.compile(r"^(?:(?:skip|go|jump|move)\s+to\s+(?:the\s+)?(?:main\s+)?"
                             r"(?:content|navigation|menu|search|footer|top)\s*[/|·]?\s*)+$", re.I)),
    ("skip link", re.compile(r"^(?:\S+\s*)?(?:\S+\s+)?바로가기(?:\s+\S+\s*바로가기)*$")),
    ("breadcrumb", re.compile(r"^(?:home|홈|หน้าแรก\S*|trang chủ|beranda|laman utama|ទំព័រដើម|ໜ້າຫຼັກ)\b.{0,60}$", re.I)),
    ("menu", re.compile(r"^[^|>›»]{1,40}(?:\s*[|>›»]\s*[^|>›»]{1,40}){2,}\s*[|>›»]?$")),
    ("label", re.compile(rf"^{_LABEL}\s*[:：]\s*.{{0,40}}$", re.I)),
    ("view counter", re.compile(rf"^(?:{_LABEL}\s*[:：]?\s*)?[\d,.]+\s*(?:times|kali|ครั้ง|회|lần|ครั้ง|"
                                r"อ่าน|views?|hits|reads|lượt xem)?$", re.I)),
    ("view counter", re.compile(r"^(?:조회수?|views?|hits?|อ่าน|lượt xem|dilihat|di ?baca)\s*[\d,]+$", re.I)),
    # What a scraper leaves of an image: "photo_01.jpg", ".jpg)", "![](x.png)".
    ("image file name", re.compile(r"^\S{0,80}\.(?:jpe?g|png|gif|webp|svg|bmp)\)?$", re.I)),
    # An image named by its upload date, shown as its alt text ("20190820 papua", "20231113_menteri").
    ("image file name", re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ _-][\w-]{1,30}$")),
    ("contact", re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[-|]?$")),
    ("byline", re.compile(r"^(?:\S+\s+){0,3}\S*[\w.+-]@[\w-]+(?:\.[\w-]+)+\s*$")),  # "송현수 기자 songh@busan.com"
    ("listing counter", re.compile(r"\b\d[\d,]*\s+(?:items|results|articles|entries|건|รายการ|bài viết|berita)$", re.I)),
    ("contact", re.compile(r"^.{0,30}\(?\+?\d{2,4}[-. )]\d{3,4}[-. ]\d{4}\)?\s*$")),
    ("number", re.compile(r"^\d{1,6}\s*[-|]$")),
    ("contact", re.compile(r"^(?:tel\.?|phone|fax|☎)?\s*[+(]?\d[\d\s().-]{5,}\s*[-|]?$", re.I)),
    ("byline", re.compile(r"^(?:by|oleh|โดย|bởi|ដោយ|ໂດຍ)\s+\S.{0,120}$", re.I)),
    ("language switcher", re.compile(r"^(?:language|언어|ภาษา|ngôn ngữ|bahasa|ဘာသာစကား|ភាសា|ພາສາ)\s*[:：]?\s*\|?$",
                                     re.I)),
    ("logo or seal", re.compile(r"(?:^|\s)(?:logo|로고|emblem|seal|ตราสัญลักษณ์|โลโก้)$|\.(?:png|jpe?g|gif|svg)$", re.I)),
    ("official-site banner", re.compile(r"공식 전자정부 누리집|official website of the|เว็บไซต์ทางการ")),
    ("page widget", re.compile(r"^(?:[\w-]*[a-z][A-Z_]\w*|[a-z]+_[a-z]\w*)(?:\s*[-|:]\s*(?:[\w-]*[a-z][A-Z_]\w*|[a-z]+_\w+))*$")),
    ("page widget", re.compile(r"(?:^|\s)icon_\w+")),
    ("page size", re.compile(r"^\d+\s*(?:mẫu tin|items?|건|รายการ|entries)$", re.I)),
    ("photo caption", re.compile(r"\s[-–]\s(?:Ảnh|Photo|사진|ภาพ|Foto|Gambar|រូបភាព|ဓာတ်ပုံ)\s*\d+\.?$", re.I)),
    ("distribution note", re.compile(r"^(?:for immediate release|embargoed|untuk segera|이 보도자료는.*보도할 수 있습니다)", re.I)),
    ("distribution note", re.compile(r"^(?:siaran pers|press release|보도자료|thông cáo báo chí)\s*(?:no\.?|nomor|number|제)\s*\S+",
                                     re.I)),
    ("source note", re.compile(r"^\S{0,6}\s*\((?:nguồn|source|sumber|출처|ที่มา)\s*:.*\)$", re.I)),
    ("copyright", re.compile(r"^(?:copyright|©|\(c\)|저작권|ลิขสิทธิ์|bản quyền|hak cipta)|all rights reserved|무단 전재", re.I)),
    ("document label", re.compile(r"^(?:သတင်းထုတ်ပြန်ချက်|សេចក្តីប្រកាសព័ត៌មាន|ຖະແຫຼງການ|보도자료)\s*[(（].{0,30}[)）]$")),
    ("punctuation", re.compile(r"^[\W_]{1,3}$")),
    ("related link", re.compile(r"^(?:baca juga|baca pula|read also|read more|see also|also read|xem thêm|đọc thêm|"
                                r"อ่านเพิ่มเติม|อ่านต่อ|관련기사|함께 보면 좋은 기사|baca berita dengan sedikit iklan)\b", re.I)),
]
# A heading line after which the rest of the page is other articles.
TAIL_MARKERS = frozenset(
    normalize(t) for t in ("Related Articles", "Related News", "Other news", "More news", "Các tin khác",
                           "Tin liên quan", "Các tin khác:", "관련기사", "다른 기사", "ข่าวที่เกี่ยวข้อง",
                           "ข่าวอื่นๆ", "Berita Terkait", "Berita Lainnya", "Berita berkaitan",
                           "ព័ត៌មានពាក់ព័ន្ធ", "ဆက်စပ်သတင်း", "ຂ່າວທີ່ກ່ຽວຂ້ອງ", "Tin khác", "당신을 위한 AI 추천 기사",
                           "추천 기사", "많이 본 뉴스", "실시간 핫뉴스", "관련 뉴스", "인기기사", "Most read",
                           "Recommended", "Berita Populer", "Tin đọc nhiều")
)


# Labels whose value follows on the next line or table cell ("담당자" / "임희오").
LABELS = frozenset(normalize(t) for t in (
    "게시일", "등록일", "작성일", "수정일", "조회수", "조회", "담당부서", "담당자", "작성자", "연락처", "문의", "출처",
    "Date", "Posted", "Published", "Updated", "Views", "Hits", "Department", "Author", "Writer", "Contact", "Phone",
    "Tel", "E-mail", "Email", "Source", "วันที่", "ผู้เขียน", "ที่มา", "Ngày đăng", "Tác giả", "Nguồn", "Lượt xem",
    "Tanggal", "Penulis", "Editor", "Redaktur", "Sumber", "Dibaca", "Tarikh", "ថ្ងៃចុះផ្សាយ", "អ្នកនិពន្ធ", "ရက်စွဲ",
    "ရေးသားသူ", "ວັນທີ", "ຜູ້ຂຽນ"))


_SEPARATORS = frozenset("/ | · • » › > - –".split())


def _chrome_phrases(key: str) -> bool:
    """True when ``key`` is two or more generic chrome phrases in a row ("press releases 상세보기",
    "faq / tautan / peta situs")."""
    words = [w for w in key.split() if w not in _SEPARATORS]
    if len(words) < 2 or len(words) > 12:
        return False
    reachable = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        reachable[end] = any(reachable[start] and " ".join(words[start:end]) in _ALL_LINES
                             for start in range(max(0, end - 6), end))
    return reachable[-1]


def _pattern_reason(text: str) -> str | None:
    """The first of :data:`_PATTERNS` that ``text`` (one line, list marker and emphasis ignored) matches."""
    plain = re.sub(r"^\s*(?:[-–•·○□■▶►°]|\d{1,2}[.)])\s+", "", re.sub(r"[*`]+", "", text)).strip()
    for reason, pattern in _PATTERNS:
        if pattern.search(plain):
            if reason in ("contact", "number", "view counter") and find_dates(plain):
                continue  # "2024-01-02" is a date line, not a phone number
            if reason == "byline" and len(plain.split()) > 12 and not find_dates(plain):
                continue
            if reason == "breadcrumb" and (len(plain.split()) > 8 or re.search(r"[.!?。]$", plain)):
                continue
            return reason
    return None


# A photo credit ending a caption: "... Jakarta, Jumat (16/8) lalu. (Foto: Deny S/Humas)", "... pukul 23.59 WIB. -
# (antarafoto)", "... Kuala Nerus. Foto oleh Harish", "... (사진=과기정통부)". Searched in a line's last characters
# only, so that it stays linear on a caption of any length.
_CAPTION_CREDIT = re.compile(
    r"(?P<sep>[.,;:)]|\s[-–—|])\s*(?P<open>\(?)\s*(?:(?:sumber\s+)?(?:foto|photo|gambar|ảnh|ภาพ|사진|រូបថត|ဓာတ်ပုံ|ຮູບ)"
    r"(?:\s+ihsan)?\s*(?:[:：=]|oleh\b|by\b|credit\b)\s*(?P<credit>[^()\n]{1,60})\)?|"
    r"antara\s?foto(?:/[^()\n]{1,40})?\)?)\s*$", re.I)
CAPTION_TAIL_CHARS = 120
#: The most words an unbracketed credit has ("Foto: Humas Kementerian Komunikasi dan Informatika").
CREDIT_MAX_WORDS = 6


def _credit_like(credit: str) -> bool:
    """True when ``credit``, the text after an unbracketed "Foto:"/"photo by", names someone: no comma, a few
    words, none of them a lower-case word of running text ("Foto oleh peserta terbaik akan dipajang ...")."""
    words = credit.split()
    if "," in credit or len(words) > CREDIT_MAX_WORDS:
        return False
    return len(words) <= 2 or not any(
        w[:1].islower() and len(w.strip(".")) >= 4 and "/" not in w for w in words)


def caption_credit(text: str) -> bool:
    """True when ``text`` (one line) is a photo caption: text that ends with a photo credit (above).

    A bracketed credit ("(Foto: ...)", "(사진=...)", "(antarafoto)") is one whatever it holds; an unbracketed
    one must follow a sentence's end or a dash and look like a credit (:func:`_credit_like`), so that body
    text such as "The grand prize, photo by Kim Soo-hyun, a student at ..." stays.
    """
    tail = text[-CAPTION_TAIL_CHARS:]
    start = 0
    while (m := _CAPTION_CREDIT.search(tail, start)) is not None:
        if len(text) - len(tail) + m.start() < 15:
            return False
        credit = m.group("credit")
        if credit is None or (m.group("open") and tail.rstrip().endswith(")")):
            return True
        if m.group("sep") not in (",", ";", ":") and _credit_like(credit):
            return True
        start = m.start() + 1  # a later credit ("..., photo by X. Photo: Yonhap")
    return False


#: Lines longer than this are never taken for chrome by pattern (the longest real chrome lines, contact
#: blocks with several addresses, are under 300 characters).
CHROME_MAX_CHARS = 600


def chrome_reason(text: str, configured: frozenset[str] = frozenset(),
                  learned: frozenset[str] = frozenset()) -> str | None:
    """Why ``text`` (one line) is page chrome, or None when it is not."""
    key = normalize(text)
    if not key:
        return "punctuation"
    if key in configured or text.strip().casefold() in configured:
        return "configured chrome"
    if key in _ALL_LINES or _chrome_phrases(key):
        return "page chrome"
    if caption_credit(text):
        return "photo caption"
    # A longer line is a paragraph, not chrome by pattern (and the patterns stay fast on short lines).
    reason = _pattern_reason(text) if len(text) <= CHROME_MAX_CHARS else None
    if reason is not None:
        return reason
    if key in learned:
        return "recurs in earlier imports from this site"
    return None
