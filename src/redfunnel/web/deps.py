"""Request dependencies: who is calling, what they may see, and CSRF on every state change.

Every route but the login form and static files depends on ``require(perm)``; the route test in
``tests/web`` enumerates the app's routes and checks exactly that. ``require`` resolves the session,
checks the role's permission, checks the CSRF token on every unsafe method, and resolves the
operator's account scope, which the library queries then apply.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from redfunnel.access import Scope
from redfunnel.web.auth import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, csrf_matches, load_session
from redfunnel.web.roles import ROLE_LABELS, SCOPED_ROLES, Perm, allowed
from redfunnel.web.users import scope_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotLoggedIn(Exception):
    """No valid session: pages redirect to the login form, the API answers 401."""


class Forbidden(Exception):
    """Logged in, but the role lacks the permission (403)."""

    def __init__(self, message: str = "没有权限访问此页面") -> None:
        super().__init__(message)
        self.message = message


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token (403)."""


class NotFound(Exception):
    """Unknown id, or an id outside the caller's scope: both look the same (404)."""

    def __init__(self, message: str = "未找到") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CurrentUser:
    user_id: int
    name: str
    display_name: str | None
    role: str
    csrf_token: str
    scope: Scope

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def scoped(self) -> bool:
        return self.role in SCOPED_ROLES

    def can(self, perm: Perm | str) -> bool:
        return allowed(self.role, Perm(perm))


def _load(request: Request) -> CurrentUser | None:
    engine = request.app.state.engine
    session = load_session(engine, request.cookies.get(SESSION_COOKIE),
                           policy=request.app.state.session_policy)
    if session is None:
        return None
    with engine.connect() as conn:
        scope = scope_of(conn, session.user_id, session.role)
    return CurrentUser(session.user_id, session.name, session.display_name, session.role,
                       session.csrf_token, scope)


async def _check_csrf(request: Request, user: CurrentUser) -> None:
    given = request.headers.get(CSRF_HEADER)
    if not given:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not csrf_matches(user.csrf_token, given):
        raise CsrfRejected()


def require(perm: Perm) -> Callable[[Request], Awaitable[CurrentUser]]:
    """Dependency: a logged-in user holding ``perm``; unsafe methods also need the CSRF token."""

    async def dependency(request: Request) -> CurrentUser:
        user = getattr(request.state, "user", None)
        if user is None:
            user = await run_in_threadpool(_load, request)
            if user is None:
                raise NotLoggedIn()
            request.state.user = user
        if not allowed(user.role, perm):
            raise Forbidden()
        if request.method not in SAFE_METHODS:
            await _check_csrf(request, user)
        return user

    dependency.permission = perm  # type: ignore[attr-defined]
    return dependency
