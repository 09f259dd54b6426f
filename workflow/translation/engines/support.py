"""The engine × locale support matrix, for ``pressflow engines`` and the docs."""
from __future__ import annotations

from workflow.translation.engines import available_engines
from workflow.locales import LOCALES, get_locale


def support_table(source: str = "en", pivot: str = "en") -> list[str]:
    """One line per engine: its locales, direct or ``(via xx)``, and what it cannot do."""
    get_locale(source)
    lines = []
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
        lines.append(f"{name:10} {' '.join(can) or '-'}" + (f"  cannot: {' '.join(cannot)}" if cannot else "") + keys)
    return lines
