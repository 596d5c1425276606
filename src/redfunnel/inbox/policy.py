"""The inbox's service levels: business hours, response targets, escalation deadlines.

Defaults follow common practice of Chinese banks' social-media service desks; a workspace can
override any of them in ``<home>/inbox.yaml``, e.g.::

    business_hours: "08:30-17:30"
    complaint_deadline_days: 10
    auto_close_days: 7          # answered, quiet imported conversations are closed after this
    all_accounts: false         # true: also build threads for accounts without an owner team
    first_response_hours: {complaint: 1, inquiry: 4}
    priority_first_response_hours: {high: 1}

Targets are business hours. A thread's first-response target is the stricter of its intent's and
its priority's. The consumer-protection deadline counts calendar days from receipt, as the
regulator's complaint-handling rules do (银行业保险业消费投诉处理管理办法: a decision within 15
days).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from redfunnel.inbox.clock import BusinessCalendar

__all__ = ["InboxPolicy", "SAFE_FRAUD_REPLY", "load_policy"]

SAFE_FRAUD_REPLY = (
    "您好，请提高警惕：银行工作人员不会以任何理由要求您转账到“安全账户”、共享屏幕、下载会议软件，"
    "也不会索要银行卡密码或短信验证码；“代办信用卡”“征信修复”等均不可信。"
    "请勿点击陌生链接、不要向他人透露验证码。如已转账或泄露信息，请立即拨打官方客服热线冻结账户并报警（110）。"
)
"""The anti-fraud desk's standard reply: safe to send without knowing the customer's details."""


@dataclass(frozen=True)
class InboxPolicy:
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    first_response_hours: dict[str, float] = field(default_factory=lambda: {
        "fraud_risk": 1.0, "complaint": 2.0, "lead": 4.0, "inquiry": 8.0,
        "praise": 24.0, "spam": 72.0, "other": 24.0})
    priority_first_response_hours: dict[str, float] = field(default_factory=lambda: {
        "high": 2.0, "normal": 8.0, "low": 24.0})
    resolution_hours: dict[str, float] = field(default_factory=lambda: {
        "fraud_risk": 8.0, "inquiry": 16.0, "lead": 16.0})
    complaint_deadline_days: int = 15
    fraud_deadline_hours: float = 1.0
    auto_close_days: int = 7
    all_accounts: bool = False

    def first_response_target(self, intent: str | None, priority: str | None) -> float:
        """Business hours allowed before the first reply."""
        by_intent = self.first_response_hours.get(intent or "other", 24.0)
        by_priority = self.priority_first_response_hours.get(priority or "normal", 24.0)
        return min(by_intent, by_priority)

    def as_dict(self) -> dict[str, Any]:
        return {
            "business_hours": f"{self.calendar.open_at:%H:%M}-{self.calendar.close_at:%H:%M}",
            "first_response_hours": self.first_response_hours,
            "priority_first_response_hours": self.priority_first_response_hours,
            "resolution_hours": self.resolution_hours,
            "complaint_deadline_days": self.complaint_deadline_days,
            "fraud_deadline_hours": self.fraud_deadline_hours,
            "auto_close_days": self.auto_close_days, "all_accounts": self.all_accounts,
        }


def load_policy(home: Path | None = None) -> InboxPolicy:
    """The default policy, overridden by ``<home>/inbox.yaml`` when that file exists."""
    policy = InboxPolicy()
    if home is None:
        return policy
    path = Path(home) / "inbox.yaml"
    if not path.exists():
        return policy
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: 不是有效的 YAML（{exc}）") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: 顶层必须是映射")
    changes: dict[str, Any] = {}
    if "business_hours" in raw:
        changes["calendar"] = BusinessCalendar.parse_hours(str(raw["business_hours"]))
    for key in ("first_response_hours", "priority_first_response_hours", "resolution_hours"):
        if key in raw:
            if not isinstance(raw[key], dict):
                raise ValueError(f"{path}: 字段 {key} 必须是映射")
            changes[key] = {**getattr(policy, key), **{str(k): float(v) for k, v in raw[key].items()}}
    if "all_accounts" in raw:
        changes["all_accounts"] = bool(raw["all_accounts"])
    for key, kind in (("complaint_deadline_days", int), ("fraud_deadline_hours", float),
                      ("auto_close_days", int)):
        if key in raw:
            try:
                changes[key] = kind(raw[key])
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{path}: 字段 {key} 必须是数字") from exc
    return replace(policy, **changes)
