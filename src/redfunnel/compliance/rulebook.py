"""The rulebook as data: loading, validating and compiling the YAML file of rules.

Compliance owns the rules, not the developers, so the rules live in a versioned YAML file shipped
at ``compliance/data/rulebook.yaml`` that a bank may replace with its own (``--rulebook FILE`` on
the commands, or the ``REDFUNNEL_RULEBOOK`` environment variable). Every approval records the
rulebook version and file hash it was made under. Patterns are regular expressions compiled once;
a bad file fails with the file, rule id and field named, because a silently skipped rule is a
compliance gap.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from redfunnel.compliance.literals import (
    ALWAYS,
    Finder,
    LiteralIndex,
    Searcher,
    counter,
    finder,
    required_literals,
    searcher,
    skipping,
)

__all__ = [
    "DEFAULT_RULEBOOK",
    "FAMILIES",
    "PRODUCTS",
    "Cue",
    "Family",
    "NegationScope",
    "Rule",
    "RuleContexts",
    "Rulebook",
    "RulebookError",
    "load_rulebook",
    "rulebook_path",
]


DEFAULT_RULEBOOK = Path(__file__).with_name("data") / "rulebook.yaml"

FAMILIES = (
    "absolute_terms",
    "return_promise",
    "deposit_confusion",
    "missing_risk_disclosure",
    "missing_apr",
    "student_credit",
    "credit_card_fee",
    "endorsement",
    "pii_exposure",
    "pii_request",
    "missing_ad_label",
)
PRODUCTS = ("wealth", "loan", "credit_card", "deposit", "fund_insurance", "gold", "none")
SEVERITIES = ("P0", "P1", "P2")
KINDS = ("must_not", "must_contain", "detector")
MODEL_DETECTORS = tuple(f"{family}_model" for family in FAMILIES if family != "pii_exposure")
"""One statistical detector per family (:mod:`redfunnel.compliance.statistical`); whether a string
is an ID or card number is a checksum question, so ``pii_exposure`` has none."""
DETECTORS = ("pii_exposure", "pii_request", *MODEL_DETECTORS)


class RulebookError(ValueError):
    """A rulebook file that cannot be used; the message names file, rule and field."""


@dataclass(frozen=True)
class Family:
    id: str
    title: str
    severity: str


@dataclass(frozen=True)
class Rule:
    """One rule; which fields matter depends on ``kind``.

    - ``must_not``: any ``patterns`` hit is a finding unless an ``allowed`` phrase overlaps it
      (最高人民法院, 第一次), an ``allowed_near`` context occurs within ``window`` characters
      (国债 next to 保本), a ``negation`` pattern ends right before it (不保本), or ``near`` is
      given and none of its patterns occurs within the window (最高 only counts next to 收益/利率).
    - ``must_contain``: for texts whose product is in ``products`` and where a ``when`` pattern
      occurs (the marketing cue), at least one ``any_of`` disclosure must appear; else a finding
      spanning the cue. A disclosure inside a ``taken_back`` match does not count: a warning said
      only to be withdrawn (都说理财有风险，但这款…) discloses nothing.
    - ``detector``: a named code detector (``pii_exposure``, ``pii_request``, and the
      statistical ``return_promise_model``/``deposit_confusion_model`` of
      :mod:`redfunnel.compliance.statistical`). A model detector with ``when`` patterns gives
      its second opinion only on texts where one occurs (an advertisement needs an entry: a
      link, a code to scan, a place to apply).
    """

    id: str
    family: str
    source: str
    severity: str
    kind: str
    fix: str
    title: str = ""
    products: frozenset[str] | None = None
    patterns: tuple[re.Pattern[str], ...] = ()
    allowed: tuple[re.Pattern[str], ...] = ()
    allowed_near: tuple[re.Pattern[str], ...] = ()
    negation: re.Pattern[str] | None = None
    near: tuple[re.Pattern[str], ...] = ()
    window: int = 12
    when: tuple[re.Pattern[str], ...] = ()
    any_of: tuple[re.Pattern[str], ...] = ()
    taken_back: tuple[re.Pattern[str], ...] = ()
    unless_text: tuple[re.Pattern[str], ...] = ()
    skip_contexts: frozenset[str] = frozenset()
    # A hit may not run across a space the writer put between words as punctuation (存款本息最高保
    # 50万 理财 基金不在保障范围内): for rules whose patterns bridge a gap of several characters.
    stop_at_spaces: bool = False
    kinds: frozenset[str] | None = None
    detector: str | None = None
    # Screen ids (:class:`~redfunnel.compliance.literals.LiteralIndex`) of ``patterns`` (must_not)
    # or ``when`` (must_contain) as a group, of each must_not pattern, and of ``unless_text``:
    # most rules do not fire on most texts, and skipping them on a substring test is most of what
    # the rule engine gained in speed (``benchmarks/compliance_bench.py``).
    screen: int = ALWAYS
    pattern_screens: tuple[int, ...] = ()
    unless_screen: int = ALWAYS
    # One screen per pattern of ``allowed``, ``near`` and ``allowed_near``: a context whose
    # literals are nowhere in the text cannot be in a window of it.
    allowed_screens: tuple[int, ...] = ()
    near_screens: tuple[int, ...] = ()
    allowed_near_screens: tuple[int, ...] = ()

    # The same screens paired with what they guard, in rulebook order, so the checker keeps the
    # live ones with one membership test each (cheaper than a set intersection and a sort for the
    # few patterns of a rule). Derived, so a rule made with dataclasses.replace gets its own.
    @cached_property
    def screened_patterns(self) -> tuple[tuple[int, int], ...]:
        """(screen, index into ``patterns``) per pattern."""
        return tuple(zip(self.pattern_screens, range(len(self.patterns)), strict=True))

    @cached_property
    def finders(self) -> tuple[Finder, ...]:
        """Each of ``patterns`` as its :func:`~redfunnel.compliance.literals.finder`."""
        return tuple(finder(p) for p in self.patterns)

    @cached_property
    def contexts_by_screen(self) -> dict[int, RuleContexts]:
        """``near``, ``allowed_near`` and ``allowed`` (as finders) grouped by screen, so that a
        text's live ones are one set intersection away (ABS-01 has 64 of them) instead of a
        membership test each."""
        groups: dict[int, tuple[list[Any], list[Any], list[Any]]] = {}
        for slot, screens, items in (
            (0, self.near_screens, self.near),
            (1, self.allowed_near_screens, self.allowed_near),
            (2, self.allowed_screens, tuple(map(finder, self.allowed))),
        ):
            for screen, item in zip(screens, items, strict=True):
                groups.setdefault(screen, ([], [], []))[slot].append(item)
        return {screen: RuleContexts(*map(tuple, lists)) for screen, lists in groups.items()}


class RuleContexts(NamedTuple):
    """A rule's ``near`` and ``allowed_near`` patterns and ``allowed`` finders, or those of them
    that may match one text. Only whether one of them matches counts, so their order does not."""

    near: tuple[re.Pattern[str], ...] = ()
    allowed_near: tuple[re.Pattern[str], ...] = ()
    allowed: tuple[Finder, ...] = ()


class Cue(NamedTuple):
    """A product cue as product detection runs it (see :attr:`Rulebook.screened_cues`)."""

    count: Callable[[str], int]
    find: Finder


# The negation scope's patterns screened per text (Rulebook.scope_screens).
SCOPE_SCREENED = ("negators", "after_negators", "masking", "conditions", "corrections")


@dataclass(frozen=True)
class NegationScope:
    """Clause-level negation / denial scope (the ``negation_scope`` section of the rulebook).

    A hit of a family in ``families`` is not a claim when, inside its clause (bounded by
    ``clause_breaks``, by ``list_marks`` (没工作、学生都能批: each item
    of a list has its own negation; product cues ignore them) and by a contrastive ``contrast`` marker before it), a ``negators`` match
    ends at most ``reach`` characters before the hit and is not a ``not_negators`` phrase (不要担心,
    不仅, 别人: the negator governs something else); or, for ``after_families``, an
    ``after_negators`` predicate follows within ``after_reach`` (在校学生暂不受理); or the hit's
    sentence is a question answered by a ``corrections`` marker (理财≈存款？错！); or, for
    ``masking_families``, a ``masking`` instruction follows in the clause (把卡号打码); or, for
    ``condition_families``, the clause is the reader's ``conditions`` followed by advice
    (您要是一分都不能亏，建议…). ``product_reach`` > 0 also drops negated product cues
    (请勿将贷款用于投资理财 is not about 理财; only the prohibitive ``product_negators``) from
    product detection.
    """

    families: frozenset[str] = frozenset()
    negators: re.Pattern[str] | None = None
    not_negators: re.Pattern[str] | None = None
    contrast: re.Pattern[str] | None = None
    clause_breaks: re.Pattern[str] | None = None
    list_marks: re.Pattern[str] | None = None
    reach: int = 10
    after_families: frozenset[str] = frozenset()
    after_negators: re.Pattern[str] | None = None
    after_reach: int = 8
    corrections: re.Pattern[str] | None = None
    masking_families: frozenset[str] = frozenset()
    masking: re.Pattern[str] | None = None
    condition_families: frozenset[str] = frozenset()
    conditions: re.Pattern[str] | None = None
    advice: re.Pattern[str] | None = None
    product_negators: re.Pattern[str] | None = None
    product_reach: int = 0


@dataclass(frozen=True)
class Rulebook:
    version: str
    sha256: str
    source: str
    families: dict[str, Family]
    rules: tuple[Rule, ...]
    product_cues: dict[str, tuple[re.Pattern[str], ...]]
    promotion_cues: tuple[re.Pattern[str], ...]
    contexts: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    product_weights: dict[str, float] = field(default_factory=dict)
    # A hit inside quotation marks is a mention, not a claim, for these families.
    quote_mention_families: frozenset[str] = frozenset()
    # A hit in a sentence carrying a warning/negation frame (千万别, 不要信, 绝不会索要) is exempt
    # for these families; must-contain cues in such sentences do not count either.
    warning_frames: tuple[re.Pattern[str], ...] = ()
    frame_families: frozenset[str] = frozenset()
    # Spans not counted as product cues: a deposit named only as the yardstick of a comparison
    # (跟定期差不多, 比存款强) does not make the text a deposit text.
    product_ignore: tuple[re.Pattern[str], ...] = ()
    negation_scope: NegationScope = field(default_factory=NegationScope)
    # Screen ids of each product cue and each context's patterns (see Rule.screen), and the
    # index that tells which screens a text passes.
    cue_screens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    context_screens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    screens: LiteralIndex = field(default_factory=LiteralIndex)
    # A quotation attributed to someone else (骗子就喜欢说“…”, 网传“…”系伪造) is reported speech of
    # any length: not a claim of the writer's for any family but pii_exposure.
    reported_before: re.Pattern[str] | None = None
    reported_after: re.Pattern[str] | None = None
    # Sentences a context does not switch rules off for: in an anti-fraud post, the sentence where
    # the writer turns to their own offer (想要安全又有收益？来我行买理财，保本稳健) is judged like
    # any other text.
    context_exceptions: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    # Words written with pinyin for some of their characters to slip past filters (稳zhuan,
    # li财, bao本): a pattern per word whose groups are its characters or their pinyin.
    pinyin_words: tuple[tuple[re.Pattern[str], str, frozenset[str]], ...] = ()
    pinyin_syllables: frozenset[str] = frozenset()
    # Screen ids of each warning frame and of each context's exception patterns.
    frame_screens: tuple[int, ...] = ()
    exception_screens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Screen ids of the product_ignore patterns (see _ignore_screen), and of the negators that
    # cancel a product cue (a text holding none of their literals negates no cue).
    ignore_screens: tuple[int, ...] = ()
    cue_negator_screen: int = ALWAYS
    # Screens of the negation scope's own patterns (negators, after_negators, masking, conditions,
    # corrections, by field name): a text holding none of a pattern's literals needs none of the
    # clause work that pattern would be searched in.
    scope_screens: dict[str, int] = field(default_factory=dict)
    # Not an init field: dataclasses.replace(book, rules=...) must not inherit the old cache.
    _applicable: dict[tuple[str, str], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def screened_ignore(self) -> tuple[tuple[int, re.Pattern[str]], ...]:
        """(screen, pattern) per ``product_ignore`` pattern, compiled to skip to its possible
        first characters (:func:`~redfunnel.compliance.literals.skipping`: the same
        substitutions). They open with an alternation of groups, which ``re`` would try at every
        position of every draft."""
        return tuple(zip(self.ignore_screens, map(skipping, self.product_ignore), strict=True))

    @cached_property
    def screened_cues(self) -> dict[str, tuple[tuple[int, Cue], ...]]:
        """(screen, its counter and finder) per product cue, by product: detection counts the
        live cues of every product in each draft, and scans those of the likely winner."""
        return {
            product: tuple(
                zip(self.cue_screens.get(product, (ALWAYS,) * len(pats)),
                    (Cue(counter(p), finder(p)) for p in pats), strict=True)
            )
            for product, pats in self.product_cues.items()
        }

    @cached_property
    def screened_contexts(self) -> dict[str, tuple[tuple[int, Searcher], ...]]:
        """(screen, searcher) per pattern of each context: a context is active when one of them
        matches, and only those whose literals occur can (the antifraud context has 41)."""
        return {
            name: tuple(
                zip(self.context_screens.get(name, (ALWAYS,) * len(pats)), map(searcher, pats),
                    strict=True)
            )
            for name, pats in self.contexts.items()
        }

    @cached_property
    def exception_keys(self) -> dict[str, str]:
        """Each context with exceptions, mapped to the first context whose exception patterns
        are the same (the shipped rulebook shares one list through a YAML anchor), so a text's
        offers are searched once per distinct list."""
        first: dict[tuple[str, ...], str] = {}
        return {
            name: first.setdefault(tuple(p.pattern for p in pats), name)
            for name, pats in self.context_exceptions.items()
        }

    @cached_property
    def model_rule_ids(self) -> frozenset[str]:
        """Ids of the rules that are the statistical layer's second opinions."""
        return frozenset(r.id for r in self.rules if r.detector in MODEL_DETECTORS)

    @cached_property
    def model_rule_families(self) -> frozenset[str]:
        """Families whose model the rulebook runs: only for them may it doubt a rule's finding
        (a rulebook without model rules, as the benchmark's rules-only pass, gets rules alone)."""
        return frozenset(r.family for r in self.rules if r.detector in MODEL_DETECTORS)

    def rules_for(self, kind: str, product: str) -> tuple[Rule, ...]:
        """The rules whose ``kinds`` and ``products`` admit a text of this kind and product, in
        rulebook order (computed once per pair: the checker asks for every text)."""
        key = (kind, product)
        found = self._applicable.get(key)
        if found is None:
            found = self._applicable[key] = tuple(
                r for r in self.rules
                if (r.kinds is None or kind in r.kinds)
                and (r.products is None or product in r.products)
            )
        return found


def rulebook_path(explicit: str | Path | None = None) -> Path:
    """The rulebook file in force: the explicit one, ``REDFUNNEL_RULEBOOK``, or the shipped one."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("REDFUNNEL_RULEBOOK")
    return Path(env) if env else DEFAULT_RULEBOOK


def load_rulebook(path: str | Path | None = None) -> Rulebook:
    """Load and compile a rulebook (cached per file path and modification time)."""
    resolved = rulebook_path(path).resolve()
    if not resolved.is_file():
        raise RulebookError(f"{resolved}: 规则库文件不存在")
    return _load(str(resolved), resolved.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> Rulebook:
    raw = Path(path).read_bytes()
    try:
        doc = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path}: 无法解析 YAML：{exc}") from exc
    if not isinstance(doc, dict):
        raise RulebookError(f"{path}: 顶层必须是映射（version/families/rules）")
    return _compile(doc, path, hashlib.sha256(raw).hexdigest())


def _compile(doc: dict[str, Any], path: str, digest: str) -> Rulebook:
    version = str(doc.get("version") or "")
    if not version:
        raise RulebookError(f"{path}: 缺少字段 version")
    families: dict[str, Family] = {}
    for fid, spec in (doc.get("families") or {}).items():
        if fid not in FAMILIES:
            raise RulebookError(
                f"{path}: families.{fid}: 未知规则族（可选：{', '.join(FAMILIES)}）"
            )
        sev = str((spec or {}).get("severity", ""))
        if sev not in SEVERITIES:
            raise RulebookError(f"{path}: families.{fid}.severity: 必须是 P0/P1/P2")
        families[fid] = Family(fid, str(spec.get("title", fid)), sev)
    contexts = {
        name: _patterns(pats, path, f"contexts.{name}")
        for name, pats in (doc.get("contexts") or {}).items()
    }
    cues = {}
    for product, pats in (doc.get("products") or {}).items():
        if product not in PRODUCTS:
            raise RulebookError(f"{path}: products.{product}: 未知产品类型")
        cues[product] = _patterns(pats, path, f"products.{product}")
    promotion = _patterns(doc.get("promotion_cues") or [], path, "promotion_cues")
    weights = {str(k): float(v) for k, v in (doc.get("product_weights") or {}).items()}
    if not set(weights) <= set(PRODUCTS):
        raise RulebookError(
            f"{path}: product_weights: 未知产品类型 {sorted(set(weights) - set(PRODUCTS))}"
        )
    quote_families = frozenset(doc.get("quote_mention_families") or ())
    frame_families = frozenset(doc.get("frame_families") or ())
    unknown = (quote_families | frame_families) - set(FAMILIES)
    if unknown:
        raise RulebookError(f"{path}: quote_mention_families/frame_families: 未知规则族 {sorted(unknown)}")
    frames = _patterns(doc.get("warning_frames") or [], path, "warning_frames")
    ignore = _patterns(doc.get("product_ignore") or [], path, "product_ignore")
    negation_scope = _negation_scope(doc.get("negation_scope") or {}, path)
    reported = doc.get("reported_speech") or {}
    if not isinstance(reported, dict) or set(reported) - {"before", "after"}:
        raise RulebookError(f"{path}: reported_speech: 必须是包含 before/after 的映射")
    reported_before, reported_after = (
        _compile_one(str(reported[key]), f"{path}: reported_speech", key)
        if reported.get(key)
        else None
        for key in ("before", "after")
    )
    exceptions = {
        str(name): _patterns(pats, path, f"context_exceptions.{name}")
        for name, pats in (doc.get("context_exceptions") or {}).items()
    }
    if set(exceptions) - set(contexts):
        raise RulebookError(
            f"{path}: context_exceptions: 未定义的上下文 {sorted(set(exceptions) - set(contexts))}"
        )
    pinyin_words, pinyin_syllables = _pinyin_words(doc.get("pinyin_evasion") or {}, path)
    rules = []
    seen: set[str] = set()
    screens = LiteralIndex()
    for index, spec in enumerate(doc.get("rules") or []):
        rules.append(_rule(spec, index, path, families, contexts, screens))
        if rules[-1].id in seen:
            raise RulebookError(f"{path}: rules[{index}].id: 规则编号 {rules[-1].id} 重复")
        seen.add(rules[-1].id)
    return Rulebook(
        version,
        digest,
        path,
        families,
        tuple(rules),
        cues,
        promotion,
        contexts,
        weights,
        quote_families,
        frames,
        frame_families,
        ignore,
        negation_scope,
        {product: tuple(screens.add([p.pattern]) for p in pats) for product, pats in cues.items()},
        {name: tuple(screens.add([p.pattern]) for p in pats) for name, pats in contexts.items()},
        screens,
        reported_before,
        reported_after,
        context_exceptions=exceptions,
        pinyin_words=pinyin_words,
        pinyin_syllables=pinyin_syllables,
        frame_screens=tuple(screens.add([p.pattern]) for p in frames),
        exception_screens={
            name: tuple(screens.add([p.pattern]) for p in pats) for name, pats in exceptions.items()
        },
        ignore_screens=tuple(_ignore_screen(screens, p) for p in ignore),
        cue_negator_screen=screens.add(
            [p.pattern]
            if (p := negation_scope.product_negators or negation_scope.negators) is not None
            else []
        ),
        scope_screens={
            name: screens.add([p.pattern] if (p := getattr(negation_scope, name)) else [])
            for name in SCOPE_SCREENED
        },
    )


def _ignore_screen(screens: LiteralIndex, pattern: re.Pattern[str]) -> int:
    """The screen of a product_ignore pattern. The patterns run one after another, each blanking
    its matches with spaces, and the screens are read on the text before any blanking: that is
    sound because blanking cannot make a literal appear, unless the literal holds a space."""
    literals = required_literals(pattern.pattern)
    if literals is None or any(ch.isspace() for literal in literals for ch in literal):
        return ALWAYS
    return screens.add([pattern.pattern])


_PINYIN_SEPARATOR = r"[ \-_*.·]?"


def _pinyin_words(
    spec: Any, path: str
) -> tuple[tuple[tuple[re.Pattern[str], str, frozenset[str]], ...], frozenset[str]]:
    """One pattern per evasion word: each character may be written as itself or as its pinyin,
    with at most one separator between characters, and the spelling may not touch other letters
    (``benchmark`` is not 本chmark). Group ``i`` is character ``i``'s spelling; the normaliser
    folds only matches with some pinyin in them (the plain word needs no folding), so each word
    comes with its syllables: a text spelling none of them needs no search for it."""
    where = f"{path}: pinyin_evasion"
    if not isinstance(spec, dict):
        raise RulebookError(f"{where}: 必须是包含 syllables/words 的映射")
    syllables = {str(k): str(v).lower() for k, v in (spec.get("syllables") or {}).items()}
    compiled = []
    for word in spec.get("words") or []:
        word = str(word)
        missing = "".join(ch for ch in word if ch not in syllables)
        if missing:
            raise RulebookError(f"{where}.words: {word} 的字 {missing} 没有拼音（syllables）")
        parts = [f"({re.escape(ch)}|{re.escape(syllables[ch])})" for ch in word]
        pattern = "(?<![a-z])" + _PINYIN_SEPARATOR.join(parts) + "(?![a-z])"
        compiled.append((_compile_one(pattern, where, f"words.{word}"), word,
                         frozenset(syllables[ch] for ch in word)))
    return tuple(compiled), frozenset(syllables.values())


def _negation_scope(spec: Any, path: str) -> NegationScope:
    where = f"{path}: negation_scope"
    if not isinstance(spec, dict):
        raise RulebookError(f"{where}: 必须是映射")

    def fams(key: str) -> frozenset[str]:
        values = frozenset(spec.get(key) or ())
        if not values <= set(FAMILIES):
            raise RulebookError(f"{where}.{key}: 未知规则族 {sorted(values - set(FAMILIES))}")
        return values

    def pattern(key: str) -> re.Pattern[str] | None:
        value = spec.get(key)
        # Searched over clauses thousands of times a second: compiled to skip ahead (literals).
        return skipping(_compile_one(str(value), where, key)) if value else None

    return NegationScope(
        families=fams("families"),
        negators=pattern("negators"),
        not_negators=pattern("not_negators"),
        contrast=pattern("contrast"),
        clause_breaks=pattern("clause_breaks"),
        list_marks=pattern("list_marks"),
        reach=int(spec.get("reach", 10)),
        after_families=fams("after_families"),
        after_negators=pattern("after_negators"),
        after_reach=int(spec.get("after_reach", 8)),
        corrections=pattern("corrections"),
        masking_families=fams("masking_families"),
        masking=pattern("masking"),
        condition_families=fams("condition_families"),
        conditions=pattern("conditions"),
        advice=pattern("advice"),
        product_negators=pattern("product_negators"),
        product_reach=int(spec.get("product_reach", 0)),
    )


def _rule(
    spec: Any,
    index: int,
    path: str,
    families: dict[str, Family],
    contexts: dict[str, tuple[re.Pattern[str], ...]],
    screens: LiteralIndex,
) -> Rule:
    where = f"{path}: rules[{index}]"
    if not isinstance(spec, dict):
        raise RulebookError(f"{where}: 每条规则必须是映射")
    rid = str(spec.get("id") or "")
    if not rid:
        raise RulebookError(f"{where}.id: 缺少规则编号")
    where = f"{path}: 规则 {rid}"
    for required in ("family", "source", "severity", "kind", "fix"):
        if not spec.get(required):
            raise RulebookError(f"{where}.{required}: 缺少字段")
    if spec["family"] not in families:
        raise RulebookError(f"{where}.family: 未在 families 中声明的规则族 {spec['family']}")
    if spec["severity"] not in SEVERITIES:
        raise RulebookError(f"{where}.severity: 必须是 P0/P1/P2")
    if spec["kind"] not in KINDS:
        raise RulebookError(f"{where}.kind: 必须是 {'/'.join(KINDS)}")
    products = spec.get("products")
    if products is not None:
        bad = [p for p in products if p not in PRODUCTS]
        if bad:
            raise RulebookError(f"{where}.products: 未知产品类型 {bad}")
    skip = frozenset(spec.get("skip_contexts") or ())
    if not skip <= set(contexts):
        raise RulebookError(f"{where}.skip_contexts: 未声明的语境 {sorted(skip - set(contexts))}")
    detector = spec.get("detector")
    if spec["kind"] == "detector" and detector not in DETECTORS:
        raise RulebookError(f"{where}.detector: 必须是 {'/'.join(DETECTORS)}")
    patterns = _patterns(spec.get("patterns") or [], where, "patterns")
    if spec["kind"] == "must_not" and not patterns:
        raise RulebookError(f"{where}.patterns: must_not 规则至少需要一个模式")
    any_of = _patterns(spec.get("any_of") or [], where, "any_of")
    if spec["kind"] == "must_contain" and not any_of:
        raise RulebookError(f"{where}.any_of: must_contain 规则至少需要一个披露模式")
    taken_back = _patterns(spec.get("taken_back") or [], where, "taken_back")
    negation = spec.get("negation")
    when = _patterns(spec.get("when") or [], where, "when")
    unless_text = _patterns(spec.get("unless_text") or [], where, "unless_text")
    allowed = _patterns(spec.get("allowed") or [], where, "allowed")
    allowed_near = _patterns(spec.get("allowed_near") or [], where, "allowed_near")
    near = _patterns(spec.get("near") or [], where, "near")
    return Rule(
        id=rid,
        family=spec["family"],
        source=str(spec["source"]),
        severity=spec["severity"],
        kind=spec["kind"],
        fix=str(spec["fix"]),
        title=str(spec.get("title", "")),
        products=frozenset(products) if products is not None else None,
        patterns=patterns,
        allowed=allowed,
        allowed_near=allowed_near,
        negation=_compile_one(negation + "$", where, "negation") if negation else None,
        near=near,
        window=int(spec.get("window", 12)),
        when=when,
        any_of=any_of,
        taken_back=taken_back,
        unless_text=unless_text,
        skip_contexts=skip,
        stop_at_spaces=bool(spec.get("stop_at_spaces", False)),
        kinds=frozenset(spec["kinds"]) if spec.get("kinds") else None,
        detector=detector,
        screen=screens.add(p.pattern for p in (patterns if spec["kind"] == "must_not" else when)),
        pattern_screens=tuple(screens.add([p.pattern]) for p in patterns),
        unless_screen=screens.add(p.pattern for p in unless_text),
        allowed_screens=tuple(screens.add([p.pattern]) for p in allowed),
        near_screens=tuple(screens.add([p.pattern]) for p in near),
        allowed_near_screens=tuple(screens.add([p.pattern]) for p in allowed_near),
    )


def _patterns(values: Any, where: str, fieldname: str) -> tuple[re.Pattern[str], ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise RulebookError(f"{where}.{fieldname}: 必须是正则表达式列表")
    return tuple(_compile_one(str(v), where, fieldname) for v in values)


def _compile_one(value: str, where: str, fieldname: str) -> re.Pattern[str]:
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise RulebookError(f"{where}.{fieldname}: 正则表达式无效 {value!r}：{exc}") from exc
