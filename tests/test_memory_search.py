"""`memory search`: which language pair a text is looked up in (--source, or every one the memory holds)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow.catalogs import new_catalog, save_catalog
from workflow.errors import WorkflowError
from workflow.review.units import approve_entry
from workflow.translation.memory import import_tmx, search
from workflow.translation.tmx import TmxUnit, write_tmx
from workflow.workspace import Workspace

DENGAN = "Dengan kata lain, sesungguhnya isi berita tersebut tidak memuat suatu permasalahan."
IN_OTHER_WORDS = "In other words, the content of the news did not actually contain any problem."
KO_SOURCE = "과학기술정보통신부는 제13차 TELMIN에 참석했다."
KO_EN = "MSIT took part in the 13th TELMIN."


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An English-source newsroom whose memory holds id→en (an imported TMX) and ko→en (a Korean release)."""
    root = tmp_path / "newsroom"
    root.mkdir()
    (root / "pressflow.toml").write_text('[workspace]\nsource_language = "en"\ntarget_locales = ["en", "ko"]\n',
                                         encoding="utf-8")
    workspace = Workspace.load(root)
    tmx = tmp_path / "kominfo-id-en.tmx"
    write_tmx(tmx, [TmxUnit("id", "en", DENGAN, IN_OTHER_WORDS)], srclang="id")
    import_tmx(workspace, tmx)
    catalog = new_catalog("en", project="telmin-13")
    approve_entry(catalog.add(KO_SOURCE, KO_EN), "Kim Editor", at="2018-12-07T09:00:00Z")
    save_catalog(catalog, workspace.po_path("en", "telmin-13"))
    (root / "releases").mkdir(exist_ok=True)
    (root / "releases" / "telmin-13.md").write_text(
        "---\nslug: telmin-13\ntitle: TELMIN\ndate: 2018-12-07\nlang: ko\n---\n\n" + KO_SOURCE + "\n", encoding="utf-8")
    return workspace


def test_without_source_every_source_language_for_the_locale_is_searched(ws: Workspace) -> None:
    [match] = search(ws, DENGAN, "en").matches
    assert (match.score, match.target, match.source_lang, match.locale) == (100, IN_OTHER_WORDS, "id", "en")
    [match] = search(ws, KO_SOURCE, "en").matches
    assert (match.score, match.target, match.source_lang) == (100, KO_EN, "ko")


def test_source_selects_the_pair(ws: Workspace) -> None:
    assert search(ws, DENGAN, "en", source_lang="id").matches[0].target == IN_OTHER_WORDS
    assert search(ws, DENGAN, "en", source_lang="en").matches == []       # the workspace's language holds no en→en
    assert search(ws, DENGAN, "en", source_lang="ko").matches == []


def test_unknown_source_language_is_an_error(ws: Workspace) -> None:
    with pytest.raises(WorkflowError, match="unknown locale 'xx'"):
        search(ws, DENGAN, "en", source_lang="xx")


def test_cli_prints_the_matching_pair(ws: Workspace, cli_run) -> None:
    result = cli_run("memory", "search", DENGAN, "--locale", "en", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert "100% exact  kominfo-id-en.tmx  [memory/kominfo-id-en.tmx]  id→en" in result.output
    assert IN_OTHER_WORDS in result.output
    result = cli_run("memory", "search", DENGAN, "--locale", "en", "--source", "ko", cwd=ws.root)
    assert result.exit_code == 1 and "no match" in result.output
    result = cli_run("memory", "search", DENGAN, "-l", "en", "--source", "id", "--json", cwd=ws.root)
    assert [(m["source_lang"], m["locale"], m["target"]) for m in json.loads(result.output)] == \
        [("id", "en", IN_OTHER_WORDS)]
    result = cli_run("memory", "search", DENGAN, "-l", "en", "--source", "xx", cwd=ws.root)
    assert result.exit_code != 0 and "unknown locale 'xx'" in result.output and "Traceback" not in result.output
