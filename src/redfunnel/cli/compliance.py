"""Commands for compliance checks, approvals and the audit trail (issue 6)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from redfunnel.cli.app import (
    JsonFlag,
    app,
    emit_json,
    engine,
    err,
    eval_app,
    fail,
    json_lines_input,
    out,
)

RulebookOpt = Annotated[
    Path | None,
    typer.Option(
        "--rulebook", help="规则库 YAML 文件（默认：环境变量 REDFUNNEL_RULEBOOK 或内置规则库）"
    ),
]
ActorOpt = Annotated[str, typer.Option("--as", help="操作人（用户名），记入审批记录与审计链")]

draft_app = typer.Typer(help="草稿：提交、修改、查看与审批流程配置。", no_args_is_help=True)
flow_app = typer.Typer(help="审批流程：步骤、审批人与有效期。", no_args_is_help=True)
audit_app = typer.Typer(help="审计链：校验与导出。", no_args_is_help=True)
rulebook_app = typer.Typer(help="合规规则库。", no_args_is_help=True)
app.add_typer(draft_app, name="draft")
draft_app.add_typer(flow_app, name="flow")
app.add_typer(audit_app, name="audit")
app.add_typer(rulebook_app, name="rulebook")

SEVERITY_STYLE = {"P0": "red", "P1": "yellow", "P2": "cyan"}


def _book(path: Path | None) -> Any:
    from redfunnel.compliance.rulebook import RulebookError, load_rulebook

    try:
        return load_rulebook(path)
    except RulebookError as exc:
        raise fail(str(exc)) from None


@app.command()
def check(
    file: Annotated[
        str,
        typer.Argument(help="JSON Lines 文件，每行含 text（可选 product、kind）；- 表示标准输入"),
    ] = "-",
    product: Annotated[
        str | None,
        typer.Option(
            "--product",
            help="指定产品类型（wealth/loan/credit_card/deposit/fund_insurance/gold/none），默认自动识别",
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="内容类型：note（笔记）、comment_reply、dm_reply")
    ] = "note",
    rulebook: RulebookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """合规检查：逐行读取 JSON（text，可选 product），输出产品类型与合规问题（规则族、规则编号、级别、位置、依据、修改建议）。

    --json 时每个输入行输出一行 JSON：{"product": ..., "findings": [...], "doubted": [...]}；
    doubted 为统计模型判断与该规则族不符的规则命中，供复核参考，不计为问题、不阻止发布。

    Example:
        echo '{"text": "这款理财保本保息，年化5%"}' | redfunnel check - --json
    """
    from redfunnel.compliance.checker import check_text
    from redfunnel.compliance.rulebook import PRODUCTS

    book = _book(rulebook)
    for name, value in (("--product", product),):
        if value is not None and value not in PRODUCTS:
            raise fail(f"{name}：未知产品类型 {value!r}，应为 {'/'.join(PRODUCTS)} 之一")
    blocked = 0
    for source, line_no, doc in json_lines_input(file):
        if not isinstance(doc.get("text"), str):
            raise fail(f"{source} 第 {line_no} 行：缺少字段 text（字符串）")
        item_product = doc.get("product") or product
        if item_product is not None and item_product not in PRODUCTS:
            raise fail(f"{source} 第 {line_no} 行：字段 product 的值 {item_product!r} 无效")
        result = check_text(
            doc["text"], product=item_product, kind=doc.get("kind") or kind, rulebook=book
        )
        blocked += result.blocked
        if as_json:
            record = {
                "product": result.product,
                "blocked": result.blocked,
                "findings": [f.to_dict() for f in result.findings],
                "doubted": [f.to_dict() for f in result.doubted],
            }
            if "id" in doc:
                record = {"id": doc["id"], **record}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_result(line_no, doc["text"], result)
    if not as_json:
        err.print(f"规则库版本 {book.version}；{blocked} 条存在 P0 问题（禁止发布）")


def _print_result(line_no: int, text: str, result: Any) -> None:
    head = f"[bold]第 {line_no} 行[/bold] 产品：{result.product}"
    doubted = [
        f"  [dim]模型存疑（未计入）{f.rule_id} {f.family} 「{f.excerpt}」@{f.start}-{f.end}[/dim]"
        for f in result.doubted
    ]
    if not result.findings:
        out.print(f"{head}  [green]未发现问题[/green]")
        for line in doubted:
            out.print(line)
        return
    out.print(
        f"{head}  [red]{len(result.findings)} 个问题[/red]"
        + ("（P0，禁止发布）" if result.blocked else "")
    )
    for f in result.findings:
        style = SEVERITY_STYLE.get(f.severity, "white")
        out.print(
            f"  [{style}]{f.severity}[/{style}] {f.rule_id} {f.family} 「{f.excerpt}」@{f.start}-{f.end}"
        )
        out.print(f"     依据：{f.source}")
        out.print(f"     建议：{f.fix}")
    for line in doubted:
        out.print(line)


@eval_app.command("compliance")
def eval_compliance(
    dataset: Annotated[
        str,
        typer.Option(
            "--set",
            help="heldout（全部留出集，默认）、heldout_a … heldout_g 等单个留出集、dev（调参用）或 JSONL 文件路径",
        ),
    ] = "heldout",
    errors: Annotated[bool, typer.Option("--errors", help="列出漏报与误报的条目")] = False,
    by_writer: Annotated[bool, typer.Option(
        "--by-writer", help="逐作者留出评估：每次去掉一位作者的手写训练集重训统计模型并在其上评分")] = False,
    record: Annotated[str | None, typer.Option(
        "--record-first-run", metavar="SET",
        help="对新写成的留出集（如 heldout_i）做首次评估并记入 heldout_first_runs.json（每集只能一次）")] = None,
    rulebook: RulebookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """合规检查准确率：按规则族打印召回率与精确率、P0 规则族召回率，以及干净样本的误报率（目标：P0 召回 ≥ 0.95，误报率 ≤ 0.02），并列出各留出集首次评估的结果。

    Example:
        redfunnel eval compliance --json
    """
    from redfunnel.compliance.evaluate import evaluate, evaluate_by_writer, record_first_run

    try:
        if record:
            run = record_first_run(record, rulebook=_book(rulebook))
        elif by_writer:
            report = evaluate_by_writer(rulebook=_book(rulebook))
        else:
            report = evaluate(dataset, rulebook=_book(rulebook), with_errors=errors)
    except KeyError:
        raise fail(f"没有名为 {record} 的留出集") from None
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    if record:
        if as_json:
            emit_json(run)
        else:
            out.print(f"已记录 {run['set']} 首次评估（规则库 {run['rulebook_version']}）：P0 召回率 "
                      f"{run['p0_recall']:.3f}，干净样本误报率 {run['clean_fp_rate']:.3f}")
        return
    if by_writer and not as_json:
        table = Table(title="逐作者留出评估（统计模型不含该作者的文本）")
        for col in ("作者集", "条数", "P0 召回率", "误报率"):
            table.add_column(col)
        for w in [*report["writers"], {"set": "合计", **report}]:
            table.add_row(w["set"], str(w["items"]), f"{w['p0_recall']:.3f}", f"{w['clean_fp_rate']:.3f}")
        out.print(table)
        return
    if as_json:
        emit_json(report)
        return
    files = report["dataset"].split("+")
    # Forty held-out files named one by one would fill the screen; the JSON keeps the full list.
    dataset = files[0] if len(files) == 1 else f"{files[0]} 等 {len(files)} 个文件"
    table = Table(
        title=f"合规检查准确率（{dataset}，{report['items']} 条，其中干净样本 {report['clean_items']} 条）"
    )
    for col in ("规则族", "级别", "样本数", "召回率", "精确率"):
        table.add_column(col)
    for family, row in report["families"].items():
        table.add_row(
            family,
            row["severity"] or "-",
            str(row["support"]),
            "-" if row["recall"] is None else f"{row['recall']:.3f}",
            "-" if row["precision"] is None else f"{row['precision']:.3f}",
        )
    out.print(table)
    ok = "[green]达标[/green]" if report["meets_targets"] else "[red]未达标[/red]"
    out.print(
        f"P0 规则族召回率 {report['p0_recall']:.3f}（目标 ≥ {report['targets']['p0_recall']}），"
        f"最低单族召回 {report['p0_min_family_recall']:.3f}；"
        f"干净样本误报率 {report['clean_fp_rate']:.3f}（目标 ≤ {report['targets']['clean_fp_rate']}）：{ok}"
    )
    first = Table(title="各留出集首次评估（评估前未据其调整规则；对未见表述的真实估计）")
    for col in ("留出集", "规则库版本", "条数", "P0 召回率", "最低单族召回", "误报率"):
        first.add_column(col)
    for run in report["first_runs"]:
        first.add_row(
            run["set"],
            run["rulebook_version"],
            str(run["items"]),
            f"{run['p0_recall']:.3f}",
            f"{run['p0_min_family_recall']:.3f}",
            f"{run['clean_fp_rate']:.3f}",
        )
    out.print(first)
    if report["first_runs"]:
        out.print(
            "注意：上方合计数字来自已据其错误调整过规则的集合，属验证数字；对未见表述的真实估计是"
            "首次评估。最近几个规则库版本各自首次评估的留出集（各集平均）："
        )
        for group in report["first_run_rounds"]:
            mark = "[green]达标[/green]" if group["meets_targets"] else "[red]未达标[/red]"
            out.print(
                f"  规则库 {group['rulebook_version']}：{len(group['sets'])} 个集"
                f"（{group['sets'][0]}…{group['sets'][-1]}，{group['items']} 条），"
                f"P0 召回率 {group['p0_recall']:.3f}，干净样本误报率 {group['clean_fp_rate']:.3f}：{mark}"
            )
    for name in report.get("sealed_sets", []):
        out.print(f"{name}：封存中，尚未首次评估（用 --record-first-run {name} 评估一次并记录）")
    for e in report.get("errors", []):
        out.print(f"  {e['id']} 漏报 {e['missed']} 误报 {e['extra']}：{e['text']}")


# ---- drafts and approvals -------------------------------------------------------------------


def _draft_doc(draft: dict[str, Any]) -> dict[str, Any]:
    return dict(draft.items())


def _approval_call(func: Any, *args: Any, **kwargs: Any) -> Any:
    from redfunnel.compliance.approvals import ApprovalError

    try:
        return func(*args, **kwargs)
    except ApprovalError as exc:
        raise fail(str(exc)) from None


def _print_draft(draft: dict[str, Any]) -> None:
    out.print(
        f"[bold]草稿 {draft['id']}[/bold] 账号 {draft['account_id']} {draft['platform']} {draft['kind']} "
        f"状态 [bold]{draft['status']}[/bold] 修订 {draft['revision']} 步骤 {draft['current_step']} "
        f"产品 {draft['product']} 作者 {draft['author']}"
    )
    out.print(f"  内容哈希 {draft['content_hash']}  规则库 {draft['rulebook_version']}")
    if draft.get("expires_at"):
        out.print(f"  审批通过 {draft['approved_at']}，有效期至 {draft['expires_at']}")
    for f in draft["findings"]:
        style = SEVERITY_STYLE.get(f["severity"], "white")
        out.print(
            f"  [{style}]{f['severity']}[/{style}] {f['rule_id']} {f['family']} 「{f['excerpt']}」 建议：{f['fix']}"
        )
    for f in draft.get("doubted") or ():
        out.print(f"  [dim]模型存疑（未计入）{f['rule_id']} {f['family']} 「{f['excerpt']}」[/dim]")


@draft_app.command("submit")
def draft_submit(
    account: Annotated[int, typer.Option("--account", help="账号 id（account 表）")],
    author: Annotated[str, typer.Option("--author", help="作者（用户名）")],
    body: Annotated[str | None, typer.Option("--body", help="正文")] = None,
    body_file: Annotated[
        Path | None, typer.Option("--file", help="从 UTF-8 文本文件读取正文")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="标题")] = None,
    kind: Annotated[str, typer.Option("--kind", help="note、comment_reply 或 dm_reply")] = "note",
    flow: Annotated[
        str | None, typer.Option("--flow", help="审批流程名（默认：笔记 default，回复 reply）")
    ] = None,
    rulebook: RulebookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """提交草稿：检查合规问题并进入审批流程；存在 P0 问题的草稿直接标记为 blocked（禁止审批）。

    Example:
        redfunnel draft submit --account 3 --author 小王 --title 五一营业安排 --body "五一期间网点营业时间如下" --json
    """
    from redfunnel.compliance.approvals import submit

    if (body is None) == (body_file is None):
        raise fail("请用 --body 或 --file 之一给出正文")
    text = body if body is not None else body_file.read_text(encoding="utf-8")  # type: ignore[union-attr]
    draft = _approval_call(
        submit,
        engine(),
        account_id=account,
        body=text,
        author=author,
        title=title,
        kind=kind,
        flow=flow,
        rulebook=_book(rulebook),
    )
    if as_json:
        emit_json(_draft_doc(draft))
    else:
        _print_draft(draft)


@draft_app.command("revise")
def draft_revise(
    draft_id: Annotated[int, typer.Argument(help="草稿 id")],
    editor: ActorOpt,
    body: Annotated[str, typer.Option("--body", help="新的正文")],
    title: Annotated[str | None, typer.Option("--title", help="新的标题")] = None,
    rulebook: RulebookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """修改草稿：生成新修订版本并重新检查，审批从第一步重新开始（旧的审批不再适用于新内容）。

    Example:
        redfunnel draft revise 12 --as 小王 --body "修改后的正文" --json
    """
    from redfunnel.compliance.approvals import revise

    draft = _approval_call(
        revise, engine(), draft_id, editor=editor, body=body, title=title, rulebook=_book(rulebook)
    )
    if as_json:
        emit_json(draft)
    else:
        _print_draft(draft)


@draft_app.command("list")
def draft_list(
    status: Annotated[
        str | None,
        typer.Option("--status", help="blocked、in_review、changes_requested、approved、expired"),
    ] = None,
    account: Annotated[int | None, typer.Option("--account", help="只看该账号 id")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多条数")] = 100,
    as_json: JsonFlag = False,
) -> None:
    """列出草稿（最新在前），含状态、合规问题数与审批进度。

    Example:
        redfunnel draft list --status blocked --json
    """
    from redfunnel.access import Scope
    from redfunnel.compliance.approvals import list_drafts

    rows = list_drafts(engine(), Scope.everything(), status=status, account_id=account, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"草稿（{len(rows)} 条）")
    for col in ("id", "账号", "类型", "状态", "修订", "步骤", "产品", "问题", "作者", "标题/正文"):
        table.add_column(col)
    for r in rows:
        worst = min((f["severity"] for f in r["findings"]), default="-")
        table.add_row(
            str(r["id"]),
            str(r["account_id"]),
            r["kind"],
            r["status"],
            str(r["revision"]),
            str(r["current_step"]),
            r["product"],
            f"{len(r['findings'])}（{worst}）",
            r["author"],
            (r["title"] or r["body"])[:24],
        )
    out.print(table)


@draft_app.command("show")
def draft_show(
    draft_id: Annotated[int, typer.Argument(help="草稿 id")],
    as_json: JsonFlag = False,
) -> None:
    """查看一个草稿及其全部审批记录（每条记录带内容哈希、审批人、时间、规则库版本与记录哈希）。

    Example:
        redfunnel draft show 12 --json
    """
    from redfunnel.access import Scope
    from redfunnel.compliance.approvals import approval_history, get_draft

    eng = engine()
    draft = get_draft(eng, Scope.everything(), draft_id)
    if draft is None:
        raise fail(f"草稿 {draft_id} 不存在")
    history = approval_history(eng, Scope.everything(), draft_id)
    if as_json:
        emit_json({"draft": draft, "approvals": history})
        return
    _print_draft(draft)
    for h in history:
        out.print(
            f"  {h['decided_at']} 步骤 {h['step_name']} {h['approver']} {h['decision']} "
            f"{h['reason'] or ''} 哈希 {h['record_hash'][:16]}…"
            + ("" if h["sealed"] else " [red]记录被篡改[/red]")
        )


@draft_app.command("request-changes")
def draft_request_changes(
    draft_id: Annotated[int, typer.Argument(help="草稿 id")],
    reviewer: ActorOpt,
    reason: Annotated[str, typer.Option("--reason", help="退回理由")],
    role: Annotated[
        list[str],
        typer.Option("--role", help="审批人所属角色（可多次），用于匹配 role:xxx 形式的审批人"),
    ] = [],  # noqa: B006
    as_json: JsonFlag = False,
) -> None:
    """退回修改：审批人写明理由，草稿回到作者手中，修改后重新进入审批。

    Example:
        redfunnel draft request-changes 12 --as 合规小李 --reason "请补充风险提示"
    """
    from redfunnel.compliance.approvals import request_changes

    draft = _approval_call(
        request_changes, engine(), draft_id, reviewer=reviewer, reason=reason, roles=frozenset(role)
    )
    if as_json:
        emit_json(draft)
    else:
        _print_draft(draft)


@draft_app.command("expire")
def draft_expire(as_json: JsonFlag = False) -> None:
    """把已过审批有效期的草稿标记为 expired（过期后需重新审批才能发布）。

    Example:
        redfunnel draft expire --json
    """
    from redfunnel.compliance.approvals import expire_due

    ids = expire_due(engine())
    if as_json:
        emit_json({"expired": ids})
    else:
        out.print(f"已过期 {len(ids)} 条草稿：{ids}")


@app.command()
def approve(
    draft_id: Annotated[int, typer.Argument(help="草稿 id")],
    approver: ActorOpt,
    reason: Annotated[
        str | None, typer.Option("--reason", help="审批理由（存在 P1 问题时必填）")
    ] = None,
    role: Annotated[
        list[str],
        typer.Option("--role", help="审批人所属角色（可多次），用于匹配 role:xxx 形式的审批人"),
    ] = [],  # noqa: B006
    as_json: JsonFlag = False,
) -> None:
    """审批草稿的当前步骤：不允许作者自审，P0 问题禁止审批，P1 问题必须填写理由；最后一步通过后生成不可变审批记录。

    Example:
        redfunnel approve 12 --as 合规小李 --reason "已核对年化利率展示"
    """
    from redfunnel.compliance.approvals import approve as approve_draft

    draft = _approval_call(
        approve_draft, engine(), draft_id, approver=approver, reason=reason, roles=frozenset(role)
    )
    if as_json:
        emit_json(draft)
    else:
        _print_draft(draft)


@flow_app.command("set")
def flow_set(
    name: Annotated[str, typer.Argument(help="流程名，如 default、reply")],
    step: Annotated[
        list[str],
        typer.Option(
            "--step",
            help="步骤：名称[:any|all[:审批人1,审批人2]]，按顺序可多次；审批人可写 role:compliance",
        ),
    ],
    expiry_days: Annotated[int, typer.Option("--expiry-days", help="审批有效期（天）")] = 30,
    actor: ActorOpt = "admin",
    as_json: JsonFlag = False,
) -> None:
    """设置审批流程：按顺序给出各步骤，每步可要求任一（any）或全部（all）审批人通过，并设定审批有效期。

    Example:
        redfunnel draft flow set default --step operator --step "compliance:all:合规小李,合规老周" --step manager:any:王经理 --expiry-days 30
    """
    from redfunnel.compliance.approvals import set_flow

    steps = []
    for raw in step:
        parts = raw.split(":", 2)
        steps.append(
            {
                "name": parts[0],
                "mode": parts[1] if len(parts) > 1 and parts[1] else "any",
                "approvers": [a for a in (parts[2].split(",") if len(parts) > 2 else []) if a],
            }
        )
    flow = _approval_call(set_flow, engine(), name, steps, expiry_days=expiry_days, actor=actor)
    if as_json:
        emit_json(flow)
    else:
        _print_flow(flow)


@flow_app.command("show")
def flow_show(
    name: Annotated[str, typer.Argument(help="流程名")] = "default",
    as_json: JsonFlag = False,
) -> None:
    """查看审批流程的步骤、审批人与有效期。

    Example:
        redfunnel draft flow show default --json
    """
    from redfunnel.compliance.approvals import get_flow

    flow = _approval_call(get_flow, engine(), name)
    if as_json:
        emit_json(flow)
    else:
        _print_flow(flow)


def _print_flow(flow: dict[str, Any]) -> None:
    out.print(f"[bold]审批流程 {flow['name']}[/bold]（有效期 {flow['expiry_days']} 天）")
    for i, s in enumerate(flow["steps"], 1):
        who = "、".join(s["approvers"]) or "除作者外任何人"
        out.print(f"  {i}. {s['name']}（{'全部' if s['mode'] == 'all' else '任一'}）：{who}")


@app.command()
def drift(
    all_notes: Annotated[
        bool, typer.Option("--all", help="同时列出已匹配的笔记（默认只列出有问题的）")
    ] = False,
    link: Annotated[
        bool, typer.Option("--link", help="把匹配成功的笔记关联到草稿（写入审计链）")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """发布比对：把本行账号已发布的笔记与已审批草稿比对，标出内容被改动、审批过期或未经审批的发布。

    Example:
        redfunnel drift --json
    """
    from redfunnel.access import Scope
    from redfunnel.compliance.drift import check_drift, link_published

    eng = engine()
    if link:
        link_published(eng, Scope.everything())
    items = check_drift(eng, Scope.everything())
    counts: dict[str, int] = {}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    order = {"differs": 0, "expired": 1, "unapproved": 2, "matched": 3}
    shown = sorted(
        (i for i in items if all_notes or i.flagged),
        key=lambda i: (
            order.get(i.status, 9),
            -(i.published_at.timestamp() if i.published_at else 0),
        ),
    )
    if as_json:
        emit_json({"counts": counts, "items": [i.to_dict() for i in shown]})
        return
    labels = {
        "matched": "已匹配",
        "differs": "与审批内容不一致",
        "expired": "审批已过期",
        "unapproved": "未经审批",
    }
    out.print(
        "；".join(f"{labels.get(k, k)} {v}" for k, v in sorted(counts.items()))
        or "本行账号暂无已发布笔记"
    )
    table = Table(title="发布比对")
    for col in ("状态", "平台", "笔记", "账号", "标题", "发布时间", "草稿", "相似度"):
        table.add_column(col)
    for i in shown[:200]:
        table.add_row(
            labels.get(i.status, i.status),
            i.platform,
            i.note_key,
            i.account_name or "",
            (i.title or "")[:20],
            str(i.published_at or ""),
            str(i.draft_id or ""),
            "" if i.similarity is None else f"{i.similarity:.2f}",
        )
    out.print(table)


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[
        str | None,
        typer.Option("--expect-head", help="此前导出时记录的链头哈希，用于发现最新事件被删除"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """校验审计链：逐条重算哈希与前序链接，发现被修改或删除的审计事件与审批记录；有问题时退出码为 1。

    Example:
        redfunnel audit verify --json
    """
    from redfunnel.compliance.audit_trail import verify_audit

    result = verify_audit(engine(), expect_head=expect_head)
    if as_json:
        emit_json(result.to_dict())
    elif result.ok:
        out.print(
            f"[green]审计链完整[/green]：{result.events} 条事件，{result.approval_records} 条审批记录，链头 {result.head}"
        )
    else:
        out.print(f"[red]审计链校验失败[/red]：发现 {len(result.problems)} 处问题")
        for p in result.problems:
            out.print(f"  {p.message}")
    if not result.ok:
        raise typer.Exit(code=1)


@audit_app.command("export")
def audit_export(
    out_dir: Annotated[Path, typer.Option("--out", help="输出目录")],
    as_json: JsonFlag = False,
) -> None:
    """导出审计链与审批记录（CSV 与 XLSX，含每条哈希、链头与校验结果），供检查人员核对。

    Example:
        redfunnel audit export --out ./audit-2026-11
    """
    from redfunnel.compliance.audit_trail import export_audit

    result = export_audit(engine(), out_dir)
    if as_json:
        emit_json(result)
    else:
        out.print(f"已导出 {result['events']} 条事件、{result['approval_records']} 条审批记录：")
        for key in ("csv", "approval_csv", "xlsx"):
            out.print(f"  {result[key]}")
        out.print(
            f"链头哈希 {result['head']}（请妥善保存，用于 redfunnel audit verify --expect-head）"
        )
        if not result["verified"]:
            out.print("[red]注意：审计链校验未通过，详见 XLSX 的“校验”页[/red]")


@rulebook_app.command("show")
def rulebook_show(rulebook: RulebookOpt = None, as_json: JsonFlag = False) -> None:
    """查看当前生效的规则库：版本、文件、哈希、各规则族的规则数与级别。

    Example:
        redfunnel rulebook show --json
    """
    book = _book(rulebook)
    doc = {
        "version": book.version,
        "source": book.source,
        "sha256": book.sha256,
        "families": {
            fid: {
                "title": fam.title,
                "severity": fam.severity,
                "rules": [r.id for r in book.rules if r.family == fid],
            }
            for fid, fam in book.families.items()
        },
    }
    if as_json:
        emit_json(doc)
        return
    out.print(f"规则库版本 {book.version}  文件 {book.source}  sha256 {book.sha256[:16]}…")
    for fid, fam in doc["families"].items():
        out.print(f"  {fam['severity']} {fid}（{fam['title']}）：{'、'.join(fam['rules'])}")
