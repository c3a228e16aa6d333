"""ORUK 3.0 details the importer used to lose: ordinals, session places, contacts, access, terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid5

from services.catalogue import taxonomy
from services.catalogue.importing.extension import LOCATIONS
from services.catalogue.importing.oruk import load_feed


def _location(id: str, access: list[str]) -> dict[str, Any]:
    return {
        "id": f"sal-{id}",
        "location": {
            "id": id,
            "location_type": "physical",
            "name": f"Venue {id}",
            "accessibility": [
                {"id": f"acc-{id}-{n}", "description": a} for n, a in enumerate(access)
            ],
        },
    }


def _feed(tmp_path: Path) -> Path:
    service = {
        "id": "svc-1",
        "name": "Adult learning",
        "description": "Classes for adults.",
        "status": "active",
        "minimum_age": 19,
        "maximum_age": 125,
        "organization": {"id": "org-1", "name": "Learning Trust", "description": ""},
        "contacts": [
            {"id": "c1", "name": "Reception", "phones": [{"id": "p1", "number": "0161 496 0000"}]}
        ],
        "service_at_locations": [_location("a", []), _location("b", ["Hearing loop"])],
        "schedules": [
            {
                "id": "s1",
                "freq": "MONTHLY",
                "byday": "2WE",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "service_at_location_id": "sal-b",
            },
            {"id": "s2", "freq": "WEEKLY", "byday": "MO,TU"},
        ],
        "attributes": [
            {
                "id": "x",
                "taxonomy_term_id": str(taxonomy.term_uuid("education.adult-learning")),
                "taxonomy_term": {
                    "id": str(taxonomy.term_uuid("education.adult-learning")),
                    "name": "Adult learning and skills",
                    "description": "",
                },
            },
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": [service]}))
    return path


def test_a_3_0_service_keeps_its_session_details_contacts_access_and_our_terms(
    tmp_path: Path,
) -> None:
    parsed = load_feed(str(_feed(tmp_path)))
    assert parsed.report.services_accepted == 1
    record = parsed.services[0]
    assert record.details.ages is not None and record.details.ages.maximum_months == 1500
    monthly, weekly = record.schedules
    assert (monthly.frequency.value, monthly.week_of_month, [d.value for d in monthly.days]) == (
        "monthly",
        2,
        ["WE"],
    )
    assert monthly.location_id == uuid5(LOCATIONS, "b")
    assert weekly.location_id == uuid5(LOCATIONS, "a") and len(weekly.days) == 2
    assert record.details.public_contact.name == "Reception"
    assert record.details.public_contact.phone == "0161 496 0000"
    assert record.locations[1].accessibility == ["Hearing loop"]
    assert record.categories == ["education.adult-learning"]
    assert record.id is None  # not a Signpost feed: ids are ours to choose
