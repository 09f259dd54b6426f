"""workflow.catalogs: headers, lookup, merging, errors, atomic saving."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from workflow.catalogs.write import encode_catalog
from workflow.catalogs import (
    Catalog, MergeStats, edit_catalog, is_fuzzy, load_catalog, merge_catalog, new_catalog, parse_catalog,
    render_catalog, save_catalog, set_fuzzy,
)
from workflow.errors import CatalogError
from workflow.fsutil import lock_path
from workflow.locales import LOCALES

DATA = Path(__file__).parent / "data" / "po"
DATE = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc)
HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'


@pytest.fixture(scope="session")
def gettext() -> None:
    missing = [tool for tool in ("msgfmt", "msgmerge") if shutil.which(tool) is None]
    if missing:
        message = f"GNU gettext tools not found: {', '.join(missing)} (apt-get install gettext)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def check_with_msgfmt(path: Path, *options: str) -> list[str]:
    """msgfmt diagnostics (default ``-c``) for ``path``; empty when it passes."""
    result = subprocess.run(["msgfmt", *(options or ("-c",)), "-o", os.devnull, str(path)],
                            capture_output=True, text=True)
    return result.stderr.splitlines() if result.returncode else []


def po(body: str) -> Catalog:
    return parse_catalog(HEADER + "\n" + body)


# --- new catalogs -------------------------------------------------------------------------------

@pytest.mark.parametrize("code", list(LOCALES))
def test_new_catalog_header_per_locale(gettext, tmp_path, code):
    cat = new_catalog(code, project="spring-launch", date=DATE)
    cat.add("Hello", "x", occurrences=[("releases/a.md", "1")])
    meta = cat.metadata
    assert cat.locale == code
    assert meta["Language"] == code
    assert meta["Plural-Forms"] == LOCALES[code].plural_forms
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["POT-Creation-Date"] == meta["PO-Revision-Date"] == "2024-05-01 12:30+0000"
    assert meta["X-Generator"].startswith("pressflow ")
    assert list(meta)[:3] == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"]
    path = tmp_path / f"{code}.po"
    assert save_catalog(cat, path)
    assert check_with_msgfmt(path) == []
    again = load_catalog(path)
    assert again.metadata == meta and again.locale == code


def test_new_template_header_is_xgettext_like(gettext, tmp_path):
    pot = new_catalog(None, project="spring-launch", date=DATE)
    pot.add("Hello", occurrences=[("releases/a.md", "1")], comment="heading")
    text = render_catalog(pot)
    assert pot.locale is None
    assert '#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: spring-launch\\n"' in text
    assert '"Language: \\n"' in text
    assert '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"' in text
    assert '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"' in text
    path = tmp_path / "t.pot"
    save_catalog(pot, path)
    # A template's placeholder header never passes --check-header (same for xgettext's); the rest must.
    assert check_with_msgfmt(path, "--check-format", "--check-domain") == []


# --- entries and lookup ---------------------------------------------------------------------------

def test_find_add_remove_keep_the_index_valid():
    cat = new_catalog("ko", project="p", date=DATE)
    a = cat.add("Read more", "더 보기", msgctxt="button")
    b = cat.add("Read more", "자세히")
    assert cat.find("Read more") is b
    assert cat.find("Read more", "button") is a
    assert cat.find("Read more", "link") is None
    with pytest.raises(CatalogError, match="duplicate"):
        cat.add("Read more", msgctxt="button")
    cat.remove(b)
    assert cat.find("Read more") is None and len(cat) == 1
    b.msgid = "renamed"   # an entry not in the catalog any more
    with pytest.raises(CatalogError):
        cat.remove(b)
    a.msgid = "Continue"  # edited in place: find notices the stale index
    assert cat.find("Read more", "button") is None
    assert cat.find("Continue", "button") is a


def test_iteration_skips_header_and_obsolete():
    cat = po('msgid "a"\nmsgstr "A"\n\n#~ msgid "old"\n#~ msgstr "OLD"\n')
    assert [e.msgid for e in cat] == ["a"] and len(cat) == 1
    assert [e.msgid for e in cat.obsolete_entries()] == ["old"]
    assert cat.find("old") is None
    assert cat.find("old", include_obsolete=True).msgstr == "OLD"
    assert cat.metadata["Language"] == "ko" and cat.locale == "ko"


def test_gnu_escapes_are_decoded_exactly():
    cat = po('msgid "bell"\nmsgstr "\\a\\b\\f\\v\\r \\101\\x42 \\303\\251 \\\\ \\""\n')
    assert cat.find("bell").msgstr == '\a\b\f\v\r AB é \\ "'
    assert 'msgstr "\\a\\b\\f\\v\\r AB é \\\\ \\""' in render_catalog(cat)


def test_fuzzy_flag_helpers():
    cat = po('#, fuzzy, python-format\n#| msgid "old"\nmsgid "new"\nmsgstr "x"\n\n#, fuzzy\nmsgid "empty"\nmsgstr ""\n')
    entry = cat.find("new")
    assert is_fuzzy(entry) and entry.previous_msgid == "old"
    set_fuzzy(entry, False)
    assert not is_fuzzy(entry) and entry.previous_msgid is None and entry.flags == ["python-format"]
    set_fuzzy(entry, True)
    text = render_catalog(cat)
    assert '#, fuzzy, python-format\nmsgid "new"' in text
    assert 'msgid "empty"' in text and "#, fuzzy\nmsgid \"empty\"" not in text  # msgcat drops fuzzy on untranslated


def test_comments_keep_their_exact_text():
    text = HEADER + '\n#\n#  two spaces kept  \n#. \n#: a.md:1 ./b.md:2 c.md\nmsgid "a"\nmsgstr "b"\n'
    cat = parse_catalog(text)
    entry = cat.find("a")
    assert entry.tcomment == "\n two spaces kept  "
    assert entry.occurrences == [("a.md", "1"), ("./b.md", "2"), ("c.md", "")]
    assert render_catalog(cat).endswith('#\n#  two spaces kept  \n#.\n#: a.md:1 b.md:2 c.md\nmsgid "a"\nmsgstr "b"\n')


# --- merging --------------------------------------------------------------------------------------

def merged_scenario() -> tuple[Catalog, MergeStats]:
    cat = load_catalog(DATA / "merge_old_ko.po")
    stats = merge_catalog(cat, load_catalog(DATA / "merge_template.pot"))
    return cat, stats


def test_merge_units_added_changed_removed_restored():
    cat, stats = merged_scenario()
    assert stats == MergeStats(kept=3, added=1, fuzzy=1, obsoleted=1, restored=1, dropped=1)
    new = cat.find("A brand new paragraph about something else entirely.")
    assert new.msgstr == "" and not is_fuzzy(new) and new.occurrences == [("releases/a.md", "9")]
    changed = cat.find("The minister announced a new policy on Monday.")
    assert is_fuzzy(changed)
    assert changed.previous_msgid == "The minister announced a new policy today."
    assert changed.msgstr == "장관은 오늘 새로운 정책을 발표했습니다."
    assert changed.tcomment == "Keep the ministry's official name."
    kept = cat.find("Unchanged sentence.")
    assert kept.msgstr == "변경되지 않은 문장." and kept.occurrences == [("releases/a.md", "5")]
    restored = cat.find("Coming back in the next version.")
    assert restored.msgstr == "다음 버전에서 돌아옵니다." and not restored.obsolete and not is_fuzzy(restored)
    assert cat.find("Read more", "button").msgstr == "더 보기"
    assert cat.find("%d business applied").msgstr_plural == {0: "%d개 업체가 신청했습니다"}
    removed = cat.find("This sentence will be removed from the release.", include_obsolete=True)
    assert removed.obsolete and removed.msgstr == "이 문장은 보도자료에서 삭제됩니다."
    assert cat.find("Untranslated and removed.", include_obsolete=True) is None
    assert [e.msgid for e in cat][:2] == ["The minister announced a new policy on Monday.", "Unchanged sentence."]
    assert cat.metadata["POT-Creation-Date"] == "2024-06-01 00:00+0000"
    assert cat.metadata["Language"] == "ko"


def test_merge_never_drops_a_translation():
    old = load_catalog(DATA / "merge_old_ko.po")
    before = {e.msgstr for e in [*old, *old.obsolete_entries()] if e.msgstr}
    before |= {s for e in old for s in e.msgstr_plural.values() if s}
    cat, _ = merged_scenario()
    after = {e.msgstr for e in [*cat, *cat.obsolete_entries()]}
    after |= {s for e in cat for s in e.msgstr_plural.values()}
    assert before <= after


def test_merge_output_equals_msgmerge_previous(gettext):
    cat, _ = merged_scenario()
    expected = (DATA / "merge_expected_ko.po").read_text(encoding="utf-8")
    live = subprocess.run(["msgmerge", "-q", "--previous", str(DATA / "merge_old_ko.po"),
                           str(DATA / "merge_template.pot")], capture_output=True, text=True, check=True).stdout
    assert live == expected
    assert render_catalog(cat) == expected


def test_merge_is_idempotent_and_plural_forms_follow_the_header():
    pot = new_catalog(None, project="p", date=DATE)
    pot.add("One file", msgid_plural="%d files")
    cat = new_catalog("en", project="p", date=DATE)
    merge_catalog(cat, pot)
    assert cat.find("One file").msgstr_plural == {0: "", 1: ""}
    once = render_catalog(cat)
    assert merge_catalog(cat, pot) == MergeStats(kept=1)
    assert render_catalog(cat) == once


# --- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, line, what", [
    ("malformed_unterminated_string.po", 9, "unterminated string"),
    ("malformed_missing_msgstr.po", 9, "msgid without msgstr"),
    ("malformed_bad_escape.po", 9, "invalid escape sequence \\q"),
    ("malformed_garbage_line.po", 9, "syntax error"),
])
def test_malformed_po_reports_path_and_line_and_is_left_untouched(tmp_path, name, line, what):
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    before = path.read_bytes()
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert what in str(info.value)
    assert (info.value.path, info.value.line) == (str(path), line)
    with pytest.raises(CatalogError), edit_catalog(path) as cat:
        cat.add("never written")
    assert path.read_bytes() == before


@pytest.mark.parametrize("snippet, line, what", [
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 7, "msgstr[0]"),
    ('msgstr "x"\n', 7, "msgstr without msgid"),
    ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 10, "duplicate message definition"),
    ('msgid "a"\nmsgstr[0] "x"\n', 7, "without msgid_plural"),
    ('msgid\nmsgstr "x"\n', 7, "must be followed by a string"),
    ('msgid "a"\nmsgstr "\\303"\n', 8, "UTF-8"),
])
def test_more_syntax_errors(snippet, line, what):
    with pytest.raises(CatalogError) as info:
        parse_catalog(HEADER + "\n" + snippet, "x.po")
    assert str(info.value).startswith(f"x.po:{line}: ") and what in str(info.value)


def test_non_utf8_bytes_are_rejected_with_their_line(tmp_path):
    path = tmp_path / "latin1.po"
    shutil.copy(DATA / "non_utf8_latin1_bytes.po", path)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert str(info.value).startswith(f"{path}:7: ") and "UTF-8" in str(info.value)


def test_iso8859_1_charset_is_read_and_written_back_in_it():
    catalog = load_catalog(DATA / "charset_iso8859_1.po")
    assert catalog.charset == "ISO-8859-1"
    assert encode_catalog(catalog) == (DATA / "charset_iso8859_1.po").read_bytes()


@pytest.mark.parametrize("header, line", [
    (b'msgstr ""\n"Content-Type: text/plain; charset=NO-SUCH-CHARSET\\n"\n', 4),
    (b'msgstr ""\n"Project-Id-Version: x\\n"\n"Language: th\\n"\n"MIME-Version: 1.0\\n"\n'
     b'"Content-Type: text/plain; charset=NO-SUCH-CHARSET\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n', 7),
    (b'msgstr "Content-Type: text/plain; charset=NO-SUCH-CHARSET\\n"\n', 3),   # the header on one line
])
def test_unknown_charset_is_refused_at_the_line_of_its_content_type_field(tmp_path, header: bytes, line: int):
    path = tmp_path / "x.po"
    path.write_bytes(b'# translator comment\nmsgid ""\n' + header + b'\nmsgid "a"\nmsgstr "b"\n')
    with pytest.raises(CatalogError, match=rf"x.po:{line}: unsupported charset 'NO-SUCH-CHARSET'.*msgconv"):
        load_catalog(path)



def test_a_charset_name_with_a_nul_byte_is_refused_not_crashed(tmp_path):
    # A fuzzer finding: codecs.lookup raised ValueError ("embedded null character"), an internal error.
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF\x00-8\n"\n')
    with pytest.raises(CatalogError, match=r"x.po:\d+: unsupported charset"):
        load_catalog(path)

# --- saving ---------------------------------------------------------------------------------------

def test_msgcat_form_file_round_trips_byte_for_byte(tmp_path):
    path = tmp_path / "ko.po"
    shutil.copy(DATA / "msgcat_form_all_features.po", path)
    before = path.read_bytes()
    cat = load_catalog(path)
    assert render_catalog(cat).encode("utf-8") == before
    stat = path.stat()
    assert save_catalog(cat) is False
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert path.read_bytes() == before


def test_save_is_atomic_and_reports_changes(tmp_path):
    path = tmp_path / "locales" / "ko" / "a.po"
    cat = new_catalog("ko", project="p", date=DATE)
    with pytest.raises(CatalogError, match="no path"):
        save_catalog(cat)
    assert save_catalog(cat, path) is True and cat.path == path
    inode = path.stat().st_ino
    cat.add("Hello", "안녕하세요")
    assert save_catalog(cat) is True
    assert path.stat().st_ino != inode          # replaced by rename, never rewritten in place
    assert load_catalog(path).find("Hello").msgstr == "안녕하세요"
    assert save_catalog(load_catalog(path)) is False
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")) == ["a.po"]


def test_edit_catalog_holds_the_lock_and_saves_only_on_success(tmp_path):
    path = tmp_path / "a.po"
    save_catalog(new_catalog("ko", project="p", date=DATE), path)
    with edit_catalog(path) as cat:
        with pytest.raises(Timeout):
            FileLock(str(lock_path(path)), timeout=0.05).acquire()
        cat.add("Hello", "안녕하세요")
    assert load_catalog(path).find("Hello").msgstr == "안녕하세요"
    before = path.read_bytes()
    with pytest.raises(RuntimeError), edit_catalog(path) as cat:
        cat.add("Bye", "잘 가요")
        raise RuntimeError("review failed")
    assert path.read_bytes() == before


def test_header_edits_are_written_and_unknown_flags_kept():
    cat = parse_catalog(HEADER + '\n#, python-format, pressflow-mt\nmsgid "a %s"\nmsgstr "b %s"\n')
    cat.metadata["Last-Translator"] = "Kim <k@example.org>"
    cat.header_comment = "Korean translation."
    text = render_catalog(cat)
    assert text.startswith('# Korean translation.\nmsgid ""\nmsgstr ""\n"Language: ko\\n"')
    assert '"Last-Translator: Kim <k@example.org>\\n"\n\n' in text
    assert "#, python-format, pressflow-mt\n" in text
