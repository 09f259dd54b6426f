"""The command's own output: a reader that goes away (``| head``) ends it quietly, a full
disk (``> /dev/full``) is a clear error — for every command, handled once in cli.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workflow.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def _run(ws: Workspace, args: list[str], stdout: int | object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PRESSFLOW_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "workflow", *args], cwd=ws.root, env=env,
                            stdout=stdout, stderr=subprocess.PIPE)  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [["status"], ["--help"], ["engines"]])
def test_a_closed_pipe_ends_the_command_quietly_with_141(sample_ws: Workspace, args: list[str]) -> None:
    proc = _run(sample_ws, args, subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader went away before reading a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err
    assert err == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["status"], ["engines"]])
def test_a_full_disk_is_a_clear_error(sample_ws: Workspace, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = _run(sample_ws, args, full)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.decode().strip().splitlines()[-1] == "pressflow: error: cannot write output: No space left on device"
