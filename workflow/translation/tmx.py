"""TMX 1.4b (Translation Memory eXchange): read and write translation memories.

Reading has two readers that yield the same pairs, both streaming (a file is read in
chunks). A fast one takes TMX in the usual shape (what pressflow, Translate Toolkit and
most tools write): it checks the file is well-formed with expat (Python callbacks only
for the constructs it refuses) while it reads each ``<tu>`` with one regular expression
match. Anything else (inline markup, notes, comments, other encodings,
entity declarations, any problem) goes to the validating reader, which streams with
expat callbacks and reports every problem as ``file.tmx:LINE: problem``. TMX is
untrusted input: entity declarations are refused outright (no "billion laughs"; the
fast reader never takes a file containing one), and external entities and DTDs are
never fetched (expat's default, kept). A segment's text is the text outside its native
codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``): plain text, as pressflow's catalogs
hold it (:func:`segment_text`).

Writing produces what OmegaT and Translate Toolkit read: a header with
creationtool, srclang, adminlang, segtype="sentence", o-tmf and datatype, then one
``<tu>`` per translation pair with ``<tuv xml:lang="..."><seg>``.
"""
from __future__ import annotations

import datetime as _dt
import functools
import itertools
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
# Inline elements holding native codes (``<bpt>&lt;b&gt;</bpt>``), not text: the memory keeps the text outside
# them, as pressflow's own catalogs hold it (``<hi>`` and ``<sub>`` outside a code hold text, kept).
_CODES = {"bpt", "ept", "ph", "it", "ut"}
_CODE_MARK = "\x00"    # where a code was dropped (XML text cannot hold U+0000)
_AROUND_CODES = re.compile("[^\\S\x00]*\x00[\\s\x00]*")


@dataclass(slots=True)   # slots: a memory index build holds hundreds of thousands at once
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


@functools.lru_cache(maxsize=512)  # called twice per pair read; files use a handful of codes
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
        self._codes = 0     # depth inside native-code elements of the current <seg>

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
            if name in _CODES:
                if not self._codes:
                    self._seg.append(_CODE_MARK)
                self._codes += 1
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
            self._tuv["seg"] = segment_text(self._seg)
            self._seg = None
        elif self._seg is not None:
            if name in _CODES:
                self._codes -= 1
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
            if not self._codes:
                self._seg.append(data)
        elif self._prop is not None:
            self._prop[1].append(data)

    def entity_decl(self, *args: object) -> None:
        self.fail("entity declarations are not allowed in TMX (refused for safety)")

    # -- units -----------------------------------------------------------
    def _finish_tu(self, tu: dict) -> None:
        self.units.extend(_tu_pairs(tu, self.srclang, self.path))


def segment_text(pieces: list[str]) -> str:
    """The text of a ``<seg>`` from its text pieces, where ``_CODE_MARK`` stands for a dropped native code.

    A code between two spaces leaves one (``read the <ph/> report`` → ``read the report``); one at
    either end of the segment leaves none.
    """
    text = "".join(pieces)
    if _CODE_MARK not in text:
        return text

    def join(match: re.Match[str]) -> str:
        if match.start() == 0 or match.end() == len(text):
            return ""
        space = match.group(0).replace(_CODE_MARK, "")
        return space[:1]

    return _AROUND_CODES.sub(join, text)


def _tu_pairs(tu: dict, header_srclang: str, path: Path) -> list[TmxUnit]:
    """The translation pairs of one parsed ``<tu>`` (shared by both readers, so they agree)."""
    tuvs = [t for t in tu["tuvs"] if t["seg"].strip()]
    if len(tuvs) < 2:
        return []  # a term without translation: nothing to reuse
    srclang = tu["srclang"] or header_srclang
    if not srclang:
        raise MemoryStoreError("no source language: neither <header> nor <tu> has srclang", path, tu["line"])
    props = tu["props"]
    if srclang == "*all*":
        # Any variant may serve as the source: offer every direction.
        pairs = [(s, t) for s in tuvs for t in tuvs if s is not t]
    else:
        want = normalize_lang(srclang)
        sources = [t for t in tuvs if normalize_lang(t["lang"]) == want]
        if not sources:
            raise MemoryStoreError(f"no <tuv> in the source language {srclang!r}", path, tu["line"])
        pairs = [(sources[0], t) for t in tuvs if t is not sources[0]]
    context, origin = props.get(CONTEXT_PROP, ""), props.get(ORIGIN_PROP, "")
    return [TmxUnit(normalize_lang(src["lang"]), normalize_lang(tgt["lang"]), src["seg"], tgt["seg"], context,
                    origin, tu["changed"], tu["changed_by"], tu["line"], dict(props))
            for src, tgt in pairs]


def iter_tmx(path: str | Path, data: bytes | None = None) -> Iterator[TmxUnit]:
    """Stream the translation pairs of a TMX file; raise ``MemoryStoreError`` (path:line) on bad input.

    Well-formed files in the usual shape are read by a fast reader (a regular expression
    per ``<tu>``, checked by expat); anything it does not vouch for is read again by the
    validating expat reader, which yields the same pairs and reports the precise
    ``file.tmx:LINE:`` problem. Pairs the fast reader already yielded are not yielded
    twice. Without ``data`` the file is read in chunks, never whole: a translation memory
    of a million pairs is streamed.
    """
    path = Path(path)

    def source() -> bytes | Iterator[bytes]:
        return data if data is not None else _file_chunks(path)

    done = 0
    try:
        for unit in _iter_fast(path, source()):
            yield unit
            done += 1
        return
    except _Fallback:
        pass
    for number, unit in enumerate(_iter_checked(path, source())):
        if number >= done:
            yield unit


CHUNK = 1 << 23    # bytes read at a time when a file is streamed


def _file_chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    except OSError as exc:
        raise MemoryStoreError(f"cannot read: {exc.strerror}", path) from None


def _iter_checked(path: Path, data: bytes | Iterable[bytes]) -> Iterator[TmxUnit]:
    """The validating reader: expat callbacks, every problem reported with its line."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    reader = _Reader(path, parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.EntityDeclHandler = reader.entity_decl
    chunks = ([data[offset:offset + (1 << 20)] for offset in range(0, len(data) or 1, 1 << 20)]
              if isinstance(data, bytes) else data)
    head = b""     # the start of the file, for the encoding named in a problem
    try:
        for chunk in chunks:
            if len(head) < 1024:
                head += chunk[:1024]
            parser.Parse(chunk, False)
            yield from reader.units
            reader.units.clear()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise MemoryStoreError(f"malformed XML: {message} (column {exc.offset + 1})", path, exc.lineno) from None
    except LookupError:  # expat asks Python's codecs for an encoding it does not know itself
        match = _ENCODING.search(head[:1024])
        name = match.group(1).decode("ascii") if match else "?"
        raise MemoryStoreError(f"unknown encoding {name!r} in the XML declaration (save the file as UTF-8)",
                               path, 1) from None
    except UnicodeDecodeError as exc:
        raise MemoryStoreError(f"text does not match the declared encoding: {exc.reason}", path,
                               exc.object[:exc.start].count(b"\n") + 1 if exc.object is data else None) from None
    yield from reader.units
    if not reader.seen_root:
        raise MemoryStoreError("empty file, not TMX", path, 1)
    if not reader.seen_body:
        raise MemoryStoreError("not a TMX file: no <body>", path, 1)


class _Fallback(Exception):
    """The fast reader cannot vouch for this input: read it with the validating one."""


_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding[ \t\n]*=[ \t\n]*["']([A-Za-z0-9._-]+)["']""")
_PROLOG = re.compile(
    rb"(?:<\?xml[^>]*\?>)?[ \t\n]*(?:<!DOCTYPE[^>\[]*>[ \t\n]*)?<tmx(?:[ \t\n][^<>]*)?(?<!/)>[ \t\n]*"
    rb"<header((?:[ \t\n][^<>]*)?)(?:/>|(?<!/)>(.*?)</header[ \t\n]*>)[ \t\n]*<body[ \t\n]*>[ \t\n]*", re.DOTALL)
_TU = re.compile(
    rb"<tu((?:[ \t\n][^<>]*)?)(?<!/)>[ \t\n]*"
    rb"((?:<prop(?:[ \t\n][^<>]*)?(?<!/)>[^<]*</prop[ \t\n]*>[ \t\n]*)*)"
    rb"<tuv([ \t\n][^<>]*)(?<!/)>[ \t\n]*<seg>([^<]*)</seg>[ \t\n]*</tuv>[ \t\n]*"
    rb"<tuv([ \t\n][^<>]*)(?<!/)>[ \t\n]*<seg>([^<]*)</seg>[ \t\n]*</tuv>[ \t\n]*"
    rb"</tu>[ \t\n]*")
_PROP = re.compile(rb"<prop((?:[ \t\n][^<>]*)?)>([^<]*)</prop")
_TAIL = re.compile(rb"</body[ \t\n]*>[ \t\n]*</tmx[ \t\n]*>[ \t\n]*\Z")
_ATTR = re.compile(rb"""([^ \t\n=]+)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')""")
_NESTED = re.compile(rb"<(?:tuv?|seg|body|header|tmx)[ \t\n/>]")
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[^;]*);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] == "#":
        digits = name[2:] if name[1] == "x" else name[1:]
        return chr(int(digits, 16 if name[1] == "x" else 10))
    if name not in _PREDEFINED:
        raise _Fallback  # an entity of an external DTD, which expat skips: let it decide
    return _PREDEFINED[name]


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return _REFERENCE.sub(_reference, text) if "&" in text else text


def _attrs(raw: bytes) -> dict[str, str]:
    # Attribute-value normalization: literal tabs and newlines become spaces (CRs are gone already).
    return {name.decode("utf-8"): _text((dq if dq or not sq else sq).replace(b"\t", b" ").replace(b"\n", b" "))
            for name, dq, sq in _ATTR.findall(raw)}


def _fast_tu(line: int, attrs: dict[str, str], props_raw: bytes, lang1: str, text1: str, lang2: str, text2: str) -> dict:
    """A ``<tu>`` read by the fast reader, in the shape :func:`_tu_pairs` takes."""
    props = {_attrs(prop_attrs).get("type", ""): _text(value) for prop_attrs, value in _PROP.findall(props_raw)}
    return {"line": line, "srclang": attrs.get("srclang", ""), "props": props,
            "tuvs": [{"lang": lang1, "seg": text1}, {"lang": lang2, "seg": text2}],
            "changed": _tmx_date(attrs.get("changedate", "") or attrs.get("creationdate", "")),
            "changed_by": attrs.get("changeid", "") or attrs.get("creationid", "")}


def _iter_fast(path: Path, data: bytes | Iterable[bytes]) -> Iterator[TmxUnit]:
    """The fast reader, for TMX in the usual shape (what pressflow, Translate Toolkit and most tools write).

    ``data`` is the file, whole or as successive chunks (then it is read in one streaming
    pass, holding about two chunks). The bytes are checked to be well-formed XML by expat
    with no Python callbacks but for the constructs it refuses, while each ``<tu>`` is read
    with one regular expression match. Raises :class:`_Fallback` on anything else: not
    UTF-8, entity declarations or a DOCTYPE with an internal subset, comments, CDATA,
    processing instructions, inline markup, notes, not exactly two ``<tuv>``, malformed
    XML, or a problem the validating reader reports.
    """
    chunks: Iterator[bytes] = iter([data] if isinstance(data, bytes) else data)
    first = b""
    for chunk in chunks:     # enough of the start for the BOM and the XML declaration
        first += chunk
        if len(first) >= 4096:
            break
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if b"\x00" in first[:4]:
        raise _Fallback
    declared = _ENCODING.match(first)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        raise _Fallback
    checker = expat.ParserCreate()
    checker.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*args: object) -> None:
        raise _Fallback

    checker.CommentHandler = refuse
    checker.StartCdataSectionHandler = refuse
    checker.ProcessingInstructionHandler = refuse
    checker.EntityDeclHandler = refuse
    checker.StartDoctypeDeclHandler = lambda name, system, public, internal: refuse() if internal else None
    try:
        yield from _fast_units(path, itertools.chain([first], chunks), checker)
    except (MemoryStoreError, UnicodeDecodeError, ValueError, OverflowError, expat.ExpatError):
        raise _Fallback from None


def _fast_units(path: Path, chunks: Iterator[bytes], checker: expat.XMLParserType) -> Iterator[TmxUnit]:
    buffer = b""
    pending_cr = b""        # a CR at a chunk's end: it may be the first half of a CRLF
    srclang: str | None = None
    langs: dict[bytes, str] = {}
    pos = last = 0
    line = 1
    eof = False
    units: list[TmxUnit] = []
    while not eof:
        chunk = next(chunks, None)
        if chunk is None:
            eof = True
            checker.Parse(b"", True)
            chunk = pending_cr
            pending_cr = b""
        else:
            checker.Parse(chunk, False)
            chunk = pending_cr + chunk
            pending_cr = b""
            if chunk.endswith(b"\r"):
                chunk, pending_cr = chunk[:-1], b"\r"
        if b"\r" in chunk:  # XML reads CRLF and CR as LF, in text and for line numbers alike
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line += buffer.count(b"\n", last, pos)
        buffer = buffer[pos:] + chunk
        pos = last = 0
        if srclang is None:
            prolog = _PROLOG.match(buffer)
            if not prolog or (prolog.end() == len(buffer) and not eof):
                if not eof and len(buffer) < 1 << 22:
                    continue       # the prolog is not all here yet
                raise _Fallback
            if prolog.group(2) and _NESTED.search(prolog.group(2)):
                raise _Fallback
            srclang = _attrs(prolog.group(1)).get("srclang", "")
            pos = prolog.end()
        while True:
            match = _TU.match(buffer, pos)
            if match is None or (match.end() == len(buffer) and not eof):
                break
            line += buffer.count(b"\n", last, pos)
            last = pos
            units.extend(_fast_tu_units(path, match, line, srclang, langs))
            if len(units) >= 4096:
                yield from units
                units.clear()
            pos = match.end()
        if not eof and buffer.find(b"</tu>", pos) != -1 and _TU.match(buffer, pos) is None:
            raise _Fallback        # a whole <tu> the expression does not read
    yield from units
    if not _TAIL.match(buffer, pos):
        raise _Fallback


def _fast_tu_units(path: Path, match: re.Match[bytes], line: int, srclang: str,
                   langs: dict[bytes, str]) -> list[TmxUnit]:
    """The pairs of one ``<tu>`` the fast reader matched (``langs``: a cache of ``<tuv>`` attributes)."""
    tu_raw, props_raw, lang1, seg1, lang2, seg2 = match.groups()
    first, second = langs.get(lang1), langs.get(lang2)
    if first is None or second is None:
        for raw in (lang1, lang2):
            attrs = _attrs(raw)
            langs[raw] = attrs.get("xml:lang") or attrs.get("lang") or ""
        first, second = langs[lang1], langs[lang2]
    if not first or not second:
        raise _Fallback
    attrs = _attrs(tu_raw) if tu_raw else {}
    source_lang = attrs.get("srclang", "") or srclang
    text1, text2 = _text(seg1), _text(seg2)
    if not text1.strip() or not text2.strip():
        return []  # a term without translation: nothing to reuse (as _tu_pairs decides)
    if source_lang in ("", "*all*") or props_raw:
        return _tu_pairs(_fast_tu(line, attrs, props_raw, first, text1, second, text2), srclang, path)
    # The common case, decided as _tu_pairs does for two variants.
    want, norm1, norm2 = normalize_lang(source_lang), normalize_lang(first), normalize_lang(second)
    changed = _tmx_date(attrs.get("changedate", "") or attrs.get("creationdate", "")) if attrs else ""
    changed_by = attrs.get("changeid", "") or attrs.get("creationid", "") if attrs else ""
    if norm1 == want:
        return [TmxUnit(norm1, norm2, text1, text2, "", "", changed, changed_by, line, {})]
    if norm2 == want:
        return [TmxUnit(norm2, norm1, text2, text1, "", "", changed, changed_by, line, {})]
    raise _Fallback  # "no <tuv> in the source language": reported with its line


def read_tmx(path: str | Path, data: bytes | None = None) -> list[TmxUnit]:
    """All translation pairs of a TMX file (validated completely before anything is returned)."""
    return list(iter_tmx(path, data))


def has_tu_elements(data: bytes) -> bool:
    """Whether the bytes of a TMX file hold a ``<tu>`` element at all (in UTF-8 or UTF-16), to tell
    a file without translation units from one whose units hold no pair."""
    return any(f"<tu{end}".encode(codec) in data
               for codec in ("utf-8", "utf-16-le", "utf-16-be") for end in (">", "/", " ", "\n", "\r", "\t"))


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
