"""Moved in 0.2: ``workflow.masking`` is now part of ``workflow.translation`` (see ARCHITECTURE.md).

This thin module keeps old imports working for one release; import from the new homes:

``workflow.translation.masking``: Masked, Masker, Restored, TOKEN_RE, mask, unmask
"""

from workflow.translation.masking import (  # noqa: F401
    Masked,
    Masker,
    Restored,
    TOKEN_RE,
    mask,
    unmask,
)

__all__ = [
    "Masked",
    "Masker",
    "Restored",
    "TOKEN_RE",
    "mask",
    "unmask",
]
