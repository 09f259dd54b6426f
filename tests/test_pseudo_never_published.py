"""Pseudo-localized text never reaches the published site, whatever the approval flags."""
from __future__ import annotations

from workflow.catalogs import edit_catalog, set_fuzzy
from workflow.publish.build import build_site
from workflow.review.status import collect_status
from workflow.review.units import State, approve_entry, mark_draft, state_of
from workflow.translation.engines.pseudo import pseudo_localize
from workflow.workspace import Workspace

SLUG = "asean-korea-telmin-13"


def _pseudo_drafts(ws: Workspace, locale: str = "id") -> None:
    with edit_catalog(ws.po_path(locale, SLUG)) as catalog:
        for entry in catalog:
            entry.msgstr, entry.tcomment = "", ""
            set_fuzzy(entry, False)
            mark_draft(entry, pseudo_localize(entry.msgid), "pseudo")


def test_forcing_an_approval_of_pseudo_text_is_refused_with_the_reason(sample_ws: Workspace, cli_run) -> None:
    _pseudo_drafts(sample_ws)
    done = cli_run("review", "approve", "--all", "-r", SLUG, "-l", "id", "--include-drafts", "--force", "looks fine",
                   "--as", "Ed", cwd=sample_ws.root)
    assert "0 approved, 17 refused" in done.output
    assert "pseudo-localized text is never publishable" in done.output and "--force cannot" in done.output
    # Said once: not the check's own message again after it ("pseudo: pseudo-localized draft: ...").
    [line, *_] = [ln for ln in done.output.splitlines() if "never publishable" in ln]
    assert line.endswith("never publishable, whatever the flags (--force cannot approve it): translate the unit first")
    assert line.count("pseudo") == 1 and "before approval" not in done.output
    result = build_site(sample_ws)
    assert "id" not in result.published[SLUG]
    assert not (sample_ws.output_dir / "id").exists()


def test_an_approval_recorded_by_an_older_version_does_not_publish_pseudo_text(sample_ws: Workspace) -> None:
    _pseudo_drafts(sample_ws)
    with edit_catalog(sample_ws.po_path("id", SLUG)) as catalog:
        for entry in catalog:
            # What `--include-drafts --force` used to record: was=draft origin=pseudo, pseudo overridden.
            approve_entry(entry, "Ed")
            entry.tcomment = entry.tcomment.replace("sha=", "forced='looks fine' overrides=pseudo sha=")
            assert state_of(entry) is State.APPROVED
    result = build_site(sample_ws)
    assert result.published[SLUG] == ["en"]
    assert "qa error" in result.held_back[SLUG]["id"] or "approved" in result.held_back[SLUG]["id"]
    row = next(r for r in collect_status(sample_ws) if r.locale == "id")
    assert row.qa_errors == 17 and not row.publishable
    text = "".join(p.read_text(encoding="utf-8") for p in sample_ws.output_dir.rglob("*.html"))
    assert pseudo_localize("Korea") not in text and "·····" not in text


def test_pseudo_looking_text_a_person_approved_is_held_back_too(sample_ws: Workspace) -> None:
    with edit_catalog(sample_ws.po_path("vi", SLUG)) as catalog:
        for entry in catalog:
            entry.msgstr = pseudo_localize(entry.msgid)  # pasted by hand: no pseudo stamp at all
            set_fuzzy(entry, False)
            entry.tcomment = ""
            approve_entry(entry, "Ed")  # no findings passed: nothing stops this approval here
    result = build_site(sample_ws)
    assert "vi" not in result.published[SLUG]
