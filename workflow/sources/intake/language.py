"""The language of a release: its script first, then a detector for the Latin-script languages.

Hangul is Korean, Thai script Thai, Khmer script Khmer, Lao script Lao and Myanmar
script Burmese. Among the Latin-script locales (en, id, ms, vi, fil) the
lingua-language-detector package decides (offline, models bundled in the wheel).
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

_SCRIPTS = {
    "ko": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "km": re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]"),
    "lo": re.compile(r"[\u0e80-\u0eff]"),
    "my": re.compile(r"[\u1000-\u109f\uaa60-\uaa7f]"),
}
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
LATIN_LOCALES = ("en", "id", "ms", "vi", "fil")


@functools.cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.INDONESIAN, Language.MALAY, Language.VIETNAMESE, Language.TAGALOG,
    ).with_minimum_relative_distance(0.05).build()


def _latin_language(text: str) -> str | None:
    letters = len(_LATIN.findall(text))
    if letters and len(_VIETNAMESE.findall(text)) > letters / 25:
        return "vi"
    language = _detector().detect_language_of(text[:4000])
    if language is None:
        return None
    return {"ENGLISH": "en", "INDONESIAN": "id", "MALAY": "ms", "VIETNAMESE": "vi", "TAGALOG": "fil"}[language.name]


def detect_language(text: str) -> str | None:
    """The locale code ``text`` is written in, or None when it cannot be told (too little text)."""
    counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS.items()}
    latin = len(_LATIN.findall(text))
    code, most = max(counts.items(), key=lambda item: item[1])
    if most and most >= latin / 3:
        return code
    if latin < 12:
        return None
    return _latin_language(text)
