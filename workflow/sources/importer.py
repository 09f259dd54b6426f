"""``pressflow import``: turn a web page, Word file, Markdown file or scraped text into a source release.

Reading is per format (:mod:`workflow.sources.intake`: ``html_reader``, ``docx_reader``,
``markdown_reader``, ``text_reader``); the analysis (chrome, headline, date, language,
body) is shared. The release is written to ``releases/<date>-<slug>.md``. Importing
the same source again (same file name or same content) updates that release in
place; an import never creates a second release with a slug already in use.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workflow.config import DEFAULT_CHROME
from workflow.errors import ReleaseError
from workflow.fsutil import atomic_write, safe_join
from workflow.sources.input_formats import FORMATS
from workflow.sources.intake.analyze import Analysis, Dropped, analyze
from workflow.sources.intake.chrome import normalize
from workflow.sources.intake.dates import find_date
from workflow.sources.intake.history import ImportHistory, ImportRecord, edges
from workflow.sources.intake.model import Document
from workflow.sources.intake.slugs import slugify
from workflow.sources.intake.text_reader import read_text
from workflow.sources.releases import SLUG_RE, Release, load_release, parse_release, render_release

__all__ = ["FORMATS", "ImportResult", "find_date", "import_release", "parse_scraped", "read_source", "slugify"]

EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
              ".htm": "html", ".xhtml": "html", ".docx": "docx"}
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")


@dataclass
class ImportResult:
    path: Path
    release: Release
    dropped: list[str]                                   # the chrome lines dropped, as they were
    dropped_lines: list[Dropped] = field(default_factory=list)  # with line numbers and reasons
    warnings: list[str] = field(default_factory=list)   # "path:line: problem"
    action: str = "created"                             # "created", "updated" or "replaced"
    previous_path: Path | None = None                   # the file an update replaced, when renamed
    notes: list[str] = field(default_factory=list)      # decisions worth telling ("slug x is taken ...")
    format: str = "text"                                # the input format read


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        return "html"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n") or head.startswith(b"# "):
        return "markdown"
    return "text"


def _decode(data: bytes, label: str) -> str:
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise ReleaseError("binary data, not text (import reads .html, .docx, .md and .txt files)", label)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ReleaseError("not valid UTF-8 (convert the file to UTF-8 first)", label, line) from None


def read_source(source: str | Path, fmt: str | None = None, *, keep_chrome: bool = False) -> tuple[Document, bytes]:
    """Read ``source`` (a path, or ``-`` for standard input) in ``fmt`` (default: by extension or content)."""
    label = "<stdin>" if str(source) == "-" else str(source)
    if str(source) == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise ReleaseError("no such file", label) from None
        except (IsADirectoryError, PermissionError) as exc:
            raise ReleaseError(f"cannot read it ({exc.strerror})", label) from None
    if fmt is not None and fmt not in READERS:
        raise ReleaseError(f"unknown format {fmt!r}; use one of {', '.join(READERS)}", label)
    fmt = fmt or EXTENSIONS.get(Path(str(source)).suffix.lower()) or _sniff(data)
    if not data.strip():
        raise ReleaseError("empty file", label)
    return READERS[fmt](data, label, keep_chrome), data


# One reader per input format: (file bytes, label for messages, keep_chrome) -> Document. The
# heavy libraries behind html and docx (trafilatura, mammoth) are imported on first use.
Reader = Callable[[bytes, str, bool], Document]


def _read_text(data: bytes, label: str, keep_chrome: bool) -> Document:
    return read_text(_decode(data, label), label)


def _read_markdown(data: bytes, label: str, keep_chrome: bool) -> Document:
    from workflow.sources.intake.markdown_reader import read_markdown

    return read_markdown(_decode(data, label), label)


def _read_html(data: bytes, label: str, keep_chrome: bool) -> Document:
    from workflow.sources.intake.html_reader import read_html

    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise ReleaseError("binary data, not a web page (import reads .html, .docx, .md and .txt files)", label)
    return read_html(data, label, keep_chrome=keep_chrome)  # the page's own charset is honoured


def _read_docx(data: bytes, label: str, keep_chrome: bool) -> Document:
    from workflow.sources.intake.docx_reader import read_docx

    return read_docx(data, label)


#: Input formats by name (``import --format``); a new format is a reader here plus its extensions.
READERS: dict[str, Reader] = {"text": _read_text, "markdown": _read_markdown, "html": _read_html, "docx": _read_docx}


def _build(doc: Document, analysis: Analysis, slug: str, path: Path) -> Release:
    meta: dict[str, object] = dict(doc.meta)
    meta.pop("title_candidates", None)
    if analysis.dateline:
        meta["dateline"] = analysis.dateline
    blocks = [b for b in analysis.blocks]
    from workflow.sources.releases import Block

    extra = [Block("bullet", text, 0) for text in analysis.extra_subtitles]
    if analysis.date is None:  # analyze() raises first; this keeps mypy honest
        raise ReleaseError("no date found in the text; pass --date YYYY-MM-DD", doc.path)
    return Release(path=path, slug=slug, title=analysis.title, subtitle=analysis.subtitle, date=analysis.date,
                   lang=analysis.lang, blocks=extra + blocks, meta=meta)


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
    doc = read_text(text.lstrip("\ufeff"), str(path))
    configured = frozenset(normalize(c) for c in (DEFAULT_CHROME if chrome is None else chrome))
    analysis = analyze(doc, lang=lang, date=date, configured=configured, default_lang="en")
    release = _build(doc, analysis, slug or _fallback_slug(analysis), Path(path))
    if not SLUG_RE.match(release.slug):
        raise ReleaseError(f"slug {release.slug!r} must be lowercase letters, digits and hyphens")
    return release, [d.text for d in analysis.dropped]


def _fallback_slug(analysis: Analysis) -> str:
    base = slugify(analysis.title)
    if base:
        return base
    date = analysis.date.strftime("%Y%m%d") if analysis.date else "undated"
    return f"release-{date}-{hashlib.sha1(analysis.title.encode()).hexdigest()[:6]}"


def _existing(releases_dir: Path) -> dict[str, Path]:
    """slug -> release file, for the parseable releases in ``releases_dir``."""
    found: dict[str, Path] = {}
    if releases_dir.is_dir():
        for file in sorted(releases_dir.glob("*.md")):
            try:
                found.setdefault(load_release(file).slug, file)
            except ReleaseError:
                continue  # reported by the commands that read releases
    return found


def import_release(
    source: str | Path,
    releases_dir: str | Path,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    date: _dt.date | None = None,
    slug: str | None = None,
    title: str | None = None,
    chrome: list[str] | None = None,
    keep_chrome: bool = False,
    force: bool = False,
    default_lang: str | None = "en",
) -> ImportResult:
    """Import ``source`` into ``releases_dir/<date>-<slug>.md`` (see module docstring).

    Raises :class:`ReleaseError` (``path: problem``) for unreadable, binary, empty or
    body-less input and for a ``--slug`` another release uses; nothing is written then.
    """
    releases_dir = Path(releases_dir)
    doc, data = read_source(source, fmt, keep_chrome=keep_chrome)
    name = "-" if str(source) == "-" else Path(source).name
    digest = hashlib.sha256(data).hexdigest()
    history = ImportHistory.load(releases_dir)
    previous = history.previous(name, digest)
    configured = frozenset(normalize(c) for c in (DEFAULT_CHROME if chrome is None else chrome))
    learned = frozenset() if keep_chrome else history.learned_chrome(doc.site, exclude=previous)
    analysis = analyze(doc, lang=lang, date=date, title=title, configured=configured, learned=learned,
                       keep_chrome=keep_chrome, default_lang=default_lang)
    existing = _existing(releases_dir)
    notes: list[str] = []
    action, old_path = "created", None
    wanted = slug or doc.slug
    if wanted is not None and not SLUG_RE.match(wanted):
        raise ReleaseError(f"slug {wanted!r} must be lowercase letters, digits and hyphens", doc.path)
    if previous and previous in existing and wanted in (None, previous):
        chosen, action, old_path = previous, "updated", existing[previous]
    elif wanted is not None:
        if wanted in existing and not force:
            raise ReleaseError(f"slug {wanted!r} is already used by {existing[wanted]}; pass another --slug "
                               "(or --force to replace that release)", doc.path)
        chosen = wanted
        if wanted in existing:
            action, old_path = "replaced", existing[wanted]
    else:
        base = _fallback_slug(analysis)[:90]
        chosen, n = base, 2
        while chosen in existing:
            chosen, n = f"{base}-{n}", n + 1
        if chosen != base:
            notes.append(f"slug {base!r} is used by {existing[base].name}; this release is {chosen!r} "
                         "(pass --slug to choose another)")
    if analysis.date is None:
        raise ReleaseError("no date found in the text; pass --date YYYY-MM-DD", doc.path)
    target = safe_join(releases_dir, f"{analysis.date.isoformat()}-{chosen}.md")
    if target.exists() and target != old_path and not force:
        raise ReleaseError("already exists and is not a release this import may replace "
                           "(use --force to replace it)", target)
    release = _build(doc, analysis, chosen, target)
    markdown = render_release(release)
    release = parse_release(markdown, target)  # never write a release we could not read back
    atomic_write(target, markdown)
    if old_path is not None and old_path.resolve() != target.resolve():
        old_path.unlink(missing_ok=True)
    head, tail = edges([line.text for line in doc.lines])
    history.record(chosen, ImportRecord(name, digest, doc.site, head, tail))
    history.save()
    return ImportResult(path=target, release=release, dropped=[d.text for d in analysis.dropped],
                        dropped_lines=analysis.dropped, warnings=analysis.warnings, action=action,
                        previous_path=old_path if old_path is not None and old_path != target else None,
                        notes=notes, format=doc.format)
