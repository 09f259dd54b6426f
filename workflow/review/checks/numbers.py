"""Checks on numbers: a source number missing or changed, a number the source lacks."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from workflow.review.checks.base import CheckContext, Severity, check
from workflow.review.checks.text import Number, _facts

# check_numbers and check_extra_numbers run back to back on the same pair: match once.
_LAST_MATCH: tuple[tuple[str, str, str], tuple[list[Number], list[Number]]] | None = None


def _match_numbers(source: str, target: str, ctx: CheckContext) -> tuple[list[Number], list[Number]]:
    """(source numbers missing from the target, target numbers not in the source)."""
    global _LAST_MATCH
    key = (source, target, ctx.locale)
    last = _LAST_MATCH  # one read: safe if another thread replaces it meanwhile
    if last is not None and last[0] == key:
        return last[1]
    s = _facts(source)
    src = s.numbers(None)
    tgt = _facts(target).numbers(ctx.locale)
    if not src and not tgt:
        result: tuple[list[Number], list[Number]] = ([], [])
    else:
        unmatched = list(tgt)
        missing = []
        for number in src:
            hit = next((t for t in unmatched if t.values & number.values), None)
            if hit is None:
                missing.append(number)
            else:
                unmatched.remove(hit)
        if missing:
            # A number the target writes as a word: "11월 26일" is "November 26", "3건" "three".
            said = Counter(_facts(target).number_words)
            kept = []
            for number in missing:
                explained = next((v for v in said if said[v] and Decimal(v) in number.values), None)
                if explained is None:
                    kept.append(number)
                else:
                    said[explained] -= 1
            missing = kept
        extra = []
        if unmatched:
            words = Counter(s.number_words)
            for number in unmatched:
                explained = next((v for v in words if words[v] and Decimal(v) in number.values), None)
                if explained is None:
                    extra.append(number)
                else:
                    words[explained] -= 1
        result = (missing, extra)
    _LAST_MATCH = (key, result)
    return result


@check("numbers", Severity.ERROR)
def check_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """A number of the source is missing or changed (digits of any script compared by value)."""
    missing, _ = _match_numbers(source, target, ctx)
    if missing:
        yield f"number missing or changed: {', '.join(n.text for n in missing)}"


@check("extra_numbers", Severity.WARNING)
def check_extra_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation has numbers the source lacks (months and number words are allowed)."""
    _, extra = _match_numbers(source, target, ctx)
    if extra:
        yield f"number not in the source: {', '.join(n.text for n in extra)}"
