"""Plural entries are drafted in every form of the catalog's Plural-Forms; what cannot be drafted is named."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workflow.catalogs import load_catalog, parse_catalog
from workflow.catalogs.plurals import parse_plural_forms
from workflow.translation.drafting import match_newlines, plural_sources

REAL = Path(__file__).resolve().parent / "data" / "po" / "real"

RUSSIAN = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
           "? 1 : 2);")
ARABIC = ("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && "
          "n%100<=99 ? 4 : 5;")


def _entry(flags: str, singular: str, plural: str):
    text = f'#, {flags}\nmsgid "{singular}"\nmsgid_plural "{plural}"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    return next(iter(parse_catalog(text)))


@pytest.mark.parametrize("value, expected", [
    ("nplurals=1; plural=0;", ["%d files"]),                                    # Korean, Thai...: one form
    ("nplurals=2; plural=(n != 1);", ["%d file", "%d files"]),
    (RUSSIAN, ["%d file", "%d files", "%d files"]),                             # 1, 21 -> one: singular
    (ARABIC, ["%d files", "%d file", "%d files", "%d files", "%d files", "%d files"]),  # zero, one, two, ...
])
def test_each_form_is_drafted_from_the_source_of_its_cldr_category(value, expected):
    entry = _entry("c-format", "%d file", "%d files")
    assert plural_sources(entry, parse_plural_forms(value), "en") == expected


def test_a_strictly_checked_form_never_takes_a_singular_without_the_number():
    entry = _entry("c-format", "One file", "%d files")
    # Russian form 0 is used for 1, 21, 31...: msgfmt -c wants %d there, so the plural source is used
    assert plural_sources(entry, parse_plural_forms(RUSSIAN), "en") == ["%d files"] * 3
    # German form 0 is for n=1 only: "One file" is fine there
    assert plural_sources(entry, parse_plural_forms("nplurals=2; plural=(n != 1);"), "en") == ["One file", "%d files"]


def test_newlines_follow_the_source():
    assert match_newlines("a\n", "b") == "b\n"
    assert match_newlines("\na", "b\n") == "\nb"


def _workspace(tmp_path, cli_run) -> Path:
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    return ws


def test_catalog_without_plural_forms_gets_its_locales_and_every_plural_is_drafted(tmp_path, cli_run):
    ws = _workspace(tmp_path, cli_run)
    po = ws / "tl.po"
    shutil.copy(REAL / "glib" / "tl.po", po)        # Language: tl, no Plural-Forms, untranslated plurals
    result = cli_run("translate", "-e", "pseudo", "tl.po", cwd=ws)
    assert result.exit_code == 0, result.output
    assert "added Plural-Forms: nplurals=2; plural=(n != 1 && n != 2 && n != 3" in result.output
    catalog = load_catalog(po)
    plurals = [e for e in catalog if e.msgid_plural]
    assert plurals and all(len(e.msgstr_plural) == 2 and all(e.msgstr_plural.values()) for e in plurals)
    assert "plural units" in result.output


def test_units_that_cannot_be_drafted_are_counted_and_named(tmp_path, cli_run):
    ws = _workspace(tmp_path, cli_run)
    po = ws / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
                  'msgid "Open"\nmsgstr ""\n\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
                  'msgstr[0] ""\nmsgstr[1] ""\n', encoding="utf-8")
    before = po.read_bytes()
    result = cli_run("translate", "-e", "pseudo", "de.po", cwd=ws)
    assert result.exit_code == 1
    # The header is the file's one problem: reported once, at msgfmt's line, with the value to fill in.
    assert "drafted 0 units" in result.output and "not drafted:" not in result.output
    assert result.output.count("de.po") == 1
    assert ("de.po:2: Plural-Forms is still msginit's placeholder \"nplurals=INTEGER; plural=EXPRESSION;\", which "
            "msgfmt -c rejects: fill it in, e.g. \"Plural-Forms: nplurals=2; plural=(n != 1);\" for de "
            "(2 units not drafted, the file unchanged)") in result.output
    assert po.read_bytes() == before


def test_a_persons_partial_plural_keeps_their_forms(tmp_path, cli_run):
    ws = _workspace(tmp_path, cli_run)
    po = ws / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n#, c-format\nmsgid "%d file"\n'
                  'msgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] "%d Dateien"\n', encoding="utf-8")
    assert cli_run("translate", "-e", "pseudo", "de.po", cwd=ws).exit_code == 0
    entry = next(iter(load_catalog(po)))
    assert entry.msgstr_plural[1] == "%d Dateien" and entry.msgstr_plural[0].startswith("[")
