"""The exception hierarchy. Everything pressflow raises on purpose is a WorkflowError.

Errors carry an optional path and line so that the CLI can print them the way
compilers and msgfmt do: ``path:line: what is wrong``.
"""
from __future__ import annotations

from pathlib import Path


class WorkflowError(Exception):
    """Root of every error pressflow raises deliberately."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        # Pickled with its path and line (errors come back from worker processes).
        return type(self), (self.message, self.path, self.line)

    def __str__(self) -> str:
        return self.shown(self.path)

    def shown(self, path: str | None) -> str:
        """``path:line: message`` with the path written as ``path`` (e.g. relative to the workspace)."""
        if path and self.line:
            return f"{path}:{self.line}: {self.message}"
        if path:
            return f"{path}: {self.message}"
        return self.message


class ConfigError(WorkflowError):
    """pressflow.toml is missing, malformed or has an invalid value."""


class NoWorkspaceError(ConfigError):
    """No pressflow.toml in the folder or any parent (commands on explicit files may go on without one)."""


class LocaleError(WorkflowError):
    """An unknown or unsupported locale code."""


class ReleaseError(WorkflowError):
    """A source release (Markdown + front matter) or an import is malformed."""


class CatalogError(WorkflowError):
    """A PO/POT file is malformed or cannot be written."""


class UnsafePathError(WorkflowError):
    """A path built from a slug or locale would leave the workspace."""


class EngineError(WorkflowError):
    """A machine-translation engine failed (names engine, locale and cause)."""


class ReviewError(WorkflowError):
    """An illegal review transition or a blocked approval."""


class ConflictError(WorkflowError):
    """The file changed since the user saw it."""


class MemoryStoreError(WorkflowError):
    """Translation memory or TMX problem."""


class BuildError(WorkflowError):
    """Rendering the site failed."""


class RecordError(WorkflowError):
    """A published-version record (``published/<slug>.json``) is malformed."""
