"""The build manifest and the output files it records.

A manifest under ``.pressflow/`` (one per output folder) records the hash of
every input (release file, its catalogs, templates, config, code) and every
output (``[sha, size, mtime_ns]``). Outputs are written only when their bytes
changed; outputs of a previous build that are no longer produced are removed,
but only files the manifest says we wrote, unchanged since.
"""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.fsutil import atomic_write, read_bytes, read_file, safe_join
from workflow.workers import ensure_parent
from workflow.workspace import Workspace

MANIFEST_VERSION = 2

Manifest = dict[str, Any]  # the JSON document: version, global key, files, releases, site
OutputRecord = list[Any]   # [sha, size, mtime_ns] of one written output
#: A file modified this recently when it was hashed may change again unseen (the status index's rule).
RACY_NS = 2_000_000_000


@dataclass
class BuildResult:
    """What a build did: published and held-back versions per release, files written and removed."""

    out_dir: Path
    preview: bool
    published: dict[str, list[str]] = field(default_factory=dict)          # slug -> locales
    held_back: dict[str, dict[str, str]] = field(default_factory=dict)     # slug -> locale -> why
    # slug -> locale -> why its current version is held: the last approved version is shown instead
    previous: dict[str, dict[str, str]] = field(default_factory=dict)
    withdrawn: dict[str, list[str]] = field(default_factory=dict)           # slug -> withdrawn locales
    rendered: int = 0            # pages rendered this run (0 on a no-op)
    written: list[str] = field(default_factory=list)   # files (re)written, relative to out_dir
    unchanged: int = 0           # rendered but byte-identical, so not rewritten
    removed: list[str] = field(default_factory=list)   # stale outputs deleted
    kept: list[str] = field(default_factory=list)      # stale outputs left: changed by someone else
    temps_removed: int = 0       # temporary files a dead or older build left in the output folder
    noop: bool = False

    @property
    def index_path(self) -> Path:
        return self.out_dir / "index.html"


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    """128-bit SHA-256 prefix of ``data``, in hex (32 characters)."""
    return hashlib.sha256(data).hexdigest()[:32]


class Fingerprints:
    """Content hashes of input files, re-hashed only when their stamp changed.

    A stamp is size, mtime and (recorded by builds since 0.2) ctime, which no tool sets back:
    a same-size edit whose mtime was put back (``touch -d``, ``rsync -t``) is still seen, as
    git sees it. A file written less than :data:`RACY_NS` before it was hashed gets no mtime
    in the record (it could change again within the clock's granularity), so the next build
    hashes it again, like the status index's racy rule. Stamps seeded from the status index
    carry no ctime and are trusted on size and mtime, as ``pressflow status`` trusts them.

    ``stats``: path (as asked for) -> the status taken of it, for callers that would
    otherwise stat the same files again (the status index's currency check); ``read``:
    the files whose stamp did not vouch for them (their bytes were read and hashed).
    """

    def __init__(self, cache: dict[str, OutputRecord]):
        self.old = cache
        self.new: dict[str, OutputRecord] = {}
        self.stats: dict[Path, os.stat_result] = {}
        self.read: set[str] = set()

    def __call__(self, path: Path) -> str | None:
        key = str(path)
        cached = self.old.get(key)
        try:
            if cached:
                st = os.stat(key)
                if (cached[0] == st.st_size and cached[1] == st.st_mtime_ns
                        and (len(cached) < 4 or cached[3] == st.st_ctime_ns)):
                    self.new[key] = [st.st_size, st.st_mtime_ns, cached[2], st.st_ctime_ns]
                    self.stats[path] = st
                    return cached[2]
            st, data = read_file(key)  # the status of the bytes hashed
            digest = content_hash(data)
        except FileNotFoundError:
            return None
        self.read.add(key)
        racy = time.time_ns() - st.st_mtime_ns < RACY_NS
        self.new[key] = [st.st_size, -1 if racy else st.st_mtime_ns, digest, st.st_ctime_ns]
        self.stats[path] = st
        return digest


def manifest_path(ws: Workspace, out_dir: Path) -> Path:
    """``.pressflow/build-<hash of out_dir>.json``."""
    # One manifest per output folder, so --out elsewhere never confuses the default site.
    return ws.state_dir / f"build-{content_hash(str(out_dir).encode())[:12]}.json"


def load_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; ``{}`` when missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}  # a cache: unreadable means start over
    return data if data.get("version") == MANIFEST_VERSION else {}




@dataclass
class OutputWriter:
    """Writes a build's outputs: intent first, then a temporary file outside the output folder, then a rename.

    ``journal`` is the file descriptor of the build's intent journal (see
    :class:`Journal`), opened by the parent and inherited by forked workers:
    every output is recorded there *before* it is written, so a build killed at
    any point leaves a complete list of the files it may have written.
    Temporary files live in ``tmp_dir`` (same file system, outside ``out_dir``),
    so the folder a publisher uploads never holds one.

    Paths are handled as strings on this per-page path (a build writes thousands
    of pages; a ``Path`` costs more to make, hash and pass to a system call).
    """

    out_dir: Path
    tmp_dir: Path
    journal: int | None = None
    force: bool = False  # --clean: write every output, even when its bytes are already there
    _listed: dict[str, set[str]] = field(default_factory=dict, repr=False)  # folder -> names in it

    def __post_init__(self) -> None:
        self._root = os.fspath(self.out_dir)
        self._tmp = os.fspath(self.tmp_dir)

    def write(self, rel: str, data: str | bytes, result: BuildResult) -> OutputRecord:
        """Write one output unless its bytes are already there; its manifest record."""
        return self.write_all({rel: data}, result)[rel]

    def write_all(self, outputs: dict[str, str | bytes], result: BuildResult) -> dict[str, OutputRecord]:
        """Write each output unless its bytes are already there (one journal write for all of
        them, before any file); their manifest records."""
        records: dict[str, OutputRecord] = {}
        todo: list[tuple[str, str, str, bytes, str]] = []
        root, force = self._root, self.force
        for rel, data in outputs.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            folder, name = _out_file(root, rel)
            digest = content_hash(raw)
            if not force and name in self._names(folder) and _holds(f"{folder}/{name}", raw):
                result.unchanged += 1
                st = os.stat(f"{folder}/{name}")
                records[rel] = [digest, st.st_size, st.st_mtime_ns]
            else:
                todo.append((rel, folder, name, raw, digest))
        if todo:
            ensure_parent()  # a worker whose build died writes nothing more
            if self.journal is not None:
                os.write(self.journal, "".join(f"{t[4]}\t{t[0]}\n" for t in todo).encode())
        written = result.written
        for rel, folder, name, raw, digest in todo:
            names = self._names(folder)
            st = _replace(folder, name, raw, self._tmp, exists=name in names)
            names.add(name)
            written.append(rel)
            records[rel] = [digest, st.st_size, st.st_mtime_ns]
        # In the order of ``outputs`` (the manifest's order) when some were unchanged and some not.
        return records if len(todo) in (0, len(outputs)) else {rel: records[rel] for rel in outputs}

    def _names(self, folder: str) -> set[str]:
        """The names in ``folder`` (listed once per build and process, then kept up to date by
        this writer: the build holds the output folder's lock)."""
        names = self._listed.get(folder)
        if names is None:
            try:
                names = set(os.listdir(folder))
            except (FileNotFoundError, NotADirectoryError):
                names = set()
            self._listed[folder] = names
        return names


def _holds(path: str, raw: bytes) -> bool:
    """Whether ``path`` holds exactly ``raw``."""
    try:
        return read_bytes(path) == raw
    except (FileNotFoundError, IsADirectoryError):
        return False


class Journal:
    """The intent journal of the builds into one output folder (``build-<hash>.journal``).

    Lines ``<sha>\t<output name>``, appended (``O_APPEND``) before each write by
    the build and its workers. A build that completes removes it after saving
    its manifest; one that finds it at start knows the last build died, and
    which files that build (or several dead ones in a row) may have left: they
    are rendered again or removed like any stale output of ours.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def recovered(self) -> dict[str, set[str]]:
        """Output name -> every content hash a dead build may have written there."""
        out: dict[str, set[str]] = {}
        try:
            text = self.path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return out
        for line in text.split("\n"):
            digest, sep, rel = line.partition("\t")
            if sep and rel and len(digest) == 32:
                out.setdefault(rel, set()).add(digest)
        return out

    def open(self) -> int:
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        return self.fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def finish(self) -> None:
        """The build's manifest is saved: nothing is unaccounted for any more."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


_LEGACY_TEMP = re.compile(r"^\..+\.\d+\.\d+\.tmp$")


def temp_dir(state_dir: Path, out_dir: Path) -> Path:
    """An empty folder for the build's temporary files: on the output's file system
    (so a rename publishes a file atomically) but outside the output folder.

    ``.pressflow/tmp/<hash>`` when that is on the same file system, else a hidden
    sibling of the output folder. Leftovers of a dead build are removed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    device = out_dir.stat().st_dev
    candidates = [state_dir / "tmp" / content_hash(str(out_dir).encode())[:12],
                  out_dir.parent / f".{out_dir.name}.pressflow-tmp"]
    for folder in candidates:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.stat().st_dev == device:
            _empty(folder)
            return folder
        with contextlib.suppress(OSError):
            folder.rmdir()
    # The output folder is a mount point of its own: a hidden folder inside it, emptied
    # at start and removed at the end of every build.
    folder = out_dir / ".pressflow-tmp"
    folder.mkdir(exist_ok=True)
    _empty(folder)
    return folder


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        with contextlib.suppress(OSError):
            child.unlink()


def remove_temp_dir(folder: Path) -> None:
    """Remove the build's temporary folder (empty by now; kept under .pressflow/)."""
    _empty(folder)
    if folder.parent.name != "tmp":
        with contextlib.suppress(OSError):
            folder.rmdir()


# What pressflow's pages and feeds carry (base.html, feed.xml): ``build --clean`` finds its own
# output by it even when no manifest or journal remembers the file.
GENERATOR_MARKS = (b'<meta name="generator" content="pressflow">', b"<generator>pressflow</generator>")


def marked_outputs(out_dir: Path) -> dict[str, set[str]]:
    """Pages and feeds in ``out_dir`` that carry pressflow's generator mark: name -> {content hash}."""
    found: dict[str, set[str]] = {}
    for path in [*out_dir.glob("*/*.html"), *out_dir.glob("*/atom.xml"), out_dir / "index.html"]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(mark in data[:4096] for mark in GENERATOR_MARKS):
            found[path.relative_to(out_dir).as_posix()] = {content_hash(data)}
    return found


def remove_leftover_temps(out_dir: Path) -> list[str]:
    """Delete temporary files an older pressflow (or a dead build) left inside the output folder."""
    removed = []
    for folder, dirs, files in os.walk(out_dir):
        for name in files:
            if _LEGACY_TEMP.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed.append(os.path.relpath(os.path.join(folder, name), out_dir))
        if os.path.basename(folder) == ".pressflow-tmp":
            dirs[:] = []
    return removed


_SAFE_REL = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")


def _out_path(out_dir: Path, rel: str) -> Path:
    """``out_dir/rel`` for an output name we made from locale codes, slugs and asset names.

    Those names are plain lowercase words without ``..``, so a pattern check is
    enough; anything else (a workspace's odd asset name) goes through safe_join.
    """
    if _SAFE_REL.match(rel) and ".." not in rel:
        return out_dir.joinpath(*rel.split("/"))
    return safe_join(out_dir, *rel.split("/"))


def _out_file(root: str, rel: str) -> tuple[str, str]:
    """(folder, name) of ``root/rel`` as strings: :func:`_out_path` without making a Path
    (``root``: the resolved output folder)."""
    if _SAFE_REL.match(rel) and ".." not in rel:
        folder, _sep, name = f"{root}/{rel}".rpartition("/")
        return folder, name
    path = safe_join(root, *rel.split("/"))
    return os.fspath(path.parent), path.name


def _replace(folder: str, name: str, raw: bytes, tmp_dir: str, exists: bool = False) -> os.stat_result:
    """Atomically write or replace the output ``folder/name``, without fsync; the status of what was written.

    The bytes go to an unnamed file in the output's own folder (``O_TMPFILE``), which
    is then linked under the output's name when it is new (it appears whole, at once;
    a crash before leaves nothing) or, over an existing output (``exists``: known to be
    there), under a temporary name in ``tmp_dir`` (same file system, outside the output
    folder) renamed over it.
    Where unnamed files are not supported, a named temporary file in ``tmp_dir`` is
    written and renamed.

    Unlike :func:`atomic_write` there is no per-file lock (the build holds one,
    and lock files must not end up in a folder published as is) and no fsync:
    the site is derived data, thousands of fsyncs would dominate the build, and
    after a crash the journal and the size/mtime check against the manifest
    rebuild any page the crash damaged. Readers never see a half-written page.
    """
    path = f"{folder}/{name}"
    fd = _unnamed(folder)
    if fd is None:
        return _replace_named(path, raw, tmp_dir)
    try:
        st = _fill(fd, raw)
        try:
            if exists:
                raise FileExistsError(path)
            _link(fd, path)
        except FileExistsError:
            tmp = f"{tmp_dir}/{_PID[0]}.{next(_TEMP_NUMBERS)}.tmp"
            _link(fd, tmp)
            try:
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
    except _LinkError:  # /proc/self/fd unusable here: named temporary files from now on
        _UNNAMED[0] = False
        return _replace_named(path, raw, tmp_dir)
    finally:
        os.close(fd)
    return st


def _fill(fd: int, raw: bytes) -> os.stat_result:
    """Write ``raw`` to a new file; its status (linking and renaming keep size and mtime: the record)."""
    done = os.write(fd, raw)  # a page at once, as a rule
    if done < len(raw):
        view = memoryview(raw)[done:]
        while view:
            view = view[os.write(fd, view):]
    st = os.fstat(fd)
    if st.st_mode & 0o777 != 0o644:  # a strict umask: a published page is world-readable
        os.fchmod(fd, 0o644)
        st = os.fstat(fd)
    return st


# Unnamed files (Linux O_TMPFILE, linked through /proc/self/fd): until one cannot be made.
_UNNAMED = [hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")]
_ROOT_FD: list[int] = []  # a directory descriptor: os.link uses linkat (following the /proc link) only with one
_TMPFILE_FLAGS = getattr(os, "O_TMPFILE", 0) | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)


def _unnamed(folder: str) -> int | None:
    """A new unnamed file in ``folder`` (made on first need), open for writing; None where not supported."""
    if not _UNNAMED[0]:
        return None
    flags = _TMPFILE_FLAGS
    try:
        try:
            return os.open(folder, flags, 0o644)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)  # its folder, on first need
            return os.open(folder, flags, 0o644)
    except OSError:  # EOPNOTSUPP (a file system without it), EISDIR (a kernel without it), ...:
        _UNNAMED[0] = False  # named temporary files from now on (which report a real error of the folder)
        return None


class _LinkError(Exception):
    """An unnamed file could not be linked through /proc/self/fd (not mounted, not permitted)."""


def _link(fd: int, name: str) -> None:
    """Give the unnamed file ``fd`` the name ``name`` (FileExistsError when it is taken)."""
    try:
        if not _ROOT_FD:
            _ROOT_FD.append(os.open("/", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)))
        os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=_ROOT_FD[0], follow_symlinks=True)
    except FileExistsError:
        raise
    except OSError as exc:
        if os.path.isdir(os.path.dirname(name)):  # else a real error of the output folder: raised as it is
            raise _LinkError(str(exc)) from None
        raise


def _replace_named(path: str, raw: bytes, tmp_dir: str) -> os.stat_result:
    """:func:`_replace` with a named temporary file in ``tmp_dir``, renamed over ``path``."""
    tmp = f"{tmp_dir}/{_PID[0]}.{next(_TEMP_NUMBERS)}.tmp"
    fd = _create(tmp)
    try:
        try:
            st = _fill(fd, raw)
        finally:
            os.close(fd)
        try:
            os.replace(tmp, path)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)  # its folder, on first need
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return st


_TEMP_NUMBERS = itertools.count()
_PID = [os.getpid()]  # in temporary names (kept: os.getpid is a system call); a forked worker sets its own
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _create(tmp: str) -> int:
    """A new temporary file (created with the final mode: the page is public; a leftover
    of the same name, from a dead process with our pid, is replaced); never through a symlink."""
    for _attempt in range(3):
        try:
            return os.open(tmp, _CREATE_FLAGS, 0o644)
        except FileExistsError:
            os.unlink(tmp)
    return os.open(tmp, _CREATE_FLAGS, 0o644)


def all_outputs(manifest: Manifest) -> dict[str, OutputRecord]:
    outputs = dict(manifest.get("site", {}))
    for entry in manifest.get("releases", {}).values():
        outputs.update(entry.get("outputs", {}))
    return outputs


def outputs_intact(out_dir: Path, outputs: dict[str, OutputRecord]) -> bool:
    """Every output is still there as we wrote it (size and mtime: no need to read it)."""
    for rel, (_sha_, size, mtime) in outputs.items():
        try:
            st = (out_dir / rel).stat()
        except FileNotFoundError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return bool(outputs)


def remove_stale(out_dir: Path, old_outputs: dict[str, OutputRecord], keep: set[str], result: BuildResult,
                 recovered: dict[str, set[str]] | None = None) -> None:
    """Delete outputs we wrote that are no longer produced, unless someone changed them.

    ``recovered``: outputs a dead build may have written (its journal), with every
    content hash it wrote there; such a file is ours when it holds one of them.
    """
    folders = set()
    recovered = recovered or {}
    for rel in sorted(set(old_outputs) | set(recovered)):
        if rel in keep:
            continue
        digest, *_stat = old_outputs.get(rel) or ["", -1, -1]
        path = _out_path(out_dir, rel)
        try:
            st = path.stat()
            # Size and mtime as recorded right after we wrote it: unchanged since (the same
            # test outputs_intact trusts); otherwise compare the bytes themselves.
            ours = len(_stat) == 2 and st.st_size == _stat[0] and st.st_mtime_ns == _stat[1]
            if not ours:
                actual = content_hash(path.read_bytes())
                ours = actual == digest or actual in recovered.get(rel, ())
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue
        if ours:
            path.unlink()
            result.removed.append(rel)
            folders.add(path.parent)
        else:
            result.kept.append(rel)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != out_dir and out_dir in folder.parents:
            try:
                folder.rmdir()  # only if empty: never a publisher's own files
            except OSError:
                break
            folder = folder.parent


def save_manifest(path: Path, manifest: Manifest) -> None:
    """Write the manifest (the caller holds its lock)."""
    # Already under the manifest's lock (build_site); compact JSON, it is a cache. ASCII
    # (\u escapes) is encoded faster than UTF-8 text and read back as fast; the document
    # is made of dicts, lists and strings (no cycle to look for).
    atomic_write(path, json.dumps(manifest, separators=(",", ":"), check_circular=False), lock=False)


# ---------------------------------------------------------------------------
# Preview server
