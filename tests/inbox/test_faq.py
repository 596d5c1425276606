"""FAQ suggestions: colloquial synonyms, and only approved current versions from the store."""

from __future__ import annotations

from sqlalchemy import Engine

from redfunnel.inbox.faq import FaqEntry, FaqIndex, approved_entries, demo_library


def test_colloquial_phrasing_finds_the_formal_entry() -> None:
    index = FaqIndex(demo_library())
    assert index.suggest("积存金换金条要不要钱", k=1)[0].faq_key == "FAQ-013"
    assert "FAQ-001" in [s.faq_key for s in index.suggest("回单咋弄啊，报销急用", k=3)]
    assert index.suggest("消费贷咋申请", k=1)[0].faq_key == "FAQ-005"


def test_empty_or_unmatched_queries_return_nothing() -> None:
    index = FaqIndex(demo_library())
    assert index.suggest("") == []
    assert index.suggest("！！！") == []
    assert FaqIndex([]).suggest("积存金") == []


def test_scores_are_sorted_and_k_respected() -> None:
    index = FaqIndex([FaqEntry("a", 1, "积存金兑换实物黄金收费吗", "按规格收费"),
                      FaqEntry("b", 1, "积存金最低买多少", "一克起"),
                      FaqEntry("c", 1, "信用卡年费", "以合约为准")])
    found = index.suggest("积存金兑换收费", k=2)
    assert [s.faq_key for s in found] == ["a", "b"]
    assert found[0].score > found[1].score


def test_only_approved_current_versions_are_suggested(engine: Engine, world: dict[str, int]) -> None:
    entries = approved_entries(engine)
    assert {(e.faq_key, e.version) for e in entries} == {("FAQ-1", 2), ("FAQ-3", 1)}
    found = FaqIndex(entries).suggest("积存金换金条手续费", k=3)
    assert found[0].faq_key == "FAQ-1" and found[0].version == 2
    assert "FAQ-2" not in {s.faq_key for s in found}
