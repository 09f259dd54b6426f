"""Worker pools that cannot outlive their parent (workflow.workers)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workflow.workers import can_fork, worker_pool

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _pids(pool) -> list[int]:
    return [p.pid for p in pool._processes.values()]


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_leaving_the_block_by_an_exception_kills_the_workers() -> None:
    with pytest.raises(KeyboardInterrupt):
        with worker_pool(2) as pool:
            futures = [pool.submit(_sleep, 60) for _ in range(4)]
            deadline = time.monotonic() + 30  # bounded: wait until both workers have a task
            while sum(f.running() for f in futures) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            pids = _pids(pool)
            assert len(pids) == 2 and all(_alive(p) for p in pids)
            raise KeyboardInterrupt
    assert pids and not any(_alive(p) for p in pids)
    assert all(f.cancelled() or f.done() for f in futures)


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        from workflow.workers import worker_pool
        def work(n):
            time.sleep(60)
        with worker_pool(2) as pool:
            futures = [pool.submit(work, n) for n in range(2)]
            time.sleep(0.5)
            print(" ".join(str(p.pid) for p in pool._processes.values()), flush=True)
            time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_worker_whose_parent_is_gone_exits_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "written"
    script = textwrap.dedent(f"""
        import workflow.workers as w
        w._parent = -1  # not our parent any more: it died and we were re-parented
        w.ensure_parent()
        open({str(target)!r}, "w").write("too late")
    """)
    done = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and not target.exists()


def test_the_collector_is_paused_inside_nested_and_concurrent_blocks_and_restored_after() -> None:
    import gc
    import threading

    from workflow.workers import collector_paused

    assert gc.isenabled()
    inside = threading.Event()
    leave = threading.Event()

    def other_build() -> None:
        with collector_paused():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other_build)
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        thread.start()
        inside.wait(10)
    assert not gc.isenabled()  # the other thread's block still runs
    leave.set()
    thread.join(10)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a build that fails")
    assert gc.isenabled()
    gc.disable()  # off before: left off
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_paused_block_leaves_alive_is_not_collected_at_once_after_it() -> None:
    """Objects made inside the block go to the oldest generation (collectable by the next full
    collection), not to the youngest, where the first allocation after the block would have
    the collector walk all of them."""
    import gc

    from workflow.workers import collector_paused

    gc.collect()
    events: list[str] = []

    def seen(phase: str, info: dict) -> None:
        events.append(phase)

    with collector_paused():
        kept = [[] for _ in range(5000)]  # what a build leaves alive
    gc.callbacks.append(seen)
    try:
        after = [[] for _ in range(100)]  # a few allocations after the build
    finally:
        gc.callbacks.remove(seen)
    assert events == [] and len(kept) + len(after) == 5100
    assert gc.get_freeze_count() == 0 and any(o is kept[0] for o in gc.get_objects(generation=2))


def test_a_build_leaves_the_collector_on(english_only_ws) -> None:
    import gc

    from workflow.publish.build import build_site

    build_site(english_only_ws)
    assert gc.isenabled()
