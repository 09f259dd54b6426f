"""Moved in 0.2: ``workflow.checks`` is now part of ``workflow.review`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.review.checks.base``: CHECKS, CHECKS_VERSION, Check, CheckContext, CheckFunction, Finding, Severity, check, errors
``workflow.review.checks.markup``: check_empty, check_markdown, check_masking_token, check_pseudo, check_unsafe_markup, check_urls
``workflow.review.checks.numbers``: check_extra_numbers, check_numbers
``workflow.review.checks.run``: Report, check_catalog, check_entry, check_files, check_text, locale_of_path, require_locale
``workflow.review.checks.style``: check_end_punctuation, check_length_ratio, check_same_as_source, check_script
``workflow.review.checks.terms``: check_do_not_translate, check_glossary
``workflow.review.checks.text``: Number, extract_numbers
"""

from workflow.review.checks.base import (  # noqa: F401
    CHECKS,
    CHECKS_VERSION,
    Check,
    CheckContext,
    CheckFunction,
    Finding,
    Severity,
    check,
    errors,
)
from workflow.review.checks.markup import (  # noqa: F401
    check_empty,
    check_markdown,
    check_masking_token,
    check_pseudo,
    check_unsafe_markup,
    check_urls,
)
from workflow.review.checks.numbers import (  # noqa: F401
    check_extra_numbers,
    check_numbers,
)
from workflow.review.checks.run import (  # noqa: F401
    Report,
    check_catalog,
    check_entry,
    check_files,
    check_text,
    locale_of_path,
    require_locale,
)
from workflow.review.checks.style import (  # noqa: F401
    check_end_punctuation,
    check_length_ratio,
    check_same_as_source,
    check_script,
)
from workflow.review.checks.terms import (  # noqa: F401
    check_do_not_translate,
    check_glossary,
)
from workflow.review.checks.text import (  # noqa: F401
    Number,
    extract_numbers,
)

__all__ = [
    "CHECKS",
    "CHECKS_VERSION",
    "Check",
    "CheckContext",
    "CheckFunction",
    "Finding",
    "Number",
    "Report",
    "Severity",
    "check",
    "check_catalog",
    "check_do_not_translate",
    "check_empty",
    "check_end_punctuation",
    "check_entry",
    "check_extra_numbers",
    "check_files",
    "check_glossary",
    "check_length_ratio",
    "check_markdown",
    "check_masking_token",
    "check_numbers",
    "check_pseudo",
    "check_same_as_source",
    "check_script",
    "check_text",
    "check_unsafe_markup",
    "check_urls",
    "errors",
    "extract_numbers",
    "locale_of_path",
    "require_locale",
]
