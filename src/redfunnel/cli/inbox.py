"""Commands for the service inbox and FAQ suggestions (issue 5)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
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
    state,
)

inbox_app = typer.Typer(help="互动收件箱：评论与私信会话的分类、分派、回复与时效。", no_args_is_help=True)
faq_app = typer.Typer(help="FAQ 答案库：为客户问题推荐已审核的标准答案。", no_args_is_help=True)
app.add_typer(inbox_app, name="inbox")
app.add_typer(faq_app, name="faq")

INTENT_ZH = {"inquiry": "咨询", "lead": "商机", "complaint": "投诉", "fraud_risk": "涉诈风险",
             "praise": "表扬", "spam": "垃圾", "other": "其他"}
STATE_ZH = {"new": "新建", "assigned": "已分派", "replied": "已回复", "escalated": "已升级",
            "closed": "已关闭"}
QUEUE_ZH = {"consumer_protection": "消保", "anti_fraud": "反诈"}
REPLY_ZH = {"blocked": "已拦截", "awaiting_approval": "待审批", "sent": "已发送", "approved": "已批准",
            "draft": "草稿"}


def _user() -> str:
    from redfunnel.ingest.pipeline import whoami

    return whoami()


def _scope() -> Any:
    from redfunnel.access import Scope

    return Scope.everything()


def _policy() -> Any:
    from redfunnel.inbox.policy import load_policy

    try:
        return load_policy(state.settings.home)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _json_lines(file: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """``(source, line number, document)`` for each non-empty JSON line with a ``text`` field."""
    for source, number, doc in json_lines_input(file):
        if not isinstance(doc.get("text"), str):
            raise fail(f"{source} 第 {number} 行：缺少字段 text（字符串）")
        yield source, number, doc


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


def _local(moment: datetime | None) -> str:
    from redfunnel.inbox.clock import SHANGHAI

    return "—" if moment is None else moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _inbox_error(exc: Exception) -> typer.Exit:
    return fail(str(exc))


# ---- classification and threads ------------------------------------------------------------


@inbox_app.command("classify")
def classify_cmd(
    file: Annotated[str, typer.Argument(help="JSON Lines 文件，每行含 text；- 表示标准输入")] = "-",
    as_json: JsonFlag = False,
) -> None:
    """意图与主题分类：逐行读取 JSON（text），输出意图、主题、优先级与各类得分。

    --json 时每个输入行输出一行 JSON：{"intent", "topic", "priority", "intent_score", ...}，
    输入行的其他字段（如 id）原样带回。

    Example:
        echo '{"text": "积存金兑换实物金有手续费吗？"}' | redfunnel inbox classify - --json
    """
    from redfunnel.inbox.classify import classifier

    docs = list(_json_lines(file))
    results = classifier().classify([d["text"] for _, _, d in docs])
    if as_json:
        for (_, _, doc), result in zip(docs, results, strict=True):
            extra = {k: v for k, v in doc.items() if k != "text"}
            sys.stdout.write(json.dumps({**extra, "text": doc["text"], **result.as_dict()},
                                        ensure_ascii=False) + "\n")
        return
    table = Table(title="分类结果")
    for col in ("内容", "意图", "主题", "优先级", "得分", "规则"):
        table.add_column(col)
    for (_, _, doc), r in zip(docs, results, strict=True):
        table.add_row(doc["text"][:40], INTENT_ZH[r.intent], r.topic, r.priority,
                      f"{r.intent_score:.2f}", ",".join(r.rules) or "-")
    out.print(table)


@inbox_app.command("build")
def build_cmd(as_json: JsonFlag = False) -> None:
    """由已导入的评论与私信生成会话：新会话自动分类，投诉与涉诈自动升级；已有会话只刷新时钟。

    Example:
        redfunnel inbox build --json
    """
    from redfunnel.inbox.threads import build_threads

    counts = build_threads(engine(), policy=_policy(), actor=_user())
    if as_json:
        emit_json(counts)
        return
    out.print(f"新会话 {counts['new']} 个，更新 {counts['updated']} 个，升级 {counts['escalated']} 个。")
    for key, value in sorted(counts.items()):
        if key.startswith("intent."):
            out.print(f"  {INTENT_ZH.get(key[7:], key[7:])}：{value}")


@inbox_app.command("list")
def list_cmd(
    state_: Annotated[str | None, typer.Option("--state", help="状态：new/assigned/replied/escalated/closed")] = None,
    intent: Annotated[str | None, typer.Option("--intent", help="意图：inquiry/lead/complaint/fraud_risk/praise/spam/other")] = None,
    queue: Annotated[str | None, typer.Option("--queue", help="升级队列：consumer_protection/anti_fraud")] = None,
    account: Annotated[str | None, typer.Option("--account", help="账号名称")] = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="处理人")] = None,
    include_closed: Annotated[bool, typer.Option("--all", help="包含已关闭的会话")] = False,
    limit: Annotated[int, typer.Option("--limit", help="最多显示条数")] = 30,
    as_json: JsonFlag = False,
) -> None:
    """列出会话：高优先级在前、新的在前，可按状态、意图、队列、账号、处理人筛选。

    Example:
        redfunnel inbox list --intent complaint --limit 10 --json
    """
    from redfunnel.inbox.models import THREAD_STATES
    from redfunnel.inbox.threads import list_threads

    if state_ and state_ not in THREAD_STATES:
        raise fail(f"--state：未知状态 {state_!r}，应为 {'/'.join(THREAD_STATES)} 之一")
    if intent and intent not in INTENT_ZH:
        raise fail(f"--intent：未知意图 {intent!r}，应为 {'/'.join(INTENT_ZH)} 之一")
    rows = list_threads(engine(), _scope(), state=state_, intent=intent, queue=queue, account=account,
                        assignee=assignee, open_only=not include_closed and state_ != "closed",
                        limit=limit)
    if as_json:
        emit_json({"threads": [_jsonable(r) for r in rows]})
        return
    table = Table(title=f"会话（{len(rows)}）")
    for col in ("ID", "账号", "渠道", "时间", "意图", "主题", "优先级", "状态", "处理人", "内容"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["id"]), r["account_name"] or "-", "私信" if r["channel"] == "dm" else "评论",
                      _local(r["opened_at"]), INTENT_ZH.get(r["intent"], "-"), r["topic"] or "-",
                      r["priority"], STATE_ZH.get(r["state"], r["state"]) + (
                          "（待审批）" if r["awaiting_approval"] else ""),
                      r["assignee"] or "-", (r["text"] or "")[:30].replace("\n", " "))
    out.print(table)


@inbox_app.command("show")
def show_cmd(
    thread_id: Annotated[int, typer.Argument(help="会话 ID")],
    as_json: JsonFlag = False,
) -> None:
    """查看会话：消息、分类、时效、推荐的已审核 FAQ 答案与回复记录。

    Example:
        redfunnel inbox show 12 --json
    """
    from redfunnel.inbox.replies import list_replies, suggest_for_thread
    from redfunnel.inbox.sla import measure
    from redfunnel.inbox.threads import get_thread, thread_messages

    eng = engine()
    thread = get_thread(eng, _scope(), thread_id)
    if thread is None:
        raise fail(f"会话 {thread_id} 不存在或不在您的权限范围内")
    policy = _policy()
    clock = measure([thread], policy, datetime.now(UTC))[0]
    messages = thread_messages(eng, thread)
    suggestions = suggest_for_thread(eng, thread)
    replies = list_replies(eng, _scope(), thread_id)
    if as_json:
        emit_json({"thread": _jsonable(thread),
                   "clock": {k: clock[k] for k in ("first_response_hours", "target_hours",
                                                   "waiting_hours", "breached")},
                   "messages": [_jsonable(m) for m in messages], "suggestions": suggestions,
                   "replies": [_jsonable(r) for r in replies]})
        return
    out.print(f"[bold]会话 {thread['id']}[/bold] {thread['account_name'] or '-'} · "
              f"{'私信' if thread['channel'] == 'dm' else '评论'} · {STATE_ZH[thread['state']]}"
              + ("（回复待审批）" if thread["awaiting_approval"] else ""))
    out.print(f"意图：{INTENT_ZH.get(thread['intent'], '-')}（{thread['intent_score']}） 主题：{thread['topic']} "
              f"优先级：{thread['priority']} 队列：{QUEUE_ZH.get(thread['queue'] or '', '-')} "
              f"截止：{_local(thread['due_at'])} 处理人：{thread['assignee'] or '-'}")
    hours = clock["first_response_hours"] if clock["first_response_hours"] is not None else clock["waiting_hours"]
    out.print(f"首次响应：{'已回复' if clock['first_response_hours'] is not None else '未回复，已等待'} "
              f"{hours:.1f} 工作小时（目标 {clock['target_hours']:g}）"
              + (" [red]超时[/red]" if clock["breached"] else ""))
    for m in messages:
        who = "客户" if m["sender"] == "customer" else f"品牌（{m.get('operator') or '-'}）"
        out.print(f"  {_local(m['at'])} {who}：{m['text']}")
    if suggestions:
        out.print("[bold]推荐答案（仅已审核版本）[/bold]")
        for s in suggestions:
            out.print(f"  {s['faq_key'] or '标准回复'} v{s['version'] or '-'} {s['question']}：{s['answer'][:60]}")
    for r in replies:
        out.print(f"  回复 {r['id']} {REPLY_ZH.get(r['status'], r['status'])}：{r['text'][:60]}")


@inbox_app.command("assign")
def assign_cmd(
    thread_id: Annotated[int, typer.Argument(help="会话 ID")],
    assignee: Annotated[str, typer.Argument(help="处理人（用户名）")],
    as_json: JsonFlag = False,
) -> None:
    """分派会话给处理人（记入审计链）。

    Example:
        redfunnel inbox assign 12 zhangsan --json
    """
    from redfunnel.inbox.threads import InboxError, assign

    try:
        thread = assign(engine(), _scope(), thread_id, assignee, actor=_user())
    except InboxError as exc:
        raise _inbox_error(exc) from None
    if as_json:
        emit_json({"thread": _jsonable(thread)})
    else:
        out.print(f"会话 {thread_id} 已分派给 {assignee}（状态：{STATE_ZH[thread['state']]}）。")


@inbox_app.command("reply")
def reply_cmd(
    thread_id: Annotated[int, typer.Argument(help="会话 ID")],
    faq: Annotated[str | None, typer.Option("--faq", help="使用该 FAQ 的当前已审核答案（如 FAQ-013）")] = None,
    text: Annotated[str | None, typer.Option("--text", help="自拟回复内容")] = None,
    safe: Annotated[bool, typer.Option("--safe", help="使用反诈标准回复")] = False,
    confirm: Annotated[int | None, typer.Option("--confirm", help="确认已获批的回复（回复 ID）已发送")] = None,
    as_json: JsonFlag = False,
) -> None:
    """回复会话：索要卡号/密码/验证码/身份证照片或含个人信息的回复会被拦截；投诉与涉诈会话的回复需合规审批。

    获批后用 --confirm 回复ID 记为已发送。所有操作记入审计链。

    Example:
        redfunnel inbox reply 12 --faq FAQ-013 --json
    """
    from redfunnel.inbox.replies import confirm_sent, draft_reply
    from redfunnel.inbox.threads import InboxError

    chosen = sum(bool(x) for x in (faq, text, safe, confirm is not None))
    if chosen != 1:
        raise fail("请只给出 --faq、--text、--safe、--confirm 中的一个")
    try:
        if confirm is not None:
            reply = confirm_sent(engine(), _scope(), confirm, actor=_user())
        else:
            reply = draft_reply(engine(), _scope(), thread_id, actor=_user(), text=text, faq_key=faq,
                                safe_fraud_reply=safe)
    except InboxError as exc:
        raise _inbox_error(exc) from None
    except ValueError as exc:  # approval errors from the compliance flow
        raise fail(str(exc)) from None
    if as_json:
        emit_json({"reply": _jsonable(reply)})
    else:
        out.print(f"回复 {reply['id']}：{REPLY_ZH.get(reply['status'], reply['status'])}")
        for reason in reply.get("blocked_reasons") or []:
            out.print(f"  [red]拦截[/red] {reason['message']}：{reason.get('excerpt', '')}")
        if reply["status"] == "awaiting_approval":
            out.print(f"  已提交合规审批（草稿 {reply['approval_ref'] or '未创建：会话未关联账号'}），"
                      f"获批后运行 redfunnel inbox reply {thread_id} --confirm {reply['id']}")
    if reply["status"] == "blocked":
        raise typer.Exit(code=1)


@inbox_app.command("close")
def close_cmd(
    thread_id: Annotated[int, typer.Argument(help="会话 ID")],
    reason: Annotated[str | None, typer.Option("--reason", help="关闭原因")] = None,
    as_json: JsonFlag = False,
) -> None:
    """关闭会话（已解决或无需回复；有待审批回复时不能关闭），记入审计链。

    Example:
        redfunnel inbox close 12 --reason 已电话解决 --json
    """
    from redfunnel.inbox.threads import InboxError, close

    try:
        thread = close(engine(), _scope(), thread_id, actor=_user(), reason=reason)
    except InboxError as exc:
        raise _inbox_error(exc) from None
    if as_json:
        emit_json({"thread": _jsonable(thread)})
    else:
        out.print(f"会话 {thread_id} 已关闭。")


@inbox_app.command("sla")
def sla_cmd(
    at: Annotated[str | None, typer.Option("--at", help="计时截止时刻（ISO 时间，默认现在），如 2026-11-20T10:00+08:00")] = None,
    as_json: JsonFlag = False,
) -> None:
    """响应时效：各账号与客服人员的首次响应（工作小时，含节假日与调休）、达标率、升级队列与超时清单。

    Example:
        redfunnel inbox sla --at 2026-11-20T10:00+08:00 --json
    """
    from redfunnel.inbox.report import build_section

    now = _parse_at(at)
    section = build_section(engine(), now=now, policy=_policy())
    if as_json:
        emit_json({"summary": section.summary,
                   "tables": {t.key: {"title": t.title, "columns": t.columns, "rows": t.rows}
                              for t in section.tables},
                   "policy": section.data.get("policy")})
        return
    for line in section.summary:
        out.print(line)
    for t in section.tables:
        table = Table(title=t.title)
        for col in t.columns:
            table.add_column(col)
        for row in t.rows:
            table.add_row(*["-" if v is None else str(v) for v in row])
        out.print(table)


def _parse_at(at: str | None) -> datetime:
    if not at:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise fail(f"--at：无法解析时间 {at!r}") from None
    if moment.tzinfo is None:
        from redfunnel.inbox.clock import SHANGHAI

        moment = moment.replace(tzinfo=SHANGHAI)
    return moment


# ---- FAQ -----------------------------------------------------------------------------------


@faq_app.command("suggest")
def faq_suggest(
    text: Annotated[str | None, typer.Argument(help="客户问题文本")] = None,
    file: Annotated[str | None, typer.Option("--file", help="JSON Lines 文件（每行含 text），- 表示标准输入")] = None,
    k: Annotated[int, typer.Option("--k", help="每个问题返回的答案数")] = 3,
    as_json: JsonFlag = False,
) -> None:
    """推荐 FAQ 答案：BM25（jieba 分词 + 口语同义词）检索，只返回已审核的当前版本。

    --json 时每个问题输出一行 JSON：{"text", "suggestions": [{"faq_key", "version", "score", ...}]}。

    Example:
        redfunnel faq suggest "积存金换金条要钱吗" --json
    """
    from redfunnel.inbox.faq import FaqIndex, approved_entries

    if (text is None) == (file is None):
        raise fail("请给出问题文本，或用 --file 指定 JSON Lines 文件（二选一）")
    entries = approved_entries(engine())
    if not entries:
        raise fail("答案库中没有已审核的 FAQ：请先导入 FAQ CSV（redfunnel ingest faq.csv）")
    index = FaqIndex(entries)
    docs = [{"text": text}] if text is not None else [d for _, _, d in _json_lines(file or "-")]
    for doc in docs:
        suggestions = [s.as_dict() for s in index.suggest(doc["text"], k=k)]
        if as_json:
            extra = {key: v for key, v in doc.items() if key != "text"}
            sys.stdout.write(json.dumps({**extra, "text": doc["text"], "suggestions": suggestions},
                                        ensure_ascii=False) + "\n")
            continue
        out.print(f"[bold]{doc['text']}[/bold]")
        if not suggestions:
            out.print("  （没有匹配的已审核答案）")
        for s in suggestions:
            out.print(f"  {s['faq_key']} v{s['version']} [{s['score']:.2f}] {s['question']}：{s['answer'][:60]}")


# ---- evaluation ----------------------------------------------------------------------------


def _default_real_comments() -> Path | None:
    """The real MediaCrawler comments beside a source checkout (``../shared/realdata``), if any."""
    from redfunnel.inbox.evaluate import REAL_COMMENTS

    root = Path(__file__).resolve().parents[3]
    found = sorted((root.parent / "shared" / "realdata").glob(f"*/{REAL_COMMENTS}"))
    return found[0] if found else None


@eval_app.command("inbox")
def eval_inbox(
    errors: Annotated[bool, typer.Option("--errors", help="列出判错的留出样本")] = False,
    by_writer: Annotated[bool, typer.Option(
        "--by-writer", help="逐作者留出评估：每次去掉一位作者的手写训练集重训并在其上评分（约 1 分钟）")] = False,
    real: Annotated[Path | None, typer.Option(
        "--real", help="真实评论文件（MediaCrawler 的 search_comments_*.json；默认在仓库旁的 shared/realdata 中查找）")] = None,
    record: Annotated[str | None, typer.Option(
        "--record-first-run", metavar="X",
        help="对新写成的留出批次 intent_heldout_X.jsonl 做首次评估并记入 heldout_first_runs.json（每批只能一次）")] = None,
    as_json: JsonFlag = False,
) -> None:
    """意图/主题分类在留出集上的准确率：各类精确率、召回率、F1，并对照目标（投诉与涉诈召回 ≥0.95，意图宏 F1 ≥0.85）。

    Example:
        redfunnel eval inbox --json
        redfunnel eval inbox --by-writer
    """
    from redfunnel.inbox.evaluate import (
        current_batches,
        evaluate_by_writer,
        evaluate_intents,
        evaluate_real_comments,
        first_runs,
        record_first_run,
        sealed_batches,
    )

    if record:
        from redfunnel.inbox.classify import DATA_DIR

        try:
            run = record_first_run(f"batch_{record}", DATA_DIR / f"intent_heldout_{record}.jsonl")
        except (OSError, ValueError) as exc:
            raise fail(str(exc)) from None
        if as_json:
            emit_json(run)
        else:
            out.print(f"已记录 {run['set']} 首次评估：投诉召回 {run['complaint_recall']:.3f}，涉诈召回 "
                      f"{run['fraud_risk_recall']:.3f}，意图宏 F1 {run['intent_macro_f1']:.3f}（{run['items']} 条）")
        return
    if by_writer:
        cv = evaluate_by_writer()
        if as_json:
            emit_json(cv)
            return
        table = Table(title="逐作者留出评估（每位作者的留言都未参与其模型的训练）")
        for col in ("作者集", "条数", "投诉召回", "涉诈召回", "意图宏 F1"):
            table.add_column(col)
        for w in [*cv["writers"], {"set": "合计", **cv}]:
            table.add_row(w["set"], str(w["items"]), *(
                "-" if w[k] is None else f"{w[k]:.3f}"
                for k in ("complaint_recall", "fraud_risk_recall", "intent_macro_f1")))
        out.print(table)
        return
    result = evaluate_intents()
    result["first_runs"] = first_runs()
    result["batches"] = current_batches()
    result["sealed_batches"] = sealed_batches()
    real_file = real or _default_real_comments()
    if real_file is not None:
        try:
            result["real_comments"] = evaluate_real_comments(real_file)
        except (OSError, ValueError) as exc:
            raise fail(str(exc)) from None
    if not errors:
        result["errors_count"] = len(result.pop("errors"))
    if as_json:
        emit_json(result)
        return
    out.print("手写批次首次评估（写成后、据其调整规则前只评一次，是对真实留言的诚实估计）：")
    for run in result["first_runs"]:
        out.print(f"  {run['set']}：投诉召回 {run['complaint_recall']:.3f}，涉诈召回 "
                  f"{run['fraud_risk_recall']:.3f}，意图宏 F1 {run['intent_macro_f1']:.3f}"
                  f"（{str(run['items']) + ' 条' if 'items' in run else '条数未记录'}，模型 {run['model_version']}）")
    rc = result.get("real_comments")
    if rc:
        out.print(f"真实小红书评论抽样（{rc['found']} 条，MediaCrawler 样本，非银行话题，只有哈希与标注入库）："
                  f"意图宏 F1 {rc['intent_macro_f1']:.3f}，非投诉/涉诈留言被误标为投诉或涉诈的比例 "
                  f"{rc['false_alarm_rate']:.3f}")
    else:
        out.print("真实评论抽样：未找到 MediaCrawler 评论文件（用 --real 指定 search_comments_*.json）")
    for name in result["sealed_batches"]:
        out.print(f"  {name}：尚未首次评估（封存中；用 --record-first-run 评估一次并记录）")
    out.print("手写批次当前成绩（评估过后已不再是未见数据）：")
    for b in result["batches"]:
        out.print(f"  {b['file']}：投诉召回 {b['complaint_recall']:.3f}，涉诈召回 "
                  f"{b['fraud_risk_recall']:.3f}，意图宏 F1 {b['intent_macro_f1']:.3f}（{b['items']} 条）")
    out.print(f"调参留出集：{result['file']}（{result['rows']} 条，从未参与训练，但调整规则时看过）")
    for kind, title in (("intent", "意图"), ("topic", "主题")):
        table = Table(title=f"{title}：各类指标")
        for col in ("类别", "样本", "精确率", "召回率", "F1"):
            table.add_column(col)
        for c in result[kind]:
            table.add_row(c["label"], str(c["support"]), f"{c['precision']:.3f}", f"{c['recall']:.3f}",
                          f"{c['f1']:.3f}")
        out.print(table)
    out.print(f"意图准确率 {result['intent_accuracy']:.3f}，宏 F1 {result['intent_macro_f1']:.3f}；"
              f"主题准确率 {result['topic_accuracy']:.3f}，宏 F1 {result['topic_macro_f1']:.3f}")
    for name, t in result["targets"].items():
        mark = "[green]达标[/green]" if t["met"] else "[red]未达标[/red]"
        out.print(f"  {name}: {t['value']:.3f}（目标 ≥ {t['target']}）{mark}")
    for e in result.get("errors", []):
        out.print(f"  {e['gold']} → {e['predicted']}：{e['text']}")


@eval_app.command("faq")
def eval_faq(
    errors: Annotated[bool, typer.Option("--errors", help="列出未命中的改写问题")] = False,
    as_json: JsonFlag = False,
) -> None:
    """FAQ 推荐在留出改写问题上的命中率（前 3 命中率目标 ≥0.90），答案库为演示银行的已审核 FAQ。

    Example:
        redfunnel eval faq --json
    """
    from redfunnel.inbox.evaluate import evaluate_faq

    result = evaluate_faq()
    if not errors:
        result["misses_count"] = len(result.pop("misses"))
    if as_json:
        emit_json(result)
        return
    out.print(f"留出改写问题：{result['file']}（{result['queries']} 条），答案库 {result['entries']} 条")
    out.print(f"前 1 命中率 {result['top1_hit_rate']:.3f}，前 {result['k']} 命中率 {result['topk_hit_rate']:.3f}")
    t = result["targets"]["faq_top3_hit_rate"]
    out.print(("[green]达标[/green]" if t["met"] else "[red]未达标[/red]") + f"（目标 ≥ {t['target']}）")
    for m in result.get("misses", []):
        out.print(f"  {m['text']}：期望 {m['expected']}，得到 {m['got']}")
    _ = err
