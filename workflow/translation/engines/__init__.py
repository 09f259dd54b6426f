"""Machine-translation engines, one module per engine, found by name.

Every engine subclasses :class:`workflow.translation.engines.base.Engine` and registers
itself with :func:`register`; core code asks :func:`engine_class` or
:func:`create_engine` for an engine by name and never tests names itself.
Modules are imported on first use, so an engine whose dependencies are missing
(or that another team has not written yet) only fails when it is asked for.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from workflow.errors import EngineError

if TYPE_CHECKING:
    from workflow.translation.engines.base import Engine, Settings
    from workflow.translation.engines.cache import Cache

#: Built-in engines: the module ``workflow.translation.engines.<name>`` defines each.
ENGINE_NAMES: tuple[str, ...] = (
    "memory", "google", "mymemory", "deepl", "microsoft", "libre", "papago", "yandex", "apertium", "pseudo",
)

_REGISTRY: dict[str, type[Engine]] = {}


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: make an engine available by its ``name``."""
    if not cls.name:
        raise TypeError(f"{cls.__name__} has no name")
    _REGISTRY[cls.name] = cls
    return cls


def engine_class(name: str) -> type[Engine]:
    """The engine class called ``name``; EngineError if unknown or unavailable."""
    if name not in _REGISTRY:
        if name not in ENGINE_NAMES:
            raise EngineError(f"unknown engine {name!r}; known engines: {', '.join(ENGINE_NAMES)}")
        try:
            importlib.import_module(f"workflow.translation.engines.{name}")
        except ImportError as exc:
            raise EngineError(f"engine {name!r} is not available: {exc}") from None
        if name not in _REGISTRY:
            raise EngineError(f"engine module workflow.translation.engines.{name} registers no engine {name!r}")
    return _REGISTRY[name]


def create_engine(name: str, settings: Settings | None = None, cache: Cache | None = None) -> Engine:
    """An engine instance, ready to translate (raises EngineError when a key is missing)."""
    return engine_class(name)(settings, cache)


def available_engines() -> dict[str, type[Engine]]:
    """Every engine that can be imported here, by name, in :data:`ENGINE_NAMES` order."""
    found = {}
    for name in ENGINE_NAMES:
        try:
            found[name] = engine_class(name)
        except EngineError:
            continue
    return found


def check_engine_names(value: Any) -> str | None:
    """Config check for ``[translate] chain`` / ``fallback``: a list or map of engine names."""
    names = list(value.values()) if isinstance(value, dict) else value
    for name in names:
        if not isinstance(name, str) or name not in ENGINE_NAMES:
            return f"unknown engine {name!r}; known engines: {', '.join(ENGINE_NAMES)}"
    return None
