"""Worker processes that cannot outlive the process that started them.

A forked :class:`~concurrent.futures.ProcessPoolExecutor` worker whose parent is
killed (``kill -9``, the OOM killer, a closed terminal) keeps waiting on the call
queue forever — it holds the queue's write end itself, so it never sees EOF —
and a worker in the middle of a task finishes it, writing files after the
parent and its locks are gone. :func:`worker_pool` starts workers that:

* ask the kernel to kill them when their parent dies (Linux ``prctl(2)``
  ``PR_SET_PDEATHSIG``, through ctypes), and exit at once if the parent died
  before that request took effect;
* elsewhere, poll their parent from a watchdog thread and exit when it is gone;
* are killed and reaped when the ``with`` block is left by an exception, so no
  pool outlives the lock the caller holds.

Code in a worker calls :func:`ensure_parent` before writing anything.
"""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing and the pool are imported when a pool is made (a small build makes none)
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_parent: int | None = None  # in a worker: the pid of the process that started it


def can_fork() -> bool:
    """Whether forked workers are available (not on Windows, nor macOS' default)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _parent_death_signal(sig: int) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent exits; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.2)


def _start_worker(parent: int) -> None:
    """Pool initializer: die with ``parent``."""
    global _parent
    _parent = parent
    if not _parent_death_signal(signal.SIGKILL):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    ensure_parent()  # the parent may have died before the request above


def ensure_parent() -> None:
    """In a worker: exit at once (no cleanup, no write) if the parent has died. A no-op elsewhere."""
    if _parent is not None and os.getppid() != _parent:
        os._exit(1)


def in_worker() -> bool:
    return _parent is not None


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` forked processes that die with this one (see the module docstring).

    Leaving the block normally waits for the workers; leaving it by an exception
    (Ctrl-C, an error) cancels queued tasks and kills the running workers before
    the exception goes on, so nothing they do happens after the caller's locks
    are released.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        kill_pool(pool)
        raise
    pool.shutdown(wait=True)


def kill_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued tasks, kill the workers and reap them.

    On return every worker is reaped and every future of ``pool`` is settled
    (cancelled, or failed with ``BrokenProcessPool``): the pool's manager
    thread, which settles them after seeing the workers die, is joined too
    (bounded by 10 s per step, so a wedged pool cannot hang the caller).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # shutdown() forgets the manager thread; keep it to join it below.
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(10)
    if manager is not None and manager is not threading.current_thread():
        manager.join(10)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True)


_PAUSED = [0, False]  # blocks running in this process; whether the collector was on before the first
_PAUSE_LOCK = threading.Lock()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block (back as it was afterwards).

    For work that makes few reference cycles but allocates a lot, as a site build: a
    few thousand cyclic objects for thousands of pages (freed when the collector is
    back), while the collector would run hundreds of times, each full pass walking
    every object the build holds (about 5 % of a full build's CPU time). Re-entrant
    and thread-safe (the web app builds from request threads): the collector is back
    on when the last such block in the process ends. Forked workers inherit the pause.
    """
    with _PAUSE_LOCK:
        if _PAUSED[0] == 0:
            _PAUSED[1] = gc.isenabled()
            gc.disable()
        _PAUSED[0] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSED[0] -= 1
            if _PAUSED[0] == 0 and _PAUSED[1]:
                # What the block allocated is all in the youngest generation: collecting it
                # would walk every object the block left alive (~10 ms after a site build).
                # Moved to the oldest generation instead (freeze + unfreeze: list moves),
                # where its cycles are collected by the next full collection.
                gc.freeze()
                gc.unfreeze()
                gc.enable()
