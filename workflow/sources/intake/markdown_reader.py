"""Markdown files (pandoc output, CMS exports), with or without YAML front matter, read with markdown-it-py.

Hard-wrapped paragraphs are joined (soft breaks), escapes such as ``\\#`` and ``\\|``
are undone, HTML comments are dropped, ``<sup>``/``<sub>`` are mapped (see
:mod:`~workflow.sources.intake.inline`), other raw HTML keeps its text. ``*`` list
items are notes, as in pressflow's own release format.
"""
from __future__ import annotations

import datetime as _dt
import re

import yaml
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workflow.errors import ReleaseError
from workflow.sources.intake.dates import find_date
from workflow.sources.intake.html_reader import html_lines
from workflow.sources.intake.inline import safe_href, script_text
from workflow.sources.intake.model import Document, Line

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?>")
_DATE_LIKE = re.compile(r"^\d{1,2}\.")


def _front_matter(text: str, path: str) -> tuple[dict[str, object], str, int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:index])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                raise ReleaseError(f"bad front matter: {getattr(exc, 'problem', None) or exc}", path, line) from None
            if not isinstance(meta, dict):
                raise ReleaseError("front matter must be 'key: value' lines", path, 2)
            return {str(k): v for k, v in meta.items()}, "\n".join(lines[index + 1:]), index + 1
    raise ReleaseError("front matter is not closed with a '---' line", path, 1)


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    hrefs: list[str | None] = []
    script: list[str] = []  # open <sup>/<sub>
    script_start = 0
    for tok in children:
        if tok.type == "text":
            out.append(tok.content)
        elif tok.type == "code_inline":
            out.append(f"`{tok.content}`")
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type in ("strong_open", "strong_close"):
            out.append("**")
        elif tok.type in ("em_open", "em_close"):
            out.append("*")
        elif tok.type == "link_open":
            hrefs.append(safe_href(str(tok.attrs.get("href", ""))))
            out.append("[" if hrefs[-1] else "")
        elif tok.type == "link_close":
            href = hrefs.pop() if hrefs else None
            out.append(f"]({href})" if href else "")
        elif tok.type == "html_inline":
            m = _TAG.match(_COMMENT.sub("", tok.content).strip()) if _COMMENT.sub("", tok.content).strip() else None
            if m and m.group(2).lower() in ("sup", "sub"):
                if not m.group(1):
                    script.append(m.group(2).lower())
                    script_start = len(out)
                elif script:
                    tag = script.pop()
                    inner = "".join(out[script_start:])
                    del out[script_start:]
                    out.append(script_text(inner, tag))
            elif m and m.group(2).lower() == "br":
                out.append(" ")
        # images are dropped: their alt text is not release text
    return " ".join("".join(out).split())


def read_markdown(text: str, path: str) -> Document:
    """Read Markdown; front-matter keys title, subtitle, date, lang/language and slug are declared values."""
    meta, body, offset = _front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"), path)
    doc = Document(path=path, format="markdown")
    if meta.get("title"):
        doc.title = str(meta.pop("title")).strip()
    if meta.get("subtitle"):
        doc.subtitle = str(meta.pop("subtitle")).strip()
    lang = meta.pop("lang", None) or meta.pop("language", None)
    doc.lang = str(lang).strip() if lang else None
    if meta.get("slug"):
        doc.slug = str(meta.pop("slug")).strip()
    raw_date = meta.pop("date", None)
    if isinstance(raw_date, _dt.datetime):
        doc.date = raw_date.date()
    elif isinstance(raw_date, _dt.date):
        doc.date = raw_date
    elif raw_date not in (None, ""):
        doc.date = find_date(str(raw_date))  # "December 7, 2018", "2021.01.22": else the text is searched
    doc.meta.update({k: v for k, v in meta.items() if k not in ("author", "toc")})
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(body)
    stack: list[Token] = []
    item_numbers: list[int] = []
    item_seen: list[bool] = []
    for tok in tokens:
        if tok.nesting == 1:
            stack.append(tok)
            if tok.type == "ordered_list_open":
                item_numbers.append(int(str(tok.attrs.get("start", 1))) - 1)
            elif tok.type == "bullet_list_open":
                item_numbers.append(-1)
            elif tok.type == "list_item_open":
                if item_numbers and item_numbers[-1] >= 0:
                    item_numbers[-1] += 1
                item_seen.append(False)
            continue
        if tok.nesting == -1:
            opener = stack.pop() if stack else None
            if opener is not None and opener.type in ("ordered_list_open", "bullet_list_open") and item_numbers:
                item_numbers.pop()
            if opener is not None and opener.type == "list_item_open" and item_seen:
                item_seen.pop()
            continue
        number = (tok.map[0] + 1 + offset) if tok.map else 0
        if tok.type == "html_block":
            fragment = _COMMENT.sub("", tok.content).strip()
            if fragment:
                for line in html_lines(lxml_html.fromstring(f"<div>{fragment}</div>")):
                    line.number = number
                    doc.lines.append(line)
            continue
        if tok.type in ("fence", "code_block"):
            doc.lines.extend(Line(t, number=number, structured=True) for t in tok.content.split("\n") if t.strip())
            continue
        if tok.type != "inline":
            continue
        text = _inline(tok.children or [])
        if not text:
            continue
        parent = stack[-1] if stack else None
        types = [t.type for t in stack]
        line = Line(text, number=number, structured=True)
        if parent is not None and parent.type == "heading_open":
            line.kind, line.level = "heading", int(parent.tag[1:])
        elif parent is not None and parent.type in ("th_open", "td_open"):
            line.kind = "cell"
        elif "list_item_open" in types and item_seen and not item_seen[-1]:
            item_seen[-1] = True
            item = [t for t in stack if t.type == "list_item_open"][-1]
            if item_numbers and item_numbers[-1] >= 0:
                if _DATE_LIKE.match(text):  # "3. 14.(목)": a date, not list item 3
                    line.text = f"{item_numbers[-1]}. {text}"
                else:
                    line.kind, line.level = "numbered", item_numbers[-1]
            elif item.markup == "*":
                line.kind, line.level = "note", 1
            else:
                line.kind = "bullet"
        elif "blockquote_open" in types:
            line.kind = "quote"
        doc.lines.append(line)
    if doc.title is None:
        for line in doc.lines:
            if line.kind == "heading" and line.level == 1:
                doc.meta["title_candidates"] = [line.text]
                break
    return doc
