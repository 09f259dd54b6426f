"""Scraped plain text (and standard input): one :class:`Line` per non-blank physical line."""
from __future__ import annotations

import re

from workflow.sources.intake.model import Document, Line

_SPACE = re.compile(r"[ \t\u00a0\u3000\u200b\ufeff]+")


def clean_line(raw: str) -> str:
    """Collapse runs of spaces (incl. no-break and ideographic) and strip the ends."""
    return _SPACE.sub(" ", raw).strip()


def read_text(text: str, path: str) -> Document:
    """Split scraped text into lines; ``gap_before`` records the blank lines between them."""
    doc = Document(path=path, format="text")
    gap = True
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean_line(raw)
        if not line:
            gap = True
            continue
        doc.lines.append(Line(line, number=number, gap_before=gap))
        gap = False
    return doc
