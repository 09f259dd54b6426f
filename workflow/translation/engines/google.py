"""Google Translate through deep-translator (the public mobile page; no key).

deep-translator's table is keyed by language name and has Filipino as ``tl``,
so our ``fil`` must be sent as ``tl``. ``[translate] google_url`` (or
``$PRESSFLOW_GOOGLE_URL``) points the client at another base URL that serves the
same page, e.g. a proxy or the loopback test server.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.translation.engines import register
from workflow.translation.engines.deep import DeepTranslatorEngine

if TYPE_CHECKING:
    from deep_translator.base import BaseTranslator


@register
class GoogleEngine(DeepTranslatorEngine):
    name = "google"
    label = "Google Translate (public web endpoint, no key)"
    client_path = "deep_translator:GoogleTranslator"
    codes = {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi",
             "fil": "tl", "km": "km", "lo": "lo", "my": "my"}

    @property
    def base_url(self) -> str:
        return self.option("google_url", "PRESSFLOW_GOOGLE_URL")

    @property
    def cache_id(self) -> str:
        return f"google@{self.base_url}" if self.base_url else "google"

    def configure(self, client: BaseTranslator) -> None:
        if self.base_url:
            client._base_url = self.base_url  # the client reads it per request; no other way in
