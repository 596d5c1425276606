"""Complaint frames, vetoes, emoji-only messages and the record of first runs of held-out batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redfunnel.inbox import evaluate
from redfunnel.inbox.classify import classifier, rule_hits


@pytest.mark.parametrize("text", [
    "都跑了三趟了，每次都说材料不全",
    "凭什么不打招呼就扣我的钱",
    "再不退钱我就去12378",
    "以后再也不来这家网点了",
    "积分到期了也没通知，一下子全清零",
])
def test_complaint_frames_make_complaints(text: str) -> None:
    assert classifier().classify_one(text).intent == "complaint"


@pytest.mark.parametrize("text", [
    "不是要投诉，想问下柜台几点下班",
    "再也不用跑网点了，手机上就能办，方便",
    "之前的问题已经解决了，谢谢你们",
])
def test_vetoes_and_praise_are_not_complaints(text: str) -> None:
    assert classifier().classify_one(text).intent != "complaint"


def test_frame_rule_names_the_cue() -> None:
    assert "complaint_frame" in rule_hits("再不退钱我就去12378")
    assert "complaint_frame" not in rule_hits("积存金兑换实物黄金要收费吗？")


def test_bad_event_counts_only_as_a_statement() -> None:
    assert "statement_bad_event" in rule_hits("积分到期了也没通知，一下子全清零")
    assert "statement_bad_event" not in rule_hits("积分到期了会通知吗？")


def test_emoji_only_messages() -> None:
    got = [c.intent for c in classifier().classify(["😡😡", "👍👍", "😂"])]
    assert got == ["complaint", "praise", "other"]


def test_lending_a_card_is_fraud_risk_but_a_debit_card_is_not() -> None:
    got = [c.intent for c in classifier().classify(["朋友想借我的银行卡走个账，给我好处费",
                                                     "借记卡在哪个网点能办"])]
    assert got[0] == "fraud_risk"
    assert got[1] != "fraud_risk"


def test_first_run_is_recorded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = tmp_path / "intent_heldout_x.jsonl"
    batch.write_text('{"text": "凭什么扣我年费，退钱！", "intent": "complaint", "topic": "fees"}\n'
                     '{"text": "信用卡年费怎么免", "intent": "inquiry", "topic": "credit_card"}\n',
                     encoding="utf-8")
    runs = tmp_path / "runs.json"
    monkeypatch.setattr(evaluate, "FIRST_RUNS", runs)
    run = evaluate.record_first_run("batch_x", batch)
    assert run["items"] == 2 and run["complaint_items"] == 1
    assert json.loads(runs.read_text(encoding="utf-8"))["runs"][0]["set"] == "batch_x"
    with pytest.raises(ValueError, match="batch_x"):
        evaluate.record_first_run("batch_x", batch)
