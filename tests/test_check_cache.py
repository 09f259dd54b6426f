"""The QA check cache (``CheckCache``): the findings ``check_entry`` gives, each distinct unit checked once."""
from __future__ import annotations

from pathlib import Path

import pytest

import workflow.review.checks.run as run
from workflow.catalogs import load_catalog, new_catalog
from workflow.review.checks.run import CheckCache, check_entry
from workflow.review.glossary import load_glossary
from workflow.review.summary import summarize_catalog
from workflow.review.units import approve_entry, mark_draft

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(ROOT / "glossary.csv")


def _tricky_catalog(locale: str):
    """Entries whose findings depend on each thing the checks read: texts, plural forms,
    format flags, the draft's origin, credits."""
    catalog = new_catalog(locale, project="cache")
    a = catalog.add("MSIT held 3 meetings in 2019.")
    a.msgstr = "MSIT held 3 meetings in 2019."  # same as source (a warning)
    b = catalog.add("MSIT held 3 meetings in 2019.", msgctxt="other")
    b.msgstr = "การประชุม 4 ครั้ง"  # a wrong number (an error)
    mark_draft(b, b.msgstr, "pseudo")
    c = catalog.add("%d files", msgid_plural="%d file(s)")
    c.flags.append("c-format")
    c.msgstr_plural = {0: "ไฟล์ %d", 1: "ไฟล์"}  # a form drops the directive (c-format only)
    d = catalog.add("%d files", msgid_plural="%d file(s)", msgctxt="no flag")
    d.msgstr_plural = {0: "ไฟล์ %d", 1: "ไฟล์"}
    e = catalog.add("translator-credits")
    e.msgstr = "Somchai <s@example.org>"
    f = catalog.add("Read <b>the plan</b>.")
    f.msgstr = "อ่าน <script>x</script>"
    approve_entry(f, "Tester", at="2024-01-01T00:00:00Z", force_reason="checked", findings=[])
    catalog.add("Untranslated.")
    for context, origin in (("pseudo", "pseudo"), ("engine", "apertium")):  # equal but for the draft's origin
        drafted = catalog.add("The forum ends.", msgctxt=context)
        mark_draft(drafted, "ฟอรัมสิ้นสุด", origin)
    return catalog


@pytest.mark.parametrize("locale", ["th", "ko"])
def test_cached_findings_equal_check_entry(locale):
    cache = CheckCache(GLOSSARY)
    for _round in range(2):  # the second round answers from the cache
        for entry in _tricky_catalog(locale):
            assert cache(entry, "en", locale) == check_entry(entry, "en", locale, GLOSSARY), entry.msgid


def test_every_input_the_checks_read_is_part_of_the_key():
    cache = CheckCache(GLOSSARY)
    entries = list(_tricky_catalog("th"))
    first, with_context = entries[0], entries[1]
    assert cache(first, "en", "th") != cache(with_context, "en", "th")  # other translation and origin
    plural_flagged, plural_plain = entries[2], entries[3]
    assert cache(plural_flagged, "en", "th") != cache(plural_plain, "en", "th")  # c-format changes the findings
    assert cache(first, "en", "th") != cache(first, "en", "ko")  # the locale (script check)
    pseudo, engine = entries[-2:]
    assert cache(pseudo, "en", "th") != cache(engine, "en", "th")  # the draft's origin (pseudo check)
    assert cache(first, "ko", "th") == check_entry(first, "ko", "th", GLOSSARY)  # the source language


def test_a_unit_in_many_catalogs_is_checked_once(monkeypatch):
    calls = []
    real = run.check_text

    def counting(source, target, ctx, *, only=None):
        calls.append(source)
        return real(source, target, ctx, only=only)

    monkeypatch.setattr(run, "check_text", counting)
    cache = CheckCache(GLOSSARY)
    for _catalog in range(3):
        catalog = new_catalog("th", project="x")
        entry = catalog.add("The forum welcomed experts.")
        entry.msgstr = "ฟอรัมต้อนรับผู้เชี่ยวชาญ"
        cache(entry, "en", "th")
    assert calls == ["The forum welcomed experts."]
    returned = cache(entry, "en", "th")
    returned.append(None)  # a caller's list: the cached findings stay as they were
    assert None not in cache(entry, "en", "th")


def test_summaries_with_a_shared_cache_equal_separate_ones():
    """The sample newsroom's catalogs summarised with one cache across all of them (as the
    build and ``status`` do) give exactly the summaries each gets alone."""
    shared = CheckCache(GLOSSARY)
    paths = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(paths) > 10
    for path in paths:
        locale = path.parts[-3]
        catalog = load_catalog(path)
        alone = summarize_catalog(catalog, "en", locale, GLOSSARY)
        assert summarize_catalog(catalog, "en", locale, GLOSSARY, checks=shared) == alone, path
