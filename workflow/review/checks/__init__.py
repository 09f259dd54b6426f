"""QA checks on translations: the registry (``base``), one module per family of checks, and ``run``."""
