"""Benchmark ``pressflow build`` against a bare Jinja2 loop (issue 18 item 3) on a synthetic
newsroom: 1,000 releases × 10 locales (``--releases``).

A fair race (the rules of ``benchmarks/fair.py``): every contender is a whole
process (interpreter start-up and imports included), the contenders run in
turn (A B C D E, A B C D E, ...), and the **median** of each is reported beside
every run, with wall time, CPU time (user + system, worker processes included)
split into its user and system parts, and peak memory; the machine's CPU count
and load average are named.

Contenders (every build is the ``pressflow build`` command itself, ``workflow.cli``):

* ``full build, index current (1 process)``: the output folder and the build
  manifest (``.pressflow/build-*.json``) deleted, the status index
  (``.pressflow/index.sqlite3``) as ``pressflow status`` left it (a copy taken
  right after ``pressflow status`` is put back before each run). Every page is
  rendered and written; catalogs' QA and parse results can come from the index.
  This is issue 18's "cold full build", which should reuse the index.
* ``first build, no index (1 process)``: output, manifest and status index
  deleted (a fresh clone): every catalog read, parsed and QA-checked.
* ``first build, no index (N workers)``: the same with the build's default
  forked workers, one per CPU; compare its **CPU** time with the baseline's (its
  wall time uses N processes against the baseline's one).
* ``no-op rebuild``: nothing changed since the build before it.
* ``Jinja2 alone`` (the baseline, 1 process): imports Jinja2, loads the build's
  templates with the build's ``template_env`` settings, unpickles the build's own
  template contexts (recorded once beforehand from the build's page models, not
  timed) and renders and writes (``write_text``) the same release pages and
  language index pages into an empty folder. Not in the baseline: the feeds, the
  sitemap, reading releases and catalogs, page models.

"1 process" is enforced: that runner makes ``os.cpu_count()`` answer 1 before
importing pressflow (what Python 3.13's ``PYTHON_CPU_COUNT=1`` does), and fails if
any child process used CPU time.

Checked and stated: every page the baseline writes is byte-identical to the
build's, and every build run writes the same site (same files, same bytes).

Two sources of noise are taken out, for build and baseline alike:

* The file system. On an ext4 disk, creating a few thousand files right after a
  folder of as many was deleted (as before every run here) costs 0.1–2.6 s of
  kernel time, varying from round to round for every contender, so the ratios
  measure the disk more than the code; adding the same constant to both sides
  also flatters a ratio. The working folder is therefore on tmpfs (``/dev/shm``)
  when it exists and has room; ``--dir PATH`` chooses another (e.g. the disk).
  The file system used is printed.
* Bytecode. A user's install has ``.pyc`` files; an environment with
  ``PYTHONDONTWRITEBYTECODE`` set recompiles every module in every process
  (about 0.1 s, more for the build, which imports more). Every contender runs
  with ``PYTHONDONTWRITEBYTECODE`` unset and ``PYTHONPYCACHEPREFIX`` pointing at a
  temporary folder (the repository gets no ``__pycache__``), warmed before the
  race by ``compileall`` and the untimed preparation runs; the script checks
  that no bytecode is written during the race.

Target (issue 18 item 3): the full build at most 1.5x the baseline in CPU time,
and in wall time with the same number of processes. It is judged on the
medians, for the "index current" and the "no index" one-process builds, and
for the N-worker build in CPU time only.

Usage: python3 benchmarks/render.py [--releases N] [--rounds N] [--dir PATH] [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
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


def _run_build(root: Path, one_process: bool) -> None:
    """A build contender process: ``pressflow build -w ROOT``, the command itself.

    With ``one_process``, ``os.cpu_count()`` answers 1 (so the build sizes no worker
    pool) and the process exits 3 if a child process used any CPU time.
    """
    import os

    import atexit

    if one_process:
        os.cpu_count = lambda: 1  # before pressflow is imported; as PYTHON_CPU_COUNT=1 in Python 3.13

        def no_children() -> None:  # an exit handler: the console script ends the process itself
            import resource

            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            if children.ru_utime + children.ru_stime > 0:
                sys.stderr.write(f"the one-process build started child processes "
                                 f"({children.ru_utime + children.ru_stime:.2f} s CPU)\n")
                sys.stdout.flush()
                os._exit(3)

        atexit.register(no_children)
    from workflow.cli import main

    sys.argv = ["pressflow", "build", "--workspace", str(root)]
    main()


if __name__ == "__main__" and sys.argv[1:2] == ["--run-baseline"]:
    _run_baseline(Path(sys.argv[2]), Path(sys.argv[3]))
    sys.exit(0)
if __name__ == "__main__" and sys.argv[1:2] == ["--run-build"]:
    _run_build(Path(sys.argv[2]), sys.argv[3:4] == ["--one-process"])
    sys.exit(0)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from fair import Contender, environment, machine, race, table  # noqa: E402 benchmarks/fair.py
from workflow.catalogs import new_catalog, render_catalog  # noqa: E402
from workflow.publish.build import _index_state, _release_infos  # noqa: E402
from workflow.publish.pages import cached_segments as _cached_segments  # noqa: E402
from workflow.publish.pages import catalog_dirs as _po_dirs  # noqa: E402
from workflow.publish.pages import make_context as _make_context  # noqa: E402
from workflow.publish.pages import release_pages as _release_pages  # noqa: E402
from workflow.publish.site import site_jobs as _site_jobs  # noqa: E402
from workflow.publish.templates import asset_version as _asset_version  # noqa: E402
from workflow.publish.templates import static_files as _static_files  # noqa: E402
from workflow.publish.templates import template_env  # noqa: E402
from workflow.publish.templates import template_files as _template_files  # noqa: E402
from workflow.review.units import approve_entry  # noqa: E402
from workflow.sources.segmentation import segment_release  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

TARGET = 1.5  # issue 18 item 3: full build <= 1.5x the bare Jinja2 loop
MIB = 1 << 20

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
    pages: list[str] = []
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


def working_parent(requested: Path | None, releases: int) -> tuple[Path, str]:
    """The folder to work in and why: ``requested``, else ``/dev/shm`` (tmpfs) when it exists,
    is writable and has room (1 MiB per release + 256 MiB), else the system temp folder."""
    if requested is not None:
        requested.mkdir(parents=True, exist_ok=True)
        return requested.resolve(), "chosen with --dir"
    shm, need = Path("/dev/shm"), releases * MIB + 256 * MIB
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= need:
        return shm, "the default: tmpfs"
    return Path(tempfile.gettempdir()).resolve(), f"/dev/shm missing or under {need // MIB} MiB free"


def file_system(path: Path) -> str:
    """``path``'s file system as ``/proc/mounts`` names it: ``"tmpfs (/dev/shm, tmpfs)"``."""
    best: tuple[str, str, str] | None = None
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown file system (no /proc/mounts)"
    path = path.resolve()
    for line in lines:
        device, mount, kind = line.split()[:3]
        mount = mount.replace("\\040", " ")
        if (path == Path(mount) or Path(mount) in path.parents) and (best is None or len(mount) >= len(best[1])):
            best = (device, mount, kind)
    return "unknown file system" if best is None else f"{best[2]} ({best[1]}, {best[0]})"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative path -> sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def pyc_files(folder: Path) -> set[str]:
    """The bytecode files under ``folder`` (the PYTHONPYCACHEPREFIX tree)."""
    return {str(p) for p in folder.rglob("*.pyc")}


def verdict(c: Contender, base: Contender, same_processes: bool) -> str:
    """Issue 18's target line for ``c``: medians' ratios, the range of the paired rounds' ratios, met or not."""
    cpu = c.median("cpu") / base.median("cpu")
    wall = c.median("wall") / base.median("wall")
    cpu_rounds = [a.cpu / b.cpu for a, b in zip(c.runs, base.runs)]
    wall_rounds = [a.wall / b.wall for a, b in zip(c.runs, base.runs)]
    spread = f" (rounds {min(cpu_rounds):.2f}-{max(cpu_rounds):.2f}x)" if len(cpu_rounds) > 1 else ""
    if not same_processes:
        met = "met" if cpu <= TARGET else "NOT met"
        return (f"CPU {cpu:.2f}x{spread}: {met} in CPU time "
                f"(its wall {wall:.2f}x uses more processes than the baseline: not a like-for-like wall ratio)")
    wall_spread = f" (rounds {min(wall_rounds):.2f}-{max(wall_rounds):.2f}x)" if len(wall_rounds) > 1 else ""
    line = f"CPU {cpu:.2f}x{spread}, wall {wall:.2f}x{wall_spread}: "
    if cpu <= TARGET and wall <= TARGET:
        every = max(cpu_rounds + wall_rounds) <= TARGET
        return line + ("met (medians and every round)" if every else "met on the medians, not in every round")
    missed = [name for name, ratio in (("CPU", cpu), ("wall", wall)) if ratio > TARGET]
    return line + f"NOT met ({' and '.join(missed)} above {TARGET}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="Paired rounds; the median of each contender counts.")
    parser.add_argument("--dir", type=Path, default=None,
                        help="Work in this folder (default: /dev/shm, tmpfs, when it has room; else the temp folder).")
    parser.add_argument("--keep", type=Path, default=None, help="Build the newsroom here and keep it.")
    parser.add_argument("--prepare", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:  # in its own process, so the parent warms no cache
        print(record_contexts(Workspace.load(args.prepare), args.prepare / "contexts.pickle"))
        return

    parent, why = working_parent(args.dir, args.releases)
    if args.keep is not None:  # the newsroom's folder decides; the baseline's pages go beside it
        parent, why = args.keep.resolve().parent, "beside --keep's folder"
        parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="pressflow-bench-", dir=parent))
    root = (args.keep or tmp / "newsroom").resolve()
    me = [sys.executable, str(Path(__file__).resolve())]
    pycache = tmp / "pycache"
    # Cached bytecode for every contender, as in an installed pressflow, outside the repository.
    env: dict[str, str | None] = {"PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(pycache),
                                  "PYTHONDONTWRITEBYTECODE": None}

    def untimed(*command: str) -> str:
        return subprocess.run(command, check=True, capture_output=True, text=True, env=environment(env)).stdout

    base_out = tmp / "baseline"
    snapshot = tmp / "status-index"
    try:
        t0 = time.perf_counter()
        ws = make_newsroom(root, args.releases)
        state, site = ws.state_dir, ws.output_dir
        print(f"synthetic newsroom: {args.releases} releases x {1 + len(LOCALES)} locales "
              f"({time.perf_counter() - t0:.1f} s to generate); {machine()}")
        print(f"file system: {file_system(root)} for the newsroom and its site"
              + ("" if file_system(tmp) == file_system(root) else f"; {file_system(tmp)} for the baseline's pages")
              + f" ({why})")
        untimed(sys.executable, "-m", "compileall", "-q", str(REPO / "workflow"))
        untimed(sys.executable, "-m", "workflow", "status", "--workspace", str(root))
        snapshot.mkdir()
        index_files = [p for p in state.iterdir() if p.name.startswith("index.sqlite3")]
        for p in index_files:
            shutil.copy2(p, snapshot / p.name)
        print(f"status index: {sum(p.stat().st_size for p in index_files) / MIB:.1f} MiB as `pressflow status` "
              "left it, copied aside (put back before each 'index current' run)")
        untimed(*me, "--run-build", str(root))
        pages = int(untimed(*me, "--prepare", str(root)))
        untimed(*me, "--run-baseline", str(root), str(base_out))
        print(f"baseline: {pages} pages' contexts recorded from the build's page models (not timed)")
        compiled = pyc_files(pycache)
        print(f"bytecode: {len(compiled)} .pyc files cached under PYTHONPYCACHEPREFIX by compileall and the "
              "untimed runs above; PYTHONDONTWRITEBYTECODE unset for every contender")

        def index_current() -> list[str]:
            shutil.rmtree(site, ignore_errors=True)
            for p in state.glob("build-*.json"):  # the build manifest(s)
                p.unlink()
            for p in state.glob("index.sqlite3*"):
                p.unlink()
            for p in snapshot.iterdir():
                shutil.copy2(p, state / p.name)
            return [*me, "--run-build", str(root), "--one-process"]

        def first_build(one_process: bool):
            def command() -> list[str]:
                shutil.rmtree(state, ignore_errors=True)  # manifest + status index
                shutil.rmtree(site, ignore_errors=True)
                return [*me, "--run-build", str(root), *(["--one-process"] if one_process else [])]
            return command

        def baseline_command() -> list[str]:
            shutil.rmtree(base_out, ignore_errors=True)
            return [*me, "--run-baseline", str(root), str(base_out)]

        sites: list[tuple[str, dict[str, str]]] = []  # (contender, what its run left in the site folder)

        def record(name: str):
            return lambda: sites.append((name, tree_digest(site)))

        workers = min(os.cpu_count() or 1, 8)
        names = ["full build, index current (1 process)", "first build, no index (1 process)",
                 f"first build, no index ({workers} workers)", "no-op rebuild", "Jinja2 alone (baseline, 1 process)"]
        contenders = [
            Contender(names[0], index_current, env, check=record(names[0])),
            Contender(names[1], first_build(True), env, check=record(names[1])),
            Contender(names[2], first_build(False), env, check=record(names[2])),
            Contender(names[3], lambda: [*me, "--run-build", str(root)], env, check=record(names[3])),
            Contender(names[4], baseline_command, env),
        ]
        race(contenders, args.rounds)
        # Every build run wrote the same site, and every page the baseline wrote equals the build's.
        reference = sites[0][1]
        for name, files in sites:
            other = sorted(set(files) ^ set(reference) | {f for f in files if files[f] != reference.get(f)})
            assert not other, f"{name} left a different site: {len(other)} files, e.g. {other[:3]}"
        written = [p for p in base_out.rglob("*") if p.is_file()]
        differ = [p for p in written if p.read_bytes() != (site / p.relative_to(base_out)).read_bytes()]
        assert len(written) == pages and not differ, f"{len(differ)} of {len(written)} baseline pages differ"
        new_pyc = pyc_files(pycache) - compiled
        table(contenders, contenders[-1])
        base = contenders[-1]
        width = max(len(name) for name in names)
        print(f"{'median CPU split':{width}} {'user s':>8} {'sys s':>8}  {'user ratio':>10} {'sys ratio':>9}")
        for c in contenders:
            print(f"{c.name:{width}} {c.median('user'):8.2f} {c.median('system'):8.2f}  "
                  f"{c.median('user') / base.median('user'):9.2f}x {c.median('system') / base.median('system'):8.2f}x")
        digest = hashlib.sha256((site / "th" / "release-0000.html").read_bytes()).hexdigest()[:12]
        print(f"every build run left the same site ({len(reference)} files, byte-identical); all {len(written)} "
              f"baseline pages byte-identical to the build's; th/release-0000.html sha256 {digest}")
        print("bytecode: " + ("no .pyc written during the race" if not new_pyc else
                              f"{len(new_pyc)} .pyc written during the race (compile time inside some runs), "
                              f"e.g. {sorted(new_pyc)[0]}"))
        load = os.getloadavg()
        print(f"file system: {file_system(root)}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at end")
        print(f"target (issue 18 item 3): full build <= {TARGET}x the baseline in CPU time, and in wall time "
              f"with the same number of processes; medians of {args.rounds} paired rounds:")
        for c, same in ((contenders[0], True), (contenders[1], True), (contenders[2], False)):
            print(f"  {c.name:{width}} {verdict(c, base, same)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
