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


def test_first_runs_are_recorded_in_order_and_unrecorded_sets_stay_sealed() -> None:
    from redfunnel.compliance.evaluate import evaluate, sealed_sets

    runs = json.loads(FIRST_RUNS.read_text(encoding="utf-8"))["runs"]
    recorded = [r["set"] for r in runs]
    assert recorded == list(HELDOUT)[: len(recorded)]
    assert sealed_sets() == list(HELDOUT)[len(recorded):]
    if sealed_sets():
        # looking at the pooled figures never scores a sealed set
        assert HELDOUT[sealed_sets()[0]].name not in evaluate("heldout")["dataset"]
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


def test_by_writer_retrains_without_the_scored_writer(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from redfunnel.compliance import statistical
    from redfunnel.compliance.evaluate import evaluate_by_writer

    rows = {
        "train_x": [{"id": "x1", "kind": "note", "text": "这款理财跟定期一样稳，放心买", "labels": ["deposit_confusion"]},
                    {"id": "x2", "kind": "note", "text": "网点周六正常营业", "labels": []}],
        "train_y": [{"id": "y1", "kind": "dm_reply", "text": "把验证码发我一下", "labels": ["pii_request"]},
                    {"id": "y2", "kind": "dm_reply", "text": "请勿向任何人提供验证码", "labels": []}],
    }
    for name, items in rows.items():
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    monkeypatch.setattr(statistical, "WRITTEN_DIR", tmp_path)
    monkeypatch.setattr(statistical, "TRAIN_SETS", ("dev",))
    seen: list[set[str]] = []
    real_train = statistical.train

    def recording_train(items):  # type: ignore[no-untyped-def]
        seen.append({item.text for _name, item in items})
        return real_train(items)

    monkeypatch.setattr(statistical, "train", recording_train)
    report = evaluate_by_writer()
    assert [w["set"] for w in report["writers"]] == ["train_x", "train_y"]
    assert report["items"] == 4 and report["clean_items"] == 2
    assert "这款理财跟定期一样稳，放心买" not in seen[0] and "把验证码发我一下" in seen[0]
    assert "把验证码发我一下" not in seen[1] and "这款理财跟定期一样稳，放心买" in seen[1]
