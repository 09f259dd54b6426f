"""The terminology glossary: ``glossary.csv`` at the workspace root.

One row per term::

    term,note,do_not_translate,en,ko,id,ms,th,vi,fil,km,lo,my
    MSIT,Ministry of Science and ICT,yes,,,,,,,,,,
    Cambodia,ASEAN member state,,,캄보디아,Kamboja,Kemboja,กัมพูชา,Campuchia,Cambodia,កម្ពុជា,ກຳປູເຈຍ,ကမ္ဘောဒီးယား

* ``term`` is the form found in source text (English, or Korean for Korean-source
  newsrooms; the source-language column, when filled, is matched as well).
* A locale cell may list accepted alternatives separated by ``|``; the first is
  the preferred one, shown to reviewers and used by MT.
* ``do_not_translate`` (yes/no) terms must appear unchanged in every translation;
  MT masks them. ``[translate] do_not_translate`` in pressflow.toml adds more.

Used by the QA checks, by MT masking and in the review display. A TBX file
(TermBase eXchange) can be read with :func:`load_tbx` or converted with
:func:`tbx_to_csv`.
"""
from __future__ import annotations

import dataclasses

import csv
import functools
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.errors import ConfigError, WorkflowError
from workflow.locales import LOCALES
from workflow.fsutil import atomic_write, read_utf8
from workflow.wording import counted
from workflow.workspace import Workspace

if TYPE_CHECKING:
    from workflow.workspace import Workspace

GLOSSARY_NAME = "glossary.csv"
FIXED_COLUMNS = ("term", "note", "do_not_translate")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"", "no", "n", "false", "0"}


class GlossaryError(ConfigError):
    """glossary.csv (or a TBX file) is malformed: ``glossary.csv:LINE: problem``."""


@dataclass(frozen=True)
class Term:
    term: str
    note: str = ""
    do_not_translate: bool = False
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # locale -> accepted forms
    line: int = 0

    def translation(self, locale: str) -> str | None:
        """The preferred translation into ``locale`` (the term itself when it must not be translated)."""
        if self.do_not_translate:
            return self.term
        forms = self.translations.get(locale)
        return forms[0] if forms else None

    def accepted(self, locale: str) -> tuple[str, ...]:
        if self.do_not_translate:
            return (self.term,)
        return self.translations.get(locale, ())


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary term found in a source text."""

    term: Term
    start: int
    end: int
    matched: str

    def translation(self, locale: str) -> str | None:
        return self.term.translation(locale)

    def to_dict(self, locale: str) -> dict[str, Any]:
        return {
            "term": self.term.term, "matched": self.matched, "translation": self.translation(locale),
            "accepted": list(self.term.accepted(locale)), "note": self.term.note,
            "do_not_translate": self.term.do_not_translate,
        }


def _term_pattern(text: str) -> re.Pattern[str]:
    # Whole words only where the term starts/ends with a word character ("ICT" must
    # not match inside "DICTATE"); all-caps acronyms match case-sensitively.
    # A Korean term is followed by its particle ("과학기술정보통신부는"): no right edge there.
    flags = 0 if text.upper() == text else re.IGNORECASE
    left = r"(?<!\w)" if re.match(r"\w", text) else ""
    right = r"(?!\w)" if re.search(r"\w$", text) and not "\uac00" <= text[-1] <= "\ud7a3" else ""
    return re.compile(left + re.escape(text) + right, flags)


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    path: Path | None = None
    source_language: str = "en"
    term_language: str = ""  # the language of the term column, when a view (for_source) looks from another

    @property
    def terms_in(self) -> str:
        """The language the terms themselves are written in."""
        return self.term_language or self.source_language

    def for_source(self, lang: str) -> Glossary:
        """The glossary as releases written in ``lang`` use it: a term is found by its ``lang``
        forms too, and in the glossary's own language (the term column) the term itself is
        the accepted translation. The same object for the same ``lang`` (checks cache per glossary)."""
        if lang == self.source_language:
            return self
        view = self._views.get(lang)
        if view is None:
            terms = [dataclasses.replace(t, translations={self.source_language: (t.term,), **t.translations})
                     for t in self.terms]
            view = self._views[lang] = Glossary(terms, self.path, lang, self.terms_in)
        return view

    @functools.cached_property
    def _views(self) -> dict[str, Glossary]:
        return {}

    @property
    def do_not_translate(self) -> list[str]:
        """Terms MT must leave alone and translations must keep, longest first."""
        seen: dict[str, None] = {}
        for term in self.terms:
            if term.do_not_translate:
                seen.setdefault(term.term)
        return sorted(seen, key=len, reverse=True)

    @functools.cached_property
    def _patterns(self) -> list[tuple[Term, re.Pattern[str]]]:
        out = []
        for term in self.terms:
            sources = {term.term, *term.translations.get(self.source_language, ())}
            for text in sorted(sources, key=len, reverse=True):
                if text.strip():
                    out.append((term, _term_pattern(text)))
        return out

    def lookup(self, text: str, locale: str | None = None) -> list[GlossaryHit]:
        """Terms found in source ``text``, in text order; a longer term hides the ones inside it.

        With ``locale``, terms are kept when they are do-not-translate or have a
        translation for that locale (what a reviewer or a check can use).
        """
        key = (text, locale)
        cached = self._cache.get(key)
        if cached is not None:
            return list(cached)
        hits = self._lookup(text, locale)
        if len(self._cache) > 4096:  # checks ask several times per unit; keep it bounded
            self._cache.clear()
        self._cache[key] = tuple(hits)
        return hits

    @functools.cached_property
    def _cache(self) -> dict[tuple[str, str | None], tuple[GlossaryHit, ...]]:
        return {}

    def _lookup(self, text: str, locale: str | None) -> list[GlossaryHit]:
        found: list[GlossaryHit] = []
        for term, pattern in self._patterns:
            if locale is not None and not term.accepted(locale):
                continue
            for m in pattern.finditer(text):
                found.append(GlossaryHit(term, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda h: (-(h.end - h.start), h.start))
        kept: list[GlossaryHit] = []
        for hit in found:
            if all(hit.end <= k.start or hit.start >= k.end for k in kept):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.start)

    def __len__(self) -> int:
        return len(self.terms)


def _parse_flag(value: str, path: Path, line: int) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise GlossaryError(f"do_not_translate must be yes or no, not {value!r}", path, line)


def parse_glossary(text: str, path: str | Path = GLOSSARY_NAME, *, source_language: str = "en") -> Glossary:
    """Parse glossary CSV text; problems are ``path:line: problem`` errors."""
    path = Path(path)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV header: {exc}", path, 1) from None
    if not header or not any(h.strip() for h in header):
        return Glossary([], path, source_language)
    columns = [h.strip() for h in header]
    if "term" not in columns:
        raise GlossaryError("the header must have a 'term' column", path, 1)
    for name in columns:
        if name not in FIXED_COLUMNS and name not in LOCALES:
            raise GlossaryError(
                f"unknown column {name!r}; columns are {', '.join(FIXED_COLUMNS)} and locale codes "
                f"({', '.join(LOCALES)})", path, 1,
            )
    if len(set(columns)) != len(columns):
        raise GlossaryError("a column is named twice in the header", path, 1)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(f"malformed CSV: {exc}", path, reader.line_num) from None
        line = reader.line_num  # last physical line of the record; exact for one-line rows
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise GlossaryError(f"{counted(len(row), 'field')}, but the header has {len(columns)}", path, line)
        if any("\x00" in cell for cell in row):
            raise GlossaryError("NUL character in a field", path, line)
        cells = dict(zip(columns, (c.strip() for c in row)))
        term = cells.get("term", "")
        if not term:
            raise GlossaryError("empty term", path, line)
        if term in seen:
            raise GlossaryError(f"term {term!r} is already defined on line {seen[term]}", path, line)
        seen[term] = line
        translations = {
            code: tuple(f.strip() for f in value.split("|") if f.strip())
            for code, value in cells.items() if code in LOCALES and value
        }
        terms.append(Term(
            term=term, note=cells.get("note", ""), line=line, translations=translations,
            do_not_translate=_parse_flag(cells.get("do_not_translate", ""), path, line),
        ))
    return Glossary(terms, path, source_language)


def load_glossary(ws_or_path: Workspace | str | Path, *, strict: bool = False) -> Glossary:
    """The workspace glossary (plus ``[translate] do_not_translate``), or a CSV/TBX file.

    A workspace without ``glossary.csv`` has an empty glossary. A malformed one raises
    :class:`GlossaryError` when ``strict`` (approvals need its checks) or for a file
    path; otherwise it is reported with ``ws.report`` and left out (the checks, MT
    masking and pages go on without it, and the command exits 1).
    """
    if isinstance(ws_or_path, (str, Path)):
        path = Path(ws_or_path)
        if path.suffix.lower() == ".tbx":
            return load_tbx(path)
        return parse_glossary(_read(path), path)
    ws = ws_or_path
    path = ws.root / GLOSSARY_NAME
    glossary = Glossary([], path, ws.source_language)
    if path.exists():
        try:
            glossary = parse_glossary(_read(path), path, source_language=ws.source_language)
        except GlossaryError as exc:
            if strict:
                raise
            ws.report(exc)
        else:
            ws.readable(path)
    known = {t.term for t in glossary.terms}
    extra = [Term(term=t, do_not_translate=True, note="pressflow.toml [translate] do_not_translate")
             for t in ws.config["translate"]["do_not_translate"] if t and t not in known]
    if extra:
        glossary = Glossary([*glossary.terms, *extra], path, glossary.source_language)
    return glossary


def _read(path: Path) -> str:
    return read_utf8(path, GlossaryError)


def glossary_fingerprint(ws: Workspace) -> str:
    """Changes whenever the glossary the checks use may have changed (for caches)."""
    path = ws.root / GLOSSARY_NAME
    digest = hashlib.sha256(path.read_bytes() if path.exists() else b"")
    digest.update("\x00".join(ws.config["translate"]["do_not_translate"]).encode())
    digest.update(ws.source_language.encode())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------
# TBX (TermBase eXchange) import
# ---------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def load_tbx(path: str | Path, *, source_language: str = "en") -> Glossary:
    """Read a TBX file: each ``termEntry``/``conceptEntry`` becomes a term.

    The source-language term is the ``term``; other languages we publish in
    become translations; a ``termNote``/``descrip`` of type
    ``doNotTranslate``/``translatable=no`` marks do-not-translate.
    """
    import xml.etree.ElementTree as ET  # TBX only: csv glossaries (every build) need no XML parser

    path = Path(path)
    raw = path.read_bytes()
    if b"<!DOCTYPE" in raw.upper():
        # No DTDs: entity expansion in an untrusted file is a known attack.
        raise GlossaryError("TBX files with a DOCTYPE are not accepted", path, 1)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise GlossaryError(f"malformed TBX: {exc.msg}", path, exc.position[0]) from None
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[str]] = {}
        note, dnt = "", False
        for el in entry.iter():
            name = _local(el.tag)
            if name in ("langSet", "langSec"):
                lang = (el.get(_XML_LANG) or el.get("lang") or "").replace("_", "-").split("-")[0].lower()
                lang = "fil" if lang == "tl" else lang
                for t in el.iter():
                    if _local(t.tag) == "term" and (t.text or "").strip():
                        by_lang.setdefault(lang, []).append((t.text or "").strip())
            elif name in ("descrip", "note") and el.get("type", "definition") in ("definition", "note") and not note:
                note = (el.text or "").strip()
            elif name in ("termNote", "descrip", "admin"):
                kind = (el.get("type") or "").lower()
                value = (el.text or "").strip().lower()
                if kind == "donottranslate":
                    dnt = dnt or value in ("yes", "true", "1")
                elif kind == "translatable":
                    dnt = dnt or value in ("no", "false", "0")
        source = by_lang.get(source_language) or next(iter(by_lang.values()), None)
        if not source:
            continue
        translations = {lang: tuple(forms) for lang, forms in by_lang.items() if lang in LOCALES and lang != source_language}
        terms.append(Term(term=source[0], note=note, do_not_translate=dnt, translations=translations))
    return Glossary(terms, path, source_language)


def glossary_to_csv(glossary: Glossary) -> str:
    """Render a glossary in the ``glossary.csv`` layout (for TBX conversion)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    locales = list(LOCALES)
    writer.writerow([*FIXED_COLUMNS, *locales])
    for term in glossary.terms:
        writer.writerow([
            term.term, term.note, "yes" if term.do_not_translate else "",
            *("|".join(term.translations.get(code, ())) for code in locales),
        ])
    return out.getvalue()


def import_tbx(ws: Workspace, tbx: Path, *, replace: bool = False) -> tuple[Path, int]:
    """Convert a TBX termbase into the workspace's glossary.csv: (its path, number of terms).

    Raises WorkflowError when glossary.csv already has terms and not ``replace``; the CSV is
    parsed back before it is written, so a glossary that could not be read is never written.
    """
    target = ws.root / GLOSSARY_NAME
    if target.exists() and target.read_text(encoding="utf-8").count("\n") > 1 and not replace:
        raise WorkflowError("glossary.csv already has terms (use --replace to overwrite it)", target)
    g = load_tbx(tbx, source_language=ws.source_language)
    text = glossary_to_csv(g)
    parse_glossary(text, target)  # never write a glossary we could not read back
    atomic_write(target, text)
    return target, len(g)
