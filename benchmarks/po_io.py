"""Benchmark PO load+save: ``pressflow fmt`` against GNU ``msgcat``, whole processes, paired runs.

For each locale, builds a realistic catalog (default 50,000 entries: English msgids of
20-400 characters, translations in the locale's script, references, extracted comments,
review stamps, some fuzzy entries with a previous msgid, a few plurals and obsolete
entries), and writes it as ``msgcat --width=200`` would (so neither contender finds the
file already in its output form: both must load, re-wrap and write all of it). Then,
alternating (msgcat, fmt, msgcat, fmt, ...):

* ``msgcat in.po -o out.po`` (the baseline);
* ``python3 -m workflow fmt copy.po`` on a fresh copy of the same file (interpreter
  start-up and imports included).

Medians of wall time, CPU time and peak memory, and their ratios, are printed; the two
outputs must be byte-identical (checked after every run).

Usage: python3 benchmarks/po_io.py [--entries N] [--locales ko,th,...] [--rounds R]
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fair

from workflow.catalogs import new_catalog, render_catalog

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--locales", default="ko,th,vi")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("msgcat"):
        sys.exit("msgcat (GNU gettext) is the baseline of this benchmark: install gettext")
    print(f"{args.entries:,} entries per catalog; {fair.machine()}")
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        for locale in args.locales.split(","):
            folder = Path(tmp) / locale
            folder.mkdir()
            canonical = render_catalog(build_catalog(locale, args.entries)).encode("utf-8")
            (folder / "msgcat-form.po").write_bytes(canonical)
            source = folder / "in.po"
            subprocess.run(["msgcat", "--width=200", str(folder / "msgcat-form.po"), "-o", str(source)], check=True)
            copy, out = folder / "copy.po", folder / "out.po"

            def fresh_copy(copy: Path = copy, source: Path = source) -> list[str]:
                shutil.copyfile(source, copy)
                return [sys.executable, "-m", "workflow", "fmt", str(copy)]

            msgcat = fair.Contender("msgcat in.po -o out.po", lambda out=out, source=source: [
                "msgcat", str(source), "-o", str(out)])
            fmt = fair.Contender("pressflow fmt (load + save)", fresh_copy, {"PYTHONPATH": str(root)})
            print(f"\n{locale}: {len(canonical) / 2**20:.1f} MiB in msgcat's form; input written with --width=200")
            for round_ in range(args.rounds):
                fair.race([msgcat, fmt], 1, log=lambda line, r=round_: print(line.replace("round 1", f"round {r + 1}")))
                same = out.read_bytes() == copy.read_bytes() == canonical
                assert same, f"{locale}: pressflow fmt and msgcat wrote different bytes"
            fair.table([fmt, msgcat], msgcat)
            print("outputs byte-identical in every round (pressflow fmt == msgcat == the catalog as rendered)")


if __name__ == "__main__":
    main()
