"""Seeded generator of the compliance *dev* set (``labelled_dev.jsonl``): the data the rulebook's
patterns are tuned on.

Run ``python src/redfunnel/compliance/data/generate_dev.py`` to rewrite the file; the output is
committed as text. The held-out set ``labelled_heldout.jsonl`` was written by hand, separately and
before the rules, in other phrasings; it is never used for tuning, and ``redfunnel eval
compliance`` reports on it by default. Templates below mix formal bank-post wording, colloquial
种草 style, replies and DMs, emoji and spacing tricks; every family has violating templates and the
clean templates carry the hard negatives (最近/第一次, a shown 年化利率, 存款保险 explained,
不保本 stated, anti-fraud posts quoting scammers, replies telling customers not to share codes).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("labelled_dev.jsonl")
SEED = 20261129

BANKS = ["我行", "本行", "咱们行", "小招", "小中", "工小宝", "建行君", "我们"]
PREFIX = [
    "",
    "",
    "",
    "姐妹们！",
    "家人们，",
    "划重点｜",
    "速看～",
    "【福利】",
    "打工人看过来：",
    "💰",
    "🔥",
]
SUFFIX = ["", "", "", "～", "！！", "😍", "👇", "，冲鸭", "，评论区见", "🙌"]
PCT = ["2.8%", "3.15%", "3.6%", "4.2%", "4.5%", "5%", "6.8%"]
W_NAMES = ["稳享", "睿盈", "月月盈", "安心盈", "鑫悦", "天天宝", "固收增强"]
LOANS = ["消费贷", "经营贷", "装修贷", "信用贷", "快贷", "e贷", "闪电贷", "车贷"]


def fill(template: str, rng: random.Random) -> str:
    return (
        template.replace("{B}", rng.choice(BANKS))
        .replace("{P}", rng.choice(PCT))
        .replace("{P2}", rng.choice(PCT))
        .replace("{W}", rng.choice(W_NAMES))
        .replace("{L}", rng.choice(LOANS))
        .replace("{N}", str(rng.choice([1, 3, 5, 10, 20, 30, 50])))
    )


POSITIVE: dict[str, list[str]] = {
    "absolute_terms": [
        "回复：这是我们利率最高的存款产品了，错过就没有了",
        "{B}理财收益稳居全市第一，理财非存款、产品有风险、投资须谨慎",
        "{B}{W}理财收益率行业第一，理财非存款、产品有风险、投资须谨慎",
        "市场上收益最高的稳健理财就是它！理财非存款、产品有风险、投资须谨慎",
        "{L}利率全网最低，年化利率（单利）{P}起，具体以审批为准",
        "这张信用卡返现力度史上最强",
        "最安全的理财选择，风险等级R1，理财非存款、产品有风险、投资须谨慎",
        "{B}的大额存单利息最高，没有之一",
        "业内首家推出的{W}理财，理财非存款、产品有风险、投资须谨慎",
        "黄金积存首选{B}，手续费最低",
        "绝对安全的存钱方式，利率最优",
        "No.1 的手机银行，TOP1 的服务体验",
        "国家级顶级理财团队管理，收益最稳，理财非存款、产品有风险、投资须谨慎",
        "同类产品中利率最低的{L}！年化利率{P}起（单利）",
    ],
    "return_promise": [
        "回复：您放心，这款理财不会亏本金的，收益稳稳的",
        "私信回复：这只基金我们内部测算收益肯定有8%，买就对了",
        "{W}理财保本保收益，年化{P}，放心买",
        "这款基金稳赚不赔，闭着眼买",
        "零风险理财，收益{P}稳稳拿",
        "本金有保障，收益看得见，{W}理财等你来",
        "买{W}理财就是躺赚，每月收益到账",
        "定投这只基金，收益翻倍不是梦，只涨不跌",
        "{W}理财预期收益率{P}，理财非存款、产品有风险、投资须谨慎",
        "积存金保底收益{P}，金价跌了也不怕",
        "这款理财从来没亏过，您放心，收益肯定有{P}",
        "无风险收益{P}，比余额宝强多了",
        "收益有保证的理财产品，到期必得{P}",
        "理财稳 赚 不 赔，名额有限",
    ],
    "deposit_confusion": [
        "回复：这款理财和定期存款差不多，就是利息高一点",
        "{W}理财=升级版定期存款，年化{P}",
        "{W}理财就跟存定期一样，利息还更高",
        "这款理财相当于存款，到期还本付息",
        "理财和存款没区别，都很安全",
        "存款型理财上线！年化{P}",
        "{W}理财受存款保险保护，安心",
        "想要高息存款？来买{W}理财吧",
        "把理财当成定期存款来存就好",
        "{W}理财利息按月发放，比存单还香",
        "储蓄型理财，稳稳的幸福",
        "理财就是收益高一点的存单，不用担心",
    ],
    "missing_risk_disclosure": [
        "{W}理财上新，业绩比较基准{P}-{P2}，1元起购",
        "近三个月年化{P}，这款{W}理财适合打工人",
        "基金定投每月100元起投，近一年收益{P}",
        "{W}系列理财热销中，7天持有期，随时赎回",
        "今日推荐：R2级{W}理财，年化{P}，5万起购",
        "这只养老基金长期持有收益可观，欢迎认购",
        "我自己买了{W}理财，半年收益还不错，可以看看",
        "现金管理类理财，七日年化{P}，T+1到账",
        "理财新品募集期开启，业绩比较基准{P}",
        "回复：这款{W}理财年化{P}，手机银行就能购买",
    ],
    "missing_apr": [
        "私信回复：{L}日利率最低0.015%，今天申请今天到账",
        "月供只要几百块，{L}轻松拥有，额度高至{N}万",
        "{L}日利率低至0.02%，借{N}万每天只需几块钱",
        "{L}额度最高{N}0万，最快当天放款，快来申请",
        "借1万一天利息只要1.2元，{L}随借随还",
        "{L}月息低至4厘，线上申请秒批",
        "{L}万分之二的日息，超低利息",
        "小微企业{L}，额度高放款快，欢迎咨询办理",
        "回复：这款{L}日息万分之1.5，可以直接在App申请",
        "买车找{B}，车贷月供低至2000元",
        "{L}秒批秒到账，额度最高{N}万",
        "{L}低息来袭，手续简单，当天下款",
    ],
    "student_credit": [
        "回复：学生也可以办信用卡哦，带上学生证来网点",
        "大学生专属信用卡，额度高、秒批",
        "在校生也能申请{L}，无抵押",
        "开学季办信用卡，新生送好礼",
        "学生党手头紧？分期借款来帮忙",
        "宿舍里就能办的信用卡，零门槛",
        "校园分期购物节，学生证就能办",
        "同学你好，在校大学生可以直接申请我们的{L}",
        "考研党生活费不够？{L}额度3000起",
        "毕业季大学生专享分期，0首付",
        "大学新生办卡即享高额度",
    ],
    "credit_card_fee": [
        "信用卡账单分期手续费低至0.6%/期",
        "分期0手续费，信用卡限时活动",
        "信用卡12期免息分期，轻松购",
        "现金分期每期费率仅0.35%",
        "想分就分，信用卡随心分",
        "大额分期手续费打5折，分得越多越划算",
        "回复：信用卡分期手续费每期0.7%，很划算",
        "信用卡取现手续费全免",
    ],
    "endorsement": [
        "知名经济学家力荐{W}理财，理财非存款、产品有风险、投资须谨慎",
        "明星同款信用卡，{B}独家代言",
        "客户张阿姨买了{W}理财，一年赚了2万",
        "经监管部门备案，这款理财安全可靠",
        "银行业协会认证推荐的{W}理财，理财非存款、产品有风险、投资须谨慎",
        "财经博主都在买的基金，基金有风险，投资须谨慎",
        "人民银行批准的理财产品，国家信用背书",
        "粉丝李先生买了基金，收益有5万",
    ],
    "pii_exposure": [
        "回复@小白：您的手机号13912345678已经登记啦",
        "张女士，您留的电话 186-1234-5678 我们会回电",
        "回复：客户经理微信 bank_li2024，加他办理",
        "您好，已收到您的身份证{ID}，审核中",
        "回复：您的银行卡{CARD}已解冻",
        "中奖名单：王先生 15012345678",
        "回复：您的QQ 987654321 已收到",
    ],
    "pii_request": [
        "回复：麻烦私信发一下您的银行卡号和密码",
        "您好，请把收到的短信验证码告诉我们",
        "请提供身份证正反面照片，我们帮您办理",
        "回复：请在评论区留下您的卡号，方便查询",
        "私信：需要您提供信用卡安全码和有效期",
        "您好，登录密码发我一下，我帮您看看",
        "请把手持身份证照片发到私信",
    ],
    "missing_ad_label": [
        "打工人的小金库！积存金1克起，评论区戳链接开通",
        "种草｜{B}这张信用卡首年免年费，扫码即可申请",
        "亲测好用！点击下方链接开通{W}理财账户",
        "新户礼：扫描二维码开户领20元立减金",
        "积存金小程序一键开通，1克起存",
        "大额存单{P}，点击链接预约",
        "信用卡新户礼来啦，办卡即送行李箱，申请入口在评论区",
        "留学生借记卡安利，戳链接办理",
        "测评｜这张联名信用卡真香，长按识别二维码申请",
    ],
}

# Extra labels some positive templates carry besides their own family (keyed by template).
EXTRA: dict[str, list[str]] = {
    "{W}理财保本保收益，年化{P}，放心买": ["missing_risk_disclosure"],
    "这款基金稳赚不赔，闭着眼买": ["missing_risk_disclosure"],
    "零风险理财，收益{P}稳稳拿": ["missing_risk_disclosure"],
    "买{W}理财就是躺赚，每月收益到账": ["missing_risk_disclosure"],
    "定投这只基金，收益翻倍不是梦，只涨不跌": ["missing_risk_disclosure"],
    "无风险收益{P}，比余额宝强多了": ["missing_risk_disclosure"],
    "收益有保证的理财产品，到期必得{P}": ["missing_risk_disclosure"],
    "存款型理财上线！年化{P}": ["missing_risk_disclosure"],
    "想要高息存款？来买{W}理财吧": ["missing_risk_disclosure"],
    "在校生也能申请{L}，无抵押": ["missing_apr"],
    "考研党生活费不够？{L}额度3000起": ["missing_apr"],
    "亲测好用！点击下方链接开通{W}理财账户": ["missing_risk_disclosure"],
    "客户张阿姨买了{W}理财，一年赚了2万": ["missing_risk_disclosure"],
    "经监管部门备案，这款理财安全可靠": ["return_promise"],
    "人民银行批准的理财产品，国家信用背书": ["missing_risk_disclosure"],
}

CLEAN = [
    "最近很多朋友问{L}怎么申请，今天统一回复一下：请在官方App查看年化利率后再申请。",
    "第一次来{B}网点办业务？记得带上身份证原件哦",
    "最后一次提醒：国庆期间部分网点营业时间调整",
    "最近的网点地址可以在App“网点查询”里找到",
    "第一次使用手机银行，建议先开启指纹登录",
    "我们第一次参加金融知识进社区活动，收获满满",
    "第一时间挂失：银行卡丢失请立即拨打客服电话",
    "最新版手机银行上线，新增长辈模式",
    "最好提前预约大额取现，避免白跑一趟",
    "最佳还款方式：设置自动还款，避免逾期",
    "{L}年化利率（单利）{P}-{P2}，具体以审批结果为准，贷款有风险，借款需谨慎",
    "{L}年化利率{P}起（单利），借1万元一年利息约360元，以审批为准",
    "回复：您好，{L}的年化利率在App产品页有展示，以审批为准",
    "信用卡分期年化利率（单利）{P}-18%，具体以页面展示为准",
    "存款保险是什么？被保险存款本金和利息合计最高偿付50万元",
    "理财、基金不属于存款保险保障范围，购买前请了解产品风险",
    "三年期定期存款年利率2.15%，保本保息，受存款保险保障",
    "本期储蓄国债票面利率2.38%，国债保本保息",
    "{W}理财业绩比较基准{P}（不构成收益承诺），风险等级R2，理财非存款、产品有风险、投资须谨慎",
    "基金有风险，投资须谨慎。过往业绩不代表未来表现，定投每月100元起",
    "净值型理财不保本，收益随市场波动，请谨慎选择",
    "理财不等于存款，也不保本保息，请看清产品说明书",
    "回复：您好，这款产品不承诺保本，风险等级R3，请根据风险承受能力选择",
    "反诈提醒：声称“保本保息、年化20%”的投资都是骗局",
    "警惕“零风险、稳赚不赔”的投资陷阱，守护好钱袋子",
    "骗子冒充客服说“帮您把存款转成高息理财”，千万别信",
    "谨防“大学生无抵押贷款”骗局，校园贷套路多",
    "诈骗分子常以“信用卡免息分期”为诱饵，发送钓鱼链接",
    "回复：{B}工作人员不会索要您的验证码，请勿告诉任何人",
    "回复：请勿在评论区留下手机号、卡号等个人信息",
    "私信：您好，我行不会要求您提供密码或验证码，请放心",
    "回复：千万不要把验证码告诉陌生人哦",
    "回复：请不要向他人提供身份证照片",
    "五一期间网点营业时间如下，请提前规划",
    "如何开具存款证明？携带身份证到任一网点即可",
    "积存金可以兑换实物金，需支付一定加工费",
    "9月金融知识普及月，我们走进校园讲解防范非法集资",
    "大学生朋友请理性消费，远离不良校园贷",
    "大学生理财第一课：先学会记账",
    "回复：在校学生暂不支持申请信用卡，可办理借记卡",
    "开学季新生借记卡开户指南来啦",
    "手机银行转账限额怎么设置？三步搞定",
    "今天在网点遇到一位90岁的老奶奶，暖心",
    "回复：您好，原始票据可在企业网银回单查询中下载",
    "回复：您好，提前还款请在App贷款页面操作",
    "什么是业绩比较基准？它不代表实际收益",
    "信用卡免息期是怎么计算的？一文讲清楚",
    "最低还款额不等于免息，未还部分要计息",
    "我行客服热线95566，24小时在线",
    "回复：谢谢支持，我们会继续努力",
    "中秋快乐！祝大家阖家团圆",
    "监管新规：贷款营销必须展示年化利率",
    "监管提示：理财产品不得宣传预期收益率",
    "【广告】{B}信用卡新户礼，扫码申请，分期年化利率（单利）6%-18%",
    "广告｜大额存单{P}，点击链接预约，20万起存",
    "唯一要注意的是，转账前请核对收款人信息",
    "首先打开App，其次点击“我的”，最后选择“设置”",
    "国家级非遗剪纸走进网点",
    "最高人民法院发布征信修复诈骗典型案例",
    "存款保险标识长什么样？认准标识，放心存款",
    "保护个人信息，不随意扫码",
    "回复：黄金价格波动较大，请谨慎投资",
    "一张图看懂：日利率0.03%换算成年化利率约10.95%",
    "回复：您好，分期费用已按年化利率展示，请在App查看",
    "同事说：理财最重要的是匹配自己的风险承受能力",
    "专家提醒：高收益往往伴随高风险，警惕投资陷阱",
    "银发族防诈：“保健品高额返利”都是骗局",
    "关注我们，获取更多金融知识",
    "新市民开户指南：身份证+居住证即可办理",
    "回复：抱歉给您带来不便，已为您反馈",
    "【温馨提示】近期有不法分子冒充{B}工作人员，以“账户异常需解冻”为由索要验证码。请牢记：银行不会通过电话、短信要求您提供验证码或转账到“安全账户”。",
    "年轻人第一次理财容易踩的坑：只看收益不看风险、把理财当存款、盲目跟风。理财前先做风险测评，理财非存款、产品有风险、投资须谨慎。",
    "一文读懂存款保险：存款保险保障的是存款本金和利息，最高50万元；理财、基金、保险等不在保障范围内。",
    "回复：您好，积存金按克计价，随金价实时波动，不承诺收益，请根据自身情况谨慎选择。",
    "回复：您好，{L}年化利率（单利）{P}起，最终以审批结果为准，您可在手机银行查看。",
    "私信回复：您好，申请{L}无需支付任何前期费用，凡是要求先交保证金的都是诈骗。",
    "最近一次降息后，存款利率也有调整，具体以网点公告为准。",
    "最近两周部分自助设备升级，给您带来不便敬请谅解。",
    "第一次办理跨境汇款？准备好护照和汇款用途证明即可。",
    "最后一班岗：网点员工坚守除夕夜为商户兑换零钱。",
    "回复：您好，信用卡最低还款额可以在账单中查看，建议您全额还款。",
    "回复：您好，这个问题需要您本人携带身份证到网点办理，感谢理解。",
    "9月起，信用卡分期产品统一以年化利率展示费用，例如12期分期年化利率（单利）约7.97%。",
    "防范非法集资：承诺高额回报、保本付息的“理财”多为非法集资，请通过正规渠道购买。",
    "理财经理说：没有稳赚不赔的投资，分散配置更重要。",
    "看懂理财产品说明书的三个关键：风险等级、业绩比较基准、费用。",
    "退休后的钱怎么管？先留足生活费，再考虑低风险产品，别被“高息”“保本”话术忽悠。",
    "回复：同学你好，校园里推销“免息分期”的都不是我行工作人员，请提高警惕。",
    "我们的客服小姐姐今天第一次上镜，有点紧张😂",
    "周末网点照常营业，欢迎来办理社保卡激活。",
    "回复：感谢您的建议，我们会转达给产品团队。",
    "网点新开了“助老服务区”，老年人办事更方便了",
    "手机银行“一键挂失”功能上线，卡丢了不用慌",
    "外汇小知识：个人每年便利化购汇额度为等值5万美元",
    "回复：您好，社保卡激活需本人到网点办理，请携带身份证",
]

KINDS_FOR = {"回复": "comment_reply", "私信": "dm_reply"}


def _id_number(rng: random.Random) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = (
        "3101041988"
        + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(100, 999)}"
    )
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _card(rng: random.Random) -> str:
    body = "62220" + "".join(str(rng.randint(0, 9)) for _ in range(13))
    for check in range(10):
        number = body + str(check)
        total = 0
        for pos, char in enumerate(reversed(number)):
            digit = int(char)
            if pos % 2:
                digit = digit * 2 - 9 if digit > 4 else digit * 2
            total += digit
        if total % 10 == 0:
            return number
    raise AssertionError


def _kind(text: str) -> str:
    for marker, kind in KINDS_FOR.items():
        if text.startswith(marker):
            return kind
    return "note"


def generate(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for family, templates in POSITIVE.items():
        for template in templates:
            for _ in range(4):
                text = (
                    fill(template, rng)
                    .replace("{ID}", _id_number(rng))
                    .replace("{CARD}", _card(rng))
                )
                if family not in ("pii_exposure", "pii_request") and not text.startswith(
                    ("回复", "私信")
                ):
                    text = rng.choice(PREFIX) + text + rng.choice(SUFFIX)
                labels = sorted({family, *EXTRA.get(template, [])})
                items.append({"kind": _kind(text), "text": text, "labels": labels})
    for template in CLEAN:
        for _ in range(5):
            text = fill(template, rng)
            if not text.startswith(("回复", "私信")) and rng.random() < 0.4:
                text = (
                    rng.choice(["", "收藏备用｜", "干货｜", "小课堂｜"])
                    + text
                    + rng.choice(["", "～", "📌", "！"])
                )
            items.append({"kind": _kind(text), "text": text, "labels": []})
    seen: set[str] = set()
    unique = []
    for item in items:
        if item["text"] not in seen:
            seen.add(str(item["text"]))
            unique.append(item)
    for number, item in enumerate(unique, 1):
        item["id"] = f"d{number:04d}"
    return unique


def main() -> None:
    items = generate()
    with OUT.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(
                json.dumps(
                    {
                        "id": item["id"],
                        "kind": item["kind"],
                        "text": item["text"],
                        "labels": item["labels"],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    print(f"wrote {len(items)} items to {OUT}")


if __name__ == "__main__":
    main()
