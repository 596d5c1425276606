"""Commands that fill the store and look at it: ingest, stats, account matching, the demo world."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from redfunnel.cli.app import app, emit_json, engine, err, out, state

accounts_app = typer.Typer(help="账号与机构匹配：查看待确认的匹配并确认或否决。", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（如整个 MediaCrawler data/ 目录）")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """导入数据文件：按内容识别格式，每个文件整体成功或整体回滚。

    Example:
        redfunnel ingest ~/MediaCrawler/data bank/accounts.csv --json
    """
    from redfunnel.ingest.pipeline import ingest_paths

    eng = engine()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.fields[rows]} 行"), TimeElapsedColumn(), console=err,
                  transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("导入", total=None, rows=0)

        def on_progress(path: Path, rows: int) -> None:
            progress.update(task, description=f"导入 {path.name}", rows=rows)

        results = ingest_paths(eng, paths, batch_size=state.settings.ingest_batch_size,
                               on_progress=on_progress)
    rejected = [r for r in results if r.rejected]
    if as_json:
        emit_json({"files": [r.to_dict() for r in results],
                   "summary": {"files": len(results), "rejected": len(rejected),
                               "new": sum(r.new for r in results),
                               "updated": sum(r.updated for r in results),
                               "unchanged": sum(r.unchanged for r in results)}})
    else:
        _print_ingest(results)
    if rejected:
        raise typer.Exit(code=1)


def _brief(value: Any) -> str:
    """A demo step's summary value on one short line: lists by their length, mappings flattened."""
    if isinstance(value, list):
        return f"{len(value)} 项"
    if isinstance(value, dict):
        return "（" + "，".join(f"{k} {_brief(v)}" for k, v in value.items()) + "）"
    return str(value)


def _print_ingest(results: list[Any]) -> None:
    table = Table(title="导入结果")
    for col in ("文件", "格式", "状态", "新增", "更新", "未变"):
        table.add_column(col)
    status_zh = {"imported": "已导入", "rejected": "已拒绝", "skipped": "已跳过"}
    for r in results:
        table.add_row(Path(r.file).name, r.format or "-", status_zh.get(r.status, r.status),
                      str(r.new), str(r.updated), str(r.unchanged))
    out.print(table)
    for r in results:
        for e in r.errors:
            err.print(f"[red]错误[/red] {e['text']}")
        for w in r.warnings:
            err.print(f"[yellow]提示[/yellow] {w}")


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """显示库中各类数据的条数。

    Example:
        redfunnel stats --json
    """
    from redfunnel.store.stats import stored_counts

    counts = stored_counts(engine())
    if as_json:
        emit_json(counts)
        return
    table = Table(title="数据概况")
    table.add_column("类别")
    table.add_column("条数", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    out.print(table)


@accounts_app.command("review")
def accounts_review(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """列出置信度不足、待人工确认的账号-机构匹配。

    Example:
        redfunnel accounts review --json
    """
    from redfunnel.registry.review import pending_matches

    pending = pending_matches(engine())
    if as_json:
        emit_json([p.to_dict() for p in pending])
        return
    table = Table(title=f"待确认的机构匹配（{len(pending)} 个）")
    for col in ("平台", "账号", "候选机构", "置信度", "账号键"):
        table.add_column(col)
    for p in pending:
        table.add_row(p.platform, p.account or "-", p.candidate or "-",
                      f"{p.confidence:.2f}" if p.confidence is not None else "-", p.account_key)
    out.print(table)


@accounts_app.command("confirm")
def accounts_confirm(
    account: Annotated[str, typer.Argument(help="账号名称或账号键")],
    institution: Annotated[str | None, typer.Option("--institution", help="改为指定的机构（名称或简称）")] = None,
    reject: Annotated[bool, typer.Option("--reject", help="否决匹配：该账号不属于任何银行")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """确认或否决一个账号的机构匹配（记录在审计日志中）。

    Example:
        redfunnel accounts confirm 招商银形信用卡 --institution 招商银行
    """
    from redfunnel.ingest.pipeline import whoami
    from redfunnel.registry.review import ReviewError, confirm_match

    try:
        detail = confirm_match(engine(), account, institution=institution, reject=reject, actor=whoami())
    except ReviewError as exc:
        err.print(f"[red]错误[/red] {exc}")
        raise typer.Exit(code=2) from exc
    if as_json:
        emit_json(detail)
    else:
        out.print(f"已{'否决' if reject else '确认'}：{detail['account']}（{detail['status']}）")


@app.command()
def demo(
    out_dir: Annotated[Path | None, typer.Option("--out", help="演示数据目录（默认 工作区/demo-data）")] = None,
    seed: Annotated[int, typer.Option("--seed", help="随机种子：同一种子生成完全相同的文件")] = 20250515,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """生成演示世界（真实文件格式），并通过正常导入流程入库。

    Example:
        redfunnel --home ./.demo demo
    """
    from redfunnel.demo import write_demo_world
    from redfunnel.demo.steps import run_demo_steps
    from redfunnel.ingest.pipeline import ingest_paths
    from redfunnel.store.stats import stored_counts

    target = out_dir or state.settings.home / "demo-data"
    if not as_json:
        out.print(f"生成演示数据（种子 {seed}）到 {target} …")
    write_demo_world(target, seed=seed)
    eng = engine()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[rows]} 行"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("导入演示数据", total=None, rows=0)
        results = ingest_paths(eng, [target], on_progress=lambda p, n: progress.update(
            task, description=f"导入 {p.name}", rows=n))
    rejected = [r for r in results if r.rejected]
    steps = run_demo_steps(eng, data_dir=target, home=state.settings.home, seed=seed)
    counts = stored_counts(eng)
    if as_json:
        emit_json({"data_dir": str(target), "files": len(results), "rejected": len(rejected),
                   "stored": counts, "steps": steps, "database": state.settings.resolved_database_url()})
    else:
        _print_ingest(results)
        out.print(f"演示数据目录：{target}")
        out.print("入库：" + "，".join(f"{k} {v}" for k, v in counts.items() if v))
        for name, summary in steps.items():
            out.print(f"{name}：" + "，".join(f"{k} {_brief(v)}" for k, v in summary.items()))
        out.print(f"数据库：{state.settings.resolved_database_url()}")
    if rejected:
        raise typer.Exit(code=1)
