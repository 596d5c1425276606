"""The labelled sets: size, share of clean items, tricky negatives, and dev/held-out separation."""

from __future__ import annotations

import json

from redfunnel.compliance.evaluate import DATASETS, FIRST_RUNS, HELDOUT, load_labelled
from redfunnel.compliance.rulebook import FAMILIES


def test_sizes_and_clean_share() -> None:
    items = [i for path in DATASETS.values() for i in load_labelled(path)]
    assert len(items) >= 800
    assert sum(not i.labels for i in items) / len(items) >= 0.40
    for path in DATASETS.values():
        ids = [i.id for i in load_labelled(path)]
        assert len(ids) == len(set(ids))


def test_every_family_is_labelled_in_both_sets() -> None:
    for path in (DATASETS["dev"], HELDOUT["heldout_a"]):
        labelled = {label for i in load_labelled(path) for label in i.labels}
        assert labelled == set(FAMILIES), path
    held = {label for path in HELDOUT.values() for i in load_labelled(path) for label in i.labels}
    assert held == set(FAMILIES)


def test_held_out_shares_no_text_with_dev() -> None:
    dev = {i.text for i in load_labelled(DATASETS["dev"])}
    for name, path in HELDOUT.items():
        held = {i.text for i in load_labelled(path)}
        assert not dev & held, name


def test_first_runs_are_recorded_for_every_held_out_set() -> None:
    runs = json.loads(FIRST_RUNS.read_text(encoding="utf-8"))["runs"]
    assert [r["set"] for r in runs] == list(HELDOUT)
    for run in runs:
        items = load_labelled(HELDOUT[run["set"]])
        assert run["items"] == len(items) and run["clean_items"] == sum(not i.labels for i in items)


def test_tricky_negatives_are_present() -> None:
    clean = [i.text for path in DATASETS.values() for i in load_labelled(path) if not i.labels]
    for needle in (
        "最近",
        "第一次",
        "最后",
        "年化利率",
        "存款保险",
        "理财非存款",
        "不保本",
        "骗",
        "验证码",
    ):
        assert any(needle in t for t in clean), needle
