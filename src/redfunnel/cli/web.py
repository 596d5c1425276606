"""Commands for the web app and its users (issue 8)."""

from __future__ import annotations
