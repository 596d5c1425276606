"""The literal screens in front of the rulebook's patterns skip work, never findings."""

from __future__ import annotations

import dataclasses

import pytest

from redfunnel.compliance.checker import check_text, normalise
from redfunnel.compliance.evaluate import DATASETS, load_labelled
from redfunnel.compliance.literals import ALWAYS, LiteralIndex, is_char_class, required_literals
from redfunnel.compliance.rulebook import Rulebook, load_rulebook


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        ("(?<!不)保本", {"保本"}),
        ("保[本息]", {"保本", "保息"}),
        ("稳赚(?:不赔)?", {"稳赚"}),
        ("最(?:高|低)(?:收益|利率)", {"最高收益", "最高利率", "最低收益", "最低利率"}),
        ("年化.{0,6}\\d", {"年化"}),
        ("日息|万分之[一二三\\d]", {"日息", "万分之"}),
        ("(?i:cvv)|安全码", None),  # letters fold under IGNORECASE: not screened
        ("x?", None),
        ("\\d{11}", None),
        ("[^不]", None),
    ],
)
def test_required_literals(pattern: str, literals: set[str] | None) -> None:
    got = required_literals(pattern)
    assert (got if got is None else set(got)) == literals


def test_char_classes_are_recognised() -> None:
    assert is_char_class("[，。！？]") and is_char_class("、")
    assert not is_char_class("但是?|可是") and not is_char_class("[、]+")


def test_index_reports_the_groups_whose_literals_occur() -> None:
    index = LiteralIndex()
    promise = index.add(["(?<!不)保本", "稳赚"])
    code = index.add(["验证码"])
    anything = index.add(["\\d+"])
    assert anything == ALWAYS
    assert index.live("这款稳赚") == {ALWAYS, promise}
    assert index.live("请勿透露验证码，不保本") == {ALWAYS, promise, code}
    assert index.live("") == {ALWAYS}


def _texts() -> list[str]:
    names = ("dev", "heldout_a", "heldout_c")
    return [item.text for name in names for item in load_labelled(DATASETS[name])]


def test_every_rulebook_pattern_match_contains_one_of_its_literals() -> None:
    """The exactness claim, checked on real texts for every pattern the rulebook screens."""
    book = load_rulebook()
    patterns = [p for r in book.rules for p in (*r.patterns, *r.when, *r.unless_text)]
    patterns += [p for cues in book.product_cues.values() for p in cues]
    patterns += [p for pats in book.contexts.values() for p in pats]
    norms = [normalise(t)[0] for t in _texts()]
    screened = 0
    for pattern in patterns:
        literals = required_literals(pattern.pattern)
        if literals is None:
            continue
        screened += 1
        for norm in norms:
            if pattern.search(norm):
                assert any(s in norm for s in literals), (pattern.pattern, sorted(literals))
    assert screened >= 0.9 * len(patterns)


def _unscreened(book: Rulebook) -> Rulebook:
    rules = tuple(
        dataclasses.replace(
            r,
            screen=ALWAYS,
            unless_screen=ALWAYS,
            pattern_screens=(ALWAYS,) * len(r.patterns),
            allowed_screens=(ALWAYS,) * len(r.allowed),
            near_screens=(ALWAYS,) * len(r.near),
            allowed_near_screens=(ALWAYS,) * len(r.allowed_near),
        )
        for r in book.rules
    )
    return dataclasses.replace(
        book,
        rules=rules,
        cue_screens={p: (ALWAYS,) * len(c) for p, c in book.product_cues.items()},
        context_screens=dict.fromkeys(book.contexts, ALWAYS),
        frame_screens=(ALWAYS,) * len(book.warning_frames),
        exception_screens={n: (ALWAYS,) * len(p) for n, p in book.context_exceptions.items()},
    )


def test_screened_checker_finds_exactly_what_the_unscreened_one_finds() -> None:
    book = load_rulebook()
    plain = _unscreened(book)
    for text in _texts()[:400]:
        assert check_text(text, rulebook=book) == check_text(text, rulebook=plain), text


def test_clauses_scored_together_equal_clauses_scored_alone() -> None:
    from redfunnel.compliance.statistical import active_models

    models = active_models()
    clauses = ["这款理财跟存款一样稳", "放心买  年化4.2%！", "A", "😀 验证码发我 ABC abc", "理财"]
    together = models.score_many(clauses)
    for row, clause in zip(together, clauses, strict=True):
        alone = models.scores(clause)
        for j, family in enumerate(models.families):
            assert abs(row[j] - alone[family]) < 1e-12, (clause, family)
