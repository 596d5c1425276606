"""On the demo world: the article's questions are in the inbox with the right FAQ suggestions, and
the response-time report names the late accounts (the demo's hidden service levels)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from redfunnel.demo import write_demo_world
from redfunnel.demo.world import DEMO_NOW
from redfunnel.inbox.demo import run
from redfunnel.inbox.report import build_section
from redfunnel.ingest.pipeline import ingest_paths


@pytest.mark.slow
def test_demo_inbox_questions_suggestions_and_late_accounts(sqlite_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_demo_world(data)
    ingest_paths(sqlite_engine, [data])
    summary = run(sqlite_engine, data_dir=data, home=tmp_path, seed=0)

    assert summary["threads"]["new"] > 1000
    for topic, expected in (("bill_receipt", "FAQ-001"), ("loan_apply", "FAQ-005"), ("gold", "FAQ-013")):
        found = summary["article_questions"][topic]
        assert found["threads"] >= 20, topic
        assert found["top3_hits"] >= 0.9 * found["threads"], topic
        assert found["example"]["suggested"][0] == expected
    assert summary["replies"]["blocked_reply"]["status"] == "blocked"
    assert summary["replies"]["complaint_reply"]["status"] == "awaiting_approval"

    section = build_section(sqlite_engine, now=DEMO_NOW)
    accounts = next(t for t in section.tables if t.key == "inbox_accounts").rows
    order = [row[0] for row in accounts]  # slowest first
    assert order[:2] == ["中国银行上海市分行", "中国银行北京市分行"]
    assert order[-1] == "中国银行广东省分行"
    assert any("回复偏慢的账号：中国银行上海市分行" in line for line in section.summary)
