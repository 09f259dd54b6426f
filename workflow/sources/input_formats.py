"""The input formats of ``pressflow import`` by name: :data:`FORMATS` (a format is a reader in
:mod:`workflow.sources.importer` plus its extensions). Its own module so that the command line can
name them without importing the importer."""
from __future__ import annotations

__all__ = ["FORMATS"]

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "docx")
