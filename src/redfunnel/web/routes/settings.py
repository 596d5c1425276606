"""设置: one's own password, users and roles, account ownership, FAQ library, rulebook, import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from redfunnel.store.models import Account, AuditEvent, FaqEntry, Institution
from redfunnel.web.auth import password_problem, verify_password
from redfunnel.web.deps import CurrentUser, NotFound, require
from redfunnel.web.imports import import_history
from redfunnel.web.models import WebUser
from redfunnel.web.rendering import render
from redfunnel.web.roles import ROLE_LABELS, Perm, Role
from redfunnel.web.users import (
    GRANT_KINDS,
    Grant,
    UserError,
    add_user,
    get_user,
    grant_choices,
    list_users,
    set_grants,
    set_password,
    update_user,
)

router = APIRouter(include_in_schema=False)


@router.get("/settings")
def settings_index(request: Request,
                   user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    return render(request, "settings/index.html", active="settings", title="设置")


@router.post("/settings/password")
def change_own_password(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))],
                        current: Annotated[str, Form()] = "", new: Annotated[str, Form()] = "",
                        repeat: Annotated[str, Form()] = "") -> Response:
    engine = request.app.state.engine
    t = WebUser.__table__
    with engine.connect() as conn:
        stored = conn.execute(select(t.c.password_hash).where(t.c.id == user.user_id)).scalar()
    error = None
    if not stored or not verify_password(stored, current):
        error = "当前密码不正确"
    elif new != repeat:
        error = "两次输入的新密码不一致"
    else:
        error = password_problem(new)
    if error:
        return render(request, "settings/index.html", status_code=400, active="settings",
                      title="设置", password_error=error)
    set_password(engine, user.user_id, actor=user.name, password=new)
    return RedirectResponse("/login", status_code=303)


# ---- users ---------------------------------------------------------------------------------

def _users_page(request: Request, status_code: int = 200, **extra: Any) -> Response:
    engine = request.app.state.engine
    return render(request, "settings/users.html", status_code=status_code, active="settings",
                  title="用户与角色", users=list_users(engine), roles=ROLE_LABELS,
                  choices=grant_choices(engine), grant_kinds=GRANT_KINDS, **extra)


def _parse_grants(accounts: list[str], teams: list[str]) -> list[Grant]:
    grants = [Grant("account", a.strip()) for a in accounts if a.strip()]
    grants += [Grant("team", t.strip()) for t in teams if t.strip()]
    return grants


@router.get("/settings/users")
def users_page(request: Request,
               user: Annotated[CurrentUser, Depends(require(Perm.USERS))]) -> Response:
    return _users_page(request)


@router.post("/settings/users")
def users_add(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.USERS))],
              name: Annotated[str, Form()] = "", role: Annotated[str, Form()] = Role.VIEWER.value,
              display_name: Annotated[str, Form()] = "",
              accounts: Annotated[list[str] | None, Form()] = None,
              teams: Annotated[list[str] | None, Form()] = None) -> Response:
    try:
        created, password = add_user(request.app.state.engine, name.strip(), role, actor=user.name,
                                     display_name=display_name.strip() or None,
                                     grants=_parse_grants(accounts or [], teams or []))
    except UserError as exc:
        return _users_page(request, status_code=400, error=str(exc))
    return _users_page(request, created=created, new_password=password)


@router.get("/settings/users/{user_id}")
def user_edit(request: Request, user_id: int,
              user: Annotated[CurrentUser, Depends(require(Perm.USERS))]) -> Response:
    target = get_user(request.app.state.engine, user_id)
    if target is None:
        raise NotFound("用户不存在")
    return render(request, "settings/user_edit.html", active="settings",
                  title=f"用户：{target.name}", target=target, roles=ROLE_LABELS,
                  choices=grant_choices(request.app.state.engine), grant_kinds=GRANT_KINDS)


@router.post("/settings/users/{user_id}")
def user_update(request: Request, user_id: int,
                user: Annotated[CurrentUser, Depends(require(Perm.USERS))],
                role: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = "",
                active: Annotated[str, Form()] = "true",
                accounts: Annotated[list[str] | None, Form()] = None,
                teams: Annotated[list[str] | None, Form()] = None) -> Response:
    engine = request.app.state.engine
    if get_user(engine, user_id) is None:
        raise NotFound("用户不存在")
    try:
        update_user(engine, user_id, actor=user.name, role=role or None,
                    active=active == "true", display_name=display_name)
        target = set_grants(engine, user_id, _parse_grants(accounts or [], teams or []),
                            actor=user.name)
    except UserError as exc:
        target = get_user(engine, user_id)
        return render(request, "settings/user_edit.html", status_code=400, active="settings",
                      title=f"用户：{target.name if target else user_id}", target=target,
                      roles=ROLE_LABELS, choices=grant_choices(engine), grant_kinds=GRANT_KINDS,
                      error=str(exc))
    return render(request, "settings/user_edit.html", active="settings",
                  title=f"用户：{target.name}", target=target, roles=ROLE_LABELS,
                  choices=grant_choices(engine), grant_kinds=GRANT_KINDS, saved=True)


@router.post("/settings/users/{user_id}/password")
def user_reset_password(request: Request, user_id: int,
                        user: Annotated[CurrentUser, Depends(require(Perm.USERS))]) -> Response:
    engine = request.app.state.engine
    target = get_user(engine, user_id)
    if target is None:
        raise NotFound("用户不存在")
    password = set_password(engine, user_id, actor=user.name)
    return render(request, "settings/user_edit.html", active="settings",
                  title=f"用户：{target.name}", target=target, roles=ROLE_LABELS,
                  choices=grant_choices(engine), grant_kinds=GRANT_KINDS, new_password=password)


# ---- account ownership ---------------------------------------------------------------------

@router.get("/settings/ownership")
def ownership(request: Request,
              user: Annotated[CurrentUser, Depends(require(Perm.USERS))]) -> Response:
    engine = request.app.state.engine
    a, i = Account.__table__, Institution.__table__
    users = list_users(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(a.c.id, a.c.platform, a.c.name, a.c.owner_team, a.c.role,
                                   a.c.region, i.c.name.label("institution"))
                            .outerjoin(i, i.c.id == a.c.institution_id)
                            .where((a.c.owner_team.is_not(None)) & (a.c.owner_team != ""))
                            .order_by(a.c.owner_team, a.c.name, a.c.platform)).all()
    owned = []
    for r in rows:
        holders = [u for u in users if u.scoped and any(
            (g.kind == "account" and g.value == r.name) or (g.kind == "team" and g.value == r.owner_team)
            for g in u.grants)]
        owned.append({"row": r, "operators": holders})
    return render(request, "settings/ownership.html", active="settings", title="账号归属",
                  owned=owned, users=[u for u in users if u.scoped])


# ---- FAQ library and rulebook --------------------------------------------------------------

@router.get("/settings/faq")
def faq(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.RULEBOOK))]) -> Response:
    t = FaqEntry.__table__
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t.c.faq_key, t.c.version, t.c.question, t.c.answer,
                                   t.c.category, t.c.status, t.c.imported_at)
                            .where(t.c.is_current.is_(True)).order_by(t.c.faq_key)).all()
    return render(request, "settings/faq.html", active="settings", title="FAQ 知识库", rows=rows)


@router.get("/settings/rulebook")
def rulebook(request: Request,
             user: Annotated[CurrentUser, Depends(require(Perm.RULEBOOK))]) -> Response:
    book, error = None, None
    try:
        from redfunnel.compliance.rulebook import load_rulebook

        book = load_rulebook()
    except ModuleNotFoundError:
        book = None
    except Exception as exc:  # a broken rulebook file is exactly what this page must show
        error = f"{type(exc).__name__}: {exc}"
    return render(request, "settings/rulebook.html", active="settings", title="合规规则库",
                  book=book, error=error)


# ---- data import ---------------------------------------------------------------------------

@router.get("/settings/import")
def import_page(request: Request,
                user: Annotated[CurrentUser, Depends(require(Perm.IMPORT))]) -> Response:
    return render(request, "settings/import.html", active="settings", title="数据导入",
                  history=import_history(request.app.state.engine),
                  jobs=request.app.state.imports.recent())


@router.post("/settings/import")
async def import_upload(request: Request,
                        user: Annotated[CurrentUser, Depends(require(Perm.IMPORT))],
                        files: list[UploadFile]) -> Response:
    jobs = request.app.state.imports
    uploads = [(f.filename, f.file) for f in files if f.filename]
    if not uploads:
        return render(request, "settings/_import_job.html", status_code=400, job=None,
                      error="请选择要导入的文件")
    try:
        paths = await run_in_threadpool(jobs.save_uploads, uploads)
    except ValueError as exc:
        return render(request, "settings/_import_job.html", status_code=400, job=None,
                      error=str(exc))
    job = jobs.start(paths, user.name)
    if request.headers.get("HX-Request"):
        return render(request, "settings/_import_job.html", job=job)
    return RedirectResponse(f"/settings/import/jobs/{job.id}", status_code=303)


@router.get("/settings/import/jobs/{job_id}")
def import_job(request: Request, job_id: str,
               user: Annotated[CurrentUser, Depends(require(Perm.IMPORT))]) -> Response:
    job = request.app.state.imports.get(job_id)
    if job is None:
        raise NotFound("导入任务不存在（服务重启后任务记录会清空，结果见导入历史）")
    if request.headers.get("HX-Request"):
        return render(request, "settings/_import_job.html", job=job)
    return render(request, "settings/import_job.html", active="settings", title="导入进度", job=job)


# ---- audit trail ---------------------------------------------------------------------------

@router.get("/settings/audit")
def audit(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.AUDIT))],
          limit: int = 200) -> Response:
    t = AuditEvent.__table__
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(min(max(limit, 1), 1000))).all()
    return render(request, "settings/audit.html", active="settings", title="审计日志", rows=rows)
