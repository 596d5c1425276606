"""Commands for report writing (HTML, XLSX, PDF) from the sections of each domain."""

from __future__ import annotations
