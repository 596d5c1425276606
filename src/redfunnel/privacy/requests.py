"""Detection of text that *asks for* sensitive data: card numbers, passwords, 验证码, ID photos.

A bank must never ask a customer for these in a public comment or a DM, and scammers posing as
agents (代办) ask for exactly them. Masking (:mod:`redfunnel.privacy.mask`) deals with data that is
*present*; this module deals with *requests* for data, which carry no digits at all ("请私信发一下
您的卡号和验证码"). Replies drafted by the inbox are blocked when this detector fires, the
compliance checks reuse it for the ``pii_request`` family and the intent classifier uses it as a
fraud signal.

Rule based on purpose: a request is a *request cue* (提供, 发我, 告诉, 私信, 报一下, 拍照 ...)
next to a *sensitive object* (卡号, 密码, 验证码, 身份证照片 ...) within one clause, in either
order ("请提供卡号" / "卡号发一下" / "验证码是多少"). Safe-reply wording that names the same
objects ("我行不会索要您的验证码", "请勿向任何人提供密码", "凡索要验证码的都是诈骗") is
not a request: a negation shortly before the cue, or a warning word anywhere in the clause,
cancels it. Instructions that point to an official channel without asking for the data to be
sent here ("请携带身份证到网点办理") are not requests either because they name no request cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from redfunnel.charfold import fold_fullwidth, fold_traditional
from redfunnel.compliance.literals import skipping

__all__ = ["SENSITIVE_KINDS", "SensitiveRequest", "asks_for_sensitive_data", "find_sensitive_requests"]

SENSITIVE_KINDS: dict[str, str] = {
    "card_number": "银行卡号",
    "card_security_code": "卡片安全码/有效期",
    "password": "密码",
    "verification_code": "验证码",
    "id_photo": "身份证照片",
    "id_number": "身份证号",
}

# Order matters: longer, more specific objects first so "身份证号" is not read as a photo. Each
# kind is written twice: in Chinese (where a Chinese word starts it: 护照 photo) and in English.
_OBJECTS: tuple[tuple[str, str, str], ...] = (
    ("id_photo",
     r"(?:身份证|证件|身份證|护照|居留许可|居留证)(?:的)?(?:正反面|正面|反面|照片|图片|相片|原件照|复印件|扫描件|首页)"
     r"|手持(?:身份证|证件)|(?:身份证|证件)(?:拍|照)(?:一下|个照|张)|(?:护照|居留许可|居留证)\s?(?i:photo|scan|copy)",
     r"(?i:(?:passport|residence permit|id card)\s?(?:photo|scan|copy|picture)s?)"),
    ("id_number", r"(?:身份证|证件|身份證|护照|居留许可|居留证)(?:号码|号)", r"(?i:(?:passport|id)\s?(?:number|no\.?))"),
    ("card_security_code", r"安全码|卡背(?:面)?(?:的)?(?:后)?三位|有效期",
     r"(?i:cvv2?|cvc|security code|expiry(?: date)?|exp\.? date)"
     r"|(?i:(?:3|three)[- ]digits?(?: number)? (?:at|on) (?:the )?back)|(?i:(?:3|three) numbers? (?:at|on) (?:the )?back)"),
    ("verification_code",
     r"(?:短信|手机|动态|校验|验证)码|验证短信|收到的码|收到的[0-9六四]\s?位(?:数字|数|码)|(?<!设置)(?<!设)[六6]\s?位数(?:字)?的?",
     r"(?i:otp)|(?i:(?:sms|verification|one[- ]time|6[- ]digit|six[- ]digit)\s?(?:code|pin)|(?:the )?code (?:you|u) (?:just )?(?:got|received))"),
    ("password", r"(?:取款|支付|交易|登录|登陆|查询|银行卡|卡|网银|手机银行|app|APP|App)?密码",
     r"(?:网银\s?)?(?i:(?:login |online banking |card |atm |app )?(?:password|passcode)|\bpin\b)"),
    ("card_number",
     r"(?:银行|信用|储蓄|借记|社保|工资)?卡号|完整卡号|银行(?:卡)?账号|卡面(?:信息|照片)"
     r"|(?:银行卡|信用卡|储蓄卡|借记卡)(?:正反面|照片|图片)|账号和密码",
     r"(?i:(?:full |complete )?card (?:number|no\.?)|account number)"),
)
_OBJECT_RE = re.compile("|".join(f"(?P<{kind}>{zh}|{en})" for kind, zh, en in _OBJECTS))
# The same without the English alternatives, for text holding no letter they could match: each
# alternative costs a try at every position an anchor sends the search to.
_CJK_OBJECT_RE = re.compile("|".join(f"(?P<{kind}>{zh})" for kind, zh, _en in _OBJECTS))
_CASED_RE = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")  # what IGNORECASE folds to ASCII
# Every object above contains one of these words, at most _OBJECT_REACH characters after the
# object's start (手机银行密码). A search for them skips ahead on their first characters, which the
# object pattern, opening with optional prefixes, cannot; see _names_an_object.
# Letter case spelled out rather than (?i:…), which would leave skipping nothing to skip to.
_OBJECT_ANCHOR_RE = skipping(re.compile(
    "身份|证件|[cC][vV][vVcC]|[oO][tT][pP]|安全码|卡背|有效期|码|验证短信|卡号|账号|卡面|银行卡|信用卡|储蓄卡|借记卡"
    "|护照|居留|[pP]ass|[rR]esidence|[iI][dD]|[sS]ecurity|[eE]xp|[cC]ode|[dD]igit|[nN]umber|[pP][iI][nN]|[lL]ogin"
    "|[oO]nline|[cC]ard|[aA]ccount|[sS][mM][sS]|[vV]erification|[oO]ne[- ]|[tT]hree|[cC]omplete|[fF]ull|位数|位码"
))
_OBJECT_REACH = 5

# Cues that the writer wants the data sent to them. "输入" is deliberately absent: "在手机银行
# 输入交易密码" instructs, it does not ask.
_CUE_RE = skipping(re.compile(
    r"提供|发(?:送|给|我|过来|一下|下|来(?!的)|私信|到|在|出来)|(?<!在)私信(?![里中内])|告诉|告知|报(?:一下|给|下|个)|念(?:一下|给)"
    r"|贴(?:出来|出|到|在|一下|上来)|晒(?:出来|一下)|打(?:在|到)评论|写(?:在|到)评论|留(?:在|到)"
    r"|说(?:一下|下)|留(?:下|一下|个)|填(?:写)?(?:一下|在|到)|拍(?:照|一下|个|张)|截(?:图|个图)(?![里中内上])"
    r"|上传(?:给|至|到这|到私信)|回复|索要|要求(?:提供|您|你)|需要(?:您|你)的?|给(?:我|我们)(?:看|发|一下)"
    r"|是多少|多少号?[?？]?$|是啥|是什么|(?:跟|和|同)(?:我|俺)说(?!过)|露(?:出来|出|一下)|讲(?:给|拨|俾|畀)(?:我|阿拉)"
    # English, letter case spelled out (see _OBJECT_ANCHOR_RE)
    r"|[sS]end(?: it| them| the \S+)?(?: to)? (?:me|us)|[sS]end (?:your|ur|the)|[sS]end\s?(?:一下|下|给我)|[tT]ell (?:me|us)|[gG]ive (?:me|us)"
    r"|[rR]eply(?: here| below)?(?: with| to (?:me|us))|[cC]omment (?:your|ur|with)|[dD][mM] (?:me|us)|[dD]rop (?:your|ur|it)"
    r"|[sS]hare (?:your|ur)|[wW]e[cC]hat (?:me|us)|[pP]rovide|[wW]hat(?:'s| is) (?:your|ur|the)|[sS]creenshot"
    r"|[lL]eave (?:your|ur)|[tT]ype (?:your|ur|it)|[fF]ill (?:in|this)"
))
_NEGATION_RE = re.compile(
    r"不会|不要|请勿|切勿|勿|不得|绝不|决不|千万别|别|不需要|无需|不用|不可|严禁|禁止|从不|不能|不应|没有必要"
    r"|没有?$|不$"  # right before the cue: 您卡号密码没告诉他吧, 密码不告诉别人
    r"|千祈唔好|唔好|唔会|唔使|唔需要|唔可以|唔能|冇必要"  # Cantonese
    r"|拒绝|差点|差一点|险些"  # 怎么拒绝陌生来电索要验证码, 您差点把验证码念给那个人
    r"|[nN]ever|[dD]on'?t|[dD]o not|[wW]on'?t|[wW]ill not|[nN]o need|[nN]ot "
)
# Modal negations govern a whole verb phrase ("不会通过电话或短信索要"), so they reach further back
# than a bare 别/勿.
_MODAL_NEGATION_RE = re.compile(
    r"不会|绝不|决不|从不|从来不|不得|严禁|禁止|不需要|无需|没有必要|唔会|唔需要|冇必要"
    r"|请不要|请勿|切勿|千万不要|[nN]ever|[wW]on'?t|[wW]ill not|[wW]ill never|[nN]o need"
)
_NEGATION_EXEMPT_RE = re.compile(r"(?:别|不要|不用|无需|唔使|唔好)(?:担心|着急|急|客气|紧张|意思)")
# A leading address names the channel ("回复@小鱼：", "私信回复："); its 回复 is not a request cue.
_ADDRESS_RE = re.compile(r"\s*(?:回复|私信(?:回复)?)\s*(?:@\S{1,30}?)?\s*[:：]\s*")
_WARNING_RE = re.compile(
    r"诈骗|骗子|骗局|谨防|警惕|防范|冒充|假冒|自称|泄露|透露给|任何人|任何方式|他人|陌生|为由|请勿理会"
    r"|(?i:scam|fraud|phishing|anyone|anybody)"
)
# Taking the photo in the official app is self-service, not sending it to someone.
_SELF_SERVICE_RE = skipping(re.compile(
    r"人脸识别|(?:官方)?(?:APP|App|app|手机银行)(?:内|里|上)?(?:拍照|上传|完成)"
))
_OBJECT_DENIED_RE = re.compile(
    r"(?:不用|不要|无需|不需要|不必|别|勿|唔使|唔需要)(?:再)?(?:发|提供|给|告诉|填|留)?(?:您的?|你的?)?$"
    r"|(?:\b[nN]o|[wW]ithout|[nN]ever (?:send|share|give))\s+(?:your\s+)?$"
)
_LAST_DIGITS_RE = re.compile(r"(?:的)?(?:后|末|尾)(?:四|4|六|6)位|(?:的)?尾号")
_CLAUSE_SPLIT_RE = re.compile(r"[。！？!?；;，,\n]+")
_LATIN_WORD_RE = re.compile(r"\s*[A-Za-z']+\s*")
_NEGATION_WINDOW = 8
_MODAL_NEGATION_WINDOW = 24
_CHAIN_GAP = 3
_PAIR_GAP = 14
_LATIN_PAIR_GAP = 10


@dataclass(frozen=True)
class SensitiveRequest:
    """One request for sensitive data: what is asked for and where (offsets into the text)."""

    kind: str
    start: int
    end: int
    excerpt: str

    @property
    def label(self) -> str:
        """The Chinese name of the requested data, for messages shown to operators."""
        return SENSITIVE_KINDS[self.kind]


def asks_for_sensitive_data(text: str | None) -> bool:
    """Whether ``text`` asks the reader for a card number, password, 验证码, ID photo or similar."""
    return bool(find_sensitive_requests(text))


def find_sensitive_requests(text: str | None) -> list[SensitiveRequest]:
    """Every request for sensitive data in ``text``, one per requested object, in text order."""
    if not text:
        return []
    work = fold_traditional(fold_fullwidth(text))
    anchors = [m.start() for m in _OBJECT_ANCHOR_RE.finditer(work)]
    if not _names_an_object(work, anchors):
        return []  # nothing sensitive named, nothing asked for
    found: list[SensitiveRequest] = []
    lead = _ADDRESS_RE.match(work)
    if lead:
        work = " " * lead.end() + work[lead.end() :]
    offset = 0
    for clause in _CLAUSE_SPLIT_RE.split(work):
        start = work.find(clause, offset) if clause else offset
        offset = start + len(clause)
        if not clause:
            continue
        i = bisect.bisect_left(anchors, start)
        if i == len(anchors) or anchors[i] >= offset:
            continue  # every object holds an anchor word; a clause without one names none
        found.extend(_clause_requests(clause, start, text))
    return found


def _names_an_object(work: str, anchors: list[int]) -> bool:
    """Whether ``_OBJECT_RE.search(work)`` would find an object: tried only where an anchor word
    starts (``anchors``), a few characters before it (most texts name none, and most anchors
    are 二维码's 码)."""
    for at in anchors:
        # An English object holds its own (Latin) anchor within reach; a Chinese anchor starts
        # or ends only Chinese ones.
        pattern = _OBJECT_RE if _CASED_RE.match(work, at) else _CJK_OBJECT_RE
        for start in range(max(0, at - _OBJECT_REACH), at + 1):
            if pattern.match(work, start):
                return True
    return False


def _clause_requests(clause: str, base: int, original: str) -> list[SensitiveRequest]:
    pattern = _OBJECT_RE if _CASED_RE.search(clause) else _CJK_OBJECT_RE
    objects = list(pattern.finditer(clause))
    if not objects:
        return []
    if _WARNING_RE.search(clause) or _SELF_SERVICE_RE.search(clause):
        return []
    cues = _live_cues(clause)
    if not cues:
        return []
    results: list[SensitiveRequest] = []
    for obj in objects:
        kind = obj.lastgroup or "card_number"
        if kind == "card_number" and _LAST_DIGITS_RE.match(clause, obj.end()):
            continue  # 卡号后四位: the last digits identify a card without exposing it
        if _OBJECT_DENIED_RE.search(clause, max(0, obj.start() - 12), obj.start()):
            continue  # 不用发护照号, (no card no. needed): the object itself is waved off
        paired = [c for c in cues if _paired(clause, obj, c)]
        if paired:
            lo = min([obj.start()] + [c.start() for c in paired])
            hi = max([obj.end()] + [c.end() for c in paired])
            results.append(
                SensitiveRequest(kind, base + obj.start(), base + obj.end(), original[base + lo : base + hi])
            )
    return results


def _paired(clause: str, obj: re.Match[str], cue: re.Match[str]) -> bool:
    """A cue asks for an object when they are close, in either order. An English word between
    them counts as one character, as a Chinese word of one or two would ("send me your full card
    number" is as close as 发我完整卡号)."""
    if cue.start() >= obj.end():
        lo, hi = obj.end(), cue.start()
    else:
        lo, hi = cue.end(), obj.start()
    if hi - lo <= _PAIR_GAP:
        return True
    return len(_LATIN_WORD_RE.sub("w", clause[lo:hi])) <= _LATIN_PAIR_GAP


def _live_cues(clause: str) -> list[re.Match[str]]:
    """The clause's request cues that no negation cancels.

    Negation carries along a chain of coordinated cues: in "不会以任何理由要求您提供验证码" the
    不会 cancels 要求您 and, through it, the 提供 right after it.
    """
    live: list[re.Match[str]] = []
    previous: tuple[int, bool] | None = None
    for cue in _CUE_RE.finditer(clause):
        negated = _negated(clause, cue.start())
        if not negated and previous is not None and previous[1]:
            negated = cue.start() - previous[0] <= _CHAIN_GAP
        previous = (cue.end(), negated)
        if not negated:
            live.append(cue)
    return live


def _negated(clause: str, cue_start: int) -> bool:
    """A negation word shortly before the cue ("请勿提供", "不会向您索要") cancels it; a modal
    negation (不会, 从不, 不需要 ...) reaches over a longer adverbial ("不会通过电话或短信索要")."""
    window = clause[max(0, cue_start - _NEGATION_WINDOW) : cue_start]
    window = _NEGATION_EXEMPT_RE.sub("", window)
    if _NEGATION_RE.search(window) is not None:
        return True
    wide = clause[max(0, cue_start - _MODAL_NEGATION_WINDOW) : cue_start]
    return _MODAL_NEGATION_RE.search(wide) is not None
