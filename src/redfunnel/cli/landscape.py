"""Commands for landscape rankings and account diagnosis (issue 3)."""

from __future__ import annotations
