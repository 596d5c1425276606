"""The content classifiers, their corpus and the held-out evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.content.classify import (
    DIMENSIONS,
    HELDOUT_FILE,
    TRAIN_FILE,
    WRITTEN_TRAIN_FILE,
    CorpusError,
    classify,
    format_of,
    load_corpus,
)
from redfunnel.content.evaluate import TARGETS, evaluate, per_class
from redfunnel.content.features import finance_words, ngram_hashes


def test_corpus_is_large_labelled_and_the_held_out_split_is_separate() -> None:
    train = load_corpus(TRAIN_FILE) + load_corpus(WRITTEN_TRAIN_FILE)
    held = load_corpus(HELDOUT_FILE)
    assert len(train) + len(held) >= 1500 and len(held) >= 200
    texts = {(e.title, e.body) for e in train}
    assert not any((e.title, e.body) in texts for e in held)
    assert not {e.title for e in held} & {e.title for e in train}
    assert not {e.body for e in held} & {e.body for e in train}
    for dim, labels in DIMENSIONS.items():
        assert {e.labels[dim] for e in held} == set(labels), dim  # every class is measured
        assert {e.labels[dim] for e in train} == set(labels), dim


def test_bad_corpus_line_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "c.jsonl"
    bad.write_text(
        '{"title":"a","body":"b","pillar":"brand","product":"none","segment":"general"}\n'
        '{"title":"a","body":"b","pillar":"news","product":"none","segment":"general"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"c\.jsonl 第 2 行：字段 pillar"):
        load_corpus(bad)


def test_macro_f1_by_hand() -> None:
    rows, macro = per_class(["a", "a", "b", "b"], ["a", "b", "b", "b"], ("a", "b", "c"))
    by = {r["label"]: r for r in rows}
    assert by["a"]["precision"] == 1.0 and by["a"]["recall"] == 0.5
    assert by["b"]["precision"] == round(2 / 3, 4) and by["b"]["recall"] == 1.0
    assert "c" not in by  # absent from gold and predictions
    assert macro == pytest.approx((2 / 3 + 0.8) / 2)


def test_held_out_figures_meet_the_targets() -> None:
    result = evaluate()
    assert result["examples"] >= 340
    for dim, target in TARGETS.items():
        assert result["dimensions"][dim]["macro_f1"] >= target, dim
        assert result["dimensions"][dim]["meets_target"]


def test_clear_posts_get_the_obvious_labels() -> None:
    preds = classify(
        [
            {
                "title": "接到自称公安的电话让转账？挂掉！",
                "body": "对方说你涉嫌洗钱要把钱转到安全账户，这是诈骗",
            },
            {
                "title": "出国读研的学费怎么汇",
                "body": "拿到offer后在手机银行跨境汇款，填好学校的SWIFT",
            },
            {
                "title": "退休的叔叔阿姨看过来",
                "body": "养老金每个月到账后，可以在长辈版手机银行查询",
            },
            {"title": "周末vlog", "body": "下班后去江边散步，晚霞太美了", "note_type": "video"},
        ]
    )
    assert preds[0].pillar == "anti_fraud"
    assert (preds[1].product, preds[1].segment) == ("fx_study_abroad", "study_abroad")
    assert (preds[2].product, preds[2].segment) == ("pension", "senior")
    assert preds[3].pillar == "lifestyle" and preds[3].format == "视频"
    assert 0 < preds[0].scores["pillar"] <= 1


def test_format_comes_from_the_note_type_when_known() -> None:
    assert format_of("video") == "视频" and format_of("normal", "vlog") == "图文"
    assert format_of(None, "今天的vlog") == "视频" and format_of(None, "一图看懂") == "图文"


def test_ngrams_never_span_two_texts_and_dictionary_words_are_found() -> None:
    rows, sizes, _ = ngram_hashes(["ab", "c"], 2)
    assert sorted(zip(rows.tolist(), sizes.tolist(), strict=True)) == [
        (0, 1),
        (0, 1),
        (0, 2),
        (1, 1),
    ]
    fw = finance_words()
    m = fw.counts(["积存金兑换实物金"])
    found = {fw.names[j] for j in m.nonzero()[1]}
    assert {"积存金", "LEX:product:gold"} <= found


def test_cli_classify_reads_and_writes_json_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {"id": 1, "title": "信用卡账单分期怎么操作", "body": "App里选择账单分期"},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["--home", str(tmp_path), "classify", str(src), "--json"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["id"] == 1 and lines[0]["product"] == "credit_card"
    assert set(lines[0]) == {"id", "pillar", "product", "segment", "format", "scores"}


def test_cli_classify_bad_line_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"title": "ok", "body": "x"}\n{"title": 3}\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["--home", str(tmp_path), "classify", str(src), "--json"])
    assert res.exit_code == 2
    message = " ".join(res.stderr.split())  # the console wraps long paths
    assert "第 2 行" in message and "title" in message
