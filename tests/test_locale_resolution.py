"""One locale resolution for translate, check, status, update and review: --locale, Language header, path."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workflow.catalogs import load_catalog
from workflow.errors import LocaleError
from workflow.locales import canonical_locale, locale_from_path, locale_info, plural_forms_for, resolve_locale

CASES = Path(__file__).resolve().parent / "data" / "po" / "gettext"


@pytest.mark.parametrize("spelling, code", [
    ("tl", "fil"), ("tl_PH", "fil"), ("ko_KR", "ko"), ("ko-kr", "ko"), ("th_TH", "th"), ("TH", "th"),
    ("vi.UTF-8", "vi"), ("my_MM", "my"), ("pt_BR", "pt_BR"), ("pt-br", "pt_BR"), ("sr@latin", "sr@latin"),
    ("ja", "ja"),
])
def test_spellings_resolve_to_one_code(spelling, code):
    assert canonical_locale(spelling) == code


@pytest.mark.parametrize("spelling, meant", [("kr", "ko"), ("vn", "vi"), ("ph", "fil"), ("xx_YY", None)])
def test_unknown_codes_say_what_was_meant(spelling, meant):
    with pytest.raises(LocaleError) as info:
        canonical_locale(spelling)
    if meant:
        assert f"did you mean '{meant}'" in str(info.value)
    assert "any CLDR locale is accepted" in str(info.value) or meant


def test_explicit_then_header_then_path():
    assert resolve_locale("vi", "th", "/x/ko/LC_MESSAGES/a.po") == "vi"
    assert resolve_locale(None, "th_TH", "/x/ko/LC_MESSAGES/a.po") == "th"
    assert resolve_locale(None, "", "/x/ko/LC_MESSAGES/a.po") == "ko"
    assert resolve_locale(None, None, "/x/po/pt_BR.po") == "pt_BR"
    assert locale_from_path("/x/po/ko/gettext.po") == "ko"
    with pytest.raises(LocaleError, match="cannot tell the locale"):
        resolve_locale(None, None, "/x/strings.po")


def test_locales_outside_the_ten_get_cldr_data():
    info = locale_info("pt_BR")
    assert info.english_name == "Portuguese (Brazil)" and info.nplurals == 3
    assert plural_forms_for("ru").startswith("nplurals=3;")
    assert plural_forms_for("fil") == locale_info("tl").plural_forms


def _copy_cases(tmp_path: Path) -> Path:
    for name in ("language_pt_BR.po", "charset_latin1_de.po"):
        shutil.copy(CASES / name, tmp_path / name)
    shutil.copytree(CASES / "headerless", tmp_path / "headerless")
    return tmp_path


def test_check_and_status_accept_languages_outside_the_ten(tmp_path, cli_run):
    _copy_cases(tmp_path)
    check = cli_run("check", "language_pt_BR.po", "charset_latin1_de.po", cwd=tmp_path)
    assert "no Language header" not in check.output and "unknown locale" not in check.output
    status = cli_run("status", "--json", "language_pt_BR.po", "charset_latin1_de.po",
                     "headerless/vi/LC_MESSAGES/app.po", cwd=tmp_path)
    assert status.exit_code == 0, status.output
    rows = {Path(r["path"]).name if "path" in r else r["release"]: r["locale"] for r in json.loads(status.output)}
    assert sorted(rows.values()) == ["de", "pt_BR", "vi"]


def test_translate_uses_an_explicit_locale_for_a_file_without_language_header(tmp_path, cli_run):
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    shutil.copytree(CASES / "headerless", ws / "ext")
    po = ws / "ext" / "vi" / "LC_MESSAGES" / "app.po"
    target = ws / "strings.po"   # the path names no locale either
    shutil.copy(po, target)
    refused = cli_run("translate", "-e", "pseudo", "strings.po", cwd=ws)
    assert refused.exit_code == 1 and "cannot tell the locale" in refused.output
    done = cli_run("translate", "-e", "pseudo", "--locale", "th_TH", "strings.po", cwd=ws)
    assert done.exit_code == 0, done.output
    catalog = load_catalog(target)
    assert catalog.locale == "th" and catalog.find("Untranslated").msgstr
    # the header-less file under vi/LC_MESSAGES: the path tells
    assert cli_run("translate", "-e", "pseudo", "ext/vi/LC_MESSAGES/app.po", cwd=ws).exit_code == 0
    assert load_catalog(po).locale == "vi"


@pytest.mark.parametrize("header", ["tl", "ko_KR", "th_TH", "pt_BR"])
def test_the_same_header_is_resolved_the_same_way_by_every_command(tmp_path, cli_run, header):
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    po = ws / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n'
                  f'"Language: {header}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Open"\nmsgstr ""\n', encoding="utf-8")
    expected = canonical_locale(header)
    status = cli_run("status", "--json", "x.po", cwd=ws)
    assert json.loads(status.output)[0]["locale"] == expected
    assert cli_run("check", "x.po", cwd=ws).exit_code == 0
    translated = cli_run("translate", "-e", "pseudo", "x.po", cwd=ws)
    assert translated.exit_code == 0, translated.output
    assert load_catalog(po).find("Open").msgstr


def test_update_of_an_explicit_catalog_in_another_language(tmp_path, cli_run):
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    po, pot = ws / "pt_BR.po", ws / "pt_BR.pot"
    shutil.copy(CASES / "language_pt_BR.po", po)
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Open"\nmsgstr ""\n\n'
                   'msgid "Close"\nmsgstr ""\n', encoding="utf-8")
    result = cli_run("update", "--pot", "pt_BR.pot", "pt_BR.po", cwd=ws)
    assert result.exit_code == 0, result.output
    assert load_catalog(po).find("Close") is not None


def test_workspace_locale_options_take_aliases(tmp_path, cli_run):
    from loopback_mt import make_workspace

    ws = make_workspace(tmp_path / "ws", {"one": ["Hello."]}, ["fil", "ko"])
    result = cli_run("translate", "-e", "pseudo", "--locale", "tl", cwd=ws)
    assert result.exit_code == 0, result.output
    assert load_catalog(ws / "locales" / "fil" / "LC_MESSAGES" / "one.po").find("Hello.").msgstr
    assert not load_catalog(ws / "locales" / "ko" / "LC_MESSAGES" / "one.po").find("Hello.").msgstr
    queue = cli_run("review", "queue", "--locale", "ko_KR", cwd=ws)
    assert queue.exit_code == 0, queue.output


@pytest.mark.parametrize("header, code", [
    ("", ""), (None, ""), ("C", ""), ("POSIX", ""), ("posix", ""), ("C.UTF-8", ""),   # no language: the caller's
    ("ko_KR", "ko"), ("en-US", "en"), ("id.UTF-8", "id"),
])
def test_one_reading_of_the_x_source_language_header(header, code):
    """``C`` / ``POSIX`` (a program's own strings) name no language: translate (explicit files), status
    and check, and the translation memory then use the workspace's (or release's) source language."""
    from workflow.catalogs import new_catalog
    from workflow.locales import header_language
    from workflow.translation.jobs import explicit_source

    assert header_language(header) == code
    catalog = new_catalog("th", project="x")
    if header is not None:
        catalog.metadata["X-Source-Language"] = header
    assert explicit_source(Path("x.po"), catalog, None, "ko", "th") == (code or "ko")
