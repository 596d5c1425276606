"""Low-confidence account→institution matches, listed for a user to confirm or reject.

A confirmation is stored on the account (``match_status = confirmed``, or ``rejected``), which
later imports and automatic matching never override, and lands in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, or_, select, update

from redfunnel.ingest.writer import SPECS, row_hash
from redfunnel.registry.match import Matcher
from redfunnel.store.audit import append_event
from redfunnel.store.models import Account, Institution


class ReviewError(ValueError):
    """A confirmation that cannot be applied (unknown account or institution)."""


@dataclass(frozen=True)
class PendingMatch:
    platform: str
    account_key: str
    account: str | None
    candidate: str | None
    confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def pending_matches(engine: Engine) -> list[PendingMatch]:
    """Accounts whose institution match needs a person: status ``review``."""
    acc, inst = Account.__table__, Institution.__table__
    query = (select(acc.c.platform, acc.c.account_key, acc.c.name, inst.c.name.label("inst"),
                    acc.c.match_confidence)
             .select_from(acc.outerjoin(inst, inst.c.id == acc.c.institution_id))
             .where(acc.c.match_status == "review").order_by(acc.c.match_confidence.desc(), acc.c.name))
    with engine.connect() as conn:
        return [PendingMatch(r.platform, r.account_key, r.name, r.inst, r.match_confidence)
                for r in conn.execute(query)]


def confirm_match(engine: Engine, account: str, *, institution: str | None = None,
                  reject: bool = False, actor: str = "system") -> dict[str, Any]:
    """Confirm (optionally naming another institution) or reject the match of ``account``.

    ``account`` is an account key or an exact account name; a name on several platforms is
    ambiguous and refused.
    """
    acc, inst = Account.__table__, Institution.__table__
    with engine.begin() as conn:
        rows = [dict(r) for r in conn.execute(select(acc).where(
            or_(acc.c.account_key == account, acc.c.name == account))).mappings()]
        if not rows:
            raise ReviewError(f"找不到账号 '{account}'")
        if len(rows) > 1:
            raise ReviewError(f"账号 '{account}' 不唯一（{len(rows)} 个），请用账号键 account_key 指定")
        row = rows[0]
        if reject:
            row.update(institution_id=None, match_status="rejected")
        else:
            if institution:
                found = Matcher().match(institution)
                name = found.institution.name if found.institution and found.confidence >= 0.9 else institution
                inst_id = conn.execute(select(inst.c.id).where(inst.c.name == name)).scalar()
                if inst_id is None:
                    raise ReviewError(f"找不到机构 '{institution}'")
                row["institution_id"] = inst_id
            elif row["institution_id"] is None:
                raise ReviewError("该账号没有候选机构，请用 --institution 指定")
            row.update(match_status="confirmed", match_confidence=1.0)
        row["row_hash"] = row_hash(SPECS["account"], row)
        conn.execute(update(acc).where(acc.c.id == row["id"]).values(
            institution_id=row["institution_id"], match_status=row["match_status"],
            match_confidence=row["match_confidence"], row_hash=row["row_hash"]))
        detail = {"platform": row["platform"], "account": row["name"],
                  "institution_id": row["institution_id"], "status": row["match_status"]}
        append_event(conn, actor, "account.match_" + ("rejected" if reject else "confirmed"),
                     "account", row["account_key"], detail)
    return detail
