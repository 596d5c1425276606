"""Commands for tracking codes, funnel, attribution and ROI (issue 7)."""

from __future__ import annotations
