"""The translated entries of a catalog as pressflow writes them: what drafting must keep byte for byte.

Shared by ``test_po_real.py`` and the hand-run ``gettext_sweep.py``.
"""
from __future__ import annotations

from workflow.catalogs import Catalog, parse_catalog
from workflow.catalogs.write import encode_catalog


def translated_blocks(catalog: Catalog, *, skip_unparsable: bool = False) -> dict[tuple[str | None, str], str]:
    """The translated, non-fuzzy active entries of ``catalog`` as written, by (msgctxt, msgid).

    ``skip_unparsable``: a written block that does not parse alone is left out (the sweep runs
    over any public PO file); otherwise its error is raised, as a test wants.
    """
    text = encode_catalog(catalog).decode(catalog.encoding)
    out = {}
    for block in text.split("\n\n"):
        if "#~ msgid" in block:
            continue
        try:
            entries = list(parse_catalog(block))
        except Exception:
            if not skip_unparsable:
                raise
            continue
        if not entries:
            continue
        entry = entries[0]
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if all(forms) and "fuzzy" not in entry.flags:
            out[(entry.msgctxt, entry.msgid)] = block
    return out
