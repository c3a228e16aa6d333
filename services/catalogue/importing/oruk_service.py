"""One ORUK service (v1 or 3.0 JSON) to a catalogue ServiceRecord, field group by field group:
its words, who it is for, what it costs, how to reach it, where and when it runs, and when it was
last checked. Pure (no file, no network); what cannot be used is dropped or repaired and put in
the report against the record, and a record that still breaks the catalogue's rules is skipped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from services.catalogue import taxonomy
from services.catalogue.importing.extension import our_categories
from services.catalogue.importing.fields import ages, amount, clip, items, objects
from services.catalogue.importing.html import html_to_text
from services.catalogue.importing.oruk_places import locations, schedules
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.model import (
    Contact,
    Cost,
    Delivery,
    ReferralRoute,
    ServiceDetails,
    Status,
    Verification,
)
from services.catalogue.records import ServiceRecord
from services.shared.dates import in_range

_STATUS = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "inactive": Status.WITHDRAWN,
    "defunct": Status.WITHDRAWN,
}
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
_ACCESS_FIELDS = (
    "attending_access",
    "pc_attendingAccess_additionalInfo",
    "attending_type",
    "deliverable_type",
)


def service_record(
    raw: dict[str, Any], org_id: str, feed: str, report: DataQualityReport
) -> ServiceRecord | None:
    """The service's record under the organisation `org_id`; None (reported as skipped) when
    its details break the catalogue's rules. `feed` names who verified it (`{feed} import`)."""
    rid = str(raw.get("id") or "")
    description = _description(raw, report)
    audience, attributes = _audience(raw, rid, report), _attributes(raw, rid, report)
    words = " ".join(
        [str(raw.get("name", "")), description, " ".join(audience), " ".join(attributes)]
    )
    access = " ".join(str(raw.get(k) or "") for k in _ACCESS_FIELDS)
    cost = _cost(raw, rid, report)
    places, at = locations(raw, rid, report)
    times = schedules(raw, at, places[0].id if places else None, rid, report)
    languages, areas = _languages(raw, rid, report), _areas(raw, rid, report)
    contact = _contact(raw)
    try:
        details = _details(
            raw,
            rid,
            report,
            description=description,
            needs=audience + attributes,
            cost=cost,
            referral_routes=_matches(words + " " + access, _ROUTES),
            delivery=_matches(access, _DELIVERY),
            languages=languages,
            service_area="; ".join(a for a in areas if a),
            contact=contact,
        )
    except (msgspec.ValidationError, TypeError, ValueError) as e:
        report.skip(f"invalid record ({e})", rid)
        return None
    return ServiceRecord(
        external_id=rid,
        organisation_external_id=org_id,
        details=details,
        status=status(raw),
        categories=our_categories(raw) or taxonomy.classify(words),
        locations=list({loc.id: loc for loc in places}.values()),
        schedules=times,
        verification=verification(raw, feed, rid, report),
    )


def _details(
    raw: dict[str, Any],
    rid: str,
    report: DataQualityReport,
    *,
    description: str,
    needs: list[str],
    cost: tuple[bool, str],
    referral_routes: list[ReferralRoute],
    delivery: list[Delivery],
    languages: list[str],
    service_area: str,
    contact: tuple[Any, Any],
) -> ServiceDetails:
    """The details, each text cut to the catalogue's length for it and then checked against
    the catalogue's rules (raising msgspec.ValidationError if it breaks one)."""
    contact_name, phone = contact
    details = ServiceDetails(
        name=clip(raw.get("name"), 300, rid, "name", report),
        description=clip(description, 20_000, rid, "description", report),
        summary=summary(description),
        url=clip(raw.get("url"), 500, rid, "url", report),
        ages=ages(raw, rid, report),
        needs=[clip(label, 500, rid, "need", report) for label in dict.fromkeys(needs) if label],
        cost=Cost(free=cost[0], description=clip(cost[1], 500, rid, "cost", report)),
        referral_routes=referral_routes,
        delivery=delivery,
        languages=languages,
        public_contact=Contact(
            name=clip(contact_name, 500, rid, "contact name", report),
            phone=clip(phone, 500, rid, "phone", report),
            email=clip(raw.get("email"), 500, rid, "email", report),
            url=clip(raw.get("url"), 500, rid, "url", report),
        ),
        service_area=clip(service_area, 500, rid, "service area", report),
        alert=clip(raw.get("alert"), 500, rid, "alert", report),
    )
    return msgspec.convert(msgspec.to_builtins(details), ServiceDetails)


def _description(raw: dict[str, Any], report: DataQualityReport) -> str:
    """The description as plain text (HTML taken out, and counted in the report)."""
    given = str(raw.get("description") or "")
    description = html_to_text(given)
    if description != given.strip():
        report.html_cleaned += 1
    return description


def summary(description: str) -> str:
    """The description's first sentence, or its first line cut to about 160 characters."""
    first = description.split("\n", 1)[0]
    end = first.find(". ")
    if 0 < end < 160:
        return first[: end + 1]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def _label(audience: Any) -> Any:
    """A target audience's label: `name`, or `audienceType` as the published v1 feeds have it."""
    if isinstance(audience, dict):
        return audience.get("name") or audience.get("audienceType") or ""
    return audience


def _audience(raw: dict[str, Any], rid: str, report: DataQualityReport) -> list[str]:
    """A v1 feed's target audiences' labels ("Parents", "Young people")."""
    return [
        str(_label(a)).strip() for a in items(raw, "pc_targetAudience", rid, report) if _label(a)
    ]


def _attributes(raw: dict[str, Any], rid: str, report: DataQualityReport) -> list[str]:
    """The names of the taxonomy terms the service's attributes give."""
    return [
        str(term.get("name", ""))
        for a in objects(raw, "attributes", rid, report)
        if isinstance(term := a.get("taxonomy_term"), dict)
    ]


def _cost(raw: dict[str, Any], rid: str, report: DataQualityReport) -> tuple[bool, str]:
    """Whether the service is free, and its cost in words: its `fees`, else its priced cost
    options ("£5 per session"). A fee that does not say "free", or any price, is a charge."""
    fees = str(raw.get("fees") or "").strip()
    costs = [(amount(c.get("amount")), c) for c in objects(raw, "cost_options", rid, report)]
    charged = any((price or 0) > 0 for price, _ in costs) or bool(
        fees and "free" not in fees.lower()
    )
    text = fees or "; ".join(
        f"£{price:g} {c.get('amount_description') or ''}".strip() for price, c in costs if price
    )
    return not charged, text


def _matches(text: str, table: list[tuple[Any, tuple[str, ...]]]) -> list[Any]:
    low = text.lower()
    return [value for value, words in table if any(w in low for w in words)]


def _languages(raw: dict[str, Any], rid: str, report: DataQualityReport) -> list[str]:
    return [
        str(lang.get("name")) for lang in objects(raw, "languages", rid, report) if lang.get("name")
    ]


def _areas(raw: dict[str, Any], rid: str, report: DataQualityReport) -> list[str]:
    return [
        str(a.get("name") or a.get("service_area") or "")
        for a in objects(raw, "service_areas", rid, report)
    ]


def _contact(raw: dict[str, Any]) -> tuple[Any, Any]:
    """The first contact's name and its first phone number (unchecked: None if absent)."""
    contact = next((c for c in raw.get("contacts") or [] if isinstance(c, dict)), {})
    phone = next((p for p in contact.get("phones") or [] if isinstance(p, dict)), {})
    return contact.get("name"), phone.get("number")


def status(raw: dict[str, Any]) -> Status:
    """Active unless the feed says temporarily closed, inactive or defunct (withdrawn)."""
    return _STATUS.get(str(raw.get("status") or "active").strip().lower(), Status.ACTIVE)


def verification(
    raw: dict[str, Any], feed: str, rid: str, report: DataQualityReport
) -> Verification | None:
    """The service's `assured_date` as checked by `{feed} import`; an unreadable date, or one
    outside the catalogue's range, is dropped."""
    assured = raw.get("assured_date")
    if not assured:
        return None
    try:
        on = dt.date.fromisoformat(str(assured)[:10])
    except ValueError:
        report.repair("unreadable assured date dropped", rid)
        return None
    if not in_range(on):
        report.repair("assured date out of range dropped", rid)
        return None
    return Verification(on=on, by=f"{feed} import")
