"""Open Referral UK feeds (v1 service lists; 3.0 pages, lists, ndjson) to records."""

from __future__ import annotations

import datetime as dt
import json
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
from services.catalogue.importing.html import html_to_text
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.importing.safe_urls import (
    organisation_with_safe_url,
    service_with_safe_urls,
)
from services.catalogue.model import (
    AgeRange,
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


def _read(source: str) -> Any:
    if re.match(r"^https?://", source):
        response = httpx.get(source, timeout=30, follow_redirects=True)
        response.raise_for_status()
        data = response.json()
        if isinstance(data, dict) and "contents" in data and data.get("total_pages", 1) > 1:
            contents = list(data["contents"])
            for page in range(2, int(data["total_pages"]) + 1):
                more = httpx.get(
                    source, params={"page": page}, timeout=30, follow_redirects=True
                ).json()
                contents += more.get("contents", [])
            data = {"contents": contents}
        return data
    text = Path(source).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def _shape(data: Any) -> tuple[str, list[Any]]:
    if isinstance(data, dict) and "contents" in data:
        return "oruk3", list(data["contents"])
    if isinstance(data, dict):
        return "oruk3", [data]
    if (
        isinstance(data, list)
        and data
        and isinstance(data[0], dict)
        and ("pc_metadata" in data[0] or "attending_type" in data[0])
    ):
        return "oruk1", data
    return "oruk3", list(data) if isinstance(data, list) else []


def _clip(value: Any, limit: int, record_id: str, field: str, report: DataQualityReport) -> str:
    text = str(value or "").strip()
    if len(text) <= limit:
        return text
    report.repair(f"{field} too long, shortened", record_id)
    return text[:limit].rsplit(" ", 1)[0][: limit - 1] + "…"


def _summary(description: str) -> str:
    first = description.split("\n", 1)[0]
    end = first.find(". ")
    if 0 < end < 160:
        return first[: end + 1]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def _ages(raw: dict[str, Any], rid: str, report: DataQualityReport) -> AgeRange | None:
    low, high = raw.get("minimum_age"), raw.get("maximum_age")
    if low is None and high is None:
        return None
    try:
        lo = int(low) if low is not None else 0
        hi = int(high) if high is not None else 125
    except (TypeError, ValueError):
        report.repair("unreadable ages dropped", rid)
        return None
    if lo < 0 or hi < 0 or lo > 125:
        report.repair("impossible ages dropped", rid)
        return None
    if lo > hi:
        report.repair("minimum and maximum age swapped", rid)
        lo, hi = hi, lo
    return AgeRange(minimum_months=lo * 12, maximum_months=min(hi * 12 + 11, 1500))


def _matches(text: str, table: list[tuple[Any, tuple[str, ...]]]) -> list[Any]:
    low = text.lower()
    return [value for value, words in table if any(w in low for w in words)]


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _location(raw: dict[str, Any], rid: str, report: DataQualityReport) -> Location | None:
    loc = raw.get("location") or raw
    if not isinstance(loc, dict) or not loc.get("id"):
        return None
    addresses = loc.get("addresses") or loc.get("physical_addresses") or []
    address = addresses[0] if addresses and isinstance(addresses[0], dict) else {}
    position = None
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if lat is not None and lon is not None:
        try:
            position = Position(float(lat), float(lon))
            msgspec.convert(msgspec.to_builtins(position), Position)
        except (TypeError, ValueError, msgspec.ValidationError):
            report.repair("impossible coordinates dropped", rid)
            position = None
    line = ", ".join(str(address.get(k)) for k in ("address_1", "city") if address.get(k))
    access = [
        _clip(a.get("description"), 500, rid, "accessibility", report)
        for a in loc.get("accessibility") or []
        if isinstance(a, dict) and a.get("description")
    ]
    return Location(
        id=uuid5(LOCATIONS, str(loc["id"])),
        accessibility=access,
        name=_clip(loc.get("name"), 500, rid, "location name", report),
        address=_clip(line, 500, rid, "address", report),
        postcode=_clip(str(address.get("postal_code", "")).upper(), 500, rid, "postcode", report),
        position=position,
    )


def _schedule(raw: dict[str, Any], location_id: UUID | None) -> Schedule | None:
    byday = [_BYDAY.match(d.strip().upper()) for d in str(raw.get("byday") or "").split(",")]
    days = [m.group(2) for m in byday if m]
    ordinal = next((int(m.group(1)) for m in byday if m and m.group(1)), None)
    freq = str(raw.get("freq") or "WEEKLY").lower()
    monthly = freq == "monthly" and len(days) == 1
    opens, closes = _time(raw.get("opens_at")), _time(raw.get("closes_at"))
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
        str(_label(a)).strip() for a in raw.get("pc_targetAudience") or [] if _label(a)
    ]
    attributes = [
        str((a.get("taxonomy_term") or {}).get("name", ""))
        for a in raw.get("attributes") or []
        if isinstance(a, dict)
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
    costs = raw.get("cost_options") or []
    charged = any(isinstance(c, dict) and (c.get("amount") or 0) > 0 for c in costs) or bool(
        fees and "free" not in fees.lower()
    )
    cost_text = fees or "; ".join(
        f"£{c.get('amount')} {c.get('amount_description', '')}".strip()
        for c in costs
        if isinstance(c, dict) and c.get("amount")
    )
    at: dict[str, UUID] = {}
    locations = []
    for sal in raw.get("service_at_locations") or []:
        if isinstance(sal, dict) and (loc := _location(sal, rid, report)):
            locations.append(loc)
            at[str(sal.get("id"))] = loc.id
    first_location = locations[0].id if locations else None
    schedules = [
        s
        for s in (
            _schedule(r, at.get(str(r.get("service_at_location_id")), first_location))
            for r in raw.get("schedules") or []
            if isinstance(r, dict)
        )
        if s
    ]
    languages = [
        str(lang.get("name"))
        for lang in raw.get("languages") or []
        if isinstance(lang, dict) and lang.get("name")
    ]
    areas = [
        str(a.get("name") or a.get("service_area") or "")
        for a in raw.get("service_areas") or []
        if isinstance(a, dict)
    ]
    contact = next((c for c in raw.get("contacts") or [] if isinstance(c, dict)), {})
    phone = next((p for p in contact.get("phones") or [] if isinstance(p, dict)), {})
    try:
        details = ServiceDetails(
            name=_clip(raw.get("name"), 300, rid, "name", report),
            description=_clip(description, 20_000, rid, "description", report),
            summary=_summary(description),
            url=_clip(raw.get("url"), 500, rid, "url", report),
            ages=_ages(raw, rid, report),
            needs=[
                _clip(label, 500, rid, "need", report)
                for label in dict.fromkeys(audience_labels + attributes)
                if label
            ],
            cost=Cost(free=not charged, description=_clip(cost_text, 500, rid, "cost", report)),
            referral_routes=_matches(text + " " + access_text, _ROUTES),
            delivery=_matches(access_text, _DELIVERY),
            languages=languages,
            public_contact=Contact(
                name=_clip(contact.get("name"), 500, rid, "contact name", report),
                phone=_clip(phone.get("number"), 500, rid, "phone", report),
                email=_clip(raw.get("email"), 500, rid, "email", report),
                url=_clip(raw.get("url"), 500, rid, "url", report),
            ),
            service_area=_clip("; ".join(a for a in areas if a), 500, rid, "service area", report),
            alert=_clip(raw.get("alert"), 500, rid, "alert", report),
        )
        details = msgspec.convert(msgspec.to_builtins(details), ServiceDetails)
    except (msgspec.ValidationError, TypeError, ValueError) as e:
        report.skip(f"invalid record ({e})", rid)
        return None
    verification = None
    if assured := raw.get("assured_date"):
        try:
            verification = Verification(
                on=dt.date.fromisoformat(str(assured)[:10]), by=f"{feed} import"
            )
        except ValueError:
            report.repair("unreadable assured date dropped", rid)
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


def load_feed(source: str) -> ParsedFeed:
    """Reads a feed into records with a data-quality report; never raises on a bad record."""
    feed = Path(source).stem if not source.startswith("http") else source
    fmt, raws = _shape(_read(source))
    report = DataQualityReport(feed)
    organisations: dict[str, OrganisationRecord] = {}
    services: list[ServiceRecord] = []
    seen: set[str] = set()
    unknown_org = f"unknown-provider:{feed}"
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
        org = raw.get("organization") if isinstance(raw.get("organization"), dict) else None
        if org and org.get("id") and str(org.get("name") or "").strip():
            org_id = str(org["id"])
            if org_id not in organisations:
                organisations[org_id] = OrganisationRecord(
                    external_id=org_id,
                    details=organisation_with_safe_url(
                        OrganisationDetails(
                            name=_clip(org.get("name"), 300, org_id, "organisation name", report),
                            description=_clip(
                                html_to_text(str(org.get("description") or "")),
                                20_000,
                                org_id,
                                "organisation description",
                                report,
                            ),
                            url=_clip(
                                org.get("url") or org.get("website"),
                                500,
                                org_id,
                                "organisation url",
                                report,
                            ),
                            email=_clip(
                                org.get("email"), 500, org_id, "organisation email", report
                            ),
                        ),
                        org_id,
                        report,
                    ),
                )
        else:
            report.repair("no organisation: filed under an unknown provider", rid)
            org_id = unknown_org
            organisations.setdefault(
                org_id,
                OrganisationRecord(
                    external_id=org_id,
                    details=OrganisationDetails(name=f"Unknown provider ({feed})"),
                ),
            )
        record = _service(raw, org_id, feed, report)
        if record is not None:
            record = with_extension(raw, record)
            record = replace(record, details=service_with_safe_urls(record.details, rid, report))
            services.append(record)
            if record.id is not None:
                organisations[org_id] = with_own_id(organisations[org_id])
    report.services_accepted = len(services)
    return ParsedFeed(
        organisations=list(organisations.values()),
        services=services,
        report=report,
        source=source,
        format=fmt,
    )
