"""The demo world: determinism, real file formats and the article's calibration facts.

Files are read back with json/csv/openpyxl only (no redfunnel ingest code), so these tests pin
what the files themselves say. Key orders and headers are spelled out here, independently of the
generator, because they are the formats of the real tools.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from redfunnel.demo import DEMO_NOW, DemoManifest, write_demo_world

Row = dict[str, Any]
XHS = Path("mediacrawler/data/xhs")
NOTE_KEYS = [
    "note_id", "type", "title", "desc", "video_url", "time", "last_update_time", "user_id",
    "nickname", "avatar", "liked_count", "collected_count", "comment_count", "share_count",
    "ip_location", "image_list", "tag_list", "last_modify_ts", "note_url", "source_keyword",
    "xsec_token",
]
TEACH_NOTE_KEYS = [
    "note_id", "type", "title", "desc", "video_url", "time", "last_update_time", "creator_hash",
    "nickname", "liked_count", "collected_count", "comment_count", "share_count", "image_list",
    "tag_list", "last_modify_ts", "note_url", "source_keyword", "xsec_token",
]
COMMENT_KEYS = [
    "comment_id", "create_time", "ip_location", "note_id", "content", "user_id", "nickname",
    "avatar", "sub_comment_count", "pictures", "parent_comment_id", "last_modify_ts", "like_count",
]
TEACH_COMMENT_KEYS = [
    "comment_id", "create_time", "note_id", "content", "creator_hash", "nickname",
    "sub_comment_count", "pictures", "parent_comment_id", "last_modify_ts", "like_count",
]
CREATOR_KEYS = [
    "user_id", "nickname", "gender", "avatar", "desc", "ip_location", "follows", "fans",
    "interaction", "tag_list", "last_modify_ts",
]
CENTRE_HEADERS = (
    "笔记标题", "首次发布时间", "体裁", "曝光", "观看量", "封面点击率", "点赞", "评论", "收藏",
    "涨粉", "分享", "人均观看时长", "弹幕",
)
JUGUANG_HEADERS = (
    "笔记/素材ID", "笔记/素材链接", "时间", "消费", "展现量", "点击量", "点击率", "平均点击成本",
    "平均千次展示费用", "互动量", "平均互动成本", "5s播放量", "5s完播率", "新增种草人群",
    "新增种草人群成本", "新增深度种草人群", "新增深度种草人群成本", "私信进线数",
    "私信开口数", "私信留资数", "私信进线成本", "私信开口成本", "私信留资成本",
)
WECHAT_HEADERS = [
    "公众号名称", "标题", "发表时间", "送达人数", "阅读次数", "分享次数", "点赞", "在看", "留言",
    "阅读后关注人数", "统计时间",
]
DOUYIN_HEADERS = (
    "抖音号名称", "作品名称", "发布时间", "播放量", "点赞量", "评论量", "分享量", "收藏量",
    "涨粉量",
)
HOME_ACCOUNTS = {
    "中国银行", "中国银行广东省分行", "中国银行北京市分行", "中国银行上海市分行", "中国银行信用卡",
}
NOW_MS = int(DEMO_NOW.timestamp() * 1000)
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoManifest]:
    out = tmp_path_factory.mktemp("demo_a")
    return out, write_demo_world(out)


@pytest.fixture(scope="module")
def root(demo: tuple[Path, DemoManifest]) -> Path:
    return demo[0]


def _sha(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[Row]:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return _csv(path)


def _csv(path: Path, encoding: str = "utf-8-sig") -> list[Row]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def _xlsx(path: Path) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()


def _files(root: Path, kind: str) -> list[Path]:
    """Crawler files of one kind across containers, oldest crawl first."""
    return sorted((root / XHS).glob(f"*/creator_{kind}_*"), key=lambda p: p.name.split("_")[-1])


def _count(raw: str) -> int:
    if raw.endswith("万+"):
        return int(float(raw[:-2]) * 10_000)
    if raw.endswith("万"):
        return int(float(raw[:-1]) * 10_000)
    return int(raw)


def _local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, DEMO_NOW.tzinfo)


@pytest.fixture(scope="module")
def creators(root: Path) -> list[Row]:
    return _rows(sorted((root / XHS / "json").glob("creator_creator_*.json"))[-1])


@pytest.fixture(scope="module")
def notes(root: Path, creators: list[Row]) -> dict[str, Row]:
    """Latest snapshot per note, with ``user_id`` restored for teaching-edition rows."""
    by_hash = {hashlib.sha256(c["user_id"].encode()).hexdigest()[:16]: c["user_id"]
               for c in creators}
    latest: dict[str, Row] = {}
    for path in _files(root, "contents"):
        for raw in _rows(path):
            row = dict(raw)
            if "creator_hash" in row:
                row["user_id"] = by_hash[row["creator_hash"]]
            row["time"], row["last_modify_ts"] = int(row["time"]), int(row["last_modify_ts"])
            known = latest.get(row["note_id"])
            if known is None or row["last_modify_ts"] > known["last_modify_ts"]:
                latest[row["note_id"]] = row
    return latest


@pytest.fixture(scope="module")
def comments(root: Path) -> list[Row]:
    return [r for path in _files(root, "comments") for r in _rows(path)]


def test_generation_is_byte_identical(
    demo: tuple[Path, DemoManifest], tmp_path: Path
) -> None:
    out, manifest = demo
    write_demo_world(tmp_path / "b")
    first, second = _sha(out), _sha(tmp_path / "b")
    assert first == second
    assert sorted(first) == manifest.files


def test_other_seed_differs(root: Path, tmp_path: Path) -> None:
    write_demo_world(tmp_path / "c", seed=7)
    ours, theirs = _sha(root), _sha(tmp_path / "c")
    for name in ("bank/conversions.csv", f"{XHS.as_posix()}/json/creator_contents_2026-06-05.json"):
        assert ours[name] != theirs[name]


def test_manifest_counts(demo: tuple[Path, DemoManifest]) -> None:
    counts = demo[1].counts
    assert 2_500 <= counts["notes"] <= 4_000
    assert counts["note_rows"] < 60_000 and counts["comment_rows"] < 40_000
    assert 15_000 <= counts["comments_written"] <= 25_000
    assert counts["dm_conversations"] == 300


def test_calibration_facts_in_last_creator_file(creators: list[Row]) -> None:
    assert all(isinstance(c["fans"], str) and c["fans"].isdigit() for c in creators)
    fans = {c["nickname"]: int(c["fans"]) for c in creators}
    assert fans["招商银行"] == 481_200 == max(fans.values())
    assert fans["中信银行信用卡"] == 125_300
    assert fans["光大银行微银行"] == 97_100
    assert fans["恒丰银行"] == 49_200
    assert sum(1 for v in fans.values() if v > 10_000) == 29
    ningbo = fans["宁波银行"] + fans["宁波银行信用卡"] + fans["宁来花"]
    assert fans["宁波银行"] == 93_400 and abs(ningbo - 200_000) <= 4_000
    gd = fans["中国银行广东省分行"]
    assert gd > 5 * fans["中国银行北京市分行"] and gd > 5 * fans["中国银行上海市分行"]
    assert HOME_ACCOUNTS <= set(fans)
    functional = ("中国工商银行", "工商银行北京分行", "工银信用卡", "中国建设银行", "建行生活",
                  "建设银行深圳分行")
    assert all(fans[name] < 10_000 for name in functional)
    small = ("贵阳银行", "兰州银行", "九江银行", "泉州银行", "温州银行", "台州银行", "厦门银行",
             "齐鲁银行", "重庆银行", "杭州银行信用卡", "北京农商银行", "广州农商银行",
             "成都农商银行", "常熟农商银行", "张家港农商银行", "紫金农商银行", "无锡农商银行")
    assert sum(1 for name in small if fans[name] < 1000) >= 15


def test_followers_grow_across_crawls(root: Path) -> None:
    files = sorted((root / XHS / "json").glob("creator_creator_*.json"))
    assert len(files) == 13
    series: dict[str, list[int]] = defaultdict(list)
    for path in files:
        for c in _rows(path):
            assert list(c) == CREATOR_KEYS
            series[c["nickname"]].append(int(c["fans"]))
    assert series["招商银行"][0] < series["招商银行"][-1]
    assert sum(1 for s in series.values() if s[-1] > s[0]) >= 55


def _window(ts: list[int], start_days: int, end_days: int) -> int:
    return sum(1 for t in ts if NOW_MS - start_days * DAY_MS <= t < NOW_MS - end_days * DAY_MS)


def test_accounts_posting_cadence(notes: dict[str, Row], creators: list[Row]) -> None:
    names = {c["user_id"]: c["nickname"] for c in creators}
    times: dict[str, list[int]] = defaultdict(list)
    for n in notes.values():
        times[n["user_id"]].append(n["time"])
    assert len(times) >= 60
    stopped = [u for u, ts in times.items() if max(ts) < NOW_MS - 60 * DAY_MS]
    assert len(stopped) >= 4
    assert any(names[u] in ("兰州银行", "泉州银行") for u in stopped)
    slowing = [u for u, ts in times.items()
               if _window(ts, 365, 275) >= 20 and 6 <= _window(ts, 180, 90) <= 16
               and 1 <= _window(ts, 90, 0) <= 4 and max(ts) >= NOW_MS - 60 * DAY_MS]
    assert len(slowing) >= 4
    leader = sorted(times[next(u for u, n in names.items() if n == "招商银行")])
    gaps = [b - a for a, b in zip(leader[:-1], leader[1:], strict=True)]
    assert statistics.median(gaps) <= 4 * DAY_MS


def test_note_records_use_mediacrawler_layout(root: Path) -> None:
    json_rows = _rows(root / XHS / "json" / "creator_contents_2026-06-05.json")
    assert all(list(r) == NOTE_KEYS for r in json_rows)
    r = json_rows[0]
    assert isinstance(r["time"], int) and len(str(r["time"])) == 13 and r["time"] % 1000 == 0
    counts = ("liked_count", "collected_count", "comment_count", "share_count")
    assert all(isinstance(r[k], str) for k in counts)
    assert re.fullmatch(r"[0-9a-f]{24}", r["note_id"])
    assert re.fullmatch(r"[0-9a-f]{24}", r["user_id"])
    assert "[话题]#" in r["desc"]
    assert {row["type"] for row in json_rows} == {"normal", "video"}
    csv_path = root / XHS / "csv" / "creator_contents_2026-07-17.csv"
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(_rows(csv_path)[0]) == NOTE_KEYS
    likes = [row["liked_count"] for p in _files(root, "contents") for row in _rows(p)]
    assert any(c.endswith("万") for c in likes) and "10万+" in likes


def test_snapshots_grow_between_crawls(root: Path) -> None:
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for path in _files(root, "contents"):
        for row in _rows(path):
            seen[row["note_id"]].append((int(row["last_modify_ts"]), _count(row["liked_count"])))
    multi = [sorted(v) for v in seen.values() if len(v) >= 3]
    assert len(multi) > 1000
    assert all(v[-1][1] >= v[0][1] for v in multi)


def test_comment_records_and_threads(
    root: Path, comments: list[Row], notes: dict[str, Row]
) -> None:
    old = _rows(root / XHS / "json" / "creator_comments_2026-06-05.json")
    assert all(list(r) == COMMENT_KEYS for r in old)
    assert any(r["parent_comment_id"] == 0 for r in old)
    assert any(isinstance(r["parent_comment_id"], str) for r in old)
    assert all(isinstance(r["sub_comment_count"], str) for r in old)
    unique = {c["comment_id"]: c for c in comments}
    assert len(comments) > len(unique)  # re-written duplicates exist
    assert max(Counter(c["note_id"] for c in unique.values()).values()) <= 10
    brand = [c for c in unique.values()
             if "user_id" in c and c["user_id"] == notes[c["note_id"]]["user_id"]]
    assert len(brand) > 1000
    assert all(c["parent_comment_id"] not in (0, "0", "") for c in brand)


def test_teaching_edition_files(root: Path) -> None:
    contents = _rows(root / XHS / "jsonl" / "creator_contents_2026-11-20.jsonl")
    comments = _rows(root / XHS / "jsonl" / "creator_comments_2026-11-20.jsonl")
    assert contents and comments
    assert all(list(r) == TEACH_NOTE_KEYS for r in contents)
    assert all(list(r) == TEACH_COMMENT_KEYS for r in comments)
    for r in contents + comments:
        assert "user_id" not in r and "avatar" not in r and "ip_location" not in r
        assert re.fullmatch(r"[0-9a-f]{16}", r["creator_hash"]) and "***" in r["nickname"]
    assert any(r["parent_comment_id"] == "" for r in comments)
    assert all(isinstance(r["parent_comment_id"], str) for r in comments)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _id_ok(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


def test_comments_contain_pii_and_spam(comments: list[Row]) -> None:
    texts = [c["content"] for c in comments]
    assert any(re.search(r"1[3-9]\d \d{4} \d{4}", t) for t in texts)
    assert any(re.search(r"[１-９][０-９]{10}", t) for t in texts)
    cards = [m for t in texts for m in re.findall(r"(?<!\d)(?:62\d{14}|62\d{17})(?!\d)", t)]
    assert cards and all(_luhn(c) for c in cards)
    ids = [m for t in texts for m in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", t)
           if not m.startswith("62")]
    assert ids and all(_id_ok(i) for i in ids)
    assert any(re.search(r"(加v|加V|vx|薇)[:：]\s*[A-Za-z][\w-]{4,}", t) for t in texts)
    assert any("原始票据" in t for t in texts) and any("积存金" in t for t in texts)


def test_wuyi_guide_among_top_notes(notes: dict[str, Row]) -> None:
    def interactions(n: Row) -> int:
        return sum(_count(n[k]) for k in ("liked_count", "collected_count", "comment_count"))

    ranked = sorted(notes.values(), key=interactions, reverse=True)
    top = ranked[: len(ranked) // 20]
    guide = [n for n in top if "五一" in n["title"] and n["nickname"] == "中国银行广东省分行"]
    assert guide
    published = _local(guide[0]["time"])
    assert (published.year, published.month) == (2026, 4) and 20 <= published.day <= 30


def test_near_duplicate_anti_fraud_template(notes: dict[str, Row]) -> None:
    authors = {n["user_id"] for n in notes.values() if "客服来电”都是诈骗" in n["title"]}
    assert len(authors) >= 5


def test_creator_centre_exports(root: Path, notes: dict[str, Row]) -> None:
    files = sorted((root / "creator_center").glob("笔记列表明细表_*_20261120.xlsx"))
    assert {p.name.split("_")[1] for p in files} == HOME_ACCOUNTS
    keys = {(n["title"], _local(n["time"]).strftime("%Y年%m月%d日%H时%M分%S秒"))
            for n in notes.values()}
    matched = unmatched = 0
    for path in files:
        rows = _xlsx(path)
        assert str(rows[0][0]).startswith("最多导出最近") and str(rows[0][0]).endswith("条笔记数据")
        assert tuple(rows[1]) == CENTRE_HEADERS
        for row in rows[2:]:
            assert re.fullmatch(r"\d{4}年\d{2}月\d{2}日\d{2}时\d{2}分\d{2}秒", row[1])
            assert re.fullmatch(r"\d+\.\d{2}%", row[5]) and row[2] in ("图文", "视频")
            assert row[11] == "-" or re.fullmatch(r"\d+\.\d{2}秒", row[11])
            if (row[0], row[1]) in keys:
                matched += 1
            else:
                unmatched += 1
    assert unmatched == 3 and matched > 100
    gd = _xlsx(root / "creator_center" / "笔记列表明细表_中国银行广东省分行_20261120.xlsx")[2:]
    most_read = max(gd, key=lambda row: row[4])
    assert most_read[0].startswith("五一网点营业时间") and most_read[1].startswith("2026年04月")


def test_juguang_export(root: Path) -> None:
    rows = _xlsx(next((root / "juguang").glob("聚光_笔记投放数据_*.xlsx")))
    assert tuple(rows[0]) == JUGUANG_HEADERS
    assert rows[1][0] == "合计"
    assert abs(rows[1][3] - sum(r[3] for r in rows[2:])) < 0.05
    assert 6 <= len({r[0] for r in rows[2:]}) <= 10


def test_accounts_csv_matches_crawler_authors(root: Path, notes: dict[str, Row]) -> None:
    rows = _csv(root / "bank" / "accounts.csv")
    assert {"账号", "机构", "粉丝数", "platform", "user_id"} <= set(rows[0])
    xhs = [r for r in rows if r["platform"] == "xhs"]
    ids = {r["user_id"] or r["主页链接"].rsplit("/", 1)[-1] for r in xhs}
    assert ids == {n["user_id"] for n in notes.values()}
    assert any(r["user_id"] == "" for r in xhs)
    assert {"招行", "中行"} <= {r["机构"] for r in rows}
    assert {r["platform"] for r in rows} == {"xhs", "wechat", "douyin"}


def test_bank_csvs(root: Path) -> None:
    conv = _csv(root / "bank" / "conversions.csv", "utf-8")
    stages = Counter(r["stage"] for r in conv)
    funnel = [stages[s] for s in ("click", "landing", "lead", "application", "approved")]
    assert funnel == sorted(funnel, reverse=True) and funnel[-1] > 0 and stages["点击"] > 0
    assert all(re.fullmatch(r"RF-(XHS|WX|DY)-[2-9A-Z]{6}", r["tracking_code"]) for r in conv)
    spend = _csv(root / "bank" / "spend.csv", "utf-8")
    assert {r["channel"] for r in spend} == {"xhs_juguang", "wechat", "douyin", "xhs"}
    in_notes = {m.group(0) for p in _files(root, "contents") for row in _rows(p)
                for m in re.finditer(r"RF-XHS-[2-9A-Z]{6}", row["desc"])}
    assert {r["tracking_code"] for r in conv} <= {r["campaign_id"] for r in spend} | in_notes
    faq = _csv(root / "bank" / "faq.csv")
    approved = [r for r in faq if r["状态"] in ("approved", "已审核")]
    assert len(approved) >= 40 and len(faq) > len(approved)
    questions = " ".join(r["问题"] for r in approved)
    for needle in ("积存金兑换实物黄金收费吗", "原始票据", "消费贷如何申请", "挂失", "营业"):
        assert needle in questions


def test_dm_transcripts(root: Path) -> None:
    dms = _csv(root / "bank" / "dm_transcripts.csv", "utf-8")
    conversations: dict[str, list[Row]] = defaultdict(list)
    for m in dms:
        conversations[m["conversation_id"]].append(m)
    assert 280 <= len(conversations) <= 320
    assert {m["account"] for m in dms} == HOME_ACCOUNTS
    brand = {"brand", "客服", "官方"}
    unanswered = [c for c in conversations.values() if not any(m["sender"] in brand for m in c)]
    assert 10 <= len(unanswered) < len(conversations) // 2
    text = " ".join(m["text"] for m in dms)
    for needle in ("原始票据", "消费贷怎么申请", "积存金兑换实物金有手续费吗"):
        assert needle in text
    for conv in conversations.values():
        stamps = [datetime.strptime(m["time"], "%Y-%m-%d %H:%M:%S") for m in conv]
        assert stamps == sorted(stamps) and stamps[-1] < DEMO_NOW.replace(tzinfo=None)


def test_platform_metrics(root: Path) -> None:
    wechat = _csv(root / "platforms" / "wechat_posts.csv", "gb18030")
    assert list(wechat[0]) == WECHAT_HEADERS
    rows = _xlsx(root / "platforms" / "douyin_posts.xlsx")
    assert rows[0] == DOUYIN_HEADERS
    assert len(rows) > 100 and len(wechat) > 100


def test_readme_labels_demo_data(root: Path) -> None:
    text = (root / "README.txt").read_text(encoding="utf-8")
    assert "演示数据" in text and "虚构" in text and "48.1万" in text


def test_nothing_after_demo_now(notes: dict[str, Row], comments: list[Row]) -> None:
    published = [n["time"] for n in notes.values()]
    assert NOW_MS - 366 * DAY_MS <= min(published) and max(published) < NOW_MS
    assert max(published) > NOW_MS - 2 * DAY_MS
    assert max(int(c["create_time"]) for c in comments) < NOW_MS
    assert max(int(c["last_modify_ts"]) for c in comments) < NOW_MS
