"""Demo step: one login per role on the demo world, with generated passwords.

The operators are scoped the way a bank would scope them: two to the 广东 branch team of the demo's
own bank (中国银行广东省分行 on every platform; the second one is the peer who takes the
"operator" review step, since nobody approves their own draft), one to the 北京 branch, so the
demo shows that neither branch can open the other's inbox or drafts. Passwords are generated on every run (re-running the
demo resets them), printed by the demo and kept in ``<home>/demo-logins.txt`` (mode 600), which
``redfunnel serve`` prints again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from redfunnel.web.users import (
    Grant,
    add_user,
    get_user_by_name,
    set_grants,
    set_password,
    update_user,
)

ACTOR = "demo"
DEMO_USERS: list[tuple[str, str, str, list[Grant]]] = [
    ("demo-admin", "admin", "演示管理员", []),
    ("demo-manager", "manager", "新媒体负责人", []),
    ("demo-compliance", "compliance", "合规审核员", []),
    ("demo-gd-operator", "operator", "广东分行运营",
     [Grant("team", "广东省分行个人金融部"), Grant("account", "中国银行广东省分行")]),
    ("demo-gd-reviewer", "operator", "广东分行复核岗",
     [Grant("team", "广东省分行个人金融部"), Grant("account", "中国银行广东省分行")]),
    ("demo-bj-operator", "operator", "北京分行运营",
     [Grant("team", "北京市分行个人金融部"), Grant("account", "中国银行北京市分行")]),
    ("demo-viewer", "viewer", "只读访客", []),
]
LOGINS_FILE = "demo-logins.txt"


def ensure_demo_users(engine: Engine) -> list[tuple[str, str, str]]:
    """Create (or reset) every demo user; returns (name, role, password) triples."""
    logins = []
    for name, role, display, grants in DEMO_USERS:
        existing = get_user_by_name(engine, name)
        if existing is None:
            _user, password = add_user(engine, name, role, actor=ACTOR, display_name=display,
                                       grants=grants)
        else:
            update_user(engine, existing.id, actor=ACTOR, role=role, active=True,
                        display_name=display)
            set_grants(engine, existing.id, grants, actor=ACTOR)
            password = set_password(engine, existing.id, actor=ACTOR)
        assert password is not None
        logins.append((name, role, password))
    return logins


def write_logins(home: Path, logins: list[tuple[str, str, str]]) -> Path:
    from redfunnel.web.roles import ROLE_LABELS

    path = home / LOGINS_FILE
    home.mkdir(parents=True, exist_ok=True)
    lines = ["# redfunnel 演示账号（每次运行 redfunnel demo 重新生成；仅用于演示）"]
    lines += [f"{name}\t{ROLE_LABELS.get(role, role)}\t{password}" for name, role, password in logins]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    logins = ensure_demo_users(engine)
    path = write_logins(home, logins)
    return {"logins_file": str(path),
            "users": "；".join(f"{name} / {password}" for name, _role, password in logins)}
