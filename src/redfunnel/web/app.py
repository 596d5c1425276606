"""The FastAPI application: ``create_app(engine, settings)``.

Pages are server-rendered Jinja2 templates in Simplified Chinese with htmx for partial updates and
ECharts for charts, both served from ``/static/vendor`` (no CDN). The JSON API under ``/api`` shows
the same data under the same permission checks; its OpenAPI schema is at ``/api/openapi.json`` and
needs a login like everything else. Swagger UI is not served: it would load scripts from a CDN.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from redfunnel.config import Settings
from redfunnel.web.auth import SessionPolicy, ThrottlePolicy
from redfunnel.web.deps import CsrfRejected, Forbidden, NotFound, NotLoggedIn
from redfunnel.web.imports import ImportJobs
from redfunnel.web.rendering import make_environment, render
from redfunnel.web.sections import SectionCache

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'self'; object-src 'none'")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(engine: Engine, settings: Settings, *, throttle: ThrottlePolicy | None = None,
               session_policy: SessionPolicy | None = None, now: datetime | None = None,
               section_ttl: float = 600.0, secure_cookies: bool = False) -> FastAPI:
    """The web app over ``engine``; ``now`` pins the analyses' clock (demo and tests)."""
    app = FastAPI(title="redfunnel", version="0.1.0",
                  description="redfunnel 网页应用的 JSON 接口：与页面相同的数据和权限。",
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.state.settings = settings
    app.state.throttle = throttle or ThrottlePolicy()
    app.state.session_policy = session_policy or SessionPolicy()
    app.state.secure_cookies = secure_cookies
    app.state.now = now
    app.state.sections = SectionCache(engine, ttl=section_ttl, now=now)
    app.state.jinja = make_environment()
    app.state.imports = ImportJobs(engine, settings.home / "uploads",
                                   batch_size=settings.ingest_batch_size,
                                   on_change=app.state.sections.invalidate)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "未登录"}, status_code=401)
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=403)
        return render(request, "error.html", status_code=403, title="没有权限", message=exc.message)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected) -> Response:
        message = "请求缺少有效的 CSRF 令牌，请刷新页面后重试"
        if _is_api(request) or request.headers.get("HX-Request"):
            return JSONResponse({"detail": message}, status_code=403)
        return render(request, "error.html", status_code=403, title="请求被拒绝", message=message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=404)
        return render(request, "error.html", status_code=404, title="未找到", message=exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or exc.status_code not in (404, 405):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return render(request, "error.html", status_code=exc.status_code,
                      title="未找到" if exc.status_code == 404 else "不支持的请求",
                      message="页面不存在" if exc.status_code == 404 else str(exc.detail))

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    from redfunnel.web.routes import api, auth, domain, pages
    from redfunnel.web.routes import settings as settings_routes

    for module in (auth, pages, domain, settings_routes, api):
        app.include_router(module.router)
    return app


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app serves except static files, for the authorization test.

    Walks included routers through FastAPI's effective routes, so routers nested at any depth and
    with any prefix are listed with their full paths.
    """
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if hasattr(route, "effective_candidates"):
                walk(route.effective_candidates())
            elif getattr(route, "methods", None) and getattr(route, "path", None):
                for method in route.methods:
                    if method != "HEAD":
                        found.add((method, route.path))

    walk(list(app.routes))
    return sorted(found, key=lambda mp: (mp[1], mp[0]))
