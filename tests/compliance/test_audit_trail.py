"""Tamper detection of the audit trail and its examiner export, on both databases."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from sqlalchemy import Engine, delete, func, select, update

from redfunnel.compliance.approvals import approve, submit
from redfunnel.compliance.audit_trail import export_audit, verify_audit
from redfunnel.compliance.models import ApprovalRecord
from redfunnel.store.audit import append_event
from redfunnel.store.models import AuditEvent
from tests.compliance.conftest import T0, add_account

EVENTS = AuditEvent.__table__


def _trail(engine: Engine, n: int = 5) -> list[int]:
    with engine.begin() as conn:
        for i in range(n):
            append_event(conn, "tester", "demo.step", "thing", str(i), {"i": i, "text": "中文"})
        return list(conn.execute(select(EVENTS.c.id).order_by(EVENTS.c.id)).scalars())


def test_intact_trail_verifies(engine: Engine) -> None:
    ids = _trail(engine)
    result = verify_audit(engine)
    assert result.ok and result.events == len(ids)


def test_edited_event_is_detected(engine: Engine) -> None:
    ids = _trail(engine)
    with engine.begin() as conn:
        conn.execute(update(EVENTS).where(EVENTS.c.id == ids[2]).values(actor="mallory"))
    result = verify_audit(engine)
    assert not result.ok
    assert [(p.kind, p.event_id) for p in result.problems] == [("edited", ids[2])]


def test_edited_detail_is_detected(engine: Engine) -> None:
    ids = _trail(engine)
    with engine.begin() as conn:
        conn.execute(
            update(EVENTS).where(EVENTS.c.id == ids[1]).values(detail={"i": 99, "text": "中文"})
        )
    assert [(p.kind, p.event_id) for p in verify_audit(engine).problems] == [("edited", ids[1])]


def test_deleted_event_is_detected(engine: Engine) -> None:
    ids = _trail(engine)
    with engine.begin() as conn:
        conn.execute(delete(EVENTS).where(EVENTS.c.id == ids[2]))
    result = verify_audit(engine)
    assert [(p.kind, p.event_id) for p in result.problems] == [("broken_link", ids[3])]


def test_deleted_newest_event_needs_the_exported_head(engine: Engine) -> None:
    _trail(engine)
    head = verify_audit(engine).head
    with engine.begin() as conn:
        newest = conn.execute(select(func.max(EVENTS.c.id))).scalar_one()
        conn.execute(delete(EVENTS).where(EVENTS.c.id == newest))
    assert verify_audit(engine).ok
    assert [p.kind for p in verify_audit(engine, expect_head=head).problems] == ["head_missing"]


def test_edited_approval_record_is_detected(engine: Engine) -> None:
    account = add_account(engine)
    draft = submit(
        engine, account_id=account, body="网点营业时间调整。", author="op", kind="dm_reply", now=T0
    )
    approve(engine, draft["id"], approver="li", now=T0)
    assert verify_audit(engine).ok
    with engine.begin() as conn:
        conn.execute(update(ApprovalRecord.__table__).values(approver="op"))
    assert [p.kind for p in verify_audit(engine).problems] == ["approval_edited"]


def test_export_writes_csv_and_xlsx_with_hashes(engine: Engine, tmp_path: Path) -> None:
    _trail(engine, 3)
    account = add_account(engine)
    draft = submit(
        engine, account_id=account, body="网点营业时间调整。", author="op", kind="dm_reply", now=T0
    )
    approve(engine, draft["id"], approver="li", now=T0)
    result = export_audit(engine, tmp_path / "out")
    with engine.connect() as conn:
        hashes = list(conn.execute(select(EVENTS.c.hash).order_by(EVENTS.c.id)).scalars())
    with open(result["csv"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["哈希"] for r in rows] == hashes
    assert rows[0]["前序哈希"] == "0" * 64 and rows[1]["前序哈希"] == hashes[0]
    assert result["head"] == hashes[-1] and result["verified"]
    book = openpyxl.load_workbook(result["xlsx"], read_only=True)
    assert book.sheetnames == ["审计链", "审批记录", "校验"]
    sheet_rows = list(book["审计链"].iter_rows(values_only=True))
    assert [r[-1] for r in sheet_rows[1:]] == hashes
    records = list(book["审批记录"].iter_rows(values_only=True))
    assert len(records) == 2 and records[1][4] == "li" and len(records[1][-1]) == 64
    book.close()
