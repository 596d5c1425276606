"""Dashboard pages: the overview, the domain sections, account health and reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from redfunnel.reports.registry import SECTION_BUILDERS, SECTION_TITLES
from redfunnel.web.deps import CurrentUser, NotFound, require
from redfunnel.web.queries import PLATFORM_LABELS, account_detail, account_rows, overview_figures
from redfunnel.web.rendering import render
from redfunnel.web.roles import Perm
from redfunnel.web.sections import SectionResult

router = APIRouter(include_in_schema=False)

SECTION_PERMS: dict[str, Perm] = {"landscape": Perm.VIEW, "content": Perm.VIEW,
                                  "inbox": Perm.INBOX_READ, "compliance": Perm.DRAFTS_READ,
                                  "funnel": Perm.VIEW}
PAGE_INTRO: dict[str, str] = {
    "landscape": "银行账号的粉丝规模、梯队、更新节奏、停更与矩阵：我们在同业中的位置。",
    "content": "内容支柱、产品线、人群与形式的表现，同质化、说教感、热词与内容缺口。",
    "funnel": "内容种草 → 需求唤醒 → 业务转化：各阶段转化率（含区间）、归因与渠道 ROI。",
}


def _scope_key(user: CurrentUser) -> tuple[int, ...] | None:
    return None if user.scope.unrestricted else tuple(sorted(user.scope.account_ids or ()))


def section(request: Request, user: CurrentUser, kind: str) -> SectionResult:
    """The section ``kind`` as the user may see it (cached per store version)."""
    return request.app.state.sections.get(kind, user.scope)


def section_html(request: Request, user: CurrentUser, result: SectionResult) -> Markup:
    """The section rendered once per store version and scope: a large landscape section is
    thousands of table cells, and rendering them again for every request would cost more than
    everything else the page does."""
    def build() -> Markup:
        template = request.app.state.jinja.get_template("_result.html")
        return Markup(template.render(result=result, section=None))

    return request.app.state.sections.memo(("html", result.kind, _scope_key(user)),
                                           build)


@router.get("/")
def overview(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    figures = request.app.state.sections.memo(
        ("overview", _scope_key(user)), lambda: overview_figures(request.app.state.engine, user.scope))
    results = [section(request, user, kind) for kind in SECTION_BUILDERS
               if user.can(SECTION_PERMS[kind])]
    return render(request, "overview.html", active="overview", title="总览", figures=figures,
                  results=results)


def _section_page(kind: str, path: str) -> None:
    @router.get(path, name=f"page_{kind}")
    # A default, not ``Annotated``: with postponed annotations FastAPI could not see ``kind``.
    def page(request: Request,
             user: CurrentUser = Depends(require(SECTION_PERMS[kind]))) -> Response:  # noqa: B008
        result = section(request, user, kind)
        return render(request, "section_page.html", active=kind, title=SECTION_TITLES[kind],
                      intro=PAGE_INTRO.get(kind), result=result,
                      fragment=section_html(request, user, result))


_section_page("landscape", "/landscape")
_section_page("content", "/content")
_section_page("funnel", "/funnel")


@router.get("/accounts")
def accounts(request: Request, user: Annotated[CurrentUser, Depends(require(Perm.VIEW))],
             mine: bool | None = None, platform: str | None = None, q: str | None = None) -> Response:
    only_mine = user.scoped if mine is None else mine
    ref, rows = request.app.state.sections.memo(
        ("accounts", _scope_key(user), only_mine, platform or None, q or None),
        lambda: account_rows(request.app.state.engine, user.scope, only_mine=only_mine,
                             platform=platform or None, q=q))
    return render(request, "accounts.html", active="accounts", title="账号体检", rows=rows,
                  as_of=ref, only_mine=only_mine, platform=platform or "", q=q or "",
                  platforms=PLATFORM_LABELS)


@router.get("/accounts/{account_id}")
def account(request: Request, account_id: int,
            user: Annotated[CurrentUser, Depends(require(Perm.VIEW))]) -> Response:
    detail = account_detail(request.app.state.engine, account_id)
    if detail is None:
        raise NotFound("账号不存在")
    acc = detail["account"]
    history = detail["history"]
    follower_chart = {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": "粉丝"},
        "series": [{"type": "line", "name": "粉丝", "showSymbol": False,
                    "data": [[t.isoformat(), v] for t, v in history if v is not None]}],
    }
    monthly_chart = {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [m for m, _ in detail["monthly"]]},
        "yAxis": {"type": "value", "name": "篇"},
        "series": [{"type": "bar", "name": "发布", "data": [c for _, c in detail["monthly"]]}],
    }
    return render(request, "account.html", active="accounts", title=acc["name"] or "账号",
                  acc=acc, detail=detail, follower_chart=follower_chart,
                  monthly_chart=monthly_chart, platforms=PLATFORM_LABELS,
                  mine=user.scope.allows(account_id))
