"""Commands for content classification, performance, homogeneity and planning (issue 4)."""

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
    state,
)


def _cache_dir() -> Path:
    return state.settings.home / "cache"


@app.command()
def classify(
    file: Annotated[
        str,
        typer.Argument(
            help="JSON lines 文件（每行含 title、body，可选 note_type），- 表示标准输入"
        ),
    ] = "-",
    as_json: JsonFlag = False,
    store: Annotated[
        bool, typer.Option("--store", help="改为给库里所有未打标签的笔记打标签")
    ] = False,
) -> None:
    """内容分类：给每条笔记打上内容支柱、产品线、目标人群和形式标签。

    输入每行一个 JSON 对象（title、body，可选 note_type）；--json 时每行输出一个 JSON 结果
    （pillar、product、segment、format、scores），与输入逐行对应。

    Example:
        echo '{"title":"警惕冒充客服","body":"转到安全账户"}' | redfunnel classify - --json
        redfunnel classify notes.jsonl --json > labels.jsonl
        redfunnel classify --store
    """
    from redfunnel.content.classify import LABEL_ZH, get_classifier

    if store:
        from redfunnel.content.labels import label_notes

        result = label_notes(engine(), only_new=True, cache_dir=_cache_dir(), actor="cli")
        if as_json:
            emit_json(result)
        else:
            out.print(f"已打标签 {result['labelled']} 条笔记（模型 {result['model_version']}）")
        return
    items: list[dict[str, Any]] = []
    for source, n, row in json_lines_input(file):
        if not any(isinstance(row.get(k), str) for k in ("title", "body")):
            raise fail(f"{source} 第 {n} 行：缺少字段 title 或 body（应为字符串）")
        items.append(row)
    preds = get_classifier(_cache_dir()).predict(items)
    if as_json:
        for item, p in zip(items, preds, strict=True):
            doc = p.as_dict()
            if "id" in item:
                doc = {"id": item["id"], **doc}
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return
    table = Table(title="内容分类结果")
    for col in ("标题", "内容支柱", "产品线", "人群", "形式"):
        table.add_column(col)
    for item, p in zip(items, preds, strict=True):
        table.add_row(
            str(item.get("title") or "")[:30],
            LABEL_ZH["pillar"][p.pillar],
            LABEL_ZH["product"][p.product],
            LABEL_ZH["segment"][p.segment],
            p.format or "",
        )
    out.print(table)


@eval_app.command("content")
def eval_content(as_json: JsonFlag = False) -> None:
    """在留出集上评估内容分类器：各类别的精确率、召回率和宏平均 F1。

    留出集为独立手写的笔记，从未用于训练或调参。

    Example:
        redfunnel eval content
        redfunnel eval content --json
    """
    from redfunnel.content.classify import LABEL_ZH
    from redfunnel.content.evaluate import evaluate

    result = evaluate()
    if as_json:
        result.pop("errors", None)
        emit_json(result)
        return
    dim_zh = {"pillar": "内容支柱", "product": "产品线", "segment": "目标人群"}
    out.print(f"留出集：{result['examples']} 条（{result['file']}）")
    for dim, r in result["dimensions"].items():
        table = Table(
            title=f"{dim_zh[dim]}（{dim}）：宏平均F1 {r['macro_f1']:.3f}，"
            f"准确率 {r['accuracy']:.3f}，"
            f"目标 ≥ {r['target']:.2f} {'达标' if r['meets_target'] else '未达标'}"
        )
        for col in ("类别", "精确率", "召回率", "F1", "样本数"):
            table.add_column(col)
        for c in r["classes"]:
            table.add_row(
                f"{LABEL_ZH[dim].get(c['label'], c['label'])}（{c['label']}）",
                f"{c['precision']:.3f}",
                f"{c['recall']:.3f}",
                f"{c['f1']:.3f}",
                str(c["support"]),
            )
        out.print(table)


@app.command()
def homogeneity(
    as_json: JsonFlag = False,
    threshold: Annotated[float, typer.Option("--threshold", help="近似重复的 Jaccard 阈值")] = 0.7,
    top: Annotated[int, typer.Option("--top", help="显示的近似重复簇数量")] = 10,
) -> None:
    """同质化分析：跨银行的近似重复笔记簇、各账号与他行雷同的笔记占比、各支柱饱和度。

    Example:
        redfunnel homogeneity
        redfunnel homogeneity --json --top 20
    """
    from redfunnel.access import Scope
    from redfunnel.content.classify import PILLAR_ZH
    from redfunnel.content.dataset import load_labelled
    from redfunnel.content.homogeneity import analyse

    notes = load_labelled(engine(), scope=Scope.everything(), platform=None)
    if not notes:
        raise fail("库里没有已打标签的笔记：先导入数据并运行 redfunnel classify --store")
    result = analyse(notes, threshold=threshold, top=top)
    if as_json:
        emit_json(result.as_dict())
        return
    t = Table(title=f"跨银行近似重复簇（共 {result.notes} 篇笔记，阈值 {threshold}）")
    for col in ("机构数", "笔记数", "支柱", "中位互动", "示例标题"):
        t.add_column(col)
    for c in result.clusters:
        t.add_row(
            str(c["institutions"]),
            str(c["notes"]),
            PILLAR_ZH.get(c["pillar"], c["pillar"]),
            f"{c['median_interactions']:.0f}",
            str(c["title"])[:30],
        )
    out.print(t)
    t = Table(title="各账号与他行雷同的笔记占比（前20）")
    for col in ("账号", "机构", "笔记数", "雷同篇数", "占比"):
        t.add_column(col)
    for a in result.accounts[:20]:
        t.add_row(
            str(a["account"]),
            str(a["institution"]),
            str(a["notes"]),
            str(a["cross_bank_duplicates"]),
            f"{a['share']:.0%}",
        )
    out.print(t)
    t = Table(title="各内容支柱的饱和度")
    for col in ("支柱", "笔记数", "机构数", "雷同占比"):
        t.add_column(col)
    for p in result.pillars:
        t.add_row(
            PILLAR_ZH.get(p["pillar"], p["pillar"]),
            str(p["notes"]),
            str(p["institutions"]),
            f"{p['saturation']:.0%}",
        )
    out.print(t)


@app.command()
def content(
    account: Annotated[str | None, typer.Argument(help="账号名称或编号（不填则看全行业）")] = None,
    as_json: JsonFlag = False,
    period: Annotated[str, typer.Option("--period", help="趋势周期：month 或 week")] = "month",
) -> None:
    """内容表现：按支柱、产品、人群、形式、星期、时段的中位互动（含自助法区间），与同业对比、缺口和热词趋势。

    Example:
        redfunnel content 招商银行
        redfunnel content --json --period week
    """
    from redfunnel.access import Scope
    from redfunnel.content.dataset import find_account, load_labelled
    from redfunnel.content.gaps import describe, find_gaps
    from redfunnel.content.performance import DIMENSION_ZH, account_vs_peers, performance
    from redfunnel.content.trends import keywords

    eng = engine()
    notes = load_labelled(eng, scope=Scope.everything())
    if not notes:
        raise fail("库里没有已打标签的笔记：先导入数据并运行 redfunnel classify --store")
    doc: dict[str, Any] = {"notes": len(notes)}
    if account:
        acct = find_account(eng, account)
        if acct is None:
            raise fail(f"找不到账号：{account}")
        doc["account"] = {
            "id": acct["id"],
            "name": acct["name"],
            "institution": acct["institution"],
        }
        doc["performance"] = account_vs_peers(notes, acct["id"])
        doc["gaps"] = find_gaps(notes, acct["id"])
        doc["trends"] = keywords(
            [n for n in notes if n.category == acct["category"]], period=period
        )
    else:
        doc["performance"] = performance(notes)
        doc["trends"] = keywords(notes, period=period)
    if as_json:
        emit_json(doc)
        return
    if account:
        perf = doc["performance"]
        for dim, rows in perf["dimensions"].items():
            t = Table(
                title=f"{DIMENSION_ZH[dim]}：本账号 vs 同业"
                f"（{perf['category']}，{perf['peer_accounts']} 个账号）"
            )
            for col in (
                "取值",
                "本账号篇数",
                "本账号中位互动[95%区间]",
                "同业篇数",
                "同业中位互动[95%区间]",
            ):
                t.add_column(col)
            for r in rows[:12]:
                t.add_row(
                    str(r["value"]),
                    str(r["notes"]),
                    "-"
                    if r["median"] is None
                    else f"{r['median']:.0f} [{r['ci'][0]:.0f}–{r['ci'][1]:.0f}]",
                    str(r["peer_notes"]),
                    "-"
                    if r["peer_median"] is None
                    else f"{r['peer_median']:.0f} [{r['peer_ci'][0]:.0f}–{r['peer_ci'][1]:.0f}]",
                )
            out.print(t)
        out.print(f"[bold]缺口[/bold]（对比：{doc['gaps']['basis']}）")
        for g in doc["gaps"]["gaps"]:
            out.print(" · " + describe(g))
    else:
        for dim, rows in doc["performance"].items():
            t = Table(title=f"{DIMENSION_ZH[dim]}：中位互动")
            for col in ("取值", "笔记数", "中位互动", "95%区间"):
                t.add_column(col)
            for r in rows[:12]:
                t.add_row(
                    str(r["value"]),
                    str(r["notes"]),
                    f"{r['median']:.0f}",
                    f"{r['ci_low']:.0f}–{r['ci_high']:.0f}",
                )
            out.print(t)
    tr = doc["trends"]
    out.print(
        f"[bold]热词[/bold]（{tr['period']}）："
        + "、".join(w["word"] for w in tr["overall"]["hot"])
    )
    out.print(
        f"[bold]上升词[/bold]（对比 {tr['previous']}）："
        + "、".join(w["word"] for w in tr["overall"]["rising"])
    )


@app.command()
def plan(
    account: Annotated[str, typer.Argument(help="账号名称或编号")],
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=26, help="计划周数")] = 4,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="CSV/XLSX 输出目录（默认工作区 plans/）")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """内容日历：按梯队与同业节奏定更新目标，结合法定节假日与金融节点、补齐缺口的支柱配比，
    给出每个档期的选题、小红书形式/标题/话题、抖音切入角度、微信私域承接和目标人群。

    Example:
        redfunnel plan 招商银行 --weeks 4
        redfunnel plan 兰州银行 --weeks 6 --out ./plans --json
    """
    from redfunnel.content.classify import PILLAR_ZH
    from redfunnel.content.plan import PlanError, make_plan, write_plan

    try:
        result = make_plan(engine(), account, weeks=weeks)
    except PlanError as exc:
        raise fail(str(exc)) from exc
    files = write_plan(result, out_dir or state.settings.home / "plans")
    result["files"] = files
    if as_json:
        emit_json(result)
        return
    cad = result["cadence"]
    out.print(
        f"[bold]{result['account']['name']}[/bold]（{result['account']['institution']}，{cad['tier']}，"
        f"{cad['cadence_band'] or '-'}）：当前周均 {cad['current_per_week']}，同梯队活跃账号中位 "
        f"{cad['peer_median_per_week']}，目标周均 {cad['target_per_week']}"
        + ("（停更重启：前两周每周 1 篇）" if cad["restart"] else "")
    )
    out.print(
        "支柱配比：" + "，".join(f"{PILLAR_ZH[p]} {v:.0%}" for p, v in result["pillar_mix"].items())
    )
    t = Table(title=f"内容日历 {result['start']} 起 {weeks} 周")
    for col in ("日期", "时间", "支柱", "人群", "选题", "小红书", "抖音切入", "微信承接"):
        t.add_column(col)
    for s in result["slots"]:
        t.add_row(
            f"{s['date']} {s['weekday']}",
            s["time"],
            s["pillar_zh"],
            s["segment_zh"],
            s["topic"] + (f"（{s['hook']}）" if s["hook"] else ""),
            f"{s['xhs_form']}：{s['xhs_title']}",
            s["douyin_angle"],
            s["wechat_followup"],
        )
    out.print(t)
    err.print(f"已写出 {files['csv']} 和 {files['xlsx']}")
