"""Accuracy of the inbox on held-out data: intent/topic classification and FAQ suggestions.

Both figures come from files the models never saw while being built: ``intent_heldout.jsonl``
(whole phrasings held back from the generated corpus plus separately hand-written messages) and
``faq_paraphrases.jsonl`` (customer-style rewordings of the demo bank's FAQ questions).

``intent_heldout.jsonl`` has been looked at while rules and training wording were tuned, so its
figures flatter the classifier. The honest estimates are the hand-written batches
(``intent_heldout_<x>.jsonl``), each written by someone who had not read the rules and scored
once before anything was changed after looking at it: that first score is recorded in
``heldout_first_runs.json`` (:func:`record_first_run`) and printed with every evaluation; later
scores of the same batch are shown too but are no longer untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redfunnel.inbox.classify import HELDOUT_FILE, INTENTS, TOPICS, classifier, load_corpus
from redfunnel.jsonl import JsonLinesError, read_json_lines

__all__ = ["TARGETS", "batch_figures", "evaluate_faq", "evaluate_intents", "record_first_run"]

TARGETS = {"complaint_recall": 0.95, "fraud_risk_recall": 0.95, "intent_macro_f1": 0.85,
           "faq_top3_hit_rate": 0.90}
FAQ_PARAPHRASES = Path(__file__).parent / "data" / "faq_paraphrases.jsonl"
FIRST_RUNS = Path(__file__).parent / "data" / "heldout_first_runs.json"
BATCH_GLOB = "intent_heldout_*.jsonl"


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


def batch_figures(path: Path) -> dict[str, Any]:
    """The headline figures of one hand-written batch: recalls, macro-F1 and per-class F1."""
    result = evaluate_intents(path)
    recall = {c["label"]: c["recall"] for c in result["intent"]}
    return {"file": path.name, "items": result["rows"],
            "complaint_items": next(c["support"] for c in result["intent"] if c["label"] == "complaint"),
            "fraud_risk_items": next(c["support"] for c in result["intent"] if c["label"] == "fraud_risk"),
            "complaint_recall": round(recall["complaint"], 4),
            "fraud_risk_recall": round(recall["fraud_risk"], 4),
            "intent_macro_f1": round(result["intent_macro_f1"], 4),
            "topic_macro_f1": round(result["topic_macro_f1"], 4),
            "per_class": {c["label"]: {"support": c["support"], "precision": round(c["precision"], 4),
                                       "recall": round(c["recall"], 4), "f1": round(c["f1"], 4)}
                          for c in result["intent"]}}


def first_runs() -> list[dict[str, Any]]:
    """Recorded first evaluations of the hand-written batches, oldest first."""
    if not FIRST_RUNS.exists():
        return []
    return list(json.loads(FIRST_RUNS.read_text(encoding="utf-8"))["runs"])


def record_first_run(set_name: str, path: Path, note: str = "") -> dict[str, Any]:
    """Score a new batch once and append the figures to ``heldout_first_runs.json``.

    Refuses a set that is already recorded: a second "first run" after changes would no longer
    be an untouched estimate.
    """
    from redfunnel.inbox.classify import MODEL_VERSION

    data = (json.loads(FIRST_RUNS.read_text(encoding="utf-8")) if FIRST_RUNS.exists()
            else {"note": "", "runs": []})
    if any(r["set"] == set_name for r in data["runs"]):
        raise ValueError(f"{FIRST_RUNS}: set {set_name!r} already has a first run")
    run = {"set": set_name, "model_version": MODEL_VERSION, **batch_figures(path)}
    if note:
        run["note"] = note
    data["runs"].append(run)
    FIRST_RUNS.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return run


def current_batches() -> list[dict[str, Any]]:
    """Today's figures on every hand-written batch (no longer untouched once tuned against)."""
    data_dir = HELDOUT_FILE.parent
    return [batch_figures(p) for p in sorted(data_dir.glob(BATCH_GLOB))]


def load_paraphrases(path: Path = FAQ_PARAPHRASES) -> list[dict[str, Any]]:
    rows = []
    for number, row in read_json_lines(path):
        if not row.get("text") or not row.get("faq_key"):
            raise JsonLinesError(str(path), number, "需要字段 text 与 faq_key")
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
