"""Naver Papago through deep-translator (``$PAPAGO_CLIENT_ID``, ``$PAPAGO_CLIENT_SECRET``).

deep-translator's Papago table is reversed (code → name), so its own mapping
would send ``Korean`` instead of ``ko``; we set the codes directly. Papago pairs
our languages only with Korean, so English sources reach id/th/vi through ko.
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class PapagoEngine(DeepTranslatorEngine):
    name = "papago"
    label = "Naver Papago"
    client_path = "deep_translator:PapagoTranslator"
    env_vars = ("PAPAGO_CLIENT_ID", "PAPAGO_CLIENT_SECRET")
    codes = {"en": "en", "ko": "ko", "id": "id", "th": "th", "vi": "vi"}
    pivot = "ko"

    def supports(self, source: str, target: str) -> bool:
        return super().supports(source, target) and "ko" in (source, target)

    def client_kwargs(self) -> dict[str, Any]:
        return {"client_id": self.env("PAPAGO_CLIENT_ID"), "secret_key": self.env("PAPAGO_CLIENT_SECRET")}
