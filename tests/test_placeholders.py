"""Placeholder-safe machine translation: format directives (by flag), tags and entities come back exactly."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool

from workflow.catalogs import load_catalog
from workflow.catalogs.placeholders import SourceText, placeholder_spans, placeholders, source_text
from workflow.review.checks.base import CheckContext
from workflow.review.checks.run import check_entry, check_text
from workflow.translation.engines.pseudo import pseudo_localize
from workflow.translation.masking import Masker

CASES = Path(__file__).resolve().parent / "data" / "po" / "gettext"


@pytest.mark.parametrize("text, flags, kept", [
    ("Company '%(company)s' is in '%(country)s'.", ["python-format"], ["%(company)s", "%(country)s"]),
    ("%1$s %2$s moved to the Trash.", ["c-format"], ["%1$s", "%2$s"]),
    ("Deleted %d files in %s", ["c-format"], ["%d", "%s"]),
    ("Latest {app_name} releases", ["python-brace-format"], ["{app_name}"]),
    ("Click <b>Save</b> to keep your changes.", [], ["<b>", "</b>"]),
    ("One thought on &ldquo;%2$s&rdquo;", [], ["&ldquo;", "%2$s", "&rdquo;"]),
    ("Hello $USER, you have %1 messages", ["sh-format", "qt-format"], ["$USER", "%1"]),
    ("Done: 100% sure", [], []),                       # no flag: a bare % is not a directive
    ("%d items", ["no-c-format"], []),                 # the flag rules printf out
])
def test_placeholder_spans_follow_the_flags(text, flags, kept):
    found = [text[a:b] for a, b in placeholder_spans(source_text(text, flags))]
    assert found == kept


@pytest.mark.parametrize("text, flags", [
    ("Company '%(company)s' is configured in country '%(country)s'.", ["python-format"]),
    ("%1$s %2$s moved to the Trash.", ["c-format"]),
    ("Deleted %d files in %s", ["c-format"]),
    ("Latest {app_name} releases", ["python-brace-format"]),
    ("Click <b>Save</b> to keep your changes.", []),
    ("**Bold** %s and [a link](https://example.org/x) &amp; 42 items.", []),
    ("%(count)d file in {folder}\n", ["python-format"]),
])
def test_pseudo_drafts_keep_every_placeholder(text, flags):
    source = source_text(text, flags)
    masked = Masker().mask(source)
    restored = masked.restore(pseudo_localize(masked.text))
    assert restored.lost == []
    assert placeholders(restored.text, source.formats) == placeholders(source, source.formats)
    assert restored.text.endswith("\n") == text.endswith("\n")
    # and the engine never saw them
    for start, end in placeholder_spans(source):
        assert source[start:end] not in masked.text


def test_numbers_inside_directives_are_not_masked_apart():
    masked = Masker().mask(SourceText("%1$s of %2$s", {"c"}))
    assert masked.tokens == ["%1$s", "%2$s"]


def test_pseudo_draft_of_the_shared_case_passes_msgfmt_once_fuzzy_is_cleared(tmp_path, cli_run):
    msgfmt = require_tool("msgfmt")
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    po = ws / "placeholders.po"
    shutil.copy(CASES / "placeholders_printf_python_brace_html.po", po)
    result = cli_run("translate", "-e", "pseudo", "placeholders.po", cwd=ws)
    assert result.exit_code == 0, result.output
    assert "drafted 6 units" in result.output and "1 of them plural" in result.output
    catalog = load_catalog(po)
    for entry in catalog:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        source = source_text(entry.msgid_plural or entry.msgid, entry.flags)
        for form in forms:
            assert placeholders(form, source.formats) == placeholders(source, source.formats), form
    cleared = tmp_path / "cleared.po"
    cleared.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", ""),
                       encoding="utf-8")
    done = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(cleared)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("flags, source, target, expect", [
    (["python-format"], "Latest %(app_name)s releases", "Bản %(app_name) mới", "lacks the source's %(app_name)s"),
    (["c-format"], "Deleted %d files in %s", "Đã xóa %s tệp trong %d", "for argument 1 are not the same"),
    (["python-brace-format"], "Latest {app_name}", "Mới nhất {name}", "lacks the source's {app_name}"),
    ([], "Click <b>Save</b>", "Nhấn Lưu", "lacks the source's <b>, </b>"),
    ([], "Fish &amp; chips", "Cá & khoai", "lacks the source's &amp;"),
])
def test_placeholders_check_is_an_error_naming_what_changed(flags, source, target, expect):
    ctx = CheckContext("en", "vi", None, formats=frozenset(f[:-7] for f in flags))
    findings = check_text(source, target, ctx, only=["placeholders"])
    assert findings and findings[0].severity.value == "error"
    assert any(expect in f.message for f in findings), findings


def test_placeholders_check_allows_reordering_and_translated_attributes():
    ctx = CheckContext("en", "vi", None, formats=frozenset({"c", "python-brace"}))
    assert not check_text("%1$s of %2$s", "%2$s của %1$s", ctx, only=["placeholders"])
    assert not check_text("{a} and {b}", "{b} và {a}", ctx, only=["placeholders"])
    assert not check_text('<a title="Plan">plan</a>', '<a title="Kế hoạch">kế hoạch</a>', ctx, only=["placeholders"])


def test_plural_singular_form_may_leave_the_number_out():
    catalog_text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n#, c-format\nmsgid "%d file"\n'
                    'msgid_plural "%d files"\nmsgstr[0] "eine Datei"\nmsgstr[1] "%d Dateien"\n')
    from workflow.catalogs import parse_catalog

    entry = next(iter(parse_catalog(catalog_text)))
    assert [f for f in check_entry(entry, "en", "de") if f.check == "placeholders"] == []
    entry.msgstr_plural[1] = "Dateien"
    assert [f.message for f in check_entry(entry, "en", "de") if f.check == "placeholders"] == [
        "msgstr[1]: lacks the source's %d"]
