"""Hints and wording for a newsroom: a release's own language, singular/plural summaries, help texts."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from workflow.catalogs.extract import update
from workflow.translation.translate import NotDrafted, Summary, format_summary
from workflow.workspace import Workspace

MIXED = DATA / "newsroom" / "mixed"
KO = "ai-chip-plan"
NOTE = f"ko is the source language of 1 release ({KO}): a release has no catalog in its own language"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "newsroom"
    shutil.copytree(MIXED, root)
    workspace = Workspace.load(root)
    update(workspace)
    return workspace


@pytest.mark.parametrize("command", [("status",), ("review", "queue"), ("translate", "--engine", "pseudo")])
def test_a_release_s_own_language_is_explained(ws: Workspace, cli_run, command: tuple[str, ...]) -> None:
    result = cli_run(*command, "-r", KO, "-l", "ko", cwd=ws.root)
    assert result.exit_code == 0, result.output
    assert NOTE in result.output
    # A selection with catalogs says nothing of the kind.
    assert "source language" not in cli_run(*command, "-r", KO, "-l", "th", cwd=ws.root).output


def test_approve_in_a_release_s_own_language_names_it(ws: Workspace, cli_run) -> None:
    result = cli_run("review", "approve", "-r", KO, "-l", "ko", "-u", "3f2a9c1e", "--as", "Kim", cwd=ws.root)
    assert result.exit_code == 1
    assert "no unit matches '3f2a9c1e'" in result.output and NOTE in result.output


def test_summaries_use_singular_and_plural(ws: Workspace) -> None:
    path = ws.po_path("th", KO)
    one = Summary(drafted=1, unique_texts=1, requests=1, files_changed=[path],
                  not_drafted=[NotDrafted(path, 3, "x", "no answer")])
    one.waiting["en"] = 1
    text = "\n".join(format_summary(one, ws))
    assert "drafted 1 unit (" in text and "in 1 file;" in text and "1 distinct text, 1 request" in text
    assert "1 unit not drafted:" in text and "1 unit waits for an approved en version" in text
    assert not re.search(r"\b1 (units|files|requests|texts)\b", text)
    two = Summary(drafted=2, unique_texts=2, requests=2, files_changed=[path, path])
    assert "drafted 2 units (" in format_summary(two, ws)[0] and "2 requests" in format_summary(two, ws)[0]


def test_help_texts(cli_run) -> None:
    for group in ("glossary", "user"):
        assert "Example: " in cli_run(group, "--help").output
    assert "a JSON array, one object per unit" in cli_run("review", "queue", "--help").output


def test_user_add_without_a_terminal_points_to_password_stdin(ws: Workspace, cli_run) -> None:
    result = cli_run("user", "add", "Kim Editor", "--role", "editor", cwd=ws.root, input="")
    assert result.exit_code == 1
    assert "pressflow: error: no terminal to ask for the password" in result.output
    assert "--password-stdin" in result.output and "Aborted" not in result.output
    assert "GetPassWarning" not in result.output and not (ws.root / ".pressflow-users.json").exists()


def test_readme_stamp_fields_are_in_the_order_pressflow_writes_them() -> None:
    from workflow.catalogs import Entry
    from workflow.review.relay import relay_fields
    from workflow.review.units import mark_draft

    entry = Entry(msgid="a", msgstr="")
    mark_draft(entry, "b", origin="google", **relay_fields("en", "The English."))
    written = [w.split("=")[0] for w in entry.tcomment.split()[2:]]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"`# pressflow: draft (origin=\S+ [^`]*via=en-approved[^`]*)`", readme)
    assert [w.split("=")[0] for w in shown.split()] == written == ["origin", "at", "via", "relay-sha"]
