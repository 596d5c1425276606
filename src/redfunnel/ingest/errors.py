"""Errors that name the file, the row or byte position and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FieldError(Exception):
    """A value that cannot be read; the reader adds file and row when it re-raises."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class IngestError(Exception):
    """Why a whole file was rejected. ``row`` is 1-based as a user counts rows in the source:
    the line number for CSV/JSONL/xlsx, the record number for JSON arrays and database tables."""

    file: str
    message: str
    row: int | None = None
    position: int | None = None
    field: str | None = None
    unit: str = "行"

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """The error in the words an operator reads (Chinese)."""
        where = [f"文件 {self.file}"]
        if self.row is not None:
            where.append(f"第 {self.row} {self.unit}")
        if self.position is not None:
            where.append(f"第 {self.position} 字节")
        if self.field:
            where.append(f"字段 {self.field}")
        return "，".join(where) + f"：{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "position": self.position,
            "field": self.field,
            "message": self.message,
            "text": self.describe(),
        }
