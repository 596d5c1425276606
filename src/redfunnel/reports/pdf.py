"""PDF reports: the HTML report printed by headless Chromium.

Printing the very HTML the other formats come from keeps one layout (ECharts charts included,
since Chromium runs the inlined script) instead of a second PDF layout to maintain. Chromium is
Debian's ``chromium`` package and CJK glyphs come from ``fonts-noto-cjk`` (both installed by
``scripts/system-deps.sh``); it runs with networking-related features off and a throw-away
profile, so printing never reaches out and parallel runs do not share a profile lock.
``--virtual-time-budget`` lets chart scripts (and their animations) finish before printing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from redfunnel.reports.model import Report

CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfError(RuntimeError):
    """Printing failed; the message (Chinese) says why and what to install."""


def find_chromium() -> str | None:
    """``REDFUNNEL_CHROMIUM``, else the first Chromium on ``PATH``, else ``/usr/bin/chromium``."""
    explicit = os.environ.get("REDFUNNEL_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def html_to_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 180.0,
                chromium: str | None = None, budget_ms: int = 15000) -> Path:
    """Print ``html_path`` (a local file) to ``pdf_path`` with headless Chromium."""
    browser = chromium or find_chromium()
    if browser is None:
        raise PdfError("未找到 Chromium：请安装 Debian 的 chromium 与 fonts-noto-cjk "
                       "（scripts/system-deps.sh chromium fonts-noto-cjk），或设置 REDFUNNEL_CHROMIUM")
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise PdfError(f"找不到要打印的 HTML 文件：{html_path}")
    pdf_path = Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    if pdf_path.exists():
        pdf_path.unlink()
    with tempfile.TemporaryDirectory(prefix="redfunnel-chromium-") as profile:
        cmd = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--virtual-time-budget={budget_ms}", f"--print-to-pdf={pdf_path}",
               html_path.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium 打印超时（{timeout:.0f} 秒）：{html_path}") from exc
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise PdfError(f"Chromium 未生成 PDF（退出码 {done.returncode}）：{' '.join(tail)}")
    with pdf_path.open("rb") as fh:
        if fh.read(5) != b"%PDF-":
            raise PdfError(f"Chromium 输出的不是 PDF：{pdf_path}")
    return pdf_path


def html_text_to_pdf(html: str, pdf_path: Path, **kwargs: object) -> Path:
    """Print an HTML document given as text (written to a temporary file first)."""
    with tempfile.TemporaryDirectory(prefix="redfunnel-report-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(html, encoding="utf-8")
        return html_to_pdf(source, pdf_path, **kwargs)  # type: ignore[arg-type]


def write_pdf(report: Report, path: Path, *, notices: list[str] | None = None) -> Path:
    """The report writer for ``--format pdf``: the HTML report (charts drawn without animation,
    so nothing is caught mid-transition) printed by Chromium."""
    from redfunnel.reports.html import render_html

    html = render_html(_still(report), notices=notices)
    return html_text_to_pdf(html, Path(path))


def _still(report: Report) -> Report:
    """A copy of ``report`` whose chart options have animation switched off."""
    sections = []
    for section in report.sections:
        charts = [replace(c, option={**c.option, "animation": False}) for c in section.charts]
        sections.append(replace(section, charts=charts))
    return replace(report, sections=sections)
