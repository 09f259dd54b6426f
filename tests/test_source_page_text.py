"""The source language's own page shows the release's text: segmentation + join add or remove no character.

Newcomer trial: "Kompas.Com" was split into two units and the Indonesian page read "Kompas. Com"
(body and meta description). Units of one paragraph are now joined with what separated them in the
release; translations keep the locale's joiner.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import Markup

from workflow.publish.render import BlockView, ListView, build_page, render_unit
from workflow.sources.releases import load_release, parse_release
from workflow.sources.segmentation import join_as_source, segment_release, unit_separators

ROOT = Path(__file__).resolve().parent.parent
# The repository's own releases and every release file under tests/data (import inputs are not releases).
RELEASES = sorted(
    p for p in [*ROOT.glob("releases/*.md"), *(ROOT / "tests" / "data").rglob("*.md")]
    if "import" not in p.relative_to(ROOT).parts and p.read_text(encoding="utf-8").startswith("---\n")
)


def _source_page(release):
    return build_page(release, release.lang, segment_release(release), lambda _text: (None, "source"))


def _blocks(page) -> list[BlockView]:
    out: list[BlockView] = []
    for view in page.body:
        out.extend(view.items if isinstance(view, ListView) else [view])
    return out


def _text(html: str) -> str:
    return " ".join(Markup(html).striptags().split())


def _check(release) -> None:
    page = _source_page(release)
    expected = [_text(render_unit(" ".join(b.text.split()))) for b in release.blocks if b.text.strip()]
    assert [_text(b.html) for b in _blocks(page)] == expected


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: str(p.relative_to(ROOT)))
def test_source_page_text_equals_release_text(path: Path) -> None:
    _check(load_release(path))


def _corpus_texts() -> list[tuple[str, str, str]]:
    """(case id, lang, text) of every segmentation-corpus case whose text has more than one unit."""
    out = []
    for file in sorted((ROOT / "tests" / "data" / "segmentation").glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        for case in data["cases"]:
            lang = case.get("lang", data.get("lang"))
            if lang and len(case.get("expected", [])) > 1:
                out.append((case["id"], lang, case["text"]))
    return out


@pytest.mark.parametrize("lang,text", [(lang, text) for _, lang, text in _corpus_texts()],
                         ids=[case for case, _, _ in _corpus_texts()])
def test_corpus_paragraph_survives_segment_and_join(lang: str, text: str) -> None:
    # Every segmentation-corpus text, as the one paragraph of a release in its own language.
    body = " ".join(text.split())
    release = parse_release(f"---\nslug: c\ntitle: T\ndate: 2026-11-30\nlang: {lang}\n---\n{body}\n",
                            "releases/2026-11-30-c.md")
    _check(release)


RELEASE = """---
slug: demo
title: Demo
date: 2026-03-01
lang: ms
---
Kenyataan itu dikeluarkan pada 5 Mac ini.Pengerusi lembaga berkata *semua* pihak dirujuk. Ia selesai.
"""


def test_a_unit_boundary_without_a_space_keeps_no_space_on_the_source_page() -> None:
    release = parse_release(RELEASE, "releases/2026-03-01-demo.md")
    units = [u.text for u in segment_release(release) if u.block == 0]
    assert units == ["Kenyataan itu dikeluarkan pada 5 Mac ini.",
                     "Pengerusi lembaga berkata *semua* pihak dirujuk.", "Ia selesai."]
    page = _source_page(release)
    assert "ini.Pengerusi" in page.body[0].html
    assert "<em>semua</em> pihak dirujuk. Ia selesai." in page.body[0].html
    assert page.description.startswith("Kenyataan itu dikeluarkan pada 5 Mac ini.Pengerusi lembaga")


def test_translations_keep_the_locale_joiner() -> None:
    release = parse_release(RELEASE, "releases/2026-03-01-demo.md")
    page = build_page(release, "en", segment_release(release),
                      lambda text: ({"Ia selesai.": "It is done."}.get(text, "Translated."), "approved"))
    assert page.body[0].html == "Translated. Translated. It is done."


def test_unit_separators() -> None:
    assert unit_separators("a.  Kompas.Com b.", ["a.", "Kompas.", "Com b."]) == [" ", ""]
    assert unit_separators("x y", ["x", "z", "y"]) == [None, None]  # a stale unit: the joiner
    assert unit_separators("x y", ["y", "x"]) == [None]
    assert join_as_source(["a.", "Kompas.", "Com"], ["", None], "id") == "a.Kompas. Com"
