"""The QA check registry: findings, severities, the ``check`` decorator, and what blocks approval.

Modelled on Babel's checkers: :data:`CHECKS` is the registry, in the order
findings are reported. A check receives the source text, one translation form
and a :class:`CheckContext`, and yields messages; the registry tags them with
its name and severity. An **error** blocks approval (unless forced with a
recorded reason, see :mod:`workflow.review.actions`); a **warning** is shown.
The checks themselves live in one module per family (``markup``, ``numbers``,
``terms``, ``style``); :mod:`workflow.review.checks.run` runs them.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workflow.catalogs import is_fuzzy
from workflow.review.units import NEVER_OVERRIDDEN, approved_pseudo, forced_overrides, origin_of

if TYPE_CHECKING:
    from workflow.catalogs import Entry
    from workflow.review.glossary import Glossary

class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity.value, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Finding:
        return cls(data["check"], Severity(data["severity"]), data["message"])


@dataclass(frozen=True)
class CheckContext:
    source_lang: str
    locale: str
    glossary: Glossary | None = None
    origin: str = "person"  # review.origin_of(entry): an engine name, 'pseudo', 'person'...
    formats: frozenset[str] = frozenset()  # the entry's format languages (its *-format flags)
    plural_form: int | None = None          # index of the msgstr[] form checked, None for a singular entry
    nplurals: int = 1                       # forms of that plural entry


CheckFunction = Callable[[str, str, CheckContext], Iterable[str]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    function: CheckFunction
    doc: str


#: The registry, in report order. Add a check with :func:`check`.
CHECKS: list[Check] = []

#: Bump when a check changes, so cached results (the status index) are recomputed.
CHECKS_VERSION = "4"


def check(name: str, severity: Severity) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as the check ``name`` with ``severity``."""

    def register(function: CheckFunction) -> CheckFunction:
        doc = (function.__doc__ or "").strip().split("\n")[0]
        CHECKS.append(Check(name, severity, function, doc))
        return function

    return register

#: Conventional entries whose "translation" is the translators' names and addresses, not a
#: translation of the msgid (GNOME's ``translator-credits``, KDE's NAME/EMAIL OF TRANSLATORS):
#: the QA checks would only report that the names are not the source.
CREDIT_ENTRIES: frozenset[tuple[str | None, str]] = frozenset({
    (None, "translator-credits"),
    ("NAME OF TRANSLATORS", "Your names"),
    ("EMAIL OF TRANSLATORS", "Your emails"),
})


def check_origin(entry: Entry) -> str:
    """``review.origin_of(entry)``, the origin the checks see: only a fuzzy entry can have another
    origin than 'person', and skipping the stamp parsing for the rest saves a shlex pass per approval."""
    if is_fuzzy(entry):
        return origin_of(entry)
    return "pseudo" if approved_pseudo(entry) else "person"


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def blocking_errors(entry: Entry, findings: Iterable[Finding]) -> list[Finding]:
    """The error findings still blocking: those not overridden by a valid forced approval.

    Publishing should use this rather than every error, so a reasoned ``--force``
    approval does not keep a page unpublished. The checks in ``NEVER_OVERRIDDEN``
    (pseudo-localization) block whatever a stamp says.
    """
    overrides = forced_overrides(entry) - NEVER_OVERRIDDEN
    return [f for f in findings if f.severity.value == "error" and f.check not in overrides]


def overridden_as_warnings(findings: list[Finding], blocking: list[Finding]) -> list[Finding]:
    """Findings with errors a person overrode (``--force``) shown as warnings, so CI stays green."""
    out = []
    for f in findings:
        if f.severity is Severity.ERROR and f not in blocking:
            f = Finding(f.check, Severity.WARNING, f"{f.message} (approved anyway, with --force)")
        out.append(f)
    return out
