"""Tokenising customer text: jieba with banking words, and the colloquial synonym table.

jieba's default dictionary splits banking terms (积存金 → 积存/金, 电子回单 → 电子/回单) and does
not know platform slang, so the words below are added once per process. The synonym table maps
what customers write to the words approved FAQ entries use (换金条 → 兑换 实物 黄金), so BM25
finds the entry whatever register the question is asked in.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

__all__ = ["SYNONYMS", "normalise", "tokens"]

_FINANCE_WORDS = (
    "积存金", "实物金", "实物黄金", "金条", "电子回单", "回单", "原始票据", "转账凭证", "交易明细",
    "消费贷", "经营贷", "装修贷", "房贷", "车贷", "提前还款", "信用卡", "年费", "分期", "额度",
    "临时额度", "最低还款", "挂失", "临时挂失", "补卡", "吞卡", "网点", "营业时间", "大额取现",
    "开户", "销户", "一类户", "二类户", "手续费", "管理费", "短信费", "手机银行", "人脸识别",
    "转账限额", "购汇", "结汇", "换汇", "汇款", "境外汇款", "个人养老金", "养老金", "大额存单",
    "存款保险", "风险测评", "理财", "理财经理", "客户经理", "安全账户", "验证码", "共享屏幕",
    "会议软件", "征信", "征信修复", "代办", "套现", "代还", "下款", "放款", "盗刷", "刷单",
    "人工客服", "五一", "国庆", "节假日", "工作日", "电子章", "业务章", "流水", "对账单",
)

# colloquial form -> canonical words (space separated); longest forms are replaced first.
SYNONYMS: dict[str, str] = {
    "换金条": "兑换 实物 黄金",
    "换成金条": "兑换 实物 黄金",
    "提金条": "兑换 实物 黄金 提取",
    "提实物": "兑换 实物 黄金 提取",
    "提成实物": "兑换 实物 黄金",
    "换实物": "兑换 实物 黄金",
    "实物金": "实物 黄金",
    "金条": "实物 黄金",
    "收不收费": "收费",
    "要不要钱": "收费",
    "收钱吗": "收费",
    "要钱吗": "收费",
    "给钱": "收费",
    "加工费": "费用",
    "手续费": "费用 收费",
    "电子回单": "电子回单 凭证",
    "实物黄金": "实物 黄金",
    "回单": "电子回单 凭证",
    "回执": "电子回单 凭证",
    "回执单": "电子回单 凭证",
    "小票": "电子回单 凭证",
    "流水": "交易明细",
    "交易记录": "交易明细",
    "转账记录": "交易明细",
    "对账单": "交易明细",
    "原始凭证": "原始票据",
    "报销": "电子回单 凭证",
    "盖章": "业务章 网点",
    "贷点款": "贷款 申请",
    "借钱": "贷款",
    "装修贷": "消费贷",
    "消费类贷款": "消费贷",
    "信贷": "贷款",
    "咋申": "如何 申请",
    "怎么申": "如何 申请",
    "怎么弄": "如何",
    "咋弄": "如何",
    "咋办": "怎么办",
    "咋": "怎么",
    "啥": "什么",
    "xyk": "信用卡",
    "卡丢了": "银行卡 丢失 挂失",
    "卡不见了": "银行卡 丢失 挂失",
    "丢卡": "银行卡 丢失 挂失",
    "钱包丢了": "银行卡 丢失 挂失",
    "冻结卡": "挂失",
    "新卡": "补卡",
    "开门": "营业时间",
    "上班": "营业时间",
    "几点": "营业时间",
    "关门": "营业时间",
    "下班": "营业时间",
    "放假": "节假日",
    "假期": "节假日",
    "周末": "节假日 营业",
    "过节": "节假日",
    "中秋": "节假日",
    "春节": "节假日",
    "国庆": "节假日",
    "换外币": "购汇",
    "换美元": "购汇",
    "换汇": "购汇",
    "学费": "留学 购汇 汇款",
    "留学": "留学 购汇",
    "汇过去": "境外汇款",
    "打钱": "汇款 转账",
    "到账": "到账",
    "养老账户": "个人养老金 账户",
    "存钱": "存款",
    "定存": "定期 存款",
    "客服电话": "人工客服 95566",
    "转人工": "人工客服",
    "真人": "人工客服",
    "提额": "额度 提升",
    "涨额度": "额度 提升",
    "调额": "额度 提升",
    "免年费": "年费 减免",
    "分几期": "分期",
    "保本": "亏本 风险",
    "亏钱": "亏本",
    "会亏": "亏本",
    "自称客服": "客服 电话 诈骗",
    "还清": "提前还款",
    "结清": "提前还款",
    "一次性还": "提前还款",
    "首付": "购房",
    "买房子": "购房",
    "股票": "投资",
    "炒股": "投资",
    "后果": "影响",
    "风险评估": "风险测评",
    "美元": "购汇",
    "外币": "购汇",
    "国外": "境外",
    "海外": "境外",
    "出国": "境外 留学",
    "几天到": "多久 到账",
    "假客服": "客服 电话 诈骗",
}

_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))
_STOP = frozenset(
    "的 了 吗 呢 呀 啊 吧 嘛 哦 哈 么 是 我 你 您 们 在 有 和 就 都 也 还 要 能 可以 请问 请 问 "
    "一下 下 想 小编 你好 您好 谢谢 这个 那个 怎么 如何 什么 多少 一个 给 把 被 让 对 去 到 "
    "会 不 没 个 吧 啦 ~ ～".split()
)
_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)
_STICKER_RE = re.compile(r"\[[^\[\]]{1,6}R?\]")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word in _FINANCE_WORDS:
        tok.add_word(word, freq=200000)
    for form in SYNONYMS:
        if len(form) > 1 and not form.isascii():
            tok.add_word(form, freq=50000)
    return tok


def normalise(text: str) -> str:
    """Lower-case, drop platform stickers such as ``[微笑R]`` and apply the synonym table."""
    text = _STICKER_RE.sub(" ", text.lower())
    return _SYNONYM_RE.sub(lambda m: f" {m.group()} {SYNONYMS[m.group()]} ", text)


def tokens(text: str, *, synonyms: bool = True, stop: bool = True) -> list[str]:
    """jieba tokens of ``text`` (after :func:`normalise` when ``synonyms``), punctuation removed."""
    source = normalise(text) if synonyms else _STICKER_RE.sub(" ", text.lower())
    out = []
    for token in _tokenizer().lcut(source):
        token = _PUNCT_RE.sub("", token)
        if not token or (stop and token in _STOP):
            continue
        out.append(token)
    return out
