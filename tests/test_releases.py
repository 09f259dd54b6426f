from __future__ import annotations

import datetime as dt

import pytest

from workflow.errors import ReleaseError
from workflow.sources.releases import load_release, parse_release, render_release

GOOD = """---
slug: demo-release
title: A **bold** title
subtitle: A subtitle
date: 2024-03-05
lang: en
category: ict
---
# Background

First paragraph with a [link](https://example.org/a.b) and
a lazy continuation line.

- bullet one
+ bullet two
1. numbered one
2) numbered two

> quoted line one
> quoted line two

* TELMIN: a note
*TERM: a note without a space
"""


def test_blocks_and_metadata():
    release = parse_release(GOOD, "releases/x.md")
    assert release.slug == "demo-release"
    assert release.date == dt.date(2024, 3, 5)
    assert release.meta == {"category": "ict"}
    assert release.title_line == 3 and release.subtitle_line == 4
    kinds = [(b.kind, b.text, b.line) for b in release.blocks]
    assert kinds == [
        ("heading", "Background", 9),
        ("paragraph", "First paragraph with a [link](https://example.org/a.b) and a lazy continuation line.", 11),
        ("bullet", "bullet one", 14),
        ("bullet", "bullet two", 15),
        ("numbered", "numbered one", 16),
        ("numbered", "numbered two", 17),
        ("quote", "quoted line one quoted line two", 19),
        ("note", "TELMIN: a note", 22),
        ("note", "TERM: a note without a space", 23),
    ]


def test_bold_paragraph_is_not_a_note():
    release = parse_release("---\nslug: a\ntitle: t\ndate: 2024-01-01\n---\n**Bold** start.\n", "x.md")
    assert [(b.kind, b.text) for b in release.blocks] == [("paragraph", "**Bold** start.")]


def test_render_round_trip():
    release = parse_release(GOOD, "x.md")
    again = parse_release(render_release(release), "x.md")
    assert [(b.kind, b.text) for b in again.blocks] == [(b.kind, b.text) for b in release.blocks]
    assert (again.title, again.subtitle, again.date, again.meta) == (release.title, release.subtitle, release.date, release.meta)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("no front matter\n", "x.md:1: missing front matter"),
        # a control character: its own line, one line of message (PyYAML's ReaderError has no mark)
        ("---\nslug: a\ntitle: Ctrl\x07here\ndate: 2024-01-01\n---\n",
         "x.md:3: bad front matter: unacceptable character #x0007: special characters are not allowed"),
        ("---\nslug: a\n", "x.md:1: front matter is not closed"),
        ("---\nslug: a\ntitle: [unclosed\ndate: 2024-01-01\n---\n", "x.md:4: bad front matter"),
        ("---\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:1: front matter: missing required key 'slug'"),
        ("---\nslug: Bad Slug\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:2: front matter: slug 'Bad Slug'"),
        ("---\nslug: ../../etc\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:2: front matter: slug"),
        ("---\nslug: a\ntitle: t\ndate: March 5\n---\n", "x.md:4: front matter: date 'March 5' is not an ISO date"),
        ("---\nslug: a\ntitle: t\ndate: 2024-01-01\nlang: xx\n---\n", "x.md:5: front matter: unknown source language 'xx'"),
        # Python refuses int('9' * 5000): an error at its line, not an internal error of the whole command
        ("---\nslug: a\ntitle: t\ndate: 2024-01-01\nn: " + "9" * 5000 + "\n---\n",
         "x.md:5: bad front matter: number too long to read (5000 characters)"),
    ],
)
def test_bad_front_matter(text, expected):
    with pytest.raises(ReleaseError) as err:
        parse_release(text, "x.md")
    assert str(err.value).startswith(expected)


def test_non_utf8_release_reports_line(tmp_path):
    path = tmp_path / "r.md"
    path.write_bytes(b"---\nslug: a\ntitle: caf\xe9\ndate: 2024-01-01\n---\n")
    with pytest.raises(ReleaseError, match=r"r.md:3: not valid UTF-8"):
        load_release(path)


def test_footnote_notes_keep_their_stars():
    """'** …' explains a term marked 'Act**': a note of level 2, written back with both stars."""
    text = "---\nslug: a\ntitle: t\ndate: 2024-01-01\n---\nThe Act** passed.\n\n** Act: the Digital Act\n\n*** Fund: the AI fund\n"
    release = parse_release(text, "x.md")
    assert [(b.kind, b.text, b.level) for b in release.blocks] == [
        ("paragraph", "The Act** passed.", 0), ("note", "Act: the Digital Act", 2), ("note", "Fund: the AI fund", 3),
    ]
    assert "\n** Act: the Digital Act\n" in render_release(release)
    again = parse_release(render_release(release), "x.md")
    assert [(b.kind, b.text, b.level) for b in again.blocks] == [(b.kind, b.text, b.level) for b in release.blocks]


def test_line_starting_with_a_date_is_not_a_numbered_item():
    text = "---\nslug: a\ntitle: t\ndate: 2024-01-01\nlang: ko\n---\n12. 7.(금) 장관은 방콕에 도착했다.\n\n2019. 12. 7. 회의가 열렸다.\n\n1. 첫째\n"
    blocks = parse_release(text, "x.md").blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "12. 7.(금) 장관은 방콕에 도착했다."), ("paragraph", "2019. 12. 7. 회의가 열렸다."), ("numbered", "첫째"),
    ]


def test_a_repeated_front_matter_key_is_an_error_at_its_second_line() -> None:
    text = ("---\nslug: x\ntitle: T\ndate: 2018-12-07\nlang: en\nembargo: 2018-12-07T09:00+09:00\n"
            "embargo: 2018-12-08T09:00+09:00\n---\n\nBody.\n")
    with pytest.raises(ReleaseError, match=r"r\.md:7: bad front matter: key 'embargo' appears more than once"):
        parse_release(text, "r.md")
    nested = text.replace("embargo: 2018-12-08T09:00+09:00\n",
                          "withdrawn:\n  - date: 2018-12-12\n    reason: a\n    reason: b\n")
    with pytest.raises(ReleaseError, match=r"r\.md:10: .*key 'reason' appears more than once"):
        parse_release(nested, "r.md")


def _front_matter_outcome(text: str, loader: type) -> object:
    """What one loader makes of a front matter: its value, or the ReleaseError / YAML error's words."""
    from yaml import YAMLError

    from workflow.sources import releases

    try:
        return ("value", releases._checked_load(text, __import__("pathlib").Path("x.md"), loader))
    except ReleaseError as exc:
        return ("error", str(exc))
    except YAMLError:
        return ("yaml error", None)


FRONT_MATTERS = [
    "slug: a\ntitle: t\ndate: 2024-01-01",
    "slug: a\ntitle: 'quoted: colon'\ndate: 2024-01-01\nlang: ko\nembargo: 2018-12-07T09:00+09:00",
    "slug: a\ntitle: t\ndate: 2024-01-01\ncorrections:\n  - date: 2024-01-02\n    note: fixed a figure",
    "slug: a\ntitle: t\ndate: 2020-02-30",                     # impossible date: a constructor error
    "slug: a\nslug: b",                                        # repeated key
    "a: &x [1]\nb: *x",                                        # alias
    "a: " + "[" * 20 + "]" * 20,                               # too deep
    "title: [unclosed\ndate: 2024-01-01",                      # parser error
    "title: \x07bell",                                         # control character
    "title: \"\\u00e9t\\u00e9\"\nsubtitle: |\n  two\n  lines",
    "ko: 과학기술정보통신부\nth: กระทรวง\nmy: ဝန်ကြီးဌာန",
    "\tslug: tab",
    "- a\n- b",
    "n: " + "9" * 5000,                                       # an int Python will not convert
    "",
]


@pytest.mark.skipif(not __import__("yaml").__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_libyaml_reads_front_matter_as_pyyaml_does(text: str) -> None:
    """The fast loader (libyaml) and PyYAML's own agree on every value and every ReleaseError,
    and parse_release words a YAML error as PyYAML does whichever parser saw it first."""
    from workflow.sources import releases

    fast = _front_matter_outcome(text, releases._FastFrontMatterLoader)
    slow = _front_matter_outcome(text, releases._FrontMatterLoader)
    assert fast == slow or (fast[0] == "yaml error" and slow[0] in ("yaml error", "error"))
    document = f"---\n{text}\n---\n\nBody.\n"
    try:
        via_fast = ("release", parse_release(document, "x.md").meta)
    except ReleaseError as exc:
        via_fast = ("error", str(exc))
    saved, releases._FastFrontMatterLoader = releases._FastFrontMatterLoader, None
    try:
        try:
            via_slow = ("release", parse_release(document, "x.md").meta)
        except ReleaseError as exc:
            via_slow = ("error", str(exc))
    finally:
        releases._FastFrontMatterLoader = saved
    assert via_fast == via_slow


@pytest.mark.skipif(not __import__("yaml").__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_and_pyyaml_agree_on_mutated_front_matter() -> None:
    """Hypothesis mutates real front matter; parse_release answers the same with and without libyaml."""
    from hypothesis import given, settings, strategies as st

    from workflow.sources import releases

    base = "slug: a\ntitle: 'MSIT: AI plan'\ndate: 2024-01-01\nlang: en\nembargo: 2024-01-01T09:00+09:00\n"

    def outcome(document: str) -> tuple[str, object]:
        try:
            release = parse_release(document, "x.md")
            return ("release", (release.slug, release.title, release.date, release.embargo, release.meta))
        except ReleaseError as exc:
            return ("error", str(exc))

    pieces = [*":-[]{}&*!|>'\"#%@`,?\t\n 0aé가\x00\x07\x85\u2028\ufeff\\.=~<xNLP_uU",
              "!!str ", "%YAML 1.1\n", "\n---\n", "\n...\n", "? ", "\\x4", "\\u00e9", "yes", "0x1F", "1e3",
              "2024-13-01", "\n  ", "\n- ", "<<: ", "|-", ">+2"]


    @settings(max_examples=300, deadline=None, database=None)
    @given(st.integers(0, len(base)), st.integers(0, 8), st.lists(st.sampled_from(pieces), max_size=5).map("".join))
    def check(at: int, cut: int, insert: str) -> None:
        document = "---\n" + base[:at] + insert + base[at + cut:] + "\n---\n\nBody.\n"
        fast = outcome(document)
        saved, releases._FastFrontMatterLoader = releases._FastFrontMatterLoader, None
        try:
            slow = outcome(document)
        finally:
            releases._FastFrontMatterLoader = saved
        assert fast == slow

    check()
