"""Benchmark ``pressflow build`` on a synthetic newsroom: 1,000 releases × 10 locales.

A fair race (the rules of ``benchmarks/fair.py``): every contender is a whole
process (interpreter start-up and imports included), the contenders run in
turn (A B C D E, A B C D E, ...), and the **median** of each is reported beside
every run, with wall time, CPU time (user + system, worker processes included)
and peak memory, and the machine's CPU count.

Contenders:

* ``build cold, 1 process``: ``build_site`` with one worker (the build's own
  serial path), after deleting the output folder, the build manifest and the
  status index, so every catalog is read, parsed and QA-checked;
* ``build cold, every CPU``: the same with the build's default forked workers
  (compare its **CPU** time with the baseline's, or its wall time with the
  one-process build's);
* ``build warm --clean, 1 process``: every output deleted and written again, with
  the status index filled by the cold build before it (QA summaries,
  published-text tables, the releases' units), as after ``pressflow status``;
* ``no-op rebuild``: nothing changed since the warm build (whole process, so the
  interpreter start-up is in it);
* ``Jinja2 alone`` (the baseline): one process that imports Jinja2, loads the
  build's templates with the build's ``template_env`` settings, unpickles the
  build's own template contexts (recorded once beforehand from the build's page
  models, not timed) and renders and writes (``write_text``) the same 10,000
  release pages and the languages' index pages into an empty folder. Not in the
  baseline: the feeds, the sitemap, reading catalogs, page models.

Every page the baseline writes is compared byte for byte with the build's.
CPU time is also printed in its user and system parts: the system part is
mostly the kernel creating files, which on a shared disk (ext4 skipping the
inodes just freed by the folders deleted before each run) varies from round to
round for build and baseline alike.
The target of issue 18 is: cold one-process build at most 1.5x the baseline, in
CPU time and in wall time.

Usage: python3 benchmarks/render.py [--releases N] [--rounds N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _run_baseline(root: Path, out: Path) -> None:
    """The baseline process: Jinja2 renders the recorded contexts and writes the pages."""
    import pickle

    from workflow.publish.templates import template_env
    from workflow.workspace import Workspace

    env = template_env(Workspace.load(root))  # the build's settings: autoescape, StrictUndefined, ...
    with open(root / "contexts.pickle", "rb") as fh:
        jobs: list[tuple[str, str, dict]] = pickle.load(fh)
    templates = {name: env.get_template(name) for name in {name for _rel, name, _c in jobs}}
    for rel, name, context in jobs:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(templates[name].render(context), encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:2] == ["--run-baseline"]:
    _run_baseline(Path(sys.argv[2]), Path(sys.argv[3]))
    sys.exit(0)

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


def record_contexts(ws: Workspace, dest: Path) -> int:
    """Pickle into ``dest`` the build's own template contexts of every release page and
    language index page, as ``[(output path, template name, context)]``; their count.

    Recorded from the build's page models with the status index a build filled.
    """
    import pickle

    env = template_env(ws)
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
    jobs = [(rel, name, context) for rel, (name, context) in zip(pages, recorded)]
    jobs += [(rel, name, context) for rel, name, context in _site_jobs(ctx, summaries)
             if rel.endswith("/index.html")]
    with open(dest, "wb") as fh:
        pickle.dump(jobs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return len(jobs)


def _run_build(root: Path, serial: bool, clean: bool) -> None:
    """A contender process: one ``build_site`` (one worker with ``serial``)."""
    if serial:
        import workflow.publish.build as build

        build._worker_count = lambda: 1  # the build's own serial path
    build_site(Workspace.load(root), clean=clean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="Paired rounds; the median of each contender counts.")
    parser.add_argument("--keep", type=Path, default=None, help="Build the newsroom here and keep it.")
    parser.add_argument("--run-build", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--serial", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--clean", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_build is not None:
        _run_build(args.run_build, args.serial, args.clean)
        return
    if args.prepare is not None:  # in its own process, so the parent warms no cache
        print(record_contexts(Workspace.load(args.prepare), args.prepare / "contexts.pickle"))
        return

    from fair import Contender, machine, race, table  # benchmarks/fair.py

    tmp = Path(tempfile.mkdtemp(prefix="pressflow-bench-"))
    root = (args.keep or tmp / "newsroom").resolve()
    me = [sys.executable, str(Path(__file__).resolve())]
    env = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    base_out = tmp / "baseline"
    try:
        t0 = time.perf_counter()
        ws = make_newsroom(root, args.releases)
        print(f"synthetic newsroom: {args.releases} releases x {1 + len(LOCALES)} locales "
              f"({time.perf_counter() - t0:.1f} s to generate); {machine()}")
        subprocess.run([*me, "--run-build", str(root)], check=True, env={**os.environ, **env})
        pages = int(subprocess.run([*me, "--prepare", str(root)], check=True, capture_output=True, text=True,
                                   env={**os.environ, **env}).stdout)
        print(f"baseline: {pages} pages' contexts recorded from the build's page models (not timed)")

        def cold(serial: bool):
            def command() -> list[str]:
                shutil.rmtree(ws.state_dir, ignore_errors=True)  # manifest + status index
                shutil.rmtree(ws.output_dir, ignore_errors=True)
                return [*me, "--run-build", str(root), *(["--serial"] if serial else [])]
            return command

        def baseline_command() -> list[str]:
            shutil.rmtree(base_out, ignore_errors=True)
            return [*me, "--run-baseline", str(root), str(base_out)]

        contenders = [
            Contender("build cold, 1 process", cold(True), env),
            Contender(f"build cold, every CPU ({min(os.cpu_count() or 1, 8)} workers)", cold(False), env),
            Contender("build warm --clean, 1 process", lambda: [*me, "--run-build", str(root), "--serial",
                                                                "--clean"], env),
            Contender("no-op rebuild", lambda: [*me, "--run-build", str(root)], env),
            Contender("Jinja2 alone (baseline, 1 process)", baseline_command, env),
        ]
        race(contenders, args.rounds)
        # Every page the baseline wrote equals the build's, byte for byte.
        written = [p for p in base_out.rglob("*") if p.is_file()]
        differ = [p for p in written if p.read_bytes() != (ws.output_dir / p.relative_to(base_out)).read_bytes()]
        assert len(written) == pages and not differ, f"{len(differ)} of {len(written)} baseline pages differ"
        table(contenders, contenders[-1])
        # CPU time in two parts. The system part is mostly the kernel creating the pages' files;
        # on a shared ext4 disk whose folders just had thousands of files deleted (as before
        # every cold run here) that cost swings from round to round for every contender alike,
        # so the user part is the steadier comparison of the work each one does.
        base = contenders[-1]
        print(f"{'median CPU split':40} {'user s':>8} {'sys s':>8}  {'user ratio':>10}")
        for c in contenders:
            print(f"{c.name:40} {c.median('user'):8.2f} {c.median('system'):8.2f}  "
                  f"{c.median('user') / base.median('user'):9.2f}x")
        digest = hashlib.sha256((ws.output_dir / "th" / "release-0000.html").read_bytes()).hexdigest()[:12]
        print(f"all {len(written)} baseline pages byte-identical to the build's; "
              f"th/release-0000.html sha256 {digest}; target: cold 1-process build <= 1.5x baseline (wall and cpu)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
