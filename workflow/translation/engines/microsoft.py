"""Microsoft Translator through deep-translator (``$MICROSOFT_API_KEY``, ``$MICROSOFT_REGION``).

deep-translator's client downloads the language list in its constructor (an
unguarded request without timeout); our subclass answers from our own table.
Microsoft uses ``fil`` for Filipino and covers all ten of our languages.

Batches: Translator v3 takes a JSON array of up to 1,000 ``{"Text": ...}`` objects and
50,000 characters per request, but deep-translator sends one text per request, so
batches go through our own request (POST ``translate?api-version=3.0&from=..&to=..``
with the subscription key and region headers), at most 100 texts and 50,000
characters each. ``[translate] microsoft_url`` (or ``$PRESSFLOW_MICROSOFT_URL``) points
both paths at another endpoint URL.
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

    batch_size = 100
    batch_chars = 50_000
    URL = "https://api.cognitive.microsofttranslator.com/translate"

    @property
    def url(self) -> str:
        return self.option("microsoft_url", "PRESSFLOW_MICROSOFT_URL") or self.URL

    @property
    def cache_id(self) -> str:
        return f"microsoft@{self.url}" if self.url != self.URL else "microsoft"

    def configure(self, client: Any) -> None:
        if self.url != self.URL:   # deep-translator reads it per request, api-version included
            client._base_url = self.url + ("&" if "?" in self.url else "?") + "api-version=3.0"

    def _headers(self) -> dict[str, str]:
        region = self.option("microsoft_region", "MICROSOFT_REGION")
        return {"Ocp-Apim-Subscription-Key": self.env("MICROSOFT_API_KEY"),
                **({"Ocp-Apim-Subscription-Region": region} if region else {})}

    def _request_batch(self, texts: list[str], src: str, tgt: str) -> list[str]:
        import requests

        response = requests.post(self.url, params={"api-version": "3.0", "from": src, "to": tgt},
                                 headers=self._headers(), json=[{"Text": t} for t in texts])
        response.raise_for_status()
        return [item["translations"][0]["text"] for item in response.json()]

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
