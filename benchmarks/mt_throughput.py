"""Machine-translation throughput: `pressflow translate` against a naive loop, same run.

2,000 units × 3 locales over 80 releases that share boilerplate sentences, against
the loopback LibreTranslate fake answering each request after 50 ms. The baseline
is what a script would do with deep-translator alone: one ``translate()`` call
per unit, one at a time. If the naive loop would take more than 60 s it runs on a
subset and is extrapolated (said so in the output).

Run: python3 benchmarks/mt_throughput.py [--units 2000] [--delay 0.05]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from deep_translator import LibreTranslator  # noqa: E402

from loopback_mt import LoopbackMT, make_workspace  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--releases", type=int, default=80)
    parser.add_argument("--delay", type=float, default=0.05, help="server seconds per request")
    parser.add_argument("--naive-budget", type=float, default=60.0, help="seconds the naive loop may run")
    args = parser.parse_args()

    releases = corpus(args.units, args.releases)
    units = [u for us in releases.values() for u in us]
    pairs = [(locale, u) for locale in LOCALES for u in units]
    distinct = len({(locale, u) for locale, u in pairs})
    print(f"corpus: {len(units)} units x {len(LOCALES)} locales = {len(pairs)} unit-translations, "
          f"{distinct} distinct, {len(releases)} releases; server delay {args.delay * 1000:.0f} ms/request")

    with LoopbackMT(delay=args.delay) as mt, tempfile.TemporaryDirectory() as tmp:
        # Baseline: deep-translator's client, one text at a time, every unit.
        estimate = len(pairs) * (args.delay + 0.002)
        sample = pairs if estimate <= args.naive_budget else random.Random(1).sample(pairs, int(args.naive_budget / (args.delay + 0.002)))
        clients = {locale: LibreTranslator(source="en", target="en", api_key="x", custom_url=mt.url) for locale in LOCALES}
        for locale, client in clients.items():
            client.target = locale  # deep-translator's Libre table lacks th
        start = time.perf_counter()
        for locale, text in sample:
            clients[locale].translate(text)
        naive_sample = time.perf_counter() - start
        naive = naive_sample * len(pairs) / len(sample)
        naive_note = "" if len(sample) == len(pairs) else (
            f" (extrapolated from {len(sample)} of {len(pairs)} calls taking {naive_sample:.1f} s)")
        print(f"naive loop:  {len(pairs)} requests, {naive:.1f} s{naive_note}")
        mt.reset()

        root = make_workspace(Path(tmp) / "ws", releases, LOCALES, translate=f'chain = ["libre"]\nlibre_url = "{mt.url}"')
        ws = Workspace.load(root)
        start = time.perf_counter()
        summary = translate(ws, progress=False)
        wall = time.perf_counter() - start
        duplicates = sum(n - 1 for n in mt.texts().values() if n > 1)
        print(f"pressflow:   {mt.count} requests, {wall:.1f} s (workers {ws.config['translate']['workers']}, "
              f"{summary.drafted} PO entries drafted, failed {sum(summary.failed.values())}), duplicate requests: {duplicates}")
        mt.reset()
        start = time.perf_counter()
        rerun = translate(Workspace.load(root), progress=False)
        print(f"rerun:       {mt.count} requests, {time.perf_counter() - start:.1f} s ({rerun.drafted} drafted: nothing left)")
        print(f"speed-up vs naive loop: {naive / wall:.1f}x (target >= 6x); "
              f"requests saved: {len(pairs) - summary.requests} of {len(pairs)}")


if __name__ == "__main__":
    main()
