"""The engine × locale support matrix, for ``pressflow engines`` and the docs."""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from workflow.translation.engines import available_engines
from workflow.locales import LOCALES, get_locale
from workflow.workspace import Workspace


def support_table(sources: str | Iterable[str] = "en", pivot: str = "en",
                  env: Mapping[str, str] | None = None) -> list[str]:
    """One line per engine and source language: the locales it translates into, direct or
    ``(via xx)``, and what it cannot do. An engine with no locale from a source names the
    pairs it does translate; one whose program is not installed is marked unavailable
    with the install hint. Several ``sources`` give one ``from xx:`` block each."""
    sources = [sources] if isinstance(sources, str) else list(dict.fromkeys(sources))
    env = os.environ if env is None else env
    for source in sources:
        get_locale(source)
    lines = []
    for source in sources:
        if len(sources) > 1:
            lines.append(f"from {source}:")
        indent = "  " if len(sources) > 1 else ""
        for name, cls in available_engines().items():
            engine = cls.__new__(cls)  # routes need only class data: no keys, no clients
            can, cannot = [], []
            for locale in LOCALES:
                if locale == source:
                    continue
                route = type(engine).route(engine, source, locale, pivot)
                if route is None:
                    cannot.append(locale)
                else:
                    can.append(locale if len(route) == 2 else f"{locale}(via {route[1]})")
            keys = f"  [env: {', '.join(cls.env_vars)}]" if cls.env_vars else ""
            if can:
                line = f"{name:10} {' '.join(can)}" + (f"  cannot: {' '.join(cannot)}" if cannot else "")
            else:
                pairs = [f"{s}->{t}" for s in LOCALES for t in LOCALES
                         if s != t and (r := type(engine).route(engine, s, t, pivot)) is not None and len(r) == 2]
                line = f"{name:10} - from {source}" + (f"  (translates {' '.join(pairs)})" if pairs else "")
            missing = cls.missing_program(env)
            if missing is not None:
                line += f"  unavailable here: needs {missing}"
            lines.append(indent + line + keys)
    return lines


def workspace_sources(ws: Workspace) -> list[str]:
    """The source languages present in a workspace: ``source_language``, then each release's own."""
    return list(dict.fromkeys([ws.source_language, *(r.lang for r in ws.releases())]))
