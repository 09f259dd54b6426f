"""Status and review queue at newsroom scale: 2,000 releases × 9 locales.

Builds a workspace by writing release files and PO catalogs directly (fast),
then times, in the same run:

* ``msgfmt --statistics`` over every catalog (one process per file, run in
  parallel on every core: the baseline a shell script would give),
* ``collect_status`` and ``review_queue`` cold (no index) and warm (nothing
  changed since the last run), and warm again after one catalog was edited,
* the ``pressflow status --json`` command as a subprocess, warm (includes start-up).

The goal: warm ``status`` and ``review queue`` answer in under 2 s.

    python3 benchmarks/workspace_scale.py [--releases 2000] [--units 12] [--in-progress 100 | --backlog] [--keep DIR]

By default the newest 100 releases are in progress and the rest approved (an
archive); ``--backlog`` puts every unit of every release in play, which makes
the review queue ~65,000 units long (its time grows with the queue's length).

``--mixed`` measures a newsroom with releases in two source languages instead:
200 releases (half Korean, half English originals), ten languages, relay
(``{ko = "en"}``, ``{ms = "id"}``), Korean releases' English approved and most of
their other languages drafted from it (some stale). Goal: warm ``status``, stale
relay drafts counted, under 1 s.

    python3 benchmarks/workspace_scale.py --mixed [--releases 200] [--units 12]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime as _dt
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def build(root: Path, releases: int, units: int, seed: int = 7, in_progress: int | None = 100) -> list[Path]:
    """Write the workspace; return the PO paths.

    The newest ``in_progress`` releases have units in every state; older ones are
    published (approved), as in a newsroom archive. ``None``: every release is in
    progress (the worst case for the review queue).
    """
    rng = random.Random(seed)
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", root / "glossary.csv")
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


def msgfmt_statistics(paths: list[Path]) -> float:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return float("nan")

    def one(path: Path) -> None:
        subprocess.run([msgfmt, "--statistics", "-o", os.devnull, str(path)], capture_output=True, check=False)

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - start


def timed(label: str, func, results: dict[str, float]) -> object:
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    return value


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
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(MIXED_CONFIG, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", root / "glossary.csv")
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
    from workflow.review.queue import review_queue
    from workflow.review.status import collect_status
    from workflow.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="pressflow-mixed-") as tmp:
        root = Path(tmp) / "newsroom"
        releases = args.releases if args.releases != 2000 else 200
        paths = build_mixed(root, releases, args.units)
        print(f"built a mixed newsroom: {releases} releases (half ko, half en) × 9 targets = {len(paths)} catalogs")
        results: dict[str, float] = {}
        results["msgfmt --statistics (baseline)"] = msgfmt_statistics(paths)
        rows = timed("status, cold (no index)", lambda: collect_status(Workspace.load(root)), results)
        rows = timed("status, warm", lambda: collect_status(Workspace.load(root)), results)
        queue = timed("review queue, warm", lambda: review_queue(Workspace.load(root)), results)
        stale = sum(r.stale for r in rows)
        print(f"{len(rows)} status rows, {sum(r.draft for r in rows)} drafts ({stale} stale relay drafts), "
              f"{len(queue)} units in the review queue ({sum(1 for i in queue if i.relay)} with their relay text)")
        baseline = results["msgfmt --statistics (baseline)"]
        for label, seconds in results.items():
            ratio = f"{seconds / baseline:6.2f}× msgfmt" if not math.isnan(baseline) and baseline > 0 else ""
            goal = ("  ok (< 1 s)" if seconds < 1 else "  SLOW (goal < 1 s)") if label == "status, warm" else ""
            print(f"  {label:<32}  {seconds:7.2f} s  {ratio}{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--units", type=int, default=12)
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

    from workflow.review.queue import review_queue
    from workflow.review.status import collect_status
    from workflow.workspace import Workspace

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
        results: dict[str, float] = {}
        results["msgfmt --statistics (baseline)"] = msgfmt_statistics(paths)
        ws = Workspace.load(root)
        rows = timed("status, cold (no index)", lambda: collect_status(ws), results)
        timed("status, warm", lambda: collect_status(Workspace.load(root)), results)
        queue = timed("review queue, warm", lambda: review_queue(Workspace.load(root)), results)
        # One catalog edited by hand: only it is re-read.
        edited = paths[len(paths) // 2]
        edited.write_text(edited.read_text(encoding="utf-8").replace("MSIT ICT", "MSIT ICT.", 1), encoding="utf-8")
        timed("status, one file edited", lambda: collect_status(Workspace.load(root)), results)
        timed("review queue, warm again", lambda: review_queue(Workspace.load(root)), results)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        timed("`pressflow status --json` (subprocess, warm)", lambda: subprocess.run(
            [sys.executable, "-m", "workflow", "-h"], cwd=root, env=env, capture_output=True, check=True), results)
        startup = results.pop("`pressflow status --json` (subprocess, warm)")
        timed("`pressflow status --json` (subprocess, warm)", lambda: subprocess.run(
            [sys.executable, "-m", "workflow", "status", "--json"], cwd=root, env=env, capture_output=True,
            check=True), results)
        timed("`pressflow review queue --json` (subprocess, warm)", lambda: subprocess.run(
            [sys.executable, "-m", "workflow", "review", "queue", "--json"], cwd=root, env=env,
            capture_output=True, check=True), results)
        print(f"{len(rows)} status rows, {len(queue)} units in the review queue "
              f"(python start-up + imports: {startup:.2f} s)")
        baseline = results["msgfmt --statistics (baseline)"]
        width = max(map(len, results))
        for label, seconds in results.items():
            ratio = f"{seconds / baseline:6.2f}× msgfmt" if not math.isnan(baseline) and baseline > 0 else ""
            goal = ""
            if "warm" in label or "edited" in label:
                goal = "  ok (< 2 s)" if seconds < 2 else "  SLOW (goal < 2 s)"
            print(f"  {label:<{width}}  {seconds:7.2f} s  {ratio}{goal}")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
