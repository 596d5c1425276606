"""Login and logout. The login form is the only state-changing route without a session, so it is
protected by a double-submit cookie instead of the session's CSRF token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from redfunnel.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    LoginLocked,
    LoginRefused,
    authenticate,
    csrf_matches,
    end_session,
    load_session,
)
from redfunnel.web.deps import CurrentUser, require
from redfunnel.web.rendering import localtime, render
from redfunnel.web.roles import Perm

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: ``/inbox`` yes, ``//evil.example`` or ``https://…`` no."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login_page(request: Request, *, next_url: str, error: str | None = None,
                status_code: int = 200, name: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", status_code=status_code, login_csrf=token,
                      next_url=next_url, error=error, name=name, title="登录")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, path="/login")
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if load_session(request.app.state.engine, request.cookies.get(SESSION_COOKIE),
                    policy=request.app.state.session_policy):
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next_url=_safe_next(next))


@router.post("/login")
async def login(request: Request, name: Annotated[str, Form()] = "",
                password: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
                next: Annotated[str, Form()] = "/") -> Response:
    next_url = _safe_next(next)
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return _login_page(request, next_url=next_url, status_code=403, name=name,
                           error="登录表单已过期，请重新输入")
    client = request.client.host if request.client else None
    try:
        token, _session = await run_in_threadpool(
            authenticate, request.app.state.engine, name, password, client=client,
            throttle=request.app.state.throttle, policy=request.app.state.session_policy)
    except LoginLocked as exc:
        return _login_page(request, next_url=next_url, status_code=429, name=name,
                           error=f"登录失败次数过多，请在 {localtime(exc.until, '%H:%M')} 之后再试")
    except LoginRefused:
        return _login_page(request, next_url=next_url, status_code=401, name=name,
                           error="用户名或密码错误")
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, path="/",
                        max_age=int(request.app.state.session_policy.lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    end_session(request.app.state.engine, request.cookies.get(SESSION_COOKIE), user.name)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
