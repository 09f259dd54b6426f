"""Status and review queue at newsroom scale: 2,000 releases × 9 locales, in a fair race.

Builds a workspace by writing release files and PO catalogs directly (fast, not
timed), then races whole processes in paired rounds (``fair.py``: A B C A B C ...,
medians, wall and CPU time, peak memory, the CPU count and load named):

* baseline: ``msgfmt --statistics`` over every catalog, one process per file, as many
  at a time as there are CPUs (``xargs -P``, the shell script a team would write);
* ``pressflow status --json`` cold (the status index deleted before the run) and warm
  (nothing changed since), and warm after one catalog was edited by hand;
* ``pressflow review queue --json`` warm.

Every contender includes interpreter start-up; the cold and warm status outputs are
checked byte-identical. The goal: warm ``status`` and ``review queue`` under 2 s wall.

    python3 benchmarks/workspace_scale.py [--releases 2000] [--units 12] [--rounds 3]
                                          [--in-progress 100 | --backlog] [--keep DIR]

By default the newest 100 releases are in progress and the rest approved (an
archive); ``--backlog`` puts every unit of every release in play, which makes
the review queue ~65,000 units long (its time grows with the queue's length).

``--mixed`` races on a newsroom with releases in two source languages instead:
200 releases (half Korean, half English originals), ten languages, relay
(``{ko = "en"}``, ``{ms = "id"}``), Korean releases' English approved and most of
their other languages drafted from it (some stale). Goal: warm ``status`` under 1 s.

    python3 benchmarks/workspace_scale.py --mixed [--releases 200] [--units 12]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import fair  # noqa: E402

from workflow.review.units import _format_stamp, unit_hash

LOCALES = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
PLURALS = {"fil": "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9));"}
WORDS = {
    "ko": "과학기술정보통신부는 {n}개국과 협력했다.", "id": "Kementerian bekerja sama dengan {n} negara.",
    "ms": "Kementerian bekerjasama dengan {n} negara.", "th": "กระทรวงร่วมมือกับ {n} ประเทศ",
    "vi": "Bộ đã hợp tác với {n} quốc gia.", "fil": "Nakipagtulungan ang ministeryo sa {n} bansa.",
    "km": "ក្រសួងបានសហការជាមួយ {n} ប្រទេស។", "lo": "ກະຊວງໄດ້ຮ່ວມມືກັບ {n} ປະເທດ",
    "my": "ဝန်ကြီးဌာနသည် နိုင်ငံ {n} နိုင်ငံနှင့် ပူးပေါင်းခဲ့သည်။",
}
CONFIG = """[workspace]
name = "Scale test"
source_language = "en"
target_locales = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
"""


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _new_workspace(root: Path, config: str) -> None:
    """An empty newsroom at ``root``: releases/, ``config`` as pressflow.toml, the sample's glossary."""
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", root / "glossary.csv")


def build(root: Path, releases: int, units: int, seed: int = 7, in_progress: int | None = 100) -> list[Path]:
    """Write the workspace; return the PO paths.

    The newest ``in_progress`` releases have units in every state; older ones are
    published (approved), as in a newsroom archive. ``None``: every release is in
    progress (the worst case for the review queue).
    """
    rng = random.Random(seed)
    _new_workspace(root, CONFIG)
    start = _dt.date(2015, 1, 1)
    po_paths = []
    for r in range(releases):
        date = start + _dt.timedelta(days=r // 2)
        slug = f"release-{r:05d}"
        sentences = [f"Release {r} sentence {u}: MSIT met {u + 2} ASEAN partners on the ICT plan."
                     for u in range(units)]
        (root / "releases" / f"{date}-{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: Release {r}\ndate: {date}\nlang: en\n---\n\n" + "\n\n".join(sentences) + "\n",
            encoding="utf-8")
        for locale in LOCALES:
            out = [
                f"# {locale} translation of {slug}.", "#", 'msgid ""', 'msgstr ""',
                _q(f"Project-Id-Version: {slug}\\n"), _q(f"Language: {locale}\\n"),
                _q("MIME-Version: 1.0\\n"), _q("Content-Type: text/plain; charset=UTF-8\\n"),
                _q("Content-Transfer-Encoding: 8bit\\n"),
                _q(f"Plural-Forms: {PLURALS.get(locale, 'nplurals=1; plural=0;')}\\n"), "",
            ]
            archived = in_progress is not None and r < releases - in_progress
            for u, msgid in enumerate(sentences):
                roll = 1.0 if archived else rng.random()
                text = WORDS[locale].format(n=u + 2).replace("과학", "MSIT 과학") + " MSIT ICT"
                entry = SimpleNamespace(msgctxt=None, msgid=msgid, msgid_plural="", msgstr=text)
                comments, flags = [], []
                if roll < 0.10:
                    text = ""
                elif roll < 0.25:
                    flags.append("fuzzy")
                    comments.append(_format_stamp("draft", {"origin": "google", "at": "2026-01-01T00:00:00Z"}))
                elif roll < 0.30:
                    flags.append("fuzzy")
                    comments.append(_format_stamp("rejected", {"by": "Kim", "at": "2026-01-02T00:00:00Z",
                                                               "reason": "check the term"}))
                elif roll < 0.45:
                    comments.append(_format_stamp("edited", {"by": "Lee", "at": "2026-01-02T00:00:00Z"}))
                else:
                    comments.append(_format_stamp("approved", {"by": "Kim", "at": "2026-01-03T00:00:00Z",
                                                               "sha": unit_hash(entry)}))
                out.extend(f"# {c}" for c in comments)
                out.append(f"#: releases/{date}-{slug}.md:{7 + 2 * u}")
                if flags:
                    out.append("#, " + ", ".join(flags))
                out += [f"msgid {_q(msgid)}", f"msgstr {_q(text)}", ""]
            path = root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(out), encoding="utf-8")
            po_paths.append(path)
    return po_paths


def race(root: Path, paths: list[Path], rounds: int, goal: float, *, queue_goal: float = 2.0,
         edited: Path | None = None) -> None:
    """Time whole processes in paired rounds (``fair.race``) and print medians and ratios to the baseline.

    Baseline: ``msgfmt --statistics`` over every catalog, one msgfmt process per file, as
    many at a time as there are CPUs (``xargs -P``): the shell script a team would write.
    Contenders: ``pressflow status --json`` cold (index deleted before the run) and warm,
    warm again after ``edited`` was changed by hand (only it is re-read), and ``pressflow
    review queue --json`` warm. The cold and warm status outputs are compared byte for byte.
    """
    cpus = len(os.sched_getaffinity(0))
    listing = root.parent / "catalogs.txt"
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PRESSFLOW_WORKSPACE": str(root)}
    pressflow = [sys.executable, "-m", "workflow"]
    index = root / ".pressflow" / "index.sqlite3"
    out = root.parent / "out"
    out.mkdir(exist_ok=True)

    def cold() -> list[str]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        return [*pressflow, "status", "--json"]

    def edit() -> list[str]:
        assert edited is not None
        text = edited.read_text(encoding="utf-8")
        changed = text.replace("MSIT ICT.", "MSIT ICT", 1) if "MSIT ICT." in text else text.replace(
            "MSIT ICT", "MSIT ICT.", 1)
        edited.write_text(changed, encoding="utf-8")
        return [*pressflow, "status", "--json"]

    baseline = fair.Contender("msgfmt --statistics (baseline)", lambda: [
        "xargs", "-a", str(listing), "-d", "\n", "-P", str(cpus), "-n", "1",
        "msgfmt", "--statistics", "-o", os.devnull])
    contenders = [
        baseline,
        fair.Contender("status --json, cold (no index)", cold, env),
        fair.Contender("status --json, warm", lambda: [*pressflow, "status", "--json"], env),
    ]
    if edited is not None:
        contenders.append(fair.Contender("status --json, one file edited", edit, env))
    contenders.append(fair.Contender("review queue --json, warm",
                                     lambda: [*pressflow, "review", "queue", "--json"], env))
    print(fair.machine())
    stdout_paths = {contenders[1].name: str(out / "cold.json"), contenders[2].name: str(out / "warm.json")}
    same = True

    def log(line: str) -> None:
        nonlocal same
        print(line)
        if contenders[2].name in line and "round" in line:   # both outputs of this round are on disk
            same = same and (out / "cold.json").read_bytes() == (out / "warm.json").read_bytes()

    fair.race(contenders, rounds, stdout_paths=stdout_paths, log=log)
    fair.table(contenders, baseline)
    print(f"status output cold == warm in every round: {'yes' if same else 'NO'}")
    for c in contenders[1:]:
        if "warm" in c.name or "edited" in c.name:
            limit = queue_goal if c.name.startswith("review") else goal
            verdict = "ok" if c.median("wall") < limit else "SLOW"
            print(f"  goal < {limit:g} s wall: {c.name}: {c.median('wall'):.2f} s {verdict}")


MIXED_CONFIG = """[workspace]
name = "Mixed-source scale test"
source_language = "en"
locales = ["en", "ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]

[translate]
relay = {ko = "en"}
relay_targets = {ms = "id"}
"""
ENGLISH = "The Ministry met {n} ASEAN partners on the ICT plan."


def _po(locale: str, slug: str, entries: list[tuple[str, str, list[str], bool]], source: str) -> str:
    out = [
        f"# {locale} translation of {slug}.", "#", 'msgid ""', 'msgstr ""',
        _q(f"Project-Id-Version: {slug}\\n"), _q(f"Language: {locale}\\n"),
        _q("MIME-Version: 1.0\\n"), _q("Content-Type: text/plain; charset=UTF-8\\n"),
        _q("Content-Transfer-Encoding: 8bit\\n"),
        _q(f"Plural-Forms: {PLURALS.get(locale, 'nplurals=1; plural=0;')}\\n"),
        _q(f"X-Source-Language: {source}\\n"), "",
    ]
    for msgid, text, comments, fuzzy in entries:
        out.extend(f"# {c}" for c in comments)
        if fuzzy:
            out.append("#, fuzzy")
        out += [f"msgid {_q(msgid)}", f"msgstr {_q(text)}", ""]
    return "\n".join(out)


def build_mixed(root: Path, releases: int, units: int, seed: int = 7) -> list[Path]:
    """A newsroom with Korean and English originals (alternating), ten languages and relay:
    Korean releases' English versions approved, their other languages drafted from the
    approved English (one in ten of those drafts stale: the English changed since)."""
    from workflow.review.relay import relay_fields

    rng = random.Random(seed)
    _new_workspace(root, MIXED_CONFIG)
    start = _dt.date(2019, 1, 1)
    paths = []
    everyone = ["en", *LOCALES]
    for r in range(releases):
        lang = "ko" if r % 2 else "en"
        date = start + _dt.timedelta(days=r)
        slug = f"release-{r:05d}"
        if lang == "ko":
            sentences = [f"{WORDS['ko'].format(n=u + 2)} ({r}-{u})" for u in range(units)]
        else:
            sentences = [f"{ENGLISH.format(n=u + 2)} ({r}-{u})" for u in range(units)]
        (root / "releases" / f"{date}-{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: Release {r}\ndate: {date}\nlang: {lang}\n---\n\n" + "\n\n".join(sentences)
            + "\n", encoding="utf-8")
        english = [f"{ENGLISH.format(n=u + 2)} ({r}-{u})" for u in range(units)]
        for locale in everyone:
            if locale == lang:
                continue
            entries = []
            for u, msgid in enumerate(sentences):
                if locale == "en":  # the relay version of a Korean release: approved
                    entry = SimpleNamespace(msgctxt=None, msgid=msgid, msgid_plural="", msgstr=english[u])
                    entries.append((msgid, english[u], [_format_stamp("approved", {
                        "by": "Kim", "at": "2026-01-03T00:00:00Z", "sha": unit_hash(entry)})], False))
                    continue
                text = f"{WORDS[locale].format(n=u + 2)} ({r}-{u})"
                roll = rng.random()
                if lang == "ko" and roll < 0.6:
                    relay = relay_fields("en", english[u] if roll > 0.06 else "an earlier English text")
                    entries.append((msgid, text, [_format_stamp("draft", {
                        "origin": "google", **relay, "at": "2026-01-04T00:00:00Z"})], True))
                elif roll < 0.7:
                    entries.append((msgid, "", [], False))
                else:
                    entry = SimpleNamespace(msgctxt=None, msgid=msgid, msgid_plural="", msgstr=text)
                    entries.append((msgid, text, [_format_stamp("approved", {
                        "by": "Kim", "at": "2026-01-03T00:00:00Z", "sha": unit_hash(entry)})], False))
            path = root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_po(locale, slug, entries, lang), encoding="utf-8")
            paths.append(path)
    return paths


def mixed_main(args: argparse.Namespace) -> None:
    """The mixed-source newsroom: warm ``status`` (stale relay drafts counted) under 1 s."""
    from workflow.review.status import collect_status
    from workflow.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="pressflow-mixed-") as tmp:
        root = Path(tmp) / "newsroom"
        releases = args.releases if args.releases != 2000 else 200
        paths = build_mixed(root, releases, args.units)
        print(f"built a mixed newsroom: {releases} releases (half ko, half en) × 9 targets = {len(paths)} catalogs")
        rows = collect_status(Workspace.load(root))
        print(f"{len(rows)} status rows, {sum(r.draft for r in rows)} drafts "
              f"({sum(r.stale for r in rows)} stale relay drafts)")
        race(root, paths, args.rounds, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3, help="Paired rounds (medians are compared).")
    parser.add_argument("--in-progress", type=int, default=100,
                        help="Newest releases still in translation/review (older ones are approved).")
    parser.add_argument("--backlog", action="store_true",
                        help="Every release in progress: the worst case for the review queue.")
    parser.add_argument("--keep", type=Path, default=None, help="Build here and keep it (must not exist).")
    parser.add_argument("--mixed", action="store_true",
                        help="A mixed-source newsroom instead: 200 releases (half ko, half en), ten languages, relay.")
    args = parser.parse_args()
    if args.mixed:
        mixed_main(args)
        return

    tmp = None
    if args.keep:
        root = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="pressflow-scale-")
        root = Path(tmp.name) / "newsroom"
    try:
        t0 = time.perf_counter()
        paths = build(root, args.releases, args.units, in_progress=None if args.backlog else args.in_progress)
        print(f"built {args.releases} releases × {len(LOCALES)} locales = {len(paths)} catalogs, "
              f"{len(paths) * args.units} units in {time.perf_counter() - t0:.1f} s")
        race(root, paths, args.rounds, 2.0, edited=paths[len(paths) // 2])
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
