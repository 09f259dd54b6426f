"""The segmentation corpus (tests/data/segmentation/): every case, in all ten languages.

Each case gives a text and the units ``pressflow segment`` must print; units must
also join back to the text (no character lost, added or moved, whitespace aside).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from workflow.locales import LOCALES
from workflow.sources.segmentation import segment_text

DATA = Path(__file__).parent / "data" / "segmentation"
CASES: list[dict[str, Any]] = [
    case
    for path in sorted(DATA.glob("*.json")) if path.name != "golden_en.json"
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
]
GOLDEN: list[dict[str, Any]] = json.loads((DATA / "golden_en.json").read_text(encoding="utf-8"))["cases"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_corpus_size() -> None:
    """At least 40 cases for en, ko and th and 15 for every other language, each with a source and a kind."""
    counts = Counter(case["lang"] for case in CASES)
    assert set(counts) == set(LOCALES)
    for lang, count in counts.items():
        assert count >= (40 if lang in ("en", "ko", "th") else 15), (lang, count)
    assert all(case["source"] and case["kind"] for case in CASES)
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert len(GOLDEN) == 48


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case(case: dict[str, Any]) -> None:
    units = segment_text(case["text"], case["lang"])
    accepted = [case["expected"], *case.get("also_acceptable", [])]
    assert units in accepted, f"{case['kind']}: got {units}"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_units_join_back(case: dict[str, Any]) -> None:
    """Units never lose or add characters: joined, they are the input (whitespace aside)."""
    assert _squash("".join(segment_text(case["text"], case["lang"]))) == _squash(case["text"])


@pytest.mark.parametrize("case", GOLDEN, ids=[case["id"] for case in GOLDEN])
def test_golden_rules(case: dict[str, Any]) -> None:
    """pySBD's English golden rules (issue 12 asks for at least 47 of 48; all pass)."""
    assert segment_text(case["text"], "en") == case["expected"], case["kind"]
