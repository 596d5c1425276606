"""A preachiness (说教) score from documented text markers, 0 (chatty) to 100 (lecturing).

Why markers and not a model: there is no labelled preachiness data, and a team must be able to
see *why* a note scored high and rewrite it. The score combines four documented components,
each scaled to 0..1 and weighted:

- imperatives (weight 0.35): 务必、切记、千万、一定要、请广大、请您、切勿、严禁、必须、不得、
  谨记、牢记、应当、敬请、谨防 per 100 characters (2 per 100 characters counts as full);
- officialese and jargon (0.25): 广大客户、金融消费者、风险提示、依法、合规、监管、相关规定、
  有关部门、特此、审慎、理性投资、防范意识、切实、进一步 … per 100 characters (2 → full);
- sentence length (0.20): mean characters per sentence above 15, 40 counts as full;
- missing conversational markers (0.20): 1 minus the density of 宝子、姐妹、家人们、你们、
  我们、评论区、问号、emoji … (1.5 per 100 characters counts as fully conversational).

The weights are a documented judgement, not fitted; ``tone_vs_engagement`` shows how the score
relates to engagement in the team's own data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IMPERATIVES = (
    "务必",
    "切记",
    "千万",
    "一定要",
    "请广大",
    "请您",
    "切勿",
    "严禁",
    "必须",
    "不得",
    "谨记",
    "牢记",
    "应当",
    "敬请",
    "谨防",
    "不要轻信",
    "请勿",
)
JARGON = (
    "广大客户",
    "广大群众",
    "广大人民",
    "金融消费者",
    "风险提示",
    "依法",
    "合规",
    "监管",
    "相关规定",
    "有关部门",
    "特此",
    "审慎",
    "理性投资",
    "防范意识",
    "切实",
    "进一步",
    "相关部门",
    "维护自身",
    "合法权益",
    "高度重视",
    "积极开展",
    "深入开展",
    "宣传教育",
    "不法分子",
    "警惕性",
    "安全意识",
    "风险意识",
)
CONVERSATIONAL = (
    "宝子",
    "姐妹",
    "家人们",
    "你们",
    "我们",
    "评论区",
    "大家",
    "吗",
    "呀",
    "啦",
    "哈",
    "～",
    "?",
    "？",
    "yyds",
    "绝绝子",
    "冲",
    "谁懂",
)
WEIGHTS = {"imperative": 0.35, "jargon": 0.25, "sentence_length": 0.20, "not_conversational": 0.20}

_SENT_RE = re.compile(r"[。！!？?\n；;]+")
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]|\\[[^\\[\\]\\s]{1,8}R\\]")
_TAG_RE = re.compile(r"#[^#\s]{1,30}(\[话题\])?#")


def _count(text: str, words: tuple[str, ...]) -> int:
    return sum(text.count(w) for w in words)


@dataclass(frozen=True)
class Tone:
    """The score and its components (each 0..1), so a reader sees what drove it."""

    score: float
    components: dict[str, float]
    markers: dict[str, int]


def preachiness(title: str | None, body: str | None) -> Tone:
    """Score one note; hashtags are removed first (they are neither lecturing nor chatty)."""
    text = _TAG_RE.sub(" ", f"{title or ''}\n{body or ''}").strip()
    n = max(len(text), 1)
    per100 = 100.0 / n
    imp = _count(text, IMPERATIVES)
    jar = _count(text, JARGON)
    conv = _count(text, CONVERSATIONAL) + len(_EMOJI_RE.findall(text))
    sentences = [s for s in _SENT_RE.split(text) if s.strip()]
    mean_len = sum(len(s) for s in sentences) / len(sentences) if sentences else 0.0
    comp = {
        "imperative": min(imp * per100 / 2.0, 1.0),
        "jargon": min(jar * per100 / 2.0, 1.0),
        "sentence_length": min(max(mean_len - 15.0, 0.0) / 25.0, 1.0),
        "not_conversational": 1.0 - min(conv * per100 / 1.5, 1.0),
    }
    score = 100.0 * sum(WEIGHTS[k] * v for k, v in comp.items())
    return Tone(
        round(score, 1),
        {k: round(v, 3) for k, v in comp.items()},
        {
            "imperatives": imp,
            "jargon": jar,
            "conversational": conv,
            "mean_sentence_chars": round(mean_len),
        },
    )
