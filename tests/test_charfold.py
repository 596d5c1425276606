from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redfunnel.charfold import fold_fullwidth, fold_traditional, replace_chars, traditional_table
from redfunnel.compliance.checker import check_text

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def test_traditional_characters_fold_to_simplified() -> None:
    assert fold_traditional("大額存單係存款，受存款保險保障") == "大额存单系存款，受存款保险保障"
    assert fold_traditional("麻煩你send張信用卡嘅相俾我") == "麻烦你send张信用卡嘅相俾我"


def test_simplified_text_is_left_as_written() -> None:
    text = "理财非存款，产品有风险，投资须谨慎。著名的存款保险制度，最高偿付50万元。"
    assert fold_traditional(text) == text


@given(st.text(alphabet=_CJK, max_size=60))
def test_folding_keeps_every_offset(text: str) -> None:
    folded = fold_traditional(text)
    assert len(folded) == len(text)
    assert all(a == b or ord(a) in traditional_table()[0] for a, b in zip(text, folded, strict=True))


def test_no_simplified_form_is_folded_again() -> None:
    table, _pattern = traditional_table()
    assert table and all(ord(target) not in table for target in table.values())


@given(st.text(alphabet=st.sampled_from("ＡＢ１２３，。！？　abc中文"), max_size=30))
def test_replace_chars_equals_translate(text: str) -> None:
    table = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
    assert fold_fullwidth(text) == text.translate(table)
    table, pattern = traditional_table()
    assert replace_chars(text, pattern, table) == text.translate(table)


def test_findings_on_traditional_text_point_at_the_characters_written() -> None:
    text = "姐姐放心，呢隻理財穩賺不賠㗎"
    hits = [f for f in check_text(text, kind="comment_reply").findings if f.family == "return_promise"]
    assert hits and hits[0].excerpt.startswith("穩賺")  # as written, not as folded
    assert text[hits[0].start : hits[0].end] == hits[0].excerpt
