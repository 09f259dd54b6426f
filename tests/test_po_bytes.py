"""Byte fidelity: obsolete flags, \\0 as msgcat, control characters refused or shown escaped, any charset."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from loopback_mt import NO_HANG_TIMEOUT, LoopbackMT

from workflow.catalogs import load_catalog, parse_catalog, save_catalog
from workflow.catalogs.model import control_characters, visible
from workflow.catalogs.write import encode_catalog
from workflow.errors import CatalogError, ReviewError
from workflow.review.units import edit_entry

DATA = Path(__file__).resolve().parent / "data" / "po"
CASES = DATA / "gettext"
HEADER = 'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def msgcat(path: Path) -> bytes:
    return subprocess.run([require_tool("msgcat"), str(path)], capture_output=True, check=True).stdout


def test_obsolete_entry_keeps_its_flags_byte_for_byte():
    path = CASES / "obsolete_entry_with_flags.po"
    assert encode_catalog(load_catalog(path)) == path.read_bytes() == msgcat(path)


@pytest.mark.parametrize("flags", ["c-format", "python-format", "no-wrap", "fuzzy, python-brace-format"])
def test_obsolete_flags_survive_load_and_save_like_msgcat(tmp_path, flags):
    path = tmp_path / "vi.po"
    path.write_text(HEADER + f'msgid "One"\nmsgstr "Một"\n\n#, {flags}\n#~ msgid "Lost %d"\n#~ msgstr "Thua %d"\n',
                    encoding="utf-8")
    assert encode_catalog(load_catalog(path)) == msgcat(path)


def test_a_later_flags_line_replaces_the_earlier_ones_as_in_gettext(tmp_path):
    """gettext 0.21 reads each "#," line afresh: GNOME gnome-calculator's en@shaw.po has "#, c-format"
    then "#, fuzzy" on one entry, and msgcat writes "#, fuzzy" (msgfmt -c then checks no format)."""
    entries = ['#, c-format\n#, fuzzy\nmsgid "Show %d decimal _places"\nmsgstr "Hiện %d chữ số"\n',
               '#, fuzzy\n#, c-format\nmsgid "e %s"\nmsgstr "f %s"\n',
               '#, python-format\n#. extracted\n#, no-wrap\nmsgid "g"\nmsgstr "h"\n',
               '#, fuzzy, c-format\n#,\nmsgid "i"\nmsgstr "j"\n',
               '#, c-format\n#, fuzzy\n#~ msgid "k"\n#~ msgstr "l"\n']
    path = tmp_path / "vi.po"
    path.write_text(HEADER + "\n".join(entries), encoding="utf-8")
    assert encode_catalog(load_catalog(path)) == msgcat(path)
    assert encode_catalog(load_catalog(path)) == encode_catalog(parse_catalog(msgcat(path).decode()))


def test_range_flag_of_an_obsolete_entry_is_dropped_as_msgcat_does(tmp_path):
    path = tmp_path / "vi.po"
    path.write_text(HEADER + '#, c-format, range: 1..5\n#~ msgid "Lost %d"\n#~ msgstr "Thua %d"\n', encoding="utf-8")
    assert encode_catalog(load_catalog(path)) == msgcat(path)
    assert b"range" not in msgcat(path)


def test_nul_ends_a_string_as_in_msgcat(tmp_path):
    path = tmp_path / "vi.po"
    path.write_text(HEADER + 'msgid "nul"\nmsgstr "a\\0b" "cd"\n\nmsgid "x\\0y"\nmsgstr "z"\n', encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.find("nul").msgstr == "acd" and catalog.find("x") is not None
    out = encode_catalog(catalog)
    assert b"\0" not in out and out == msgcat(path)


def test_crlf_catalog_keeps_cr_in_comments_as_msgcat(tmp_path):
    path = DATA / "real" / "gnome-shell" / "km.po"   # its header lines end in CRLF
    assert b"\r\n" in path.read_bytes()
    assert encode_catalog(load_catalog(path)) == msgcat(path)


@pytest.mark.parametrize("text", ["a\x1b[31mred", "nul\x00", "bell\x07", "c1\x9b"])
def test_control_characters_typed_into_a_translation_are_refused(text):
    entry = next(iter(parse_catalog(HEADER + 'msgid "Hello"\nmsgstr ""\n')))
    with pytest.raises(ReviewError, match="control characters"):
        edit_entry(entry, text, "reviewer")
    assert entry.msgstr == ""


def test_tabs_and_newlines_are_not_control_characters_to_refuse():
    assert control_characters("a\tb\nc") == []
    assert control_characters("a\x1bb\x1b") == ["U+001B"]
    assert visible("a\x1b[31m\x00") == "a\\x1b[31m\\x00"


def test_review_queue_never_prints_raw_control_characters(tmp_path, cli_run):
    from loopback_mt import make_workspace

    ws = make_workspace(tmp_path / "ws", {"esc": ["Hello world."]}, ["vi"])
    assert cli_run("translate", "-e", "pseudo", cwd=ws).exit_code == 0
    po = ws / "locales" / "vi" / "LC_MESSAGES" / "esc.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgstr "[')
    # a draft that arrived with an escape sequence (a file edited elsewhere can have one)
    po.write_text(text[:start] + 'msgstr "evil \\033[2J text"' + text[text.index("\n", start):], encoding="utf-8")
    result = cli_run("review", "queue", cwd=ws)
    assert "evil" in result.output
    assert "\x1b" not in result.output
    assert "\\x1b[2J" in result.output


def test_engine_answer_with_control_characters_is_not_drafted_and_is_named(tmp_path, cli_run):
    from loopback_mt import make_workspace

    with LoopbackMT() as mt:
        ws = make_workspace(tmp_path / "ws", {"esc": ["Plain text.", "Evil \x1b[2J text."]}, ["th"],
                            translate=f'chain = ["libre"]\nlibre_url = "{mt.url}"\nbackoff = 0.01\ntimeout = {NO_HANG_TIMEOUT:g}\n')
        result = cli_run("translate", cwd=ws)
    assert result.exit_code == 0, result.output
    assert "1 unit not drafted" in result.output
    assert "control characters (U+001B)" in result.output
    catalog = load_catalog(ws / "locales" / "th" / "LC_MESSAGES" / "esc.po")
    assert catalog.find("Plain text.").msgstr and not catalog.find("Evil \x1b[2J text.").msgstr


@pytest.mark.parametrize("relative, charset", [
    ("glib-2002/ms.po", "iso-8859-1"), ("glib-2001/ja.po", "euc-jp"), ("glib-2001/ru.po", "koi8-r"),
])
def test_non_utf8_catalogs_are_read_and_written_back_in_their_charset(tmp_path, relative, charset):
    source = DATA / "real" / relative
    path = tmp_path / Path(relative).name
    shutil.copy(source, path)
    catalog = load_catalog(path)
    assert catalog.charset.lower() == charset
    assert encode_catalog(catalog) == msgcat(source)
    entry = next(e for e in catalog if e.msgid and e.msgstr)
    entry.msgstr = entry.msgstr + " "
    save_catalog(catalog)
    assert f"charset={charset}".encode() in path.read_bytes().lower()
    assert load_catalog(path).find(entry.msgid).msgstr.endswith(" ")


def test_latin1_shared_case_round_trips_and_refuses_characters_it_cannot_hold(tmp_path):
    path = tmp_path / "de.po"
    shutil.copy(CASES / "charset_latin1_de.po", path)
    catalog = load_catalog(path)
    assert catalog.find("Translate me!").msgstr == "Übersetz mich!"
    assert encode_catalog(catalog) == path.read_bytes() == msgcat(path)
    catalog.find("Translate me!").msgstr = "Übersetz mich → jetzt"
    with pytest.raises(CatalogError, match=r"de.po:\d+: '→' \(U\+2192\) cannot be written in this catalog's "
                                           r"charset ISO-8859-1; convert it first \(msgconv -t UTF-8\)"):
        save_catalog(catalog)
    assert path.read_bytes() == (CASES / "charset_latin1_de.po").read_bytes()


def test_pseudo_drafts_into_a_koi8_catalog_fit_its_charset(tmp_path, cli_run):
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    po = ws / "ru.po"
    shutil.copy(DATA / "real" / "glib-2001" / "ru.po", po)
    result = cli_run("translate", "-e", "pseudo", "ru.po", cwd=ws)
    assert result.exit_code == 0, result.output
    catalog = load_catalog(po)
    assert catalog.charset.lower() == "koi8-r"
    assert all(e.msgstr for e in catalog if e.msgid)
