"""Customer comments, scam comments and brand replies under bank notes.

Comments are where the service inbox starts: questions that map to FAQ entries, praise,
complaints (some phrased as questions, some sarcastic), 代办 scammers leaving contacts, and
customers who paste their own phone or card numbers. Every generated text carries its intent so
the inbox classifier can be scored; personal data is synthetic but checksum-valid.
"""

from __future__ import annotations

import random

from redfunnel.demo import ids

__all__ = [
    "PRODUCT_QUESTIONS",
    "brand_reply",
    "customer_comment",
    "follow_up",
]

# question key -> (customer variants, brand answer)
QUESTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "receipt": (
        (
            "请问原始票据在哪里查询呀？",
            "电子回单能打印吗，公司报销要用",
            "转账凭证怎么导出成PDF？",
            "三年前的交易回单还能查到吗",
            "怎么查询原始票据/回单，急用🙏",
        ),
        "您好～{app}首页搜索“电子回单”即可查询下载，"
        "需要加盖业务章的凭证可携带本人身份证到网点办理哦",
    ),
    "consumer_loan": (
        (
            "消费贷怎么申请？要什么材料",
            "消费贷利率现在多少呀",
            "公积金不高能申请消费贷吗",
            "装修贷额度一般能批多少",
            "消费贷可以提前还款吗",
        ),
        "您好，可在{app}搜索“消费贷”查看申请条件，额度和利率以审批结果为准，请理性借贷哦～",
    ),
    "gold": (
        (
            "积存金兑换实物金有手续费吗？",
            "积存金可以随时卖出吗",
            "积存金最少买多少克",
            "积存金兑换金条要去网点吗",
            "积存金和买金条哪个划算",
        ),
        "您好，积存金兑换实物金需按所选产品支付相应费用，具体规则以{app}页面展示为准～",
    ),
    "branch_hours": (
        (
            "网点几点开门呀",
            "周末网点营业吗",
            "五一期间天河那边的网点开吗？",
            "假期可以办开户吗",
            "下午五点之后还能办业务吗",
        ),
        "您好，可在{app}“网点查询”查看各网点营业时间，假期安排以网点公告为准～",
    ),
    "annual_fee": (
        ("这张卡年费多少？", "年费怎么免？要刷几次", "为什么突然扣了年费"),
        "您好，年费政策可在{app}卡片详情查看，具体以领用合约为准～",
    ),
    "limit": (
        ("额度怎么提？用了一年都没涨", "临时额度到期了怎么办", "额度可以自己调低吗"),
        "您好，额度由系统综合评估，可在{app}申请调整，以审批结果为准～",
    ),
    "card_loss": (
        ("卡丢了周末能补办吗", "挂失之后原来的卡号还能用吗", "临时挂失能在手机上办吗"),
        "您好，可先通过{app}或拨打{hotline}办理临时挂失，再携带身份证到网点办理正式挂失补卡～",
    ),
    "fx": (
        ("留学换汇需要什么材料", "5万美元额度用完了怎么办", "学费汇款多久能到账"),
        "您好，留学购汇可凭录取通知书等材料办理，具体可咨询网点或{hotline}～",
    ),
    "pension": (
        ("个人养老金在哪开户", "养老金账户可以中途取出来吗", "个人养老金能买哪些产品"),
        "您好，可在{app}搜索“个人养老金”开立账户，领取需满足规定条件哦～",
    ),
    "mortgage": (
        ("LPR降了我的房贷什么时候变", "提前还款要预约吗", "房贷利率能调低吗"),
        "您好，浮动利率房贷在重定价日调整，提前还款可在{app}预约，具体以合同约定为准～",
    ),
    "deposit": (
        ("大额存单现在利率多少", "存款保险50万是每家银行分开算吗", "定期可以提前取吗"),
        "您好，存款利率以{app}实时展示为准；存款保险按同一存款人在同一家银行合并计算哦～",
    ),
    "wealth": (
        ("R2的产品会亏本吗", "新客理财怎么买", "理财到期了钱多久到账"),
        "您好，理财非存款，产品有风险，可在{app}查看产品说明书并完成风险测评后购买～",
    ),
    "general": (
        ("怎么联系人工客服", "能私信吗？有问题想问", "可以帮我看看我的问题吗"),
        "您好，可以私信小编或拨打{hotline}，我们会尽快为您处理～",
    ),
}

PRODUCT_QUESTIONS: dict[str, tuple[str, ...]] = {
    "credit_card": ("annual_fee", "limit", "card_loss"),
    "consumer_loan": ("consumer_loan",),
    "sme": ("consumer_loan",),
    "gold": ("gold",),
    "debit_payment": ("receipt", "card_loss", "branch_hours"),
    "deposit": ("deposit", "branch_hours"),
    "wealth": ("wealth",),
    "fund_insurance": ("wealth",),
    "fx_study": ("fx",),
    "pension": ("pension",),
    "mortgage": ("mortgage",),
    "general": ("general", "branch_hours", "receipt"),
}

_PRAISE = (
    "干货满满，已收藏📌",
    "小编好用心[赞R]",
    "这个真的有用，转给我妈了",
    "终于有人讲清楚了",
    "太实用了吧",
    "吉祥物好可爱[害羞R]",
    "卡面好好看，想要",
    "涨知识了，第一次知道",
    "网点小姐姐服务超好，上次办业务很耐心",
    "支持一下👍",
    "收藏了，以后肯定用得上",
    "这个账号是宝藏，关注了",
)
_COMPLAINTS = (
    "客服电话打了半小时都没人接",
    "app更新后找不到转账入口了，体验很差",
    "网点排队两个小时，窗口只开了一个",
    "办卡审核一个月了还没结果",
    "推销电话一天打三个，能不能别打了",
    "手机银行动不动就闪退，啥时候修",
)
_COMPLAINT_QUESTIONS = (
    "为什么我的额度突然被降了，也没个通知？",
    "为什么取个钱还要问我用途？",
    "凭什么扣我年费，我明明刷够次数了？",
    "为什么转账一直显示处理中，钱去哪了？",
)
_SARCASM = (
    "你们app又升级了？找个转账按钮找了十分钟，真是太贴心了呢[微笑R]",
    "客服回复速度真快啊，三天了还没回[微笑R]",
    "好家伙，评论区问了三次都没人回，真是“及时回复”呢",
    "反诈宣传做得真好，就是我被盗刷的钱还没追回来呢",
)
_CHAT = (
    "来了来了",
    "已关注",
    "同问",
    "蹲一个回复",
    "码住",
    "哈哈哈哈哈",
    "第一",
    "学到了",
    "好的好的",
    "小编辛苦啦",
)
_LOTTERY = (
    "抽我抽我🙏",
    "希望中一次！",
    "许愿暴富",
    "好运来好运来🧧",
    "想要周边！",
    "从来没中过，这次一定",
)
_SUB_CUSTOMER = (
    "同问+1",
    "我也遇到了",
    "我昨天去问过，网点说要预约",
    "可以的，我上周刚办完",
    "蹲一个官方回复",
    "一样，等了好久",
)


def _spam(rng: random.Random) -> str:
    handle = rng.choice(("daiban_8888", "dk_66688", "jz2026_lin", "fawu_zixun01", "edu_kuaixia9"))
    templates = (
        f"专业代办信用卡大额，下卡快，加v: {handle}",
        f"征信花了也能下款💰 详询薇：{handle}",
        f"兼职日结，手机操作就行，加V: {handle}",
        f"网贷逾期协商，专业团队，vx：{handle}",
        f"代还信用卡 手续费低 电话 {ids.mobile(rng)}",
        f"急用钱的找我，当天放款，联系 {ids.spaced_mobile(ids.mobile(rng))}",
    )
    return rng.choice(templates)


def _pii(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"我的卡号{ids.bank_card(rng)}怎么突然被冻结了，急！"
    if kind == 1:
        card = ids.bank_card(rng)
        spaced = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
        return f"卡号 {spaced} 为啥刷不了，麻烦看下"
    if kind == 2:
        return f"我手机号{ids.spaced_mobile(ids.mobile(rng))}，麻烦客服回个电话"
    if kind == 3:
        return f"办卡一直审核中，身份证号{ids.id_number(rng)}，帮忙查下进度"
    if kind == 4:
        return f"电话{ids.fullwidth(ids.mobile(rng))}，消费贷的事想咨询下"
    number = ids.mobile(rng)
    return f"联系我 +86-{number[:3]}-{number[3:7]}-{number[7:]} 谢谢"


def customer_comment(rng: random.Random, product: str, pillar: str) -> tuple[str, str, str]:
    """One root comment: ``(text, intent, question_key)`` (key is ``""`` unless a question)."""
    weights = {
        "question": 34, "praise": 20, "complaint": 8, "complaint_question": 4, "sarcasm": 3,
        "chat": 13, "spam": 6, "pii": 6, "lottery": 30 if pillar == "activity" else 2,
    }
    intent = rng.choices(list(weights), weights=list(weights.values()))[0]
    if intent == "question":
        pool = PRODUCT_QUESTIONS.get(product, ("general",))
        key = rng.choice(pool) if rng.random() < 0.7 else rng.choice(list(QUESTIONS))
        return rng.choice(QUESTIONS[key][0]), "question", key
    text = {
        "praise": lambda: rng.choice(_PRAISE),
        "complaint": lambda: rng.choice(_COMPLAINTS),
        "complaint_question": lambda: rng.choice(_COMPLAINT_QUESTIONS),
        "sarcasm": lambda: rng.choice(_SARCASM),
        "chat": lambda: rng.choice(_CHAT),
        "spam": lambda: _spam(rng),
        "pii": lambda: _pii(rng),
        "lottery": lambda: rng.choice(_LOTTERY),
    }[intent]()
    label = {"complaint_question": "complaint", "sarcasm": "complaint"}.get(intent, intent)
    return text, label, ""


def follow_up(rng: random.Random) -> str:
    """A customer's reply to another comment (``同问`` and friends)."""
    return rng.choice(_SUB_CUSTOMER)


_COMPLAINT_REPLIES = (
    "非常抱歉给您带来不好的体验🙏 已私信您，麻烦提供具体情况，我们会尽快核实处理。",
    "抱歉让您久等了，您反映的问题已记录并转交相关部门，稍后私信联系您。",
)
_PII_REPLY = "为保护您的信息安全，请不要在评论区公开卡号、手机号、身份证号等个人信息哦，已私信您～"
_SPAM_REPLY = ("温馨提示：本账号不会以任何形式收取办卡、贷款费用，"
               "“代办”均为诈骗，请勿添加陌生联系方式！")
_LOTTERY_REPLIES = ("祝你好运🍀", "已收到你的心愿～", "开奖结果关注置顶评论哦")
_THANKS = ("谢谢支持💕 我们会继续努力的～", "感谢喜欢，记得点个关注哦～",
           "收到，小编会继续更新干货！")


def brand_reply(rng: random.Random, intent: str, key: str, app: str, hotline: str) -> str:
    """The account's own reply to a comment, matched to what the comment wants."""
    if intent == "question":
        text = QUESTIONS[key][1]
    elif intent == "complaint":
        text = rng.choice(_COMPLAINT_REPLIES)
    elif intent == "pii":
        text = _PII_REPLY
    elif intent == "spam":
        text = _SPAM_REPLY
    elif intent == "lottery":
        text = rng.choice(_LOTTERY_REPLIES)
    else:
        text = rng.choice(_THANKS)
    return text.format(app=app, hotline=hotline)
