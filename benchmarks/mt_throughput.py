"""Machine-translation throughput: `pressflow translate` against a fair script, same run, paired runs.

2,000 units × 3 locales over 80 releases that share boilerplate sentences, against
the loopback LibreTranslate fake answering each request after 50 ms. The baseline
is what a careful script would do with deep-translator alone: the distinct
(locale, text) pairs (a ``set()``), translated by 8 threads (pressflow's default
``workers``), one ``translate()`` call per text. pressflow runs with its defaults
(8 workers; Libre batches of up to 50 texts / 5,000 characters, masked per text) on a
fresh workspace and cache each time. The two alternate (baseline, pressflow, ...)
``--rounds`` times; medians are compared. Both run in this process (so does the fake
server, whose threads count in both CPU times); the output check: every drafted
entry equals the server's answer for its text, as the baseline's answers do.

Run: python3 benchmarks/mt_throughput.py [--units 2000] [--delay 0.05] [--rounds 2]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from deep_translator import LibreTranslator  # noqa: E402

from loopback_mt import LoopbackMT, make_workspace  # noqa: E402
from workflow.catalogs import load_catalog  # noqa: E402
from workflow.translation.translate import translate  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

LOCALES = ["th", "vi", "id"]
WORDS = ("ministry science digital network cooperation research policy data platform industry "
         "startup innovation security cloud talent regional partner summit fund program").split()


def corpus(units: int, releases: int, seed: int = 7) -> dict[str, list[str]]:
    """Releases of equal size; ~40% of each is shared boilerplate (headers, contacts, closings)."""
    rng = random.Random(seed)
    boilerplate = [f"For further information, contact the {a} {b} division." for a, b in
                   zip(rng.sample(WORDS, 20), rng.sample(WORDS, 20))]
    boilerplate += [f"The Ministry will continue {a} and {b} efforts." for a, b in zip(WORDS, reversed(WORDS))]
    per = units // releases
    out = {}
    for r in range(releases):
        texts = []
        while len(texts) < per:
            if rng.random() < 0.4:
                texts.append(rng.choice(boilerplate))
            else:
                texts.append(" ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + f" item {r}-{len(texts)}x.")
        out[f"release-{r:03d}"] = texts
    return out


def baseline(pairs: list[tuple[str, str]], url: str, workers: int) -> tuple[float, float, int, dict[tuple[str, str], str]]:
    """The fair script: distinct pairs, ``workers`` threads, one deep-translator call per text."""
    distinct = sorted(set(pairs))
    local = threading.local()

    def one(pair: tuple[str, str]) -> str:
        locale, text = pair
        clients = local.__dict__.setdefault("clients", {})
        if locale not in clients:
            client = LibreTranslator(source="en", target="en", api_key="x", custom_url=url)
            client.target = locale  # deep-translator's Libre table lacks th
            clients[locale] = client
        return clients[locale].translate(text)

    start, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(zip(distinct, pool.map(one, distinct)))
    return time.perf_counter() - start, time.process_time() - cpu, len(distinct), answers


def pressflow(releases: dict[str, list[str]], url: str, folder: Path) -> tuple[float, float, int, int]:
    root = make_workspace(folder, releases, LOCALES, translate=f'chain = ["libre"]\nlibre_url = "{url}"')
    ws = Workspace.load(root)
    start, cpu = time.perf_counter(), time.process_time()
    summary = translate(ws, progress=False)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    wrong = sum(1 for po in root.rglob("*.po") for e in load_catalog(po)
                if e.msgstr != LoopbackMT.answer(po.parent.parent.name, e.msgid))
    return wall, cpu, summary.requests, wrong + sum(summary.failed.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--releases", type=int, default=80)
    parser.add_argument("--delay", type=float, default=0.05, help="server seconds per request")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8, help="threads of the baseline (pressflow's default)")
    args = parser.parse_args()

    releases = corpus(args.units, args.releases)
    units = [u for us in releases.values() for u in us]
    pairs = [(locale, u) for locale in LOCALES for u in units]
    print(f"corpus: {len(units)} units x {len(LOCALES)} locales = {len(pairs)} unit-translations, "
          f"{len(set(pairs))} distinct, {len(releases)} releases; server delay {args.delay * 1000:.0f} ms/request; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    runs: dict[str, list[tuple[float, float, int]]] = {"baseline": [], "pressflow": []}
    with LoopbackMT(delay=args.delay) as mt, tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            mt.reset()
            wall, cpu, requests, answers = baseline(pairs, mt.url, args.workers)
            assert all(a == LoopbackMT.answer(loc, t) for (loc, t), a in answers.items())
            runs["baseline"].append((wall, cpu, requests))
            print(f"  round {round_ + 1}: baseline  (set() + {args.workers} threads)  {requests:5} requests  "
                  f"wall {wall:6.2f} s  cpu {cpu:6.2f} s")
            mt.reset()
            wall, cpu, requests, wrong = pressflow(releases, mt.url, Path(tmp) / f"ws{round_}")
            assert wrong == 0, f"{wrong} drafts differ from the server's answers"
            assert mt.calls == requests
            runs["pressflow"].append((wall, cpu, requests))
            print(f"  round {round_ + 1}: pressflow translate (batches)    {requests:5} requests  "
                  f"wall {wall:6.2f} s  cpu {cpu:6.2f} s  (texts per request: max {max(mt.batch_sizes)}, "
                  f"mean {sum(mt.batch_sizes) / len(mt.batch_sizes):.1f})")
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}
    print(f"\nmedians of {args.rounds} paired runs: baseline {med['baseline'][2]:.0f} requests, "
          f"{med['baseline'][0]:.2f} s wall, {med['baseline'][1]:.2f} s cpu; pressflow {med['pressflow'][2]:.0f} "
          f"requests, {med['pressflow'][0]:.2f} s wall, {med['pressflow'][1]:.2f} s cpu")
    print(f"pressflow vs the fair baseline: {med['baseline'][2] / med['pressflow'][2]:.1f}x fewer requests "
          f"(target >= 5x), {med['baseline'][0] / med['pressflow'][0]:.1f}x faster (target >= 3x); "
          f"outputs: every draft equals the server's answer for its text, as the baseline's answers do")


if __name__ == "__main__":
    main()
