"""Exit codes and the reports of last resort of the ``pressflow`` command line: a closed
output pipe, output that cannot be written, an internal error (see :mod:`workflow.cli`)."""
from __future__ import annotations

import contextlib
import errno
import os
import platform
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import click

from workflow import __version__

EXIT_ERROR = 1      # bad input, or a file that could not be read (the rest was done)
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in pressflow
PREFIX = "pressflow: error: "
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader went away (`| head`)
# Errors of writing without a file name: the command's output (stdout) could not be written.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def closed_pipe() -> NoReturn:
    """The reader of our output went away (``pressflow status | head``): stop quietly, exit 141."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe at exit
    sys.exit(EXIT_PIPE)


def write_failed(exc: OSError) -> NoReturn:
    """The output could not be written (``> /dev/full``): a clear error, exit 1."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(OSError):
        click.echo(f"{PREFIX}cannot write output: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_ERROR)


def internal_error(exc: BaseException) -> NoReturn:
    """The last resort: a short report instead of a traceback (PRESSFLOW_DEBUG=1 shows it)."""
    if os.environ.get("PRESSFLOW_DEBUG"):
        raise exc
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}workflow{os.sep}" in f.filename] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno} in {ours[-1].name}" if ours else ""
    message = " ".join(str(exc).split())
    message = message if len(message) <= 200 else message[:197] + "..."
    click.echo(f"pressflow: internal error: {type(exc).__name__}: {message}{where}", err=True)
    click.echo(f"  pressflow {__version__}, Python {platform.python_version()}; this is a bug in pressflow, "
               "not in your files: please report it with the command you ran "
               "(PRESSFLOW_DEBUG=1 shows the traceback)", err=True)
    sys.exit(EXIT_INTERNAL)


