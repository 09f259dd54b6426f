"""Checks on the text as a whole: same as the source, length, end punctuation, script."""
from __future__ import annotations

from collections.abc import Iterator

from workflow.locales import locale_info
from workflow.review.checks.base import CheckContext, Severity, check
from workflow.review.checks.terms import _glossary_facts
from workflow.review.checks.text import _facts, _script_counts

# -- the text as a whole -------------------------------------------------------


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


@check("same_as_source", Severity.WARNING)
def check_same_as_source(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation is identical to the source."""
    if source.strip().casefold() != target.strip().casefold():
        return
    rest = _facts(source).plain
    if ctx.glossary is not None:
        for hit in sorted(_glossary_facts(ctx.glossary).lookup(rest), key=lambda h: -h.start):
            if hit.term.do_not_translate or hit.matched in hit.term.accepted(ctx.locale):
                rest = rest[: hit.start] + " " + rest[hit.end:]
    if len(_letters(rest)) >= 3:
        yield "translation is the same as the source"


# Typical length of a translation, in characters per source character of English.
_LENGTH_NORM = {"en": 1.0, "ko": 0.45, "id": 1.15, "ms": 1.15, "th": 0.95, "vi": 1.1,
                "fil": 1.25, "km": 1.1, "lo": 1.0, "my": 1.35}
_LENGTH_SPREAD = 2.5  # how far from the norm a ratio may be before we warn
_LENGTH_MIN_SOURCE = 20


@check("length_ratio", Severity.WARNING)
def check_length_ratio(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """The translation is far longer or shorter than usual for the language pair."""
    s = _facts(source).plain_len
    if s < _LENGTH_MIN_SOURCE:
        return
    t = _facts(target).plain_len
    if not t:
        return
    norm = _LENGTH_NORM.get(ctx.locale, 1.0) / _LENGTH_NORM.get(ctx.source_lang, 1.0)
    ratio = t / s
    if ratio > norm * _LENGTH_SPREAD:
        yield f"translation is {ratio:.1f}× the source length (usual for {ctx.source_lang}→{ctx.locale}: about {norm:.1f}×)"
    elif ratio < norm / _LENGTH_SPREAD:
        yield f"translation is only {ratio:.2f}× the source length (usual for {ctx.source_lang}→{ctx.locale}: about {norm:.1f}×)"


_CLOSERS = "\"'”’»)]*`_ "
_TERMINAL = ".!?。។៕။…"


def _last_char(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


@check("end_punctuation", Severity.WARNING)
def check_end_punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """End punctuation does not follow the target language (Thai/Lao none, Khmer ។, Burmese ။)."""
    info = locale_info(ctx.locale)
    s_end, t_end = _last_char(source), _last_char(target)
    if not target.strip():
        return
    if s_end in "?!":
        if t_end not in "?!" + info.sentence_end and t_end != "？":
            yield f"source ends with {s_end!r}, the translation does not"
        return
    if s_end not in _TERMINAL:
        if t_end in _TERMINAL and t_end != "…":
            yield f"translation adds end punctuation {t_end!r} the source lacks"
        return
    if s_end == "…":
        return
    if not info.sentence_end:
        if t_end == ".":
            yield f"{info.english_name} sentences do not end with '.'"
    elif info.sentence_end == ".":
        if t_end not in ".!?…":
            yield "translation should end with '.' like the source"
    elif t_end not in info.sentence_end + "៕?!":
        yield f"{info.english_name} sentences end with {info.sentence_end!r}" + (
            f", not {t_end!r}" if t_end in _TERMINAL else ""
        )

_SCRIPT_NAMES = {"Latin": "Latin", "Thai": "Thai", "Laoo": "Lao", "Khmr": "Khmer", "Mymr": "Burmese",
                 "Kore": "Korean", "Hani": "Chinese", "Other": "another"}


@check("script", Severity.ERROR)
def check_script(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    """Latin-only text in a non-Latin-script locale, or text in another locale's script."""
    info = locale_info(ctx.locale)
    t = _facts(target)
    rest = t.plain
    if ctx.glossary is not None:
        # Terms kept in Latin on purpose (MSIT, 5G, I-KOREA 4.0) do not count.
        for term in _glossary_facts(ctx.glossary).do_not_translate:
            if term in rest:
                rest = rest.replace(term, " ")
    counts = _script_counts(rest)
    if info.script == "Kore":
        counts["Kore"] = counts.get("Kore", 0) + counts.pop("Hani", 0)  # Hanja is part of Korean writing
    native = counts.get(info.script, 0)
    latin = counts.get("Latin", 0)
    if not info.latin_script and native == 0 and latin >= 3 and sum(counts.values()) == latin:
        yield f"Latin-only text in a {info.english_name} translation"
        return
    foreign = [(n, s) for s, n in counts.items() if s not in (info.script, "Latin")]
    if foreign:
        n, script = max(foreign)
        if n > native and n >= 3:
            yield f"text is in {_SCRIPT_NAMES.get(script, script)} script, not {info.english_name}"
