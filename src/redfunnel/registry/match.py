"""Map platform account names to registry institutions, and read role and region off a name.

Account names on Xiaohongshu, WeChat and Douyin are free text (``中国银行广东省分行``,
``招行小招喵``, ``宁波银行宁来花``). Exact lookups fail on them, and naive fuzzy matching
confuses banks whose names share most characters (中国银行 / 中国建设银行, 北京银行 /
北京农商银行). So the matcher first looks for the *longest* registry name or alias inside
the normalised account name, and only falls back to fuzzy scoring for typos, where the
confidence stays below :data:`LOW_CONFIDENCE` so that a person confirms the match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from .banks import Institution, RegistryError, load_registry

LOW_CONFIDENCE = 0.9
"""Matches below this confidence are shown to the user as 待确认 instead of being applied."""

ROLES: tuple[str, ...] = ("主账号", "信用卡", "分行", "产品", "客服", "IP")

EXACT = 1.0
CONTAINED = 0.95
BRAND_HINT = 0.75
AMBIGUOUS = 0.7
FUZZY_FLOOR = 0.51
FUZZY_CEILING = 0.89
FUZZY_CUTOFF = 65.0
PARTIAL_WEIGHT = 0.9
DISTINCT_CUTOFF = 60.0
MIN_FUZZY_KEY = 4
CACHE_SIZE = 65_536

_NAME_SUFFIXES = (
    "小红书官方账号", "小红书官方号", "官方小红书", "官方账号", "官方帐号", "官方号", "官方",
    "小红书账号", "小红书号", "小红书", "账号", "帐号", "官号", "官微",
)  # fmt: skip

# Phrases that contain a bank name but name something else (regulators, associations, press).
_BLOCKED_PHRASES = ("中国银行保险", "中国银行业协会", "中国银行业监督", "中国银行间")

PRODUCT_BRANDS: tuple[str, ...] = (
    "宁来花", "掌上生活", "朝朝宝", "建行生活", "缤纷生活", "动卡空间", "阳光惠生活",
    "买单吧", "发现精彩", "工银e生活", "平安口袋银行", "微粒贷", "网商贷",
)  # fmt: skip
"""Product and app brands; they mark a 产品 account and, alone, are only a hint of a bank."""

PRODUCT_WORDS: tuple[str, ...] = ("手机银行", "微银行", "口袋银行", "app")
IP_BRANDS: tuple[str, ...] = ("小招喵", "吉祥物")

PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西",
    "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港",
    "澳门",
)  # fmt: skip

CITY_PROVINCE: dict[str, str] = {
    "深圳": "广东", "广州": "广东", "东莞": "广东", "佛山": "广东", "珠海": "广东",
    "汕头": "广东", "惠州": "广东", "杭州": "浙江", "宁波": "浙江", "温州": "浙江",
    "绍兴": "浙江", "嘉兴": "浙江", "金华": "浙江", "台州": "浙江", "南京": "江苏",
    "苏州": "江苏", "无锡": "江苏", "常州": "江苏", "南通": "江苏", "徐州": "江苏",
    "扬州": "江苏", "成都": "四川", "武汉": "湖北", "西安": "陕西", "青岛": "山东",
    "济南": "山东", "烟台": "山东", "厦门": "福建", "福州": "福建", "泉州": "福建",
    "大连": "辽宁", "沈阳": "辽宁", "长沙": "湖南", "郑州": "河南", "洛阳": "河南",
    "合肥": "安徽", "南昌": "江西", "哈尔滨": "黑龙江", "长春": "吉林", "石家庄": "河北",
    "唐山": "河北", "太原": "山西", "呼和浩特": "内蒙古", "南宁": "广西", "海口": "海南",
    "三亚": "海南", "贵阳": "贵州", "昆明": "云南", "拉萨": "西藏", "兰州": "甘肃",
    "西宁": "青海", "银川": "宁夏", "乌鲁木齐": "新疆",
}  # fmt: skip

_PLACES = {**{p: p for p in PROVINCES}, **CITY_PROVINCE}
_PLACE_ALT = "|".join(sorted(map(re.escape, _PLACES), key=len, reverse=True))
_ADMIN_SUFFIX = r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?"
_BRANCH_WORDS = r"(?:分行|支行|分公司|营业部|分中心)"
_PLACE_RE = re.compile(f"(?P<place>{_PLACE_ALT}){_ADMIN_SUFFIX}")
_BRANCH_PLACE_RE = re.compile(f"(?P<place>{_PLACE_ALT}){_ADMIN_SUFFIX}{_BRANCH_WORDS}")
_BRANCH_RE = re.compile(_BRANCH_WORDS)
_APP_RE = re.compile(r"(?<![a-z])app(?![a-z])")

# Words that say what kind of account it is, not which bank: removed before fuzzy scoring
# and allowed around a weak alias without lowering confidence.
_ROLE_WORDS_RE = re.compile(
    f"(?:{_PLACE_ALT}){_ADMIN_SUFFIX}{_BRANCH_WORDS}|{_BRANCH_WORDS}|信用卡中心|信用卡|卡中心"
    r"|客服中心|在线客服|客服|服务号|服务|手机银行|微银行|(?<![a-z])app(?![a-z])|官方|总行"
)
_LEFTOVER_RE = re.compile(f"{_ROLE_WORDS_RE.pattern}|(?:{_PLACE_ALT}){_ADMIN_SUFFIX}")

# Parts of a bank name that every bank shares; what remains must appear in a fuzzy match.
_GENERIC_RE = re.compile(r"农村商业银行|农商银行|农商行|商业银行|银行|股份有限公司|有限公司")


def normalize_name(name: str) -> str:
    """Fold an account name to the form aliases are compared in.

    NFKC turns full-width letters and digits into ASCII; lower-casing makes ``ICBC`` and
    ``icbc`` equal; only letters and digits survive, which drops spaces, punctuation and
    emoji; platform decorations such as ``官方`` or ``小红书`` at the end are removed.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    stripped = True
    while stripped:
        stripped = False
        for suffix in _NAME_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                stripped = True
    return text


@dataclass(frozen=True)
class Match:
    """The result of matching one name: ``institution`` is None when nothing fits.

    ``matched`` is the registry name or alias that decided the match, shown to the user
    so that a 待确认 match can be judged at a glance.
    """

    institution: Institution | None
    confidence: float
    matched: str | None

    @property
    def needs_review(self) -> bool:
        """True when a person should confirm the match before it is applied."""
        return self.institution is not None and self.confidence < LOW_CONFIDENCE


NO_MATCH = Match(None, 0.0, None)


@dataclass(frozen=True)
class _Key:
    institution: Institution
    alias: str
    weak: bool


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    key: _Key


def _is_ascii_word(text: str) -> bool:
    return text.isascii() and any(ch.isalpha() for ch in text)


def _distinctive(key: str) -> str:
    """The part of a bank name that tells it apart (招商银行 → 招商, 中国建设银行 → 建设)."""
    core = _GENERIC_RE.sub("", key)
    without_country = core.removeprefix("中国")
    return without_country or core or key


class Matcher:
    """Matches account names against a registry; build once, reuse for many names."""

    def __init__(self, registry: Iterable[Institution] | None = None) -> None:
        self.registry: tuple[Institution, ...] = (
            tuple(registry) if registry is not None else load_registry()
        )
        brands = {normalize_name(b) for b in (*PRODUCT_BRANDS, *IP_BRANDS)}
        self._keys: dict[str, _Key] = {}
        for institution in self.registry:
            for alias in institution.all_names:
                key = normalize_name(alias)
                if not key:
                    continue
                other = self._keys.get(key)
                if other is not None and other.institution != institution:
                    raise RegistryError(
                        f"别名 {alias} 同时属于 {other.institution.name} 和 {institution.name}"
                    )
                weak = len(key) <= 2 or _is_ascii_word(key) or key in brands
                self._keys.setdefault(key, _Key(institution, alias, weak))
        self._lengths = sorted({len(k) for k in self._keys}, reverse=True)
        self._fuzzy_keys = [
            k for k in self._keys if len(k) >= MIN_FUZZY_KEY and not _is_ascii_word(k)
        ]
        self._distinct = [_distinctive(k) for k in self._fuzzy_keys]
        self._by_char: dict[str, list[int]] = {}
        for index, distinct in enumerate(self._distinct):
            for char in set(distinct):
                self._by_char.setdefault(char, []).append(index)
        self._match_text = lru_cache(maxsize=CACHE_SIZE)(self._match_normalized)

    def match(self, name: str) -> Match:
        """The institution an account name belongs to, with a confidence in [0, 1]."""
        return self._match_text(normalize_name(name))

    def match_many(self, names: Sequence[str]) -> list[Match]:
        """Match a batch of names (the cache makes repeated names cheap)."""
        return [self.match(n) for n in names]

    def hits(self, name: str) -> list[tuple[int, int, Institution, str]]:
        """Non-overlapping registry names found in the normalised name, longest first."""
        hits = self._hits(normalize_name(name))
        return [(h.start, h.end, h.key.institution, h.key.alias) for h in hits]

    def _scan(self, text: str) -> list[_Hit]:
        text = _mask_blocked(text)
        found: list[_Hit] = []
        size = len(text)
        for start in range(size):
            for length in self._lengths:
                end = start + length
                if end > size:
                    continue
                key = self._keys.get(text[start:end])
                if key is None:
                    continue
                if _is_ascii_word(key.alias) and not _ascii_bounded(text, start, end):
                    continue
                found.append(_Hit(start, end, key))
                break
        return found

    def _hits(self, text: str) -> list[_Hit]:
        chosen: list[_Hit] = []
        for hit in sorted(self._scan(text), key=lambda h: (h.start - h.end, h.start)):
            if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
                chosen.append(hit)
        return chosen

    def _match_normalized(self, text: str) -> Match:
        text = _mask_blocked(text)
        if not text.strip("\0"):
            return NO_MATCH
        hits = self._hits(text)
        if hits:
            return self._contained(text, hits)
        return self._fuzzy(text)

    def _contained(self, text: str, hits: list[_Hit]) -> Match:
        best = hits[0].key
        if len({h.key.institution for h in hits}) > 1:
            return Match(best.institution, AMBIGUOUS, best.alias)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
            return Match(best.institution, EXACT, best.alias)
        if any(not h.key.weak for h in hits):
            return Match(best.institution, CONTAINED, best.alias)
        if all(not _LEFTOVER_RE.sub("", piece) for piece in _uncovered(text, hits)):
            return Match(best.institution, CONTAINED, best.alias)
        return Match(best.institution, BRAND_HINT, best.alias)

    def _fuzzy(self, text: str) -> Match:
        core = _ROLE_WORDS_RE.sub("", text.replace("\0", ""))
        if len(core) < 3 or not _GENERIC_RE.sub("", core).strip("农商村镇"):
            return NO_MATCH
        candidates: set[int] = set()
        for char in set(core):
            candidates.update(self._by_char.get(char, ()))
        best: tuple[float, int, str] | None = None
        for index in candidates:
            key = self._fuzzy_keys[index]
            if not _shows(self._distinct[index], core):
                continue
            score = fuzz.ratio(core, key)
            if len(key) < len(core):
                score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(key, core))
            if score >= FUZZY_CUTOFF and (best is None or (score, len(key), key) > best):
                best = (score, len(key), key)
        if best is None:
            return NO_MATCH
        score, _, key_text = best
        key = self._keys[key_text]
        span = (score - FUZZY_CUTOFF) / (100.0 - FUZZY_CUTOFF)
        confidence = FUZZY_FLOOR + (FUZZY_CEILING - FUZZY_FLOOR) * min(span, 1.0)
        return Match(key.institution, round(confidence, 3), key.alias)

    def infer_region(self, name: str) -> str | None:
        """The province named by a branch account, looked for outside the bank's own name.

        A branch phrase (``广东省分行``, ``深圳分行``) wins; otherwise a place mentioned after
        the registry names are blanked out, so that ``上海浦东发展银行`` (a national bank) or
        ``北京银行`` (whose home region is already on the institution) yield None.
        """
        text = normalize_name(name)
        found = _BRANCH_PLACE_RE.search(text)
        if found is None:
            chars = list(text)
            for hit in self._hits(text):
                chars[hit.start : hit.end] = "\0" * (hit.end - hit.start)
            found = _PLACE_RE.search("".join(chars))
        return _PLACES[found.group("place")] if found else None


def _mask_blocked(text: str) -> str:
    """Hide phrases such as 中国银行业协会 so that the bank name inside them is not found."""
    for phrase in _BLOCKED_PHRASES:
        text = text.replace(phrase, "\0" * len(phrase))
    return text


def _shows(distinct: str, core: str) -> bool:
    """Whether a name shows a bank's distinctive part: verbatim when it is one or two
    characters (a typo there leaves nothing to go on), else at most a slip away."""
    if len(distinct) <= 2:
        return distinct in core
    return fuzz.partial_ratio(distinct, core) >= DISTINCT_CUTOFF


def _uncovered(text: str, hits: Sequence[_Hit]) -> list[str]:
    """The pieces of ``text`` that no hit covers, in order."""
    pieces, position = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        pieces.append(text[position : hit.start])
        position = hit.end
    pieces.append(text[position:])
    return [p for p in pieces if p]


def _ascii_bounded(text: str, start: int, end: int) -> bool:
    """A Latin alias (``cmb``) must not be part of a longer Latin word (``cmbc``, ``abcmb``)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


@cache
def default_matcher() -> Matcher:
    """A matcher over the built-in registry, built once per process."""
    return Matcher()


def infer_role(name: str) -> str:
    """The account role a name suggests (one of :data:`ROLES`).

    Credit-card centres are checked first because they often also say 客服 or carry a
    product name; branch words next, because a branch can run a product account but is
    still owned by the branch.
    """
    text = normalize_name(name)
    if "信用卡" in text or "卡中心" in text:
        return "信用卡"
    if _BRANCH_RE.search(text):
        return "分行"
    if "客服" in text or "服务" in text:
        return "客服"
    if any(normalize_name(b) in text for b in PRODUCT_BRANDS) or any(
        w in text for w in PRODUCT_WORDS if w != "app"
    ):
        return "产品"
    if _APP_RE.search(text):
        return "产品"
    if any(b in text for b in IP_BRANDS):
        return "IP"
    return "主账号"


def infer_region(name: str) -> str | None:
    """The province a branch account names (built-in registry); see :meth:`Matcher.infer_region`."""
    return default_matcher().infer_region(name)
