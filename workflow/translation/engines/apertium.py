"""The ``apertium`` engine: Apertium, rule-based machine translation that runs on this machine.

No network and no key: each batch of texts goes through one run of the ``apertium``
command (Debian package ``apertium``) with a language pair's data. The pair pressflow
uses is Indonesian↔Malay (``apertium-ind-zlm``), which is how a newsroom drafts
Malay from an approved Indonesian version (``[translate] relay_targets = {ms = "id"}``).

Like every engine it is masked by the base class (markup, URLs, numbers and
do-not-translate terms travel as ``⟦n⟧`` tokens, which Apertium copies as they
are), cached, and retried on a timeout. Texts are sent in Apertium's plain-text
format, separated by blank lines: the deformatter ends a sentence at each blank
line, so no rule reorders words across two texts. Unknown words are not marked
(``apertium -u``: no ``*``, ``@`` or ``#`` in drafts).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Mapping

from workflow.errors import EngineError
from workflow.translation.engines import register
from workflow.translation.engines.base import Answer, Engine, ProviderError, Settings
from workflow.translation.engines.cache import Cache

#: Debian package of Apertium's command-line tools.
COMMAND_PACKAGE = "apertium"
#: The pairs between our locales that Debian packages: (our source, our target) → package.
PAIR_PACKAGES: Mapping[tuple[str, str], str] = {
    ("id", "ms"): "apertium-ind-zlm",
    ("ms", "id"): "apertium-ind-zlm",
}
_SEPARATOR = "\n\n"


@register
class ApertiumEngine(Engine):
    name = "apertium"
    label = "Apertium (offline, rule-based: Indonesian↔Malay with apertium-ind-zlm)"
    online = False
    batch_size = 200
    codes = {"id": "ind", "ms": "zlm"}  # Apertium's ISO 639-3 codes

    def __init__(self, settings: Settings | None = None, cache: Cache | None = None):
        super().__init__(settings, cache)
        missing = self.missing_program(self.settings.env)
        if missing is not None:
            raise EngineError(f"the apertium engine needs {missing}")
        self.executable = shutil.which("apertium", path=self.settings.env.get("PATH", os.defpath)) or "apertium"
        self._modes: frozenset[str] | None = None
        self._modes_lock = threading.Lock()

    @classmethod
    def missing_program(cls, env: Mapping[str, str]) -> str | None:
        if shutil.which("apertium", path=env.get("PATH", os.defpath)) is not None:
            return None
        return ("the `apertium` command, which is not installed: install the Debian packages "
                f"{COMMAND_PACKAGE} and apertium-ind-zlm (sudo apt-get install {COMMAND_PACKAGE} apertium-ind-zlm)")

    def supports(self, source: str, target: str) -> bool:
        return (source, target) in PAIR_PACKAGES

    def modes(self) -> frozenset[str]:
        """The translation directions installed here (``apertium -l``), asked once per run."""
        with self._modes_lock:
            if self._modes is None:
                done = self._run(["-l"], "", "*", "*")
                self._modes = frozenset(line.strip() for line in done.splitlines() if line.strip())
            return self._modes

    def _translate_batch(self, texts: list[str], src: str, tgt: str, source: str, target: str) -> list[Answer]:
        mode = f"{src}-{tgt}"
        try:
            if mode not in self.modes():
                package = PAIR_PACKAGES.get((source, target), f"apertium-{src}-{tgt}")
                raise ProviderError(self.name, source, target, "not-installed",
                                    f"the Apertium pair {mode} is not installed: install the Debian package "
                                    f"{package} (sudo apt-get install {package})")
        except EngineError as exc:
            return [exc] * len(texts)
        out: list[Answer] = [None] * len(texts)
        together = [i for i, t in enumerate(texts) if _SEPARATOR not in t and t.strip()]
        alone = [i for i in range(len(texts)) if i not in set(together)]
        if together:
            joined = _SEPARATOR.join(texts[i] for i in together)
            try:
                output: str | EngineError = self.call(self._apertium, joined, mode, source, target,
                                                      source=source, target=target)
            except EngineError as exc:
                output = exc
            parts = output.rstrip("\n").split(_SEPARATOR) if isinstance(output, str) else []
            if isinstance(output, EngineError):
                for i in together:
                    out[i] = output
            elif len(parts) == len(together):
                for i, text in zip(together, parts):
                    out[i] = text
            else:
                alone.extend(together)  # the output did not split back: one run per text
        for i in sorted(alone):
            try:
                out[i] = self.call(self._apertium, texts[i], mode, source, target, source=source, target=target)
            except EngineError as exc:
                out[i] = exc
        return out

    def _apertium(self, text: str, mode: str, source: str, target: str) -> str:
        """One run of ``apertium -u MODE`` on ``text`` (blank-line separated texts included)."""
        return self._run(["-u", mode], text + "\n", source, target).rstrip("\n")

    def _run(self, args: list[str], stdin: str, source: str, target: str) -> str:
        """Run ``apertium ARGS`` on ``stdin``; a ProviderError when it fails or takes too long."""
        env = {**os.environ, **self.settings.env, "LC_ALL": "C.UTF-8"}
        try:
            done = subprocess.run([self.executable, *args], input=stdin, capture_output=True, text=True,
                                  encoding="utf-8", timeout=self.settings.timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise ProviderError(self.name, source, target, "timeout",
                                f"apertium gave no answer within {self.settings.timeout:g} s", retryable=True) from None
        except OSError as exc:
            raise ProviderError(self.name, source, target, "error", f"cannot run {self.executable}: {exc}") from None
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            raise ProviderError(self.name, source, target, "error", f"apertium failed: {detail[:200]}")
        return done.stdout
