"""``pressflow import``: turn a scraped plain-text release into a Markdown release file.

Scraped pages carry navigation chrome ("Go to Content Go to Navigation", "Move to
the top of the page", ...). The chrome list is configurable (``[import] chrome``).
After the chrome is dropped, the first line is the title, ``- `` lines right after
it are the subtitle, ``*`` lines (with or without a space) are notes, and every
other line is a paragraph.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from workflow.config import DEFAULT_CHROME
from workflow.errors import ReleaseError
from workflow.fsutil import atomic_write, read_utf8, safe_join
from workflow.locales import SOURCE_LANGUAGES
from workflow.sources.releases import SLUG_RE, Block, Release, parse_release, render_release

_MONTHS = "January February March April May June July August September October November December".split()
_DATE_PATTERNS = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\b"),
    re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})\b"),
]
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class ImportResult:
    path: Path
    release: Release
    dropped: list[str]


def _normalize(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def find_date(text: str) -> _dt.date | None:
    """The first full date written in the text, if any."""
    for pattern in _DATE_PATTERNS:
        if m := pattern.search(text):
            a, b, c = m.groups()
            try:
                if a in _MONTHS:
                    return _dt.date(int(c), _MONTHS.index(a) + 1, int(b))
                return _dt.date(int(a), int(b), int(c))
            except ValueError:
                continue
    return None


def slugify(title: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"\([^)]*\)", " ", text)  # "(December 7)" is not part of a good slug
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def parse_scraped(
    text: str,
    path: str | Path,
    *,
    lang: str | None = None,
    date: _dt.date | None = None,
    slug: str | None = None,
    chrome: list[str] | None = None,
) -> tuple[Release, list[str]]:
    """Build a :class:`Release` from scraped text. Returns it and the chrome lines dropped."""
    path = Path(path)
    chrome_set = {_normalize(c) for c in (DEFAULT_CHROME if chrome is None else chrome)}
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    kept: list[tuple[int, str]] = []
    dropped: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            continue
        if _normalize(line) in chrome_set:
            dropped.append(line)
            continue
        kept.append((number, line))
    if not kept:
        raise ReleaseError("no text left after removing page chrome", path)
    title = kept[0][1]
    rest = kept[1:]
    subtitle = ""
    extra_subtitles: list[tuple[int, str]] = []
    while rest and re.match(r"^[-–]\s+", rest[0][1]):
        item = re.sub(r"^[-–]\s+", "", rest[0][1])
        if not subtitle:
            subtitle = item
        else:
            extra_subtitles.append((rest[0][0], item))
        rest = rest[1:]
    if not rest:
        raise ReleaseError("the release has a title but no body", path, kept[0][0])
    full_text = "\n".join(line for _, line in kept)
    if lang is None:
        lang = "ko" if len(_HANGUL.findall(full_text)) > len(full_text) / 10 else "en"
    if lang not in SOURCE_LANGUAGES:
        raise ReleaseError(f"source language must be one of {', '.join(SOURCE_LANGUAGES)}, not {lang!r}")
    if date is None:
        date = find_date(full_text)
        if date is None:
            raise ReleaseError("no date found in the text; pass --date YYYY-MM-DD", path)
    if slug is None:
        slug = slugify(title) or "release-" + date.strftime("%Y%m%d") + "-" + hashlib.sha1(title.encode()).hexdigest()[:6]
    if not SLUG_RE.match(slug):
        raise ReleaseError(f"slug {slug!r} must be lowercase letters, digits and hyphens")
    blocks = [Block("bullet", item, 0) for _, item in extra_subtitles]
    for _number, line in rest:
        if m := re.match(r"^(\*{1,3}|※)\s*(\S.*)$", line):  # "** …" explains a term marked "**": keep both stars
            blocks.append(Block("note", m.group(2), 0, level=m.group(1).count("*") or 1))
        elif m := re.match(r"^[-•]\s+(.*)$", line):
            blocks.append(Block("bullet", m.group(1), 0))
        elif m := re.match(r"^(?!\d{1,4}\.\s?\d{1,2}\.)(\d{1,3})[.)]\s+(.*)$", line):  # not a date "12. 7."
            blocks.append(Block("numbered", m.group(2), 0, level=int(m.group(1))))
        else:
            blocks.append(Block("paragraph", line, 0))
    release = Release(path=path, slug=slug, title=title, subtitle=subtitle, date=date, lang=lang, blocks=blocks)
    return release, dropped


def import_release(
    source: str | Path,
    releases_dir: str | Path,
    *,
    lang: str | None = None,
    date: _dt.date | None = None,
    slug: str | None = None,
    chrome: list[str] | None = None,
    force: bool = False,
) -> ImportResult:
    """Import ``source`` (scraped text) into ``releases_dir/<date>-<slug>.md``."""
    source = Path(source)
    text = read_utf8(source, ReleaseError, hint="convert the file to UTF-8 first")
    release, dropped = parse_scraped(text, source, lang=lang, date=date, slug=slug, chrome=chrome)
    target = safe_join(releases_dir, f"{release.date.isoformat()}-{release.slug}.md")
    if target.exists() and not force:
        raise ReleaseError("already exists (use --force to replace it)", target)
    markdown = render_release(release)
    # Re-parse what we are about to write so line numbers and structure are the file's own.
    release = parse_release(markdown, target)
    atomic_write(target, markdown)
    return ImportResult(path=target, release=release, dropped=dropped)
