"""`check` ⊇ `msgfmt -c`: the same files rejected, every problem reported as path:line, nothing written that msgfmt -c rejects."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from gettext_corpus import KINDS, generate_bad

from workflow.catalogs import load_catalog, parse_catalog, save_catalog
from workflow.catalogs.formats import check_format, parse_c, parse_python, parse_python_brace, InvalidFormat
from workflow.catalogs.plurals import PluralFormsError, parse_plural_forms
from workflow.catalogs.validate import msgfmt_problems
from workflow.errors import CatalogError

DATA = Path(__file__).resolve().parent / "data" / "po"
CASES = DATA / "gettext"


def msgfmt_rejects(path: Path) -> bool:
    msgfmt = require_tool("msgfmt")
    return subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], capture_output=True).returncode != 0


def pressflow_rejects(path: Path) -> list[str]:
    try:
        return [p.message for p in msgfmt_problems(load_catalog(path))]
    except CatalogError as exc:
        return [str(exc)]


def test_generated_bad_files_are_rejected_exactly_when_msgfmt_rejects_them(tmp_path):
    paths = generate_bad(tmp_path, per_kind=3, seed=14)
    assert {p.name.rsplit("-", 1)[0] for p in paths} == set(KINDS)
    gnu = {p.name for p in paths if msgfmt_rejects(p)}
    ours = {p.name for p in paths if pressflow_rejects(p)}
    assert ours == gnu
    # the corpus has both sides: every rejected kind is rejected, every ok_ kind accepted
    assert {p.name for p in paths if not p.name.startswith("ok_")} == gnu


def test_real_catalogs_and_shared_cases_agree_with_msgfmt():
    paths = sorted((DATA / "real").rglob("*.po")) + sorted(CASES.rglob("*.po"))
    disagree = [(p.name, pressflow_rejects(p)) for p in paths if bool(pressflow_rejects(p)) != msgfmt_rejects(p)]
    assert disagree == []


def test_check_reports_what_msgfmt_rejects_with_path_and_line(tmp_path, cli_run):
    for name in ("format_broken_python_and_swapped_c.po", "newline_mismatch.po"):
        shutil.copy(CASES / name, tmp_path / name)
    result = cli_run("check", "format_broken_python_and_swapped_c.po", "newline_mismatch.po", cwd=tmp_path)
    assert result.exit_code == 1
    out = result.output
    # msgfmt's lines: that of the entry's msgstr keyword
    assert ("format_broken_python_and_swapped_c.po:18: error: gettext: 'msgstr' is not a valid Python format "
            "string, unlike 'msgid'. Reason: The string ends in the middle of a directive.") in out
    assert ("format_broken_python_and_swapped_c.po:23: error: gettext: format specifications in 'msgid' and "
            "'msgstr' for argument 1 are not the same") in out
    assert "newline_mismatch.po:17: error: gettext: 'msgid' and 'msgstr' entries do not both end with '\\n'" in out
    assert "newline_mismatch.po:30: error: gettext: 'msgid' and 'msgstr' entries do not both begin with '\\n'" in out


def msgfmt_error_lines(path: Path) -> set[int]:
    """The lines of msgfmt -c's fatal errors (its warnings and '...this is the location' notes left out)."""
    done = subprocess.run([require_tool("msgfmt"), "-c", "-o", os.devnull, path.name], capture_output=True,
                          cwd=path.parent, text=True)
    lines = set()
    for line in done.stderr.splitlines():
        name, _, rest = line.partition(":")
        number, _, message = rest.partition(": ")
        if name == path.name and number.isdigit() and not message.startswith(("warning", "...")) \
                and not message.endswith("..."):
            lines.add(int(number))
    return lines


def test_every_msgfmt_error_is_reported_at_msgfmts_line(tmp_path):
    """The msgstr keyword's line, as msgfmt -c says it (header, plural and per-entry problems alike)."""
    paths = [p for p in sorted(CASES.rglob("*.po")) + generate_bad(tmp_path, per_kind=2, seed=18)
             if msgfmt_rejects(p)]
    assert len(paths) >= 20
    missing = {}
    for path in paths:
        try:
            ours = {p.line for p in msgfmt_problems(load_catalog(path), path)}
        except CatalogError as exc:
            ours = {exc.line}
        if msgfmt_error_lines(path) - ours:
            missing[path.name] = (sorted(msgfmt_error_lines(path)), sorted(ours))
    assert missing == {}


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n"])
def test_empty_and_blank_files_are_errors(tmp_path, cli_run, text):
    path = tmp_path / "vi.po"
    path.write_text(text, encoding="utf-8")
    result = cli_run("check", "vi.po", cwd=tmp_path)
    assert result.exit_code == 1
    assert "vi.po:1: error: gettext: PO file header missing or invalid" in result.output


def test_active_and_obsolete_duplicate_is_a_parse_error_with_both_lines():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'
    with pytest.raises(CatalogError, match=r"x.po:7: duplicate message definition \(first defined on line 4\)"):
        parse_catalog(text, "x.po")


@pytest.mark.parametrize("header, message", [
    ("nplurals=0; plural=0;", "nplurals = 0 but plural expression can produce values as large as 0"),
    ("nplurals=abc; plural=0;", "invalid nplurals value"),
    ("nplurals=2; plural=(n > 1;", "invalid plural expression"),
    ("nplurals=2; plural=n/0;", "plural expression can produce division by zero"),
    ("nplurals=2; plural=n%3;", "nplurals = 2 but plural expression can produce values as large as 2"),
])
def test_plural_forms_errors_are_worded_as_msgfmt(header, message):
    with pytest.raises(PluralFormsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_plural_forms(f"Plural-Forms: {header}\n")


def test_plural_forms_distribution_as_gettext():
    russian = parse_plural_forms("Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
                                 "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n")
    assert russian.often == (True, True, True) and russian.samples(0) == [1, 21, 31]
    german = parse_plural_forms("Plural-Forms: nplurals=2; plural=(n != 1);\n")
    assert german.often == (False, True)   # msgstr[0] is for n=1 only: it may leave %d out


@pytest.mark.parametrize("language, msgid, msgstr, ok", [
    ("c", "%d of %s", "%s / %d", False),
    ("c", "%1$d of %2$s", "%2$s / %1$d", True),
    ("c", "%lu files", "%u tệp", False),
    ("c", "%s", "%s %s", False),
    ("c", "%.*s", "%.*s", True),
    ("python", "%(a)s and %(b)d", "%(b)d và %(a)s", True),
    ("python", "%(a)s", "%(a)", False),
    ("python", "%(a)s %(b)s", "%(a)s", False),
    ("python", "%s", "%(a)s", False),
    ("python-brace", "{a} and {b}", "{b} và {a}", True),
    ("python-brace", "{a}", "{a} {b}", False),
    ("python-brace", "{}", "x", True),   # not a valid brace format for gettext: not checked
])
def test_format_check_cases(language, msgid, msgstr, ok):
    assert (check_format(language, msgid, None, [msgstr]) == []) is ok


def test_plural_form_for_one_n_may_leave_the_number_out_but_not_a_form_for_many():
    assert check_format("c", "%d file", "%d files", ["one file", "%d files"], often=(False, True)) == []
    assert check_format("c", "%d file", "%d files", ["%d file", "files"], often=(False, True)) == [
        "number of format specifications in 'msgid_plural' and 'msgstr[1]' does not match"]
    # a Korean catalog has one form: it is checked strictly against msgid_plural
    assert check_format("c", "%d file", "%d files", ["파일 %s개"], often=(True,)) == [
        "format specifications in 'msgid_plural' and 'msgstr[0]' for argument 1 are not the same"]


@pytest.mark.parametrize("parser, text, reason", [
    (parse_c, "%0$s", "In the directive number 1, the argument number 0 is not a positive integer."),
    (parse_c, "%1$s %s", "The string refers to arguments both through absolute argument numbers and through "
                         "unnumbered argument specifications."),
    (parse_c, "%2$s", "The string refers to argument number 2 but ignores argument number 1."),
    (parse_python, "%(a)s %d", "The string refers to arguments both through argument names and through unnamed "
                               "argument specifications."),
    (parse_python_brace, "{a", "In the directive number 0, there is an unterminated format directive."),
])
def test_invalid_format_reasons_are_msgfmts(parser, text, reason):
    with pytest.raises(InvalidFormat) as info:
        parser(text)
    assert info.value.reason == reason


def test_save_refuses_a_catalog_msgfmt_would_reject_and_leaves_the_file(tmp_path):
    path = tmp_path / "vi.po"
    shutil.copy(CASES / "placeholders_printf_python_brace_html.po", path)
    before = path.read_bytes()
    catalog = load_catalog(path)
    entry = catalog.find("Deleted %d files in %s")
    entry.msgstr = "Đã xóa %s tệp trong %d"
    with pytest.raises(CatalogError, match=r"vi.po:\d+: not written: msgfmt -c would reject the catalog: format "
                                           r"specifications in 'msgid' and 'msgstr' for argument 1 are not the same"):
        save_catalog(catalog)
    assert path.read_bytes() == before
    entry.msgstr = "Đã xóa %d tệp trong %s"
    assert save_catalog(catalog)
    assert not msgfmt_rejects(path)


def test_workspace_check_reports_what_msgfmt_rejects_in_a_hand_edited_catalog(tmp_path, cli_run):
    from loopback_mt import make_workspace

    ws = make_workspace(tmp_path / "ws", {"one": ["Hello.", "Bye."]}, ["vi"])
    po = ws / "locales" / "vi" / "LC_MESSAGES" / "one.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Hello."\nmsgstr ""', 'msgid "Hello."\nmsgstr "Xin chào\\n"'), encoding="utf-8")
    assert msgfmt_rejects(po)
    result = cli_run("check", cwd=ws)
    assert result.exit_code == 1
    assert ("locales/vi/LC_MESSAGES/one.po:" in result.output
            and "error: gettext: 'msgid' and 'msgstr' entries do not both end with '\\n' (msgfmt -c)" in result.output)


def test_plural_forms_checked_once_for_headers_that_differ_elsewhere() -> None:
    """The check depends on the text from ``nplurals=`` and from ``plural=`` on: headers of two
    projects share one result (expression and form usage), and a bad value fails every time."""
    one = parse_plural_forms("Project-Id-Version: a\nPlural-Forms: nplurals=2; plural=(n != 1);\nX-Generator: x\n")
    two = parse_plural_forms("Project-Id-Version: b\nPlural-Forms: nplurals=2; plural=(n != 1);\nX-Generator: x\n")
    assert one is two and one.expression == "(n != 1)" and one.often == (False, True)
    for _ in range(2):
        with pytest.raises(PluralFormsError, match="nplurals = 1 but plural expression can produce values as large"):
            parse_plural_forms("Project-Id-Version: c\nPlural-Forms: nplurals=1; plural=(n != 1);\n")


def test_check_reports_a_c_format_mismatch_once_at_msgfmts_line(cli_run, tmp_path) -> None:
    """The placeholders check and msgfmt -c find the same swapped arguments: one report, the msgstr line."""
    path = DATA / "check" / "c-format-arguments-swapped.po"
    assert msgfmt_rejects(path)
    result = cli_run("check", "--locale", "id", str(path), cwd=tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [f"{path}:16: error: gettext: format specifications in 'msgid' and 'msgstr' for argument 1 "
                      "are not the same (msgfmt -c)"]


def test_workspace_check_reports_a_c_format_mismatch_once(tmp_path, cli_run) -> None:
    from loopback_mt import make_workspace

    ws = make_workspace(tmp_path / "ws", {"one": ["Deleted %d files in %s.", "Bye."]}, ["vi"])
    po = ws / "locales" / "vi" / "LC_MESSAGES" / "one.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Deleted %d files in %s."\nmsgstr ""',
                               '#, c-format\nmsgid "Deleted %d files in %s."\nmsgstr "Đã xóa trong %s %d tệp."'),
                  encoding="utf-8")
    assert msgfmt_rejects(po)
    result = cli_run("check", cwd=ws)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].endswith("for argument 1 are not the same (msgfmt -c)"), result.output
    msgstr_line = po.read_text(encoding="utf-8").splitlines().index('msgstr "Đã xóa trong %s %d tệp."') + 1
    assert errors[0].startswith(f"locales/vi/LC_MESSAGES/one.po:{msgstr_line}: error: gettext: ")
