"""Local users, their roles and their account grants; every change is audited.

An operator is granted accounts by name (``account``: the account of that name on every platform)
or whole teams (``team``: every account whose registry ``owner_team`` is that team, e.g.
``广东省分行个人金融部``). Grants resolve to a ``redfunnel.access.Scope`` on each request, so an
account imported later for a granted team is visible at once and a revoked grant at once is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from redfunnel.access import Scope
from redfunnel.store.audit import append_event
from redfunnel.store.models import Account
from redfunnel.web.auth import (
    end_user_sessions,
    generate_password,
    hash_password,
    password_problem,
)
from redfunnel.web.models import WebUser, WebUserScope
from redfunnel.web.roles import ROLE_LABELS, SCOPED_ROLES, Role, parse_role

GRANT_KINDS = {"account": "账号", "team": "团队"}
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,64}$")


class UserError(ValueError):
    """A refused user change, with a Chinese message."""


@dataclass(frozen=True)
class Grant:
    kind: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Grant:
        """``team:广东省分行个人金融部`` or a bare account name."""
        kind, sep, value = text.partition(":")
        if sep and kind in GRANT_KINDS:
            return cls(kind, value.strip())
        return cls("account", text.strip())

    def label(self) -> str:
        return f"{GRANT_KINDS[self.kind]}：{self.value}"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    display_name: str | None
    role: str
    active: bool
    created_at: datetime
    grants: tuple[Grant, ...] = field(default=())

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def scoped(self) -> bool:
        return self.role in SCOPED_ROLES

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "display_name": self.display_name,
                "role": self.role, "role_label": self.role_label, "active": self.active,
                "created_at": self.created_at.isoformat(),
                "grants": [{"kind": g.kind, "value": g.value} for g in self.grants]}


def _grants(conn: Connection, user_ids: Sequence[int]) -> dict[int, tuple[Grant, ...]]:
    t = WebUserScope.__table__
    found: dict[int, list[Grant]] = {}
    if user_ids:
        for row in conn.execute(select(t.c.user_id, t.c.kind, t.c.value)
                                .where(t.c.user_id.in_(list(user_ids)))
                                .order_by(t.c.kind, t.c.value)):
            found.setdefault(row.user_id, []).append(Grant(row.kind, row.value))
    return {k: tuple(v) for k, v in found.items()}


def _user(row: Any, grants: dict[int, tuple[Grant, ...]]) -> User:
    return User(row.id, row.name, row.display_name, row.role, bool(row.active), row.created_at,
                grants.get(row.id, ()))


def list_users(engine: Engine) -> list[User]:
    t = WebUser.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.name)).all()
        grants = _grants(conn, [r.id for r in rows])
    return [_user(r, grants) for r in rows]


def get_user(engine: Engine, user_id: int) -> User | None:
    t = WebUser.__table__
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == user_id)).first()
        return _user(row, _grants(conn, [user_id])) if row else None


def get_user_by_name(engine: Engine, name: str) -> User | None:
    t = WebUser.__table__
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.name == name)).first()
        return _user(row, _grants(conn, [row.id])) if row else None


def _clean_grants(grants: Iterable[Grant]) -> list[Grant]:
    seen: dict[tuple[str, str], Grant] = {}
    for g in grants:
        if g.kind not in GRANT_KINDS:
            raise UserError(f"未知的授权类型：{g.kind}（可选 account、team）")
        if not g.value or len(g.value) > 120:
            raise UserError("授权的账号或团队名称不能为空，且不超过 120 字")
        seen[(g.kind, g.value)] = g
    return list(seen.values())


def add_user(engine: Engine, name: str, role: str, *, actor: str, password: str | None = None,
             display_name: str | None = None, grants: Iterable[Grant] = ()) -> tuple[User, str | None]:
    """Create a user; without ``password`` one is generated and returned (shown once, never stored).

    Returns the user and the generated password (``None`` when the caller gave one).
    """
    if not _NAME.match(name or ""):
        raise UserError("用户名须为 2–64 位字母、数字、汉字或 _ . -")
    try:
        role_value = parse_role(role).value
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    generated = None
    if password is None:
        password = generated = generate_password()
    elif problem := password_problem(password):
        raise UserError(problem)
    grant_list = _clean_grants(grants)
    now = datetime.now(UTC).replace(microsecond=0)
    t, s = WebUser.__table__, WebUserScope.__table__
    try:
        with engine.begin() as conn:
            uid = int(conn.execute(t.insert().values(
                name=name, display_name=display_name or None, role=role_value,
                password_hash=hash_password(password), active=True, created_at=now,
                password_changed_at=now)).inserted_primary_key[0])
            if grant_list:
                conn.execute(s.insert(), [{"user_id": uid, "kind": g.kind, "value": g.value}
                                          for g in grant_list])
            append_event(conn, actor, "user.add", "web_user", str(uid),
                         {"name": name, "role": role_value,
                          "grants": [g.label() for g in grant_list]})
    except IntegrityError as exc:
        raise UserError(f"用户名已存在：{name}") from exc
    user = get_user(engine, uid)
    assert user is not None
    return user, generated


def update_user(engine: Engine, user_id: int, *, actor: str, role: str | None = None,
                active: bool | None = None, display_name: str | None = None) -> User:
    """Change role, active flag or display name; a role change or deactivation logs the user out."""
    t = WebUser.__table__
    values: dict[str, Any] = {}
    if role is not None:
        try:
            values["role"] = parse_role(role).value
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    if active is not None:
        values["active"] = active
    if display_name is not None:
        values["display_name"] = display_name.strip() or None
    with engine.begin() as conn:
        before = conn.execute(select(t).where(t.c.id == user_id)).first()
        if before is None:
            raise UserError(f"用户不存在：{user_id}")
        if before.role == Role.ADMIN and (values.get("role", Role.ADMIN) != Role.ADMIN
                                          or values.get("active") is False):
            others = conn.execute(select(t.c.id).where(t.c.role == Role.ADMIN.value,
                                                       t.c.active.is_(True),
                                                       t.c.id != user_id)).first()
            if others is None:
                raise UserError("不能移除最后一位管理员")
        if values:
            conn.execute(update(t).where(t.c.id == user_id).values(**values))
            if ("role" in values and values["role"] != before.role) or values.get("active") is False:
                end_user_sessions(conn, user_id)
            append_event(conn, actor, "user.update", "web_user", str(user_id),
                         {"name": before.name, **{k: v for k, v in values.items()}})
    user = get_user(engine, user_id)
    assert user is not None
    return user


def set_password(engine: Engine, user_id: int, *, actor: str,
                 password: str | None = None) -> str | None:
    """Set (or generate, when ``password`` is None) a new password; logs the user out everywhere."""
    generated = None
    if password is None:
        password = generated = generate_password()
    elif problem := password_problem(password):
        raise UserError(problem)
    t = WebUser.__table__
    with engine.begin() as conn:
        name = conn.execute(select(t.c.name).where(t.c.id == user_id)).scalar()
        if name is None:
            raise UserError(f"用户不存在：{user_id}")
        conn.execute(update(t).where(t.c.id == user_id).values(
            password_hash=hash_password(password),
            password_changed_at=datetime.now(UTC).replace(microsecond=0)))
        end_user_sessions(conn, user_id)
        append_event(conn, actor, "user.password", "web_user", str(user_id), {"name": name})
    return generated


def set_grants(engine: Engine, user_id: int, grants: Iterable[Grant], *, actor: str) -> User:
    """Replace a user's account and team grants."""
    grant_list = _clean_grants(grants)
    t, s = WebUser.__table__, WebUserScope.__table__
    with engine.begin() as conn:
        name = conn.execute(select(t.c.name).where(t.c.id == user_id)).scalar()
        if name is None:
            raise UserError(f"用户不存在：{user_id}")
        before = [Grant(r.kind, r.value) for r in conn.execute(
            select(s.c.kind, s.c.value).where(s.c.user_id == user_id))]
        conn.execute(delete(s).where(s.c.user_id == user_id))
        if grant_list:
            conn.execute(s.insert(), [{"user_id": user_id, "kind": g.kind, "value": g.value}
                                      for g in grant_list])
        append_event(conn, actor, "user.grants", "web_user", str(user_id),
                     {"name": name, "before": [g.label() for g in before],
                      "after": [g.label() for g in grant_list]})
    user = get_user(engine, user_id)
    assert user is not None
    return user


def scope_of(conn: Connection, user_id: int, role: str) -> Scope:
    """The accounts a user may see: everything for unscoped roles, the grants for operators."""
    if role not in SCOPED_ROLES:
        return Scope.everything()
    s, a = WebUserScope.__table__, Account.__table__
    grants = conn.execute(select(s.c.kind, s.c.value).where(s.c.user_id == user_id)).all()
    names = [g.value for g in grants if g.kind == "account"]
    teams = [g.value for g in grants if g.kind == "team"]
    if not names and not teams:
        return Scope.accounts([])
    ids = conn.execute(select(a.c.id).where(or_(a.c.name.in_(names), a.c.owner_team.in_(teams)))
                       ).scalars().all()
    return Scope.accounts(ids)


def grant_choices(engine: Engine) -> dict[str, list[str]]:
    """Account names and teams known to the store, for forms and for warning about typos."""
    a = Account.__table__
    with engine.connect() as conn:
        names = conn.execute(select(a.c.name).where(a.c.name.is_not(None)).distinct()
                             .order_by(a.c.name)).scalars().all()
        teams = conn.execute(select(a.c.owner_team).where(a.c.owner_team.is_not(None),
                                                          a.c.owner_team != "").distinct()
                             .order_by(a.c.owner_team)).scalars().all()
    return {"account": list(names), "team": list(teams)}


def unknown_grants(engine: Engine, grants: Iterable[Grant]) -> list[Grant]:
    """Grants naming no account or team in the store yet (allowed, but worth a warning)."""
    known = grant_choices(engine)
    return [g for g in grants if g.value not in known[g.kind]]
