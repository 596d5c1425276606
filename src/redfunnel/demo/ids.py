"""Identifiers, URLs, nicknames and synthetic personal data shaped like the real ones.

XHS ids are 24-hex object ids whose first 8 hex digits are the creation time in epoch seconds, so
the demo derives them from the record's own timestamp: a reader that decodes ids (or sorts by
them) sees the same order as the timestamps. Personal data (mobiles, ID numbers, bank cards) is
generated with valid checksums so the masking rules are exercised on realistic inputs; none of
it belongs to a real person.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime

__all__ = [
    "avatar_url",
    "bank_card",
    "fullwidth",
    "hex_id",
    "id_number",
    "image_key",
    "image_url",
    "luhn_ok",
    "mask_nickname",
    "mobile",
    "nickname",
    "short_code",
    "spaced_mobile",
    "xsec_token",
]

_B32 = "0123456789abcdefghijklmnopqrstuv"
_TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_CODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def hex_id(rng: random.Random, moment: datetime) -> str:
    """A 24-hex XHS-style object id whose prefix encodes ``moment``."""
    return f"{int(moment.timestamp()):08x}{rng.getrandbits(64):016x}"


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def avatar_url(rng: random.Random, thumb: bool) -> str:
    """An avatar URL; comment avatars carry the ``imageView2`` thumbnail suffix."""
    url = "https://sns-avatar-qc.xhscdn.com/avatar/1040g2jo31" + _chars(rng, _B32, 30)
    return url + "?imageView2/2/w/120/format/jpg" if thumb else url


def image_key(rng: random.Random) -> str:
    """The stable part of an image URL (the signed prefix changes per crawl)."""
    return "1040g" + _chars(rng, _B32, 35)


def image_url(key: str, crawl_stamp: str) -> str:
    """A signed, expiring CDN URL as crawled at ``crawl_stamp`` (``YYYYmmddHHMM``)."""
    sig = hashlib.md5(f"{key}/{crawl_stamp}".encode()).hexdigest()
    return f"http://sns-webpic-qc.xhscdn.com/{crawl_stamp}/{sig}/{key}!nd_dft_wlteh_webp_3"


def xsec_token(rng: random.Random) -> str:
    """A note access token (``AB`` + 43 URL-safe characters + ``=``)."""
    return "AB" + _chars(rng, _TOKEN, 43) + "="


def short_code(rng: random.Random, n: int = 6) -> str:
    """Unambiguous upper-case code characters (no 0/O, 1/I/L)."""
    return _chars(rng, _CODE, n)


_NICK_HEADS = (
    "", "", "", "是", "一只", "爱吃", "努力搞钱的", "想躺平的", "今天也要", "暴富", "会发光的",
)
_NICK_CORES = (
    "阿琳", "小鱼", "橙子", "桃桃", "大白", "豆豆", "芒果", "可乐", "晴天", "布丁", "饭团", "木木",
    "栗子", "柚子", "七七", "小满", "阿杰", "老王", "小周", "糯米", "番茄", "奶茶", "年糕", "月亮",
    "西瓜", "团子", "小林", "阿秀", "Momo", "Cici", "Yuki", "Lily", "Kiki", "Ray",
)
_NICK_TAILS = (
    "", "", "", "呀", "酱", "同学", "本人", "不加班", "🍊", "_", "2026", "的日常", "么么",
)


def nickname(rng: random.Random) -> str:
    """A plausible XHS nickname, including the platform default ``小红薯XXXXXXXX``."""
    roll = rng.random()
    if roll < 0.18:
        return "小红薯" + f"{rng.getrandbits(32):08X}"
    if roll < 0.24:
        return rng.choice(_NICK_CORES) + str(rng.randint(1, 999))
    return rng.choice(_NICK_HEADS) + rng.choice(_NICK_CORES) + rng.choice(_NICK_TAILS)


def mask_nickname(name: str) -> str:
    """Teaching-edition nickname mask: first character, ``***``, last character."""
    if len(name) <= 1:
        return name + "***"
    return name[0] + "***" + name[-1]


def luhn_ok(digits: str) -> bool:
    """Luhn check, used to prove the planted card numbers are valid."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def bank_card(rng: random.Random) -> str:
    """A UnionPay-style card number (16 or 19 digits) that passes Luhn."""
    prefix = rng.choice(("622202", "621700", "622848", "621661", "622588", "625965", "621483"))
    length = rng.choice((16, 19, 19))
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always satisfies Luhn")


_REGIONS = ("440106", "440305", "110105", "310115", "320102", "510104", "330106", "420106")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    """An 18-digit resident ID with a valid ISO 7064 MOD 11-2 check character."""
    birth = f"{rng.randint(1965, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = rng.choice(_REGIONS) + birth + f"{rng.randint(1, 999):03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


_MOBILE_PREFIXES = ("138", "139", "135", "136", "150", "152", "158", "186", "187", "177", "199")


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    prefix = rng.choice(_MOBILE_PREFIXES)
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(8))


def spaced_mobile(number: str) -> str:
    """``138 1234 5678`` spacing, as people type numbers into comments."""
    return f"{number[:3]} {number[3:7]} {number[7:]}"


def fullwidth(text: str) -> str:
    """Full-width digits (``１３８…``), common from Chinese input methods."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
