"""What ``translate`` asks engines for: per catalog, which texts, from which language.

Usually a catalog's units are drafted from their own source texts (msgid, and
msgid_plural), in the release's language. In a newsroom with relay translation
(:mod:`workflow.review.relay`) a target may be drafted from the *approved* version
of another target instead: the units are then asked for as that approved text, in
the relay language, and their drafts record ``via=<relay>-approved
relay-sha=<hash>``. A unit whose relay version is not approved yet waits (or, with
``relay_drafts``, is drafted from its source); a relay draft whose relay text
changed since (*stale*) is drafted again.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workflow.catalogs import Catalog, Entry, load_catalog
from workflow.errors import CatalogError, WorkflowError
from workflow.locales import NO_LANGUAGE, canonical_locale, get_locale, resolve_locale
from workflow.review.relay import approved_texts, draft_provenance, is_stale_draft, relay_fields
from workflow.review.units import can_draft, unit_hash
from workflow.translation.drafting import sources_of, unusable_plural_forms
from workflow.workspace import Release, Workspace

SOURCE_HEADER = "X-Source-Language"


@dataclass
class CatalogJob:
    """One PO file to fill, from one language: the source texts it still needs.

    A relay job (``relay`` set) drafts only the msgids it maps, each from its approved
    relay text; ``redraft`` names stale relay drafts (msgid → their unit hash when the
    run began) it may replace. Otherwise the job drafts the untranslated units
    (``only`` those msgids, when given) from their own source texts.
    """

    path: Path
    locale: str
    source: str                                    # the language of ``texts``
    texts: set[str]
    remaining: int = 0
    dirty: bool = False
    relay: dict[str, str] | None = None            # msgid → the approved relay text it is drafted from
    details: dict[str, dict[str, str]] = field(default_factory=dict)  # msgid → extra draft-stamp fields
    redraft: dict[str, str] = field(default_factory=dict)
    only: set[str] | None = None

    def sources(self, entry: Entry) -> list[str]:
        """The texts this job asks for to draft ``entry`` (none: not this job's unit)."""
        if self.relay is not None:
            text = self.relay.get(entry.msgid)
            return [text] if text is not None else []
        if self.only is not None and entry.msgid not in self.only:
            return []
        return sources_of(entry)

    def may_draft(self, entry: Entry) -> bool:
        """Untranslated, or the stale draft the run set out to replace (unchanged since)."""
        if not entry.msgid:
            return False
        expected = self.redraft.get(entry.msgid)
        return can_draft(entry) if expected is None else unit_hash(entry) == expected


@dataclass
class Plan:
    """The jobs of a run, the catalogs still to create, and the units that wait for a relay."""

    jobs: list[CatalogJob] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    waiting: Counter[str] = field(default_factory=Counter)   # relay locale → units
    unusable: list[Unusable] = field(default_factory=list)   # catalogs no draft could be written into
    already_drafted: int = 0   # units that have a (current) machine draft: translate leaves them as they are


@dataclass(frozen=True)
class Unusable:
    """A catalog skipped as a whole: msgfmt's ``line``, the ``reason`` (with the fix), its draftable ``units``."""

    path: Path
    line: int
    reason: str
    units: int


def _unusable(path: Path, locale: str, catalog: Catalog) -> Unusable | None:
    found = unusable_plural_forms(catalog, locale, path)
    if found is None:
        return None
    return Unusable(path, found[0], found[1], sum(1 for e in catalog if e.msgid and can_draft(e)))


def _needs(catalog: Catalog) -> set[str]:
    """The source texts (with their entries' format flags) the untranslated units need."""
    return {text for e in catalog if e.msgid and can_draft(e) for text in sources_of(e)}


def _explicit_locale(path: Path, wanted: list[str], catalog: Catalog) -> str:
    """The locale of an explicit PO file: a single ``--locale``, else its Language header, else its path."""
    explicit = wanted[0] if len(wanted) == 1 else None
    try:
        return resolve_locale(explicit, catalog.locale, path)
    except WorkflowError as exc:
        raise CatalogError(str(exc), path) from None


def explicit_source(path: Path, catalog: Catalog, given: str | None, default: str, locale: str) -> str:
    """The language of an explicit PO file's msgids: ``--source``, else its X-Source-Language
    header, else the workspace's ``source_language``. A header of ``C`` or ``POSIX`` (what GNOME
    and Poedit write for a program's own strings) names no language: the default applies."""
    header = (catalog.metadata.get(SOURCE_HEADER) or "").strip()
    if header.split(".")[0].upper() in NO_LANGUAGE:
        header = ""
    try:
        source = canonical_locale(given or header or default)
        get_locale(source)
    except WorkflowError as exc:
        where = "--source" if given else f"{SOURCE_HEADER} header" if header else "source language"
        raise CatalogError(f"{where}: {exc}", path) from None
    if source == locale:
        raise CatalogError(f"its msgids would be in {source!r}, the language it translates into "
                           "(name the msgids' language with --source)", path)
    return source


def _workspace_catalog(ws: Workspace, path: Path, releases: dict[str, Release]) -> tuple[Release, str] | None:
    """(release, locale) when ``path`` is ``locales/<locale>/LC_MESSAGES/<slug>.po`` of a workspace
    release (not in the release's own language): such a file is drafted like ``--release <slug>``."""
    release = releases.get(path.stem)
    if release is None or path.parent.name != "LC_MESSAGES":
        return None
    locale = path.parent.parent.name
    try:
        if locale == release.lang or ws.po_path(locale, release.slug).resolve() != path.resolve():
            return None
    except WorkflowError:
        return None
    return release, locale


def collect_jobs(
    ws: Workspace, locales: Iterable[str] = (), targets: Iterable[str] = (), *,
    relay_drafts: bool = False, source: str | None = None,
) -> Plan:
    """The catalogs to fill (releases × their targets, or explicit .po files) and what each unit asks for.

    An explicit .po file of a workspace release is drafted as that release's catalog
    (its source language and relay); any other .po file from its own msgids.
    """
    targets = list(targets)
    po_files = [Path(t) for t in targets if t.endswith(".po")]
    selectors = [t for t in targets if not t.endswith(".po")]
    wanted = [canonical_locale(code) for code in locales]
    plan = Plan()
    pending: list[tuple[Path, str, str, str, Catalog, str | None]] = []   # path, locale, slug, lang, catalog, relay
    releases = {r.slug: r for r in ws.releases()} if po_files else {}
    for path in po_files:
        catalog = load_catalog(path)
        member = _workspace_catalog(ws, path, releases)
        if member is not None and (len(wanted) != 1 or wanted[0] == member[1]):
            release, locale = member
            if wanted and locale not in wanted:
                continue
            pending.append((path.resolve(), locale, release.slug, release.lang, catalog,
                            ws.config.relay_language(release.lang, locale)))
            continue
        locale = _explicit_locale(path, wanted, catalog)
        if len(wanted) > 1 and locale not in wanted:
            continue
        lang = explicit_source(path, catalog, source, ws.source_language, locale)
        unusable = _unusable(path.resolve(), locale, catalog)
        if unusable is not None:   # reported once, as the file's problem, not per unit
            plan.unusable.append(unusable)
            continue
        plan.jobs.append(CatalogJob(path.resolve(), locale, lang, _needs(catalog)))
        plan.already_drafted += sum(1 for e in catalog if e.msgid and draft_provenance(e) is not None)
    if selectors or not po_files:
        chosen = ws.select_locales(wanted)
        for release in ws.select_releases(selectors):
            for locale in chosen:
                if locale == release.lang:
                    continue
                path = ws.po_path(locale, release.slug)
                if not path.exists():
                    plan.missing.append(path)
                    continue
                if any(path.resolve() == p for p, *_ in pending):
                    continue  # also named as a .po file
                relay = ws.config.relay_language(release.lang, locale)
                try:
                    catalog = load_catalog(path)
                except CatalogError as exc:  # reported and skipped: the other catalogs are still drafted
                    ws.report(exc)
                    continue
                pending.append((path, locale, release.slug, release.lang, catalog, relay))
    # The approved texts of every relay catalog involved, each read once.
    texts: dict[tuple[str, str], dict[str, str]] = {}
    for _, _, slug, _, _, relay in pending:
        if relay and (slug, relay) not in texts:
            relay_path = ws.po_path(relay, slug)
            texts[(slug, relay)] = {}
            if relay_path.exists():
                try:
                    texts[(slug, relay)] = approved_texts(load_catalog(relay_path))
                except CatalogError as exc:  # reported; its units are drafted without relay text
                    ws.report(exc)
    for path, locale, slug, lang, catalog, relay in pending:
        unusable = _unusable(path, locale, catalog)
        if unusable is not None:
            plan.unusable.append(unusable)
            continue
        _release_jobs(plan, path, locale, lang, catalog, relay, texts.get((slug, relay or ""), {}), relay_drafts)
    return plan


def _release_jobs(plan: Plan, path: Path, locale: str, lang: str, catalog: Catalog, relay: str | None,
                  approved: dict[str, str], relay_drafts: bool) -> None:
    """The jobs of one release catalog: untranslated units and stale machine drafts
    (:func:`workflow.review.relay.is_stale_draft`), from the approved ``relay`` text when there is one."""
    direct = CatalogJob(path, locale, lang, set(), only=set())
    relayed = CatalogJob(path, locale, relay or lang, set(), relay={})
    for entry in catalog:
        if not entry.msgid:
            continue
        provenance = draft_provenance(entry)
        if provenance is not None:
            if not is_stale_draft(provenance, relay, approved.get(entry.msgid)):
                plan.already_drafted += 1
                continue  # a current draft
            stale = True
        elif can_draft(entry):
            stale = False
        else:
            continue
        text = approved.get(entry.msgid) if relay is not None and not entry.msgid_plural else None
        if text is not None:
            assert relay is not None and relayed.relay is not None
            relayed.relay[entry.msgid] = text
            relayed.texts.add(text)
            relayed.details[entry.msgid] = relay_fields(relay, text)
            if stale:
                relayed.redraft[entry.msgid] = unit_hash(entry)
        elif relay is None or relay_drafts or entry.msgid_plural:
            # No relay, or no approved relay text (plural units never have one): from the source.
            assert direct.only is not None
            direct.only.add(entry.msgid)
            direct.texts.update(sources_of(entry))
            if stale:
                direct.redraft[entry.msgid] = unit_hash(entry)
        else:
            plan.waiting[relay] += 1
    plan.jobs.extend(job for job in (direct, relayed) if job.texts)
