"""Every route of the app requires a login and the right role; every state change needs CSRF.

The expected roles per route are written out here, independently of ``web.roles``, and the test
fails when the app grows a route this table does not list, so a new route cannot slip in
unprotected or without someone deciding who may use it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from web_helpers import ROLES, TestClient, csrf_of, login

from redfunnel.store.models import AuditEvent
from redfunnel.web.app import route_table

ALL = frozenset(ROLES)
STAFF = frozenset({"admin", "manager", "compliance", "operator"})
PUBLIC = {("GET", "/login"), ("POST", "/login")}

EXPECTED: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/"): ALL,
    ("GET", "/landscape"): ALL,
    ("GET", "/accounts"): ALL,
    ("GET", "/accounts/{account_id}"): ALL,
    ("GET", "/content"): ALL,
    ("GET", "/calendar"): ALL,
    ("GET", "/inbox"): STAFF,
    ("GET", "/inbox/threads/{thread_id}"): STAFF,
    ("POST", "/inbox/threads/{thread_id}/assign"): STAFF,
    ("POST", "/inbox/threads/{thread_id}/reply"): STAFF,
    ("POST", "/inbox/threads/{thread_id}/close"): STAFF,
    ("POST", "/inbox/threads/{thread_id}/replies/{reply_id}/sent"): STAFF,
    ("GET", "/api/inbox/threads"): STAFF,
    ("GET", "/api/inbox/threads/{thread_id}"): STAFF,
    ("GET", "/compliance"): STAFF,
    ("POST", "/compliance/drafts"): frozenset({"admin", "manager", "operator"}),
    ("GET", "/compliance/drafts/{draft_id}"): STAFF,
    ("POST", "/compliance/drafts/{draft_id}/approve"): STAFF,
    ("POST", "/compliance/drafts/{draft_id}/changes"): STAFF,
    ("POST", "/compliance/drafts/{draft_id}/revise"): frozenset({"admin", "manager", "operator"}),
    ("GET", "/funnel"): ALL,
    ("GET", "/reports"): ALL,
    ("GET", "/reports/view"): ALL,
    ("GET", "/settings"): ALL,
    ("POST", "/settings/password"): ALL,
    ("GET", "/settings/users"): frozenset({"admin"}),
    ("POST", "/settings/users"): frozenset({"admin"}),
    ("GET", "/settings/users/{user_id}"): frozenset({"admin"}),
    ("POST", "/settings/users/{user_id}"): frozenset({"admin"}),
    ("POST", "/settings/users/{user_id}/password"): frozenset({"admin"}),
    ("GET", "/settings/ownership"): frozenset({"admin"}),
    ("GET", "/settings/faq"): frozenset({"admin", "compliance"}),
    ("GET", "/settings/rulebook"): frozenset({"admin", "compliance"}),
    ("GET", "/settings/import"): frozenset({"admin"}),
    ("POST", "/settings/import"): frozenset({"admin"}),
    ("GET", "/settings/import/jobs/{job_id}"): frozenset({"admin"}),
    ("GET", "/settings/audit"): frozenset({"admin", "manager", "compliance"}),
    ("POST", "/logout"): ALL,
    ("GET", "/api/openapi.json"): ALL,
    ("GET", "/api/me"): ALL,
    ("GET", "/api/overview"): ALL,
    ("GET", "/api/sections/landscape"): ALL,
    ("GET", "/api/sections/content"): ALL,
    ("GET", "/api/sections/funnel"): ALL,
    ("GET", "/api/sections/inbox"): STAFF,
    ("GET", "/api/sections/compliance"): STAFF,
    ("GET", "/api/accounts"): ALL,
    ("GET", "/api/accounts/{account_id}"): ALL,
    ("GET", "/api/drafts"): STAFF,
    ("GET", "/api/drafts/{draft_id}"): STAFF,
    ("GET", "/api/users"): frozenset({"admin"}),
    ("GET", "/api/faq"): frozenset({"admin", "compliance"}),
    ("GET", "/api/imports"): frozenset({"admin"}),
    ("GET", "/api/imports/jobs/{job_id}"): frozenset({"admin"}),
    ("GET", "/api/audit"): frozenset({"admin", "manager", "compliance"}),
}


def concrete(path: str, bank: dict[str, int], users: dict[str, int]) -> str:
    return (path.replace("{account_id}", str(bank["gd"])).replace("{draft_id}", "999999")
            .replace("{user_id}", str(users["operator_bj"])).replace("{job_id}", "nojob")
            .replace("{thread_id}", "999999").replace("{reply_id}", "999999"))


def test_every_route_is_listed(app: Any) -> None:
    served = set(route_table(app))
    assert served - PUBLIC - set(EXPECTED) == set(), "routes without an expected-roles entry"
    assert set(EXPECTED) - served == set(), "expected routes the app no longer serves"


def test_every_route_requires_login(app: Any, anon: TestClient, bank: dict[str, int],
                                    users: dict[str, int]) -> None:
    for method, path in route_table(app):
        if (method, path) in PUBLIC:
            continue
        url = concrete(path, bank, users)
        response = anon.request(method, url, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code in (303, 401), (method, path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login"), (method, path)


def test_every_route_requires_the_right_role(app: Any, client_for: Any, bank: dict[str, int],
                                             users: dict[str, int]) -> None:
    checked = 0
    for role in ROLES:
        reader = client_for(role)
        for method, path in route_table(app):
            if (method, path) in PUBLIC:
                continue
            url = concrete(path, bank, users)
            if method == "GET":
                response = reader.get(url, follow_redirects=False)
            else:  # a fresh session per state change, with a valid CSRF token
                client = client_for(role)
                response = client.post(url, data={"csrf_token": csrf_of(client)},
                                        follow_redirects=False)
            if role in EXPECTED[(method, path)]:
                assert response.status_code not in (401, 403), (role, method, path,
                                                                 response.status_code)
            else:
                assert response.status_code == 403, (role, method, path, response.status_code)
            checked += 1
    assert checked >= len(EXPECTED) * len(ROLES) - 5


@pytest.mark.parametrize("path", [p for m, p in EXPECTED if m == "POST"])
def test_state_changes_without_csrf_are_refused(path: str, engine: Engine, client_for: Any,
                                                bank: dict[str, int], users: dict[str, int]) -> None:
    client = client_for("admin")
    events = AuditEvent.__table__
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(events)).scalar_one()
    url = concrete(path, bank, users)
    no_token = client.post(url, data={"name": "mallory", "role": "admin"}, follow_redirects=False)
    wrong = client.post(url, data={"csrf_token": "forged"}, follow_redirects=False)
    wrong_header = client.post(url, headers={"X-CSRF-Token": "forged"}, follow_redirects=False)
    assert no_token.status_code == wrong.status_code == wrong_header.status_code == 403
    with engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(events)).scalar_one()
    assert after == before  # nothing happened, nothing audited
    assert client.get("/api/me").status_code == 200  # still logged in (logout was refused too)


def test_login_form_needs_its_csrf_cookie(anon: TestClient, users: dict[str, int]) -> None:
    response = anon.post("/login", data={"name": "admin", "password": "correct-horse-battery",
                                         "csrf_token": "guessed"}, follow_redirects=False)
    assert response.status_code == 403
    assert "rf_session" not in response.cookies
    assert login(anon, "admin").status_code == 303
