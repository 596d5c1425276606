"""Accuracy of the inbox on held-out data: intent/topic classification and FAQ suggestions.

Both figures come from files the models never saw while being built: ``intent_heldout.jsonl``
(whole phrasings held back from the generated corpus plus separately hand-written messages) and
``faq_paraphrases.jsonl`` (customer-style rewordings of the demo bank's FAQ questions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redfunnel.inbox.classify import HELDOUT_FILE, INTENTS, TOPICS, classifier, load_corpus

__all__ = ["TARGETS", "evaluate_faq", "evaluate_intents"]

TARGETS = {"complaint_recall": 0.95, "fraud_risk_recall": 0.95, "intent_macro_f1": 0.85,
           "faq_top3_hit_rate": 0.90}
FAQ_PARAPHRASES = Path(__file__).parent / "data" / "faq_paraphrases.jsonl"


@dataclass(frozen=True)
class ClassReport:
    label: str
    support: int
    precision: float
    recall: float
    f1: float


def _per_class(gold: list[str], pred: list[str], labels: tuple[str, ...]) -> list[ClassReport]:
    out = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(ClassReport(label, tp + fn, precision, recall, f1))
    return out


def evaluate_intents(path: Path = HELDOUT_FILE) -> dict[str, Any]:
    """Per-class precision/recall/F1 for intent and topic on the held-out file, plus the targets."""
    rows = load_corpus(path)
    results = classifier().classify([r["text"] for r in rows])
    gold_i = [r["intent"] for r in rows]
    pred_i = [c.intent for c in results]
    gold_t = [r["topic"] for r in rows]
    pred_t = [c.topic for c in results]
    intents = _per_class(gold_i, pred_i, INTENTS)
    topics = _per_class(gold_t, pred_t, TOPICS)
    macro_i = sum(c.f1 for c in intents if c.support) / max(1, sum(1 for c in intents if c.support))
    macro_t = sum(c.f1 for c in topics if c.support) / max(1, sum(1 for c in topics if c.support))
    recall = {c.label: c.recall for c in intents}
    figures = {"complaint_recall": recall["complaint"], "fraud_risk_recall": recall["fraud_risk"],
               "intent_macro_f1": macro_i}
    errors = [{"text": r["text"], "gold": r["intent"], "predicted": c.intent}
              for r, c in zip(rows, results, strict=True) if r["intent"] != c.intent]
    return {
        "file": str(path), "rows": len(rows),
        "intent": [c.__dict__ for c in intents], "topic": [c.__dict__ for c in topics],
        "intent_accuracy": sum(g == p for g, p in zip(gold_i, pred_i, strict=True)) / len(rows),
        "topic_accuracy": sum(g == p for g, p in zip(gold_t, pred_t, strict=True)) / len(rows),
        "intent_macro_f1": macro_i, "topic_macro_f1": macro_t,
        "targets": {k: {"value": figures[k], "target": TARGETS[k], "met": figures[k] >= TARGETS[k]}
                    for k in figures},
        "errors": errors,
    }


def load_paraphrases(path: Path = FAQ_PARAPHRASES) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                row = json.loads(line)
                if not row.get("text") or not row.get("faq_key"):
                    raise ValueError(f"{path}:{number}: fields 'text' and 'faq_key' are required")
                rows.append(row)
    return rows


def evaluate_faq(path: Path = FAQ_PARAPHRASES, k: int = 3) -> dict[str, Any]:
    """Top-k hit rate of FAQ suggestions for held-out paraphrases against the demo FAQ library."""
    from redfunnel.inbox.faq import FaqIndex, demo_library

    index = FaqIndex(demo_library())
    rows = load_paraphrases(path)
    hits1 = hitsk = 0
    misses = []
    for row in rows:
        keys = [s.faq_key for s in index.suggest(row["text"], k=k)]
        hits1 += bool(keys[:1] == [row["faq_key"]])
        if row["faq_key"] in keys:
            hitsk += 1
        else:
            misses.append({"text": row["text"], "expected": row["faq_key"], "got": keys})
    rate = hitsk / len(rows) if rows else 0.0
    return {"file": str(path), "queries": len(rows), "entries": len(index), "k": k,
            "top1_hit_rate": hits1 / len(rows) if rows else 0.0, "topk_hit_rate": rate,
            "targets": {"faq_top3_hit_rate": {"value": rate, "target": TARGETS["faq_top3_hit_rate"],
                                              "met": rate >= TARGETS["faq_top3_hit_rate"]}},
            "misses": misses}
