"""All adapters, tried in order; the first that accepts a part of a file reads it."""

from __future__ import annotations

from redfunnel.ingest.adapters.bank import (
    AccountRegistry,
    CampaignSpend,
    Conversions,
    DmTranscripts,
    FaqLibrary,
    Touchpoints,
)
from redfunnel.ingest.adapters.base import Adapter
from redfunnel.ingest.adapters.mediacrawler import (
    MediaCrawlerComments,
    MediaCrawlerCreators,
    MediaCrawlerNotes,
)
from redfunnel.ingest.adapters.platform_posts import PlatformPosts
from redfunnel.ingest.adapters.xhs_exports import CreatorCenterExport, JuguangNoteDelivery

ADAPTERS: list[Adapter] = [
    MediaCrawlerNotes(),
    MediaCrawlerComments(),
    MediaCrawlerCreators(),
    CreatorCenterExport(),
    JuguangNoteDelivery(),
    AccountRegistry(),
    Touchpoints(),  # before Conversions: a touchpoints file may carry a tracking_code column
    Conversions(),
    CampaignSpend(),
    FaqLibrary(),
    DmTranscripts(),
    PlatformPosts(),
]

__all__ = ["ADAPTERS", "Adapter"]
