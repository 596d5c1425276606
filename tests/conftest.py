"""Shared fixtures: a fresh store on SQLite and, under ``make test``, on a real PostgreSQL server.

``make test`` starts a private PostgreSQL server and exports ``REDFUNNEL_TEST_PG_URL`` (an admin
URL); every test that takes ``engine`` runs once per database, each time on a new, empty
database. Outside ``make test`` the PostgreSQL variants are skipped, unless
``REDFUNNEL_REQUIRE_PG`` is set, in which case a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from redfunnel.store import open_store

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "mediacrawler-sample"
PG_ADMIN_URL = os.environ.get("REDFUNNEL_TEST_PG_URL")


def _postgres_database() -> Iterator[str]:
    if not PG_ADMIN_URL:
        if os.environ.get("REDFUNNEL_REQUIRE_PG"):
            pytest.fail("REDFUNNEL_TEST_PG_URL is not set: run the tests through `make test`")
        pytest.skip("no PostgreSQL server (run through `make test`)")
    name = f"rf_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a new, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, registry-seeded store on each database."""
    eng = open_store(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A store on SQLite only, for tests about formats rather than databases."""
    eng = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The real MediaCrawler sample, read in place from ../shared (never copied into the repo)."""
    if not REALDATA.is_dir():
        pytest.fail(f"real sample missing: {REALDATA} (../shared must sit beside the repo)")
    return REALDATA
