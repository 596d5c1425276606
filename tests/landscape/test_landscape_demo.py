"""The demo world through `redfunnel landscape`, `diagnose` and `report`: the article's facts hold.

The demo world is written and ingested once for this module (about half a minute); every test
reads that store through the command line, as a user would.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.demo import DEMO_NOW, write_demo_world
from redfunnel.demo.catalog import XHS_ACCOUNTS
from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.landscape.rankings import ACCOUNT_FIELDS
from redfunnel.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("landscape_demo")
    write_demo_world(home / "demo-data")
    engine = open_store(f"sqlite:///{home / 'redfunnel.db'}")
    try:
        assert all(not r.rejected for r in ingest_paths(engine, [home / "demo-data"]))
    finally:
        engine.dispose()
    return home


def run_json(home: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["--home", str(home), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def landscape(home: Path) -> dict[str, Any]:
    return run_json(home, "landscape")


def test_landscape_lists_the_bank_accounts_with_calibration_figures(
    landscape: dict[str, Any],
) -> None:
    accounts = {a["account"]: a for a in landscape["accounts"]}
    assert len(accounts) >= 60
    assert all(set(ACCOUNT_FIELDS) <= set(a) for a in accounts.values())
    assert (
        landscape["accounts"][0]["account"] == "招商银行"
        and accounts["招商银行"]["followers"] == 481_200
    )
    assert accounts["招商银行"]["tier"] == "头部" and accounts["招商银行"]["rank"] == 1
    assert accounts["中信银行信用卡"]["followers"] == 125_300
    assert accounts["光大银行微银行"]["followers"] == 97_100
    assert accounts["恒丰银行"]["followers"] == 49_200
    assert sum(a["followers"] >= 10_000 for a in accounts.values()) == 29
    ningbo = next(i for i in landscape["institutions"] if i["institution"] == "宁波银行")
    assert abs(ningbo["followers_total"] - 200_000) <= 4_000 and ningbo["accounts"] == 3
    assert set(ningbo["by_role"]) == {"主账号", "信用卡", "产品"}
    boc = {b["region"]: b["followers"] for b in landscape["regional"]["中国银行"]}
    assert boc["广东"] > 5 * max(boc["北京"], boc["上海"])


def test_as_of_is_the_latest_crawl_not_the_wall_clock(landscape: dict[str, Any]) -> None:
    from datetime import datetime

    as_of = datetime.fromisoformat(landscape["as_of"])
    # the newest capture is the creator-centre export made at DEMO_NOW (its xlsx "created" time)
    assert as_of == DEMO_NOW


def test_stopped_and_slowing_accounts_match_the_demo_truth(landscape: dict[str, Any]) -> None:
    status = {a["account"]: a["status"] for a in landscape["accounts"]}
    stopped = {s.name for s in XHS_ACCOUNTS if s.cadence == "stopped"}
    slowing = {s.name for s in XHS_ACCOUNTS if s.cadence == "slowing"}
    assert {n for n, s in status.items() if s == "stopped"} == stopped
    assert {n for n, s in status.items() if s == "slowing"} == slowing
    bands = {a["account"]: a["cadence_band"] for a in landscape["accounts"]}
    assert all(bands[s.name] == "隔几日" for s in XHS_ACCOUNTS if s.cadence == "few_days")
    assert all(bands[s.name] == "周更" for s in XHS_ACCOUNTS if s.cadence == "weekly")


def test_category_filter(home: Path) -> None:
    doc = run_json(home, "landscape", "--category", "城商行")
    assert doc["accounts"] and {a["institution_category"] for a in doc["accounts"]} == {"城商行"}
    assert doc["accounts"][0]["account"] == "宁波银行"


def test_diagnose_a_slowing_account(home: Path) -> None:
    doc = run_json(home, "diagnose", "苏州银行")
    cadence = next(f for f in doc["findings"] if f["topic"] == "发布节奏")
    assert cadence["level"] == "警告" and "由周更降为月更" in cadence["text"]
    assert (
        re.search(r"近60天仅发布\d篇", cadence["text"]) and "同梯队中位数为每周" in cadence["text"]
    )
    assert doc["peers"]["count"] >= 3 and doc["top_notes"] and doc["followers_trend"]
    assert {f["topic"] for f in doc["findings"]} >= {"发布节奏", "粉丝增长", "互动表现", "评论回复"}


def test_diagnose_unknown_account_fails_in_chinese(home: Path) -> None:
    result = runner.invoke(app, ["--home", str(home), "diagnose", "不存在的银行"])
    assert result.exit_code == 2 and "没有名为" in result.output


def test_report_files_state_the_calibration_facts(home: Path, tmp_path: Path) -> None:
    doc = run_json(home, "report", "landscape", "--out", str(tmp_path))
    html = Path(doc["files"]["html"]).read_text(encoding="utf-8")
    for fact in (
        "招商银行以48.1万粉丝居首",
        "中信银行信用卡 12.5万",
        "光大银行微银行 9.7万",
        "恒丰银行 4.9万",
        "宁来花",
        "合计20.1万",
        "中国银行广东省分行 3.8万",
        "粉丝过万的账号29个",
        "停更（60天以上未发布）5个",
    ):
        assert fact in html, fact
    book = openpyxl.load_workbook(doc["files"]["xlsx"])
    sheet = book["accounts"]
    header = [c.value for c in sheet[3]]
    rows = {
        r[1]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=4, values_only=True)
    }
    assert rows["招商银行"]["粉丝"] == 481_200 and rows["恒丰银行"]["粉丝"] == 49_200
    assert any("宁波银行" in (c.value or "") for c in book["概要"]["A"])
    with zipfile.ZipFile(doc["files"]["xlsx"]) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) >= 4
