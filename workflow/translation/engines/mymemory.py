"""MyMemory through deep-translator (free; ``$MYMEMORY_EMAIL`` raises the daily quota).

MyMemory wants region-qualified codes (``ko-KR``, ``fil-PH``); plain ISO codes
are guessed at and sometimes mismatched, so we send the table's region codes.
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class MyMemoryEngine(DeepTranslatorEngine):
    name = "mymemory"
    label = "MyMemory (free, 500 characters per unit)"
    client_path = "deep_translator:MyMemoryTranslator"
    env_vars = ("MYMEMORY_EMAIL",)
    codes = {"en": "en-GB", "ko": "ko-KR", "id": "id-ID", "ms": "ms-MY", "th": "th-TH", "vi": "vi-VN",
             "fil": "fil-PH", "km": "km-KH", "lo": "lo-LA", "my": "my-MM"}

    def required_env(self) -> tuple[str, ...]:
        return ()

    def client_kwargs(self) -> dict[str, Any]:
        email = self.env("MYMEMORY_EMAIL")
        return {"email": email} if email else {}
