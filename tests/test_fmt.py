"""`pressflow fmt`: catalogs rewritten in msgcat's form; the fast parser for that form agrees with the strict one."""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow.catalogs import canonical, parse, render_catalog
from workflow.catalogs.model import Catalog
from workflow.catalogs.parse import parse_catalog
from workflow.cli import cli
from workflow.errors import CatalogError

DATA = Path(__file__).parent / "data" / "po"
MSGCAT_FORM = DATA / "msgcat_form_all_features.po"
NOT_MSGCAT_FORM = DATA / "polib_wrapped_all_features.po"
HAVE_MSGCAT = shutil.which("msgcat") is not None


def run_fmt(*args: str):
    return CliRunner().invoke(cli, ["fmt", *args])


def test_check_passes_a_file_in_msgcat_form(tmp_path):
    path = tmp_path / "ko.po"
    shutil.copy(MSGCAT_FORM, path)
    before = path.stat().st_mtime_ns
    result = run_fmt("--check", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert path.read_bytes() == MSGCAT_FORM.read_bytes()
    assert path.stat().st_mtime_ns == before


def test_check_lists_a_file_not_in_msgcat_form_and_writes_nothing(tmp_path):
    good, bad = tmp_path / "good.po", tmp_path / "bad.po"
    shutil.copy(MSGCAT_FORM, good)
    shutil.copy(NOT_MSGCAT_FORM, bad)
    result = run_fmt("--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"would reformat {bad}"]
    assert bad.read_bytes() == NOT_MSGCAT_FORM.read_bytes()


def test_fmt_rewrites_as_msgcat_and_then_check_passes(tmp_path):
    path = tmp_path / "ko.po"
    shutil.copy(NOT_MSGCAT_FORM, path)
    result = run_fmt(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"reformatted {path}"]
    assert path.read_bytes() == (DATA / "polib_wrapped_all_features.msgcat.po").read_bytes()
    assert run_fmt("--check", str(path)).exit_code == 0
    assert run_fmt(str(path)).output == ""        # nothing left to do


@pytest.mark.skipif(not HAVE_MSGCAT, reason="GNU gettext's msgcat is not installed")
def test_fmt_writes_msgcats_bytes_for_every_real_catalog_in_its_own_charset(tmp_path):
    """ISO-8859-1, EUC-JP and KOI8-R catalogs stay in their charset (they were written as UTF-8
    under a header naming the old charset); every real catalog comes out as msgcat writes it."""
    real = sorted((DATA / "real").rglob("*.po"))
    copies = []
    for i, path in enumerate(real):
        copy = tmp_path / f"{i}-{path.name}"
        shutil.copy(path, copy)
        copies.append(copy)
    result = run_fmt(*map(str, copies))
    assert result.exit_code == 0, result.output
    differ = [p.name for p, c in zip(real, copies)
              if c.read_bytes() != subprocess.run(["msgcat", str(p)], capture_output=True, check=True).stdout]
    assert differ == []
    assert run_fmt("--check", *map(str, copies)).exit_code == 0


def test_duplicate_references_are_dropped_as_msgcat_does(tmp_path):
    path = tmp_path / "refs.po"
    shutil.copy(DATA / "duplicate_references.po", path)
    assert run_fmt(str(path)).exit_code == 0
    expected = (DATA / "duplicate_references.msgcat.po").read_text(encoding="utf-8")   # written by msgcat 0.21
    assert path.read_text(encoding="utf-8") == expected
    if HAVE_MSGCAT:
        out = subprocess.run(["msgcat", str(DATA / "duplicate_references.po")], capture_output=True, check=True)
        assert out.stdout.decode("utf-8") == expected


@pytest.mark.skipif(not HAVE_MSGCAT, reason="msgcat (GNU gettext) is the reference")
def test_single_references_are_written_as_msgcat_writes_them(tmp_path):
    """One reference per entry (written without the duplicate bookkeeping): leading zeros, "./", no line."""
    refs = ["a.md:012", "./a.md:7", "././b/c.md:0", "d.md", "e.md:00", "f:g.md:30", "h.md:1x", "./" + "x" * 90 + ":5"]
    entries = "".join(f'\n#: {ref}\nmsgid "{i}"\nmsgstr "{i}"\n' for i, ref in enumerate(refs))
    path = tmp_path / "refs.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n' + entries, encoding="utf-8")
    expected = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert run_fmt(str(path)).exit_code == 0
    assert path.read_bytes() == expected


def test_a_broken_file_is_reported_and_skipped(tmp_path):
    broken, other = tmp_path / "a_broken.po", tmp_path / "b_other.po"
    shutil.copy(DATA / "malformed_missing_msgstr.po", broken)
    shutil.copy(NOT_MSGCAT_FORM, other)
    result = run_fmt(str(tmp_path), str(tmp_path / "missing.po"))
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "Traceback" not in result.output
    assert f"{tmp_path / 'missing.po'}: no such file or folder" in result.stderr
    assert broken.read_bytes() == (DATA / "malformed_missing_msgstr.po").read_bytes()
    assert other.read_bytes() == (DATA / "polib_wrapped_all_features.msgcat.po").read_bytes()



@pytest.mark.parametrize("in_msgcat_form", [False, True])
@pytest.mark.parametrize("check", [False, True])
def test_a_catalog_msgfmt_rejects_is_reported_and_left_as_it_is(tmp_path, in_msgcat_form, check):
    # msgcat would rewrite it; pressflow never writes a catalog `msgfmt -c` rejects, and `fmt --check`
    # gives the same verdict as `fmt` (a newcomer's CI loop otherwise never settles), whatever its form.
    msgstr = 'msgstr "%s 파일"\n' if in_msgcat_form else 'msgstr "%s "\n"파일"\n'
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#, c-format\nmsgid "%d files"\n' + msgstr)
    path = tmp_path / "ko.po"
    path.write_text(text, encoding="utf-8")
    result = run_fmt(*(["--check"] if check else []), str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"pressflow: error: {path}:7: not written: msgfmt -c would reject the catalog: format")
    assert "would reformat" not in result.output and "reformatted" not in result.output
    assert path.read_text(encoding="utf-8") == text
    if shutil.which("msgfmt"):
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0

# --- the fast parser ----------------------------------------------------------------------------


def _state(catalog: Catalog) -> list[object]:
    position = {id(entry): i for i, entry in enumerate(catalog.pofile)}
    header = catalog._header
    return [catalog.has_header, catalog.header_flags, catalog.pofile.header, list(catalog.metadata.items()),
            catalog.pofile.metadata_is_fuzzy, None if header is None else header.__dict__,
            [entry.__dict__ for entry in catalog.pofile],
            {key: position[id(entry)] for key, entry in catalog._index.items()},
            {key: position[id(entry)] for key, entry in catalog._obsolete_index.items()}]


def _strict(text: str, encoding: str) -> Catalog | str:
    try:
        saved, parse.parse_canonical = parse.parse_canonical, lambda *args: False
        try:
            return parse_catalog(text, "x.po", encoding=encoding)
        finally:
            parse.parse_canonical = saved
    except CatalogError as exc:
        return str(exc)


def _fast(text: str, encoding: str) -> tuple[bool, Catalog | str]:
    taken = canonical.parse_canonical(text, Catalog(), parse._unescape, encoding)
    try:
        return taken, parse_catalog(text, "x.po", encoding=encoding)
    except CatalogError as exc:
        return taken, str(exc)


def _variants(text: str, rng: random.Random) -> list[str]:
    """The text and damaged or re-laid-out copies of it (some still in msgcat's layout, most not)."""
    lines = text.split("\n")
    out = [text]
    for _ in range(40):
        copy = list(lines)
        i = rng.randrange(len(copy))
        choice = rng.randrange(7)
        if choice == 0:
            del copy[i]
        elif choice == 1:
            copy.insert(i, copy[rng.randrange(len(copy))])
        elif choice == 2:
            copy[i] = copy[i].replace('"', '\\"', 1)
        elif choice == 3:
            copy.insert(i, "")
        elif choice == 4:
            copy[i] = copy[i] + " "
        elif choice == 5:
            copy[i] = copy[i].replace("msgstr", "msgstr[0]", 1)
        else:
            copy[i] = copy[i].replace("\\n", "\\q", 1)
        out.append("\n".join(copy))
    return out


@pytest.mark.parametrize("name", sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.po*")))
def test_fast_parser_builds_what_the_strict_parser_builds(name):
    data = (DATA / name).read_bytes()
    encoding = parse.declared_charset(data)[1] or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        pytest.skip(f"not valid {encoding} (load_catalog rejects it before parsing)")
    taken = 0
    for variant in _variants(text, random.Random(name)):
        fast_taken, fast = _fast(variant, encoding)
        strict = _strict(variant, encoding)
        taken += fast_taken
        if isinstance(strict, str) or isinstance(fast, str):
            assert fast == strict, variant
        else:
            assert _state(fast) == _state(strict), variant
    if name in (MSGCAT_FORM.name, "merge_expected_ko.po"):
        assert _fast(text, encoding)[0], "a file in msgcat's layout takes the fast path"
        assert taken > 5, "so do the variants still in that layout"
        assert render_catalog(_fast(text, encoding)[1]) == text


def test_fast_parser_reads_references_as_the_strict_parser_does():
    """Reference lines of one and of several references: names with colons, non-ASCII digits, no line."""
    rng = random.Random(12)
    pieces = ["a", "b.md", ":", "12", "٣", "²", "0", "x", "./"]
    entries = []
    for i in range(400):
        blanks = rng.choice([[], [], ["\t", " "]])    # most lines hold one reference
        lines = ["#:" + rng.choice(["", " ", " ", "\t"]) + "".join(rng.choice(pieces + blanks) for _ in range(rng.randint(0, 6)))
                 for _ in range(rng.randint(1, 3))]
        entries.append("\n".join(lines) + f'\nmsgid "{i}"\nmsgstr "x"\n')
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "\n".join(entries)
    fast_taken, fast = _fast(text, "utf-8")
    strict = _strict(text, "utf-8")
    assert fast_taken and not isinstance(fast, str) and not isinstance(strict, str)
    assert _state(fast) == _state(strict)
