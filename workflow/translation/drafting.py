"""Turning engine answers into drafts gettext accepts: plural forms, newlines, control characters, headers.

* **Plural entries** get every form their catalog's ``Plural-Forms`` asks for. Form ``j``
  is drafted from the singular source (msgid) when the first number selecting it (in
  0..1000) is in the source language's CLDR ``one`` category (Babel), else from
  msgid_plural. A form gettext checks strictly (used for many n) takes msgid_plural
  whenever the singular lacks its placeholders, so ``msgfmt -c`` still passes.
* **Newlines**: a draft begins and ends with ``\\n`` exactly when its source does
  (``msgfmt -c`` requires it).
* **Control characters** (C0 but tab and newline, DEL, C1) are never written: an answer
  containing one is refused.
* **Headers**: a catalog without a header gets a minimal one before it receives drafts,
  and one without ``Plural-Forms`` gets its locale's (ours, else Babel's table) before
  it receives plural drafts; both are reported.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from workflow.catalogs import Catalog, Entry
from workflow.catalogs.model import CONTROL_RE, control_characters, is_fuzzy
from workflow.catalogs.placeholders import placeholders, source_text
from workflow.catalogs.plurals import PluralForms, cldr_category
from workflow.locales import plural_forms_for

__all__ = ["CONTROL_RE", "control_characters", "fit_charset", "match_newlines", "plural_sources", "sources_of",
           "ensure_header", "ensure_plural_forms"]

def fit_charset(text: str, encoding: str, *, lossy: bool) -> str | None:
    """``text`` if the catalog's ``encoding`` can hold it; else, when ``lossy`` (pseudo drafts), with
    accents dropped and other missing characters replaced by ``.``; else None."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        if not lossy:
            return None
    out = []
    for char in text:
        for candidate in (char, unicodedata.normalize("NFKD", char)[:1], "."):
            try:
                candidate.encode(encoding)
            except UnicodeEncodeError:
                continue
            out.append(candidate)
            break
    return "".join(out)


def match_newlines(source: str, text: str) -> str:
    """``text`` beginning and ending with ``\\n`` exactly when ``source`` does."""
    if source.startswith("\n") and not text.startswith("\n"):
        text = "\n" + text.lstrip(" ")
    elif not source.startswith("\n") and text.startswith("\n"):
        text = text.lstrip("\n")
    if source.endswith("\n") and not text.endswith("\n"):
        text = text.rstrip(" ") + "\n"
    elif not source.endswith("\n") and text.endswith("\n"):
        text = text.rstrip("\n")
    return text


def plural_sources(entry: Entry, plural: PluralForms, source_lang: str) -> list[str]:
    """The source text (msgid or msgid_plural) to draft each of the ``plural.nplurals`` forms from."""
    singular, many = entry.msgid, entry.msgid_plural
    same = placeholders(source_text(singular, entry.flags)) == placeholders(source_text(many, entry.flags))
    out = []
    for j in range(plural.nplurals):
        samples = plural.samples(j, 1)
        one = bool(samples) and cldr_category(source_lang, samples[0]) == "one"
        strict = plural.often[j] if j < len(plural.often) else True
        out.append(singular if one and (same or not strict) else many)
    return out


def sources_of(entry: Entry) -> list[str]:
    """The texts to ask an engine for to draft ``entry`` (with its format flags)."""
    texts: list[str] = [source_text(entry.msgid, entry.flags)]
    if entry.msgid_plural:
        texts.append(source_text(entry.msgid_plural, entry.flags))
    return texts


def ensure_header(catalog: Catalog, locale: str) -> bool:
    """Give a header-less catalog a minimal header naming ``locale``; True if one was added."""
    if catalog.header_text:
        return False
    catalog.header_text = (f"Language: {locale}\nMIME-Version: 1.0\n"
                           f"Content-Type: text/plain; charset={catalog.charset}\n"
                           "Content-Transfer-Encoding: 8bit\n"
                           f"Plural-Forms: {plural_forms_for(locale)}\n")
    return True


def ensure_plural_forms(catalog: Catalog, locale: str) -> str | None:
    """Add ``Plural-Forms`` for ``locale`` to a header that has none; the value added, or None."""
    header = catalog.header_text or ""
    if "nplurals=" in header or "plural=" in header:
        return None
    value = plural_forms_for(locale)
    catalog.header_text = header + f"Plural-Forms: {value}\n"
    return value


def unusable_plural_forms(catalog: Catalog, locale: str, path: Path) -> tuple[int, str] | None:
    """(msgfmt's line, what is wrong and how to fix it) when the catalog's ``Plural-Forms`` is one
    ``msgfmt -c`` rejects (msginit's ``nplurals=INTEGER; plural=EXPRESSION;`` placeholder among them):
    no draft could be written into it. None when the header is usable or lacks Plural-Forms (drafting adds it)."""
    from workflow.catalogs.validate import msgfmt_problems, plural_forms_of

    header = catalog.header_text or ""
    if ("nplurals=" not in header and "plural=" not in header) or plural_forms_of(catalog) is not None:
        return None
    problems = msgfmt_problems(catalog, path)
    line = next((p.line for p in problems if "plural" in p.message), 0) or catalog.header_line or 1
    said = "; ".join(p.message for p in problems if "plural" in p.message) or "invalid Plural-Forms"
    if "nplurals=INTEGER" in header:
        said = "Plural-Forms is still msginit's placeholder \"nplurals=INTEGER; plural=EXPRESSION;\""
    return line, (f"{said}, which msgfmt -c rejects: fill it in, e.g. "
                  f"\"Plural-Forms: {plural_forms_for(locale)}\" for {locale}")


def fill_forms(entry: Entry, drafts: Iterable[str]) -> list[str]:
    """The entry's forms with each empty one replaced by its draft (a person's forms are kept).

    A fuzzy entry's forms are no one's accepted text (often msgmerge's guess from another
    msgid, whose directives need not fit): every form is drafted, so the draft is the engine's.
    """
    current = {} if is_fuzzy(entry) else (entry.msgstr_plural or {})
    return [current.get(j) or draft for j, draft in enumerate(drafts)]
