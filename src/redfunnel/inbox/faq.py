"""FAQ suggestions: BM25 over jieba tokens of approved answers, with colloquial synonyms.

Only approved, current versions of FAQ entries are ever suggested: an operator who replies from a
suggestion is replying with text compliance already signed off, and the reply records which
version it used. Questions count three times as much as answers in the index because customers
ask in the words of the question ("积存金兑换实物黄金收费吗"), and answers share boilerplate
(App, 网点, 95566) that would otherwise pull unrelated entries up. The synonym table of
:mod:`redfunnel.inbox.text` expands both sides, so "换金条" meets "兑换实物黄金".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
from sqlalchemy import Connection, Engine, select

from redfunnel.inbox.text import tokens
from redfunnel.store import models

__all__ = ["FaqEntry", "FaqIndex", "Suggestion", "approved_entries", "demo_library"]

QUESTION_WEIGHT = 3


@dataclass(frozen=True)
class FaqEntry:
    """One approved FAQ version as the inbox uses it."""

    faq_key: str
    version: int
    question: str
    answer: str
    category: str | None = None


@dataclass(frozen=True)
class Suggestion:
    faq_key: str
    version: int
    question: str
    answer: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"faq_key": self.faq_key, "version": self.version, "question": self.question,
                "answer": self.answer, "score": round(self.score, 4)}


class FaqIndex:
    """A BM25 index over FAQ entries; build once, query many times (a few ms per query)."""

    def __init__(self, entries: Iterable[FaqEntry]) -> None:
        self.entries: list[FaqEntry] = list(entries)
        self._bm25 = bm25s.BM25()
        corpus = [tokens(e.question) * QUESTION_WEIGHT + tokens(e.answer) for e in self.entries]
        if self.entries:
            self._bm25.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self.entries)

    def suggest(self, text: str, k: int = 3, min_score: float = 0.0) -> list[Suggestion]:
        """The ``k`` best entries for ``text``, best first; entries scoring 0 are left out."""
        if not self.entries or not text or not text.strip():
            return []
        query = tokens(text)
        if not query:
            return []
        scores = np.asarray(self._bm25.get_scores(query), dtype=float)
        k = min(k, len(self.entries))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        out = []
        for i in top:
            if scores[i] <= min_score:
                continue
            e = self.entries[int(i)]
            out.append(Suggestion(e.faq_key, e.version, e.question, e.answer, float(scores[i])))
        return out


def approved_entries(source: Engine | Connection) -> list[FaqEntry]:
    """Approved, current FAQ versions from the store (drafts and retired entries never appear)."""
    table = models.FaqEntry.__table__
    query = (select(table.c.faq_key, table.c.version, table.c.question, table.c.answer, table.c.category)
             .where(table.c.status == "approved", table.c.is_current.is_(True))
             .order_by(table.c.faq_key))
    if isinstance(source, Engine):
        with source.connect() as conn:
            rows = conn.execute(query).all()
    else:
        rows = source.execute(query).all()
    return [FaqEntry(r.faq_key, r.version, r.question, r.answer, r.category) for r in rows]


def demo_library() -> list[FaqEntry]:
    """The demo bank's approved FAQ with the ids its CSV export uses (``FAQ-001`` ...).

    ``redfunnel eval faq`` scores against this library so the figure does not depend on what a
    workspace happens to hold.
    """
    from redfunnel.demo.faq_text import FAQ_APPROVED

    return [FaqEntry(f"FAQ-{i:03d}", 1, q, a, c) for i, (q, a, c) in enumerate(FAQ_APPROVED, start=1)]


def suggest_many(index: FaqIndex, texts: Sequence[str], k: int = 3) -> list[list[Suggestion]]:
    return [index.suggest(t, k=k) for t in texts]
