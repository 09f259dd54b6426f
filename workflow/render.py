"""Moved in 0.2: ``workflow.render`` is now part of ``workflow.publish`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.publish.render``: BUDDHIST_ERA_LOCALES, BUDDHIST_ERA_OFFSET, BlockView, InlineProfile, ListView, Lookup, PLAIN, Page, SAFE_SCHEMES, UnitView, build_page, format_date, inline_profile, render_inline, render_unit, safe_url, unit_id
"""

from workflow.publish.render import (  # noqa: F401
    BUDDHIST_ERA_LOCALES,
    BUDDHIST_ERA_OFFSET,
    BlockView,
    InlineProfile,
    ListView,
    Lookup,
    PLAIN,
    Page,
    SAFE_SCHEMES,
    UnitView,
    build_page,
    format_date,
    inline_profile,
    render_inline,
    render_unit,
    safe_url,
    unit_id,
)

__all__ = [
    "BUDDHIST_ERA_LOCALES",
    "BUDDHIST_ERA_OFFSET",
    "BlockView",
    "InlineProfile",
    "ListView",
    "Lookup",
    "PLAIN",
    "Page",
    "SAFE_SCHEMES",
    "UnitView",
    "build_page",
    "format_date",
    "inline_profile",
    "render_inline",
    "render_unit",
    "safe_url",
    "unit_id",
]
