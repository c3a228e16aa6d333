"""The demo catalogue covers the four places and what the field notes describe."""

from __future__ import annotations

import msgspec

from services.catalogue.demo import demo_records
from services.catalogue.records import ServiceRecord


def test_the_default_demo_has_160_services_from_40_organisations_in_four_places() -> None:
    orgs, services = demo_records()
    assert len(services) >= 150 and len(orgs) == 40
    org_ids = {o.external_id for o in orgs}
    assert all(s.organisation_external_id in org_ids for s in services)
    districts = {s.locations[0].postcode.split()[0] for s in services}
    assert (
        {"E15", "NW1"} & districts
        and any(d.startswith("SK") for d in districts)
        and any(d.startswith("MK") for d in districts)
    )


def test_the_field_notes_needs_are_all_there() -> None:
    _, services = demo_records()
    by_category = {c for s in services for c in s.categories}
    for needed in (
        "mental-health.counselling",
        "mental-health.camhs",
        "parenting.parenting-courses",
        "mental-health.family-therapy",
        "housing.housing-support",
        "housing.housing-advocacy",
        "money.benefits-advice",
        "parenting.early-years",
        "health.school-nursing",
        "parenting.parent-peer-support",
        "professional-training.working-with-parents",
    ):
        assert needed in by_category, needed
    relationship = [s for s in services if s.details.name.startswith("Relationship counselling at")]
    assert relationship and all(
        [d.value for d in relationship[0].schedules[0].days] == ["TH", "FR"] for _ in [0]
    )
    assert (
        "Primary" in relationship[0].locations[0].name
        or "School" in relationship[0].locations[0].name
    )
    camhs = [s for s in services if "mental-health.camhs" in s.categories]
    assert camhs and all("self" not in [r.value for r in s.details.referral_routes] for s in camhs)
    assert any(
        sch.week_of_month == 4 and [d.value for d in sch.days] == ["TH"]
        for s in services
        for sch in s.schedules
    )
    assert any("Level 3" in s.details.description for s in services)


def test_demo_records_are_valid_deterministic_and_fictional() -> None:
    first, second = demo_records(), demo_records()
    assert first == second
    _, services = first
    for record in services:
        assert msgspec.convert(msgspec.to_builtins(record), ServiceRecord) == record
        assert record.details.public_contact.email.endswith("@example.org")
    assert len({s.external_id for s in services}) == len(services)
    assert len({loc.id for s in services for loc in s.locations}) == len(services)


def test_fifty_thousand_services_can_be_generated_for_benchmarks() -> None:
    _, services = demo_records(50_000)
    assert len({s.external_id for s in services}) == 50_000
