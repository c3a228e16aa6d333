"""Builds the demo records from places and templates, deterministically for a seed."""

from __future__ import annotations

import datetime as dt
import random
from uuid import UUID, uuid5

from services.catalogue.demo.places import PLACES, Place
from services.catalogue.demo.templates import ORG_KINDS, OrgKind, Template
from services.catalogue.model import (
    AgeRange,
    Audience,
    Contact,
    Cost,
    Delivery,
    Frequency,
    Location,
    OrganisationDetails,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    Status,
    Verification,
    Weekday,
)
from services.catalogue.records import OrganisationRecord, ServiceRecord

DEMO = UUID("0f9d5c3e-41b2-4d7a-9c8e-5b6a1f2e3d4c")
VERIFIED_AROUND = dt.date(2026, 11, 1)  # fixed, so loading the demo again changes nothing
TRUSTS = ("Eastbrook", "Mersey Vale", "Ouzel Valley", "Fleetbank")
HOUSING = ("Riverside Homes", "Pennine Hearth", "Greenway Vale", "Canalside")
LANGUAGES = {
    "Newham": ("Bengali", "Urdu", "Gujarati", "Romanian", "Somali", "Lithuanian"),
    "Stockport": ("Polish", "Urdu", "Arabic", "Kurdish"),
    "Milton Keynes": ("Polish", "Romanian", "Somali", "Punjabi"),
    "Camden": ("Bengali", "Somali", "Arabic", "Spanish"),
}
EDITORS = ("Priya Shah", "Tom Okafor", "Lena Novak", "Sam Hughes")
ACCESS = (
    "Step-free access",
    "Accessible toilet",
    "Hearing loop",
    "Baby changing",
    "Quiet room available",
)


def _org_name(kind: OrgKind, place_index: int, place: Place, copy: int) -> str:
    name = kind.name.format(
        place=place.name, trust=TRUSTS[place_index], housing=HOUSING[place_index]
    )
    return name if copy == 0 else f"{name} ({copy + 1})"


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _service(
    i: int,
    rng: random.Random,
    place_index: int,
    place: Place,
    template: Template,
    org_external_id: str,
    round_: int,
) -> ServiceRecord:
    district, lat, lon = place.districts[rng.randrange(len(place.districts))]
    school = place.schools[rng.randrange(len(place.schools))]
    name = template.name.format(school=school)
    if round_:
        name = f"{name}: {district} group" if round_ == 1 else f"{name}: {district} group {round_}"
    street = place.streets[rng.randrange(len(place.streets))]
    inward = (
        f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
    )
    location = Location(
        id=uuid5(DEMO, f"location:{i}"),
        name=school
        if template.at_school
        else f"{place.name} {rng.choice(('Community Centre', 'Family Hub', 'Health Centre', 'Library'))}",
        address=f"{rng.randint(1, 220)} {street}, {place.name}",
        postcode=f"{district} {inward}",
        position=Position(
            round(lat + rng.uniform(-0.008, 0.008), 5), round(lon + rng.uniform(-0.012, 0.012), 5)
        ),
        accessibility=rng.sample(ACCESS, k=rng.randint(1, 3)),
    )
    schedules = []
    if template.days:
        schedules.append(
            Schedule(
                frequency=Frequency.MONTHLY if template.monthly_week else Frequency.WEEKLY,
                days=[Weekday(d) for d in template.days],
                week_of_month=template.monthly_week,
                opens_at=_time(template.times[0]) if template.times else None,
                closes_at=_time(template.times[1]) if template.times else None,
                term_time_only=template.term_time,
                holidays_only=template.holidays,
                location_id=location.id,
            )
        )
    languages = ["English", *rng.sample(LANGUAGES[place.name], k=rng.randint(0, 2))]
    if rng.random() < 0.1:
        languages.append("British Sign Language")
    phone = f"{place.phone_prefix}{rng.randint(0, 999):03d}"
    slug = "".join(c for c in name.lower() if c.isalnum())[:16]
    closed = rng.random() < 0.04
    details = ServiceDetails(
        name=name,
        description=template.description,
        audience=[Audience(a) for a in template.audience],
        ages=AgeRange(minimum_months=template.ages[0], maximum_months=template.ages[1]),
        needs=list(template.needs),
        eligibility=template.eligibility or f"Families living in the {place.area}.",
        cost=Cost(free=not template.cost, description=template.cost or "Free"),
        referral_routes=[ReferralRoute(r) for r in template.routes],
        delivery=[Delivery(d) for d in template.delivery],
        languages=languages,
        accessibility=list(location.accessibility),
        public_contact=Contact(phone=phone, email=f"{slug}@example.org"),
        service_area=place.area,
        alert="Closed for refurbishment; reopening in the new year." if closed else "",
        staff_contact=Contact(
            name=rng.choice(EDITORS),
            phone=f"{place.phone_prefix}{rng.randint(0, 999):03d}",
            email=f"referrals.{slug}@example.org",
        ),
        staff_notes=template.notes or "Referrals by e-mail with the family's consent.",
        thresholds=template.thresholds,
        waiting_time=template.waiting or rng.choice(("No wait", "1 to 2 weeks", "About a month")),
    )
    return ServiceRecord(
        external_id=f"demo-svc-{i + 1:05d}",
        organisation_external_id=org_external_id,
        details=details,
        status=Status.TEMPORARILY_CLOSED if closed else Status.ACTIVE,
        categories=list(template.categories),
        locations=[location],
        schedules=schedules,
        verification=Verification(
            on=VERIFIED_AROUND - dt.timedelta(days=rng.randint(3, 330)), by=rng.choice(EDITORS)
        ),
    )


def demo_records(
    services: int = 160, seed: int = 7
) -> tuple[list[OrganisationRecord], list[ServiceRecord]]:
    """`services` fictional services from 40 organisations (more for large counts, ~25 each)."""
    rng = random.Random(seed)
    combos = [
        (p, place, k, t)
        for p, place in enumerate(PLACES)
        for k, kind in enumerate(ORG_KINDS)
        for t in kind.templates
    ]
    copies = max(1, services // 25 // 40)
    organisations: dict[str, OrganisationRecord] = {}
    records = []
    for i in range(services):
        p, place, k, template = combos[i % len(combos)]
        round_ = i // len(combos)
        copy = round_ % copies
        org_external_id = f"demo-org-{p * len(ORG_KINDS) + k + 1:03d}" + (
            f"-{copy + 1}" if copy else ""
        )
        if org_external_id not in organisations:
            kind = ORG_KINDS[k]
            name = _org_name(kind, p, place, copy)
            organisations[org_external_id] = OrganisationRecord(
                external_id=org_external_id,
                details=OrganisationDetails(
                    name=name,
                    description=kind.description,
                    url=f"https://{''.join(c for c in name.lower() if c.isalnum())[:24]}.example.org",
                    email=f"hello@{''.join(c for c in name.lower() if c.isalnum())[:24]}.example.org",
                    phone=f"{place.phone_prefix}{rng.randint(0, 999):03d}",
                ),
            )
        records.append(_service(i, rng, p, place, template, org_external_id, round_))
    return list(organisations.values()), records
