"""JSON API: what the pages show, under the same permissions and scopes.

Documented in the OpenAPI schema at ``/api/openapi.json`` (login required). State-changing calls
need the session's CSRF token in the ``X-CSRF-Token`` header, as htmx sends it.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from redfunnel.reports.registry import SECTION_TITLES
from redfunnel.store.models import AuditEvent, FaqEntry
from redfunnel.web.deps import CurrentUser, NotFound, require
from redfunnel.web.imports import import_history
from redfunnel.web.queries import account_detail, account_rows, overview_figures
from redfunnel.web.roles import ROLE_LABELS, Perm
from redfunnel.web.routes.domain import optional_module
from redfunnel.web.routes.pages import SECTION_PERMS
from redfunnel.web.sections import json_safe
from redfunnel.web.users import list_users

router = APIRouter(prefix="/api", tags=["api"])


def _json(doc: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(json_safe(doc), status_code=status_code)


def _cached_json(request: Request, key: tuple[Any, ...], build: Any) -> Response:
    """A JSON document encoded once per store version (sections are large; encoding them again
    for every request costs more than the request itself)."""
    body = request.app.state.sections.memo(("json", *key), lambda: json.dumps(
        json_safe(build()), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return Response(body, media_type="application/json")


def _scope_key(user: CurrentUser) -> tuple[int, ...] | None:
    return None if user.scope.unrestricted else tuple(sorted(user.scope.account_ids or ()))


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/me", summary="当前用户：角色、权限与可见账号")
def me(user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> JSONResponse:
    return _json({"name": user.name, "display_name": user.display_name, "role": user.role,
                  "role_label": ROLE_LABELS.get(user.role, user.role),
                  "permissions": [p.value for p in Perm if user.can(p)],
                  "account_ids": None if user.scope.unrestricted else sorted(user.scope.account_ids or ())})


@router.get("/overview", summary="总览：核心数字与各部分摘要")
def overview(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    cache = request.app.state.sections

    def build() -> dict[str, Any]:
        summaries = {}
        for kind, perm in SECTION_PERMS.items():
            if user.can(perm):
                result = cache.get(kind, user.scope)
                summaries[kind] = {"title": result.title, "status": result.status,
                                   "summary": result.section.summary if result.section else []}
        return {"figures": overview_figures(request.app.state.engine, user.scope),
                "sections": summaries}

    return _cached_json(request, ("overview", user.role, _scope_key(user)), build)


def _section_endpoint(kind: str) -> None:
    @router.get(f"/sections/{kind}", name=f"api_section_{kind}",
                summary=f"{SECTION_TITLES[kind]}：报告部分（摘要、图表、表格、说明）")
    def endpoint(request: Request,
                 user: CurrentUser = Depends(require(SECTION_PERMS[kind]))) -> Response:  # noqa: B008
        return _cached_json(request, ("section", kind, _scope_key(user)),
                            lambda: request.app.state.sections.get(kind, user.scope).to_dict())


for _kind in SECTION_PERMS:
    _section_endpoint(_kind)


@router.get("/accounts", summary="账号体检列表")
def accounts(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))],
             mine: bool = False, platform: str | None = None, q: str | None = None) -> JSONResponse:
    ref, rows = account_rows(request.app.state.engine, user.scope, only_mine=mine,
                             platform=platform, q=q)
    return _json({"as_of": ref, "accounts": [r.to_dict() for r in rows]})


@router.get("/accounts/{account_id}", summary="单个账号：粉丝历史与笔记")
def account(request: Request, account_id: int,
            user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> JSONResponse:
    detail = account_detail(request.app.state.engine, account_id)
    if detail is None:
        raise NotFound("账号不存在")
    return _json(detail)


@router.get("/drafts", summary="草稿与审批队列（按授权范围）")
def drafts(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_READ))],
           status: str | None = None) -> JSONResponse:
    approvals = optional_module("redfunnel.compliance.approvals")
    if approvals is None:
        return _json({"available": False, "drafts": []})
    return _json({"available": True,
                  "drafts": approvals.list_drafts(request.app.state.engine, user.scope, status=status)})


@router.get("/drafts/{draft_id}", summary="单个草稿：检查结果与审批记录")
def draft(request: Request, draft_id: int,
          user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_READ))]) -> JSONResponse:
    approvals = optional_module("redfunnel.compliance.approvals")
    found = approvals.get_draft(request.app.state.engine, user.scope, draft_id) if approvals else None
    if found is None:
        raise NotFound("草稿不存在或不在您的授权范围内")
    return _json({"draft": found,
                  "history": approvals.approval_history(request.app.state.engine, user.scope, draft_id)})


@router.get("/inbox/threads", summary="收件箱会话（按授权范围，高优先级在前）")
def inbox_threads(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.INBOX_READ))],
                  state: str | None = None, intent: str | None = None, queue: str | None = None,
                  channel: str | None = None, limit: int = 100) -> JSONResponse:
    threads = optional_module("redfunnel.inbox.threads")
    if threads is None:
        return _json({"available": False, "threads": []})
    return _json({"available": True, "threads": threads.list_threads(
        request.app.state.engine, user.scope, state=state, intent=intent, queue=queue,
        channel=channel, limit=min(max(limit, 1), 500))})


@router.get("/inbox/threads/{thread_id}", summary="单个会话：对话、回复与推荐答复")
def inbox_thread(request: Request, thread_id: int,
                 user: Annotated[CurrentUser, Depends(require(Perm.INBOX_READ))]) -> JSONResponse:
    threads = optional_module("redfunnel.inbox.threads")
    engine = request.app.state.engine
    thread = threads.get_thread(engine, user.scope, thread_id) if threads else None
    if thread is None:
        raise NotFound("会话不存在或不在您的授权范围内")
    from redfunnel.inbox import replies

    return _json({"thread": thread, "messages": threads.thread_messages(engine, thread),
                  "replies": replies.list_replies(engine, user.scope, thread_id),
                  "suggestions": replies.suggest_for_thread(engine, thread)})


@router.get("/users", summary="用户、角色与授权")
def users(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.USERS))]) -> JSONResponse:
    return _json({"users": [u.to_dict() for u in list_users(request.app.state.engine)]})


@router.get("/faq", summary="FAQ 知识库（当前版本）")
def faq(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.RULEBOOK))]) -> JSONResponse:
    t = FaqEntry.__table__
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t.c.faq_key, t.c.version, t.c.question, t.c.answer, t.c.category,
                                   t.c.status).where(t.c.is_current.is_(True))
                            .order_by(t.c.faq_key)).all()
    return _json({"entries": [r._asdict() for r in rows]})


@router.get("/imports", summary="导入历史")
def imports(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.IMPORT))]) -> JSONResponse:
    return _json({"files": import_history(request.app.state.engine),
                  "jobs": [j.to_dict() for j in request.app.state.imports.recent()]})


@router.get("/imports/jobs/{job_id}", summary="一个导入任务的进度与逐文件结果")
def import_job(request: Request, job_id: str,
               user: Annotated[CurrentUser, Depends(require(Perm.IMPORT))]) -> JSONResponse:
    job = request.app.state.imports.get(job_id)
    if job is None:
        raise NotFound("导入任务不存在")
    return _json(job.to_dict())


@router.get("/audit", summary="审计日志（最新在前）")
def audit(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.AUDIT))],
          limit: int = 200) -> JSONResponse:
    t = AuditEvent.__table__
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(min(max(limit, 1), 1000))).all()
    return _json({"events": [r._asdict() for r in rows]})
