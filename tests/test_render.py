"""Rendering: inline Markdown of untrusted translations, dates, the page model."""
from __future__ import annotations

import datetime as dt
import re

import html5lib
import pytest

from workflow.locales import LOCALES, get_locale
from workflow.sources.releases import parse_release
from workflow.publish.render import build_page, format_date, inline_profile, render_inline, render_unit, safe_url, unit_id
from workflow.sources.segmentation import segment_release

SOURCE = "See **the plan** on [the MSIT site](https://www.msit.go.kr/eng) and run `pressflow build`."

ALLOWED_TAGS = {"strong", "em", "code", "a"}


def _elements(html: str) -> list:
    """Parse an HTML fragment strictly and return every element in it."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    fragment = parser.parseFragment(str(html))
    return list(fragment.iter())[1:]


def test_source_markup_is_rendered() -> None:
    html = render_unit(SOURCE)
    assert "<strong>the plan</strong>" in html
    assert '<a href="https://www.msit.go.kr/eng">the MSIT site</a>' in html
    assert "<code>pressflow build</code>" in html


def test_translation_keeps_only_the_sources_constructs() -> None:
    translation = ("Lihat **rencana** di [situs MSIT](https://www.msit.go.kr/eng), *penting*, "
                   "[situs lain](https://evil.example/) dan `pressflow build`.")
    html = render_unit(SOURCE, translation)
    assert "<strong>rencana</strong>" in html
    assert '<a href="https://www.msit.go.kr/eng">situs MSIT</a>' in html
    assert "<code>pressflow build</code>" in html
    # Emphasis and a second link target were not in the source: visible as typed, not rendered.
    assert "<em>" not in html and "*penting*" in html
    assert "evil.example" in html and 'href="https://evil.example/' not in html


def test_plain_source_renders_nothing_from_a_translation() -> None:
    html = render_unit("MSIT took part in the 13th TELMIN (10 nations)*.", "**MSIT** [x](https://a.example) `c`")
    assert "<" not in html.replace("&lt;", "")  # no element at all
    assert "**MSIT**" in html


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<svg onload=alert(1)>",
    '"><b onmouseover=alert(1)>x</b>',
    "[**x**](https://www.msit.go.kr/eng \"t\" onclick=alert(1))",
    "&lt;script&gt;",
])
def test_markup_injected_through_a_translation_is_inert(attack: str) -> None:
    html = render_unit(SOURCE, f"Teks **tebal** {attack} [tautan](https://www.msit.go.kr/eng)")
    for element in _elements(html):
        assert element.tag in ALLOWED_TAGS, element.tag
        for name, value in element.attrib.items():
            assert name in ("href", "title"), name
            if name == "href":
                assert value == "https://www.msit.go.kr/eng"
    assert "<script" not in html and "<img" not in html and "<svg" not in html


def test_unsafe_link_in_the_source_is_never_rendered() -> None:
    source = "Click [here](javascript:alert(1)) or [there](/relative/page.html)."
    html = render_unit(source)
    hrefs = [e.attrib["href"] for e in _elements(html) if e.tag == "a"]
    assert hrefs == ["/relative/page.html"]
    assert inline_profile(source).targets == frozenset({"/relative/page.html"})


@pytest.mark.parametrize("url, ok", [
    ("https://www.msit.go.kr/", True), ("http://a.example", True), ("mailto:press@msit.go.kr", True),
    ("/en/index.html", True), ("../ko/x.html", True), ("#notes", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), ("vbscript:x", False),
    ("data:text/html,x", False), ("java\nscript:alert(1)", False), (" https://a.example", False),
    ("javascript&colon;alert(1)", False), ("", False),
])
def test_safe_url(url: str, ok: bool) -> None:
    assert safe_url(url) is ok


def test_thai_dates_are_in_the_buddhist_era() -> None:
    assert format_date(dt.date(2018, 12, 7), "th") == "7 ธันวาคม 2561"
    assert format_date(dt.date(2024, 1, 15), "th") == "15 มกราคม 2567"


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_every_locale_has_a_long_date(locale: str) -> None:
    text = format_date(dt.date(2018, 12, 7), locale)
    year = "2561" if locale == "th" else "2018"
    assert year in text and "7" in text
    if locale != "th":
        assert "2561" not in text


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_long_dates_are_babels(locale: str) -> None:
    """format_date keeps Babel's text of each field by the part of the date it depends on:
    the same text as Babel's format_date, day after day across month, year and leap-day turns."""
    from babel import Locale
    from babel.dates import format_date as babel_format, get_date_format

    babel_locale = Locale.parse(get_locale(locale).babel)
    pattern = get_date_format("long", locale=babel_locale).pattern
    for offset in range(0, 800, 3):
        day = dt.date(2023, 12, 1) + dt.timedelta(days=offset)
        if locale == "th":  # Buddhist Era, no era name
            thai = re.sub(r"y+", f"'{day.year + 543}'", re.sub(r"G+\s*", "", pattern).strip())
            expected = babel_format(day, thai, locale=babel_locale)
        else:
            expected = babel_format(day, "long", locale=babel_locale)
        assert format_date(day, locale) == expected


def test_known_long_dates() -> None:
    day = dt.date(2018, 12, 7)
    assert format_date(day, "en") == "December 7, 2018"
    assert format_date(day, "ko") == "2018년 12월 7일"
    assert format_date(day, "id") == "7 Desember 2018"


RELEASE = """---
slug: demo
title: A **bold** title
date: 2018-12-07
lang: en
---
First sentence. Second sentence.

- one item
- two item

* a note
"""


def _page(lookup, *, locale: str = "th", preview: bool = False):
    release = parse_release(RELEASE, "releases/2018-12-07-demo.md")
    return build_page(release, locale, segment_release(release), lookup, preview=preview)


def test_fallback_units_carry_the_source_lang() -> None:
    page = _page(lambda text: ("ประโยคแรก" if text == "First sentence." else None,
                               "approved" if text == "First sentence." else "draft"))
    paragraph = page.body[0]
    assert paragraph.html.startswith("ประโยคแรก ")
    assert '<span class="fallback" lang="en">Second sentence.</span>' in paragraph.html
    assert page.fallback == 5 and page.approved == 1 and page.total == 6
    assert page.title == _fallback("A <strong>bold</strong> title")
    assert page.date_text == "7 ธันวาคม 2561"


def _fallback(html: str) -> str:
    return f'<span class="fallback" lang="en">{html}</span>'


def test_lists_and_notes_keep_the_source_structure() -> None:
    page = _page(lambda text: (text.upper(), "approved"))
    kinds = [getattr(b, "kind") for b in page.body]
    assert kinds == ["paragraph", "list", "note"]
    assert [str(i.html) for i in page.body[1].items] == ["ONE ITEM", "TWO ITEM"]
    assert page.complete


def test_preview_marks_each_unit_with_state_and_id() -> None:
    page = _page(lambda text: (f"ร่าง {text}", "draft"), preview=True)
    html = str(page.body[0].html)
    assert f'data-unit="{unit_id("First sentence.")}"' in html
    assert 'class="unit unit-draft" data-state="draft"' in html


def test_unit_id_matches_the_review_module() -> None:
    from workflow.review.units import unit_id as review_unit_id

    for msgid, ctx in [("First sentence.", None), ("Title", "menu")]:
        assert unit_id(msgid, ctx) == review_unit_id(msgid, ctx)


def test_footnote_markers_are_not_bold():
    """'Rights**' and 'fund***' mark notes: no <strong> swallows the next sentence, no star is lost."""
    text = "The Digital Bill of Rights** was announced. The fund*** covers 12 projects. See **this** too."
    html = str(render_inline(text, inline_profile(text)))
    assert html == "The Digital Bill of Rights** was announced. The fund*** covers 12 projects. See <strong>this</strong> too."


def test_plain_text_of_a_unit_is_what_striptags_gives() -> None:
    """The page's plain title/description skip striptags' regular expressions only for text
    without tags or entities, with the same result for any text (whitespace of every kind)."""
    from hypothesis import given, settings, strategies as st
    from markupsafe import Markup, escape

    from workflow.publish.render import _plain

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.text(alphabet=st.sampled_from(list("ab <>&;\n\t\u00a0\u2028\u3000\x1c\x85ก!-")), max_size=30))
    def check(text: str) -> None:
        for html in (escape(text), Markup(text)):
            assert _plain(html) == html.striptags()

    check()
