"""The literal screens in front of the rulebook's patterns skip work, never findings."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redfunnel.compliance.checker import check_text, normalise
from redfunnel.compliance.evaluate import DATASETS, load_labelled
from redfunnel.compliance.literals import (
    ALWAYS,
    LiteralIndex,
    _ascii_case_partners,
    _scan_from,
    _skipping,
    anchors,
    first_chars,
    fold_case,
    is_char_class,
    required_literals,
    scan,
    search,
    skipping,
)
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
        context_screens={name: (ALWAYS,) * len(pats) for name, pats in book.contexts.items()},
        frame_screens=(ALWAYS,) * len(book.warning_frames),
        exception_screens={n: (ALWAYS,) * len(p) for n, p in book.context_exceptions.items()},
        ignore_screens=(ALWAYS,) * len(book.product_ignore),
        cue_negator_screen=ALWAYS,
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


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("(?<!不)(?:很|超)稳|稳得很", "[很超稳]"),
        ("(?:收益|\\d+%)[^，]{0,8}妥妥", "[\\d收]"),
        ("[1-6]\\d{5}", None),  # a class opens it: re skips to it unaided
        ("保本", None),
        ("(?:很|超)?稳", "[很稳超]"),
        ("x?", None),  # may match empty
        ("(?:[\\u4e00-\\u9fff]|。)路", None),  # too wide to scan for
        ("(?:no|top)1", "[nt]"),  # IGNORECASE letters: re cannot skip; the class folds N and T
    ],
)
def test_first_characters(pattern: str, first: str | None) -> None:
    got = first_chars(re.compile(pattern, re.IGNORECASE))
    if first is None:
        assert got is None
    else:
        assert got is not None and set(got.pattern[1:-1]) == set(first[1:-1])
        assert got.flags == re.compile(pattern, re.IGNORECASE).flags


def _rulebook_patterns() -> list[re.Pattern[str]]:
    book = load_rulebook()
    patterns = [p for rule in book.rules for p in (*rule.patterns, *rule.when, *rule.any_of)]
    patterns += [p for cues in book.product_cues.values() for p in cues]
    patterns += [*book.warning_frames, *(p for ps in book.context_exceptions.values() for p in ps)]
    return list(dict.fromkeys(patterns))


def _scanned() -> list[re.Pattern[str]]:
    return [p for p in _rulebook_patterns() if first_chars(p) is not None]


def _anchored() -> list[re.Pattern[str]]:
    return [p for p in _rulebook_patterns() if first_chars(p) is None and anchors(p)]


def _assert_scans_as_finditer(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """``scan`` and ``search`` find what ``finditer`` finds; the spans, for further checks."""
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in scan(pattern, text)] == expected, pattern.pattern
    hit = search(pattern, text)
    assert (hit.span() if hit else None) == (expected[0] if expected else None), pattern.pattern
    return expected


def test_every_scanned_rulebook_pattern_is_skipped_through_by_the_engine() -> None:
    """The C-level skip is the fast path; a pattern falling back to the Python loop would only
    be slower, so this is what keeps the benchmark's figure honest."""
    assert [p.pattern for p in _scanned() if _skipping(p) is None] == []


def test_case_partners_of_ascii_letters_all_lie_in_the_basic_plane() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    found = re.findall("[a-z]", everything, re.IGNORECASE)
    assert {x for xs in _ascii_case_partners().values() for x in xs} == set(found)
    assert _ascii_case_partners()["k"] == {"k", "K", "\u212a"}  # the Kelvin sign folds too


def test_scanning_from_first_characters_finds_what_finditer_finds_on_real_texts() -> None:
    patterns = _scanned()
    assert len(patterns) >= 60
    for text in [normalise(t)[0] for t in _texts()]:
        for pattern in patterns:
            expected = _assert_scans_as_finditer(pattern, text)
            slow = _scan_from(first_chars(pattern), pattern, text)  # type: ignore[arg-type]
            assert [m.span() for m in slow] == expected, pattern.pattern


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_scanning_from_first_characters_finds_what_finditer_finds(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_scanned()))
    # Texts made of the pattern's own characters hit its alternatives, overlaps and look-arounds.
    alphabet = sorted(set(re.sub(r"\\.|[()?:|*+{}\[\]^$!<=,]", "", pattern.pattern)) | set("不1 。"))
    text = data.draw(st.text(alphabet=alphabet, max_size=30))
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in scan(pattern, text)] == expected
    slow = _scan_from(first_chars(pattern), pattern, text)  # type: ignore[arg-type]
    assert [m.span() for m in slow] == expected


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_engine_skip_folds_letters_as_ignorecase_does(data: st.DataObject) -> None:
    """Letters under IGNORECASE, with the characters that fold onto them (ſ, K, İ, ı)."""
    word = data.draw(st.text(alphabet="kKsSiIxy", min_size=1, max_size=3))
    pattern = re.compile(f"(?<![a-z]){word}(?![a-z])|(?:{word}|不)1", re.IGNORECASE)
    assert _skipping(pattern) is not None
    text = data.draw(st.text(alphabet="kKsSiIxy1不 \u212a\u017f\u0130\u0131", max_size=30))
    assert [m.span() for m in scan(pattern, text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # a bounded prefix of any Chinese characters, then a narrow part: anchored on that part,
        # tried only where the alternative's own string (号) occurs
        ("[\\u4e00-\\u9fff]{1,6}(?:路|街)\\d+号", [("[街路]", 6, ("号",))]),
        # each alternative on its own anchor, reach and strings
        ("[\\u4e00-\\u9fff]{1,4}镇\\d+|(?:小区|苑)\\d+栋|\\d+单元",
         [("[镇]", 4, ("镇",)), ("[小苑]", 0, ("栋",)), ("[\\d]", 0, ("单元",))]),
        # the narrowest part behind a bounded prefix anchors, not the first (a comma)
        ("(?:家住|[，,]住)[\\u4e00-\\u9fff]{1,6}村\\d+组", [("[村]", 8, (",住", "家住", "，住"))]),
        ("[\\u4e00-\\u9fff]+路", None),  # unbounded prefix
        ("[\\u4e00-\\u9fff]{1,9}路", None),  # prefix longer than the reach allowed
        ("[\\u4e00-\\u9fff]{1,3}路|[\\u4e00-\\u9fff]+", None),  # one alternative has no anchor
        ("(?:[\\u4e00-\\u9fff]{1,3}路)?", None),  # may match empty
        ("保本|稳赚", None),  # re skips ahead on its own
    ],
)
def test_anchors(pattern: str, expected: list[tuple[str, int, tuple[str, ...]]] | None) -> None:
    got = anchors(re.compile(pattern, re.IGNORECASE))
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert [(a.pattern, r, n) for a, r, n in got] == expected


def test_anchored_scans_find_what_finditer_finds_on_real_texts() -> None:
    """The rulebook's address patterns (PII-05) are scanned near their road, estate and village
    words; on every labelled text they must find what ``finditer`` finds."""
    patterns = _anchored()
    assert len(patterns) >= 2
    for text in [normalise(t)[0] for t in _texts()]:
        for pattern in patterns:
            _assert_scans_as_finditer(pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_anchored_scans_find_what_finditer_finds(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_anchored()))
    own = set(re.sub(r"\\.|[()?:|*+{}\[\]^$!<=,-]", "", pattern.pattern))
    alphabet = sorted(own | set("中1 。号"))
    text = data.draw(st.text(alphabet=alphabet, max_size=40))
    assert [m.span() for m in scan(pattern, text)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -*+X信vVx@qQ扣卡号码证cCoOtTpP发给我", max_size=40))
def test_skipping_patterns_match_as_the_originals_do(text: str) -> None:
    """The masker's and request detector's patterns are compiled to skip ahead
    (:func:`skipping`); ``sub`` and ``finditer`` must give what the plain compile gives."""
    from redfunnel.privacy import mask, requests

    for module, name in [(mask, "_ID_RE"), (mask, "_CARD_RE"), (mask, "_MOBILE_RE"),
                         (mask, "_CN_MOBILE_RE"), (requests, "_OBJECT_ANCHOR_RE"),
                         (requests, "_CUE_RE")]:
        fast = getattr(module, name)
        plain = re.compile(fast.pattern, fast.flags)
        assert skipping(plain) is not plain, name  # there is something to skip to
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert fast.sub("#", text) == plain.sub("#", text), name


def test_english_phrases_are_screened_by_their_folded_words() -> None:
    pattern = r"(?:basically|just) (?:a )?deposit|存款保险"
    # Caseless, only the space is certain; folded, the words are.
    assert required_literals(pattern) == frozenset({" ", "存款保险"})
    assert required_literals(pattern, fold=True) == frozenset({"deposit", "存款保险"})
    index = LiteralIndex()
    screen = index.add([pattern])
    assert screen != ALWAYS
    for text in ("It is BASICALLY DEPOSIT, trust me", "就当存款保险", "JUST A DEPOSIT"):
        assert screen in index.live(text)
    assert screen not in index.live("a plain note about a loan")


@given(st.text(alphabet="abkKsSiIİıſKn 存款 ", max_size=20))
def test_folded_screen_never_misses_a_caseless_match(text: str) -> None:
    """Every character IGNORECASE matches with an ASCII letter folds to that letter."""
    pattern = re.compile("kiss|bank|存款", re.IGNORECASE)
    index = LiteralIndex()
    screen = index.add([pattern.pattern])
    if pattern.search(text):
        assert screen in index.live(text), text
    assert all(ch in "abkisn 存款" for ch in fold_case(text).replace("\u0307", "")), text
