"""``pressflow withdraw``: take a release (or one language of it) off the site.

The withdrawal is recorded in the release's front matter (``withdrawn:``, a list of
date, reason and optional locales), so it is committed with the newsroom and every
later build knows it. The next build replaces the withdrawn pages by a short
"withdrawn on <date>" page at the same URL (see ``withdrawn.html``) and drops them
from indexes, feeds, sitemap and language switchers.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import yaml

from workflow.errors import ReleaseError
from workflow.fsutil import atomic_write, locked
from workflow.locales import get_locale
from workflow.sources.releases import Release, Withdrawal, parse_release
from workflow.workspace import Workspace


def withdraw(ws: Workspace, slug: str, reason: str, locales: tuple[str, ...] = (),
             date: _dt.date | None = None) -> tuple[Release, Withdrawal]:
    """Record a withdrawal of release ``slug`` (every language, or ``locales``) in its front matter.

    Returns the release as re-read and the withdrawal added. Raises ReleaseError
    for an unknown release, an empty reason, a language the release is not
    published in, a language version the site never showed, or a version
    already withdrawn. The file is written atomically, and only once the new
    text parses with the new entry.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ReleaseError("a withdrawal needs a reason (--reason TEXT)")
    release = ws.select_releases([slug])[0]
    languages = [release.lang, *[c for c in ws.locales if c != release.lang]]
    for code in locales:
        get_locale(code)
        if code not in languages:
            raise ReleaseError(f"{slug} has no {code!r} version (languages: {', '.join(languages)})",
                               release.path)
    never = _never_published(ws, slug, [c for c in locales if c != release.lang])
    if never:
        raise ReleaseError(f"{slug} was never published in {', '.join(never)}: there is nothing to withdraw "
                           "(a version that is not approved is not on the site)", release.path)
    already = [c for c in (locales or tuple(languages)) if release.withdrawal(c)]
    if already and (locales or any(not w.locales for w in release.withdrawn)):
        raise ReleaseError(f"{slug} is already withdrawn in {', '.join(already)}", release.path)
    entry = Withdrawal(date or _dt.date.today(), reason, tuple(locales))
    with locked(release.path):
        text = release.path.read_text(encoding="utf-8")
        new_text = _with_entries(text, [*release.withdrawn, entry], release.path)
        updated = parse_release(new_text, release.path, default_lang=ws.source_language)
        if entry not in updated.withdrawn:  # never write a file we could not read back
            raise ReleaseError("could not record the withdrawal in the front matter", release.path, 1)
        atomic_write(release.path, new_text, lock=False)
    return updated, entry


def _never_published(ws: Workspace, slug: str, locales: list[str]) -> list[str]:
    """Those of ``locales`` (target languages of ``slug``) whose version the site has never shown
    (neither publishable now nor recorded in ``published/``), as ``pressflow status`` says."""
    if not locales:
        return []
    from workflow.review.status import collect_status

    return [r.locale for r in collect_status(ws, [slug], locales) if r.published == "no"]


def _with_entries(text: str, entries: list[Withdrawal], path: Path) -> str:
    """``text`` with its front matter's ``withdrawn:`` block replaced by (or extended with) ``entries``."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if not lines or lines[0].strip() != "---" or close is None:
        raise ReleaseError("missing front matter", path, 1)
    data = [{"date": w.date, "reason": w.reason, **({"locales": list(w.locales)} if w.locales else {})}
            for w in entries]
    block = yaml.safe_dump({"withdrawn": data}, allow_unicode=True, sort_keys=False, width=10_000,
                           default_flow_style=False).rstrip("\n").split("\n")
    start = next((i for i in range(1, close) if lines[i].startswith("withdrawn:")), None)
    if start is None:
        lines[close:close] = block
    else:
        end = start + 1
        while end < close and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "-")):
            end += 1
        lines[start:end] = block
    return newline.join(lines)
