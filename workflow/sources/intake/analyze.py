"""From a read :class:`Document` to a release: chrome, headline, subtitles, date, dateline, language, body.

The order of the steps matters: chrome goes first (so a skip link is never a
headline), then repeated page titles and listing teasers, then the language (needed
to join hard-wrapped lines and to judge sentence ends), then the headline, the
header lines between it and the body (subtitles, date and dateline lines), and the
body blocks with their markers (Korean ``□ ○ -`` outlines, ``*``/``**``/``※`` notes).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from workflow.errors import ReleaseError
from workflow.locales import LOCALES, get_locale
from workflow.sources.intake.chrome import LABELS, TAIL_MARKERS, chrome_reason, normalize
from workflow.sources.intake.dates import ascii_digits, find_dates, month_names, weekday_names
from workflow.sources.intake.language import detect_language
from workflow.sources.intake.model import Document, Line
from workflow.sources.releases import Block

_END = re.compile(r"[.!?…。！？։।။។๚]$")
_CLOSERS = "\"'”’»)]）」』*_ "
_SUBTITLE = re.compile(r"^(?:[-–—]\s+(?P<a>.+?)(?:\s+[-–—])?|<\s*(?P<b>.+?)\s*>)$")
_NOTE = re.compile(r"^(?P<stars>\*{1,3})(?P<sep>\s*)(?P<text>\S.*)$")
_NOTE_REF = re.compile(r"^※\s*(?P<text>\S.*)$")
_PARAGRAPH_MARK = re.compile(r"^[□■◆◇▣]\s*(?P<text>\S.*)$")
_BULLET_MARK = re.compile(r"^(?:[○◦ㅇ●◎▶▷►•·▲△‣°❍]\s*|[-–+]\s+)(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_ITEM = re.compile(rf"^(?P<n>[{_CIRCLED}])\s*(?P<text>\S.*)$")
_ROMAN_HEADING = re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|[IVX]{1,4})\.\s+(?P<text>\S.{0,60})$")
_HANGUL_ITEM = re.compile(r"^[가나다라마바사아자차카타파하]\.\s+(?P<text>\S.*)$")
_DATE_LIKE = re.compile(r"^\d{1,2}\.\s*(?:\(|\d|$)")
_CATEGORY = re.compile(r"^(?:ข่าวเด่น|ข่าวสารนิเทศ|ข่าวประชาสัมพันธ์|news|press release|보도자료|siaran pers|"
                       r"tin tức|berita)\s*[:：]\s+", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|KST|ICT|a\.m\.|p\.m\.|am|pm)?", re.I)
_DATELINE_AGENCY = re.compile(r"^(?P<place>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}),\s*(?P<other>[\w.]+)\s*[–—-]\s")
_MEDIA_NAME = re.compile(r"(?:news|\.co|\.com|\.id|\.vn|press|post|times|tv|publik|antara|tempo)$", re.I)
_DATELINE_KHMER = re.compile(r"^(?P<place>[^\s៖]{2,20})៖")
# A publisher's name on a line of its own ("Ministry of Science and ICT", "과학기술정보통신부") is no headline.
_ORG_LATIN = re.compile(r"^(?:the\s+)?(?:ministry|department|office|embassy|permanent mission|mission|agency|"
                        r"secretariat|government|kementerian|kementrian|sekretariat|kedutaan|kagawaran|tanggapan|"
                        r"jabatan)\b", re.I)
_ORG_VIETNAMESE = re.compile(r"^(?:Bộ(?! trưởng)|Sở|Văn phòng|Đại sứ quán|Tổng cục|Cục)\s", re.I)
_ORG_LOWER_OK = frozenset("of and the for & on in to de và của dan và ng sa".split())
_ORG_OTHER = re.compile(r"^(?:[가-힣]+(?:부|처|청|위원회|원|실)(?:\s+[가-힣]+(?:부|처|청|위원회|원|실))?|"
                        r"(?:กระทรวง|กรม|สำนักงาน|สำนักนายกรัฐมนตรี)\S{0,18}|ក្រសួង\S{0,18}|\S{0,18}ဝန်ကြီးဌာန|ກະຊວງ\S{0,18})$")


def _publisher_name(text: str) -> bool:
    words = text.split()
    if _ORG_LATIN.match(text) and len(words) <= 8:
        return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _ORG_LOWER_OK for w in words)
    if _ORG_VIETNAMESE.match(text) and len(words) <= 5:
        return True
    return bool(_ORG_OTHER.match(text))


_SENTENCE_ENDS = (".", "…", "!", "?", "。", "។", "။", "\u0eaf", "”", '"')
#: The longest line taken for a headline while a shorter candidate exists (characters). The longest real
#: headline in tests/data/import/real is 273 characters; photo captions run to 700.
HEADLINE_MAX_CHARS = 300


@dataclass
class Dropped:
    number: int
    text: str
    reason: str


@dataclass
class Analysis:
    title: str
    date: _dt.date | None
    lang: str
    subtitle: str = ""
    extra_subtitles: list[str] = field(default_factory=list)
    dateline: str | None = None
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """``text`` without emphasis markers, enclosing guillemets or a category prefix ("ข่าวเด่น : ")."""
    text = _CATEGORY.sub("", text.strip())
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    elif text.startswith("*") and text.endswith("*") and len(text) > 2 and not text.startswith("**"):
        text = text[1:-1].strip()
    if text.startswith("«") and text.endswith("»"):
        text = text[1:-1].strip()
    return text


def ends_sentence(text: str) -> bool:
    return bool(_END.search(text.rstrip(_CLOSERS))) or text.rstrip().endswith((":", ";"))


def _mostly_date(text: str) -> bool:
    dates = find_dates(text)
    if not dates:
        return False
    rest = ascii_digits(text)
    for match in reversed(dates):
        rest = rest[:match.start] + " " + rest[match.end:]
    if re.search(r"[^\W\d_][.!?。](?:\s|$)", rest):
        return False  # a sentence with a date in it ("본문입니다. 2019.12.07")
    rest = re.sub(r"[\d\s,.:;/|()\[\]–—-]+", " ", _TIME.sub(" ", rest)).strip()
    words = len(rest.split())
    return len(rest) <= 40 and words <= 5 and not (words >= 2 and _END.search(text.rstrip()))


def _partial_date_place(text: str) -> str | None:
    """The place of a dateline line without a year ("နေပြည်တော် ဖေဖော်ဝါရီ ၂၃", "SEOUL, Dec. 7")."""
    words = ascii_digits(text).replace(",", " ").split()
    if 2 <= len(words) <= 5 and words[-1].isdigit() and len(words[-1]) <= 2:
        if _is_month(words[-2]) and not any(ch.isdigit() for ch in " ".join(words[:-2])):
            return " ".join(text.replace(",", " ").split()[:-2]) or None
    return None


_DASH_AFTER = re.compile(r"^\s*[.,)]?\s*[–—-]{1,2}\s")


def _is_month(word: str) -> bool:
    names = month_names()
    return word.lower() in names or word.lower().rstrip(".") in names


def _starts_with_dateline(text: str) -> bool:
    """"SEOUL, Dec. 7, 2023 -- ...", "เมืองทองธานี 4 พ.ย. – ...": a lead paragraph, never a headline."""
    head = ascii_digits(text[:80])
    for match in find_dates(head):
        if match.start <= 50 and _DASH_AFTER.match(head[match.end:]):
            return True
    words = head.replace(",", " ").split()
    for i in range(min(len(words) - 2, 6)):
        if (words[i].isdigit() and len(words[i]) <= 2 and _is_month(words[i + 1])
                and words[i + 2] in ("–", "—", "-", "--")):
            return True
        if (_is_month(words[i]) and words[i + 1].rstrip(".,").isdigit()
                and len(words[i + 1].rstrip(".,")) <= 2 and words[i + 2] in ("–", "—", "-", "--")):
            return True
    return False


def _dateline_before(text: str) -> str | None:
    """"SEOUL, Korea, Sept. 12, 2023 --" → "SEOUL, Korea"; "(Yogyakarta, 19 Pebruari 2009)." → "Yogyakarta"."""
    dates = find_dates(text[:120])
    if dates:
        prefix = text[:dates[0].start].strip()
        if prefix.endswith(",") and not any(ch.isdigit() for ch in prefix):
            place = prefix.strip("(,[ ").strip()
            # "Senin, 17 Juli 2023": a weekday before the date is no place.
            if (place and len(place.split()) <= 4 and place[0].isalpha()
                    and place.casefold().rstrip(".") not in weekday_names()):
                return place
    if m := _DATELINE_AGENCY.match(text):  # "Jakarta, InfoPublik –" or "ABATANEWS, MAKASSAR –"
        return m.group("other") if _MEDIA_NAME.search(m.group("place")) else m.group("place")
    if m := _DATELINE_KHMER.match(text):
        return m.group("place")
    return None


class _Analyzer:
    def __init__(self, doc: Document, *, lang: str | None, title: str | None, configured: frozenset[str],
                 learned: frozenset[str], keep_chrome: bool, default_lang: str | None = None):
        self.doc = doc
        self.lang_option = lang
        self.title_option = title
        self.configured = configured
        self.learned = learned
        self.keep = keep_chrome
        self.default_lang = default_lang
        self.dropped: list[Dropped] = []
        self.dropped_lines: list[tuple[Line, str]] = []

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(Dropped(line.number, line.text, reason))
        self.dropped_lines.append((line, reason))

    # -- step 1: chrome, repeated titles, teasers --------------------------------------------
    def remove_chrome(self, lines: list[Line]) -> list[Line]:
        kept: list[Line] = []
        previous_chrome_cell = False
        previous_label = False
        cut = False
        for line in lines:
            if cut:
                self.drop(line, "after the related-articles list")
                continue
            reason = None if self.keep else chrome_reason(line.text, self.configured, self.learned)
            if (reason is None and not self.keep and len(line.text) <= 40
                    and ((line.kind == "cell" and previous_chrome_cell) or previous_label)):
                reason = "label value"
            previous_label = reason is not None and normalize(line.text) in LABELS
            if not self.keep and normalize(line.text) in TAIL_MARKERS and len(kept) >= 2:
                reason, cut = "related articles", True
            previous_chrome_cell = line.kind == "cell" and reason is not None and reason != "label value"
            if reason:
                self.drop(line, reason)
            else:
                kept.append(line)
        if self.keep:
            return kept
        counts: dict[str, int] = {}
        for line in kept:
            counts[normalize(line.text)] = counts.get(normalize(line.text), 0) + 1
        out: list[Line] = []
        for index, line in enumerate(kept):
            text = normalize(line.text)
            if counts[text] >= 3 and line.kind != "heading":
                self.drop(line, "repeated on the page")
                continue
            later = kept[index + 1:index + 4]
            if any(len(normalize(o.text)) >= 15 and text != normalize(o.text) and text.startswith(normalize(o.text))
                   for o in later):
                self.drop(line, "page title repeated")
                continue
            # A page title shown twice is dropped; a line repeated after a body paragraph (a speaker's
            # name in a transcript, "Wartawan" ... "Presiden") is the text's own.
            first = next((i for i, o in enumerate(out) if text == normalize(o.text)), None)
            if (index < 15 and first is not None and len(text) >= 10
                    and not any(len(o.text) > 150 for o in out[first:])):
                self.drop(line, "repeated line")
                continue
            if index < 10 and self._is_teaser(line, kept[index + 1:]):
                self.drop(line, "teaser repeated below")
                continue
            out.append(line)
        return out

    @staticmethod
    def _is_teaser(line: Line, later: list[Line]) -> bool:
        dates = find_dates(line.text[:40])
        text = line.text
        if dates and dates[0].start <= 3:
            text = text[dates[0].end:].lstrip(" -–—:|")
        key = normalize(text)[:80]
        # A teaser is a sentence (or a long paragraph) shown again in full below; a headline without
        # sentence punctuation that the lead restates ("X held ... today") is not one.
        sentence = text.rstrip().endswith(_SENTENCE_ENDS) or len(text) > 150
        return sentence and len(key) >= 40 and any(key in normalize(o.text) for o in later)

    # -- step 2: language and hard-wrapped lines -----------------------------------------------
    def language(self, lines: list[Line]) -> str:
        lang = (self.lang_option or self.doc.lang or detect_language("\n".join(plain(l.text) for l in lines))
                or self.default_lang)
        if not lang:
            raise ReleaseError(f"cannot tell the language of the text; pass --lang ({', '.join(LOCALES)})",
                               self.doc.path)
        if lang not in LOCALES:
            raise ReleaseError(f"unknown source language {lang!r}; valid: {', '.join(LOCALES)}", self.doc.path)
        return lang

    def join_wrapped(self, lines: list[Line], lang: str) -> list[Line]:
        if self.doc.format != "text" or not get_locale(lang).spaces_between_words:
            return lines
        groups: list[list[Line]] = []
        for line in lines:
            if groups and not line.gap_before and line.number == groups[-1][-1].number + 1:
                groups[-1].append(line)
            else:
                groups.append([line])
        # Hard-wrapped text has no line longer than its wrap width; scraped text has one line per paragraph.
        wrapped_text = max(len(line.text) for line in lines) <= 100
        out: list[Line] = []
        for group in groups:
            start = next((i for i, (a, b) in enumerate(zip(group, group[1:]))
                          if self._wraps(a, b, lang, wrapped_text)), None)
            if start is None or any(_marker_kind(l.text) for l in group[start + 1:]):
                out.extend(group)
                continue
            out.extend(group[:start])  # short lines before the wrapped paragraph (a headline) stay apart
            first = group[start]
            out.append(Line(" ".join(l.text for l in group[start:]), number=first.number, gap_before=True))
        return out

    @staticmethod
    def _wraps(a: Line, b: Line, lang: str, wrapped_text: bool) -> bool:
        """``a`` breaks mid-sentence into ``b`` (a hard wrap, as in e-mail and pandoc text)."""
        if ends_sentence(a.text) or _marker_kind(b.text) or len(a.text) < (30 if lang == "ko" else 45):
            return False
        first = b.text[:1]
        return (lang == "ko" or first.islower() or first in "([\"'“‘" or first.isdigit()
                or (wrapped_text and 55 <= len(a.text) and not a.text.endswith(",")))  # a typical wrap width

    # -- step 3: headline ---------------------------------------------------------------------
    def body_like(self, line: Line, lang: str) -> bool:
        if line.kind in ("heading", "cell"):
            return False
        text = plain(line.text)
        if _mostly_date(text):
            return False
        if _starts_with_dateline(text) and len(text) >= 60:
            return True
        info = get_locale(lang)
        if not info.sentence_end:
            return len(text) >= 180
        return ends_sentence(text) and len(text) >= (50 if info.latin_script else 15)

    def titlelike(self, line: Line, lang: str) -> bool:
        if line.kind in ("bullet", "numbered", "note", "quote", "cell") or _marker_kind(line.text):
            return False
        text = plain(line.text)
        if (_mostly_date(text) or _partial_date_place(text) or _publisher_name(text)
                or text.endswith((",", "，", "、"))):
            return False
        return len(text) >= 2

    def find_title(self, lines: list[Line], lang: str) -> tuple[str, int]:
        declared = self.title_option or self.doc.title
        wanted = [declared] if declared else list(self.doc.meta.get("title_candidates", []))  # type: ignore[call-overload]
        for candidate in wanted:
            key = normalize(plain(str(candidate)))
            for index, line in enumerate(lines):
                if normalize(plain(line.text)) == key and line.kind not in ("cell",):
                    return (str(declared) if declared else plain(line.text)), index
        if declared:
            return str(declared), -1
        body = next((i for i, l in enumerate(lines) if self.body_like(l, lang)), len(lines))
        window = [i for i in range(body) if self.titlelike(lines[i], lang)]
        # A headline is a short line: a caption-length line (a photo caption whose credit the chrome patterns
        # do not know) is no headline while a shorter candidate exists, nor the yardstick for one.
        if any(len(plain(lines[i].text)) <= HEADLINE_MAX_CHARS for i in window):
            window = [i for i in window if len(plain(lines[i].text)) <= HEADLINE_MAX_CHARS]
        if len(window) > 1 and any(not ends_sentence(plain(lines[i].text)) for i in window):
            window = [i for i in window if not ends_sentence(plain(lines[i].text))]  # titles rarely end with "."
        if not window and body == len(lines):
            window = [i for i in range(len(lines)) if self.titlelike(lines[i], lang)][:1]
        if not window:
            raise ReleaseError("no headline found (every line is page chrome, a date or body text); "
                               "pass --title", self.doc.path)
        if body == len(lines):  # no body-like line to measure against: the first title-like line
            return plain(lines[window[0]].text), window[0]
        longest = max(len(plain(lines[i].text)) for i in window)
        share = 0.5 if get_locale(lang).sentence_end else 0.3  # Thai and Lao ledes are long, unpunctuated lines
        index = next(i for i in window if len(plain(lines[i].text)) >= share * longest)
        return plain(lines[index].text), index


_EMPHASIS_START = re.compile(r"^\*(?!\*)\S(?:[^*]*\S)?\*(?!\*)")
_BOLD_START = re.compile(r"^\*\*\S.*\*\*")


def _marker_kind(text: str) -> str | None:
    if ((m := _NOTE.match(text)) and not _BOLD_START.match(text) and not _EMPHASIS_START.match(text)):
        return "note" if text.strip("* ") else None
    if _NOTE_REF.match(text):
        return "note"
    if _PARAGRAPH_MARK.match(text):
        return "paragraph"
    if _ROMAN_HEADING.match(text) and not _END.search(text):
        return "heading"
    if _HANGUL_ITEM.match(text):
        return "bullet"
    if _CIRCLED_ITEM.match(text):
        return "numbered"
    if _BULLET_MARK.match(text):
        return "bullet"
    if (m := _NUMBERED.match(text)) and not _DATE_LIKE.match(m.group("text")):
        return "numbered"
    return None


def _block(line: Line) -> Block:
    """The body block of a kept line: structure from markup, or from its leading marker."""
    text, kind, level = line.text, line.kind, line.level
    if kind == "cell":
        kind = "paragraph"
    if kind == "paragraph":
        marker = _marker_kind(text)
        if marker == "note":
            m = _NOTE.match(text)
            if m:
                text, level = m.group("text"), len(m.group("stars"))
            else:
                text, level = _NOTE_REF.match(text).group("text"), 1  # type: ignore[union-attr]
            kind = "note"
        elif marker == "paragraph":
            text = _PARAGRAPH_MARK.match(text).group("text")  # type: ignore[union-attr]
        elif marker == "heading":
            text, kind, level = _ROMAN_HEADING.match(text).group("text"), "heading", 2  # type: ignore[union-attr]
        elif marker == "bullet":
            m = _BULLET_MARK.match(text) or _HANGUL_ITEM.match(text)
            text, kind = m.group("text"), "bullet"  # type: ignore[union-attr]
        elif marker == "numbered":
            if m := _CIRCLED_ITEM.match(text):
                text, kind, level = m.group("text"), "numbered", _CIRCLED.index(m.group("n")) + 1
            else:
                m = _NUMBERED.match(text)
                text, kind, level = m.group("text"), "numbered", int(m.group("n"))  # type: ignore[union-attr]
    return Block(kind, text.strip(), line.number, level=level)


def _first_date(lines: list[Line]) -> _dt.date | None:
    for line in lines:
        if found := find_dates(line.text):
            return found[0].date
    return None


def analyze(doc: Document, *, lang: str | None = None, date: _dt.date | None = None, title: str | None = None,
            configured: frozenset[str] = frozenset(), learned: frozenset[str] = frozenset(),
            keep_chrome: bool = False, default_lang: str | None = None) -> Analysis:
    """Analyse ``doc``; raises :class:`ReleaseError` naming the option to pass when a value cannot be found.

    ``default_lang`` (the workspace's source language) is used when the text is too short to tell.
    """
    an = _Analyzer(doc, lang=lang, title=title, configured=configured, learned=learned, keep_chrome=keep_chrome,
                   default_lang=default_lang)
    lines = an.remove_chrome([l for l in doc.lines if l.text.strip()])
    if not lines:
        raise ReleaseError("no text left after removing page chrome (--keep-chrome keeps everything)", doc.path)
    language = an.language(lines)
    lines = an.join_wrapped(lines, language)
    headline, title_index = an.find_title(lines, language)
    above = lines[:max(title_index, 0)]
    if not keep_chrome:
        for line in above:
            an.drop(line, "above the headline")
        above = []
    after = lines[title_index + 1:]
    body_start = next((i for i, l in enumerate(after) if an.body_like(l, language)), None)
    if body_start is None:  # no line looks like body text: only marked subtitles and date lines are header
        body_start = next((i for i, l in enumerate(after) if not _SUBTITLE.match(plain(l.text))
                           and not _mostly_date(plain(l.text)) and not _partial_date_place(plain(l.text))),
                          len(after))
    result = Analysis(title=headline, date=date, lang=language)
    header_dates: list[Line] = []
    body: list[Line] = list(above)
    seen_date = False
    previous_was_date = False
    for index, line in enumerate(after):
        text = plain(line.text)
        in_header = index < body_start
        if not keep_chrome and _mostly_date(text) and (in_header or (index < body_start + 3 and not seen_date)):
            if in_header or not seen_date:
                header_dates.append(line)
            an.drop(line, "date line")
            result.dateline = result.dateline or _dateline_before(text)
            seen_date = previous_was_date = True
            continue
        if not keep_chrome and in_header and (place := _partial_date_place(text)):
            an.drop(line, "dateline")
            result.dateline = result.dateline or place
            previous_was_date = True
            continue
        if in_header and (m := _SUBTITLE.match(text)):
            subtitle = (m.group("a") or m.group("b") or "").strip()
            if result.subtitle:
                result.extra_subtitles.append(subtitle)
            else:
                result.subtitle = subtitle
            previous_was_date = False
            continue
        if (in_header and not seen_date and line.kind in ("paragraph", "heading") and not _marker_kind(line.text)
                and _subtitle_like(line, text, headline, after[index + 1:body_start])):
            if not result.subtitle:
                result.subtitle = text
            else:
                result.extra_subtitles.append(text)
            continue
        if (in_header and previous_was_date and not keep_chrome and result.dateline is None
                and len(text.split()) <= 5 and not ends_sentence(text) and ("," in text or "၊" in text)):
            an.drop(line, "dateline")
            result.dateline = text
            previous_was_date = False
            continue
        previous_was_date = False
        body.append(line)
    if doc.subtitle and not result.subtitle:
        result.subtitle = doc.subtitle
    if not body:
        raise ReleaseError("the page has a headline but no body text", doc.path,
                           lines[title_index].number if title_index >= 0 else None)
    _split_date_stamp(body, an)
    if result.dateline is None:
        result.dateline = _dateline_before(plain(body[0].text))
    result.date = date or doc.date or _find_release_date(doc, an, lines, title_index, body, header_dates)
    result.blocks = _blocks(body, language, doc.format == "text")
    result.dropped = sorted(an.dropped, key=lambda d: d.number)
    result.warnings = _warnings(doc.path, body, result.blocks, language)
    return result


def _subtitle_like(line: Line, text: str, headline: str, rest_of_header: list[Line]) -> bool:
    """An unmarked line under the headline is a subtitle when it is a heading, wholly emphasized, or
    followed by the date line, and is no longer than a long headline (a lede is body)."""
    if text.endswith((",", "，")) or len(text) > max(2 * len(headline), 120):
        return False
    emphasized = line.text.strip().startswith("*") and line.text.strip().endswith("*")
    return line.kind == "heading" or emphasized or any(_mostly_date(plain(l.text)) for l in rest_of_header)


def _split_date_stamp(body: list[Line], an: _Analyzer) -> None:
    """Cut a date stamp glued to the first paragraph ("ថ្ងៃ ពុធ, 19 ឧសភា, 2021នៅព្រឹក...")."""
    first = body[0]
    dates = find_dates(first.text[:60])
    if not dates or dates[0].start > 20 or len(first.text[:dates[0].start].split()) > 3:
        return
    rest = first.text[dates[0].end:]
    if rest[:1].isalpha() and not rest[:1].isascii():
        # Recorded as a dropped line so that the release date is found in it (Khmer glues words on).
        an.drop(Line(first.text[:dates[0].end], kind=first.kind, number=first.number), "date stamp")
        body[0] = Line(rest, kind=first.kind, number=first.number, level=first.level, structured=first.structured)


def _find_release_date(doc: Document, an: _Analyzer, lines: list[Line], title_index: int, body: list[Line],
                       header_dates: list[Line]) -> _dt.date:
    """Date lines of the header (dropped ones too), then the page near the headline, then the body."""
    body_number = body[0].number
    early = [l for l, reason in an.dropped_lines
             if l.number <= body_number and reason not in ("teaser repeated below", "after the related-articles list")]
    if title_index >= 0:
        early.append(lines[title_index])
    early.sort(key=lambda l: l.number)
    for candidate in (header_dates, early):
        if found := _first_date(candidate):
            return found
    if doc.page_text:
        page = doc.page_text.split("\n")
        key = normalize(lines[title_index].text) if title_index >= 0 else ""
        at = next((i for i, t in enumerate(page) if key and normalize(t) == key), None)
        if at is not None and (found := _first_date([Line(t) for t in page[max(0, at - 3):at + 9]])):
            return found
    later = sorted([l for l, reason in an.dropped_lines if reason == "date line"] + body, key=lambda l: l.number)
    if found := _first_date(later) or (_first_date([Line(t) for t in doc.page_text.split("\n")])
                                       if doc.page_text else None):
        return found
    raise ReleaseError("no date found in the text; pass --date YYYY-MM-DD", doc.path)


def _blocks(body: list[Line], lang: str, guess_headings: bool) -> list[Block]:
    info = get_locale(lang)
    blocks: list[Block] = []
    for line in body:
        if blocks and normalize(line.text) == normalize(blocks[-1].text) and line.kind != "heading":
            continue  # an image's alt text repeated as its caption
        block = _block(line)
        block.line = line.number
        if block.text:
            blocks.append(block)
    if guess_headings and info.sentence_end:
        structured = {line.number for line in body if line.structured}
        for index in range(len(blocks) - 2, -1, -1):
            block, nxt = blocks[index], blocks[index + 1]
            if (block.kind == "paragraph" and block.line not in structured and len(block.text) <= 60
                    and len(block.text.split()) <= 10 and not ends_sentence(block.text)
                    and not block.text.endswith((",", "，"))
                    and (nxt.kind == "heading" or (nxt.kind == "paragraph" and ends_sentence(nxt.text)
                                                   and len(nxt.text) > 1.3 * len(block.text)))):
                block.kind, block.level = "heading", 2
    return blocks


# UTF-8 read as Windows-1252 or Latin-1 ("â€™", "Ã©", "ï»¿"): damaged text, like U+FFFD.
_MOJIBAKE = re.compile(r"â€[\u0080-\u00bf\u0152-\u2122]|â€|Ã[\u0080-\u00bf]|ï»¿|Â[\u00a0-\u00bf]")


def _warnings(path: str, body: list[Line], blocks: list[Block], lang: str) -> list[str]:
    warnings: list[str] = []
    for line in body:
        if "\ufffd" in line.text:
            warnings.append(f"{path}:{line.number}: contains U+FFFD (characters lost in conversion); check the source")
        elif m := _MOJIBAKE.search(line.text):
            warnings.append(f"{path}:{line.number}: {m.group(0)!r} looks like UTF-8 text decoded as Windows-1252 "
                            "(mojibake); check the source")
    paragraphs = [b for b in blocks if b.kind in ("paragraph", "quote", "numbered")]
    if blocks and paragraphs and blocks[-1] is paragraphs[-1]:
        last = blocks[-1]
        stripped = last.text.rstrip()
        if stripped.endswith(("...", "…")) and len(stripped) > 40:
            warnings.append(f"{path}:{last.line}: the text ends with an ellipsis; the source may be truncated")
        elif get_locale(lang).sentence_end and not ends_sentence(stripped):
            tail = stripped[-30:]
            warnings.append(f"{path}:{last.line}: the text ends mid-sentence or mid-word (…{tail!r}); "
                            "the source may be truncated")
    return warnings
