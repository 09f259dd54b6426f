"""Moved in 0.2: ``workflow.releases`` is now part of ``workflow.sources`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.sources.releases``: BLOCK_KINDS, Block, Release, SLUG_RE, load_release, parse_body, parse_release, render_release
"""

from workflow.sources.releases import (  # noqa: F401
    BLOCK_KINDS,
    Block,
    Release,
    SLUG_RE,
    load_release,
    parse_body,
    parse_release,
    render_release,
)

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "Release",
    "SLUG_RE",
    "load_release",
    "parse_body",
    "parse_release",
    "render_release",
]
