"""Benchmark ``pressflow build`` on a synthetic newsroom: 1,000 releases × 10 locales.

Prints, from one run:

* the full build time, **cold**: empty output folder, no build manifest and an
  empty QA/status index, so every catalog is read, parsed and QA-checked;
* the full build time, **warm**: ``--clean`` (every output deleted, then
  rendered and written again) with the status index already filled by the cold
  build (QA summaries and published-text tables of the catalogs, the releases'
  units), as after ``pressflow status``, review or an earlier build;
* the no-op rebuild time (nothing changed) and its share of the full build
  (target: at most 5 %);
* the full build against a baseline measured in the same run: a bare loop that
  renders, with Jinja2 alone, the same 10,000 release pages and the languages'
  index pages the build writes (same templates, same ``template_env`` settings,
  the build's own template contexts recorded beforehand, outside the timed loop)
  and writes each with a plain ``write_text`` into an empty folder; a few of its
  pages are checked byte for byte against the build's (target: at most 1.5×).
  Not in the baseline: the feeds, the sitemap, reading catalogs, page models.

Each is measured ``--rounds`` times (default 3), interleaved, and the fastest
run counts (every run is printed): timings on a shared machine are noisy. The
baseline runs in a forked process, so its preparations warm no cache of the
builds.

Ratios are wall-clock time over wall-clock time. The build uses every CPU
(forked worker processes); the baseline is one plain loop in one process, as
a script would be.

Usage: python3 benchmarks/render.py [--releases N] [--rounds N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workflow.publish.build import _index_state, _release_infos, build_site  # noqa: E402
from workflow.publish.pages import cached_segments as _cached_segments  # noqa: E402
from workflow.publish.pages import catalog_dirs as _po_dirs  # noqa: E402
from workflow.publish.pages import make_context as _make_context  # noqa: E402
from workflow.publish.pages import release_pages as _release_pages  # noqa: E402
from workflow.publish.site import site_jobs as _site_jobs  # noqa: E402
from workflow.publish.templates import asset_version as _asset_version  # noqa: E402
from workflow.publish.templates import static_files as _static_files  # noqa: E402
from workflow.publish.templates import template_env  # noqa: E402
from workflow.publish.templates import template_files as _template_files  # noqa: E402
from workflow.catalogs import new_catalog, render_catalog  # noqa: E402
from workflow.review.units import approve_entry  # noqa: E402
from workflow.sources.segmentation import segment_release  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

LOCALES = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
# A few real words per language: synthetic translations in the right script pass QA.
WORDS = {
    "ko": "협력 디지털 정부 장관 회의 발전 혁신 정책 기술 국가".split(),
    "id": "kerja sama digital pemerintah menteri rapat inovasi kebijakan teknologi negara".split(),
    "ms": "kerjasama digital kerajaan menteri mesyuarat inovasi dasar teknologi negara".split(),
    "th": "ความร่วมมือ ดิจิทัล รัฐบาล รัฐมนตรี การประชุม นวัตกรรม นโยบาย เทคโนโลยี ประเทศ".split(),
    "vi": "hợp tác kỹ thuật số chính phủ bộ trưởng hội nghị đổi mới chính sách công nghệ".split(),
    "fil": "pagtutulungan digital pamahalaan ministro pulong inobasyon patakaran teknolohiya bansa".split(),
    "km": "កិច្ចសហប្រតិបត្តិការ ឌីជីថល រដ្ឋាភិបាល រដ្ឋមន្ត្រី កិច្ចប្រជុំ នវានុវត្តន៍ គោលនយោបាយ បច្ចេកវិទ្យា".split(),
    "lo": "ການຮ່ວມມື ດິຈິຕອນ ລັດຖະບານ ລັດຖະມົນຕີ ກອງປະຊຸມ ນະວັດຕະກຳ ນະໂຍບາຍ ເຕັກໂນໂລຊີ".split(),
    "my": "ပူးပေါင်းဆောင်ရွက်မှု ဒစ်ဂျစ်တယ် အစိုးရ ဝန်ကြီး အစည်းအဝေး ဆန်းသစ်တီထွင်မှု မူဝါဒ နည်းပညာ".split(),
}
END = {"km": "។", "my": "။", "th": "", "lo": ""}
SENTENCES = [
    "The Ministry of Science and ICT (MSIT) held the {n}th forum on digital cooperation in Seoul.",
    "Ministers from {k} countries discussed network security and data policy.",
    "The plan for {y} includes {k} new research centers and a joint fund.",
    "MSIT will publish the results of the pilot program in {m} months.",
    "Officials agreed to meet again next year to review the progress.",
    "The forum also welcomed experts from universities and industry.",
]


def _translate(text: str, locale: str) -> str:
    """A deterministic stand-in translation: target-script words, numbers and acronyms kept."""
    words = WORDS[locale]
    out = []
    for i, word in enumerate(text.rstrip(".").split()):
        core = word.strip("().,")
        if any(c.isdigit() for c in core) or (core.isupper() and len(core) > 1):
            out.append(word.strip(",."))
        else:
            out.append(words[(len(core) + i) % len(words)])
    return " ".join(out) + END.get(locale, ".")


def make_newsroom(root: Path, releases: int) -> Workspace:
    (root / "releases").mkdir(parents=True)
    (root / "pressflow.toml").write_text(
        '[workspace]\nname = "Benchmark newsroom"\nbase_url = "https://bench.example/"\n'
        f"target_locales = {LOCALES!r}\n".replace("'", '"'), encoding="utf-8")
    start = dt.date(2015, 1, 1)
    for n in range(releases):
        date = start + dt.timedelta(days=n)
        body = []
        for p in range(4):
            a, b = SENTENCES[(n + p) % 6], SENTENCES[(n + p + 3) % 6]
            body.append(" ".join(s.format(n=n + p, k=p + 3, y=2016 + n % 9, m=p + 2) for s in (a, b)))
        body.append(f"* MSIT: Ministry of Science and ICT, release {n}")
        text = (f"---\nslug: release-{n:04d}\ntitle: MSIT announces digital plan number {n}\n"
                f"subtitle: Cooperation for {2016 + n % 9}\ndate: {date.isoformat()}\nlang: en\n---\n\n"
                + "\n\n".join(body) + "\n")
        (root / "releases" / f"{date.isoformat()}-release-{n:04d}.md").write_text(text, encoding="utf-8")
    ws = Workspace.load(root)
    for release in ws.releases():
        units = segment_release(release, "sentence")
        for locale in LOCALES:
            catalog = new_catalog(locale, project=release.slug)
            for unit in units:
                if catalog.find(unit.text) is None:
                    entry = catalog.add(unit.text)
                    entry.msgstr = _translate(unit.text, locale)
                    approve_entry(entry, "Bench Reviewer", at="2024-01-01T00:00:00Z")
            path = ws.po_path(locale, release.slug)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_catalog(catalog), encoding="utf-8")
    return ws


class _Recorder:
    """Stands in for a template while the baseline records the build's contexts."""

    def __init__(self, name: str, contexts: list[tuple[str, dict]]):
        self.name, self.contexts = name, contexts

    def render(self, context: dict | None = None, **kwargs: object) -> str:
        self.contexts.append((self.name, {**(context or {}), **kwargs}))
        return ""


def baseline(ws: Workspace, out: Path, check: Path | None = None) -> float:
    """Jinja2 alone: render every release page and language index from ready-made
    contexts with the build's environment and templates, and write them.

    The contexts are the build's own (recorded outside the timed loop from the
    build's page models, with the status index the cold build filled), so the
    baseline renders the very pages the build writes; with ``check`` (the build's
    output folder) that is verified byte for byte after the timed loop.
    """
    env = template_env(ws)  # the build's settings: autoescape, StrictUndefined, trim/lstrip blocks
    infos = _release_infos(ws)
    ctx = _make_context(ws, env, preview=False, asset_version=_asset_version(_static_files(_template_files(ws))),
                        po_dirs=_po_dirs(ws))
    state = _index_state(ws, infos, ctx.po_dirs)
    if state is not None:
        ctx.current, ctx.stale, ctx.tables = state
    _cached_segments(ctx, infos)
    recorded: list[tuple[str, dict]] = []
    ctx.templates["release.html"] = _Recorder("release.html", recorded)  # type: ignore[assignment]
    summaries = {}
    pages = []
    for info in infos:
        summary, outputs, _count, _rows = _release_pages(ctx, ws.load_release(info.path))
        summaries[info.slug] = summary
        pages.extend(outputs)  # output names, in the order the contexts were recorded
    contexts = [(rel, env.get_template(name), context) for rel, (name, context) in zip(pages, recorded)]
    contexts += [(rel, env.get_template(name), context) for rel, name, context in _site_jobs(ctx, summaries)
                 if rel.endswith("/index.html")]
    started = time.perf_counter()
    for rel, template, context in contexts:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(context), encoding="utf-8")
    elapsed = time.perf_counter() - started
    if check is not None:
        for rel in (contexts[0][0], contexts[-1][0], contexts[len(contexts) // 2][0]):
            assert (out / rel).read_bytes() == (check / rel).read_bytes(), f"baseline page {rel} differs"
    return elapsed


def _baseline_in_child(root: Path, out: Path, check: Path) -> float:
    """The baseline in a forked process: its preparations (segmentation, page models)
    must not warm the caches the next cold build inherits."""
    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(_baseline_at, root, out, check).result()


def _baseline_at(root: Path, out: Path, check: Path) -> float:
    return baseline(Workspace.load(root), out, check)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="Rounds of cold build, no-op, warm build and baseline; the fastest of each counts.")
    parser.add_argument("--keep", type=Path, default=None, help="Build the newsroom here and keep it.")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pressflow-bench-"))
    root = args.keep or tmp / "newsroom"
    try:
        t0 = time.perf_counter()
        ws = make_newsroom(root, args.releases)
        print(f"synthetic newsroom: {args.releases} releases x {1 + len(LOCALES)} locales "
              f"({time.perf_counter() - t0:.1f} s to generate); {args.rounds} rounds, fastest of each counts")
        times: dict[str, list[float]] = {"cold": [], "noop": [], "warm": [], "base": []}
        pages = written = 0
        for number in range(args.rounds):
            # Cold: no manifest, no status index (QA summaries, published-text tables,
            # cached segmentation), no output folder.
            shutil.rmtree(ws.state_dir, ignore_errors=True)
            shutil.rmtree(ws.output_dir, ignore_errors=True)
            t0 = time.perf_counter()
            full = build_site(Workspace.load(root))
            times["cold"].append(time.perf_counter() - t0)
            pages = sum(len(v) for v in full.published.values())
            written = len(full.written)
            assert pages == args.releases * (1 + len(LOCALES)), f"only {pages} pages published"

            t0 = time.perf_counter()
            noop = build_site(Workspace.load(root))
            times["noop"].append(time.perf_counter() - t0)
            assert noop.noop and not noop.written

            # --clean with the status index filled: what a rebuild costs once `pressflow
            # status` (or review, or an earlier build) has checked the catalogs.
            t0 = time.perf_counter()
            warm = build_site(Workspace.load(root), clean=True)
            times["warm"].append(time.perf_counter() - t0)
            assert sum(len(v) for v in warm.published.values()) == pages

            times["base"].append(_baseline_in_child(root, tmp / f"baseline-{number}", ws.output_dir))
            shutil.rmtree(tmp / f"baseline-{number}", ignore_errors=True)

        t_full, t_noop, t_warm, t_base = (min(times[k]) for k in ("cold", "noop", "warm", "base"))
        digest = hashlib.sha256((ws.output_dir / "th" / "release-0000.html").read_bytes()).hexdigest()[:12]

        def runs(key: str) -> str:
            return ", ".join(f"{t:.2f}" for t in times[key])

        print(f"full build, cold (no manifest, status index empty): {t_full:7.2f} s  "
              f"({pages} release pages, {written} files; runs: {runs('cold')})")
        print(f"full build, warm (--clean, status index filled):    {t_warm:7.2f} s  (runs: {runs('warm')})")
        print(f"no-op rebuild (nothing changed):                     {t_noop:7.3f} s  = "
              f"{100 * t_noop / t_full:.1f} % of the cold, {100 * t_noop / t_warm:.1f} % of the warm full build "
              "(target <= 5 %)")
        print(f"Jinja2 alone (same template and pages, plain writes): {t_base:7.2f} s  (runs: {runs('base')})")
        print(f"ratio full build / Jinja2 alone: {t_full / t_base:.2f}x cold, {t_warm / t_base:.2f}x warm "
              "(target <= 1.5x; wall clock; the build uses every CPU, the baseline one)")
        print(f"(th/release-0000.html sha256 {digest}; {os.cpu_count()} CPUs)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
