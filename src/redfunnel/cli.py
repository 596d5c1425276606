"""The ``redfunnel`` command line: a thin adapter over the library.

Every reporting command takes ``--json`` and then prints exactly one JSON document on stdout;
human-readable output (Chinese) and progress bars go to stderr or stdout only without ``--json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from redfunnel.config import Settings, load_settings

app = typer.Typer(help="redfunnel：银行小红书/微信/抖音账号的运营、度量与合规治理。", no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  add_completion=False)
accounts_app = typer.Typer(help="账号与机构匹配：查看待确认的匹配并确认或否决。", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")

err = Console(stderr=True)
out = Console()


class State:
    settings: Settings


state = State()


def emit_json(doc: Any) -> None:
    """Print one JSON document to stdout and nothing else."""
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")


def engine() -> Engine:
    from redfunnel.store import open_store

    return open_store(state.settings.resolved_database_url())


@app.callback()
def main_options(
    home: Annotated[Path | None, typer.Option("--home", help="工作区目录（默认 ~/.redfunnel，或环境变量 REDFUNNEL_HOME）")] = None,
) -> None:
    """redfunnel 命令行。"""
    state.settings = load_settings(home)


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


def main() -> None:
    app()
