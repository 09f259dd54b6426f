"""Pseudo-localization: accented, ~35% longer, bracketed text for testing layouts.

Offline and instant. Its drafts carry ``origin=pseudo`` and are never
publishable (``publishable = False``): QA and publishing refuse them. Masking
tokens pass through untouched, so links, numbers and markup survive.
"""
from __future__ import annotations

import math

from workflow.translation.engines import register
from workflow.translation.engines.base import ALL_LOCALES, Answer, Engine
from workflow.translation.masking import TOKEN_RE

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
EXPANSION = 0.35


def pseudo_localize(text: str) -> str:
    """``Hello ⟦0⟧`` → ``[Ĥéļļö ⟦0⟧ ·····]``: accents outside tokens, padded, bracketed."""
    parts, pos = [], 0
    for m in TOKEN_RE.finditer(text):
        parts.append(text[pos:m.start()].translate(_ACCENTS))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(text[pos:].translate(_ACCENTS))
    body = "".join(parts)
    pad = max(1, math.ceil(len(text) * EXPANSION) - 3)  # 3 = brackets and the space
    # Leading and trailing white space (a final newline) stay outside the brackets.
    core = body.strip()
    if not core:
        return body
    start = body.index(core)
    return f"{body[:start]}[{core} {'·' * pad}]{body[start + len(core):]}"


@register
class PseudoEngine(Engine):
    name = "pseudo"
    label = "Pseudo-localization (testing only, never publishable)"
    online = False
    cacheable = False
    publishable = False
    batch_size = 1000
    codes = {code: code for code in ALL_LOCALES}
    any_locale = True

    def _translate_batch(self, texts: list[str], src: str, tgt: str, source: str, target: str) -> list[Answer]:
        return [pseudo_localize(text) for text in texts]
