"""The shared pieces of the ``redfunnel`` command line: the Typer app, workspace state and output.

Every reporting command takes ``--json`` and then prints exactly one JSON document on stdout;
human-readable output (Chinese) and progress bars go to stderr or stdout only without ``--json``.
Command modules in this package import from here and register themselves on ``app``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import Engine

from redfunnel.config import Settings, load_settings

app = typer.Typer(help="redfunnel：银行小红书/微信/抖音账号的运营、度量与合规治理。", no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  add_completion=False)

eval_app = typer.Typer(help="度量准确率：在留出数据上打印各类指标。", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err = Console(stderr=True)
out = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON")]


class State:
    settings: Settings


state = State()


def emit_json(doc: Any) -> None:
    """Print one JSON document to stdout and nothing else."""
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")


def engine() -> Engine:
    """The store of the current workspace, migrated and seeded."""
    from redfunnel.store import open_store

    return open_store(state.settings.resolved_database_url())


def json_lines_input(file: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """``(source, line number, object)`` for each JSON line of ``file`` (``-`` = stdin).

    Read lazily so that ``check -`` can answer line by line in a pipe; a bad line ends the command
    with an error naming the source and the line.
    """
    from redfunnel.jsonl import JsonLinesError, iter_json_lines

    if file == "-":
        source, handle = "<stdin>", sys.stdin
    else:
        path = Path(file)
        if not path.is_file():
            raise fail(f"{file}：文件不存在")
        source, handle = str(path), path.open(encoding="utf-8-sig")
    try:
        for number, doc in iter_json_lines(handle, source):
            yield source, number, doc
    except JsonLinesError as exc:
        raise fail(str(exc)) from None
    finally:
        if handle is not sys.stdin:
            handle.close()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a Chinese error line on stderr and return the exit to raise."""
    err.print(f"[red]错误[/red] {message}")
    return typer.Exit(code=code)


@app.callback()
def main_options(
    home: Annotated[Path | None, typer.Option("--home", help="工作区目录（默认 ~/.redfunnel，或环境变量 REDFUNNEL_HOME）")] = None,
) -> None:
    """redfunnel 命令行。"""
    state.settings = load_settings(home)
