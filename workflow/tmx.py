"""Moved in 0.2: ``workflow.tmx`` is now part of ``workflow.translation`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.translation.tmx``: CONTEXT_PROP, ORIGIN_PROP, TmxUnit, XML_LANG, iter_tmx, normalize_lang, read_tmx, render_tmx, write_tmx
"""

from workflow.translation.tmx import (  # noqa: F401
    CONTEXT_PROP,
    ORIGIN_PROP,
    TmxUnit,
    XML_LANG,
    iter_tmx,
    normalize_lang,
    read_tmx,
    render_tmx,
    write_tmx,
)

__all__ = [
    "CONTEXT_PROP",
    "ORIGIN_PROP",
    "TmxUnit",
    "XML_LANG",
    "iter_tmx",
    "normalize_lang",
    "read_tmx",
    "render_tmx",
    "write_tmx",
]
