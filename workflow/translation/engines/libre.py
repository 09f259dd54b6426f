"""A self-hosted LibreTranslate server through deep-translator.

URL: ``$PRESSFLOW_LIBRE_URL`` or ``[translate] libre_url``; key:
``$LIBRETRANSLATE_API_KEY`` (servers without keys ignore the placeholder we
send, since deep-translator insists on one). deep-translator's table lacks
Malay, Thai and Filipino (``tl``), which Argos models provide; there are no
Khmer, Lao or Burmese models.

Batches: LibreTranslate's ``/translate`` takes a list as ``q`` and answers a list, but
deep-translator sends one text per request, so batches go through our own request (a
JSON POST of ``q``, ``source``, ``target``, ``format``, ``api_key``), at most
:attr:`batch_size` texts and :attr:`batch_chars` characters each (servers cap both with
``--batch-limit`` and ``--char-limit``; ``[translate] libre_batch_size`` lowers the
count for a server with a smaller limit). Single texts and retries one by one still go
through deep-translator.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from workflow.translation.engines import register
from workflow.translation.engines.base import ProviderError
from workflow.translation.engines.deep import DeepTranslatorEngine

_T = TypeVar("_T")


@register
class LibreEngine(DeepTranslatorEngine):
    name = "libre"
    label = "LibreTranslate (self-hosted)"
    client_path = "deep_translator:LibreTranslator"
    env_vars = ("LIBRETRANSLATE_API_KEY",)
    codes = {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "tl"}
    batch_size = 50
    batch_chars = 5000

    def split_batches(self, items: list[_T], text_of: Callable[[_T], str]) -> list[list[_T]]:
        size = int(self.option("libre_batch_size") or 0)
        if size and size < self.batch_size:
            return [batch[i:i + size] for batch in super().split_batches(items, text_of)
                    for i in range(0, len(batch), size)]
        return super().split_batches(items, text_of)

    def check_keys(self) -> None:
        if not self.url:
            raise ProviderError(self.name, "*", "*", "config",
                                "set [translate] libre_url (or $PRESSFLOW_LIBRE_URL) to your LibreTranslate server")

    @property
    def url(self) -> str:
        url = self.option("libre_url", "PRESSFLOW_LIBRE_URL")
        return url if not url or url.endswith("/") else url + "/"

    @property
    def cache_id(self) -> str:
        return f"libre@{self.url}"

    def client_kwargs(self) -> dict[str, Any]:
        return {"api_key": self.env("LIBRETRANSLATE_API_KEY") or "unused", "custom_url": self.url}

    def _request_batch(self, texts: list[str], src: str, tgt: str) -> list[str]:
        import requests

        response = requests.post(self.url + "translate", json={
            "q": texts, "source": src, "target": tgt, "format": "text",
            "api_key": self.env("LIBRETRANSLATE_API_KEY") or "unused"})
        response.raise_for_status()
        answer = response.json()["translatedText"]
        return answer if isinstance(answer, list) else [answer]   # a server that took only one text
