"""The inbox and FAQ commands through the CLI: JSON lines in and out, triage, eval figures."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.store import models, open_store
from tests.inbox.conftest import IMPORTED

runner = CliRunner()


def _home(tmp_path: Path) -> list[str]:
    return ["--home", str(tmp_path)]


def test_classify_reads_and_writes_json_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 7, "text": "积存金兑换实物金有手续费吗？"}, ensure_ascii=False)
                   + "\n\n" + json.dumps({"text": "征信花了也能下款，详询薇：xk_vip88"}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    result = runner.invoke(app, [*_home(tmp_path), "inbox", "classify", str(src), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["intent"], d["topic"]) for d in lines] == [("inquiry", "gold"), ("fraud_risk", "loan_apply")]
    assert lines[0]["id"] == 7 and set(lines[0]["intent_scores"]) == {
        "inquiry", "lead", "complaint", "fraud_risk", "praise", "spam", "other"}


def test_classify_bad_line_names_the_line(tmp_path: Path) -> None:
    bad = runner.invoke(app, [*_home(tmp_path), "inbox", "classify", "-", "--json"], input='{"txt": 1}\n')
    assert bad.exit_code == 2 and "第 1 行" in bad.output and "text" in bad.output


def _seed_faq(home: Path) -> None:
    engine = open_store(f"sqlite:///{home / 'redfunnel.db'}")
    with engine.begin() as conn:
        for key, question, answer, status in (
                ("FAQ-013", "积存金兑换实物黄金收费吗", "兑换时按所选规格支付相应费用。", "approved"),
                ("FAQ-099", "积存金兑换金条手续费调整", "（草稿）", "draft"),
                ("FAQ-001", "如何查询原始票据/电子回单", "App 搜索电子回单。", "approved")):
            conn.execute(models.FaqEntry.__table__.insert().values(
                faq_key=key, version=1, question=question, answer=answer, status=status,
                is_current=True, row_hash="x", source_kind="test", imported_at=IMPORTED))
    engine.dispose()


def test_faq_suggest_text_and_file(tmp_path: Path) -> None:
    _seed_faq(tmp_path)
    one = runner.invoke(app, [*_home(tmp_path), "faq", "suggest", "积存金换金条要钱吗", "--json"])
    assert one.exit_code == 0, one.output
    doc = json.loads(one.stdout)
    assert doc["suggestions"][0]["faq_key"] == "FAQ-013"
    assert "FAQ-099" not in {s["faq_key"] for s in doc["suggestions"]}
    many = runner.invoke(app, [*_home(tmp_path), "faq", "suggest", "--file", "-", "--json"],
                         input='{"text": "回单在哪查"}\n{"text": "积存金提实物收费吗"}\n')
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [d["suggestions"][0]["faq_key"] for d in lines] == ["FAQ-001", "FAQ-013"]


def test_eval_commands_meet_their_targets(tmp_path: Path) -> None:
    inbox = runner.invoke(app, [*_home(tmp_path), "eval", "inbox", "--json"])
    assert inbox.exit_code == 0, inbox.output
    doc = json.loads(inbox.stdout)
    assert all(t["met"] for t in doc["targets"].values()), doc["targets"]
    faq = runner.invoke(app, [*_home(tmp_path), "eval", "faq", "--json"])
    assert json.loads(faq.stdout)["targets"]["faq_top3_hit_rate"]["met"]


def test_eval_inbox_reports_first_runs_and_refuses_a_second_one(tmp_path: Path) -> None:
    doc = json.loads(runner.invoke(app, [*_home(tmp_path), "eval", "inbox", "--json"]).stdout)
    latest = doc["first_runs"][-1]
    # the newest recorded batch met the targets when it was first scored
    assert latest["complaint_recall"] >= 0.95 and latest["fraud_risk_recall"] >= 0.95
    assert latest["intent_macro_f1"] >= 0.85
    again = runner.invoke(app, [*_home(tmp_path), "eval", "inbox", "--record-first-run",
                                latest["set"].removeprefix("batch_")])
    assert again.exit_code == 2 and "already has a first run" in again.output


def test_triage_commands_are_audited(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'redfunnel.db'}")
    from tests.inbox.conftest import _insert, _versioned, at

    with engine.begin() as conn:
        _insert(conn, models.Message.__table__, [_versioned({
            "platform": "xhs", "message_key": "m1", "thread_key": "dm1", "account_key": "name:示例",
            "account_name": "示例", "direction": "customer", "text": "消费贷怎么申请？",
            "sent_at": at(2026, 11, 19, 10, 0)})])
    engine.dispose()
    home = _home(tmp_path)
    assert runner.invoke(app, [*home, "inbox", "build", "--json"]).exit_code == 0
    listed = json.loads(runner.invoke(app, [*home, "inbox", "list", "--json"]).stdout)["threads"]
    thread_id = listed[0]["id"]
    assert listed[0]["topic"] == "loan_apply"
    assert runner.invoke(app, [*home, "inbox", "assign", str(thread_id), "wang"]).exit_code == 0
    blocked = runner.invoke(app, [*home, "inbox", "reply", str(thread_id), "--text", "请提供您的卡号", "--json"])
    assert blocked.exit_code == 1 and json.loads(blocked.stdout)["reply"]["status"] == "blocked"
    sent = runner.invoke(app, [*home, "inbox", "reply", str(thread_id), "--text", "您好，可在App搜索消费贷申请。"])
    assert sent.exit_code == 0 and "已发送" in sent.stdout
    shown = json.loads(runner.invoke(app, [*home, "inbox", "show", str(thread_id), "--json"]).stdout)
    assert shown["thread"]["state"] == "replied" and len(shown["replies"]) == 2
    assert runner.invoke(app, [*home, "inbox", "close", str(thread_id)]).exit_code == 0
    engine = open_store(f"sqlite:///{tmp_path / 'redfunnel.db'}")
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(models.AuditEvent.__table__.c.action))]
    engine.dispose()
    assert [a for a in actions if a.startswith("inbox.")] == [
        "inbox.build", "inbox.assign", "inbox.reply.blocked", "inbox.reply.sent", "inbox.close"]
