from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from redfunnel.privacy import mask
from redfunnel.privacy.mask import contains_pii, hash_user_id, mask_name, mask_pii, pii_spans

# (input, expected output). Every row is also checked for idempotence and contains_pii.
POSITIVE = [
    # 18-digit resident ID numbers (ISO 7064 MOD 11-2 check character)
    ("身份证11010519491231002X", "身份证110105********002X"),
    ("身份证号：11010519491231002x。", "身份证号:110105********002X。"),
    ("110105 19491231 002X", "110105********002X"),
    ("110105-19491231-002X", "110105********002X"),
    ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
    ("ID11010519491231002X", "ID110105********002X"),
    # bank cards: Luhn-valid anywhere, Luhn-invalid only next to a context word
    ("卡6228480402564890018", "卡6228 **** **** 0018"),
    ("No.6228480402564890018号", "No.6228 **** **** 0018号"),
    ("6228 4804 0256 4890 018", "6228 **** **** 0018"),
    ("4111-1111-1111-1111", "4111 **** **** 1111"),
    ("４１１１ １１１１ １１１１ １１１１", "4111 **** **** 1111"),
    ("卡号：6222021234567890123", "卡号:6222 **** **** 0123"),
    ("我的银行卡是 6222 0212 3456 7890", "我的银行卡是 6222 **** **** 7890"),
    ("信用卡 6217000010001234567 被盗刷", "信用卡 6217 **** **** 4567 被盗刷"),
    ("储蓄卡6212261202011584349", "储蓄卡6212 **** **** 4349"),
    ("账号1234567890123456789", "账号1234 **** **** 6789"),
    ("your card number is 6217 8800 3321 4096 551", "your card number is 6217 **** **** 6551"),
    # mobiles
    ("电话13812345678", "电话138****5678"),
    ("电话 138 1234 5678 谢谢", "电话 138****5678 谢谢"),
    ("138-1234-5678", "138****5678"),
    ("+86-139-0000-1111", "+86-139****1111"),
    ("+86 13900001111", "+86 139****1111"),
    ("8613900001111", "86139****1111"),
    ("１３８１２３４５６７８", "138****5678"),
    ("手机：13812345678，QQ：123456", "手机:138****5678,QQ:[QQ号]"),
    ("13812345678 13900001111", "138****5678 139****1111"),
    # mobiles in Chinese numerals
    ("打我幺三八一二三四五六七八", "打我[手机号]"),
    ("一三九零零零零一一一一", "[手机号]"),
    ("幺三八 一二三四 五六七八 找我", "[手机号] 找我"),
    ("1三8一二三四5六七8", "[手机号]"),
    # WeChat handles
    ("加我微信abc_123456", "加我微信[微信号]"),
    ("微信号：wxid_abc123", "微信号:[微信号]"),
    ("vx：Bank_2024", "vx:[微信号]"),
    ("VX abcdef", "VX [微信号]"),
    ("wx: hello-world", "wx: [微信号]"),
    ("WX  zhang_san_88", "WX  [微信号]"),
    ("V信 abcdefg", "V信 [微信号]"),
    ("威信 abcdefg", "威信 [微信号]"),
    ("薇信号: abcdefg", "薇信号: [微信号]"),
    ("加v abc12345", "加v [微信号]"),
    ("+v abc12345", "+v [微信号]"),
    ("加vx: abc_123456", "加vx: [微信号]"),
    ("ｖｘ：ａｂｃｄｅｆ", "vx:[微信号]"),
    # scammers' spellings that dodge the word 微信
    ("详询薇：jz2026_lin", "详询薇:[微信号]"),
    ("加V：abc_12345 领资料", "加V:[微信号] 领资料"),
    ("绿泡泡：hello_777", "绿泡泡:[微信号]"),
    ("卫星号 qwe12345", "卫星号 [微信号]"),
    # QQ numbers
    ("QQ 123456789", "QQ [QQ号]"),
    ("qq:10001", "qq:[QQ号]"),
    ("扣扣号 12345678901", "扣扣号 [QQ号]"),
    ("ＱＱ：１２３４５６", "QQ:[QQ号]"),
    # emails
    ("邮箱 name.surname+tag@example.com.cn 联系", "邮箱 [邮箱] 联系"),
    ("发到123456789@qq.com", "发到[邮箱]"),
    ("ｚｈａｎｇ＠１６３．ｃｏｍ", "[邮箱]"),
]

NEGATIVE = [
    "",
    "张薇 说得好",
    "卫星定位很准",
    "这个信用卡年费多少？",
    "订单号12345678901234567890",
    "流水 1234567890123456789",
    "1234 5678 9012 3456 7890",
    "年费50000元",
    "额度5万，利率3.5%",
    "2025-05-01",
    "2025-05-01 14:50:00",
    "2025-05-01至2025-06-01",
    "14:50",
    "客服95555",
    "信用卡尾号1234",
    "110105194912310021",
    "13812345678901",
    "一二三四五六七八九十",
    "微信支付",
    "微信 hi",
    "QQ群 123456",
    "qq 1234",
    "devx abcdefg",
    "@小红书薯队长 看看",
    "https://wx.qq.com/abc",
    "价格５０元",
    "第１２３期",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive_cases_are_masked(text: str, expected: str) -> None:
    masked = mask_pii(text)
    assert masked is not None
    # outside the masks the customer's characters are kept; compare in folded form
    assert unicodedata.normalize("NFKC", masked) == expected
    assert contains_pii(text)
    assert mask_pii(expected) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_cases_are_left_alone(text: str) -> None:
    assert mask_pii(text) == text
    assert not contains_pii(text)


def test_none_passes_through() -> None:
    assert mask_pii(None) is None
    assert contains_pii(None) is False


def test_untouched_text_keeps_its_original_characters() -> None:
    text = "价格５０元，真香！"
    assert mask_pii(text) is text


def test_text_outside_masks_is_kept_as_written() -> None:
    masked = mask_pii("电话：１３８１２３４５６７８！请回电，谢谢。")
    assert masked is not None
    assert masked.startswith("电话：") and masked.endswith("！请回电，谢谢。")
    assert unicodedata.normalize("NFKC", masked) == "电话:138****5678!请回电,谢谢。"


# --- property tests -------------------------------------------------------------------------

CHINESE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from("，。！？、 "),
    ),
    max_size=12,
)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


@st.composite
def mobiles(draw: st.DrawFn) -> tuple[str, str]:
    tail = draw(st.text("0123456789", min_size=9, max_size=9))
    number = "1" + draw(st.sampled_from("3456789")) + tail
    layout = draw(st.sampled_from(["plain", "space", "dash", "+86", "86", "full"]))
    written = {
        "plain": number,
        "space": f"{number[:3]} {number[3:7]} {number[7:]}",
        "dash": f"{number[:3]}-{number[3:7]}-{number[7:]}",
        "+86": f"+86 {number}",
        "86": f"86{number}",
        "full": number.translate(FULL_WIDTH),
    }[layout]
    return number, written


def id_check_character(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@st.composite
def resident_ids(draw: st.DrawFn) -> tuple[str, str]:
    area = draw(st.integers(100000, 999999))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    sequence = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + id_check_character(first17)
    layout = draw(st.sampled_from(["plain", "lower", "space", "dash", "full"]))
    written = {
        "plain": number,
        "lower": number.lower(),
        "space": f"{number[:6]} {number[6:14]} {number[14:]}",
        "dash": f"{number[:6]}-{number[6:14]}-{number[14:]}",
        "full": number.translate(FULL_WIDTH),
    }[layout]
    return first17, written


def luhn_complete(partial: str) -> str:
    for check in "0123456789":
        candidate = partial + check
        total = 0
        for position, char in enumerate(reversed(candidate)):
            digit = int(char)
            if position % 2:
                digit = digit * 2 - 9 if digit > 4 else digit * 2
            total += digit
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


@st.composite
def luhn_cards(draw: st.DrawFn) -> tuple[str, str]:
    length = draw(st.integers(16, 19))
    body = draw(st.sampled_from("123456789")) + draw(
        st.text("0123456789", min_size=length - 2, max_size=length - 2)
    )
    number = luhn_complete(body)
    separator = draw(st.sampled_from(["", " ", "-"]))
    written = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    return number, written


@given(CHINESE, st.one_of(mobiles(), resident_ids(), luhn_cards()), CHINESE)
def test_generated_pii_never_survives(before: str, pii: tuple[str, str], after: str) -> None:
    digits, written = pii
    masked = mask_pii(before + written + after)
    assert masked is not None
    assert digits not in digits_of(masked)
    assert contains_pii(before + written + after)


NO_TRIGGER = frozenset("0123456789@vVwWqQ幺一二三四五六七八九零〇微威薇扣")


def harmless(char: str) -> bool:
    return not NO_TRIGGER.intersection(unicodedata.normalize("NFKC", char))


@given(st.text(alphabet=st.characters(codec="utf-8").filter(harmless)))
def test_text_without_digits_or_triggers_is_unchanged(text: str) -> None:
    assert mask_pii(text) == text
    assert not contains_pii(text)


FRAGMENTS = st.sampled_from(
    [
        "13812345678",
        "138 1234 5678",
        "+86-",
        "11010519491231002X",
        "6228480402564890018",
        "6222 0212 3456 7890",
        "卡号",
        "尾号",
        "账号:",
        "微信",
        "vx",
        "加v",
        "QQ",
        "扣扣",
        "@",
        ".com",
        "abc_123456",
        "幺三八",
        "一二三四",
        "五六七八",
        "１２３４",
        " ",
        "-",
        "：",
    ]
)
NOISE = st.text(alphabet="0123456789 -xX@.:abcvwq卡号的一二三幺", max_size=6)


@given(st.lists(st.one_of(FRAGMENTS, NOISE, CHINESE), max_size=10).map("".join))
def test_masking_is_idempotent(text: str) -> None:
    once = mask_pii(text)
    assert once is not None
    assert mask_pii(once) == once
    assert not contains_pii(once)


# --- user ids and nicknames -----------------------------------------------------------------


def test_hash_user_id_matches_mediacrawler_creator_hash() -> None:
    user_id = "5f0000000000000000000001"
    expected = hashlib.sha256(user_id.encode()).hexdigest()[:16]
    assert hash_user_id(user_id) == expected
    assert hash_user_id(f" {user_id}\n") == expected
    assert re.fullmatch(r"[0-9a-f]{16}", expected)
    assert hash_user_id("") == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, None),
        ("", ""),
        ("A", "*"),
        ("小红", "小*"),
        ("小红书", "小***书"),
        ("招商银行信用卡", "招***卡"),
        ("用***A", "用***A"),
        ("*", "*"),
    ],
)
def test_mask_name(name: str | None, expected: str | None) -> None:
    assert mask_name(name) == expected


@given(st.text())
def test_mask_name_is_idempotent(name: str) -> None:
    once = mask_name(name)
    assert mask_name(once) == once


# --- spans ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@阿杰 您留的电话15911112222我们已记录", [("15911112222", "mobile")]),
        ("卡号6222021234567890128的挂失已完成", [("6222021234567890128", "card_number")]),
        ("客户经理微信 licai_chen01，欢迎咨询", [("licai_chen01", "wechat")]),
        (
            "身份证11010519491231002X，手机１３８-1234-5678，qq：123456",
            [("11010519491231002X", "id_number"), ("１３８-1234-5678", "mobile"), ("123456", "qq")],
        ),
        ("邮箱 a.b@ex.com", [("a.b@ex.com", "email")]),
        ("订单号20261120123456789已发货", []),
        ("价格５０元", []),
    ],
)
def test_pii_spans_point_at_the_data(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], kind) for s, e, kind in pii_spans(text)] == expected


@given(st.lists(st.one_of(FRAGMENTS, NOISE, CHINESE), max_size=10).map("".join))
@example("微信vx11010519491231002X")  # a handle label right before an ID number
@example("微信vx6228480402564890018")  # ... or a card number
def test_pii_spans_agree_with_masking(text: str) -> None:
    spans = pii_spans(text)
    assert bool(spans) == contains_pii(text)
    masked = mask_pii(text)
    assert masked is not None
    # every character before the first span is kept by the masker as written
    if spans:
        assert masked[: spans[0][0]] == text[: spans[0][0]]


# Before a rule runs, pii_spans and mask_pii check a cheap necessary condition of it (a run of 11
# digits or numerals, a cue character); a gate that missed a match would let personal data through.
_GATES = [
    (mask._ID_RE, mask._DIGIT_RUN_RE.search),
    (mask._CARD_RE, mask._DIGIT_RUN_RE.search),
    (mask._MOBILE_RE, mask._DIGIT_RUN_RE.search),
    (mask._CN_MOBILE_RE, mask._NUMERAL_RUN_RE.search),
    (mask._DIGIT_RUN_RE, mask._NUMERAL_RUN_RE.search),
    (mask._WECHAT_RE, lambda text: mask._has_any(text, mask._WECHAT_CUES)),
    (mask._QQ_RE, lambda text: mask._has_any(text, mask._QQ_CUES)),
]


@given(st.text(alphabet="0123456789 -+86一二三四五六七八九零幺微信威薇卫绿泡vVwWxXqQ扣号码是:：abc_", max_size=40))
def test_every_rule_match_passes_its_gate(text: str) -> None:
    for rule, gate in _GATES:
        if rule.search(text):
            assert gate(text), (rule.pattern, text)
