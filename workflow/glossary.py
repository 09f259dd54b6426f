"""Moved in 0.2: ``workflow.glossary`` is now part of ``workflow.review`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.review.glossary``: FIXED_COLUMNS, GLOSSARY_NAME, Glossary, GlossaryError, GlossaryHit, Term, glossary_fingerprint, glossary_to_csv, load_glossary, load_tbx, parse_glossary
"""

from workflow.review.glossary import (  # noqa: F401
    FIXED_COLUMNS,
    GLOSSARY_NAME,
    Glossary,
    GlossaryError,
    GlossaryHit,
    Term,
    glossary_fingerprint,
    glossary_to_csv,
    load_glossary,
    load_tbx,
    parse_glossary,
)

__all__ = [
    "FIXED_COLUMNS",
    "GLOSSARY_NAME",
    "Glossary",
    "GlossaryError",
    "GlossaryHit",
    "Term",
    "glossary_fingerprint",
    "glossary_to_csv",
    "load_glossary",
    "load_tbx",
    "parse_glossary",
]
