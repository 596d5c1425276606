"""Accuracy of the content classifiers on the hand-written held-out split.

The held-out file is read only here: nothing in training or in the choice of features looks at
it, so the figures say how the model does on posts phrased independently of its training data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redfunnel.content.classify import (
    DIMENSIONS,
    HELDOUT_FILE,
    get_classifier,
    load_corpus,
    note_text,
)

TARGETS = {"pillar": 0.85, "product": 0.85, "segment": 0.75}


def per_class(
    gold: list[str], pred: list[str], labels: tuple[str, ...]
) -> tuple[list[dict[str, Any]], float]:
    """Precision, recall, F1 and support per label, and the macro-F1 over labels present in gold.

    Written out rather than taken from scikit-learn so the test can check it by hand.
    """
    rows = []
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        support = tp + fn
        if support == 0 and fp == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "label": label,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "support": support,
            }
        )
        if support:
            f1s.append(f1)
    return rows, (sum(f1s) / len(f1s) if f1s else 0.0)


def evaluate(path: Path = HELDOUT_FILE) -> dict[str, Any]:
    """Per-dimension report on a labelled file (default: the held-out split)."""
    examples = load_corpus(path)
    clf = get_classifier()
    raw = clf.predict_texts(
        [e.title for e in examples], [note_text(e.title, e.body) for e in examples]
    )
    out: dict[str, Any] = {"file": str(path), "examples": len(examples), "dimensions": {}}
    for dim, labels in DIMENSIONS.items():
        gold = [e.labels[dim] for e in examples]
        pred = [r[dim][0] for r in raw]
        rows, macro = per_class(gold, pred, labels)
        acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold)
        out["dimensions"][dim] = {
            "macro_f1": round(macro, 4),
            "accuracy": round(acc, 4),
            "target": TARGETS[dim],
            "meets_target": macro >= TARGETS[dim],
            "classes": rows,
        }
    out["errors"] = [
        {
            "id": e.id,
            "title": e.title,
            **{
                d: {"gold": e.labels[d], "pred": r[d][0]}
                for d in DIMENSIONS
                if e.labels[d] != r[d][0]
            },
        }
        for e, r in zip(examples, raw, strict=True)
        if any(e.labels[d] != r[d][0] for d in DIMENSIONS)
    ]
    return out
