"""Performance, gaps, homogeneity, tone and trends on small hand-checked data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from datasketch import MinHash

from redfunnel.access import Scope
from redfunnel.content.dataset import LabelledNote, load_labelled
from redfunnel.content.gaps import find_gaps
from redfunnel.content.homogeneity import analyse, normalise, shingle_hash32, signatures
from redfunnel.content.performance import account_vs_peers, bootstrap_median, by_dimension
from redfunnel.content.tone import preachiness
from redfunnel.content.trends import keywords


def _note(
    key: str,
    inst: str,
    account_id: int,
    title: str,
    body: str = "",
    pillar: str = "education",
    inter: int = 10,
    days: int = 0,
) -> LabelledNote:
    return LabelledNote(
        note_key=key,
        platform="xhs",
        account_id=account_id,
        account_name=inst,
        institution=inst,
        category="股份制",
        title=title,
        body=body,
        published_at=datetime(2026, 11, 2, tzinfo=UTC) + timedelta(days=days),
        pillar=pillar,
        product="none",
        segment="general",
        format="图文",
        preachiness=None,
        interactions=inter,
        shares=0,
    )


def test_bootstrap_median_is_the_median_with_an_interval_around_it() -> None:
    med, lo, hi = bootstrap_median([1, 2, 3, 100])
    assert med == 2.5
    assert 1 <= lo <= med <= hi <= 100
    assert bootstrap_median([1, 2, 3, 100]) == (med, lo, hi)  # deterministic
    assert bootstrap_median([7]) == (7.0, 7.0, 7.0)


def test_performance_groups_and_compares_with_category_peers(small_world) -> None:
    engine, ids = small_world
    notes = load_labelled(engine, scope=Scope.everything())
    assert len(notes) == 5 + 10 + 2
    pillars = {r["value"]: r for r in by_dimension(notes, "pillar")}
    assert pillars["anti_fraud"]["median"] == 300  # 100..500
    assert pillars["product"]["notes"] == 10
    assert pillars["product"]["median"] == 20  # 10,20,30,40,50 and five 20s
    vs = account_vs_peers(notes, ids["招商银行"])
    assert (
        vs["category"] == "股份制" and vs["peer_accounts"] == 1
    )  # 兰州银行 is a 城商行, not a peer
    prod = next(r for r in vs["dimensions"]["pillar"] if r["value"] == "product")
    assert prod["median"] == 30 and prod["peer_median"] == 20 and prod["ratio"] == 1.5
    fmt = {r["value"]: r for r in by_dimension(notes, "format")}
    assert fmt["视频"]["notes"] == 5
    weekday = by_dimension([n for n in notes if n.note_key == "z0"], "weekday")
    assert weekday[0]["value"] == "周一"  # 2026-11-02 20:00 Shanghai


def test_scope_limits_the_notes_read(small_world) -> None:
    engine, ids = small_world
    notes = load_labelled(engine, scope=Scope.accounts([ids["兰州银行"]]))
    assert {n.account_name for n in notes} == {"兰州银行"}


def test_gap_where_peers_win_and_the_account_is_absent(small_world) -> None:
    engine, ids = small_world
    notes = load_labelled(engine, scope=Scope.everything())
    result = find_gaps(notes, ids["招商银行"])
    found = {(g["dimension"], g["value"]): g for g in result["gaps"]}
    gap = found[("pillar", "anti_fraud")]
    assert gap["status"] == "absent" and gap["own_notes"] == 0
    assert gap["peer_notes"] == 5 and gap["peer_median"] == 300
    assert gap["examples"][0]["interactions"] == 500
    assert ("pillar", "product") not in found  # peers earn less on product than overall


def test_signatures_equal_datasketch_minhash() -> None:
    texts = [
        "存款保险是什么一图看懂同一存款人在同一家银行",
        "刷单返利都是诈骗先返小钱再骗大钱",
        "abc",
    ]
    sig, valid = signatures(texts)
    assert valid.all()
    for text, row in zip(texts, sig, strict=True):
        m = MinHash(num_perm=sig.shape[1], seed=1, scheme="affine32", hashfunc=shingle_hash32)
        shingles = [text[i : i + 5] for i in range(len(text) - 4)] or [text.ljust(5, "\x01")]
        m.update_batch(shingles)
        assert np.array_equal(m.hashvalues, row)


def test_near_duplicates_count_only_across_banks() -> None:
    body = (
        "最近有人冒充银行客服打电话，说你开通了百万保障不取消每月扣费，要求下载会议软件开启屏幕共享，"
        "再让你把钱转到所谓安全账户。记住银行工作人员不会索要验证码，拿不准请挂断后拨打官方客服核实。"
    )
    notes = [
        _note("a1", "甲银行", 1, "警惕客服来电诈骗", body + "甲银行提醒您。#反诈[话题]#"),
        _note("b1", "乙银行", 2, "警惕客服来电诈骗", body + "乙银行提醒您。#防骗[话题]#"),
        _note(
            "a2",
            "甲银行",
            1,
            "信用卡账单日和还款日",
            "账单日出账，还款日前还清就不会产生利息，最低还款会全额计息。",
        ),
        _note(
            "a3",
            "甲银行",
            1,
            "信用卡账单日和还款日",
            "账单日出账，还款日前还清就不会产生利息，最低还款会全额计息。",
        ),
    ]
    assert "#" not in normalise(notes[0].title, notes[0].body)
    result = analyse(notes)
    shares = {a["account"]: a for a in result.accounts}
    assert (
        shares["甲银行"]["cross_bank_duplicates"] == 1
    )  # a1; a2/a3 duplicate within the same bank
    assert shares["甲银行"]["share"] == round(1 / 3, 4)
    assert shares["乙银行"]["share"] == 1.0
    top = result.clusters[0]
    assert top["institutions"] == 2 and top["notes"] == 2


def test_preachy_text_scores_higher_than_chatty_text() -> None:
    preachy = preachiness(
        "风险提示",
        "请广大客户务必提高防范意识，切记不得向任何人透露验证码，依法维护自身合法权益，"
        "切实增强风险意识。",
    )
    chatty = preachiness(
        "宝子们看过来", "姐妹们你们有没有接到过这种电话？评论区聊聊吧～😭 我们整理了几个小技巧哈"
    )
    assert preachy.score > 60 > 30 > chatty.score
    assert preachy.markers["imperatives"] >= 4 and preachy.markers["jargon"] >= 4
    assert chatty.components["imperative"] == 0


def test_hot_and_rising_keywords_of_the_latest_period() -> None:
    old = [_note(f"o{i}", "甲银行", 1, "存款利率", "定期存款利率", days=-31) for i in range(4)]
    new = [
        _note(f"n{i}", "甲银行", 1, "积存金攒金豆", "积存金怎么买", pillar="product", days=5)
        for i in range(4)
    ]
    new += [_note("n9", "甲银行", 1, "存款利率", "定期存款利率", days=6)]
    result = keywords(old + new, min_notes=3)
    assert result["period"] == "2026-11" and result["previous"] == "2026-10"
    hot = [w["word"] for w in result["overall"]["hot"]]
    assert hot[0] == "积存金"
    rising = [w["word"] for w in result["overall"]["rising"]]
    assert "积存金" in rising and "存款" not in rising
    assert result["pillars"]["product"]["hot"][0]["word"] == "积存金"


def test_lsh_buckets_match_datasketch() -> None:
    from datasketch import LeanMinHash, MinHashLSH

    from redfunnel.content.homogeneity import candidate_groups

    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(40, 64), dtype=np.uint64).astype(np.uint32)
    sig = np.concatenate([base, base[:10]])  # ten exact duplicates
    sig[45:, :20] = 7  # and partial agreement
    valid = np.ones(len(sig), dtype=bool)
    ours = {
        (int(g[i]), int(g[j]))
        for g in candidate_groups(sig, valid, 0.7)
        for i in range(len(g))
        for j in range(i + 1, len(g))
    }
    lsh = MinHashLSH(threshold=0.7, num_perm=64)
    for i in range(len(sig)):
        lsh.insert(i, LeanMinHash(seed=1, hashvalues=sig[i], scheme="affine32"))
    theirs = {
        (min(i, j), max(i, j))
        for i in range(len(sig))
        for j in lsh.query(LeanMinHash(seed=1, hashvalues=sig[i], scheme="affine32"))
        if i != j
    }
    assert ours == theirs and len(ours) >= 10


def test_report_section_states_findings_from_the_data(small_world) -> None:
    from redfunnel.content.report import build_section

    engine, _ = small_world
    section = build_section(engine, account="招商银行")
    text = "\n".join(section.summary)
    assert "共分析17篇" in text and "互动最高的内容支柱是反诈（中位300" in text
    assert "招商银行的主要缺口：反诈" in text
    keys = {t.key for t in section.tables}
    assert {"perf_pillar", "homog_accounts", "trends", "gaps"} <= keys
    assert section.charts and section.charts[0].option["series"][0]["data"][0] == 300
