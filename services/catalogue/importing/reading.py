"""Reading a feed, from a file or a paged URL, into raw records: a byte-order mark, bad UTF-8, a
broken ndjson line or a page count of a billion never stop the records that can be read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from services.catalogue.importing.report import DataQualityReport

MAX_PAGES = 1000
"""Pages read from a URL feed at most, whatever its `total_pages` says."""

_BOM = b"\xef\xbb\xbf"
_NOT_JSON = object()


class FeedError(ValueError):
    """The feed as a whole cannot be read: unreachable, or neither JSON nor ndjson."""


def read_feed(source: str, report: DataQualityReport, *, client: httpx.Client | None = None) -> Any:
    """The feed's data: a JSON document, or the list of its ndjson lines that could be read
    (each unreadable line is counted and reported as skipped)."""
    if re.match(r"^https?://", source):
        return _read_url(source, report, client)
    try:
        raw = Path(source).read_bytes()
    except OSError as error:
        raise FeedError(f"Cannot read {source}: {error.strerror or error}") from None
    return parse(raw, report)


def parse(raw: bytes, report: DataQualityReport) -> Any:
    raw = raw.removeprefix(_BOM)
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    whole = _json(text if text is not None else raw.decode("utf-8", "replace"))
    if whole is not _NOT_JSON:
        if text is None:
            report.repair("invalid UTF-8 replaced", "feed")
        return whole
    lines = [(n, line) for n, line in enumerate(raw.split(b"\n"), 1) if line.strip()]
    records = [_line(n, line, report) for n, line in lines] if len(lines) > 1 else []
    found = [r for r in records if r is not _NOT_JSON]
    if not found:
        raise FeedError("The feed is neither JSON nor ndjson (one JSON record a line).")
    return found


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _line(number: int, line: bytes, report: DataQualityReport) -> Any:
    try:
        return json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        report.records_read += 1
        report.skip("not JSON", f"line {number}")
        return _NOT_JSON


def _read_url(source: str, report: DataQualityReport, client: httpx.Client | None) -> Any:
    own = client is None
    http = client or httpx.Client(timeout=30, follow_redirects=True)
    try:
        first = _page(http, source, None, report)
        if not (isinstance(first, dict) and isinstance(first.get("contents"), list)):
            return first
        contents = list(first["contents"])
        total = _count(first.get("total_pages"))
        number = 2
        while number <= min(total or MAX_PAGES, MAX_PAGES):
            try:
                more = _page(http, source, number, report)
            except FeedError as error:
                report.repair(f"page {number} unreadable: {error}"[:200], source)
                break
            batch = more.get("contents") if isinstance(more, dict) else None
            if not isinstance(batch, list) or not batch:
                break
            contents += batch
            number += 1
        if number > MAX_PAGES and (total is None or total > MAX_PAGES):
            report.repair(f"only the first {MAX_PAGES} pages read", source)
        return {"contents": contents}
    finally:
        if own:
            http.close()


def _page(http: httpx.Client, source: str, number: int | None, report: DataQualityReport) -> Any:
    try:
        response = http.get(source, params={"page": number} if number else None)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise FeedError(f"Cannot fetch {source}: {error}") from None
    return parse(response.content, report)


def _count(value: Any) -> int | None:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError, OverflowError):
        return None
