"""Masking: protected spans become ⟦n⟧ tokens and come back after translation."""
from __future__ import annotations

import pytest

from workflow.translation.masking import TOKEN_RE, Masker, mask, unmask

CASES = [
    ("The **13** members", ["**", "13", "**"]),
    ("The 13th meeting and 5G", []),  # ordinals and model names stay whole for the engine
    ("An *important* step", ["*", "*"]),
    ("See [the plan](https://msit.go.kr/plan?id=3) now", ["[", "](https://msit.go.kr/plan?id=3)"]),
    ("Mail press@msit.go.kr today", ["press@msit.go.kr"]),
    ("Visit www.msit.go.kr.", ["www.msit.go.kr"]),
    ("Budget of 1,234.5 billion won (12.5%)", ["1,234.5", "12.5%"]),
    ("Run `make all` first", ["`make all`"]),
    ("TELMIN* was held", ["*"]),
    ("Already ⟦7⟧ here", ["⟦7⟧"]),
]


@pytest.mark.parametrize(("text", "tokens"), CASES)
def test_mask_protects_and_round_trips(text: str, tokens: list[str]) -> None:
    masked = mask(text)
    assert masked.tokens == tokens
    for original in tokens:
        if original not in ("*", "**"):
            assert original not in masked.text
    restored = masked.restore(masked.text)
    assert restored.text == text and restored.ok


def test_link_text_stays_translatable_url_protected() -> None:
    masked = mask("Read [the report](https://example.org/r.pdf).")
    assert "the report" in masked.text and "example.org" not in masked.text
    # An engine translating the link text and moving the tokens with it:
    out = masked.restore(TOKEN_RE.sub(lambda m: m.group(0), "Lisez ⟦0⟧le rapport⟦1⟧."))
    assert out.text == "Lisez [le rapport](https://example.org/r.pdf)."


def test_do_not_translate_terms_longest_first_and_whole_words() -> None:
    masker = Masker(["ASEAN", "ASEAN-Korea", "ICT"])
    masked = masker.mask("ASEAN-Korea ICT plan, not ICTV or ASEANs")
    assert masked.tokens == ["ASEAN-Korea", "ICT"]
    assert "ICTV" in masked.text and "ASEANs" in masked.text


def test_spaces_inside_tokens_tolerated() -> None:
    masked = mask("On **7** May")
    assert unmask("Le ⟦ 0 ⟧⟦1⟧⟦2 ⟧ mai", masked.tokens).text == "Le **7** mai"


def test_lost_and_leftover_tokens_reported() -> None:
    masked = mask("Call 1234 or mail a@b.org")
    restored = unmask("Appelez ⟦0⟧ ⟦0⟧ ⟦9⟧", masked.tokens)
    assert restored.lost == ["a@b.org"]
    assert not restored.ok
    # duplicated and invented tokens stay visible for the QA check
    assert TOKEN_RE.findall(restored.text) == ["0", "9"]


def test_plain_text_untouched() -> None:
    masked = mask("Nothing special here")
    assert masked.text == "Nothing special here" and masked.tokens == []
