"""TMX 1.4b (Translation Memory eXchange): read and write translation memories.

Reading streams with the standard library's expat parser (what ElementTree uses),
so memories of any size are read in constant memory and every problem is
reported as ``file.tmx:LINE: problem``. TMX is untrusted input: entity
declarations are refused outright (no "billion laughs"), and external entities
and DTDs are never fetched (expat's default, kept).

Writing produces what OmegaT and Translate Toolkit read: a header with
creationtool, srclang, adminlang, segtype="sentence", o-tmf and datatype, then one
``<tu>`` per translation pair with ``<tuv xml:lang="..."><seg>``.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

from workflow import __version__
from workflow.errors import MemoryStoreError
from workflow.fsutil import atomic_write
from workflow.locales import LOCALES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN_PROP = "x-pressflow-origin"
CONTEXT_PROP = "x-context"  # what Translate Toolkit's po2tmx writes for msgctxt
# Characters XML 1.0 cannot carry at all; dropped on export rather than writing a file nobody can read.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_INLINE = {"bpt", "ept", "ph", "it", "hi", "ut", "sub"}  # TMX inline markup inside <seg>


@dataclass
class TmxUnit:
    """One translation pair: ``source`` in ``srclang`` translated as ``target`` in ``tgtlang``."""

    srclang: str
    tgtlang: str
    source: str
    target: str
    context: str = ""
    origin: str = ""                 # where the pair came from (a release slug, another TMX)
    changed: str = ""                # ISO 8601 time of the last change, when known
    changed_by: str = ""
    line: int = 0                    # line of the <tu> in the file read
    props: dict[str, str] = field(default_factory=dict)


def normalize_lang(code: str) -> str:
    """A TMX language code (``ko-KR``, ``EN_us``, ``tl``) as pressflow's locale code where one fits."""
    code = (code or "").strip()
    if code in LOCALES:
        return code
    primary = code.replace("_", "-").split("-")[0].lower()
    if primary == "tl":
        return "fil"
    if primary in LOCALES:
        return primary
    return code.replace("_", "-").lower()


def _tmx_date(value: str) -> str:
    """TMX date (``20181207T090000Z``) → ISO 8601, or '' when it is not one."""
    if not value:
        return ""
    try:
        return _dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return ""


def _to_tmx_date(value: str) -> str | None:
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


class _Reader:
    """Expat handlers that turn the TMX element stream into :class:`TmxUnit` objects."""

    def __init__(self, path: Path, parser: expat.XMLParserType):
        self.path = path
        self.parser = parser
        self.stack: list[str] = []
        self.srclang = ""
        self.seen_root = self.seen_header = self.seen_body = False
        self.units: list[TmxUnit] = []
        self._tu: dict | None = None
        self._tuv: dict | None = None
        self._prop: tuple[str, list[str]] | None = None
        self._seg: list[str] | None = None

    def fail(self, message: str, line: int | None = None) -> None:
        raise MemoryStoreError(message, self.path, line or self.parser.CurrentLineNumber)

    # -- handlers --------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        line = self.parser.CurrentLineNumber
        if parent is None:
            if name != "tmx":
                self.fail(f"not a TMX file: the root element is <{name}>, expected <tmx>")
            self.seen_root = True
        elif self._seg is not None:
            if name not in _INLINE:
                self.fail(f"<{name}> is not allowed inside <seg>")
        elif name == "header" and parent == "tmx":
            self.seen_header = True
            self.srclang = attrs.get("srclang", "")
        elif name == "body" and parent == "tmx":
            self.seen_body = True
        elif name == "tu":
            if parent != "body":
                self.fail("<tu> must be inside <body>")
            self._tu = {"line": line, "srclang": attrs.get("srclang", ""), "tuvs": [], "props": {},
                        "changed": _tmx_date(attrs.get("changedate", "") or attrs.get("creationdate", "")),
                        "changed_by": attrs.get("changeid", "") or attrs.get("creationid", "")}
        elif name == "tuv":
            if parent != "tu":
                self.fail("<tuv> must be inside <tu>")
            lang = attrs.get("xml:lang") or attrs.get("lang")  # TMX 1.1 spelled it lang
            if not lang:
                self.fail("<tuv> has no xml:lang attribute")
            self._tuv = {"lang": lang, "line": line, "seg": None}
        elif name == "seg":
            if parent != "tuv":
                self.fail("<seg> must be inside <tuv>")
            if self._tuv is not None and self._tuv["seg"] is not None:
                self.fail("<tuv> has more than one <seg>")
            self._seg = []
        elif name == "prop" and parent == "tu":
            self._prop = (attrs.get("type", ""), [])

    def end(self, name: str) -> None:
        self.stack.pop()
        if self._seg is not None and name == "seg":
            assert self._tuv is not None
            self._tuv["seg"] = "".join(self._seg)
            self._seg = None
        elif self._seg is not None:
            return  # inline markup closes inside the segment
        elif name == "prop" and self._prop is not None and self._tu is not None:
            self._tu["props"][self._prop[0]] = "".join(self._prop[1])
            self._prop = None
        elif name == "tuv" and self._tuv is not None and self._tu is not None:
            if self._tuv["seg"] is None:
                self.fail("<tuv> has no <seg>", self._tuv["line"])
            self._tu["tuvs"].append(self._tuv)
            self._tuv = None
        elif name == "tu" and self._tu is not None:
            self._finish_tu(self._tu)
            self._tu = None

    def text(self, data: str) -> None:
        if self._seg is not None:
            self._seg.append(data)
        elif self._prop is not None:
            self._prop[1].append(data)

    def entity_decl(self, *args: object) -> None:
        self.fail("entity declarations are not allowed in TMX (refused for safety)")

    # -- units -----------------------------------------------------------
    def _finish_tu(self, tu: dict) -> None:
        tuvs = [t for t in tu["tuvs"] if t["seg"].strip()]
        if len(tuvs) < 2:
            return  # a term without translation: nothing to reuse
        srclang = tu["srclang"] or self.srclang
        if not srclang:
            self.fail("no source language: neither <header> nor <tu> has srclang", tu["line"])
        props = tu["props"]
        if srclang == "*all*":
            # Any variant may serve as the source: offer every direction.
            pairs = [(s, t) for s in tuvs for t in tuvs if s is not t]
        else:
            want = normalize_lang(srclang)
            sources = [t for t in tuvs if normalize_lang(t["lang"]) == want]
            if not sources:
                self.fail(f"no <tuv> in the source language {srclang!r}", tu["line"])
            pairs = [(sources[0], t) for t in tuvs if t is not sources[0]]
        for src, tgt in pairs:
            self.units.append(TmxUnit(
                srclang=normalize_lang(src["lang"]), tgtlang=normalize_lang(tgt["lang"]),
                source=src["seg"], target=tgt["seg"], context=props.get(CONTEXT_PROP, ""),
                origin=props.get(ORIGIN_PROP, ""), changed=tu["changed"], changed_by=tu["changed_by"],
                line=tu["line"], props=dict(props),
            ))


def iter_tmx(path: str | Path, data: bytes | None = None) -> Iterator[TmxUnit]:
    """Stream the translation pairs of a TMX file; raise ``MemoryStoreError`` (path:line) on bad input."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise MemoryStoreError(f"cannot read: {exc.strerror}", path) from None
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    reader = _Reader(path, parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.EntityDeclHandler = reader.entity_decl
    chunk = 1 << 20
    try:
        for offset in range(0, len(data) or 1, chunk):
            parser.Parse(data[offset:offset + chunk], False)
            yield from reader.units
            reader.units.clear()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise MemoryStoreError(f"malformed XML: {message} (column {exc.offset + 1})", path, exc.lineno) from None
    yield from reader.units
    if not reader.seen_root:
        raise MemoryStoreError("empty file, not TMX", path, 1)
    if not reader.seen_body:
        raise MemoryStoreError("not a TMX file: no <body>", path, 1)


def read_tmx(path: str | Path, data: bytes | None = None) -> list[TmxUnit]:
    """All translation pairs of a TMX file (validated completely before anything is returned)."""
    return list(iter_tmx(path, data))


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _tu_xml(unit: TmxUnit, srclang: str) -> str:
    tu = ET.Element("tu")
    if unit.srclang != srclang:
        tu.set("srclang", unit.srclang)
    if unit.changed and (stamp := _to_tmx_date(unit.changed)):
        tu.set("changedate", stamp)
    if unit.changed_by:
        tu.set("changeid", _clean(unit.changed_by))
    if unit.origin:
        ET.SubElement(tu, "prop", type=ORIGIN_PROP).text = _clean(unit.origin)
    if unit.context:
        ET.SubElement(tu, "prop", type=CONTEXT_PROP).text = _clean(unit.context)
    for lang, text in ((unit.srclang, unit.source), (unit.tgtlang, unit.target)):
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
        ET.SubElement(tuv, "seg").text = _clean(text)
    ET.indent(tu, space="  ", level=2)  # one element per line: readable, and small git diffs
    return "    " + ET.tostring(tu, encoding="unicode") + "\n"


def render_tmx(units: Iterable[TmxUnit], srclang: str, *, adminlang: str = "en") -> str:
    """TMX 1.4b text for ``units`` (one ``<tu>`` per pair)."""
    header = ET.Element("header", {
        "creationtool": "pressflow", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": adminlang, "srclang": srclang, "o-tmf": "pressflow",
        "creationdate": _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
    })
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
        '<tmx version="1.4">\n',
        "  " + ET.tostring(header, encoding="unicode") + "\n",
        "  <body>\n",
    ]
    parts.extend(_tu_xml(unit, srclang) for unit in units)
    parts.append("  </body>\n</tmx>\n")
    return "".join(parts)


def write_tmx(path: str | Path, units: Iterable[TmxUnit], srclang: str, *, adminlang: str = "en") -> int:
    """Write ``units`` atomically as TMX 1.4b; return how many pairs were written."""
    units = list(units)
    atomic_write(Path(path), render_tmx(units, srclang, adminlang=adminlang))
    return len(units)
