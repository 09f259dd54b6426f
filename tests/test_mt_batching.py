"""Batched machine translation: several texts per request where the provider takes them (loopback HTTP only)."""
from __future__ import annotations

import pytest

from loopback_mt import NO_HANG_TIMEOUT, LoopbackMT
from workflow.translation.engines import create_engine
from workflow.translation.engines.base import Settings

KO = "과학기술정보통신부는 오늘 인공지능 기본법을 발표했다."   # 29 characters, 77 UTF-8 bytes


def settings(mt: LoopbackMT | None = None, **options: object) -> Settings:
    urls = {"libre_url": mt.url, "deepl_url": mt.url + "deepl/v2/", "microsoft_url": mt.url + "microsoft/translate"} \
        if mt else {"libre_url": "http://127.0.0.1:9/"}
    env = {"DEEPL_API_KEY": "k:fx", "MICROSOFT_API_KEY": "k", "LIBRETRANSLATE_API_KEY": "k"}
    return Settings(options={**urls, **options}, env=env, timeout=NO_HANG_TIMEOUT, retries=1, backoff=0.01)


def sizes(batches: list[list[str]]) -> list[int]:
    return [len(batch) for batch in batches]


def test_batches_follow_each_providers_limits() -> None:
    libre = create_engine("libre", settings())
    assert sizes(libre.split_batches(["a"] * 120, str)) == [50, 50, 20]                 # 50 texts
    assert sizes(libre.split_batches(["x" * 1000] * 12, str)) == [5, 5, 2]              # 5,000 characters
    assert sizes(libre.split_batches(["x" * 9000, "a", "b"], str)) == [1, 2]            # too long alone: alone
    assert sizes(create_engine("libre", settings(libre_batch_size=20)).split_batches(["a"] * 45, str)) == [20, 20, 5]
    deepl = create_engine("deepl", settings())
    assert sizes(deepl.split_batches(["a"] * 120, str)) == [50, 50, 20]                 # 50 texts
    per_text = len(KO.encode("utf-8"))
    texts = [KO * 500] * 7                                     # 120,000 bytes: three of these, not four
    assert per_text * 500 * 3 <= 120_000 < per_text * 500 * 4 and len(KO * 500) * 4 < 120_000
    assert sizes(deepl.split_batches(texts, str)) == [3, 3, 1]
    microsoft = create_engine("microsoft", settings())
    assert sizes(microsoft.split_batches(["a"] * 250, str)) == [100, 100, 50]           # 100 texts
    assert sizes(microsoft.split_batches(["x" * 20_000] * 5, str)) == [2, 2, 1]         # 50,000 characters
    order = [f"t{i}" for i in range(130)]
    assert [t for batch in libre.split_batches(order, str) for t in batch] == order


@pytest.mark.parametrize("name,api", [("libre", "libre"), ("deepl", "deepl"), ("microsoft", "microsoft")])
def test_one_request_per_batch_and_answers_in_order(name: str, api: str) -> None:
    words = ["".join("abcdefghij"[int(d)] for d in str(i)) for i in range(60)]   # distinct after masking
    texts = [f"Unit {w}: the ministry met {i} partners at https://example.org/{i}." for i, w in enumerate(words)]
    with LoopbackMT() as mt:
        engine = create_engine(name, settings(mt))
        outcomes = engine.translate(texts, "en", "th" if name != "deepl" else "ko")
        target = "th" if name != "deepl" else "KO"
        assert mt.batch_sizes[0] > 1 and sum(mt.batch_sizes) == len(texts)
        assert mt.calls == engine.requests == len(engine.split_batches(texts, str))
        assert {a for a, *_ in mt.requests} == {api}
    for text, outcome in zip(texts, outcomes):
        assert outcome.error is None and not outcome.lost
        # Masked per text: the URL left each text as a placeholder and came back in its own text.
        assert outcome.text == LoopbackMT.answer(target, text)


def test_a_batch_answer_of_the_wrong_length_is_retried_one_by_one() -> None:
    texts = [f"A sentence about {topic}." for topic in ("chips", "satellites", "networks", "robots", "vaccines")]
    with LoopbackMT() as mt:
        engine = create_engine("libre", settings(mt))
        mt.fail_next("short")               # the batch answer lacks a text: which one is unknown
        outcomes = engine.translate(texts, "en", "th")
        assert mt.batch_sizes == [5, 1, 1, 1, 1, 1]
    assert engine.batch_mismatches == 1
    assert [o.text for o in outcomes] == [LoopbackMT.answer("th", t) for t in texts]


def test_a_failed_batch_fails_each_of_its_texts_with_the_cause() -> None:
    with LoopbackMT() as mt:
        engine = create_engine("libre", settings(mt))
        mt.fail_next("500", "500")          # first try and its one retry
        outcomes = engine.translate(["One text.", "Another text."], "en", "th")
    assert all(o.error is not None and "HTTP 500" in str(o.error) for o in outcomes)
