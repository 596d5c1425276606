"""Verification and examiner export of the hash-chained audit trail (``store/audit.py``).

Each audit event stores the hash of its predecessor and its own hash over its content, so editing
an event breaks its own hash and deleting one breaks the link of its successor. Deleting the
newest events leaves a shorter but consistent chain; the export therefore prints the head hash,
and ``verify(expect_head=...)`` checks that a head handed to an examiner is still in the chain.
Approval records are checked too: each carries a hash over its own fields.

Events are streamed in id order, so verification runs in constant memory on long trails.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from redfunnel.compliance.approvals import record_hash
from redfunnel.compliance.models import ApprovalRecord
from redfunnel.store.audit import GENESIS, event_hash
from redfunnel.store.models import AuditEvent

__all__ = ["AuditProblem", "VerifyResult", "export_audit", "verify_audit"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
_event = AuditEvent.__table__
_record = ApprovalRecord.__table__
_BATCH = 2000


@dataclass(frozen=True)
class AuditProblem:
    kind: str
    event_id: int | None
    message: str


@dataclass
class VerifyResult:
    events: int = 0
    approval_records: int = 0
    head: str = GENESIS
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "approval_records": self.approval_records,
            "head": self.head,
            "problems": [
                {"kind": p.kind, "event_id": p.event_id, "message": p.message}
                for p in self.problems
            ],
        }


def verify_audit(engine: Engine, *, expect_head: str | None = None) -> VerifyResult:
    """Recompute every event's hash and link; report edited, deleted or reordered events."""
    result = VerifyResult()
    prev_hash = GENESIS
    prev_id: int | None = None
    seen_heads: set[str] = set()
    with engine.connect() as conn:
        rows = conn.execution_options(yield_per=_BATCH).execute(
            select(_event).order_by(_event.c.id)
        )
        for row in rows:
            result.events += 1
            expected = event_hash(
                row.prev_hash or GENESIS,
                row.at,
                row.actor,
                row.action,
                row.entity,
                row.entity_id,
                row.detail,
            )
            if (row.prev_hash or GENESIS) != prev_hash:
                result.problems.append(
                    AuditProblem(
                        "broken_link",
                        row.id,
                        f"事件 {row.id} 的前序哈希与事件 {prev_id if prev_id is not None else '（链首）'} "
                        "不一致：其间的事件被删除或改动",
                    )
                )
            if expected != row.hash:
                result.problems.append(
                    AuditProblem("edited", row.id, f"事件 {row.id} 的内容与其哈希不符：记录被篡改")
                )
            prev_hash, prev_id = row.hash, row.id
            if expect_head is not None:
                seen_heads.add(row.hash)
        result.head = prev_hash
        for rec in conn.execute(select(_record).order_by(_record.c.id)).mappings():
            result.approval_records += 1
            if record_hash(dict(rec)) != rec["record_hash"]:
                result.problems.append(
                    AuditProblem(
                        "approval_edited",
                        None,
                        f"审批记录 {rec['id']}（草稿 {rec['draft_id']}）的内容与其哈希不符",
                    )
                )
    if expect_head is not None and expect_head not in seen_heads and expect_head != GENESIS:
        result.problems.append(
            AuditProblem(
                "head_missing",
                None,
                f"此前导出的链头 {expect_head[:16]}… 已不在审计链中：最新事件被删除",
            )
        )
    return result


def _local(value: Any) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value is not None else ""


_COLUMNS = [
    "序号",
    "时间（北京时间）",
    "时间（UTC）",
    "操作人",
    "动作",
    "对象",
    "对象ID",
    "详情",
    "前序哈希",
    "哈希",
]
_RECORD_COLUMNS = [
    "记录ID",
    "草稿ID",
    "修订版本",
    "步骤",
    "审批人",
    "决定",
    "理由",
    "内容哈希",
    "规则库版本",
    "时间（北京时间）",
    "记录哈希",
]


def export_audit(engine: Engine, out_dir: Path) -> dict[str, Any]:
    """Write ``audit_trail.csv``, ``approval_records.csv`` and ``audit_trail.xlsx`` (both sheets)
    with every hash, plus the verification result; return paths and the head hash."""
    import xlsxwriter

    out_dir.mkdir(parents=True, exist_ok=True)
    check = verify_audit(engine)
    csv_path = out_dir / "audit_trail.csv"
    rec_path = out_dir / "approval_records.csv"
    xlsx_path = out_dir / "audit_trail.xlsx"
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = book.add_worksheet("审计链")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, _COLUMNS, bold)
    rows_written = 0
    with engine.connect() as conn, csv_path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(_COLUMNS)
        for row in conn.execution_options(yield_per=_BATCH).execute(
            select(_event).order_by(_event.c.id)
        ):
            values = [
                row.id,
                _local(row.at),
                row.at.astimezone(UTC).isoformat(),
                row.actor,
                row.action,
                row.entity or "",
                row.entity_id or "",
                json.dumps(row.detail, ensure_ascii=False, sort_keys=True)
                if row.detail is not None
                else "",
                row.prev_hash or "",
                row.hash,
            ]
            writer.writerow(values)
            rows_written += 1
            sheet.write_row(rows_written, 0, values)
        records = [dict(r) for r in conn.execute(select(_record).order_by(_record.c.id)).mappings()]
    rec_sheet = book.add_worksheet("审批记录")
    rec_sheet.write_row(0, 0, _RECORD_COLUMNS, bold)
    with rec_path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(_RECORD_COLUMNS)
        for i, r in enumerate(records, 1):
            values = [
                r["id"],
                r["draft_id"],
                r["revision"],
                r["step_name"],
                r["approver"],
                r["decision"],
                r["reason"] or "",
                r["content_hash"],
                r["rulebook_version"],
                _local(r["decided_at"]),
                r["record_hash"],
            ]
            writer.writerow(values)
            rec_sheet.write_row(i, 0, values)
    summary = book.add_worksheet("校验")
    summary.write_row(0, 0, ["项目", "值"], bold)
    summary.write_row(1, 0, ["事件数", check.events])
    summary.write_row(2, 0, ["链头哈希", check.head])
    summary.write_row(
        3, 0, ["校验结果", "通过" if check.ok else f"发现 {len(check.problems)} 处问题"]
    )
    for i, problem in enumerate(check.problems, 4):
        summary.write_row(i, 0, [problem.kind, problem.message])
    book.close()
    return {
        "csv": str(csv_path),
        "approval_csv": str(rec_path),
        "xlsx": str(xlsx_path),
        "events": rows_written,
        "approval_records": len(records),
        "head": check.head,
        "verified": check.ok,
    }
