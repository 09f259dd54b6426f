"""Moved in 0.2: the engines now live in ``workflow.translation.engines`` (see ARCHITECTURE.md).

This thin package keeps ``workflow.engines`` and ``workflow.engines.<module>`` imports working for
one release: each old submodule name is the very module object of its new home (one registry,
one ``Engine`` class), so ``isinstance`` and ``register`` behave as before.
"""
from __future__ import annotations

import importlib
import sys

from workflow.translation.engines import (  # noqa: F401
    ENGINE_NAMES,
    available_engines,
    check_engine_names,
    create_engine,
    engine_class,
    register,
)

_NEW = "workflow.translation.engines"
for _name in ("base", "cache", "deep", "http", "support", *ENGINE_NAMES):
    try:
        sys.modules[f"{__name__}.{_name}"] = importlib.import_module(f"{_NEW}.{_name}")
    except ImportError:  # an engine whose optional dependency is missing fails only when asked for
        continue

__all__ = ["ENGINE_NAMES", "available_engines", "check_engine_names", "create_engine", "engine_class", "register"]
