"""Web app fixtures: one user per role, a small bank with two branches, a logged-in client.

Passwords are hashed with cheap argon2 parameters here (the production defaults take a quarter
second per hash, which would dominate the suite); the hashing code path is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from web_helpers import PASSWORD, ROLES, TestClient, add_account, login

from redfunnel.config import Settings
from redfunnel.web.app import create_app
from redfunnel.web.auth import set_password_hasher
from redfunnel.web.users import Grant, add_user


@pytest.fixture(autouse=True, scope="session")
def cheap_hasher() -> Iterator[None]:
    set_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    set_password_hasher(PasswordHasher())


@pytest.fixture
def bank(engine: Engine) -> dict[str, int]:
    """Accounts of two branches (广东 on two platforms, 北京) and the head office."""
    return {
        "gd": add_account(engine, "中国银行广东省分行", owner_team="广东省分行个人金融部", region="广东"),
        "gd_wechat": add_account(engine, "中国银行广东省分行", platform="wechat",
                                 owner_team="广东省分行个人金融部", region="广东"),
        "bj": add_account(engine, "中国银行北京市分行", owner_team="北京市分行个人金融部", region="北京"),
        "hq": add_account(engine, "中国银行", owner_team="总行网络金融部新媒体组"),
    }


@pytest.fixture
def users(engine: Engine, bank: dict[str, int]) -> dict[str, int]:
    """One user per role named after it (the operator holds the 广东 team), an operator of 北京
    and a second 广东 operator (a peer reviewer)."""
    ids = {}
    for role in ROLES:
        grants = [Grant("team", "广东省分行个人金融部")] if role == "operator" else []
        ids[role] = add_user(engine, role, role, actor="test", password=PASSWORD, grants=grants)[0].id
    ids["operator_bj"] = add_user(engine, "operator_bj", "operator", actor="test", password=PASSWORD,
                                  grants=[Grant("account", "中国银行北京市分行")])[0].id
    ids["operator_gd2"] = add_user(engine, "operator_gd2", "operator", actor="test",
                                   password=PASSWORD,
                                   grants=[Grant("account", "中国银行广东省分行")])[0].id
    return ids


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> Any:
    return create_app(engine, Settings(home=tmp_path))


@pytest.fixture
def client_for(app: Any, users: dict[str, int]) -> Iterator[Any]:
    """``client_for(name)``: a TestClient logged in as that user."""
    made: list[TestClient] = []

    def make(name: str) -> TestClient:
        client = TestClient(app, base_url="http://127.0.0.1")
        made.append(client)
        response = login(client, name)
        assert response.status_code == 303, response.text[:300]
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def anon(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client
