"""JSON Lines input: the one reader behind labelled corpora and every ``[FILE|-]`` command.

Classifiers, the compliance checker and their evaluations all read one JSON object per line; a
bad line must be reported with its source and line number, in Chinese, the same way everywhere.
Field checks stay with the callers, because each format requires different fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class JsonLinesError(ValueError):
    """A line that is not a JSON object, or lacks what the caller needs; names source and line."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source} 第 {line} 行：{message}")
        self.source, self.line, self.message = source, line, message


def iter_json_lines(lines: Iterable[str], source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonLinesError(source, number, f"不是合法的 JSON（{exc.msg}）") from None
        if not isinstance(doc, dict):
            raise JsonLinesError(source, number, "应为一个 JSON 对象")
        yield number, doc


def read_json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file (UTF-8, with or without a BOM)."""
    with path.open(encoding="utf-8-sig") as handle:
        yield from iter_json_lines(handle, str(path))
