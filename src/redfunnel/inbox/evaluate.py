"""Accuracy of the inbox on held-out data: intent/topic classification and FAQ suggestions.

Three kinds of figures, from data the shipped models never trained on:

- Hand-written held-out batches (``intent_heldout_<x>.jsonl``), each written by someone who had
  not seen the model or its training data and scored once before anything was changed: that
  first score is recorded in ``heldout_first_runs.json`` (:func:`record_first_run`) and printed
  with every evaluation. These are the honest estimates. Once recorded, a batch may be moved into
  ``data/written/`` as training data (batches J–M were); its first run stays on record.
- Leave-one-writer-out figures over the hand-written training sets (:func:`evaluate_by_writer`):
  how the model does on an author whose wording it has not seen.
- ``intent_heldout.jsonl`` (generated phrasings held back from the generated corpus plus an early
  hand-written batch) and ``faq_paraphrases.jsonl`` (customer-style rewordings of the demo bank's
  FAQ questions). Both were looked at while tuning, so their figures flatter the models.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redfunnel.first_runs import append_first_run, read_first_runs
from redfunnel.inbox.classify import HELDOUT_FILE, INTENTS, TOPICS, classifier, load_corpus
from redfunnel.jsonl import JsonLinesError, read_json_lines

__all__ = ["TARGETS", "batch_figures", "evaluate_by_writer", "evaluate_faq", "evaluate_intents",
           "record_first_run"]

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
    return read_first_runs(FIRST_RUNS)


def record_first_run(set_name: str, path: Path, note: str = "") -> dict[str, Any]:
    """Score a new batch once and append the figures to ``heldout_first_runs.json``.

    Refuses a set that is already recorded: a second "first run" after changes would no longer
    be an untouched estimate.
    """
    from redfunnel.inbox.classify import MODEL_VERSION

    if any(r["set"] == set_name for r in first_runs()):
        raise ValueError(f"{FIRST_RUNS}: set {set_name!r} already has a first run")
    run = {"set": set_name, "model_version": MODEL_VERSION, **batch_figures(path)}
    if note:
        run["note"] = note
    return append_first_run(FIRST_RUNS, run)


def evaluate_by_writer() -> dict[str, Any]:
    """Leave-one-writer-out figures over the hand-written training sets in ``data/written/``.

    For each set the classifier is retrained without it (on the generated corpus and every other
    author's set) and scored on it: an estimate of how the model does on a new author's wording,
    the question real customers ask of it. Pooled figures count every message once. Takes about
    a minute (one training per set).
    """
    from redfunnel.inbox.classify import WRITTEN_DIR, Classifier, training_files

    gold: list[str] = []
    pred: list[str] = []
    writers = []
    corpus = {path: load_corpus(path) for path in training_files()}
    for path in sorted(WRITTEN_DIR.glob("*.jsonl")):
        rows = corpus[path]
        model = Classifier([row for other, part in corpus.items() if other != path for row in part])
        got = [c.intent for c in model.classify([r["text"] for r in rows])]
        want = [r["intent"] for r in rows]
        writers.append({"set": path.stem, "items": len(rows), **_headline(want, got)})
        gold += want
        pred += got
    return {"writers": writers, "items": len(gold), **_headline(gold, pred),
            "per_class": _class_table(gold, pred)}


def _class_table(gold: list[str], pred: list[str]) -> dict[str, dict[str, float]]:
    """Support, precision, recall and F1 of every intent that occurs in ``gold``."""
    return {c.label: {"support": c.support, "precision": round(c.precision, 4),
                      "recall": round(c.recall, 4), "f1": round(c.f1, 4)}
            for c in _per_class(gold, pred, INTENTS) if c.support}


def _headline(gold: list[str], pred: list[str]) -> dict[str, float | None]:
    """Recalls of the two risky classes (None when a set has none) and the macro-F1."""
    classes = [c for c in _per_class(gold, pred, INTENTS) if c.support]
    recall = {c.label: round(c.recall, 4) for c in classes}
    return {"complaint_recall": recall.get("complaint"),
            "fraud_risk_recall": recall.get("fraud_risk"),
            "intent_macro_f1": round(sum(c.f1 for c in classes) / max(1, len(classes)), 4)}


REAL_LABELS = Path(__file__).parent / "data" / "realdata_labels.jsonl"
REAL_COMMENTS = "search_comments_2025-09-05.json"


def evaluate_real_comments(path: Path) -> dict[str, Any]:
    """Figures on real Xiaohongshu comments: a labelled sample of a MediaCrawler export.

    The comments (``../shared/realdata``, under notes about 创业者活动/黑客松, not banks) are real
    people's and are never copied into the repository: ``realdata_labels.jsonl`` holds only the
    SHA-256 of each sampled comment's text with its intent, and the texts are read from ``path``
    at evaluation time. The sample has no fraud and few complaints, so what it measures is how
    real comment-section language fares: macro-F1 over the classes present, and the false-alarm
    rate — the share of messages that are neither complaint nor fraud_risk but are flagged as one.
    """
    labels = {}
    for number, row in read_json_lines(REAL_LABELS):
        if row.get("intent") not in INTENTS or not row.get("sha256"):
            raise JsonLinesError(str(REAL_LABELS), number, "需要字段 sha256 与合法的 intent")
        labels[row["sha256"]] = row["intent"]
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: 无法读取 MediaCrawler 评论文件（{exc}）") from None
    texts: dict[str, str] = {}
    for record in records:
        text = str(record.get("content") or "").strip()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in labels:
            texts[digest] = text
    keys = [k for k in labels if k in texts]
    gold = [labels[k] for k in keys]
    pred = [c.intent for c in classifier().classify([texts[k] for k in keys])]
    calm = [p for g, p in zip(gold, pred, strict=True) if g not in ("complaint", "fraud_risk")]
    alarms = sum(p in ("complaint", "fraud_risk") for p in calm)
    return {"file": str(path), "labelled": len(labels), "found": len(keys),
            **_headline(gold, pred),
            "false_alarm_rate": round(alarms / len(calm), 4) if calm else None,
            "per_class": _class_table(gold, pred)}


def current_batches() -> list[dict[str, Any]]:
    """Today's figures on every hand-written batch whose first run is recorded.

    A batch without a first run is sealed: scoring it here would spend it before the model it is
    meant to measure is final, so it is only listed (:func:`sealed_batches`).
    """
    recorded = {r.get("file") for r in first_runs()}
    return [batch_figures(p) for p in _batch_files() if p.name in recorded]


def sealed_batches() -> list[str]:
    """Hand-written batches not yet scored: their first run is still to come."""
    recorded = {r.get("file") for r in first_runs()}
    return [p.name for p in _batch_files() if p.name not in recorded]


def _batch_files() -> list[Path]:
    return sorted(HELDOUT_FILE.parent.glob(BATCH_GLOB))


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
