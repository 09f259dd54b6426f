"""English wording shared by messages and summaries."""
from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``"1 unit"``, ``"3 units"``, ``"0 units"``: ``n`` and the English ``noun`` in the right number
    (``plural`` when it is not ``noun + "s"``)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
