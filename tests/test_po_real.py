"""Real catalogs from public gettext projects (tests/data/po/real, origins in its README): load/save, check, drafting."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from po_blocks import translated_blocks

from workflow.catalogs import load_catalog
from workflow.catalogs.validate import msgfmt_problems, plural_forms_of
from workflow.catalogs.write import encode_catalog
from workflow.locales import resolve_locale

REAL = Path(__file__).resolve().parent / "data" / "po" / "real"
FILES = sorted(REAL.rglob("*.po"))
IDS = [str(p.relative_to(REAL)) for p in FILES]


def msgcat(path: Path) -> bytes:
    return subprocess.run([require_tool("msgcat"), str(path)], capture_output=True, check=True).stdout


def test_the_corpus_covers_ten_files_in_eight_languages():
    languages = {resolve_locale(None, load_catalog(p).locale, p).split("_")[0] for p in FILES}
    assert len(FILES) >= 10 and len(languages) >= 8
    charsets = {load_catalog(p).charset.upper() for p in FILES}
    assert {"UTF-8", "ISO-8859-1", "EUC-JP", "KOI8-R"} <= charsets


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_load_and_save_is_byte_identical_to_msgcat(path):
    assert encode_catalog(load_catalog(path)) == msgcat(path)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_check_accepts_what_msgfmt_accepts(path):
    assert msgfmt_problems(load_catalog(path)) == []


def _blocks(path: Path) -> dict[tuple[str | None, str], str]:
    """The translated, non-fuzzy active entries of a catalog as written, by (msgctxt, msgid)."""
    return translated_blocks(load_catalog(path))


@pytest.mark.parametrize("engine", ["pseudo", "memory,pseudo"])
def test_drafting_fills_every_untranslated_unit_and_keeps_every_translated_one(tmp_path, cli_run, engine):
    msgfmt = require_tool("msgfmt")
    ws = tmp_path / "ws"
    assert cli_run("init", str(ws)).exit_code == 0
    copies = []
    for path in FILES:
        target = ws / "ext" / path.relative_to(REAL)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
        copies.append(target)
    before = {p: _blocks(p) for p in copies}
    args = [a for e in engine.split(",") for a in ("-e", e)]
    result = cli_run("translate", *args, *[str(p.relative_to(ws)) for p in copies], cwd=ws)
    assert result.exit_code == 0, result.output
    assert "not drafted" not in result.output, result.output
    plural_drafts = 0
    for path in copies:
        catalog = load_catalog(path)
        after = _blocks(path)
        for key, block in before[path].items():
            assert after.get(key) == block, (path, key)   # a person's translation, byte for byte
        for entry in catalog:
            if not entry.msgid:
                continue
            forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            assert all(forms), (path, entry.msgid)       # nothing left untranslated, plurals included
            if entry.msgid_plural and "pressflow: draft" in (entry.tcomment or ""):
                plural_drafts += 1
                assert len(forms) == plural_forms_of(catalog).nplurals, (path, entry.msgid)
        # clearing fuzzy on the drafts (what a reviewer does) gives a file msgfmt -c accepts
        for entry in catalog:
            if "pressflow: draft" in (entry.tcomment or ""):
                entry.flags.remove("fuzzy")
        out = tmp_path / "cleared.po"
        out.write_bytes(encode_catalog(catalog))
        done = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(out)], capture_output=True, text=True)
        assert done.returncode == 0, (path, done.stderr)
    assert plural_drafts >= 5
