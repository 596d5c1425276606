"""Commands for landscape rankings and account diagnosis (issue 3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from redfunnel.cli.app import JsonFlag, app, emit_json, engine, err, fail, out

PlatformOpt = Annotated[
    str, typer.Option("--platform", help="平台：xhs（默认）、wechat、douyin 或 all")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="统计截至时间（如 2026-11-20 或 2026-11-20T10:00，按北京时间）；默认取库中最新一次抓取时间",
    ),
]
PLATFORMS = ("xhs", "wechat", "douyin", "all")


def parse_as_of(value: str | None) -> datetime | None:
    """``--as-of`` text as a datetime (naive means Asia/Shanghai), or an error naming the option."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise fail(
            f"--as-of：无法识别的时间 {value!r}，应为 2026-11-20 或 2026-11-20T10:00"
        ) from None


def _platform(value: str) -> str | None:
    if value not in PLATFORMS:
        raise fail(f"--platform：未知平台 {value!r}，应为 {'、'.join(PLATFORMS)} 之一")
    return None if value == "all" else value


def landscape_document(
    eng: Any,
    *,
    now: datetime | None,
    platform: str | None,
    category: str | None,
    institution: str | None,
) -> dict[str, Any]:
    """The JSON document of ``redfunnel landscape``: accounts, institutions, regional comparisons."""
    from redfunnel.landscape.rankings import compute_landscape, regional_comparison

    land = compute_landscape(eng, now=now, platform=platform, category=category)
    with_branches = sorted({a["institution"] for a in land.accounts if a["role"] == "分行"})
    chosen = [institution] if institution else with_branches
    doc = land.to_dict()
    doc["regional"] = {name: regional_comparison(land.accounts, name) for name in chosen}
    return doc


@app.command()
def landscape(
    category: Annotated[
        str | None,
        typer.Option("--category", help="机构类别：国有大行、股份制、城商行、农商行、民营、外资"),
    ] = None,
    platform: PlatformOpt = "xhs",
    institution: Annotated[
        str | None, typer.Option("--institution", help="只看这家机构的分行对比（如 中国银行）")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="表格最多显示的账号数（JSON 不受限）")] = 80,
    as_of: AsOfOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """行业格局：按粉丝排名各机构账号，给出梯队、更新节奏、停更/放缓、增长与互动，以及机构矩阵和分行对比。

    Example:
        redfunnel landscape --category 城商行 --json
    """
    from redfunnel.registry.banks import CATEGORIES

    if category is not None and category not in CATEGORIES:
        raise fail(f"--category：未知类别 {category!r}，应为 {'、'.join(CATEGORIES)} 之一")
    doc = landscape_document(
        engine(),
        now=parse_as_of(as_of),
        platform=_platform(platform),
        category=category,
        institution=institution,
    )
    if as_json:
        emit_json(doc)
        return
    _print_landscape(doc, limit)


def _print_landscape(doc: dict[str, Any], limit: int) -> None:
    from redfunnel.landscape.text import local_time, num, wan

    as_of = datetime.fromisoformat(doc["as_of"])
    table = Table(
        title=f"账号排名（数据截至 {local_time(as_of)}，共 {len(doc['accounts'])} 个账号）"
    )
    for col in (
        "#",
        "账号",
        "机构",
        "类别",
        "角色",
        "粉丝",
        "梯队",
        "节奏",
        "状态",
        "30天",
        "90天",
        "间隔中位(天)",
        "30天增长",
        "互动中位数",
    ):
        table.add_column(col)
    for a in doc["accounts"][:limit]:
        table.add_row(
            str(a["rank"] or "—"),
            a["account"],
            a["institution"],
            a["institution_category"],
            a["role"] or "—",
            wan(a["followers"], floor=a["followers_is_floor"]),
            a["tier"] or "—",
            a["cadence_band"],
            a["status_label"],
            str(a["posts_30d"]),
            str(a["posts_90d"]),
            num(a["median_gap_days"]),
            "—" if a["growth_30d"] is None else f"{a['growth_30d']:+d}",
            num(a["median_interactions"]),
        )
    out.print(table)
    matrix = Table(title="机构矩阵（粉丝为各账号简单相加，受众可能重叠）")
    for col in ("#", "机构", "类别", "账号数", "粉丝合计", "按角色"):
        matrix.add_column(col)
    for inst in doc["institutions"][:20]:
        matrix.add_row(
            str(inst["rank"]),
            inst["institution"],
            inst["institution_category"],
            str(inst["accounts"]),
            wan(inst["followers_total"]),
            "＋".join(f"{k} {wan(v)}" for k, v in inst["by_role"].items()),
        )
    out.print(matrix)
    for name, branches in doc["regional"].items():
        if len(branches) < 2:
            continue
        reg = Table(title=f"{name} 分行对比")
        for col in ("分行账号", "地区", "粉丝", "为最小分行的倍数", "90天发布", "节奏"):
            reg.add_column(col)
        for b in branches:
            reg.add_row(
                b["account"],
                b["region"] or "—",
                wan(b["followers"]),
                num(b["times_smallest"]),
                str(b["posts_90d"]),
                b["cadence_band"],
            )
        out.print(reg)


@app.command()
def diagnose(
    account: Annotated[str, typer.Argument(help="账号名称（或账号键、编号）")],
    platform: Annotated[
        str | None, typer.Option("--platform", help="平台：xhs、wechat、douyin（同名账号时指定）")
    ] = None,
    as_of: AsOfOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """账号体检：与同类别、同梯队账号比较发布节奏、粉丝增长、互动和评论回复，逐条给出建议。

    Example:
        redfunnel diagnose 中国银行上海市分行 --json
    """
    from redfunnel.landscape.diagnose import AccountNotFound, diagnose_account

    if platform is not None:
        platform = _platform(platform)
    try:
        result = diagnose_account(engine(), account, now=parse_as_of(as_of), platform=platform)
    except AccountNotFound as exc:
        raise fail(str(exc)) from None
    if as_json:
        emit_json(result.to_dict())
        return
    _print_diagnosis(result)


def _print_diagnosis(result: Any) -> None:
    from redfunnel.landscape.text import local_time, wan

    a = result.account
    out.print(
        f"[bold]账号体检：{a['account']}[/bold]（{a['institution']}·{a['institution_category']}·"
        f"{a['role'] or '—'}·{a['platform']}）  数据截至 {local_time(result.as_of)}"
    )
    out.print(
        f"粉丝 {wan(a['followers'], floor=a['followers_is_floor'])}，{a['tier']}，"
        f"节奏 {a['cadence_band']}，状态 {a['status_label']}；"
        f"对比组 {result.peers['basis']}（{result.peers['count']} 个账号）"
    )
    colours = {"警告": "red", "提示": "yellow", "良好": "green"}
    for f in result.findings:
        out.print(f"[{colours.get(f.level, 'white')}]【{f.level}】{f.topic}[/]：{f.text}")
        out.print(f"    建议：{f.recommendation}")
    for label, notes in (
        ("互动最高的笔记", result.top_notes),
        ("互动最低的笔记", result.bottom_notes),
    ):
        if notes:
            out.print(f"{label}：")
            for n in notes:
                out.print(f"    {n['published_at'][:10]}  {n['interactions']}  {n['title']}")
    if result.followers_trend:
        trend = result.followers_trend
        out.print(
            "粉丝走势：" + " → ".join(f"{p['date'][5:]} {wan(p['followers'])}" for p in trend[-6:])
        )
    if not result.findings:
        err.print("没有可给出的结论：账号缺少数据")
