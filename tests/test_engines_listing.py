"""``pressflow engines``: what each engine translates, from the workspace's source languages."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA
from workflow.translation.engines.support import support_table

MIXED = DATA / "newsroom" / "mixed"


def test_engines_lists_every_source_language_of_the_workspace(tmp_path: Path, cli_run) -> None:
    root = tmp_path / "newsroom"
    shutil.copytree(MIXED, root)
    config = root / "pressflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('source_language = "en"', 'source_language = "ko"'),
                      encoding="utf-8")
    result = cli_run("engines", cwd=root)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "from ko:" and "from en:" in lines          # ko first: the workspace's source language
    ko_block = lines[1:lines.index("from en:")]
    [pseudo] = [line for line in ko_block if line.split()[0] == "pseudo"]
    assert pseudo.split()[1] == "en" and " ko " not in pseudo
    explicit = cli_run("engines", "--source", "th", cwd=root)
    assert "from" not in explicit.output.splitlines()[0]
    assert next(line for line in explicit.output.splitlines() if line.startswith("pseudo")).split()[1] == "en"


def test_apertium_names_the_pairs_it_translates() -> None:
    [line] = [line for line in support_table("ko", env={"PATH": str(Path(shutil.which("true") or "/bin/true").parent)})
              if line.startswith("apertium")]
    assert "id->ms" in line and "ms->id" in line and "cannot" not in line
    [from_id] = [line for line in support_table("id") if line.startswith("apertium")]
    assert from_id.split()[1] == "ms"


def test_a_missing_apertium_command_is_marked_unavailable(tmp_path: Path) -> None:
    [line] = [line for line in support_table("id", env={"PATH": str(tmp_path)}) if line.startswith("apertium")]
    assert "unavailable here" in line and "sudo apt-get install apertium apertium-ind-zlm" in line
    [pseudo] = [line for line in support_table("id", env={"PATH": str(tmp_path)}) if line.startswith("pseudo")]
    assert "unavailable" not in pseudo
