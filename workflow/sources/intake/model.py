"""What every input reader hands to the analysis: a document as a list of lines.

A :class:`Line` is one block of the source (a paragraph, list item, heading, table
cell or, for scraped text, one physical line) with its text as inline Markdown on
one line. Readers keep everything they see; deciding what is chrome, headline or
body is the analysis's job (:mod:`workflow.sources.intake.analyze`).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

LINE_KINDS = ("paragraph", "heading", "bullet", "numbered", "quote", "note", "cell")


@dataclass
class Line:
    """One block of the source document."""

    text: str                 # inline Markdown, whitespace collapsed, one line
    kind: str = "paragraph"   # one of LINE_KINDS; "paragraph" also means "not known" for plain text
    number: int = 0           # 1-based source line (text formats) or block position (HTML, Word)
    level: int = 0            # heading level, list number, or note marker length (1-3)
    gap_before: bool = True   # a blank line or block boundary comes before it
    structured: bool = False  # the kind comes from markup, not from a guessed marker


@dataclass
class Document:
    """A source release as read from one input format, before analysis."""

    path: str                          # what error messages and warnings name
    format: str                        # "text", "markdown", "html" or "docx"
    lines: list[Line] = field(default_factory=list)
    title: str | None = None           # a declared title: front matter, <h1>/<title>, Word title
    subtitle: str | None = None        # a declared subtitle (front matter)
    date: _dt.date | None = None       # a declared date (front matter, HTML meta)
    lang: str | None = None            # a declared language (front matter, <html lang>)
    slug: str | None = None            # a declared slug (front matter)
    site: str | None = None            # the publishing site (domain or site name), for learned chrome
    meta: dict[str, object] = field(default_factory=dict)  # other front-matter keys, kept as they are
    page_text: str = ""                # all visible text of an HTML page (date fallback)
