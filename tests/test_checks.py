"""QA checks: each check with passing and failing examples in several scripts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workflow.catalogs import new_catalog, parse_catalog
from workflow.review.checks.base import CHECKS, CheckContext, Finding, Severity
from workflow.review.checks.run import check_catalog, check_entry, check_text
from workflow.review.checks.text import extract_numbers
from workflow.review.glossary import load_glossary
from workflow.locales import LOCALES
from workflow.review.units import mark_draft

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(ROOT / "glossary.csv")

# (check, locale, source, translation, fires)
CASES = [
    # empty / whitespace
    ("empty", "th", "The pilot starts.", "   ", True),
    ("empty", "th", "The pilot starts.", "โครงการเริ่มต้น", False),
    ("empty", "vi", " ", " ", False),          # dpkg dselect: the code relies on a single space
    ("empty", "vi", " ", "", True),
    # unsafe markup added by a translation
    ("unsafe_markup", "th", "Read the plan.", "อ่านแผน <script>alert(1)</script>", True),
    ("unsafe_markup", "vi", "Read the plan.", 'Đọc <img src=x onerror="alert(1)"> kế hoạch.', True),
    ("unsafe_markup", "id", "See [the plan](https://msit.go.kr/plan).", "Lihat [rencana](javascript:alert(1)).", True),
    ("unsafe_markup", "ms", "See [the plan](https://msit.go.kr/plan).", "Lihat [pelan](jav&#97;script:alert(1)).", True),
    ("unsafe_markup", "ko", "Use <br> here.", "여기에 <br> 사용.", False),
    ("unsafe_markup", "km", "Scores: 3 < 5.", "ពិន្ទុ៖ 3 < 5។", False),
    # placeholders: tags (by name) and entities a translation must keep (format directives: test_placeholders.py)
    ("placeholders", "vi", "Click <b>Save</b> to keep it.", "Nhấn Lưu để giữ.", True),
    ("placeholders", "th", "One thought on &ldquo;it&rdquo;", "หนึ่งความเห็นบน “มัน”", True),
    ("placeholders", "vi", 'Read <a href="/plan">the plan</a>.', 'Đọc <a href="/vi/plan">kế hoạch</a>.', False),
    ("placeholders", "km", "Fish &amp; chips", "ត្រី &amp; ដំឡូង", False),
    # masking tokens left by MT
    ("masking_token", "vi", "MSIT met ASEAN.", "⟦0⟧ đã gặp ASEAN.", True),
    ("masking_token", "th", "MSIT met ASEAN.", "__PF1__ พบกับอาเซียน", True),
    ("masking_token", "vi", "MSIT met ASEAN.", "MSIT đã gặp ASEAN.", False),
    # pseudo-localization
    ("pseudo", "id", "The Ministry opened the centre.", "[Ţĥé Ṁîñîšţŕý öþéñéð ţĥé çéñţŕé.]", True),
    ("pseudo", "vi", "The Ministry opened the centre.", "Bộ đã mở trung tâm.", False),
    ("pseudo", "vi", "Vietnam joined the meeting.", "Việt Nam đã tham dự cuộc họp.", False),
    # inline Markdown and links
    ("markdown", "th", "See [the plan](https://msit.go.kr/plan).", "ดู [แผน](https://msit.go.kr/other)", True),
    ("markdown", "ko", "It is **important**.", "그것은 중요하다.", True),
    ("markdown", "my", "TELMIN* met.", "TELMIN တွေ့ဆုံခဲ့သည်။", True),
    ("markdown", "km", "See [the plan](https://msit.go.kr/plan).", "មើល [ផែនការ](https://msit.go.kr/plan)។", False),
    ("markdown", "ko", "It is **important** and `code`.", "그것은 **중요**하고 `code`이다.", False),
    # URLs and e-mail addresses
    ("urls", "fil", "Write to press@msit.go.kr.", "Sumulat sa press@msit.go.ph.", True),
    ("urls", "lo", "Details: https://msit.go.kr/a", "ລາຍລະອຽດ: https://msit.go.kr/b", True),
    ("urls", "lo", "Details: https://msit.go.kr/a", "ລາຍລະອຽດ: https://msit.go.kr/a", False),
    # numbers, compared by value across scripts and formats
    ("numbers", "th", "The pilot covers 3 cities.", "โครงการครอบคลุม 4 เมือง", True),
    ("numbers", "th", "The pilot covers 3 cities.", "โครงการครอบคลุม ๓ เมือง", False),
    ("numbers", "lo", "Ministers from 10 nations met.", "ລັດຖະມົນຕີຈາກ ໑໐ ປະເທດ", False),
    ("numbers", "km", "Ministers from 10 nations met.", "រដ្ឋមន្ត្រីមកពី ១០ ប្រទេស។", False),
    ("numbers", "my", "Ministers from 10 nations met.", "နိုင်ငံ ၁၁ နိုင်ငံမှ ဝန်ကြီးများ။", True),
    ("numbers", "id", "It costs 1,500,000 won.", "Biayanya 1.500.000 won.", False),
    ("numbers", "id", "Growth was 2.5 percent.", "Pertumbuhan 2,5 persen.", False),
    ("numbers", "ko", "A budget of 200 million won.", "2억 원의 예산.", False),
    ("numbers", "ko", "A budget of 200 million won.", "3억 원의 예산.", True),
    ("numbers", "vi", "A budget of 200 million won.", "Ngân sách 200 triệu won.", False),
    ("numbers", "th", "It opened in 2018.", "เปิดในปี 2561", False),  # Buddhist era
    ("numbers", "ko", "The 2017-2021 plan.", "2017~2021 계획.", False),
    ("numbers", "ko", "Held on December 6.", "12월 6일에 개최.", False),
    # extra numbers (warning); months and number words explain some
    ("extra_numbers", "ko", "Held on December 6.", "12월 6일에 개최.", False),
    ("extra_numbers", "vi", "Held on December 6.", "Tổ chức ngày 6 tháng 12 năm 2018.", True),
    # do-not-translate terms (glossary)
    ("do_not_translate", "th", "MSIT met TELMIN.", "กระทรวงพบกับ TELMIN", True),
    ("do_not_translate", "ko", "Based on I-KOREA 4.0.", "I-코리아 4.0 기반.", True),
    ("do_not_translate", "th", "MSIT met TELMIN.", "MSIT พบกับTELMIN", False),  # no spaces in Thai
    # glossary term not used (warning)
    ("glossary", "id", "Korea and Cambodia agreed.", "Korea dan Kamboja sepakat.", False),
    ("glossary", "id", "Korea and Cambodia agreed.", "Korea dan Kemboja sepakat.", True),
    ("glossary", "th", "Thailand joined.", "ประเทศไทยเข้าร่วม", False),  # an accepted alternative
    ("glossary", "ko", "ASEAN-Korea TELMIN.", "한-아세안 TELMIN.", False),  # the longer term wins
    # same as source (warning)
    ("same_as_source", "vi", "The ministers met.", "The ministers met.", True),
    ("same_as_source", "id", "MSIT", "MSIT", False),
    ("same_as_source", "id", "ASEAN", "ASEAN", False),
    # length ratio (warning)
    ("length_ratio", "id", "The ministers agreed to continue the discussion next year.", "Ya.", True),
    ("length_ratio", "ko", "The ministers agreed to continue the discussion next year.",
     "장관들은 내년에도 논의를 계속하기로 합의했다.", False),
    ("length_ratio", "my", "The ministers agreed to continue the discussion next year.",
     "ဝန်ကြီးများသည် လာမည့်နှစ်တွင် ဆွေးနွေးမှုများကို ဆက်လက်ပြုလုပ်ရန် သဘောတူခဲ့ကြသည်။", False),
    # end punctuation per language
    ("end_punctuation", "th", "The pilot starts.", "โครงการนำร่องเริ่มต้น.", True),
    ("end_punctuation", "th", "The pilot starts.", "โครงการนำร่องเริ่มต้น", False),
    ("end_punctuation", "lo", "The pilot starts.", "ໂຄງການເລີ່ມຕົ້ນ", False),
    ("end_punctuation", "km", "The pilot starts.", "គម្រោងសាកល្បងចាប់ផ្តើម.", True),
    ("end_punctuation", "km", "The pilot starts.", "គម្រោងសាកល្បងចាប់ផ្តើម។", False),
    ("end_punctuation", "my", "The pilot starts.", "စမ်းသပ်စီမံကိန်း စတင်သည်။", False),
    ("end_punctuation", "my", "The pilot starts.", "စမ်းသပ်စီမံကိန်း စတင်သည်", True),
    ("end_punctuation", "vi", "Did it start?", "Nó đã bắt đầu chưa?", False),
    ("end_punctuation", "vi", "The pilot starts.", "Thí điểm bắt đầu", True),
    ("end_punctuation", "ko", "ASEAN ICT forum opens", "아세안 ICT 포럼 개막.", True),  # heading gains a period
    ("end_punctuation", "ko", "He said “yes.”", "그는 “예.”라고 말했다.", False),
    # script
    ("script", "th", "The ministers met.", "The ministers met.", True),
    ("script", "km", "The ministers met.", "Ministers met in Phnom Penh", True),
    ("script", "lo", "The ministers met.", "รัฐมนตรีพบกัน", True),  # Thai text in a Lao catalog
    ("script", "th", "MSIT and 5G", "MSIT และ 5G", False),
    ("script", "th", "MSIT", "MSIT", False),
    ("script", "ko", "Minister of Science", "과학技術 장관", False),  # Hanja is Korean writing
    ("script", "vi", "The ministers met.", "Các bộ trưởng đã gặp nhau.", False),
]


@pytest.mark.parametrize(
    "name,locale,source,target,fires", CASES,
    ids=[f"{c[0]}-{c[1]}-{'fail' if c[4] else 'pass'}-{n}" for n, c in enumerate(CASES)],
)
def test_check(name: str, locale: str, source: str, target: str, fires: bool) -> None:
    findings = check_text(source, target, CheckContext("en", locale, GLOSSARY), only=[name])
    assert bool(findings) is fires, findings
    if fires:
        spec = next(c for c in CHECKS if c.name == name)
        assert all(f.severity is spec.severity and f.check == name for f in findings)


def test_every_registered_check_has_cases_both_ways() -> None:
    names = {c.name for c in CHECKS}
    assert names == {c[0] for c in CASES}
    for name in names:
        assert {c[4] for c in CASES if c[0] == name} == {True, False}, name


def test_registry_severities() -> None:
    severity = {c.name: c.severity for c in CHECKS}
    for name in ("empty", "unsafe_markup", "masking_token", "pseudo", "markdown", "urls", "numbers",
                 "do_not_translate", "script"):
        assert severity[name] is Severity.ERROR, name
    for name in ("same_as_source", "length_ratio", "glossary", "end_punctuation", "extra_numbers"):
        assert severity[name] is Severity.WARNING, name


@pytest.mark.parametrize("locale", [c for c in LOCALES if c != "en"])
def test_native_digits_compare_by_value_in_every_locale(locale: str) -> None:
    from workflow.locales import to_native_digits

    ctx = CheckContext("en", locale, None)
    assert not check_text("In 2019, 12 nations.", to_native_digits("ใน 2019 12", locale), ctx, only=["numbers"])
    assert check_text("In 2019, 12 nations.", to_native_digits("ใน 2020 12", locale), ctx, only=["numbers"])


def test_number_values_cover_separators_and_scales() -> None:
    values = {n.text: n.values for n in extract_numbers("1,000 and 1.5 and 2억 and 4.0")}
    from decimal import Decimal

    assert Decimal(1000) in values["1,000"]
    assert Decimal("1.5") in values["1.5"]
    assert Decimal(200_000_000) in values["2"]
    assert Decimal(4) in values["4.0"]


def test_check_entry_plural_forms_pseudo_origin_and_untranslated() -> None:
    cat = new_catalog("fil", project="t")
    plural = cat.add("%d city", msgid_plural="%d cities", msgstr_plural={0: "%d lungsod", 1: "  "})
    findings = check_entry(plural, "en", "fil")
    assert any(f.check == "empty" and f.message.startswith("msgstr[1]") for f in findings)

    draft = cat.add("The pilot starts.")
    mark_draft(draft, "[Ţĥé þîļöţ šţåŕţš.]", "pseudo")
    assert "pseudo" in {f.check for f in check_entry(draft, "en", "fil")}

    assert check_entry(cat.add("Nothing yet."), "en", "fil") == []


def test_check_catalog_and_the_cli_report_format(tmp_path: Path, cli_run) -> None:
    po = tmp_path / "th.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: th\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The pilot covers 3 cities."\nmsgstr "โครงการครอบคลุม 4 เมือง"\n\n'
        'msgid "Ministers met."\nmsgstr "รัฐมนตรีพบกัน."\n', encoding="utf-8")
    cat = parse_catalog(po.read_text(encoding="utf-8"), po)
    found = check_catalog(cat, "en", "th")
    assert [(e.msgid, f.check) for e, f in found] == [
        ("The pilot covers 3 cities.", "numbers"), ("The pilot covers 3 cities.", "extra_numbers"),
        ("Ministers met.", "end_punctuation"),
    ]
    result = cli_run("check", str(po), cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"{po}:6: error: numbers: number missing or changed: 3" in lines
    assert f"{po}:9: warning: end_punctuation: Thai sentences do not end with '.'" in lines
    assert lines[-1] == "1 error, 2 warnings"
    clean = cli_run("check", "--no-warnings", str(po), cwd=tmp_path)
    assert "warning:" not in clean.output.replace("2 warnings", "")


def test_check_exits_zero_without_errors(tmp_path: Path, cli_run) -> None:
    po = tmp_path / "locales" / "km" / "LC_MESSAGES" / "x.po"  # locale from the path, no header
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The pilot starts."\nmsgstr "គម្រោងសាកល្បងចាប់ផ្តើម។"\n', encoding="utf-8")
    result = cli_run("check", str(po), cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_workspace_check_reports_an_unreadable_catalog_first_and_counts_it(sample_ws, cli_run) -> None:
    po = sample_ws.po_path("th", "asean-korea-telmin-13")
    lines_before = po.read_text(encoding="utf-8").count("\n")
    with po.open("a", encoding="utf-8") as fh:
        fh.write('msgid "unterminated\n')
    result = cli_run("check", "--no-warnings", cwd=sample_ws.root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    error = f"pressflow: error: locales/th/LC_MESSAGES/asean-korea-telmin-13.po:{lines_before + 1}: unterminated string"
    assert lines.count(error) == 1 and lines.index(error) == 0, result.output
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?, 1 catalog could not be read \(error above\)", lines[-1]), lines[-1]


def test_finding_round_trips_through_dict() -> None:
    f = Finding("numbers", Severity.ERROR, "number missing or changed: 3")
    assert Finding.from_dict(f.to_dict()) == f


# ---------------------------------------------------------------------------
# The fast paths give what the straightforward code gives
# ---------------------------------------------------------------------------

# Pairs where the cheap guards (substring tests before each pattern, shared facts)
# meet the patterns' corner cases; findings as the checks gave them before the guards.
GUARD_CASES = [
    ("vi", "See <[https://msit.go.kr/a](https://msit.go.kr/b)>.", "Xem <https://msit.go.kr/a>.",
     [("unsafe_markup", "adds raw HTML the source lacks: <https:>"),
      ("markdown", "link target missing or changed: 'https://msit.go.kr/b'")]),
    ("id", "Visit HTTPS://MSIT.GO.KR/A today.", "Kunjungi hari ini.",
     [("do_not_translate", "do-not-translate term changed or missing: 'MSIT'")]),
    ("th", "Mail `press@msit.go.kr` or www.msit.go.kr.", "ส่งถึง press@msit.go.kr",
     [("markdown", "code (`) markers differ: 2 in the source, 0 in the translation"),
      ("urls", "URL missing or changed: 'www.msit.go.kr'"), ("urls", "e-mail address added: 'press@msit.go.kr'")]),
    ("ko", "Token ⟦ 3 ⟧ and __PF2__ stay.", "토큰 ⟦ 3 ⟧ 유지.",
     [("markdown", "bold (__) markers differ: 2 in the source, 0 in the translation")]),
    ("km", "A **bold** and *note* line.", "បន្ទាត់ **ដិត** និង *កំណត់ចំណាំ*។", []),
    ("vi", 'Read [the plan](https://msit.go.kr/plan "Plan").', "Đọc [kế hoạch](https://msit.go.kr/plan).", []),
    ("ms", "Data: 1,500,000 and 2.5 and 2017.12.07.", "Data: 1.500.000 dan 2,5 dan 2017.12.08.",
     [("numbers", "number missing or changed: 07"), ("extra_numbers", "number not in the source: 08")]),
    ("th", "The ASEAN-Korea TELMIN met.", "อาเซียน-เกาหลี TELMIN ประชุม", []),
    ("vi", "Ţĥé ṀŜÎŢ plan", "[Ţĥé Ṁîñîšţŕý öþéñéð ţĥé çéñţŕé]",
     [("pseudo", "looks like pseudo-localization (accented Latin in brackets)")]),
]


@pytest.mark.parametrize("locale,source,target,expected", GUARD_CASES)
def test_guarded_patterns_keep_their_findings(locale: str, source: str, target: str, expected: list) -> None:
    ctx = CheckContext("en", locale, GLOSSARY)
    for _ in range(2):  # the second time from the cached facts of both texts
        assert [(f.check, f.message) for f in check_text(source, target, ctx)] == expected


def test_every_masking_token_contains_a_hint() -> None:
    from workflow.review.checks import text as checks
    from workflow.translation.masking import TOKEN_RE

    assert TOKEN_RE.pattern.startswith(checks._TOKEN_HINTS[0])
    for token in ("⟦0⟧", "⟦ 12 ⟧", "__PF3__"):
        assert checks._token_re().fullmatch(token) and checks._has_token(token)


TRICKY_GLOSSARY = """term,note,do_not_translate,en,ko,th,vi
MSIT,,yes,,,,
ICT,,yes,,,,
Korea,,,,한국,เกาหลี,Hàn Quốc
ASEAN-Korea,,,,한-아세안,,ASEAN-Hàn Quốc
Kelvin,,,,켈빈,,
Straße,,,,,,đường
과학기술정보통신부,,,MSIT ministry,과기정통부,,
Ministry of Science and ICT,,,,과학기술정보통신부,,
"""


@pytest.mark.parametrize("source_language", ["en", "ko"])
def test_the_glossary_fast_lookup_finds_what_glossary_lookup_finds(source_language: str) -> None:
    from workflow.review.checks import terms as checks
    from workflow.review.glossary import parse_glossary

    glossary = parse_glossary(TRICKY_GLOSSARY, "g.csv", source_language=source_language)
    texts = [
        "MSIT and ICT", "DICTATE the msit", "korea KOREA Korea", "The ASEAN-Korea forum in Korea.",
        "\u212aelvin degrees (Kelvin sign)", "KELVIN", "Stra\u00dfe and STRASSE and stra\u017fe",
        "과학기술정보통신부는 MSIT ministry다", "Ministry of Science and ICT (MSIT)", "", "nothing here",
        "İCT and ıct", "ASEAN-KOREA", "Korea-ASEAN-Korea",
    ]
    fast = checks._glossary_facts(glossary)
    for text in texts:
        for locale in (None, "ko", "th", "vi", "km"):
            assert fast.lookup(text, locale) == tuple(glossary.lookup(text, locale)), (text, locale)


def test_script_counts_match_the_per_character_script() -> None:
    from collections import Counter

    from workflow.review.checks import text as checks

    for text in ["รัฐมนตรี 10 ประเทศ MSIT", "ລັດຖະມົນຕີ", "រដ្ឋមន្ត្រី ១០", "ဝန်ကြီး ၁၁", "과학技術 장관",
                 "Việt Nam đã", "Ţĥé ṀŜÎŢ", "Ελληνικά and русский", "½ Ⅻ ٣ 12 _ - ..."]:
        expected = Counter(s for s in map(checks._script_of, text) if s)
        assert checks._script_counts(text) == dict(expected), text


def test_origin_of_a_non_fuzzy_entry_is_a_person() -> None:
    from workflow.review.checks import run as checks
    from workflow.review.units import origin_of

    cat = new_catalog("th", project="t")
    approved = cat.add("The pilot starts.", msgstr="โครงการเริ่มต้น")
    draft = cat.add("Ministers met.")
    mark_draft(draft, "[Ţĥé þîļöţ šţåŕţš.]", "pseudo")
    for entry in (approved, draft):
        assert checks._origin(entry) == origin_of(entry)


@pytest.mark.parametrize("command", ["check", "status"])
def test_po_file_whose_locale_cannot_be_told_is_a_clear_error(tmp_path, cli_run, command):
    po = tmp_path / "strings.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hi"\nmsgstr "Hola"\n',
                  encoding="utf-8")
    before = po.read_bytes()
    result = cli_run(command, str(po), cwd=tmp_path)
    assert result.exit_code == 1
    assert "strings.po" in result.output
    assert "cannot tell the locale: no --locale, no Language header, and the path names none" in result.output
    assert po.read_bytes() == before
    # Under <locale>/LC_MESSAGES the path tells.
    (tmp_path / "th" / "LC_MESSAGES").mkdir(parents=True)
    placed = tmp_path / "th" / "LC_MESSAGES" / "strings.po"
    placed.write_bytes(before)
    assert "cannot tell the locale" not in cli_run(command, str(placed), cwd=tmp_path).output


def test_check_locale_option_names_the_locale_the_file_does_not_tell(tmp_path, cli_run):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: \\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Hi"\nmsgstr "안녕"\n', encoding="utf-8")
    before = po.read_bytes()
    assert "cannot tell the locale" in cli_run("check", str(po), cwd=tmp_path).output
    result = cli_run("check", "--locale", "ko", str(po), cwd=tmp_path)
    assert "cannot tell the locale" not in result.output, result.output
    assert result.exit_code == 0, result.output
    assert "did you mean 'ko'" in cli_run("check", "--locale", "kr", str(po), cwd=tmp_path).output
    assert po.read_bytes() == before


@pytest.mark.parametrize(("msgctxt", "msgid", "msgstr"), [
    (None, "translator-credits", "Trần Ngọc Quân <vnwildman@gmail.com>"),   # GNOME
    ("EMAIL OF TRANSLATORS", "Your emails", "vnwildman@gmail.com"),          # KDE
])
def test_translator_credit_entries_are_not_checked_as_translations(msgctxt, msgid, msgstr):
    cat = new_catalog("vi", project="t")
    entry = cat.add(msgid, msgstr=msgstr, msgctxt=msgctxt)
    assert check_entry(entry, "en", "vi") == []
    ordinary = cat.add("Contact us", msgstr=f"Liên hệ {msgstr}")
    assert any(f.check == "urls" for f in check_entry(ordinary, "en", "vi"))
