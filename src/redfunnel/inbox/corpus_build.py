"""Seeded generator of the inbox's labelled corpus (``inbox/data/intent_*.jsonl``).

Run ``python -m redfunnel.inbox.corpus_build`` to rewrite the committed files; the output is
deterministic. Each core phrasing of :data:`~redfunnel.inbox.corpus_phrases.FAMILIES` is dressed
as customers write it (greetings, 在吗, stickers, emoji, colloquial substitutions such as 咋/啥,
pinyin abbreviations such as xyk). The held-out file gets whole phrasings that training never
sees (every fourth core of each family), dressed with openers and endings that training does not
use either, plus :data:`~redfunnel.inbox.corpus_phrases.HANDWRITTEN_HELDOUT`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from redfunnel.inbox.corpus_phrases import FAMILIES, HANDWRITTEN_HELDOUT
from redfunnel.inbox.corpus_styles import STYLE_FAMILIES

DATA_DIR = Path(__file__).parent / "data"
TRAIN_FILE = DATA_DIR / "intent_train.jsonl"
HELDOUT_FILE = DATA_DIR / "intent_heldout.jsonl"
SEED = 20261129

_BANKS = ("你们", "贵行", "中行", "咱们银行", "你们银行")
_APPS = ("手机银行", "app", "APP", "掌银", "你们app")
_CITIES = ("天河", "浦东", "朝阳", "南山", "武侯", "西湖区", "江北")

_OPENERS_TRAIN: dict[str, tuple[str, ...]] = {
    "inquiry": ("", "", "请问", "你好，", "小编，", "想问下", "在吗？", "求问", "姐妹们", "您好，请问",
                "问一下哈，", "打扰一下，"),
    "lead": ("", "", "你好，", "小编，", "您好，", "在吗，"),
    "complaint": ("", "", "无语，", "我真的服了，", "气死了，", "你好，", "请问一下，"),
    "fraud_risk": ("", "", "你好，", "急！", "小编，"),
    "praise": ("", "", "哇，", "真心说一句，"),
    "spam": ("",),
    "other": ("",),
}
_OPENERS_HELDOUT: dict[str, tuple[str, ...]] = {
    "inquiry": ("", "hello，", "小编小编，", "咨询一下，", "宝子们，"),
    "lead": ("", "hi，", "你好呀，"),
    "complaint": ("", "说实话，", "麻了，", "您好，"),
    "fraud_risk": ("", "请帮忙看下，", "紧急，"),
    "praise": ("", "啊啊啊，"),
    "spam": ("",),
    "other": ("",),
}
_TAILS_TRAIN: dict[str, tuple[str, ...]] = {
    "inquiry": ("", "？", "?", "～", "，谢谢", "🙏", "，急", "，在线等", "[害羞R]", "呀", "，求回复"),
    "lead": ("", "！", "～", "，谢谢", "🙏"),
    "complaint": ("", "！", "？？", "[微笑R]", "😡", "，太失望了", "。"),
    "fraud_risk": ("", "？", "！", "，急", "😰"),
    "praise": ("", "！", "❤️", "[赞R]", "～"),
    "spam": ("", "～", "✨", "💰"),
    "other": ("", "～", "！"),
}
_TAILS_HELDOUT: dict[str, tuple[str, ...]] = {
    "inquiry": ("", "？谢谢小编", "??", "，麻烦了"),
    "lead": ("", "，感谢"),
    "complaint": ("", "！！！", "，无语"),
    "fraud_risk": ("", "？？"),
    "praise": ("", "🥰"),
    "spam": ("", "🔥"),
    "other": ("", "😂"),
}
# Colloquial substitutions customers make; applied at random to a variant.
_COLLOQUIAL: tuple[tuple[str, str], ...] = (
    ("怎么", "咋"), ("什么", "啥"), ("吗", "嘛"), ("信用卡", "xyk"), ("可以", "能"),
    ("手续费", "手续费用"), ("需要", "要"), ("多久", "多长时间"), ("现在", "目前"),
)


def _fill(core: str, rng: random.Random) -> str:
    return core.format(bank=rng.choice(_BANKS), app=rng.choice(_APPS), city=rng.choice(_CITIES),
                       amount=rng.choice(("5万", "20万", "3000")))


def _dress(core: str, intent: str, rng: random.Random, heldout: bool) -> str:
    openers = (_OPENERS_HELDOUT if heldout else _OPENERS_TRAIN)[intent]
    tails = (_TAILS_HELDOUT if heldout else _TAILS_TRAIN)[intent]
    text = _fill(core, rng)
    if rng.random() < 0.3:
        old, new = rng.choice(_COLLOQUIAL)
        text = text.replace(old, new, 1)
    opener = rng.choice(openers)
    tail = rng.choice(tails)
    if tail and text[-1] in "？?！!。～" and tail[0] in "？?！!。～，":
        tail = tail[1:]
    return f"{opener}{text}{tail}"


def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return ``(train, heldout)`` rows of ``{"text", "intent", "topic", "family"}``."""
    rng = random.Random(SEED)
    train: dict[str, dict[str, str]] = {}
    heldout: dict[str, dict[str, str]] = {}
    for intent, topic, cores in (*FAMILIES, *STYLE_FAMILIES):
        family = f"{intent}/{topic}"
        for index, core in enumerate(cores):
            is_heldout = index % 4 == 3
            target = heldout if is_heldout else train
            variants = 3 if is_heldout else (6 if intent in ("spam", "other", "fraud_risk", "lead") else 5)
            target.setdefault(_fill(core, rng), {"intent": intent, "topic": topic, "family": family})
            for _ in range(variants):
                text = _dress(core, intent, rng, is_heldout)
                target.setdefault(text, {"intent": intent, "topic": topic, "family": family})
    for text, intent, topic in HANDWRITTEN_HELDOUT:
        heldout.setdefault(text, {"intent": intent, "topic": topic, "family": "handwritten"})
    for text in list(heldout):
        train.pop(text, None)
    as_rows = lambda d: [{"text": t, **v} for t, v in d.items()]  # noqa: E731
    return as_rows(train), as_rows(heldout)


def write() -> tuple[int, int]:
    """Rewrite both corpus files; returns their row counts."""
    train, heldout = build()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for path, rows in ((TRAIN_FILE, train), (HELDOUT_FILE, heldout)):
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(train), len(heldout)


if __name__ == "__main__":
    print(write())
