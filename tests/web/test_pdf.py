"""PDF reports printed by headless Chromium, with CJK fonts embedded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from redfunnel.reports.model import Chart, Report, Section, Table
from redfunnel.reports.pdf import PdfError, find_chromium, html_to_pdf, write_pdf

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium 未安装")


def test_report_prints_to_pdf_with_chinese_fonts(tmp_path: Path) -> None:
    section = Section(
        key="landscape", title="行业格局", summary=["招商银行以48.1万粉丝居首。"],
        charts=[Chart("top", "粉丝前三", {"xAxis": {"type": "category", "data": ["招行", "中行", "建行"]},
                                        "yAxis": {"type": "value"},
                                        "series": [{"type": "bar", "data": [481000, 52300, 9000]}]})],
        tables=[Table("top", "粉丝排名", ["账号", "粉丝"], [["招商银行", 481000], ["中国银行", 52300]])])
    report = Report("银行新媒体行业格局报告", datetime(2026, 11, 20, 2, tzinfo=UTC), [section])
    pdf = write_pdf(report, tmp_path / "out" / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"NotoSansCJK" in data  # Chinese glyphs come from fonts-noto-cjk, not tofu boxes


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="找不到要打印的 HTML 文件"):
        html_to_pdf(tmp_path / "missing.html", tmp_path / "x.pdf", budget_ms=500, timeout=60)
