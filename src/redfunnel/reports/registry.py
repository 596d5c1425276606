"""Where each report section is built: ``kind -> "module:function"``.

Each function has the signature ``build_section(engine: Engine, *, now: datetime | None = None,
**options) -> Section``. ``redfunnel report all`` writes every section in this order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from redfunnel.reports.model import Section

SECTION_BUILDERS: dict[str, str] = {
    "landscape": "redfunnel.landscape.report:build_section",
    "content": "redfunnel.content.report:build_section",
    "inbox": "redfunnel.inbox.report:build_section",
    "compliance": "redfunnel.compliance.report:build_section",
    "funnel": "redfunnel.funnel.report:build_section",
}

SECTION_TITLES: dict[str, str] = {
    "landscape": "行业格局",
    "content": "内容分析",
    "inbox": "互动收件箱",
    "compliance": "合规审核",
    "funnel": "转化与ROI",
}


def section_builder(kind: str) -> Callable[..., Section] | None:
    """The builder function of one section kind, or ``None`` while its module does not exist.

    ``KeyError`` for an unknown kind. A missing domain module leaves its section out of reports
    and pages (with a notice) instead of breaking them; any other import error is a bug and raised.
    """
    module, func = SECTION_BUILDERS[kind].split(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, func, None)
