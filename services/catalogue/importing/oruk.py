"""Open Referral UK feeds (v1 service lists; 3.0 pages, lists, ndjson) to records: reading the
feed (a file, or a URL's pages) here, mapping its data in `oruk_records` (pure)."""

from __future__ import annotations

from pathlib import Path

import httpx

from services.catalogue.importing.oruk_records import ParsedFeed, map_feed
from services.catalogue.importing.reading import MAX_PAGES, FeedError, read_feed
from services.catalogue.importing.report import DataQualityReport

__all__ = ["MAX_PAGES", "FeedError", "ParsedFeed", "load_feed"]


def load_feed(source: str, *, client: httpx.Client | None = None) -> ParsedFeed:
    """Reads a feed into records with a data-quality report. A bad record is reported and
    skipped, whatever is wrong with it; only a feed that cannot be read at all raises
    FeedError. `client` fetches a URL feed (at most MAX_PAGES pages)."""
    feed = Path(source).stem if not source.startswith("http") else source
    report = DataQualityReport(feed)
    return map_feed(read_feed(source, report, client=client), report, source=source)
