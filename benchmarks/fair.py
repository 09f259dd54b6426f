"""Shared rules of a fair race for the benchmark scripts.

* Whole processes: each contender is a command run in its own process, timed from
  start to exit (interpreter start-up and imports included), with its own CPU time
  (user + system) and peak memory (max RSS) as GNU ``time`` reports them.
* Paired runs: contenders alternate (A B A B ...) so load from other processes on a
  shared machine hits both alike; the **median** of each is reported, beside every run.
* The machine is named: CPU count, load average at the start.

A contender's ``env`` is added to this process's environment; a value of ``None``
removes that variable (e.g. ``PYTHONDONTWRITEBYTECODE``) for the contender.
"""
from __future__ import annotations

import os
import statistics
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TIME = shutil.which("time", path="/usr/bin:/bin")   # GNU time: CPU time and max RSS of one command


@dataclass
class Run:
    wall: float          # seconds
    cpu: float           # user + system seconds of the process (and children it waited for)
    max_rss_mib: float   # peak resident memory
    stdout: bytes = b""
    user: float = float("nan")     # the CPU time's two parts: in the program's own code
    system: float = float("nan")   # and in the kernel on its behalf (file creation, page faults, ...)


@dataclass
class Contender:
    name: str
    command: Callable[[], Sequence[str]]      # called before each run (may prepare files)
    env: dict[str, str | None] | None = None  # added to os.environ; None removes a variable
    runs: list[Run] = field(default_factory=list)
    check: Callable[[], None] | None = None   # called after each run, untimed (e.g. hash what it wrote)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


def machine() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPUs (os.cpu_count), {len(os.sched_getaffinity(0))} usable; "
            f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at start")


def environment(env: dict[str, str | None] | None) -> dict[str, str] | None:
    """This process's environment with ``env`` applied (``None`` values removed); None for no change."""
    if env is None:
        return None
    merged = {**os.environ, **env}
    return {name: value for name, value in merged.items() if value is not None}


def run_measured(command: Sequence[str], env: dict[str, str | None] | None = None,
                 stdout_path: str | None = None) -> Run:
    """Run ``command`` with its stdout into ``stdout_path`` (or discarded); its wall time, CPU time and max RSS.

    The command is started by GNU ``time`` (a small process): a child forked from this
    big Python process would inherit its memory high-water mark into ``ru_maxrss``.
    """
    with tempfile.NamedTemporaryFile(prefix="fair-", suffix=".time") as stats:
        wrapped = [TIME, "-f", "%U %S %M", "-o", stats.name, *command] if TIME else list(command)
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.run(wrapped, stdout=out, stderr=subprocess.PIPE,
                                  env=environment(env))
            wall = time.perf_counter() - start
        finally:
            if stdout_path:
                out.close()   # type: ignore[union-attr]
        if proc.returncode != 0:
            raise RuntimeError(f"{command[0]} exited with {proc.returncode}: "
                               f"{proc.stderr.decode(errors='replace')[-2000:]}")
        if TIME:
            user, system, rss = Path(stats.name).read_text().split()[-3:]
            cpu, rss_mib = float(user) + float(system), int(rss) / 1024
        else:
            cpu = rss_mib = float("nan")
            user = system = "nan"
    data = Path(stdout_path).read_bytes() if stdout_path else b""
    return Run(wall, cpu, rss_mib, data, float(user), float(system))


def race(contenders: list[Contender], rounds: int, *, stdout_paths: dict[str, str] | None = None,
         log: Callable[[str], None] = print) -> None:
    """Run the contenders in turn, ``rounds`` times (A B A B ...), recording each run."""
    width = max(38, *(len(c.name) for c in contenders))
    for round_ in range(rounds):
        for c in contenders:
            command = c.command()
            result = run_measured(command, c.env, (stdout_paths or {}).get(c.name))
            c.runs.append(result)
            if c.check is not None:
                c.check()
            log(f"  round {round_ + 1}: {c.name:{width}} wall {result.wall:7.2f} s  cpu {result.cpu:7.2f} s  "
                f"max RSS {result.max_rss_mib:7.1f} MiB")


def table(contenders: list[Contender], baseline: Contender, log: Callable[[str], None] = print) -> None:
    """Medians of each contender and their ratios to ``baseline`` (below 1: faster / smaller than it)."""
    width = max(40, *(len(c.name) for c in contenders))
    log(f"{'median of ' + str(len(baseline.runs)) + ' paired runs':{width}} {'wall s':>8} {'cpu s':>8} {'MiB':>7}  "
        f"{'wall ratio':>10} {'cpu ratio':>9} {'mem ratio':>9}")
    for c in contenders:
        log(f"{c.name:{width}} {c.median('wall'):8.2f} {c.median('cpu'):8.2f} {c.median('max_rss_mib'):7.1f}  "
            f"{c.median('wall') / baseline.median('wall'):9.2f}x {c.median('cpu') / baseline.median('cpu'):8.2f}x "
            f"{c.median('max_rss_mib') / baseline.median('max_rss_mib'):8.2f}x")
