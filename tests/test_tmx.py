"""TMX 1.4b reading and writing: round trips, third-party files, malformed and hostile input."""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from workflow.translation import tmx as tmx_module  # the two private readers are compared below
from workflow.errors import MemoryStoreError
from workflow.translation.tmx import TmxUnit, normalize_lang, read_tmx, render_tmx, write_tmx

DATA = Path(__file__).parent / "data" / "memory"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

UNITS = [
    TmxUnit("en", "ko", "Korea & ASEAN <b>agree</b> on \"digital\" cooperation",
            "한국과 아세안, \"디지털\" 협력에 <b>합의</b>", context="title", origin="asean-korea-telmin-13",
            changed="2018-12-07T09:00:00Z", changed_by="Kim Editor"),
    TmxUnit("en", "th", "Promote digital ecosystem for mutual prosperity",
            "ส่งเสริมระบบนิเวศดิจิทัลเพื่อความเจริญรุ่งเรืองร่วมกัน"),
    TmxUnit("en", "my", "  Leading and trailing spaces stay  ", "  ဖြစ်လာခဲ့ပြီး  "),
    TmxUnit("ko", "km", "과학기술정보통신부", "ក្រសួងវិទ្យាសាស្ត្រ"),   # another source language than the header's
]


def test_round_trip_keeps_text_languages_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    assert write_tmx(path, UNITS, srclang="en") == len(UNITS)
    back = read_tmx(path)
    for want, got in zip(UNITS, back, strict=True):
        assert (got.srclang, got.tgtlang, got.source, got.target) == (want.srclang, want.tgtlang, want.source, want.target)
        assert (got.context, got.origin, got.changed, got.changed_by) == (want.context, want.origin, want.changed, want.changed_by)


def test_written_file_has_the_header_omegat_and_translate_toolkit_expect(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_tmx(path, UNITS, srclang="en")
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "srclang", "adminlang", "segtype", "o-tmf", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("segtype") == "sentence" and header.get("srclang") == "en"
    tus = root.findall("body/tu")
    assert len(tus) == len(UNITS)
    assert [t.get(XML_LANG) for t in tus[0].findall("tuv")] == ["en", "ko"]
    assert tus[3].get("srclang") == "ko"       # differs from the header: said on the <tu>
    assert tus[0].find("tuv/seg").text == UNITS[0].source


def test_characters_xml_cannot_carry_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_tmx(path, [TmxUnit("en", "ko", "bell\x07 and form feed\x0c", "벨\x07")], srclang="en")
    [unit] = read_tmx(path)
    assert (unit.source, unit.target) == ("bell and form feed", "벨")


def test_reads_translate_toolkit_po2tmx_output() -> None:
    units = read_tmx(DATA / "po2tmx_output.tmx")
    assert [(u.srclang, u.tgtlang) for u in units] == [("en", "th")] * 3    # fuzzy and empty units were left out
    assert units[1].source.startswith("Korea has become an ASEAN Dialogue Partner")
    assert units[2].source == 'Korea & ASEAN <b>agree</b> on "digital" cooperation'
    assert units[2].target == 'เกาหลีและอาเซียน<b>เห็นพ้อง</b>ความร่วมมือด้าน "ดิจิทัล"'
    assert units[2].context == "title" and units[2].line == 22


def test_reads_omegat_style_tmx_1_1() -> None:
    units = read_tmx(DATA / "omegat_style.tmx")
    assert [(u.srclang, u.tgtlang) for u in units] == [("en", "ko"), ("en", "ko"), ("en", "th")]
    # <bpt>/<ept>/<ph> hold native codes, not text: the segment's text is what is outside them
    assert units[0].source == "Press here to read the report."
    assert units[0].target == "보고서를 읽으려면 여기를 누르세요."
    assert units[0].changed == "2018-12-07T09:00:00Z" and units[0].changed_by == "Lee Translator"


def test_srclang_all_offers_every_direction(tmp_path: Path) -> None:
    path = tmp_path / "all.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="*all*" segtype="sentence" creationtool="x" o-tmf="x" adminlang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>MSIT</seg></tuv>'
        '<tuv xml:lang="ko"><seg>과기정통부</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert {(u.srclang, u.tgtlang, u.source) for u in read_tmx(path)} == {("en", "ko", "MSIT"), ("ko", "en", "과기정통부")}


@pytest.mark.parametrize(("code", "expected"), [
    ("ko", "ko"), ("ko-KR", "ko"), ("EN-US", "en"), ("th_TH", "th"), ("tl", "fil"), ("fil-PH", "fil"),
    ("km-KH", "km"), ("fr-FR", "fr-fr"),
])
def test_language_codes_become_our_locales(code: str, expected: str) -> None:
    assert normalize_lang(code) == expected


@pytest.mark.parametrize(("name", "line", "problem"), [
    ("malformed_unclosed_seg.tmx", 7, "malformed XML: mismatched tag"),
    ("malformed_entity_bomb.tmx", 3, "entity declarations are not allowed"),
    ("malformed_tuv_without_lang.tmx", 10, "<tuv> has no xml:lang attribute"),
    ("malformed_tuv_without_seg.tmx", 7, "<tuv> has no <seg>"),
    ("malformed_not_tmx.tmx", 2, "not a TMX file: the root element is <xliff>"),
    ("malformed_no_source_language.tmx", 5, "no <tuv> in the source language 'en'"),
])
def test_malformed_tmx_names_file_and_line(name: str, line: int, problem: str) -> None:
    with pytest.raises(MemoryStoreError) as info:
        read_tmx(DATA / name)
    assert str(info.value).startswith(f"{DATA / name}:{line}: {problem}")


@pytest.mark.parametrize("text", [
    "",
    "just text",
    '<tmx version="1.4"><header srclang="en"/></tmx>',
])
def test_empty_or_bodiless_input_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MemoryStoreError, match=r"x\.tmx:\d+: "):
        read_tmx(path)


def test_external_entities_are_refused_and_dtds_never_fetched(tmp_path: Path) -> None:
    xxe = tmp_path / "xxe.tmx"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
                   '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv>'
                   '<tuv xml:lang="ko"><seg>x</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(MemoryStoreError, match="xxe.tmx:3: entity declarations are not allowed"):
        read_tmx(xxe)
    # A DOCTYPE naming a remote DTD is fine: it is never fetched (this address has no server).
    remote = tmp_path / "remote.tmx"
    remote.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n'
                      + render_tmx(UNITS[:1], "en").split("\n", 2)[2], encoding="utf-8")
    assert read_tmx(remote)[0].target == UNITS[0].target


# -- the fast reader and the validating one ------------------------------------------

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
         '  <header creationtool="x" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n'
         '  <body>\n')
_PLAIN_TU = '    <tu>\n      <tuv xml:lang="en"><seg>Unit {n}</seg></tuv>\n      <tuv xml:lang="ko"><seg>단위 {n}</seg></tuv>\n    </tu>\n'
_TAIL = "  </body>\n</tmx>\n"

# Files the fast reader reads itself (and must read exactly as the validating reader does).
FAST_SHAPES = {
    "escapes and character references": _HEAD + (
        '    <tu changedate="20181207T090000Z" changeid="Kim&#9;Editor&amp;Co">\n'
        '      <prop type="x-context">title &lt;h1&gt;</prop><prop type="x-pressflow-origin">telmin</prop>\n'
        '      <tuv xml:lang="en-US"><seg>Korea &amp; ASEAN &lt;b&gt;agree&lt;/b&gt; &#x41;&#66; &quot;x&apos;\n'
        '  second line</seg></tuv>\n      <tuv xml:lang="ko-KR"><seg>한국 &#10;과 아세안</seg></tuv>\n    </tu>\n'
        + _PLAIN_TU.format(n=2) + _TAIL),
    "CRLF line ends": (_HEAD + _PLAIN_TU.format(n=1) + '    <tu><tuv xml:lang="en"><seg>a\r\nb\rc</seg></tuv>'
                       '<tuv xml:lang="th"><seg>ข</seg></tuv></tu>\n' + _PLAIN_TU.format(n=3) + _TAIL).replace("\n", "\r\n"),
    "attribute layout": _HEAD.replace('srclang="en"', "srclang = 'EN-us'\n        ") + (
        '    <tu srclang="ko" creationdate="20200101T000000Z" creationid="a\tb\nc">'
        '<tuv lang="ko"><seg>과학</seg></tuv><tuv  xml:lang = "en" ><seg>science</seg></tuv></tu>\n'
        '    <tu><tuv xml:lang="ko"><seg>대상</seg></tuv><tuv xml:lang="en"><seg>target</seg></tuv></tu>\n'
        '    <tu><tuv xml:lang="en"><seg>   </seg></tuv><tuv xml:lang="ko"><seg>빈</seg></tuv></tu>\n' + _TAIL),
    "srclang *all*": _HEAD.replace('srclang="en"', 'srclang="*all*"') + _PLAIN_TU.format(n=1) + _TAIL,
    "header with children, BOM": "\ufeff" + _HEAD.replace(
        'datatype="plaintext"/>', 'datatype="plaintext">\n    <note>made by hand</note><prop type="a">b</prop>\n  </header>')
        + _PLAIN_TU.format(n=1) + _TAIL,
    "empty body": _HEAD + _TAIL,
}
# Files it hands to the validating reader (which reads them, or reports the problem with its line).
FALLBACK_SHAPES = {
    "a comment": _HEAD + "    <!-- <tu> in a comment -->\n" + _PLAIN_TU.format(n=1) + _TAIL,
    "CDATA": _HEAD + '    <tu><tuv xml:lang="en"><seg><![CDATA[a <b>]]></seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>\n' + _TAIL,
    "inline markup halfway": _HEAD + _PLAIN_TU.format(n=1) + _PLAIN_TU.format(n=2) + (
        '    <tu><tuv xml:lang="en"><seg>Press <ph x="1">{0}</ph></seg></tuv><tuv xml:lang="ko"><seg><ph x="1">{0}</ph> 누르기</seg></tuv></tu>\n')
        + _PLAIN_TU.format(n=4) + _TAIL,
    "three variants halfway": _HEAD + _PLAIN_TU.format(n=1) + (
        '    <tu><tuv xml:lang="en"><seg>MSIT</seg></tuv><tuv xml:lang="ko"><seg>과기정통부</seg></tuv>'
        '<tuv xml:lang="th"><seg>กระทรวง</seg></tuv></tu>\n') + _PLAIN_TU.format(n=3) + _TAIL,
    "a note in a unit": _HEAD + '    <tu><note>n</note><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>\n' + _TAIL,
    "Latin-1": ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + _HEAD.split("\n", 1)[1]
                + '<tu><tuv xml:lang="en"><seg>caf\u00e9</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu>' + _TAIL),
    "external DTD entity": _HEAD + '    <tu><tuv xml:lang="en"><seg>a&nbsp;b</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>\n' + _TAIL,
}


def _encoded(text: str) -> bytes:
    return text.encode("latin-1" if "ISO-8859-1" in text else "utf-8")


@pytest.mark.parametrize("name", sorted(FAST_SHAPES))
def test_fast_reader_reads_usual_files_exactly_as_the_validating_one(tmp_path: Path, name: str) -> None:
    path = tmp_path / "x.tmx"
    data = _encoded(FAST_SHAPES[name])
    path.write_bytes(data)
    fast = list(tmx_module._iter_fast(path, data))          # raises _Fallback if it declined
    assert fast == list(tmx_module._iter_checked(path, data)) == read_tmx(path)


def test_fast_reader_decodes_references_line_ends_and_attributes(tmp_path: Path) -> None:
    data = _encoded(FAST_SHAPES["escapes and character references"])
    first = next(tmx_module._iter_fast(tmp_path / "x.tmx", data))
    assert first.source == 'Korea & ASEAN <b>agree</b> AB "x\'\n  second line' and first.target == "한국 \n과 아세안"
    assert (first.srclang, first.tgtlang, first.context, first.origin) == ("en", "ko", "title <h1>", "telmin")
    assert first.changed_by == "Kim\tEditor&Co" and first.line == 6
    crlf = list(tmx_module._iter_fast(tmp_path / "x.tmx", _encoded(FAST_SHAPES["CRLF line ends"])))
    assert crlf[1].source == "a\n\nb\nc"      # CR CR LF is two line breaks, CR alone one
    assert [u.line for u in crlf] == [6, 10, 14]


@pytest.mark.parametrize("name", sorted(FALLBACK_SHAPES))
def test_unusual_files_go_to_the_validating_reader_without_duplicates(tmp_path: Path, name: str) -> None:
    path = tmp_path / "x.tmx"
    data = _encoded(FALLBACK_SHAPES[name])
    path.write_bytes(data)
    with pytest.raises(tmx_module._Fallback):
        list(tmx_module._iter_fast(path, data))
    assert read_tmx(path) == list(tmx_module._iter_checked(path, data))


def test_pressflow_export_is_read_by_the_fast_reader(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    units = UNITS + [TmxUnit("en", "ko", f"Sentence {n} & more", f"문장 {n}") for n in range(50)]
    write_tmx(path, units, srclang="en")
    data = path.read_bytes()
    assert list(tmx_module._iter_fast(path, data)) == list(tmx_module._iter_checked(path, data))


@pytest.mark.parametrize(("tu", "line", "problem"), [
    ('<tu>\n<tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>', 14,
     "no <tuv> in the source language 'en'"),
    ('<tu><tuv xml:lang=""><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>', 14, "<tuv> has no xml:lang"),
    ('<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv>', 15, "malformed XML: mismatched tag"),
])
def test_problems_after_many_good_units_keep_their_line(tmp_path: Path, tu: str, line: int, problem: str) -> None:
    path = tmp_path / "late.tmx"
    path.write_text(_HEAD + "".join(_PLAIN_TU.format(n=n) for n in range(2)) + tu + "\n" + _TAIL, encoding="utf-8")
    with pytest.raises(MemoryStoreError) as info:
        read_tmx(path)
    assert str(info.value).startswith(f"{path}:{line}: {problem}")


def test_fallback_after_the_fast_reader_yielded_repeats_nothing(tmp_path: Path) -> None:
    # More units than the fast reader hands out at once, then one only the validating reader reads.
    path = tmp_path / "long.tmx"
    odd = ('<tu><tuv xml:lang="en"><seg>Press <ph x="1">{0}</ph></seg></tuv>'
           '<tuv xml:lang="ko"><seg><ph x="1">{0}</ph> 누르기</seg></tuv></tu>\n')
    path.write_text(_HEAD + "".join(_PLAIN_TU.format(n=n) for n in range(5000)) + odd + _PLAIN_TU.format(n=5000) + _TAIL,
                    encoding="utf-8")
    units = read_tmx(path)
    assert [u.source for u in units] == [f"Unit {n}" for n in range(5000)] + ["Press", "Unit 5000"]
    assert units == list(tmx_module._iter_checked(path, path.read_bytes()))


def test_entity_declarations_never_reach_the_fast_reader(tmp_path: Path) -> None:
    data = (DATA / "malformed_entity_bomb.tmx").read_bytes()
    with pytest.raises(tmx_module._Fallback):
        list(tmx_module._iter_fast(DATA / "malformed_entity_bomb.tmx", data))


@pytest.mark.parametrize("size", [1, 7, 64, 1 << 20])
def test_the_fast_reader_streams_chunks_as_it_reads_whole_files(tmp_path: Path, size: int) -> None:
    """Chunk boundaries anywhere (inside a <tu>, between CR and LF, in the prolog) change nothing."""
    for name in sorted(FAST_SHAPES):
        data = _encoded(FAST_SHAPES[name])
        chunks = [data[i:i + size] for i in range(0, len(data), size)]
        assert list(tmx_module._iter_fast(tmp_path / "x.tmx", iter(chunks))) == \
            list(tmx_module._iter_fast(tmp_path / "x.tmx", data)), name
    for name in sorted(FALLBACK_SHAPES):
        data = _encoded(FALLBACK_SHAPES[name])
        with pytest.raises(tmx_module._Fallback):
            list(tmx_module._iter_fast(tmp_path / "x.tmx", iter([data[i:i + size] for i in range(0, len(data), size)])))


def test_a_file_is_read_in_chunks_never_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.tmx"
    write_tmx(path, [TmxUnit("en", "ko", f"Sentence {n} & more", f"문장 {n}") for n in range(3000)], srclang="en")
    monkeypatch.setattr(tmx_module, "CHUNK", 4096)
    reads = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read
        handle.read = lambda n=-1: reads.append(n) or real_read(n)
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    units = read_tmx(path)
    assert [u.source for u in units] == [f"Sentence {n} & more" for n in range(3000)]
    assert reads and set(reads) == {4096} and len(reads) > path.stat().st_size // 4096
