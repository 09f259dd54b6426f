"""Source releases: Markdown files with front matter under ``releases/``.

A release file looks like this::

    ---
    slug: telmin-2018
    title: Attend the 13th ASEAN-Korea TELMIN ...
    subtitle: Promote digital ecosystem for mutual prosperity
    date: 2018-12-07
    lang: en
    ---
    The Ministry of Science and ICT (MSIT) took part in the 13th TELMIN ...

    * TELMIN: Telecommunication and Information Technology Ministers Meeting

Body blocks are separated by blank lines: ``#`` headings, paragraphs, ``-``/``+``
bullet items, ``1.`` numbered items, ``>`` block quotes, and *notes*: a line that
starts with ``*`` (with or without a space after it) explains a term marked with
``*`` in the text before it, as Korean government releases do. Inline emphasis
and links stay inside the text, so translators see and keep them.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workflow.errors import ReleaseError
from workflow.fsutil import read_utf8
from workflow.locales import LOCALES

BLOCK_KINDS = ("heading", "paragraph", "bullet", "numbered", "note", "quote")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^[-+]\s+(.*)$")
# Not a date that starts a line ("12. 7.(금) 장관은", "2019. 12. 7. 과기정통부는"): the month is no item number.
_NUMBERED = re.compile(r"^(?!\d{1,4}\.\s?\d{1,2}\.)(\d{1,3})[.)]\s+(.*)$")
# A note starts with "*", "**" or "***" (the marker of the term it explains: "Rights**"), but
# not with "**bold**" and not "* * *" (a rule). Its level is the number of stars.
_NOTE = re.compile(r"^(\*{1,3})(?!\*)\s*(\S.*)$")
_BOLD_START = re.compile(r"^\*\*\S.*\*\*")
_QUOTE = re.compile(r"^>\s?(.*)$")


@dataclass
class Block:
    """One body block. ``text`` is inline Markdown on one line (soft breaks become spaces)."""

    kind: str
    text: str
    line: int           # 1-based line in the release file where the block starts
    level: int = 0      # heading level, list-item number for numbered items, stars of a note


@dataclass
class Release:
    path: Path
    slug: str
    title: str
    date: _dt.date
    lang: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # other front-matter keys, kept as is
    title_line: int = 1
    subtitle_line: int = 1

    @property
    def filename(self) -> str:
        return self.path.name


def _front_matter_lines(lines: list[str], path: Path) -> tuple[list[str], int]:
    if not lines or lines[0].strip() != "---":
        raise ReleaseError("missing front matter: the file must start with a '---' line", path, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], index + 1
    raise ReleaseError("front matter is not closed with a '---' line", path, 1)


def _line_of_key(fm_lines: list[str], key: str) -> int:
    for index, line in enumerate(fm_lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return index + 2
    return 1


def parse_release(text: str, path: str | Path, *, default_lang: str = "en") -> Release:
    """Parse a release file's text. Raises :class:`ReleaseError` with ``path:line``."""
    path = Path(path)
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    fm_lines, body_start = _front_matter_lines(lines, path)
    try:
        meta = yaml.safe_load("\n".join(fm_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReleaseError(f"bad front matter: {problem}", path, line) from None
    if not isinstance(meta, dict):
        raise ReleaseError("front matter must be 'key: value' lines", path, 2)
    meta = {str(k): v for k, v in meta.items()}

    def need(key: str) -> object:
        if key not in meta or meta[key] in (None, ""):
            raise ReleaseError(f"front matter: missing required key '{key}'", path, 1)
        return meta.pop(key)

    slug = str(need("slug"))
    if not SLUG_RE.match(slug):
        raise ReleaseError(
            f"front matter: slug {slug!r} must be lowercase letters, digits and hyphens",
            path, _line_of_key(fm_lines, "slug"),
        )
    title = str(need("title")).strip()
    raw_date = need("date")
    if isinstance(raw_date, _dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, _dt.date):
        date = raw_date
    else:
        try:
            date = _dt.date.fromisoformat(str(raw_date).strip())
        except ValueError:
            raise ReleaseError(
                f"front matter: date {raw_date!r} is not an ISO date (YYYY-MM-DD)",
                path, _line_of_key(fm_lines, "date"),
            ) from None
    lang = str(meta.pop("lang", None) or meta.pop("language", None) or default_lang)
    if lang not in LOCALES:
        raise ReleaseError(
            f"front matter: unknown source language {lang!r}; valid: {', '.join(LOCALES)}",
            path, _line_of_key(fm_lines, "lang"),
        )
    subtitle = str(meta.pop("subtitle", "") or "").strip()
    release = Release(
        path=path, slug=slug, title=title, date=date, lang=lang, subtitle=subtitle, meta=meta,
        title_line=_line_of_key(fm_lines, "title"), subtitle_line=_line_of_key(fm_lines, "subtitle"),
    )
    release.blocks = parse_body(lines[body_start:], path, first_line=body_start + 1)
    return release


def parse_body(lines: list[str], path: Path, first_line: int = 1) -> list[Block]:
    """Split body lines into blocks. Consecutive list/note lines are separate items."""
    blocks: list[Block] = []
    current: Block | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.text = re.sub(r"\s+", " ", current.text).strip()
            if current.text:
                blocks.append(current)
        current = None

    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.strip()
        if not line:
            flush()
            continue
        if "\x00" in line:
            raise ReleaseError("NUL byte in release text", path, number)
        if m := _HEADING.match(line):
            flush()
            blocks.append(Block("heading", m.group(2).strip(), number, level=len(m.group(1))))
            continue
        if line in ("***", "* * *", "---", "___"):
            flush()
            continue
        starter = None
        if m := _BULLET.match(line):
            starter = Block("bullet", m.group(1), number)
        elif m := _NUMBERED.match(line):
            starter = Block("numbered", m.group(2), number, level=int(m.group(1)))
        elif (m := _NOTE.match(line)) and not _BOLD_START.match(line):
            starter = Block("note", m.group(2), number, level=len(m.group(1)))
        elif m := _QUOTE.match(line):
            if current is not None and current.kind == "quote":
                current.text += " " + m.group(1)
                continue
            starter = Block("quote", m.group(1), number)
        if starter is not None:
            flush()
            current = starter
            continue
        if current is None:
            current = Block("paragraph", line, number)
        else:
            # A lazy continuation line belongs to the open block.
            current.text += " " + line
    flush()
    return blocks


def load_release(path: str | Path, *, default_lang: str = "en") -> Release:
    path = Path(path)
    text = read_utf8(path, ReleaseError, missing="no such release file")
    return parse_release(text, path, default_lang=default_lang)


def render_release(release: Release) -> str:
    """Serialise a release back to Markdown with front matter (used by import)."""
    fm: dict[str, object] = {"slug": release.slug, "title": release.title}
    if release.subtitle:
        fm["subtitle"] = release.subtitle
    fm["date"] = release.date
    fm["lang"] = release.lang
    fm.update(release.meta)
    head = yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10_000).strip()
    out = ["---", head, "---", ""]
    for block in release.blocks:
        prefix = {
            "heading": "#" * max(block.level, 1) + " ",
            "bullet": "- ",
            "numbered": f"{block.level or 1}. ",
            "note": "*" * max(block.level, 1) + " ",
            "quote": "> ",
        }.get(block.kind, "")
        out.append(prefix + block.text)
        out.append("")
    return "\n".join(out)
