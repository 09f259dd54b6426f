"""pressflow: a multilingual publishing and translation workflow for press offices."""
from __future__ import annotations

__version__ = "0.1.0"
