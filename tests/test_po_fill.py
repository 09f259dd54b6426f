"""The line-filling writer (``wrap._wrap_filled``) against GNU msgcat and the per-character port.

``_wrap_filled`` fills lines with one regular expression and hands strings it may misread
to the slower writers. These tests aim at its edges: spaces (runs, leading, trailing),
hyphens, slashes and other pair-table classes, CJK and Hangul (2 columns), Thai, Lao,
Khmer and Burmese (vowel signs of 0 columns), escapes, and lines exactly at the width.
The oracle is the installed GNU gettext: one msgcat process per generated catalog.
"""
from __future__ import annotations

import difflib
import random
import subprocess

import pytest
from conftest import require_tool

from workflow.catalogs import display_width, parse_catalog, render_catalog
from workflow.catalogs import wrap as wrap_module

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Characters by kind; the fill path must agree with msgcat on every mix of them.
POOLS = {
    "latin": "abcdefghijklmnopqrstuvwxyzAXZ0123456789",
    "punctuation": "-/.,;:!?()[]{}'%$+#&*<=>@_|~^`",
    "hangul": "한국어과학기술정보통신부새로운",
    "cjk": "中文字符测试日本語カタカナーぁっ、。「」！？（）・",
    "thai": "กระทรวงวิทยาศาสตร์ประกาศวันนี้ั ิ ี ุ ู ่ ้ ์",
    "lao_khmer_burmese": "ກະຊວງວິທະຍາສາດក្រសួងវិទ្យាសាស្ត្រ។သိပ္ပံနှင့်နည်းပညာ။၊",
    "wide_forms": "ＡＢＣ１２３",
    "other": "\u00a0–—…“”‘’«»¿¡°€£ộệàáảãạ",
    "escapes": '\n\t"\\',
}


@st.composite
def strings(draw: st.DrawFn) -> str:
    """A string from one to four pools, spaces of random runs; the characters come from a drawn ``Random``
    (hypothesis drawing each of thousands of characters itself would take most of a minute)."""
    kinds = draw(st.lists(st.sampled_from(sorted(POOLS)), min_size=1, max_size=4, unique=True))
    pool = "".join(POOLS[kind] for kind in kinds) + " " * draw(st.integers(1, 12))
    size = draw(st.sampled_from([(0, 30), (60, 120), (120, 260)]).flatmap(lambda r: st.integers(*r)))
    rng = draw(st.randoms(use_true_random=False))
    text = "".join(rng.choice(pool) for _ in range(size))
    if draw(st.booleans()):   # words of the same text separated by runs of spaces
        text = (" " * draw(st.integers(1, 3))).join(text.split())
    return text


def _at_width() -> list[str]:
    """Lines of exactly 76, 77 and 78 columns (msgid's limit is 77) in 1- and 2-column text."""
    out = []
    for word, columns in (("ab", 2), ("한국", 4), ("ภาษา", 4), ("中-文", 5), ("a/b", 3)):
        for total in (76, 77, 78, 153, 154, 155):
            text = " ".join([word] * (total // (columns + 1) + 1))
            while display_width(text) > total:
                text = text[:-1]
            out += [text, text + " ", f"{text}\n{text}"]
    return out


def _catalog(values: list[str]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'

    entries = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    for i, value in enumerate(values):
        entries.append(f"msgctxt {quoted(str(i))}\nmsgid {quoted(value)}\nmsgstr {quoted(value[::-1])}\n")
    return "\n".join(entries)


def _msgcat(text: str, width: int) -> str:
    result = subprocess.run([require_tool("msgcat"), f"--width={width}", "-"], input=text.encode("utf-8"), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def assert_same(expected: str, actual: str) -> None:
    if expected != actual:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "msgcat", "pressflow", lineterm="")
        pytest.fail("output differs from msgcat:\n" + "\n".join(list(diff)[:80]))


@settings(max_examples=60, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))   # no shrinking: a failure shows its whole catalog's diff
@given(st.lists(strings(), min_size=10, max_size=25), st.sampled_from([79, 79, 60, 40, 100]))
def test_filled_lines_match_msgcat(values, width):
    """Each generated catalog (one msgcat run) renders byte for byte as msgcat writes it."""
    source = _catalog(values)
    assert_same(_msgcat(source, width), render_catalog(parse_catalog(source), page_width=width))
    FILLED.append(sum(len(wrap_module._wrap_filled("", "msgid", v, True, width) or ()) > 2 for v in values))


FILLED: list[int] = []   # per example: strings of several lines that went through the fill path


def test_lines_at_the_width_match_msgcat():
    values = _at_width()
    filled = [v for v in values if wrap_module._wrap_filled("", "msgid", v, True, 79) is not None]
    assert len(filled) > len(values) * 0.8       # these really go through the fill path
    source = _catalog(values)
    assert_same(_msgcat(source, 79), render_catalog(parse_catalog(source)))


def test_fill_path_agrees_with_the_reference_port():
    """Many more strings than msgcat runs allow: the fill path == the per-character port."""
    rng = random.Random(18)
    values: list[str] = []
    pool_kinds = sorted(POOLS)
    for i in range(4000):
        kinds = rng.sample(pool_kinds, rng.randint(1, 4))
        pool = "".join(POOLS[k] for k in kinds) + " " * rng.randint(1, 12)
        text = "".join(rng.choice(pool) for _ in range(rng.choice([rng.randint(0, 30), rng.randint(30, 260)])))
        if rng.random() < 0.4:
            text = (" " * rng.randint(1, 3)).join(text.split())
        values.append(text)
    handled = 0
    for i, value in enumerate(values):
        prefix = ("", "#~ ", "#| ", "#~| ")[i % 4]
        name = ("msgid", "msgstr", "msgctxt", "msgstr[0]")[i % 3]
        page_width = (79, 79, 79 - i % 30, 10 + i % 90)[i % 4]
        filled = wrap_module._wrap_filled(prefix, name, value, True, page_width)
        if filled is not None:
            handled += 1
            assert filled == wrap_module._wrap_exact(prefix, name, value, True, page_width), (value, page_width)
    assert handled > len(values) * 0.3


def test_usual_text_takes_the_fill_path():
    """Press-release text (the benchmark's kind) is not handed to the slower writers."""
    for value in ("The ministry announced a new program (digital cooperation), with 2,031 partners.",
                  "정부는 오늘 과학기술정보통신부 디지털 협력 (새로운) 프로그램을 발표했습니다, 2031 년간 " * 3,
                  "กระทรวงวิทยาศาสตร์ ประกาศ วันนี้ โครงการใหม่ (ความร่วมมือ) ดิจิทัล กับประเทศพันธมิตร " * 3,
                  "Bộ Khoa học và Công nghệ hôm nay đã công bố chương trình mới: hợp tác kỹ thuật số. " * 3,
                  'He said "yes"\tand left.\nNext line, then a long one: ' + "word " * 30):
        assert wrap_module._wrap_filled("", "msgstr", value, True, 79) is not None, value


def test_column_codes_by_block_equal_the_code_point_translation():
    """The per-block bytes translation gives each character's own codes (Hangul LVT syllables as LV)."""
    rng = random.Random(7)
    ranges = [(0x20, 0x7E), (0xA0, 0x2FFF), (0x3000, 0x9FFF), (0xAC00, 0xD7FF), (0xD800, 0xDFFF), (0xE000, 0xFFFF),
              (0x10000, 0x1FAFF)]
    values = ["".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    values += [text for pool in POOLS.values() for text in (pool, pool * 3)]
    lvt = chr(3 * wrap_module._SLOT[22] + 2)
    for value in values:
        expected = value.translate(wrap_module._COLUMN_TABLE).replace(lvt, wrap_module._H2)
        assert wrap_module._column_codes(value).replace(lvt, wrap_module._H2) == expected, value
    assert wrap_module._column_codes("한국어 ภาษา") != "한국어 ภาษา".translate(wrap_module._COLUMN_TABLE)  # LVT as LV


def test_a_catalog_larger_than_the_wrap_cache_renders_the_same_without_it():
    """More strings than the cache holds: rendered without it (it would only evict), same bytes."""
    from workflow.catalogs import new_catalog
    from workflow.catalogs.write import render_chunks

    rng = random.Random(3)
    catalog = new_catalog("ko", project="cache")
    words = " ".join(POOLS["hangul"] + POOLS["latin"]).split()
    for i in range(wrap_module.WRAP_CACHE_SIZE // 2 + 50):
        catalog.add(f"{i} " + " ".join(rng.choice(words) * rng.randint(1, 5) for _ in range(rng.randint(1, 30))),
                    " ".join(rng.choice(words) for _ in range(rng.randint(0, 40))))
    wrap_module._wrap_lines.cache_clear()
    through_cache = "".join(render_chunks(catalog, wrap=lambda *a, **k: wrap_module._wrap(*a, **k)))
    assert wrap_module._wrap_lines.cache_info().misses > 0
    wrap_module._wrap_lines.cache_clear()
    assert render_catalog(catalog) == through_cache
    assert wrap_module._wrap_lines.cache_info().misses == 0     # the cache was not used
