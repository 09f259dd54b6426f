"""Inline markup shared by the readers: ``<sup>``/``<sub>`` mapping and HTML → inline Markdown.

Published pages render only the inline Markdown a source unit has (emphasis, links,
code), so other inline HTML must not reach a unit: ``<sup>``/``<sub>`` holding digits
and signs become Unicode superscript/subscript characters (``CO₂``, ``m²``); any
other ``<sup>`` text (``13<sup>th</sup>``) is kept as plain text (``13th``).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html as lxml_html

_SUP = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPTABLE = set("0123456789+-=()")

BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset("script style noscript template svg iframe head button select option input textarea".split())


def script_text(text: str, tag: str) -> str:
    """Map the text of a ``<sup>``/``<sub>`` element (see module docstring)."""
    stripped = text.strip()
    if stripped and set(stripped) <= _SCRIPTABLE | ({"n"} if tag == "sup" else set()):
        return stripped.translate(_SUP if tag == "sup" else _SUB)
    return text


def safe_href(href: str | None) -> str | None:
    """An absolute http(s)/mailto link target, or None (relative and script links are dropped)."""
    if not href:
        return None
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in ("http", "https", "mailto") and " " not in href else None


def inline_markdown(element: lxml_html.HtmlElement, *, skip_blocks: bool = False) -> str:
    """The inline Markdown of ``element``'s content (bold, italics, links, scripts; images dropped).

    With ``skip_blocks``, nested block elements are left out (their own lines carry them).
    """
    parts: list[str] = []

    def walk(el: lxml_html.HtmlElement, top: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not top:
            if tag in SKIP_TAGS or tag == "img" or not tag:
                parts.append(el.tail or "")
                return
            if skip_blocks and tag in BLOCK_TAGS:
                parts.append(el.tail or "")
                return
        if tag in ("sup", "sub") and not top:
            parts.append(script_text(el.text_content(), tag))
            parts.append(el.tail or "")
            return
        if tag == "br" and not top:
            parts.append(" ")
            parts.append(el.tail or "")
            return
        wrap = ""
        if not top and tag in ("strong", "b"):
            wrap = "**"
        elif not top and tag in ("em", "i"):
            wrap = "*"
        if tag == "a" and not top and el.text_content().strip() in ("↑", "^", "↩"):
            parts.append(el.tail or "")  # a footnote's back link (Word via mammoth, wikis)
            return
        href = safe_href(el.get("href")) if tag == "a" and not top else None
        inner_start = len(parts)
        parts.append(el.text or "")
        for child in el:
            walk(child, False)
        inner = "".join(parts[inner_start:])
        del parts[inner_start:]
        text = " ".join(inner.split())
        if wrap and text:
            text = f"{wrap}{text}{wrap}"
            if parts and parts[-1][-1:].isalnum():
                parts.append(" ")
        elif href and text and text != href:
            text = f"[{text}]({href})"
        elif href and text:
            text = f"<{href}>"
        elif inner[:1].isspace() and text:
            text = " " + text
        if inner[-1:].isspace() and text:
            text += " "
        parts.append(text)
        if not top:
            parts.append(el.tail or "")

    walk(element, True)
    return " ".join("".join(parts).split())
