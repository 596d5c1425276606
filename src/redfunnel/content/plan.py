"""A content calendar for the coming weeks across Xiaohongshu, Douyin and WeChat.

How a plan is made, so a team can argue with each step:

1. Cadence target: the account's current rate (notes in the last 90 days / 13 weeks) is raised
   towards the median rate of active accounts of the same tier (from the landscape metrics), and
   capped per tier (头部 5, 第二梯队 4, 成长 3, 长尾 2 a week). A 停更 account restarts at one
   note a week for the first two weeks, with 服务指南/投教/反诈 notes (useful without a campaign
   behind them), and then climbs to the target: a rhythm it can keep.
2. Dated hooks: China's public holidays for the plan's years come from the ``holidays`` library
   (a service guide on branch hours a few days before each); finance dates are fixed here:
   3·15 consumer-rights day, 9月 金融知识普及月, 开学季, 留学季, the monthly 养老金发放日 and 双11.
3. Pillar mix: peers' pillar shares weighted by how well each pillar does for them, with the
   account's gap pillars boosted, saturated (homogeneous) pillars damped, and a floor for 反诈 and
   投教 (regulators expect them).
4. Slots fall on the peers' best weekdays and hours; each slot gets a topic, the Xiaohongshu form
   (图文 or 视频, title, tags), the Douyin angle (exposure), the WeChat follow-up (私域) and the
   audience segment it serves.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine

from redfunnel.access import Scope
from redfunnel.content.classify import PILLAR_ZH, PRODUCT_ZH, SEGMENT_ZH
from redfunnel.content.dataset import (
    SHANGHAI,
    WEEKDAYS_ZH,
    LabelledNote,
    find_account,
    load_labelled,
)
from redfunnel.content.gaps import find_gaps
from redfunnel.content.performance import by_dimension

TIER_CAP = {"头部": 5.0, "第二梯队": 4.0, "成长": 3.0, "长尾": 2.0}
PILLAR_FLOOR = {"anti_fraud": 0.12, "education": 0.15}
RESTART_PILLARS = ("service", "education", "anti_fraud")
PENSION_DAY = 15  # 养老金发放日 differs by city; the 15th is the common default, configurable.


class PlanError(LookupError):
    """The account cannot be planned for (unknown, or no data)."""


@dataclass
class Hook:
    day: date
    name: str
    pillar: str
    product: str
    segment: str
    topic: str


@dataclass
class Slot:
    date: str
    weekday: str
    time: str
    pillar: str
    pillar_zh: str
    product: str
    segment: str
    segment_zh: str
    hook: str
    topic: str
    xhs_form: str
    xhs_title: str
    xhs_tags: str
    douyin_angle: str
    wechat_followup: str
    reason: str


COLUMNS_ZH = [
    "日期",
    "星期",
    "时间",
    "内容支柱",
    "产品线",
    "目标人群",
    "节点",
    "选题",
    "小红书形式",
    "小红书标题",
    "小红书话题",
    "抖音切入（曝光）",
    "微信承接（私域）",
    "依据",
]


def _row(s: Slot) -> list[Any]:
    return [
        s.date,
        s.weekday,
        s.time,
        s.pillar_zh,
        PRODUCT_ZH.get(s.product, s.product),
        s.segment_zh,
        s.hook,
        s.topic,
        s.xhs_form,
        s.xhs_title,
        s.xhs_tags,
        s.douyin_angle,
        s.wechat_followup,
        s.reason,
    ]


# ---- dated hooks -------------------------------------------------------------------------
def hooks_between(start: date, end: date) -> list[Hook]:
    """Holiday and finance-date hooks whose day falls in [start, end)."""
    import holidays

    out: list[Hook] = []
    years = list(range(start.year, end.year + 1))
    cn = holidays.country_holidays("CN", years=years, language="zh_CN")
    seen: set[str] = set()
    for day, name in sorted(cn.items()):
        base = name.split("（")[0]
        if base.startswith("休息日") or (base, day.year) in seen:
            continue
        seen.add((base, day.year))  # type: ignore[arg-type]
        guide = day - timedelta(days=4)
        out.append(
            Hook(
                guide,
                f"{base}前",
                "service",
                "none",
                "general",
                f"{base}假期网点营业时间与线上办理指南",
            )
        )
        if base in ("春节", "农历除夕"):
            out.append(
                Hook(
                    day - timedelta(days=10),
                    "春节前",
                    "anti_fraud",
                    "debit_payment",
                    "senior",
                    "春节返乡/红包季防骗：冒充亲友借钱、假抢票链接",
                )
            )
    for y in years:
        out += [
            Hook(
                date(y, 3, 15),
                "3·15消费者权益保护日",
                "anti_fraud",
                "none",
                "general",
                "3·15 消费者权益：你的八项权利与常见金融骗局",
            ),
            Hook(
                date(y, 9, 1),
                "9月金融知识普及月",
                "education",
                "none",
                "general",
                "金融知识普及月：一图读懂个人征信与存款保险",
            ),
            Hook(
                date(y, 9, 12),
                "9月金融知识普及月",
                "education",
                "wealth",
                "young_professional",
                "金融知识普及月：理财风险等级R1–R5怎么选",
            ),
            Hook(
                date(y, 8, 25),
                "开学季",
                "service",
                "debit_payment",
                "gen_z",
                "开学季新生办卡、绑定校园卡、防范开学诈骗",
            ),
            Hook(
                date(y, 6, 20),
                "留学季",
                "service",
                "fx_study_abroad",
                "study_abroad",
                "留学季：购汇额度、学费汇款与资金证明一站式攻略",
            ),
            Hook(
                date(y, 8, 5),
                "留学季",
                "anti_fraud",
                "fx_study_abroad",
                "study_abroad",
                "留学生防骗：冒充使馆、私下换汇的坑",
            ),
            Hook(
                date(y, 11, 8),
                "双11",
                "activity",
                "debit_payment",
                "young_professional",
                "双11支付立减与理性消费提醒",
            ),
        ]
        for m in range(1, 13):
            out.append(
                Hook(
                    date(y, m, PENSION_DAY),
                    "养老金发放日",
                    "service",
                    "pension",
                    "senior",
                    "养老金到账查询与长辈版手机银行使用指南",
                )
            )
    return sorted((h for h in out if start <= h.day < end), key=lambda h: h.day)


# ---- per-pillar content forms ----------------------------------------------------------------
TOPICS: dict[str, list[tuple[str, str, str]]] = {
    # (topic, product, segment)
    "anti_fraud": [
        ("冒充客服退款/注销校园贷骗局复盘", "none", "gen_z"),
        ("屏幕共享=把银行卡交给骗子", "debit_payment", "general"),
        ("刷单返利的三步剧本", "none", "young_professional"),
        ("长辈防骗：保健品与养老投资骗局", "pension", "senior"),
        ("代办信用卡/提额骗局识别", "credit_card", "young_professional"),
    ],
    "education": [
        ("个人征信怎么查、怎么养", "none", "young_professional"),
        ("存款保险50万怎么算", "deposit", "senior"),
        ("信用卡账单日与还款日", "credit_card", "gen_z"),
        ("个人养老金：开户、抵税与领取", "pension", "young_professional"),
        ("消费贷年化利率怎么算", "consumer_loan", "young_professional"),
    ],
    "service": [
        ("手机银行电子回单下载与打印", "debit_payment", "general"),
        ("非柜面限制解除流程", "debit_payment", "new_citizen"),
        ("积存金兑换实物金流程与费用", "gold", "general"),
        ("外地来本市如何开卡办社保卡", "debit_payment", "new_citizen"),
        ("小微企业对公开户准备清单", "sme", "sme_owner"),
    ],
    "product": [
        ("适合打工人的信用卡权益拆解", "credit_card", "young_professional"),
        ("稳健理财怎么选（附风险提示）", "wealth", "young_professional"),
        ("1克起攒的积存金", "gold", "gen_z"),
        ("小店经营贷：凭流水纳税申请", "sme", "sme_owner"),
        ("留学一站式金融服务", "fx_study_abroad", "study_abroad"),
    ],
    "activity": [
        ("评论区互动抽奖：晒出你的存钱计划", "deposit", "young_professional"),
        ("新户办卡首刷礼", "credit_card", "gen_z"),
        ("金融知识答题赢好礼", "none", "general"),
        ("商户收款节福利", "sme", "sme_owner"),
    ],
    "lifestyle": [
        ("网点员工的一天vlog", "none", "young_professional"),
        ("城市citywalk与网点老建筑", "none", "general"),
        ("吉祥物IP日常", "none", "gen_z"),
    ],
    "brand": [
        ("年度服务数据一图读懂", "none", "general"),
        ("普惠与乡村振兴故事", "sme", "sme_owner"),
    ],
}
TITLE_STYLE = {
    "anti_fraud": "⚠️{t}！转给家人看",
    "education": "一文讲清｜{t}",
    "service": "{t}，手把手教你📌",
    "product": "{t}｜亲测干货",
    "activity": "🎁{t}",
    "lifestyle": "{t}✨",
    "brand": "{t}",
}
PILLAR_TAGS = {
    "anti_fraud": ["反诈", "防骗指南"],
    "education": ["金融知识", "干货分享"],
    "service": ["办事指南", "攻略"],
    "product": ["好物推荐", "理财"],
    "activity": ["福利", "抽奖"],
    "lifestyle": ["日常", "vlog"],
    "brand": ["品牌故事"],
}
DOUYIN = {
    "anti_fraud": "情景短剧还原骗局，前3秒抛出骗子原话，结尾一句口诀",
    "education": "60秒口播+字幕卡，一个问题一条视频，挂合集",
    "service": "录屏演示操作步骤，标题直接写“X步搞定”",
    "product": "真人测评/权益对比，评论区置顶产品要素与风险提示",
    "activity": "直播间口播活动规则，短视频引流到直播预约",
    "lifestyle": "员工/IP出镜的轻剧情，带城市地标",
    "brand": "纪实短片，突出具体的人和数字",
}
WECHAT = {
    "anti_fraud": "公众号推送完整防骗清单，菜单栏放一键挂失/客服入口",
    "education": "公众号长文展开+客户经理企业微信答疑",
    "service": "公众号菜单“办事指南”收录，附网点预约链接",
    "product": "企业微信社群发产品要素表，预约理财经理一对一",
    "activity": "公众号发活动规则与中奖名单，社群提醒参与",
    "lifestyle": "视频号同步，社群里征集客户故事",
    "brand": "公众号头条发布，朋友圈海报转发",
}


# ---- cadence -----------------------------------------------------------------------------------
def cadence_target(row: dict[str, Any], peers: list[dict[str, Any]]) -> dict[str, Any]:
    """Notes per week now, the tier peers' median, and the target (see module docstring)."""
    now_rate = (row.get("posts_90d") or 0) / 13.0
    tier = row.get("tier") or "长尾"
    active = [
        p
        for p in peers
        if p.get("tier") == tier
        and p.get("status") != "stopped"
        and p.get("account_id") != row.get("account_id")
    ]
    rates = [(p.get("posts_90d") or 0) / 13.0 for p in active]
    peer_rate = float(np.median(rates)) if rates else 1.0
    cap = TIER_CAP.get(tier, 2.0)
    target = min(max(now_rate, peer_rate, 1.0), cap)
    return {
        "tier": tier,
        "status": row.get("status"),
        "cadence_band": row.get("cadence_band"),
        "current_per_week": round(now_rate, 2),
        "peer_median_per_week": round(peer_rate, 2),
        "peer_accounts": len(active),
        "target_per_week": round(target, 1),
        "restart": row.get("status") == "stopped",
    }


def _landscape_row(
    engine: Engine, account: dict[str, Any], as_of: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from redfunnel.landscape.rankings import account_rows

    rows = account_rows(engine, as_of, platform=account["platform"])
    mine = next((r for r in rows if r["account_id"] == account["id"]), None)
    if mine is None:
        mine = {"account_id": account["id"], "tier": "长尾", "status": "stopped", "posts_90d": 0}
    return mine, rows


# ---- mix ---------------------------------------------------------------------------
def pillar_mix(
    peer_notes: list[LabelledNote],
    gaps: list[dict[str, Any]],
    saturation: dict[str, float] | None = None,
) -> dict[str, float]:
    """Target share per pillar (sums to 1)."""
    if not peer_notes:
        return {
            "education": 0.25,
            "anti_fraud": 0.2,
            "service": 0.25,
            "product": 0.15,
            "activity": 0.1,
            "lifestyle": 0.05,
        }
    overall = float(np.median([n.interactions for n in peer_notes])) or 1.0
    weight: dict[str, float] = {}
    counts = Counter(n.pillar for n in peer_notes)
    for r in by_dimension(peer_notes, "pillar"):
        share = counts[r["value"]] / len(peer_notes)
        weight[r["value"]] = share * (max(r["median"], 1.0) / overall) ** 0.5
    for g in gaps:
        if g["dimension"] == "pillar":
            weight[g["value"]] = weight.get(g["value"], 0.05) * 1.6
    for p, s in (saturation or {}).items():
        if p in weight:
            weight[p] *= 1.0 - 0.5 * min(s, 1.0)
    total = sum(weight.values()) or 1.0
    mix = {p: w / total for p, w in weight.items()}
    # Floors hold exactly: pillars under their floor are set to it, the rest share what remains.
    low = {p: f for p, f in PILLAR_FLOOR.items() if mix.get(p, 0.0) < f}
    rest = sum(v for p, v in mix.items() if p not in low) or 1.0
    free = 1.0 - sum(low.values())
    mix = {p: (low[p] if p in low else v * free / rest) for p, v in {**mix, **low}.items()}
    return {p: round(v, 3) for p, v in sorted(mix.items(), key=lambda kv: -kv[1])}


def best_times(peer_notes: list[LabelledNote], k: int = 5) -> tuple[list[int], list[int]]:
    """Peers' best weekdays (0 = Monday) and hours by median interactions (>= 5 notes each)."""
    days = [
        WEEKDAYS_ZH.index(r["value"]) for r in by_dimension(peer_notes, "weekday", min_notes=5)
    ][:k]
    hours = [int(r["value"][:2]) for r in by_dimension(peer_notes, "hour", min_notes=5)][:3]
    return days or [1, 3, 5, 0, 2], hours or [12, 20, 18]


def _format_for(pillar: str, peer_notes: list[LabelledNote]) -> str:
    rows = {
        r["value"]: r["median"]
        for r in by_dimension([n for n in peer_notes if n.pillar == pillar], "format", min_notes=3)
    }
    if rows.get("视频", -1) > rows.get("图文", -1):
        return "视频"
    return "图文"


# ---- the plan ----------------------------------------------------------------------------------
def make_plan(
    engine: Engine,
    account: str,
    *,
    weeks: int = 4,
    start: date | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The calendar and the reasoning behind it for one account."""
    from redfunnel.content.homogeneity import analyse
    from redfunnel.landscape.asof import resolve_as_of

    acct = find_account(engine, account)
    if acct is None:
        raise PlanError(f"找不到账号：{account}")
    as_of = resolve_as_of(engine, now, acct["platform"])
    start = start or (as_of.astimezone(SHANGHAI).date() + timedelta(days=1))
    end = start + timedelta(weeks=weeks)
    notes = load_labelled(engine, scope=Scope.everything(), platform=acct["platform"], until=as_of)
    row, all_rows = _landscape_row(engine, acct, as_of)
    cad = cadence_target(row, all_rows)
    gap_info = find_gaps(notes, acct["id"])
    own = [n for n in notes if n.account_id == acct["id"]]
    peer_ids = {
        n.account_id
        for n in notes
        if n.category == acct["category"] and n.institution != acct["short_name"]
    }
    peer_notes = [n for n in notes if n.account_id in peer_ids] or [
        n for n in notes if n.account_id != acct["id"]
    ]
    recent = [n for n in notes if n.published_at and n.published_at >= as_of - timedelta(days=180)]
    homog = analyse(recent) if recent else None
    saturation = {p["pillar"]: p["saturation"] for p in homog.pillars} if homog else {}
    own_dup = (
        next((a for a in homog.accounts if a["account_id"] == acct["id"]), None) if homog else None
    )
    mix = pillar_mix(peer_notes, gap_info["gaps"], saturation)
    days, hours = best_times(peer_notes)

    # Slot dates: per week the target count on the best weekdays; a restart ramps up.
    slots_dates: list[datetime] = []
    carry = 0.0
    for w in range(weeks):
        per_week = cad["target_per_week"]
        if cad["restart"] and w < 2:
            per_week = 1.0
        # Fractional targets (2.4 a week) carry over, so four weeks hold 2, 3, 2, 3 notes.
        carry += per_week
        n_slots = max(1, int(carry + 1e-9))
        carry -= n_slots
        week_start = start + timedelta(weeks=w)
        chosen = sorted(days[:n_slots]) if n_slots <= len(days) else sorted(range(7))[:n_slots]
        for j, wd in enumerate(chosen):
            offset = (wd - week_start.weekday()) % 7
            d = week_start + timedelta(days=offset)
            slots_dates.append(datetime.combine(d, time(hours[j % len(hours)]), SHANGHAI))
    slots_dates.sort()

    hooks = hooks_between(start, end)
    gap_products = [g["value"] for g in gap_info["gaps"] if g["dimension"] == "product"]
    gap_segments = [g["value"] for g in gap_info["gaps"] if g["dimension"] == "segment"]
    used_hooks: set[int] = set()
    used_topics: set[str] = set()
    gap_uses: Counter[str] = Counter()
    restart_until = start + timedelta(weeks=2)

    def restarting(at: datetime) -> bool:
        return bool(cad["restart"]) and at.date() < restart_until

    counts: Counter[str] = Counter()
    topic_i: Counter[str] = Counter()
    slots: list[Slot] = []
    for k, at in enumerate(slots_dates):
        hook = None
        for i, h in enumerate(hooks):
            if i not in used_hooks and abs((h.day - at.date()).days) <= 3:
                hook = h
                used_hooks.add(i)
                break
        if hook:
            pillar, product, segment, topic = hook.pillar, hook.product, hook.segment, hook.topic
            reason = f"节点：{hook.name}（{hook.day.isoformat()}）"
        else:
            # Largest deficit against the target mix after this slot; a restarting account opens
            # with the positions that need no campaign behind them (服务指南, 投教, 反诈).
            candidates = [p for p in mix if p in RESTART_PILLARS] if restarting(at) else list(mix)
            pillar = max(candidates, key=lambda p: mix[p] * (k + 1) - counts[p])
            options = TOPICS.get(pillar, TOPICS["education"])
            fresh = [o for o in options if o[0] not in used_topics] or options
            # A gap is served at most every other slot of its kind, so one gap cannot fill the plan.
            preferred = [
                o
                for o in fresh
                if (o[1] in gap_products or o[2] in gap_segments)
                and gap_uses[o[1]] + gap_uses[o[2]] < 1 + k // 4
            ]
            topic, product, segment = (preferred or fresh)[
                topic_i[pillar] % len(preferred or fresh)
            ]
            topic_i[pillar] += 1
            used_topics.add(topic)
            gap_uses[product] += product in gap_products
            gap_uses[segment] += segment in gap_segments
            why = [f"目标占比 {mix[pillar]:.0%}"]
            gp = next(
                (
                    g
                    for g in gap_info["gaps"]
                    if g["dimension"] == "pillar" and g["value"] == pillar
                ),
                None,
            )
            if gp:
                why.append(
                    f"同业在此支柱中位互动 {gp['peer_median']:.0f}，"
                    f"本账号{'缺位' if gp['status'] == 'absent' else '偏弱'}"
                )
            if product in gap_products:
                why.append(f"补{PRODUCT_ZH[product]}缺口")
            if segment in gap_segments:
                why.append(f"补{SEGMENT_ZH[segment]}人群缺口")
            reason = "；".join(why)
        counts[pillar] += 1
        form = _format_for(pillar, peer_notes)
        tags = (
            PILLAR_TAGS.get(pillar, [])[:2]
            + ([PRODUCT_ZH[product]] if product != "none" else [])
            + ([SEGMENT_ZH[segment].split("/")[0]] if segment != "general" else [])
        )
        slots.append(
            Slot(
                date=at.date().isoformat(),
                weekday=WEEKDAYS_ZH[at.weekday()],
                time=at.strftime("%H:%M"),
                pillar=pillar,
                pillar_zh=PILLAR_ZH[pillar],
                product=product,
                segment=segment,
                segment_zh=SEGMENT_ZH[segment],
                hook=hook.name if hook else "",
                topic=topic,
                xhs_form=form,
                xhs_title=TITLE_STYLE.get(pillar, "{t}").format(t=topic),
                xhs_tags=" ".join(f"#{t}" for t in dict.fromkeys(tags)),
                douyin_angle=DOUYIN.get(pillar, ""),
                wechat_followup=WECHAT.get(pillar, ""),
                reason=reason,
            )
        )
    return {
        "account": {
            k: acct[k]
            for k in ("id", "name", "platform", "institution", "category", "role", "region")
        },
        "as_of": as_of.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weeks": weeks,
        "cadence": cad,
        "pillar_mix": mix,
        "best_weekdays": [WEEKDAYS_ZH[d] for d in days],
        "best_hours": hours,
        "own_notes": len(own),
        "cross_bank_duplicate_share": own_dup["share"] if own_dup else None,
        "gaps": gap_info["gaps"],
        "gap_basis": gap_info["basis"],
        "hooks": [{"date": h.day.isoformat(), "name": h.name, "topic": h.topic} for h in hooks],
        "slots": [asdict(s) for s in slots],
    }


def write_plan(plan: dict[str, Any], out_dir: Path) -> dict[str, str]:
    """Write the calendar as CSV (UTF-8 with BOM, opens in Excel) and XLSX; returns the paths."""
    import xlsxwriter

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"plan-{plan['account']['name']}-{plan['start']}"
    slots = [Slot(**s) for s in plan["slots"]]
    csv_path = out_dir / f"{stem}.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS_ZH)
        for s in slots:
            w.writerow(_row(s))
    xlsx_path = out_dir / f"{stem}.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx_path))
    head = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws = wb.add_worksheet("内容日历")
    ws.write_row(0, 0, COLUMNS_ZH, head)
    for i, s in enumerate(slots, start=1):
        ws.write_row(i, 0, _row(s), wrap)
    for col, width in enumerate([11, 5, 6, 10, 10, 10, 14, 28, 8, 30, 24, 30, 30, 34]):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    info = wb.add_worksheet("依据")
    cad = plan["cadence"]
    lines = [
        ("账号", plan["account"]["name"]),
        ("机构", plan["account"].get("institution") or ""),
        ("梯队", cad["tier"]),
        ("更新节奏", cad["cadence_band"] or ""),
        ("当前周均", cad["current_per_week"]),
        ("同梯队活跃账号周均中位", cad["peer_median_per_week"]),
        ("目标周均", cad["target_per_week"]),
        ("停更重启", "是" if cad["restart"] else "否"),
        ("支柱配比", "，".join(f"{PILLAR_ZH[p]} {v:.0%}" for p, v in plan["pillar_mix"].items())),
        ("最佳发布日", "、".join(plan["best_weekdays"])),
        ("最佳时段", "、".join(f"{h}时" for h in plan["best_hours"])),
    ]
    for i, (k, v) in enumerate(lines):
        info.write(i, 0, k, head)
        info.write(i, 1, v)
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 80)
    wb.close()
    return {"csv": str(csv_path), "xlsx": str(xlsx_path)}
