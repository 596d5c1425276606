"""The store: one database (SQLite embedded or PostgreSQL) behind SQLAlchemy 2."""

from redfunnel.store.engine import make_engine, open_store, upgrade

__all__ = ["make_engine", "open_store", "upgrade"]
