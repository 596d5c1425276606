"""Intent and topic: hard cases, the corpus contract, and held-out data kept apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redfunnel.inbox.classify import (
    HELDOUT_FILE,
    INTENTS,
    TOPICS,
    TRAIN_FILE,
    WRITTEN_DIR,
    classifier,
    load_corpus,
    training_files,
    training_rows,
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
    train, heldout = training_rows(), load_corpus(HELDOUT_FILE)
    assert len(train) + len(heldout) >= 1500
    assert {r["intent"] for r in train} == set(INTENTS)
    assert {r["topic"] for r in train} <= set(TOPICS)
    assert not {r["text"] for r in train} & {r["text"] for r in heldout}
    assert any(r["family"] == "handwritten" for r in heldout)
    # the generated corpus holds whole families of wording back: no held-out core is trained on
    generated = load_corpus(TRAIN_FILE)
    assert len({(r["family"], r["text"]) for r in generated}) == len(generated)


def test_hand_written_training_sets_are_kept_apart_from_every_held_out_batch() -> None:
    written = training_files()[1:]
    assert len(written) >= 8 and all(p.parent == WRITTEN_DIR for p in written)
    assert sum(len(load_corpus(p)) for p in written) >= 4000
    hand_written = {r["text"] for p in written for r in load_corpus(p)}
    for batch in [HELDOUT_FILE, *sorted(HELDOUT_FILE.parent.glob("intent_heldout_*.jsonl"))]:
        shared = hand_written & {r["text"] for r in load_corpus(batch)}
        assert not shared, f"{batch.name}: {len(shared)} texts also in training"  # never print them
    # one label per text across all authors
    labels: dict[str, str] = {}
    for row in training_rows():
        assert labels.setdefault(row["text"], row["intent"]) == row["intent"], row["text"]


def test_no_demo_world_text_in_training() -> None:
    import redfunnel.demo.comment_text as comments
    import redfunnel.demo.dm_text as dms

    demo = set()
    for module in (comments, dms):
        source = Path(str(module.__file__)).read_text(encoding="utf-8")
        demo |= {m.group(1) for m in re.finditer(r'"([^"\n]{6,})"', source)}
    # whole demo messages, and their longer fragments, are never training text (short common
    # phrases such as "需要提前预约吗？" may well be written by two people independently)
    train = {row["text"] for row in training_rows()}
    assert not demo & train
    assert not any(d in t for d in demo if len(d) >= 12 for t in train)


def test_bad_corpus_line_names_file_line_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "你好", "intent": "inquiry", "topic": "none"}\n'
                   '{"text": "x", "intent": "angry", "topic": "none"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl 第 2 行：字段 intent"):
        load_corpus(bad)
