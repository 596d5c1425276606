"""Commands for report writing (HTML, XLSX, PDF) from the sections of each domain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redfunnel.cli.app import JsonFlag, app, emit_json, engine, err, fail, out


@app.command()
def report(
    kind: Annotated[
        str, typer.Argument(help="报告类型：landscape、content、inbox、compliance、funnel 或 all")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="输出目录")] = Path("reports"),
    formats: Annotated[
        str, typer.Option("--format", help="输出格式，逗号分隔，如 html,xlsx")
    ] = "html,xlsx",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="统计截至时间（如 2026-11-20T10:00，按北京时间）；默认取库中最新一次抓取时间",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """生成报告：HTML（内嵌图表，离线可打开）与 XLSX（每张表一个工作表，含原生图表）。

    尚未实现的部分会跳过并给出提示。

    Example:
        redfunnel report landscape --out ./reports --format html,xlsx
    """
    from redfunnel.cli.landscape import parse_as_of
    from redfunnel.reports.build import WRITERS, build_report, report_kinds, write_report

    if kind not in report_kinds():
        raise fail(f"未知报告类型 {kind!r}，应为 {'、'.join(report_kinds())} 之一")
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in WRITERS]
    if unknown or not wanted:
        raise fail(
            f"--format：不支持的格式 {'、'.join(unknown) or formats!r}，可选 {'、'.join(WRITERS)}"
        )
    built = build_report(engine(), kind, now=parse_as_of(as_of))
    for notice in built.notices:
        err.print(f"[yellow]提示[/yellow] {notice}")
    written = write_report(built, out_dir, f"redfunnel-{kind}", wanted)
    if as_json:
        emit_json(
            {
                "kind": kind,
                "files": {k: str(v) for k, v in written.items()},
                "sections": [s.key for s in built.report.sections],
                "skipped": [{"kind": k, "reason": r} for k, r in built.skipped],
                "failed": built.failed,
                "subtitle": built.report.subtitle,
            }
        )
    else:
        out.print(f"已生成 {built.report.title}（{len(built.report.sections)} 个部分）")
        for fmt, path in written.items():
            out.print(f"  {fmt.upper()}：{path}")
    if built.failed:
        raise typer.Exit(code=1)
