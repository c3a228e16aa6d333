"""Open Referral UK feeds (v1 service lists; 3.0 pages, lists, ndjson) to records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

import httpx
import msgspec
from msgspec.structs import replace

from services.catalogue import taxonomy
from services.catalogue.importing.extension import (
    LOCATIONS,
    our_categories,
    with_extension,
    with_own_id,
)
from services.catalogue.importing.fields import ages, amount, clip, clock, items, objects
from services.catalogue.importing.html import html_to_text
from services.catalogue.importing.reading import MAX_PAGES, FeedError, read_feed
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.importing.safe_urls import (
    organisation_with_safe_url,
    service_with_safe_urls,
)
from services.catalogue.model import (
    Contact,
    Cost,
    Delivery,
    Location,
    OrganisationDetails,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    Status,
    Verification,
)
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.shared.dates import in_range

__all__ = ["MAX_PAGES", "FeedError", "ParsedFeed", "load_feed"]

_STATUS = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "inactive": Status.WITHDRAWN,
    "defunct": Status.WITHDRAWN,
}
_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_ROUTES = [
    (
        ReferralRoute.SELF,
        (
            "self-refer",
            "self refer",
            "self-referral",
            "self referral",
            "refer yourself",
            "contact us directly",
        ),
    ),
    (ReferralRoute.DROP_IN, ("drop in", "drop-in", "just turn up", "no booking required")),
    (
        ReferralRoute.GP,
        ("gp referral", "referral from your gp", "referred by a gp", "referred by your gp"),
    ),
    (ReferralRoute.SCHOOL, ("school can refer", "referral from school", "referred by school")),
    (
        ReferralRoute.PROFESSIONAL,
        ("professional referral", "referred by a professional", "professionals can refer"),
    ),
]
_DELIVERY = [
    (Delivery.ONLINE, ("online", "video", "virtual", "remote")),
    (Delivery.PHONE, ("phone", "telephone", "helpline")),
    (Delivery.HOME_VISIT, ("home visit", "in your home", "at home")),
    (Delivery.IN_PERSON, ("in person", "in-person", "venue", "face to face", "face-to-face")),
]


class ParsedFeed(msgspec.Struct, kw_only=True):
    organisations: list[OrganisationRecord]
    services: list[ServiceRecord]
    report: Any
    source: str
    format: str


def _shape(data: Any) -> tuple[str, list[Any]]:
    if isinstance(data, dict) and "contents" in data:
        contents = data["contents"]
        return "oruk3", contents if isinstance(contents, list) else [contents]
    if isinstance(data, dict):
        return "oruk3", [data]
    if not isinstance(data, list):
        raise FeedError("The feed holds no services: a list, or an object with 'contents'.")
    if (
        isinstance(data, list)
        and data
        and isinstance(data[0], dict)
        and ("pc_metadata" in data[0] or "attending_type" in data[0])
    ):
        return "oruk1", data
    return "oruk3", list(data) if isinstance(data, list) else []


def _summary(description: str) -> str:
    first = description.split("\n", 1)[0]
    end = first.find(". ")
    if 0 < end < 160:
        return first[: end + 1]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def _matches(text: str, table: list[tuple[Any, tuple[str, ...]]]) -> list[Any]:
    low = text.lower()
    return [value for value, words in table if any(w in low for w in words)]


def _location(raw: dict[str, Any], rid: str, report: DataQualityReport) -> Location | None:
    loc = raw.get("location") or raw
    if not isinstance(loc, dict) or not loc.get("id"):
        return None
    addresses = objects(loc, "addresses", rid, report) or objects(
        loc, "physical_addresses", rid, report
    )
    address = addresses[0] if addresses else {}
    position = None
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if lat is not None and lon is not None:
        try:
            position = msgspec.convert({"lat": amount(lat), "lon": amount(lon)}, Position)
        except msgspec.ValidationError:
            report.repair("impossible coordinates dropped", rid)
            position = None
    line = ", ".join(str(address.get(k)) for k in ("address_1", "city") if address.get(k))
    access = [
        clip(a.get("description"), 500, rid, "accessibility", report)
        for a in objects(loc, "accessibility", rid, report)
        if a.get("description")
    ]
    return Location(
        id=uuid5(LOCATIONS, str(loc["id"])),
        accessibility=access,
        name=clip(loc.get("name"), 500, rid, "location name", report),
        address=clip(line, 500, rid, "address", report),
        postcode=clip(str(address.get("postal_code", "")).upper(), 500, rid, "postcode", report),
        position=position,
    )


def _schedule(
    raw: dict[str, Any], location_id: UUID | None, rid: str, report: DataQualityReport
) -> Schedule | None:
    byday = [_BYDAY.match(d.strip().upper()) for d in str(raw.get("byday") or "").split(",")]
    days = [m.group(2) for m in byday if m]
    ordinal = next((int(m.group(1)) for m in byday if m and m.group(1)), None)
    freq = str(raw.get("freq") or "WEEKLY").lower()
    monthly = freq == "monthly" and len(days) == 1
    opens, closes = (
        clock(raw.get("opens_at"), rid, report),
        clock(raw.get("closes_at"), rid, report),
    )
    if opens and closes and opens >= closes:
        opens = closes = None
    try:
        return msgspec.convert(
            {
                "frequency": "monthly" if monthly else "weekly",
                "days": days,
                "week_of_month": (ordinal or 1) if monthly else None,
                "opens_at": opens.isoformat() if opens else None,
                "closes_at": closes.isoformat() if closes else None,
                "location_id": str(location_id) if location_id else None,
                "description": str(raw.get("description") or "")[:500],
            },
            Schedule,
        )
    except msgspec.ValidationError:
        return None


def _label(audience: Any) -> Any:
    """A target audience's label: `name`, or `audienceType` as the published v1 feeds have it."""
    if isinstance(audience, dict):
        return audience.get("name") or audience.get("audienceType") or ""
    return audience


def _service(
    raw: dict[str, Any], org_id: str, feed: str, report: DataQualityReport
) -> ServiceRecord | None:
    rid = str(raw.get("id") or "")
    description_raw = str(raw.get("description") or "")
    description = html_to_text(description_raw)
    if description != description_raw.strip():
        report.html_cleaned += 1
    audience_labels = [
        str(_label(a)).strip() for a in items(raw, "pc_targetAudience", rid, report) if _label(a)
    ]
    attributes = [
        str(term.get("name", ""))
        for a in objects(raw, "attributes", rid, report)
        if isinstance(term := a.get("taxonomy_term"), dict)
    ]
    access_text = " ".join(
        str(raw.get(k) or "")
        for k in (
            "attending_access",
            "pc_attendingAccess_additionalInfo",
            "attending_type",
            "deliverable_type",
        )
    )
    text = " ".join(
        [str(raw.get("name", "")), description, " ".join(audience_labels), " ".join(attributes)]
    )
    fees = str(raw.get("fees") or "").strip()
    costs = [(amount(c.get("amount")), c) for c in objects(raw, "cost_options", rid, report)]
    charged = any((price or 0) > 0 for price, _ in costs) or bool(
        fees and "free" not in fees.lower()
    )
    cost_text = fees or "; ".join(
        f"£{price:g} {c.get('amount_description') or ''}".strip() for price, c in costs if price
    )
    at: dict[str, UUID] = {}
    locations = []
    for sal in objects(raw, "service_at_locations", rid, report):
        if loc := _location(sal, rid, report):
            locations.append(loc)
            at[str(sal.get("id"))] = loc.id
    first_location = locations[0].id if locations else None
    schedules = [
        s
        for s in (
            _schedule(r, at.get(str(r.get("service_at_location_id")), first_location), rid, report)
            for r in objects(raw, "schedules", rid, report)
        )
        if s
    ]
    languages = [
        str(lang.get("name")) for lang in objects(raw, "languages", rid, report) if lang.get("name")
    ]
    areas = [
        str(a.get("name") or a.get("service_area") or "")
        for a in objects(raw, "service_areas", rid, report)
    ]
    contact = next((c for c in raw.get("contacts") or [] if isinstance(c, dict)), {})
    phone = next((p for p in contact.get("phones") or [] if isinstance(p, dict)), {})
    try:
        details = ServiceDetails(
            name=clip(raw.get("name"), 300, rid, "name", report),
            description=clip(description, 20_000, rid, "description", report),
            summary=_summary(description),
            url=clip(raw.get("url"), 500, rid, "url", report),
            ages=ages(raw, rid, report),
            needs=[
                clip(label, 500, rid, "need", report)
                for label in dict.fromkeys(audience_labels + attributes)
                if label
            ],
            cost=Cost(free=not charged, description=clip(cost_text, 500, rid, "cost", report)),
            referral_routes=_matches(text + " " + access_text, _ROUTES),
            delivery=_matches(access_text, _DELIVERY),
            languages=languages,
            public_contact=Contact(
                name=clip(contact.get("name"), 500, rid, "contact name", report),
                phone=clip(phone.get("number"), 500, rid, "phone", report),
                email=clip(raw.get("email"), 500, rid, "email", report),
                url=clip(raw.get("url"), 500, rid, "url", report),
            ),
            service_area=clip("; ".join(a for a in areas if a), 500, rid, "service area", report),
            alert=clip(raw.get("alert"), 500, rid, "alert", report),
        )
        details = msgspec.convert(msgspec.to_builtins(details), ServiceDetails)
    except (msgspec.ValidationError, TypeError, ValueError) as e:
        report.skip(f"invalid record ({e})", rid)
        return None
    verification = None
    if assured := raw.get("assured_date"):
        try:
            on = dt.date.fromisoformat(str(assured)[:10])
        except ValueError:
            report.repair("unreadable assured date dropped", rid)
        else:
            if in_range(on):
                verification = Verification(on=on, by=f"{feed} import")
            else:
                report.repair("assured date out of range dropped", rid)
    return ServiceRecord(
        external_id=rid,
        organisation_external_id=org_id,
        details=details,
        status=_STATUS.get(str(raw.get("status") or "active").strip().lower(), Status.ACTIVE),
        categories=our_categories(raw) or taxonomy.classify(text),
        locations=list({loc.id: loc for loc in locations}.values()),
        schedules=schedules,
        verification=verification,
    )


_UNREADABLE = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError)


def load_feed(source: str, *, client: httpx.Client | None = None) -> ParsedFeed:
    """Reads a feed into records with a data-quality report. A bad record is reported and
    skipped, whatever is wrong with it; only a feed that cannot be read at all raises
    FeedError. `client` fetches a URL feed (at most MAX_PAGES pages)."""
    feed = Path(source).stem if not source.startswith("http") else source
    report = DataQualityReport(feed)
    fmt, raws = _shape(read_feed(source, report, client=client))
    organisations: dict[str, OrganisationRecord] = {}
    services: list[ServiceRecord] = []
    seen: set[str] = set()
    for raw in raws:
        report.records_read += 1
        if not isinstance(raw, dict) or not raw.get("id"):
            report.skip("no id", str(report.records_read))
            continue
        rid = str(raw["id"])
        if rid in seen:
            report.skip("duplicate id (later copy ignored)", rid)
            continue
        seen.add(rid)
        if not str(raw.get("name") or "").strip():
            report.skip("empty name", rid)
            continue
        try:
            org = _organisation(raw, rid, feed, report)
            organisations.setdefault(org.external_id, org)
            record = _service(raw, org.external_id, feed, report)
            if record is not None:
                record = with_extension(raw, record)
                details = service_with_safe_urls(record.details, rid, report)
                record = replace(record, details=details)
        except (*_UNREADABLE, RecursionError, msgspec.MsgspecError) as error:
            report.skip(f"unreadable record ({type(error).__name__})", rid)
            continue
        if record is None:
            continue
        if record.id is not None:
            organisations[org.external_id] = with_own_id(organisations[org.external_id])
        services.append(record)
    report.services_accepted = len(services)
    return ParsedFeed(
        organisations=list(organisations.values()),
        services=services,
        report=report,
        source=source,
        format=fmt,
    )


def _organisation(
    raw: dict[str, Any], rid: str, feed: str, report: DataQualityReport
) -> OrganisationRecord:
    org = raw.get("organization")
    if isinstance(org, dict) and org.get("id") and str(org.get("name") or "").strip():
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
        safe = organisation_with_safe_url(details, org_id, report)
        return OrganisationRecord(external_id=org_id, details=safe)
    report.repair("no organisation: filed under an unknown provider", rid)
    return OrganisationRecord(
        external_id=f"unknown-provider:{feed}",
        details=OrganisationDetails(name=f"Unknown provider ({feed})"[:300]),
    )
