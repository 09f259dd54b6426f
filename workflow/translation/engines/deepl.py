"""DeepL through deep-translator (``$DEEPL_API_KEY``; keys ending ``:fx`` use the free API).

deep-translator's table lacks Korean, Thai and Vietnamese. DeepL has no Malay,
Filipino, Khmer, Lao or Burmese; Thai and Vietnamese are text-only, next-gen
models. English as a *target* must be a variant (EN-GB), as a source plain EN.
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class DeepLEngine(DeepTranslatorEngine):
    name = "deepl"
    label = "DeepL API"
    client_path = "deep_translator:DeeplTranslator"
    env_vars = ("DEEPL_API_KEY",)
    codes = {"en": "EN-GB", "ko": "KO", "id": "ID", "th": "TH", "vi": "VI"}
    source_codes = {"en": "EN"}

    def client_kwargs(self) -> dict[str, Any]:
        key = self.env("DEEPL_API_KEY")
        return {"api_key": key, "use_free_api": key.endswith(":fx")}
