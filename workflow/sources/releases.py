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

Publishing keys (optional)::

    embargo: 2024-01-01T09:00+09:00     # not on the site before this moment (timezone required)
    corrections:                        # shown on every page; the notes are translated like the body
      - date: 2018-12-10
        note: The meeting was held on December 6, not December 5.
    withdrawn:                          # written by `pressflow withdraw`
      - date: 2018-12-12
        reason: Published by mistake.
        locales: [id]                   # omitted: the whole release
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
_SPACES = re.compile(r"\s+")


@dataclass
class Block:
    """One body block. ``text`` is inline Markdown on one line (soft breaks become spaces)."""

    kind: str
    text: str
    line: int           # 1-based line in the release file where the block starts
    level: int = 0      # heading level, list-item number for numbered items, stars of a note


@dataclass(frozen=True)
class Correction:
    """A correction notice: when, and what was corrected (translated like the body)."""

    date: _dt.date
    note: str
    line: int            # line of the ``corrections`` key in the release file


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawal from the site: the whole release (``locales`` empty) or some languages."""

    date: _dt.date
    reason: str
    locales: tuple[str, ...] = ()

    def covers(self, locale: str) -> bool:
        return not self.locales or locale in self.locales


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
    corrections: list[Correction] = field(default_factory=list)
    embargo: _dt.datetime | None = None      # timezone-aware
    withdrawn: list[Withdrawal] = field(default_factory=list)
    text: str = ""       # the file's text as parsed (what a published-version record keeps)

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def updated(self) -> _dt.date:
        """The release date, or the date of its latest correction."""
        return max([self.date, *(c.date for c in self.corrections)])

    def withdrawal(self, locale: str) -> Withdrawal | None:
        """The (first) withdrawal of ``locale``'s version, if any."""
        return next((w for w in self.withdrawn if w.covers(locale)), None)

    def embargoed(self, at: _dt.datetime) -> bool:
        """Still under embargo at the moment ``at`` (timezone-aware)?"""
        return self.embargo is not None and at < self.embargo


def _front_matter_lines(lines: list[str], path: Path) -> tuple[list[str], int]:
    if not lines or lines[0].strip() != "---":
        raise ReleaseError("missing front matter: the file must start with a '---' line", path, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], index + 1
    raise ReleaseError("front matter is not closed with a '---' line", path, 1)


MAX_FRONT_MATTER_DEPTH = 16  # nested lists/mappings in front matter (releases need 1)


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reporting an impossible date (``2020-02-30``) as a YAML error with its mark."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"impossible date {node.value!r} ({exc})", node.start_mark) from None


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """An integer; one Python refuses to convert (more than ``sys.get_int_max_str_digits()``
    decimal digits) is an error at its mark, not an internal error."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"number too long to read ({len(node.value)} characters)", node.start_mark) from None


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> object:
    """A mapping whose keys are unique: a repeated key (``embargo:`` twice) is an error at its mark,
    not "the last one wins"."""
    seen: set[object] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, str | int | float | bool) or key is None:
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears more than once", key_node.start_mark)
            seen.add(key)
    return yaml.constructor.SafeConstructor.construct_yaml_map(loader, node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _int)

# Text libyaml reads differently from PyYAML (found by a differential fuzz test in
# tests/test_releases.py): tabs, BOMs, line and paragraph separators, NEL and other
# control characters, tags (``!``) and a block scalar header followed by anything but its
# indicators. Such front matter (rare in a release) is read by PyYAML alone.
_LIBYAML_DIFFERS = re.compile(r"[^\n\x20\x22-\x7e\xa0-\u2027\u202a-\ufefe\uff00-\U0010ffff]|[|>][-+0-9]*[^-+0-9\s]")

# The same loader over libyaml, where PyYAML was built with it (see _load_front_matter).
_FastFrontMatterLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CFrontMatterLoader(yaml.CSafeLoader):
        """libyaml's parser with :class:`_FrontMatterLoader`'s constructors."""

    _CFrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    _CFrontMatterLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
    _CFrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _int)
    _FastFrontMatterLoader = _CFrontMatterLoader


def _line(event: yaml.Event) -> int:
    """The file line of a front-matter YAML event (the front matter starts on line 2)."""
    return event.start_mark.line + 2 if event.start_mark is not None else 1


def _load_front_matter(text: str, path: Path) -> object:
    """The YAML value of the front matter (line numbers of errors count from the file's line 2).

    The event stream is checked first (PyYAML composes documents recursively): no
    aliases (a few lines could otherwise expand to gigabytes) and no nesting deeper
    than :data:`MAX_FRONT_MATTER_DEPTH`.
    libyaml's parser (PyYAML's C binding, about ten times faster; a build reads every
    release) reads it where PyYAML has one; YAML it rejects is read again by PyYAML's
    own parser, so an error is worded and placed as PyYAML words it, whichever is used.
    """
    if _FastFrontMatterLoader is not None and not _LIBYAML_DIFFERS.search(text):
        try:
            return _checked_load(text, path, _FastFrontMatterLoader)
        except yaml.YAMLError:
            pass  # reported below, in the pure-Python parser's words
    return _checked_load(text, path, _FrontMatterLoader)


def _checked_load(text: str, path: Path, loader: type) -> object:
    """:func:`_load_front_matter` with one loader class (PyYAML's or libyaml's)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise ReleaseError("bad front matter: aliases (*name) are not allowed", path, _line(event))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise ReleaseError(f"bad front matter: lists or mappings nested more than "
                                   f"{MAX_FRONT_MATTER_DEPTH} deep", path, _line(event))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=loader)  # noqa: S506 — a SafeLoader subclass


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
        meta = _load_front_matter("\n".join(fm_lines), path) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, yaml.reader.ReaderError):  # a control character: no mark, a position
            line = "\n".join(fm_lines)[:exc.position].count("\n") + 2
            problem = str(exc).split("\n")[0]     # without PyYAML's '  in "<unicode string>", position N'
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
        corrections=_corrections(meta.get("corrections"), path, _line_of_key(fm_lines, "corrections")),
        embargo=_embargo(meta.get("embargo"), path, _line_of_key(fm_lines, "embargo")),
        withdrawn=_withdrawals(meta.get("withdrawn"), path, _line_of_key(fm_lines, "withdrawn")),
    )
    release.blocks = parse_body(lines[body_start:], path, first_line=body_start + 1)
    release.text = text
    return release


def _iso_date(value: object, what: str, path: Path, line: int) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReleaseError(f"front matter: {what} {value!r} is not an ISO date (YYYY-MM-DD)", path, line) from None


def _entries(value: object, key: str, path: Path, line: int) -> list[dict[str, object]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ReleaseError(f"front matter: '{key}' must be a list of entries ('- date: ...')", path, line)
    return [{str(k): v for k, v in v.items()} for v in value]


def _corrections(value: object, path: Path, line: int) -> list[Correction]:
    out = []
    for entry in _entries(value, "corrections", path, line):
        note = " ".join(str(entry.get("note") or "").split())
        if "date" not in entry or not note:
            raise ReleaseError("front matter: each correction needs a 'date' and a 'note'", path, line)
        out.append(Correction(_iso_date(entry["date"], "correction date", path, line), note, line))
    return out


def parse_moment(value: object, what: str = "embargo") -> _dt.datetime:
    """A timezone-aware moment from ``2024-01-01T09:00+09:00`` (or a YAML timestamp);
    ValueError naming what is wrong (no timezone, not ISO 8601)."""
    if isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, _dt.date):
        raise ValueError(f"{what} {value.isoformat()!r} needs a time and a timezone, e.g. {value.isoformat()}T09:00+09:00")
    else:
        text = str(value).strip()
        try:
            moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        except ValueError:
            raise ValueError(f"{what} {text!r} is not an ISO 8601 moment such as 2024-01-01T09:00+09:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} {str(value).strip()!r} has no timezone: add one, e.g. +09:00 or Z")
    return moment


def _embargo(value: object, path: Path, line: int) -> _dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        return parse_moment(value)
    except ValueError as exc:
        raise ReleaseError(f"front matter: {exc}", path, line) from None


def _withdrawals(value: object, path: Path, line: int) -> list[Withdrawal]:
    out = []
    for entry in _entries(value, "withdrawn", path, line):
        reason = " ".join(str(entry.get("reason") or "").split())
        if "date" not in entry or not reason:
            raise ReleaseError("front matter: each 'withdrawn' entry needs a 'date' and a 'reason'", path, line)
        locales = entry.get("locales") or []
        if isinstance(locales, str):
            locales = [locales]
        if not isinstance(locales, list) or any(str(c) not in LOCALES for c in locales):
            raise ReleaseError(f"front matter: withdrawn locales {locales!r} must be a list of codes from "
                               f"{', '.join(LOCALES)}", path, line)
        out.append(Withdrawal(_iso_date(entry["date"], "withdrawal date", path, line), reason,
                              tuple(str(c) for c in locales)))
    return out


def parse_body(lines: list[str], path: Path, first_line: int = 1) -> list[Block]:
    """Split body lines into blocks. Consecutive list/note lines are separate items."""
    blocks: list[Block] = []
    current: Block | None = None
    more: list[str] = []  # continuation lines of ``current``, joined once (linear in the block's size)

    def flush() -> None:
        nonlocal current
        if current is not None:
            text = " ".join([current.text, *more]) if more else current.text
            current.text = _SPACES.sub(" ", text).strip()
            if current.text:
                blocks.append(current)
        current = None
        more.clear()

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
                more.append(m.group(1))
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
            more.append(line)
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
