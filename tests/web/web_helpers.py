"""Helpers shared by the web tests (imported by conftest and the test modules)."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from redfunnel.store.models import Account, Institution

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct-horse-battery"
ROLES = ("admin", "manager", "compliance", "operator", "viewer")

__all__ = ["PASSWORD", "ROLES", "TestClient", "add_account", "csrf_of", "login", "login_token"]


def add_account(engine: Engine, name: str, *, platform: str = "xhs", owner_team: str | None = None,
                institution: str = "中国银行", region: str | None = None) -> int:
    a, i = Account.__table__, Institution.__table__
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with engine.begin() as conn:
        inst = conn.execute(select(i.c.id).where(i.c.name == institution)).scalar()
        return int(conn.execute(a.insert().values(
            platform=platform, account_key=f"name:{name}", name=name, institution_id=inst,
            match_status="confirmed", role="分行", region=region, owner_team=owner_team,
            source_kind="test", imported_at=now, row_hash="0" * 32)).inserted_primary_key[0])


def login_token(client: TestClient) -> str:
    page = client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:300]
    return match.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": login_token(client)}, follow_redirects=False)


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, as the pages embed it."""
    page = client.get("/settings")
    match = re.search(r'"X-CSRF-Token":"([^"]+)"', page.text)
    assert match, page.text[:300]
    return match.group(1)
