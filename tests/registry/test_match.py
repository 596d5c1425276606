"""Account name → institution matching, and role and region read off a name."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redfunnel.registry import (
    LOW_CONFIDENCE,
    ROLES,
    Institution,
    Match,
    Matcher,
    RegistryError,
    default_matcher,
    infer_region,
    infer_role,
    load_registry,
    normalize_name,
)
from redfunnel.registry.match import IP_BRANDS, PRODUCT_BRANDS


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return default_matcher()


def matched_name(result: Match) -> str | None:
    return result.institution.name if result.institution else None


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("中国银行广东省分行", "中国银行"),
        ("招商银行", "招商银行"),
        ("招商银行信用卡", "招商银行"),
        ("中信银行信用卡", "中信银行"),
        ("光大银行微银行", "中国光大银行"),
        ("宁波银行宁来花", "宁波银行"),
        ("宁来花", "宁波银行"),
        ("工商银行北京分行", "中国工商银行"),
        ("建行生活", "中国建设银行"),
        ("中国建设银行", "中国建设银行"),
        ("建设银行江苏省分行", "中国建设银行"),
        ("邮储银行", "中国邮政储蓄银行"),
        ("中国邮政储蓄银行", "中国邮政储蓄银行"),
        ("浦发银行信用卡", "上海浦东发展银行"),
        ("重庆农商行", "重庆农村商业银行"),
        ("小招喵", "招商银行"),
        ("招行小招喵", "招商银行"),
        ("中信银行", "中信银行"),
        ("恒丰银行", "恒丰银行"),
        ("中国银行", "中国银行"),
        ("ICBC中国工商银行", "中国工商银行"),
        ("微众银行", "深圳前海微众银行"),
        ("常熟银行", "常熟农村商业银行"),
        ("招商银行 官方", "招商银行"),
        ("【中信银行信用卡】官方号", "中信银行"),
        ("🐱招商银行🐱", "招商银行"),
        ("ＩＣＢＣ", "中国工商银行"),
    ],
)
def test_account_names_match_with_high_confidence(
    matcher: Matcher, account: str, expected: str
) -> None:
    result = matcher.match(account)
    assert matched_name(result) == expected
    assert result.confidence >= LOW_CONFIDENCE
    assert not result.needs_review
    assert result.matched is not None
    assert normalize_name(result.matched) in normalize_name(account)


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("中国建设银行", "中国建设银行"),
        ("中国光大银行", "中国光大银行"),
        ("中国农业银行", "中国农业银行"),
        ("中国民生银行", "中国民生银行"),
        ("北京农商银行", "北京农村商业银行"),
        ("北京农村商业银行", "北京农村商业银行"),
        ("上海农商银行", "上海农村商业银行"),
        ("上海农商行", "上海农村商业银行"),
        ("广州农商银行", "广州农村商业银行"),
        ("重庆农商银行", "重庆农村商业银行"),
        ("深圳农商银行", "深圳农村商业银行"),
        ("北京银行", "北京银行"),
        ("上海银行", "上海银行"),
        ("广州银行", "广州银行"),
        ("重庆三峡银行", "重庆三峡银行"),
        ("中国农业发展银行", "中国农业发展银行"),
        ("中信百信银行", "中信百信银行"),
        ("CMBC", "中国民生银行"),
        ("CMB", "招商银行"),
        ("上海浦东发展银行", "上海浦东发展银行"),
    ],
)
def test_traps_longest_name_wins(matcher: Matcher, account: str, expected: str) -> None:
    result = matcher.match(account)
    assert matched_name(result) == expected
    assert result.confidence == 1.0


@pytest.mark.parametrize(
    "account",
    [
        "用户A",
        "创业者小王",
        "理财小课堂",
        "金融知识科普号",
        "银行",
        "农商银行",
        "农村商业银行",
        "信用卡",
        "银行信用卡",
        "村镇银行",
        "中国人寿",
        "中国平安",
        "北京大学",
        "中国银行业协会",
        "中国银行保险监督管理委员会",
        "",
        "   ",
        "🎉🎉",
    ],
)
def test_names_without_a_bank_do_not_match(matcher: Matcher, account: str) -> None:
    result = matcher.match(account)
    assert result.institution is None or result.confidence < 0.5


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("招商银形", "招商银行"),
        ("宁波银航信用卡", "宁波银行"),
        ("中信银形信用卡", "中信银行"),
        ("建设银形江苏省分行", "中国建设银行"),
        ("北京农商银航", "北京农村商业银行"),
        ("上海浦东发展银形", "上海浦东发展银行"),
        ("招商银形小助手", "招商银行"),
    ],
)
def test_typos_match_in_the_fuzzy_band(matcher: Matcher, account: str, expected: str) -> None:
    result = matcher.match(account)
    assert matched_name(result) == expected
    assert 0.5 < result.confidence < LOW_CONFIDENCE
    assert result.needs_review


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("工行vs建行", "中国工商银行"),
        ("发现精彩世界", "广发银行"),
        ("高中行程规划", "中国银行"),
        ("招行理财经理小王", "招商银行"),
    ],
)
def test_weak_or_ambiguous_hits_need_review(matcher: Matcher, account: str, expected: str) -> None:
    result = matcher.match(account)
    assert matched_name(result) == expected
    assert 0.5 < result.confidence < LOW_CONFIDENCE


@pytest.mark.parametrize(
    ("account", "role"),
    [
        ("招商银行", "主账号"),
        ("中国建设银行", "主账号"),
        ("中信银行信用卡", "信用卡"),
        ("招商银行信用卡", "信用卡"),
        ("宁波银航信用卡", "信用卡"),
        ("交通银行太平洋信用卡中心", "信用卡"),
        ("中国银行广东省分行", "分行"),
        ("工商银行北京分行", "分行"),
        ("招商银行深圳南山支行", "分行"),
        ("平安银行汽车金融分公司", "分行"),
        ("建设银行客服", "客服"),
        ("农业银行客户服务中心", "客服"),
        ("宁波银行宁来花", "产品"),
        ("宁来花", "产品"),
        ("掌上生活", "产品"),
        ("朝朝宝", "产品"),
        ("建行生活", "产品"),
        ("中国银行手机银行", "产品"),
        ("中国银行App", "产品"),
        ("光大银行微银行", "产品"),
        ("小招喵", "IP"),
        ("招行小招喵", "IP"),
        ("Whatsapp粉丝群", "主账号"),
    ],
)
def test_infer_role(account: str, role: str) -> None:
    assert infer_role(account) == role


@pytest.mark.parametrize(
    ("account", "region"),
    [
        ("中国银行广东省分行", "广东"),
        ("中国银行北京市分行", "北京"),
        ("中国银行上海市分行", "上海"),
        ("建设银行深圳分行", "广东"),
        ("建设银行江苏省分行", "江苏"),
        ("工商银行北京分行", "北京"),
        ("招商银行杭州分行", "浙江"),
        ("浦发银行成都分行", "四川"),
        ("交通银行武汉分行", "湖北"),
        ("兴业银行西安分行", "陕西"),
        ("中信银行青岛分行", "山东"),
        ("农业银行厦门分行", "福建"),
        ("光大银行宁波分行", "浙江"),
        ("民生银行大连分行", "辽宁"),
        ("北京银行上海分行", "上海"),
        ("建设银行广西壮族自治区分行", "广西"),
        ("工商银行内蒙古分行", "内蒙古"),
        ("招商银行深圳南山支行", "广东"),
        ("中国银行广东", "广东"),
        ("招商银行", None),
        ("北京银行", None),
        ("上海浦东发展银行", None),
        ("北京农商银行", None),
        ("宁波银行宁来花", None),
        ("创业者小王", None),
    ],
)
def test_infer_region(account: str, region: str | None) -> None:
    assert infer_region(account) == region


@pytest.mark.parametrize("brand", [*PRODUCT_BRANDS, *IP_BRANDS[:1]])
def test_brand_lists_stay_in_sync_with_the_registry(matcher: Matcher, brand: str) -> None:
    assert matcher.match(brand).confidence == 1.0


def test_normalize_name() -> None:
    assert normalize_name(" 招商银行 · 官方账号 ✨") == "招商银行"
    assert normalize_name("ＣＭＢ　招行") == "cmb招行"
    assert normalize_name("小红书") == "小红书"


def test_custom_registry_and_conflicting_aliases() -> None:
    bank = Institution("甲乙银行", "甲乙行", "城商行", "浙江", ("甲乙",))
    assert Matcher([bank]).match("甲乙行信用卡").institution == bank
    clash = Institution("丙丁银行", "丙丁行", "城商行", "浙江", ("甲乙",))
    with pytest.raises(RegistryError, match="甲乙"):
        Matcher([bank, clash])


def test_hits_report_spans(matcher: Matcher) -> None:
    hits = matcher.hits("招行小招喵")
    assert [(start, end, alias) for start, end, _, alias in hits] == [(2, 5, "小招喵"), (0, 2, "招行")]


def test_ten_thousand_generated_names_each_find_their_bank() -> None:
    rnd = random.Random(7)
    registry = load_registry()
    filler = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    names = []
    for i in range(10_000):
        bank = rnd.choice(registry)
        kind = i % 3
        if kind == 0:
            names.append(rnd.choice(bank.all_names) + rnd.choice(["", "信用卡", "广东省分行"]) + str(i))
        elif kind == 1:
            names.append("".join(rnd.choices(filler, k=rnd.randint(3, 10))) + str(i))
        else:
            chars = list(bank.short_name)
            chars[rnd.randrange(len(chars))] = rnd.choice(filler)
            names.append("".join(chars) + str(i))
    results = Matcher(registry).match_many(names)
    assert all(r.institution is not None for r in results[::3])


@settings(database=None, max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_gives_a_well_formed_result(text: str) -> None:
    result = default_matcher().match(text)
    assert 0.0 <= result.confidence <= 1.0
    if result.institution is None:
        assert result.confidence == 0.0 and result.matched is None
    assert infer_role(text) in ROLES
    region = infer_region(text)
    assert region is None or isinstance(region, str)


@settings(database=None, max_examples=100, deadline=None)
@given(
    st.sampled_from(load_registry()),
    st.text(alphabet=" ·-_|🎉✨【】()", max_size=4),
    st.text(alphabet=" ·-_|🎉✨【】()", max_size=4),
)
def test_decoration_does_not_change_the_match(
    institution: Institution, before: str, after: str
) -> None:
    result = default_matcher().match(before + institution.name + after)
    assert result.institution == institution
    assert result.confidence == 1.0
