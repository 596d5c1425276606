"""Bank-side contract files and WeChat/Douyin post exports (docs/data-contracts.md).

Uses the committed examples in ``examples/`` and small files written by the tests. Input files
always go to a sub-folder of ``tmp_path``, because the SQLite store of the fixtures lives in
``tmp_path`` itself.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from sqlalchemy import Engine, select

from redfunnel.ingest.pipeline import FileResult, ingest_paths
from redfunnel.privacy.mask import hash_user_id
from redfunnel.store import models
from redfunnel.store.stats import stored_counts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED_FORMAT = {
    "accounts.csv": "bank.accounts.csv",
    "conversions.csv": "bank.conversions.csv",
    "spend.csv": "bank.spend.csv",
    "faq.csv": "bank.faq.csv",
    "dm_transcripts.csv": "bank.dm_transcripts.csv",
    "wechat_posts.csv": "platform.posts.csv",
}
EXPECTED_NEW = {
    "accounts.csv": 4,
    "conversions.csv": 4,
    "spend.csv": 2,
    "faq.csv": 4,
    "dm_transcripts.csv": 3,
    "wechat_posts.csv": 2,
}

GD_UID = "5f3c0a9e000000000101a0b1"  # 中国银行广东省分行 in examples/accounts.csv
CMB_UID = "5d1f2e3a000000000100c0d1"  # 招商银行
PHONE = "13812345678"  # in examples/dm_transcripts.csv


# ---------------------------------------------------------------- helpers


def inbox(tmp_path: Path, name: str = "in") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    return folder


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def only(results: list[FileResult]) -> FileResult:
    assert len(results) == 1, [r.file for r in results]
    return results[0]


def imported(engine: Engine, path: Path) -> FileResult:
    result = only(ingest_paths(engine, [path]))
    assert result.status == "imported", result.errors
    return result


def assert_noop_reimport(engine: Engine, path: Path) -> None:
    """A second import of the same file changes nothing: 0 new and 0 updated for every entity."""
    before = stored_counts(engine)
    again = imported(engine, path)
    assert (again.new, again.updated) == (0, 0)
    for entity, tally in again.entities.items():
        assert (tally["new"], tally["updated"]) == (0, 0), entity
    after = stored_counts(engine)
    for key in before:
        if key not in ("imported_files", "audit_events"):
            assert after[key] == before[key], key


def table_rows(engine: Engine, model: type[models.Base], *where: Any) -> list[dict[str, Any]]:
    table = models.Base.metadata.tables[model.__tablename__]
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(select(table).where(*where).order_by(table.c.id)).mappings()
        ]


def accounts_by_name(engine: Engine) -> dict[tuple[str, str], dict[str, Any]]:
    account, inst = models.Account.__table__, models.Institution.__table__
    query = select(account, inst.c.name.label("institution"), inst.c.category, inst.c.builtin).join(
        inst, inst.c.id == account.c.institution_id, isouter=True
    )
    with engine.connect() as conn:
        return {(r["platform"], r["name"]): dict(r) for r in conn.execute(query).mappings()}


def user_institutions(engine: Engine) -> list[dict[str, Any]]:
    inst = models.Institution.__table__
    return table_rows(engine, models.Institution, inst.c.builtin.is_(False))


def note_line(note_id: str, user_id: str, nickname: str, title: str, ms: int) -> str:
    """One MediaCrawler JSONL note record (2025 edition keys)."""
    return (
        json.dumps(
            {
                "note_id": note_id,
                "type": "normal",
                "title": title,
                "desc": "正文",
                "video_url": "",
                "time": ms,
                "last_update_time": ms,
                "user_id": user_id,
                "nickname": nickname,
                "avatar": "",
                "liked_count": "12",
                "collected_count": "3",
                "comment_count": "1",
                "share_count": "0",
                "ip_location": "广东",
                "image_list": "",
                "tag_list": "",
                "last_modify_ts": ms + 3_600_000,
                "note_url": f"https://www.xiaohongshu.com/explore/{note_id}",
                "source_keyword": "",
                "xsec_token": "",
            },
            ensure_ascii=False,
        )
        + "\n"
    )


# ---------------------------------------------------------------- detection


def test_examples_detected_by_content_not_by_name(engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    originals = {}
    # meaningless names, in an order unrelated to the content
    for i, name in enumerate(sorted(EXPECTED_FORMAT, reverse=True), 1):
        dst = folder / f"a{i}.dat.csv"
        shutil.copy(EXAMPLES / name, dst)
        originals[str(dst)] = name
    results = ingest_paths(engine, [folder])
    assert len(results) == len(EXPECTED_FORMAT)
    for r in results:
        name = originals[r.file]
        assert r.status == "imported", (name, r.errors)
        assert r.format == EXPECTED_FORMAT[name], name
    counts = stored_counts(engine)
    assert {
        k: counts[k]
        for k in (
            "accounts",
            "conversions",
            "spend_rows",
            "campaigns",
            "faq_entries",
            "messages",
            "notes",
        )
    } == {
        "accounts": 4,
        "conversions": 4,
        "spend_rows": 2,
        "campaigns": 1,
        "faq_entries": 4,
        "messages": 3,
        "notes": 2,
    }
    again = ingest_paths(engine, [folder])
    assert [(originals[r.file], r.new, r.updated, r.status) for r in again] == [
        (originals[r.file], 0, 0, "imported") for r in results
    ]
    assert {originals[r.file]: r.unchanged for r in again} == EXPECTED_NEW


def test_explicit_file_without_data_suffix_is_read_by_content(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    dst = inbox(tmp_path) / "export_from_crm.txt"
    shutil.copy(EXAMPLES / "faq.csv", dst)
    result = imported(sqlite_engine, dst)
    assert result.format == "bank.faq.csv"
    assert result.new == 4


def test_chinese_header_aliases_for_every_contract(sqlite_engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    files = {
        "x1.csv": (
            "账号名称,平台,银行,角色,地区,负责团队,用户ID,主页链接,粉丝数,统计日期\n"
            "中信银行信用卡,小红书,中信银行,信用卡,,信用卡中心,,,12.6万,2026-11-01\n"
        ),
        "x2.csv": (
            "转化ID,追踪码,阶段,产品,价值,时间,渠道\n"
            "ZH-1,RF-ZH-1,申请,信用卡,88.5,2026年11月02日10时15分00秒,小红书\n"
        ),
        "x3.csv": (
            "活动ID,活动名称,渠道,开始日期,结束日期,金额,曝光,点击,笔记ID\n"
            'CMP-ZH,春季推广,douyin,2026/03/01,2026/03/31,"1,500.50",2.2万,300,\n'
        ),
        "x4.csv": (
            "编号,问题,答案,分类,状态\n"
            "FAQ-ZH,怎么激活信用卡？,在手机银行激活。,信用卡,已审核\n"
        ),
        "x5.csv": (
            "会话ID,消息ID,账号,平台,发送方,内容,时间\n"
            "DM-ZH,,中信银行信用卡,小红书,客户,额度怎么提升,2026-11-18 09:12\n"
        ),
    }
    for name, content in files.items():
        write(folder / name, content, encoding="gb18030" if name == "x1.csv" else "utf-8")
    results = {Path(r.file).name: r for r in ingest_paths(sqlite_engine, [folder])}
    assert {n: (r.status, r.format, r.new) for n, r in results.items()} == {
        "x1.csv": ("imported", "bank.accounts.csv", 1),
        "x2.csv": ("imported", "bank.conversions.csv", 1),
        "x3.csv": ("imported", "bank.spend.csv", 1),
        "x4.csv": ("imported", "bank.faq.csv", 1),
        "x5.csv": ("imported", "bank.dm_transcripts.csv", 1),
    }
    acc = accounts_by_name(sqlite_engine)[("xhs", "中信银行信用卡")]
    assert (acc["institution"], acc["role"], acc["owner_team"]) == (
        "中信银行",
        "信用卡",
        "信用卡中心",
    )
    [snap] = table_rows(sqlite_engine, models.AccountSnapshot)
    assert snap["followers"] == 126_000
    [conv] = table_rows(sqlite_engine, models.Conversion)
    assert (conv["conversion_key"], conv["stage"], conv["value"], conv["channel"]) == (
        "ZH-1",
        "application",
        88.5,
        "小红书",
    )
    assert conv["occurred_at"] == datetime(2026, 11, 2, 2, 15, tzinfo=UTC)
    [spend] = table_rows(sqlite_engine, models.Spend)
    assert (spend["amount"], spend["impressions"], spend["clicks"]) == (1500.5, 22_000, 300)
    assert (spend["period_start"], spend["period_end"]) == (date(2026, 3, 1), date(2026, 3, 31))
    [campaign] = table_rows(sqlite_engine, models.Campaign)
    assert (campaign["campaign_key"], campaign["name"], campaign["channel"]) == (
        "CMP-ZH",
        "春季推广",
        "douyin",
    )
    [faq] = table_rows(sqlite_engine, models.FaqEntry)
    assert (faq["faq_key"], faq["status"], faq["category"]) == ("FAQ-ZH", "approved", "信用卡")
    [msg] = table_rows(sqlite_engine, models.Message)
    assert (msg["platform"], msg["direction"], msg["thread_key"]) == ("xhs", "customer", "DM-ZH")
    assert msg["message_key"]  # content hash when 消息ID is empty


def test_header_matching_ignores_case_spaces_and_bom(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = write(
        inbox(tmp_path) / "c.csv",
        " Conversion_ID , TRACKING_CODE ,Stage,Product, Value ,TIME,Channel\n"
        "K-1,RF-1,Click,credit_card,,2026-11-02 10:15:00,xhs\n",
        encoding="utf-8-sig",
    )
    result = imported(sqlite_engine, path)
    assert result.format == "bank.conversions.csv"
    [conv] = table_rows(sqlite_engine, models.Conversion)
    assert (conv["conversion_key"], conv["tracking_code"], conv["stage"]) == (
        "K-1",
        "RF-1",
        "click",
    )


def write_conversions_xlsx(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    ws.write_row(
        0, 0, ["conversion_id", "tracking_code", "stage", "product", "value", "time", "channel"]
    )
    ws.write_row(1, 0, ["X-1", "RF-XL-1", "核准", "credit_card", 300])
    ws.write_datetime(1, 5, datetime(2026, 11, 4, 16, 2), fmt)
    ws.write(1, 6, "xhs")
    ws.write_row(
        2, 0, ["X-2", "RF-XL-1", "落地页", "credit_card", None, "2026-11-04 15:00:00", "xhs"]
    )
    wb.close()
    return path


def test_bank_contract_as_xlsx(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = write_conversions_xlsx(inbox(tmp_path) / "conversions.xlsx")
    result = imported(sqlite_engine, path)
    assert result.format == "bank.conversions.xlsx"
    convs = {c["conversion_key"]: c for c in table_rows(sqlite_engine, models.Conversion)}
    assert convs["X-1"]["stage"] == "approved"
    assert convs["X-1"]["value"] == 300
    assert convs["X-1"]["occurred_at"] == datetime(2026, 11, 4, 8, 2, tzinfo=UTC)  # Shanghai → UTC
    assert convs["X-2"]["stage"] == "landing"
    assert_noop_reimport(sqlite_engine, path)


@pytest.mark.parametrize("name", ["a1.dat.csv", "conversions_export"])
def test_xlsx_detected_by_content_whatever_its_name(
    sqlite_engine: Engine, tmp_path: Path, name: str
) -> None:
    """Formats are detected from bytes, never from the name (xlsx by its zip magic)."""
    path = write_conversions_xlsx(inbox(tmp_path) / name)
    result = only(ingest_paths(sqlite_engine, [path]))
    assert result.status == "imported", result.errors
    assert result.format == "bank.conversions.xlsx"
    assert result.new == 2


# ---------------------------------------------------------------- accounts


def test_declared_institution_aliases_are_confirmed(engine: Engine) -> None:
    imported(engine, EXAMPLES / "accounts.csv")
    accounts = accounts_by_name(engine)
    assert len(accounts) == 4
    for key, institution in {
        ("xhs", "中国银行广东省分行"): "中国银行",  # declared 中行
        ("xhs", "中国银行北京市分行"): "中国银行",
        ("xhs", "招商银行"): "招商银行",  # declared 招行
        ("wechat", "中国银行"): "中国银行",
    }.items():
        acc = accounts[key]
        assert acc["institution"] == institution, key
        assert acc["builtin"] is True, key
        assert acc["match_status"] == "confirmed", key
        assert acc["match_confidence"] == 1.0, key
    assert accounts[("xhs", "中国银行广东省分行")]["declared_institution"] == "中行"
    assert accounts[("xhs", "中国银行广东省分行")]["region"] == "广东"
    assert user_institutions(engine) == []  # aliases never create institutions


def test_unknown_institution_becomes_a_new_institution(engine: Engine, tmp_path: Path) -> None:
    path = write(
        inbox(tmp_path) / "acc.csv",
        "account,platform,institution,role\n星河数字银行,xhs,星河数字银行,主账号\n",
    )
    imported(engine, path)
    [inst] = user_institutions(engine)
    assert (inst["name"], inst["category"]) == ("星河数字银行", "其他")
    acc = accounts_by_name(engine)[("xhs", "星河数字银行")]
    assert acc["institution_id"] == inst["id"]
    assert acc["match_status"] == "confirmed"
    assert_noop_reimport(engine, path)
    assert len(user_institutions(engine)) == 1


def test_unknown_institution_shared_by_several_accounts(engine: Engine, tmp_path: Path) -> None:
    """Two accounts of a new institution in a file, a third in a later file: one institution."""
    folder = inbox(tmp_path)
    first = write(
        folder / "acc1.csv",
        "account,platform,institution,role\n"
        "星河数字银行,xhs,星河数字银行,主账号\n星河数字银行信用卡,xhs,星河数字银行,信用卡\n",
    )
    second = write(
        folder / "acc2.csv",
        "account,platform,institution,role\n星河数字银行,wechat,星河数字银行,主账号\n",
    )
    assert imported(engine, first).new == 2
    assert imported(engine, second).new == 1
    [inst] = user_institutions(engine)
    accounts = accounts_by_name(engine)
    assert {a["institution_id"] for a in accounts.values()} == {inst["id"]}
    assert {a["match_status"] for a in accounts.values()} == {"confirmed"}


def test_xhs_account_keyed_by_hashed_user_id_joins_crawled_notes(
    engine: Engine, tmp_path: Path
) -> None:
    imported(engine, EXAMPLES / "accounts.csv")
    accounts = accounts_by_name(engine)
    gd = accounts[("xhs", "中国银行广东省分行")]
    assert gd["account_key"] == hash_user_id(GD_UID)
    assert gd["user_id"] == GD_UID
    assert accounts[("xhs", "招商银行")]["account_key"] == hash_user_id(CMB_UID)
    assert accounts[("wechat", "中国银行")]["account_key"] == "name:中国银行"  # no user id: by name
    notes = write(
        inbox(tmp_path) / "search_contents.jsonl",
        note_line(
            "6a1b2c3d0000000001000001",
            GD_UID,
            "中国银行广东省分行",
            "积存金怎么买",
            1_750_834_200_000,
        ),
    )
    result = imported(engine, notes)
    assert result.entities["account"] == {"new": 0, "updated": 0, "unchanged": 1}
    [note] = table_rows(engine, models.Note)
    assert note["account_key"] == gd["account_key"]
    after = accounts_by_name(engine)
    assert len(after) == 4
    kept = after[("xhs", "中国银行广东省分行")]
    assert (kept["institution"], kept["match_status"], kept["role"]) == (
        "中国银行",
        "confirmed",
        "分行",
    )


def test_crawled_account_then_registry_is_confirmed(engine: Engine, tmp_path: Path) -> None:
    """Order independence: the crawler saw the account first, the registry declares it later."""
    notes = write(
        inbox(tmp_path) / "n.jsonl",
        note_line("6a1b2c3d0000000001000002", CMB_UID, "招商银行", "信用卡权益", 1_750_834_200_000),
    )
    imported(engine, notes)
    imported(engine, EXAMPLES / "accounts.csv")
    account = models.Account.__table__
    [cmb] = table_rows(engine, models.Account, account.c.account_key == hash_user_id(CMB_UID))
    assert cmb["match_status"] == "confirmed"
    assert cmb["declared_institution"] == "招行"
    assert accounts_by_name(engine)[("xhs", "招商银行")]["institution"] == "招商银行"
    assert len(table_rows(engine, models.Account)) == 4


def test_user_id_taken_from_profile_url(sqlite_engine: Engine, tmp_path: Path) -> None:
    uid = "60ab12cd000000000100ef01"
    path = write(
        inbox(tmp_path) / "acc.csv",
        "account,platform,institution,role,profile_url\n"
        f"平安银行,xhs,平安银行,主账号,https://www.xiaohongshu.com/user/profile/{uid}?xsec_source=pc\n",
    )
    imported(sqlite_engine, path)
    [acc] = table_rows(sqlite_engine, models.Account)
    assert (acc["account_key"], acc["user_id"]) == (hash_user_id(uid), uid)


def test_followers_stored_as_account_snapshots(engine: Engine) -> None:
    imported(engine, EXAMPLES / "accounts.csv")
    snaps = {s["account_key"]: s for s in table_rows(engine, models.AccountSnapshot)}
    assert len(snaps) == 3  # the WeChat row has no follower count
    cmb = snaps[hash_user_id(CMB_UID)]
    assert cmb["followers"] == 481_000  # 48.1万
    assert cmb["followers_is_floor"] is False
    assert cmb["captured_at"] == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)  # 2026-11-20 Shanghai
    assert snaps[hash_user_id(GD_UID)]["followers"] == 38_600
    assert {s["source_kind"] for s in snaps.values()} == {"bank_registry"}
    assert_noop_reimport(engine, EXAMPLES / "accounts.csv")


# ---------------------------------------------------------------- conversions


def test_conversion_stage_names_normalised(engine: Engine, tmp_path: Path) -> None:
    imported(engine, EXAMPLES / "conversions.csv")
    stored = {c["conversion_key"]: c["stage"] for c in table_rows(engine, models.Conversion)}
    assert stored == {
        "C-0001": "click",
        "C-0002": "application",
        "C-0003": "approved",
        "C-0004": "lead",
    }
    zh = write(
        inbox(tmp_path) / "zh.csv",
        "conversion_id,tracking_code,stage,product,time\n"
        + "".join(
            f"Z-{i},RF-Z,{stage},wealth,2026-11-0{i} 10:00\n"
            for i, stage in enumerate(["点击", "落地页", "留资", "申请", "核准"], 1)
        ),
    )
    imported(engine, zh)
    conv = models.Conversion.__table__
    rows = table_rows(engine, models.Conversion, conv.c.tracking_code == "RF-Z")
    assert [r["stage"] for r in rows] == ["click", "landing", "lead", "application", "approved"]


def test_unknown_stage_is_rejected_naming_row_and_field(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = write(
        inbox(tmp_path) / "c.csv",
        "conversion_id,tracking_code,stage,product,time\n"
        "A,RF,click,wealth,2026-11-01\nB,RF,随便,wealth,2026-11-01\n",
    )
    result = only(ingest_paths(sqlite_engine, [path]))
    assert result.status == "rejected"
    assert (result.errors[0]["row"], result.errors[0]["field"]) == (3, "stage")
    assert table_rows(sqlite_engine, models.Conversion) == []


def test_conversion_id_dedupe(engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    header = "conversion_id,tracking_code,stage,product,value,time\n"
    path = write(
        folder / "c1.csv",
        header + "D-1,RF-D,approved,credit_card,100,2026-11-01 10:00\n"
        "D-2,RF-D,click,credit_card,,2026-11-01 09:00\n"
        "D-1,RF-D,approved,credit_card,150,2026-11-01 10:00\n",
    )
    first = imported(engine, path)
    assert first.new == 2
    stored = {c["conversion_key"]: c["value"] for c in table_rows(engine, models.Conversion)}
    assert stored == {"D-1": 150, "D-2": None}  # the later row of a duplicate id wins
    assert_noop_reimport(engine, path)
    changed = write(
        folder / "c2.csv", header + "D-1,RF-D,approved,credit_card,200,2026-11-01 10:00\n"
    )
    result = imported(engine, changed)
    assert (result.new, result.updated) == (0, 1)
    stored = {c["conversion_key"]: c["value"] for c in table_rows(engine, models.Conversion)}
    assert stored == {"D-1": 200, "D-2": None}


def test_conversion_without_id_gets_content_hash(engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    header = "conversion_id,tracking_code,stage,product,value,time\n"
    lines = [
        ",RF-H,click,credit_card,,2026-11-01 10:00\n",
        ",RF-H,lead,credit_card,,2026-11-01 10:05\n",
        ",RF-H,approved,credit_card,300,2026-11-02 10:00\n",
    ]
    path = write(folder / "h1.csv", header + "".join(lines))
    assert imported(engine, path).new == 3
    keys = {c["conversion_key"] for c in table_rows(engine, models.Conversion)}
    assert len(keys) == 3 and all(keys)
    assert_noop_reimport(engine, path)
    # the same events in another file, another order, another encoding: the same ids
    same = write(folder / "h2.csv", header + "".join(reversed(lines)), encoding="gb18030")
    result = imported(engine, same)
    assert (result.new, result.updated, result.unchanged) == (0, 0, 3)
    assert {c["conversion_key"] for c in table_rows(engine, models.Conversion)} == keys


# ---------------------------------------------------------------- spend


def test_spend_creates_campaigns(engine: Engine) -> None:
    result = imported(engine, EXAMPLES / "spend.csv")
    assert result.entities["campaign"]["new"] == 1
    [campaign] = table_rows(engine, models.Campaign)
    assert (campaign["campaign_key"], campaign["name"]) == ("CMP-2026-11-CARD", "双11信用卡分期")
    spend = {s["channel"]: s for s in table_rows(engine, models.Spend)}
    assert set(spend) == {"xhs_juguang", "wechat"}
    jg = spend["xhs_juguang"]
    assert (jg["campaign_key"], jg["amount"], jg["impressions"], jg["clicks"], jg["note_key"]) == (
        "CMP-2026-11-CARD",
        12500.0,
        480_000,
        9_600,
        "67a1b2c3000000000b00d1e2",
    )
    assert (jg["period_start"], jg["period_end"]) == (date(2026, 11, 1), date(2026, 11, 7))
    assert (spend["wechat"]["amount"], spend["wechat"]["impressions"]) == (8000.0, None)
    assert_noop_reimport(engine, EXAMPLES / "spend.csv")


def test_spend_end_before_start_rejected(engine: Engine, tmp_path: Path) -> None:
    path = write(
        inbox(tmp_path) / "s.csv",
        "campaign_id,campaign,channel,period_start,period_end,amount\n"
        "CMP-A,A,xhs,2026-11-01,2026-11-07,100\n"
        "CMP-B,B,xhs,2026-11-09,2026-11-08,200\n",
    )
    result = only(ingest_paths(engine, [path]))
    assert result.status == "rejected"
    [error] = result.errors
    assert (error["row"], error["field"]) == (3, "period_end")
    assert "第 3 行" in error["text"] and "period_end" in error["text"]
    assert table_rows(engine, models.Spend) == []
    assert table_rows(engine, models.Campaign) == []  # the good first row is rolled back too


# ---------------------------------------------------------------- FAQ


def test_faq_changed_answer_becomes_a_new_version(engine: Engine, tmp_path: Path) -> None:
    imported(engine, EXAMPLES / "faq.csv")
    faq = models.FaqEntry.__table__
    [v1] = table_rows(engine, models.FaqEntry, faq.c.faq_key == "FAQ-GOLD-01")
    assert (v1["version"], v1["is_current"], v1["status"]) == (1, True, "approved")
    [hours] = table_rows(engine, models.FaqEntry, faq.c.faq_key == "FAQ-HOURS-01")
    assert hours["status"] == "draft"
    new_answer = "积存金兑换实物金条需支付加工费，具体标准以网点公示为准。"
    changed = write(
        inbox(tmp_path) / "faq2.csv",
        "id,question,answer,category,status\n"
        f"FAQ-GOLD-01,积存金兑换实物黄金收费吗？,{new_answer},黄金,approved\n",
    )
    result = imported(engine, changed)
    assert (result.new, result.updated) == (0, 1)
    versions = table_rows(engine, models.FaqEntry, faq.c.faq_key == "FAQ-GOLD-01")
    assert [(v["version"], v["is_current"], v["answer"]) for v in versions] == [
        (1, False, v1["answer"]),
        (2, True, new_answer),
    ]
    assert stored_counts(engine)["faq_entries"] == 4  # current versions
    assert len(table_rows(engine, models.FaqEntry)) == 5
    assert_noop_reimport(engine, changed)
    assert len(table_rows(engine, models.FaqEntry, faq.c.faq_key == "FAQ-GOLD-01")) == 2


def test_faq_status_defaults_to_draft(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = write(
        inbox(tmp_path) / "f.csv",
        "id,question,answer,status\nF-1,问1,答1,\nF-2,问2,答2,已审核\nF-3,问3,答3,草稿\n",
    )
    imported(sqlite_engine, path)
    status = {f["faq_key"]: f["status"] for f in table_rows(sqlite_engine, models.FaqEntry)}
    assert status == {"F-1": "draft", "F-2": "approved", "F-3": "draft"}


# ---------------------------------------------------------------- DM transcripts


def all_stored_values(engine: Engine) -> list[str]:
    out = []
    with engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                out.extend(str(v) for v in row if v is not None)
    return out


def test_dm_phone_masked_before_storage(engine: Engine) -> None:
    imported(engine, EXAMPLES / "dm_transcripts.csv")
    message = models.Message.__table__
    with engine.connect() as conn:
        texts = dict(conn.execute(select(message.c.message_key, message.c.text)).all())
    assert set(texts) == {"M-0001", "M-0002", "M-0003"}
    assert PHONE not in texts["M-0001"]
    assert not re.search(r"\d{11}", texts["M-0001"])
    assert texts["M-0001"].startswith("你好，想问下怎么查询原始票据？我手机")  # the rest is kept
    assert texts["M-0003"] == "积存金换金条要手续费吗"
    assert not any(PHONE in v for v in all_stored_values(engine))


def test_dm_linked_to_registry_account_either_order(engine: Engine) -> None:
    imported(engine, EXAMPLES / "dm_transcripts.csv")  # before the registry knows the account
    imported(engine, EXAMPLES / "accounts.csv")
    rows = table_rows(engine, models.Message)
    assert {r["account_key"] for r in rows} == {hash_user_id(GD_UID)}
    assert {r["message_key"]: r["direction"] for r in rows} == {
        "M-0001": "customer",
        "M-0002": "brand",
        "M-0003": "customer",
    }  # 客户 → customer
    result = imported(engine, EXAMPLES / "dm_transcripts.csv")
    assert (result.new, result.updated, result.unchanged) == (0, 0, 3)
    assert {r["account_key"] for r in table_rows(engine, models.Message)} == {hash_user_id(GD_UID)}


def test_dm_after_registry_is_linked_and_reimport_is_noop(engine: Engine) -> None:
    imported(engine, EXAMPLES / "accounts.csv")
    imported(engine, EXAMPLES / "dm_transcripts.csv")
    assert {r["account_key"] for r in table_rows(engine, models.Message)} == {hash_user_id(GD_UID)}
    assert_noop_reimport(engine, EXAMPLES / "dm_transcripts.csv")


def test_dm_without_message_id_is_idempotent(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = write(
        inbox(tmp_path) / "dm.csv",
        "conversation_id,message_id,account,platform,sender,text,time\n"
        "T-1,,招商银行,xhs,customer,加我微信 abc_123456 电话 13912345678,2026-11-18 09:12:00\n"
        "T-1,,招商银行,xhs,官方,您好，请勿留联系方式,2026-11-18 09:20:00\n",
    )
    assert imported(sqlite_engine, path).new == 2
    assert_noop_reimport(sqlite_engine, path)
    values = all_stored_values(sqlite_engine)
    assert not any("13912345678" in v or "abc_123456" in v for v in values)


# ---------------------------------------------------------------- WeChat / Douyin posts


def test_wechat_posts_platform_from_header_words(engine: Engine) -> None:
    result = imported(engine, EXAMPLES / "wechat_posts.csv")
    assert result.format == "platform.posts.csv"
    notes = {n["title"]: n for n in table_rows(engine, models.Note)}
    assert len(notes) == 2
    first = notes["五一假期网点营业时间安排"]
    assert (first["platform"], first["account_key"], first["note_type"]) == (
        "wechat",
        "name:中国银行",
        "图文",
    )
    assert first["published_at"] == datetime(2026, 4, 28, 10, 0, tzinfo=UTC)
    assert (first["likes"], first["collects"], first["comments"], first["shares"]) == (
        1500,
        420,
        88,
        2300,
    )
    snap = {s["note_key"]: s for s in table_rows(engine, models.NoteSnapshot)}[first["note_key"]]
    assert (snap["impressions"], snap["views"], snap["follower_gain"]) == (1_200_000, 86_000, 310)
    [account] = table_rows(engine, models.Account)
    assert (account["platform"], account["name"]) == ("wechat", "中国银行")
    assert_noop_reimport(engine, EXAMPLES / "wechat_posts.csv")


def test_posts_capture_time_column_dates_the_snapshot(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = inbox(tmp_path) / "wechat.csv"
    path.write_text(
        "公众号名称,标题,发表时间,阅读次数,点赞,统计时间\n"
        "中国银行,五一网点营业时间,2026-04-28 10:00,86000,1500,2026年05月02日09时30分00秒\n",
        encoding="utf-8",
    )
    assert imported(sqlite_engine, path).new == 1
    [snap] = table_rows(sqlite_engine, models.NoteSnapshot)
    # Shanghai wall-clock time in the file, stored as UTC; not the file's modification time
    assert snap["captured_at"] == datetime(2026, 5, 2, 1, 30, tzinfo=UTC)


def test_douyin_posts_xlsx(engine: Engine, tmp_path: Path) -> None:
    path = inbox(tmp_path) / "作品数据.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(2026, 7, 1, 12, 0, 0)})
    ws = wb.add_worksheet("作品列表")
    ws.write_row(
        0,
        0,
        [
            "抖音号名称",
            "作品ID",
            "作品名称",
            "发布时间",
            "曝光量",
            "播放量",
            "点赞量",
            "评论量",
            "分享量",
            "收藏量",
            "涨粉量",
            "作品链接",
        ],
    )
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(1, 0, ["招商银行", "7390000000000000001", "信用卡还款日怎么改"])
    ws.write_datetime(1, 3, datetime(2026, 6, 25, 14, 50), fmt)
    ws.write_row(
        1,
        4,
        [52000, 31000, 870, 45, 120, 300, 66, "https://www.douyin.com/video/7390000000000000001"],
    )
    ws.write_row(
        2,
        0,
        [
            "招商银行",
            "",
            "理财小课堂",
            "2026-06-26 20:00",
            "1.2万",
            "8000",
            "-",
            "0",
            "3",
            "10",
            "-",
            "",
        ],
    )
    wb.close()
    result = imported(engine, path)
    assert result.format == "platform.posts.xlsx"
    assert result.new == 2
    notes = {n["title"]: n for n in table_rows(engine, models.Note)}
    video = notes["信用卡还款日怎么改"]
    assert (video["platform"], video["note_key"], video["note_type"]) == (
        "douyin",
        "7390000000000000001",
        "视频",
    )
    assert video["published_at"] == datetime(2026, 6, 25, 6, 50, tzinfo=UTC)
    assert (video["likes"], video["comments"], video["shares"], video["collects"]) == (
        870,
        45,
        120,
        300,
    )
    assert notes["理财小课堂"]["note_key"]  # content hash when 作品ID is empty
    assert notes["理财小课堂"]["likes"] is None  # '-' is unknown, not zero
    snaps = {s["note_key"]: s for s in table_rows(engine, models.NoteSnapshot)}
    assert (snaps[video["note_key"]]["views"], snaps[video["note_key"]]["follower_gain"]) == (
        31000,
        66,
    )
    assert snaps[video["note_key"]]["captured_at"] == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert snaps[notes["理财小课堂"]["note_key"]]["impressions"] == 12_000
    assert {a["platform"] for a in table_rows(engine, models.Account)} == {"douyin"}
    assert_noop_reimport(engine, path)


def test_posts_without_platform_words_or_column_rejected(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = write(
        inbox(tmp_path) / "posts.csv",
        "account,title,published_at,views,likes\n中国银行,标题一,2026-05-01 10:00,100,5\n",
    )
    result = only(ingest_paths(sqlite_engine, [path]))
    assert result.status == "rejected"
    assert result.format == "platform.posts.csv"
    assert result.errors[0]["field"] == "platform"
    assert table_rows(sqlite_engine, models.Note) == []
    # the same file with a platform column is fine
    ok = write(
        inbox(tmp_path) / "posts_ok.csv",
        "platform,account,title,published_at,views,likes\n"
        "抖音,中国银行,标题一,2026-05-01 10:00,100,5\n",
    )
    imported(sqlite_engine, ok)
    [note] = table_rows(sqlite_engine, models.Note)
    assert note["platform"] == "douyin"


def test_posts_blank_platform_cell_rejected_naming_row_and_field(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = write(
        inbox(tmp_path) / "posts.csv",
        "平台,账号,标题,发布时间,阅读量\n"
        "wechat,中国银行,标题一,2026-05-01 10:00,100\n"
        ",中国银行,标题二,2026-05-02 10:00,200\n",
    )
    result = only(ingest_paths(sqlite_engine, [path]))
    assert result.status == "rejected"
    [error] = result.errors
    assert (error["row"], error["field"]) == (3, "platform"), error["text"]
    assert table_rows(sqlite_engine, models.Note) == []


# ---------------------------------------------------------------- re-imports


@pytest.mark.parametrize("name", sorted(EXPECTED_FORMAT))
def test_every_example_reimport_is_a_noop(engine: Engine, name: str) -> None:
    first = imported(engine, EXAMPLES / name)
    assert first.new == EXPECTED_NEW[name]
    assert_noop_reimport(engine, EXAMPLES / name)
