"""Opening the store: engine settings per database, migrations, and the built-in registry seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    WAL lets the web app read while an import writes; ``synchronous=NORMAL`` is the documented
    safe pairing with WAL and keeps bulk ingest fast.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def seed_registry(engine: Engine) -> int:
    """Insert built-in institutions that are missing; user-edited rows are left alone."""
    from redfunnel.registry import load_registry
    from redfunnel.store.models import Institution

    table = Institution.__table__
    with engine.begin() as conn:
        known = set(conn.scalars(select(table.c.name)))
        rows = [
            {
                "name": inst.name,
                "short_name": inst.short_name,
                "category": inst.category,
                "region": inst.region,
                "aliases": list(inst.aliases),
                "builtin": True,
            }
            for inst in load_registry()
            if inst.name not in known
        ]
        if rows:
            conn.execute(table.insert(), rows)
    return len(rows)


def open_store(url: str) -> Engine:
    """Engine for ``url`` with the schema migrated and the bank registry seeded."""
    engine = make_engine(url)
    upgrade(engine)
    seed_registry(engine)
    return engine
