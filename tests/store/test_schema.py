"""The migrations build exactly the schema the models declare, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from redfunnel.registry import load_registry
from redfunnel.store import open_store, upgrade
from redfunnel.store.schema import metadata


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_every_canonical_table_has_provenance(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    canonical = {"institution", "account", "account_snapshot", "note", "note_snapshot", "comment",
                 "message", "conversion", "campaign", "spend", "faq_entry", "audit_event"}
    assert canonical <= tables
    for table in canonical - {"institution", "audit_event"}:
        columns = {c["name"] for c in inspect(engine).get_columns(table)}
        assert {"source_kind", "source_file_id", "imported_at"} <= columns, table


def test_open_store_is_idempotent_and_seeds_the_registry(db_url: str) -> None:
    first = open_store(db_url)
    upgrade(first)
    second = open_store(db_url)
    with second.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM institution")).scalar_one()
    assert count == len(load_registry())
    first.dispose()
    second.dispose()


def test_sqlite_runs_in_wal_mode(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
