"""A self-hosted LibreTranslate server through deep-translator.

URL: ``$PRESSFLOW_LIBRE_URL`` or ``[translate] libre_url``; key:
``$LIBRETRANSLATE_API_KEY`` (servers without keys ignore the placeholder we
send, since deep-translator insists on one). deep-translator's table lacks
Malay, Thai and Filipino (``tl``), which Argos models provide; there are no
Khmer, Lao or Burmese models.
"""
from __future__ import annotations

from typing import Any

from workflow.translation.engines import register
from workflow.translation.engines.base import ProviderError
from workflow.translation.engines.deep import DeepTranslatorEngine


@register
class LibreEngine(DeepTranslatorEngine):
    name = "libre"
    label = "LibreTranslate (self-hosted)"
    client_path = "deep_translator:LibreTranslator"
    env_vars = ("LIBRETRANSLATE_API_KEY",)
    codes = {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "tl"}

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
