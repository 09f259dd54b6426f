"""Merging = `msgmerge --previous`: byte for byte on generated and real catalogs, with honest summary counts."""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from gettext_corpus import generate_merges

from workflow.catalogs import Catalog, load_catalog, merge_catalog, parse_catalog, render_catalog
from workflow.catalogs.merge import merge_header
from workflow.catalogs.write import encode_catalog

DATA = Path(__file__).resolve().parent / "data" / "po"
CASES = DATA / "gettext"


def msgmerge(po: Path, pot: Path) -> str:
    tool = require_tool("msgmerge")
    done = subprocess.run([tool, "--previous", "-q", "-o", "-", str(po), str(pot)], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def msgmerge_bytes(po: Path, pot: Path) -> bytes:
    tool = require_tool("msgmerge")
    return subprocess.run([tool, "--previous", "-q", "-o", "-", str(po), str(pot)], capture_output=True,
                          check=True).stdout


def ours(po: Path, pot: Path) -> tuple[str, object]:
    catalog = load_catalog(po)
    stats = merge_catalog(catalog, load_catalog(pot))
    return render_catalog(catalog), stats


def _entries(text: str) -> list[str]:
    return text.split("\n\n")


def test_generated_catalogs_merge_exactly_as_msgmerge(tmp_path):
    pairs = generate_merges(tmp_path, count=120, seed=14)
    mismatched = []
    for po, pot in pairs:
        expected, (got, _) = msgmerge(po, pot), ours(po, pot)
        if got != expected:
            # entry by entry, to say which entry differs
            diff = [(a, b) for a, b in zip(_entries(got), _entries(expected)) if a != b][:1]
            mismatched.append((po.name, diff or "entry count"))
    assert mismatched == []


@pytest.mark.parametrize("case", ["merge_shape_change", "merge_obsolete_partial_plural", "merge_header_fields"])
def test_shared_cases_merge_exactly_as_msgmerge(case):
    po, pot = CASES / f"{case}.po", CASES / f"{case}.pot"
    assert ours(po, pot)[0] == msgmerge(po, pot)


def test_fuzzy_matches_are_the_candidates_msgmerges_index_finds(tmp_path):
    """msgmerge tries only translations sharing a 4-character sequence with the msgid (most shared
    first) or, for msgids under 4 characters, of a length that can reach 0.6; a translation without
    context gets the context bonus too. Real case (ayatana-indicator-datetime lo.po): "%a, %l:%M %p"
    is 0.6 + bonus similar to "%a %b %e" but shares no 4 characters, so it is not proposed."""
    rng = random.Random(18)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'

    def msgid() -> str:
        return "".join(rng.choice("ab %:,é") for _ in range(rng.choice([1, 2, 3, 3, 4, 5, 6, 8, 12])))

    def context() -> str:
        return rng.choice(["", "", 'msgctxt "x"\n', 'msgctxt "y"\n'])

    mismatched = []
    for case in range(12):
        po_ids = {(context(), msgid()) for _ in range(40)}
        pot_ids = {(context(), msgid()) for _ in range(40)} - po_ids
        po = tmp_path / f"{case}.po"
        pot = tmp_path / f"{case}.pot"
        po.write_text(header + "".join(f'\n{c}msgid "{m}"\nmsgstr "t{i}"\n' for i, (c, m) in enumerate(sorted(po_ids))),
                      encoding="utf-8")
        pot.write_text(header + "".join(f'\n{c}msgid "{m}"\nmsgstr ""\n' for c, m in sorted(pot_ids)), encoding="utf-8")
        if ours(po, pot)[0] != msgmerge(po, pot):
            mismatched.append(case)
    assert mismatched == []
    po, pot = tmp_path / "lo.po", tmp_path / "lo.pot"
    po.write_text(header + '\nmsgid "%a, %l:%M %p"\nmsgstr "%a, %l:%M %p"\n', encoding="utf-8")
    pot.write_text(header + '\nmsgid "%a %b %e"\nmsgstr ""\n', encoding="utf-8")
    merged = ours(po, pot)[0]
    assert merged == msgmerge(po, pot) and "#, fuzzy" not in merged


@pytest.mark.parametrize("po_charset,pot_charset", [("utf-8", "utf-8"), ("ISO-8859-1", "UTF-8"),
                                                   ("ISO-8859-1", "CHARSET"), ("ISO-8859-1", "ISO-8859-1")])
def test_a_utf8_template_makes_the_merged_catalog_utf8_as_msgmerge(tmp_path, po_charset, pot_charset):
    """msgmerge converts the PO to UTF-8 when the template's charset is UTF-8 (any case) and writes
    "UTF-8" (searxng's Babel catalogs say "utf-8"); otherwise the PO keeps its charset."""
    po, pot = tmp_path / "es.po", tmp_path / "es.pot"
    po.write_bytes(f'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset={po_charset}\\n"\n\n'
                   'msgid "size"\nmsgstr "tama\u00f1o"\n'.encode("utf-8" if po_charset == "utf-8" else "latin-1"))
    pot.write_bytes(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={pot_charset}\\n"\n\n'
                    'msgid "size"\nmsgstr ""\n\nmsgid "sizes"\nmsgstr ""\n'.encode("ascii"))
    catalog = load_catalog(po)
    merge_catalog(catalog, load_catalog(pot))
    assert encode_catalog(catalog) == msgmerge_bytes(po, pot)


def test_shape_changes_are_fuzzy_with_previous_msgids_and_counted():
    text, stats = ours(CASES / "merge_shape_change.po", CASES / "merge_shape_change.pot")
    assert '#, fuzzy, c-format\n#| msgid "%d file purged"\nmsgid "%d file purged"\nmsgid_plural' in text
    assert '#| msgid "%d comment"\n#| msgid_plural "%d comments"\nmsgid "%d comment"\nmsgstr "%d komento"' in text
    assert (stats.reshaped, stats.kept, stats.fuzzy) == (2, 0, 0)


def test_plural_translated_only_in_a_later_form_is_dropped_and_counted_as_dropped():
    text, stats = ours(CASES / "merge_obsolete_partial_plural.po", CASES / "merge_obsolete_partial_plural.pot")
    assert "removed thing" not in text
    assert (stats.obsoleted, stats.dropped) == (0, 1)


def test_header_keeps_repeated_and_free_lines_in_msgmerge_order():
    po = ('Project-Id-Version: a\nX-Poedit-SearchPath-0: .\nX-Poedit-SearchPath-0: src\nFree note\n'
          'Language: vi\nX-Empty:\nPOT-Creation-Date: old\n')
    pot = "Project-Id-Version: b\nPOT-Creation-Date: new\nReport-Msgid-Bugs-To: bugs@example.org\n"
    assert merge_header(po, pot) == ("Project-Id-Version: a\nReport-Msgid-Bugs-To: bugs@example.org\n"
                                     "POT-Creation-Date: new\nLanguage: vi\nX-Poedit-SearchPath-0: .\n"
                                     "X-Poedit-SearchPath-0: src\nFree note\nX-Empty:\n")


def _template_of(catalog: Catalog) -> str:
    """A POT for a real catalog: its active msgids, one dropped, one changed a little, one new."""
    blocks = ['msgid ""\nmsgstr ""\n"POT-Creation-Date: 2030-01-01 00:00+0000\\n"\n"Content-Type: text/plain; charset=CHARSET\\n"\n']
    entries = [e for e in catalog if e.msgid]
    for i, entry in enumerate(entries):
        if i == 1:
            continue
        msgid = entry.msgid + (" (changed)" if i == 2 else "")
        block = f"#, {', '.join(f for f in entry.flags if f != 'fuzzy')}\n" if [f for f in entry.flags if f != "fuzzy"] else ""
        if entry.msgctxt is not None:
            block += f'msgctxt "{_esc(entry.msgctxt)}"\n'
        block += f'msgid "{_esc(msgid)}"\n'
        if entry.msgid_plural:
            block += f'msgid_plural "{_esc(entry.msgid_plural)}"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        else:
            block += 'msgstr ""\n'
        blocks.append(block)
    blocks.append('msgid "A brand new message for the template"\nmsgstr ""\n')
    return "\n".join(blocks)


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


REAL = sorted(p for p in (DATA / "real").rglob("*.po"))


@pytest.mark.parametrize("path", REAL, ids=[str(p.relative_to(DATA / "real")) for p in REAL])
def test_real_catalogs_merge_exactly_as_msgmerge(tmp_path, path):
    catalog = load_catalog(path)
    po = tmp_path / path.name
    shutil.copy(path, po)
    pot = tmp_path / "template.pot"
    pot.write_text(_template_of(catalog), encoding="utf-8")   # English msgids: ASCII, charset=CHARSET
    merged = load_catalog(po)
    stats = merge_catalog(merged, load_catalog(pot))
    assert encode_catalog(merged) == msgmerge_bytes(po, pot)
    assert stats.added >= 1 and stats.kept + stats.reshaped + stats.fuzzy + stats.restored >= 1


def test_summary_counts_what_happened():
    po = parse_catalog('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "Keep"\nmsgstr "Giữ"\n\nmsgid "Gone"\nmsgstr "Mất"\n\nmsgid "Empty"\nmsgstr ""\n\n'
                       '#~ msgid "Back"\n#~ msgstr "Trở lại"\n\nmsgid "Open the file"\nmsgstr "Mở tệp"\n')
    pot = parse_catalog('msgid ""\nmsgstr ""\n\nmsgid "Keep"\nmsgstr ""\n\nmsgid "Back"\nmsgstr ""\n\n'
                        'msgid "Open the files"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n')
    stats = merge_catalog(po, pot)
    assert (stats.kept, stats.restored, stats.fuzzy, stats.added, stats.obsoleted, stats.dropped) == (1, 1, 1, 1, 1, 1)
