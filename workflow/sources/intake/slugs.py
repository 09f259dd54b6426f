"""Readable URL slugs for titles in any script.

Korean titles are romanized with the Revised Romanization of Korean
(korean-romanizer), Thai titles with the Royal Thai General System (pythainlp's
``royin`` engine, word by word), and other scripts with anyascii's transliteration.
"""
from __future__ import annotations

import re
import unicodedata

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")
_PAREN = re.compile(r"\([^)]*\)")  # "(December 7)" is not part of a good slug


def _korean(text: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return _HANGUL.sub(lambda m: " " + Romanizer(m.group(0)).romanize() + " ", text)


def _thai(text: str) -> str:
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import romanize

    def one(m: re.Match[str]) -> str:
        words = [w for w in word_tokenize(m.group(0), keep_whitespace=False) if w.strip()]
        return " " + " ".join(romanize(w, engine="royin") for w in words) + " "

    return _THAI.sub(one, text)


def romanize(text: str) -> str:
    """``text`` in Latin letters (Korean RR, Thai RTGS, others by transliteration)."""
    from anyascii import anyascii

    if _HANGUL.search(text):
        text = _korean(text)
    if _THAI.search(text):
        text = _thai(text)
    return anyascii(unicodedata.normalize("NFC", text))


def slugify(title: str, limit: int = 60) -> str:
    """A lowercase ASCII slug of at most ``limit`` characters, cut at a word boundary."""
    text = romanize(_PAREN.sub(" ", title))
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            # Khmer, Lao and Burmese are written without spaces: a "word" here is a whole phrase, and
            # dropping it would leave a slug of one syllable ("kngpaxoum"). Fill the room instead.
            if not slug or (len(word) > limit // 2 and limit - len(slug) > 10):
                slug = candidate[:limit].rstrip("-")
            break
        slug = candidate
    return slug
