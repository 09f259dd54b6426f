"""DeepL through deep-translator (``$DEEPL_API_KEY``; keys ending ``:fx`` use the free API).

deep-translator's table lacks Korean, Thai and Vietnamese. DeepL has no Malay,
Filipino, Khmer, Lao or Burmese; Thai and Vietnamese are text-only, next-gen
models. English as a *target* must be a variant (EN-GB), as a source plain EN.

Batches: DeepL's ``/v2/translate`` takes up to 50 ``text`` parameters in one request
of at most 128 KiB, but deep-translator sends one text per request, so batches go
through our own request: a form POST of repeated ``text`` with ``source_lang``,
``target_lang`` and the ``Authorization: DeepL-Auth-Key`` header (at most 50 texts and
120,000 bytes of text, leaving room for the rest of the form). ``[translate] deepl_url``
(or ``$PRESSFLOW_DEEPL_URL``) points both paths at another base URL.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine

if TYPE_CHECKING:
    from deep_translator.base import BaseTranslator


@register
class DeepLEngine(DeepTranslatorEngine):
    name = "deepl"
    label = "DeepL API"
    client_path = "deep_translator:DeeplTranslator"
    env_vars = ("DEEPL_API_KEY",)
    codes = {"en": "EN-GB", "ko": "KO", "id": "ID", "th": "TH", "vi": "VI"}
    source_codes = {"en": "EN"}
    batch_size = 50
    batch_bytes = 120_000

    @property
    def base_url(self) -> str:
        url = self.option("deepl_url", "PRESSFLOW_DEEPL_URL")
        if url:
            return url if url.endswith("/") else url + "/"
        free = self.env("DEEPL_API_KEY").endswith(":fx")
        return "https://api-free.deepl.com/v2/" if free else "https://api.deepl.com/v2/"

    @property
    def cache_id(self) -> str:
        return f"deepl@{self.base_url}" if self.option("deepl_url", "PRESSFLOW_DEEPL_URL") else "deepl"

    def configure(self, client: BaseTranslator) -> None:
        if self.option("deepl_url", "PRESSFLOW_DEEPL_URL"):
            client._base_url = self.base_url   # read per request by deep-translator

    def _request_batch(self, texts: list[str], src: str, tgt: str) -> list[str]:
        import requests

        response = requests.post(
            self.base_url + "translate", data=[("text", t) for t in texts] + [("source_lang", src), ("target_lang", tgt)],
            headers={"Authorization": f"DeepL-Auth-Key {self.env('DEEPL_API_KEY')}"})
        response.raise_for_status()
        return [item["text"] for item in response.json()["translations"]]

    def client_kwargs(self) -> dict[str, Any]:
        key = self.env("DEEPL_API_KEY")
        return {"api_key": key, "use_free_api": key.endswith(":fx")}
