"""Engines: language codes, routing, and robustness against a real HTTP fake (loopback only)."""
from __future__ import annotations

import threading

import pytest
from deep_translator import constants as dt_constants

from loopback_mt import NO_HANG_TIMEOUT, LoopbackMT
from workflow.translation.engines import ENGINE_NAMES, available_engines, create_engine, engine_class, register
from workflow.translation.engines.base import Engine, ProviderError, Settings
from workflow.translation.engines.cache import Cache
from workflow.translation.engines.libre import LibreEngine
from workflow.errors import EngineError
from workflow.locales import LOCALES

# What each provider is asked for, per our locale (None: it cannot). Checked by
# hand against each provider's documentation; deep-translator's tables differ.
EXPECTED = {
    "google": {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "tl", "km": "km", "lo": "lo", "my": "my"},
    "mymemory": {"en": "en-GB", "ko": "ko-KR", "id": "id-ID", "ms": "ms-MY", "th": "th-TH", "vi": "vi-VN",
                 "fil": "fil-PH", "km": "km-KH", "lo": "lo-LA", "my": "my-MM"},
    "deepl": {"en": "EN-GB", "ko": "KO", "id": "ID", "ms": None, "th": "TH", "vi": "VI", "fil": None, "km": None, "lo": None, "my": None},
    "microsoft": {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "fil", "km": "km", "lo": "lo", "my": "my"},
    "libre": {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "tl", "km": None, "lo": None, "my": None},
    "papago": {"en": "en", "ko": "ko", "id": "id", "ms": None, "th": "th", "vi": "vi", "fil": None, "km": None, "lo": None, "my": None},
    "yandex": {"en": "en", "ko": "ko", "id": "id", "ms": "ms", "th": "th", "vi": "vi", "fil": "tl", "km": "km", "lo": "lo", "my": "my"},
    "pseudo": {code: code for code in LOCALES},
}
ONLINE = [n for n in EXPECTED if n != "pseudo"]


def fast(mt: LoopbackMT | None = None, **kw) -> Settings:
    options = {"libre_url": mt.url, "google_url": mt.google_url} if mt else {}
    base = {"timeout": NO_HANG_TIMEOUT, "retries": 2, "backoff": 0.01, "max_wait": 5.0}
    base.update(kw)
    return Settings(options=options, env={}, **base)


def test_every_builtin_engine_except_memory_is_registered() -> None:
    found = available_engines()
    assert set(EXPECTED) <= set(found)
    assert set(found) <= set(ENGINE_NAMES)
    with pytest.raises(EngineError, match="unknown engine 'bing'"):
        engine_class("bing")


@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize("name", list(EXPECTED))
def test_language_code_of_every_engine_and_locale(name: str, locale: str) -> None:
    cls = engine_class(name)
    engine = cls.__new__(cls)  # codes are class data: no key or client needed
    expected = EXPECTED[name][locale]
    if expected is None:
        with pytest.raises(ProviderError) as info:
            engine.code(locale)
        assert info.value.reason == "unsupported"
        assert name in str(info.value) and LOCALES[locale].english_name in str(info.value)
    else:
        assert engine.code(locale) == expected


def test_deepl_english_differs_by_role() -> None:
    cls = engine_class("deepl")
    engine = cls.__new__(cls)
    assert engine.code("en", "source") == "EN" and engine.code("en", "target") == "EN-GB"


def test_deep_translator_tables_are_the_ones_we_correct() -> None:
    # If deep-translator fixes these, our notes in the engine modules are stale.
    assert "ms" not in dt_constants.LIBRE_LANGUAGES_TO_CODES.values()
    assert "th" not in dt_constants.LIBRE_LANGUAGES_TO_CODES.values()
    assert dt_constants.PAPAGO_LANGUAGE_TO_CODE["ko"] == "Korean"  # reversed: code → name
    assert dt_constants.GOOGLE_LANGUAGES_TO_CODES["filipino"] == "tl"
    assert dt_constants.MY_MEMORY_LANGUAGES_TO_CODES["korean"] == "ko-KR"
    assert "ko" not in dt_constants.DEEPL_LANGUAGE_TO_CODE.values()


def test_papago_pivots_through_korean_and_unsupported_pairs_are_clear() -> None:
    cls = engine_class("papago")
    engine = cls.__new__(cls)
    assert engine.route("en", "ko") == ["en", "ko"]
    assert engine.route("en", "th") == ["en", "ko", "th"]
    assert engine.route("en", "km") is None
    assert "Khmer" in str(engine.unsupported("en", "km"))


@pytest.mark.parametrize("name", ["deepl", "microsoft", "papago", "yandex"])
def test_missing_key_fails_before_any_request(name: str) -> None:
    with pytest.raises(ProviderError) as info:
        create_engine(name, fast())
    assert info.value.reason == "auth"
    assert engine_class(name).env_vars[0] in str(info.value)


def test_libre_without_url_says_how_to_configure() -> None:
    with pytest.raises(EngineError, match="libre_url"):
        create_engine("libre", fast())


@pytest.fixture
def mt():
    with LoopbackMT(retry_after="1", hang_seconds=3) as server:
        yield server


@pytest.mark.parametrize("name", ["libre", "google"])
def test_real_client_over_http_with_masking(mt: LoopbackMT, name: str) -> None:
    engine = create_engine(name, fast(mt))
    [out] = engine.translate(["Read **the** [plan](https://x.kr/p) by 2019."], "en", "fil")
    assert out.error is None and not out.lost
    assert out.text == "[tl] Read **the** [plan](https://x.kr/p) by 2019."
    # The provider saw tokens, not the URL, markup or numbers.
    [(_, source, target, q)] = mt.requests
    assert (source, target) == ("en", "tl")
    assert "https" not in q and "2019" not in q and "⟦" in q


@pytest.mark.parametrize("fault", ["429", "500", "hang", "drop"])
def test_transient_faults_are_retried(mt: LoopbackMT, fault: str, monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(Engine, "_sleep", lambda self, s: slept.append(s))
    # A short timeout only where the server hangs; there the retry must answer within it (1 s on loopback).
    engine = create_engine("libre", fast(mt, timeout=1.0 if fault == "hang" else NO_HANG_TIMEOUT))
    mt.fail_next(fault)
    [out] = engine.translate(["Hello"], "en", "th")
    assert out.text == "[th] Hello" and out.error is None
    assert mt.count == 2
    assert len(slept) == 1
    if fault == "429":
        assert slept == [1.0]  # Retry-After honoured


def test_retry_after_is_capped_by_max_wait(mt: LoopbackMT, monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(Engine, "_sleep", lambda self, s: slept.append(s))
    mt.retry_after = "3600"
    mt.fail_next("429")
    create_engine("libre", fast(mt, max_wait=2)).translate(["Hello"], "en", "th")
    assert slept == [2.0]


@pytest.mark.parametrize(("fault", "reason", "requests"), [
    ("500", "server-error", 3), ("hang", "timeout", 3), ("429", "rate-limited", 3),
    ("drop", "connection", 3), ("badjson", "bad-response", 1),
])
def test_persistent_faults_become_clear_engine_errors(mt: LoopbackMT, fault: str, reason: str, requests: int, monkeypatch) -> None:
    monkeypatch.setattr(Engine, "_sleep", lambda self, s: None)
    # Only a hang may reach the timeout: a 500/429/drop answer slowed by CI load must not read as one.
    engine = create_engine("libre", fast(mt, timeout=0.3 if fault == "hang" else NO_HANG_TIMEOUT, retries=2))
    mt.fail_next(*[fault] * 3)
    [out] = engine.translate(["Hello"], "en", "th")
    assert out.text is None
    assert isinstance(out.error, EngineError) and out.error.reason == reason
    assert str(out.error).startswith("libre en->th: ")
    assert mt.count == requests
    assert "api_key=unused" not in str(out.error)


def test_refused_connection_is_not_a_raw_requests_error() -> None:
    engine = create_engine("libre", Settings(options={"libre_url": "http://127.0.0.1:9/"}, env={"LIBRETRANSLATE_API_KEY": "s3cret"},
                                             retries=3, backoff=0.01))
    [out] = engine.translate(["Hello"], "en", "th")
    assert out.error.reason == "connection" and "refused" in str(out.error)
    assert "s3cret" not in str(out.error)
    assert engine.requests == 1  # refused: no point retrying


def test_timeout_is_a_real_socket_timeout(mt: LoopbackMT) -> None:
    mt.fail_next("hang")
    engine = create_engine("libre", fast(mt, timeout=0.2, retries=0))
    [out] = engine.translate(["Hello"], "en", "th")
    assert out.error.reason == "timeout" and "0.2 s" in str(out.error)
    assert threading.active_count() < 20  # nothing abandoned in background threads


def test_cache_and_single_flight(mt: LoopbackMT, tmp_path) -> None:
    mt.delay = 0.2
    cache = Cache(tmp_path / "c.sqlite3")
    engine = create_engine("libre", fast(mt), cache)
    threads = [threading.Thread(target=engine.translate, args=(["Same text"], "en", "th")) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert mt.count == 1
    again = create_engine("libre", fast(mt), Cache(tmp_path / "c.sqlite3"))
    [out] = again.translate(["Same text"], "en", "th")
    assert out.cached and out.text == "[th] Same text" and mt.count == 1


def test_texts_without_words_are_not_sent(mt: LoopbackMT) -> None:
    [out] = create_engine("libre", fast(mt)).translate(["2018. 12. 7."], "en", "th")
    assert out.text == "2018. 12. 7." and mt.count == 0


@register
class _EnglishHubEngine(LibreEngine):
    """A Libre server that only pairs languages with English (to exercise pivoting)."""

    name = "test-en-hub"

    def supports(self, source: str, target: str) -> bool:
        return super().supports(source, target) and "en" in (source, target)


def test_pivot_through_english(mt: LoopbackMT) -> None:
    engine = create_engine("test-en-hub", fast(mt))
    [out] = engine.translate(["안녕하세요 **MSIT**"], "ko", "th")
    assert out.via == "en"
    assert [(s, t) for _, s, t, _ in mt.requests] == [("ko", "en"), ("en", "th")]
    assert out.text == "[th] [en] 안녕하세요 **MSIT**"


def test_pseudo_is_accented_expanded_bracketed_and_keeps_tokens() -> None:
    engine = create_engine("pseudo", fast())
    text = "Read the [full plan](https://x.kr) on 7 December"
    [out] = engine.translate([text], "en", "th")
    assert out.text.startswith("[") and out.text.endswith("]")
    assert "](https://x.kr)" in out.text and " 7 " in out.text
    plain = "Every unit of this plain sentence grows"
    [longer] = engine.translate([plain], "en", "th")
    assert len(longer.text) >= len(plain) * 1.3
    assert "Ŕéåð" in out.text
    assert not engine.publishable and engine_class("google").publishable


class _Dropper(Engine):
    name = "test-dropper"
    online = False
    codes = {c: c for c in LOCALES}

    def _translate_batch(self, texts, src, tgt, source, target):
        return [LoopbackMT.answer(tgt, text.split("⟦")[0]) for text in texts]


def test_lost_tokens_reported() -> None:
    [out] = _Dropper(fast()).translate(["Budget 300 billion"], "en", "th")
    assert out.lost == ["300"]


def test_unreachable_provider_trips_the_breaker_instead_of_retrying_every_text(monkeypatch) -> None:
    # A provider that cannot be reached (here: nothing listens on the port) would
    # otherwise cost retries and timeouts for every remaining text of the run.
    monkeypatch.setattr(Engine, "_sleep", lambda self, s: None)
    engine = create_engine("libre", Settings(options={"libre_url": "http://127.0.0.1:9/", "libre_batch_size": 1},
                                             env={"LIBRETRANSLATE_API_KEY": "k"}, retries=2, backoff=0.01))
    outs = engine.translate([f"Sentence number {w}." for w in ("one", "two", "three", "four", "five", "six")], "en", "th")
    assert all(o.error is not None and o.error.reason == "connection" for o in outs)
    assert engine.requests == Engine.BREAKER_LIMIT
    assert "not tried: 3 calls in a row failed" in str(outs[-1].error)


def test_breaker_resets_after_a_success(mt: LoopbackMT, monkeypatch) -> None:
    monkeypatch.setattr(Engine, "_sleep", lambda self, s: None)
    engine = create_engine("libre", fast(mt, retries=0))   # drops fail at once: no timeout involved
    engine.batch_size = 1          # one text per call: the breaker counts calls
    mt.fail_next("drop", "drop")
    outs = engine.translate(["Alpha text.", "Beta text.", "Gamma text.", "Delta text.", "Epsilon text."], "en", "th")
    assert [o.error is None for o in outs] == [False, False, True, True, True]
    assert engine._dead_calls == 0
