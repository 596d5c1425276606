"""Hand-kept cue words per label, used as extra features and as the jieba finance dictionary.

Why both a lexicon and a statistical model: the training corpus is generated and small, so
a word the generator never used (``提额``, ``白条``, ``私换``) would be invisible to the model
alone; a curated list of domain terms, each mapped to its label, lets a post that names the
product in its own words still light up the right feature. The model learns how much to
trust each cue (``LEX:product:credit_card`` is a feature like any word).
"""

from __future__ import annotations

import re
from functools import lru_cache

PRODUCT_CUES: dict[str, tuple[str, ...]] = {
    "credit_card": ("信用卡", "卡面", "年费", "账单日", "还款日", "最低还款", "提额", "额度", "刷卡", "联名卡",
                    "白金卡", "双币卡", "积分", "盗刷", "销卡", "激活", "免息期", "分期", "刷卡金", "附属卡",
                    "信用卡中心", "办卡", "首刷", "卡友"),
    "consumer_loan": ("消费贷", "信用贷", "装修贷", "借款", "贷款", "网贷", "放款", "年化利率", "日息", "借钱",
                      "额度", "还款", "征信", "利率券", "分期", "下款", "备用金", "随借随还"),
    "mortgage": ("房贷", "按揭", "首付", "月供", "公积金", "LPR", "提前还贷", "提前还款", "购房", "买房",
                 "二手房", "首套", "组合贷", "等额本息", "等额本金", "房产", "过户", "转贷"),
    "deposit": ("存款", "定期", "大额存单", "存单", "活期", "零存整取", "整存整取", "通知存款", "存款保险",
                "储蓄", "存钱", "利率上浮", "起存", "转存", "攒钱"),
    "wealth": ("理财", "净值", "R1", "R2", "R3", "R4", "R5", "七日年化", "业绩比较基准", "风险测评", "持有期",
               "现金管理", "固收", "理财产品", "保本", "收益率", "理财经理"),
    "fund_insurance": ("基金", "定投", "指数基金", "ETF", "保险", "医疗险", "重疾险", "防癌险", "意外险",
                       "投保", "理赔", "保费", "保单", "退保", "申购费", "基金经理"),
    "gold": ("黄金", "金价", "积存金", "金条", "金饰", "实物金", "金豆", "克", "足金", "回购", "金章", "生肖金"),
    "fx_study_abroad": ("换汇", "购汇", "结汇", "外汇", "汇率", "外币", "美元", "欧元", "英镑", "境外汇款",
                        "跨境汇款", "SWIFT", "电汇", "现钞", "留学缴费", "学费", "资金证明", "境外", "私换",
                        "货币转换费", "Visa", "万事达"),
    "pension": ("养老金", "个人养老金", "养老储蓄", "养老理财", "养老目标", "退休金", "三支柱", "企业年金",
                "以房养老", "养老公寓", "养老保险", "社保"),
    "debit_payment": ("银行卡", "借记卡", "一类卡", "二类卡", "一类户", "二类户", "手机银行", "转账", "验证码",
                      "数字人民币", "支付", "收款", "立减", "绑卡", "非柜面", "回单", "限额", "密码", "工资卡",
                      "开卡", "取现", "ETC", "屏幕共享", "出租出借"),
    "sme": ("经营贷", "小微", "个体户", "个体工商户", "商户", "对公", "营业执照", "纳税", "流水", "发票",
            "收款码", "收款音箱", "普惠", "专精特新", "中小企业", "企业主", "开店", "进货", "助农"),
}

SEGMENT_CUES: dict[str, tuple[str, ...]] = {
    "gen_z": ("学生", "学生党", "大学生", "00后", "05后", "Z世代", "校园", "开学", "新生", "宿舍", "室友", "毕业",
              "学弟", "学妹", "学长", "学姐", "零花钱", "生活费", "追星", "游戏", "考研", "实习", "未成年", "暑假"),
    "young_professional": ("打工人", "职场", "上班", "上班族", "社畜", "加班", "工资", "月薪", "年终奖", "通勤",
                           "月光", "同事", "领导", "搬砖", "摸鱼", "职场新人", "租房", "年轻人", "存款焦虑", "搞钱"),
    "new_citizen": ("新市民", "外来务工", "务工", "工友", "来城", "外地", "异乡", "落户", "居住证", "进城",
                    "北漂", "沪漂", "深漂", "打工", "安家", "社保卡", "老家", "县城"),
    "study_abroad": ("留学", "留学生", "出国", "海外", "offer", "签证", "学费", "使馆", "大使馆", "境外",
                     "英国", "美国", "澳洲", "加拿大", "伦敦", "申请季", "语言班", "雅思", "托福"),
    "senior": ("爸妈", "父母", "长辈", "老人", "老年", "老年人", "退休", "叔叔阿姨", "阿姨", "大爷", "大妈",
               "爷爷", "奶奶", "姥姥", "外婆", "银发", "适老", "长辈版", "重阳", "养老", "广场舞", "孙子"),
    "sme_owner": ("老板", "个体户", "小微", "商户", "开店", "店铺", "小店", "企业主", "创业", "财务", "对公",
                  "营业执照", "进货", "生意", "合作社", "种植户", "法人"),
}

PILLAR_CUES: dict[str, tuple[str, ...]] = {
    "anti_fraud": ("诈骗", "骗子", "骗局", "反诈", "防骗", "被骗", "冒充", "套路", "警惕", "96110", "安全账户",
                   "杀猪盘", "刷单", "钓鱼", "仿冒", "拦截", "非法集资", "洗钱", "帮凶", "报警", "电诈", "盗刷",
                   "掉包", "假冒"),
    "education": ("科普", "知识", "一文", "看懂", "读懂", "讲清", "是什么", "区别", "小课堂", "干货", "概念",
                  "怎么算", "冷知识", "误区", "小白", "入门", "投教", "财商", "原理", "为什么"),
    "service": ("怎么办", "办理", "流程", "步骤", "指南", "攻略", "营业时间", "网点", "预约", "挂失", "操作",
                "教程", "带上", "准备", "客服", "热线", "查询", "上门", "开户", "手把手", "怎么"),
    "product": ("推荐", "上新", "新品", "种草", "安利", "开售", "专属", "额度高", "利率低", "亲测", "闭眼入",
                "香", "必备", "起购", "起存", "发售", "限量"),
    "activity": ("抽奖", "福利", "立减", "满减", "送", "领取", "活动", "评论区", "转发", "晒", "赢", "红包",
                 "限时", "宠粉", "羊毛", "优惠券", "立减金", "开奖", "名额", "先到先得", "打卡"),
    "brand": ("周年", "荣获", "奖项", "官宣", "年报", "年度报告", "品牌", "ESG", "社会责任", "乡村振兴",
              "绿色金融", "志愿者", "公益", "峰会", "发布会", "快乐", "拜年", "揭牌", "启动", "代言", "校招", "logo"),
    "lifestyle": ("vlog", "日常", "一天", "晚霞", "citywalk", "周末", "治愈", "打卡", "吉祥物", "午饭", "下班",
                  "猫", "咖啡", "生活", "小确幸", "绿植", "散步", "火锅", "健身", "实习"),
}

CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "product": PRODUCT_CUES,
    "segment": SEGMENT_CUES,
    "pillar": PILLAR_CUES,
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One alternation regex per (dimension, label): a single C-level scan per label."""
    out = []
    for dim, table in CUES.items():
        for label, words in table.items():
            alts = sorted({re.escape(w) for w in words}, key=len, reverse=True)
            out.append((f"LEX:{dim}:{label}", re.compile("|".join(alts), re.IGNORECASE)))
    return out


def cue_tokens(text: str) -> list[str]:
    """``LEX:<dimension>:<label>`` once per cue word found, so more hits weigh more."""
    tokens: list[str] = []
    for name, pattern in _patterns():
        hits = len(pattern.findall(text))
        if hits:
            tokens.extend([name] * min(hits, 3))
    return tokens


def cue_counts(text: str, dimension: str) -> dict[str, int]:
    """Number of cue words of each label of one dimension found in ``text`` (for rules and evidence)."""
    prefix = f"LEX:{dimension}:"
    out: dict[str, int] = {}
    for name, pattern in _patterns():
        if name.startswith(prefix):
            hits = len(pattern.findall(text))
            if hits:
                out[name[len(prefix):]] = hits
    return out


def finance_words() -> list[str]:
    """Every multi-character cue word, for the jieba user dictionary."""
    words = {w for table in CUES.values() for ws in table.values() for w in ws if len(w) >= 2}
    return sorted(words)
