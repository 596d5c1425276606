"""Build the seeded demo world and write it to disk in the real file formats.

Each part of the world draws from its own ``random.Random`` stream derived from the seed (string
seeds are hashed with SHA-512 by the standard library, so they are stable across processes), so
changing how comments are generated does not reshuffle the notes. Nothing reads the wall clock:
the world ends at :data:`DEMO_NOW`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from redfunnel.demo.accounts import build_accounts, set_follower_history
from redfunnel.demo.bank_files import write_bank_files
from redfunnel.demo.catalog import CALIBRATION_FACTS
from redfunnel.demo.comments import build_comments
from redfunnel.demo.dms import build_dms
from redfunnel.demo.export_files import write_exports
from redfunnel.demo.funnel import build_funnel
from redfunnel.demo.journeys import write_touchpoints
from redfunnel.demo.platforms import build_platforms
from redfunnel.demo.posting import build_notes, context_for
from redfunnel.demo.text import render_note
from redfunnel.demo.topics import TOPICS
from redfunnel.demo.world import DEMO_NOW, Crawl, Note, World
from redfunnel.demo.xhs_files import write_crawls

__all__ = ["DemoManifest", "build_world", "write_demo_world"]

CRAWL_EVERY = timedelta(days=14)
CRAWL_COUNT = 13
_CONTAINERS = ("json", "json", "json", "csv", "json", "json", "csv",
               "jsonl", "jsonl", "jsonl", "jsonl", "jsonl", "teaching")


@dataclass(slots=True)
class DemoManifest:
    """What :func:`write_demo_world` wrote: relative file paths and headline counts."""

    out_dir: Path
    seed: int
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _stream(seed: int, part: str) -> random.Random:
    return random.Random(f"redfunnel-demo:{seed}:{part}")


def _crawls(rng: random.Random) -> list[Crawl]:
    last_day = DEMO_NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    crawls = []
    for i in range(CRAWL_COUNT):
        day = last_day - CRAWL_EVERY * (CRAWL_COUNT - 1 - i)
        at = day + timedelta(hours=2, minutes=rng.randrange(0, 150), seconds=rng.randrange(60))
        crawls.append(Crawl(index=i, at=at, container=_CONTAINERS[i]))
    return crawls


def _export_metrics(rng: random.Random, notes: list[Note]) -> None:
    """Views, impressions and follower gain: only the creator centre knows them."""
    for note in notes:
        engaged = note.likes + note.collects + note.comments
        note.views = max(5, round(engaged * rng.uniform(8, 30)) + rng.randint(0, 40))
        note.impressions = round(note.views / rng.uniform(0.06, 0.32))
        note.follower_gain = round(note.views * rng.uniform(0.001, 0.008))
        if rng.random() < 0.05:
            note.avg_watch_s = None
        else:
            note.avg_watch_s = rng.uniform(6, 40) if note.type == "video" else rng.uniform(3, 15)
        note.danmaku = rng.randint(0, 40) if note.type == "video" else None


def _export_only(rng: random.Random, world: World) -> list[Note]:
    """Creator-centre rows the crawler never saw: two posted after the last crawl, one hidden."""
    plan = (("中国银行广东省分行", "prod_gold_save", "金价波动大？积存金定投这样设置更安心",
             DEMO_NOW.replace(hour=8, minute=30)),
            ("中国银行", "edu_fund_dca", "定投三年复盘｜坚持比择时更重要",
             DEMO_NOW.replace(hour=9, minute=12, second=41)),
            ("中国银行北京市分行", "life_travel", "北京秋天的银杏citywalk，附出行支付攻略🍂",
             DEMO_NOW.replace(month=9, day=18, hour=19, minute=40)))
    topics = {t.key: t for t in TOPICS}
    extra: list[Note] = []
    for key, topic_key, title, at in plan:
        topic = topics[topic_key]
        rendered = render_note(rng, topic, context_for(world.account(key)))
        extra.append(Note(
            note_id="", account_key=key, type="normal", title=title, desc=rendered.desc,
            tags=rendered.tags, published_at=at, pillar=topic.pillar, product=topic.product,
            template=topic_key, image_keys=[], video_key="", xsec_token="", ip_location="",
            likes=rng.randint(40, 400), collects=rng.randint(20, 300), comments=rng.randint(2, 30),
            shares=rng.randint(1, 40),
        ))
    _export_metrics(rng, extra)
    return extra


def build_world(seed: int = 20250515) -> World:
    """Generate the whole demo world in memory (no files)."""
    crawls = _crawls(_stream(seed, "crawls"))
    accounts = build_accounts(_stream(seed, "accounts"))
    set_follower_history(_stream(seed, "followers"), accounts, crawls, DEMO_NOW)
    end = crawls[-1].at - timedelta(hours=1)
    start = DEMO_NOW - timedelta(days=365)
    notes = build_notes(_stream(seed, "notes"), accounts, start, end, DEMO_NOW)
    by_key = {a.key: a for a in accounts}
    world = World(seed=seed, now=DEMO_NOW, accounts=accounts, notes=notes, comments=[],
                  crawls=crawls)
    world.tracking, world.promo_days, world.spend, world.conversions = build_funnel(
        _stream(seed, "funnel"), notes, by_key, DEMO_NOW)
    world.comments = build_comments(_stream(seed, "comments"), notes, by_key, crawls[-1].at)
    world.dms = build_dms(_stream(seed, "dms"), DEMO_NOW)
    world.other_accounts, world.platform_posts = build_platforms(
        _stream(seed, "platforms"), DEMO_NOW)
    _export_metrics(_stream(seed, "export"), [n for n in notes if by_key[n.account_key].is_home])
    world.export_only = _export_only(_stream(seed, "export-only"), world)
    return world


def _readme(world: World) -> str:
    facts = "\n".join(f"  - {f}" for f in CALIBRATION_FACTS)
    end = world.now.strftime("%Y-%m-%d %H:%M")
    return "\n".join((
        "redfunnel 演示数据（DEMO DATA）",
        "================================",
        "",
        "本目录全部为程序按固定随机种子生成的演示数据，",
        "用于演示和测试 redfunnel 的导入与分析流程。",
        f"随机种子：{world.seed}；数据截止时间：{end}（北京时间）。",
        "",
        "除下列依据公开报道（北京商报 2025 年 5 月等）校准的事实外，",
        "所有账号数据、笔记、评论、私信、转化、投放和费用数字均为虚构，",
        "不代表任何银行的真实经营情况；评论与私信中的手机号、身份证号、",
        "银行卡号均为随机生成的测试数据（校验位有效，但不属于任何真实个人）。",
        "",
        f"校准事实：\n{facts}",
        "",
        "目录说明：",
        "  mediacrawler/data/xhs/  MediaCrawler 创作者模式抓取结果",
        "                          （JSON / CSV / JSONL，最后一次为 2026-07 教学版）",
        "  creator_center/         小红书创作服务平台“笔记列表明细表”导出（本行账号）",
        "  juguang/                聚光“笔记-投放数据”导出",
        "  bank/                   行内台账：账号、转化、投放费用、FAQ 知识库、私信记录",
        "  platforms/              微信公众号（GB18030 编码 CSV）与抖音作品数据",
        "",
    ))


def write_demo_world(out_dir: Path, seed: int = 20250515) -> DemoManifest:
    """Build the world for ``seed`` and write every file under ``out_dir``.

    The same seed always produces byte-identical files, so the demo can be regenerated instead of
    committed, and tests can compare checksums.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = build_world(seed)
    counts: dict[str, int] = {
        "xhs_accounts": len(world.accounts),
        "accounts_total": len(world.accounts) + len(world.other_accounts),
        "notes": len(world.notes),
        "comments_generated": len(world.comments),
        "crawls": len(world.crawls),
        "tracking_codes": len(world.tracking),
    }
    counts.update(write_crawls(world, out_dir, _stream(seed, "crawl-writer")))
    counts.update(write_exports(world, out_dir))
    counts.update(write_bank_files(world, out_dir))
    counts.update(write_touchpoints(world, out_dir))
    (out_dir / "README.txt").write_text(_readme(world), encoding="utf-8")
    files = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    return DemoManifest(out_dir=out_dir, seed=seed, files=files, counts=counts)
