"""Roles and what each may do, in one table the app, the CLI and the tests read.

A role grants *permissions*; a route asks for one permission, never for a list of roles, so adding
a role or moving a right is a change here only. Which *accounts* a user sees is a separate axis
(``redfunnel.access.Scope``): only operators are scoped, to the accounts and teams granted to them.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    COMPLIANCE = "compliance"
    OPERATOR = "operator"
    VIEWER = "viewer"


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "管理员",
    Role.MANAGER: "负责人",
    Role.COMPLIANCE: "合规/消保",
    Role.OPERATOR: "运营",
    Role.VIEWER: "只读",
}


class Perm(StrEnum):
    """What a request may need; each route requires exactly one."""

    VIEW = "view"                      # dashboards, reports
    INBOX_READ = "inbox_read"          # customer comments and DMs (masked)
    INBOX_WRITE = "inbox_write"        # triage: assign, reply, escalate, close
    DRAFTS_READ = "drafts_read"        # drafts and the approval queue
    DRAFTS_WRITE = "drafts_write"      # write and submit drafts
    DRAFTS_REVIEW = "drafts_review"    # approve or request changes (the step decides who)
    CALENDAR_WRITE = "calendar_write"  # plan content
    RULEBOOK = "rulebook"              # rulebook and FAQ library
    USERS = "users"                    # users, roles, account ownership
    IMPORT = "import"                  # data import
    AUDIT = "audit"                    # read the audit trail


_ALL = set(Role)
PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.VIEW: frozenset(_ALL),
    Perm.INBOX_READ: frozenset({Role.ADMIN, Role.MANAGER, Role.COMPLIANCE, Role.OPERATOR}),
    Perm.INBOX_WRITE: frozenset({Role.ADMIN, Role.MANAGER, Role.COMPLIANCE, Role.OPERATOR}),
    Perm.DRAFTS_READ: frozenset({Role.ADMIN, Role.MANAGER, Role.COMPLIANCE, Role.OPERATOR}),
    Perm.DRAFTS_WRITE: frozenset({Role.ADMIN, Role.MANAGER, Role.OPERATOR}),
    Perm.DRAFTS_REVIEW: frozenset({Role.ADMIN, Role.MANAGER, Role.COMPLIANCE, Role.OPERATOR}),
    Perm.CALENDAR_WRITE: frozenset({Role.ADMIN, Role.MANAGER, Role.OPERATOR}),
    Perm.RULEBOOK: frozenset({Role.ADMIN, Role.COMPLIANCE}),
    Perm.USERS: frozenset({Role.ADMIN}),
    Perm.IMPORT: frozenset({Role.ADMIN}),
    Perm.AUDIT: frozenset({Role.ADMIN, Role.COMPLIANCE, Role.MANAGER}),
}

SCOPED_ROLES: frozenset[Role] = frozenset({Role.OPERATOR})
"""Roles whose account access is limited to their grants; every other role sees every account."""


def parse_role(value: str) -> Role:
    """A role from its id or Chinese label; ``ValueError`` with the valid choices otherwise."""
    for role in Role:
        if value in (role.value, ROLE_LABELS[role]):
            return role
    choices = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in Role)
    raise ValueError(f"未知角色：{value}；可选：{choices}")


def may_review_step(role: str, step_name: str) -> bool:
    """Whether ``role`` may decide a review step: a step named after a role (``operator``,
    ``compliance``, ``manager``) is that role's alone; other steps any reviewing role may take."""
    if step_name in {r.value for r in Role}:
        return role == step_name
    return allowed(role, Perm.DRAFTS_REVIEW)


def allowed(role: str, perm: Perm) -> bool:
    """Whether ``role`` holds ``perm``."""
    return role in PERMISSIONS[perm]
