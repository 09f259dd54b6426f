"""The glossary: the shipped sample, parsing errors with line numbers, lookup, TBX import."""
from __future__ import annotations

from pathlib import Path

import pytest

from workflow.errors import WorkflowError
from workflow.review.glossary import (
    GlossaryError,
    glossary_to_csv,
    load_glossary,
    load_tbx,
    parse_glossary,
)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
ASEAN_AND_KOREA = ["Korea", "Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines",
                   "Singapore", "Thailand", "Vietnam"]
HEADER = "term,note,do_not_translate,en,ko,id,ms,th,vi,fil,km,lo,my\n"


@pytest.fixture(scope="module")
def sample():
    return load_glossary(ROOT / "glossary.csv")


def test_sample_glossary_ships_the_required_terms(sample) -> None:
    terms = {t.term: t for t in sample.terms}
    for name in ("MSIT", "TELMIN", "ASEAN", "I-KOREA 4.0", "5G", "ICT"):
        assert name in terms, name
    for name in ("MSIT", "TELMIN", "I-KOREA 4.0", "5G", "ICT"):
        assert name in sample.do_not_translate
    assert sample.do_not_translate == sorted(sample.do_not_translate, key=len, reverse=True)


@pytest.mark.parametrize("country", ASEAN_AND_KOREA)
def test_country_names_in_all_nine_target_languages(sample, country: str) -> None:
    term = next(t for t in sample.terms if t.term == country)
    assert set(term.translations) >= set(TARGETS), set(TARGETS) - set(term.translations)
    assert term.translation("km") and term.translation("my") and term.translation("lo")


def test_lookup_prefers_the_longest_term_and_reports_translations(sample) -> None:
    hits = sample.lookup("ASEAN-Korea TELMIN and I-KOREA 4.0 with Korea", "th")
    assert [h.term.term for h in hits] == ["ASEAN-Korea", "TELMIN", "I-KOREA 4.0", "Korea"]
    assert hits[0].translation("th") == "อาเซียน-เกาหลี"
    assert hits[1].translation("th") == "TELMIN"  # do not translate: kept as is
    assert sample.lookup("A DICTATOR", "th") == []  # whole words only
    assert [h.term.term for h in sample.lookup("Thailand", "th")] == ["Thailand"]
    assert sample.lookup("Thailand", "th")[0].term.accepted("th") == ("ไทย", "ประเทศไทย")


def test_workspace_glossary_adds_config_terms(sample_ws) -> None:
    sample_ws.config["translate"]["do_not_translate"] = ["Bali Island", "MSIT"]
    g = load_glossary(sample_ws)
    assert "Bali Island" in g.do_not_translate
    assert g.do_not_translate.count("MSIT") == 1


def test_missing_glossary_is_empty(tmp_path: Path) -> None:
    from workflow.scaffold import init_workspace
    from workflow.workspace import Workspace

    init_workspace(tmp_path / "n")
    (tmp_path / "n" / "glossary.csv").unlink()
    assert len(load_glossary(Workspace.load(tmp_path / "n"))) == 0


@pytest.mark.parametrize("text,line,message", [
    ("name,note\nMSIT,x\n", 1, "'term' column"),
    ("term,note,xx\nMSIT,,\n", 1, "unknown column 'xx'"),
    (HEADER + "MSIT,,yes,,,,,,,,,,\n5G,,maybe,,,,,,,,,,\n", 3, "do_not_translate must be yes or no"),
    (HEADER + "MSIT,,yes,,,,,,,,,,\nMSIT,,no,,,,,,,,,,\n", 3, "already defined on line 2"),
    (HEADER + "MSIT,,yes,,,,,,,,,,\n,a note,,,,,,,,,,,\n", 3, "empty term"),
    (HEADER + "MSIT,,yes,,,,,,,,,,,,,extra\n", 2, "fields, but the header has 13"),
    (HEADER + 'MSIT,"unclosed\n', 2, "malformed CSV"),
])
def test_malformed_csv_reports_path_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "glossary.csv")
    assert isinstance(info.value, WorkflowError)
    assert str(info.value).startswith(f"glossary.csv:{line}: ")
    assert message in str(info.value)


def test_malformed_glossary_fails_the_cli_cleanly(sample_ws, cli_run) -> None:
    (sample_ws.root / "glossary.csv").write_text(HEADER + "MSIT,,perhaps,,,,,,,,,,\n", encoding="utf-8")
    result = cli_run("glossary", "check", cwd=sample_ws.root)
    assert result.exit_code == 1
    assert "glossary.csv:2: do_not_translate must be yes or no" in result.output


def test_glossary_check_counts_one_term_in_the_singular(sample_ws, cli_run) -> None:
    (sample_ws.root / "glossary.csv").write_text(HEADER + "MSIT,,yes,,,,,,,,,,\n", encoding="utf-8")
    result = cli_run("glossary", "check", cwd=sample_ws.root)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["glossary.csv: 1 term, 1 do not translate"]
    with pytest.raises(GlossaryError, match="glossary.csv:2: 1 field, but the header has 13"):
        parse_glossary(HEADER + "MSIT\n", "glossary.csv")


def test_alternatives_blank_lines_and_bom() -> None:
    g = parse_glossary("\ufeff" + HEADER + "\nSeoul,,,,서울,,,โซล|กรุงโซล,,,,,\n")
    term = g.terms[0]
    assert term.accepted("th") == ("โซล", "กรุงโซล")
    assert term.translation("ko") == "서울"
    assert term.translation("vi") is None
    assert term.line == 3


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">Dialogue partner of ASEAN</descrip>
      <langSec xml:lang="en"><termSec><term>Dialogue Partner</term></termSec></langSec>
      <langSec xml:lang="id"><termSec><term>Mitra Wicara</term></termSec></langSec>
      <langSec xml:lang="th-TH"><termSec><term>ประเทศคู่เจรจา</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>MSIT</term>
        <termNote type="doNotTranslate">yes</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx_import(tmp_path: Path, sample_ws, cli_run) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(TBX, encoding="utf-8")
    g = load_tbx(path)
    partner = next(t for t in g.terms if t.term == "Dialogue Partner")
    assert partner.translation("th") == "ประเทศคู่เจรจา" and partner.note == "Dialogue partner of ASEAN"
    assert g.do_not_translate == ["MSIT"]
    assert parse_glossary(glossary_to_csv(g)).do_not_translate == ["MSIT"]

    refused = cli_run("glossary", "import", str(path), cwd=sample_ws.root)
    assert refused.exit_code == 1 and "--replace" in refused.output
    done = cli_run("glossary", "import", str(path), "--replace", cwd=sample_ws.root)
    assert done.exit_code == 0, done.output
    assert load_glossary(sample_ws).lookup("a Dialogue Partner", "id")[0].translation("id") == "Mitra Wicara"


def test_tbx_with_a_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tbx"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><tbx>&a;</tbx>', encoding="utf-8")
    with pytest.raises(GlossaryError, match="DOCTYPE"):
        load_tbx(path)
