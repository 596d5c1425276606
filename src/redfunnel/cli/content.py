"""Commands for content classification, performance, homogeneity and planning (issue 4)."""

from __future__ import annotations
