"""Masking of personal data in comment and DM text before it is stored.

Bank-account comment sections attract phone numbers, ID numbers, card numbers and lead-generation
handles (微信/QQ). Everything is rule based so it runs offline on millions of comments: checksums
(ISO 7064 for ID numbers, Luhn for cards) keep order numbers and amounts readable, and the rules run
in a fixed order (ID, card, mobile, then handles) so a shorter pattern never eats part of a longer
number. For a bank over-masking is the safer error, hence card-like numbers next to words such as
卡号 are masked even when the Luhn check fails.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from difflib import SequenceMatcher

from redfunnel.charfold import fold_fullwidth
from redfunnel.compliance.literals import skipping

__all__ = ["PII_KINDS", "contains_pii", "hash_user_id", "mask_name", "mask_pii", "pii_spans"]

_CN_NUMERALS = "幺一二三四五六七八九零〇"

_TRIGGER_RE = re.compile(
    rf"[0-9@]|微信|威信|薇信|扣扣|[薇威][:：]|卫星|绿泡泡|(?i:vx|wx|v信|加v|\+v|v[:：]|qq)"
    rf"|[{_CN_NUMERALS}](?:[ -]?[{_CN_NUMERALS}]){{10}}",
    re.ASCII,
)
# Necessary conditions of the rules below, checked first because a failed search of a pattern
# that opens with a lookbehind costs a step at every character: ID, card and mobile numbers all
# hold a run of 11 digits (single spaces or hyphens between them allowed), a mobile number in
# Chinese numerals a run of 11 digits or numerals, and the handle rules one of their cue characters.
_DIGIT_RUN_RE = re.compile(r"[0-9](?:[ -]?[0-9]){10}")
_NUMERAL_RUN_RE = re.compile(rf"[0-9{_CN_NUMERALS}](?:[ -]?[0-9{_CN_NUMERALS}]){{10}}")
_WECHAT_CUES = "微威薇卫绿vVwW"
_QQ_CUES = "qQ扣"

_ID_RE = skipping(re.compile(r"(?<!\d)[1-9](?:[ -]?\d){16}[ -]?[\dXx](?!\d)", re.ASCII))
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_CARD_RE = skipping(re.compile(
    r"(?<!\d)(?:\d{16,19}(?!\d)"
    r"|(?<!\d[ -])\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?"
    r"(?![ -]?\d))",
    re.ASCII,
))
_CARD_CONTEXT_RE = re.compile(r"卡号|银行卡|尾号|账号|信用卡|储蓄卡|(?i:card(?:\s?(?:number|no\.?))?(?:\s?(?:is|:))?)")
_CARD_CONTEXT_GAP = 8
_CARD_CONTEXT_LONGEST = len("card number is")  # the longest context word the window must hold

_MOBILE_RE = skipping(re.compile(
    r"(?<!\d)(?P<cc>\+?86[ -]?)?(?P<num>1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)(?!\s?\*{4})", re.ASCII
))
_CN_MOBILE_RE = skipping(re.compile(
    rf"(?<![0-9{_CN_NUMERALS}])[1一幺][ -]?[3-9三四五六七八九]"
    rf"(?:[ -]?[0-9{_CN_NUMERALS}]){{9}}(?![0-9{_CN_NUMERALS}])(?!\s?\*{{4}})"
))
_WECHAT_RE = re.compile(
    r"(?P<prefix>(?:微信|威信|薇信|[薇威](?=[:：])|卫星|绿泡泡|(?<![A-Za-z])(?i:vx|wx|v信|加v|\+v|v(?=[:：])))[号码是:：\s]*)"
    # A handle never runs into another rule's mask (微信vx110105********002X: the digits are
    # what is left visible of an ID number, not part of a handle).
    r"[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9]*\s?\*{4})",
    re.ASCII,
)
_QQ_RE = re.compile(
    r"(?P<prefix>(?:(?<![A-Za-z])(?i:qq)|扣扣)[号码是:：\s]*)\d{5,11}(?!\d)(?!\s?\*{4})", re.ASCII
)
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    re.ASCII,
)


# No rule matches digits that run into an earlier rule's mask ("(?!\s?\*{4})" above): the digits
# a mask leaves visible (6228 **** **** 0018) belong to it, and pii_spans, which blanks the whole
# match instead, must find the same data.
# Blanks accepted matches in pii_spans: no rule, context word or trigger matches it.
_FILLER = "\x00"


def mask_pii(text: str | None) -> str | None:
    """Return ``text`` with personal data replaced by masks.

    Rules run on a copy with full-width forms folded to ASCII (full-width digits and separators
    are how people dodge naive filters); only the masked spans change, every other character of
    the customer's text (full-width punctuation included) is kept as written. Text with no digit, no run of Chinese numerals and no 微信/QQ/@ trigger
    returns after a single regex search, which keeps million-comment imports fast.
    """
    if text is None:
        return None
    return _mask(text)[0]


def contains_pii(text: str | None) -> bool:
    """Whether :func:`mask_pii` would mask anything in ``text``."""
    if text is None:
        return False
    return _mask(text)[1]


PII_KINDS: tuple[str, ...] = ("id_number", "card_number", "mobile", "wechat", "qq", "email")


def pii_spans(text: str | None) -> list[tuple[int, int, str]]:
    """Where the personal data in ``text`` is: ``(start, end, kind)`` triples in text order.

    The compliance checker must point at the phone number in a reply, not just say that one is
    there, and must agree with :func:`mask_pii` on what counts as personal data. So the same rules
    run in the same order with the same checks (ID checksum, Luhn or card context, mobile prefix,
    handles), but each accepted match is blanked with same-length filler instead of replaced by a
    shorter mask: later rules cannot re-read it, and offsets stay those of ``text``. ``kind`` is
    one of :data:`PII_KINDS`; for 微信/QQ handles the span covers the handle, not its label.
    """
    if not text:
        return []
    work = fold_fullwidth(text)
    if _TRIGGER_RE.search(work) is None:
        return []
    spans: list[tuple[int, int, str]] = []
    if _NUMERAL_RUN_RE.search(work) is not None:
        if _DIGIT_RUN_RE.search(work) is not None:
            work = _blank(work, _ID_RE, "id_number", spans, lambda m: _mask_id(m) != m.group())
            work = _blank(work, _CARD_RE, "card_number", spans, lambda m: _mask_card(m) != m.group())
            work = _blank(work, _MOBILE_RE, "mobile", spans)
        work = _blank(work, _CN_MOBILE_RE, "mobile", spans)
    if _has_any(work, _WECHAT_CUES):
        work = _blank(work, _WECHAT_RE, "wechat", spans, after="prefix")
    if _has_any(work, _QQ_CUES):
        work = _blank(work, _QQ_RE, "qq", spans, after="prefix")
    if "@" in work:
        _blank(work, _EMAIL_RE, "email", spans)
    return sorted(spans)


def _blank(
    work: str,
    pattern: re.Pattern[str],
    kind: str,
    spans: list[tuple[int, int, str]],
    accept: Callable[[re.Match[str]], bool] | None = None,
    after: str | None = None,
) -> str:
    """Record the accepted matches of one rule and blank them out of ``work`` (same length).

    ``finditer`` visits the same non-overlapping matches as the ``sub`` of :func:`_apply_rules`,
    and ``accept`` is the rule's own check, so the two agree match for match.
    """
    found = []
    for match in pattern.finditer(work):
        if accept is not None and not accept(match):
            continue
        start = match.end(after) if after else match.start()
        found.append((start, match.end()))
    if not found:
        return work
    chars = list(work)
    for start, end in found:
        spans.append((start, end, kind))
        chars[start:end] = _FILLER * (end - start)
    return "".join(chars)


def hash_user_id(user_id: str) -> str:
    """Pseudonymise a platform user id as ``sha256(user_id)[:16]``.

    This equals the ``creator_hash`` written by MediaCrawler's 2026-07 teaching edition (which also
    strips surrounding whitespace and maps an empty id to ``""``), so records from both editions
    join on the same key.
    """
    stripped = str(user_id).strip()
    if not stripped:
        return ""
    return hashlib.sha256(stripped.encode("utf-8")).hexdigest()[:16]


def mask_name(name: str | None) -> str | None:
    """Mask a nickname as ``首***尾``, the scheme of MediaCrawler's teaching edition.

    Names that already contain ``***`` come from that edition and are returned unchanged, so
    masking is idempotent across mixed imports. An empty name stays empty: there is nothing to hide.
    """
    if name is None or name == "" or "***" in name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "***" + name[-1]


def _mask(text: str) -> tuple[str, bool]:
    """Mask ``text``; the flag says whether anything was masked.

    The rules are re-applied until nothing changes because a mask can shorten the text and bring a
    context word such as 卡号 within reach of a number; this makes :func:`mask_pii` idempotent.
    """
    work = fold_fullwidth(text)
    if _TRIGGER_RE.search(work) is None:
        return text, False
    masked = _apply_rules(work)
    if masked == work:
        return text, False
    while True:
        again = _apply_rules(masked)
        if again == masked:
            return _restore(text, work, masked), True
        masked = again


def _restore(original: str, work: str, masked: str) -> str:
    """Put the original characters back everywhere outside the masked spans.

    ``work`` is ``original`` folded character for character, so positions line up; the diff of
    ``work`` against ``masked`` tells which spans the rules replaced.
    """
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, work, masked, autojunk=False).get_opcodes():
        out.append(original[i1:i2] if tag == "equal" else masked[j1:j2])
    return "".join(out)


def _apply_rules(work: str) -> str:
    if _NUMERAL_RUN_RE.search(work) is not None:
        if _DIGIT_RUN_RE.search(work) is not None:
            work = _ID_RE.sub(_mask_id, work)
            work = _CARD_RE.sub(_mask_card, work)
            work = _MOBILE_RE.sub(_mask_mobile, work)
        work = _CN_MOBILE_RE.sub("[手机号]", work)
    if _has_any(work, _WECHAT_CUES):
        work = _WECHAT_RE.sub(r"\g<prefix>[微信号]", work)
    if _has_any(work, _QQ_CUES):
        work = _QQ_RE.sub(r"\g<prefix>[QQ号]", work)
    if "@" in work:
        work = _EMAIL_RE.sub("[邮箱]", work)
    return work


def _has_any(text: str, chars: str) -> bool:
    return any(char in text for char in chars)


def _digits(raw: str) -> str:
    return raw.replace(" ", "").replace("-", "")


def _mask_id(match: re.Match[str]) -> str:
    number = _digits(match.group()).upper()
    if not _is_resident_id(number):
        return match.group()
    return number[:6] + "********" + number[-4:]


def _is_resident_id(number: str) -> bool:
    """Check birth-date plausibility and the ISO 7064 MOD 11-2 check character."""
    if number[6:8] not in ("18", "19", "20"):
        return False
    if not ("01" <= number[10:12] <= "12" and "01" <= number[12:14] <= "31"):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == number[17]


def _mask_card(match: re.Match[str]) -> str:
    number = _digits(match.group())
    if not (_luhn_valid(number) or _has_card_context(match.string, match.start())):
        return match.group()
    return number[:4] + " **** **** " + number[-4:]


def _luhn_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = ord(char) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _has_card_context(text: str, start: int) -> bool:
    """Whether a card context word ends at most a few characters before ``start``."""
    window = text[max(0, start - _CARD_CONTEXT_GAP - _CARD_CONTEXT_LONGEST) : start]
    return any(
        len(window) - word.end() <= _CARD_CONTEXT_GAP
        for word in _CARD_CONTEXT_RE.finditer(window)
    )


def _mask_mobile(match: re.Match[str]) -> str:
    number = _digits(match.group("num"))
    return (match.group("cc") or "") + number[:3] + "****" + number[-4:]
