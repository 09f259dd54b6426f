"""Benchmark PO parsing and writing: pressflow vs polib vs GNU msgcat, in one run.

For each locale, builds a realistic catalog (default 20,000 entries: English
msgids of 20-400 characters, translations in the locale's script, references,
extracted comments, review stamps, some fuzzy entries with a previous msgid, a
few plurals and obsolete entries), then times:

* parse: ``parse_catalog(text)`` vs ``polib.pofile(text)``;
* render: ``render_catalog(cat)`` with a cold string cache (first save in a
  process), with a warm cache (the same catalog saved again), and through the
  per-character reference writer (``_render_catalog_exact``, the writer before
  the fast path), vs ``str(pofile)`` (polib) and ``msgcat`` on the file (a
  subprocess; includes its start-up and parsing);

and prints times plus ratios against those baselines. It also checks that the
fast and reference writers (and msgcat, when installed) produce the same bytes.

Usage: python3 benchmarks/po_io.py [--entries N] [--locales ko,th,...] [--repeat R]
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib

from workflow.catalogs import write
from workflow.catalogs import wrap as wrap_module
from workflow.catalogs import new_catalog, parse_catalog, render_catalog

LOCALES = ["ko", "id", "ms", "th", "vi", "fil", "km", "lo", "my", "en"]
ENGLISH = ("the ministry of science and ICT announced today a new program for digital cooperation with "
           "partner countries in the region including support for startups research centers network "
           "security data policy artificial intelligence semiconductors and quantum technology will be "
           "funded over the next five years by the government together with industry and universities").split()
WORDS = {
    "ko": "정부는 오늘 과학기술정보통신부 디지털 협력 새로운 프로그램을 발표했습니다 지역 국가 연구 센터 "
          "네트워크 보안 데이터 정책 인공지능 반도체 양자 기술 지원 향후 년간 산업계 대학".split(),
    "id": "kementerian ilmu pengetahuan dan TIK hari ini mengumumkan program baru untuk kerja sama digital "
          "dengan negara mitra termasuk dukungan bagi perusahaan rintisan pusat penelitian keamanan".split(),
    "ms": "kementerian sains dan ICT hari ini mengumumkan program baharu untuk kerjasama digital dengan "
          "negara rakan termasuk sokongan kepada syarikat pemula pusat penyelidikan keselamatan".split(),
    "th": "กระทรวงวิทยาศาสตร์ ประกาศ วันนี้ โครงการใหม่ ความร่วมมือ ดิจิทัล กับประเทศพันธมิตร ในภูมิภาค "
          "รวมถึงการสนับสนุน สตาร์ทอัพ ศูนย์วิจัย ความปลอดภัยของเครือข่าย นโยบายข้อมูล ปัญญาประดิษฐ์".split(),
    "vi": "bộ khoa học và công nghệ thông tin hôm nay đã công bố chương trình mới về hợp tác kỹ thuật số "
          "với các nước đối tác trong khu vực bao gồm hỗ trợ doanh nghiệp khởi nghiệp trung tâm nghiên cứu".split(),
    "fil": "inanunsyo ngayong araw ng ministeryo ng agham at ICT ang bagong programa para sa digital na "
           "pagtutulungan kasama ang mga kaalyadong bansa kabilang ang suporta sa mga startup at pananaliksik".split(),
    "km": "ក្រសួងវិទ្យាសាស្ត្រ បានប្រកាស ថ្ងៃនេះ កម្មវិធីថ្មី កិច្ចសហប្រតិបត្តិការ ឌីជីថល ជាមួយប្រទេសដៃគូ "
          "ក្នុងតំបន់ រួមទាំងការគាំទ្រ អាជីវកម្មថ្មី មជ្ឈមណ្ឌលស្រាវជ្រាវ សន្តិសុខបណ្តាញ".split(),
    "lo": "ກະຊວງວິທະຍາສາດ ໄດ້ປະກາດ ມື້ນີ້ ໂຄງການໃໝ່ ການຮ່ວມມື ດິຈິຕອນ ກັບປະເທດຄູ່ຮ່ວມ ໃນພາກພື້ນ "
          "ລວມທັງການສະໜັບສະໜູນ ທຸລະກິດເລີ່ມຕົ້ນ ສູນຄົ້ນຄວ້າ ຄວາມປອດໄພເຄືອຂ່າຍ".split(),
    "my": "သိပ္ပံနှင့်နည်းပညာဝန်ကြီးဌာန ယနေ့ ကြေညာခဲ့သည် ပရိုဂရမ်အသစ် ဒစ်ဂျစ်တယ် ပူးပေါင်းဆောင်ရွက်မှု "
          "မိတ်ဖက်နိုင်ငံများ ဒေသတွင်း ပံ့ပိုးမှု စတင်လုပ်ငန်းများ သုတေသနစင်တာ ကွန်ရက်လုံခြုံရေး".split(),
    "en": ENGLISH,
}
END = {"km": "។", "my": "။", "th": "", "lo": ""}
JOIN = {"th": " ", "lo": " ", "km": " ", "my": " "}


def _text(rng: random.Random, words: list[str], length: int, end: str) -> str:
    out: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(words)
        if rng.random() < 0.08:
            word = f"{rng.randint(2, 2031)}"
        elif rng.random() < 0.05:
            word = f"({word})"
        elif rng.random() < 0.08:
            word += ","
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[: max(length, 1)].rstrip() + end


def build_catalog(locale: str, entries: int, seed: int = 1) -> Any:
    rng = random.Random(seed)
    cat = new_catalog(locale, project="benchmark")
    words = WORDS[locale]
    end = END.get(locale, ".")
    for i in range(entries):
        length = min(400, max(20, int(rng.lognormvariate(4.6, 0.6))))
        msgid = f"{_text(rng, ENGLISH, length, '.')} [{i}]".capitalize()
        msgstr = _text(rng, words, int(length * rng.uniform(0.5, 1.2)), end)
        refs = [(f"releases/2024/release-{i // 40:04d}/index.md", str(rng.randint(1, 300)))]
        kwargs: dict[str, Any] = {"occurrences": refs, "comment": f"paragraph {i % 17}"}
        roll = rng.random()
        if roll < 0.02:
            entry = cat.add(msgid, msgid_plural=msgid + " (plural)", flags=["python-format"],
                            msgstr_plural={0: msgstr, 1: msgstr} if locale in ("en", "fil") else {0: msgstr},
                            **kwargs)
            continue
        entry = cat.add(msgid, "" if roll < 0.1 else msgstr, **kwargs)
        if roll < 0.25:
            entry.flags.append("fuzzy")
            entry.previous_msgid = msgid[: len(msgid) // 2] + " (older wording)"
            entry.tcomment = f"pressflow: draft origin=memory at=2024-05-0{1 + i % 9}T10:00:00Z"
        elif roll < 0.9:
            entry.tcomment = (f"pressflow: approved by=Reviewer at=2024-05-0{1 + i % 9}T10:00:00Z "
                              f"hash={rng.getrandbits(48):012x}")
        if 0.97 < roll:
            entry.obsolete = True
    cat.reindex()
    return cat


def best(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def cold_render(cat: Any) -> str:
    wrap_module._wrap_lines.cache_clear()
    return render_catalog(cat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--locales", default="ko,th,vi,km,my")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    have_msgcat = shutil.which("msgcat") is not None
    print(f"{args.entries:,} entries per catalog; best of {args.repeat}; times in seconds")
    header = (f"{'locale':6} {'parse':>6} {'polib':>6} {'ratio':>6} | {'render':>6} {'warm':>6} {'exact':>6} "
              f"{'polib':>6} {'msgcat':>6} | {'speedup':>7} {'vs polib':>8} {'vs msgcat':>9}")
    print(header)
    print("-" * len(header))
    totals = {"render": 0.0, "exact": 0.0, "entries": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for locale in args.locales.split(","):
            text = render_catalog(build_catalog(locale, args.entries))
            path = Path(tmp) / f"{locale}.po"
            path.write_text(text, encoding="utf-8")
            parse_s, cat = best(lambda text=text: parse_catalog(text), args.repeat)
            polib_parse_s, pofile = best(lambda text=text: polib.pofile(text), args.repeat)
            render_s, fast = best(lambda cat=cat: cold_render(cat), args.repeat)
            render_catalog(cat)
            warm_s, _ = best(lambda cat=cat: render_catalog(cat), args.repeat)
            exact_s, exact = best(lambda cat=cat: write._render_catalog_exact(cat), args.repeat)
            polib_render_s, _ = best(lambda pofile=pofile: str(pofile), args.repeat)
            assert fast == exact == text, f"{locale}: fast and reference writers differ"
            msgcat_s = float("nan")
            if have_msgcat:
                msgcat_s, result = best(lambda path=path: subprocess.run(["msgcat", str(path)], capture_output=True,
                                                               check=True), 1)
                assert result.stdout.decode("utf-8") == text, f"{locale}: msgcat output differs"
            totals["render"] += render_s
            totals["exact"] += exact_s
            print(f"{locale:6} {parse_s:6.2f} {polib_parse_s:6.2f} {parse_s / polib_parse_s:5.2f}x | "
                  f"{render_s:6.2f} {warm_s:6.2f} {exact_s:6.2f} {polib_render_s:6.2f} {msgcat_s:6.2f} | "
                  f"{exact_s / render_s:6.1f}x {render_s / polib_render_s:7.2f}x {render_s / msgcat_s:8.2f}x")
    per_entry = totals["render"] / (args.entries * len(args.locales.split(","))) * 1e6
    print(f"\nrender (cold cache): {per_entry:.1f} µs/entry; reference writer: "
          f"{totals['exact'] / (args.entries * len(args.locales.split(','))) * 1e6:.1f} µs/entry; "
          f"speedup {totals['exact'] / totals['render']:.1f}x")
    print("ratio columns: pressflow time / baseline time (below 1 = pressflow faster); "
          "speedup = reference writer / fast writer; msgcat times include process start-up and parsing;\n"
          f"warm = saved again in the same process (the string cache holds {wrap_module._wrap_lines.cache_info().maxsize:,} "
          "strings, so it only helps catalogs up to a few thousand entries)")
    if not have_msgcat:
        print("msgcat not installed: its column is nan")


if __name__ == "__main__":
    main()
