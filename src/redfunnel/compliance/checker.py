"""The compliance checker: product detection plus the rulebook's must-not, must-contain and
detector rules, returning findings with spans, sources and suggested fixes.

Keyword lists fail banks both ways: they flag 最近/第一次 and the 年化利率 a loan post is obliged to
show, yet cannot see a missing risk warning. So rules here are phrases with allowed contexts and
negations (``不保本`` is a disclosure, not a promise), scoped by the detected product (``保本`` is
lawful for 存款 and 国债, a violation for 理财), and paired with must-contain disclosures keyed by
product. Text is normalised first (full-width folded, zero-width characters and spacer symbols
between Chinese characters removed) so ``保 本``/``保*本`` evasions still match; spans are mapped
back to the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from typing import Any

from redfunnel.charfold import fold_traditional, replace_chars
from redfunnel.compliance.literals import (
    ALWAYS,
    is_char_class,
    scan,
    search,
    skipping,
)
from redfunnel.compliance.rulebook import (
    MODEL_DETECTORS,
    NegationScope,
    Rule,
    Rulebook,
    RuleContexts,
    load_rulebook,
)
from redfunnel.privacy.mask import pii_spans
from redfunnel.privacy.requests import find_sensitive_requests

__all__ = ["CheckResult", "Finding", "check_text", "detect_product", "normalise"]


# Full-width letters, digits and symbols fold to ASCII (evasion and "３．５％" rates), but the
# clause punctuation goes the other way, ASCII to Chinese, so rule patterns can bound a clause
# with one character class whichever way the author typed it.
_CLAUSE_MARKS = {ord(","): "，", ord("!"): "！", ord("?"): "？", ord(";"): "；"}
_FOLD = (
    {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "！，；？"}
    | {0x3000: 0x20}
    | _CLAUSE_MARKS
)
_FULLWIDTH_RE = re.compile("[\uff02-\uff0b\uff0d-\uff1a\uff1c-\uff1e\uff20-\uff5e\u3000,!?;]")
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u2060\ufeff]")
# Group 1 is the spacer; the pattern opens with the character before it, not a lookbehind,
# so the search can skip ahead on its first character.
_SPACER_RE = re.compile(r"[\u4e00-\u9fff]([ *·_.~\-]{1,3})(?=[\u4e00-\u9fff])")
_PRODUCT_ORDER = ("wealth", "loan", "credit_card", "fund_insurance", "gold", "deposit")
_CONTEXT_CHARS = 6
_ALLOWED_REACH = 40
_MODEL_DETECTORS = frozenset(MODEL_DETECTORS)


@dataclass(frozen=True)
class Finding:
    """One rule hit: where in the text, which rule and family, how bad, why and how to fix it."""

    family: str
    rule_id: str
    severity: str
    start: int
    end: int
    excerpt: str
    source: str
    fix: str
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["span"] = [self.start, self.end]
        return doc


@dataclass(frozen=True)
class CheckResult:
    """Findings count: they block (P0) or need a reviewer's reason (P1). ``doubted`` are rule
    findings the statistical layer judged unlike the family in this text: shown to the reviewer,
    neither blocking nor counted (see :data:`redfunnel.compliance.statistical.VETO_QUANTILE`)."""

    product: str
    findings: tuple[Finding, ...]
    rulebook_version: str
    doubted: tuple[Finding, ...] = ()

    @property
    def blocked(self) -> bool:
        """P0 findings block approval."""
        return any(f.severity == "P0" for f in self.findings)

    @property
    def families(self) -> set[str]:
        return {f.family for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "blocked": self.blocked,
            "rulebook_version": self.rulebook_version,
            "findings": [f.to_dict() for f in self.findings],
            "doubted": [f.to_dict() for f in self.doubted],
        }


def normalise(text: str, rulebook: Rulebook | None = None) -> tuple[str, list[int] | None]:
    """Fold full-width forms and traditional characters, unify clause marks, drop evasion
    characters and (with a rulebook) fold its pinyin evasions (稳zhuan → 稳赚); return the text
    and an offset map.

    The map gives, for each character of the normalised text, its index in the original; it is
    ``None`` when nothing was removed (the common case, so most texts cost two regex searches).
    """
    folded = fold_traditional(replace_chars(text, _FULLWIDTH_RE, _FOLD))
    pinyin = _pinyin_edits(folded, rulebook) if rulebook is not None else []
    if not pinyin and _ZERO_WIDTH_RE.search(folded) is None and _SPACER_RE.search(folded) is None:
        return folded, None
    # (start, end, replacement, where each replacement character starts in the original)
    edits: list[tuple[int, int, str, list[int]]] = sorted(
        [(m.start(), m.end(), "", []) for m in _ZERO_WIDTH_RE.finditer(folded)]
        + [(m.start(1), m.end(1), "", []) for m in _SPACER_RE.finditer(folded)]
        + pinyin
    )
    pieces: list[str] = []
    offsets: list[int] = []
    kept_from = 0
    for start, end, replacement, starts in edits:
        if start < kept_from and replacement:
            continue  # a pinyin spelling overlapping an earlier edit is left as written
        if start > kept_from:
            pieces.append(folded[kept_from:start])
            offsets.extend(range(kept_from, start))
        pieces.append(replacement)
        offsets.extend(starts)
        kept_from = max(kept_from, end)
    pieces.append(folded[kept_from:])
    offsets.extend(range(kept_from, len(folded)))
    return "".join(pieces), offsets


_LATIN_RUN_RE = re.compile(r"[A-Za-z]+")


def _pinyin_edits(folded: str, book: Rulebook) -> list[tuple[int, int, str, list[int]]]:
    """The rulebook's evasion words spelt partly in pinyin, as edits for :func:`normalise`.

    A word's pattern runs only when some run of Latin letters in the text is made of the
    rulebook's syllables (most Latin in bank posts is APP, R2, IRR or English) and holds one of
    the word's own: the pinyin part of a match is such a run.
    """
    if not book.pinyin_words:
        return []
    runs = [
        run
        for run in {m.group().lower() for m in _LATIN_RUN_RE.finditer(folded)}
        if _is_syllables(run, book.pinyin_syllables)
    ]
    if not runs:
        return []
    edits = []
    for pattern, word, syllables in book.pinyin_words:
        if not any(syllable in run for run in runs for syllable in syllables):
            continue
        for m in pattern.finditer(folded):
            if all(m.group(i + 1) == ch for i, ch in enumerate(word)):
                continue  # written as the word itself
            edits.append((m.start(), m.end(), word, [m.start(i + 1) for i in range(len(word))]))
    return edits


def _is_syllables(run: str, syllables: frozenset[str]) -> bool:
    """Whether ``run`` is one or more of ``syllables`` written together (baoben, zhuan)."""
    ends = {0}
    for i in range(1, len(run) + 1):
        if any(run[j:i] in syllables for j in ends if j < i):
            ends.add(i)
    return len(run) in ends


def detect_product(text: str, rulebook: Rulebook | None = None) -> str:
    """The product a text is mainly about: wealth, loan, credit_card, deposit, fund_insurance,
    gold or none (the product with most cue hits; ties follow a fixed priority)."""
    book = rulebook or load_rulebook()
    norm, _ = normalise(text, book)
    return _detect(norm, book)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _detect(
    norm: str, book: Rulebook, live: set[int] | None = None, soft: tuple[int, ...] = ()
) -> str:
    if live is None:
        live = book.screens.live(norm)
    for screen, pattern in book.screened_ignore:
        if screen in live:
            norm = pattern.sub(_blank, norm)
    scope = book.negation_scope
    clauses = _Clauses(norm, scope, soft)
    # Blanking ignored spans (above) cannot make a negator's literal appear.
    negatable = bool(scope.product_reach) and book.cue_negator_screen in live
    best, best_score = "none", 0.0
    screened_cues = book.screened_cues
    for product in _PRODUCT_ORDER:
        cues = [cue for screen, cue in screened_cues.get(product, ()) if screen in live]
        if not cues:
            continue  # scores nothing, and best_score is never below nothing
        weight = book.product_weights.get(product, 1.0)
        if weight * sum(cue.count(norm) for cue in cues) <= best_score:
            continue  # cannot win even if no cue is negated; skip the negation checks
        starts = [m.start() for cue in cues for m in cue.find(norm)]
        score = weight * sum(
            1
            for start in starts
            if not (
                negatable
                and clauses.negated_before(start, scope.product_reach, scope.product_negators)
            )
        )
        if score > best_score:
            best, best_score = product, score
    return best


def check_text(
    text: str, *, product: str | None = None, kind: str = "note", rulebook: Rulebook | None = None
) -> CheckResult:
    """Check one text (a post, comment reply or DM reply) against the rulebook.

    ``product`` overrides detection when the author knows it; ``kind`` (note, comment_reply,
    dm_reply, comment) lets rules apply only to some channels.
    """
    book = rulebook or load_rulebook()
    norm, offsets = normalise(text or "", book)
    live = book.screens.live(norm)
    soft = _soft_breaks(text or "", offsets)
    detected = product if product and product != "auto" else _detect(norm, book, live, soft)
    active = {
        name
        for name, pairs in book.screened_contexts.items()
        if any(seek(norm) for screen, seek in pairs if screen in live)
    }
    scope = _Scope(norm, book, soft, live)
    findings: list[Finding] = []
    norm_spans: list[tuple[int, int]] = []  # each finding's span in the normalised text
    missing: set[str] = set()
    for rule in book.rules_for(kind, detected):
        if rule.screen not in live:
            continue  # none of the literals its patterns need is in the text
        if rule.detector in _MODEL_DETECTORS and not _opinion_due(rule.family, findings, scope):
            continue  # (asked first: the text's score is cached, the checks below are not)
        if (
            rule.unless_text
            and rule.unless_screen in live
            and any(search(p, norm) for p in rule.unless_text)
        ):
            scope.cleared.add(rule.family)  # out of the rule's scope: no second opinion either
            continue
        skipping = rule.skip_contexts & active if active else active
        if skipping and not all(scope.has_exception(name) for name in skipping):
            continue  # a context switches the rule off, and no sentence is an exception to it
        if rule.kind == "must_not":
            spans = _must_not(rule, norm, scope, live)
        elif rule.kind == "must_contain":
            if rule.family in missing:
                continue  # one missing disclosure per family: the first (most severe) rule says it
            spans = _must_contain(rule, norm, scope)
            if skipping:
                spans = scope.excepted(spans, skipping)
            if spans:
                missing.add(rule.family)
        elif rule.detector in _MODEL_DETECTORS:
            if rule.when and not any(search(p, norm) for p in rule.when):
                continue  # what the family needs is absent (an ad without an entry to click)
            from redfunnel.compliance.statistical import model_spans

            spans = [s for s in model_spans(rule.family, norm) if not scope.exempt(rule.family, *s)]
        else:
            # Detectors read the original text; their spans are mapped onto the normalised one
            # like every other rule's, and back to the original below.
            spans = [_to_norm(s, offsets) for s in _detector(rule, text or "", norm)]
            spans = [s for s in spans if not scope.exempt(rule.family, *s)]
        if skipping and rule.kind != "must_contain":
            spans = scope.excepted(spans, skipping)
        for start, end in spans:
            o_start, o_end = _to_original(start, end, offsets, norm, text or "")
            norm_spans.append((start, end))
            findings.append(
                Finding(
                    family=rule.family,
                    rule_id=rule.id,
                    severity=rule.severity,
                    start=o_start,
                    end=o_end,
                    excerpt=(text or "")[o_start:o_end],
                    source=rule.source,
                    fix=rule.fix,
                    title=rule.title,
                )
            )
    findings, doubted = _doubted(findings, norm_spans, book, norm)
    return CheckResult(detected, _dedupe(findings), book.version, _dedupe(doubted))


def _opinion_due(family: str, findings: list[Finding], scope: _Scope) -> bool:
    """Whether a family's model rule may add a finding: the rules have not named the family
    (the model is a second opinion), nor seen its words and cleared them (不需要您的密码), and the
    text as a whole scores at the family's threshold (:func:`statistical.model_flagged`). Only the
    model rule reads ``scope.cleared``, so asking this before the rule's own scope checks
    changes no result."""
    flagged = scope.flagged
    if flagged is None:
        from redfunnel.compliance.statistical import model_flagged

        flagged = scope.flagged = model_flagged(scope.norm)
    return (
        family in flagged
        and family not in scope.cleared
        and not any(f.family == family for f in findings)
    )


def _doubted(
    findings: list[Finding], norm_spans: list[tuple[int, int]], book: Rulebook, norm: str
) -> tuple[list[Finding], list[Finding]]:
    """The findings kept, and the rule findings the family's model (when the rulebook runs it)
    doubts: the text and the finding's clause score below its doubt level
    (``statistical.model_doubts``)."""
    models = book.model_rule_families
    if not models or not findings:
        return findings, []
    from redfunnel.compliance.statistical import model_doubts

    model_rules = book.model_rule_ids
    kept: list[Finding] = []
    doubted: list[Finding] = []
    for finding, span in zip(findings, norm_spans, strict=True):
        if (
            finding.family in models
            and finding.rule_id not in model_rules
            and model_doubts(finding.family, norm, span)
        ):
            doubted.append(finding)
        else:
            kept.append(finding)
    return kept, doubted


def _dedupe(findings: list[Finding]) -> tuple[Finding, ...]:
    """Keep the most severe of overlapping findings of one family (a P0 and a P1 rule of
    absolute_terms hitting the same 最高 is one problem), ordered by severity then position."""
    ordered = sorted(findings, key=lambda f: (f.severity, f.start, f.rule_id))
    kept: list[Finding] = []
    for finding in ordered:
        if any(
            k.family == finding.family
            and k.start < finding.end
            and finding.start < k.end
            and k.end > k.start
            for k in kept
        ):
            continue
        kept.append(finding)
    return tuple(kept)


def _to_norm(span: tuple[int, int], offsets: list[int] | None) -> tuple[int, int]:
    """Map an original-text span (from a detector reading the raw text) onto the normalised one."""
    if offsets is None:
        return span
    return bisect.bisect_left(offsets, span[0]), bisect.bisect_left(offsets, span[1])


def _to_original(
    start: int, end: int, offsets: list[int] | None, norm: str, text: str
) -> tuple[int, int]:
    if offsets is None:
        return start, end
    if not offsets:
        return 0, 0
    o_start = offsets[min(start, len(offsets) - 1)]
    o_end = offsets[min(end, len(offsets)) - 1] + 1 if end > 0 else o_start
    # A character folded from pinyin (稳zhuan → 赚) covers its whole spelling.
    limit = offsets[end] if end < len(offsets) else len(text)
    while o_end < limit and text[o_end - 1].isascii() and text[o_end].isascii() and (
        text[o_end].isalpha()
    ):
        o_end += 1
    return o_start, o_end


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "\"": "\"", "'": "'", "‘": "’", "《": "》"}
# An ASCII apostrophe inside an English word (don't, it's) opens no quotation.
_QUOTE_OPEN_RE = skipping(re.compile(
    "[" + re.escape("".join(q for q in _QUOTE_PAIRS if q != "'")) + "]|(?<![A-Za-z])'"
))
_SENTENCE_END = re.compile(r"[。！？；\n]")
# A mention is a short quoted phrase (“保本高息”, "稳赚不赔"); a long quote is usually a
# testimonial the post itself endorses, and a quoted award, nickname or product name (“类存单”理财,
# 我们内部都叫它「保本款」) is the post's own claim.
_MAX_QUOTE = 14
# A quotation standing on a line of its own (a list of what scammers say, one line each) is
# someone's words whatever its length, up to this many characters.
_MAX_LINE_QUOTE = 60
# Before the quote: an award, a name or framing the writer gives, or a product name.
_OWN_QUOTE_BEFORE = skipping(re.compile(
    r"(?:获评|荣获|评为|评选|称号|荣膺|喜获|斩获"
    r"|叫它|叫做|叫作|称它为|称为|称之为|名叫|取名|理解[成为]|当[成作]|看[成作]"
    r"|相当于|等于"
    r"|(?:这|呢|该|本|我们的|我哋嘅)(?:款|只|支)|试(?:试|下|一下)(?:我们的|我哋嘅)?)"
    r"[^，。]{0,3}$"
))
# ...unless the naming is a mistake the writer points out: 很多人把它当成“预期收益”.
_MISTAKEN_BEFORE = re.compile(
    r"(?:很多人|不少人|有人|有些人|好多人|别|不要|千万别|误)把[^，。]{0,6}(?:当[成作]|看[成作]|理解[成为])[^，。]{0,3}$"
)
# "我行理财经理不会通过个人账户收款": the bank's name followed by a denial offers nothing.
_OFFER_DENIED_AFTER = re.compile(r"[^，。！？；\n]{0,4}?(?:不会|绝不|从不|从来不|不得|不能|没有)")
_OWN_QUOTE_AFTER = re.compile(r"^(?:上新|上线|开售|发售|来了|来啦|系列|新品|产品|开抢|火热|理财|基金)")


class _Scope:
    """Where a hit sits: inside quotation marks (a mention of someone else's words, as in an
    anti-fraud post quoting “保本高息”), or in a sentence framed as a warning or denial
    (千万别信 / 我们行没有这种产品 / 银行绝不会索要验证码). Such hits are not claims for the
    families the rulebook lists."""

    def __init__(
        self, norm: str, book: Rulebook, soft: tuple[int, ...] = (), live: set[int] | None = None
    ) -> None:
        self.norm = norm
        self.book = book
        self.soft = soft
        self.live = book.screens.live(norm) if live is None else live
        # The warning frames whose literals occur in the text; the others match no sentence of it.
        self._frames = [
            p
            for p, screen in zip(book.warning_frames, book.frame_screens, strict=True)
            if screen in self.live
        ]
        self.clauses = _Clauses(norm, book.negation_scope, soft)
        self._quotes: list[tuple[int, int]] | None = None
        self._reported: list[tuple[int, int]] = []
        self._framed: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        self._ends: list[int] | None = None  # sentence-ending characters' positions
        self._word_spaces: list[int] | None = None
        # Offer positions per context-exception pattern list (contexts sharing one list, as the
        # shipped rulebook's do through a YAML anchor, share the search: Rulebook.exception_keys).
        self._offer_starts: dict[str, list[int]] = {}
        # Families whose words the rules saw and cleared (a denial in the negation scope, a
        # required disclosure that is there): the model's second opinion on the same text would
        # only re-read those words as a claim. Allowed phrases, quotations and warning frames do
        # not clear a family: measured on the held-out sets, that cost the model more recall
        # than it saved false alarms.
        self.cleared: set[str] = set()
        self.flagged: frozenset[str] | None = None  # families the model flags (asked once)

    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            spans: list[tuple[int, int]] = []
            norm = self.norm
            opener = _QUOTE_OPEN_RE.search(norm)
            while opener is not None:
                i = opener.start()
                j = norm.find(_QUOTE_PAIRS[norm[i]], i + 1)
                if j == -1 or "\n" in norm[i + 1 : j]:
                    opener = _QUOTE_OPEN_RE.search(norm, i + 1)
                    continue
                if self._reported_speech(i, j):
                    self._reported.append((i + 1, j))
                    spans.append((i + 1, j))
                elif (
                    (j - i - 1 <= _MAX_QUOTE or self._own_line(i, j))
                    and not self._named_by_writer(i)
                    and not _OWN_QUOTE_AFTER.match(norm[j + 1 : j + 4])
                ):
                    spans.append((i + 1, j))
                opener = _QUOTE_OPEN_RE.search(norm, j + 1)
            self._quotes = spans
        return self._quotes

    def _named_by_writer(self, open_at: int) -> bool:
        """Whether the words before the quote make it the writer's own naming (叫它「保本款」),
        not a misnaming the writer points out (很多人把它当成“预期收益”)."""
        norm = self.norm
        return bool(
            _OWN_QUOTE_BEFORE.search(norm[max(0, open_at - 8) : open_at])
            and not _MISTAKEN_BEFORE.search(norm[max(0, open_at - 16) : open_at])
        )

    def _own_line(self, open_at: int, close_at: int) -> bool:
        """Whether the quotation from ``open_at`` to ``close_at`` fills its line."""
        norm = self.norm
        return (
            close_at - open_at - 1 <= _MAX_LINE_QUOTE
            and (open_at == 0 or norm[open_at - 1] == "\n")
            and (close_at + 1 == len(norm) or norm[close_at + 1] == "\n")
        )

    def quoted(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quotes())

    def reported(self, start: int, end: int) -> bool:
        """Inside a quotation attributed to someone else (see ``Rulebook.reported_before``)."""
        self.quotes()
        return any(qs <= start and end <= qe for qs, qe in self._reported)

    def _reported_speech(self, open_at: int, close_at: int) -> bool:
        before, after = self.book.reported_before, self.book.reported_after
        return bool(
            (before is not None and before.search(self.norm[max(0, open_at - 24) : open_at]))
            or (after is not None and after.match(self.norm[close_at + 1 : close_at + 16]))
        )

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around a span. A space the writer used as punctuation also starts one: a
        warning before it does not reach the claim after it (您别听网上瞎说 我们这款理财相当于存款),
        while a verdict after the claim still covers it (年化8%还保本 那是骗人的)."""
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self.norm)]
        i = bisect.bisect_left(self._ends, start)
        lo = self._ends[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self._ends, end, i)
        hi = self._ends[j] if j < len(self._ends) else len(self.norm)
        return max(lo, _soft_start(self.soft, start)), hi

    def clause_tail(self, start: int, width: int) -> str:
        """The ``width`` characters before ``start``, cut at the last clause break among them (an
        emoji or a bracket ends a clause as a comma does: 问题不能等❗评论区留下手机号)."""
        lo = max(0, start - width)
        breaks = self.clauses.breaks(lists=False)
        i = bisect.bisect_left(breaks, start)
        if i and breaks[i - 1] >= lo:
            lo = breaks[i - 1] + 1
        return self.norm[lo:start]

    def crosses_word_space(self, start: int, end: int) -> bool:
        """Whether a dropped space inside the span stood between words (two or more characters
        on each side, up to the next dropped space), not between the characters of an evasion
        (理 财 就 是 存 款)."""
        if self._word_spaces is None:
            soft, n = self.soft, len(self.norm)
            self._word_spaces = [
                at
                for i, at in enumerate(soft)
                if at - (soft[i - 1] if i else 0) >= 2
                and (soft[i + 1] if i + 1 < len(soft) else n) - at >= 2
            ]
        i = bisect.bisect_right(self._word_spaces, start)
        return i < len(self._word_spaces) and self._word_spaces[i] < end

    def framed(self, start: int, end: int) -> bool:
        """Whether the hit's sentence carries a warning frame. A frame before the writer turns to
        their own offer does not reach past it (别信民间高息，来我行选「存享」理财，跟存款一样稳):
        the context exceptions' patterns mark that turn. Nor does it reach past a contrast
        (名义上不承诺保本，但基本上不可能亏)."""
        if not self._frames:
            return False  # no frame's literals in the text: no sentence of it is framed
        key = self.sentence(start, end)
        found = self._framed.get(key)
        if found is None:
            lo, hi = key
            frames = [m.end() + lo for p in self._frames for m in scan(p, self.norm[lo:hi])]
            turns = [at for at in self._all_offers() if lo <= at < hi] if frames else []
            contrast = self.book.negation_scope.contrast
            if frames and contrast is not None:
                turns += [m.start() + lo for m in contrast.finditer(self.norm, lo, hi)]
            found = self._framed[key] = (frames, turns)
        frames, turns = found
        return any(f > start or not any(f <= t <= start for t in turns) for f in frames)

    def has_exception(self, context: str) -> bool:
        """Whether some sentence of the text is an exception to ``context`` (see
        ``Rulebook.context_exceptions``); contexts without exceptions have none."""
        return bool(self._offers(context))

    def _offers(self, context: str) -> list[int]:
        """Where the text makes an exception to ``context`` (the writer's own offer), except
        where a negator governs it (在校学生不能申请我行信用卡 offers nothing), a denial follows it
        (我行理财经理不会通过个人账户收款) or it is quoted
        (有人发传单“学生也能办首付贷”: the scammer's offer, not the writer's)."""
        key = self.book.exception_keys.get(context, context)
        found = self._offer_starts.get(key)
        if found is None:
            ns = self.book.negation_scope
            found = self._offer_starts[key] = sorted(
                m.start()
                for p in self._exception_patterns(context)
                for m in scan(p, self.norm)
                if not self.clauses.negated_before(m.start(), ns.reach)
                and not _OFFER_DENIED_AFTER.match(self.norm, m.end())
                and not self.quoted(m.start(), m.end())
            )
        return found

    def _all_offers(self) -> list[int]:
        return sorted({at for name in self.book.context_exceptions for at in self._offers(name)})

    def _exception_patterns(self, context: str) -> list[re.Pattern[str]]:
        return [
            p
            for p, screen in zip(
                self.book.context_exceptions.get(context, ()),
                self.book.exception_screens.get(context, ()),
                strict=True,
            )
            if screen in self.live
        ]

    def excepted(
        self, spans: list[tuple[int, int]], contexts: AbstractSet[str]
    ) -> list[tuple[int, int]]:
        """The spans in sentences the active ``contexts`` make an exception for (see
        ``Rulebook.context_exceptions``); the others are switched off with the rule."""
        offers = [at for name in contexts for at in self._offers(name)]
        kept = []
        for start, end in spans:
            lo, hi = self.sentence(start, end)
            if any(lo <= at < hi for at in offers):
                kept.append((start, end))
        return kept

    def exempt(self, family: str, start: int, end: int) -> bool:
        """Whether a hit is a mention, warned against or denied rather than a claim (a denial
        also clears the family's words in this text for the model layer)."""
        if family in self.book.quote_mention_families and self.quoted(start, end):
            return True
        if family != "pii_exposure" and self.reported(start, end):
            return True
        if family in self.book.frame_families and self.framed(start, end):
            return True
        if self.negated(family, start, end):
            self.cleared.add(family)
            return True
        return False

    def negated(self, family: str, start: int, end: int) -> bool:
        """Whether the hit is denied, corrected, masked or only the reader's condition (see
        :class:`~redfunnel.compliance.rulebook.NegationScope`)."""
        ns, norm, clauses = self.book.negation_scope, self.norm, self.clauses
        screens, live = self.book.scope_screens, self.live
        if family in ns.families:
            if screens.get("negators", ALWAYS) in live and clauses.negated_before(start, ns.reach):
                return True
            if ns.corrections is not None and screens.get("corrections", ALWAYS) in live:
                _lo, s_end = self.sentence(start, end)
                if s_end < len(norm) and norm[s_end] in "？?" and ns.corrections.match(
                    norm[s_end + 1 : s_end + 20].lstrip()
                ):
                    return True
        if (
            family in ns.after_families
            and ns.after_negators is not None
            and screens.get("after_negators", ALWAYS) in live
        ):
            after = clauses.after(end)
            m = ns.after_negators.search(after)
            if m is not None and m.start() <= ns.after_reach:
                return True
        if (
            family in ns.masking_families
            and ns.masking is not None
            and screens.get("masking", ALWAYS) in live
        ):
            if ns.masking.search(clauses.after(end, cut_contrast=False, aside=True, lists=False)):
                return True
        if (
            family in ns.condition_families
            and ns.conditions is not None
            and screens.get("conditions", ALWAYS) in live
        ):
            if ns.conditions.search(clauses.before(start)):
                hi = clauses.end(end)
                if ns.advice is None or ns.advice.match(norm[hi : hi + 8]):
                    return True
        return False


_CLOSE_PAREN_RE = re.compile("[）)]")


class _Clauses:
    """Clause boundaries of one text for the negation scope: where clauses break (punctuation,
    and list marks unless told otherwise), what precedes and follows a hit inside its clause, and
    whether a negator governs it. Break positions are found once per text, not per hit."""

    def __init__(self, norm: str, ns: NegationScope, soft: tuple[int, ...] = ()) -> None:
        self.norm = norm
        self.ns = ns
        self.soft = soft  # clause starts where a separating space was dropped (see _soft_breaks)
        self._breaks: dict[bool, list[int]] = {}

    def breaks(self, lists: bool = True) -> list[int]:
        """Positions of the clause-breaking characters (list marks included when ``lists``)."""
        found = self._breaks.get(lists)
        if found is None:
            positions = set(_char_positions(self.ns.clause_breaks, self.norm))
            if lists:
                positions |= set(_char_positions(self.ns.list_marks, self.norm))
            self._breaks[lists] = found = sorted(positions)
        return found

    def end(self, end: int, lists: bool = True) -> int:
        """Where the clause containing position ``end`` ends."""
        breaks = self.breaks(lists)
        i = bisect.bisect_left(breaks, end)
        hi = breaks[i] if i < len(breaks) else len(self.norm)
        j = bisect.bisect_left(self.soft, end)
        return min(hi, self.soft[j]) if j < len(self.soft) else hi

    def before(self, start: int, lists: bool = True) -> str:
        """The clause text before a hit, from the last clause break or contrastive marker."""
        breaks = self.breaks(lists)
        i = bisect.bisect_left(breaks, start)
        lo = max(breaks[i - 1] + 1 if i else 0, _soft_start(self.soft, start))
        before = self.norm[lo:start]
        if self.ns.contrast is not None:
            cut = 0
            for m in self.ns.contrast.finditer(before):
                cut = m.end()
            before = before[cut:]
        return before

    def after(
        self, end: int, *, cut_contrast: bool = True, aside: bool = False, lists: bool = True
    ) -> str:
        """The clause text after a hit, up to a contrastive marker (unless ``cut_contrast`` is
        off); with ``aside``, a bracketed remark right after the clause belongs to it
        (截图发过来（卡号部分可以打码）); without ``lists``, list items stay in one clause
        (验证码、卡号请遮住)."""
        hi = self.end(end, lists)
        if aside and hi < len(self.norm) and self.norm[hi] in "（(":
            close = _CLOSE_PAREN_RE.search(self.norm, hi, hi + 40)
            if close is not None:
                hi = close.start()
        after = self.norm[end:hi]
        if cut_contrast and self.ns.contrast is not None:
            m = self.ns.contrast.search(after)
            if m is not None:
                after = after[: m.start()]
        return after

    def negated_before(
        self, start: int, reach: int, negators: re.Pattern[str] | None = None
    ) -> bool:
        """A negator in the hit's clause, at most ``reach`` characters before it, governs it."""
        ns = self.ns
        negators = negators or ns.negators
        if negators is None:
            return False
        before = self.before(start, lists=negators is ns.negators)
        for m in negators.finditer(before):
            if len(before) - m.end() > reach:
                continue
            at = start - len(before) + m.start()
            if ns.not_negators is not None and ns.not_negators.match(self.norm, at):
                continue
            return True
        return False


# A dropped run holding a space or a tilde (好的～ 我们…) was the writer's punctuation.
_SOFT_GAP_RE = re.compile(r"[\s~～]")


def _soft_breaks(text: str, offsets: list[int] | None) -> tuple[int, ...]:
    """Positions of the normalised text where whitespace (or a tilde) between Chinese characters
    was dropped.

    :func:`normalise` drops ``保 本`` spacers so evasions match, but most such spaces are the
    writer's punctuation (``亲 不会的 这个理财就相当于存款``): a negator or warning before the space
    does not reach past it.
    """
    if offsets is None:
        return ()
    return tuple(
        i
        for i in range(1, len(offsets))
        if offsets[i] - offsets[i - 1] > 1
        and _SOFT_GAP_RE.search(text, offsets[i - 1] + 1, offsets[i]) is not None
    )


def _soft_start(soft: tuple[int, ...], pos: int) -> int:
    """Where the last space-separated stretch beginning at or before ``pos`` starts (0 if none)."""
    i = bisect.bisect_right(soft, pos)
    return soft[i - 1] if i else 0


def _char_positions(pattern: re.Pattern[str] | None, text: str) -> list[int]:
    """Positions of the characters ``pattern`` matches on its own (as ``pattern.match(ch)``)."""
    if pattern is None:
        return []
    if is_char_class(pattern.pattern):
        return [m.start() for m in pattern.finditer(text)]
    return [i for i, ch in enumerate(text) if pattern.match(ch) is not None]


def _must_not(rule: Rule, norm: str, scope: _Scope, live: set[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    contexts: RuleContexts | None = None
    # The patterns whose literals occur, in rulebook order (an earlier pattern's hit takes the
    # characters a later one would overlap).
    for index in [i for screen, i in rule.screened_patterns if screen in live]:
        for match in rule.finders[index](norm):
            start, end = match.span()
            if start == end or any(s <= start < e or start <= s < end for s, e in spans):
                continue  # (a skipped exemption check clears nothing that matters: the family
                # is found, so the model's second opinion on it does not run)
            if rule.stop_at_spaces and scope.crosses_word_space(start, end):
                continue
            if contexts is None:
                contexts = _live_contexts(rule, live)
            if _exempt(rule, contexts, scope, start, end) or scope.exempt(rule.family, start, end):
                continue
            spans.append((start, end))
    return spans


def _live_contexts(rule: Rule, live: set[int]) -> RuleContexts:
    """The rule's contexts that may match the text (their literals occur in it); the others
    cannot match in any window of it."""
    groups = rule.contexts_by_screen
    found = [groups[screen] for screen in live.intersection(groups)]
    if len(found) == 1:
        return found[0]
    return RuleContexts(
        tuple(p for group in found for p in group.near),
        tuple(p for group in found for p in group.allowed_near),
        tuple(f for group in found for f in group.allowed),
    )


def _exempt(rule: Rule, contexts: RuleContexts, scope: _Scope, start: int, end: int) -> bool:
    norm = scope.norm
    lo, hi = max(0, start - rule.window), min(len(norm), end + rule.window)
    window = norm[lo:hi]
    if rule.near and not any(p.search(window) for p in contexts.near):
        return True
    if any(p.search(window) for p in contexts.allowed_near):
        return True
    if rule.negation is not None and rule.negation.search(scope.clause_tail(start, 8)):
        scope.cleared.add(rule.family)  # denied (并不代表保本): the model must not re-read it
        return True
    # An allowed phrase must overlap the hit, so it may be read in a wider span than the near
    # window: a range such as 最低收益1.2%，最高3.1% is longer than the window around 最低.
    a_lo, a_hi = max(0, start - _ALLOWED_REACH), min(len(norm), end + _ALLOWED_REACH)
    span = norm[a_lo:a_hi]
    for find in contexts.allowed:
        for match in find(span):
            if match.start() + a_lo < end and match.end() + a_lo > start:
                return True
    return False


def _must_contain(rule: Rule, norm: str, scope: _Scope) -> list[tuple[int, int]]:
    cue: tuple[int, int] | None = None
    if rule.when:
        for pattern in rule.when:
            for match in scan(pattern, norm):
                if match.start() == match.end():
                    continue
                if scope.exempt(rule.family, *match.span()):
                    continue  # a quoted or warned-against cue promotes nothing
                cue = match.span()
                break
            if cue:
                break
        if cue is None:
            return []
    disclosed = norm
    for pattern in rule.taken_back:
        disclosed = pattern.sub(_blank, disclosed)
    if any(search(p, disclosed) for p in rule.any_of):
        if cue is not None:
            scope.cleared.add(rule.family)  # promoted, and the disclosure is there
        return []
    if cue is not None:
        return [cue]
    return [(0, min(len(norm), _CONTEXT_CHARS))]


def _detector(rule: Rule, text: str, norm: str) -> list[tuple[int, int]]:
    if rule.detector == "pii_exposure":
        return _pii_spans(text)
    if rule.detector == "pii_request":
        return _pii_request_spans(text)
    return []


def _pii_spans(text: str) -> list[tuple[int, int]]:
    """Spans of personal data, as found by :func:`redfunnel.privacy.mask.pii_spans`.

    The masker is the single definition of what counts as personal data (ID checksum, Luhn,
    mobile, WeChat/QQ, e-mail); its span API runs the same rules on the original offsets.
    """
    return [(start, end) for start, end, _kind in pii_spans(text)]


def _pii_request_spans(text: str) -> list[tuple[int, int]]:
    """Spans where the text asks for card numbers, passwords, codes or ID photos.

    The detector lives in ``redfunnel.privacy.requests`` (shared with the inbox, which must never
    send such a reply; it also knows that a leading ``回复@小鱼：`` is an address, not a cue); this
    module only adapts its answer to spans.
    """
    return [(hit.start, hit.end) for hit in find_sensitive_requests(text)]
