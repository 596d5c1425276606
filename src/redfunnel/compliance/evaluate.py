"""Measured accuracy of the checker on labelled data kept apart from its tuning.

Labelled sets ship in ``compliance/data/``: ``labelled_dev.jsonl`` (generated from templates by
``generate_dev.py``; the rule patterns were tuned on it) and held-out sets A-H
(``labelled_heldout.jsonl``, ``labelled_heldout_b.jsonl`` ... ``_h``), each written by hand in new
phrasings after the previous rule change and committed before it was first evaluated. The figures
of each held-out set at that first evaluation, the honest estimate for unseen phrasing, are kept
in ``heldout_first_runs.json`` and printed with every evaluation; after a first run a set's
errors were used to find general gaps, so later figures on it are validation, not test, figures.
The statistical layer (:mod:`redfunnel.compliance.statistical`) is trained on dev and A-F only,
so on those sets its figures are in-sample. ``redfunnel eval compliance`` reports on all held-out
sets together by default (``--set heldout_a`` ... ``heldout_h`` or ``dev`` for one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redfunnel.compliance.checker import check_text
from redfunnel.compliance.rulebook import FAMILIES, Rulebook, load_rulebook
from redfunnel.jsonl import JsonLinesError, read_json_lines

__all__ = ["DATASETS", "TARGETS", "evaluate", "load_labelled"]

DATA = Path(__file__).with_name("data")
HELDOUT = {
    "heldout_a": DATA / "labelled_heldout.jsonl",
    "heldout_b": DATA / "labelled_heldout_b.jsonl",
    "heldout_c": DATA / "labelled_heldout_c.jsonl",
    "heldout_d": DATA / "labelled_heldout_d.jsonl",
    "heldout_e": DATA / "labelled_heldout_e.jsonl",
    "heldout_f": DATA / "labelled_heldout_f.jsonl",
    "heldout_g": DATA / "labelled_heldout_g.jsonl",
    "heldout_h": DATA / "labelled_heldout_h.jsonl",
}
DATASETS = {**HELDOUT, "dev": DATA / "labelled_dev.jsonl"}
FIRST_RUNS = DATA / "heldout_first_runs.json"
TARGETS = {"p0_recall": 0.95, "clean_fp_rate": 0.02}


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    text: str
    labels: frozenset[str]
    product: str | None = None


def load_labelled(path: Path) -> list[Item]:
    """Read a labelled JSONL file; bad rows fail naming the file, line and field."""
    items = []
    for line_no, doc in read_json_lines(path):
        for field in ("id", "text", "labels"):
            if field not in doc:
                raise JsonLinesError(str(path), line_no, f"缺少字段 {field}")
        unknown = set(doc["labels"]) - set(FAMILIES)
        if unknown:
            raise JsonLinesError(str(path), line_no, f"labels 含未知规则族 {sorted(unknown)}")
        items.append(
            Item(
                str(doc["id"]),
                doc.get("kind", "note"),
                doc["text"],
                frozenset(doc["labels"]),
                doc.get("product"),
            )
        )
    return items


def evaluate(
    dataset: str | Path = "heldout", *, rulebook: Rulebook | None = None, with_errors: bool = False
) -> dict[str, Any]:
    """Run the checker over a labelled set and compute the figures."""
    if str(dataset) == "heldout":
        paths = list(HELDOUT.values())
    else:
        paths = [DATASETS.get(str(dataset), Path(dataset))]
    book = rulebook or load_rulebook()
    items = [item for path in paths for item in load_labelled(path)]
    p0 = sorted(f for f, fam in book.families.items() if fam.severity == "P0")
    tp = dict.fromkeys(FAMILIES, 0)
    fn = dict.fromkeys(FAMILIES, 0)
    fp = dict.fromkeys(FAMILIES, 0)
    clean = clean_flagged = 0
    errors: list[dict[str, Any]] = []
    for item in items:
        result = check_text(item.text, product=item.product, kind=item.kind, rulebook=book)
        predicted = result.families
        for family in FAMILIES:
            if family in item.labels:
                if family in predicted:
                    tp[family] += 1
                else:
                    fn[family] += 1
            elif family in predicted:
                fp[family] += 1
        if not item.labels:
            clean += 1
            clean_flagged += bool(predicted)
        missed = item.labels - predicted
        extra = predicted - item.labels
        if with_errors and (missed or (not item.labels and extra)):
            errors.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "missed": sorted(missed),
                    "extra": sorted(extra),
                    "findings": [f"{f.rule_id}:{f.excerpt}" for f in result.findings],
                }
            )
    families = {}
    for family in FAMILIES:
        support = tp[family] + fn[family]
        flagged = tp[family] + fp[family]
        families[family] = {
            "severity": book.families[family].severity if family in book.families else None,
            "support": support,
            "recall": round(tp[family] / support, 4) if support else None,
            "precision": round(tp[family] / flagged, 4) if flagged else None,
        }
    p0_tp = sum(tp[f] for f in p0)
    p0_support = sum(tp[f] + fn[f] for f in p0)
    report = {
        "dataset": "+".join(p.name for p in paths),
        "items": len(items),
        "clean_items": clean,
        "rulebook_version": book.version,
        "families": families,
        "p0_families": p0,
        "p0_recall": round(p0_tp / p0_support, 4) if p0_support else None,
        "p0_min_family_recall": min(
            (families[f]["recall"] for f in p0 if families[f]["recall"] is not None), default=None
        ),
        "clean_fp_rate": round(clean_flagged / clean, 4) if clean else None,
        "targets": TARGETS,
    }
    report["meets_targets"] = bool(
        report["p0_recall"] is not None
        and report["p0_recall"] >= TARGETS["p0_recall"]
        and report["clean_fp_rate"] is not None
        and report["clean_fp_rate"] <= TARGETS["clean_fp_rate"]
    )
    report["first_runs"] = json.loads(FIRST_RUNS.read_text(encoding="utf-8"))["runs"]
    if with_errors:
        report["errors"] = errors
    return report
