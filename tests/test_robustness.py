"""Issue 17: no traceback on any input, and one bad file never stops the rest of the newsroom.

Every input error is a WorkflowError printed as ``pressflow: error: path:line: problem``
(exit 1); a file that cannot be read is reported once and skipped while every other
release keeps working; anything unexpected is an "internal error" (exit 70), never a
bare traceback. The generated corpus of malformed inputs is in tests/test_fuzz.py.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from workflow.catalogs import new_catalog, parse_catalog, render_catalog
from workflow.config import parse_config
from workflow.errors import ConfigError, MemoryStoreError, ReleaseError
from workflow.review.glossary import GlossaryError, parse_glossary
from workflow.sources.releases import parse_release
from workflow.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "robustness"
SLUG = "asean-korea-telmin-13"
RELEASE = f"2018-12-07-{SLUG}.md"
GLOSSARY_HEADER = "term,note,do_not_translate,en,ko,id,ms,th,vi,fil,km,lo,my\n"


def release_text(slug: str = "second-release", date: str = "2019-01-15") -> str:
    return (f"---\nslug: {slug}\ntitle: A second release\ndate: {date}\nlang: en\n---\n\n"
            "MSIT met ASEAN ministers in Seoul.\n")


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("pressflow: error: ")]


# ---------------------------------------------------------------------------
# Releases: impossible dates, nesting, aliases; isolation in every command and the web app
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("date, why", [("2020-02-30", "day is out of range for month"),
                                       ("2018-13-45", "month must be in 1..12"),
                                       ("2018-12-07 25:00:00", "hour must be in 0..23")])
def test_an_impossible_front_matter_date_is_a_release_error_with_its_line(date: str, why: str) -> None:
    with pytest.raises(ReleaseError) as info:
        parse_release(release_text(date=date), "releases/x.md")
    assert str(info.value) == f"releases/x.md:4: bad front matter: impossible date {date!r} ({why})"


@pytest.mark.parametrize("front_matter, line, problem", [
    ("x: " + "[" * 2000 + "]" * 2000, 2, "nested more than 16 deep"),
    ("x:\n" + "".join("  " * i + "-\n" for i in range(2000)), 18, "nested more than 16 deep"),
    ("slug: &s a\ntitle: *s", 3, "aliases (*name) are not allowed"),
])
def test_deep_or_aliased_front_matter_is_refused_with_a_bound(front_matter: str, line: int, problem: str) -> None:
    with pytest.raises(ReleaseError) as info:
        parse_release(f"---\n{front_matter}\n---\nText.\n", "r.md")
    assert str(info.value).startswith(f"r.md:{line}: bad front matter: ") and problem in str(info.value)


@pytest.fixture
def broken_release_ws(sample_ws: Workspace) -> Workspace:
    """The sample newsroom plus a good second release, one with an impossible date, and a slug clash."""
    (sample_ws.releases_dir / "2019-01-15-second.md").write_text(release_text(), encoding="utf-8")
    (sample_ws.releases_dir / "2019-02-01-bad-date.md").write_text(release_text("bad-date", "2020-02-30"),
                                                                   encoding="utf-8")
    (sample_ws.releases_dir / "2019-03-01-clash.md").write_text(release_text(), encoding="utf-8")
    return sample_ws


BAD_DATE = "releases/2019-02-01-bad-date.md:4: bad front matter: impossible date '2020-02-30'"
CLASH = ("releases/2019-03-01-clash.md:1: slug 'second-release' is already used by releases/2019-01-15-second.md; "
         "this release is skipped")


@pytest.mark.parametrize("command", [["extract"], ["update", "--locale", "th"], ["status"], ["check"],
                                     ["build"], ["build", "--preview"], ["review", "queue"],
                                     ["translate", "--engine", "pseudo", "--locale", "th"]])
def test_a_broken_release_is_reported_once_and_the_others_still_work(broken_release_ws: Workspace, cli_run,
                                                                        command: list[str]) -> None:
    cli_run("update", "--locale", "th", cwd=broken_release_ws.root)  # catalogs of the good releases
    result = cli_run(*command, cwd=broken_release_ws.root)
    no_traceback(result)
    assert result.exit_code == 1
    errors = error_lines(result.output)
    assert len(errors) == 2
    assert errors[0].startswith(f"pressflow: error: {BAD_DATE}") and errors[1].startswith(f"pressflow: error: {CLASH}")
    assert result.output.splitlines()[:2] == errors   # before the results and the summary, in every command
    ws = broken_release_ws
    assert ws.pot_path("second-release").exists() and ws.pot_path(SLUG).exists()
    assert not ws.pot_path("bad-date").exists()
    if command == ["status"]:
        assert "second-release" in result.output and SLUG in result.output
    if command == ["build"]:
        assert (ws.output_dir / "en" / "second-release.html").exists()
        assert (ws.output_dir / "en" / f"{SLUG}.html").exists()


@pytest.mark.parametrize("command", [["status"], ["check"], ["build"], ["review", "queue"]])
def test_a_broken_template_is_reported_once_and_the_commands_that_do_not_need_it_keep_working(
        sample_ws: Workspace, cli_run, command: list[str]) -> None:
    pot = sample_ws.pot_path(SLUG)
    text = pot.read_text(encoding="utf-8")
    pot.write_text(text[:text.index('msgid "', 200) + 10], encoding="utf-8")   # truncated inside a string
    line = pot.read_text(encoding="utf-8").count("\n") + 1
    for run in range(2):   # reported again while it is broken: a broken file is never cached as sound
        result = cli_run(*command, cwd=sample_ws.root)
        no_traceback(result)
        assert result.exit_code == 1
        assert error_lines(result.output) == [f"pressflow: error: locales/{SLUG}.pot:{line}: unterminated string"]
    if command == ["status"]:
        assert SLUG in result.output and "asean-korea-digital-innovation-2019" in result.output
    if command == ["build"]:
        assert (sample_ws.output_dir / "en" / f"{SLUG}.html").exists()
        assert result.output.splitlines()[-2].endswith(", 1 template could not be read (error above)")
    repaired = cli_run("extract", cwd=sample_ws.root)
    assert repaired.exit_code == 0 and f"locales/{SLUG}.pot: 17 units, rewritten" in repaired.output
    after = cli_run(*command, cwd=sample_ws.root)
    assert not error_lines(after.output), after.output


def test_the_web_app_shows_the_other_releases_and_a_banner_of_broken_files(broken_release_ws: Workspace,
                                                                            cli_run) -> None:
    from test_webapp import PASSWORD, TestClient, csrf_of
    from workflow.webapp.app import create_app
    from workflow.webapp.users import UserStore

    ws = broken_release_ws
    cli_run("update", "--locale", "th", cwd=ws.root)
    UserStore(ws.root).add("Kim Editor", "editor", PASSWORD)
    client = TestClient(create_app(Workspace.load(ws.root)), base_url="http://127.0.0.1")
    page = client.get("/login")
    client.post("/login", data={"username": "Kim Editor", "password": PASSWORD, "csrf": csrf_of(page.text)})
    for url in ("/", "/queue", "/preview", f"/preview?release=second-release&locale=th"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:500])
        banner = re.search(r'<section class="broken-files" role="alert">(.*?)</section>', response.text, re.S)
        assert banner, url
        assert "2 files cannot be read" in banner.group(1)
        assert "releases/2019-02-01-bad-date.md:4: bad front matter: impossible date" in banner.group(1)
        assert "releases/2019-03-01-clash.md:1: slug" in banner.group(1)
    assert "second-release" in client.get("/").text
    # Fixed files leave the banner.
    (ws.releases_dir / "2019-02-01-bad-date.md").write_text(release_text("bad-date"), encoding="utf-8")
    (ws.releases_dir / "2019-03-01-clash.md").unlink()
    assert 'class="broken-files"' not in client.get("/").text


def test_two_releases_with_the_same_slug_do_not_stop_extract(sample_ws: Workspace, cli_run) -> None:
    shutil.copy(sample_ws.releases_dir / RELEASE, sample_ws.releases_dir / "2019-01-01-copy.md")
    (sample_ws.releases_dir / "2019-01-15-second.md").write_text(release_text(), encoding="utf-8")
    result = cli_run("extract", cwd=sample_ws.root)
    no_traceback(result)
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        f"pressflow: error: releases/2019-01-01-copy.md:1: slug '{SLUG}' is already used by releases/{RELEASE}; "
        "this release is skipped (give it another slug)"]
    assert sample_ws.pot_path("second-release").exists()


# ---------------------------------------------------------------------------
# Catalogs and glossary that cannot be read
# ---------------------------------------------------------------------------


def test_a_broken_catalog_is_skipped_never_written_and_the_others_are_updated(sample_ws: Workspace, cli_run) -> None:
    po = sample_ws.po_path("th", SLUG)
    po.write_text(po.read_text(encoding="utf-8").replace('\nmsgstr "', '\nmsgstrX "', 1), encoding="utf-8")
    broken = po.read_bytes()
    line = broken[:broken.index(b"msgstrX")].count(b"\n") + 1
    for command in (["update"], ["status"], ["check"], ["translate", "--engine", "pseudo"], ["review", "queue"]):
        result = cli_run(*command, cwd=sample_ws.root)
        no_traceback(result)
        assert result.exit_code == 1, command
        assert error_lines(result.output) == [
            f"pressflow: error: locales/th/LC_MESSAGES/{SLUG}.po:{line}: syntax error: unexpected 'msgstrX'"], command
        assert po.read_bytes() == broken
    status = cli_run("status", "--json", cwd=sample_ws.root)
    rows = [row for row in json.loads(status.stdout) if row["release"] == SLUG]
    # Every language but the broken one (and the release's source-language version, listed by --json).
    assert {row["locale"] for row in rows} == (set(sample_ws.target_locales) - {"th"}) | {"en"}


def test_a_broken_glossary_is_reported_and_the_workspace_still_works(sample_ws: Workspace, cli_run) -> None:
    (sample_ws.root / "glossary.csv").write_text(GLOSSARY_HEADER + "MSIT,,yes\n", encoding="utf-8")
    result = cli_run("status", cwd=sample_ws.root)
    no_traceback(result)
    assert result.exit_code == 1 and SLUG in result.output
    assert error_lines(result.output) == ["pressflow: error: glossary.csv:2: 3 fields, but the header has 13"]
    strict = cli_run("glossary", "check", cwd=sample_ws.root)
    assert strict.exit_code == 1 and error_lines(strict.output) == error_lines(result.output)


@pytest.mark.parametrize("text, line, problem", [
    (GLOSSARY_HEADER + "MSIT,,yes\n", 2, "3 fields, but the header has 13"),
    (GLOSSARY_HEADER + "MS\x00IT,,yes,,,,,,,,,,\n", 2, "NUL character in a field"),
])
def test_glossary_rows_with_too_few_fields_or_nul_are_refused(text: str, line: int, problem: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "glossary.csv")
    assert str(info.value) == f"glossary.csv:{line}: {problem}"


# ---------------------------------------------------------------------------
# Config errors are config errors, for every command
# ---------------------------------------------------------------------------

MALFORMED_CONFIGS = [
    ('[workspace]\nnmae = "x"\n', "pressflow.toml:2: workspace.nmae: unknown key"),
    ("[workspace]\nname = 5\n", "pressflow.toml:2: workspace.name: expected str, got 5"),
    ('[workspace\nname = "x"\n', "pressflow.toml:1: invalid TOML"),
    ('[workspace]\ntarget_locales = ["kr"]\n', "pressflow.toml:2: workspace.target_locales: unknown locale 'kr' "
                                               "(did you mean 'ko'?)"),
    ("[translate]\ndo_not_translate = [1]\n", "pressflow.toml:2: translate.do_not_translate: item 1: expected str, "
                                              "got 1"),
    ("[import]\nchrome = [1, 2]\n", "pressflow.toml:2: import.chrome: item 1: expected str, got 1"),
    ('[translate]\nfallback = {km = 3}\n', "pressflow.toml:2: translate.fallback: value of 'km': expected str"),
    ("[translate]\nchain = " + "[" * 1000 + "]" * 1000 + "\n",
     "pressflow.toml:2: arrays or inline tables nested more than 32 deep"),
]
COMMANDS = [["status"], ["check"], ["extract"], ["update"], ["build"], ["review", "queue"], ["glossary", "check"],
            ["translate"], ["memory", "search", "MSIT", "-l", "th"], ["serve"], ["user", "list"], ["demo"]]


@pytest.mark.parametrize("config, message", MALFORMED_CONFIGS)
def test_every_command_reports_a_config_error_as_what_it_is(tmp_path: Path, cli_run, config: str,
                                                              message: str) -> None:
    (tmp_path / "pressflow.toml").write_text(config, encoding="utf-8")
    for command in COMMANDS:
        result = cli_run(*command, cwd=tmp_path)
        no_traceback(result)
        assert result.exit_code == 1, command
        assert error_lines(result.output)[0].startswith(f"pressflow: error: {message}"), (command, result.output)
        assert "no workspace here" not in result.output


def test_config_list_items_are_checked_by_the_schema() -> None:
    from workflow.config import SCHEMA

    for section, keys in SCHEMA.items():
        for name, key in keys.items():
            if key.type in (list, dict):  # a number where text belongs is a config error, never a TypeError
                bad = "[7]" if key.type is list else "{ko = 7}"
                with pytest.raises(ConfigError, match=rf"^pressflow.toml:2: {section}.{name}: "):
                    parse_config(f"[{section}]\n{name} = {bad}\n")
    with pytest.raises(ConfigError, match="item 2: expected str, got 7"):
        parse_config('[workspace]\ntarget_locales = ["th", 7]\n')


def test_no_workspace_is_still_no_workspace(tmp_path: Path, cli_run) -> None:
    result = cli_run("status", cwd=tmp_path)
    assert result.exit_code == 1
    assert error_lines(result.output) == ["pressflow: error: no workspace here: give PO files, or run inside a "
                                          "workspace (or pass -w DIR)"]


# ---------------------------------------------------------------------------
# TMX encodings; the last resort; message consistency
# ---------------------------------------------------------------------------


def test_a_tmx_with_an_unknown_encoding_is_a_memory_error(sample_ws: Workspace, cli_run) -> None:
    from workflow.translation.tmx import read_tmx

    tmx = DATA / "klingon_encoding.tmx"
    with pytest.raises(MemoryStoreError) as info:
        read_tmx(tmx)
    assert str(info.value) == f"{tmx}:1: unknown encoding 'KLINGON' in the XML declaration (save the file as UTF-8)"
    result = cli_run("memory", "import", str(tmx), cwd=sample_ws.root)
    no_traceback(result)
    assert result.exit_code == 1 and error_lines(result.output)[0].endswith("unknown encoding 'KLINGON' in the XML "
                                                                            "declaration (save the file as UTF-8)")
    assert not (sample_ws.root / "memory").exists()


def test_an_unexpected_exception_is_an_internal_error_not_a_traceback(sample_ws: Workspace, cli_run,
                                                                      monkeypatch) -> None:
    import workflow.catalogs.extract as extract_module

    def explode(*_args: object, **_kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(extract_module, "extract", explode)
    result = cli_run("extract", cwd=sample_ws.root)
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith("pressflow: internal error: KeyError: 'surprise' at cli.py:")  # pressflow's frame
    assert "please report it" in result.output


def test_the_cli_never_prints_a_traceback_in_a_real_process(tmp_path: Path) -> None:
    """The same last resort in a real process (the console script's own exception handling)."""
    (tmp_path / "pressflow.toml").write_text("[workspace]\nname = 5\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PRESSFLOW_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "workflow", "status"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == "pressflow: error: pressflow.toml:2: workspace.name: expected str, got 5\n"


def test_unknown_locales_get_did_you_mean_and_every_error_has_the_prefix(sample_ws: Workspace, cli_run) -> None:
    result = cli_run("status", "--locale", "kr", cwd=sample_ws.root)
    assert result.exit_code == 1
    assert error_lines(result.output) == ["pressflow: error: unknown locale 'kr' (did you mean 'ko'?); valid locales: "
                                          "en, ko, id, ms, th, vi, fil, km, lo, my"]
    config = sample_ws.root / "pressflow.toml"
    config.write_text('[workspace]\nlocales = ["en", "th"]\n', encoding="utf-8")
    result = cli_run("update", "--locale", "ko", cwd=sample_ws.root)
    assert result.exit_code == 1
    assert result.output == ("pressflow: error: locale 'ko' is not one of this site's languages "
                             "([workspace] locales: en, th)\n")


def test_provider_errors_are_whole(tmp_path: Path) -> None:
    """A refused connection (real HTTP to a closed loopback port) reads whole, not cut mid-string."""
    import requests

    from workflow.translation.engines.base import _short

    # The port stays bound (never listening) during the request: connections are refused,
    # and no other server started meanwhile can take the port and answer.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        with pytest.raises(requests.ConnectionError) as info:
            requests.get(f"http://127.0.0.1:{port}/translate?q=secret+text&key=abc", timeout=5)
    text = _short(info.value)
    assert text.startswith(f"cannot reach 127.0.0.1:{port}: NewConnectionError: ")
    assert text.endswith("Connection refused") and "secret" not in text and " object at 0x" not in text
    from workflow.translation.engines.base import _whole

    assert _whole("word " * 100, 50).endswith("word …")


def test_serve_reports_a_busy_port_before_announcing_anything(sample_ws: Workspace, cli_run) -> None:
    from workflow.webapp.users import UserStore

    UserStore(sample_ws.root).add("Kim Editor", "editor", "correct horse battery")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = cli_run("serve", "--port", str(port), cwd=sample_ws.root)
    assert result.exit_code == 1
    assert result.output == (f"pressflow: error: cannot listen on 127.0.0.1:{port}: the port is in use "
                             "(choose another with --port)\n")


def _commands(group, prefix: tuple[str, ...] = ()):
    """(path of names, command) of every command and group under ``group``, depth first."""
    import click

    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_examples_name_only_files_a_user_has(cli_run) -> None:
    """Paths in the ``Example:`` lines exist in the sample newsroom, or are plainly the user's own."""
    import click

    from workflow.cli import cli

    checked = 0
    for path, command in _commands(cli):
        example = re.search(r"Example: (.*)", command.help or "")
        if isinstance(command, click.Group) and not example:
            continue
        assert example, f"pressflow {' '.join(path)} has no Example"
        for word in example.group(1).split():
            if "/" in word and not word.startswith(("~", "/tmp/", "http")) and "U.S." not in word:
                assert list(ROOT.glob(word)), f"pressflow {' '.join(path)}: {word} is not in the sample newsroom"
                checked += 1
    assert checked >= 2


def test_help_prints_each_example_on_its_own_line_unwrapped() -> None:
    """``--help`` at 80 columns keeps every ``Example:`` line whole (click's \\b marker), one per line."""
    from click.testing import CliRunner

    from workflow.cli import cli

    checked = 0
    for path, command in _commands(cli):
        examples = re.findall(r"^\s*(Example: .*)$", command.help or "", flags=re.M)
        if not examples:
            continue
        shown = [line.strip() for line in CliRunner().invoke(cli, [*path, "--help"], terminal_width=80).output.splitlines()]
        for example in examples:
            assert example.strip() in shown, f"pressflow {' '.join(path)} --help rewraps {example!r}"
            checked += 1
    assert checked >= 30


def test_user_add_password_stdin_gives_no_deprecation_warning(sample_ws: Workspace, cli_run) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = cli_run("user", "add", "Kim Editor", "--role", "editor", "--password-stdin", cwd=sample_ws.root,
                         input="correct horse battery\n")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------------
# Linear parsing
# ---------------------------------------------------------------------------


def _paragraph(size: int) -> str:
    words = "The Ministry of Science and ICT (MSIT) took part in the 13th TELMIN, said Kim. "
    return (words * (size // len(words) + 1))[:size]


def _best_of(runs: int, func, *args: object) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func(*args)
        best = min(best, time.perf_counter() - start)
    return best


def test_po_and_markdown_parsing_are_linear_in_the_size_of_one_paragraph() -> None:
    """5 MB takes about 10× as long as 0.5 MB; the bound is a generous 30× (quadratic would be 100×)."""
    times = {}
    for size in (500_000, 5_000_000):
        text = _paragraph(size)
        catalog = new_catalog("th", project="big")
        catalog.add(text)
        # Two spaces after the keyword: not msgcat's layout, so the strict parser (not the fast path) reads it.
        po = render_catalog(catalog).replace('\nmsgid ""\n"', '\nmsgid  ""\n"', 1)
        assert po.count("\n") > size // 100  # wrapped into many continuation strings
        release = ("---\nslug: big\ntitle: Big\ndate: 2018-12-07\n---\n\n"
                   + "\n".join(text[i:i + 80] for i in range(0, len(text), 80)) + "\n")
        runs = 3 if size < 1_000_000 else 1
        times[size] = (_best_of(runs, parse_catalog, po), _best_of(runs, parse_release, release, "big.md"))
        assert next(iter(parse_catalog(po))).msgid == text
    for kind, small, big in zip(("PO", "Markdown"), times[500_000], times[5_000_000]):
        assert big < 30 * small + 0.5, f"{kind}: 0.5 MB {small:.3f} s, 5 MB {big:.3f} s"


@pytest.mark.parametrize("args, message", [
    (["status", "--bogus"], "pressflow: error: No such option '--bogus' (see 'pressflow status --help')"),
    (["bogus"], "pressflow: error: No such command 'bogus' (see 'pressflow --help')"),
    (["build", "--port", "x"], "pressflow: error: Invalid value for '--port': 'x' is not a valid integer range "
                               "(see 'pressflow build --help')"),
])
def test_usage_errors_have_the_same_prefix(args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from workflow.cli import cli

    result = CliRunner().invoke(cli, args, catch_exceptions=False, prog_name="pressflow")
    assert result.exit_code == 2
    assert result.output == message + "\n"


def test_segment_reports_text_that_is_not_utf8(cli_run) -> None:
    result = cli_run("segment", "--lang", "en", input="Fine.\n".encode() + b"caf\xe9. Done.\n")
    assert result.exit_code == 1
    assert result.output == "pressflow: error: <stdin>:2: not valid UTF-8 (save the text as UTF-8)\n"


def test_a_file_that_cannot_be_written_is_an_error_not_a_wait(sample_ws: Workspace, cli_run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    start = time.perf_counter()
    result = cli_run("memory", "export", str(blocker / "out.tmx"), cwd=sample_ws.root)
    assert time.perf_counter() - start < 20  # not the lock's 60 s timeout
    no_traceback(result)
    assert result.exit_code == 1 and error_lines(result.output)[0].startswith("pressflow: error: ")
    assert "internal error" not in result.output
