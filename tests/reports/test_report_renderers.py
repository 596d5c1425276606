"""HTML and XLSX renderers and report assembly, on a small hand-made report."""

from __future__ import annotations

import html
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from redfunnel.reports import build as report_build
from redfunnel.reports.html import cell, render_html, write_html
from redfunnel.reports.model import Chart, Report, Section, Table
from redfunnel.reports.xlsx import write_xlsx


def sample_report() -> Report:
    table = Table(
        "ranking",
        "账号排名",
        ["账号", "粉丝", "增长率", "备注"],
        [
            ["招商银行", 481_200, 8.25, None],
            ["宁来花", 45_300, -0.5, {"图文": 3}],
            ["<b>坏人</b>", 12, None, "x"],
        ],
        note="粉丝取最新快照",
    )
    chart = Chart(
        "top",
        "粉丝前列",
        {
            "animation": False,
            "xAxis": {"type": "value"},
            "yAxis": {"type": "category", "data": ["it's", "</script><b>"]},
            "series": [{"type": "bar", "data": [1, 2]}],
        },
        table="ranking",
        kind="bar",
        category_column=0,
        value_columns=[1],
    )
    section = Section(
        "landscape",
        "行业格局",
        summary=["招商银行以48.1万粉丝居首。", "<script>alert(1)</script>"],
        charts=[chart],
        tables=[table],
        caveats=["粉丝为简单相加"],
    )
    return Report(
        "测试报告",
        datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        [section],
        subtitle="数据截至 2026-11-20",
    )


def test_html_is_self_contained_escaped_and_carries_chart_options(tmp_path: Path) -> None:
    path = write_html(
        sample_report(), tmp_path / "r.html", notices=["未包含“内容分析”：该部分尚未提供"]
    )
    text = path.read_text(encoding="utf-8")
    assert "招商银行以48.1万粉丝居首。" in text and "未包含“内容分析”" in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)" in text
    assert "&lt;b&gt;坏人&lt;/b&gt;" in text
    assert not re.search(r"<script[^>]+src=", text) and "http://" not in text.split("<script>")[0]
    assert "echarts" in text and len(text) > 1_000_000  # the library is inlined
    (raw,) = re.findall(r"data-option='([^']*)'", text)
    option = json.loads(html.unescape(raw))
    assert option["yAxis"]["data"] == ["it's", "</script><b>"]
    assert "481,200" in text and "生成时间：2026-11-20 10:00" in text
    assert text.count("</script>") == 2  # the library and the initialiser; none from data


def test_html_without_inlined_library_is_small() -> None:
    assert len(render_html(sample_report(), inline_echarts=False)) < 20_000


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (481200, "481,200"),
        (8.25, "8.25"),
        (1234.0, "1,234"),
        (True, "是"),
        ({"图文": 3}, "图文 3"),
        (float("nan"), "—"),
    ],
)
def test_cell_formatting(value: object, text: str) -> None:
    assert cell(value) == text


def test_xlsx_has_summary_typed_tables_and_native_chart(tmp_path: Path) -> None:
    path = write_xlsx(sample_report(), tmp_path / "r.xlsx", notices=["提示一条"])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["概要", "ranking"]
    summary = [c.value for c in book["概要"]["A"] if c.value]
    assert (
        "测试报告" in summary
        and "• 招商银行以48.1万粉丝居首。" in summary
        and "提示一条" in summary
    )
    sheet = book["ranking"]
    assert [c.value for c in sheet[3]] == ["账号", "粉丝", "增长率", "备注"]
    assert sheet["B4"].value == 481_200 and isinstance(sheet["B4"].value, int)
    assert sheet["C5"].value == -0.5 and sheet["D4"].value is None
    assert json.loads(sheet["D5"].value) == {"图文": 3}
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = z.read(charts[0]).decode()
    assert len(charts) == 1 and "<c:barChart>" in xml
    assert "ranking!$B$4:$B$6" in xml and "ranking!$A$4:$A$6" in xml


def test_sheet_names_stay_unique_across_sections(tmp_path: Path) -> None:
    report = sample_report()
    other = Section("content", "内容", tables=[Table("ranking", "排名", ["a"], [[1]])])
    report.sections.append(other)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    assert book.sheetnames == ["概要", "landscape_ranking", "content_ranking"]


def test_missing_sections_are_skipped_and_failures_reported(
    monkeypatch: pytest.MonkeyPatch, sqlite_engine
) -> None:
    builders = {
        "landscape": "redfunnel.landscape.report:build_section",
        "ghost": "redfunnel.ghost.report:build_section",
        "broken": "tests_broken_module:build_section",
    }
    from redfunnel.reports import registry

    monkeypatch.setattr(report_build, "SECTION_BUILDERS", builders)
    monkeypatch.setattr(registry, "SECTION_BUILDERS", builders)
    import sys
    import types

    broken = types.ModuleType("tests_broken_module")

    def build_section(engine, *, now=None, **options):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    broken.build_section = build_section  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_broken_module", broken)
    built = report_build.build_report(sqlite_engine, "all")
    assert [s.key for s in built.report.sections] == ["landscape"]
    assert built.skipped[0] == ("ghost", "该部分尚未提供")
    assert built.failed == ["broken"] and "boom" in built.skipped[1][1]
    with pytest.raises(RuntimeError):
        report_build.build_report(sqlite_engine, "broken")
