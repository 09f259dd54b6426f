"""Shared plumbing for engines that go through the ``deep-translator`` package.

deep-translator's clients keep per-call state on the instance (``_url_params``),
so each worker thread gets its own client per language pair. Our verified codes
are set through the clients' public ``source``/``target`` setters, bypassing
deep-translator's language tables (which are incomplete for some providers and
reversed for Papago). Clients are built with ``source="auto", target="auto"``,
which every table accepts, before the real codes are set.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from workflow.translation.engines.base import Engine, ProviderError, Settings
from workflow.translation.engines.cache import Cache

if TYPE_CHECKING:
    from deep_translator.base import BaseTranslator


class DeepTranslatorEngine(Engine):
    """An online engine backed by a deep-translator client class."""

    client_path: ClassVar[str] = ""  # "deep_translator:GoogleTranslator"

    def __init__(self, settings: Settings | None = None, cache: Cache | None = None):
        super().__init__(settings, cache)
        self._local = threading.local()
        self.check_keys()

    # -- configuration -----------------------------------------------------
    def env(self, name: str) -> str:
        return (self.settings.env.get(name) or "").strip()

    def option(self, key: str, env: str | None = None, default: str = "") -> str:
        """A setting: environment variable ``env`` first, then ``[translate] key``."""
        return (env and self.env(env)) or str(self.settings.options.get(key) or "") or default

    def check_keys(self) -> None:
        """Fail early, before any request, when a required key is missing."""
        missing = [v for v in self.required_env() if not self.env(v)]
        if missing:
            raise ProviderError(self.name, "*", "*", "auth",
                                f"set the environment variable {' and '.join(missing)} to use {self.name}")

    def required_env(self) -> tuple[str, ...]:
        return self.env_vars

    def client_kwargs(self) -> dict[str, Any]:
        return {}

    def client_class(self) -> type:
        module, _, cls = self.client_path.partition(":")
        return getattr(__import__(module, fromlist=[cls]), cls)

    def configure(self, client: BaseTranslator) -> None:
        """Adjust a new client (e.g. point it at another base URL)."""

    # -- translation -------------------------------------------------------
    def client(self, src: str, tgt: str) -> BaseTranslator:
        clients = self._local.__dict__.setdefault("clients", {})
        client = clients.get((src, tgt))
        if client is None:
            client = self.client_class()(source="auto", target="auto", **self.client_kwargs())
            client.source, client.target = src, tgt
            self.configure(client)
            clients[(src, tgt)] = client
        return client

    def _translate_one(self, text: str, src: str, tgt: str) -> str:
        return self.client(src, tgt).translate(text)
