"""Pages with domain interaction: the approval queue (合规审核), the inbox (互动收件箱), the
content calendar (内容日历) and reports.

Every list and get goes through the domain library with the caller's ``Scope``, so an operator
asking for another branch's draft or thread by id gets the same 404 as for an id that does not
exist. A domain whose library is not installed yet shows a "尚未提供" notice instead.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from redfunnel.access import Scope
from redfunnel.store.models import Account
from redfunnel.web.deps import CurrentUser, NotFound, require
from redfunnel.web.rendering import render
from redfunnel.web.roles import Perm, may_review_step
from redfunnel.web.routes.pages import section, section_html

router = APIRouter(include_in_schema=False)


def optional_module(name: str) -> Any | None:
    """A domain module, or ``None`` while it does not exist yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def account_names(engine: Any, ids: set[int]) -> dict[int, str]:
    a = Account.__table__
    if not ids:
        return {}
    with engine.connect() as conn:
        return {r.id: f"{r.name}（{ {'xhs': '小红书', 'wechat': '微信', 'douyin': '抖音'}.get(r.platform, r.platform)}）"
                for r in conn.execute(select(a.c.id, a.c.name, a.c.platform).where(a.c.id.in_(ids)))}


def scoped_accounts(engine: Any, scope: Scope) -> list[dict[str, Any]]:
    """Accounts the caller may act for (drafts, replies), home-bank first where known."""
    a = Account.__table__
    query = (select(a.c.id, a.c.name, a.c.platform, a.c.owner_team).where(scope.where(a.c.id))
             .order_by((a.c.owner_team.is_(None)) | (a.c.owner_team == ""), a.c.name, a.c.platform))
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(query)]


# ---- 合规审核 ---------------------------------------------------------------------------------

STATUS_LABELS = {"blocked": "已拦截（P0）", "in_review": "审批中", "changes_requested": "退回修改",
                 "approved": "已批准", "expired": "已过期"}
KIND_LABELS = {"note": "笔记", "comment_reply": "评论回复", "dm_reply": "私信回复"}


def highlight(title: str | None, body: str, findings: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """Split the checked text (``title\\nbody``) into plain and flagged segments for display."""
    text = f"{title}\n{body}" if title else body
    spans = sorted(((int(f.get("start", 0)), int(f.get("end", 0)), f) for f in findings
                    if f.get("end", 0) > f.get("start", 0)), key=lambda s: (s[0], -s[1]))
    out: list[tuple[str, Any]] = []
    pos = 0
    for start, end, finding in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], finding))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _compliance_page(request: Request, user: CurrentUser, *, status: str | None = None,
                     status_code: int = 200, **extra: Any) -> Response:
    approvals = optional_module("redfunnel.compliance.approvals")
    engine = request.app.state.engine
    drafts: list[dict[str, Any]] = []
    if approvals is not None:
        drafts = approvals.list_drafts(engine, user.scope, status=status or None)
    names = account_names(engine, {d["account_id"] for d in drafts})
    result = section(request, user, "compliance")
    return render(request, "compliance.html", status_code=status_code, active="compliance",
                  title="合规审核", result=result, fragment=section_html(request, user, result),
                  available=approvals is not None, drafts=drafts, names=names, status=status or "",
                  statuses=STATUS_LABELS, kinds=KIND_LABELS,
                  accounts=scoped_accounts(engine, user.scope) if user.can(Perm.DRAFTS_WRITE) else [],
                  **extra)


@router.get("/compliance")
def compliance(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_READ))],
               status: str | None = None) -> Response:
    return _compliance_page(request, user, status=status)


def _approvals() -> Any:
    module = optional_module("redfunnel.compliance.approvals")
    if module is None:
        raise NotFound("合规审批模块尚未提供")
    return module


@router.post("/compliance/drafts")
def draft_create(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_WRITE))],
                 account_id: Annotated[int, Form()], body: Annotated[str, Form()] = "",
                 title: Annotated[str, Form()] = "", product: Annotated[str, Form()] = "") -> Response:
    approvals = _approvals()
    if not user.scope.allows(account_id):
        raise NotFound("账号不存在或不在您的授权范围内")
    try:
        draft = approvals.submit(request.app.state.engine, account_id=account_id, body=body,
                                 title=title.strip() or None, author=user.name,
                                 product=product or None)
    except ValueError as exc:  # ApprovalError, or a rulebook that does not load
        return _compliance_page(request, user, status_code=400, error=str(exc))
    request.app.state.sections.invalidate()
    return RedirectResponse(f"/compliance/drafts/{draft['id']}", status_code=303)


def _draft_page(request: Request, user: CurrentUser, draft_id: int, *, status_code: int = 200,
                **extra: Any) -> Response:
    approvals = _approvals()
    engine = request.app.state.engine
    draft = approvals.get_draft(engine, user.scope, draft_id)
    if draft is None:
        raise NotFound("草稿不存在或不在您的授权范围内")
    flow = approvals.get_flow(engine, draft["flow_name"])
    steps = flow["steps"]
    step = steps[min(draft["current_step"], len(steps) - 1)] if steps else None
    can_decide = (draft["status"] == "in_review" and step is not None
                  and user.can(Perm.DRAFTS_REVIEW) and user.name != draft["author"]
                  and may_review_step(user.role, step["name"]))
    return render(request, "draft.html", status_code=status_code, active="compliance",
                  title=f"草稿 #{draft['id']}", draft=draft, flow=flow, step=step,
                  history=approvals.approval_history(engine, user.scope, draft_id),
                  segments=highlight(draft["title"], draft["body"], draft["findings"]),
                  account=account_names(engine, {draft["account_id"]}).get(draft["account_id"]),
                  can_decide=can_decide, statuses=STATUS_LABELS, kinds=KIND_LABELS,
                  can_revise=(user.can(Perm.DRAFTS_WRITE)
                              and draft["status"] in ("changes_requested", "blocked", "expired")),
                  **extra)


@router.get("/compliance/drafts/{draft_id}")
def draft_detail(request: Request, draft_id: int,
                 user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_READ))]) -> Response:
    return _draft_page(request, user, draft_id)


def _decide(request: Request, user: CurrentUser, draft_id: int, action: str, reason: str) -> Response:
    approvals = _approvals()
    engine = request.app.state.engine
    draft = approvals.get_draft(engine, user.scope, draft_id)
    if draft is None:
        raise NotFound("草稿不存在或不在您的授权范围内")
    flow = approvals.get_flow(engine, draft["flow_name"])
    step = flow["steps"][min(draft["current_step"], len(flow["steps"]) - 1)]
    if not may_review_step(user.role, step["name"]):
        return _draft_page(request, user, draft_id, status_code=403,
                           error=f"步骤「{step['name']}」须由对应角色审批，您的角色是 {user.role_label}")
    try:
        if action == "approve":
            approvals.approve(engine, draft_id, approver=user.name, reason=reason.strip() or None,
                              roles=frozenset({user.role}))
        else:
            approvals.request_changes(engine, draft_id, reviewer=user.name, reason=reason,
                                      roles=frozenset({user.role}))
    except ValueError as exc:  # ApprovalError, or a rulebook that does not load
        return _draft_page(request, user, draft_id, status_code=400, error=str(exc))
    request.app.state.sections.invalidate()
    return RedirectResponse(f"/compliance/drafts/{draft_id}", status_code=303)


@router.post("/compliance/drafts/{draft_id}/approve")
def draft_approve(request: Request, draft_id: int,
                  user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_REVIEW))],
                  reason: Annotated[str, Form()] = "") -> Response:
    return _decide(request, user, draft_id, "approve", reason)


@router.post("/compliance/drafts/{draft_id}/changes")
def draft_request_changes(request: Request, draft_id: int,
                          user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_REVIEW))],
                          reason: Annotated[str, Form()] = "") -> Response:
    return _decide(request, user, draft_id, "changes", reason)


@router.post("/compliance/drafts/{draft_id}/revise")
def draft_revise(request: Request, draft_id: int,
                 user: Annotated[CurrentUser, Depends(require(Perm.DRAFTS_WRITE))],
                 body: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "") -> Response:
    approvals = _approvals()
    engine = request.app.state.engine
    if approvals.get_draft(engine, user.scope, draft_id) is None:
        raise NotFound("草稿不存在或不在您的授权范围内")
    try:
        approvals.revise(engine, draft_id, editor=user.name, body=body, title=title.strip() or None)
    except ValueError as exc:  # ApprovalError, or a rulebook that does not load
        return _draft_page(request, user, draft_id, status_code=400, error=str(exc))
    request.app.state.sections.invalidate()
    return RedirectResponse(f"/compliance/drafts/{draft_id}", status_code=303)


# ---- 互动收件箱 -------------------------------------------------------------------------------

INTENT_LABELS = {"inquiry": "咨询", "lead": "意向线索", "complaint": "投诉", "fraud_risk": "涉诈风险",
                 "praise": "表扬", "spam": "垃圾信息", "other": "其他"}
TOPIC_LABELS = {"bill_receipt": "回单/票据", "loan_apply": "贷款申请", "credit_card": "信用卡",
                "wealth": "理财", "gold": "黄金/积存金", "branch_hours": "网点营业", "account_opening": "开户",
                "fees": "费用", "card_loss": "挂失", "app_usage": "App 使用", "fx": "外汇/留学",
                "pension": "养老金", "none": "其他"}
STATE_LABELS = {"new": "待处理", "assigned": "已分派", "replied": "已回复", "escalated": "已升级",
                "closed": "已关闭"}
QUEUE_LABELS = {"consumer_protection": "消保投诉", "anti_fraud": "反诈"}
REPLY_LABELS = {"sent": "已发送", "blocked": "已拦截", "awaiting_approval": "待审批"}
INBOX_LABELS = {"intents": INTENT_LABELS, "topics": TOPIC_LABELS, "states": STATE_LABELS,
                "queues": QUEUE_LABELS, "replies": REPLY_LABELS,
                "channels": {"dm": "私信", "comment": "评论"}}


def _threads() -> Any:
    return optional_module("redfunnel.inbox.threads")


@router.get("/inbox")
def inbox(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.INBOX_READ))],
          state: str | None = None, intent: str | None = None, queue: str | None = None,
          channel: str | None = None, all: bool = False) -> Response:
    threads = _threads()
    rows: list[dict[str, Any]] = []
    if threads is not None:
        key = ("threads", None if user.scope.unrestricted else tuple(sorted(user.scope.account_ids or ())),
               state, intent, queue, channel, all)
        rows = request.app.state.sections.memo(key, lambda: threads.list_threads(
            request.app.state.engine, user.scope, state=state or None, intent=intent or None,
            queue=queue or None, channel=channel or None, open_only=not all and not state,
            limit=100))
        table = request.app.state.sections.memo(("thread-table", *key), lambda: Markup(
            request.app.state.jinja.get_template("_thread_table.html").render(
                threads=rows, labels=INBOX_LABELS)))
    else:
        table = Markup("")
    result = section(request, user, "inbox")
    return render(request, "inbox.html", active="inbox", title="互动收件箱",
                  result=result, fragment=section_html(request, user, result),
                  available=threads is not None,
                  threads=rows, thread_table=table, labels=INBOX_LABELS,
                  filters={"state": state or "", "intent": intent or "", "queue": queue or "",
                           "channel": channel or "", "all": all})


def _thread_or_404(request: Request, user: CurrentUser, thread_id: int) -> tuple[Any, dict[str, Any]]:
    threads = _threads()
    if threads is None:
        raise NotFound("收件箱模块尚未提供")
    thread = threads.get_thread(request.app.state.engine, user.scope, thread_id)
    if thread is None:
        raise NotFound("会话不存在或不在您的授权范围内")
    return threads, thread


def _thread_page(request: Request, user: CurrentUser, thread_id: int, *, status_code: int = 200,
                 **extra: Any) -> Response:
    threads, thread = _thread_or_404(request, user, thread_id)
    from redfunnel.inbox import replies

    engine = request.app.state.engine
    return render(request, "thread.html", status_code=status_code, active="inbox",
                  title=f"会话 #{thread_id}", thread=thread, labels=INBOX_LABELS,
                  messages=threads.thread_messages(engine, thread),
                  replies=replies.list_replies(engine, user.scope, thread_id),
                  suggestions=replies.suggest_for_thread(engine, thread),
                  can_write=user.can(Perm.INBOX_WRITE), **extra)


@router.get("/inbox/threads/{thread_id}")
def thread_detail(request: Request, thread_id: int,
                  user: Annotated[CurrentUser, Depends(require(Perm.INBOX_READ))]) -> Response:
    return _thread_page(request, user, thread_id)


def _inbox_action(request: Request, user: CurrentUser, thread_id: int, action: Any) -> Response:
    threads, _thread = _thread_or_404(request, user, thread_id)
    try:
        action(threads)
    except ValueError as exc:  # InboxError and ApprovalError are ValueErrors with Chinese text
        return _thread_page(request, user, thread_id, status_code=400, error=str(exc))
    request.app.state.sections.invalidate()
    return RedirectResponse(f"/inbox/threads/{thread_id}", status_code=303)


@router.post("/inbox/threads/{thread_id}/assign")
def thread_assign(request: Request, thread_id: int,
                  user: Annotated[CurrentUser, Depends(require(Perm.INBOX_WRITE))],
                  assignee: Annotated[str, Form()] = "") -> Response:
    engine = request.app.state.engine
    return _inbox_action(request, user, thread_id, lambda t: t.assign(
        engine, user.scope, thread_id, assignee.strip() or user.name, actor=user.name))


@router.post("/inbox/threads/{thread_id}/reply")
def thread_reply(request: Request, thread_id: int,
                 user: Annotated[CurrentUser, Depends(require(Perm.INBOX_WRITE))],
                 text: Annotated[str, Form()] = "", faq_key: Annotated[str, Form()] = "",
                 safe: Annotated[str, Form()] = "") -> Response:
    from redfunnel.inbox import replies

    engine = request.app.state.engine
    _threads_mod, _thread = _thread_or_404(request, user, thread_id)
    try:
        reply = replies.draft_reply(engine, user.scope, thread_id, actor=user.name,
                                    text=text.strip() or None, faq_key=faq_key or None,
                                    safe_fraud_reply=safe == "1")
    except ValueError as exc:
        return _thread_page(request, user, thread_id, status_code=400, error=str(exc))
    request.app.state.sections.invalidate()
    if reply["status"] == "blocked":
        return _thread_page(request, user, thread_id, status_code=400,
                            error="回复已被拦截：" + "；".join(r["message"] for r in
                                                           reply["blocked_reasons"] or []))
    return RedirectResponse(f"/inbox/threads/{thread_id}", status_code=303)


@router.post("/inbox/threads/{thread_id}/close")
def thread_close(request: Request, thread_id: int,
                 user: Annotated[CurrentUser, Depends(require(Perm.INBOX_WRITE))],
                 reason: Annotated[str, Form()] = "") -> Response:
    engine = request.app.state.engine
    return _inbox_action(request, user, thread_id, lambda t: t.close(
        engine, user.scope, thread_id, actor=user.name, reason=reason.strip() or None))


@router.post("/inbox/threads/{thread_id}/replies/{reply_id}/sent")
def reply_sent(request: Request, thread_id: int, reply_id: int,
               user: Annotated[CurrentUser, Depends(require(Perm.INBOX_WRITE))]) -> Response:
    from redfunnel.inbox import replies

    engine = request.app.state.engine
    _thread_or_404(request, user, thread_id)
    if reply_id not in {r["id"] for r in replies.list_replies(engine, user.scope, thread_id)}:
        raise NotFound("回复不存在")
    return _inbox_action(request, user, thread_id, lambda t: replies.confirm_sent(
        engine, user.scope, reply_id, actor=user.name))


# ---- 内容日历 ---------------------------------------------------------------------------------

@router.get("/calendar")
def calendar(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))],
             account: str | None = None, weeks: int = 4) -> Response:
    plan_mod = optional_module("redfunnel.content.plan")
    engine = request.app.state.engine
    weeks = min(max(weeks, 1), 12)
    choices = _plan_accounts(engine, user.scope)
    chosen = account or (choices[0] if choices else None)
    plan, error = None, None
    if plan_mod is not None and chosen:
        try:
            plan = request.app.state.sections.memo(
                ("plan", chosen, weeks), lambda: plan_mod.make_plan(engine, chosen, weeks=weeks,
                                                                    now=request.app.state.now))
        except LookupError as exc:
            error = str(exc)
    charts = {}
    if plan:
        from redfunnel.content.classify import PILLAR_ZH

        charts["mix"] = {"tooltip": {"trigger": "item", "formatter": "{b}：{d}%"},
                         "series": [{"type": "pie", "radius": ["35%", "65%"],
                                     "data": [{"name": PILLAR_ZH.get(k, k), "value": round(v, 3)}
                                              for k, v in plan["pillar_mix"].items()]}]}
    return render(request, "calendar.html", active="calendar", title="内容日历",
                  available=plan_mod is not None, plan=plan, error=error, account=chosen,
                  accounts=choices, weeks=weeks, charts=charts,
                  columns=getattr(plan_mod, "COLUMNS_ZH", []))


def _plan_accounts(engine: Any, scope: Scope) -> list[str]:
    """Xiaohongshu account names to plan for: the operator's own first, then the others."""
    a = Account.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(a.c.id, a.c.name).where(a.c.platform == "xhs",
                                                           a.c.name.is_not(None))
                            .order_by(a.c.name)).all()
    own = [r.name for r in rows if not scope.unrestricted and scope.allows(r.id)]
    home = [r.name for r in rows if r.name.startswith("中国银行")] if scope.unrestricted else []
    rest = [r.name for r in rows if r.name not in own and r.name not in home]
    return list(dict.fromkeys(own + home + rest))


# ---- 报告 -------------------------------------------------------------------------------------

REPORT_FORMATS = {"html": "HTML（含交互图表）", "xlsx": "Excel（每表一页，原生图表）", "pdf": "PDF（打印版）"}


def _report_kinds(user: CurrentUser) -> list[str]:
    from redfunnel.web.routes.pages import SECTION_PERMS

    return [k for k, perm in SECTION_PERMS.items() if user.can(perm)]


@router.get("/reports")
def reports(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    results = [section(request, user, kind) for kind in _report_kinds(user)]
    return render(request, "reports.html", active="reports", title="报告", results=results,
                  formats=REPORT_FORMATS)


@router.get("/reports/view")
def report_view(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    results = [section(request, user, kind) for kind in _report_kinds(user)]
    results = [(r, section_html(request, user, r)) for r in results]
    return render(request, "report_view.html", active="reports", title="完整报告", results=results,
                  generated_at=datetime.now(UTC))
