from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from workflow.errors import LocaleError
from workflow.locales import LOCALES, digit_value_map, get_locale, to_native_digits

SAMPLE_TARGETS = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]


def test_registry_has_the_ten_locales():
    assert sorted(LOCALES) == sorted(["en", *SAMPLE_TARGETS])


@pytest.mark.parametrize("code", list(LOCALES))
def test_plural_forms_match_cldr(code):
    info = get_locale(code)
    # Babel >= 2.19 writes CLDR's rule; ours must agree in the number of forms.
    assert info.nplurals == get_plural(code).num_plurals
    assert info.plural_forms.startswith(f"nplurals={info.nplurals}; plural=")


@pytest.mark.parametrize("code", ["id", "ms", "my", "th", "km", "lo", "vi", "ko"])
def test_one_form_languages_are_not_given_the_english_rule(code):
    assert get_locale(code).plural_forms == "nplurals=1; plural=0;"


@pytest.mark.parametrize("code", list(LOCALES))
def test_native_name_is_what_babel_knows_for_the_language(code):
    locale = Locale.parse(get_locale(code).babel)
    assert locale.language == get_locale(code).babel
    assert get_locale(code).native_name


def test_unknown_locale_lists_valid_ones():
    with pytest.raises(LocaleError) as err:
        get_locale("xx")
    assert "valid locales: en, ko, id, ms, th, vi, fil, km, lo, my" in str(err.value)


@pytest.mark.parametrize("spelling,meant", [("ko_KR", "ko"), ("th-TH", "th"), ("tl", "fil")])
def test_misspelled_locale_suggests_the_right_code(spelling, meant):
    with pytest.raises(LocaleError, match=f"did you mean '{meant}'"):
        get_locale(spelling)


def test_native_digits_round_trip():
    table = digit_value_map()
    for code in ("th", "lo", "km", "my"):
        native = to_native_digits("2019", code)
        assert native != "2019"
        assert "".join(table.get(c, c) for c in native) == "2019"
