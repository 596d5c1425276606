"""Hot and rising keywords per period and per pillar, from jieba words weighted by TF-IDF.

Hot: in the latest period, a word's document share (notes containing it / notes in the period)
times its inverse document frequency over the whole window, so words every note uses (银行, 我们)
sink and topical words rise. Rising: the ratio of a word's smoothed document share in the latest
period to the one before, among words with enough notes to mean something.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from redfunnel.content.classify import words
from redfunnel.content.dataset import SHANGHAI, LabelledNote

STOPWORDS = frozenset(
    """
银行 我们 你们 大家 一个 这个 那个 什么 怎么 可以 就是 还是 没有
不是 自己 今天 时候 一下 这些 那些 如果 因为 所以 但是 已经 还有
以及 或者 进行 相关 通过 需要 一定 一起 真的 知道 这样 非常 现在
之后 之前 小伙伴 宝子 宝子们 家人们 话题 关注 点赞 收藏 评论 评论区
欢迎 分享 一起 起来 看看 来说 其实 然后 记得 小编 哦 啦 吧 呀 吗
的 了 是 在 和 有
""".split()
)
_TAG_RE = re.compile(r"\[话题\]|\[[^\[\]\s]{1,8}R\]")
_KEEP_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


def note_words(title: str, body: str) -> set[str]:
    """Distinct jieba words of a note worth counting (two characters or more, no stopwords)."""
    text = _TAG_RE.sub(" ", f"{title} {body}")
    return {w for w in words(text) if len(w) >= 2 and w not in STOPWORDS and _KEEP_RE.match(w)}


def period_of(at: datetime, period: str) -> str:
    local = at.astimezone(SHANGHAI)
    if period == "week":
        y, w, _ = local.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{local.year}-{local.month:02d}"


def keywords(
    notes: Sequence[LabelledNote], *, period: str = "month", top: int = 10, min_notes: int = 3
) -> dict[str, Any]:
    """Hot and rising words in the latest period vs the one before, overall and per pillar."""
    dated = [n for n in notes if n.published_at is not None]
    if not dated:
        return {
            "period": None,
            "previous": None,
            "overall": {"hot": [], "rising": []},
            "pillars": {},
        }
    bags = [
        (period_of(n.published_at, period), n.pillar, note_words(n.title, n.body)) for n in dated
    ]
    periods = sorted({p for p, _, _ in bags})
    latest = periods[-1]
    previous = periods[-2] if len(periods) > 1 else None

    def analyse(rows: list[tuple[str, str, set[str]]]) -> dict[str, list[dict[str, Any]]]:
        df: Counter[str] = Counter()
        per: dict[str, Counter[str]] = defaultdict(Counter)
        size: Counter[str] = Counter()
        for p, _, ws in rows:
            df.update(ws)
            per[p].update(ws)
            size[p] += 1
        n = len(rows)
        if not size[latest]:
            return {"hot": [], "rising": []}
        hot = []
        for w, c in per[latest].items():
            if c < min_notes:
                continue
            share = c / size[latest]
            hot.append(
                {
                    "word": w,
                    "notes": c,
                    "share": round(share, 4),
                    "score": round(share * math.log((1 + n) / (1 + df[w])) + share * 1e-3, 5),
                }
            )
        hot.sort(key=lambda r: (-r["score"], r["word"]))
        rising = []
        if previous and size[previous]:
            for w, c in per[latest].items():
                if c < min_notes:
                    continue
                before = per[previous].get(w, 0)
                ratio = ((c + 1) / (size[latest] + 2)) / ((before + 1) / (size[previous] + 2))
                if ratio > 1.2:
                    rising.append(
                        {"word": w, "notes": c, "previous_notes": before, "ratio": round(ratio, 2)}
                    )
            rising.sort(key=lambda r: (-r["ratio"], -r["notes"], r["word"]))
        return {"hot": hot[:top], "rising": rising[:top]}

    by_pillar: dict[str, list[tuple[str, str, set[str]]]] = defaultdict(list)
    for row in bags:
        by_pillar[row[1]].append(row)
    return {
        "period": latest,
        "previous": previous,
        "overall": analyse(bags),
        "pillars": {p: analyse(rows) for p, rows in sorted(by_pillar.items())},
    }
