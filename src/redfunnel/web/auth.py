"""Passwords, sessions, CSRF tokens and login throttling, independent of the web framework.

- Passwords are hashed with argon2id (argon2-cffi); a login for an unknown name still runs one
  verification against a dummy hash, so response time does not reveal which names exist.
- A session cookie carries a random token; the store keeps only its SHA-256, an absolute expiry
  and an idle expiry. ``last_seen_at`` is written at most every few minutes so that reading pages
  does not turn into a write per request (SQLite has one writer).
- Each session has its own CSRF token (synchronizer-token pattern): forms carry it in a hidden
  field, htmx and API clients in the ``X-CSRF-Token`` header. The login form, which has no session
  yet, uses a double-submit cookie.
- Failed logins are counted per user name and per client address in the database; past the limit
  the key is locked for a while and even a correct password is refused until the lock ends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from redfunnel.store.audit import append_event
from redfunnel.web.models import LoginThrottle, WebSession, WebUser

SESSION_COOKIE = "rf_session"
LOGIN_CSRF_COOKIE = "rf_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
_DUMMY_HASH: str | None = None


def set_password_hasher(hasher: PasswordHasher) -> None:
    """Replace the hasher (tests use cheap parameters; production keeps argon2-cffi's defaults)."""
    global _hasher, _DUMMY_HASH
    _hasher, _DUMMY_HASH = hasher, None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def generate_password() -> str:
    """A random 16-character password (96 bits), for ``user add`` and the demo logins."""
    return secrets.token_urlsafe(12)


def password_problem(password: str) -> str | None:
    """Why a chosen password is refused (Chinese), or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位"
    if password.strip() != password:
        return "密码首尾不能有空格"
    return None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token on either side never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class SessionPolicy:
    lifetime: timedelta = timedelta(hours=12)
    idle: timedelta = timedelta(hours=2)
    touch_every: timedelta = timedelta(minutes=5)


@dataclass(frozen=True)
class ThrottlePolicy:
    """Failures allowed per window before a key is locked, per user name and per client."""

    user_limit: int = 5
    client_limit: int = 30
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class SessionUser:
    """The user behind a valid session cookie."""

    session_id: int
    user_id: int
    name: str
    display_name: str | None
    role: str
    csrf_token: str


class LoginRefused(Exception):
    """Wrong name or password (one message for both, so names cannot be probed)."""


class LoginLocked(Exception):
    """Too many failures: refused until ``until``."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _throttle_keys(name: str, client: str | None) -> list[tuple[str, str]]:
    keys = [("user", f"user:{name.strip().lower()[:150]}")]
    if client:
        keys.append(("client", f"ip:{client[:150]}"))
    return keys


def locked_until(conn: Connection, name: str, client: str | None,
                 now: datetime | None = None) -> datetime | None:
    """The latest active lock on the name or the client, if any."""
    t = LoginThrottle.__table__
    now = _now(now)
    keys = [k for _, k in _throttle_keys(name, client)]
    until = conn.execute(select(t.c.locked_until).where(t.c.key.in_(keys),
                                                        t.c.locked_until > now)).scalars().all()
    return max(until) if until else None


def _record_failure(conn: Connection, key: str, limit: int, policy: ThrottlePolicy,
                    now: datetime) -> datetime | None:
    t = LoginThrottle.__table__
    row = conn.execute(select(t.c.id, t.c.failures, t.c.window_start).where(t.c.key == key)).first()
    if row is None:
        failures, lock = 1, (now + policy.lock if limit <= 1 else None)
        try:
            with conn.begin_nested():
                conn.execute(t.insert().values(key=key, failures=failures, window_start=now,
                                               locked_until=lock))
            return lock
        except IntegrityError:  # a concurrent failure inserted it first
            row = conn.execute(select(t.c.id, t.c.failures, t.c.window_start)
                               .where(t.c.key == key)).one()
    if now - row.window_start > policy.window:
        failures, window_start = 1, now
    else:
        failures, window_start = row.failures + 1, row.window_start
    lock = now + policy.lock if failures >= limit else None
    conn.execute(update(t).where(t.c.id == row.id).values(
        failures=0 if lock else failures, window_start=now if lock else window_start,
        locked_until=lock))
    return lock


def _reset(conn: Connection, key: str) -> None:
    t = LoginThrottle.__table__
    conn.execute(delete(t).where(t.c.key == key))


def authenticate(engine: Engine, name: str, password: str, *, client: str | None = None,
                 throttle: ThrottlePolicy | None = None, now: datetime | None = None,
                 policy: SessionPolicy | None = None) -> tuple[str, SessionUser]:
    """Check a login and open a session; returns the cookie token and the session user.

    Raises ``LoginLocked`` while the name or client is locked (even for the right password) and
    ``LoginRefused`` for a wrong name or password. Every outcome is audited.
    """
    throttle = throttle or ThrottlePolicy()
    now = _now(now)
    name = name.strip()
    users = WebUser.__table__
    token, session = "", None
    # Outcomes are raised after the transaction commits, so failures and locks are recorded.
    with engine.begin() as conn:
        until = locked_until(conn, name, client, now)
        if until is not None:
            append_event(conn, name or "?", "auth.login_locked", "web_user", name,
                         {"client": client, "locked_until": until.isoformat()})
        else:
            row = conn.execute(select(users).where(users.c.name == name)).first()
            ok = verify_password(row.password_hash if row else _dummy_hash(), password)
            if row is None or not ok or not row.active:
                lock = None
                for kind, key in _throttle_keys(name, client):
                    limit = throttle.user_limit if kind == "user" else throttle.client_limit
                    lock = _record_failure(conn, key, limit, throttle, now) or lock
                append_event(conn, name or "?", "auth.login_failed", "web_user", name,
                             {"client": client, "locked": lock is not None})
                until = lock
            else:
                _reset(conn, _throttle_keys(name, client)[0][1])
                if _hasher.check_needs_rehash(row.password_hash):
                    conn.execute(update(users).where(users.c.id == row.id)
                                 .values(password_hash=hash_password(password)))
                token, session = open_session(conn, row, client=client, now=now, policy=policy)
                append_event(conn, row.name, "auth.login", "web_session", str(session.session_id),
                             {"client": client})
    if until is not None:
        raise LoginLocked(until)
    if session is None:
        raise LoginRefused()
    return token, session


def open_session(conn: Connection, user_row: object, *, client: str | None, now: datetime,
                 policy: SessionPolicy | None = None) -> tuple[str, SessionUser]:
    """Insert a session for ``user_row`` (a ``web_user`` row) and return token and user."""
    policy = policy or SessionPolicy()
    t = WebSession.__table__
    conn.execute(delete(t).where(t.c.expires_at < now))
    token = secrets.token_urlsafe(32)
    csrf = new_csrf_token()
    sid = conn.execute(t.insert().values(
        token_hash=token_digest(token), user_id=user_row.id, csrf_token=csrf,  # type: ignore[attr-defined]
        created_at=now, last_seen_at=now, expires_at=now + policy.lifetime,
        client=(client or "")[:80] or None)).inserted_primary_key[0]
    return token, SessionUser(int(sid), user_row.id, user_row.name,  # type: ignore[attr-defined]
                              user_row.display_name, user_row.role, csrf)  # type: ignore[attr-defined]


def load_session(engine: Engine, token: str | None, *, now: datetime | None = None,
                 policy: SessionPolicy | None = None) -> SessionUser | None:
    """The user of a session token, or ``None`` if unknown, expired, idle too long or disabled."""
    if not token or len(token) > 200:
        return None
    policy = policy or SessionPolicy()
    now = _now(now)
    s, u = WebSession.__table__, WebUser.__table__
    with engine.connect() as conn:
        row = conn.execute(
            select(s.c.id, s.c.csrf_token, s.c.last_seen_at, s.c.expires_at, u.c.id.label("uid"),
                   u.c.name, u.c.display_name, u.c.role, u.c.active)
            .join(u, u.c.id == s.c.user_id).where(s.c.token_hash == token_digest(token))).first()
    if row is None or not row.active or row.expires_at <= now or now - row.last_seen_at > policy.idle:
        return None
    if now - row.last_seen_at > policy.touch_every:
        with engine.begin() as conn:
            conn.execute(update(s).where(s.c.id == row.id).values(last_seen_at=now))
    return SessionUser(row.id, row.uid, row.name, row.display_name, row.role, row.csrf_token)


def end_session(engine: Engine, token: str | None, actor: str) -> bool:
    """Delete the session of ``token``; audited. Returns whether one existed."""
    if not token:
        return False
    s = WebSession.__table__
    with engine.begin() as conn:
        sid = conn.execute(select(s.c.id).where(s.c.token_hash == token_digest(token))).scalar()
        if sid is None:
            return False
        conn.execute(delete(s).where(s.c.id == sid))
        append_event(conn, actor, "auth.logout", "web_session", str(sid))
    return True


def end_user_sessions(conn: Connection, user_id: int) -> int:
    """Log a user out everywhere (after a password change, role change or deactivation)."""
    s = WebSession.__table__
    return conn.execute(delete(s).where(s.c.user_id == user_id)).rowcount or 0
