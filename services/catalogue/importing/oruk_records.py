"""An Open Referral UK feed's data (v1 service lists; 3.0 pages, lists, ndjson records) to
catalogue records. Pure: the data is already read (`oruk.load_feed` reads files and fetches
pages). A bad record is reported and skipped, whatever is wrong with it."""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec.structs import replace

from services.catalogue.importing.extension import with_extension, with_own_id
from services.catalogue.importing.fields import clip
from services.catalogue.importing.html import html_to_text
from services.catalogue.importing.oruk_service import service_record
from services.catalogue.importing.reading import FeedError
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.importing.safe_urls import (
    organisation_with_safe_url,
    service_with_safe_urls,
)
from services.catalogue.model import OrganisationDetails
from services.catalogue.records import OrganisationRecord, ServiceRecord

_UNREADABLE = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError)


class ParsedFeed(msgspec.Struct, kw_only=True):
    organisations: list[OrganisationRecord]
    services: list[ServiceRecord]
    report: Any
    source: str
    format: str


def map_feed(data: Any, report: DataQualityReport, *, source: str) -> ParsedFeed:
    """The records of a feed's data, counted in `report` (whose `source` names the feed: an
    organisation-less service is filed under "Unknown provider (<feed>)"). Raises FeedError
    only when the data holds no services at all."""
    fmt, raws = _shape(data)
    organisations: dict[str, OrganisationRecord] = {}
    services: list[ServiceRecord] = []
    seen: set[str] = set()
    for raw in raws:
        report.records_read += 1
        rid = _usable_id(raw, seen, report)
        record = _record(raw, rid, organisations, report) if rid is not None else None
        if record is not None:
            services.append(record)
    report.services_accepted = len(services)
    return ParsedFeed(
        organisations=list(organisations.values()),
        services=services,
        report=report,
        source=source,
        format=fmt,
    )


def _shape(data: Any) -> tuple[str, list[Any]]:
    """The feed's format ("oruk1" or "oruk3") and its records."""
    if isinstance(data, dict) and "contents" in data:
        contents = data["contents"]
        return "oruk3", contents if isinstance(contents, list) else [contents]
    if isinstance(data, dict):
        return "oruk3", [data]
    if not isinstance(data, list):
        raise FeedError("The feed holds no services: a list, or an object with 'contents'.")
    first = data[0] if data else None
    if isinstance(first, dict) and ("pc_metadata" in first or "attending_type" in first):
        return "oruk1", data
    return "oruk3", list(data)


def _usable_id(raw: Any, seen: set[str], report: DataQualityReport) -> str | None:
    """The record's id, or None (reported as skipped) for a record without an id or a name, or
    a later copy of an id already read."""
    if not isinstance(raw, dict) or not raw.get("id"):
        report.skip("no id", str(report.records_read))
        return None
    rid = str(raw["id"])
    if rid in seen:
        report.skip("duplicate id (later copy ignored)", rid)
        return None
    seen.add(rid)
    if not str(raw.get("name") or "").strip():
        report.skip("empty name", rid)
        return None
    return rid


def _record(
    raw: dict[str, Any],
    rid: str,
    organisations: dict[str, OrganisationRecord],
    report: DataQualityReport,
) -> ServiceRecord | None:
    """The service record, its organisation added to `organisations` (once, under the id the
    feed gives it); None if the record is skipped. Whatever is unreadable skips the record."""
    try:
        org = organisation_record(raw, rid, report.source, report)
        organisations.setdefault(org.external_id, org)
        record = service_record(raw, org.external_id, report.source, report)
        if record is not None:
            record = with_extension(raw, record)
            details = service_with_safe_urls(record.details, rid, report)
            record = replace(record, details=details)
    except (*_UNREADABLE, RecursionError, msgspec.MsgspecError) as error:
        report.skip(f"unreadable record ({type(error).__name__})", rid)
        return None
    if record is not None and record.id is not None:
        organisations[org.external_id] = with_own_id(organisations[org.external_id])
    return record


def organisation_record(
    raw: dict[str, Any], rid: str, feed: str, report: DataQualityReport
) -> OrganisationRecord:
    """The service's organisation; without one (or without its id or name), the feed's
    "Unknown provider"."""
    org = raw.get("organization")
    if not (isinstance(org, dict) and org.get("id") and str(org.get("name") or "").strip()):
        report.repair("no organisation: filed under an unknown provider", rid)
        return OrganisationRecord(
            external_id=f"unknown-provider:{feed}",
            details=OrganisationDetails(name=f"Unknown provider ({feed})"[:300]),
        )
    org_id = str(org["id"])
    details = OrganisationDetails(
        name=clip(org.get("name"), 300, org_id, "organisation name", report),
        description=clip(
            html_to_text(str(org.get("description") or "")),
            20_000,
            org_id,
            "organisation description",
            report,
        ),
        url=clip(org.get("url") or org.get("website"), 500, org_id, "organisation url", report),
        email=clip(org.get("email"), 500, org_id, "organisation email", report),
    )
    details = msgspec.convert(msgspec.to_builtins(details), OrganisationDetails)
    return OrganisationRecord(
        external_id=org_id, details=organisation_with_safe_url(details, org_id, report)
    )
