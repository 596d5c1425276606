"""The checker: each rule family fires on a violation and stays quiet on its hard negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from redfunnel.compliance.checker import check_text, detect_product, normalise
from redfunnel.compliance.rulebook import FAMILIES, RulebookError, load_rulebook

VIOLATIONS = [
    ("absolute_terms", "note", "这款理财收益全网最高，理财非存款、产品有风险、投资须谨慎"),
    ("return_promise", "note", "这款理财保本保息，年化4%，理财非存款、产品有风险、投资须谨慎"),
    ("deposit_confusion", "note", "这款理财跟存款一样，理财非存款、产品有风险、投资须谨慎"),
    ("missing_risk_disclosure", "note", "新发理财，业绩比较基准3.2%，1万元起购"),
    ("missing_apr", "note", "消费贷日息低至0.02%，借1万每天2元"),
    ("student_credit", "note", "大学生专属信用卡，秒批"),
    ("credit_card_fee", "note", "信用卡账单分期手续费低至0.6%/期"),
    ("endorsement", "note", "知名经济学家力荐这只理财，理财非存款、产品有风险、投资须谨慎"),
    ("pii_exposure", "comment_reply", "已登记您的手机号13812345678"),
    ("pii_request", "dm_reply", "请把收到的短信验证码告诉我"),
    ("missing_ad_label", "note", "这张信用卡首年免年费，扫码立即申请"),
]


def test_every_family_has_a_violation_case() -> None:
    assert {family for family, _, _ in VIOLATIONS} == set(FAMILIES)


@pytest.mark.parametrize(("family", "kind", "text"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_each_family_fires(family: str, kind: str, text: str) -> None:
    result = check_text(text, kind=kind)
    hits = [f for f in result.findings if f.family == family]
    assert hits, result.findings
    finding = hits[0]
    assert finding.source and finding.fix and finding.rule_id
    assert text[finding.start : finding.end] == finding.excerpt
    assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.fix)


HARD_NEGATIVES = [
    "最近利率有调整，请以网点公告为准。",
    "第一次申请信用卡？带好身份证到网点即可。",
    "最后提醒：本周六营业时间调整。",
    "消费贷年化利率（单利）3.5%-18%，具体以审批为准，贷款有风险，借款需谨慎。",
    "存款保险：同一存款人在同一家银行的存款本金和利息合并计算，最高偿付50万元。",
    "理财产品业绩比较基准2.9%（不构成收益承诺），理财非存款、产品有风险、投资须谨慎。",
    "净值型理财不保本，请根据风险承受能力选择。",
    "反诈提醒：宣称“保本高收益、稳赚不赔”的投资都是骗局！",
    "请不要向任何人提供验证码，我行工作人员不会索要。",
    "三年期定期存款年利率2.15%，到期保本保息。",
    "大学生朋友请理性消费，远离不良校园贷。",
    "最高人民法院发布征信修复诈骗典型案例。",
    "保护个人信息，不随意扫码。",
    "免息期是什么？按时全额还款就不用付利息。",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_clean(text: str) -> None:
    assert check_text(text).findings == ()


def test_p0_blocks_and_p1_does_not() -> None:
    assert check_text("理财稳赚不赔").blocked
    missing = check_text("新发理财，业绩比较基准3.2%，1万元起购")
    assert missing.findings and not missing.blocked


def test_negation_turns_a_promise_into_a_disclosure() -> None:
    assert "return_promise" in check_text("这款理财保本").families
    assert "return_promise" not in check_text("这款理财不保本").families


def test_evasion_spacers_are_seen_and_spans_point_at_the_original() -> None:
    text = "这款理财稳 赚 不 赔"
    result = check_text(text)
    hit = next(f for f in result.findings if f.family == "return_promise")
    assert text[hit.start : hit.end] == "稳 赚"
    assert normalise("保\u200b本")[0] == "保本"
    assert normalise("ＡＢＣ１２３")[0] == "ABC123"


def test_deposit_words_are_lawful_for_deposits_but_not_for_wealth() -> None:
    assert detect_product("三年期定期存款，到期保本保息") == "deposit"
    assert check_text("三年期定期存款，到期保本保息").findings == ()
    assert "return_promise" in check_text("三年期定期理财，到期保本保息").families


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("理财非存款，业绩比较基准3%", "wealth"),
        ("消费贷年化利率3.5%", "loan"),
        ("信用卡分期", "credit_card"),
        ("大额存单利率2%", "deposit"),
        ("基金定投", "fund_insurance"),
        ("积存金兑换实物金", "gold"),
        ("网点营业时间调整", "none"),
    ],
)
def test_product_detection(text: str, product: str) -> None:
    assert detect_product(text) == product


def test_product_given_overrides_detection() -> None:
    assert check_text("这款产品保本", product="deposit").product == "deposit"
    assert check_text("这款产品保本", product="deposit").findings == ()
    assert check_text("这款产品保本", product="wealth").blocked


def test_replaceable_rulebook(tmp_path: Path) -> None:
    custom = tmp_path / "rules.yaml"
    custom.write_text(
        "version: bank-7\nfamilies:\n  absolute_terms: {title: 绝对化, severity: P2}\n"
        "rules:\n  - id: X-1\n    family: absolute_terms\n    source: 内部制度第1条\n    severity: P2\n"
        "    kind: must_not\n    patterns: ['爆款']\n    fix: 删除“爆款”\n",
        encoding="utf-8",
    )
    book = load_rulebook(custom)
    result = check_text("爆款理财保本", rulebook=book)
    assert result.rulebook_version == "bank-7"
    assert [(f.rule_id, f.severity) for f in result.findings] == [("X-1", "P2")]
    assert not result.blocked


def test_bad_rulebook_names_file_rule_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: '1'\nfamilies:\n  absolute_terms: {title: 绝对化, severity: P0}\n"
        "rules:\n  - id: B-1\n    family: absolute_terms\n    source: s\n    severity: P0\n"
        "    kind: must_not\n    patterns: ['(unclosed']\n    fix: f\n",
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match=r"bad\.yaml.*B-1\.patterns"):
        load_rulebook(bad)


def test_pii_exposure_span_covers_the_whole_number() -> None:
    text = "王女士，您的手机号13812345678已登记"
    hit = next(
        f for f in check_text(text, kind="comment_reply").findings if f.family == "pii_exposure"
    )
    assert hit.excerpt == "13812345678"


def test_reply_prefix_does_not_make_a_warning_a_request() -> None:
    assert (
        check_text(
            "回复：我行工作人员不会索要您的验证码，请勿告诉任何人", kind="comment_reply"
        ).findings
        == ()
    )
    assert "pii_request" in check_text("回复：请私信发一下您的卡号", kind="comment_reply").families


# --- rulebook 2026.11-8: semantic frames rather than phrase lists ----------------------------


def _families(text: str, kind: str = "note") -> set[str]:
    return check_text(text, kind=kind).families


@pytest.mark.parametrize(
    "text",
    [
        "这款理财收益铁定跑赢通胀",
        "年化3.8%锁定收益，到期本息全额返还",
        "您好，这个理财到期包您拿到4个点",
        "亲 这个百分百能拿到收益的",
        "本金不会有任何损失，收益只多不少",
    ],
)
def test_certainty_frame_is_a_return_promise(text: str) -> None:
    assert "return_promise" in _families(text)


@pytest.mark.parametrize(
    "text",
    [
        "您好，我们保证48小时内给您回复处理结果。",
        "跨行转账手续费全免，到账金额一分不少。",
        "理财收益不一定，过往业绩不代表未来表现，理财非存款、产品有风险、投资须谨慎。",
        "“稳赚不赔”四个字，本身就是风险信号。",
        "理财没有“保本”一说，打破刚兑已经好几年了。",
    ],
)
def test_certainty_words_outside_the_frame_are_clean(text: str) -> None:
    assert _families(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "这款理财收益稳稳的，比定期存款强多了",
        "存款替代好选择，这款理财年化3.5%",
        "定存到期了转到这款理财，等于存款升级",
        "姐妹，这个理财跟你存银行没区别",
    ],
)
def test_comparison_frames_are_deposit_confusion(text: str) -> None:
    assert "deposit_confusion" in _families(text)


@pytest.mark.parametrize(
    "text",
    [
        "很多人觉得理财跟存款一样，其实不是：理财不保本，存款受存款保险保护。",
        "理财和存款有什么不同？一张图看懂风险和收益的区别。",
        "大额存单比普通定期利率高一些，但起存金额也更高。",
    ],
)
def test_explaining_the_difference_is_clean(text: str) -> None:
    assert _families(text) == set()


def test_warning_replies_with_coordinated_cues_are_not_requests() -> None:
    assert (
        _families("您好，我行工作人员不会以任何理由要求您提供验证码、密码。", "dm_reply") == set()
    )
    assert "pii_request" in _families("请把卡号和手机号发到评论区，我们帮您查", "comment_reply")


def test_model_layer_is_a_second_opinion_that_does_not_block() -> None:
    result = check_text("收益率是写在合同里的，到期必须给您，这点您放心")
    assert [f.rule_id for f in result.findings if f.family == "return_promise"] == ["RET-ML"]
    assert not result.blocked
    # a rule hit of the family leaves the model silent
    rules = check_text("这款理财稳赚不赔")
    assert {f.rule_id for f in rules.findings if f.family == "return_promise"} <= {
        "RET-01",
        "RET-04",
    }


def test_model_is_trained_without_the_newer_held_out_sets() -> None:
    from redfunnel.compliance.evaluate import HELDOUT
    from redfunnel.compliance.statistical import TRAIN_SETS, family_model

    assert "heldout_g" in HELDOUT and "heldout_g" not in TRAIN_SETS
    assert family_model("return_promise").threshold >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "存钱小方法，亲测有效📒\n1️⃣坚持52周\n2️⃣存下的钱可以配置到定期",
        "支付小技巧\n1️⃣地铁公交可以直接刷卡或扫码\n2️⃣热门景点提前预约",
    ],
)
def test_everyday_tips_are_not_endorsements_or_ads(text: str) -> None:
    assert _families(text) == set()


def test_a_how_to_apply_loan_post_still_needs_the_annual_rate() -> None:
    assert "missing_apr" in _families("装修/结婚用钱，消费贷这样申请 #消费贷 #贷款")
    assert _families("第一次申请房贷？这份材料清单请收好。") == set()
