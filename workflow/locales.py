"""The locales pressflow publishes in, with the facts the workflow needs about each.

Plural-Forms are CLDR's rules written as gettext expressions. They are spelled out
here rather than asked of Babel at run time, because Babel 2.18 and older fall
back to the English two-form rule for id, ms, my and fil.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import LocaleError


@dataclass(frozen=True)
class LocaleInfo:
    code: str               # our code, also the gettext Language header
    english_name: str
    native_name: str        # how the language names itself (language switcher)
    script: str             # ISO 15924
    plural_forms: str       # gettext Plural-Forms header value
    babel: str              # Babel/CLDR locale identifier
    sentence_end: str = "."  # usual end punctuation ("" where sentences have none)
    sentence_joiner: str = " "  # what separates sentences inside a paragraph
    spaces_between_words: bool = True
    digits: str = "0123456789"  # native digits, 0..9
    latin_script: bool = True

    @property
    def nplurals(self) -> int:
        return int(self.plural_forms.split(";")[0].split("=")[1])


_ONE = "nplurals=1; plural=0;"

LOCALES: dict[str, LocaleInfo] = {
    info.code: info
    for info in [
        LocaleInfo("en", "English", "English", "Latn", "nplurals=2; plural=(n != 1);", "en"),
        LocaleInfo("ko", "Korean", "한국어", "Kore", _ONE, "ko", latin_script=False),
        LocaleInfo("id", "Indonesian", "Bahasa Indonesia", "Latn", _ONE, "id"),
        LocaleInfo("ms", "Malay", "Bahasa Melayu", "Latn", _ONE, "ms"),
        LocaleInfo(
            "th", "Thai", "ไทย", "Thai", _ONE, "th",
            sentence_end="", spaces_between_words=False, digits="๐๑๒๓๔๕๖๗๘๙", latin_script=False,
        ),
        LocaleInfo("vi", "Vietnamese", "Tiếng Việt", "Latn", _ONE, "vi"),
        LocaleInfo(
            "fil", "Filipino", "Filipino", "Latn",
            "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9));",
            "fil",
        ),
        LocaleInfo(
            "km", "Khmer", "ខ្មែរ", "Khmr", _ONE, "km",
            sentence_end="។", spaces_between_words=False, digits="០១២៣៤៥៦៧៨៩", latin_script=False,
        ),
        LocaleInfo(
            "lo", "Lao", "ລາວ", "Laoo", _ONE, "lo",
            sentence_end="", spaces_between_words=False, digits="໐໑໒໓໔໕໖໗໘໙", latin_script=False,
        ),
        LocaleInfo(
            "my", "Burmese", "မြန်မာ", "Mymr", _ONE, "my",
            sentence_end="။", spaces_between_words=False, digits="၀၁၂၃၄၅၆၇၈၉", latin_script=False,
        ),
    ]
}

# Any locale can be a release's original language (segmentation rules exist for all ten).
SOURCE_LANGUAGES = tuple(LOCALES)


def get_locale(code: str) -> LocaleInfo:
    """Return the :class:`LocaleInfo` for ``code`` or raise a :class:`LocaleError` listing valid codes."""
    info = LOCALES.get(code)
    if info is None:
        # Accept common spellings (ko_KR, ko-KR, tl for Filipino, kr) but say what we mean.
        guess = suggest_locale(code) if isinstance(code, str) else None
        hint = f" (did you mean {guess!r}?)" if guess else ""
        raise LocaleError(f"unknown locale {code!r}{hint}; valid locales: {', '.join(LOCALES)}")
    return info


def suggest_locale(code: str) -> str | None:
    """The one of our locales someone probably meant by an unknown ``code`` (``kr`` → ``ko``,
    ``th_TH`` → ``th``, ``fill`` → ``fil``), or None."""
    lower = code.replace("-", "_").lower()
    primary = lower.split("_")[0]
    for guess in (LOCALE_ALIASES.get(primary, primary), _COUNTRY_HINTS.get(lower)):
        if guess in LOCALES and guess != code:
            return guess
    import difflib  # only for a code that is not ours

    close = difflib.get_close_matches(lower, list(LOCALES), n=1, cutoff=0.6) if code else []
    return close[0] if close and close[0] != code else None


def validate_locales(codes: list[str] | tuple[str, ...]) -> list[str]:
    for code in codes:
        get_locale(code)
    return list(codes)


def to_native_digits(text: str, code: str) -> str:
    digits = get_locale(code).digits
    return text.translate(str.maketrans("0123456789", digits))


def digit_value_map() -> dict[str, str]:
    """Map every native digit of every locale to its ASCII digit (for number checks)."""
    table: dict[str, str] = {}
    for info in LOCALES.values():
        for ascii_digit, native in zip("0123456789", info.digits):
            table[native] = ascii_digit
    return table


# ---------------------------------------------------------------------------
# One locale resolution for every command that reads PO files of any project

#: Codes other projects use for one of ours (gettext's ``tl`` is Filipino/Tagalog).
LOCALE_ALIASES = {"tl": "fil", "tgl": "fil", "fil": "fil", "kor": "ko", "tha": "th", "vie": "vi", "ind": "id",
                  "msa": "ms", "zsm": "ms", "khm": "km", "lao": "lo", "mya": "my", "bur": "my", "eng": "en"}


@functools.cache
def _babel_codes() -> dict[str, str]:
    from babel.localedata import locale_identifiers

    return {code.lower(): code for code in locale_identifiers()}


#: Country codes people type for the language of that country.
_COUNTRY_HINTS = {"kr": "ko", "vn": "vi", "ph": "fil", "kh": "km", "la": "lo", "mm": "my", "jp": "ja", "cn": "zh",
                  "us": "en", "gb": "en", "uk": "en"}


def _did_you_mean(code: str) -> str:
    lower = code.replace("-", "_").lower()
    if lower in _COUNTRY_HINTS:
        return f" (did you mean {_COUNTRY_HINTS[lower]!r}?)"
    import difflib  # only for an unknown code

    pool = {c: c for c in LOCALES} | _babel_codes()
    close = difflib.get_close_matches(lower, list(pool), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(pool[c]) for c in close)}?)" if close else ""


@functools.cache
def canonical_locale(code: str) -> str:
    """Our code for any spelling of one of our locales (``ko_KR``, ``TH-th``, ``tl``, ``vi.UTF-8``),
    or the CLDR identifier of any other locale Babel knows (``pt_BR``, ``sr@latin``).

    Case and ``-``/``_`` do not matter. :class:`LocaleError` with "did you mean" otherwise.
    """
    raw = (code or "").strip()
    if not raw:
        raise LocaleError("empty locale code")
    base, _, modifier = raw.partition("@")
    base = base.split(".")[0].replace("-", "_")
    parts = [p for p in base.split("_") if p]
    if not parts:
        raise LocaleError(f"unknown locale {code!r}{_did_you_mean(raw)}")
    language = LOCALE_ALIASES.get(parts[0].lower(), parts[0].lower())
    if language in LOCALES:
        return language
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse("_".join([language, *parts[1:]]))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocaleError(f"unknown locale {code!r}{_did_you_mean(raw)}; pressflow's own locales are "
                          f"{', '.join(LOCALES)}, and any CLDR locale is accepted in PO files") from None
    return str(parsed) + (f"@{modifier}" if modifier else "")


#: Source-language header values that name no language: a program's own strings (what GNOME and
#: Poedit write as ``X-Source-Language``), i.e. the project's source language.
NO_LANGUAGE = frozenset({"C", "POSIX"})


def header_language(value: str | None) -> str:
    """The canonical code (see :func:`canonical_locale`) an ``X-Source-Language`` header names;
    ``""`` when it names none: absent, empty, or ``C`` / ``POSIX`` (also ``C.UTF-8``), where the
    caller's source language (the release's, else the workspace's) applies. LocaleError otherwise."""
    raw = (value or "").strip()
    if not raw or raw.split(".")[0].upper() in NO_LANGUAGE:
        return ""
    return canonical_locale(raw)


def is_ours(code: str) -> bool:
    """Whether ``code`` (canonical) is one of the ten locales pressflow publishes in."""
    return code in LOCALES


def locale_from_path(path: str | Path) -> str | None:
    """The locale a PO file's path names: ``<locale>/LC_MESSAGES/x.po``, ``<locale>.po`` or ``<locale>/x.po``."""
    parts = Path(path).parts
    candidates = []
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        candidates.append(parts[-3])
    else:
        candidates.append(Path(path).stem)
        if len(parts) >= 2:
            candidates.append(parts[-2])
    for candidate in candidates:
        try:
            return canonical_locale(candidate)
        except LocaleError:
            continue
    return None


def resolve_locale(explicit: str | None = None, header: str | None = None, path: str | Path | None = None) -> str:
    """The locale of a PO file, decided the same way by every command: an explicit ``--locale``,
    else the ``Language`` header, else the path (:func:`locale_from_path`); canonical (see
    :func:`canonical_locale`). :class:`LocaleError` when none of them tells.
    """
    if explicit:
        return canonical_locale(explicit)
    if header and header.strip():
        try:
            return canonical_locale(header)
        except LocaleError as exc:
            raise LocaleError(f"Language header: {exc}") from None
    found = locale_from_path(path) if path is not None else None
    if found is None:
        raise LocaleError("cannot tell the locale: no --locale, no Language header, and the path names none "
                          "(<locale>/LC_MESSAGES/<domain>.po or <locale>.po)")
    return found


@functools.cache
def locale_info(code: str) -> LocaleInfo:
    """:class:`LocaleInfo` of one of our locales, or one made from CLDR data (Babel) for any other."""
    if code in LOCALES:
        return LOCALES[code]
    canonical = canonical_locale(code)
    if canonical in LOCALES:
        return LOCALES[canonical]
    from babel import Locale

    locale = Locale.parse(canonical.partition("@")[0])
    script = locale.script or _LIKELY_SCRIPTS.get(locale.language, "Latn")
    return LocaleInfo(canonical, locale.english_name or canonical, locale.display_name or canonical, script,
                      plural_forms_for(canonical), str(locale), latin_script=script == "Latn")


_LIKELY_SCRIPTS = {"ja": "Jpan", "zh": "Hans", "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "sr": "Cyrl",
                   "ar": "Arab", "fa": "Arab", "ur": "Arab", "he": "Hebr", "el": "Grek", "hi": "Deva",
                   "bn": "Beng", "ta": "Taml", "te": "Telu", "ka": "Geor", "hy": "Armn", "si": "Sinh"}


def plural_forms_for(code: str) -> str:
    """A gettext ``Plural-Forms`` value for ``code``: ours for our locales, else Babel's table."""
    if code in LOCALES:
        return LOCALES[code].plural_forms
    from babel.messages.plurals import get_plural

    try:
        rule = get_plural(code.partition("@")[0])
    except Exception:  # noqa: BLE001 - Babel raises several kinds for an unknown locale
        return "nplurals=2; plural=(n != 1);"
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"
