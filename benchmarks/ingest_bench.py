#!/usr/bin/env python3
"""Ingest benchmark: a synthetic MediaCrawler dump through the real ``ingest_file`` path.

Run from the repository root (see ``benchmarks/README.md``)::

    .venv/bin/python benchmarks/ingest_bench.py --quick --databases sqlite
    scripts/with-postgres.sh .venv/bin/python benchmarks/ingest_bench.py

What it does:

1. Generates, from a fixed seed, a MediaCrawler XHS dump (notes + comments, the exact 2024-12 …
   2026-06 key orders of docs/reference §1.3–1.4) as JSONL and as CSV (utf-8-sig, csv.DictWriter),
   plus a notes file of a quarter of the size for the memory-flatness check.
2. For each database × format: a fresh, migrated store; ``ingest_file(engine, path)`` on the notes
   file, then on the comments file, each in a fresh spawned child process (so ``ru_maxrss`` is the
   peak of that run alone); then checks the stored counts against the generator's unique ids.
3. Baseline in the same run on the same database kind: ``json.loads`` per line (or
   ``csv.DictReader``) + ``executemany`` of the same rows into a plain table of a fresh database.
4. Memory flatness: the notes ingest again at N/4, peak RSS at N/4 vs N.
5. Prints one table with the targets marked ✓/✗. Exit status is 0 whatever the figures are; it
   is 1 only when the benchmark is invalid (a file was rejected or the stored counts are wrong).

Only the standard library is imported at module level: the parent process must stay small,
because on Linux an exec'd child inherits its parent's RSS high-water mark in ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import base64
import csv
import heapq
import json
import math
import multiprocessing as mp
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

TARGET_SQLITE_NOTES_PER_S = 20_000
TARGET_BASELINE_RATIO = 3.0
TARGET_FLAT_RATIO = 1.25  # peak RSS at N / peak RSS at N/4; a run holding every row would be ~4

DEFAULT_NOTES = 100_000
DEFAULT_COMMENTS = 1_000_000
QUICK_NOTES = 10_000
QUICK_COMMENTS = 100_000
DEFAULT_SEED = 20250905

# --------------------------------------------------------------------------------------------
# MediaCrawler shapes (reference §1.3 / §1.4: key order of versions 2024-12 … 2026-06)
# --------------------------------------------------------------------------------------------

NOTE_KEYS = (
    "note_id", "type", "title", "desc", "video_url", "time", "last_update_time", "user_id",
    "nickname", "avatar", "liked_count", "collected_count", "comment_count", "share_count",
    "ip_location", "image_list", "tag_list", "last_modify_ts", "note_url", "source_keyword",
    "xsec_token",
)
COMMENT_KEYS = (
    "comment_id", "create_time", "ip_location", "note_id", "content", "user_id", "nickname",
    "avatar", "sub_comment_count", "pictures", "parent_comment_id", "last_modify_ts", "like_count",
)

CRAWL_START_MS = 1_757_055_250_847  # 2025-09-05 14:54 +08, the crawl of the real sample
PUBLISH_FROM_MS = 1_672_502_400_000  # 2023-01-01
PUBLISH_TO_MS = 1_756_656_000_000  # 2025-09-01
DAY_MS = 86_400_000

NOTE_AUTHORS = 3_000
COMMENT_AUTHORS = 50_000
DUPLICATE_SHARE = 0.02
VIDEO_SHARE = 0.10
BRAND_REPLY_SHARE = 0.03
REPLY_SHARE = 0.15
PII_SHARE = 0.005

WORDS = (
    "信用卡 额度 提额 年费 积分 兑换 分期 利率 存款 大额存单 理财 基金 定投 收益 风险 银行 网点 柜台 "
    "客服 经理 开户 销户 工资卡 储蓄卡 借记卡 房贷 车贷 公积金 提前还款 征信 账单 还款日 免息期 "
    "手续费 返现 优惠 活动 权益 机场 贵宾厅 酒店 旅行 攻略 美食 打卡 周末 自驾 亲子 毕业 工作 "
    "上班族 打工人 攒钱 存钱 记账 省钱 消费 预算 副业 创业 投资 小白 经验 分享 避坑 干货 真实 "
    "体验 推荐 测评 对比 总结 教程 步骤 流程 材料 审核 通过 拒绝 申请 办理 激活 绑定 支付 "
    "今天 终于 真的 感觉 发现 居然 原来 一定 千万 大家 姐妹们 家人们 朋友 同事 老板 自己 我们 "
    "这个 那个 什么 为什么 怎么 可以 不能 已经 还是 就是 但是 所以 因为 如果 然后 最后 第一次 "
    "一下 一直 一起 很多 特别 非常 超级 有点 比较 简单 方便 快速 划算 靠谱 好用 不错 喜欢 "
    "上海 北京 杭州 深圳 广州 成都 重庆 南京 武汉 西安 苏州 厦门 三亚 云南 新疆 日本 韩国 "
    "咖啡 奶茶 火锅 烧烤 甜品 早餐 晚饭 电影 音乐 健身 跑步 瑜伽 护肤 穿搭 减肥 学习 考试 "
    "，，，，，，。。。！！？～ ，"
).split()
PUNCT = ("，", "。", "！", "？", "～", "…")
EMOJI = ("[笑哭R]", "[赞R]", "[哭惹R]", "[派对R]", "[doge]", "[偷笑R]", "[飞吻R]", "[害羞R]",
         "[石化R]", "[萌萌哒R]", "[买爆R]", "[微笑R]")
TOPICS = (
    "信用卡", "理财", "存钱", "攒钱计划", "银行卡", "提额攻略", "大额存单", "基金定投", "省钱攻略",
    "旅行攻略", "美食探店", "周末去哪儿", "打工人", "记账", "副业", "创业者交流", "生活碎片",
    "好物分享", "机场贵宾厅", "信用卡权益", "房贷", "公积金", "毕业生", "职场", "理财小白",
    "韩国攻略", "日本旅行", "亲子游", "自驾游", "咖啡探店",
)
KEYWORDS = ("信用卡", "信用卡提额", "大额存单", "理财", "银行 活动", "存钱", "工资卡", "房贷利率",
            "韩国攻略", "旅行", "创业者活动", "基金定投", "招商银行", "信用卡 年费", "公积金")
PROVINCES = ("上海", "北京", "浙江", "广东", "江苏", "四川", "湖北", "山东", "福建", "河南",
             "湖南", "安徽", "重庆", "陕西", "辽宁", "天津", "云南", "海外")
NICK_HEAD = ("小", "大", "阿", "是", "爱", "一只", "momo", "快乐的", "努力的", "不想上班的", "")
NICK_BODY = ("红薯", "橙子", "桃子", "鱼", "猫", "兔兔", "小熊", "星星", "月亮", "西瓜", "可乐",
             "布丁", "糯米", "芋圆", "奶盖", "柠檬", "苹果", "豆包", "团子", "丸子")
NICK_TAIL = ("", "", "", "酱", "呀", "同学", "姐", "2024", "123", "_", "吖", "的日常")
BANK_NAMES = ("招商银行", "招商银行信用卡", "中信银行信用卡", "光大银行微银行", "宁波银行", "恒丰银行",
              "平安银行", "浦发银行信用卡", "兴业银行", "民生银行", "交通银行", "中国银行",
              "建设银行", "工商银行", "农业银行", "邮储银行", "华夏银行", "广发银行")


def _hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(digits * 4):0{digits}x}"


def _xhs_id(rng: random.Random, at_ms: int, seen: set[str]) -> str:
    """A 24-hex XHS object id: 8 hex of epoch seconds, then 16 hex."""
    while True:
        ident = f"{at_ms // 1000:08x}0000000{_hex(rng, 9)}"
        if ident not in seen:
            seen.add(ident)
            return ident


def _text(rng: random.Random, length: int) -> str:
    if length <= 0:
        return ""
    words = rng.choices(WORDS, k=length // 2 + 3)
    return "".join(words)[:length]


def _phone(rng: random.Random) -> str:
    number = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    return rng.choice((
        f"有需要的可以联系我{number}",
        f"电话：{number[:3]} {number[3:7]} {number[7:]}",
        f"加微信 wx{_hex(rng, 6)}详聊",
        f"我的手机号{number}，私聊",
    ))


def _count(rng: random.Random, scale: float, sigma: float = 1.8) -> str:
    """An engagement count as XHS shows it: "452", "1.2万", "10万+", rarely ""."""
    if rng.random() < 0.005:
        return ""
    value = int(rng.lognormvariate(math.log(scale), sigma))
    if value >= 100_000:
        return "10万+"
    if value >= 10_000:
        return f"{value / 10_000:.1f}".rstrip("0").rstrip(".") + "万"
    return str(value)


def _bump(raw: str, rng: random.Random) -> str:
    """A later crawl of the same object: plain counts grow a little, abbreviated ones stay."""
    if raw.isdigit():
        return str(int(raw) + rng.randrange(0, 1 + int(raw) // 10 + 3))
    return raw


def _title(rng: random.Random) -> str:
    return _text(rng, max(4, min(20, int(rng.gauss(15, 4)))))


def _body(rng: random.Random, topics: list[str]) -> str:
    length = int(rng.gammavariate(3.0, 43.0))  # mean ~130 chars of text, ~150 with the hashtags
    parts = []
    done = 0
    while done < length:
        piece = _text(rng, rng.randint(8, 40))
        if rng.random() < 0.25:
            piece += rng.choice(EMOJI)
        piece += rng.choice(PUNCT)
        if rng.random() < 0.2:
            piece += "\n"
        parts.append(piece)
        done += len(piece)
    body = "".join(parts)[: max(length, 1)]
    if rng.random() < PII_SHARE:
        body += _phone(rng)
    if topics:
        body += "\n" + " ".join(f"#{t}[话题]#" for t in topics)
    return body


def _comment_text(rng: random.Random, nick_pool: list[tuple[str, str, str]]) -> str:
    length = max(1, int(rng.gammavariate(2.0, 12.5)))  # mean 25 chars
    text = _text(rng, length)
    roll = rng.random()
    if roll < 0.15:
        text += rng.choice(EMOJI)
    elif roll < 0.20:
        text = f"@{rng.choice(nick_pool)[1]} " + text
    if rng.random() < PII_SHARE:
        text += _phone(rng)
    return text


def _images(rng: random.Random, stamp: str, count: int) -> str:
    return ",".join(
        f"http://sns-webpic-qc.xhscdn.com/{stamp}/{_hex(rng, 32)}/notes_pre_post/"
        f"1040g{_hex(rng, 6)}31{_hex(rng, 20)}!nd_dft_wlteh_webp_3"
        for _ in range(count)
    )


def _token(rng: random.Random) -> str:
    return "AB" + base64.b64encode(rng.randbytes(32)).decode("ascii").replace("/", "_")[:42] + "="


def _stamp(ms: int) -> str:
    return time.strftime("%Y%m%d%H%M", time.gmtime(ms / 1000 + 8 * 3600))


class Sink:
    """The output files of one record type: every format, plus optional quarter-size copies."""

    def __init__(self, folder: Path, stem: str, keys: tuple[str, ...], formats: list[str]) -> None:
        self.keys = keys
        self.paths: dict[str, str] = {}
        self.files: list[Any] = []
        self.writers: list[Any] = []
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            self.paths[fmt] = str(path)
            if fmt == "jsonl":
                fh = path.open("w", encoding="utf-8", newline="\n")
                self.writers.append(lambda rec, fh=fh: fh.write(json.dumps(rec, ensure_ascii=False) + "\n"))
            else:
                fh = path.open("w", encoding="utf-8-sig", newline="")
                writer = csv.DictWriter(fh, fieldnames=list(keys))
                writer.writeheader()
                self.writers.append(writer.writerow)
            self.files.append(fh)

    def write(self, rec: dict[str, Any]) -> None:
        for write in self.writers:
            write(rec)

    def close(self) -> dict[str, int]:
        for fh in self.files:
            fh.close()
        return {fmt: os.path.getsize(p) for fmt, p in self.paths.items()}


def generate(folder: str, notes: int, comments: int, formats: list[str], seed: int) -> dict[str, Any]:
    """Write the dump; returns a small manifest (paths, rows, unique ids, samples to verify)."""
    started = time.perf_counter()
    out = Path(folder)
    rng = random.Random(seed)
    clock = CRAWL_START_MS
    seen_ids: set[str] = set()

    authors = []
    for i in range(NOTE_AUTHORS):
        name = (rng.choice(BANK_NAMES) if i % 100 == 0 else
                rng.choice(NICK_HEAD) + rng.choice(NICK_BODY) + rng.choice(NICK_TAIL))
        user_id = _xhs_id(rng, rng.randint(1_400_000_000_000, 1_700_000_000_000), seen_ids)
        authors.append((user_id, name, f"https://sns-avatar-qc.xhscdn.com/avatar/{_hex(rng, 32)}.jpg"))
    commenters = []
    for _ in range(COMMENT_AUTHORS):
        user_id = _xhs_id(rng, rng.randint(1_400_000_000_000, 1_750_000_000_000), seen_ids)
        name = rng.choice(NICK_HEAD) + rng.choice(NICK_BODY) + rng.choice(NICK_TAIL)
        commenters.append((user_id, name or "小红薯",
                           f"https://sns-avatar-qc.xhscdn.com/avatar/{_hex(rng, 32)}"
                           "?imageView2/2/w/120/format/jpg"))

    # ---- notes ----
    quarter = max(1, notes // 4)
    sink = Sink(out, "search_contents_2025-09-05", NOTE_KEYS, formats)
    qsink = Sink(out, "quarter_search_contents_2025-09-05", NOTE_KEYS, formats)
    pending: list[tuple[int, int, dict[str, Any]]] = []  # (emit at row, seq, record) re-crawls
    note_refs: list[tuple[str, int, str]] = []  # (note_id, time, user_id) of unique notes
    used_authors: set[str] = set()
    q_unique = 0
    q_authors: set[str] = set()
    dupes = 0
    dup_final: dict[str, int] = {}
    dup_p = DUPLICATE_SHARE * 1.2  # about 1 in 6 scheduled re-crawls falls past the end of the file
    for row in range(notes):
        clock += rng.randint(5, 60)
        if pending and pending[0][0] <= row:
            _, _, old = heapq.heappop(pending)
            rec = dict(old)
            for key in ("liked_count", "collected_count", "comment_count", "share_count"):
                rec[key] = _bump(rec[key], rng)
            rec["last_modify_ts"] = clock
            n_img = rec["image_list"].count(",") + 1 if rec["image_list"] else 0
            rec["image_list"] = _images(rng, _stamp(clock), n_img)
            rec["xsec_token"] = _token(rng)
            rec["note_url"] = (f"https://www.xiaohongshu.com/explore/{rec['note_id']}"
                               f"?xsec_token={rec['xsec_token']}&xsec_source=pc_search")
            if rng.random() < 0.3:
                rec["source_keyword"] = rng.choice(KEYWORDS)
            dupes += 1
            if len(dup_final) < 200:
                dup_final[rec["note_id"]] = clock
        else:
            published = rng.randint(PUBLISH_FROM_MS, PUBLISH_TO_MS)
            note_id = _xhs_id(rng, published, seen_ids)
            user_id, nickname, avatar = rng.choice(authors)
            is_video = rng.random() < VIDEO_SHARE
            topics = rng.sample(TOPICS, rng.choice((0, 1, 2, 3, 3, 4, 5, 6)))
            token = _token(rng)
            rec = {
                "note_id": note_id,
                "type": "video" if is_video else "normal",
                "title": _title(rng),
                "desc": "" if is_video and rng.random() < 0.3 else _body(rng, topics),
                "video_url": (f"http://sns-video-bd.xhscdn.com/stream/79/110/259/{_hex(rng, 40)}_259.mp4"
                              if is_video else ""),
                "time": published,
                "last_update_time": published + rng.randint(-3_600_000, 30 * DAY_MS),
                "user_id": user_id,
                "nickname": nickname,
                "avatar": avatar,
                "liked_count": _count(rng, 60),
                "collected_count": _count(rng, 25),
                "comment_count": _count(rng, 15),
                "share_count": _count(rng, 5),
                "ip_location": rng.choice(PROVINCES) if rng.random() < 0.4 else "",
                "image_list": _images(rng, _stamp(clock), 1 if is_video else rng.randint(1, 6)),
                "tag_list": ",".join(topics),
                "last_modify_ts": clock,
                "note_url": (f"https://www.xiaohongshu.com/explore/{note_id}"
                             f"?xsec_token={token}&xsec_source=pc_search"),
                "source_keyword": rng.choice(KEYWORDS),
                "xsec_token": token,
            }
            note_refs.append((note_id, published, user_id))
            used_authors.add(user_id)
            if row < quarter:
                q_unique += 1
                q_authors.add(user_id)
            if rng.random() < dup_p:
                heapq.heappush(pending, (row + rng.randint(1, max(1, notes // 3)), row, rec))
        sink.write(rec)
        if row < quarter:
            qsink.write(rec)
    note_bytes = sink.close()
    quarter_bytes = qsink.close()
    del pending

    # ---- comments: grouped per note, as MediaCrawler writes them ----
    csink = Sink(out, "search_comments_2025-09-05", COMMENT_KEYS, formats)
    pending = []
    author_by_id = {a[0]: a for a in authors}
    comment_unique = 0
    comment_dupes = 0
    comment_final: dict[str, int] = {}
    per_note = max(1, round(comments / max(1, len(note_refs))))
    note_idx = -1
    left_on_note = 0
    thread: list[str] = []
    for row in range(comments):
        clock += rng.randint(2, 20)
        if pending and pending[0][0] <= row:
            _, _, old = heapq.heappop(pending)
            rec = dict(old)
            rec["like_count"] = _bump(rec["like_count"], rng)
            rec["sub_comment_count"] = _bump(rec["sub_comment_count"], rng)
            rec["last_modify_ts"] = clock
            comment_dupes += 1
            if len(comment_final) < 200:
                comment_final[rec["comment_id"]] = clock
            csink.write(rec)
            continue
        while left_on_note <= 0:
            note_idx = (note_idx + 1) % len(note_refs)
            left_on_note = rng.randint(0, 2 * per_note)
            thread = []
        left_on_note -= 1
        note_id, published, note_author = note_refs[note_idx]
        created = min(published + rng.randint(60_000, 60 * DAY_MS), CRAWL_START_MS - 60_000)
        # a few replies come from the note's own author (the brand replying under its note)
        user = (author_by_id[note_author] if rng.random() < BRAND_REPLY_SHARE
                else rng.choice(commenters))
        comment_id = _xhs_id(rng, created, seen_ids)
        parent: int | str = 0
        if thread and rng.random() < REPLY_SHARE:
            parent = rng.choice(thread)
        thread.append(comment_id)
        rec = {
            "comment_id": comment_id,
            "create_time": created,
            "ip_location": rng.choice(PROVINCES) if rng.random() < 0.32 else None,
            "note_id": note_id,
            "content": _comment_text(rng, commenters),
            "user_id": user[0],
            "nickname": user[1],
            "avatar": user[2],
            "sub_comment_count": str(int(rng.expovariate(0.5))) if parent == 0 else "0",
            "pictures": _images(rng, _stamp(clock), 1) if rng.random() < 0.02 else "",
            "parent_comment_id": parent,
            "last_modify_ts": clock,
            "like_count": _count(rng, 3, 2.0),
        }
        comment_unique += 1
        if rng.random() < dup_p:
            heapq.heappush(pending, (row + rng.randint(1, max(1, comments // 3)), row, rec))
        csink.write(rec)
    comment_bytes = csink.close()

    return {
        "seed": seed,
        "seconds": time.perf_counter() - started,
        "notes": {"paths": sink.paths, "rows": notes, "unique": len(note_refs), "dupes": dupes,
                  "authors": len(used_authors), "bytes": note_bytes, "latest": dup_final},
        "notes_quarter": {"paths": qsink.paths, "rows": quarter, "unique": q_unique,
                          "dupes": quarter - q_unique, "authors": len(q_authors),
                          "bytes": quarter_bytes, "latest": {}},
        "comments": {"paths": csink.paths, "rows": comments, "unique": comment_unique,
                     "dupes": comment_dupes, "bytes": comment_bytes, "latest": comment_final},
    }


# --------------------------------------------------------------------------------------------
# Child-process work (every function here runs in a fresh spawned interpreter)
# --------------------------------------------------------------------------------------------


def _peak() -> dict[str, float]:
    """Peak RSS of this process: ru_maxrss (as asked) and VmHWM (reset on exec, a cross-check)."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hwm = float("nan")
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    return {"maxrss_mb": maxrss, "hwm_mb": hwm}


def _pg_conninfo(sqlalchemy_url: str, dbname: str | None = None) -> str:
    from psycopg.conninfo import make_conninfo

    url = sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)
    return make_conninfo(url, dbname=dbname) if dbname else make_conninfo(url)


def _pg_database_url(admin_url: str, name: str) -> str:
    head, _, _ = admin_url.rpartition("/")
    return f"{head}/{name}"


def child_create_pg_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(_pg_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()
    return str(version[0]) if version else "?"


def child_drop_pg_databases(admin_url: str, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(_pg_conninfo(admin_url), autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child_open_store(url: str) -> None:
    """Migrate and seed a new store (done before, not inside, the timed ingest runs)."""
    from redfunnel.store import open_store

    open_store(url).dispose()


def child_ingest(url: str, path: str) -> dict[str, Any]:
    """One real ingest: ``redfunnel.ingest.pipeline.ingest_file(engine, path)``."""
    from redfunnel.ingest.pipeline import ingest_file
    from redfunnel.store import make_engine

    engine = make_engine(url)
    with engine.connect():
        pass
    started = time.perf_counter()
    result = ingest_file(engine, Path(path))
    wall = time.perf_counter() - started
    engine.dispose()
    return {"wall": wall, "status": result.status, "records": result.records, "new": result.new,
            "updated": result.updated, "unchanged": result.unchanged, "errors": result.errors,
            "entities": result.entities, **_peak()}


def child_profile(url: str, path: str, top: int) -> str:
    """``ingest_file`` under cProfile; returns the top entries by own time and by cumulative time."""
    import cProfile
    import io
    import pstats

    from redfunnel.ingest.pipeline import ingest_file
    from redfunnel.store import make_engine

    engine = make_engine(url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = ingest_file(engine, Path(path))
    profiler.disable()
    wall = time.perf_counter() - started
    engine.dispose()
    out = io.StringIO()
    out.write(f"{Path(path).name}: status={result.status} records={result.records} "
              f"wall under cProfile {wall:.2f} s\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def child_verify(url: str, expect: dict[str, int], latest: dict[str, dict[str, int]]) -> list[str]:
    """Compare stored row counts with the generator's, and check the newest version won."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from redfunnel.store import make_engine
    from redfunnel.store import models

    tables = {"note": models.Note.__table__, "comment": models.Comment.__table__,
              "account": models.Account.__table__, "note_snapshot": models.NoteSnapshot.__table__}
    keys = {"note": "note_key", "comment": "comment_key"}
    problems = []
    engine = make_engine(url)
    with engine.connect() as conn:
        for name, want in expect.items():
            table = tables[name]
            got = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if got != want:
                problems.append(f"{name}: stored {got:,} rows, generated {want:,} unique")
        for name, sample in latest.items():
            if not sample:
                continue
            table = tables[name]
            col = table.c[keys[name]]
            stored = dict(conn.execute(select(col, table.c.last_seen_at).where(col.in_(list(sample)))).all())
            epoch = datetime(1970, 1, 1, tzinfo=UTC)
            wrong = [k for k, ms in sample.items()
                     if stored.get(k) != epoch + timedelta(milliseconds=ms)]
            if wrong:
                problems.append(f"{name}: {len(wrong)} of {len(sample)} re-crawled ids do not hold "
                                f"the newest version (e.g. {wrong[0]})")
    engine.dispose()
    return problems


BASE_NOTE_COLS = ("platform", "note_key", "account_key", "note_type", "title", "body", "tags", "url",
                  "ip_location", "source_keywords", "published_at", "edited_at", "likes", "collects",
                  "comments", "shares", "last_seen_at")
BASE_COMMENT_COLS = ("platform", "comment_key", "note_key", "parent_key", "created_at", "text",
                     "author_hash", "author_name", "ip_location", "likes", "sub_comment_count",
                     "pictures", "last_seen_at")
BASE_INT_COLS = {"published_at", "edited_at", "created_at", "last_seen_at"}


def _base_note(r: dict[str, Any]) -> tuple[Any, ...]:
    return ("xhs", r["note_id"], r["user_id"], r["type"], r["title"], r["desc"], r["tag_list"],
            r["note_url"], r["ip_location"], r["source_keyword"], int(r["time"]),
            int(r["last_update_time"]), r["liked_count"], r["collected_count"], r["comment_count"],
            r["share_count"], int(r["last_modify_ts"]))


def _base_comment(r: dict[str, Any]) -> tuple[Any, ...]:
    return ("xhs", r["comment_id"], r["note_id"], str(r["parent_comment_id"]), int(r["create_time"]),
            r["content"], r["user_id"], r["nickname"], r["ip_location"], r["like_count"],
            r["sub_comment_count"], r["pictures"], int(r["last_modify_ts"]))


def child_baseline(kind: str, target: str, path: str, entity: str, batch: int = 5000) -> dict[str, Any]:
    """Plain parse + executemany of the same rows into a plain table; no dedupe, no checks."""
    table = f"base_{entity}"
    cols = BASE_NOTE_COLS if entity == "note" else BASE_COMMENT_COLS
    to_row = _base_note if entity == "note" else _base_comment

    def records() -> Any:
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    yield json.loads(line)
        else:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                yield from csv.DictReader(fh)

    if kind == "sqlite":
        import sqlite3

        started = time.perf_counter()
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        decl = ", ".join(f"{c} {'INTEGER' if c in BASE_INT_COLS else 'TEXT'}" for c in cols)
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, {decl})")
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        rows = 0
        buf: list[tuple[Any, ...]] = []
        with conn:
            for rec in records():
                buf.append(to_row(rec))
                if len(buf) >= batch:
                    conn.executemany(sql, buf)
                    rows += len(buf)
                    buf = []
            if buf:
                conn.executemany(sql, buf)
                rows += len(buf)
        wall = time.perf_counter() - started
        stored = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        conn.close()
    else:
        import psycopg

        started = time.perf_counter()
        conn = psycopg.connect(_pg_conninfo(target))
        decl = ", ".join(f"{c} {'bigint' if c in BASE_INT_COLS else 'text'}" for c in cols)
        conn.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, {decl})")
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
        rows = 0
        buf = []
        with conn.cursor() as cur:
            for rec in records():
                buf.append(to_row(rec))
                if len(buf) >= batch:
                    cur.executemany(sql, buf)
                    rows += len(buf)
                    buf = []
            if buf:
                cur.executemany(sql, buf)
                rows += len(buf)
        conn.commit()
        wall = time.perf_counter() - started
        stored = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        conn.close()
    return {"wall": wall, "rows": rows, "stored": stored, **_peak()}


def child_versions() -> dict[str, str]:
    import sqlite3

    import sqlalchemy

    return {"sqlite": sqlite3.sqlite_version, "sqlalchemy": sqlalchemy.__version__}


# --------------------------------------------------------------------------------------------
# Parent: orchestration and the report (keep it small: see the module docstring)
# --------------------------------------------------------------------------------------------

_CTX = mp.get_context("spawn")


def in_child(fn: Any, *args: Any) -> Any:
    """Run ``fn(*args)`` in a fresh spawned interpreter and return its result."""
    with _CTX.Pool(1) as pool:
        return pool.apply(fn, args)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--notes", type=int, help=f"note rows per file (default {DEFAULT_NOTES:,})")
    p.add_argument("--comments", type=int, help=f"comment rows per file (default {DEFAULT_COMMENTS:,})")
    p.add_argument("--quick", action="store_true",
                   help=f"{QUICK_NOTES:,} notes / {QUICK_COMMENTS:,} comments, for a fast check")
    p.add_argument("--formats", default="jsonl,csv", help="comma list of jsonl,csv (default both)")
    p.add_argument("--databases", default="sqlite,postgres",
                   help="comma list of sqlite,postgres (postgres needs REDFUNNEL_TEST_PG_URL)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--workdir", help="folder for the temp folder (default: the system temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the generated files and SQLite databases")
    p.add_argument("--no-baseline", action="store_true", help="skip the plain-executemany baseline")
    p.add_argument("--no-flat", action="store_true", help="skip the N/4 memory-flatness runs")
    p.add_argument("--profile", action="store_true",
                   help="afterwards, cProfile one notes and one comments ingest (SQLite, first format)")
    p.add_argument("--profile-top", type=int, default=25)
    args = p.parse_args(argv)
    args.notes = args.notes or (QUICK_NOTES if args.quick else DEFAULT_NOTES)
    args.comments = args.comments or (QUICK_COMMENTS if args.quick else DEFAULT_COMMENTS)
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    for f in args.formats:
        if f not in ("jsonl", "csv"):
            p.error(f"unknown format {f!r}")
    for d in args.databases:
        if d not in ("sqlite", "postgres"):
            p.error(f"unknown database {d!r}")
    return args


class Databases:
    """Fresh databases of one kind; PostgreSQL ones are created through the admin URL."""

    def __init__(self, kind: str, folder: Path, admin_url: str | None) -> None:
        self.kind, self.folder, self.admin_url = kind, folder, admin_url
        self.created: list[str] = []
        self.server_version = ""

    def new(self, label: str) -> tuple[str, str]:
        """(SQLAlchemy URL, target for the baseline: SQLite path or SQLAlchemy URL)."""
        if self.kind == "sqlite":
            path = self.folder / f"{label}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}", str(path)
        assert self.admin_url
        name = f"rf_bench_{label}_{uuid.uuid4().hex[:8]}"
        self.server_version = in_child(child_create_pg_database, self.admin_url, name)
        self.created.append(name)
        url = _pg_database_url(self.admin_url, name)
        return url, url

    def drop_all(self) -> None:
        if self.kind == "postgres" and self.created and self.admin_url:
            in_child(child_drop_pg_databases, self.admin_url, self.created)


def fmt_int(n: float) -> str:
    return f"{n:,.0f}"


def mark(ok: bool | None) -> str:
    return "–" if ok is None else ("✓" if ok else "✗")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    admin_url = os.environ.get("REDFUNNEL_TEST_PG_URL")
    databases = list(args.databases)
    notices: list[str] = []
    if "postgres" in databases and not admin_url:
        databases.remove("postgres")
        notices.append("PostgreSQL skipped: REDFUNNEL_TEST_PG_URL is not set "
                       "(run through scripts/with-postgres.sh)")
        print(f"NOTICE: {notices[-1]}", flush=True)

    base = Path(args.workdir) if args.workdir else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="redfunnel-ingest-bench-", dir=base))
    failures: list[str] = []
    results: list[dict[str, Any]] = []
    flat: list[dict[str, Any]] = []
    profiles: list[str] = []
    pools: list[Databases] = []
    try:
        log(f"generating {args.notes:,} notes + {args.comments:,} comments "
            f"({', '.join(args.formats)}, seed {args.seed}) in {folder} …")
        (folder / "data").mkdir()
        data = in_child(generate, str(folder / "data"), args.notes, args.comments, args.formats,
                        args.seed)
        log(f"  generated in {data['seconds']:.1f} s")
        versions = in_child(child_versions)

        for kind in databases:
            dbs = Databases(kind, folder, admin_url)
            pools.append(dbs)
            for fmt in args.formats:
                label = f"{kind}/{fmt}"
                url, _ = dbs.new(f"rf_{fmt}")
                in_child(child_open_store, url)
                runs = {}
                for entity, part in (("note", "notes"), ("comment", "comments")):
                    path = data[part]["paths"][fmt]
                    log(f"{label}: redfunnel ingest {Path(path).name} …")
                    run = in_child(child_ingest, url, path)
                    log(f"  {run['wall']:.1f} s, status {run['status']}, peak {run['maxrss_mb']:.0f} MB")
                    if run["status"] != "imported":
                        failures.append(f"{label} {part}: file {run['status']}: {run['errors']}")
                    runs[entity] = run
                problems = in_child(child_verify, url, {
                    "note": data["notes"]["unique"], "comment": data["comments"]["unique"],
                    "account": data["notes"]["authors"], "note_snapshot": data["notes"]["rows"],
                }, {"note": data["notes"]["latest"], "comment": data["comments"]["latest"]})
                failures.extend(f"{label}: {p}" for p in problems)
                for entity, part in (("note", "notes"), ("comment", "comments")):
                    row = {"db": kind, "fmt": fmt, "part": part, "rows": data[part]["rows"],
                           "unique": data[part]["unique"], "run": runs[entity], "base": None,
                           "verified": not problems and runs[entity]["status"] == "imported"}
                    results.append(row)
                if not args.no_baseline:
                    _, target = dbs.new(f"base_{fmt}")
                    for row, entity, part in zip(results[-2:], ("note", "comment"), ("notes", "comments")):
                        path = data[part]["paths"][fmt]
                        log(f"{label}: baseline {Path(path).name} …")
                        b = in_child(child_baseline, kind, target, path, entity)
                        log(f"  {b['wall']:.1f} s, peak {b['maxrss_mb']:.0f} MB")
                        if b["stored"] != data[part]["rows"]:
                            failures.append(f"{label} baseline {part}: stored {b['stored']:,} "
                                            f"of {data[part]['rows']:,} rows")
                        row["base"] = b
                if not args.no_flat:
                    qurl, _ = dbs.new(f"rf_q_{fmt}")
                    in_child(child_open_store, qurl)
                    qpath = data["notes_quarter"]["paths"][fmt]
                    log(f"{label}: redfunnel ingest {Path(qpath).name} (N/4) …")
                    q = in_child(child_ingest, qurl, qpath)
                    log(f"  {q['wall']:.1f} s, peak {q['maxrss_mb']:.0f} MB")
                    if q["status"] != "imported":
                        failures.append(f"{label} notes N/4: file {q['status']}: {q['errors']}")
                    qp = in_child(child_verify, qurl, {
                        "note": data["notes_quarter"]["unique"],
                        "account": data["notes_quarter"]["authors"],
                        "note_snapshot": data["notes_quarter"]["rows"]}, {})
                    failures.extend(f"{label} N/4: {p}" for p in qp)
                    flat.append({"db": kind, "fmt": fmt, "quarter": q, "full": runs["note"],
                                 "q_rows": data["notes_quarter"]["rows"]})

        if args.profile:
            fmt = args.formats[0]
            dbs = Databases("sqlite", folder, None)
            url, _ = dbs.new(f"profile_{fmt}")
            in_child(child_open_store, url)
            for part in ("notes", "comments"):
                path = data[part]["paths"][fmt]
                log(f"profiling sqlite/{fmt} {Path(path).name} …")
                profiles.append(in_child(child_profile, url, path, args.profile_top))

        report(args, data, versions, pools, results, flat, failures, notices)
        for text in profiles:
            print("\n" + "=" * 100 + "\ncProfile " + text, flush=True)
    finally:
        for dbs in pools:
            try:
                dbs.drop_all()
            except Exception as exc:  # cleanup must not hide the report
                log(f"could not drop benchmark databases: {exc}")
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if any(abs(r["run"]["maxrss_mb"] - r["run"]["hwm_mb"]) > 0.1 * r["run"]["hwm_mb"] for r in results):
        print(f"NOTE: ru_maxrss and VmHWM disagree for some runs (parent peak {parent:.0f} MB is "
              "inherited by exec'd children); VmHWM is the child's own peak.")
    if failures:
        print("\n" + "!" * 100)
        print("BENCHMARK INVALID — the ingest did not store what was generated:")
        for f in failures:
            print(f"  ✗ {f}")
        print("!" * 100, flush=True)
        return 1
    return 0


def report(args: argparse.Namespace, data: dict[str, Any], versions: dict[str, str],
           pools: list[Databases], results: list[dict[str, Any]], flat: list[dict[str, Any]],
           failures: list[str], notices: list[str]) -> None:
    pg = next((d.server_version for d in pools if d.kind == "postgres"), "")
    print()
    print("redfunnel ingest benchmark")
    print(f"  python {platform.python_version()} · SQLite {versions['sqlite']} · SQLAlchemy "
          f"{versions['sqlalchemy']}" + (f" · PostgreSQL {pg}" if pg else "")
          + f" · {os.cpu_count()} CPUs · {platform.machine()}")
    print(f"  seed {data['seed']}; generated in {data['seconds']:.1f} s")
    for part in ("notes", "comments", "notes_quarter"):
        d = data[part]
        sizes = ", ".join(f"{fmt} {b / 2**20:,.1f} MB" for fmt, b in d["bytes"].items())
        extra = f", {d['authors']:,} authors" if "authors" in d else ""
        print(f"  {part:<14} {d['rows']:>10,} rows = {d['unique']:>10,} unique + {d['dupes']:>7,} "
              f"re-crawled ({d['dupes'] / d['rows']:.1%}){extra}; {sizes}")
    for n in notices:
        print(f"  NOTICE: {n}")
    print()
    head = (f"{'db':<9}{'fmt':<6}{'file':<9}{'rows':>10} │{'redfunnel s':>12}{'rows/s':>10}{'peak MB':>9}"
            f" │{'baseline s':>11}{'rows/s':>10}{'peak MB':>9} │{'ratio':>7}  {'≤3×':>3}  {'counts':>6}")
    print(head)
    print("─" * len(head))
    for r in results:
        run, b = r["run"], r["base"]
        rate = r["rows"] / run["wall"]
        if b:
            ratio = run["wall"] / b["wall"]
            base = f"{b['wall']:>11.2f}{fmt_int(r['rows'] / b['wall']):>10}{b['maxrss_mb']:>9.0f}"
            rtxt, ok = f"{ratio:>6.2f}×", mark(ratio <= TARGET_BASELINE_RATIO)
        else:
            base, rtxt, ok = f"{'–':>11}{'–':>10}{'–':>9}", f"{'–':>7}", "–"
        print(f"{r['db']:<9}{r['fmt']:<6}{r['part']:<9}{r['rows']:>10,} │{run['wall']:>12.2f}"
              f"{fmt_int(rate):>10}{run['maxrss_mb']:>9.0f} │{base} │{rtxt}  {ok:>3}  "
              f"{'ok' if r['verified'] else 'WRONG':>6}")
    print("  rows/s counts every row of the file (re-crawled duplicates included); times are wall")
    print("  seconds of ingest_file() (redfunnel) or of parse+executemany+commit (baseline), each in")
    print("  its own spawned process; peak MB = ru_maxrss of that process.")

    if flat:
        print()
        fhead = (f"{'db':<9}{'fmt':<6}{'notes N/4':>10}{'peak MB':>9} │{'notes N':>10}{'peak MB':>9}"
                 f" │{'N vs N/4':>9}{'growth MB':>11}  {'flat':>4}")
        print("memory flatness (notes ingest at N/4 and at N)")
        print(fhead)
        print("─" * len(fhead))
        for f in flat:
            q, n = f["quarter"]["maxrss_mb"], f["full"]["maxrss_mb"]
            ratio = n / q
            print(f"{f['db']:<9}{f['fmt']:<6}{f['q_rows']:>10,}{q:>9.0f} │{args.notes:>10,}{n:>9.0f} │"
                  f"{ratio:>8.2f}×{n - q:>11.0f}  {mark(ratio <= TARGET_FLAT_RATIO):>4}")
        print(f"  flat = peak(N)/peak(N/4) ≤ {TARGET_FLAT_RATIO} (an ingest that held every row would "
              "approach 4×)")

    print()
    print("targets")
    for fmt in args.formats:
        rows = [r for r in results if r["db"] == "sqlite" and r["fmt"] == fmt and r["part"] == "notes"]
        for r in rows:
            rate = r["rows"] / r["run"]["wall"]
            print(f"  {mark(rate >= TARGET_SQLITE_NOTES_PER_S)}  notes into SQLite ≥ "
                  f"{TARGET_SQLITE_NOTES_PER_S:,}/s, {fmt:<5}: {fmt_int(rate)}/s")
    if not any(r["db"] == "sqlite" for r in results):
        print("  –  notes into SQLite: not run")
    for r in results:
        if r["base"]:
            ratio = r["run"]["wall"] / r["base"]["wall"]
            print(f"  {mark(ratio <= TARGET_BASELINE_RATIO)}  ≤ {TARGET_BASELINE_RATIO:g}× baseline, "
                  f"{r['db']}/{r['fmt']}/{r['part']}: {ratio:.2f}×")
    for f in flat:
        ratio = f["full"]["maxrss_mb"] / f["quarter"]["maxrss_mb"]
        print(f"  {mark(ratio <= TARGET_FLAT_RATIO)}  memory flat, {f['db']}/{f['fmt']}: "
              f"{f['quarter']['maxrss_mb']:.0f} MB at N/4 → {f['full']['maxrss_mb']:.0f} MB at N "
              f"({ratio:.2f}×)")
    if failures:
        print("  ✗  stored counts: WRONG (see below)")
    else:
        print("  ✓  stored counts equal the unique ids generated (and re-crawls kept the newest version)")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
