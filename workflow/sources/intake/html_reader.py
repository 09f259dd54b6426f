"""Saved web pages: main-content extraction with trafilatura, metadata from the page's own tags.

trafilatura (a well-kept extractor) drops navigation, footers and sidebars and keeps
headings, lists, quotes, tables, emphasis and links. The page's ``<title>``,
``og:title``, ``<h1>``, ``og:site_name``, canonical URL, ``<html lang>`` and
published-date meta tags are read here with lxml. ``keep_chrome`` skips the
extraction and keeps every visible block.
"""
from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from workflow.errors import ReleaseError
from workflow.locales import LOCALES
from workflow.sources.intake.inline import BLOCK_TAGS, SKIP_TAGS, inline_markdown
from workflow.sources.intake.model import Document, Line

_HEADING = re.compile(r"^h([1-6])$")
_CELL_TAGS = frozenset({"td", "th", "dt", "dd"})
# trafilatura's XML vocabulary mapped back to HTML, so one walker reads both.
_XML_TO_HTML = {"head": "h2", "list": "ul", "item": "li", "quote": "blockquote", "row": "tr", "cell": "td",
                "lb": "br", "ref": "a", "graphic": "img", "main": "div", "doc": "div", "comments": "aside"}
_DATE_META = ("article:published_time", "datePublished", "dc.date", "dcterms.created", "date", "pubdate",
              "og:published_time", "publish-date", "article:modified_time")


def html_lines(root: lxml_html.HtmlElement, *, numbered_by_source: bool = False) -> list[Line]:
    """One :class:`Line` per block element with text, in document order.

    ``number`` is the element's line in the HTML source with ``numbered_by_source``, else its position.
    """
    lines: list[Line] = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in BLOCK_TAGS or any(a.tag in SKIP_TAGS for a in el.iterancestors() if isinstance(a.tag, str)):
            continue
        if tag in ("ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "dl"):
            text = " ".join(((el.text or "") + "".join(c.tail or "" for c in el)).split())
        else:
            text = inline_markdown(el, skip_blocks=True)
        if not text:
            continue
        kind, level = "paragraph", 0
        if m := _HEADING.match(tag):
            kind, level = "heading", int(m.group(1))
        elif tag == "li":
            parent = el.getparent()
            if parent is not None and parent.tag == "ol":
                start = int(parent.get("start", "1") or 1) if (parent.get("start") or "1").isdigit() else 1
                kind, level = "numbered", start + [c for c in parent if c.tag == "li"].index(el)
            else:
                kind = "bullet"
        elif tag in _CELL_TAGS:
            kind = "cell"
        elif any(a.tag == "blockquote" for a in el.iterancestors()) or tag == "blockquote":
            kind = "quote"
        number = el.sourceline if numbered_by_source and el.sourceline else len(lines) + 1
        lines.append(Line(text, kind=kind, level=level, number=number, structured=True))
    return lines


def _restore_headings(lines: list[Line], root: lxml_html.HtmlElement) -> list[Line]:
    """trafilatura sometimes turns an ``<h2>``-``<h6>`` into a paragraph: give it its heading back."""
    levels: dict[str, int] = {}
    for el in root.iter("h2", "h3", "h4", "h5", "h6"):
        text = " ".join(el.text_content().split())
        if len(text) <= 120 and not text.endswith((".", "!", "?", "。")):  # a summary in an <h2> is no heading
            levels.setdefault(text.casefold(), int(str(el.tag)[1]))
    for line in lines:
        level = levels.get(line.text.casefold())
        if line.kind == "paragraph" and level:
            line.kind, line.level = "heading", level
    return lines


def _from_trafilatura(xml: str) -> list[Line]:
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True))
    if root is None:   # nothing recoverable
        return []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        rend = el.get("rend", "")
        if el.tag == "head":
            el.tag = rend if _HEADING.match(rend) else "h2"
        elif el.tag == "hi":
            el.tag = "i" if "i" in rend.replace("#", "") and "b" not in rend else "b"
        elif el.tag == "ref":
            el.set("href", el.get("target", ""))
            el.tag = "a"
        elif el.tag == "list" and rend == "ol":
            el.tag = "ol"
        elif el.tag in _XML_TO_HTML:
            el.tag = _XML_TO_HTML[el.tag]
        if el.tag == "aside":
            el.clear()
    page = lxml_html.fromstring(etree.tostring(root, encoding="unicode"))
    return html_lines(page)


def _meta(root: lxml_html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for el in root.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip()
            if key.lower() == name.lower() and (el.get("content") or "").strip():
                return (el.get("content") or "").strip()
    return None


def _declared_date(root: lxml_html.HtmlElement) -> _dt.date | None:
    values = [_meta(root, name) for name in _DATE_META]
    values += [el.get("datetime") for el in root.iter("time")]
    for value in values:
        if value and (m := re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())):
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _title_candidates(root: lxml_html.HtmlElement) -> list[str]:
    found: list[str] = []
    og = _meta(root, "og:title", "twitter:title")
    if og:
        found.append(og)
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            found.append(text)
            break
    title_el = root.find(".//title")
    if title_el is not None:
        text = " ".join(title_el.text_content().split())
        if text:
            found.append(re.split(r"\s+(?:\||::|»|–|—|-)\s+", text)[0])
    return found


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _decode_page(data: bytes) -> str:
    """The page as text: UTF-8 (with or without BOM), else the charset its <meta> declares (EUC-KR, TIS-620, ...)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return data.decode("utf-8", "replace")  # U+FFFD marks what was lost; the import warns about it


def read_html(data: bytes, path: str, *, keep_chrome: bool = False) -> Document:
    """Read a saved page. Raises :class:`ReleaseError` when it is not HTML or has no text."""
    import trafilatura  # deferred: importing it takes ~0.3 s

    try:
        root = lxml_html.document_fromstring(_decode_page(data))
    except (etree.ParserError, ValueError) as exc:
        raise ReleaseError(f"not a readable HTML page ({exc})", path) from None
    doc = Document(path=path, format="html")
    lang = (root.get("lang") or root.get("xml:lang") or "").replace("_", "-").split("-")[0].lower()
    doc.lang = "fil" if lang == "tl" else lang if lang in LOCALES else None
    doc.date = _declared_date(root)
    url = _meta(root, "og:url")
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            url = link.get("href")
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:   # "http://[bad" (an unclosed IPv6 literal): no site name from it
        host = None
    doc.site = _meta(root, "og:site_name") or (host.removeprefix("www.") if host else None)
    candidates = _title_candidates(root)
    doc.meta["title_candidates"] = candidates
    body = root.find("body")
    everything = html_lines(body if body is not None else root, numbered_by_source=True)
    doc.page_text = "\n".join(line.text for line in everything)
    if keep_chrome:
        doc.lines = everything
        return doc
    try:
        xml = trafilatura.extract(lxml_html.tostring(root, encoding="unicode"), output_format="xml",
                                  include_formatting=True, include_links=True, include_tables=True,
                                  include_images=False, include_comments=False, favor_recall=True,
                                  with_metadata=False)
    except (etree.LxmlError, ValueError):   # markup trafilatura cannot re-parse: the page's own blocks
        xml = None
    extracted = _restore_headings(_from_trafilatura(xml), root) if xml else []
    # On a tiny page trafilatura falls back to one run of text: the page's own blocks are better then.
    doc.lines = extracted if len(extracted) >= 2 or len(everything) < 2 else everything
    where = {line.text: line.number for line in reversed(everything)}
    for line in doc.lines:  # extracted blocks get the source line of the same text, where there is one
        line.number = where.get(line.text, line.number)
    if not doc.lines:
        doc.lines = everything
    return doc
