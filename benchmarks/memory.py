"""Benchmark: translation-memory pre-translation against ``msgmerge --compendium`` (-C), in a fair race.

A memory of English→Korean pairs is generated from press-release sentence
templates (names, countries, numbers, dates, amounts, technologies vary), plus a
set of new units of which most are close to, but not equal to, memory entries
(one or two details changed), some are exact repeats and some are new wording.

Three whole processes pre-translate the same new units from the same memory,
alternating (cold, warm, msgmerge, cold, warm, msgmerge, ...); medians of wall time,
CPU time and peak memory are compared:

* pressflow cold: ``python3`` starts, imports pressflow, builds the SQLite index from
  the TMX in the workspace's ``memory/`` folder (deleted before each cold run) and looks
  every unit up (threshold 75, best match only);
* pressflow warm: the same with the index already built;
* ``msgmerge --compendium comp.po empty.po new.pot`` (the memory as a compendium PO).

Match quality, stated beside the times:

* best match: for a sample of units (``--exhaustive``, default 300), the score of the
  match pressflow offers against an exhaustive scan of every memory entry with the same
  score (rapidfuzz ``fuzz.ratio``); "best" when equal (ties allowed) or when nothing is
  offered and no entry reaches the threshold;
* msgmerge's drafts: its fuzzy matches re-scored with that score; every unit msgmerge
  drafts at ≥ 75 must get a pressflow draft, and the units where msgmerge's draft
  scores higher than pressflow's are counted.

The summary states, for cold and warm, how many times less CPU time and wall time than
msgmerge they take (goals: cold >= 10x, warm >= 30x, peak memory < 500 MiB) and how many
CPUs msgmerge used on average (CPU / wall: it may run threads); pressflow looks up in one
process and one thread.

    python3 benchmarks/memory.py                            # 200,000 pairs, 2,000 units, 2 rounds
    python3 benchmarks/memory.py --memory 1000000 --rounds 3 --baseline-rounds 2
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fractions import Fraction

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

import fair

# ---------------------------------------------------------------------------
# Realistic press-release sentences (English source, Korean translation)
# ---------------------------------------------------------------------------

FAMILY = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"),
          ("Cho", "조"), ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"), ("Han", "한"), ("Oh", "오"),
          ("Seo", "서"), ("Shin", "신"), ("Kwon", "권"), ("Hwang", "황"), ("Ahn", "안"), ("Song", "송")]
GIVEN = [("Min", "민"), ("Ji", "지"), ("Seo", "서"), ("Hyun", "현"), ("Woo", "우"), ("Jin", "진"),
         ("Young", "영"), ("Soo", "수"), ("Ho", "호"), ("Jae", "재"), ("Sung", "성"), ("Eun", "은"),
         ("Hye", "혜"), ("Dong", "동"), ("Kyung", "경"), ("Won", "원"), ("Seok", "석"), ("Hoon", "훈")]
TITLES = [("Minister", "장관"), ("Vice Minister", "차관"), ("Deputy Minister", "실장"),
          ("Director General", "국장"), ("President", "원장"), ("Ambassador", "대사")]
COUNTRIES = [("Indonesia", "인도네시아"), ("Malaysia", "말레이시아"), ("Thailand", "태국"), ("Vietnam", "베트남"),
             ("the Philippines", "필리핀"), ("Cambodia", "캄보디아"), ("Laos", "라오스"), ("Myanmar", "미얀마"),
             ("Singapore", "싱가포르"), ("Brunei", "브루나이"), ("Japan", "일본"), ("China", "중국"),
             ("the United States", "미국"), ("Germany", "독일"), ("France", "프랑스"), ("the United Kingdom", "영국"),
             ("India", "인도"), ("Australia", "호주"), ("Canada", "캐나다"), ("Finland", "핀란드"),
             ("Sweden", "스웨덴"), ("Israel", "이스라엘"), ("the United Arab Emirates", "아랍에미리트"),
             ("Brazil", "브라질"), ("Mexico", "멕시코"), ("Chile", "칠레"), ("Kenya", "케냐"), ("Egypt", "이집트"),
             ("Poland", "폴란드"), ("Spain", "스페인"), ("Italy", "이탈리아"), ("the Netherlands", "네덜란드")]
CITIES = [("Seoul", "서울"), ("Busan", "부산"), ("Daejeon", "대전"), ("Sejong", "세종"), ("Incheon", "인천"),
          ("Gwangju", "광주"), ("Daegu", "대구"), ("Ulsan", "울산"), ("Jeju", "제주"), ("Pangyo", "판교"),
          ("Jakarta", "자카르타"), ("Bangkok", "방콕"), ("Hanoi", "하노이"), ("Kuala Lumpur", "쿠알라룸푸르")]
TECH = [("artificial intelligence", "인공지능"), ("5G", "5G"), ("6G", "6G"), ("quantum computing", "양자컴퓨팅"),
        ("semiconductors", "반도체"), ("the metaverse", "메타버스"), ("cloud computing", "클라우드 컴퓨팅"),
        ("cyber security", "사이버 보안"), ("big data", "빅데이터"), ("autonomous driving", "자율주행"),
        ("biotechnology", "바이오 기술"), ("space launch vehicles", "우주 발사체"), ("hydrogen energy", "수소 에너지"),
        ("robotics", "로봇"), ("digital health", "디지털 헬스"), ("blockchain", "블록체인"),
        ("software education", "소프트웨어 교육"), ("smart cities", "스마트시티"), ("nuclear fusion", "핵융합"),
        ("secondary batteries", "이차전지"), ("data centers", "데이터센터"), ("open-source software", "공개 소프트웨어")]
ORGS = [("the National Research Foundation of Korea", "한국연구재단"),
        ("the Electronics and Telecommunications Research Institute", "한국전자통신연구원"),
        ("the Korea Aerospace Research Institute", "한국항공우주연구원"),
        ("the National IT Industry Promotion Agency", "정보통신산업진흥원"),
        ("the Korea Internet & Security Agency", "한국인터넷진흥원"),
        ("the Institute for Information & Communications Technology Planning & Evaluation", "정보통신기획평가원"),
        ("the Korea Institute of Science and Technology", "한국과학기술연구원"),
        ("the National Information Society Agency", "한국지능정보사회진흥원"),
        ("the Korea Advanced Institute of Science and Technology", "한국과학기술원"),
        ("the Science and Technology Policy Institute", "과학기술정책연구원")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# (English, Korean); slots: {name} {country} {city} {tech} {tech2} {org} {date} {year} {n} {pct} {amount} {ord}
TEMPLATES = [
    ("The Ministry of Science and ICT (MSIT) announced on {date} that it will invest KRW {amount} billion in {tech} research over the next {n} years.",
     "과학기술정보통신부(이하 과기정통부)는 {date} 향후 {n}년간 {tech} 연구에 {amount}억 원을 투자한다고 밝혔다."),
    ("{name} met with the ICT minister of {country} in {city} on {date} to discuss cooperation in {tech}.",
     "{name}은 {date} {city}에서 {country} ICT 장관과 만나 {tech} 분야 협력 방안을 논의했다."),
    ("The two countries signed a memorandum of understanding on {tech} and agreed to hold the {ord} joint committee in {year}.",
     "양국은 {tech}에 관한 양해각서를 체결하고 {year}년에 제{ord}차 공동위원회를 개최하기로 합의했다."),
    ("A total of {n} companies from {country} took part in the {ord} Korea-{country} {tech} Forum held in {city}.",
     "{city}에서 열린 제{ord}회 한-{country} {tech} 포럼에는 {country} 기업 총 {n}개사가 참가했다."),
    ("According to {org}, the domestic {tech} market grew by {pct} percent in {year} compared to the previous year.",
     "{org}에 따르면 {year}년 국내 {tech} 시장은 전년 대비 {pct}% 성장했다."),
    ("{name} emphasized that {tech} will be a key driver of growth in the era of the Fourth Industrial Revolution.",
     "{name}은 {tech}이 4차 산업혁명 시대 성장의 핵심 동력이 될 것이라고 강조했다."),
    ("The call for proposals will be open until {date}, and about {n} projects will be selected for support of up to KRW {amount} million each.",
     "과제 공모는 {date}까지 진행되며, 약 {n}개 과제를 선정해 과제당 최대 {amount}백만 원을 지원한다."),
    ("MSIT and {org} will jointly host the {tech} Conference {year} in {city} from {date} for {n} days.",
     "과기정통부와 {org}는 {date}부터 {n}일간 {city}에서 '{tech} 컨퍼런스 {year}'를 공동 개최한다."),
    ("This year, the government plans to train {n} specialists in {tech} and {tech2} through {org}.",
     "정부는 올해 {org}를 통해 {tech} 및 {tech2} 전문인력 {n}명을 양성할 계획이다."),
    ("The budget for {tech} in {year} is KRW {amount} billion, an increase of {pct} percent from last year.",
     "{year}년 {tech} 예산은 {amount}억 원으로 전년 대비 {pct}% 증가했다."),
    ("{name} visited {org} in {city} on {date} and inspected the progress of the {tech} project.",
     "{name}은 {date} {city}에 위치한 {org}를 방문해 {tech} 사업 추진 현황을 점검했다."),
    ("Korea and {country} agreed to expand joint research in {tech} and {tech2} and to exchange {n} researchers every year.",
     "한국과 {country}는 {tech} 및 {tech2} 분야 공동연구를 확대하고 매년 연구자 {n}명을 교류하기로 합의했다."),
    ("The {ord} ASEAN-Korea ICT Ministers Meeting will be held in {city} on {date} with delegations from {n} countries.",
     "제{ord}차 한-아세안 ICT 장관회의가 {date} {city}에서 {n}개국 대표단이 참석한 가운데 개최된다."),
    ("Through this project, {n} small and medium-sized enterprises will receive consulting on {tech} by {date}.",
     "이번 사업을 통해 중소기업 {n}개사가 {date}까지 {tech} 컨설팅을 받게 된다."),
    ("{name} said, \"We will work closely with {country} to build a digital ecosystem for mutual prosperity.\"",
     "{name}은 \"{country}와 긴밀히 협력하여 상호 번영을 위한 디지털 생태계를 구축하겠다\"고 말했다."),
    ("The survey of {n} households conducted by {org} in {year} showed that {pct} percent use {tech} services.",
     "{org}가 {year}년 {n}가구를 대상으로 실시한 조사에 따르면 {pct}%가 {tech} 서비스를 이용하는 것으로 나타났다."),
    ("The ministry will announce the detailed implementation plan for {tech} in {city} on {date}.",
     "과기정통부는 {date} {city}에서 {tech} 세부 시행계획을 발표할 예정이다."),
    ("Exports of {tech} products to {country} reached USD {amount} million in {year}, up {pct} percent year on year.",
     "{year}년 {country}에 대한 {tech} 제품 수출액은 {amount}백만 달러로 전년 대비 {pct}% 증가했다."),
    ("{org} opened a new {tech} testbed in {city} with a total investment of KRW {amount} billion.",
     "{org}는 총 {amount}억 원을 투자해 {city}에 {tech} 테스트베드를 새로 열었다."),
    ("Applications can be submitted online until {date}, and the results will be announced in {month}.",
     "신청은 {date}까지 온라인으로 할 수 있으며, 결과는 {month_ko}에 발표된다."),
]
# Wording the memory has never seen: new units from these get few or no useful matches.
NEW_TEMPLATES = [
    ("Reporters may direct inquiries about the {tech} programme to {org} until {date}.",
     "{tech} 프로그램에 관한 문의는 {date}까지 {org}로 하면 된다."),
    ("{name} toured a {tech} start-up campus in {city} and listened to the difficulties of {n} founders.",
     "{name}은 {city}의 {tech} 창업 캠퍼스를 둘러보고 창업자 {n}명의 애로사항을 청취했다."),
    ("The pilot service for {tech} will start in {city} in {month} and cover about {n} users.",
     "{tech} 시범 서비스는 {month_ko} {city}에서 시작되어 약 {n}명의 이용자를 대상으로 한다."),
]


def _pick(rng: random.Random, pool: list[tuple[str, str]]) -> tuple[str, str]:
    return pool[rng.randrange(len(pool))]


def _slots(rng: random.Random) -> dict[str, tuple[str, str]]:
    fam, g1, g2, title = _pick(rng, FAMILY), _pick(rng, GIVEN), _pick(rng, GIVEN), _pick(rng, TITLES)
    given_en = g1[0] + g2[0].lower()
    name = (f"{title[0]} {fam[0]} {given_en}", f"{fam[1]}{g1[1]}{g2[1]} {title[1]}")
    month = rng.randrange(12)
    day = rng.randint(1, 28)
    tech, tech2 = rng.sample(TECH, 2)
    amount = rng.choice([rng.randint(2, 99), rng.randint(100, 990), rng.randint(1000, 9999)])
    ordinal = rng.randint(2, 30)
    return {
        "name": name, "country": _pick(rng, COUNTRIES), "city": _pick(rng, CITIES), "tech": tech, "tech2": tech2,
        "org": _pick(rng, ORGS), "date": (f"{MONTHS[month]} {day}", f"{month + 1}월 {day}일"),
        "year": (str(rng.randint(2015, 2030)),) * 2, "n": (str(rng.randint(2, 500)),) * 2,
        "pct": (f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",) * 2, "amount": (f"{amount:,}", f"{amount:,}"),
        "ord": (_ordinal(ordinal), str(ordinal)), "month": (MONTHS[month], f"{month + 1}월"),
    }


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fill(template: tuple[str, str], slots: dict[str, tuple[str, str]]) -> tuple[str, str]:
    en_values = {k: v[0] for k, v in slots.items()}
    ko_values = {k: v[1] for k, v in slots.items()}
    ko_values["month_ko"] = slots["month"][1]
    en_values["month_ko"] = ""
    return template[0].format(**en_values), template[1].format(**ko_values)


@dataclass
class Data:
    memory: list[tuple[str, str]]   # (English source, Korean translation), sources unique
    units: list[str]                # new English units to pre-translate
    kinds: dict[str, int]           # how many units of each kind were generated


def generate(memory_size: int, unit_count: int, seed: int = 20181207) -> Data:
    """Deterministic memory and new units; most units differ from an entry by one or two details."""
    rng = random.Random(seed)
    memory: dict[str, str] = {}
    recipes: list[tuple[int, dict[str, tuple[str, str]]]] = []
    while len(memory) < memory_size:
        t = rng.randrange(len(TEMPLATES))
        slots = _slots(rng)
        en, ko = _fill(TEMPLATES[t], slots)
        if en not in memory:
            memory[en] = ko
            recipes.append((t, slots))
    units: list[str] = []
    seen = set()
    kinds = {"exact repeat": 0, "one detail changed": 0, "two details changed": 0, "new wording": 0}
    while len(units) < unit_count:
        roll = rng.random()
        t, slots = recipes[rng.randrange(len(recipes))]
        if roll < 0.10:
            kind, text = "exact repeat", _fill(TEMPLATES[t], slots)[0]
        elif roll < 0.85:
            fresh = _slots(rng)
            changed = dict(slots)
            used = [k for k in fresh if "{" + k + "}" in TEMPLATES[t][0]]
            n_changes = 1 if roll < 0.65 else 2
            for key in rng.sample(used, min(n_changes, len(used))):
                changed[key] = fresh[key]
            kind = "one detail changed" if n_changes == 1 else "two details changed"
            text = _fill(TEMPLATES[t], changed)[0]
            if text in memory:
                continue
        else:
            kind, text = "new wording", _fill(NEW_TEMPLATES[rng.randrange(len(NEW_TEMPLATES))], _slots(rng))[0]
        if text in seen:
            continue
        seen.add(text)
        units.append(text)
        kinds[kind] += 1
    return Data(list(memory.items()), units, kinds)


# ---------------------------------------------------------------------------
# The contenders
# ---------------------------------------------------------------------------

def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


PO_HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Language: {lang}\\n"\n'
             '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')

# The pressflow contender: one process, from start-up to the last lookup; prints the source
# text of the match offered for each unit (or null), as JSON.
LOOKUP = """
import json, sys
from workflow.translation.memory import TranslationMemory
from workflow.workspace import Workspace
units = json.load(open(sys.argv[2], encoding="utf-8"))
with TranslationMemory.open(Workspace.load(sys.argv[1])) as tm:
    found = tm.lookup_many(units, "ko", threshold=float(sys.argv[3]), limit=1)
json.dump([m[0].source if m else None for m in found], sys.stdout)
"""


def prepare(data: Data, folder: Path) -> None:
    from workflow.translation.tmx import TmxUnit, write_tmx

    (folder / "comp.po").write_text(PO_HEADER.format(lang="ko") + "".join(
        f"msgid {_po_string(en)}\nmsgstr {_po_string(ko)}\n\n" for en, ko in data.memory), encoding="utf-8")
    (folder / "empty.po").write_text(PO_HEADER.format(lang="ko"), encoding="utf-8")
    (folder / "new.pot").write_text(PO_HEADER.format(lang="") + "".join(
        f"msgid {_po_string(u)}\nmsgstr \"\"\n\n" for u in data.units), encoding="utf-8")
    ws_dir = folder / "ws"
    (ws_dir / "memory").mkdir(parents=True)
    (ws_dir / "pressflow.toml").write_text('[workspace]\nsource_language = "en"\ntarget_locales = ["ko"]\n',
                                           encoding="utf-8")
    write_tmx(ws_dir / "memory" / "bench.tmx", (TmxUnit("en", "ko", en, ko) for en, ko in data.memory), srclang="en")
    (folder / "units.json").write_text(json.dumps(data.units), encoding="utf-8")


def msgmerge_drafts(out: Path) -> dict[str, tuple[str, Fraction]]:
    """unit -> (msgmerge's source, its score): exact matches score 100, fuzzy ones re-scored (previous msgid)."""
    from workflow.catalogs import load_catalog

    drafts = {}
    for entry in load_catalog(out):
        if not entry.msgid or not entry.msgstr:
            continue
        if "fuzzy" not in entry.flags:
            drafts[entry.msgid] = (entry.msgid, Fraction(100))
        elif entry.previous_msgid:
            drafts[entry.msgid] = (entry.previous_msgid, exact_score(entry.msgid, entry.previous_msgid))
    return drafts


def exact_score(a: str, b: str) -> Fraction:
    """fuzz.ratio as an exact fraction of 100 (1 - Indel distance / total length): ties compare equal."""
    total = len(a) + len(b)
    return Fraction(total - Indel.distance(a, b), total) * 100 if total else Fraction(100)


def exhaustive_best(units: list[str], sources: list[str]) -> list[Fraction]:
    """The best score of any memory entry for each unit (rapidfuzz scores every entry)."""
    return [exact_score(u, process.extractOne(u, sources, scorer=fuzz.ratio)[0]) for u in units]


def speedups(contenders: list[fair.Contender]) -> None:
    """How many times less CPU and wall time than msgmerge, the goals beside them, and who used how many CPUs."""
    cold, warm, baseline = contenders
    used = baseline.median("cpu") / baseline.median("wall")
    print(f"\nmsgmerge used {used:.2f} CPUs on average (CPU time / wall time); pressflow looks up in one "
          f"process and one thread (its CPU time / wall time: cold {cold.median('cpu') / cold.median('wall'):.2f}, "
          f"warm {warm.median('cpu') / warm.median('wall'):.2f})")
    for contender, goal in ((cold, 10), (warm, 30)):
        cpu = baseline.median("cpu") / contender.median("cpu")
        wall = baseline.median("wall") / contender.median("wall")
        print(f"{contender.name}: {cpu:.1f}x less CPU time than msgmerge, {wall:.1f}x less wall time "
              f"(goal >= {goal}x: CPU {'met' if cpu >= goal else 'NOT met'}, wall {'met' if wall >= goal else 'NOT met'}); "
              f"peak memory {contender.median('max_rss_mib'):.0f} MiB (goal < 500 MiB: "
              f"{'met' if contender.median('max_rss_mib') < 500 else 'NOT met'}; msgmerge "
              f"{baseline.median('max_rss_mib'):.0f} MiB)")


def compare(args: argparse.Namespace) -> None:
    data = generate(args.memory, args.units)
    print(f"memory: {len(data.memory):,} en→ko pairs; new units: {len(data.units):,} "
          f"({', '.join(f'{v} {k}' for k, v in data.kinds.items())}); threshold {args.threshold}")
    print(fair.machine())
    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root)}
    with tempfile.TemporaryDirectory(prefix="pressflow-bench-") as tmp:
        folder = Path(tmp)
        prepare(data, folder)
        ws_dir = folder / "ws"
        lookup = [sys.executable, "-c", LOOKUP, str(ws_dir), str(folder / "units.json"), str(args.threshold)]

        def cold() -> list[str]:
            shutil.rmtree(ws_dir / ".pressflow", ignore_errors=True)
            return lookup

        def warm() -> list[str]:
            if not (ws_dir / ".pressflow" / "memory.sqlite").exists():
                fair.run_measured(lookup, env)
            return lookup

        out = folder / "out.po"
        contenders = [fair.Contender("pressflow, cold (import + index + lookup)", cold, env),
                      fair.Contender("pressflow, warm (index built)", warm, env)]
        if shutil.which("msgmerge"):
            contenders.append(fair.Contender("msgmerge --compendium", lambda: [
                "msgmerge", "--quiet", "--previous", "--no-wrap", "--compendium", str(folder / "comp.po"),
                "-o", str(out), str(folder / "empty.po"), str(folder / "new.pot")]))
        paths = {c.name: str(folder / f"stdout{i}.json") for i, c in enumerate(contenders[:2])}
        baseline_rounds = min(args.rounds, args.baseline_rounds or args.rounds)
        for round_ in range(args.rounds):     # paired: cold, warm, msgmerge, cold, warm, msgmerge, ...
            racing = contenders if round_ < baseline_rounds else contenders[:2]
            fair.race(racing, 1, stdout_paths=paths,
                      log=lambda line, r=round_: print(line.replace("round 1:", f"round {r + 1}:")))
        offered = json.loads(contenders[0].runs[-1].stdout)
        assert offered == json.loads(contenders[1].runs[-1].stdout), "cold and warm lookups differ"
        print()
        if baseline_rounds < args.rounds and len(contenders) == 3:
            print(f"msgmerge ran in the first {baseline_rounds} of {args.rounds} rounds only (--baseline-rounds): "
                  f"its medians are of {baseline_rounds} runs, pressflow's of {args.rounds}")
        if len(contenders) == 3:
            fair.table(contenders, contenders[2])
            speedups(contenders)
            drafts = msgmerge_drafts(out)
        else:
            print("msgmerge not installed: no baseline")
            drafts = {}
    scores = [None if o is None else exact_score(u, o) for u, o in zip(data.units, offered)]
    print(f"\npressflow offers a match ≥ {args.threshold} for {sum(s is not None for s in scores):,} of "
          f"{len(data.units):,} units ({sum(s == 100 for s in scores):,} exact)")
    if drafts:
        useful = {u: d for u, d in drafts.items() if d[1] >= args.threshold}
        missed = [u for u in useful if scores[data.units.index(u)] is None]
        better = [u for u, (_, score) in useful.items()
                  if scores[data.units.index(u)] is not None and score > scores[data.units.index(u)]]
        print(f"msgmerge drafts {len(drafts):,} units, {len(useful):,} of them at ≥ {args.threshold} (re-scored with "
              f"fuzz.ratio); left without a pressflow draft: {len(missed)} (goal 0); msgmerge's draft scores "
              f"higher: {len(better)}")
    rng = random.Random(7)
    sample = sorted(rng.sample(range(len(data.units)), min(args.exhaustive, len(data.units))))
    start = time.perf_counter()
    best = exhaustive_best([data.units[i] for i in sample], [en for en, _ in data.memory])
    agree = lower = 0
    worst = 0.0
    for i, top in zip(sample, best):
        got = scores[i]
        if (got is None and top < args.threshold) or (got is not None and got >= top):
            agree += 1
        else:
            lower += 1
            worst = max(worst, float(top - (got or 0)))
    print(f"best match (exhaustive scan of {len(data.memory):,} entries for {len(sample)} sampled units, "
          f"{time.perf_counter() - start:.0f} s): the match offered is the best in {agree} of {len(sample)} "
          f"({100 * agree / max(len(sample), 1):.1f} %, goal ≥ 99.5 %); worse in {lower} (worst by {worst:.1f} points)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--memory", type=int, default=200_000, help="memory pairs (default 200,000)")
    parser.add_argument("--units", type=int, default=2_000, help="new units (default 2,000)")
    parser.add_argument("--rounds", type=int, default=2, help="paired rounds (default 2)")
    parser.add_argument("--baseline-rounds", type=int, default=0,
                        help="run msgmerge in the first N rounds only (default: every round; it takes minutes at 1M)")
    parser.add_argument("--exhaustive", type=int, default=300, help="units checked against an exhaustive scan")
    parser.add_argument("--threshold", type=int, default=75)
    compare(parser.parse_args())


if __name__ == "__main__":
    main()
