"""Private-message scripts for the home bank's (中国银行) Xiaohongshu accounts.

The article describes DMs used as a service channel: customers ask how to query original
receipts, how to apply for a consumer loan, whether converting 积存金 to physical gold costs a
fee. Each intent has customer openers, a first brand answer and optional follow-up exchanges;
some customers volunteer personal data, which the inbox must mask.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from redfunnel.demo import ids

__all__ = ["DM_INTENTS", "DmScript", "script_for"]


@dataclass(frozen=True, slots=True)
class DmScript:
    """Turns of one conversation: ``[(sender, text), ...]`` in order."""

    intent: str
    turns: list[tuple[str, str]]


_OPENERS: dict[str, tuple[str, ...]] = {
    "receipt": (
        "你好，请问怎么查询原始票据？公司财务要我提供去年的转账凭证",
        "在吗？电子回单在哪里下载呀",
        "想打印一份带章的转账回单，可以线上办吗",
        "请问原始票据/回单怎么查询，报销急用",
    ),
    "consumer_loan": (
        "消费贷怎么申请呀？我在广州工作，社保交了两年",
        "请问你们的消费贷利率多少，想装修用",
        "消费贷最多能贷多少？需要抵押吗",
        "你好，想问下消费贷怎么申请",
    ),
    "gold_fee": (
        "积存金兑换实物金有手续费吗？",
        "我攒了50克积存金，想换成金条，怎么收费",
        "积存金兑换实物黄金是不是要收加工费？",
        "你好，积存金能换成金条吗，有没有手续费",
    ),
    "card_loss": (
        "卡丢了，怎么挂失？",
        "钱包丢了，里面有借记卡和信用卡，急！",
        "银行卡找不到了，周末能补办吗",
    ),
    "branch_hours": (
        "天河区的网点周六开门吗",
        "五一期间哪些网点营业呀",
        "朝阳大悦城附近的网点几点下班",
        "国庆期间网点可以办开户吗",
    ),
    "complaint": (
        "我上周在网点办业务等了两个小时，工作人员态度也很差",
        "信用卡被莫名其妙扣了年费，打电话一直占线",
        "app转账失败钱却扣了，三天了还没退回",
        "推销电话一天打好几个，已经说了不需要还打",
    ),
    "fraud_risk": (
        "刚才有人打电话说是你们客服，说我开通了百万保障要关掉，让我下载会议软件，是真的吗？",
        "收到短信说我的积分要过期了，点链接兑换，是你们发的吗",
        "有人加我说能帮我提高信用卡额度，要先交手续费，靠谱吗",
    ),
    "credit_card": (
        "信用卡额度怎么提？",
        "中行信用卡年费怎么免",
        "想办一张留学用的信用卡，哪张合适",
    ),
    "fx": (
        "孩子9月去英国读书，学费怎么汇",
        "留学换汇需要带什么材料",
        "今年5万美元额度用完了还能购汇吗",
    ),
}
DM_INTENTS = tuple(_OPENERS)

_FIRST_REPLY: dict[str, str] = {
    "receipt": "您好，感谢您的咨询～电子回单可在中国银行App首页搜索“电子回单”，"
               "选择对应交易后下载或发送至邮箱；如需加盖业务专用章的原始凭证，"
               "请携带本人有效身份证件前往网点办理。",
    "consumer_loan": "您好，可在中国银行App搜索“消费贷”查看可申请的产品，"
                     "额度和利率以系统审批结果为准。贷款资金不得用于购房、投资等用途，"
                     "请理性借贷哦。",
    "gold_fee": "您好，积存金可按规则申请兑换实物贵金属，兑换时需根据所选产品规格支付相应费用，"
                "具体收费标准以中国银行App兑换页面展示为准。",
    "card_loss": "您好，请您立即通过中国银行App或拨打95566办理临时挂失，"
                 "之后携带本人身份证件到网点办理正式挂失和补卡。",
    "branch_hours": "您好，可在中国银行App“网点查询”查看各网点实时营业时间，"
                    "节假日安排以网点公告为准～",
    "complaint": "非常抱歉给您带来不便，您反映的情况我们已记录并转交相关部门核实，"
                 "工作人员会尽快与您联系。",
    "fraud_risk": "这是典型的诈骗手法！银行工作人员不会要求您下载会议软件、"
                  "共享屏幕或转账至“安全账户”。请勿点击链接或提供验证码；如已转账，"
                  "请立即拨打95566并报警。",
    "credit_card": "您好，额度调整可在App信用卡页面申请，年费政策以卡片领用合约为准，"
                   "也可拨打95566咨询～",
    "fx": "您好，留学购汇可凭录取通知书、护照等材料办理，App和网点均可申请，具体以审核要求为准。",
}

_FOLLOW_UPS: dict[str, tuple[tuple[str, str], ...]] = {
    "receipt": (
        (
            "一年前的也能查到吗？",
            "可以的，App支持查询近几年的交易明细，更早的交易可到网点申请调阅。",
        ),
    ),
    "consumer_loan": (
        ("需要去网点面签吗？", "线上申请一般无需到网点，如需补充材料会有工作人员联系您。"),
        ("提前还款有违约金吗？", "提前还款规则以您的借款合同为准，可在App贷款详情中查看。"),
    ),
    "gold_fee": (
        ("在哪里提货？", "兑换申请提交后可选择指定网点提取，请留意短信通知并携带本人身份证件。"),
    ),
    "card_loss": (
        ("已经挂失了，补卡要多久？", "补卡一般需要7-10个工作日，制卡完成后会短信通知您领取。"),
    ),
    "branch_hours": (("需要提前预约吗？", "普通业务无需预约，大额取现请提前一个工作日预约。"),),
    "complaint": (("什么时候能处理好？", "一般会在1-3个工作日内联系您，请保持电话畅通。"),),
    "fraud_risk": (
        ("我已经把验证码告诉他了怎么办", "请立即拨打95566冻结账户并修改密码，同时拨打110报警！"),
    ),
    "credit_card": (("那年费能退吗？", "可拨打95566申请核实，是否符合减免条件以审核结果为准。"),),
    "fx": (("汇款多久能到？", "境外汇款一般1-3个工作日到账，具体以收款行处理为准。"),),
}


def _pii_line(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"我的卡号是{ids.bank_card(rng)}"
    if kind == 1:
        return f"我电话是{ids.spaced_mobile(ids.mobile(rng))}，麻烦回电"
    if kind == 2:
        return f"身份证号{ids.id_number(rng)}，帮我查一下"
    return f"手机{ids.fullwidth(ids.mobile(rng))}"


def script_for(rng: random.Random, intent: str) -> DmScript:
    """Draw one conversation for ``intent``; brand turns may later be dropped (never answered)."""
    turns: list[tuple[str, str]] = [("customer", rng.choice(_OPENERS[intent]))]
    if intent in ("complaint", "card_loss", "credit_card") and rng.random() < 0.3:
        turns.append(("customer", _pii_line(rng)))
    elif rng.random() < 0.25:
        turns.append(("customer", rng.choice(("在吗？", "人呢", "急，麻烦尽快回复", "？？"))))
    turns.append(("brand", _FIRST_REPLY[intent]))
    if rng.random() < 0.55:
        question, answer = rng.choice(_FOLLOW_UPS[intent])
        turns.append(("customer", question))
        turns.append(("brand", answer))
    if rng.random() < 0.4:
        turns.append(("customer", rng.choice(("好的谢谢", "明白了，谢谢小编", "OK", "收到🙏"))))
    return DmScript(intent=intent, turns=turns)
