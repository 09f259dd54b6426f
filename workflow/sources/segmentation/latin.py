"""English, Indonesian, Malay, Vietnamese and Filipino: pysbd plus press-release rules.

pysbd's English rules (the "golden rules") find the candidate boundaries for
all five languages: they share the Latin script and the kinds of abbreviation.
pysbd then cuts after abbreviations it does not know; :func:`_join` puts those
pieces back together with the tables below, one per language, plus rules for
times ("9 a.m. KST", "At 5 a.m. Mr. Kim"), inline enumerations ("(i) …; (ii) …")
and footnote markers. :func:`_extra_cuts` adds the boundaries pysbd never proposes: a
sentence-final abbreviation before a visible clause start ("mango etc. I want", "the U.S.A.
John saw"), a Roman numeral after a numbered noun ("Komisi X. Di sisi lain"), and a full stop
that lost its space in scraped text ("Mac ini.Pengerusi", not "Dr.Kim" or "msit.go.kr"). No cut
is ever made inside a domain name written without its scheme ("Kompas.Com", "kominfo.go.id",
"Antaranews.Com."): see :func:`_inside_domain`.

To teach a language a new abbreviation, add it (lowercase, without the dot) to
the right table: ``TITLES`` never end a sentence, ``BEFORE_NUMBER`` do not
when a number follows ("No. 5", "Oct. 31", "Ene. 15"), ``BEFORE_LOWER`` do not
when a lowercase word follows ("Inc. and", "et al. reported").
"""
from __future__ import annotations

import functools
import re

from workflow.sources.segmentation.core import LATIN_TITLES, Splitter, cuts_from_pieces, past_closers

_COMMON_TITLES = LATIN_TITLES | frozenset(
    # offices and ranks used before names in every one of these languages' press releases
    "cmdr pres supt vs sec usec asec dept bldg govt h.e hon dir mgr insp cong adm brig ltgen bgen mgen ltcol cpl"
    " gng kgg bb g".split()
)
#: Titles and abbreviations after which a sentence never ends, per language.
TITLES: dict[str, frozenset[str]] = {
    "en": _COMMON_TITLES | frozenset("fmr".split()),
    "id": _COMMON_TITLES | frozenset(
        # "Rp." is in BEFORE_NUMBER; PT./CV./UD. (company forms) come before the company's name
        "bpk bp sdr sdri jl jln kab kec kel prov drs dra ir hj hjh yth pk tgl kh ust pt cv ud tbk gd kav"
        " kol letkol mayjen brigjen letjen jend kapt kompol akbp kombes irjen inf arh czi pnb s.d a.n u.p"
        " tn ny nn sdn".split()
    ),
    "ms": _COMMON_TITLES | frozenset(
        "en pn tn cik yb yab ybhg yg yang dato datuk tpr ir hj hjh jln jl kg lot sdn sdr sdri"
        " kol mej kapt jen laks sjn kpl konst ts ar ybm yabhg".split()
    ),
    "vi": _COMMON_TITLES | frozenset("tp ts ths pgs gs bs ks cn p q tt tx kts ls tskh bsck ds ncs x h".split()),
    "fil": _COMMON_TITLES | frozenset(
        "atty engr arch brgy sto sta gob kgg gng bb ma pang"
        " pgen pltgen pmgen pbgen pcol pltcol pmaj pcapt plt pssg pmsg pcpl patr".split()
    ),
}
_MONTHS_EN = "jan feb mar apr jun jul aug sep sept oct nov dec"
#: Abbreviations that do not end a sentence when a number follows.
BEFORE_NUMBER: dict[str, frozenset[str]] = {
    lang: frozenset(
        f"no nos vol fig art sec para subpara cl ch p pp ref eq tab tel ext approx rm fl ste hlm tgl {_MONTHS_EN} {extra}"
        .split()
    )
    for lang, extra in {
        "en": "",
        "id": "mei agu agt ags okt des rp usd",  # "Rp. 10 juta"
        "ms": "mac mei ogo okt dis rp usd",
        "vi": "",
        "fil": "ene peb abr may hun hul ago set okt nob dis",
    }.items()
}
#: Company and name suffixes: they end a sentence only before a word that usually starts one.
_SUFFIXES = frozenset("inc corp ltd co jr sr bhd tbk plc llc".split())
_STARTERS = frozenset(
    """the a an this that these those it its he she they we i you our their his her there here in on at for
    from with by as after before during when while if but and or so yet however meanwhile also both all each
    many most some such no not one two three four five shares officials ministers
    dia ia mereka kami kita ini itu beliau ang si sina ito siya sila kami tôi chúng ông bà""".split()
)
#: Abbreviations that end a sentence unless a lowercase word (or a bracket) follows.
BEFORE_LOWER = frozenset(
    "approx bhd co corp inc ltd jr sr st etc al dll dsb dst min tbk ref refs eq tab dkk tsb".split()
)

# Time zones and words that go on after "a.m."/"p.m." ("9 a.m. KST").
_AFTER_TIME = frozenset(
    "kst jst utc gmt est edt cst pst wib wita wit ict pht myt sgt local seoul jakarta bangkok manila hanoi".split()
)
_TIME_END = re.compile(r"\b[ap]\.\s?m\.$", re.IGNORECASE)
# A piece that is nothing but a time adverbial: "At 5 a.m.", "By 10:30 p.m."
_TIME_ONLY = re.compile(
    r"^(?:at|by|from|until|till|before|after|around|since|about)?\s*\d{1,2}(?:[:.]\d{2})?\s?[ap]\.\s?m\.$",
    re.IGNORECASE,
)
# Enumeration markers inside a sentence: "(i)", "(b)", "2)".
_ENUM_START = re.compile(r"^\(?(?:[ivx]{1,4}|[a-z]|\d{1,2})\)\s")
_ENDS_SENTENCE = tuple(".!?…\"”’»)")
# Titles that are used alone to address someone ("Magandang umaga, Usec.").
_ADDRESSED = frozenset("usec sec asec atty".split())
_NAME_THEN_END = re.compile(r"^\S+[.!?,]")
_CREDIT = re.compile(r"^[–—-]{1,2}\s?\S+(?:\s\S+)?$")


# --- Boundaries pysbd does not propose (issue 12 trial, classes A-C) -------------------------

#: Abbreviations that may end a sentence: "mango etc. I want", "in the U.S.A. John saw".
_FINAL_ABBR = frozenset("etc dll dsb dst dli atbp inc ltd co corp bhd tbk plc llc".split())
# Dotted capitals of three letters or more ("U.S.A.", "P.R.C."); "U.S." is too often attributive.
_DOTTED_CAPS = re.compile(r"(?:[A-Z]\.){2,}[A-Z]")
#: Verbs after a name that show a clause begins ("John saw", "Dia berkata", "ông nói").
_CLAUSE_VERBS = frozenset(
    """said says saw sees was is are were has had have will would can could did does told added noted announced
    stated explained visited met went came became signed asked called wants want plans
    berkata mengatakan menyatakan menjelaskan menegaskan adalah akan telah sudah juga
    ay nagsabi sinabi nói cho là đã sẽ""".split()
)
#: Nouns numbered with Roman numerals: "Komisi X.", "Part II.", "Chapter XI.", "khóa XIII."
_NUMBERED = frozenset(
    """part chapter article section title volume vol book phase stage annex schedule grade level class war unit
    region division district round session act komisi bab pasal bagian jilid tahap fase kelas golongan angkatan
    kodam wilayah seksyen perkara bahagian fasa penggal kabanata seksiyon baitang rehiyon khóa phần chương điều
    mục kỳ đợt quân khu""".split()
)
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# "ini.Pengerusi": a lowercase letter, a full stop and a capitalised word, with no space.
_UNSPACED = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_]{2})")
_OPENING = "\"“‘'(["

#: Last labels of domain names written without a scheme ("Kompas.Com", "kominfo.go.id"): generic
#: top-level domains and the country codes of the project's languages.
_TLDS = frozenset(
    "com net org info biz edu gov mil int io tv news id my ph vn th kr la kh mm sg jp cn uk au eu".split()
)
# A whole token that looks like a domain: labels joined by dots, optional path, trailing punctuation.
_DOMAIN_TOKEN = re.compile(r"[\"“‘'(\[]*((?:[^\W_][\w-]*\.)+([^\W\d_]{2,}))(?:/\S*)?[.,;:!?)\]”’\"']*")


def _inside_domain(text: str, cut: int) -> bool:
    """Whether ``cut`` falls inside a domain name written without its scheme: "Kompas.|Com",
    "Antaranews.|Com.", "kominfo.|go.id" (any case). A cut after whitespace is never inside one."""
    if cut <= 0 or cut >= len(text) or text[cut - 1].isspace() or text[cut].isspace():
        return False
    start = max(text.rfind(c, 0, cut) for c in " \t\n") + 1
    end = len(text)
    for c in " \t\n":
        found = text.find(c, cut)
        if found != -1:
            end = min(end, found)
    match = _DOMAIN_TOKEN.fullmatch(text, start, end)
    return bool(match and match.group(2).lower() in _TLDS and cut < match.end(1))


def _numbered_roman(prev: str) -> bool:
    """Whether ``prev`` ends with a numbered noun and its Roman numeral: "… Komisi X.", "Part II."."""
    words = prev.split()
    if len(words) < 2 or not words[-1].endswith("."):
        return False
    numeral = words[-1][:-1]
    return bool(numeral and _ROMAN.fullmatch(numeral)) and words[-2].lower().strip(_OPENING) in _NUMBERED


def _clause_start(following: str, names: bool) -> bool:
    """Whether ``following`` visibly starts a clause: a capitalised pronoun or determiner
    ("I", "The", "Dia"), or (with ``names``) one to three capitalised names and a verb ("John saw")."""
    words = [w.strip(_OPENING + ",;:") for w in following.split(None, 4)]
    if not words or not words[0][:1].isupper():
        return False
    if words[0].lower() in _STARTERS:
        return True
    if not names:
        return False
    for count, word in enumerate(words):
        if word.lower() in _CLAUSE_VERBS and word[:1].islower():
            return count >= 1
        if not (word[:1].isupper() and word[1:2].islower()):
            return False
    return False


def _extra_cuts(lang: str, text: str) -> list[int]:
    """Boundaries pysbd misses: after a sentence-final abbreviation before a clause ("etc. I want"),
    after a numbered Roman numeral ("Komisi X. Di sisi lain"), and at a full stop that lost its
    space ("Mac ini.Pengerusi"); :func:`_join` still vetoes titles and the like."""
    cuts: list[int] = []
    for m in re.finditer(r"\.\s+(?=\S)", text):
        prev, following = text[:m.start() + 1], text[m.end():]
        word = prev.rsplit(None, 1)[-1].lstrip(_OPENING)[:-1]
        if word.lower() in _FINAL_ABBR or _DOTTED_CAPS.fullmatch(word):
            if _clause_start(following, names=not word[:1].isupper() or "." in word):
                cuts.append(m.end())
        elif _numbered_roman(prev) and following[:1].isupper():
            cuts.append(m.end())
    for m in _UNSPACED.finditer(text):
        word = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
        after = text[m.end():m.end() + 2]
        if not (text[m.start() - 1].islower() and after[0].isupper() and after[1].islower()):
            continue
        if any(c in word for c in ".@/:\\#") or len(word.lstrip(_OPENING)) < 2 or _title(lang, word.lstrip(_OPENING)):
            continue  # "e.g.The", a path or an address, "Dr.Kim", "Jl.Sudirman"
        if _inside_domain(text, m.end()):
            continue  # "Kompas.Com", "Antaranews.Com": a domain, not "ini.Pengerusi"
        cuts.append(m.end())
    return cuts


#: Verbs that attribute a quotation: "“…” said Kim.", "“…” Kata dia.", "“…” ông Hùng nói."
_QUOTATIVES = frozenset(
    """said says added asked noted stressed explained kata katanya ujar ujarnya ucap tutur tuturnya ungkap ungkapnya
    jelas jelasnya tambah tambahnya ani aniya sabi wika dagdag nói hỏi cho""".split()
)
_ATTRIBUTION = re.compile(r"^[^.!?]*[.!?]?")


def _attribution(prev: str, following: str) -> bool:
    """Whether ``following`` opens with the short attribution of the quotation ``prev`` ends with."""
    if not prev.endswith(("”", '"', "’", "»")):
        return False
    words = _ATTRIBUTION.match(following).group(0).split()  # type: ignore[union-attr]
    bare = [w.strip(",.!?;:").lower() for w in words]
    return 0 < len(words) <= 4 and (bare[0] in _QUOTATIVES or bare[-1] in _QUOTATIVES)


def _title(lang: str, word: str) -> bool:
    """'Dr.', 'GS.TS.', 'Min.' (capitalised: a minister; 'min.' is minutes)."""
    bare = word.lower()
    titles = TITLES[lang]
    return bare in titles or all(part in titles for part in bare.split(".")) or word == "Min"


def _join(lang: str, prev: str, following: str) -> bool:
    """Whether the cut between ``prev`` (the unit so far) and ``following`` is a false boundary."""
    if _numbered_roman(prev) and following[:1].isupper():
        return False  # "… Komisi X. Di sisi lain": a numeral, not an initial or "x." (xã)
    if _attribution(prev, following):
        return True  # no unit starts with the quoting verb: "“…” Kata dia.", "“…” ông Hùng nói."
    words = prev.split()
    word = words[-1].rstrip(")]”’\"'") if words else ""
    bare = word.lstrip("(\"“‘'[").rstrip(".")
    first = following[:1]
    if word.endswith(".") and bare:
        # "Magandang umaga, Usec." — a title after a comma is being addressed and may end the sentence.
        # ("…, Sec. Harry." is the title and its name, closing the sentence together.)
        vocative = (len(words) > 1 and words[-2].endswith(",") and bare.lower() in _ADDRESSED
                    and not _NAME_THEN_END.match(following))
        if _title(lang, bare) and not vocative:
            return True
        if bare.lower() in BEFORE_NUMBER[lang] and (first.isdigit() or first in "#(["):
            return True
        if bare.lower() in BEFORE_LOWER and (first.islower() or first in "[(" or first.isdigit()):
            return True
        if bare.lower() in _SUFFIXES and following.split(None, 1)[0].lower().strip("\"“'‘,") not in _STARTERS:
            return True  # "Acme Inc. USA is …", "King Jr. Day", but "& Co. It closed"
        if "." in bare and first.islower():
            return True  # "M.Sc. memberikan", "Ph.D. in"
    if _TIME_END.search(prev):
        next_word = following.split(None, 1)[0].strip(".,;:").lower() if following.strip() else ""
        if next_word in _AFTER_TIME or first.islower() or _TIME_ONLY.match(prev.strip()):
            return True
    if first in "&%":
        return True  # "Com. | & Adm.": no sentence starts with "&"
    # "namely, | (i) spectrum …; | (ii) …": pysbd's list rules cut inside a sentence.

    if _ENUM_START.match(following) and not prev.rstrip().endswith(_ENDS_SENTENCE):
        return True
    # "… selama ini. | – Bernama": a credit line after a dash belongs to its sentence.
    return bool(_CREDIT.match(following))


@functools.lru_cache(maxsize=None)
def _pysbd_segmenter():  # -> pysbd.Segmenter
    import pysbd  # imported here: loading its rules costs time not every command needs

    return pysbd.Segmenter(language="en", clean=False)


_CANDIDATE = re.compile(r"[.!?…][\"'”’»)\]]*\s")
# pysbd reads "-- … --" as a parenthetical and never cuts inside it, so two
# Yonhap datelines in one paragraph became one unit. ", " has the same length.
_DOUBLE_DASH = re.compile(r"(?<=\s)--(?=\s)")
_PYSBD_RESERVED = str.maketrans({c: "x" for c in "∯ȸ♨☝✂⎋ᓰᓱᓳᓴᓷᓸ"})
_FALLBACK = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


# pysbd's time grows with the square of its input (16 KB: 0.25 s, 64 KB: 2.6 s; 12 KB of
# "a. a. ...": 3.6 s): a longer chunk is given to it in windows of at most this many
# characters and possible boundaries, each ending at one, so segmenting stays linear in the
# chunk's length. Paragraphs of real releases fit in one window and are unaffected.
_PYSBD_WINDOW = 5000
_PYSBD_WINDOW_BOUNDARIES = 40


def _windows(text: str) -> list[int]:
    """Where the windows pysbd is given end: after a possible boundary (the last is ``len(text)``)."""
    ends = [m.end() for m in _CANDIDATE.finditer(text)]
    if len(text) <= _PYSBD_WINDOW and len(ends) <= _PYSBD_WINDOW_BOUNDARIES:
        return [len(text)]
    out: list[int] = []
    start = index = 0
    while start < len(text):
        while index < len(ends) and ends[index] <= start:
            index += 1
        end = len(text)
        if start + _PYSBD_WINDOW < len(text) or len(ends) - index > _PYSBD_WINDOW_BOUNDARIES:
            best, taken = None, 0
            while index < len(ends) and ends[index] <= start + _PYSBD_WINDOW and taken < _PYSBD_WINDOW_BOUNDARIES:
                best, index, taken = ends[index], index + 1, taken + 1
            end = best or (ends[index] if index < len(ends) else len(text))
        out.append(end)
        start = end
    return out


def _pysbd_cuts(probe: str) -> list[int]:
    """pysbd's sentence starts in ``probe``, asked window by window (a window edge is a possible
    boundary: :func:`_join` mends it like any other cut)."""
    segment = _pysbd_segmenter().segment
    cuts: list[int] = []
    start = 0
    for end in _windows(probe):
        window = probe[start:end]
        try:
            pieces = segment(window)
        except Exception:  # pysbd has crashed on odd input before: fall back to the plain rule
            pieces = _FALLBACK.split(window)
        cuts += [start + cut for cut in cuts_from_pieces(window, pieces)]
        if end < len(probe):
            cuts.append(end)
        start = end
    return cuts


def latin_cuts(lang: str, text: str) -> list[int]:
    """Cut offsets of one chunk of English, Indonesian, Malay, Vietnamese or Filipino."""
    if not _CANDIDATE.search(text):
        # fast path: no possible boundary, skip pysbd
        return [c for c in _extra_cuts(lang, text)
                if not _inside_domain(text, c) and not _join(lang, text[:c].strip(), text[c:])]
    # pysbd uses these characters as its own placeholders: in the text they break it.
    probe = _DOUBLE_DASH.sub(", ", text).translate(_PYSBD_RESERVED)
    cuts = [past_closers(text, c) for c in _pysbd_cuts(probe)] + _extra_cuts(lang, text)
    kept: list[int] = []
    start = 0
    for cut in sorted(set(cuts)):
        if cut <= start or cut >= len(text) or _inside_domain(text, cut):
            continue
        if _join(lang, text[start:cut].strip(), text[cut:].lstrip()):
            continue
        kept.append(cut)
        start = cut
    return kept


def cutter(lang: str) -> Splitter:
    """The splitter of one Latin-script language."""
    return functools.partial(latin_cuts, lang)
