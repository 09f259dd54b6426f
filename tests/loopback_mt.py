"""A fake machine-translation provider on 127.0.0.1, for tests and benchmarks.

Speaks enough of four real APIs for deep-translator's own clients (and pressflow's
batch requests) to talk to it over HTTP, unpatched:

* LibreTranslate: ``POST /translate`` (q, source, target, api_key in the query
  string or form/JSON body) → ``{"translatedText": "[th] text"}``; a JSON list ``q``
  gets a list back; ``GET /languages``.
* Google's mobile page: ``GET /m?sl=en&tl=th&q=text`` → HTML with
  ``<div class="result-container">[th] text</div>``.
* DeepL: ``GET|POST /deepl/v2/translate`` (one or more ``text``, ``target_lang``) →
  ``{"translations": [{"text": ...}, ...]}``.
* Microsoft: ``POST /microsoft/translate?api-version=3.0&to=th`` with a JSON array of
  ``{"Text": ...}`` → ``[{"translations": [{"text": ..., "to": "th"}]}, ...]``.

Answers are deterministic (``[target] text``); every text asked for is recorded
(``count``, ``texts()``) and every HTTP translation request counted (``calls``,
``batch_sizes``). Faults can be queued per request: ``429`` (with Retry-After),
``500``, ``hang`` (answers after ``hang_seconds``), ``drop`` (closes the connection
without a response), ``badjson`` and ``short`` (a batch answer one text short).
"""
from __future__ import annotations

import html
import json
import threading
import time
import urllib.parse
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FAULTS = ("429", "500", "hang", "drop", "badjson", "short")

#: Socket timeout (seconds) for clients of a server that is not told to ``hang``. The
#: loopback answers at once, so only a stalled machine ever reaches it; a short timeout
#: (the suite used 2 s) can expire on a loaded 2-core CI runner, and the retry it causes
#: takes the next queued fault, so faults land on other units than the test expects (and
#: a request recorded late can count after ``reset``). Tests of timeouts use ``hang``.
NO_HANG_TIMEOUT = 60.0


class LoopbackMT:
    """``with LoopbackMT(delay=0.05) as mt: ... mt.url ... mt.count``"""

    def __init__(self, delay: float = 0.0, retry_after: str = "1", hang_seconds: float = 5.0):
        self.delay = delay
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self.requests: list[tuple[str, str, str, str]] = []  # (api, source, target, q): one per text asked for
        self.batch_sizes: list[int] = []                     # texts per HTTP translation request
        self.faults: deque[str] = deque()
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------
    def start(self) -> LoopbackMT:
        handler = type("Handler", (_Handler,), {"mt": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="loopback-mt", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LoopbackMT:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """LibreTranslate base URL (with the trailing slash deep-translator needs)."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def google_url(self) -> str:
        return self.url + "m"

    def fail_next(self, *faults: str) -> None:
        """Queue faults for the next translation requests, in order."""
        for fault in faults:
            assert fault in FAULTS, fault
        with self.lock:
            self.faults.extend(faults)

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.requests)

    @property
    def calls(self) -> int:
        """HTTP translation requests received (a batch of texts is one)."""
        with self.lock:
            return len(self.batch_sizes)

    def texts(self) -> Counter:
        """How often each (target, q) was requested."""
        with self.lock:
            return Counter((target, q) for _, _, target, q in self.requests)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.batch_sizes.clear()
            self.faults.clear()

    @staticmethod
    def answer(target: str, text: str) -> str:
        return f"[{target}] {text}"


class _Handler(BaseHTTPRequestHandler):
    mt: LoopbackMT
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: str, content_type: str = "application/json", headers: dict | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing to report

    def _params(self) -> tuple[dict[str, str], list[str]]:
        """(parameters of the query string and body, the texts asked for)."""
        parsed = urllib.parse.urlsplit(self.path)
        pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body: Any = None
        if length:
            raw = self.rfile.read(length).decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw)
                if isinstance(body, dict):
                    pairs += [(k, v if isinstance(v, list) else str(v)) for k, v in body.items()]
            else:
                pairs += urllib.parse.parse_qsl(raw, keep_blank_values=True)
        params = {k: v for k, v in pairs if not isinstance(v, list)}
        if isinstance(body, list):                       # Microsoft: [{"Text": ...}, ...]
            texts = [str(item.get("Text", item.get("text", ""))) for item in body]
        elif isinstance(body, dict) and isinstance(body.get("q"), list):   # Libre batch
            texts = [str(q) for q in body["q"]]
            self._json_q = body["q"]
        elif any(k == "text" for k, _ in pairs):         # DeepL: text=...&text=...
            texts = [str(v) for k, v in pairs if k == "text"]
        else:
            texts = [params.get("q", "")]
        return params, texts

    def _translate(self, api: str) -> None:
        params, texts = self._params()
        source = params.get("source") or params.get("sl") or params.get("source_lang") or params.get("from", "")
        target = params.get("target") or params.get("tl") or params.get("target_lang") or params.get("to", "")
        text = texts[0] if texts else ""
        mt = self.mt
        with mt.lock:
            mt.requests.extend((api, source, target, t) for t in texts)
            mt.batch_sizes.append(len(texts))
            fault = mt.faults.popleft() if mt.faults else None
        if mt.delay:
            time.sleep(mt.delay)
        if fault == "429":
            return self._send(429, '{"error": "Slowdown"}', headers={"Retry-After": mt.retry_after})
        if fault == "500":
            return self._send(500, '{"error": "boom"}')
        if fault == "hang":
            time.sleep(mt.hang_seconds)
        if fault == "drop":
            self.close_connection = True
            self.connection.close()
            return None
        if fault == "badjson":
            return self._send(200, '{"translatedText": ')
        answers = [mt.answer(target, t) for t in texts]
        if fault == "short":
            answers = answers[:-1]
        answer = answers[0] if answers else ""
        if api == "deepl":
            return self._send(200, json.dumps({"translations": [{"detected_source_language": source, "text": a}
                                                                for a in answers]}))
        if api == "microsoft":
            return self._send(200, json.dumps([{"translations": [{"text": a, "to": target}]} for a in answers]))
        if api == "libre" and isinstance(self._json_q, list):
            return self._send(200, json.dumps({"translatedText": answers}))
        if api == "google":
            page = f'<html><body><div class="result-container">{html.escape(answer)}</div></body></html>'
            return self._send(200, page, "text/html")
        return self._send(200, json.dumps({"translatedText": answer}))

    _json_q: Any = None

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/translate":
            return self._translate("libre")
        if path == "/deepl/v2/translate":
            return self._translate("deepl")
        if path == "/microsoft/translate":
            return self._translate("microsoft")
        return self._send(404, '{"error": "not found"}')

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/languages":
            codes = ["en", "ko", "id", "ms", "th", "vi", "tl"]
            return self._send(200, json.dumps([{"code": c, "name": c, "targets": codes} for c in codes]))
        if path == "/m":
            return self._translate("google")
        if path == "/deepl/v2/translate":
            return self._translate("deepl")
        return self._send(404, '{"error": "not found"}')


def make_workspace(root: Path, releases: dict[str, list[str]], locales: list[str], *, translate: str = "") -> Path:
    """A small newsroom at ``root``: one release per slug and an untranslated PO per locale.

    The PO files are built directly from ``releases[slug]`` (the units), so MT
    tests do not depend on segmentation. ``translate`` is extra ``[translate]`` TOML.
    """
    import datetime as dt

    from workflow.catalogs import new_catalog, save_catalog

    root = Path(root)
    (root / "releases").mkdir(parents=True, exist_ok=True)
    (root / "pressflow.toml").write_text(
        "[workspace]\nsource_language = \"en\"\n"
        f"target_locales = {json.dumps(locales)}\n\n[translate]\n{translate}\n", encoding="utf-8")
    day = dt.date(2020, 1, 1)
    for i, (slug, units) in enumerate(releases.items()):
        date = day + dt.timedelta(days=i)
        body = "\n\n".join(units)
        (root / "releases" / f"{date}-{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: {slug}\ndate: {date}\nlang: en\n---\n\n{body}\n", encoding="utf-8")
        for locale in locales:
            catalog = new_catalog(locale, project=slug)
            for unit in dict.fromkeys(units):
                catalog.add(unit)
            save_catalog(catalog, root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po")
    return root


if __name__ == "__main__":  # manual use: python3 tests/loopback_mt.py
    with LoopbackMT() as server:
        print(f"LibreTranslate at {server.url}, Google page at {server.google_url}; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
