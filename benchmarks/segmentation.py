"""Segmentation accuracy per language: pressflow beside the plain libraries, in one run.

On the corpus under ``tests/data/segmentation/`` (one file per language), each
case counts as right when the units equal its ``expected`` list or one of its
``also_acceptable`` lists. The baselines get the same input handling as
``pressflow segment`` (paragraphs at blank lines, lines joined, whitespace
normalised) and then split each paragraph with the library alone:

* pysbd (English rules) for en, id, ms, vi, fil; pysbd's Burmese rules for my;
* kss and kiwipiepy for ko (``pip install kss kiwipiepy`` — the ``bench`` extra);
* pythainlp ``crfcut`` for th.

A baseline whose library is not installed is reported as such. The output
ends with the pySBD golden English rules (48 cases) and a line for every
language where pressflow is below 95 % or below its best baseline; the exit
status is 1 if there is any.

Usage: python3 benchmarks/segmentation.py [--verbose] [LANG ...]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflow.sources.segmentation import segment_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "segmentation"
LANGS = ("en", "ko", "th", "id", "ms", "vi", "fil", "km", "lo", "my")
Segmenter = Callable[[str, str], list[str]]


def _paragraphs(text: str) -> Iterator[str]:
    for paragraph in re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n")):
        paragraph = re.sub(r"\s+", " ", paragraph).strip()
        if paragraph:
            yield paragraph


def _plain(split: Callable[[str, str], list[str]]) -> Segmenter:
    def segment(text: str, lang: str) -> list[str]:
        units: list[str] = []
        for paragraph in _paragraphs(text):
            units += [u for u in (re.sub(r"\s+", " ", s).strip() for s in split(paragraph, lang)) if u]
        return units
    return segment


def _baselines() -> dict[str, Segmenter | str]:
    """Name -> segmenter, or the reason it is missing."""
    out: dict[str, Segmenter | str] = {}
    try:
        import pysbd

        segmenters = {code: pysbd.Segmenter(language=code, clean=False) for code in ("en", "my")}
        out["pysbd"] = _plain(lambda p, lang: segmenters["my" if lang == "my" else "en"].segment(p))
    except ImportError:
        out["pysbd"] = "not installed"
    try:
        import kss

        out["kss"] = _plain(lambda p, lang: kss.split_sentences(p))
    except ImportError:
        out["kss"] = "not installed (pip install kss)"
    try:
        from kiwipiepy import Kiwi

        kiwi = Kiwi()
        out["kiwipiepy"] = _plain(lambda p, lang: [s.text for s in kiwi.split_into_sents(p)])
    except ImportError:
        out["kiwipiepy"] = "not installed (pip install kiwipiepy)"
    try:
        from pythainlp.tokenize import sent_tokenize

        out["crfcut"] = _plain(lambda p, lang: sent_tokenize(p, engine="crfcut"))
    except ImportError:
        out["crfcut"] = "not installed"
    return out


BASELINES_FOR = {
    "en": ("pysbd",), "id": ("pysbd",), "ms": ("pysbd",), "vi": ("pysbd",), "fil": ("pysbd",),
    "my": ("pysbd",), "ko": ("kss", "kiwipiepy"), "th": ("crfcut",),
}


def _right(case: dict[str, Any], units: list[str]) -> bool:
    return units == case["expected"] or units in case.get("also_acceptable", [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("langs", nargs="*", choices=[[], *LANGS], default=[], metavar="LANG")
    parser.add_argument("--verbose", action="store_true", help="print every case pressflow gets wrong")
    args = parser.parse_args()
    langs = args.langs or list(LANGS)
    baselines = _baselines()
    problems: list[str] = []
    print(f"{'lang':5} {'cases':>5}  {'pressflow':>9}  baselines")
    for lang in langs:
        cases = json.loads((DATA / f"{lang}.json").read_text(encoding="utf-8"))["cases"]
        start = time.perf_counter()
        right = 0
        for case in cases:
            units = segment_text(case["text"], lang)
            if _right(case, units):
                right += 1
            elif args.verbose:
                print(f"  wrong {case['id']} ({case['kind']}): {json.dumps(units, ensure_ascii=False)}")
        elapsed = time.perf_counter() - start
        ours = right / len(cases)
        shown: list[str] = []
        best = 0.0
        for name in BASELINES_FOR.get(lang, ()):
            baseline = baselines[name]
            if isinstance(baseline, str):
                shown.append(f"{name}: {baseline}")
                continue
            score = sum(_right(case, baseline(case["text"], lang)) for case in cases) / len(cases)
            best = max(best, score)
            shown.append(f"{name} {score:.1%}")
        print(f"{lang:5} {len(cases):5}  {ours:9.1%}  {', '.join(shown) or '(no library baseline)'}"
              f"  [{elapsed * 1000 / len(cases):.1f} ms/case]")
        if ours < 0.95:
            problems.append(f"{lang}: pressflow {ours:.1%} is below 95%")
        if ours < best:
            problems.append(f"{lang}: pressflow {ours:.1%} is below the best baseline ({best:.1%})")
    golden = json.loads((DATA / "golden_en.json").read_text(encoding="utf-8"))["cases"]
    ours_golden = sum(segment_text(c["text"], "en") == c["expected"] for c in golden)
    pysbd = baselines["pysbd"]
    theirs = "" if isinstance(pysbd, str) else f", plain pysbd {sum(pysbd(c['text'], 'en') == c['expected'] for c in golden)}"
    print(f"golden English rules: pressflow {ours_golden}/{len(golden)}{theirs}")
    if ours_golden < 47:
        problems.append(f"golden rules: {ours_golden}/48 is below 47")
    for problem in problems:
        print("NOT AS GOOD:", problem)
    if not problems:
        print("pressflow is at least 95% and at least as good as the best baseline in every language")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
