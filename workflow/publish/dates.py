"""Date texts a build remembers in the status index.

A page prints its release date in the locale's long CLDR format (:func:`format_date`).
Formatting is cheap, but loading Babel and ten locales' CLDR data is a noticeable part of
a full build that reuses the status index (about 40 ms of 1.3 s for 3,000 pages), so the
texts a build made are kept in the index, keyed by Babel's version and the code that
formats them, and the next build starts from them.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from workflow.fsutil import code_fingerprint
from workflow.publish import render
from workflow.review.index import Index
from workflow.workspace import Workspace


def _context() -> str:
    """What a remembered text depends on: Babel's version (its CLDR data) and our code."""
    import babel  # the package only (babel.dates and the CLDR data are what a hit avoids)

    return f"{babel.__version__}:{code_fingerprint('publish/render.py', 'locales.py')}"


@contextlib.contextmanager
def remembered_dates(ws: Workspace) -> Iterator[None]:
    """Inside the block, :func:`render.format_date` answers from the texts earlier builds
    remembered; the texts it made are remembered when the block ends without an error.

    Texts made in forked workers stay there (the next build in one process keeps them).
    """
    context = _context()
    with Index(ws) as index:
        render.KNOWN_DATES.update(index.date_texts(context))
    render.NEW_DATES.clear()
    yield
    if render.NEW_DATES:
        with Index(ws) as index:
            index.store_date_texts(context, {**render.KNOWN_DATES, **render.NEW_DATES})
