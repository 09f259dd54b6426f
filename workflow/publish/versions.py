"""Language versions beyond "published or held back": the last approved version kept
online (from the records of :mod:`workflow.review.records`) and withdrawn versions.

* A target-language version that stops being publishable is rendered from its record:
  the original it translated (kept in the record) filled with the approved text of
  that time, under a notice in the page's language linking to the current original.
* A withdrawn version (front matter ``withdrawn``, written by ``pressflow withdraw``)
  becomes a short page at the same URL saying when it was withdrawn, and leaves the
  indexes, feeds, sitemap and language switchers.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflow.errors import RecordError, ReleaseError
from workflow.publish.render import Lookup, Page, build_page, format_date
from workflow.review.records import (ReleaseRecords, VersionRecord, load_records, records_are, save_records,
                                     source_sha)
from workflow.sources.releases import Release, Withdrawal, parse_release
from workflow.sources.segment import Unit, segment_release

if TYPE_CHECKING:
    from workflow.publish.pages import BuildContext
    from workflow.workspace import Workspace


@dataclass
class PreviousVersion:
    """Why and how a page shows an earlier approved version."""

    original_date: _dt.date        # the date of the original that version translated
    date_text: str                 # the same, in the page's language
    changed: bool                  # the original's units changed since (else: the translation is being revised)
    why: str                       # why the current version is not publishable


def capturing(lookup: Lookup, captured: dict[str, str]) -> Lookup:
    """``lookup``, recording every text it shows (the approved text a record keeps)."""

    def wrapped(text: str) -> tuple[str | None, str]:
        shown, state = lookup(text)
        if shown is not None:
            captured[text] = shown
        return shown, state

    return wrapped


def record_of(release: Release, captured: dict[str, str]) -> VersionRecord:
    """The record of a version published now, from the texts its page showed."""
    return VersionRecord(source_sha(release.text), release.updated.isoformat(), dict(captured))


def release_records(ctx: BuildContext, slug: str) -> ReleaseRecords:
    """The records of a release (read once per build and process)."""
    records = ctx.records.get(slug)
    if records is None:
        records = ctx.records[slug] = load_records(ctx.ws, slug, ctx.records_dir)
    return records


def previous_page(ctx: BuildContext, release: Release, locale: str, units: list[Unit],
                  why: str) -> tuple[Page, PreviousVersion] | None:
    """The last approved version of ``locale`` (None when none was ever recorded)."""
    records = release_records(ctx, release.slug)
    version = records.versions.get(locale)
    if version is None:
        return None
    text = records.source_of(locale)
    if text == release.text:
        old, old_units = release, units
    else:
        try:
            old = parse_release(text, release.path, default_lang=ctx.ws.source_language)
        except ReleaseError as exc:
            raise RecordError(f"the original kept for {locale} does not parse: {exc.message}",
                              ctx.ws.relpath(ctx.ws.published_dir / f"{release.slug}.json")) from None
        old_units = segment_release(old, ctx.ws.config.segmentation)
    translations = version.translations

    def lookup(unit_text: str) -> tuple[str | None, str]:
        shown = translations.get(unit_text)
        return (shown, "approved") if shown is not None else (None, "untranslated")

    page = build_page(old, locale, old_units, lookup)
    day = _dt.date.fromisoformat(version.original_date)
    changed = [u.text for u in old_units] != [u.text for u in units]
    return page, PreviousVersion(day, format_date(day, locale), changed, why)


def withdrawn_context(ctx: BuildContext, release: Release, locale: str, withdrawal: Withdrawal,
                      common: dict[str, Any], canonical: str) -> dict[str, Any]:
    """Template context of ``withdrawn.html``: a page saying when (and why) this version was withdrawn."""
    return {
        **common, "root": "../", "home_href": "../index.html", "canonical": None, "gone_url": canonical,
        "alternates": [], "versions": [], "feed_href": None, "native_name": "",
        "og": {"type": "article", "title": release.title, "description": "", "locale": "", "alternates": []},
        "release": release, "withdrawal": withdrawal, "whole": not withdrawal.locales,
        "date_text": format_date(withdrawal.date, locale), "source_lang": release.lang,
    }



def save_published(ws: Workspace, recorded: dict[str, dict[str, Any]], paths: dict[str, Path],
                   folder: Path | None = None) -> list[str]:
    """Store the versions a build published as the releases' last approved versions.

    ``recorded``: slug -> ``{"records": {locale: record JSON}, "source_sha", "source_text"}``
    (see ``pages.split_records``); ``folder``: ``ws.published_dir``, resolved once.
    Returns the slugs whose record file changed.
    """
    folder = folder or ws.published_dir
    changed = []
    for slug, done in sorted(recorded.items()):
        if not done.get("records") or slug not in paths:
            continue
        # The file already records exactly these versions (every rebuild of a published
        # newsroom): it is not even parsed into records.
        if records_are(ws, slug, done["records"], done["source_sha"], done["source_text"], folder):
            continue
        records = load_records(ws, slug, folder)
        before = (dict(records.sources), dict(records.versions))
        records.sources[done["source_sha"]] = done["source_text"]
        for locale, data in done["records"].items():
            records.versions[locale] = VersionRecord(data["source_sha"], data["original_date"],
                                                     dict(data["translations"]))
        # Nothing new (every rebuild of a published newsroom): the file is left as it is,
        # without encoding it again to find that out (JSON with indentation is slow to write).
        if (records.sources, records.versions) != before and save_records(ws, records, folder):
            changed.append(slug)
    return changed
