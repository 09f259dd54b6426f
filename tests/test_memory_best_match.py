"""The translation memory offers the best match it holds: the same score as an exhaustive scan of every entry.

The corpus is generated like a press office's: sentences from a few templates whose slots
(names, countries, numbers, dates, technologies) vary, so thousands of entries share most
of their words and only the slot values tell the best one apart. Queries change one or
two slots of an entry, or use wording the memory has never seen.
"""
from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from workflow.translation import memory_match
from workflow.translation.memory_tokens import COARSE_BUCKETS, char_histograms, ratio_bounds
from workflow.translation.memory import TranslationMemory
from workflow.translation.tmx import TmxUnit, write_tmx
from workflow.workspace import Workspace

THRESHOLD = 75
EN = [
    "The Ministry of Science and ICT announced on {date} that it will invest KRW {n} billion in {tech} over {m} years.",
    "{name} met the ICT minister of {country} in {city} on {date} to discuss cooperation in {tech}.",
    "A total of {n} companies from {country} took part in the {m}th Korea-{country} {tech} Forum in {city}.",
    "The budget for {tech} in {year} is KRW {n} billion, an increase of {m} percent from last year.",
    "{name} visited the {tech} testbed in {city} on {date} and met {n} researchers.",
]
KO = [
    "과학기술정보통신부는 {date} 향후 {m}년간 {tech} 연구에 {n}억 원을 투자한다고 밝혔다.",
    "{name}은 {date} {city}에서 {country} ICT 장관과 만나 {tech} 분야 협력 방안을 논의했다.",
    "{city}에서 열린 제{m}회 한-{country} {tech} 포럼에는 {country} 기업 총 {n}개사가 참가했다.",
    "{year}년 {tech} 예산은 {n}억 원으로 전년 대비 {m}% 증가했다.",
]
NEW = {"en": "Reporters may send questions about the {tech} programme to the press office in {city} until {date}.",
       "ko": "{tech} 프로그램에 관한 문의는 {date}까지 {city} 홍보실로 하면 된다."}
SLOTS = {
    "en": {"name": ["Minister Kim", "Vice Minister Lee", "Director Park", "Ambassador Choi", "President Jung"],
           "country": ["Indonesia", "Malaysia", "Thailand", "Vietnam", "the Philippines", "Laos", "Cambodia"],
           "city": ["Seoul", "Busan", "Daejeon", "Jakarta", "Bangkok", "Hanoi", "Sejong"],
           "tech": ["artificial intelligence", "5G", "quantum computing", "semiconductors", "cyber security",
                    "big data", "robotics", "space launch vehicles"],
           "date": [f"{m} {d}" for m in ("March", "May", "July", "October") for d in (3, 14, 21, 28)]},
    "ko": {"name": ["김 장관", "이 차관", "박 국장", "최 대사", "정 원장"],
           "country": ["인도네시아", "말레이시아", "태국", "베트남", "필리핀", "라오스", "캄보디아"],
           "city": ["서울", "부산", "대전", "자카르타", "방콕", "하노이", "세종"],
           "tech": ["인공지능", "5G", "양자컴퓨팅", "반도체", "사이버 보안", "빅데이터", "로봇", "우주 발사체"],
           "date": [f"{m}월 {d}일" for m in (3, 5, 7, 10) for d in (3, 14, 21, 28)]},
}


def _slots(rng: random.Random, lang: str) -> dict[str, str]:
    values = {key: rng.choice(choices) for key, choices in SLOTS[lang].items()}
    values.update(n=str(rng.randint(2, 999)), m=str(rng.randint(2, 40)), year=str(rng.randint(2015, 2030)))
    return values


def corpus(lang: str, size: int, queries: int, seed: int) -> tuple[list[str], list[str]]:
    """(memory sources, query texts): queries change one or two slots of an entry, or are new wording."""
    rng = random.Random(seed)
    templates = EN if lang == "en" else KO
    memory: dict[str, tuple[int, dict[str, str]]] = {}
    while len(memory) < size:
        t, slots = rng.randrange(len(templates)), _slots(rng, lang)
        memory.setdefault(templates[t].format(**slots), (t, slots))
    recipes = list(memory.values())
    found: list[str] = []
    while len(found) < queries:
        t, slots = recipes[rng.randrange(len(recipes))]
        if rng.random() < 0.15:
            text = NEW[lang].format(**_slots(rng, lang))
        else:
            changed = dict(slots)
            fresh = _slots(rng, lang)
            used = [k for k in fresh if "{" + k + "}" in templates[t]]
            for key in rng.sample(used, rng.choice((1, 1, 2))):
                changed[key] = fresh[key]
            text = templates[t].format(**changed)
        if text not in memory and text not in found:
            found.append(text)
    return list(memory), found


def exact_score(a: str, b: str) -> Fraction:
    """fuzz.ratio as an exact fraction (1 - Indel distance / total length, × 100): equal scores compare equal."""
    return Fraction(len(a) + len(b) - Indel.distance(a, b), len(a) + len(b)) * 100


def memory_workspace(tmp_path: Path, lang: str, sources: list[str]) -> Workspace:
    root = tmp_path / "newsroom"
    (root / "memory").mkdir(parents=True)
    target = "th" if lang == "ko" else "ko"
    (root / "pressflow.toml").write_text(
        f'[workspace]\nsource_language = "{lang}"\ntarget_locales = ["{target}"]\n', encoding="utf-8")
    write_tmx(root / "memory" / "corpus.tmx", (TmxUnit(lang, target, s, f"<{i}>") for i, s in enumerate(sources)),
              srclang=lang)
    return Workspace.load(root)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_match_offered_is_the_best_an_exhaustive_scan_finds(tmp_path, monkeypatch, lang):
    sources, queries = corpus(lang, 6000, 150, seed=18)
    # Few candidates for this many near-identical entries: the coarse bound must rank the best among them.
    monkeypatch.setattr(memory_match, "CANDIDATES", 150)
    ws = memory_workspace(tmp_path, lang, sources)
    target = "th" if lang == "ko" else "ko"
    with TranslationMemory.open(ws) as tm:
        offered = tm.lookup_many(queries, target, threshold=THRESHOLD, limit=1)
        one_by_one = [tm.lookup(q, target, threshold=THRESHOLD, limit=1) for q in queries[:20]]
    assert one_by_one == offered[:20]
    misses = []
    drafted = 0
    for query, matches in zip(queries, offered):
        best = exact_score(query, process.extractOne(query, sources, scorer=fuzz.ratio)[0])
        got = exact_score(query, matches[0].source) if matches else None
        drafted += got is not None
        if best >= THRESHOLD and (got is None or got < best):
            misses.append((query, got, best))
        assert got is None or got >= THRESHOLD
    assert drafted > len(queries) * 0.6          # the corpus really has close matches
    assert not misses, misses[:5]


def test_the_bound_finds_the_best_where_every_entry_shares_the_same_words(tmp_path, monkeypatch):
    """9,000 entries share every word with the query but the number: words cannot rank them, characters can."""
    sources = [f"Exports of semiconductors reached USD {n} million in {2000 + n % 25}." for n in range(1000, 10000)]
    queries = ["Exports of semiconductors reached USD 4815 million in 2015.",     # 4815 itself is not in the memory
               "Exports of semiconductors reached USD 7070 million in 2020.",
               "Exports of semiconductors reached USD 1234 million in 2009."]
    sources = [s for s in sources if s not in queries]
    monkeypatch.setattr(memory_match, "CANDIDATES", 40)     # a cut well inside the ties
    ws = memory_workspace(tmp_path, "en", sources)
    with TranslationMemory.open(ws) as tm:
        offered = tm.lookup_many(queries, "ko", threshold=THRESHOLD, limit=3)
    for query, matches in zip(queries, offered):
        ranked = sorted((exact_score(query, s) for s in sources), reverse=True)[:3]
        assert [exact_score(query, m.source) for m in matches] == ranked, query


TEXTS = st.text(alphabet=st.sampled_from("aAbB eE019.,-가나다한국ก\u0e32ไ\u0301\U0001f600"), max_size=40) | \
    st.builds(lambda c, n, tail: c * n + tail, st.sampled_from("a 가"), st.integers(200, 700), st.text(max_size=5))


@settings(max_examples=200, deadline=None)
@given(query=TEXTS, entries=st.lists(TEXTS, min_size=1, max_size=8))
def test_the_character_bound_is_never_below_the_score(query, entries):
    """The pruning is only exact if no entry can score above its bound (counts saturating at 255 included)."""
    hists = char_histograms(entries)
    lengths = np.array([len(e) for e in entries], dtype=np.int32)
    coarse = np.minimum(hists.reshape(len(entries), -1, COARSE_BUCKETS).sum(axis=1), 255).astype(np.uint8)
    fine_bounds = ratio_bounds(query, hists, lengths)
    coarse_bounds = ratio_bounds(query, coarse, lengths, COARSE_BUCKETS)
    for entry, fine, rough in zip(entries, fine_bounds, coarse_bounds):
        score = fuzz.ratio(query, entry)
        assert score <= fine <= rough + 1e-9, (query, entry)
