"""Commands for compliance checks, approvals and the audit trail (issue 6)."""

from __future__ import annotations
