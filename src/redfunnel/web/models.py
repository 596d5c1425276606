"""Users, roles, account scopes and login sessions: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_web.py``.

Sessions are stored by the SHA-256 of their cookie token, so a copy of the database does not
hand out live logins; throttling state is kept in the database (not in process memory) so that
several server workers and restarts share one count of failed logins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redfunnel.store.models import Base
from redfunnel.store.types import UTCDateTime


class WebUser(Base):
    """A local user: a login name, an argon2 password hash and one role."""

    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebUserScope(Base):
    """One grant of an operator: an account by name (every platform) or a team (``owner_team``).

    Grants are names rather than account ids because accounts appear on several platforms and
    new ones arrive with later imports; they are resolved to account ids on every request.
    """

    __tablename__ = "web_user_scope"
    __table_args__ = (UniqueConstraint("user_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(120))


class WebSession(Base):
    """A login session; the cookie carries the token, the table only its hash."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    client: Mapped[str | None] = mapped_column(String(80), nullable=True)


class LoginThrottle(Base):
    """Failed logins per key (``user:<name>`` or ``ip:<address>``) and the lock they caused."""

    __tablename__ = "web_login_throttle"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
