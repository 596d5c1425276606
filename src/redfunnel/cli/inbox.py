"""Commands for the service inbox and FAQ suggestions (issue 5)."""

from __future__ import annotations
