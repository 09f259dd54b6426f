"""A fuzz corpus: malformed PO, release, config, glossary, TMX, TBX, import and command-line inputs (issue 17).

Hypothesis mutates real seeds (the sample newsroom's own files, a TMX and a TBX file)
with byte- and structure-level edits, and composes command lines: 60 inputs of each of
the 8 kinds per run, 480 in all (derandomized, so a run is reproducible;
``PRESSFLOW_FUZZ_EXAMPLES=N`` and ``PRESSFLOW_FUZZ_RANDOM=1`` explore further). Each input goes through the commands that read it, in-process
(CliRunner, for speed) and, for a few per kind, in a real ``python -m workflow``
process. For every run: no traceback and no "internal error"; exit code != 0 when a
library parse says the input is invalid; the input byte-identical afterwards; no run
over 10 s. The totals are printed (run pytest with ``-s`` to see them); an input that
failed is saved beside the test's temporary folder (``failures/``) to reproduce it, and
``PRESSFLOW_FUZZ_KINDS=po,tmx`` fuzzes only those kinds.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SEEDS = DATA / "robustness" / "seeds"
SLUG = "asean-korea-telmin-13"
EXAMPLES = int(os.environ.get("PRESSFLOW_FUZZ_EXAMPLES", "60"))
SUBPROCESS_INPUTS = 2        # per kind, through a real process
RUN_LIMIT = 10.0             # seconds, per command run

# Tokens that mean something to one of the parsers, and bytes that are not UTF-8.
TOKENS = [
    "\x00", "\\", '"', "\r", "\r\n", "\ufeff", "\u2028", "\t", "\n\n", "#", "#~ ", "#| msgid ", "#, fuzzy",
    'msgid ""', 'msgstr ""', 'msgstr[7] "x"', "msgid_plural", "msgctxt", '"\\', '\\x', '\\777', "%s", "{0}",
    "---", "...", ": ", "- ", "* ", "> ", "# ", "date: 2020-02-30", "date: 2018-13-45", "slug: ../x",
    "lang: kr", "&a [1]", "*a", "!!python/object:os.system", "? [a]", "[", "]", "{", "}", "[[x]]", '"""', "'''",
    "= ", "name = 5", "target_locales = [1]", "[translate]", "workers = -1", "9" * 40, "inf", "nan",
    ",", '","', '"a""b"', "yes", "maybe", "<", ">", "&", "&bogus;", "&#0;", "&#xD800;", "<![CDATA[x]]>",
    "<!-- c -->", "<?pi x?>", '<!DOCTYPE x [<!ENTITY a "b">]>', "</seg>", "<seg>", "<tuv xml:lang=\"ko\">",
    "</tu>", "<tu>", 'encoding="KLINGON"', 'encoding="UTF-16"', 'xml:lang=""', "</body>", "<termEntry>",
    "<term>", "\U0001F600", "é", "한국어", "ไทย",
]
BAD_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xfe\xff"]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with 1-4 edits: tokens or bad bytes inserted, spans deleted, lines duplicated,
    swapped or dropped, the text cut short, a deep nest, or a big repetition."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["token", "token", "bytes", "delete", "dup_line", "swap_lines", "drop_line",
                                   "truncate", "nest", "repeat", "text"]))
        pos = draw(st.integers(0, len(data)))
        if op == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS)).encode("utf-8")
        elif op == "bytes":
            data[pos:pos] = draw(st.sampled_from(BAD_BYTES))
        elif op == "delete":
            data[pos:pos + draw(st.integers(1, 40))] = b""
        elif op == "truncate":
            del data[pos:]
        elif op == "nest":
            depth = draw(st.sampled_from([40, 500, 3000]))
            opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("<x>", "</x>"), ("- ", "")]))
            data[pos:pos] = (opener * depth + closer * depth).encode()
        elif op == "repeat":
            chunk = bytes(data[pos:pos + draw(st.integers(1, 60))]) or b"x"
            data[pos:pos] = chunk * draw(st.sampled_from([2, 100, 5000]))
        elif op == "text":
            data[pos:pos] = draw(st.text(max_size=30)).encode("utf-8", "surrogatepass")
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(j, lines[i])
            elif op == "swap_lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


# ---------------------------------------------------------------------------
# What each kind of input is, where it goes, which commands read it, and the oracle
# ---------------------------------------------------------------------------


def _valid(check: Callable[[Path], object]) -> Callable[[Path], bool]:
    from workflow.errors import WorkflowError

    def valid(path: Path) -> bool:
        try:
            check(path)
        except WorkflowError:
            return False
        return True

    return valid


def _po_valid(path: Path) -> object:
    from workflow.catalogs import load_catalog

    return load_catalog(path)


def _release_valid(path: Path) -> object:
    from workflow.sources.releases import load_release

    release = load_release(path)
    if release.slug == SLUG:  # the sample release already has this slug: skipped, reported, exit 1
        from workflow.errors import ReleaseError

        raise ReleaseError("duplicate slug", path)
    return release


def _config_valid(path: Path) -> object:
    from workflow.config import load_config

    return load_config(path)


def _glossary_valid(path: Path) -> object:
    from workflow.review.glossary import parse_glossary
    from workflow.fsutil import read_utf8
    from workflow.review.glossary import GlossaryError

    return parse_glossary(read_utf8(path, GlossaryError), path)


def _tmx_valid(path: Path) -> object:
    from workflow.translation.tmx import read_tmx

    return read_tmx(path)


def _tbx_valid(path: Path) -> object:
    from workflow.review.glossary import load_tbx

    return load_tbx(path)


@dataclass
class Kind:
    name: str
    seeds: tuple[Path, ...]
    place: str                        # where the input is written, relative to the scratch workspace
    commands: list[list[str]]         # run on every input ({input} is the input's path)
    writers: list[list[str]] = field(default_factory=list)  # run on invalid inputs only (they may write)
    valid: Callable[[Path], bool] = lambda _p: True


PO = f"locales/th/LC_MESSAGES/{SLUG}.po"
KINDS = [
    Kind("po", (ROOT / PO, DATA / "po" / "msgcat_form_all_features.po"), PO, [["check", "{input}"], ["status"], ["review", "queue", "--locale", "th"]],
         [["update", "--locale", "th"], ["translate", "--engine", "pseudo", "--locale", "th"]],
         _valid(_po_valid)),
    Kind("release", (ROOT / "releases" / f"2018-12-07-{SLUG}.md", DATA / "build" / "2019-01-15-ai-forum.md"),
         "releases/2019-01-01-fuzz.md",
         [["extract"], ["status", "--locale", "th"]], [["build", "--preview"]], _valid(_release_valid)),
    Kind("config", (ROOT / "pressflow.toml", DATA / "webapp" / "newsroom" / "pressflow.toml"), "pressflow.toml", [["status"], ["check"], ["extract"]], [],
         _valid(_config_valid)),
    Kind("glossary", (ROOT / "glossary.csv",), "glossary.csv", [["glossary", "check"], ["status", "--locale", "th"]],
         [["review", "queue", "--locale", "th", "--limit", "3"]], _valid(_glossary_valid)),
    Kind("tmx", (SEEDS / "memory.tmx", DATA / "memory" / "omegat_style.tmx"), "incoming.tmx", [["memory", "import", "{input}", "--replace"]], [],
         _valid(_tmx_valid)),
    # Scraped text for `import` (whose formats issue 11 owns): any outcome but a traceback or a changed input.
    Kind("import", (DATA / "import" / "seed_msit_telmin.txt",), "incoming.txt",
         [["import", "{input}", "--date", "2018-12-07", "--force"], ["import", "{input}", "--force"]]),
    Kind("tbx", (SEEDS / "terms.tbx",), "incoming.tbx", [["glossary", "import", "{input}", "--replace"]], [],
         _valid(_tbx_valid)),
]


# Command lines for the argv fuzz (no command that serves, prompts for a password or writes
# where it is told: serve, build --serve/--out, demo, memory export, user add, init, import).
ARGV_COMMANDS = [["status"], ["check"], ["extract"], ["update"], ["translate", "--engine", "pseudo"],
                 ["translate"], ["review", "queue"], ["review", "approve"], ["review", "reject"],
                 ["review", "edit", "--text", "x"], ["glossary", "check"], ["memory", "search"], ["build", "--preview"],
                 ["build"], ["segment"], ["engines"], ["user", "list"], ["user", "remove"]]
ARGV_OPTIONS = ["--locale", "--release", "--unit", "--limit", "--as", "--reason", "--state", "--source", "--lang",
                "--workers", "--threshold", "--engine", "--json", "--all", "--include-drafts", "--force", ""]
ARGV_VALUES = ["th", "kr", "", "en", "-", "x" * 300, "a\x00b", "../../nowhere", "locales", "releases",
               f"releases/2018-12-07-{SLUG}.md", SLUG, "0", "-1", "99999999999999999999", "nan", "ï", "3f2a", "*",
               "--", "/", "locales/th/LC_MESSAGES/*.po", f"locales/th/LC_MESSAGES/{SLUG}.po", "pseudo", "google",
               "needs-review", "The Ministry of Science and ICT took part in the TELMIN."]


@dataclass
class Totals:
    inputs: int = 0
    invalid: int = 0
    runs: int = 0
    subprocess_runs: int = 0
    tracebacks: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    accepted_invalid: list[str] = field(default_factory=list)
    slowest: float = 0.0
    slowest_run: str = ""
    per_kind: dict[str, int] = field(default_factory=dict)


class _RunTimeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _RunTimeout(f"run over {RUN_LIMIT} s")


def _scratch(base: Path, dest: Path) -> None:
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns(".pressflow", "site*", "memory", ".*.lock"))


def _sample(dest: Path) -> Path:
    dest.mkdir()
    for name in ("pressflow.toml", "glossary.csv"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("releases", "locales", "templates"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns(".*.lock"))
    return dest


def test_fuzz_corpus_never_gives_a_traceback_or_changes_an_input(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from workflow.cli import cli

    base = _sample(tmp_path / "base")
    totals = Totals()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRESSFLOW_SKIP_APT": "1"}
    env.pop("PRESSFLOW_DEBUG", None)
    old_handler = signal.signal(signal.SIGALRM, _alarm)
    cwd = Path.cwd()

    def run(kind: Kind, ws: Path, args: list[str], data: bytes, invalid: bool, real: bool) -> None:
        target = ws / kind.place
        argv = [a.replace("{input}", str(target)) for a in args]
        label = f"{kind.name} #{totals.per_kind.get(kind.name, 0)}: pressflow {' '.join(argv)}"
        start = time.perf_counter()
        if real:
            try:
                done = subprocess.run([sys.executable, "-m", "workflow", *argv], cwd=ws, env=env, timeout=RUN_LIMIT,
                                      capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                code, output, crashed = None, "", f"{label}: over {RUN_LIMIT} s"
            else:
                code, output, crashed = done.returncode, done.stdout + done.stderr, None
            totals.subprocess_runs += 1
        else:
            os.chdir(ws)
            signal.setitimer(signal.ITIMER_REAL, RUN_LIMIT)
            try:
                result = CliRunner().invoke(cli, argv, catch_exceptions=True)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                os.chdir(cwd)
            code, output = result.exit_code, result.output
            crashed = (None if result.exception is None or isinstance(result.exception, SystemExit)
                       else f"{label}: {type(result.exception).__name__}: {result.exception}")
        seconds = time.perf_counter() - start
        totals.runs += 1
        if seconds > totals.slowest:
            totals.slowest, totals.slowest_run = seconds, label
        if crashed or "Traceback" in output or "internal error" in output:
            saved = FAILURES / f"{kind.name}-{totals.per_kind.get(kind.name, 0)}{Path(kind.place).suffix}"
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_bytes(data)  # the input, to reproduce it
            totals.tracebacks.append(f"{crashed or label + ': ' + output[-600:]} (input saved as {saved})")
        if target.read_bytes() != data:
            totals.modified.append(label)
        if invalid and code == 0:
            totals.accepted_invalid.append(f"{label}: {output[-300:]}")

    FAILURES = tmp_path / "failures"
    only = set(filter(None, os.environ.get("PRESSFLOW_FUZZ_KINDS", "").split(",")))
    try:
        def fuzz(kind: Kind) -> Callable[[], None]:
            real_left = [SUBPROCESS_INPUTS]
            # One scratch newsroom per kind: each input replaces the last one (what earlier inputs
            # left behind, an extracted template or an imported memory, is a realistic newsroom).
            ws = tmp_path / f"ws-{kind.name}"
            _scratch(base, ws)
            seeds = [path.read_bytes() for path in kind.seeds]

            @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
                      derandomize=not os.environ.get("PRESSFLOW_FUZZ_RANDOM"),
                      suppress_health_check=list(HealthCheck))
            @given(data=st.sampled_from(seeds).flatmap(mutated), reader=st.sampled_from(kind.commands),
                   writer=st.sampled_from(kind.writers or [None]))
            def one(data: bytes, reader: list[str], writer: list[str] | None) -> None:
                target = ws / kind.place
                target.write_bytes(data)
                invalid = not kind.valid(target)
                totals.inputs += 1
                totals.invalid += invalid
                real = invalid and real_left[0] > 0
                real_left[0] -= real
                run(kind, ws, reader, data, invalid, real)  # a few per kind in a real process
                if invalid and writer is not None:  # commands that would write a valid input
                    run(kind, ws, writer, data, invalid, False)
                totals.per_kind[kind.name] = totals.per_kind.get(kind.name, 0) + 1

            return one

        for kind in KINDS:
            if not only or kind.name in only:
                fuzz(kind)()

        # Command lines: options and arguments no parser vouches for, in one newsroom whose
        # release file no command may change (nothing here writes outside the scratch folder).
        argv_kind = Kind("argv", (), f"releases/2018-12-07-{SLUG}.md", [])
        argv_ws = tmp_path / "ws-argv"
        _scratch(base, argv_ws)
        release_bytes = (argv_ws / argv_kind.place).read_bytes()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
                  derandomize=not os.environ.get("PRESSFLOW_FUZZ_RANDOM"), suppress_health_check=list(HealthCheck))
        @given(command=st.sampled_from(ARGV_COMMANDS),
               extra=st.lists(st.tuples(st.sampled_from(ARGV_OPTIONS), st.sampled_from(ARGV_VALUES)), max_size=3))
        def one_argv(command: list[str], extra: list[tuple[str, str]]) -> None:
            argv = [*command, *(part for option, value in extra for part in ((option, value) if option else (value,)))]
            totals.inputs += 1
            run(argv_kind, argv_ws, [a.replace("{input}", "{ input }") for a in argv], release_bytes, False, False)
            totals.per_kind["argv"] = totals.per_kind.get("argv", 0) + 1

        if not only or "argv" in only:
            one_argv()
    finally:
        signal.signal(signal.SIGALRM, old_handler)
        os.chdir(cwd)

    summary = (f"fuzz: {totals.inputs} inputs ({totals.invalid} invalid; "
               + ", ".join(f"{k} {n}" for k, n in totals.per_kind.items())
               + f"), {totals.runs} runs ({totals.subprocess_runs} in real processes), "
               f"tracebacks {len(totals.tracebacks)}, modified inputs {len(totals.modified)}, "
               f"invalid inputs accepted {len(totals.accepted_invalid)}, "
               f"slowest run {totals.slowest:.2f} s ({totals.slowest_run})")
    print(summary, file=sys.stderr)
    assert (totals.inputs >= 300 or only) and all(n >= EXAMPLES // 2 for n in totals.per_kind.values()), summary
    assert only or totals.invalid >= totals.inputs // 3, summary  # the corpus is mostly malformed
    assert not totals.tracebacks, "\n".join(totals.tracebacks[:5])
    assert not totals.modified, "\n".join(totals.modified[:5])
    assert not totals.accepted_invalid, "\n".join(totals.accepted_invalid[:5])
    assert totals.slowest < RUN_LIMIT, summary
