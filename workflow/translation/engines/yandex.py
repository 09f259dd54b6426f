"""Yandex Translate through deep-translator (``$YANDEX_API_KEY``).

deep-translator returns Yandex's ``text`` field, which is a list; we join it.
Yandex uses ``tl`` for Filipino (Tagalog).
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class YandexEngine(DeepTranslatorEngine):
    name = "yandex"
    label = "Yandex Translate"
    client_path = "deep_translator:YandexTranslator"
    env_vars = ("YANDEX_API_KEY",)
    codes = {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi",
             "fil": "tl", "km": "km", "lo": "lo", "my": "my"}

    def client_kwargs(self) -> dict[str, Any]:
        return {"api_key": self.env("YANDEX_API_KEY")}

    def _translate_one(self, text: str, src: str, tgt: str) -> str:
        result = super()._translate_one(text, src, tgt)
        return "".join(result) if isinstance(result, list) else result
