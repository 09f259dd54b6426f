"""The newsroom model: every release is translated from its own language into the site's other languages."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from workflow.catalogs import load_catalog
from workflow.catalogs.extract import update
from workflow.config import parse_config
from workflow.errors import ConfigError
from workflow.locales import LOCALES
from workflow.review.status import collect_status
from workflow.workspace import Workspace

MIXED = DATA / "newsroom" / "mixed"
KO, EN = "ai-chip-plan", "5g-pilot"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    shutil.copytree(MIXED, tmp_path / "newsroom")
    workspace = Workspace.load(tmp_path / "newsroom")
    update(workspace)
    return workspace


@pytest.mark.parametrize("source", list(LOCALES))
def test_targets_are_the_site_languages_but_the_release_own(source: str) -> None:
    config = parse_config("")
    assert config.locales == list(LOCALES)
    assert config.targets_of(source) == [c for c in LOCALES if c != source]


def test_a_korean_release_gets_english_and_asean_an_english_one_korean_and_asean() -> None:
    config = parse_config("")
    assert config.targets_of("ko") == ["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
    assert config.targets_of("en") == ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]


def test_target_locales_keeps_working_and_may_name_the_default_source() -> None:
    config = parse_config('[workspace]\nsource_language = "en"\ntarget_locales = ["th", "km"]\n')
    assert config.locales == ["en", "th", "km"] and config.target_locales == ["th", "km"]
    assert config.targets_of("ko") == ["en", "th", "km"]
    # Adding the default source language as a target is how a Korean release gets English.
    widened = parse_config('[workspace]\ntarget_locales = ["ko", "en", "th"]\n')
    assert widened.locales == ["en", "ko", "th"] and widened.targets_of("ko") == ["en", "th"]


@pytest.mark.parametrize("text,expected", [
    ('[workspace]\nlocales = ["en"]\ntarget_locales = ["th"]\n',
     "ws.toml:3: workspace.target_locales: give `locales`"),
    ('[workspace]\nlocales = ["en", "th"]\n\n[translate]\nrelay = {ko = "id"}\n',
     "ws.toml:5: translate.relay: ko = 'id': 'id' is not one of the site's languages"),
    ('[translate]\nrelay = {ko = "ko"}\n', "ws.toml:2: translate.relay: ko: a language cannot relay through itself"),
    ('[translate]\nrelay_targets = {ms = 7}\n', "ws.toml:2: translate.relay_targets: ms: expected a locale code"),
    ('[translate]\nrelay_targets = {ms = "id", id = "ms"}\n',
     "ws.toml:2: translate.relay_targets: a cycle: for en releases, id waits for ms and ms waits for id"),
])
def test_bad_newsroom_config(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "ws.toml")
    assert str(err.value).startswith(expected)


def test_catalogs_of_a_korean_release(ws: Workspace) -> None:
    assert not ws.po_path("ko", KO).exists() and not ws.po_path("en", EN).exists()
    pot = load_catalog(ws.pot_path(KO))
    assert pot.metadata["X-Source-Language"] == "ko"
    assert load_catalog(ws.pot_path(EN)).metadata["X-Source-Language"] == "en"
    for locale in ("en", "id", "ms", "th"):
        po = load_catalog(ws.po_path(locale, KO))
        assert po.metadata["Language"] == locale and po.metadata["X-Source-Language"] == "ko"
        assert [e.msgid for e in po] == [e.msgid for e in pot]
        assert po.find("정부는 2030년까지 1조 원을 투자한다.") is not None


def test_status_has_one_row_per_release_and_target(ws: Workspace) -> None:
    rows = {(r.release, r.locale): r for r in collect_status(ws)}
    assert set(rows) == {(EN, c) for c in ("ko", "id", "ms", "th")} | {(KO, c) for c in ("en", "id", "ms", "th")}
    assert rows[(KO, "en")].total == 3 and rows[(EN, "ko")].total == 2
    only_english = collect_status(ws, locales=("en",))
    assert [(r.release, r.locale) for r in only_english] == [(KO, "en")]


def test_queue_and_checks_use_each_release_own_source(ws: Workspace, cli_run) -> None:
    from workflow.catalogs import edit_catalog
    from workflow.review.queue import review_queue
    from workflow.review.units import mark_draft

    with edit_catalog(ws.po_path("en", KO)) as catalog:
        mark_draft(catalog.find("정부는 2030년까지 1조 원을 투자한다."),
                   "The government will invest 100 billion won by 2030.", "sample")
    with edit_catalog(ws.po_path("ko", EN)) as catalog:
        mark_draft(catalog.find("The pilot covers 3 cities."), "시범사업은 3개 도시를 대상으로 한다.", "sample")
    items = {(i.release, i.locale): i for i in review_queue(ws)}
    assert items[(KO, "en")].source_lang == "ko" and items[(EN, "ko")].source_lang == "en"
    # 1조 is 1,000 billion: QA compares the English with the Korean original.
    assert [f.check for f in items[(KO, "en")].findings if f.severity.value == "error"] == ["numbers"]
    assert items[(EN, "ko")].findings == []


def test_site_of_a_korean_release_defaults_to_korean(ws: Workspace) -> None:
    from workflow.catalogs import edit_catalog
    from workflow.publish.build import build_site
    from workflow.review.actions import Selection, approve
    from workflow.review.units import edit_entry

    english = {"인공지능 반도체 육성 계획 발표": "AI chip plan announced",
               "정부는 2030년까지 1조 원을 투자한다.": "The government will invest 1 trillion won by 2030."}
    with edit_catalog(ws.po_path("en", KO)) as catalog:
        for msgid, text in english.items():
            edit_entry(catalog.find(msgid), text, "Kim Editor")
    approve(ws, Selection(releases=(KO,), locales=("en",), all=True), "Kim Editor")
    ws.config["build"]["publish_threshold"] = 0.5
    result = build_site(ws)
    assert set(result.published[KO]) == {"ko", "en"}
    page = (ws.output_dir / "en" / f"{KO}.html").read_text(encoding="utf-8")
    assert f'hreflang="x-default" href="https://example.org/ko/{KO}.html"' in page
    # The unit without an approved English text falls back to the Korean original.
    assert 'lang="ko"' in page and "자세한 내용은" in page


def test_translate_source_names_the_language_of_an_explicit_po_file(tmp_path: Path, ws: Workspace, cli_run) -> None:
    from workflow.catalogs import new_catalog, save_catalog

    po = tmp_path / "th.po"
    catalog = new_catalog("th", project="other")
    catalog.add("정부는 2030년까지 1조 원을 투자한다.")
    save_catalog(catalog, po)
    cli_run("translate", "-e", "pseudo", str(po), cwd=ws.root)        # the workspace's default: en
    assert load_catalog(po).find("정부는 2030년까지 1조 원을 투자한다.").msgstr  # drafted, as if English
    save_catalog(catalog, po)
    seen: list[tuple[str, str]] = []
    from workflow.translation.engines.pseudo import PseudoEngine

    original = PseudoEngine._translate_batch

    def spy(self, texts, src, tgt, source, target):  # type: ignore[no-untyped-def]
        seen.append((source, target))
        return original(self, texts, src, tgt, source, target)

    PseudoEngine._translate_batch = spy  # type: ignore[method-assign]
    try:
        result = cli_run("translate", "-e", "pseudo", "--source", "ko", str(po), cwd=ws.root)
    finally:
        PseudoEngine._translate_batch = original  # type: ignore[method-assign]
    assert result.exit_code == 0, result.output
    assert seen == [("ko", "th")]
    refused = cli_run("translate", "-e", "pseudo", "--source", "th", str(po), cwd=ws.root)
    assert refused.exit_code != 0 and "th.po: its msgids would be in 'th'" in refused.output


def test_the_glossary_is_used_from_a_korean_source() -> None:
    from workflow.catalogs import Entry
    from workflow.review.checks.run import check_entry
    from workflow.review.glossary import load_glossary

    glossary = load_glossary(Workspace.load(Path(__file__).resolve().parent.parent))  # the sample's
    source = "과학기술정보통신부는 한-아세안 협력을 강화한다."
    korean = glossary.for_source("ko")
    assert korean is glossary.for_source("ko") and korean.source_language == "ko"
    # Korean forms are found (a particle may follow), the term column is the expected English.
    hits = {h.term.term: h.translation("en") for h in korean.lookup(source, "en")}
    assert hits == {"Ministry of Science and ICT": "Ministry of Science and ICT", "ASEAN-Korea": "ASEAN-Korea"}
    good = Entry(msgid=source, msgstr="The Ministry of Science and ICT strengthens ASEAN-Korea cooperation.")
    bad = Entry(msgid=source, msgstr="The Science Ministry strengthens Korea-ASEAN cooperation.")
    assert not [f for f in check_entry(good, "ko", "en", glossary) if f.check == "glossary"]
    assert [f.message for f in check_entry(bad, "ko", "en", glossary) if f.check == "glossary"] == [
        "'과학기술정보통신부' should be 'Ministry of Science and ICT'", "'한-아세안' should be 'ASEAN-Korea'"]
