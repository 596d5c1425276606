"""All adapters, tried in order; the first that accepts a part of a file reads it."""

from __future__ import annotations

from redfunnel.ingest.adapters.base import Adapter
from redfunnel.ingest.adapters.mediacrawler import (
    MediaCrawlerComments,
    MediaCrawlerCreators,
    MediaCrawlerNotes,
)

ADAPTERS: list[Adapter] = [
    MediaCrawlerNotes(),
    MediaCrawlerComments(),
    MediaCrawlerCreators(),
]

__all__ = ["ADAPTERS", "Adapter"]
