"""The ``memory`` engine: drafts from the workspace's translation memory.

An exact or fuzzy match scoring at least ``[memory] threshold`` (default 75)
becomes a draft like any machine draft (``#, fuzzy``, never approved
automatically); a text without such a match gets no answer, so the next engine
of the chain is asked. Each answer is a :class:`MemoryDraft`, a ``str`` that
also carries the details the draft stamp should record::

    # pressflow: draft origin=memory score=87 source=asean-korea-telmin-13 at=...
"""
from __future__ import annotations

import threading
from pathlib import Path

from workflow.translation.engines import register
from workflow.translation.engines.base import ALL_LOCALES, Answer, Engine, Settings
from workflow.translation.engines.cache import Cache
from workflow.translation.memory import TranslationMemory
from workflow.translation.memory_match import Match
from workflow.workspace import STATE_DIR, Workspace


class MemoryDraft(str):
    """A memory answer: the translation, plus ``details`` for :func:`workflow.review.units.mark_draft`."""

    details: dict[str, str]

    def __new__(cls, match: Match) -> MemoryDraft:
        self = super().__new__(cls, match.target)
        self.details = {"score": str(match.score), "source": match.origin}
        return self


@register
class MemoryEngine(Engine):
    name = "memory"
    label = "Translation memory (approved translations and imported TMX)"
    online = False       # no HTTP: no retries, timeouts or rate limit
    cacheable = False    # the memory is its own cache, and changes as units are approved
    masks = False        # matches compare the raw source text
    batch_size = 500
    codes = {code: code for code in ALL_LOCALES}
    any_locale = True

    def __init__(self, settings: Settings | None = None, cache: Cache | None = None) -> None:
        super().__init__(settings, cache)
        self._memory: TranslationMemory | None = None
        self._open_lock = threading.Lock()

    def workspace(self) -> Workspace:
        """The workspace whose memory to use."""
        ws = getattr(self.settings, "workspace", None)
        if ws is not None:
            return ws
        # translate opens the MT cache in the workspace's state folder: its parent is the workspace.
        cache_path = getattr(self.cache, "path", None)
        if cache_path is not None and Path(cache_path).parent.name == STATE_DIR:
            return Workspace.load(Path(cache_path).parent.parent)
        return Workspace.find(Path.cwd())

    def memory(self) -> TranslationMemory:
        """The memory, opened and refreshed once per engine (that is, per translate run)."""
        with self._open_lock:
            if self._memory is None:
                self._memory = TranslationMemory.open(self.workspace())
            return self._memory

    def _translate_batch(self, texts: list[str], src: str, tgt: str, source: str, target: str) -> list[Answer]:
        results = self.memory().lookup_many(texts, target, source_lang=source, limit=1)
        return [MemoryDraft(matches[0]) if matches else None for matches in results]

    def close(self) -> None:
        with self._open_lock:
            if self._memory is not None:
                self._memory.close()
                self._memory = None
