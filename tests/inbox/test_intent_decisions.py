"""How the intent is decided: the model with low thresholds for the risky classes, emoji-only
messages, leave-one-writer-out evaluation, and the record of first runs of held-out batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redfunnel.inbox import classify, evaluate
from redfunnel.inbox.classify import THRESHOLDS, _decide, classifier


@pytest.mark.parametrize("text", [
    "都跑了三趟了，每次都说材料不全",
    "凭什么不打招呼就扣我的钱",
    "再不退钱我就去12378",
    "以后再也不来这家网点了",
    "积分到期了也没通知，一下子全清零",
])
def test_grievances_are_complaints(text: str) -> None:
    assert classifier().classify_one(text).intent == "complaint"


@pytest.mark.parametrize("text", [
    "再也不用跑网点了，手机上就能办，方便",
    "之前的问题已经解决了，谢谢你们",
    "申请三天了还在审核，这个正常吗",
])
def test_thanks_and_neutral_waiting_are_not_complaints(text: str) -> None:
    assert classifier().classify_one(text).intent != "complaint"


def test_risky_classes_win_below_the_argmax() -> None:
    scores = dict.fromkeys(classify.INTENTS, 0.0)
    scores.update(inquiry=0.6, complaint=THRESHOLDS["complaint"] + 0.01)
    assert _decide(scores, "为什么扣我钱") == ("complaint", "complaint_threshold")
    scores.update(fraud_risk=THRESHOLDS["fraud_risk"] + 0.05)
    # both pass their thresholds: the likelier one is chosen
    assert _decide(scores, "为什么扣我钱")[0] == "fraud_risk"
    scores.update(complaint=0.62)
    assert _decide(scores, "为什么扣我钱") == ("complaint", "")


def test_emoji_only_messages() -> None:
    got = [c.intent for c in classifier().classify(["😡😡", "👍👍", "😂", "[哭惹R][哭惹R]"])]
    assert got == ["complaint", "praise", "other", "other"]


def test_lending_a_card_is_fraud_risk_but_a_debit_card_is_not() -> None:
    got = [c.intent for c in classifier().classify(["朋友想借我的银行卡走个账，给我好处费",
                                                     "借记卡在哪个网点能办"])]
    assert got[0] == "fraud_risk"
    assert got[1] != "fraud_risk"


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "intent": i, "topic": tp}, ensure_ascii=False)
                            + "\n" for t, i, tp in rows), encoding="utf-8")
    return path


def test_by_writer_never_trains_on_the_scored_writer(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    written = tmp_path / "written"
    written.mkdir()
    base = _write(tmp_path / "train.jsonl", [("信用卡年费怎么免", "inquiry", "credit_card"),
                                             ("凭什么扣我年费", "complaint", "credit_card")])
    _write(written / "train_x.jsonl", [("回单在哪下载", "inquiry", "bill_receipt"),
                                       ("代办大额信用卡 加v", "fraud_risk", "credit_card")])
    _write(written / "train_y.jsonl", [("讲得真清楚", "praise", "none"),
                                       ("互关互关", "spam", "none")])
    monkeypatch.setattr(classify, "TRAIN_FILE", base)
    monkeypatch.setattr(classify, "WRITTEN_DIR", written)
    seen: list[set[str]] = []

    class Recording(classify.Classifier):
        def __init__(self, rows):  # type: ignore[no-untyped-def]
            seen.append({r["text"] for r in rows})
            super().__init__(rows)

    monkeypatch.setattr(classify, "Classifier", Recording)
    result = evaluate.evaluate_by_writer()
    assert [w["set"] for w in result["writers"]] == ["train_x", "train_y"]
    assert result["items"] == 4
    assert "回单在哪下载" not in seen[0] and "讲得真清楚" in seen[0]
    assert "讲得真清楚" not in seen[1] and "回单在哪下载" in seen[1]
    assert all("凭什么扣我年费" in s for s in seen)


def test_first_run_is_recorded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = _write(tmp_path / "intent_heldout_x.jsonl",
                   [("凭什么扣我年费，退钱！", "complaint", "fees"),
                    ("信用卡年费怎么免", "inquiry", "credit_card")])
    runs = tmp_path / "runs.json"
    monkeypatch.setattr(evaluate, "FIRST_RUNS", runs)
    run = evaluate.record_first_run("batch_x", batch)
    assert run["items"] == 2 and run["complaint_items"] == 1
    assert json.loads(runs.read_text(encoding="utf-8"))["runs"][0]["set"] == "batch_x"
    with pytest.raises(ValueError, match="batch_x"):
        evaluate.record_first_run("batch_x", batch)
