"""The locales pressflow publishes in, with the facts the workflow needs about each.

Plural-Forms are CLDR's rules written as gettext expressions. They are spelled out
here rather than asked of Babel at run time, because Babel 2.18 and older fall
back to the English two-form rule for id, ms, my and fil.
"""
from __future__ import annotations

from dataclasses import dataclass

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
        # Accept common spellings (ko_KR, ko-KR, tl for Filipino) but say what we mean.
        normalized = code.replace("-", "_").split("_")[0].lower() if code else code
        if normalized == "tl":
            normalized = "fil"
        hint = f" (did you mean {normalized!r}?)" if normalized in LOCALES and normalized != code else ""
        raise LocaleError(f"unknown locale {code!r}{hint}; valid locales: {', '.join(LOCALES)}")
    return info


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
