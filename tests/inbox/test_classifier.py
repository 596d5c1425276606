"""Intent and topic: hard cases, the corpus contract, and held-out data kept apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from redfunnel.inbox.classify import (
    HELDOUT_FILE,
    INTENTS,
    TOPICS,
    TRAIN_FILE,
    classifier,
    load_corpus,
)


@pytest.mark.parametrize(("text", "intent"), [
    ("凭什么又扣我年费？我明明刷够了次数", "complaint"),          # complaint phrased as a question
    ("回复得可真快啊，一个礼拜了都没人理[微笑R]", "complaint"),     # sarcasm
    ("我要去12378投诉你们", "complaint"),
    ("专业代办大额信用卡，包下卡，加v: card_vip888", "fraud_risk"),  # 代办 scammer with a contact
    ("有人自称你们客服，让我把钱转到安全账户", "fraud_risk"),
    ("刚把验证码告诉了对方，怎么办", "fraud_risk"),
    ("积存金兑换实物黄金要收费吗？", "inquiry"),                # neutral question, not negative
    ("请问电子回单在哪里下载", "inquiry"),
    ("讲得太清楚了，已经转发给爸妈", "praise"),
])
def test_hard_cases(text: str, intent: str) -> None:
    assert classifier().classify_one(text).intent == intent


def test_topic_of_the_articles_questions() -> None:
    results = classifier().classify(["原始票据怎么查询", "消费贷怎么申请", "积存金换金条收费吗"])
    assert [r.topic for r in results] == ["bill_receipt", "loan_apply", "gold"]


def test_priority_follows_intent() -> None:
    assert classifier().classify_one("有人让我共享屏幕操作退款").priority == "high"
    assert classifier().classify_one("哈哈哈").priority == "low"


def test_sticker_only_message_is_other() -> None:
    assert classifier().classify_one("[哭惹R][哭惹R]").intent == "other"


def test_corpus_contract() -> None:
    train, heldout = load_corpus(TRAIN_FILE), load_corpus(HELDOUT_FILE)
    assert len(train) + len(heldout) >= 1500
    assert {r["intent"] for r in train} == set(INTENTS)
    assert {r["topic"] for r in train} <= set(TOPICS)
    assert not {r["text"] for r in train} & {r["text"] for r in heldout}
    # held-out phrasings are whole families of wording: no held-out core appears in training
    train_families = {(r["family"], r["text"]) for r in train}
    assert any(r["family"] == "handwritten" for r in heldout)
    assert len(train_families) == len(train)


def test_no_demo_world_text_in_training() -> None:
    import redfunnel.demo.comment_text as comments
    import redfunnel.demo.dm_text as dms

    demo = set()
    for module in (comments, dms):
        source = Path(str(module.__file__)).read_text(encoding="utf-8")
        demo |= {m.group(1) for m in re.finditer(r'"([^"\n]{6,})"', source)}
    train = {json.loads(line)["text"] for line in TRAIN_FILE.read_text(encoding="utf-8").splitlines()}
    assert not any(d in t for d in demo for t in train)


def test_bad_corpus_line_names_file_line_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "你好", "intent": "inquiry", "topic": "none"}\n'
                   '{"text": "x", "intent": "angry", "topic": "none"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl 第 2 行：字段 intent"):
        load_corpus(bad)
