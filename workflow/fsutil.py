"""Atomic, locked file writes.

Every file pressflow writes goes through :func:`atomic_write`: the data goes to a
temporary file in the same folder, is fsynced, then renamed over the target, so a
crash never leaves a half-written catalog. A lock file beside the target
(``.<name>.lock``) serialises concurrent writers (two CLI runs, the web app, ...).
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from workflow.errors import UnsafePathError, WorkflowError


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: str | Path, timeout: float = 60) -> Iterator[None]:
    """Hold the writer lock of ``path`` (re-entrant within one process)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # is_singleton: one FileLock object per path per process, so nested use re-enters.
    try:  # filelock retries for the whole timeout when it cannot create its file: fail at once
        os.close(os.open(lock_path(path), os.O_WRONLY | os.O_CREAT, 0o644))
    except OSError as exc:
        raise WorkflowError(f"cannot write here: {exc.strerror or exc}", path) from None
    lock = FileLock(str(lock_path(path)), timeout=timeout, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise WorkflowError(f"cannot lock it for writing within {timeout:g} s (another pressflow is writing "
                            f"it, or {path.parent} is not writable)", path) from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: str | Path, data: str | bytes, *, lock: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename)."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    ctx = locked(path) if lock else contextlib.nullcontext()
    with ctx:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        # fsync the directory so the rename itself survives a crash.
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def write_if_changed(path: str | Path, data: str | bytes) -> bool:
    """Atomically write ``data`` unless the file already holds exactly it."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if read_bytes(path) == raw:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, raw)
    return True


def safe_join(root: str | Path, *parts: str) -> Path:
    """Join ``parts`` under ``root`` and refuse anything that escapes it."""
    root_path = Path(root).resolve()
    for part in parts:
        if not part or part in (".", "..") or "\x00" in part:
            raise UnsafePathError(f"unsafe path component {part!r}")
    candidate = root_path.joinpath(*parts).resolve()
    if candidate != root_path and root_path not in candidate.parents:
        raise UnsafePathError(f"path {candidate} leaves the workspace {root_path}")
    return candidate


def read_file(path: str | Path) -> tuple[os.stat_result, bytes]:
    """(the file's status, its bytes), read through one descriptor: the status describes the
    bytes read. Four system calls (open, fstat, read, close), where ``Path.read_bytes`` takes
    about eight (buffered I/O set-up, a terminal check, a read to find the end). Raises
    what ``open`` raises (FileNotFoundError, IsADirectoryError, ...).
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        st = os.fstat(fd)
        data = os.read(fd, st.st_size + 1)
        if len(data) > st.st_size:  # it grew since fstat: read the rest
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return st, data
    finally:
        os.close(fd)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file (:func:`read_file` without the status)."""
    return read_file(path)[1]


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def read_utf8(path: str | Path, error: type[WorkflowError], *, missing: str = "no such file",
              hint: str = "save the file as UTF-8") -> str:
    """Read a UTF-8 text file, raising ``error`` as ``path[:line]: problem`` when it is missing or not UTF-8."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(missing, path) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not valid UTF-8 ({hint})", path, raw[: exc.start].count(b"\n") + 1) from None


@functools.cache
def code_fingerprint(*parts: str) -> str:
    """A short hash of pressflow's own source files under ``parts`` (paths relative to
    the ``workflow`` package: a module file or a subpackage folder).

    Caches keyed by it (the status index, the build manifest) are invalidated when the
    code that computed them changes: a development convenience. Each part's files are
    read and hashed once per process (the code a process runs is the code it loaded),
    so the build, the status index and the segment cache asking for overlapping parts
    read the sources once.
    """
    digest = hashlib.sha256()
    for part in parts:
        for name, file_digest in _source_digests(part):
            digest.update(name + b"\0" + file_digest)
    return digest.hexdigest()[:16]


@functools.cache
def _source_digests(part: str) -> tuple[tuple[bytes, bytes], ...]:
    """(path relative to the package, SHA-256 of the content) of each source file of ``part``."""
    here = Path(__file__).parent
    target = here / part
    files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    out = []
    for file in files:
        with contextlib.suppress(OSError):
            out.append((str(file.relative_to(here)).encode(), hashlib.sha256(file.read_bytes()).digest()))
    return tuple(out)
