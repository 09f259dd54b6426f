"""Merging a PO catalog with its template the way ``msgmerge --previous`` (GNU gettext 0.21) does.

A port of ``msgmerge.c`` (``match_domain``, ``message_merge``, the obsolete pass) on our model:

* every template entry, in template order, takes the translation of the PO entry with the
  same msgctxt+msgid (active or obsolete); else of the most similar translated PO entry
  (``fstrcmp`` similarity > 0.6 on the UTF-8 bytes of the msgid, a bonus of 0.00001 for the
  same context or none; candidates are entries whose first form is translated, obsolete ones
  included, found as msgmerge's fuzzy index finds them: sharing a 4-character sequence with
  the msgid, tried by how many they share, or for msgids under 4 characters of a fitting length),
  marked fuzzy with ``#|`` what it was translated from; else it is new and untranslated;
* comments: ``#`` from the PO, ``#.`` and ``#:`` from the template; flags: fuzzy from the PO,
  format/range/wrap flags from the template; an entry becomes fuzzy when its msgid_plural
  changed, when it gains or loses a plural (one form copied into every form, or the first
  form kept), when a format flag the template adds makes the translation fail
  ``msgfmt -c``, or when a ``range`` it relied on changed;
* ``#|`` previous strings are kept only on fuzzy, translated entries;
* PO entries the template no longer has become obsolete (``#~``, without ``#.`` and ``#:``);
  those whose first form is empty are not written (msgcat's rule), so they are *dropped*;
* the header keeps the PO's fields, takes ``Report-Msgid-Bugs-To`` and ``POT-Creation-Date``
  from the template, puts the ten standard fields first in their standard order and every
  other line (repeated ``X-`` fields, lines without a colon) after them as they were.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

import workflow.catalogs.formats as formats
from workflow.catalogs.model import Catalog, Entry, _key, is_fuzzy
from workflow.catalogs.plurals import PluralForms, PluralFormsError, parse_plural_forms

__all__ = ["MergeStats", "merge_catalog", "merge_header"]

FUZZY_THRESHOLD = 0.6     # msgmerge's FUZZY_THRESHOLD


@dataclass
class MergeStats:
    """What a merge did, in entries (the header is not counted)."""

    kept: int = 0        # same msgctxt+msgid: translation carried over
    added: int = 0       # new, untranslated
    fuzzy: int = 0       # new msgid matched to a similar old one: old translation, marked fuzzy
    reshaped: int = 0    # same msgid, made fuzzy: its plural shape/msgid_plural changed, or a new format flag or
                         # range the translation fails
    obsoleted: int = 0   # translated entries no longer in the template (now #~)
    restored: int = 0    # obsolete entries whose msgid came back
    dropped: int = 0     # untranslated entries no longer in the template (removed, as msgmerge does)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.fuzzy or self.reshaped or self.obsoleted or self.restored or self.dropped)


# -- header ---------------------------------------------------------------------------

_KNOWN_FIELDS = ("Project-Id-Version:", "Report-Msgid-Bugs-To:", "POT-Creation-Date:", "PO-Revision-Date:",
                 "Last-Translator:", "Language-Team:", "Language:", "MIME-Version:", "Content-Type:",
                 "Content-Transfer-Encoding:")


def _field_from(template: str, name: str) -> str | None:
    """msgmerge's ``c_strstr`` lookup: the value after the first ``name`` anywhere, with its newline."""
    at = template.find(name)
    if at < 0:
        return None
    rest = template[at + len(name):]
    end = rest.find("\n")
    return rest + "\n" if end < 0 else rest[:end + 1]


#: gettext's English language names (lang-table.c) where they differ from CLDR's (Babel), and its variants.
_GETTEXT_LANGUAGE_NAMES = {
    "Achinese": "ace", "Mapudungun": "arn", "Bihari": "bh", "Bengali": "bn", "Fulah": "ff", "Haitian": "ht",
    "Inupiak": "ik", "Hyam": "jab", "Kagoma": "kdm", "Central Khmer": "km", "Kirghiz": "ky",
    "Letzeburgesch": "lb", "Laotian": "lo", "Maori": "mi", "Moldavian": "mo", "Mayan": "myn", "Nahuatl": "nah",
    "Norwegian Bokmal": "nb", "Low Saxon": "nds", "(Afan) Oromo": "om", "Oriya": "or", "Ossetian": "os",
    "Páez": "pbb", "Kirundi": "rn", "Siswati": "ss", "Sesotho": "st", "Setswana": "tn", "Tonga": "to",
    "Uighur": "ug", "Volapuk": "vo", "Walamo": "wal", "Sorbian": "wen", "Austrian": "de_AT",
    "English (British)": "en_GB", "Argentinian": "es_AR", "Spanish (Canary Islands)": "es_IC",
    "Brazilian Portuguese": "pt_BR", "Chinese (simplified)": "zh_CN", "Chinese (Hong Kong)": "zh_HK",
    "Chinese (traditional)": "zh_TW",
}


#: The language codes of gettext's table (lang-table.c, ISO 639): msgmerge knows no other.
_GETTEXT_LANGUAGES = (
    "aa ab ace ae af ak am an ang ar arn as ast av awa ay az ba bal ban be bej bem bg bh bho bi bik bin "
    "bm bn bo br bs bug ca ce ceb ch co cr crh cs csb cu cv cy da de din doi dsb dv dz ee el en eo es et "
    "eu fa ff fi fil fj fo fon fr fur fy ga gd gl gn gon gsw gu gv ha he hi hil hmn ho hr hsb ht hu hy hz "
    "ia id ie ig ii ik ilo is it iu ja jab jv ka kab kaj kam kbd kcg kdm kg ki kj kk kl km kmb kn ko kr "
    "kru ks ku kv kw ky kok la lb lg li ln lo lt lu lua luo lv mad mag mai mak man men mg mh mi min mk ml "
    "mn mni mo moh mos mr ms mt mwr my myn na nap nah nb nd nds ne ng nl nn no nr nso nv ny nym nyn oc oj "
    "om or os pa pag pam pap pbb pi pl ps pt qu raj rm rn ro ru rw sa sah sas sat sc scn sd se sg shn si "
    "sid sk sl sm sma smj smn sms sn so sq sr srr ss st su suk sus sv sw ta te tem tet tg th ti tiv tk tl "
    "tn to tr ts tt tum tw ty ug uk umb ur uz ve vi vo wal war wen wo xh yao yi yo za zh zu zap "
).split()


@functools.cache
def _language_codes() -> dict[str, str]:
    """English language name -> code, as msgmerge looks a ``Language-Team`` up."""
    from babel import Locale

    names = Locale("en").languages
    codes: dict[str, str] = {}
    for code in _GETTEXT_LANGUAGES:
        if code in names:
            codes.setdefault(names[code], code)
    codes.update(_GETTEXT_LANGUAGE_NAMES)
    return codes


def _language_from_team(team: str) -> str:
    """msgmerge's guess of the ``Language`` value from ``Language-Team`` (" \\n" when unknown)."""
    team = team.strip(" \t")   # the newline stays: only a trimmed URL/e-mail word lets a name match
    cut = max(team.rfind(" "), team.rfind("\t")) + 1
    last = team[cut:]
    if last and (last.startswith("<") or last.endswith(">") or "@" in team or "/" in team):
        team = team[:cut].rstrip(" \t")
    code = _language_codes().get(team)
    return f" {code}\n" if code else " \n"


def merge_header(po_text: str, pot_text: str) -> str:
    """The merged header msgstr (msgmerge's ``message_merge`` for the header entry)."""
    fields: list[str | None] = [None] * len(_KNOWN_FIELDS)
    unknown = ""
    for line in po_text.split("\n")[:-1] if po_text.endswith("\n") else po_text.split("\n"):
        line += "\n"
        lower = line.lower()
        for i, name in enumerate(_KNOWN_FIELDS):
            if lower.startswith(name.lower()):
                fields[i] = line[len(name):]
                break
        else:
            unknown += line
    if fields[6] is None and fields[5] is not None:   # no Language: msgmerge derives it from Language-Team
        fields[6] = _language_from_team(fields[5])
    for i in (1, 2):
        value = _field_from(pot_text, _KNOWN_FIELDS[i])
        if value is not None:
            fields[i] = value
    return "".join(name + value for name, value in zip(_KNOWN_FIELDS, fields) if value is not None) + unknown


# -- entries ----------------------------------------------------------------------------


def _forms(entry: Entry) -> list[str]:
    """The msgstr forms (one for a singular entry)."""
    if entry.msgid_plural:
        plural = entry.msgstr_plural or {}
        return [plural[k] for k in sorted(plural, key=int)] or [""]
    return [entry.msgstr or ""]


def _first(entry: Entry) -> str:
    return _forms(entry)[0]


_RANGE_RE = re.compile(r"range: *(\d+)\.\.(\d+)")
_SYNTAX_FLAGS = ("ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode")


def _range(flags: list[str]) -> tuple[int, int] | None:
    for flag in flags:
        m = _RANGE_RE.fullmatch(flag)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def _template_flags(flags: list[str]) -> list[str]:
    """The flags msgmerge takes from the template: format, range, wrap and syntax-check flags."""
    out = []
    for flag in flags:
        if flag == "fuzzy":
            continue
        base = flag
        for prefix in ("no-", "possible-", "impossible-"):
            if base.startswith(prefix):
                base = base[len(prefix):]
        if ((base.endswith("-format") and base[:-7] in formats.FORMATS) or _RANGE_RE.fullmatch(flag)
                or base == "wrap" or base in _SYNTAX_FLAGS):
            out.append(flag)
    return out


_CHARSET_RE = re.compile(r"charset=([^ \t\n]*)")   # msgmerge: the first "charset=" of the header, to a blank
_SHORT = 3                            # msgids of fewer than 4 characters are looked up by length
_SHORT_MSG_MAX = 28                   # msgl-fsearch.c: longest msgid (bytes) in the by-length lists
_LENGTH_RATIO = 2 / FUZZY_THRESHOLD - 1


class _FuzzyIndex:
    """msgl-fsearch.c's index: which candidates msgmerge tries for a msgid, in its order."""

    def __init__(self, msgids: list[str], sizes: list[int]) -> None:
        self.grams: dict[str, list[int]] = {}
        self.by_size: dict[int, list[int]] = {}
        for j, (text, size) in enumerate(zip(msgids, sizes)):
            for k in range(len(text) - _SHORT):
                found = self.grams.setdefault(text[k:k + 4], [])
                if not found or found[-1] != j:
                    found.append(j)
            if size <= _SHORT_MSG_MAX:
                self.by_size.setdefault(size, []).append(j)

    def order(self, msgid: str, size: int) -> list[int]:
        """Candidates (indexes) for ``msgid`` of ``size`` UTF-8 bytes: sharing a 4-gram, most shared
        first (then in file order); for a shorter msgid those of a length that could reach 0.6."""
        if len(msgid) > _SHORT:
            counts: dict[int, int] = {}
            for k in range(len(msgid) - _SHORT):
                for j in self.grams.get(msgid[k:k + 4], ()):
                    counts[j] = counts.get(j, 0) + 1
            return sorted(counts, key=lambda j: (-counts[j], j))
        low, high = math.ceil(size / _LENGTH_RATIO), int(size * _LENGTH_RATIO)
        return [j for length in range(low, high + 1) for j in self.by_size.get(length, ())]


def _similarity(a: bytes, b: bytes) -> float:
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    return (total - Indel.distance(a, b)) / total


def _merge_entry(old: Entry, tmpl: Entry, force_fuzzy: bool, plural: PluralForms | None) -> tuple[Entry, int]:
    """msgmerge's ``message_merge``; also returns 1 (template plural, old singular), 2 (the reverse) or 0."""
    forms = _forms(old)
    if is_fuzzy(old):
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural or None)
    new = Entry(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                occurrences=list(tmpl.occurrences), comment=tmpl.comment, tcomment=old.tcomment,
                obsolete=bool(tmpl.obsolete))
    new._pf_tcomment_lines = getattr(old, "_pf_tcomment_lines", None)
    new._pf_comment_lines = getattr(tmpl, "_pf_comment_lines", None)
    if tmpl.msgid_plural:
        new.msgstr_plural = dict(enumerate(forms))
    else:
        new.msgstr = forms[0] if len(forms) == 1 else "\0".join(forms)   # postprocessed below
    fuzzy = is_fuzzy(old) or force_fuzzy
    if not fuzzy and (tmpl.msgid_plural or None) != (old.msgid_plural or None):
        fuzzy = True
    tmpl_formats, old_formats = formats.formats_of(tmpl.flags), formats.formats_of(old.flags)
    for language in sorted(tmpl_formats - old_formats):
        if not fuzzy and formats.check_format(language, tmpl.msgid, tmpl.msgid_plural or None, forms,
                                              plural.often if plural else None):
            fuzzy = True
    old_range, new_range = _range(old.flags), _range(tmpl.flags)
    if not fuzzy and old_range and not (new_range and new_range[0] >= old_range[0] and new_range[1] <= old_range[1]):
        fuzzy = True
    new.flags = (["fuzzy"] if fuzzy else []) + _template_flags(tmpl.flags)
    new.previous_msgctxt, new.previous_msgid, new.previous_msgid_plural = previous
    shape = 0
    if tmpl.msgid_plural and not old.msgid_plural:
        shape = 1
    elif not tmpl.msgid_plural and old.msgid_plural:
        shape = 2
    return new, shape


def merge_catalog(po: Catalog, pot: Catalog) -> MergeStats:
    """Update ``po`` in place from template ``pot`` as ``msgmerge --previous`` does; see MergeStats."""
    stats = MergeStats()
    header = po.header_text
    try:
        plural: PluralForms | None = parse_plural_forms(header) if header is not None else None
    except PluralFormsError:
        plural = None
    nplurals = plural.nplurals if plural is not None else _default_nplurals(header)
    old_entries = list(po._entries)
    by_key = {_key(e): e for e in old_entries}
    candidates = [(e, e.msgid.encode("utf-8"), e.msgctxt) for e in old_entries if _first(e) != ""]
    index = _FuzzyIndex([c[0].msgid for c in candidates], [len(c[1]) for c in candidates])
    used: set[int] = set()
    merged: list[tuple[Entry, int]] = []
    exact: list[tuple[Entry, bool]] = []     # same msgctxt+msgid, active before: (result, was fuzzy)
    for tmpl in pot._entries:
        if tmpl.msgid == "" and tmpl.msgctxt is None:
            continue
        old = by_key.get(_key(tmpl))
        if old is not None:
            entry, shape = _merge_entry(old, tmpl, False, plural)
            used.add(id(old))
            if old.obsolete:
                stats.restored += 1
            else:
                exact.append((entry, is_fuzzy(old)))
            merged.append((entry, shape))
            continue
        best, best_weight = None, FUZZY_THRESHOLD
        wanted = tmpl.msgid.encode("utf-8")
        for j in index.order(tmpl.msgid, len(wanted)):
            candidate, msgid, msgctxt = candidates[j]
            bonus = 0.00001 if msgctxt is None or msgctxt == tmpl.msgctxt else 0.0
            weight = _similarity(wanted, msgid) + bonus
            if weight > best_weight:
                best, best_weight = candidate, weight
        if best is not None:
            entry, shape = _merge_entry(best, tmpl, True, plural)
            used.add(id(best))
            stats.fuzzy += 1
            merged.append((entry, shape))
            continue
        entry = Entry(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                      occurrences=list(tmpl.occurrences), comment=tmpl.comment, tcomment=tmpl.tcomment,
                      flags=list(tmpl.flags), obsolete=bool(tmpl.obsolete))
        entry._pf_comment_lines = getattr(tmpl, "_pf_comment_lines", None)
        entry._pf_tcomment_lines = getattr(tmpl, "_pf_tcomment_lines", None)
        forms = _forms(tmpl)
        if tmpl.msgid_plural:
            if not any(forms):
                forms = [""] * nplurals
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = forms[0]
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = (
            tmpl.previous_msgctxt, tmpl.previous_msgid, tmpl.previous_msgid_plural)
        stats.added += 1
        merged.append((entry, 0))
    new_header = merge_header(header, pot.header_text or "") if header is not None else None
    try:
        result_plural = parse_plural_forms(new_header) if new_header is not None else None
        result_nplurals = result_plural.nplurals if result_plural else _default_nplurals(new_header)
    except PluralFormsError:
        result_nplurals = _default_nplurals(new_header)
    result: list[Entry] = []
    for entry, shape in merged:
        if shape == 1 and result_nplurals > 0:
            form = "".join(_forms(entry)[:1]) if entry.msgstr_plural else entry.msgstr
            entry.msgstr_plural = {i: form for i in range(result_nplurals)}
            entry.msgstr = ""
            _set_fuzzy_flag(entry)
        elif shape == 2:
            parts = (entry.msgstr or "").split("\0")
            if len(parts) > 1:
                entry.msgstr = parts[0]
                _set_fuzzy_flag(entry)
        if not is_fuzzy(entry) or _first(entry) == "":
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        result.append(entry)
    for entry, was_fuzzy in exact:   # reshaped: made fuzzy by this merge (plural shape, format, range)
        if is_fuzzy(entry) and not was_fuzzy:
            stats.reshaped += 1
        else:
            stats.kept += 1
    for old in old_entries:
        if id(old) in used:
            continue
        translated = _first(old) != ""
        if not old.obsolete:
            if translated:
                stats.obsoleted += 1
            else:
                stats.dropped += 1
        if not translated:
            continue
        old.obsolete = True
        old.occurrences = []
        old.comment = ""
        old._pf_comment_lines = []
        result.append(old)
    po.pofile[:] = result
    po.reindex()
    if new_header is not None:
        charset = _CHARSET_RE.search(new_header)
        template = _CHARSET_RE.search(pot.header_text or "")
        if charset and template and template.group(1).upper() == "UTF-8":
            # msgmerge converts the PO to the template's UTF-8 and names it so ("utf-8" too)
            new_header = new_header[:charset.start(1)] + "UTF-8" + new_header[charset.end(1):]
            po.encoding, po.charset = "utf-8", "UTF-8"
        po.header_text = new_header
    return stats


def _set_fuzzy_flag(entry: Entry) -> None:
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def _default_nplurals(header: str | None) -> int:
    """msgmerge's nplurals when Plural-Forms is missing or unusable: the number it names, else 2."""
    m = re.search(r"nplurals=\s*(\d+)", header or "")
    return int(m.group(1)) if m else 2
