"""The built-in bank registry: complete where it must be, consistent everywhere."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

import pytest

from redfunnel.registry import (
    CATEGORIES,
    LOW_CONFIDENCE,
    Institution,
    Matcher,
    RegistryError,
    load_registry,
    normalize_name,
    parse_registry,
)
from redfunnel.registry.match import PROVINCES

STATE_OWNED = {
    "中国工商银行": "工商银行",
    "中国农业银行": "农业银行",
    "中国银行": "中国银行",
    "中国建设银行": "建设银行",
    "交通银行": "交通银行",
    "中国邮政储蓄银行": "邮储银行",
}
JOINT_STOCK = {
    "招商银行", "中信银行", "中国光大银行", "华夏银行", "中国民生银行", "广发银行",
    "平安银行", "兴业银行", "上海浦东发展银行", "浙商银行", "恒丰银行", "渤海银行",
}  # fmt: skip
NATIONAL = {"国有大行", "股份制", "外资", "其他"}
GENERIC = {"银行", "农商银行", "农商行", "农村商业银行", "商业银行", "信用卡", "中国", "村镇银行"}


@pytest.fixture(scope="module")
def registry() -> tuple[Institution, ...]:
    return load_registry()


@pytest.fixture(scope="module")
def by_name(registry: tuple[Institution, ...]) -> dict[str, Institution]:
    return {i.name: i for i in registry}


def names_in(registry: tuple[Institution, ...], category: str) -> set[str]:
    return {i.name for i in registry if i.category == category}


def test_categories_in_report_order() -> None:
    assert CATEGORIES == ("国有大行", "股份制", "城商行", "农商行", "民营", "外资", "其他")


def test_exactly_the_six_state_owned_banks(registry: tuple[Institution, ...]) -> None:
    state = {i.name: i.short_name for i in registry if i.category == "国有大行"}
    assert state == STATE_OWNED


def test_exactly_the_twelve_joint_stock_banks(registry: tuple[Institution, ...]) -> None:
    assert names_in(registry, "股份制") == JOINT_STOCK


def test_size_per_category(registry: tuple[Institution, ...]) -> None:
    counts = Counter(i.category for i in registry)
    assert len(registry) >= 80
    assert counts["城商行"] >= 25
    assert counts["农商行"] >= 12
    assert counts["外资"] >= 8
    assert set(counts) <= set(CATEGORIES)


def test_required_city_rural_private_and_foreign_banks(registry: tuple[Institution, ...]) -> None:
    city = {
        "北京银行", "上海银行", "江苏银行", "宁波银行", "南京银行", "杭州银行", "徽商银行",
        "成都银行", "长沙银行", "重庆银行", "贵阳银行", "郑州银行", "青岛银行", "苏州银行",
        "齐鲁银行", "西安银行", "厦门银行", "兰州银行", "天津银行", "哈尔滨银行", "盛京银行",
        "广州银行", "东莞银行", "汉口银行", "昆仑银行", "九江银行", "泉州银行", "温州银行",
        "台州银行", "河北银行",
    }  # fmt: skip
    rural = {
        f"{place}农村商业银行"
        for place in (
            "重庆", "上海", "北京", "广州", "成都", "深圳", "东莞", "江南", "青岛", "常熟",
            "张家港", "紫金", "无锡", "苏州", "顺德",
        )
    }  # fmt: skip
    private = {"深圳前海微众银行", "浙江网商银行", "四川新网银行", "武汉众邦银行", "江苏苏宁银行", "中信百信银行"}
    foreign = {
        "汇丰银行", "渣打银行", "花旗银行", "东亚银行", "星展银行", "恒生银行", "大华银行",
        "华侨银行", "南洋商业银行", "摩根大通银行",
    }  # fmt: skip
    assert city <= names_in(registry, "城商行")
    assert rural <= names_in(registry, "农商行")
    assert private <= names_in(registry, "民营")
    assert foreign <= names_in(registry, "外资")


def test_every_category_valid_and_names_unique(registry: tuple[Institution, ...]) -> None:
    assert all(i.category in CATEGORIES for i in registry)
    assert len({i.name for i in registry}) == len(registry)


def test_regions_only_for_regional_banks(registry: tuple[Institution, ...]) -> None:
    for institution in registry:
        if institution.category in NATIONAL:
            assert institution.region is None, institution.name
        else:
            assert institution.region in PROVINCES, institution.name


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("宁波银行", "浙江"),
        ("徽商银行", "安徽"),
        ("齐鲁银行", "山东"),
        ("盛京银行", "辽宁"),
        ("汉口银行", "湖北"),
        ("广州农村商业银行", "广东"),
        ("江南农村商业银行", "江苏"),
        ("重庆农村商业银行", "重庆"),
        ("深圳前海微众银行", "广东"),
        ("浙江网商银行", "浙江"),
        ("中信百信银行", "北京"),
    ],
)
def test_home_regions(by_name: dict[str, Institution], name: str, region: str) -> None:
    assert by_name[name].region == region


def test_aliases_unique_across_institutions(registry: tuple[Institution, ...]) -> None:
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for institution in registry:
        for alias in institution.all_names:
            owners[normalize_name(alias)].add(institution.name)
    shared = {alias: banks for alias, banks in owners.items() if len(banks) > 1}
    assert shared == {}


def test_no_alias_is_a_generic_word(registry: tuple[Institution, ...]) -> None:
    for institution in registry:
        assert not GENERIC & {normalize_name(a) for a in institution.all_names}, institution.name


def test_every_alias_resolves_to_its_own_institution(registry: tuple[Institution, ...]) -> None:
    matcher = Matcher(registry)
    for institution in registry:
        for alias in institution.all_names:
            result = matcher.match(alias)
            assert result.institution == institution, alias
            assert result.confidence == 1.0 >= LOW_CONFIDENCE, alias


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("工行", "中国工商银行"),
        ("ICBC", "中国工商银行"),
        ("农行", "中国农业银行"),
        ("中行", "中国银行"),
        ("建行", "中国建设银行"),
        ("CCB", "中国建设银行"),
        ("交行", "交通银行"),
        ("邮储", "中国邮政储蓄银行"),
        ("邮政储蓄银行", "中国邮政储蓄银行"),
        ("招行", "招商银行"),
        ("CMB", "招商银行"),
        ("掌上生活", "招商银行"),
        ("朝朝宝", "招商银行"),
        ("动卡空间", "中信银行"),
        ("阳光惠生活", "中国光大银行"),
        ("买单吧", "交通银行"),
        ("发现精彩", "广发银行"),
        ("宁来花", "宁波银行"),
        ("民生银行", "中国民生银行"),
        ("浦发", "上海浦东发展银行"),
        ("渝农商行", "重庆农村商业银行"),
        ("沪农商行", "上海农村商业银行"),
        ("WeBank", "深圳前海微众银行"),
        ("百信银行", "中信百信银行"),
        ("汇丰中国", "汇丰银行"),
    ],
)
def test_expected_aliases(by_name: dict[str, Institution], alias: str, name: str) -> None:
    assert alias in by_name[name].all_names


def test_registry_is_cached_and_frozen(registry: tuple[Institution, ...]) -> None:
    assert load_registry() is registry
    with pytest.raises(dataclasses.FrozenInstanceError):
        registry[0].name = "x"  # type: ignore[misc]


def test_parse_accepts_bom_and_blank_lines() -> None:
    text = "\ufeffname,short_name,category,region,aliases\n\n测试银行,测试行,城商行,浙江,甲|乙\n"
    assert parse_registry(text) == (Institution("测试银行", "测试行", "城商行", "浙江", ("甲", "乙")),)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name,category\n", "第 1 行"),
        ("name,short_name,category,region,aliases\n甲银行,甲,信托,,\n", "第 2 行 字段 category"),
        ("name,short_name,category,region,aliases\n,甲,城商行,,\n", "第 2 行 字段 name"),
        ("name,short_name,category,region,aliases\n甲银行,甲,城商行\n", "第 2 行"),
        (
            "name,short_name,category,region,aliases\n甲银行,甲,城商行,,\n甲银行,甲,城商行,,\n",
            "第 3 行 字段 name",
        ),
    ],
)
def test_parse_rejects_bad_rows_naming_row_and_field(text: str, fragment: str) -> None:
    with pytest.raises(RegistryError, match=fragment) as raised:
        parse_registry(text, source="自定义.csv")
    assert "自定义.csv" in str(raised.value)
