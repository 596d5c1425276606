"""The compliance demo step and report section on a small hand-made world (both databases)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from redfunnel.compliance.demo import VIOLATIONS, run
from redfunnel.compliance.report import build_section
from tests.compliance.conftest import T0, add_account, add_note

CLEAN_NOTES = [
    ("五一营业安排", "五一期间部分网点营业时间调整，请以网点公告为准。"),
    ("反诈提醒", "银行工作人员不会索要验证码，请勿告诉任何人。"),
    ("电子回单", "企业网银-电子回单-选择日期即可下载。"),
]


def test_demo_blocks_violations_and_matches_clean_drafts(engine: Engine, tmp_path: Path) -> None:
    add_account(engine, "中国银行", key="acc-boc")
    for i, (title, body) in enumerate(CLEAN_NOTES):
        add_note(engine, note_key=f"n{i}", title=title, body=body,
                 published_at=T0 + timedelta(days=10 + i))
    summary = run(engine, data_dir=tmp_path, home=tmp_path, seed=1)
    assert len(summary["blocked"]) == len(VIOLATIONS)
    assert all(b["ok"] for b in summary["blocked"]), summary["blocked"]
    assert summary["drift"] == {"matched": 2, "differs": 1}
    assert sorted(summary["matched_notes"]) == ["n1", "n2"]
    again = run(engine, data_dir=tmp_path, home=tmp_path, seed=1)
    assert [b["draft_id"] for b in again["blocked"]] == [b["draft_id"] for b in summary["blocked"]]

    section = build_section(engine)
    assert section.key == "compliance"
    assert any("P0 拦截 5" in line for line in section.summary)
    assert any("与审批一致 2" in line and "与审批内容不一致 1" in line for line in section.summary)
    assert any("校验通过" in line for line in section.summary)
    families = {row[0]: row[3] for row in section.tables[1].rows}
    assert families["student_credit"] >= 1 and families["pii_request"] == 1
