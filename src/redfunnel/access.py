"""Which accounts a caller may see, as a value every library query takes.

Roles live in the web app, but the rule "an operator of one branch cannot read another branch's
inbox or drafts" must hold in the queries themselves, so list and get functions of the inbox,
compliance and other domains take a ``Scope`` and add its SQL filter. ``Scope.everything()`` is
for admins, managers, compliance and the CLI run by the workspace owner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, true


@dataclass(frozen=True)
class Scope:
    """Account ids a caller may see; ``None`` means every account."""

    account_ids: frozenset[int] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(None)

    @classmethod
    def accounts(cls, ids: Iterable[int]) -> Scope:
        return cls(frozenset(int(i) for i in ids))

    @property
    def unrestricted(self) -> bool:
        return self.account_ids is None

    def allows(self, account_id: int | None) -> bool:
        """Whether one row owned by ``account_id`` is visible (rows without an account are not,
        unless the scope is unrestricted)."""
        if self.account_ids is None:
            return True
        return account_id is not None and account_id in self.account_ids

    def where(self, account_column: ColumnElement[int]) -> ColumnElement[bool]:
        """SQL condition restricting ``account_column`` to this scope."""
        if self.account_ids is None:
            return true()
        if not self.account_ids:
            return false()
        return account_column.in_(sorted(self.account_ids))
