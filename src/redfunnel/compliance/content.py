"""What "the same text" means for approvals and drift: canonical text and its hash.

Platforms and editors change whitespace, line endings and full-width spaces without changing what
a customer reads, so the hash an approval seals is taken over a canonical form (NFKC, all
whitespace removed, since Chinese text carries no meaning in it; title and body joined).
Anything else, one character of a rate or a risk warning, gives a different hash and therefore
no approval.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["canonical_text", "content_hash"]

_SPACE_RE = re.compile(r"\s+")


def canonical_text(title: str | None, body: str | None) -> str:
    """Title and body in the canonical form the content hash is taken over."""
    parts = [unicodedata.normalize("NFKC", p or "") for p in (title, body)]
    return "\n".join(_SPACE_RE.sub("", p) for p in parts)


def content_hash(title: str | None, body: str | None) -> str:
    """SHA-256 (hex) of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(title, body).encode("utf-8")).hexdigest()
