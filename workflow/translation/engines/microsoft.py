"""Microsoft Translator through deep-translator (``$MICROSOFT_API_KEY``, ``$MICROSOFT_REGION``).

deep-translator's client downloads the language list in its constructor (an
unguarded request without timeout); our subclass answers from our own table.
Microsoft uses ``fil`` for Filipino and covers all ten of our languages.
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class MicrosoftEngine(DeepTranslatorEngine):
    name = "microsoft"
    label = "Microsoft Translator (Azure AI Translator)"
    env_vars = ("MICROSOFT_API_KEY", "MICROSOFT_REGION")
    codes = {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi",
             "fil": "fil", "km": "km", "lo": "lo", "my": "my"}

    def required_env(self) -> tuple[str, ...]:
        return ("MICROSOFT_API_KEY",)

    def client_class(self) -> type:
        from deep_translator import MicrosoftTranslator

        codes = self.codes

        class Client(MicrosoftTranslator):
            def _get_supported_languages(self) -> dict[str, str]:
                return {code: code for code in codes.values()}

        return Client

    def client_kwargs(self) -> dict[str, Any]:
        region = self.option("microsoft_region", "MICROSOFT_REGION")
        return {"api_key": self.env("MICROSOFT_API_KEY"), **({"region": region} if region else {})}
