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
        ("---\nslug: a\n", "x.md:1: front matter is not closed"),
        ("---\nslug: a\ntitle: [unclosed\ndate: 2024-01-01\n---\n", "x.md:4: bad front matter"),
        ("---\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:1: front matter: missing required key 'slug'"),
        ("---\nslug: Bad Slug\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:2: front matter: slug 'Bad Slug'"),
        ("---\nslug: ../../etc\ntitle: t\ndate: 2024-01-01\n---\n", "x.md:2: front matter: slug"),
        ("---\nslug: a\ntitle: t\ndate: March 5\n---\n", "x.md:4: front matter: date 'March 5' is not an ISO date"),
        ("---\nslug: a\ntitle: t\ndate: 2024-01-01\nlang: xx\n---\n", "x.md:5: front matter: unknown source language 'xx'"),
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
