"""Passwords, sessions, cookies and login throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from web_helpers import PASSWORD, TestClient, csrf_of, login

from redfunnel.store.models import AuditEvent
from redfunnel.web.auth import (
    LoginLocked,
    LoginRefused,
    SessionPolicy,
    ThrottlePolicy,
    authenticate,
    load_session,
)
from redfunnel.web.models import WebUser
from redfunnel.web.users import UserError, add_user, set_password, update_user


def actions(engine: Engine) -> list[str]:
    t = AuditEvent.__table__
    with engine.connect() as conn:
        return list(conn.execute(select(t.c.action).order_by(t.c.id)).scalars())


def test_passwords_are_argon2_hashed_and_never_defaulted(engine: Engine) -> None:
    user, generated = add_user(engine, "alice", "admin", actor="t")
    assert generated is not None and len(generated) >= 16
    with engine.connect() as conn:
        stored = conn.execute(select(WebUser.__table__.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and generated not in stored
    token, session = authenticate(engine, "alice", generated)
    assert session.name == "alice" and session.role == "admin" and token
    with pytest.raises(UserError, match="至少 10 位"):
        add_user(engine, "bob", "viewer", actor="t", password="short")
    with pytest.raises(UserError, match="未知角色"):
        add_user(engine, "carol", "superuser", actor="t", password=PASSWORD)
    with pytest.raises(UserError, match="已存在"):
        add_user(engine, "alice", "viewer", actor="t", password=PASSWORD)
    assert "user.add" in actions(engine) and "auth.login" in actions(engine)


def test_wrong_password_and_unknown_name_are_refused_alike(engine: Engine) -> None:
    add_user(engine, "alice", "viewer", actor="t", password=PASSWORD)
    for name, password in (("alice", "wrong-password-x"), ("nobody", PASSWORD)):
        with pytest.raises(LoginRefused):
            authenticate(engine, name, password)
    assert actions(engine).count("auth.login_failed") == 2


def test_throttle_locks_the_name_even_for_the_right_password_until_it_expires(engine: Engine) -> None:
    add_user(engine, "alice", "viewer", actor="t", password=PASSWORD)
    policy = ThrottlePolicy(user_limit=3, client_limit=100, window=timedelta(minutes=15),
                            lock=timedelta(minutes=15))
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for i in range(2):
        with pytest.raises(LoginRefused):
            authenticate(engine, "alice", "bad-password-1", client="10.0.0.1", throttle=policy,
                         now=t0 + timedelta(seconds=i))
    with pytest.raises(LoginLocked) as locked:
        authenticate(engine, "alice", "bad-password-1", client="10.0.0.1", throttle=policy,
                     now=t0 + timedelta(seconds=2))
    assert locked.value.until == t0 + timedelta(seconds=2) + timedelta(minutes=15)
    with pytest.raises(LoginLocked):  # the right password from another address: still locked
        authenticate(engine, "alice", PASSWORD, client="10.0.0.2", throttle=policy,
                     now=t0 + timedelta(minutes=10))
    _token, session = authenticate(engine, "alice", PASSWORD, client="10.0.0.2", throttle=policy,
                                   now=t0 + timedelta(minutes=16))
    assert session.name == "alice"
    assert "auth.login_locked" in actions(engine)


def test_failures_outside_the_window_do_not_add_up(engine: Engine) -> None:
    add_user(engine, "alice", "viewer", actor="t", password=PASSWORD)
    policy = ThrottlePolicy(user_limit=3, client_limit=100, window=timedelta(minutes=15))
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for minutes in (0, 1, 20, 21):  # two and two, twenty minutes apart: never three in a window
        with pytest.raises(LoginRefused):
            authenticate(engine, "alice", "bad-password-1", throttle=policy,
                         now=t0 + timedelta(minutes=minutes))


def test_throttle_per_client_address(engine: Engine) -> None:
    for name in ("u1", "u2", "u3"):
        add_user(engine, name, "viewer", actor="t", password=PASSWORD)
    policy = ThrottlePolicy(user_limit=100, client_limit=3)
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for i, name in enumerate(("u1", "u2")):
        with pytest.raises(LoginRefused):
            authenticate(engine, name, "bad-password-1", client="10.9.9.9", throttle=policy,
                         now=t0 + timedelta(seconds=i))
    with pytest.raises(LoginLocked):  # spraying many names from one address
        authenticate(engine, "u3", "bad-password-1", client="10.9.9.9", throttle=policy,
                     now=t0 + timedelta(seconds=3))
    authenticate(engine, "u3", PASSWORD, client="10.1.1.1", throttle=policy,
                 now=t0 + timedelta(seconds=4))


def test_login_page_reports_the_lock(app: Any, anon: TestClient, engine: Engine,
                                     users: dict[str, int]) -> None:
    app.state.throttle = ThrottlePolicy(user_limit=2, client_limit=100)
    assert login(anon, "viewer", "wrong-password-1").status_code == 401
    locked = login(anon, "viewer", "wrong-password-1")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    assert login(anon, "viewer").status_code == 429


def test_session_cookie_flags_and_logout(anon: TestClient, users: dict[str, int],
                                         engine: Engine) -> None:
    response = login(anon, "viewer")
    cookie = response.headers["set-cookie"]
    assert "rf_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert anon.get("/api/me").json()["role"] == "viewer"
    token = anon.cookies.get("rf_session")
    assert load_session(engine, token) is not None
    anon.post("/logout", data={"csrf_token": csrf_of(anon)}, follow_redirects=False)
    assert load_session(engine, token) is None
    assert anon.get("/api/me").status_code == 401


def test_sessions_expire_when_idle_or_old(engine: Engine) -> None:
    add_user(engine, "alice", "viewer", actor="t", password=PASSWORD)
    policy = SessionPolicy(lifetime=timedelta(hours=12), idle=timedelta(hours=2),
                           touch_every=timedelta(minutes=5))
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    token, _ = authenticate(engine, "alice", PASSWORD, now=t0, policy=policy)
    assert load_session(engine, token, now=t0 + timedelta(hours=1), policy=policy)
    assert load_session(engine, token, now=t0 + timedelta(hours=2, minutes=30), policy=policy)
    assert load_session(engine, token, now=t0 + timedelta(hours=5), policy=policy) is None  # idle
    token, _ = authenticate(engine, "alice", PASSWORD, now=t0, policy=policy)
    for hours in range(1, 12):
        assert load_session(engine, token, now=t0 + timedelta(hours=hours), policy=policy)
    assert load_session(engine, token, now=t0 + timedelta(hours=12, minutes=1), policy=policy) is None


def test_password_change_role_change_and_deactivation_end_sessions(engine: Engine) -> None:
    user, _ = add_user(engine, "alice", "admin", actor="t", password=PASSWORD)
    add_user(engine, "root", "admin", actor="t", password=PASSWORD)
    for change in (lambda: set_password(engine, user.id, actor="root", password="another-password-1"),
                   lambda: update_user(engine, user.id, actor="root", role="viewer"),
                   lambda: update_user(engine, user.id, actor="root", active=False)):
        password = "another-password-1" if actions(engine).count("user.password") else PASSWORD
        if actions(engine).count("user.update") >= 1:
            update_user(engine, user.id, actor="root", active=True)
        token, _ = authenticate(engine, "alice", password)
        assert load_session(engine, token)
        change()
        assert load_session(engine, token) is None
    with pytest.raises(LoginRefused):  # deactivated
        authenticate(engine, "alice", "another-password-1")


def test_the_last_admin_cannot_be_removed(engine: Engine) -> None:
    user, _ = add_user(engine, "alice", "admin", actor="t", password=PASSWORD)
    with pytest.raises(UserError, match="最后一位管理员"):
        update_user(engine, user.id, actor="t", role="viewer")
    with pytest.raises(UserError, match="最后一位管理员"):
        update_user(engine, user.id, actor="t", active=False)


def test_next_parameter_cannot_redirect_off_site(anon: TestClient, users: dict[str, int]) -> None:
    from web_helpers import login_token

    for target, expected in (("//evil.example/x", "/"), ("https://evil.example", "/"),
                             ("/inbox", "/inbox")):
        with TestClient(anon.app, base_url="http://127.0.0.1") as client:
            response = client.post("/login", data={"name": "viewer", "password": PASSWORD,
                                                   "csrf_token": login_token(client), "next": target},
                                   follow_redirects=False)
            assert response.headers["location"] == expected


def test_security_headers(anon: TestClient) -> None:
    response = anon.get("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
