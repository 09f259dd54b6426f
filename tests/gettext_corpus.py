"""Generated PO material for the differential tests against GNU gettext (issue 14).

* :func:`generate_bad`: PO files of every kind ``msgfmt -c`` rejects (broken or swapped
  format directives, a Korean c-format mismatch in msgstr[0], newline mismatches, more or
  fewer forms than nplurals, nplurals=0/abc, bad plural expressions, duplicates between
  active and obsolete entries, empty and header-less files...) and near misses it accepts
  (positional reordering, fuzzy/untranslated/obsolete broken entries, no-*-format flags).
  File names start with the kind; ``ok_`` kinds are accepted.
* :func:`generate_merges`: random (PO, POT) pairs for ``msgmerge --previous``: contexts,
  plurals, obsolete entries, flags, ``#|``, similar msgids (fuzzy matches), singular/plural
  shape changes, header fields (repeated, free lines, missing Plural-Forms).

Deterministic for a given seed; nothing here depends on GNU gettext.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

WORDS = {
    "ko": ["파일", "삭제", "완료", "사용자", "보고서", "기관", "장관", "발표"],
    "vi": ["tệp", "xóa", "người dùng", "báo cáo", "đã", "trong", "mới"],
    "th": ["ไฟล์", "ลบ", "ผู้ใช้", "รายงาน", "ใหม่", "ใน"],
    "fil": ["file", "tinanggal", "gumagamit", "ulat", "bago", "sa"],
    "de": ["Datei", "gelöscht", "Benutzer", "Bericht", "neu", "in"],
}
EN = ["file", "deleted", "user", "report", "new", "in", "the", "of", "ministry", "press", "release"]
PLURAL_FORMS = {
    "ko": "nplurals=1; plural=0;", "vi": "nplurals=1; plural=0;", "th": "nplurals=1; plural=0;",
    "fil": "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9));",
    "de": "nplurals=2; plural=(n != 1);",
}


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


class Po:
    """A small PO file under construction."""

    def __init__(self, rng: random.Random, lang: str | None = None, plural_forms: str | None = "",
                 header: bool = True, header_extra: str = ""):
        self.rng = rng
        self.lang = lang or rng.choice(list(WORDS))
        self.blocks: list[str] = []
        if header:
            pf = PLURAL_FORMS[self.lang] if plural_forms == "" else plural_forms
            lines = ["Project-Id-Version: demo 1.0", "PO-Revision-Date: 2024-01-02 00:00+0000",
                     "Last-Translator: T <t@example.org>", "Language-Team: none", f"Language: {self.lang}",
                     "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                     "Content-Transfer-Encoding: 8bit"]
            if pf is not None:
                lines.append(f"Plural-Forms: {pf}")
            body = "".join(f'"{esc(line)}\\n"\n' for line in lines) + header_extra
            self.blocks.append('msgid ""\nmsgstr ""\n' + body)
        self.n = 0

    @property
    def nplurals(self) -> int:
        return 1 if self.lang in ("ko", "vi", "th") else 2

    def words(self, k: int = 3) -> str:
        return " ".join(self.rng.choice(WORDS[self.lang]) for _ in range(k))

    def en(self, k: int = 3) -> str:
        self.n += 1
        return " ".join(self.rng.choice(EN) for _ in range(k)) + f" {self.n}"

    def add(self, msgid: str, msgstr: str | list[str], *, plural: str | None = None, flags: str = "",
            ctx: str | None = None, obsolete: bool = False) -> None:
        p = "#~ " if obsolete else ""
        out = f"#, {flags}\n" if flags else ""
        if ctx is not None:
            out += f'{p}msgctxt "{esc(ctx)}"\n'
        out += f'{p}msgid "{esc(msgid)}"\n'
        if plural is not None:
            out += f'{p}msgid_plural "{esc(plural)}"\n'
            forms = msgstr if isinstance(msgstr, list) else [msgstr] * self.nplurals
            out += "".join(f'{p}msgstr[{i}] "{esc(f)}"\n' for i, f in enumerate(forms))
        else:
            out += f'{p}msgstr "{esc(msgstr if isinstance(msgstr, str) else msgstr[0])}"\n'
        self.blocks.append(out)

    def filler(self, k: int = 3) -> None:
        for _ in range(k):
            self.add(self.en(), self.words())

    def text(self) -> str:
        return "\n".join(self.blocks)


Kind = Callable[[random.Random], str]
KINDS: dict[str, Kind] = {}


def kind(name: str) -> Callable[[Kind], Kind]:
    def register(func: Kind) -> Kind:
        KINDS[name] = func
        return func
    return register


# -- rejected kinds --------------------------------------------------------------------------

@kind("c_format_swapped")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.filler()
    po.add(f"Deleted %d {po.en(1)} in %s", f"{po.words(1)} %s {po.words(1)} %d", flags="c-format")
    po.filler()
    return po.text()


@kind("c_format_missing")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"%s: %lu {po.en(2)}", f"{po.words(2)} %lu", flags="c-format")
    return po.text()


@kind("c_format_broken")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"{po.en(2)} %5.2f%%", f"{po.words(2)} %5.2", flags="c-format")
    return po.text()


@kind("python_format_broken")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"Latest %(app_name)s {po.en(1)}", f"{po.words(2)} %(app_name)", flags="python-format")
    return po.text()


@kind("python_format_swapped")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"%s {po.en(1)} %d", f"%d {po.words(1)} %s", flags="python-format")
    return po.text()


@kind("python_format_renamed")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"%(count)d {po.en(1)} %(name)s", f"%(count)d {po.words(1)} %(nom)s", flags="python-format")
    return po.text()


@kind("python_brace_missing")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"{{user}} {po.en(1)} {{count}}", f"{{user}} {po.words(2)}", flags="python-brace-format")
    return po.text()


@kind("plural_c_mismatch_form0")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="ko")
    po.add(f"%d {po.en(1)}", [f"{po.words(1)} %s개"], plural=f"%d {po.en(1)}s", flags="c-format")
    return po.text()


@kind("plural_c_mismatch_strict_form")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de")
    po.add(f"%d {po.en(1)}", [f"eine {po.words(1)}", f"{po.words(1)} %s"], plural=f"%d {po.en(1)}s",
           flags="c-format")
    return po.text()


@kind("newline_trailing")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(po.en() + "\n", po.words())
    return po.text()


@kind("newline_leading")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add("\n" + po.en(), po.words())
    return po.text()


@kind("newline_trailing_plural_form")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de")
    po.add(po.en() + "\n", [po.words() + "\n", po.words()], plural=po.en() + "\n")
    return po.text()


@kind("more_forms_than_nplurals")
def _(rng: random.Random) -> str:
    po = Po(rng, lang=rng.choice(["ko", "vi", "th"]))
    po.add(po.en(), [po.words(), po.words()], plural=po.en())
    return po.text()


@kind("fewer_forms_than_nplurals")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de")
    po.add(po.en(), [po.words()], plural=po.en())
    return po.text()


@kind("nplurals_zero")
def _(rng: random.Random) -> str:
    po = Po(rng, plural_forms="nplurals=0; plural=0;")
    po.filler()
    return po.text()


@kind("nplurals_not_a_number")
def _(rng: random.Random) -> str:
    po = Po(rng, plural_forms=rng.choice(["nplurals=abc; plural=0;", "nplurals=; plural=0;",
                                          "nplurals=INTEGER; plural=EXPRESSION;"]))
    po.filler()
    return po.text()


@kind("plural_expression_invalid")
def _(rng: random.Random) -> str:
    po = Po(rng, plural_forms=rng.choice(["nplurals=2; plural=n !! 1;", "nplurals=2; plural=(n > 1;",
                                          "nplurals=2; plural=n/0;", "nplurals=2; plural=n-2;",
                                          "nplurals=2; plural=n%3;"]))
    po.filler()
    return po.text()


@kind("plural_header_missing_attribute")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de", plural_forms=rng.choice([None, "nplurals=2;", "plural=(n != 1);"]))
    po.add(po.en(), [po.words(), po.words()], plural=po.en())
    return po.text()


@kind("duplicate_active_obsolete")
def _(rng: random.Random) -> str:
    po = Po(rng)
    msgid = po.en()
    po.add(msgid, po.words())
    po.filler(2)
    po.add(msgid, po.words(), obsolete=True)
    return po.text()


@kind("duplicate_obsolete_obsolete")
def _(rng: random.Random) -> str:
    po = Po(rng)
    msgid = po.en()
    po.filler(2)
    po.add(msgid, po.words(), obsolete=True)
    po.add(msgid, po.words(), obsolete=True)
    return po.text()


@kind("duplicate_active")
def _(rng: random.Random) -> str:
    po = Po(rng)
    msgid, ctx = po.en(), rng.choice([None, "menu"])
    po.add(msgid, po.words(), ctx=ctx)
    po.add(msgid, po.words(), ctx=ctx)
    return po.text()


@kind("empty_file")
def _(rng: random.Random) -> str:
    return rng.choice(["", "\n", "  \n\t\n", "\n\n\n"])


@kind("comments_only")
def _(rng: random.Random) -> str:
    return "# just a comment\n#, fuzzy\n"


@kind("no_header")
def _(rng: random.Random) -> str:
    po = Po(rng, header=False)
    po.filler()
    return po.text()


@kind("untranslated_header")
def _(rng: random.Random) -> str:
    po = Po(rng, header=False)
    po.blocks.append('msgid ""\nmsgstr ""\n')
    po.filler()
    return po.text()


# -- accepted near misses ----------------------------------------------------------------------

@kind("ok_positional_reorder")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"%1$s {po.en(1)} %2$d", f"%2$d {po.words(1)} %1$s", flags="c-format")
    po.add(f"%(a)s {po.en(1)} %(b)d", f"%(b)d {po.words(1)} %(a)s", flags="python-format")
    po.add(f"{{a}} {po.en(1)} {{b}}", f"{{b}} {po.words(1)} {{a}}", flags="python-brace-format")
    return po.text()


@kind("ok_fuzzy_or_untranslated_broken")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de")
    po.add(f"%d {po.en(1)} %s", f"%s {po.words(1)}", flags="fuzzy, c-format")
    po.add(po.en() + "\n", po.words(), flags="fuzzy")
    po.add(f"%d {po.en(1)}", ["", "%s x"], plural=f"%d {po.en(1)}s", flags="c-format")
    po.add(f"%d {po.en(1)}", [f"{po.words(1)}", f"%d {po.words(1)}"], plural=f"%d {po.en(1)}s", flags="c-format")
    return po.text()


@kind("ok_obsolete_broken")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.filler(2)
    po.add(f"%d {po.en(1)} %s", f"%s {po.words(1)}", flags="c-format", obsolete=True)
    po.add(po.en() + "\n", po.words(), obsolete=True)
    return po.text()


@kind("ok_no_format_flag")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.add(f"%d {po.en(1)} %s", f"%s {po.words(1)} %d")
    po.add(f"%d {po.en(1)} %s", f"%s {po.words(1)} %d", flags="no-c-format")
    po.add(f"{{a}} {po.en(1)}", f"{po.words(1)}", flags="no-python-brace-format")
    return po.text()


@kind("ok_plurals_header_without_plural_entries")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="de", plural_forms=None)
    po.filler()
    return po.text()


@kind("ok_fuzzy_header")
def _(rng: random.Random) -> str:
    po = Po(rng)
    po.blocks[0] = "#, fuzzy\n" + po.blocks[0]
    po.filler()
    return po.text()


@kind("ok_untranslated_plural_in_ko")
def _(rng: random.Random) -> str:
    po = Po(rng, lang="ko")
    po.add(f"%d {po.en(1)}", ["", ""], plural=f"%d {po.en(1)}s", flags="c-format")
    po.add(f"%d {po.en(1)}", [f"{po.words(1)} %d개"], plural=f"%d {po.en(1)}s", flags="c-format")
    return po.text()


def generate_bad(directory: Path, per_kind: int = 3, seed: int = 14) -> list[Path]:
    """Write ``per_kind`` files of every kind into ``directory``; their paths."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in KINDS.items():
        for i in range(per_kind):
            path = directory / f"{name}-{i}.po"
            path.write_text(make(rng), encoding="utf-8")
            paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# msgmerge pairs

BASE = ["Open the file", "Save the report", "Delete the user", "Press release", "Ministry of Science",
        "New message", "Close window", "Print page", "Send e-mail", "Search results", "Upload image",
        "Download data", "Edit profile", "Log out", "Sign in", "Settings saved", "Network error",
        "Unknown error", "Try again", "Cancel"]
TR = ["Mở tệp", "Lưu báo cáo", "Xóa người dùng", "Thông cáo báo chí", "Bộ Khoa học", "Tin nhắn mới",
      "Đóng cửa sổ", "In trang", "Gửi thư", "Kết quả tìm kiếm", "파일 열기", "보고서 저장", "사용자 삭제"]
CTX = [None, None, None, "menu", "toolbar"]
FLAGS = ["", "", "c-format", "python-format", "no-wrap", "c-format, no-wrap", "range: 1..5"]


def block(e: dict, obsolete: bool = False, template: bool = False) -> str:
    p = "#~ " if obsolete else ""
    out = ""
    if e.get("tc") and not template:
        out += "".join(f"# {l}\n" for l in e["tc"])
    if e.get("ec"):
        out += "".join(f"#. {l}\n" for l in e["ec"])
    if e.get("refs") and not obsolete:
        out += "#: " + " ".join(e["refs"]) + "\n"
    flags = [f for f in [("fuzzy" if e.get("fuzzy") else ""), e.get("flags", "")] if f]
    if flags:
        out += "#, " + ", ".join(flags) + "\n"
    for k in ("pctx", "pid", "ppl"):
        if e.get(k) is not None:
            name = {"pctx": "msgctxt", "pid": "msgid", "ppl": "msgid_plural"}[k]
            out += f'{"#~| " if obsolete else "#| "}{name} "{esc(e[k])}"\n'
    if e.get("ctx") is not None:
        out += f'{p}msgctxt "{esc(e["ctx"])}"\n'
    out += f'{p}msgid "{esc(e["id"])}"\n'
    if e.get("pl") is not None:
        out += f'{p}msgid_plural "{esc(e["pl"])}"\n'
        forms = e.get("forms") or []
        for i, f in enumerate(forms):
            out += f'{p}msgstr[{i}] "{esc("" if template else f)}"\n'
    else:
        out += f'{p}msgstr "{esc("" if template else e.get("str", ""))}"\n'
    return out


def fmt_text(rng: random.Random, flags: str, text: str) -> str:
    if "c-format" in flags:
        return text + rng.choice([" %d", " %s", " (%s)", ""])
    if "python-format" in flags:
        return text + rng.choice([" %(n)d", " %s", ""])
    return text


def make_pair(rng: random.Random) -> tuple[str, str]:
    """One random (PO, POT) text pair: contexts, plurals, obsolete, flags, #|, similar and reshaped msgids."""
    nplurals = rng.choice([1, 2, 3])
    pf = {1: "nplurals=1; plural=0;", 2: "nplurals=2; plural=(n != 1);",
          3: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}[nplurals]
    header_lines = ["Project-Id-Version: demo 1.0", "Report-Msgid-Bugs-To: old@example.org",
                    "POT-Creation-Date: 2024-01-01 00:00+0000", "PO-Revision-Date: 2024-01-02 00:00+0000",
                    "Last-Translator: T <t@example.org>", "Language-Team: vi", "Language: vi",
                    "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding: 8bit", f"Plural-Forms: {pf}"]
    extras = ["X-Generator: Poedit 3.0", "X-Poedit-SearchPath-0: .", "X-Poedit-SearchPath-0: src",
              "Free-form note", "X-Empty:"]
    rng.shuffle(header_lines)
    header_lines += rng.sample(extras, rng.randint(0, len(extras)))
    if rng.random() < 0.2:
        header_lines = [l for l in header_lines if not l.startswith("Plural-Forms")]
    if rng.random() < 0.3:   # no Language: msgmerge derives it from Language-Team
        team = rng.choice(["Vietnamese <vi@example.org>", "Laotian", "Malay http://example.org/ms",
                           "Klingon <k@example.org>", "Brazilian Portuguese"])
        header_lines = [l if not l.startswith("Language-Team") else f"Language-Team: {team}"
                        for l in header_lines if not l.startswith("Language:")]
    po_entries, pot_entries = [], []
    ids = rng.sample(range(len(BASE)), rng.randint(6, 14))
    for n, i in enumerate(ids):
        flags = rng.choice(FLAGS)
        msgid = fmt_text(rng, flags, BASE[i])
        ctx = rng.choice(CTX)
        plural = rng.random() < 0.3
        e = {"id": msgid, "ctx": ctx, "flags": flags, "refs": [f"src/a{n}.c:{n + 1}"],
             "ec": ["Translators: note"] if rng.random() < 0.2 else [], "tc": ["old note"] if rng.random() < 0.3 else []}
        if plural:
            e["pl"] = msgid + "s"
            e["forms"] = [rng.choice(TR) + (" %d" if "%d" in msgid else "") + ("" if rng.random() < 0.9 else "") for _ in range(nplurals)]
            if rng.random() < 0.15:
                e["forms"][0] = ""
        else:
            e["str"] = rng.choice(TR) if rng.random() < 0.85 else ""
            if "%" in msgid and e["str"]:
                e["str"] += msgid[msgid.index(" %"):] if " %" in msgid else ""
        e["fuzzy"] = rng.random() < 0.15
        if e["fuzzy"] and rng.random() < 0.5:
            e["pid"] = rng.choice(BASE)
        po_obsolete = rng.random() < 0.15
        po_entries.append((e, po_obsolete))
        # template side
        r = rng.random()
        if r < 0.15:
            continue  # gone from the template
        t = dict(e)
        t["refs"] = [f"src/b{n}.c:{n + 7}"]
        t["ec"] = ["Translators: new"] if rng.random() < 0.3 else []
        t["fuzzy"] = False
        t["pid"] = t["pctx"] = t["ppl"] = None
        t["flags"] = rng.choice([flags, flags, rng.choice(FLAGS)])
        if r < 0.3:
            t["id"] = msgid + rng.choice([" now", "!", " here"])  # similar: fuzzy match
        elif r < 0.4:
            if plural:  # loses its plural
                t["pl"] = None
            else:
                t["pl"] = msgid + "s"
                t["forms"] = [""] * 2
        elif r < 0.45:
            t["ctx"] = rng.choice(["menu", "toolbar", None])
        elif r < 0.5 and plural:
            t["pl"] = msgid + " items"
        pot_entries.append(t)
    for k in range(rng.randint(0, 3)):
        pot_entries.insert(rng.randint(0, len(pot_entries)), {"id": f"Brand new text number {k} {rng.random():.3f}",
                                                             "refs": ["src/new.c:1"], "flags": rng.choice(FLAGS)})
    rng.shuffle(pot_entries)
    po = ['msgid ""\nmsgstr ""\n' + "".join(f'"{esc(l)}\\n"\n' for l in header_lines)]
    if rng.random() < 0.2:
        po[0] = "# Header comment\n#, fuzzy\n" + po[0]
    seen = set()
    for e, obs in po_entries:
        key = (e.get("ctx"), e["id"])
        if key in seen:
            continue
        seen.add(key)
        po.append(block(e, obsolete=False) if not obs else None)
    for e, obs in po_entries:
        if obs:
            po.append(block(e, obsolete=True))
    po = [b for b in po if b]
    pot_header = ['Project-Id-Version: demo 1.1', "Report-Msgid-Bugs-To: new@example.org",
                  "POT-Creation-Date: 2024-03-01 00:00+0000", "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
                  "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
    if rng.random() < 0.3:
        pot_header = [l for l in pot_header if not l.startswith(("Report", "POT"))]
    pot = ['#, fuzzy\nmsgid ""\nmsgstr ""\n' + "".join(f'"{esc(l)}\\n"\n' for l in pot_header)]
    seen = set()
    for t in pot_entries:
        key = (t.get("ctx"), t["id"])
        if key in seen:
            continue
        seen.add(key)
        pot.append(block(t, template=True))
    return "\n".join(po), "\n".join(pot)


def generate_merges(directory: Path, count: int, seed: int = 14) -> list[tuple[Path, Path]]:
    """Write ``count`` (PO, POT) pairs ``case<N>.po``/``.pot`` into ``directory``; their paths."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    pairs = []
    for i in range(count):
        po, pot = make_pair(rng)
        a, b = directory / f"case{i}.po", directory / f"case{i}.pot"
        a.write_text(po, encoding="utf-8")
        b.write_text(pot, encoding="utf-8")
        pairs.append((a, b))
    return pairs
