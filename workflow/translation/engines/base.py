"""The engine base class: everything engines have in common is done here, once.

An engine module only says what is specific to its provider: its language codes
(``codes``: our locale → provider code, absent = cannot do it) and how to
translate a text (``_translate_one``) or a batch (``_translate_batch``). The base
class does the rest for every engine, in this order:

1. **route**: the direct pair, or a pivot (``source → pivot → target``) when the
   engine lacks the pair but has both legs;
2. **masking** (:mod:`workflow.translation.masking`) of markup, URLs, numbers and
   do-not-translate terms, and restoring them afterwards;
3. **cache** lookup and write-through (:mod:`workflow.translation.engines.cache`), plus
   single-flight: a text asked for by two threads at once is requested once;
4. **batching**: up to ``batch_size`` texts and ``batch_chars`` characters per provider
   call (:meth:`Engine.split_batches`). A provider that takes several texts in one
   request implements ``_request_batch``; an answer of the wrong length (or with a
   missing text) is retried one text at a time, so a batch never shifts translations;
5. for online engines, **timeouts, retries and rate limiting**: a socket timeout
   on every request, retries with exponential backoff on 429/5xx/timeouts/dropped
   connections honouring Retry-After, a per-engine request rate cap, and every
   failure turned into a :class:`ProviderError` naming engine, pair and cause.

An offline engine (``online = False``: pseudo, translation memory) overrides
``_translate_batch`` and may return ``None`` for "no answer", which sends the
text to the next engine of the chain. For example::

    @register
    class MemoryEngine(Engine):
        name = "memory"
        online = False          # no HTTP: no retries, timeouts or rate limit
        cacheable = False       # the store itself is the cache
        masks = False           # look up the raw source text
        batch_size = 500

        def _translate_batch(self, texts, source, target):
            return [store.best(text, source, target) for text in texts]  # str or None
"""
from __future__ import annotations

import email.utils
import os
import random
import re
import threading
import time
from abc import ABC
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from workflow.errors import EngineError
from workflow.locales import LOCALES
from workflow.translation.engines.cache import Cache
from workflow.translation.masking import Masked, Masker

if TYPE_CHECKING:
    from workflow.translation.engines.http import Capture
    from workflow.workspace import Workspace

_T = TypeVar("_T")

#: Every locale (source languages included) an engine may be asked about.
ALL_LOCALES: tuple[str, ...] = tuple(LOCALES)


class ProviderError(EngineError):
    """An engine could not translate: ``reason`` is a short category for summaries."""

    def __init__(self, engine: str, source: str, target: str, reason: str, cause: str, *,
                 retryable: bool = False, retry_after: float | None = None):
        super().__init__(f"{engine} {source}->{target}: {cause}")
        self.engine, self.source, self.target = engine, source, target
        self.reason, self.cause = reason, cause
        self.retryable, self.retry_after = retryable, retry_after

    def set_cause(self, cause: str) -> None:
        self.cause = cause
        self.message = f"{self.engine} {self.source}->{self.target}: {cause}"
        self.args = (self.message,)


@dataclass
class Settings:
    """Run-time knobs shared by all engines (from ``[translate]`` and the environment)."""

    timeout: float = 15.0
    retries: int = 3
    rate_limit: float = 0.0
    backoff: float = 0.5
    max_wait: float = 60.0
    do_not_translate: list[str] = field(default_factory=list)
    options: Mapping[str, Any] = field(default_factory=dict)  # the whole [translate] table
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    workspace: Workspace | None = None  # the Workspace of the run, for offline engines that read it (memory)

    @classmethod
    def from_config(cls, section: Mapping[str, Any], do_not_translate: list[str] | None = None,
                    env: Mapping[str, str] | None = None, workspace: Workspace | None = None) -> Settings:
        return cls(
            timeout=float(section.get("timeout", 15)), retries=int(section.get("retries", 3)),
            rate_limit=float(section.get("rate_limit", 0)), backoff=float(section.get("backoff", 0.5)),
            max_wait=float(section.get("max_wait", 60)),
            do_not_translate=list(do_not_translate if do_not_translate is not None else section.get("do_not_translate", [])),
            options=dict(section), env=env if env is not None else os.environ, workspace=workspace,
        )


@dataclass
class Outcome:
    """The answer for one source text: ``text`` (restored) or ``error``, or neither (no answer)."""

    text: str | None
    engine: str
    cached: bool = False
    lost: list[str] = field(default_factory=list)
    error: EngineError | None = None
    via: str | None = None  # pivot language, when one was used
    details: dict[str, str] = field(default_factory=dict)  # extra draft-stamp fields (memory: score, source)


Answer = str | None | EngineError  # what a provider call yields per text


class Engine(ABC):
    """Base class of every machine-translation engine (see the module docstring)."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    online: ClassVar[bool] = True
    #: our locale → provider code; a locale missing here is one the engine cannot do.
    codes: ClassVar[Mapping[str, str]] = {}
    #: True for offline engines that take any locale (pseudo, memory): ``codes`` is not consulted.
    any_locale: ClassVar[bool] = False
    #: provider codes that differ when the language is the *source* (DeepL: EN vs EN-GB).
    source_codes: ClassVar[Mapping[str, str]] = {}
    batch_size: ClassVar[int] = 1
    #: most characters / UTF-8 bytes of source text in one provider call (0: no limit); a longer text goes alone.
    batch_chars: ClassVar[int] = 0
    batch_bytes: ClassVar[int] = 0
    masks: ClassVar[bool] = True
    cacheable: ClassVar[bool] = True
    #: False for test engines (pseudo): QA and publishing refuse their drafts.
    publishable: ClassVar[bool] = True
    #: environment variables the engine reads (documented in the README).
    env_vars: ClassVar[tuple[str, ...]] = ()
    #: preferred pivot language of this provider (else the configured one).
    pivot: ClassVar[str | None] = None
    #: failed calls in a row (connection, timeout, auth) after which the engine gives up for the run.
    BREAKER_LIMIT: ClassVar[int] = 3
    BREAKER_REASONS: ClassVar[frozenset[str]] = frozenset({"connection", "timeout", "auth"})

    @classmethod
    def missing_program(cls, env: Mapping[str, str]) -> str | None:
        """Why the engine cannot run on this machine (a program it needs is not installed), else None."""
        return None

    def __init__(self, settings: Settings | None = None, cache: Cache | None = None):
        self.settings = settings or Settings()
        self.cache = cache
        self.masker = Masker(self.settings.do_not_translate)
        self._inflight: dict[tuple[str, str, str], Future] = {}
        self._inflight_lock = threading.Lock()
        self._rate_lock = threading.Lock()
        self._next_slot = 0.0
        self.requests = 0  # provider calls made (for summaries and benchmarks)
        self.batch_mismatches = 0  # batch answers of the wrong length (their texts were sent one by one)
        # Circuit breaker: consecutive calls that failed because the provider is out of
        # reach or refuses our key. Past BREAKER_LIMIT the rest of the run fails fast
        # instead of spending retries and timeouts on every remaining text.
        self._dead_calls = 0
        self._dead_error: ProviderError | None = None

    # -- languages ---------------------------------------------------------
    @property
    def cache_id(self) -> str:
        """Identifies answers in the cache: engines pointing elsewhere (a Libre URL) differ."""
        return self.name

    def code(self, locale: str, role: str = "target") -> str:
        """The provider's code for our ``locale``; :class:`ProviderError` if it has none."""
        if self.any_locale:
            return locale
        code = (self.source_codes.get(locale) if role == "source" else None) or self.codes.get(locale)
        if not code:
            language = LOCALES[locale].english_name if locale in LOCALES else locale
            as_what = "a source language" if role == "source" else "a target language"
            raise ProviderError(self.name, locale if role == "source" else "*", locale if role == "target" else "*",
                                "unsupported", f"{self.name} does not support {language} ({locale}) as {as_what}")
        return code

    def supports(self, source: str, target: str) -> bool:
        """Whether the provider translates ``source`` → ``target`` directly."""
        return source != target and (self.any_locale or bool(
            (self.source_codes.get(source) or self.codes.get(source)) and self.codes.get(target)
        ))

    def route(self, source: str, target: str, pivot: str | None = "en") -> list[str] | None:
        """``[source, target]``, ``[source, pivot, target]`` or None when impossible."""
        if self.supports(source, target):
            return [source, target]
        for via in dict.fromkeys(p for p in (self.pivot, pivot) if p):
            if via not in (source, target) and self.supports(source, via) and self.supports(via, target):
                return [source, via, target]
        return None

    def unsupported(self, source: str, target: str) -> ProviderError:
        for role, locale in (("source", source), ("target", target)):
            try:
                self.code(locale, role)
            except ProviderError as exc:
                return ProviderError(self.name, source, target, "unsupported", exc.cause)
        return ProviderError(self.name, source, target, "unsupported",
                             f"{self.name} cannot translate {source} into {target}, not even through a pivot")

    # -- the pipeline ------------------------------------------------------
    def translate(self, texts: list[str], source: str, target: str, pivot: str | None = "en") -> list[Outcome]:
        """Translate source texts (our locale codes); one :class:`Outcome` per text, in order."""
        route = self.route(source, target, pivot)
        if route is None:
            error = self.unsupported(source, target)
            return [Outcome(None, self.name, error=error) for _ in texts]
        masked = [self.masker.mask(t) if self.masks else Masked(t) for t in texts]
        current: list[str | None] = [m.text for m in masked]
        cached = [True] * len(texts)
        errors: list[EngineError | None] = [None] * len(texts)
        for a, b in zip(route, route[1:]):
            todo = [i for i, text in enumerate(current) if text is not None and errors[i] is None]
            # Nothing translatable (only numbers, URLs, tokens): the text is its own translation.
            send = [i for i in todo if _has_words(current[i] or "")]   # todo holds no None
            answers = self._leg([current[i] for i in send], a, b)  # type: ignore[misc]
            for i, (answer, hit) in zip(send, answers):
                if isinstance(answer, EngineError):
                    errors[i] = answer
                else:
                    current[i] = answer
                cached[i] = cached[i] and hit
        outcomes = []
        via = route[1] if len(route) == 3 else None
        for i, m in enumerate(masked):
            answer = current[i]
            if errors[i] is not None:
                outcomes.append(Outcome(None, self.name, error=errors[i], via=via))
            elif answer is None:
                outcomes.append(Outcome(None, self.name, via=via))
            else:
                restored = m.restore(answer) if self.masks else None
                text = restored.text if restored else answer
                # An answer may carry stamp details (a str subclass with .details, e.g. memory's).
                details = {k: str(v) for k, v in (getattr(answer, "details", None) or {}).items()}
                outcomes.append(Outcome(str(text), self.name, cached=cached[i] and self.cacheable,
                                        lost=restored.lost if restored else [], via=via, details=details))
        return outcomes

    def _leg(self, texts: list[str], source: str, target: str) -> list[tuple[Answer, bool]]:
        """One hop of a route, with cache, single-flight and batching; (answer, from_cache) per text."""
        if not texts:
            return []
        src, tgt = self.code(source, "source"), self.code(target, "target")
        results: list[tuple[Answer, bool] | None] = [None] * len(texts)
        mine: list[tuple[int, str, tuple[str, str, str], Future]] = []
        waiting: list[tuple[int, Future]] = []
        for i, text in enumerate(texts):
            if self.cacheable and self.cache is not None:
                hit = self.cache.get(self.cache_id, src, tgt, text)
                if hit is not None:
                    results[i] = (hit, True)
                    continue
            key = (src, tgt, text)
            with self._inflight_lock:
                future = self._inflight.get(key)
                if future is None:
                    future = Future()
                    self._inflight[key] = future
                    mine.append((i, text, key, future))
                else:
                    waiting.append((i, future))
        for chunk in self.split_batches(mine, lambda item: item[1]):
            try:
                answers = self._translate_batch([text for _, text, _, _ in chunk], src, tgt, source, target)
            except EngineError as exc:
                answers = [exc] * len(chunk)
            except Exception as exc:  # a bug in a provider module must not lose the run
                answers = [ProviderError(self.name, source, target, "error", f"{type(exc).__name__}: {exc}")] * len(chunk)
            for (i, text, key, future), answer in zip(chunk, answers):
                if isinstance(answer, str) and self.cacheable and self.cache is not None:
                    self.cache.put(self.cache_id, src, tgt, text, answer)
                results[i] = (answer, False)
                with self._inflight_lock:
                    del self._inflight[key]
                future.set_result(answer)
        for i, future in waiting:
            results[i] = (future.result(), False)
        return results  # type: ignore[return-value]

    # -- provider calls ----------------------------------------------------
    def split_batches(self, items: list[_T], text_of: Callable[[_T], str]) -> list[list[_T]]:
        """``items`` in order, cut into provider calls of at most ``batch_size`` texts, ``batch_chars``
        characters and ``batch_bytes`` UTF-8 bytes (a text over a limit on its own is sent alone)."""
        size = max(1, self.batch_size)
        batches: list[list[_T]] = []
        current: list[_T] = []
        chars = size_bytes = 0
        for item in items:
            text = text_of(item)
            length = len(text)
            nbytes = len(text.encode("utf-8")) if self.batch_bytes else 0
            if current and (len(current) >= size or (self.batch_chars and chars + length > self.batch_chars)
                            or (self.batch_bytes and size_bytes + nbytes > self.batch_bytes)):
                batches.append(current)
                current, chars, size_bytes = [], 0, 0
            current.append(item)
            chars += length
            size_bytes += nbytes
        if current:
            batches.append(current)
        return batches

    def _request_batch(self, texts: list[str], src: str, tgt: str) -> list[str]:
        """One provider request translating all ``texts`` (for providers that take several texts at once)."""
        raise NotImplementedError

    def _translate_batch(self, texts: list[str], src: str, tgt: str, source: str, target: str) -> list[Answer]:
        """Provider codes ``src``/``tgt`` (our locales ``source``/``target`` for messages).

        With ``_request_batch`` the texts go in one request; otherwise, and for every text a
        batch answer lacks (wrong length, empty or non-text item), one request per text,
        each with timeouts and retries.
        """
        if len(texts) > 1 and type(self)._request_batch is not Engine._request_batch:
            try:
                answers = self.call(self._request_batch, texts, src, tgt, source=source, target=target)
            except EngineError as exc:
                return [exc] * len(texts)
            if len(answers) == len(texts):
                good = [isinstance(a, str) and (a.strip() != "" or not t.strip()) for a, t in zip(answers, texts)]
                if all(good):
                    return list(answers)
                retry = [t for t, ok in zip(texts, good) if not ok]
                again = iter(self._translate_batch_one_by_one(retry, src, tgt, source, target))
                return [a if ok else next(again) for a, ok in zip(answers, good)]
            self.batch_mismatches += 1   # the provider merged or dropped texts: never guess which
        return self._translate_batch_one_by_one(texts, src, tgt, source, target)

    def _translate_batch_one_by_one(self, texts: list[str], src: str, tgt: str, source: str, target: str) -> list[Answer]:
        out: list[Answer] = []
        for text in texts:
            try:
                out.append(self.call(self._translate_one, text, src, tgt, source=source, target=target))
            except EngineError as exc:
                out.append(exc)
        return out

    def _translate_one(self, text: str, src: str, tgt: str) -> str:
        raise NotImplementedError(f"{type(self).__name__} must implement _translate_one or _translate_batch")

    def call(self, func: Callable[..., Any], *args: Any, source: str, target: str) -> Any:
        """Run one provider call with rate limit, socket timeout and retries."""
        from workflow.translation.engines import http

        tripped = self._dead_error
        if tripped is not None and self._dead_calls >= self.BREAKER_LIMIT:
            raise ProviderError(self.name, source, target, tripped.reason,
                                f"not tried: {self.BREAKER_LIMIT} calls in a row failed ({tripped.cause})")
        try:
            result = self._call_with_retries(http, func, args, source, target)
        except ProviderError as error:
            if error.reason in self.BREAKER_REASONS:
                with self._inflight_lock:
                    self._dead_calls += 1
                    self._dead_error = error
            raise
        with self._inflight_lock:
            self._dead_calls, self._dead_error = 0, None
        return result

    def _call_with_retries(self, http: ModuleType, func: Callable[..., Any], args: tuple[Any, ...],
                           source: str, target: str) -> Any:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._throttle()
            with http.capture(self.settings.timeout) as cap:
                self.requests += 1
                try:
                    result = func(*args)
                except Exception as exc:
                    error = self.classify(exc, cap, source, target)
                else:
                    if isinstance(result, list) and func == self._request_batch:
                        return result       # checked item by item by _translate_batch
                    if isinstance(result, str) and (result.strip() or not any(str(a).strip() for a in args[:1])):
                        return result
                    error = ProviderError(self.name, source, target, "bad-response",
                                          f"empty or non-text answer {result!r:.60}")
            if not error.retryable or attempt == attempts - 1:
                if attempt:
                    error.set_cause(f"{error.cause} (after {attempt + 1} attempts)")
                raise error
            self._sleep(self._delay(attempt, error.retry_after))
        raise AssertionError("unreachable")

    def classify(self, exc: BaseException, cap: Capture, source: str, target: str) -> ProviderError:
        """Turn whatever the client raised (and what we saw on the wire) into a ProviderError."""
        import requests

        def err(reason: str, cause: str, retryable: bool = False, retry_after: float | None = None) -> ProviderError:
            return ProviderError(self.name, source, target, reason, cause, retryable=retryable, retry_after=retry_after)

        if isinstance(exc, ProviderError):
            return exc
        transport = cap.error or exc
        if isinstance(transport, requests.Timeout):
            return err("timeout", f"no answer within {self.settings.timeout:g} s", True)
        if isinstance(transport, requests.ConnectionError):
            if _caused_by(transport, ConnectionRefusedError):
                return err("connection", f"connection refused ({_short(transport)})")
            return err("connection", f"connection failed or dropped ({_short(transport)})", True)
        if cap.status == 429:
            return err("rate-limited", "HTTP 429 Too Many Requests", True, _retry_after(cap.headers))
        if cap.status and cap.status >= 500:
            return err("server-error", f"HTTP {cap.status} from the provider", True, _retry_after(cap.headers))
        if cap.status in (401, 403):
            keys = " or ".join(f"${v}" for v in self.env_vars) or "the API key"
            return err("auth", f"HTTP {cap.status}: not authorised (check {keys})")
        if cap.status and cap.status >= 400:
            return err("rejected", f"HTTP {cap.status}: {_whole(cap.body, 160) or 'request rejected'}")
        if type(exc).__name__ == "TranslationNotFound":
            return err("no-translation", "the provider returned no translation")
        if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError, IndexError)):
            return err("bad-response", f"malformed answer from the provider ({type(exc).__name__}: {_short(exc)})")
        return err("error", f"{type(exc).__name__}: {_short(exc)}")

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)  # one place to wait between retries (tests record it)

    def _throttle(self) -> None:
        if self.settings.rate_limit <= 0 or not self.online:
            return
        with self._rate_lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self.settings.rate_limit
        if slot > now:
            time.sleep(slot - now)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.settings.max_wait)
        return min(self.settings.backoff * (2 ** attempt) * (1 + random.random() / 4), self.settings.max_wait)

    def close(self) -> None:
        """Release clients (sessions) held by the engine."""


def _has_words(text: str) -> bool:
    from workflow.translation.masking import TOKEN_RE

    return any(ch.isalpha() for ch in TOKEN_RE.sub("", text))


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            return True
        if isinstance(item, BaseException):
            stack.extend([item.__cause__, item.__context__, *[a for a in item.args if isinstance(a, BaseException)]])
            stack.append(getattr(item, "reason", None))
    return False


_SECRET = re.compile(r"(?i)\b(api_key|auth_key|key|secret|token|q)=[^&\s)]*")


_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>:?\s*")
# What requests says when a connection fails: "HTTPSConnectionPool(host='h', port=443): Max retries
# exceeded (Caused by NameResolutionError("...: Failed to resolve 'h' ([Errno -2] ...)"))"
_POOL_ERROR = re.compile(r"\w*ConnectionPool\(host='([^']*)', port=(\d+)\): .*?\(Caused by (\w+)\((.*)\)\)$")


def _whole(text: str, limit: int = 300) -> str:
    """``text`` on one line; past ``limit`` characters it ends at a word boundary with "…" (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip(" ,;:(") + " …"


def _short(exc: BaseException) -> str:
    """A one-line cause, without the request URL's query (keys and text) that requests quotes, or
    the object addresses urllib3 adds; a failed connection reads ``cannot reach host:port: cause``."""
    text = re.sub(r"\s*with url: \S+", "", str(exc).strip().replace("\n", " "))
    text = _SECRET.sub(lambda m: f"{m.group(1)}=…", text)
    text = _OBJECT_REPR.sub("", text)
    if m := _POOL_ERROR.match(text):
        host, port, kind, detail = m.groups()
        detail = re.sub(r"^\w+\(host='[^']*', port=\d+\):\s*", "", detail.strip(chr(34) + chr(39) + " "))
        text = f"cannot reach {host}:{port}: {kind}: {detail}"
    return _whole(text) or type(exc).__name__


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
