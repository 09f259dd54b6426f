"""Review: unit states and stamps, QA checks, glossary, the status index, review actions and the queue.

Layers inside the package (each imports only those before it): ``units`` (state, stamps, the
transition table), ``glossary``, ``checks/``, ``summary``, ``index``, ``targets``, ``status``/``report``,
``queue``, ``actions``.

Until 0.2 ``workflow.review`` was one module; its public names still resolve here, lazily (so that
importing ``workflow.review.units`` loads nothing above it). Import them from their homes instead.
"""
from __future__ import annotations

import importlib

_MOVED: dict[str, str] = {
    "Action": "workflow.review.units",
    "Outcome": "workflow.review.actions",
    "QUEUE_STATES": "workflow.review.queue",
    "QueueItem": "workflow.review.queue",
    "STAMP_PREFIX": "workflow.review.units",
    "Selection": "workflow.review.actions",
    "State": "workflow.review.units",
    "TRANSITIONS": "workflow.review.units",
    "WalkResult": "workflow.review.actions",
    "approve": "workflow.review.actions",
    "approve_entry": "workflow.review.units",
    "blocking_errors": "workflow.review.checks.base",
    "can_draft": "workflow.review.units",
    "current_forms": "workflow.review.units",
    "describe_item": "workflow.review.queue",
    "edit": "workflow.review.actions",
    "edit_entry": "workflow.review.units",
    "forced_overrides": "workflow.review.units",
    "get_stamp": "workflow.review.units",
    "has_valid_approval": "workflow.review.units",
    "interactive_review": "workflow.review.actions",
    "is_translated": "workflow.review.units",
    "mark_draft": "workflow.review.units",
    "matches_unit": "workflow.review.units",
    "now_iso": "workflow.review.units",
    "one": "workflow.review.actions",
    "origin_of": "workflow.review.units",
    "parse_stamps": "workflow.review.units",
    "reject": "workflow.review.actions",
    "reject_entry": "workflow.review.units",
    "resolve_reviewer": "workflow.review.actions",
    "review_queue": "workflow.review.queue",
    "select_entries": "workflow.review.actions",
    "selector_matches_keys": "workflow.review.units",
    "state_of": "workflow.review.units",
    "transition": "workflow.review.units",
    "unit_hash": "workflow.review.units",
    "unit_id": "workflow.review.units",
    "unit_keys": "workflow.review.units",
    "unit_selection": "workflow.review.actions",
}


def __getattr__(name: str) -> object:
    """Old ``workflow.review.<name>`` imports: load the module the name moved to."""
    try:
        module = _MOVED[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)
