"""``pressflow translate``: fill untranslated units with machine drafts.

Only untranslated units (:func:`workflow.review.units.can_draft`) are filled; a unit a
person wrote, reviewed, approved or rejected is never touched. Each draft is
stored with :func:`workflow.review.units.mark_draft` (``#, fuzzy`` plus
``# pressflow: draft origin=<engine> at=...``), so Poedit, msgfmt and ``status``
treat it as unfinished.

The run is thrifty and resumable:

* identical source text is requested once per target locale, however many
  releases share it; every answer goes to the on-disk cache the moment it
  arrives, so a rerun after a crash or Ctrl-C asks nothing twice;
* requests run concurrently (``[translate] workers``), engines are tried in
  chain order with a per-locale fallback, and a pair an engine lacks goes
  through a pivot language;
* each catalog is saved (atomically, under its lock) as soon as its units are
  done, and dirty catalogs every few seconds, so a kill loses at most the
  requests in flight.
"""
from __future__ import annotations

import shlex
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from workflow.catalogs import Catalog, Entry, edit_catalog, load_catalog
from workflow.catalogs.validate import plural_forms_of
from workflow.errors import CatalogError, EngineError
from workflow.review.units import mark_draft
from workflow.translation.drafting import (
    control_characters,
    fit_charset,
    ensure_header,
    ensure_plural_forms,
    fill_forms,
    match_newlines,
    plural_sources,
)
from workflow.translation.engines import create_engine
from workflow.translation.engines.base import Engine, Outcome, ProviderError, Settings
from workflow.translation.engines.cache import open_cache
from workflow.translation.jobs import CatalogJob, Unusable, collect_jobs
from workflow.workspace import Workspace
from workflow.wording import counted

FLUSH_EVERY = 3.0  # seconds between saves of catalogs that received drafts


NO_ANSWER = "no answer from any engine"   # a unit every engine passed on: not a failure (exit 0)


@dataclass(frozen=True)
class NotDrafted:
    """A unit left untranslated, and why."""

    path: Path
    line: int
    msgid: str
    reason: str


@dataclass
class Summary:
    """What a run did, counted in units (PO entries) unless named otherwise."""

    drafted: int = 0
    from_cache: int = 0
    masking_lost: int = 0
    no_answer: int = 0
    failed: Counter = field(default_factory=Counter)  # reason → units
    errors: list[str] = field(default_factory=list)   # distinct messages, first ones
    unique_texts: int = 0                              # distinct (locale, text) pairs needed
    requests: int = 0                                  # provider calls, retries included
    files_changed: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # catalogs to create with `update`
    by_engine: Counter = field(default_factory=Counter)
    plural: int = 0                                    # plural units drafted (all their forms)
    not_drafted: list[NotDrafted] = field(default_factory=list)  # units left untranslated, named
    headers: list[str] = field(default_factory=list)   # header lines pressflow added, per file
    by_via: Counter = field(default_factory=Counter)    # "en-approved", "en-machine" → drafts
    waiting: Counter = field(default_factory=Counter)   # relay locale → units waiting for its approval
    redrafted: int = 0                                 # stale relay drafts drafted again
    note: str | None = None                            # a hint when the selection found nothing to draft
    unusable: list[Unusable] = field(default_factory=list)  # catalogs skipped as a whole (reported once each)
    already_drafted: int = 0                           # units left as they are: they have a machine draft

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unusable


# ---------------------------------------------------------------------------
# What to translate


def _do_not_translate(ws: Workspace) -> list[str]:
    """``[translate] do_not_translate`` plus the glossary's do-not-translate terms."""
    from workflow.review.glossary import load_glossary

    return list(dict.fromkeys([*ws.config["translate"]["do_not_translate"], *load_glossary(ws).do_not_translate]))


# ---------------------------------------------------------------------------
# The run


@dataclass
class _Work:
    source: str
    locale: str
    step: int          # index into the candidate engines of (source, locale)
    texts: list[str]


class _Run:
    def __init__(self, ws: Workspace, chain: list[str], settings: Settings, workers: int, progress: bool | None):
        self.ws = ws
        self.section = ws.config["translate"]
        self.chain = chain
        self.settings = settings
        self.workers = workers
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.cache = open_cache(ws.state_dir)
        self.engines: dict[str, Engine] = {}
        self.summary = Summary()
        self.results: dict[tuple[str, str, str], Outcome] = {}
        self.errors: dict[tuple[str, str, str], EngineError] = {}
        self.jobs_by_key: dict[tuple[str, str, str], list[CatalogJob]] = {}
        self.candidates: dict[tuple[str, str], list[Engine]] = {}
        self.unsupported: dict[tuple[str, str], ProviderError] = {}
        self.not_written: dict[Path, str] = {}   # catalogs a flush could not write, and why

    def engine(self, name: str) -> Engine:
        if name not in self.engines:
            self.engines[name] = create_engine(name, self.settings, self.cache)
        return self.engines[name]

    def plan(self, source: str, locale: str) -> list[Engine]:
        """Engines for one pair: the chain, then the locale's fallback, minus those that cannot."""
        key = (source, locale)
        if key not in self.candidates:
            names = list(dict.fromkeys([*self.chain, *filter(None, [self.section["fallback"].get(locale)])]))
            usable, reasons = [], []
            for name in names:
                engine = self.engine(name)
                if engine.route(source, locale, self.section["pivot"]) is None:
                    reasons.append(engine.unsupported(source, locale).cause)
                else:
                    usable.append(engine)
            self.candidates[key] = usable
            if reasons or not usable:
                # Used when no usable engine answers: the user asked for engines that cannot do this pair.
                self.unsupported[key] = ProviderError(
                    "/".join(names) or "none", source, locale, "unsupported",
                    "no engine in the chain can translate this pair: " + "; ".join(reasons or ["the chain is empty"]),
                )
        return self.candidates[key]

    # -- results -------------------------------------------------------------
    def flush(self, job: CatalogJob) -> None:
        """Write the drafts resolved so far into one catalog (re-checking can_draft under the lock).

        A catalog that cannot be written (it would fail ``msgfmt -c``, or its charset lacks a
        character of the drafts) is reported and left as it was; the run goes on.
        """
        job.dirty = False
        changed = False
        counts = (self.summary.drafted, self.summary.plural, self.summary.masking_lost, self.summary.from_cache,
                  Counter(self.summary.by_engine), list(self.summary.headers))
        try:
            with edit_catalog(job.path) as catalog:
                for entry in catalog:
                    if job.may_draft(entry) and self._draft(job, catalog, entry):
                        changed = True
        except CatalogError as exc:
            # nothing of this catalog was written: undo its counts, name its units with the reason
            lost = max(self.summary.drafted - counts[0], 1)
            (self.summary.drafted, self.summary.plural, self.summary.masking_lost, self.summary.from_cache,
             self.summary.by_engine, self.summary.headers) = counts
            self.summary.failed["not-written"] += lost
            self.not_written[job.path] = exc.message
            if str(exc) not in self.summary.errors:
                self.summary.errors.append(str(exc))
            return
        if changed and job.path not in self.summary.files_changed:
            self.summary.files_changed.append(job.path)

    def _answer(self, job: CatalogJob, entry: Entry, source: str) -> Outcome | None:
        outcome = self.results.get((job.source, job.locale, source))
        return outcome if outcome is not None and outcome.text is not None else None

    def _skip(self, job: CatalogJob, entry: Entry, reason: str | None) -> bool:
        """Leave ``entry`` untranslated; a ``reason`` names it in the summary (None: answers still due)."""
        if reason is not None:
            self._not_drafted(job.path, entry, reason)
        return False

    def _not_drafted(self, path: Path, entry: Entry, reason: str) -> None:
        if all((n.path, n.msgid) != (path, entry.msgid) for n in self.summary.not_drafted):
            self.summary.not_drafted.append(NotDrafted(path, entry.linenum or 0, entry.msgid, reason))

    def name_leftovers(self, jobs: list[CatalogJob]) -> None:
        """Name every unit the run needed and left untranslated, with the engines' reason."""
        for job in jobs:
            try:
                catalog = load_catalog(job.path)
            except CatalogError:
                continue
            for entry in catalog:
                if not job.may_draft(entry):
                    continue
                sources = [t for t in job.sources(entry) if t in job.texts]
                if not sources:
                    continue
                missing = [t for t in sources if self._answer(job, entry, t) is None]
                error = next((self.errors.get((job.source, job.locale, t)) for t in missing
                              if self.errors.get((job.source, job.locale, t))), None)
                if error is None:
                    error = self.unsupported.get((job.source, job.locale))
                reason = (error.cause if isinstance(error, ProviderError) else str(error)) if error else (
                    NO_ANSWER if missing else self.not_written.get(job.path, "not written"))
                self._not_drafted(job.path, entry, reason)

    def _draft(self, job: CatalogJob, catalog: Catalog, entry: Entry) -> bool:
        """Draft one untranslated entry from the answers in hand; True if it changed."""
        sources = job.sources(entry)
        if not sources or not any(text in job.texts for text in sources):
            return False
        answers = {text: self._answer(job, entry, text) for text in sources}
        if entry.msgid_plural:
            plural = plural_forms_of(catalog)
            if plural is None:
                if "nplurals=" in (catalog.header_text or "") or "plural=" in (catalog.header_text or ""):
                    return self._skip(job, entry, "the Plural-Forms header is invalid (msgfmt -c rejects it)")
                if ensure_header(catalog, job.locale):
                    self.summary.headers.append(f"{job.path}: added a header (Language: {job.locale})")
                added = ensure_plural_forms(catalog, job.locale)
                if added:
                    self.summary.headers.append(f"{job.path}: added Plural-Forms: {added}")
                plural = plural_forms_of(catalog)
                if plural is None:
                    return self._skip(job, entry, "no usable Plural-Forms for this locale")
            form_sources = plural_sources(entry, plural, job.source)
            chosen = [answers.get(text) for text in form_sources]
        else:
            form_sources = [entry.msgid]
            chosen = [answers.get(sources[0])]
        if any(outcome is None for outcome in chosen):
            return self._skip(job, entry, None)
        texts = [match_newlines(src, o.text or "") for src, o in zip(form_sources, chosen)]  # type: ignore[union-attr]
        bad = sorted({c for text in texts for c in control_characters(text)})
        if bad:
            return self._skip(job, entry, f"the engine's answer contains control characters ({', '.join(bad)})")
        lossy = not self.engine(chosen[0].engine).publishable if chosen[0] is not None else False
        fitted = [fit_charset(text, catalog.encoding, lossy=lossy) for text in texts]
        if any(text is None for text in fitted):
            return self._skip(job, entry, f"the answer has characters the catalog's charset {catalog.charset} lacks")
        texts = [text for text in fitted if text is not None]
        if ensure_header(catalog, job.locale):
            self.summary.headers.append(f"{job.path}: added a header (Language: {job.locale})")
        first = chosen[0]
        assert first is not None
        details = {**first.details, **job.details.get(entry.msgid, {})}
        via = [v for v in (details.get("via"), f"{first.via}-machine" if first.via else None) if v]
        if via:
            details["via"] = ",".join(via)
            self.summary.by_via[details["via"]] += 1
        if entry.msgid in job.redraft:
            _drop_notes(entry, "qa")  # the notes were about the text being replaced
            self.summary.redrafted += 1
        if entry.msgid_plural:
            mark_draft(entry, fill_forms(entry, texts), origin=first.engine, **details)
            self.summary.plural += 1
        else:
            mark_draft(entry, texts[0], origin=first.engine, **details)
        unique = [o for i, o in enumerate(chosen) if o is not None and all(o is not c for c in chosen[:i])]
        lost = [item for o in unique for item in o.lost]
        if lost:
            _add_note(entry, "qa", {"masking-lost": " ".join(lost)})
            self.summary.masking_lost += 1
        self.summary.drafted += 1
        self.summary.from_cache += first.cached
        self.summary.by_engine[first.engine] += 1
        return True

    def resolve(self, key: tuple[str, str, str], outcome: Outcome | None, error: EngineError | None) -> None:
        if outcome is not None:
            self.results[key] = outcome
        for job in self.jobs_by_key.get(key, []):
            job.remaining -= 1
            if outcome is not None:
                job.dirty = True
            elif error is not None:
                self.summary.failed[getattr(error, "reason", "error")] += 1
            else:
                self.summary.no_answer += 1
            if job.remaining == 0 and job.dirty:
                self.flush(job)
        if error is not None and outcome is None and str(error) not in self.summary.errors and len(self.summary.errors) < 20:
            self.summary.errors.append(str(error))

    # -- main loop -----------------------------------------------------------
    def run(self, jobs: list[CatalogJob]) -> Summary:
        queue: deque[_Work] = deque()
        seen: set[tuple[str, str, str]] = set()
        for job in jobs:
            job.remaining = len(job.texts)
            for text in sorted(job.texts):
                self.jobs_by_key.setdefault((job.source, job.locale, text), []).append(job)
        # Work in catalog order so catalogs complete (and are saved) one after another.
        pending: dict[tuple[str, str], list[str]] = {}
        for job in jobs:
            for text in sorted(job.texts):
                key = (job.source, job.locale, text)
                if key not in seen:
                    seen.add(key)
                    pending.setdefault((job.source, job.locale), []).append(text)
        self.summary.unique_texts = len(seen)
        total = 0
        for (source, locale), texts in pending.items():
            if not self.plan(source, locale):
                error = self.unsupported[(source, locale)]
                for text in texts:
                    self.resolve((source, locale, text), None, error)
                continue
            self._enqueue(queue, source, locale, 0, texts)
            total += len(texts)

        bar = _Bar(total, self.progress)
        running: dict[Future, _Work] = {}
        last_flush = time.monotonic()
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="mt")
        interrupted = False
        try:
            with bar:
                while queue or running:
                    while queue and len(running) < self.workers * 2:
                        work = queue.popleft()
                        engine = self.candidates[(work.source, work.locale)][work.step]
                        running[pool.submit(engine.translate, work.texts, work.source, work.locale,
                                            self.section["pivot"])] = work
                    done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                    for future in done:
                        work = running.pop(future)
                        retry = self._collect(work, future.result(), bar)
                        if retry:
                            self._enqueue(queue, work.source, work.locale, work.step + 1, retry, front=True)
                    if time.monotonic() - last_flush > FLUSH_EVERY:
                        self._flush_dirty(jobs)
                        last_flush = time.monotonic()
        except BaseException:
            interrupted = True  # Ctrl-C: save what arrived, do not wait for requests in flight
            raise
        finally:
            pool.shutdown(wait=not interrupted, cancel_futures=True)
            self._flush_dirty(jobs)
            if not interrupted:
                self.name_leftovers(jobs)
            self.summary.requests = sum(e.requests for e in self.engines.values())
            for engine in self.engines.values():
                engine.close()
            self.cache.close()
        return self.summary

    def _enqueue(self, queue: deque[_Work], source: str, locale: str, step: int, texts: list[str], front: bool = False) -> None:
        engine = self.candidates[(source, locale)][step]
        size = max(1, engine.batch_size)
        items = [_Work(source, locale, step, texts[i:i + size]) for i in range(0, len(texts), size)]
        if front:
            queue.extendleft(reversed(items))
        else:
            queue.extend(items)

    def _collect(self, work: _Work, outcomes: list[Outcome], bar: _Bar) -> list[str]:
        """Record a finished batch; return texts to try with the next engine."""
        retry = []
        has_next = work.step + 1 < len(self.candidates[(work.source, work.locale)])
        for text, outcome in zip(work.texts, outcomes):
            key = (work.source, work.locale, text)
            if outcome.text is not None:
                self.resolve(key, outcome, None)
                bar.advance()
                continue
            if outcome.error is not None:
                self.errors[key] = outcome.error
            if has_next:
                retry.append(text)
            else:
                self.resolve(key, None, self.errors.get(key) or self.unsupported.get((work.source, work.locale)))
                bar.advance()
        return retry

    def _flush_dirty(self, jobs: list[CatalogJob]) -> None:
        for job in jobs:
            if job.dirty:
                self.flush(job)


def _drop_notes(entry: Entry, kind: str) -> None:
    """Remove every ``# pressflow: <kind>`` note of ``entry``."""
    prefix = f"pressflow: {kind} "
    entry.tcomment = "\n".join(ln for ln in (entry.tcomment or "").split("\n") if ln and not ln.startswith(prefix))


def _add_note(entry: object, kind: str, fields: Mapping[str, str]) -> None:
    """Add a ``# pressflow: <kind> k=v`` translator comment, replacing an older one of that kind."""
    line = " ".join(["pressflow:", kind, *(f"{k}={shlex.quote(v)}" for k, v in fields.items())])
    stale = tuple(f"pressflow: {kind} {k}=" for k in fields)
    kept = [ln for ln in (entry.tcomment or "").split("\n") if ln and not ln.startswith(stale)]  # type: ignore[attr-defined]
    entry.tcomment = "\n".join([*kept, line])  # type: ignore[attr-defined]


class _Bar:
    """A rich progress bar on a terminal; does nothing otherwise."""

    def __init__(self, total: int, enabled: bool):
        self._progress = None
        if enabled and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("translating"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("mt", total=total)

    def __enter__(self) -> _Bar:
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def advance(self) -> None:
        if self._progress:
            self._progress.advance(self._task)


def translate(
    ws: Workspace,
    *,
    engines: Iterable[str] = (),
    locales: Iterable[str] = (),
    targets: Iterable[str] = (),
    workers: int | None = None,
    progress: bool | None = None,
    env: Mapping[str, str] | None = None,
    relay_drafts: bool = False,
    source: str | None = None,
) -> Summary:
    """Draft every untranslated unit (and stale relay draft) of the selected catalogs; see the module docstring.

    ``engines`` replaces ``[translate] chain`` for this run; ``targets`` are release
    slugs/files or .po files. A unit whose relay version (:mod:`workflow.review.relay`)
    is not approved waits, unless ``relay_drafts`` (then it is drafted from its source).
    ``source`` names the msgids' language of explicit .po files. Raises EngineError
    before any request when an engine is unknown or lacks its key (or its program);
    provider failures are counted in the summary.
    """
    targets, locales = list(targets), list(locales)
    section = ws.config["translate"]
    chain = list(engines) or list(section["chain"])
    settings = Settings.from_config(section, _do_not_translate(ws), env, workspace=ws)
    plan = collect_jobs(ws, locales, targets, relay_drafts=relay_drafts, source=source)
    missing = plan.missing
    jobs = [job for job in plan.jobs if job.texts]
    run = _Run(ws, chain, settings, workers or section["workers"], progress)
    try:
        for name in chain:
            run.engine(name)  # unknown engines and missing keys fail here, before any request
        summary = run.run(jobs)
    except BaseException:
        run.cache.close()
        raise
    summary.missing = missing
    summary.waiting = plan.waiting
    summary.unusable = plan.unusable
    summary.already_drafted = plan.already_drafted
    if not plan.jobs and not plan.waiting and not missing and not plan.unusable and locales:
        from workflow.review.targets import own_language_note

        summary.note = own_language_note(ws, [t for t in targets if not t.endswith(".po")], locales)
    return summary


def format_summary(summary: Summary, ws: Workspace) -> list[str]:
    """Human-readable lines for the CLI."""
    lines = []
    for path in summary.missing:
        lines.append(f"{ws.relpath(path)}: no catalog (run `pressflow update` first)")
    engines = ", ".join(f"{n} {c}" for n, c in summary.by_engine.most_common())
    lines.append(
        f"drafted {counted(summary.drafted, 'unit')} ({summary.from_cache} from cache"
        + (f"; {engines}" if engines else "") + f") in {counted(len(summary.files_changed), 'file')}; "
        f"{counted(summary.unique_texts, 'distinct text')}, {counted(summary.requests, 'request')}"
    )
    if summary.note:
        lines.append(f"note: {summary.note}")
    if summary.already_drafted:
        n = summary.already_drafted
        lines.append(f"{counted(n, 'unit')} already {'has a machine draft' if n == 1 else 'have machine drafts'} "
                     "(left as they are: translate drafts only untranslated units)")
    if summary.by_via:
        lines.append("relayed: " + ", ".join(f"via {via} {n}" for via, n in summary.by_via.most_common())
                     + (f" ({counted(summary.redrafted, 'stale draft')} drafted again)" if summary.redrafted else ""))
    for locale, n in sorted(summary.waiting.items()):
        lines.append(f"{counted(n, 'unit')} {'waits' if n == 1 else 'wait'} for an approved {locale} version "
                     "(relay): approve it, or draft "
                     f"{'it' if n == 1 else 'them'} from the original with --relay-drafts")
    if summary.masking_lost:
        lines.append(f"{counted(summary.masking_lost, 'draft')} lost protected text (noted as `pressflow: qa masking-lost`)")
    if summary.plural:
        lines.append(f"{summary.plural} of them plural {'unit' if summary.plural == 1 else 'units'} "
                     "(every form of the catalog's Plural-Forms)")
    lines.extend(summary.headers)
    if summary.no_answer:
        lines.append(f"{counted(summary.no_answer, 'text')} had no answer from any engine")
    if summary.not_drafted:
        lines.append(f"{counted(len(summary.not_drafted), 'unit')} not drafted:")
        for item in summary.not_drafted[:20]:
            lines.append(f"  {ws.relpath(item.path)}:{item.line}: {item.msgid[:60]!r}: {item.reason}")
        if len(summary.not_drafted) > 20:
            lines.append(f"  ... and {len(summary.not_drafted) - 20} more")
        if any(item.reason == NO_ANSWER for item in summary.not_drafted):
            lines.append(f"  ({NO_ANSWER}, e.g. no match in the translation memory, is not a failure: "
                         "those units stay untranslated)")
    for skipped in summary.unusable:
        lines.append(f"{ws.relpath(skipped.path)}:{skipped.line}: {skipped.reason} "
                     f"({counted(skipped.units, 'unit')} not drafted, the file unchanged)")
    if summary.failed:
        reasons = ", ".join(f"{reason} {n}" for reason, n in summary.failed.most_common())
        lines.append(f"failed: {counted(sum(summary.failed.values()), 'unit')} ({reasons})")
        lines.extend(f"  {message}" for message in summary.errors)
    return lines
