"""Workspace and database settings.

A workspace (``--home`` / ``REDFUNNEL_HOME``, default ``~/.redfunnel``) holds the embedded SQLite
database and generated files, so a team can keep several worlds apart (the demo, production data)
without touching configuration files. ``REDFUNNEL_DATABASE_URL`` points at a shared PostgreSQL
server instead.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings read from ``REDFUNNEL_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="REDFUNNEL_", env_ignore_empty=True, extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path.home() / ".redfunnel",
        description="Workspace folder: the SQLite database, demo files and reports live here.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default is SQLite in the workspace "
        "(e.g. postgresql+psycopg://user:pw@127.0.0.1/redfunnel for a team server).",
    )
    ingest_batch_size: int = Field(
        default=5000, description="Rows written to the store per batch during ingest."
    )

    def resolved_database_url(self) -> str:
        """The database URL actually used: the explicit one or SQLite inside the workspace."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        return f"sqlite:///{self.home / 'redfunnel.db'}"


def load_settings(home: Path | None = None) -> Settings:
    """Settings from the environment, with ``home`` overriding ``REDFUNNEL_HOME`` when given."""
    settings = Settings()
    if home is not None:
        settings = settings.model_copy(update={"home": home})
    return settings
