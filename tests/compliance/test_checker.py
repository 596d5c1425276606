"""The checker: each rule family fires on a violation and stays quiet on its hard negatives."""

from __future__ import annotations

import dataclasses
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


def _assert_rulebook_error(path: Path, body: str, message: str) -> None:
    """A one-family rulebook with ``body`` after its header fails to load with ``message``."""
    path.write_text(
        "version: '1'\nfamilies:\n  absolute_terms: {title: 绝对化, severity: P0}\n" + body,
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match=message):
        load_rulebook(path)


def test_bad_rulebook_names_file_rule_and_field(tmp_path: Path) -> None:
    _assert_rulebook_error(
        tmp_path / "bad.yaml",
        "rules:\n  - id: B-1\n    family: absolute_terms\n    source: s\n    severity: P0\n"
        "    kind: must_not\n    patterns: ['(unclosed']\n    fix: f\n",
        r"bad\.yaml.*B-1\.patterns",
    )


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


def test_model_layer_never_trains_on_a_sealed_held_out_set() -> None:
    from redfunnel.compliance.evaluate import HELDOUT, first_runs, load_labelled, sealed_sets
    from redfunnel.compliance.statistical import TRAIN_SETS, family_models, training_items

    recorded = {run["set"] for run in first_runs()}
    assert {name for name in TRAIN_SETS if name in HELDOUT} <= recorded  # scored once, then learnt
    trained = {item.text for _name, item in training_items()}
    for name in sealed_sets():
        assert name not in TRAIN_SETS
        assert not trained & {item.text for item in load_labelled(HELDOUT[name])}, name
    models = family_models()
    assert "pii_exposure" not in models.families  # a checksum question, not a statistical one
    assert all(t >= 0.5 for t in models.thresholds.values())


def test_substituted_models_are_used_and_then_dropped() -> None:
    from redfunnel.compliance.evaluate import DATASETS, load_labelled
    from redfunnel.compliance.statistical import active_models, family_models, models_in_use, train

    small = train([("dev", item) for item in load_labelled(DATASETS["dev"])])
    with models_in_use(small):
        assert active_models() is small
    assert active_models() is family_models()


@pytest.mark.parametrize(
    "text",
    [
        "存钱小方法，亲测有效📒\n1️⃣坚持52周\n2️⃣存下的钱可以配置到定期",
        "支付小技巧\n1️⃣地铁公交可以直接刷卡或扫码\n2️⃣热门景点提前预约",
    ],
)
def test_everyday_tips_are_not_endorsements_or_ads(text: str) -> None:
    assert _families(text) == set()


def test_the_ad_model_speaks_only_where_the_text_offers_an_entry() -> None:
    tip = "支付小技巧\n1️⃣地铁公交可以直接刷卡或扫码\n2️⃣热门景点提前预约"
    book = load_rulebook()
    ungated = dataclasses.replace(
        book, rules=tuple(dataclasses.replace(r, when=()) if r.id == "AD-ML" else r for r in book.rules)
    )
    assert "missing_ad_label" in check_text(tip, rulebook=ungated).families  # the model's view
    assert "missing_ad_label" not in check_text(tip, rulebook=book).families
    offer = "刷卡小技巧\n1️⃣新户首刷返现\n2️⃣点击链接一键申卡👇"
    assert "missing_ad_label" in check_text(offer, rulebook=book).families


def test_the_model_doubts_a_rule_finding_it_judges_unlike_the_family() -> None:
    """A doubted finding is shown, not counted; a rulebook without model rules keeps it."""
    reply = "会不会亏？存款在存款保险50万范围内有保障，不会亏；理财就不一定了，要看产品"
    book = load_rulebook()
    result = check_text(reply, kind="comment_reply", rulebook=book)
    assert "RISK-01" in {f.rule_id for f in result.doubted}
    assert "missing_risk_disclosure" not in result.families
    assert result.to_dict()["doubted"][0]["rule_id"] == "RISK-01"
    rules_only = dataclasses.replace(
        book, rules=tuple(r for r in book.rules if r.id not in book.model_rule_ids)
    )
    alone = check_text(reply, kind="comment_reply", rulebook=rules_only)
    assert "missing_risk_disclosure" in alone.families and alone.doubted == ()
    # A plain promise stays a finding: the model does not doubt it.
    assert check_text("这款理财保本保息，年化5%").findings[0].rule_id == "RET-01"


def test_one_violating_sentence_in_a_long_harmless_post_is_not_doubted() -> None:
    """The whole text's score falls as harmless sentences pile up; the sentence's own does not."""
    harmless = "。".join(text for _kind, text in CLEAN_CH_CM + CLEAN_CN_CS)
    post = harmless + "。顺便说一句，这款理财就当是存了个定期，保本保息，稳赚不赔。" + harmless
    result = check_text(post)
    assert "return_promise" in result.families
    assert not any(f.family == "return_promise" for f in result.doubted)


def test_a_giveaway_asking_for_comments_requests_no_personal_data() -> None:
    """The request model gives its opinion only where something personal is named (the demo
    world's giveaway posts were its false alarms at the looser threshold budget)."""
    giveaway = "宠粉福利｜评论区抽3位送周边\n1️⃣关注账号并在评论区留言\n2️⃣一周内公布结果\n快来评论区冒泡吧👇"
    assert "pii_request" not in _families(giveaway)
    assert "pii_request" in _families("刚给您发了条短信，把里面的6位数字回我一下就行", kind="dm_reply")


def test_a_risk_stated_about_another_product_is_no_disclosure() -> None:
    pitch = "这款增额寿不像理财会亏本，收益每年往上涨，现在投保正合适"
    assert "missing_risk_disclosure" in _families(pitch)
    assert "missing_risk_disclosure" not in _families("这款基金也会亏本，今年以来涨了8%，适合长期持有")


def test_a_how_to_apply_loan_post_still_needs_the_annual_rate() -> None:
    assert "missing_apr" in _families("装修/结婚用钱，消费贷这样申请 #消费贷 #贷款")
    assert _families("第一次申请房贷？这份材料清单请收好。") == set()


# --- rulebook mechanisms for the t/u/v/w writers' generalisation gaps ------------------------


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("像定期一样安心，像活期一样灵活，这就是“天天利”。", "none"),
        ("这个就是跟你那个定期一样的嘛，收益高一点点", "none"),
        ("大额存单利率比定期高，20万起存", "deposit"),
    ],
)
def test_a_deposit_named_as_a_yardstick_is_not_a_product_cue(text: str, product: str) -> None:
    assert detect_product(text) == product


def test_comparisons_in_deposit_heavy_texts_still_need_a_non_deposit_product() -> None:
    assert "deposit_confusion" in _families("这款增额寿比放定期强多了，定期利率一降再降")
    assert _families("三年期大额存单比一年期定期利率高，20万起存，详询网点") == set()


def test_allowed_phrase_longer_than_the_window_still_exempts_the_hit() -> None:
    text = "这款结构性存款挂钩黄金，最低收益1.2%，最高3.1%，以实际表现为准"
    assert "absolute_terms" not in _families(text)


@pytest.mark.parametrize(
    "text",
    [
        "毕业季提醒：刚工作的同学们，信用卡按时还款、不要以卡养卡。",
        "大学新生来网点办卡可以送定制卡套哦，借记卡免年费免小额管理费～",
    ],
)
def test_weak_student_words_without_a_credit_offer_are_clean(text: str) -> None:
    assert "student_credit" not in _families(text)


@pytest.mark.parametrize(
    "text",
    [
        "同学想办的话，带上学生证来我们学校里的网点就行，不用父母签字",
        "开学季🎓校园卡申请通道开启啦！学生党也能办，首刷就送蓝牙耳机",
        "应届毕业生专享“起航贷”！还没毕业也能申请，月供低至300元",
    ],
)
def test_student_offers_are_student_credit(text: str) -> None:
    assert "student_credit" in _families(text)


def test_disowned_claims_are_framed_but_denied_warnings_are_not() -> None:
    reply = "亲～您说的那个理财经理推销保险时说「这个跟存款一样」，这个说法是不对的，我们会核实处理"
    rule_hits = check_text(reply, kind="comment_reply").findings
    assert [f.rule_id for f in rule_hits if not f.rule_id.endswith("-ML")] == []
    # 不是坑 denies the warning: the offer in the same sentence still counts
    assert "student_credit" in _families("同学你好 校园贷不是坑 在校生直接线上申请 最高1万 随借随还")


def test_guarantee_slogans_count_for_structured_deposits_too() -> None:
    assert "return_promise" in _families("这款结构性存款稳赚不赔的，最低也有2.8%")
    assert _families("三年期定期存款年利率2.15%，到期保本保息。") == set()


@pytest.mark.parametrize(
    "text",
    [
        "阿姨 您身份证号码多少啊 我这边帮您查下养老金到没到账",
        "您好，您方便的话发一张身份证正面照片给我，我帮您看看",
        "要的话留个电话在下面，客户经理回你",
        "呃 亲那个三位码你要先发我 不然没法帮你核实",
    ],
)
def test_paraphrased_requests_for_personal_data(text: str) -> None:
    assert "pii_request" in _families(text, "dm_reply")


def test_refusals_to_collect_data_are_not_requests() -> None:
    text = "您好，提额请在手机银行自助申请。我们不会要求您下载第三方软件或共享屏幕。"
    assert "pii_request" not in _families(text, "dm_reply")


def test_a_customers_landline_is_exposure_but_a_hotline_is_not() -> None:
    assert "pii_exposure" in _families("请问是龚先生吗，您家里那个电话0571-86732215一直打不通", "comment")
    assert "pii_exposure" not in _families("如有疑问请拨打客服热线021-12345678咨询", "comment")


def test_explaining_a_government_loan_programme_is_not_loan_marketing() -> None:
    text = "毕业生创业扶持政策解读：符合条件的高校毕业生可申请政府贴息的创业担保贷款，由人社部门审核。"
    assert "missing_apr" not in _families(text)


# --- heldout_i gaps: analogies to deposits, deposit-insurance misstatements, scope of negations ---


def _rule_ids(text: str, kind: str = "note") -> set[str]:
    return {f.rule_id for f in check_text(text, kind=kind).findings}


@pytest.mark.parametrize(
    "text",
    [
        "这款基金波动很小，您就当存了个三年期，到时候再看",
        "这个产品一直按时兑付，您权当存了一笔定期就好",
        "这款理财和定期差别不大，就是灵活一些",
        "新品理财像存单一样省心，到期自动续期",
    ],
)
def test_likening_a_product_to_a_deposit_is_deposit_confusion(text: str) -> None:
    assert "deposit_confusion" in _families(text)


def test_a_likened_deposit_does_not_make_the_text_a_deposit_text() -> None:
    assert detect_product("您就当存了一笔定期，放心") == "none"
    assert detect_product("这款产品虽然不是存款，但收益不错") == "none"
    assert detect_product("我们的活期+收益还不错") == "wealth"


@pytest.mark.parametrize(
    "text",
    [
        "存款保险很给力，不管存多少钱都能全额赔付",
        "同一家银行办几张卡分别能保50万，大家多开几张",
        "本行是存款保险投保机构，在这儿买的基金也很安全",
        "理财放我们行也是有保障的，有存款保险",
    ],
)
def test_misstated_deposit_insurance(text: str) -> None:
    assert "DEP-04" in _rule_ids(text)


def test_correct_deposit_insurance_limits_are_clean() -> None:
    assert "DEP-04" not in _rule_ids("同一家银行开多张卡也不能各保50万，是按存款人合并计算的。")


def test_promise_after_a_denial_of_being_a_deposit_is_still_a_promise() -> None:
    assert "return_promise" in _families("这款虽然不是存款，但是我们保证您本金安全")
    assert "return_promise" in _families("放心买，跌了我给您补")


def test_purchase_entry_points_need_an_ad_label() -> None:
    assert "AD-01" in _rule_ids("新发理财业绩比较基准2.8%，私信获取购买链接")
    assert "AD-01" in _rule_ids("零钱理财随存随取，扫下方二维码即可买")
    assert "AD-01" not in _rule_ids("【广告】新发理财，扫下方二维码即可买")


def test_benchmark_explained_with_a_possible_loss_is_a_risk_statement() -> None:
    text = "业绩比较基准3.0%是投资目标，实际收益可能低于这个数，甚至出现亏损。"
    assert "RISK-01" not in _rule_ids(text)


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        ("您好，说明一下问题即可，无需发卡号或密码，我们查好回复您", "dm_reply", "PII-02"),
        ("您的截图里露出了卡号，建议您撤回后重新发送", "comment_reply", "PII-02"),
        ("【网点迁址】XX支行自5月起迁至人民路56号，原网点停止营业，客户业务照常办理。", "note", "PII-05"),
        ("信用卡取现和分期不享受免息期，请留意账单。", "note", "CCF-01"),
        ("孩子在上大学，给他办借记卡就好，也不建议学生办信用卡分期。", "note", "STU-02"),
        ("可以理解为：定期存单是存款，保本；理财是投资，不保本，不是一回事。", "note", "DEP-01"),
    ],
)
def test_explanations_and_advice_are_not_violations(text: str, kind: str, rule: str) -> None:
    assert rule not in _rule_ids(text, kind)


def test_flattened_model_scores_equal_the_fitted_pipeline() -> None:
    import numpy as np

    from redfunnel.compliance.evaluate import DATASETS, load_labelled
    from redfunnel.compliance.statistical import MODEL_FAMILIES, _fit, _flatten

    items = load_labelled(DATASETS["heldout_b"])
    texts = [i.text for i in items]
    labels = np.array([[f in i.labels for f in MODEL_FAMILIES] for i in items], dtype=int)
    vectorizer, models = _fit(texts, labels)
    flat = _flatten(vectorizer, models, dict.fromkeys(MODEL_FAMILIES, 0.5),
                    dict.fromkeys(MODEL_FAMILIES, 0.0))
    probe = ["这款理财跟存款一样稳，放心买  年化4.2%！", "A", "", "😀 验证码发我 ABC abc",
             *texts[:5]]
    for text in probe:
        compiled, numpy_path = flat.scores(text), flat.numpy_scores(text)
        row = vectorizer.transform([text])
        for j, family in enumerate(MODEL_FAMILIES):
            fitted = models[j].predict_proba(row)[0, 1]
            assert abs(compiled[family] - fitted) < 1e-9, (text, family)
            assert abs(numpy_path[family] - fitted) < 1e-9, (text, family)


def test_the_compiled_scorer_is_built_and_scores_as_numpy_does() -> None:
    """``make test`` installs the project with its C scorer; a failed build would only show as
    a slower checker, so the suite insists on it. Long texts, emoji and every kind of
    whitespace go through both paths."""
    import numpy as np

    from redfunnel.compliance import statistical
    from redfunnel.compliance.evaluate import DATASETS, load_labelled

    assert statistical._ngram_scoring is not None, "the C scorer was not built at install"
    models = statistical.family_models()
    texts = [i.text for i in load_labelled(DATASETS["heldout_c"])]
    texts += ["", " \n\t ", "🧧" * 3, "\n\n".join(texts[:40]), "ABC  abc\u3000理财"]
    for text in texts:
        compiled, numpy_path = models.scores(text), models.numpy_scores(text)
        assert max(abs(compiled[f] - numpy_path[f]) for f in compiled) < 1e-12, text
    batch = models.score_many(texts[:30])
    assert np.allclose(batch, [list(models.numpy_scores(t).values()) for t in texts[:30]],
                       rtol=0, atol=1e-12)


# Clause-level negation / denial scope (rulebook ``negation_scope``).
DENIED = [
    ("pii_request", "dm_reply", "我这边看不到也不需要您的身份证号和密码哈，您按页面提示操作就行"),
    ("pii_request", "comment_reply", "你好，不可以在评论区发照片哦，请带原件到网点办理"),
    ("pii_request", "dm_reply",
     "宝 你先别急，把你收到的短信截图发我看看（截图前把验证码和卡号打码哈），我帮你判断是不是我们发的"),
    ("student_credit", "note", "【广告】已毕业并入职的新青年可申请信用卡。在校学生暂不受理。"),
    ("deposit_confusion", "note", "银行理财≈高息存款？错！理财是投资，不是存款，有可能亏损。"),
    ("return_promise", "dm_reply", "理财都是净值型，您要是一分都不能亏，建议还是考虑存款或者国债"),
    ("missing_risk_disclosure", "dm_reply", "这个是保险，前五年退保是会亏本金的，您要是这笔钱随时要用，就别买了"),
]
STILL_CLAIMS = [
    ("pii_request", "dm_reply", "不要担心，把验证码发我"),
    ("return_promise", "note", "不用怕亏，这款理财稳赚不赔"),
    ("return_promise", "note", "这款理财不是存款，但比存款还稳，年化4%"),
    ("student_credit", "note", "哪怕是白户、没工作、学生都能批信用卡"),
    ("pii_request", "dm_reply", "亲，要不你直接把支付密码发我，我来帮你操作"),
]


@pytest.mark.parametrize(("family", "kind", "text"), DENIED)
def test_negation_scope_exempts_denials(family: str, kind: str, text: str) -> None:
    assert family not in check_text(text, kind=kind).families


@pytest.mark.parametrize(("family", "kind", "text"), STILL_CLAIMS)
def test_negator_governing_something_else_keeps_the_claim(family: str, kind: str, text: str) -> None:
    assert family in check_text(text, kind=kind).families


def test_prohibited_use_is_not_a_product_cue() -> None:
    text = "消费贷｜额度最高20万，年化利率3.5%-8.5%（单利）。请勿将贷款资金用于购房、投资理财。"
    assert detect_product(text) == "loan"
    assert "missing_risk_disclosure" not in check_text(text).families


# Rulebook 2026.11-15: general mechanisms for what set K showed.
CLAIMS_K = [
    # a space used as punctuation ends the reach of a negator or warning before it
    ("deposit_confusion", "dm_reply", "亲 不会的 这个R1的理财就相当于存款 没风险的"),
    ("deposit_confusion", "dm_reply", "这位先生 您别听网上瞎说 我们这款理财相当于一年期存款 就是换了个名字"),
    ("deposit_confusion", "dm_reply", "不用想那么多 存款保险覆盖所有在我们行买的产品 放心"),
    # withholding the annual rate is not showing it
    ("missing_apr", "note", "车贷来了🚗 首付低至15%，最长5年，审批快！年化利率多少？来网点问就知道～"),
    ("missing_apr", "dm_reply", "您好 这个贷款年化利率是多少我们这边不方便说 您直接申请就能看到额度 很快的"),
    # analogies for gold, slang for fixed deposits, "full cover" without the limit
    ("deposit_confusion", "note", "积存金=零存整取的黄金版！每月定存一点，到期连本带金都是你的"),
    ("deposit_confusion", "note", "今天又帮一位客户把死期换成了我们的分红险，收益比死期翻一倍😎"),
    ("deposit_confusion", "note", "农商行的钱，国家全额保障，存多少保多少，放心存！"),
    ("deposit_confusion", "note", "钱放银行理财和放银行定期，本质上都是存银行"),
]


CLEAN_K = [
    # reported speech of any length: scammers' words, a debunked rumour
    ("note", "骗子就喜欢说“我是XX银行的，你的卡被冻结了，把验证码报给我”，我们银行从来不会这样，遇到直接挂断！"),
    ("note", "【风险提示】网传“XX银行内部理财，年化12%，保本保息”截图系伪造，我行从未发行此类产品。理财非存款，产品有风险，投资须谨慎。"),
    # a masking instruction in a bracketed aside
    ("dm_reply", "您好，这边看到您反馈的扣费问题，麻烦把扣费短信截图发过来（卡号部分可以打码），我们核实后给您回复"),
    # deposit instruments are deposits; full repayment within the 500,000 limit is the law
    ("dm_reply", "您好 这个大额存单是存款产品 纳入存款保险保障范围 同一存款人在我行的存款本息合计50万元以内全额保障 超过部分依法清偿"),
    ("note", "一图看懂：存款、理财、基金、保险有什么区别？存款保本并受存款保险保障；理财和基金不保本、有净值波动；保险以保障为主。"),
    ("note", "开门红理财经理PK赛第一名诞生🏆 恭喜我们西城支行的小李！"),
    # education that names the annual rate without a figure
    ("note", "借款前看清年化利率，别只看日利率。"),
]


def test_a_quote_the_writer_owns_is_still_a_claim() -> None:
    families = check_text("客户都说“这款理财收益稳稳的，跟存款一样安全，明年还要继续买”", kind="note").families
    assert {"deposit_confusion", "return_promise"} <= families
    assert "pii_request" in check_text("麻烦把短信截图发过来（卡号也要）", kind="dm_reply").families


# Rulebook 2026.11-16: what set L showed.
CLAIMS_L = [
    ("deposit_confusion", "note", "给爸妈的养老钱：一部分放定期，一部分配增额终身寿——它就像一张超长期的定期存单，利率直接写进合同"),
    ("deposit_confusion", "comment_reply", "存在我们行的钱，全部受国家存款保险保障，放一百个心❤️"),
    ("deposit_confusion", "note", "XX人寿增额终身寿险，由XX人寿承保。定期利率一降再降，不如早点锁定长期利率～"),
    ("return_promise", "note", "“XX安盈”系列成立以来所有产品均达到业绩比较基准上限，您的每一分钱都有着落。"),
    ("credit_card_fee", "dm_reply", "您好，可以的，这笔5000块的消费能单笔分期，分6期总手续费才180，一期30块钱"),
    ("pii_exposure", "note", "今天上门给一位卧床的老爷爷办社保卡激活。爷爷叫马德顺，住红星村二组45号"),
]


CLEAN_L = [
    ("note", "🎓给大学新生的第一课：接到“校园贷”“注销校园贷账户”“刷单返利”电话，统统挂掉！有疑问拨打96110。"),
    ("comment_reply", "同学你好，在校学生目前不能申请我行信用卡和消费贷哦。如果需要办储蓄卡，可以带学生证和身份证来网点～"),
    ("note", "【广告】XX银行个人大额存单，3年期年利率2.15%，20万元起存。本产品为存款产品，受存款保险保护（同一存款人在同一家银行本息合计最高偿付50万元）。"),
    ("comment_reply", "您好，如果不确定来电真假，先挂断，再自己拨打卡背面的官方电话核实，这样最稳妥～"),
    ("comment_reply", "活期随取随用利息低，定期期限锁定利息高一点，两个都是存款，都受存款保险保护（同一家银行本息合计50万以内）"),
]


# Rulebook 2026.11-17: what set M showed.
CLAIMS_M = [
    ("return_promise", "dm_reply", "姐，定期到期的钱转到理财里吧，每个月固定给您打利息，本金一直放着不动的。"),
    ("return_promise", "note", "本行代销的这只养老目标基金已纳入个人养老金产品名录，国家队认可，闭着眼睛都能选👌"),
    ("return_promise", "dm_reply", "这款养老年金险按中档算，每年领2万多是肯定有的，您放心。"),
    ("deposit_confusion", "note", "存款保险了解一下🛡️ 赔付没有上限，不管你存多少都能全额拿回，安心存！"),
    # a boilerplate disclaimer two lines down does not undo an analogy
    ("deposit_confusion", "note", "孩子的压岁钱我都放进了「童享」理财，银行理财嘛，跟存银行是一回事～ 理财非存款，产品有风险，投资须谨慎。"),
    ("deposit_confusion", "note", "把钱放理财，就像放进一个利息更高的存钱罐🐷 随用随取～ 理财非存款，产品有风险，投资须谨慎。"),
    # "不套路" is a sales line, not an anti-fraud post
    ("absolute_terms", "note", "💎黄金回购价全城第一！按当天金价实时回购，不压价不套路～"),
]


CLEAN_M = [
    ("note", "【真实案例改编】「姐，我是你行VIP经理，给你开通了内部理财，年化10%保本，先加我微信」——收到这种消息请记住：我们只在官方渠道联系你。"),
    ("comment_reply", "不好意思让您久等了🙇 App今晚22:00至次日2:00系统升级，期间转账和理财购买暂停。"),
    ("note", "“业绩比较基准3.2%”≠你一定能拿到3.2%。它是投资目标参考，不构成收益承诺。理财非存款，产品有风险，投资须谨慎。"),
    ("comment_reply", "宝子，闭眼冲可不行哈😂 理财要看风险等级，理财非存款、产品有风险、投资须谨慎。"),
]


# Rulebook 2026.11-18: what set N showed.
CLAIMS_N = [
    ("return_promise", "note", "为什么说我们行的「固收+」适合退休族？因为它的设计就是亏不到本金，你拿到的只会多不会少～"),
    ("return_promise", "dm_reply", "林太您放心，这支 QDII 理财 downside 很有限，最差也就是拿回本金，upside 可以到 6%"),
    ("return_promise", "note", "理财选得对，就像把钱放进保险柜，只会长大不会变少🌱 我们行的「安享」系列就是这样的存在。"),
    ("return_promise", "dm_reply", "Market 再怎么 volatile 都不怕，我们这支 fixed income 产品 principal 保住，到期就拿走"),
    ("deposit_confusion", "note", "钱放活期太亏？试试我们的「活钱管家」理财，用起来跟活期存款一模一样，收益却是活期的好几倍🌟"),
    ("pii_exposure", "comment_reply", "@周建华 您的贷款合同已经邮寄到您家（XX县城关镇幸福路22号），请注意查收～"),
]


CLEAN_N = [
    ("dm_reply", "阿姨您好，您家孩子还在读大学的话，我们行信用卡目前是不对在校学生发放的哦，可以先给他办张借记卡用着～"),
    ("note", "Quarter end 加班到十点🍙 最近客户问得最多的还是：存款利率还会降吗？我只能说没人能 100% 预测，做好 asset allocation 比什么都重要。"),
    ("dm_reply", "谢谢阿姨的信任🙏 不过我们真不能帮您保管存折和密码哈，密码只有您自己知道才最安全。"),
    ("note", "理财要看风险等级和业绩比较基准，没有哪家能保证收益更高，理财非存款、产品有风险、投资须谨慎。"),
]


def test_a_nickname_the_writer_gives_in_quotes_is_a_claim() -> None:
    text = "这个理财产品我们内部都叫它「保本款」，您周五前打款就能锁住这期额度"
    assert "return_promise" in check_text(text, kind="dm_reply").families


# Rulebook 2026.11-19: what set O showed.
CLAIMS_O = [
    ("deposit_confusion", "dm_reply", "王叔这款理财您就把它当个利息高点的定期存着，R2级低风险的。"),
    ("deposit_confusion", "comment_reply", "有的亲，在我们银行买的都受存款保险保护的哈，放心"),
    ("deposit_confusion", "dm_reply", "阿姨您就把那个理财当成“存三年拿利息”就行 跟存款没啥两样"),
    ("return_promise", "note", "退休金放哪？🤔我们这款固收+，说白了就是睡着觉钱自己长，波动？基本没有的。"),
    ("return_promise", "note", "我们家这款养老理财可以理解成“保底3%”，上不封顶，涨多少都是您的"),
    ("student_credit", "note", "今天在XX职业技术学院门口摆摊啦⛺️扫码办卡送充电宝，学弟学妹排了老长的队😆"),
]


CLEAN_O = [
    # a verdict after the claim, across a space, still covers it
    ("dm_reply", "阿姨 您说的那个群里讲的养老理财年化8%还保本 那是骗人的 正规养老理财也不保本 千万别往那个群里转钱"),
    ("comment_reply", "最低还款额是账单上规定最少要还的金额，但只还最低的话剩下的会计息哦，能全额还最好全额还～"),
    ("dm_reply", "大爷 您接到的那个电话是诈骗 挂了就好。您卡号密码没告诉他吧？没说就没事，别着急。"),
    ("comment_reply", "同学你好，我行信用卡要求年满18周岁且有稳定收入，在校学生一般不符合哦。"),
    ("note", "有网友说“存款保险最多赔50万，存100万就亏了”——其实是同一家银行超过50万的部分不在存款保险偿付范围内，可以依法从清算财产中受偿。"),
    ("dm_reply", "刘老板，营业执照照片发我就行，身份证不用发，面签时带原件我们当场核验。"),
    ("dm_reply", "张姐 您那个店我看了，经营贷年化利率最低能到3.65%（单利），具体看审批。"),
]


def test_detector_spans_point_at_the_original_text_when_spaces_were_dropped() -> None:
    text = "亲 您好 请把 验证码 发我 一下"
    found = [f for f in check_text(text, kind="dm_reply").findings if f.family == "pii_request"]
    assert found and all(text[f.start : f.end] == f.excerpt for f in found)
    assert any("验证码" in f.excerpt for f in found)


# Rulebook 2026.11-20: what set P showed: Cantonese negation and claims.
CLAIMS_P = [
    ("return_promise", "dm_reply", "老板娘，呢只产品我哋行会兜底嘅，就算市况唔好都唔会少您一蚊本金"),
    ("return_promise", "note", "【直播口播】家人们，这个定投计划跟住揸三年，亏钱你嚟揾我！真系唔讲大话～"),
    ("absolute_terms", "note", "广州人必办嘅一张卡，冇之一🌟早茶8折、地铁乘车码、商场停车全都有"),
    ("absolute_terms", "note", "全省养老金融第一品牌🏅陪伴每一位退休的你，养老理财就揾鹏江"),
]


CLEAN_P = [
    ("comment_reply", "靓仔唔使担心，卡片冻结系风控触发，打官方客服热线就得，千祈唔好喺评论区留卡号啊🙏"),
    ("dm_reply", "陈生，唔好意思，我哋唔可以承诺收益㗎。理财有风险，你朋友话嘅“包赚”系冇嘅，唔好信"),
    ("dm_reply", "唔好意思，我哋唔会喺私信收身份证相片嘅，麻烦您带证件去柜台办理，多谢体谅🙏"),
    ("comment_reply", "唔系嘅，呢个“零”系指零钱账户，唔系零风险嘅意思哈"),
    ("comment_reply", "您好，截图里的卡号我们已做掩码处理（6217 **** **** 5527），可以放心"),
    ("comment_reply", "安全第一哈，大额转账前记得先打电话核实对方身份"),
]


def test_cantonese_sorry_does_not_cancel_a_request() -> None:
    assert "pii_request" in check_text("唔好意思，麻烦您将验证码发俾我", kind="dm_reply").families


# Rulebook 2026.11-21: what set Q showed.
CLAIMS_Q = [
    ("missing_apr", "dm_reply", "姐，这个额度是给你预审下来的，8万，手续费一个月才0.3%，你看啥时候方便我帮你办"),
    ("missing_apr", "dm_reply", "刘总，按您的资产情况我们可以给您批一个500万的授信，利率非常有竞争力，下周我带合同过去？"),
    ("missing_apr", "dm_reply", "叔，您那个养殖场要扩，我们这能给您整个30万的贷款，一年下来利息也就一头牛钱，不贵"),
    ("absolute_terms", "note", "存款利率还有谁能比我们高？🤔 不服来比！"),
    ("deposit_confusion", "dm_reply", "存款保险是按账户保的，一个账户50万，您分开存几张存单就都保上了"),
    ("deposit_confusion", "note", "稳健部分：我们行的“XX月享”理财，这个就当是利息高点的定期，放心放"),
]


CLEAN_Q = [
    ("comment_reply", "是的，储蓄国债是国家发行的，到期还本付息，跟理财不一样哈，下一期10号开始发售"),
    ("note", "本月网点服务小结：客户投诉零起，老年客户陪同办理100%覆盖，感谢每一位同事的付出💪"),
]


# Rulebook 2026.11-22: what sets S and R showed.
CLAIMS_SR = [
    # "only the name differs" asserts sameness, whatever contrast word it uses
    ("deposit_confusion", "note", "好多爷叔问阿拉，理财到底是啥？其实就是利息高一点的定期存款呀，只不过名字叫法不一样～"),
    ("deposit_confusion", "note", "理财跟存款的区别？其实差别不大啦，都是放在银行，只是理财收益高一丢丢😄"),
    # 不如 compares, it does not negate
    ("deposit_confusion", "note", "定期利率一降再降，不如看看比定期还稳的“金葵花”现金管理类理财～"),
    ("deposit_confusion", "note", "【存款保险的真相】存款保险保障范围包括在本行购买的存款、理财和保险，单一客户最高赔付50万元～"),
    ("deposit_confusion", "comment_reply", "晚上好呀～这款是R1的现金管理理财，跟活期差不多的，随时能取🌙"),
    ("return_promise", "dm_reply", "阿姨您想想，我们这么大一家银行开的理财公司，还能让您这几万块钱亏了吗？"),
    ("return_promise", "note", "昨晚财经大V直播间里点名推荐了我们行的积存金🔥 老师说今年金价至少还有两成空间，现在上车不晚！"),
    ("return_promise", "note", "活期+就是升级版的活期存款理财，工资到账自动转入，躺着也有钱进账💰"),
]


CLEAN_SR = [
    ("note", "【公积金小知识】目前首套房公积金贷款5年以上年利率2.6%，不够的部分可以申请组合贷。"),
    ("note", "【网点荣誉】我们支行今年客户回访满意率100%（来源：分行消保部测评），谢谢每一位来网点的你～"),
    ("note", "今天在武昌支行给叔叔阿姨讲了“贷款年化利率怎么看”和“怎么拒绝陌生来电索要验证码”。"),
    ("note", "本周评论区高频问题汇总🙋 Q：你们会私信要验证码吗？A：永远不会！"),
    ("comment_reply", "有粉丝问：金条是100%纯金吗？严格说我们的实物金条成色是Au99.99"),
    ("note", "封闭期是啥？举个栗子🌰 你在1号买了一款“封闭期90天”的理财，那么接下来90天里这笔钱不能赎回。#理财小白"),
    ("dm_reply", "您问会不会亏，会的。这个是净值型理财，买了以后净值可能会跌，您要是一分都不能少，建议放大额存单。"),
]


# Rulebook 2026.11-23: what sets T and U showed.
CLEAN_TU = [
    ("comment_reply", "奶奶您好 您孙子办信用卡要本人满18岁还要有稳定收入 在校学生暂时办不了 您别着急哈"),
    ("comment_reply", "您好，研究生在读同样属于在校学生，我们暂不受理信用卡和消费贷申请，奖助学金发放用借记卡就可以～"),
    ("note", "金融知识进校园🎓今天在XX大学讲“远离校园贷”，同学们问了好多问题：正规银行为啥不给在校生放互联网消费贷？"),
    ("comment_reply", "您好，评论区不能提供身份证号哦，您可以带身份证到任一网点查询，或者拨打官方客服热线。"),
    ("comment_reply", "您好，楼上评论里的“XX银行客服电话”不是我们的！官方客服电话以卡片背面和官网为准。"),
    ("dm_reply", "亲，可以把那条短信打码后私信我们（验证码、卡号请遮住），我们帮您看看是不是官方号码发的～"),
    ("comment_reply", "分期免息活动是有条件的哈：仅限活动期内指定商户的3期分期，逾期或提前还款不享受。"),
    ("comment_reply", "宝 R1是最低的风险等级，但依然不是存款，也不保本，只是波动相对小～"),
    ("note", "大额存单vs银行理财，差在哪？🔹大额存单：是存款，50万以内受存款保险保障 🔹银行理财：理财非存款，净值会波动，不保本"),
    ("note", "“理财非存款”到底啥意思？存款是银行欠你的钱，到期还本付息，受存款保险保障；理财是你委托机构去投资，净值随市场波动。"),
]


def test_collecting_names_and_phones_in_comments_is_still_a_request() -> None:
    text = "活动报名的小伙伴在评论区留下“姓名+电话”即可～"
    assert "pii_request" in check_text(text, kind="note").families


# Rulebook 2026.11-24: what sets V and W showed.
CLAIMS_VW = [
    ("deposit_confusion", "dm_reply", "这个跟存款一样的，只是叫法不同，今年年化3.3%"),
    ("return_promise", "note", "身边越来越多人问我：有没有躺着也能拿收益的？有的，「固收+」系列了解一下"),
    ("student_credit", "dm_reply", "弟弟你好，你大三的话可以申请我们的“成长卡”，有3000额度，周末就能线上办完😊"),
]


CLEAN_VW = [
    ("note", "第一次来网点办业务的小伙伴看这里👀 身份证100%要带原件，复印件不行哦～"),
    ("comment_reply", "稳不稳主要看风险等级哈，这款是R1，波动比较小，但也不是保本的。理财非存款，产品有风险，投资须谨慎～"),
    ("comment_reply", "零钱理财赎回一般是T+1到账，节假日顺延，第一次用的话可以先小额试试～"),
    ("comment_reply", "R1到R5是风险等级，数字越大风险越高，R1相对最稳健，但也不代表绝对不亏哦～"),
    ("dm_reply", "您好，孩子还在读大学的话，我们是不能给他办信用卡和消费贷的。"),
    ("note", "有人跟你说“理财跟存款一样”，你就知道他不专业或者另有目的了。"),
    ("dm_reply", "阿姨，您刚才差点把验证码念给那个人😅 以后谁要都不能给，包括我。"),
    ("note", "2024年度分行客户满意度测评我们网点排第一🏆（据分行2024年12月内部测评结果），感谢大家！"),
    ("dm_reply", "您好，您说的“保证下款、先交3000保证金”这个不是我们行，我们放款前不收任何费用，请您立即停止转账，并拨打110。"),
]


# Rulebook 2026.11-25: what sets X and Y showed.
CLAIMS_XY = [
    ("missing_apr", "dm_reply", "就是1万块一个月30块利息呀，很便宜的，想借可以直接在App申请～"),
    ("missing_apr", "dm_reply", "李老板您好，我们新出的流水贷不用抵押，按天算息每天万三，您月流水这么好肯定能批下来"),
    ("pii_request", "dm_reply", "阿姨 这个升级要本人验证的，您把卡翻过来，背面签名栏旁边那三个数字念给我听一下就行"),
    ("pii_request", "note", "为了给大家发年货，请各位乡亲在群里接龙：姓名+身份证号+银行卡号，我们统一登记"),
    ("return_promise", "note", "都说理财有风险，可咱们这款“安居月月盈”运行五年了，哪个月让大家失望过？"),
    ("return_promise", "dm_reply", "这款是固收类的理财，底层都是债券，您这五万放进去，一年一千五的利息跑不掉的"),
    ("deposit_confusion", "dm_reply", "理财的钱也是放在我们银行的嘛，银行倒不了您这钱就在，跟存在我们这是一样的"),
]


CLEAN_XY = [
    ("comment_reply", "最低还款额一般是账单金额的10%左右，还了最低不算逾期，但没还的部分从记账日起计息"),
    ("comment_reply", "请认准官方App下单，交易过程是加密的；但理财本身有风险，不等于保本哦"),
    ("comment_reply", "分红险的分红是不确定的，演示利益不代表实际收益。这款产品由XX人寿承保，购买前请仔细阅读条款哦"),
    ("note", "有位爷爷举手说：“他让我念卡背面三个数字，我没念！”全场鼓掌👏"),
    ("note", "给城里的儿女们：要是爸妈说“银行的人推荐我买个保险，说跟存钱一样”，请一定陪他们来网点问清楚。"),
]


# Rulebook 2026.11-26: what set Z showed.
CLEAN_Z = [
    ("dm_reply", "您好，涉及账户的问题请您拨打官方客服热线。我们在私信里不会向您要卡号、密码和验证码，请放心。"),
    ("comment_reply", "国债是国家信用，到期还本付息，这个说保本没问题。但理财就不一样了哈"),
    ("dm_reply", "这个我得说句实话：理财就是理财，存款就是存款，两个不一样。您要保本的话建议还是存定期或者买国债。"),
    ("note", "小区里的老年人总问：银行理财会不会跟存款一样有保险？答案是不会。存款保险只保存款，理财不在保障范围。"),
    ("dm_reply", "嗯 您这个情况可以申请延期还款，需要提交相关证明材料，具体请到贷款经办网点咨询。"),
    ("note", "新手第一次买基金，最好从定投开始，分散买入时点。记住：基金有风险，投资须谨慎。"),
    ("dm_reply", "姐，这个存款产品是三年期整存整取，年利率1.75%，到期本息一起给您，受存款保险保障，这个可以放心。"),
]


# Rulebook 2026.11-27 … -30: what sets AB–AG showed (paraphrased, not copied from the sets).
CLAIMS_AB_AG = [
    ("absolute_terms", "note", "全网返现比例最高的一张信用卡，境外消费返现还不封顶！"),
    ("absolute_terms", "note", "连续五年口碑第一的手机银行，转账理财一站搞定"),
    ("deposit_confusion", "note", "这款“类存款”理财，收益比大额存单高一点，适合稳健的你"),
    ("deposit_confusion", "note", "这份年金险相当于给孩子存了一张长期存单，利率写进合同"),
    ("return_promise", "dm_reply", "经营贷拿出来转手买我们的理财，一来一回白赚利差"),
    ("return_promise", "note", "我们这款理财主要投高等级债，基本不会破净，放心拿着"),
    ("return_promise", "note", "平台里的理财闭眼挑都不怕，随便选"),
    ("deposit_confusion", "comment_reply", "有存款保险在，钱放我们这里不管多少都安全"),
    ("pii_exposure", "note", "中奖公示：真实姓名王小花，收货地址杭州市西湖区文三路88号，已寄出"),
    ("pii_exposure", "comment_reply", "赵姐，您那套阳光花园3栋1单元802的评估报告出来了"),
    ("deposit_confusion", "note", "定存到期不知道放哪？我们的美元理财就是升级版的美元定存"),
    ("return_promise", "note", "美元理财 6M benchmark 4.5%，基本就是个 sure win 的选择"),
    ("deposit_confusion", "note", "存款保险只保50万？超出的部分放我们的理财，一样有保障"),
    ("deposit_confusion", "dm_reply", "存单到期了转我们这款理财吧，一样有存款保险的"),
    ("deposit_confusion", "note", "在咱信用社存钱，不管存多少，国家都给保着"),
    ("return_promise", "note", "理财子公司是银行全资的，银行不倒就没事"),
    ("return_promise", "note", "这款理财历次到期均足额达到业绩比较基准上限"),
    ("return_promise", "note", "防范非法集资！想要安全又有收益？来我行买理财，保本稳健"),
    ("absolute_terms", "note", "反诈提醒：我行反诈系统技术全国最先进，在我行存钱绝对安全"),
    ("deposit_confusion", "note", "防骗小课堂：与其被骗，不如把钱放我们行的理财，跟存款一样稳"),
    ("pii_exposure", "comment_reply", "孙姐，您的保单已寄到朝阳区望京西路甲12号院3号楼1502，记得查收"),
    ("deposit_confusion", "note", "存款保险保50万本金，利息另外算，所以能拿回来的会超过50万"),
    ("deposit_confusion", "note", "利率又降了，我把定期挪到了增额寿，就当给自己存了张二十年的存单"),
    ("deposit_confusion", "dm_reply", "姐，这款增额终身寿第20年IRR有2.6%，比您现在那个定期划算多了"),
]

CLEAN_AB_AG = [
    ("comment_reply", "大額存單係存款嚟㗎，受存款保險保障，同一間銀行本息合計最高50萬"),
    ("note", "业绩比较基准最高3.6%，是区间上限，不代表实际收益。理财非存款，产品有风险，投资须谨慎"),
    ("comment_reply", "首套房首付比例目前最低15%，各城市政策不同，以当地规定为准"),
    ("note", "万能险有合同约定的最低保证利率，超出部分的结算利率不保证"),
    ("note", "投教沙龙聊了基金的最大回撤：历史上最差的时候跌了多少，不代表以后不会跌更多"),
    ("comment_reply", "在校学生目前是申请不了我们信用卡的，可以先办借记卡"),
    ("note", "等额本息还是等额本金？算笔账：贷100万30年，等额本息每月约4490元，等额本金首月约5694元"),
    ("note", "手机银行月供计算器小技巧：输入贷款金额、期限和利率，每月还多少、总利息多少一目了然"),
    ("note", "不少老年朋友认为养老理财一定保本。事实上养老理财也是净值型产品，不保证本金和收益"),
    ("note", "买前问清楚是“存款”还是“理财”：大额存单是存款，受存款保险保护"),
    ("note", "万份收益和七日年化到底啥意思？都只是过去的数据，不代表以后能拿到这么多"),
    ("note", "美元存款 vs 美元理财：美元存款受存款保险保护，美元理财非存款、不保本"),
    ("dm_reply", "信用卡申请需要有稳定收入，在校学生暂时没法申请，毕业后欢迎再来"),
    ("dm_reply", "本行工作人员不会索要验证码。如果您已经把验证码告诉了他人，请立即拨打官方客服热线"),
    ("comment_reply", "这条评论里有您的手机号，为了您的信息安全我们先帮您隐藏了，后续请私信联系"),
    ("note", "存款保险知识问答 Q：最高赔多少？A：同一存款人在同一家银行的存款本息合计最高50万元"),
    ("dm_reply", "商户收单手续费率是借记卡0.5%、信用卡0.6%，签约合同上会写清楚"),
    ("note", "骗子常说「这个项目有国家背书」「央行认证」，真正的银行理财不会这么说"),
    ("note", "近期有不法分子冒充我行发送「信用卡积分即将清零，点击链接兑换」短信，我行积分兑换只在官方App进行"),
    ("comment_reply", "家长您好，校园卡支持家长端接收消费提醒，孩子刚上大学，生活费建议按月给"),
    ("dm_reply", "老师您好，教职工代发工资卡升级不收费，带工作证来校园支行就能办"),
]


# Rulebook 2026.11-32: what sets AH and AI showed.
CLAIMS_AH_AI = [
    ("deposit_confusion", "comment_reply", "这款一年持有期理财业绩比较基准3%左右，比同期定期高出一截"),
    ("return_promise", "note", "纪念金条限量发行，只会越来越值钱，库存不多了"),
    ("missing_apr", "dm_reply", "dk现在万1.8，全年都是这个价，要的话早点"),
    ("missing_apr", "note", "信用卡现金分期，到手2万，每个月只要多付120元手续费，急用钱找它"),
    ("pii_exposure", "note", "帮王建国老板（长安镇兴业路23号 宏达五金厂）办完了流贷"),
    ("deposit_confusion", "comment_reply", "有存款保险的 lc也一样 放心"),
    # a warning frame does not reach past the writer's turn to their own offer
    ("deposit_confusion", "note", "防非宣传｜别信民间高息，来我行选「安享」系列理财，跟存款一样稳，收益还高一点"),
]


# Rulebook 2026.11-33: what set AJ showed (pinyin evasions, FAQ questions, conditional "free").
CLAIMS_AJ = [
    ("return_promise", "note", "这款li财稳zhuan不亏，放心冲"),
    ("student_credit", "note", "学sheng专属jie款，不用家长同意，额度秒到"),
    ("deposit_confusion", "note", "R1理财就是升级版cun款，一样稳"),
]

# Rulebook 2026.11-34: what set AK showed (education that ends in an offer, slips in explainers).
CLAIMS_AK = [
    ("student_credit", "note", "学费不够怎么办？首选国家助学贷款。不够的话也可以考虑我行“启航贷”，在校本科生均可申请，额度最高3万元"),
    ("pii_request", "note", "如不确定账户是否存在风险，可以在本文评论区留下您的手机号和开户网点，我们会尽快联系您"),
    ("deposit_confusion", "note", "存款保险偿付限额是每个存款账户最高50万元，多开几个账户就都保了"),
    ("return_promise", "note", "我们代销的纯债基金持有满一年都没亏过，持有一年以上基本可以确保正收益"),
    ("pii_exposure", "note", "感谢客户王明先生（护照号E12345678）今天在我行顺利开立留学资金证明"),
    ("student_credit", "comment_reply", "问学生能不能办的，可以的！学生党申请我们的联名卡还送耳机"),
]

CLEAN_AK = [
    ("comment_reply", "在校学生目前不能申请我行信用卡和消费贷哦，需要的话可以带学生证来网点办储蓄卡"),
    ("note", "目前我行3年期大额存单年利率2.15%，属于存款，受存款保险保障，20万起存"),
]

# Rulebook 2026.11-35: what set AL showed (case reports, viewer questions, own-words risk).
CLEAN_AL = [
    ("note", "【以案说险】某客户被「低息贷款」广告吸引，对方称「日息万分之一，无需审核」，要求先交会员费，交钱后被拉黑"),
    ("note", "今天讲讲业绩比较基准：它不是承诺给你的收益，实际收益可能比它高，也可能比它低，甚至亏"),
    ("note", "你问我答：基金定投能不能稳赚？不能。谁跟你说定投稳赚不赔，你就点头微笑然后走开"),
    ("note", "今天不推产品，聊聊怎么看理财说明书：第一看风险等级，第二看业绩比较基准，第三看费率"),
    ("note", "降息了房贷要不要提前还？利率已经很低的就不急，有没有违约金看合同"),
]

# Rulebook 2026.11-36: what set AM showed (Cantonese-mixed accounts, diaries, referral drives).
CLAIMS_AM = [
    ("deposit_confusion", "note", "其实我哋嘅固收+理财都系放喺银行嘅，同存定期冇乜两样，只系收益好啲"),
    ("deposit_confusion", "note", "存钱清单：活期、定期、我们的“天天宝”现金理财（就是升级版活期！）"),
    ("deposit_confusion", "note", "不想承担风险的话可以买我们的R1理财，就相当于一个利息更高的活期账户"),
    ("return_promise", "comment_reply", "您放心，我们专业的客户经理选的产品不会错的"),
    ("absolute_terms", "note", "广州地区最抵嘅大额存单来啦！3年期年利率1.9%，数量有限"),
]

CLEAN_AM = [
    ("comment_reply", "唔好意思，大学生暂时申请唔到我哋嘅信用卡同消费贷㗎，可以先办张借记卡"),
    ("note", "零存整取每月100元起存，到期一次性支取本息，属于存款产品，受存款保险保障"),
    ("note", "学生党攒钱分享：每月存300进定期。提醒学弟学妹：不要碰校园贷，不要办各种“学生分期”"),
    ("comment_reply", "宝，不建议你借钱来存钱，先把信用卡还清，那个利息比存款利息高多了"),
    ("comment_reply", "目前首套、二套商贷最低都是15%，具体以当地规定和我行审批为准"),
    ("comment_reply", "有人私信话系客服叫你报验证码，一律系呃人嘅，即刻拉黑佢"),
]

# Rulebook 2026.11-37: what sets AP–AU showed (village group chats, live-stream transcripts,
# private banking, service replies, staff diaries, gold and FX posts).
CLAIMS_AP_AU = [
    ("return_promise", "comment_reply", "大姐你放心，这款我们卖了好几年，从成立到现在一次都没跌过"),
    ("return_promise", "note", "存个三年，本息一分都不会亏，比放家里强多了"),
    ("return_promise", "dm_reply", "同定存一样冇风险嘅，你当存款咁放都得"),
    ("return_promise", "comment_reply", "亲 这个理财是R1的，跟活期存款差不多没风险，随时可以取"),
    ("return_promise", "note", "宝子们别犹豫了 这款理财就是稳阵 冲就完事"),
    ("return_promise", "note", "真要是亏了 我们行给你补上 放心买"),
    ("deposit_confusion", "note", "这只理财去年收益跑赢同期定期一个多点，闲钱放这儿准没错"),
    ("deposit_confusion", "comment_reply", "这款理财放着比放存折上还踏实，每月按时领收益"),
    ("deposit_confusion", "note", "存款保险是按每张存单单独算的，钱多就多拆几张存单"),
    ("pii_request", "dm_reply", "阿姨，侬把网银密码讲拨我听，我帮侬登进去看看"),
    ("pii_request", "note", "办卡不用跑网点啦～ 把身份证正反面照片私信发给小编，帮你远程预审"),
    ("pii_exposure", "comment_reply", "周师傅，结清证明寄出去了，地址是杭州市西湖区文三路100号2栋501"),
    ("pii_exposure", "dm_reply", "发错人了：林先生，港澳通行证C23456789，请忽略"),
    ("missing_apr", "dm_reply", "王姐，首套房贷利率能做到3.05，您下周带材料来就能进件"),
    ("missing_apr", "dm_reply", "你刚说你是研二的？没关系，我们这个消费贷学生也能批，月息低至0.3%"),
]

CLEAN_AP_AU = [
    ("comment_reply", "哈哈叔，基金哪有保本的呀，有涨有跌，怕亏就存个定期最踏实。基金有风险，投资须谨慎。"),
    ("note", "乡亲们问存款安全吗？第一，咱行是持牌机构；第二，已投保存款保险，50万以内本息全额赔付；第三，存折密码不告诉别人。"),
    ("note", "下周请理财经理下村讲讲理财和存款有啥不一样，不推荐具体产品，只讲知识。"),
    ("comment_reply", "你好，在校学生这块我们是不放贷的，毕业后可以来咨询创业担保贷款。"),
    ("note", "又到开学季，提醒家长和孩子：不要碰“校园贷”“培训贷”，遇到注销校园贷的电话一律挂断。"),
    ("note", "奶奶问理财能保本不？我说理财不保本，想要保本就存定期或者买国债。"),
    ("note", "宝子们 我知道你们想听 稳赚 保本 但是我做不到 谁都做不到 理财非存款 投资须谨慎"),
    ("comment_reply", "亲 存款保险只保存款 每人在同一家银行本息最高保50万 理财 基金不在保障范围内哦"),
    ("note", "留学生换汇提醒：每人每年5万美元便利化额度，学费超额可凭录取通知书办理。"),
    ("note", "留学贷款借款人须为学生父母，年化利率（单利）3.5%起，具体以审批为准。"),
    ("note", "宝子们 信用卡最好别只还最低还款 剩下的每天按万分之五算利息 一年下来多付不少"),
    ("note", "收益高一定伴随着风险高 没有又高又稳的好事 理财不保本 大家量力而行"),
    ("dm_reply", "同学你好，目前我行信用卡和消费贷暂不受理在校学生的申请，可以先办借记卡哈。"),
    ("note", "为啥总说理财非存款？以前真有人把理财当存款买，净值跌了才明白。理财不受存款保险保障。"),
]

# Rulebook 2026.11-38: what sets AV–BA showed (bancassurance, WeChat Moments, Douyin captions,
# students and graduates, small-business lending, official notices).
CLAIMS_AV_BA = [
    ("deposit_confusion", "note", "这款增额寿安全性跟存款一个级别，利率还锁定终身"),
    ("deposit_confusion", "dm_reply", "宝妈，你就当这是给孩子存的一个定期，只不过是保险公司替你管着"),
    ("deposit_confusion", "comment_reply", "您好，R1理财风险很低，您当活期存款用就行～"),
    ("deposit_confusion", "note", "大额存单、结构性存款、理财这三类，本质上都属于存款的范畴"),
    ("deposit_confusion", "note", "存款保险覆盖一图看懂：活期、定期、银行理财统统都在保障范围内"),
    ("deposit_confusion", "comment_reply", "有的姐，我们行所有产品都在存款保险范围里，放心买"),
    ("deposit_confusion", "note", "存款保险保护的是您在银行的存款和理财本金，最高50万"),
    ("return_promise", "dm_reply", "大姨您放心，这玩意儿本儿保得死死的，到点儿就给钱"),
    ("return_promise", "comment_reply", "理论上有风险，但我干了十年没见过哪个客户亏过"),
    ("return_promise", "note", "过往12期都达到了基准上限，这一期同样不会让您失望！"),
    ("return_promise", "comment_reply", "一样安全老板，银行不倒你的钱就在"),
]

CLEAN_AV_BA = [
    ("note", "信用卡小知识：只还最低还款额，剩下的要计息。最好每月全额还款，分期要看清年化利率。"),
    ("note", "这次存款保险知识问答，我们网点100%的同事都拿到了满分，奖励是一顿火锅"),
    ("note", "R1到R5是理财产品的风险等级，R1最低、R5最高，买之前要先做风险测评。"),
    ("comment_reply", "保单贷款最高能贷现金价值的80%，年化利率以保险公司当期公布为准。"),
    ("note", "简单说：存款是银行的负债，保本保息；保险看合同约定；理财是投资，不保本。"),
    ("note", "早安☀️\n【大额存单】3年期年利率2.15%\n存款产品，受存款保险保护（同一存款人同一银行本息合计最高50万）"),
    ("note", "尊嘟假嘟？我们行的理财没有保本的哦，说保本的都是假嘟～"),
    ("comment_reply", "您好，贷款请认准我行官方渠道，任何要求先交手续费才能放款的都是诈骗"),
    ("note", "XX快贷：额度最高30万，年化利率3.4%起（单利）。本视频不提供申请入口，详情请咨询网点"),
    ("note", "人生第一份保单，建议先买保障型的医疗险、意外险；储蓄型的等现金流稳了再考虑。"),
    ("note", "被客户问了一百遍哪个理财收益最高，我的标准回答：收益高的风险也高，先做测评。"),
    ("dm_reply", "您好，我行工作人员不会通过电话、短信、私信等任何方式向您索要短信验证码、交易密码，请勿向任何人透露。"),
    ("dm_reply", "您好，我行已暂停受理在校学生的信用卡申请，感谢您的理解。"),
    ("note", "【辟谣声明】有网络账号发布“某银行保本理财，年化8%，限额抢购”等虚假广告，我行从未发布上述广告。"),
    ("comment_reply", "如您更看重本金安全，可以考虑定期存款或大额存单，理财产品均为净值型，不承诺保本。"),
]

# Rulebook 2026.11-39: what sets BB–BG showed (card centres, mortgages, elderly customers,
# compliance-savvy head office, fund promotion, social-team replies).
CLAIMS_BB_BG = [
    ("missing_apr", "comment_reply", "转按揭来啦！利率高的老房贷转到我们这，月供立减几百，私信我免费测算"),
    ("missing_apr", "comment_reply", "有的有的，车位贷首付两成就行，剩下的我们贷，月供一千出头，私信哈"),
    ("return_promise", "comment_reply", "名义上不承诺保本，但基本上不可能亏，您就当保本的看"),
    ("return_promise", "comment_reply", "姐，这个R3的基金组合历史上就没亏过，您安心拿着"),
    ("deposit_confusion", "dm_reply", "这期大额存单卖完了，您看看我们的同业存单基金，基本是同一个东西"),
    ("deposit_confusion", "comment_reply", "大额存单和理财都是银行发的，一样的，没什么区别"),
    ("student_credit", "comment_reply", "@小萌新 大一的同学也能办信用卡的呀，有父母做第二还款来源就行，额度最高1万"),
    ("pii_request", "comment_reply", "非常抱歉🙏 方便的话把您的手机号留在这条评论下面，我们让网点主任给您回电"),
    ("pii_exposure", "comment_reply", "@一只咸鱼 您好，吴女士的公积金账号3301030012874已查到，有问题私信～"),
    ("absolute_terms", "note", "这张联名卡返现是我见过最猛的，没有第二张！"),
]

CLEAN_BB_BG = [
    ("note", "二手房买卖流程：1.签合同 2.网签 3.申请贷款、面签 4.审批 5.过户 6.抵押登记 7.银行放款给卖方"),
    ("note", "二套房政策划重点：首付比例最低25%，公积金贷款额度最高60万，最终以当地公积金中心和银行审批为准。"),
    ("note", "公积金贷款额度怎么算？可贷额度=缴存余额×倍数，单人最高60万，还要看房价和还款能力。"),
    ("comment_reply", "您好，公积金和商贷的月供是分开扣的，两笔加起来才是组合贷的总月供。"),
    ("note", "【QDII申购限额提示】因外汇额度管理需要，该基金单日单账户最高可申购5000元，具体以基金公司公告为准。"),
    ("note", "国庆假期基金暂停申购赎回，节前最后一个交易日15:00前提交的申购按当日净值确认。"),
    ("comment_reply", "同一只基金在不同平台买，净值是一样的，区别主要在费率和服务。"),
    ("note", "【投教小课堂】什么是“刚性兑付”？刚性兑付，指产品亏损时由机构补足本金和收益。资管新规已明确打破刚兑。"),
    ("comment_reply", "哈喽，预借现金按日计息，利率万分之五，另外还有取现手续费，一般不建议用来日常消费哦"),
    ("comment_reply", "目前取现手续费按取现金额的1%收取，最低10元，建议尽量不要用信用卡取现。"),
    ("note", "提醒开学的同学：有人在宿舍楼下发传单“学生也能办首付贷，无需父母同意”，这是校园贷套路，正规银行不会向在校大学生营销贷款。"),
    ("comment_reply", "同学你好，在校大学生不是我行房贷、装修贷的申请对象，家里有需要可以让父母来咨询。"),
]

# Rulebook 2026.11-40: what sets BH–BM showed (digital banks, campaign drives, wealth
# subsidiaries, traditional-character writers, dialect posts, one-line replies).
CLEAN_BH_BM = [
    ("comment_reply", "这个「周周存」是存款哦，不是理财，保本保息的，受存款保险保护～"),
    ("comment_reply", "对的，20万起存，3年期利率2.15%，到期保本保息～"),
    ("note", "开门红第一天！晨会口号喊完直接开干💪 今日目标：存款新增3000万、新客理财50户、信用卡激活80张！"),
    ("note", "周一晨会：上周新客理财完成率87%，还差13%！这周任务拆到人，每人3户新客。"),
    ("comment_reply", "您好，这款是R3理财，不保本，可能亏损本金。如果您对本金安全要求高，可以看看定期存款～"),
    ("note", "大额存单是存款，受存款保险保护，同一存款人在本行的存款本息合计最高保障50万元"),
    ("note", "做纯债最怕的就是投资者把它当存款。纯债产品也会亏，买之前先想清楚能承受多少波动。"),
    ("comment_reply", "不是的亲，存款保险不管理财，只保存款哈。"),
    ("comment_reply", "唔好意思，學生唔可以申請我哋嘅信用卡或者消費貸㗎，可以考慮借記卡。"),
    ("comment_reply", "学生借钱请找爸妈😂 我们不做学生贷款哈"),
    ("note", "提醒学生朋友：我行从未与任何“校园分期”平台合作，遇到以我行名义推销学生贷款的，请立即举报！"),
    ("dm_reply", "您的资料已审核通过。如后续有人以“复核”为由索要验证码，请勿理会。"),
    ("note", "开户三步：下载官方APP；身份证正反面拍照+人脸识别；绑定本人同名银行卡。"),
    ("note", "存款保险按人和银行算：在A、B两家各存40万，就都能全额赔付～"),
]

# Rulebook 2026.11-41: what sets BN–BQ showed (collections replies, long Q&A answers, mothers'
# family finance, auto finance).
CLEAN_BN_BQ = [
    ("note", "【广告】安居消费贷年化利率3.2%-12%（单利），额度最高20万，以审批为准。在校学生请勿申请。"),
    ("dm_reply", "您好，在读学生暂时无法申请我们的车贷和车主信用卡，可以由有收入的家人作为申请人办理。"),
    ("note", "孩子上大学，给他办张借记卡，教他记账，告诉他零门槛的校园贷都别碰。大学生不适合办信用卡和贷款。"),
    ("comment_reply", "您说的年化利率3.45%是最低档，大部分客户批下来会高一些，以审批为准。"),
    ("comment_reply", "好孕贷年化利率3.85%-14.4%（单利），按最低利率算每月还4260左右，以审批为准。"),
    ("comment_reply", "月子消费贷年化利率（单利）4.2%-15.6%，最高可申请20万元，以审批结果为准。"),
    ("comment_reply", "理财不在存款保险范围内，也不保本。您要是追求绝对保本，建议选定期存款或大额存单。"),
    ("note", "车贷知识分享会来了三十多位车主，最受欢迎的问题是提前还款划不划算。"),
    ("dm_reply", "为了您的账户安全，请不要在私信或评论里发送卡号、身份证号和验证码。"),
    ("dm_reply", "提交遇到问题可以截图（注意把身份证号遮住）发我看看。"),
    ("comment_reply", "你说的“交2000解冻费才能放款”的，肯定不是我们行，别转，截图留证然后报警。"),
]

# Rulebook 2026.11-42: what sets BR–BU showed (customer groups, payroll clients, travel cards,
# crisis replies).
CLEAN_BR_BU = [
    ("note", "【今日市场点评】上证指数跌0.3%，两市成交额不到8000亿，债市小幅走强。"),
    ("note", "12月产品日历：12/2 储蓄国债（电子式）开售，3年期2.38%、5年期2.5%，保本保息"),
    ("note", "储蓄国债由财政部发行，到期还本付息，可以说是保本的；银行理财不保本，净值会波动。"),
    ("note", "关于网友“绝对保本”的质疑：我们从未宣传过该产品保本，说明书写明本产品为非保本浮动收益型。"),
    ("comment_reply", "不是的，年化利率3.45%起是最低能拿到的价格，具体以审批为准。"),
    ("note", "国庆假期手机银行24小时服务，理财申赎按节后首个工作日确认。"),
    ("note", "元宵猜灯谜：答对的前10位群友每人一个小红包。今天的第一题：千里相逢（打一字）"),
    ("dm_reply", "为了核实扣费，麻烦私信告诉我们扣款日期、金额和卡号后四位。请不要发送密码和验证码。"),
    ("dm_reply", "不好意思，您还在读研，员工专属消费贷和信用卡都申请不了，这是监管要求。"),
    ("note", "最近有人接到电话：有一笔员工专属低息贷款待领取，先交2000元保证金解冻额度。正规银行放款前不收任何费用。"),
    ("note", "年轻人理财常犯的3个错：1.把理财当存款；2.只看收益不看风险等级。理财非存款，投资须谨慎。"),
    ("comment_reply", "阿姨，扣错的钱我们一定给您退回来，保证不让您吃亏。"),
]


# Rulebook 2026.11-43: what sets BV–CA showed (lobby managers, card deal posts, pensions, a foreign
# bank, new hires, service agents).
CLAIMS_BV_CA = [
    ("credit_card_fee", "comment_reply", "亲，这个分期是0利息的，只收一点点手续费，每期0.5%～"),
    ("credit_card_fee", "dm_reply", "可以办现金分期，月手续费率0.6%，不收利息，当天到账"),
    ("deposit_confusion", "comment_reply", "银行卖的产品都有存款保险兜着，放心～"),
    ("deposit_confusion", "note", "存款保险覆盖您在我行全部账户的存款，不论金额大小"),
    ("deposit_confusion", "comment_reply", "只要是在我们行买的，都受存款保险保护"),
    ("deposit_confusion", "dm_reply", "孃孃，这个理财跟存死期冇得区别，放心买"),
    ("deposit_confusion", "note", "我们代销的「安心盈」可以理解成升级版定期，回报多一点"),
    ("return_promise", "dm_reply", "阿姨您放心，这个理财的钱都在我们行里，跑不了的"),
    ("return_promise", "note", "这款「稳利」理财每期到手都没低于3% 就当是保底的"),
    ("return_promise", "note", "某主播都在买的这款理财，一年收益有4个点，妥妥的～"),
    ("return_promise", "note", "理财是在银行买的，真出了事也是银行先赔"),
    ("return_promise", "note", "这款理财卖了三年，买了就没人亏过"),
    ("endorsement", "note", "好多明星都在配的年金险方案，我们也能帮您规划"),
    ("endorsement", "note", "直播间主播同款理财，手机银行同步上线"),
    ("pii_exposure", "note", "礼品已寄出：张丽女士，静安区延安中路1000弄15号302室"),
    ("pii_exposure", "note", "感谢王建国先生（家住海淀区学院园二区18号楼）送来锦旗"),
    ("student_credit", "note", "家长别一个人扛——研究生在读期间也能申请我们的「学业贷」"),
    ("student_credit", "note", "开学必备：我行大学生信用卡不用父母签字，宿舍楼下现场办"),
]

CLEAN_BV_CA = [
    ("note", "家里老人接到“理财顾问”电话：“年化9%，稳赚不赔”，还让下载陌生App。银行不会这样卖理财。"),
    ("note", "提醒：有人在班级群里发「学生专享贷款，当天到账」的广告，这是冒用我行名义。我行不向在校学生放贷。"),
    ("comment_reply", "您说的那种“保本理财”现在已经没有了，资管新规后理财都不保本。"),
    ("note", "新人培训笔记：老师列了宣传里不能说的词：保本、稳赚、零风险、闭眼买。"),
    ("note", "【营业时间调整】春节期间本网点暂停营业，理财购买可通过手机银行办理。"),
    ("note", "本季度客服中心48小时回复率是100%，谢谢大家。"),
    ("comment_reply", "结构性存款的收益跟挂钩标的有关，有可能只拿到说明书里的最低收益率。"),
    ("note", "刚入职时以为银行就是存钱取钱，现在每篇宣传都要过合规审核。"),
    ("comment_reply", "理财不能保本哦，理财非存款，产品有风险。有的客户愿意承受一定风险换更高的潜在收益。"),
    ("note", "存款保险按存款人和银行计算：同一家银行分几个账户存，保障额度并不会增加。"),
]

# Rulebook 2026.11-44: what sets CB–CG showed (village banks, Greater Bay Area branches, product
# managers, consumer-protection teams).
CLEAN_CB_CG = [
    ("note", "听到这些话快跑：\n“保本理财，零风险”\n“跟着老师操作稳赚不赔，年化20%以上”\n正规理财不承诺保本。"),
    ("note", "反诈提醒：有人冒充客户经理让客户转账追加份额。我行理财经理不会通过个人账户收款，购买理财请走官方渠道。"),
    ("comment_reply", "阿姨，您孙子说的校园贷我们行不做，大学生我们不放消费贷。"),
    ("note", "开学季提醒：我们给学生只办借记卡，开学前可以来网点办。"),
    ("comment_reply", "你好，在校学生身份暂时唔受理信用卡申请，多谢理解。"),
    ("comment_reply", "在校学生暂时没法申请我们的信用贷款，可以先办借记卡。"),
    ("dm_reply", "您买的基金是会亏本的，今年跌了6%属于市场波动，我们没办法保证什么时候回本。"),
    ("dm_reply", "这只R2理财过去一年最大回撤0.5%左右，不是保本的，请您自己决定。"),
]

# Rulebook 2026.11-46: what sets CH–CM showed (public customer care, bancassurance, small-business
# managers, lifestyle wealth managers, dialects).
CLEAN_CH_CM = [
    ("note", "理财经理不能做的3件事：①承诺保本保收益；②替客户做风险测评；③私下收钱。遇到请投诉。"),
    ("note", "如果您认为存在误导销售（如承诺保本、未做风险测评），可以拨打客服热线反映。"),
    ("note", "合规培训笔记：宣传不能说“第一”“最高收益”“绝对安全”，但“第一次开户”这种说法没问题。"),
    ("note", "一位阿姨被拉进理财群，群里的“老师”天天说“保本保息、稳赚不赔”，幸好来网点问了一嘴。"),
    ("comment_reply", "这款是R2的，净值有波动，不保本，前几年虽然都是正收益，但过往业绩不代表未来表现。"),
    ("comment_reply", "不保本哦，这款是R2净值型理财。你要是就想保本，可以看看大额存单，那是存款。"),
    ("note", "存款保险标识长啥样？就是网点门口那个“存款保险”的牌子，它只保存款，不保理财。"),
    ("note", "有客户问：存款加保险，是不是都受存款保险保障？答：存款保险只保存款，保险不在其中。"),
    ("note", "以后有任何人打电话让您报身份证号、验证码，都先挂掉，再打官方客服核实。"),
    ("note", "很多人问我现在买什么理财最好，我的回答是：没有最好的产品，只有适合你的。"),
    ("note", "咱行首家适老化网点今天开业了（是咱行自己的第一家），欢迎大爷大妈来坐坐。"),
]
CLAIMS_CH_CM = [
    ("deposit_confusion", "note", "感谢理财达人张老师为我行“添利宝”代言！张老师说：“我的养老钱都放这里，比存银行划算多了。”"),
]

# Rulebook 2026.11-48: what sets CN–CS showed (an MCN agency, private bankers, inclusive finance,
# collections, a digital bank's app copy, staff bloggers).
CLAIMS_CN_CS = [
    ("deposit_confusion", "comment_reply", "亲，存款保险保的是您在我行的全部资产哦，存款理财都包括，安心～"),
    ("deposit_confusion", "dm_reply", "存款保险最多保50万，不过咱们是国有控股银行，就算超过50万也是全额兜底的。"),
    ("deposit_confusion", "note", "存款保险那50万只算本金，利息是另外算的，所以卡着50万存没问题。"),
    ("deposit_confusion", "comment_reply", "这款我们内部都叫它「小存单」，收益锁定，到期必得"),
    ("deposit_confusion", "dm_reply", "阿姨，这个「颐享」就跟存折似的，本钱保住，每年分一次钱"),
    ("return_promise", "note", "存款保险只保存款，那理财咋办？放心，理财是我们银行自己发的，银行在，钱就在。"),
]
CLEAN_CN_CS = [
    ("comment_reply", "阿姨，这个是存款，不是理财，到期本金利息都有保证，也受存款保险保护～"),
    ("comment_reply", "“年化利率3.2%起”的“起”是指最低利率，实际利率按审批结果确定。"),
    ("comment_reply", "R1是风险等级里最低的一档，但低风险不等于无风险，净值仍可能波动。"),
    ("note", "【广告】年化利率(单利)4.5%-18.0%，最高借30万，最长36期，具体以审批为准。"),
    ("comment_reply", "不可转让的大额存单只能提前支取，按活期计息，买之前最好确认一下是哪一种。"),
    ("note", "存款保险小课堂：同一家银行的存款本息合并计算，多开几个账户并不会增加保障额度。"),
    ("comment_reply", "阿姨，您孙子还在读大学，按规定在校学生的信用卡我们是不办的。"),
    ("note", "给大学新生的理财第一课：先存后花、坚持记账，别碰“0利息分期”“学生贷”。"),
    ("comment_reply", "帆薪宝是现金管理类理财，不是存款，净值每天都会波动。如果您需要保本，可以看看定期存款。"),
    ("note", "年底盘点今年我们账号最受欢迎的5条视频，第一名居然是教阿嬷用手机银行😂"),
]

# Rulebook 2026.11-49: what sets CT–CY showed (service-account roundups, overseas Chinese, tired
# tellers, 三农 loan officers, mothers' communities, compliance reviewers' training pairs).
CLEAN_CT_CY = [
    ("comment_reply", "储蓄国债是保本的，到期还本付息；提前兑取要扣部分利息，另收0.1%的手续费。"),
    ("note", "大学生财商课｜第一次拿到生活费怎么管？50%必要开支、30%灵活消费、20%储蓄，校园贷碰不得。"),
    ("note", "孩子的学费汇款，建议一次汇够100%的学费金额，别拆成几笔汇。"),
    ("note", "客户经理手记：一位叔叔的需求很明确——本金不能亏。所以我只给他配了定期和大额存单。"),
    ("comment_reply", "国债是国家发行的，到期还本付息，这个确实保本；您说的那个「国债理财」我们没有。"),
    ("comment_reply", "宝妈，保底、保本这种话我们不能说也不敢说，这款是R2净值型，有可能亏损。"),
    ("note", "大学生可以办我们的信用卡吗？答：在校学生原则上不受理，给孩子管生活费推荐借记卡。"),
    ("note", "养老理财是经监管部门批准试点的理财产品，仍属非保本产品；试点资格不代表监管部门对收益作出保证。"),
]

# Rulebook 2026.11-50: what sets CZ–DE showed (official voices, car finance, mortgages, gold
# sellers, payroll managers, branch presidents).
CLEAN_CZ_DE = [
    ("comment_reply", "您好，我行目前没有面向在校学生的信用贷款产品，学费有困难可以咨询学校资助中心。"),
    ("note", "【广告】购车贷款年化利率（单利）3.29%-6.88%，以审批为准。仅限有稳定收入的非在校学生申请。"),
    ("note", "【政策调整】首套住房公积金贷款最高额度由80万元提高至100万元，以公积金中心审批为准。"),
    ("note", "车贷还款日前一天记得存够钱，逾期会影响征信，最好设置自动还款。"),
    ("note", "入行第五年：LPR、重定价、组合贷张口就来，唯一不变的是每天最后一个下班😂"),
    ("note", "发薪日第一件事：把房贷和信用卡的还款日记下来，首选设置自动还款。"),
    ("dm_reply", "存款保险保的是存款，同一家银行50万以内本金加利息全额赔付，您买的理财不在保障范围内。"),
    ("dm_reply", "黄金波动大，您年纪也大了，这笔钱还是留点保本的稳妥。"),
    ("note", "工资卡收到“您的账户存在风险，请点击链接重新认证”的短信？别点！银行不会这样验证身份。"),
    ("note", "网点和App的存款产品页面有“存款保险”标识，只有存款产品才有，理财页面没有。"),
    ("dm_reply", "不用把卡号发我哦，App里就能看到还款计划，实在要截图的话把卡号遮一下再发。"),
]

# Rulebook 2026.11-51: what sets DF–DK showed (campus ambassadors, exporters, retirement planners,
# live-room assistants, travel-card copy, a legal department).
CLEAN_DF_DK = [
    ("comment_reply", "同学你好，校园大使是公益实践项目，不涉及任何贷款或信用卡任务。"),
    ("note", "给大学生的征信小课：网贷逾期会上征信，毕业后买房买车都受影响，在校期间能不借就不借！"),
    ("note", "家里老人被拉进理财群，群主天天讲「闭眼买」「只涨不跌」，这种群百分之百有问题！"),
    ("comment_reply", "结构性存款有最低收益和最高收益两档，不是一定能拿到最高那档。"),
    ("comment_reply", "12期折算年化大约12.9%，如果不是急用，一次性还清是最划算的。"),
    ("note", "入职第一周学会的事：任何时候都不能替客户输密码。银行这行，安全永远第一。"),
    ("dm_reply", "阿姨，别的客户买了什么、赚了多少，我们不能告诉您，这是保护客户隐私。"),
    ("note", "直播回放：存款保险50万是按人还是按账户算？答案是按人按银行，开再多账户也不会翻倍。"),
    ("note", "客户问存款保险怎么算？答：分别计算。A、B两家各存40万，各自都在50万限额内，本息都能全额偿付。"),
    ("note", "关于积分清零谣言：最近有短信称“您的积分即将清零，点击链接兑换现金”，请不要点击。"),
    ("note", "一个真实的投诉：客户说“你们的人跟我讲这个产品跟存款一样”，后来净值回撤了。理财不是存款。"),
]

# Rulebook 2026.11-53: what sets DX–EC showed (tier-3 parents, Northeast retirees, premium-card
# concierge, small-shop live streams, advisers in a bond drawdown, youth anti-fraud volunteers).
# Anti-fraud events that collect personal data are judged like any request; a disclosure conceded
# only to be withdrawn discloses nothing; a home address next to a home visit is exposed.
CLAIMS_DX_EC = [
    ("pii_request", "note", "答题有奖！评论区留下“姓名+电话”，我们联系中奖的朋友寄奖品～ #反诈"),
    ("pii_request", "note", "反诈讲座报名开始，请私信发送姓名+身份证号，我们统一登记。"),
    ("pii_request", "dm_reply", "您把收到的那几个数字截个图发我，我帮您看看是不是骗子发来的。"),
    ("pii_exposure", "note", "本月服务之星：帮家住幸福花园3-2-402的赵阿姨上门办理社保卡激活。"),
    ("missing_risk_disclosure", "note", "大家都知道理财有风险，但这款我敢说很稳，上期年化3.1%，手慢无～"),
    ("deposit_confusion", "comment_reply", "这款跟您存定期一个性质的，只是期限灵活一点。"),
    ("deposit_confusion", "dm_reply", "叔，这个产品跟你存银行是一个道理，放心买。"),
    ("deposit_confusion", "dm_reply", "这款理财不是存款但跟存款一样的，到期就拿回来。"),
    ("deposit_confusion", "note", "有存款保险兜着，银行就算倒了，国家也全额给你赔！"),
    ("deposit_confusion", "comment_reply", "存款保险每笔都保，您分两笔存就行。"),
    ("return_promise", "dm_reply", "这款虽然不保本，但真亏了我们想办法给您补上。"),
    ("return_promise", "comment_reply", "专家都推荐的产品，买了不吃亏。"),
]
CLEAN_DX_EC = [
    ("note", "关于定投的几个误会：误会1：定投一定赚钱。不一定，市场下跌时也会亏损。基金有风险，投资须谨慎。"),
    ("dm_reply", "您那笔理财已经到期兑付了，实际年化2.6%，兑付明细请在App查看。"),
    ("note", "基金也受存款保险保障吗？不少人以为是，其实不是！存款保险只保存款。"),
    ("note", "我们网点今年代发工资新增户数全区第一！（数据来源：区人社局2025年统计）感谢大家。"),
    ("comment_reply", "储蓄国债：国家信用，到期还本付息，本金有保障；理财是净值型，不保本。"),
    ("note", "最高法关于借贷利率的规定，大家了解吗？超过LPR四倍的部分不受保护。"),
]

# Rulebook 2026.11-54: what sets ED–EI showed (new-citizen workers, a wealth subsidiary,
# graduation season, bilingual private bankers, holiday campaigns, county-bank voice transcripts).
# Deposit insurance stretched over 理财, whole balances, overseas branches and currencies; a
# misconception named as one (很多人把它当成“…”) quotes it; 不管 denies nothing.
CLAIMS_ED_EI = [
    ("deposit_confusion", "dm_reply", "您那80万放我们这，全额都有存款保险，一分不会少。"),
    ("deposit_confusion", "note", "不管是存款还是理财，都在存款保险保障范围内，放心存放心买。"),
    ("deposit_confusion", "note", "定期、大额存单、「月月盈」理财一次配齐，统统受存款保险保障！"),
    ("deposit_confusion", "dm_reply", "您放在我们新加坡分行的存款，也受内地存款保险保障的，放心。"),
    ("deposit_confusion", "note", "外币存款也有存款保险，美元和人民币分开各算50万哦。"),
    ("deposit_confusion", "comment_reply", "这个不是存款，是一款年金险，不过您可以理解为存钱，五年后拿回来。"),
    ("return_promise", "dm_reply", "这款理财底层都是存单和国债，不可能亏的，您放心。"),
    ("student_credit", "comment_reply", "大一新生也能申请哦，我们的校园卡带透支功能，开学就能用～"),
]
CLEAN_ED_EI = [
    ("comment_reply", "基金也受存款保险保护吗？答案是不在范围内，存款保险只保存款。"),
    ("note", "很多人把它当成“预期收益”，其实业绩比较基准只是投资目标，实际收益可能低于基准甚至亏损。"),
    ("comment_reply", "您问的那个保本15%的私募我们没有，也不建议您碰。"),
    ("note", "'学姐带你做任务，日赚三百'——这类私信请直接拉黑，正规兼职不会让你先垫钱。"),
    ("note", "存款、理财、基金怎么选？没有最好的，只有最合适的，按自己的风险承受能力来。"),
    ("note", "下周最值得关注的三件事：降准落地、地方债发行、年末资金面。以上不构成投资建议。"),
    ("comment_reply", "一分都不能亏的钱，就别买理财了，放定期或者国债更合适。"),
    ("note", "新生报到开通校园卡，绑定食堂和水电。温馨提示：校园卡是借记卡，没有透支功能。"),
]

# Rulebook 2026.11-55: what sets EJ–EU showed (card-centre copy, a retired branch president,
# green finance, service scripts, money diaries, filter-dodging subtitles, complaint replies,
# prepayment season, vendors, expatriates, market commentary, Henan/Shandong tellers).
# Deposit insurance per account, per currency and beyond 50万; costs said in words; English
# requests and passports; market data (沪深300跌, 最低下探到) and explained floors are no claims.
CLAIMS_EJ_EU = [
    ("deposit_confusion", "note", "存款保险小知识：你在我们行开几个户，每个户都保50万，分开存更安全。"),
    ("deposit_confusion", "dm_reply", "存款保险是赔50万，但超过50万的部分我们行也会全额赔，放心。"),
    ("deposit_confusion", "comment_reply", "外币存款也有存款保险哦，每个币种各50万。"),
    ("deposit_confusion", "note", "不管你在一家银行存多少，国家都给兜着，没必要分开存。"),
    ("deposit_confusion", "comment_reply", "“零钱宝”就相当于活期存款，随存随取，收益比活期高。"),
    ("pii_exposure", "comment_reply", "@王女士 您要找的那位是赵春兰，住XX小区3栋2单元502。"),
    ("pii_exposure", "note", "失物招领：一位客户把护照落在柜台了，Passport No. 812345670，请本人来领。"),
    ("pii_exposure", "note", "【催收公示】借款人刘建国（住李家村三组）贷款已逾期，请尽快归还。"),
    ("pii_request", "comment_reply", "@Leo 没收到卡？请把你的 full card number 发在下面，我们查一下快递。"),
    ("pii_request", "dm_reply", "您弄不来人脸识别的话，把登录密码告诉我，我在网点帮您操作。"),
    ("missing_apr", "dm_reply", "哥，消费贷现在挺划算，1万块一天也就一块多钱，要的话我给您走流程。"),
    ("missing_apr", "dm_reply", "可以办我们的消费贷，额度十几万，每个月利息也就几百块，线上就能申请。"),
    ("absolute_terms", "dm_reply", "全县就数俺家贷款便宜，不信恁去打听。"),
    ("return_promise", "comment_reply", "这波回调就是机会，现在进去年底前肯定赚，怕啥～"),
    ("return_promise", "comment_reply", "专家说了，这款理财今年准能跑赢存款。"),
]
CLEAN_EJ_EU = [
    ("note", "本周复盘：沪深300跌1.2%，红利指数涨0.8%，黄金涨2.1%。观点仅供参考，市场有风险，投资需谨慎。"),
    ("note", "股息率高≠不会跌，去年就有高股息个股跌了20%以上。以上为团队观点，不构成投资建议。"),
    ("note", "10年期国债收益率最低下探到1.62%，周四又回到1.68%。以上观点仅供参考。"),
    ("comment_reply", "宣传中的“年化利率3.6%起（单利）”为最低利率，实际利率以审批为准。"),
    ("comment_reply", "收款码分个人码和商户码，个人码有收款额度限制，经营收款请用商户码。"),
    ("comment_reply", "您好，您这条评论里有完整的身份证号，我们已申请隐藏，后续请私信联系。"),
    ("note", "什么是结构性存款？它属于存款，本金有保障，但收益与挂钩标的相关，可能只拿到最低收益。"),
    ("note", "把100%的钱都压在一只产品上，是很常见的配置错误，分散一点。"),
]

# Rulebook 2026.11-56: what sets EV–FA showed (rural revitalisation, employer-brand posts, an
# aunties' finance community, bank-securities cooperation, disaster-time notices, a meme account).
# A pitch someone else made (被人忽悠…说“…”, 您说朋友推荐的那个“…”) and a verdict on it (凡是说…的，
# 都…) are mentions; relief, matured money and donation accounts are no marketing and no one's data.
CLEAN_EV_FA = [
    ("note", "去年老王被人忽悠投了个“养老项目”，说“政府背书，年化15%，稳赚不赔”，结果血本无归。凡是说稳赚不赔的，都请捂紧钱包！"),
    ("comment_reply", "您说朋友推荐的那个“康养基地投资，年化10%，到期保本”，我们查了，这家不是金融机构。这种承诺保本的，劝您别投。"),
    ("comment_reply", "“整村授信”是啥？就是银行提前给符合条件的农户核定授信额度，用不用、用多少您自己决定，不用不计息。"),
    ("note", "暴雨过后我行启动应急预案：受灾客户的贷款可申请延期，延期期间不计罚息，具体以网点公告为准。"),
    ("comment_reply", "阿姨，理财到期的钱已经回到您卡上了，实际年化2.95%，比基准下限略低，跟行情有关。"),
    ("note", "【抗洪捐款通道】户名：XX市慈善总会，账号：3301 0400 0000 5678 123，通过我行捐款免手续费。"),
    ("comment_reply", "不是的哦，我们行从来不会在评论区让大家留手机号、身份证号，看到这种评论请举报。"),
]

# Rulebook 2026.11-57: what sets FB–FG showed (private-bank events, debt counselling, border-region
# branches, car-show finance, a teachers' union, a chatbot persona).
CLAIMS_FB_FG = [
    ("deposit_confusion", "note", "存款保险覆盖我行所有金融产品，大家放心。"),
    ("return_promise", "comment_reply", "这款是备过案的，不存在风险问题哈～"),
    ("pii_exposure", "note", "感谢大叔送来锦旗，大叔家住色尼区罗玛镇4村2组，专程赶来道谢。"),
]
CLEAN_FB_FG = [
    ("note", "逾期后的违约金和利息有什么区别？利息按未还金额和日利率计算，违约金按约定收取。"),
    ("note", "负债高的时候别以贷养贷，最好的止损方式是停下来算清总账，再找债权人正规协商。"),
]

# Rulebook 2026.11-58: what sets FH–FM showed (community finance stations, a bull-market desk, a
# card collector, overseas-study finance, a compliance corner, night-market vendors).
CLEAN_FH_FM = [
    ("comment_reply", "您好，我们这边定期利率按期限递增，最高的是三年期，以柜台当天挂牌利率为准。"),
    ("comment_reply", "过去三年没亏过也不代表以后不会亏，这一点我得跟您讲清楚。"),
    ("note", "有黑中介说“不用存款证明也能办，保证100%下签”？这属于违规操作，材料造假会留记录。"),
    ("note", "❌“评论区留下身份证号，我们帮你查额度”——这种写法违规，应引导客户走官方渠道。"),
    ("note", "认准我行服务车最靠谱的办法：看车身logo和编号，工作人员都戴工牌。"),
    ("note", "App里“存款产品”和“理财产品”页面长得差不多，怎么区分？看说明书里有没有风险等级。"),
    ("note", "存款保险按同一家银行合并计算，每张卡都存不超过50万≠全额保障，要看总额。"),
]

# Rulebook 2026.11-59: what sets FN–GE showed (an investor-education base, live-stream scripts,
# village banks, mom bloggers, cross-border staff).
CLEAN_FN_GE = [
    ("note", "【图解】某指数近三年走势：最高点在2021年初，之后回落，最低点比最高点低了约三成，这就是最大回撤。"),
    ("note", "定投模拟：账户收益率最高到过+35%，最低跌到-10%，数据为历史回测，不代表未来表现。"),
    ("note", "弹幕问：你们行理财第一名是哪个？不同风险等级的产品没法这么比，我们也不搞排名。"),
    ("note", "互动题：下面哪个保本？A.大额存单 B.银行理财 C.国债。答案是A和C，理财不保本哦。"),
    ("comment_reply", "不一样的：存定期保本保息，利息到期一分不少；理财不保本，收益有高有低。"),
    ("note", "昨天有个阿姨问我：「理财是不是就是利息高点的存款？」不是的，理财非存款，可能亏本金。"),
]

# Rulebook 2026.11-61: what sets GF–GK showed (bancassurance sellers, small-business loans, a
# police-bank anti-fraud account, gold sellers, a campus branch, long-form editors).
CLAIMS_GF_GK = [
    ("deposit_confusion", "comment_reply", "姐，这个增额寿跟存银行没差别，您放心放着。"),
    ("return_promise", "note", "这款年金险三年交，五年后连本带利一起领回来，给孩子攒学费正合适。"),
    ("return_promise", "comment_reply", "您这份分红险放着就行，反正只会往上走的。"),
    ("return_promise", "note", "反诈课讲完了，大家别信那些高息群。我们网点这款“养老优选”保本保息，一年4个点左右。"),
    # Rulebook 2026.11-62: the rest of GF-GK's misses, paraphrased.
    ("absolute_terms", "note", "别信骗子的电话！我们支行的转账风控全省领先，钱存在我行是最安全的。"),
    ("absolute_terms", "note", "防诈课结束啦，顺便说一句，XX银行手机银行拦截成功率100%，大家放心用。"),
    ("student_credit", "note", "同学们小心网贷陷阱！缺生活费的话，可以申请我们的“学霸分期”，在校生凭学生证就能办。"),
    ("return_promise", "note", "骗子说的高收益都是假的～来XX银行买“月月盈”理财，每月到账稳稳的，妥妥躺赚。"),
    ("deposit_confusion", "note", "存款、理财统统受国家保护，放在我们行您就安心吧。"),
    ("deposit_confusion", "note", "存金其实很简单，在我行开个积存金账户，就像办了本黄金存折一样。"),
    ("deposit_confusion", "note", "利率又降了，不少客户把一部分定期换成了年金险，一样是存钱，还多一份保障。"),
    ("deposit_confusion", "dm_reply", "阿姨，这款您就把它当六个月定期，到时候本钱利息一起回来。"),
    ("deposit_confusion", "note", "存款保险制度下，您的存款百分百安全，想存多少存多少。"),
    ("deposit_confusion", "note", "温馨提示：存款保险的50万额度是按“每张存单”计算的，多开几张就都有保障。"),
    ("return_promise", "dm_reply", "阿姨侬放心，这只理财勿会亏的，到辰光本钿一分不少。"),
    ("return_promise", "comment_reply", "积存金门槛低，没有门槛也没有风险，适合所有人。"),
    ("return_promise", "note", "这只基金经理很靠谱，预计今年收益可达7%以上。"),
    ("return_promise", "dm_reply", "您放心买，这款拿到期稳稳的，不用操心。"),
    ("return_promise", "note", "黄金只要拿得住，早晚是赚的，短期波动别怕。"),
    ("return_promise", "note", "给宝宝买这份教育金，18岁领回来翻一番，很划算。"),
]
CLEAN_GF_GK = [
    ("comment_reply", "您的定期存款到期后可以连本带利取回，也可以自动转存。"),
    ("note", "据市银行业协会统计，截至2024年12月31日，本行个人外币存款余额位列同业第一。"),
    ("note", "新手理财常犯的错：把理财当存款、只看收益不看风险。记住理财非存款，产品有风险，投资须谨慎。"),
    ("note", "今年我们网点帮46位老人识破了诈骗电话，明年继续做大家身边靠谱的金融邻居。"),
    ("note", "防诈骗问答的结果出来啦，参加的叔叔阿姨100%答对了“银行会不会要验证码”。"),
]

# Rulebook 2026.11-63, from GL-GQ's first runs (Minnan and Henan voices, mortgages), paraphrased.
CLAIMS_GL_GQ = [
    ("deposit_confusion", "comment_reply", "会使啦，存款保险全部攏保，毋管存多少，汝放心。"),
    ("deposit_confusion", "dm_reply", "存款保险只保本金不保利息，所以您存50万整就行。"),
    ("deposit_confusion", "note", "有人说理财不保本，其实我们行的理财都上了存款保险，出了事国家赔。"),
    ("deposit_confusion", "note", "阿嬷，这款跟存款无啥差，钱放进去一直生利息。"),
    ("deposit_confusion", "note", "惠民保交的钱算不算存款？当然算，钱在银行买的，跟存款一样有保障。"),
    ("deposit_confusion", "note", "与其存定期，不如存我们这款“安心享”，本质上也是存款类产品，只是利息高点。"),
    ("return_promise", "comment_reply", "这款主要投国债和存单，亏的概率几乎为零，你就当它保本。"),
    ("return_promise", "dm_reply", "您这笔钱一半存定期一半买理财，一分钱风险没有。"),
    ("return_promise", "note", "我们网点的老客户每年都买“福满堂”，雷打不动每年稳拿3个多点。"),
    ("return_promise", "note", "我做了十年理财经理，经手的客户没有一个到期拿不回本的。"),
    ("return_promise", "note", "这只绿色主题理财投的都是并网电站，说白了就是旱涝保收。"),
    ("absolute_terms", "note", "开春备货第一选择，我们的茶商贷额度高、放款快。"),
    ("missing_apr", "note", "LPR又降了，房贷上车好时机！首套月供每10万低至430元，评论区扣“上车”。"),
]
CLEAN_GL_GQ = [
    ("comment_reply", "您好，外币存款和人民币存款一样，都在存款保险保障范围内，同一家银行本息合计最高偿付50万元。"),
    ("note", "理财非存款。存款是汝借钱予银行，银行要还本钱佮利息；理财是委托投资，所以理财无保本。"),
    ("note", "有人问：理财佮存款有啥差别？存款有存款保险保障，理财无这个保障，可能亏本。"),
    ("note", "有人讲存款保险是全额赔的？毋是喔！最高50万，同一人同一家银行合并计算。"),
    ("note", "我从来不在直播间说“稳赚”，理财就是有风险，谁跟恁说稳赚，要么不懂，要么想骗恁。"),
    ("note", "Q1：收益稳吗？A：这款是净值型产品，净值会波动，理财非存款、产品有风险、投资须谨慎。"),
    ("note", "提前还款的顺序：先还利率最高的消费贷，再考虑商贷，公积金贷款放到最后。"),
    ("comment_reply", "首套商贷首付目前最低可以到15%，以当地政策为准。"),
    ("comment_reply", "阿姨，存三年定期是保本保息的，到期本金和利息都给您；要是买理财就不一样了，理财不保本。"),
]

# Rulebook 2026.11-64, from GR-GW's first runs: a bilingual desk for foreigners wrote half in
# English (the models learnt Chinese and no longer doubt a mostly-English text), paraphrased.
CLAIMS_GR_GW = [
    ("pii_request", "dm_reply", "Hi Sam, pls send me your full card number and the 6-digit code you got, I check for you"),
    ("pii_request", "comment_reply", "Comment your 手机号 + English name below to get the welcome gift!"),
    ("student_credit", "note", "Dear foreign student friends, our bank prepared a credit card just for you, no guarantor needed"),
    ("student_credit", "note", "Freshmen from abroad: visit our booth, open a 借记卡 and get a pre-approved 消费额度 on the spot"),
    ("deposit_confusion", "dm_reply", "Mr. Brown, the 理财 you bought here is also covered by 存款保险, no worries"),
    ("deposit_confusion", "comment_reply", "Don't worry, this 理财 is basically like a USD time deposit but pays more"),
    ("return_promise", "note", "Our 外币理财 has run for 6 years and not once did a customer lose a cent"),
    ("absolute_terms", "note", "The only bank account an expat in Shanghai needs, no other bank comes close"),
    ("deposit_confusion", "note", "存款保险小知识：不管存多少都是全额保的，大家放心存！"),
    ("deposit_confusion", "note", "不管是存款还是理财，都100%受存款保险保护。"),
    ("deposit_confusion", "comment_reply", "大额存单没额度了就换这只「安心享」吧，一样是银行的东西，性质差不多。"),
    ("return_promise", "note", "前面8期全部达到业绩比较基准上限，这期到期妥妥的～"),
    ("absolute_terms", "dm_reply", "阿姨，这个理财是我们社里卖得最好的，您放心。"),
]
CLEAN_GR_GW = [
    ("note", "Yes! 国债 is 保本, principal and interest backed by the state. 理财 is different."),
    ("dm_reply", "Sorry your card was swallowed by the ATM, bring your passport to the branch. No need to send me any card number."),
    ("note", "To all international students: we can't offer credit cards or loans to 在校学生 without stable income."),
    ("note", "存款保险 is per depositor per bank, not per account. Two accounts in our bank = still 50万 in total."),
    ("note", "Q：存款和理财啥区别？A：存款银行兜底，理财你自己兜底。理财非存款、产品有风险、投资须谨慎。"),
    ("comment_reply", "年化利率3.2%起（单利），这是我们消费贷利率区间里最低的那档，具体以审批为准。"),
    ("note", "同学你好，我行目前没有面向在校生的信用卡和消费贷，学费困难可以了解国家助学贷款。"),
]

# Rulebook 2026.11-65, from GX-HC's first runs, paraphrased.
CLAIMS_GX_HC = [
    ("deposit_confusion", "note", "温馨提示：存款保险只保本金，利息是不保的，所以本金控制在50万以内就好。"),
    ("deposit_confusion", "dm_reply", "叔，您那两百万都存咱行，存款保险都给您保着呢。"),
    ("deposit_confusion", "note", "存款利息太低？把定期换成「稳盈宝」，同样省心，点击去换>>"),
    ("deposit_confusion", "comment_reply", "这个不是存款，是理财。不过您放心，性质上跟定期差不多。"),
    ("return_promise", "note", "我们这款“安泰”，说句实在话，您就是想亏也难，到期拿钱就行。"),
    ("return_promise", "note", "这款虽然是理财，但底层全是国债和存单，等于保本，大家放心。"),
    ("pii_request", "dm_reply", "亲，您把刚刚收到的6位数字发我一下，我帮您把抽奖资格绑上。"),
    ("pii_request", "dm_reply", "OK的，麻烦send一下你的card number，我这边帮你check"),
    ("absolute_terms", "note", "今天唠唠我们行卖得最火的那款“金盾季享”，小伙伴们冲鸭"),
]
CLEAN_GX_HC = [
    ("note", "养老金到了，留够生活费放活期，剩下的可以存定期，利息比活期高，本金受存款保险保障（同一家银行本息合计50万以内）。"),
    ("note", "为啥理财不能说“保本”？净值会波动，可能亏本金。谁跟您拍胸脯说保本，您就多个心眼。"),
    ("comment_reply", "是的，大额存单属于存款，同一存款人在我行的存款本息合计50万以内受存款保险全额保护。"),
    ("comment_reply", "最高的那档利率是5年期的，3年期是2.15%，具体以页面展示为准。"),
    ("note", "问：存款保险的50万是每张卡50万吗？答：不是，是同一个人在同一家银行所有账户合并计算。"),
    ("note", "代言人代言的是我行品牌和联名卡，不代表对任何理财产品的推荐。理财非存款、产品有风险、投资须谨慎。"),
    ("comment_reply", "宝，你把卡号发在评论区了！小编已经帮你删除了，以后别在公开地方发卡号哦。"),
]

# Rulebook 2026.11-66, from HD-HI's first runs, paraphrased.
CLAIMS_HD_HI = [
    ("deposit_confusion", "dm_reply", "张会计，这个产品您就当它是个利息高一点的通知存款，随时能赎回。"),
    ("deposit_confusion", "dm_reply", "理财这个您就把它当存款，叫法不一样而已。"),
    ("deposit_confusion", "note", "存款保险是按家庭算的，一户最高保50万。"),
    ("deposit_confusion", "comment_reply", "姐，这个跟你在银行存的钱一样安全的，都是我们行的嘛"),
    ("return_promise", "comment_reply", "叔叔，银行倒不了您的钱就丢不了，放心。"),
    ("return_promise", "note", "这只R1现金管理类，随时取，唔会亏。"),
    ("absolute_terms", "comment_reply", "我们的理财经理团队是全北京最专业的，找我们准没错！"),
    ("absolute_terms", "note", "基金一哥坐镇管理，咱行代销的成长混合基金现在上车正当时。"),
]
CLEAN_HD_HI = [
    ("note", "据理财信息登记系统数据，截至2024年3月末，我司存续理财产品规模2135亿元，较年初增长6.2%。"),
    ("note", "【募集结果公告】“鑫享”固收类封闭式理财产品第12期已募集结束，实际募集规模15.32亿元。"),
    ("comment_reply", "阿姨，您刚刚在评论区发了卡号，我们已经帮您隐藏了，以后别在公开的地方发。"),
    ("dm_reply", "您发来的截图里带了完整卡号，麻烦先撤回删除，以后请不要在聊天里发这些信息。"),
    ("note", "把理财当存款，是很多老人吃亏的原因，今天讲讲其中的区别。"),
]

# Rulebook 2026.11-67, from HJ-HO's first runs, paraphrased.
CLAIMS_HJ_HO = [
    ("deposit_confusion", "note", "存款保险最高保50万，但咱是国有控股的银行，超过50万国家也管。"),
    ("deposit_confusion", "note", "存款保险不光保人民币，外币也保，每种币种各保50万！"),
    ("deposit_confusion", "comment_reply", "这款是理财不是存款，但是也有存款保险的，放心。"),
    ("deposit_confusion", "note", "比定期还稳的理财“安盈60天”，跟存钱没区别～点击链接一键购买"),
    ("return_promise", "note", "我的建议是：别碰股票，买点银行的固收+，拿着不动，一年稳稳4个点。"),
    ("pii_request", "dm_reply", "您手机上是不是收到一条短信，有个六位数的，您念给我听一下。"),
    ("pii_request", "note", "抽奖结果公布啦！没中的同学继续在评论区留手机号参与下期～"),
]
CLEAN_HJ_HO = [
    ("note", "最高法都说了，超过一年期LPR四倍的利息不受保护，借钱前先问清楚年化是多少。"),
    ("note", "同类产品去年期间最低年化1.9%、平均2.6%、最高3.1%，过往业绩不代表未来表现，理财非存款、产品有风险、投资须谨慎。"),
    ("comment_reply", "美元定存一年，利率多少就是多少，到期本息一分不少，受存款保险保护；美元理财是另外一回事，不保本。"),
    ("comment_reply", "您好，大学生在校期间我们不主动营销信用卡和分期产品。"),
    ("note", "给自己的第一台车办了个车贷，比较了几家的年化利率，最后选了年化3.8%（单利）的那家。"),
    ("note", "我们支行周六也营业，办卡补卡带好学生证和身份证原件就行。"),
]

CLEAN_AJ = [
    ("dm_reply", "李女士，证件信息不用发我，带原件来网点就行，网上发证件照片容易被盗用"),
    ("note", "Q：我是研究生，可以办信用卡吗？\nA：我行暂不受理在校学生（含研究生）的信用卡申请"),
    ("note", "家长们注意：孩子收到“学生专属借款、不用家长同意”的推广，基本都是非法校园贷，遇到请报警。"),
    ("note", "“稳健增利”近一年收益率5.1%（同类平均3.9%，最低-0.8%）。过往业绩不代表未来表现，理财非存款，产品有风险，投资须谨慎"),
    ("dm_reply", "您说的“保底年化6%”的产品我们行没有，市面上承诺保底的产品大概率有问题，请谨慎"),
    ("note", "广告｜指定商户6期免息：活动期内单笔满3000元可参与，免息期内不收分期手续费；逾期按协议收费。"),
]

CLEAN_AH_AI = [
    ("comment_reply", "亲，莫在评论区发手机号哈，点主页私信或者打客服热线查询"),
    ("dm_reply", "预审要您本人授权，您在App里自己填就行，身份证号、卡号都不用发我"),
    ("comment_reply", "评论区有人自称'理财经理'，说'内部渠道年化8%保本'——不是我们的人！正规理财没有保本的"),
    ("comment_reply", "从风险看，存款和国债本金风险最低，但收益也低；理财、基金风险依次往上走"),
    ("note", "我行没有请任何明星或名人代言理财产品，网上的截图请注意甄别"),
    ("note", "外贸企业跨境结算套餐：活动期内跨境汇出手续费5折，以网点审核为准"),
    ("note", "定投不是稳赚的方法，遇上单边下跌，定投一样会亏，开始前想清楚能坚持多久"),
    ("note", "新生入学季，志愿者在迎新点帮同学们办理学生借记卡，借记卡没有透支功能，开卡免费"),
]


# The cases each later round's validation set showed, one test per outcome (the lists above say
# which set and rulebook version each came from).
@pytest.mark.parametrize(
    ("family", "kind", "text"),
    [
    *CLAIMS_K,
    *CLAIMS_L,
    *CLAIMS_M,
    *CLAIMS_N,
    *CLAIMS_O,
    *CLAIMS_P,
    *CLAIMS_Q,
    *CLAIMS_SR,
    *CLAIMS_VW,
    *CLAIMS_XY,
    *CLAIMS_AB_AG,
    *CLAIMS_AH_AI,
    *CLAIMS_AJ,
    *CLAIMS_AK,
    *CLAIMS_AM,
    *CLAIMS_AP_AU,
    *CLAIMS_AV_BA,
    *CLAIMS_BB_BG,
    *CLAIMS_BV_CA,
    *CLAIMS_CH_CM,
    *CLAIMS_CN_CS,
    *CLAIMS_DX_EC,
    *CLAIMS_ED_EI,
    *CLAIMS_EJ_EU,
    *CLAIMS_FB_FG,
    *CLAIMS_GF_GK,
    *CLAIMS_GL_GQ,
    *CLAIMS_GR_GW,
    *CLAIMS_GX_HC,
    *CLAIMS_HD_HI,
    *CLAIMS_HJ_HO,
    ],
)
def test_claims_later_sets_showed_are_found(family: str, kind: str, text: str) -> None:
    assert family in check_text(text, kind=kind).families


@pytest.mark.parametrize(
    ("kind", "text"),
    [
    *CLEAN_K,
    *CLEAN_L,
    *CLEAN_M,
    *CLEAN_N,
    *CLEAN_O,
    *CLEAN_P,
    *CLEAN_Q,
    *CLEAN_SR,
    *CLEAN_TU,
    *CLEAN_VW,
    *CLEAN_XY,
    *CLEAN_Z,
    *CLEAN_AB_AG,
    *CLEAN_AH_AI,
    *CLEAN_AJ,
    *CLEAN_AK,
    *CLEAN_AL,
    *CLEAN_AM,
    *CLEAN_AP_AU,
    *CLEAN_AV_BA,
    *CLEAN_BB_BG,
    *CLEAN_BH_BM,
    *CLEAN_BN_BQ,
    *CLEAN_BR_BU,
    *CLEAN_BV_CA,
    *CLEAN_CB_CG,
    *CLEAN_CH_CM,
    *CLEAN_CN_CS,
    *CLEAN_CT_CY,
    *CLEAN_CZ_DE,
    *CLEAN_DF_DK,
    *CLEAN_DX_EC,
    *CLEAN_ED_EI,
    *CLEAN_EJ_EU,
    *CLEAN_EV_FA,
    *CLEAN_FB_FG,
    *CLEAN_FH_FM,
    *CLEAN_FN_GE,
    *CLEAN_GF_GK,
    ],
)
def test_statements_later_sets_showed_are_clean(kind: str, text: str) -> None:
    assert check_text(text, kind=kind).findings == ()


# --- context exceptions (rulebook 2026.11-29) -------------------------------------------------


def test_an_anti_fraud_post_is_judged_where_it_turns_to_its_own_offer() -> None:
    pitch = "防范非法集资，天上不会掉馅饼！想要安全又有收益？来我行买理财，保本稳健，放心又省心"
    assert "return_promise" in check_text(pitch).families
    warning = "防范非法集资：凡是承诺“保本高收益”的都是骗局，千万别信，有疑问拨打96110"
    assert check_text(warning).findings == ()
    # Without the exception the whole anti-fraud post would be switched off, pitch included.
    book = load_rulebook()
    without = dataclasses.replace(book, context_exceptions={}, exception_screens={})
    assert check_text(pitch, rulebook=without).findings == ()


def test_context_exceptions_must_name_a_context(tmp_path: Path) -> None:
    _assert_rulebook_error(
        tmp_path / "ctx.yaml",
        "contexts:\n  antifraud: ['诈骗']\ncontext_exceptions:\n  antifrud: ['来我行']\nrules: []\n",
        r"ctx\.yaml: context_exceptions.*antifrud",
    )


# --- pinyin evasions (rulebook 2026.11-33) ----------------------------------------------------


def test_pinyin_spellings_are_folded_and_findings_point_at_what_was_written() -> None:
    book = load_rulebook()
    assert normalise("这款li财稳zhuan不亏", book)[0] == "这款理财稳赚不亏"
    hit = next(f for f in check_text("这款li财稳zhuan不亏").findings if f.family == "return_promise")
    assert hit.excerpt == "稳zhuan"
    # English and product codes are not pinyin: benchmark is not 本chmark.
    assert normalise("benchmark 4.5%，APP 里 R2 理财", book)[0] == "benchmark 4.5%，APP 里 R2 理财"


def test_a_pinyin_word_needs_every_syllable(tmp_path: Path) -> None:
    _assert_rulebook_error(
        tmp_path / "py.yaml",
        "pinyin_evasion:\n  syllables: {保: bao}\n  words: [保本]\nrules: []\n",
        r"py\.yaml: pinyin_evasion\.words: 保本 的字 本",
    )
