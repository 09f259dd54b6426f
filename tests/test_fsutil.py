from __future__ import annotations

import os
import threading

import pytest

from workflow.errors import UnsafePathError
from workflow.fsutil import atomic_write, code_fingerprint, locked, read_bytes, read_file, safe_join, write_if_changed


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.po"
    atomic_write(path, "one")
    atomic_write(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.po"
    atomic_write(path, "original")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, "new")
    monkeypatch.undo()
    assert path.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_write_if_changed_keeps_inode(tmp_path):
    path = tmp_path / "a.po"
    assert write_if_changed(path, "same") is True
    inode = path.stat().st_ino
    assert write_if_changed(path, "same") is False
    assert path.stat().st_ino == inode


def test_lock_is_reentrant_within_a_process(tmp_path):
    path = tmp_path / "a.po"
    done = threading.Event()

    def nested() -> None:
        with locked(path, timeout=2):
            with locked(path, timeout=2):  # e.g. update holds the lock, then save takes it
                done.set()

    worker = threading.Thread(target=nested, daemon=True)
    worker.start()
    worker.join(5)
    assert done.is_set()


def test_lock_excludes_another_process(tmp_path):
    import subprocess
    import sys
    import threading

    path = tmp_path / "a.po"
    # The other process holds the lock until told to let go (not for a fixed time, which a
    # loaded machine could spend before we even ask for the lock).
    code = (
        "import sys; from workflow.fsutil import locked\n"
        f"with locked({str(path)!r}):\n"
        "    print('held', flush=True); sys.stdin.readline()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        acquired = threading.Event()

        def take() -> None:
            with locked(path, timeout=60):
                acquired.set()

        waiter = threading.Thread(target=take, daemon=True)
        waiter.start()
        assert not acquired.wait(0.5)   # we have to wait for the other writer
        proc.stdin.write("release\n")
        proc.stdin.flush()
        assert acquired.wait(30)        # and get the lock once it lets go
        waiter.join(5)
    finally:
        proc.stdin.close()
        proc.wait(10)


@pytest.mark.parametrize("parts", [("..", "etc"), ("a", ".."), ("",), ("/etc/passwd",), ("x\x00",)])
def test_safe_join_refuses_escapes(tmp_path, parts):
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path, *parts)


def test_safe_join_allows_normal_paths(tmp_path):
    assert safe_join(tmp_path, "ko", "LC_MESSAGES", "x.po") == (tmp_path / "ko" / "LC_MESSAGES" / "x.po").resolve()


@pytest.mark.parametrize("size", [0, 1, 4096, 1_000_003])
def test_read_file_gives_the_bytes_and_their_status(tmp_path, size):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(i % 251 for i in range(size)))
    st, data = read_file(path)
    assert data == path.read_bytes() == read_bytes(path)
    assert (st.st_size, st.st_mtime_ns, st.st_ino) == (size, path.stat().st_mtime_ns, path.stat().st_ino)


def test_read_file_raises_what_open_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.po")
    with pytest.raises(IsADirectoryError):
        read_bytes(tmp_path)


def test_code_fingerprint_names_the_code_of_its_parts():
    """Overlapping parts asked for by the build, the status index and the segment cache: each
    answer depends on its own parts only, in order, and stays the same within a process."""
    import hashlib
    from pathlib import Path

    import workflow.fsutil

    here = Path(workflow.fsutil.__file__).parent
    masking = here / "translation" / "masking.py"
    expected = hashlib.sha256(b"translation/masking.py\0" + hashlib.sha256(masking.read_bytes()).digest())
    assert code_fingerprint("translation/masking.py") == expected.hexdigest()[:16]
    both = code_fingerprint("publish", "review")
    assert code_fingerprint("publish") != code_fingerprint("review")
    assert both not in (code_fingerprint("publish"), code_fingerprint("review"), code_fingerprint("review", "publish"))
    assert code_fingerprint("publish", "review") == both
